"""R-LLM-04: answers of a generative model drive high-impact decisions with no grounding or review."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from caisa_studio.analysis import DesignFacts
from caisa_studio.model import Component
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity
from caisa_studio.rules.predicates_b import (
    Guard,
    generative_ids,
    high_impact_use,
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


def candidates(ctx: RuleContext) -> frozenset[str]:
    """Only generative models can raise it."""
    return generative_ids(ctx.facts)


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
    if facts.capable(model, "retrieves_context"):
        return True
    applications = _applications(facts)
    if model.id in applications.of:
        return applications.of[model.id] in applications.grounded
    # A model that is itself a security service joins the applications of its neighbours.
    graph = facts.topo.graph
    hops = (*graph.successors[model.id], *graph.predecessors[model.id])
    return any(applications.of.get(node) in applications.grounded for _, node in hops)


@dataclass(frozen=True)
class _Applications:
    of: dict[str, int]  # component (not a security service) → its application
    grounded: frozenset[int]  # applications with a retriever


def _applications(facts: DesignFacts) -> _Applications:
    """The design's applications: components connected by flows in either direction without passing
    through a security service (structure only: kept across control edits)."""

    def compute() -> _Applications:
        graph = facts.topo.graph
        security = facts.capable_ids("security_service")
        retrievers = facts.capable_ids("retrieves_context")
        of: dict[str, int] = {}
        grounded: set[int] = set()
        number = 0
        for start in graph.successors:
            if start in of or start in security:
                continue
            number += 1
            of[start] = number
            stack = [start]
            while stack:
                node = stack.pop()
                if node in retrievers:
                    grounded.add(number)
                for _, other in (*graph.successors[node], *graph.predecessors[node]):
                    if other not in of and other not in security:
                        of[other] = number
                        stack.append(other)
        return _Applications(of, frozenset(grounded))

    return facts.topo.cached(("R-LLM-04", "applications"), compute)
