"""R-SUP-04: the design's models, datasets, agents and tools are not tracked in an AI inventory."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.model import Component, Design
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity
from caisa_studio.rules.predicates_a import join_names

META = RuleMeta(
    id="R-SUP-04",
    title="No AI inventory (AI-BOM)",
    severity=Severity.MEDIUM,
    scope="design",
    why=(
        "You cannot patch, retire or investigate what you do not know you run. Without an inventory of "
        "models, datasets, agents, tools and tool servers, with owner, version and source, a vulnerable "
        "model version or a compromised tool server cannot be traced to the systems that use it, and "
        "unofficial agents and MCP servers go unnoticed."
    ),
    fix=(
        "Keep an AI inventory (AI bill of materials): register every model, dataset, prompt set, agent, "
        "tool and MCP server with its owner, version, source and lifecycle state, and update it from the "
        "deployment pipeline."
    ),
    references=(
        Reference("atlas", "AML.M0023"),
        Reference("owasp-llm", "LLM03:2025"),
        Reference("owasp-agentic", "ASI04"),
        Reference("nist-ai-rmf", "GOVERN 1.6"),
        Reference("nist-ai-rmf", "MAP 4.1"),
        Reference("cosai", "riskShadowAndUnknownAgents"),
        Reference("iso-42001", "A.4.2"),
        Reference("iso-42001", "A.6.2.7"),
        Reference("eu-ai-act", "Art. 11"),
    ),
    reach="global",
)

# Models (served, stored, supplied, trained, embedding), agents and tools.
_AI_ASSET_CAPABILITIES = (
    "serves_model",
    "stores_model_weights",
    "supplies_models",
    "trains_model",
    "embeds",
    "plans_actions",
    "tool",
)


def check(ctx: RuleContext, design: Design) -> Iterator[Finding]:
    facts = ctx.facts
    components = list(design.components.values())
    # One node with the inventory implemented stands for the system's inventory. "Not applicable" is
    # a statement about that one node, so it only helps when every AI asset carries it.
    if any(facts.has(c, "ai_inventory") for c in components):
        return
    assets = [c.id for c in components if _is_ai_asset(ctx, c)]
    if not assets or all(facts.satisfied(design.components[a], "ai_inventory") for a in assets):
        return
    listed = join_names([facts.label(a) for a in assets])
    verb = "is" if len(assets) == 1 else "are"
    message = (
        f"{listed} {verb} not tracked in an AI inventory, so nobody can say which models, datasets, "
        "tools and agents this system depends on."
    )
    yield ctx.finding(META, design.id, message, subjects=(design.id, *assets))


def _is_ai_asset(ctx: RuleContext, component: Component) -> bool:
    facts = ctx.facts
    if any(facts.capable(component, c) for c in _AI_ASSET_CAPABILITIES):
        return True
    # Datasets: stores and sources whose content is training data.
    holds_data = facts.capable(component, "persists_data") or facts.capable(component, "data_source")
    return holds_data and "training_data" in facts.held_data(component).tags
