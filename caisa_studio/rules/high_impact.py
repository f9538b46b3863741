"""Decision impact (B0: set on a component for all it outputs, or on a flow) and where a producer's
output drives a high-impact decision, searched one hop at a time so the nearest use is cheap.
"""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.analysis import DesignFacts, Path
from caisa_studio.analysis.paths import LevelSearch
from caisa_studio.analysis.reach import ReachMasks
from caisa_studio.model import Component, DataFlow
from caisa_studio.rules.answer_paths import drawn_destinations
from caisa_studio.rules.component_roles import is_security_service, neighbours, producer_ids
from caisa_studio.rules.guards import NO_GUARD, Guard, guard_sets

HIGH = "high"


def high_impact(facts: DesignFacts, element: Component | DataFlow) -> bool:
    return facts.prop(element, "decision_impact") == HIGH


def high_impact_ids(facts: DesignFacts) -> frozenset[str]:
    """Every component and flow marked high impact (memoised)."""
    design = facts.design
    return facts.memo(
        ("high_impact", "high impact"),
        lambda: frozenset(
            e.id for e in [*design.components.values(), *design.flows.values()] if high_impact(facts, e)
        ),
    )


def marks_high_impact(facts: DesignFacts) -> bool:
    """Whether anything in the design is marked high impact (most designs mark nothing)."""
    return bool(high_impact_ids(facts))


def high_impact_use(
    facts: DesignFacts, producer: Component, guard: Guard = NO_GUARD
) -> tuple[str, Path] | None:
    """Where the output of ``producer`` drives a high-impact decision without passing ``guard``: the
    ID of the element marked high impact and the path to it (``(producer,)`` for the producer's own
    mark). ``None`` when no such use exists.

    A mark on the producer covers everything it outputs, so it counts unless every consumer of its
    output sits behind ``guard`` (with no guard, the mark alone counts).

    Answers are visited as ``by_length(answer_paths(...))`` orders them, but searched one hop at a time
    (``_AnswersByLength``), so the nearest use costs a search as far as it, not the whole design.
    """
    marked_ids = high_impact_ids(facts)
    if not marked_ids:
        return None
    reached = _AnswersByLength(facts, producer.id, guard)
    flows = facts.design.flows
    marked_flows = marked_ids & flows.keys()
    for node in reached:
        if node != producer.id and node in marked_ids:
            return node, reached.path(node)
        marked = reached.first_flow_in(node, marked_flows)
        if marked is not None:
            return marked, reached.path(node)
    if producer.id not in marked_ids:
        return None
    if guard == NO_GUARD:
        return producer.id, (producer.id,)
    design = facts.design
    for node in reached:
        if node != producer.id and not is_security_service(facts, design.components[node]):
            return producer.id, reached.path(node)
    consumers = [c for _, c in neighbours(facts, producer) if not is_security_service(facts, c)]
    return None if consumers else (producer.id, (producer.id,))


class _AnswersByLength:
    """The components of ``by_length(answer_paths(facts, (producer,), guard))`` in that order, produced
    lazily: the forward and the backward search advance one hop at a time together, and each level's
    answers come out sorted by ID (equal hops, equal path length). Iterating again replays what was
    found, then goes on. Paths are built only when asked for (``path``)."""

    def __init__(self, facts: DesignFacts, producer: str, guard: Guard) -> None:
        self._facts = facts
        self._producer = producer
        guarded, stopped, closed = guard_sets(facts, guard)
        sources = [] if producer in guarded else [producer]
        graph = facts.topo.graph
        self._forward = LevelSearch(
            graph, sources, blocked_node=stopped.__contains__, blocked_flow=closed.__contains__
        )
        self._backward = LevelSearch(
            graph, sources, blocked_node=stopped.__contains__, blocked_flow=closed.__contains__, reverse=True
        )
        self._forward_levels: list[list[str]] = []
        # Asked for up front so that every caller records what the drawn destinations depend on.
        self._drawn_everywhere = drawn_destinations(facts, frozenset())
        # A producer's forward search only reaches components drawn for everyone (each one it reaches
        # is a successor of something a producer reaches); anything else's may reach others.
        self._reaches_only_drawn = producer in producer_ids(facts)
        self._drawn: frozenset[str] | None = None
        self._guard = guard
        self._reached: int | None = None
        self._found: list[str] = []
        self._returning: set[str] = set()  # answers found by the backward search
        self._first_flow: tuple[dict[str, str | None], dict[str, str | None]] = ({}, {})
        self._level = 0

    def __iter__(self) -> Iterator[str]:
        index = 0
        while index < len(self._found) or self._advance():
            yield self._found[index]
            index += 1

    def path(self, node: str) -> Path:
        """The answer's path, producer first."""
        if node in self._returning:
            return self._backward.reached[node][::-1]
        return self._forward.reached[node]

    def first_flow_in(self, node: str, flows: frozenset[str]) -> str | None:
        """The first of ``flows`` on the answer's path, from the producer on (without building the path;
        remembered along the search tree, so each component costs one step)."""
        returning = node in self._returning
        parents = (self._backward if returning else self._forward).reached._parents
        known = self._first_flow[returning]
        pending: list[tuple[str, str]] = []
        current = node
        while current not in known:
            link = parents[current]
            if link is None:
                known[current] = None
                break
            pending.append((current, link[1]))
            current = link[0]
        value = known[current]
        for component_id, flow_id in reversed(pending):
            if value is None and flow_id in flows:
                value = flow_id
            known[component_id] = value
        return known[node]

    def _advance(self) -> bool:
        """Add the answers of the next level that has any; False when both searches are over."""
        while True:
            forward_nodes = self._forward_level(self._level)
            backward_nodes = self._backward.next_level()
            if not forward_nodes and not backward_nodes:
                return False
            self._level += 1
            answers = list(forward_nodes)
            forward = self._forward.reached
            for node in backward_nodes:
                if node in forward or node in self._drawn_everywhere:
                    continue
                # Drawn paths win wherever they arrive, however long. Unguarded, the producer's own
                # drawn destinations are what its forward search reaches (the producer aside).
                if not self._reaches_only_drawn and (
                    self._forward_reaches(node)
                    if self._guard == NO_GUARD
                    else node in self._drawn_destinations()
                ):
                    continue
                answers.append(node)
                self._returning.add(node)
            if answers:
                self._found.extend(sorted(answers))
                return True

    def _forward_level(self, level: int) -> list[str]:
        while len(self._forward_levels) <= level and not self._forward.done:
            self._forward_levels.append(self._forward.next_level())
        return self._forward_levels[level] if level < len(self._forward_levels) else []

    def _forward_reaches(self, node: str) -> bool:
        """Whether the (unguarded) forward search reaches ``node`` at any depth, without running it to
        the end: what every component reaches is known for the structure."""
        if node in self._forward.reached:
            return True
        closure = _reach_closure(self._facts)
        if self._reached is None:
            self._reached = closure.from_source(self._producer)
        return bool(self._reached & closure.bit(node))

    def _drawn_destinations(self) -> frozenset[str]:
        if self._drawn is None:
            self._drawn = drawn_destinations(self._facts, frozenset({self._producer}))
        return self._drawn


def _reach_closure(facts: DesignFacts) -> ReachMasks:
    """Which components every component reaches along flows (structure only: kept with the topology)."""
    graph = facts.topo.graph
    return facts.topo.cached(
        ("high_impact", "reach closure"), lambda: ReachMasks(graph, sorted(graph.successors))
    )
