"""R-INF-03: a predictive model makes high-impact decisions on input an attacker can shape."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.model import Component
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity
from caisa_studio.rules.predicates_b import high_impact_use

META = RuleMeta(
    id="R-INF-03",
    title="Predictive model faces untrusted input without robustness evidence",
    severity=Severity.MEDIUM,
    scope="component",
    why=(
        "Classifiers and scoring models can be flipped by small, deliberate changes to their input that "
        "a person would not notice. When outsiders shape that input and the result drives decisions "
        "about people, money or safety, evasion becomes a cheap way to get the decision they want."
    ),
    fix=(
        "Test the model against adversarial examples before release and train on them, detect or "
        "normalise suspicious inputs, consider ensembles, and send borderline cases to human review."
    ),
    references=(
        Reference("atlas", "AML.T0015"),
        Reference("atlas", "AML.T0043"),
        Reference("atlas", "AML.M0003"),
        Reference("atlas", "AML.M0015"),
        Reference("owasp-ml", "ML01:2023"),
        Reference("nist-ai-rmf", "MEASURE 2.6"),
        Reference("nist-ai-rmf", "MEASURE 2.7"),
        Reference("nist-aml", "NISTAML.022"),
        Reference("nist-aml", "NISTAML.025"),
        Reference("cosai", "riskModelEvasion"),
        Reference("eu-ai-act", "Art. 15(5)"),
    ),
    reach="global",
)


def candidates(ctx: RuleContext) -> frozenset[str]:
    """Only models can raise it."""
    return ctx.facts.capable_of_any("serves_model")


def check(ctx: RuleContext, component: Component) -> Iterator[Finding]:
    facts = ctx.facts
    if not facts.capable(component, "serves_model") or facts.prop(component, "model_kind") != "predictive":
        return
    if not any(facts.is_tainted_flow(flow) for flow in facts.inbound(component)):
        return
    use = high_impact_use(facts, component)
    if use is None or _robustness_evidence(ctx, component):
        return
    taint = facts.taint_path(component)
    origin = taint[0] if taint else component.id
    marked = use[0]
    if marked == component.id:
        where = ""
    elif marked in ctx.design.flows:
        where = f"; the flow {facts.label(marked)} is marked high impact"
    else:
        where = f"; its output feeds {facts.label(marked)}, marked high impact"
    message = (
        f"{facts.label(component.id)} decides on attacker-influenced input but was never tested against "
        f"adversarial examples (input can come from {facts.label(origin)}{where})."
    )
    yield ctx.finding(
        META, component.id, message, subjects=tuple(dict.fromkeys((component.id, origin, marked)))
    )


def _robustness_evidence(ctx: RuleContext, component: Component) -> bool:
    """Robustness testing on the endpoint, or on a training job or evaluation harness that the
    deployed model comes from."""
    facts = ctx.facts
    if facts.satisfied(component, "robustness_testing"):
        return True

    # The same question for every endpoint at once: one search forward from the tested builders
    # instead of one backwards from each endpoint.
    def compute() -> frozenset[str]:
        components = facts.design.components
        builders = facts.capable_ids("trains_model") | facts.capable_ids("evaluates_models")
        tested = [b for b in builders if facts.satisfied(components[b], "robustness_testing")]
        return frozenset(facts.reachable(tested)) if tested else frozenset()

    return component.id in facts.memo(("R-INF-03", "downstream of robustness testing"), compute)
