"""Shared predicates of rule group "b" (inference, LLM, RAG, network and edge rules).

Pure functions over ``DesignFacts``: every control and property is read through ``facts`` so that the
engine records what a rule depended on. Path searches are cached for one validation run (one
``DesignFacts``) and re-record their control reads on every cache hit, so sharing a search between
rules never hides a dependency from the engine.

Two readings the rules in this group share:

- *Guarded by a consulted guardrail*: a component that exchanges content both ways with a guardrail
  (a flow to it and a flow back, or one bidirectional flow) applies the guardrail's controls to what
  passes through it — the common "call the screening service, then continue" pattern.
- *Answers return to the caller*: when the design does not draw how a model's answer reaches a
  component (no directed path from the producer to it), the answer is assumed to travel back along
  the request flows that called the producer.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from caisa_studio.analysis import DesignFacts, Path, shortest_paths
from caisa_studio.model import Component, DataFlow

HIGH = "high"
_SUPERVISED = frozenset({"suggest", "supervised"})
T = TypeVar("T")
Reads = tuple[tuple[str, ...], tuple[str, ...]]  # (controls, properties) a memoised value depends on


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
    sent = {facts.other_end(f, subject.id).id for f in facts.outbound(subject)}
    back = {facts.other_end(f, subject.id).id for f in facts.inbound(subject)}
    found = []
    for other_id in sorted(sent & back):
        other = component(facts, other_id)
        if other_id != subject.id and facts.capable(other, "guards_content"):
            found.append(other)
    return found


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


# -- per-run memo -------------------------------------------------------------------------------------
# One memo per ``DesignFacts`` (one validation run); dropped when the facts object goes away.
_memos: dict[int, tuple[weakref.ref[DesignFacts], dict[tuple[object, ...], object]]] = {}


def _values(facts: DesignFacts) -> dict[tuple[object, ...], object]:
    entry = _memos.get(id(facts))
    if entry is not None and entry[0]() is facts:
        return entry[1]
    values: dict[tuple[object, ...], object] = {}
    _memos[id(facts)] = (weakref.ref(facts), values)
    weakref.finalize(facts, _memos.pop, id(facts), None)
    return values


def _memo(facts: DesignFacts, key: tuple[object, ...], compute: Callable[[], T], reads: Reads) -> T:
    """``compute()`` once per validation run (one ``DesignFacts``). ``reads`` (controls, properties)
    are read again on every call, so each rule that uses a shared value records that it depends on
    them, as it would had it computed the value itself."""
    some = next(iter(facts.design.components.values()), None)
    if some is not None:
        for control in reads[0]:
            facts.control_status(some, control)
        for key_name in reads[1]:
            facts.prop(some, key_name)
    values = _values(facts)
    if key not in values:
        values[key] = compute()
    return values[key]  # type: ignore[return-value]


def producer_ids(facts: DesignFacts) -> frozenset[str]:
    """Every model, orchestrator and agent of the design (see ``is_producer``)."""
    return _memo(
        facts,
        ("producers",),
        lambda: frozenset(cid for cid, c in facts.design.components.items() if is_producer(facts, c)),
        ((), ("model_kind",)),
    )


def generative_ids(facts: DesignFacts) -> frozenset[str]:
    return _memo(
        facts,
        ("generative",),
        lambda: frozenset(cid for cid, c in facts.design.components.items() if facts.is_generative(c)),
        ((), ("model_kind",)),
    )


def human_ids(facts: DesignFacts) -> frozenset[str]:
    return _memo(
        facts,
        ("humans",),
        lambda: frozenset(cid for cid, c in facts.design.components.items() if facts.capable(c, "human")),
        ((), ()),
    )


def capable_ids(facts: DesignFacts, capability: str) -> frozenset[str]:
    return _memo(
        facts,
        ("capable", capability),
        lambda: frozenset(cid for cid, c in facts.design.components.items() if facts.capable(c, capability)),
        ((), ()),
    )


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
        ((), ("autonomy",)),
    )


def applying(facts: DesignFacts, control: str) -> frozenset[str]:
    """Components that apply ``control`` (see ``applies``), computed once per validation run."""
    return _memo(
        facts,
        ("applying", control),
        lambda: frozenset(cid for cid, c in facts.design.components.items() if applies(facts, c, control)),
        ((control,), ()),
    )


def flows_applying(facts: DesignFacts, control: str) -> frozenset[str]:
    """Flows on which ``control`` is implemented or declared not applicable, once per run."""
    return _memo(
        facts,
        ("flows applying", control),
        lambda: frozenset(fid for fid, f in facts.design.flows.items() if facts.satisfied(f, control)),
        ((control,), ()),
    )


# -- path searches ---------------------------------------------------------------------------------
def unguarded_paths(
    facts: DesignFacts, sources: Iterable[str], guard: Guard = NO_GUARD, *, reverse: bool = False
) -> dict[str, Path]:
    """Shortest paths from the nearest source along which nothing applies ``guard``.

    B0 ``¬guarded(p, c)`` with two refinements: a guard on the *target* counts (B0 reading), and a
    source that applies the guard itself is no source at all (a gateway with quotas that is also
    the internet entry throttles everything it forwards). Sources map to themselves as ``(s,)``.
    With ``reverse`` the search walks flows backwards and paths read from the found component to
    the source, i.e. in request order.
    """
    sources = frozenset(sources)

    def search() -> dict[str, Path]:
        guarded = frozenset().union(*(applying(facts, c) for c in guard.controls))
        stopped = guarded.union(*(capable_ids(facts, s) for s in guard.stops))
        if guard.supervised_agents:
            stopped |= supervised_agent_ids(facts)
        closed = frozenset().union(*(flows_applying(facts, c) for c in guard.controls))
        return shortest_paths(
            facts.topo.graph,
            [s for s in sources if s not in guarded],
            blocked_node=stopped.__contains__,
            blocked_flow=closed.__contains__,
            reverse=reverse,
        )

    return _memo(facts, ("unguarded", sources, guard, reverse), search, (guard.controls, guard.properties))


def answer_paths(facts: DesignFacts, producers: Iterable[str], guard: Guard = NO_GUARD) -> dict[str, Path]:
    """Where the output of ``producers`` can arrive without passing ``guard``, each with a path in the
    direction the output travels (producer first).

    Drawn flows decide first; a component that no model, orchestrator or agent of the design (nor
    any of ``producers``) reaches along drawn flows is reached, if at all, by the answer returning
    along the request flows that called the producer.
    """
    producers = frozenset(producers)

    def merge() -> dict[str, Path]:
        result = dict(unguarded_paths(facts, producers, guard))
        drawn = _drawn_destinations(facts, producers | producer_ids(facts))
        for node, path in unguarded_paths(facts, producers, guard, reverse=True).items():
            if node not in drawn and node not in result:
                result[node] = path[::-1]
        return result

    return _memo(
        facts, ("answers", producers, guard), merge, (guard.controls, ("model_kind", *guard.properties))
    )


def _drawn_destinations(facts: DesignFacts, producers: frozenset[str]) -> frozenset[str]:
    """Components that a drawn flow delivers producer output to: reachable in one hop or more (a
    producer does not count as reached just by being a producer)."""
    design = facts.design
    reached = facts.reachable(producers)
    return frozenset(
        facts.other_end(flow, node).id for node in reached for flow in facts.outbound(design.components[node])
    )


def upstream(facts: DesignFacts, subject: Component) -> frozenset[str]:
    """Every component whose content can flow into ``subject`` (``subject`` included)."""
    return frozenset(unguarded_paths(facts, (subject.id,), NO_GUARD, reverse=True))


def by_length(paths: dict[str, Path]) -> list[tuple[str, Path]]:
    """Deterministic order: shortest paths first, then by ID."""
    return sorted(paths.items(), key=lambda item: (len(item[1]), item[0]))


# -- decision impact (B0: set on a component for all it outputs, or on a flow) --------------------
def high_impact(facts: DesignFacts, element: Component | DataFlow) -> bool:
    return facts.prop(element, "decision_impact") == HIGH


def marks_high_impact(facts: DesignFacts) -> bool:
    """Whether anything in the design is marked high impact (most designs mark nothing)."""
    design = facts.design
    return _memo(
        facts,
        ("any high impact",),
        lambda: any(high_impact(facts, e) for e in [*design.components.values(), *design.flows.values()]),
        ((), ("decision_impact",)),
    )


def high_impact_use(
    facts: DesignFacts, producer: Component, guard: Guard = NO_GUARD
) -> tuple[str, Path] | None:
    """Where the output of ``producer`` drives a high-impact decision without passing ``guard``: the
    ID of the element marked high impact and the path to it (``(producer,)`` for the producer's own
    mark). ``None`` when no such use exists.

    A mark on the producer covers everything it outputs, so it counts unless every consumer of its
    output sits behind ``guard`` (with no guard, the mark alone counts).
    """
    if not marks_high_impact(facts):
        return None
    reached = by_length(answer_paths(facts, (producer.id,), guard))
    design = facts.design
    for node, path in reached:
        if node != producer.id and high_impact(facts, design.components[node]):
            return node, path
        marked = [f for f in path[1::2] if high_impact(facts, design.flows[f])]
        if marked:
            return marked[0], path
    if not high_impact(facts, producer):
        return None
    if guard == NO_GUARD:
        return producer.id, (producer.id,)
    for node, path in reached:
        if node != producer.id and not is_security_service(facts, design.components[node]):
            return producer.id, path
    consumers = [c for _, c in neighbours(facts, producer) if not is_security_service(facts, c)]
    return None if consumers else (producer.id, (producer.id,))


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
