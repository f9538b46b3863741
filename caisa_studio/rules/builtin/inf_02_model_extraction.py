"""R-INF-02: a proprietary model reachable from the internet can be cloned through its answers."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.model import Component
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity
from caisa_studio.rules.predicates_b import Guard, join_names, unguarded_paths

META = RuleMeta(
    id="R-INF-02",
    title="Proprietary model exposed to extraction",
    severity=Severity.MEDIUM,
    scope="component",
    why=(
        "A model whose weights are valuable can be copied without touching the weights: an attacker "
        "sends many chosen inputs and trains a look-alike on the answers. Detailed scores, unlimited "
        "query volume and nobody watching for systematic probing are what make this cheap."
    ),
    fix=(
        "Return labels or coarse scores instead of raw probabilities or logits, set per-caller quotas, "
        "monitor for systematic querying patterns, and consider watermarking or fingerprinting outputs."
    ),
    references=(
        Reference("atlas", "AML.T0024.002"),
        Reference("atlas", "AML.T0005"),
        Reference("atlas", "AML.T0048.004"),
        Reference("atlas", "AML.M0002"),
        Reference("atlas", "AML.M0004"),
        Reference("owasp-ml", "ML05:2023"),
        Reference("owasp-llm", "LLM10:2025"),
        Reference("nist-ai-rmf", "MEASURE 2.7"),
        Reference("nist-aml", "NISTAML.031"),
        Reference("cosai", "riskModelReverseEngineering"),
    ),
    reach="global",
)

# Quotas and output minimisation count on the endpoint or on every way in from the internet
# (a gateway in front); monitoring on the endpoint or through a flow to a model monitor.
_SAFEGUARDS = (("rate_limit", "quotas"), ("output_minimization", "output minimisation"))


def candidates(ctx: RuleContext) -> frozenset[str]:
    """Only models can raise it."""
    return ctx.facts.capable_of_any("serves_model")


def check(ctx: RuleContext, component: Component) -> Iterator[Finding]:
    facts = ctx.facts
    if not (facts.capable(component, "serves_model") and facts.capable(component, "stores_model_weights")):
        return
    if facts.prop(component, "proprietary") is not True:
        return
    if "model_weights" not in facts.held_data(component).tags:
        return
    entries = facts.entries()
    exposure = facts.reachable(entries).get(component.id)
    if exposure is None:
        return
    missing = [
        name
        for control, name in _SAFEGUARDS
        if component.id in unguarded_paths(facts, entries, Guard(controls=(control,)))
    ]
    if not _monitored(ctx, component):
        missing.append("monitoring")
    if not missing:
        return
    message = (
        f"{facts.label(component.id)} returns enough detail, to enough callers, for its behaviour to be "
        f"cloned (reachable from {facts.label(exposure[0])}; {join_names([f'no {m}' for m in missing])})."
    )
    yield ctx.finding(META, component.id, message, subjects=tuple(dict.fromkeys((component.id, exposure[0]))))


def _monitored(ctx: RuleContext, component: Component) -> bool:
    facts = ctx.facts
    if facts.satisfied(component, "monitoring"):
        return True
    return any(
        facts.capable(facts.other_end(flow, component.id), "model_monitoring")
        for flow in facts.outbound(component)
    )
