"""R-GOV-03: a high-risk system, or a high-impact decision, has no designed human oversight."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.model import Component, DataFlow, Design, RiskClass
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity
from caisa_studio.rules.predicates_c import connected_regions, is_agent, is_approver, join_names

META = RuleMeta(
    id="R-GOV-03",
    title="High-risk use without designed human oversight",
    severity=Severity.MEDIUM,
    scope="design",
    why=(
        "When an AI system decides about people's credit, jobs, health, benefits or legal standing, "
        "errors and bias land on individuals who cannot see inside the model. The EU AI Act and good "
        "practice require that competent people can understand what the system proposes, override it "
        "and stop it; if no such step is designed in, oversight exists only on paper."
    ),
    fix=(
        "Design an oversight step into the decision flow: a human approver or a human-approval control "
        "before decisions take effect, with enough context to understand the output, the authority to "
        "override or stop the system, and training for the people doing it."
    ),
    references=(
        Reference("nist-ai-rmf", "GOVERN 3.2"),
        Reference("nist-ai-rmf", "MAP 3.5"),
        Reference("nist-ai-600-1", "Human-AI Configuration"),
        Reference("eu-ai-act", "Art. 14"),
        Reference("iso-42001", "A.9.4"),
    ),
    reach="global",
)

_SUPERVISED = frozenset({"suggest", "supervised"})


def check(ctx: RuleContext, design: Design) -> Iterator[Finding]:
    facts = ctx.facts
    high_risk = design.properties.risk_class is RiskClass.HIGH
    if high_risk and not _oversight_among(ctx, set(design.components), set(design.flows)):
        message = (
            "This system makes consequential decisions about people with no human able to intervene: it is "
            "declared high-risk under the EU AI Act, but no human approver or approval step is designed in."
        )
        yield ctx.finding(META, design.id, message)
        return
    # The region connected to an element (found once for the structure, judged once) decides its oversight.
    regions = connected_regions(facts)
    overseen: dict[int, bool] = {}
    unsupervised = []
    for element_id in _high_impact_elements(ctx):
        region = regions.of[_endpoints(ctx, element_id)[0]]
        if region not in overseen:
            overseen[region] = _oversight_among(ctx, *regions.members[region])
        if not overseen[region]:
            unsupervised.append(element_id)
    if not unsupervised:
        return
    names = join_names([_name(ctx, e) for e in unsupervised])
    marked, it = ("is", "it") if len(unsupervised) == 1 else ("are", "them")
    message = (
        "This system makes consequential decisions about people with no human able to intervene: "
        f"{names} {marked} marked high-impact, and no human approver or approval step is connected to {it}."
    )
    yield ctx.finding(META, design.id, message, subjects=(design.id, *unsupervised))


def _high_impact_elements(ctx: RuleContext) -> list[str]:
    facts = ctx.facts
    elements: list[Component | DataFlow] = [*ctx.design.components.values(), *ctx.design.flows.values()]
    return sorted(e.id for e in elements if facts.prop(e, "decision_impact") == "high")


def _name(ctx: RuleContext, element_id: str) -> str:
    label = ctx.facts.label(element_id)
    return f"the flow {label}" if element_id in ctx.design.flows else label


def _endpoints(ctx: RuleContext, element_id: str) -> list[str]:
    flow = ctx.design.flows.get(element_id)
    return [flow.source, flow.target] if flow is not None else [element_id]


def _oversight_among(ctx: RuleContext, component_ids: set[str], flow_ids: set[str]) -> bool:
    """A person can intervene: a human approver, human approval on a component or flow, or an agent that
    only suggests or is supervised."""
    facts = ctx.facts
    components, flows = ctx.design.components, ctx.design.flows
    for component_id in sorted(component_ids):
        component = components[component_id]
        if is_approver(facts, component) or facts.satisfied(component, "human_approval"):
            return True
        if is_agent(facts, component) and facts.prop(component, "autonomy") in _SUPERVISED:
            return True
    return any(facts.satisfied(flows[f], "human_approval") for f in sorted(flow_ids))
