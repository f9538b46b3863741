"""R-LLM-04: answers of a generative model drive high-impact decisions with no grounding or review."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.model import Component
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity
from caisa_studio.rules.predicates_b import (
    Guard,
    high_impact_use,
    is_security_service,
    marks_high_impact,
    node_guarded,
)

META = RuleMeta(
    id="R-LLM-04",
    title="High-impact answers without grounding or human review",
    severity=Severity.MEDIUM,
    scope="component",
    why=(
        "Generative models state wrong answers as confidently as right ones. When those answers decide "
        "about people, money, safety or legal matters, an invented fact becomes a wrong decision unless "
        "the answer is checked against sources or a person reviews it before it takes effect."
    ),
    fix=(
        "Ground answers in retrieved, cited sources and check the citations on the way out, show "
        "uncertainty to the reader, and route high-impact answers to a human reviewer who can reject them."
    ),
    references=(
        Reference("atlas", "AML.T0062"),
        Reference("atlas", "AML.T0060"),
        Reference("owasp-llm", "LLM09:2025"),
        Reference("nist-ai-rmf", "MEASURE 2.5"),
        Reference("nist-ai-rmf", "MAP 2.2"),
        Reference("nist-ai-600-1", "Confabulation"),
        Reference("eu-ai-act", "Art. 13"),
        Reference("eu-ai-act", "Art. 14"),
    ),
    reach="global",
)

# Human review: an approver on the way, human approval ticked on a node or flow of the path, or an
# agent that only suggests or acts under supervision (as R-GOV-03 reads oversight).
_REVIEW = Guard(controls=("human_approval",), stops=("approver",), supervised_agents=True)
# With retrieval feeding the application, an output check can verify answers against their sources.
_REVIEW_OR_GROUNDING = Guard(
    controls=("human_approval", "output_filter"), stops=("approver",), supervised_agents=True
)


def check(ctx: RuleContext, component: Component) -> Iterator[Finding]:
    facts = ctx.facts
    if not facts.is_generative(component) or not marks_high_impact(facts):
        return
    guard = _REVIEW_OR_GROUNDING if _grounded(ctx, component) else _REVIEW
    if node_guarded(facts, component, guard):
        return
    use = high_impact_use(facts, component, guard)
    if use is None:
        return
    marked, _path = use
    model = facts.label(component.id)
    if marked == component.id:
        detail = f"{model} is marked high impact"
    elif marked in ctx.design.flows:
        detail = f"the flow {facts.label(marked)} is marked high impact"
    else:
        detail = f"its answers reach {facts.label(marked)}, marked high impact"
    message = f"Answers from {model} drive important decisions without grounding or review ({detail})."
    yield ctx.finding(META, component.id, message, subjects=tuple(dict.fromkeys((component.id, marked))))


def _grounded(ctx: RuleContext, model: Component) -> bool:
    """A retriever belongs to the same application as the model: connected to it by flows in either
    direction, not counting links through logging, monitoring, identity or key services."""
    facts = ctx.facts
    seen = {model.id}
    frontier = [model]
    while frontier:
        current = frontier.pop()
        if facts.capable(current, "retrieves_context"):
            return True
        for flow in [*facts.outbound(current), *facts.inbound(current)]:
            other = facts.other_end(flow, current.id)
            if other.id not in seen and not is_security_service(facts, other):
                seen.add(other.id)
                frontier.append(other)
    return False
