"""R-PRIV-03: logs, agent memory or prompt caches keep conversations without retention rules."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.model import Component
from caisa_studio.rules.builtin.enc_01_unencrypted_store import describe_data
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity
from caisa_studio.rules.predicates_a import (
    is_personal,
    is_personal_or_confidential,
    join_names,
    sensitive_assets_profile,
)

META = RuleMeta(
    id="R-PRIV-03",
    title="Prompts and chat history kept without retention rules",
    severity=Severity.MEDIUM,
    scope="component",
    why=(
        "Logs, agent memory and response caches quietly collect everything users type and every answer "
        "they receive. Kept without a retention limit, they grow into a long-lived copy of personal and "
        "confidential conversations that is attractive to attackers, hard to honour deletion requests "
        "against and usually readable by more people than the original application."
    ),
    fix=(
        "Define a retention period and automatic deletion for stored prompts, answers and memory, support "
        "deletion on request, and redact personal data before it is written to logs."
    ),
    references=(
        Reference("atlas", "AML.T0057"),
        Reference("owasp-llm", "LLM02:2025"),
        Reference("nist-ai-rmf", "MEASURE 2.10"),
        Reference("cosai", "riskExcessiveDataHandlingDuringInference"),
    ),
)

_CONVERSATION_STORES = ("log_sink", "agent_memory", "caches_responses")


def candidates(ctx: RuleContext) -> frozenset[str]:
    """Only conversation stores can raise it."""
    return ctx.facts.capable_of_any(*_CONVERSATION_STORES)


def check(ctx: RuleContext, component: Component) -> Iterator[Finding]:
    facts = ctx.facts
    if not any(facts.capable(component, c) for c in _CONVERSATION_STORES):
        return
    flows = [f for f in facts.inbound(component) if is_personal_or_confidential(facts.carried_data(f))]
    if not flows:
        return
    name = facts.label(component.id)
    received = sensitive_assets_profile(ctx, [a for f in flows for a in f.carries])
    no_retention = not facts.satisfied(component, "data_retention")
    unredacted: list[str] = []
    if facts.capable(component, "log_sink") and not facts.satisfied(component, "pii_redaction"):
        unredacted = [
            facts.other_end(f, component.id).id
            for f in flows
            if is_personal(facts.carried_data(f))
            and not facts.satisfied(f, "pii_redaction")
            and not facts.satisfied(facts.other_end(f, component.id), "pii_redaction")
        ]
    senders = join_names([facts.label(i) for i in dict.fromkeys(unredacted)])
    if no_retention and unredacted:
        message = (
            f"{name} accumulates {describe_data(ctx, received)} with no retention limit, and personal "
            f"data from {senders} is logged without redaction."
        )
    elif no_retention:
        message = f"{name} accumulates {describe_data(ctx, received)} with no retention limit."
    elif unredacted:
        message = f"{name} logs personal data from {senders} without redaction."
    else:
        return
    senders_ids = tuple(dict.fromkeys(facts.other_end(f, component.id).id for f in flows))
    yield ctx.finding(META, component.id, message, subjects=(component.id, *senders_ids))
