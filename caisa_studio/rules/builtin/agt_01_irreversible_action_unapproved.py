"""R-AGT-01: an agent can take an irreversible or outward-facing action with no human confirming it."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.model import Component
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity
from caisa_studio.rules.predicates_c import (
    agents_reaching,
    describe_effects,
    is_tool,
    join_names,
    side_effects,
)

META = RuleMeta(
    id="R-AGT-01",
    title="Irreversible or external action without human approval",
    severity=Severity.CRITICAL,
    scope="component",
    why=(
        "An agent picks its tool calls from whatever text it has read, so a misunderstanding, a "
        "hallucination or an instruction hidden in a document can trigger a payment, a deletion or an "
        "e-mail to the wrong person. When the tool's effect cannot be undone and no person confirms it "
        "first, the first sign of trouble is the damage itself."
    ),
    fix=(
        "Put a confirmation step in front of the tool (human approval on the tool, the agent or the call, "
        "or a human approver component) that shows the concrete effect: recipient, amount, records "
        "touched. Prefer reversible operations such as drafts and soft deletes, and require two approvers "
        "for payments."
    ),
    references=(
        Reference("atlas", "AML.T0053"),
        Reference("atlas", "AML.T0101"),
        Reference("atlas", "AML.M0029"),
        Reference("owasp-llm", "LLM06:2025"),
        Reference("owasp-agentic", "ASI02"),
        Reference("nist-ai-rmf", "MAP 3.5"),
        Reference("nist-ai-rmf", "MANAGE 2.4"),
        Reference("cosai", "riskRogueActions"),
        Reference("eu-ai-act", "Art. 14"),
    ),
    reach="global",
)


def candidates(ctx: RuleContext) -> frozenset[str]:
    """Only tools and the services agents act on can raise it."""
    return ctx.facts.capable_of_any("tool", "acts_externally")


def check(ctx: RuleContext, tool: Component) -> Iterator[Finding]:
    facts = ctx.facts
    if not is_tool(facts, tool):
        return
    effects = side_effects(facts, tool)
    if not effects or facts.prop(tool, "reversible") is True:
        return
    if facts.satisfied(tool, "human_approval"):
        return
    agents: list[str] = []
    route_elements: list[str] = []
    for agent_id, route in sorted(agents_reaching(facts, tool).items()):
        agent = ctx.design.components[agent_id]
        if facts.satisfied(agent, "human_approval"):
            continue
        # An agent that only proposes actions leaves every execution to a person.
        if facts.prop(agent, "autonomy") == "suggest":
            continue
        agents.append(agent_id)
        route_elements.extend(e for e in route[1:-1] if e not in route_elements)
    if not agents:
        return
    message = (
        f"{join_names([facts.label(a) for a in agents])} can {describe_effects(effects)} through "
        f"{facts.label(tool.id)} without anyone confirming."
    )
    yield ctx.finding(META, tool.id, message, subjects=(tool.id, *agents, *route_elements))
