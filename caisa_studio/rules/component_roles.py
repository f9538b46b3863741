"""What the components around a rule's subject are: producers of model output, humans, security
services, and the subject's current neighbours.

Pure functions over ``DesignFacts`` (every control and property is read through ``facts``); the
per-design sets are memoised with ``facts.memo``, which replays what they read on every hit.
"""

from __future__ import annotations

from collections.abc import Iterable

from caisa_studio.analysis import DesignFacts
from caisa_studio.model import Component, DataFlow


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


def producer_ids(facts: DesignFacts) -> frozenset[str]:
    """Every model, orchestrator and agent of the design (see ``is_producer``)."""
    return facts.memo(
        ("component_roles", "producers"),
        lambda: facts.generative_ids() | facts.capable_of_any("orchestrates", "plans_actions"),
    )


def generative_ids(facts: DesignFacts) -> frozenset[str]:
    return facts.generative_ids()


def human_ids(facts: DesignFacts) -> frozenset[str]:
    return facts.capable_ids("human")


def capable_ids(facts: DesignFacts, capability: str) -> frozenset[str]:
    return facts.capable_ids(capability)
