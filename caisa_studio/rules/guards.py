"""What makes a path safe (``Guard``) and which components and flows apply a control.

*Guarded by a consulted guardrail*: a component that exchanges content both ways with a guardrail
(a flow to it and a flow back, or one bidirectional flow) applies the guardrail's controls to what
passes through it — the common "call the screening service, then continue" pattern.

Every control and property is read through ``facts``; the sets are memoised with ``facts.memo``,
which replays what they read on every hit, so sharing them never hides a dependency.
"""

from __future__ import annotations

from dataclasses import dataclass

from caisa_studio.analysis import DesignFacts
from caisa_studio.model import Component
from caisa_studio.rules.component_roles import capable_ids, component

_SUPERVISED = frozenset({"suggest", "supervised"})


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

    return facts.topo.cached(("guards", "consultations"), compute)


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


def supervised_agent_ids(facts: DesignFacts) -> frozenset[str]:
    """Agents whose autonomy is ``suggest`` or ``supervised``: a person confirms what they do."""
    return facts.memo(
        ("guards", "supervised agents"),
        lambda: frozenset(
            cid
            for cid, c in facts.design.components.items()
            if facts.capable(c, "plans_actions") and facts.prop(c, "autonomy") in _SUPERVISED
        ),
    )


def applying(facts: DesignFacts, control: str) -> frozenset[str]:
    """Components that apply ``control`` (see ``applies``), computed once per validation run."""
    return facts.memo(
        ("guards", "applying", control),
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
    return facts.memo(
        ("guards", "flows applying", control),
        lambda: facts.satisfying(control)[1],
    )


def guard_sets(facts: DesignFacts, guard: Guard) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(components that apply the guard, components a path may not enter, flows it may not follow)."""

    def compute() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
        guarded = frozenset().union(*(applying(facts, c) for c in guard.controls))
        stopped = guarded.union(*(capable_ids(facts, s) for s in guard.stops))
        if guard.supervised_agents:
            stopped |= supervised_agent_ids(facts)
        closed = frozenset().union(*(flows_applying(facts, c) for c in guard.controls))
        return guarded, stopped, closed

    return facts.memo(("guards", "guard sets", guard), compute)
