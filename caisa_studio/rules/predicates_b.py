"""Shared predicates of rule group "b" (inference, LLM, RAG, network and edge rules), gathered in one
place for the rules of the group; each topic lives in its own module:

- ``component_roles``: producers of model output, humans, security services, current neighbours;
- ``guards``: what makes a path safe (``Guard``), consulted guardrails, who applies a control;
- ``answer_paths``: unguarded path searches and where a model's answers arrive;
- ``high_impact``: decision-impact marks and where model output drives such a decision.

All are pure functions over ``DesignFacts`` that read controls and properties only through
``facts``, so the engine records what a rule depended on.
"""

from __future__ import annotations

from caisa_studio.rules.answer_paths import Answers, answer_paths, by_length, unguarded_path, unguarded_paths
from caisa_studio.rules.component_roles import (
    capable_ids,
    component,
    current,
    generative_ids,
    human_ids,
    is_producer,
    is_security_service,
    neighbours,
    producer_ids,
)
from caisa_studio.rules.guards import (
    NO_GUARD,
    Guard,
    applies,
    applying,
    consulted_guardrails,
    flows_applying,
    node_guarded,
    supervised_agent_ids,
)
from caisa_studio.rules.high_impact import (
    HIGH,
    high_impact,
    high_impact_ids,
    high_impact_use,
    marks_high_impact,
)

__all__ = [
    "HIGH",
    "NO_GUARD",
    "Answers",
    "Guard",
    "answer_paths",
    "applies",
    "applying",
    "by_length",
    "capable_ids",
    "component",
    "consulted_guardrails",
    "current",
    "flows_applying",
    "generative_ids",
    "high_impact",
    "high_impact_ids",
    "high_impact_use",
    "human_ids",
    "is_producer",
    "is_security_service",
    "join_names",
    "marks_high_impact",
    "neighbours",
    "node_guarded",
    "others",
    "producer_ids",
    "supervised_agent_ids",
    "unguarded_path",
    "unguarded_paths",
]


# -- text (this group's wording; groups a and c cap long lists) ------------------------------------
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
