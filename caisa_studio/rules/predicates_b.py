"""Shared predicates of rule group "b" (inference, LLM, RAG, network and edge rules).

Pure functions over ``DesignFacts``: every control and property is read through ``facts`` so that the
engine records what a rule depended on. Path searches and per-design sets are memoised with
``facts.memo``, which replays what they read on every hit, so sharing a search between rules (and
keeping it across edits that cannot change it) never hides a dependency from the engine.

Two readings the rules in this group share:

- *Guarded by a consulted guardrail*: a component that exchanges content both ways with a guardrail
  (a flow to it and a flow back, or one bidirectional flow) applies the guardrail's controls to what
  passes through it — the common "call the screening service, then continue" pattern.
- *Answers return to the caller*: when the design does not draw how a model's answer reaches a
  component (no directed path from the producer to it), the answer is assumed to travel back along
  the request flows that called the producer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TypeVar

from caisa_studio.analysis import DesignFacts, Path, shortest_paths
from caisa_studio.analysis.paths import LevelSearch, Reached, nearest
from caisa_studio.analysis.reach import ReachMasks
from caisa_studio.model import Component, DataFlow

HIGH = "high"
_SUPERVISED = frozenset({"suggest", "supervised"})
T = TypeVar("T")


@dataclass(frozen=True)
class Guard:
    """What makes a path safe: a node or flow that applies any of ``controls`` (a node also through a
    consulted guardrail), or a node with any of the ``stops`` capabilities (the path ends there)."""

    controls: tuple[str, ...] = ()
    stops: tuple[str, ...] = ()
    supervised_agents: bool = False  # agents that only suggest, or act under supervision, end the path

    @property
    def properties(self) -> tuple[str, ...]:
        return ("autonomy",) if self.supervised_agents else ()


NO_GUARD = Guard()


# -- kinds of components, by capability ----------------------------------------------------------
def is_producer(facts: DesignFacts, component: Component) -> bool:
    """Something whose output is model-generated: a generative model, an orchestrator or an agent."""
    return (
        facts.is_generative(component)
        or facts.capable(component, "orchestrates")
        or facts.capable(component, "plans_actions")
    )


def is_security_service(facts: DesignFacts, component: Component) -> bool:
    """Logging, monitoring, identity and key services: they record or secure, they do not decide."""
    return facts.capable(component, "security_service")


def component(facts: DesignFacts, component_id: str) -> Component:
    return facts.design.components[component_id]


def current(facts: DesignFacts, flows: Iterable[DataFlow]) -> list[DataFlow]:
    """The design's current version of each flow. ``facts.inbound``/``outbound`` come from a topology
    that the engine reuses across control and property edits, so their flow objects can predate such
    an edit; read controls and properties on these instead."""
    return [facts.design.flows[f.id] for f in flows]


def neighbours(facts: DesignFacts, subject: Component) -> list[tuple[DataFlow, Component]]:
    """Every flow touching ``subject`` (either direction, each once, current version) with the
    component at its other end."""
    seen: set[str] = set()
    result: list[tuple[DataFlow, Component]] = []
    for flow in current(facts, [*facts.outbound(subject), *facts.inbound(subject)]):
        if flow.id in seen or flow.source == flow.target:
            continue
        seen.add(flow.id)
        result.append((flow, facts.other_end(flow, subject.id)))
    return result


# -- controls --------------------------------------------------------------------------------------
def consulted_guardrails(facts: DesignFacts, subject: Component) -> list[Component]:
    """Guardrails that ``subject`` sends content to and gets a verdict back from."""
    return [component(facts, g) for g in _consultations(facts).get(subject.id, ())]


def _consultations(facts: DesignFacts) -> dict[str, tuple[str, ...]]:
    """Each component that consults a guardrail → those guardrails, sorted. Structure only, so it is
    kept across control edits: a component consults a guardrail it has a flow to and a flow from."""

    def compute() -> dict[str, tuple[str, ...]]:
        graph = facts.topo.graph
        found: dict[str, list[str]] = {}
        for guardrail in sorted(facts.capable_ids("guards_content")):
            senders = {n for _, n in graph.predecessors[guardrail]}
            callers = senders & {n for _, n in graph.successors[guardrail]}
            for caller in callers - {guardrail}:
                found.setdefault(caller, []).append(guardrail)
        return {caller: tuple(guardrails) for caller, guardrails in found.items()}

    return facts.topo.cached(("predicates_b", "consultations"), compute)


def applies(facts: DesignFacts, subject: Component, control: str) -> bool:
    """The component applies ``control`` itself (implemented or not applicable) or through a
    guardrail it consults."""
    if facts.satisfied(subject, control):
        return True
    return any(facts.satisfied(g, control) for g in consulted_guardrails(facts, subject))


def node_guarded(facts: DesignFacts, subject: Component, guard: Guard) -> bool:
    if any(facts.capable(subject, s) for s in guard.stops):
        return True
    if guard.supervised_agents and subject.id in supervised_agent_ids(facts):
        return True
    return any(subject.id in applying(facts, c) for c in guard.controls)


# -- memoised values -------------------------------------------------------------------------------
def _memo(facts: DesignFacts, key: tuple[object, ...], compute: Callable[[], T]) -> T:
    """``compute()`` once (``facts.memo``: what it read is replayed into the dependency recording of
    every rule that uses the value, and an edit of any of it computes the value again)."""
    return facts.memo(("predicates_b", *key), compute)


def producer_ids(facts: DesignFacts) -> frozenset[str]:
    """Every model, orchestrator and agent of the design (see ``is_producer``)."""
    return _memo(
        facts,
        ("producers",),
        lambda: facts.generative_ids() | facts.capable_of_any("orchestrates", "plans_actions"),
    )


def generative_ids(facts: DesignFacts) -> frozenset[str]:
    return facts.generative_ids()


def human_ids(facts: DesignFacts) -> frozenset[str]:
    return facts.capable_ids("human")


def capable_ids(facts: DesignFacts, capability: str) -> frozenset[str]:
    return facts.capable_ids(capability)


def supervised_agent_ids(facts: DesignFacts) -> frozenset[str]:
    """Agents whose autonomy is ``suggest`` or ``supervised``: a person confirms what they do."""
    return _memo(
        facts,
        ("supervised agents",),
        lambda: frozenset(
            cid
            for cid, c in facts.design.components.items()
            if facts.capable(c, "plans_actions") and facts.prop(c, "autonomy") in _SUPERVISED
        ),
    )


def applying(facts: DesignFacts, control: str) -> frozenset[str]:
    """Components that apply ``control`` (see ``applies``), computed once per validation run."""
    return _memo(
        facts,
        ("applying", control),
        lambda: _applying(facts, control),
    )


def _applying(facts: DesignFacts, control: str) -> frozenset[str]:
    itself, _ = facts.satisfying(control)
    through_guardrails = {
        caller
        for caller, guardrails in _consultations(facts).items()
        if caller not in itself and any(g in itself for g in guardrails)
    }
    return itself | through_guardrails


def flows_applying(facts: DesignFacts, control: str) -> frozenset[str]:
    """Flows on which ``control`` is implemented or declared not applicable (memoised)."""
    return _memo(
        facts,
        ("flows applying", control),
        lambda: facts.satisfying(control)[1],
    )


# -- path searches ---------------------------------------------------------------------------------
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
        guarded, stopped, closed = _guard_sets(facts, guard)
        return shortest_paths(
            facts.topo.graph,
            [s for s in sources if s not in guarded],
            blocked_node=stopped.__contains__,
            blocked_flow=closed.__contains__,
            reverse=reverse,
        )

    return _memo(facts, ("unguarded", sources, guard, reverse), search)


def unguarded_path(facts: DesignFacts, sources: Iterable[str], guard: Guard, target: str) -> Path | None:
    """``unguarded_paths(facts, sources, guard).get(target)`` for sources no other caller shares: the
    search stops at the target's level instead of covering the design (and is not kept)."""
    guarded, stopped, closed = _guard_sets(facts, guard)
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
        return Answers(forward, backward, _drawn_destinations(facts, producers))

    return _memo(facts, ("answers", producers, guard), merge)


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


def _drawn_destinations(facts: DesignFacts, producers: frozenset[str]) -> frozenset[str]:
    """Components that a drawn flow delivers the output of ``producers`` or of any producer of the
    design to: reachable in one hop or more (a producer does not count as reached just by being a
    producer). One search for the design's producers, shared by every caller."""
    everyone = _memo(facts, ("drawn destinations",), lambda: _destinations(facts, producer_ids(facts)))
    extra = producers - producer_ids(facts)
    if not extra:
        return everyone
    return _memo(facts, ("drawn destinations", extra), lambda: everyone | _destinations(facts, extra))


def _destinations(facts: DesignFacts, producers: frozenset[str]) -> frozenset[str]:
    successors = facts.topo.graph.successors
    return frozenset(node for reached in facts.reachable(producers) for _, node in successors[reached])


def by_length(paths: Mapping[str, Path]) -> list[tuple[str, Path]]:
    """Deterministic order: shortest paths first, then by ID."""
    return sorted(paths.items(), key=lambda item: (len(item[1]), item[0]))


# -- decision impact (B0: set on a component for all it outputs, or on a flow) --------------------
def high_impact(facts: DesignFacts, element: Component | DataFlow) -> bool:
    return facts.prop(element, "decision_impact") == HIGH


def high_impact_ids(facts: DesignFacts) -> frozenset[str]:
    """Every component and flow marked high impact (memoised)."""
    design = facts.design
    return _memo(
        facts,
        ("high impact",),
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
        guarded, stopped, closed = _guard_sets(facts, guard)
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
        self._drawn_everywhere = _drawn_destinations(facts, frozenset())
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
            self._drawn = _drawn_destinations(self._facts, frozenset({self._producer}))
        return self._drawn


def _reach_closure(facts: DesignFacts) -> ReachMasks:
    """Which components every component reaches along flows (structure only: kept with the topology)."""
    graph = facts.topo.graph
    return facts.topo.cached(
        ("predicates_b", "reach closure"), lambda: ReachMasks(graph, sorted(graph.successors))
    )


def _guard_sets(facts: DesignFacts, guard: Guard) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(components that apply the guard, components a path may not enter, flows it may not follow)."""

    def compute() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
        guarded = frozenset().union(*(applying(facts, c) for c in guard.controls))
        stopped = guarded.union(*(capable_ids(facts, s) for s in guard.stops))
        if guard.supervised_agents:
            stopped |= supervised_agent_ids(facts)
        closed = frozenset().union(*(flows_applying(facts, c) for c in guard.controls))
        return guarded, stopped, closed

    return _memo(facts, ("guard sets", guard), compute)


# -- text -----------------------------------------------------------------------------------------
def join_names(names: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def others(count: int, noun: str) -> str:
    """`` (and 2 other sources)`` or nothing."""
    if count <= 0:
        return ""
    return f" (and {count} other {noun}{'' if count == 1 else 's'})"
