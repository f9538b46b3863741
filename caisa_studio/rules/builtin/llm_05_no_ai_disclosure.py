"""R-LLM-05: an application shows generative output to people without saying it is AI."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.model import Component
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity
from caisa_studio.rules.predicates_b import answer_paths, generative_ids, producer_ids

META = RuleMeta(
    id="R-LLM-05",
    title="Users are not told they are dealing with AI",
    severity=Severity.LOW,
    scope="component",
    why=(
        "People weigh an answer differently when they know a machine wrote it, and they cannot judge "
        "its limits otherwise. Chatbots and generated content must be recognisable as such; without a "
        "disclosure, users may over-trust answers or share more than they would with a person."
    ),
    fix=(
        "Tell users visibly that they are interacting with an AI system, mark generated text, images "
        "and audio as synthetic, and state the intended use and known limits."
    ),
    references=(
        Reference("nist-ai-rmf", "MEASURE 2.8"),
        Reference("nist-ai-600-1", "Human-AI Configuration"),
        Reference("eu-ai-act", "Art. 50"),
        Reference("iso-42001", "A.8.2"),
        Reference("cosai", "controlUserTransparencyAndControls"),
    ),
    reach="global",
)


def candidates(ctx: RuleContext) -> frozenset[str]:
    """Only applications can raise it."""
    return ctx.facts.capable_of_any("ingress")


def check(ctx: RuleContext, component: Component) -> Iterator[Finding]:
    facts = ctx.facts
    # The application users see (web_app): an ingress that also handles prompts.
    if not (facts.capable(component, "ingress") and facts.capable(component, "processes_prompts")):
        return
    if facts.satisfied(component, "transparency"):
        return
    # Name the model itself where its answers can be traced to the app, else the orchestrator or agent.
    served = answer_paths(facts, generative_ids(facts)).get(component.id) or answer_paths(
        facts, producer_ids(facts)
    ).get(component.id)
    if served is None:
        return
    user = _first_user_talking_to(ctx, component.id)
    if user is None:
        return
    message = (
        f"{facts.label(component.id)} does not disclose to {facts.label(user)} that responses are "
        f"AI-generated (they come from {facts.label(served[0])})."
    )
    yield ctx.finding(META, component.id, message, subjects=(component.id, user, served[0]))


def _first_user_talking_to(ctx: RuleContext, app_id: str) -> str | None:
    """The first user (by ID) who reaches the app along flows or whom the app reaches, or None."""
    facts = ctx.facts

    def compute() -> tuple[dict[str, int], dict[str, int], list[str]]:
        users = sorted(cid for cid, c in ctx.design.components.items() if c.kind == "human_user")
        graph = facts.topo.graph
        reached = _first_source(graph.successors, users)
        reaching = _first_source(graph.predecessors, users)
        return reached, reaching, users

    # Structure only: kept with the topology across control edits.
    reached, reaching, users = facts.topo.cached(("R-LLM-05", "first users"), compute)
    first = min(reached.get(app_id, len(users)), reaching.get(app_id, len(users)))
    return users[first] if first < len(users) else None


def _first_source(adjacency: dict[str, list[tuple[str, str]]], sources: list[str]) -> dict[str, int]:
    """For every component, the position in ``sources`` of the first source that reaches it, for all
    sources in one pass: a component already labelled was reached by an earlier source, which then
    reaches everything after it too, so the search need not go through it again."""
    first: dict[str, int] = {}
    for position, source in enumerate(sources):
        if source in first or source not in adjacency:
            continue
        first[source] = position
        queue = [source]
        for node in queue:
            for _, neighbour in adjacency[node]:
                if neighbour not in first:
                    first[neighbour] = position
                    queue.append(neighbour)
    return first
