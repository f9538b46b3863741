"""R-LOG-02: a model in production is not monitored for drift, degradation or abuse."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.model import Component
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity

META = RuleMeta(
    id="R-LOG-02",
    title="Production model without monitoring",
    severity=Severity.MEDIUM,
    scope="component",
    why=(
        "A model's quality changes after release: input data drifts, a provider swaps the model behind an "
        "API, poisoning or evasion erode its answers, and attackers probe or copy it with systematic "
        "queries. None of this raises an error, so without monitoring of quality, drift and query "
        "patterns a failing or abused model keeps running until users complain."
    ),
    fix=(
        "Monitor the model in production (directly or at the AI gateway in front of it) for output "
        "quality, drift, abuse and extraction-style query patterns, with alert thresholds and a named "
        "owner."
    ),
    references=(
        Reference("atlas", "AML.T0031"),
        Reference("atlas", "AML.T0015"),
        Reference("atlas", "AML.M0024"),
        Reference("owasp-ml", "ML08:2023"),
        Reference("nist-ai-rmf", "MEASURE 2.4"),
        Reference("nist-ai-rmf", "MANAGE 4.1"),
        Reference("eu-ai-act", "Art. 72"),
        Reference("iso-42001", "A.6.2.6"),
    ),
    reach="global",
)


def candidates(ctx: RuleContext) -> frozenset[str]:
    """Only models can raise it."""
    return ctx.facts.capable_of_any("serves_model")


def check(ctx: RuleContext, model: Component) -> Iterator[Finding]:
    facts = ctx.facts
    # Models that answer requests; embedding models turn text into vectors and are out of scope here.
    if not facts.capable(model, "serves_model") or facts.capable(model, "embeds"):
        return
    if facts.prop(model, "production") is not True or _monitored(ctx, model):
        return
    message = f"Drift, degradation and abuse of {facts.label(model.id)} would not be noticed."
    yield ctx.finding(META, model.id, message)


def _monitored(ctx: RuleContext, model: Component) -> bool:
    """Monitoring on the model, a flow to a model monitor, or an AI gateway in front of it that
    monitors or feeds a model monitor (usage of a hosted model is watched there)."""
    facts = ctx.facts
    if facts.satisfied(model, "monitoring") or _linked_to_monitor(ctx, model):
        return True
    for flow in (*facts.inbound(model), *facts.outbound(model)):
        broker = facts.other_end(flow, model.id)
        if facts.capable(broker, "ai_broker") and (
            facts.satisfied(broker, "monitoring") or _linked_to_monitor(ctx, broker)
        ):
            return True
    return False


def _linked_to_monitor(ctx: RuleContext, component: Component) -> bool:
    facts = ctx.facts
    return any(
        facts.capable(facts.other_end(flow, component.id), "model_monitoring")
        for flow in (*facts.inbound(component), *facts.outbound(component))
    )
