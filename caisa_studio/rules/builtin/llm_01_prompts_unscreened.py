"""R-LLM-01: prompts from users or the internet reach a generative model with no screening."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.model import Component
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity
from caisa_studio.rules.predicates_b import Guard, generative_ids, human_ids, unguarded_paths

META = RuleMeta(
    id="R-LLM-01",
    title="User prompts reach the model without input screening",
    severity=Severity.HIGH,
    scope="component",
    why=(
        "Whoever writes the prompt can try to override the application's instructions: jailbreaks, "
        "role-play tricks or encoded payloads that make the model leak data, ignore policy or misuse "
        "its tools. Without a screening step between the user and the model, every such attempt "
        "arrives at full strength."
    ),
    fix=(
        "Put a guardrail service or AI-gateway policy on the way to the model that limits prompt size "
        "and format and classifies prompt attacks, and harden the system instructions; treat the "
        "screening as one layer, not a guarantee."
    ),
    references=(
        Reference("atlas", "AML.T0051.000"),
        Reference("atlas", "AML.T0054"),
        Reference("atlas", "AML.T0093"),
        Reference("atlas", "AML.M0020"),
        Reference("atlas", "AML.M0015"),
        Reference("owasp-llm", "LLM01:2025"),
        Reference("nist-ai-rmf", "MEASURE 2.7"),
        Reference("nist-aml", "NISTAML.018"),
        Reference("nist-ai-600-1", "Information Security"),
        Reference("cosai", "riskPromptInjection"),
    ),
    reach="global",
    path_rule=True,
)

_SCREENING = Guard(controls=("input_filter",))


def candidates(ctx: RuleContext) -> frozenset[str]:
    """Only generative models can raise it."""
    return generative_ids(ctx.facts)


def check(ctx: RuleContext, component: Component) -> Iterator[Finding]:
    facts = ctx.facts
    if not facts.is_generative(component):
        return
    people = human_ids(facts)
    path = unguarded_paths(facts, people | facts.entries(), _SCREENING).get(component.id)
    if path is None:
        return
    source = path[0]
    model = facts.label(component.id)
    if source == component.id:
        origin = "Prompts from the internet"
    elif source in people:
        origin = f"Prompts from {facts.label(source)}"
    else:
        origin = f"Prompts arriving through {facts.label(source)}"
    where = "directly " if source == component.id else ""
    message = f"{origin} reach {model} {where}with no screening for injection or jailbreak attempts."
    yield ctx.finding(
        META, component.id, message, subjects=tuple(dict.fromkeys((component.id, source))), path=path
    )
