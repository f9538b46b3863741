"""Unguarded path searches and where a model's answers arrive.

*Answers return to the caller*: when the design does not draw how a model's answer reaches a
component (no directed path from the producer to it), the answer is assumed to travel back along
the request flows that called the producer.

Searches are memoised with ``facts.memo``, which replays what they read on every hit, so sharing a
search between rules (and keeping it across edits that cannot change it) never hides a dependency.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from caisa_studio.analysis import DesignFacts, Path, shortest_paths
from caisa_studio.analysis.paths import Reached, nearest
from caisa_studio.rules.component_roles import producer_ids
from caisa_studio.rules.guards import NO_GUARD, Guard, guard_sets


def unguarded_paths(
    facts: DesignFacts, sources: Iterable[str], guard: Guard = NO_GUARD, *, reverse: bool = False
) -> Reached:
    """Shortest paths from the nearest source along which nothing applies ``guard``.

    B0 ``¬guarded(p, c)`` with two refinements: a guard on the *target* counts (B0 reading), and a
    source that applies the guard itself is no source at all (a gateway with quotas that is also
    the internet entry throttles everything it forwards). Sources map to themselves as ``(s,)``.
    With ``reverse`` the search walks flows backwards and paths read from the found component to
    the source, i.e. in request order.
    """
    sources = frozenset(sources)

    def search() -> Reached:
        guarded, stopped, closed = guard_sets(facts, guard)
        return shortest_paths(
            facts.topo.graph,
            [s for s in sources if s not in guarded],
            blocked_node=stopped.__contains__,
            blocked_flow=closed.__contains__,
            reverse=reverse,
        )

    return facts.memo(("answer_paths", "unguarded", sources, guard, reverse), search)


def unguarded_path(facts: DesignFacts, sources: Iterable[str], guard: Guard, target: str) -> Path | None:
    """``unguarded_paths(facts, sources, guard).get(target)`` for sources no other caller shares: the
    search stops at the target's level instead of covering the design (and is not kept)."""
    guarded, stopped, closed = guard_sets(facts, guard)
    found = nearest(
        facts.topo.graph,
        sorted(s for s in sources if s not in guarded),
        target.__eq__,
        blocked_node=stopped.__contains__,
        blocked_flow=closed.__contains__,
    )
    return found[1] if found else None


def answer_paths(facts: DesignFacts, producers: Iterable[str], guard: Guard = NO_GUARD) -> Mapping[str, Path]:
    """Where the output of ``producers`` can arrive without passing ``guard``, each with a path in the
    direction the output travels (producer first).

    Drawn flows decide first; a component that no model, orchestrator or agent of the design (nor
    any of ``producers``) reaches along drawn flows is reached, if at all, by the answer returning
    along the request flows that called the producer. Paths are built only when asked for.
    """
    producers = frozenset(producers)

    def merge() -> Answers:
        forward = unguarded_paths(facts, producers, guard)
        backward = unguarded_paths(facts, producers, guard, reverse=True)
        return Answers(forward, backward, drawn_destinations(facts, producers))

    return facts.memo(("answer_paths", "answers", producers, guard), merge)


class Answers(Mapping[str, Path]):
    """``answer_paths``: the drawn (forward) paths, then the returning (backward) ones for components
    no drawn flow delivers output to, without building a path nobody asks for."""

    __slots__ = ("_backward", "_drawn", "_forward")

    def __init__(self, forward: Mapping[str, Path], backward: Mapping[str, Path], drawn: frozenset[str]):
        self._forward, self._backward, self._drawn = forward, backward, drawn

    def __getitem__(self, node: str) -> Path:
        if node in self._forward:
            return self._forward[node]
        if node in self._backward and node not in self._drawn:
            return self._backward[node][::-1]
        raise KeyError(node)

    def __contains__(self, node: object) -> bool:
        return node in self._forward or (node in self._backward and node not in self._drawn)

    def __iter__(self) -> Iterator[str]:
        forward, drawn = self._forward, self._drawn
        yield from forward
        yield from (node for node in self._backward if node not in forward and node not in drawn)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def drawn_destinations(facts: DesignFacts, producers: frozenset[str]) -> frozenset[str]:
    """Components that a drawn flow delivers the output of ``producers`` or of any producer of the
    design to: reachable in one hop or more (a producer does not count as reached just by being a
    producer). One search for the design's producers, shared by every caller."""
    everyone = facts.memo(
        ("answer_paths", "drawn destinations"), lambda: _destinations(facts, producer_ids(facts))
    )
    extra = producers - producer_ids(facts)
    if not extra:
        return everyone
    return facts.memo(
        ("answer_paths", "drawn destinations", extra), lambda: everyone | _destinations(facts, extra)
    )


def _destinations(facts: DesignFacts, producers: frozenset[str]) -> frozenset[str]:
    successors = facts.topo.graph.successors
    return frozenset(node for reached in facts.reachable(producers) for _, node in successors[reached])


def by_length(paths: Mapping[str, Path]) -> list[tuple[str, Path]]:
    """Deterministic order: shortest paths first, then by ID."""
    return sorted(paths.items(), key=lambda item: (len(item[1]), item[0]))
