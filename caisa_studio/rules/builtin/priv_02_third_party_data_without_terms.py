"""R-PRIV-02: personal or confidential data goes to a third party whose data terms are not established."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.model import Component
from caisa_studio.rules.builtin.enc_01_unencrypted_store import describe_data
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity
from caisa_studio.rules.predicates_a import is_human, is_personal_or_confidential, sensitive_assets_profile

META = RuleMeta(
    id="R-PRIV-02",
    title="Personal or confidential data sent to a third party without assurance",
    severity=Severity.HIGH,
    scope="component",
    why=(
        "Once personal or confidential data reaches a provider's model API, SaaS tool or external "
        "service, what happens to it is decided by that provider's terms: it may be stored for months, "
        "reviewed by staff, used to train future models or processed in another jurisdiction. Without an "
        "assessment of the provider and agreed retention terms, nobody can say where the data ends up."
    ),
    fix=(
        "Assess the provider and contract for no training on your inputs, a retention limit (ideally zero "
        "retention), the processing region and deletion on request; if that is not possible, keep the "
        "workload in-house or stop sending the data."
    ),
    references=(
        Reference("owasp-llm", "LLM02:2025"),
        Reference("owasp-llm", "LLM03:2025"),
        Reference("nist-ai-rmf", "GOVERN 6.1"),
        Reference("nist-ai-rmf", "MANAGE 3.1"),
        Reference("nist-ai-600-1", "Value Chain and Component Integration"),
        Reference("iso-42001", "A.10.3"),
        Reference("cosai", "riskExcessiveDataHandlingDuringInference"),
    ),
)


def candidates(ctx: RuleContext) -> frozenset[str]:
    """Only third parties (not people) can raise it."""
    return ctx.facts.third_party_ids() - ctx.facts.capable_ids("human")


def check(ctx: RuleContext, component: Component) -> Iterator[Finding]:
    facts = ctx.facts
    if is_human(facts, component) or not facts.is_third_party(component):
        return
    assured = facts.satisfied(component, "vendor_assurance")
    retained = facts.satisfied(component, "data_retention")
    if assured and retained:
        return
    flows = [f for f in facts.inbound(component) if is_personal_or_confidential(facts.carried_data(f))]
    if not flows:
        return
    received = sensitive_assets_profile(ctx, [a for f in flows for a in f.carries])
    if not assured and not retained:
        missing = "data-use and retention terms are"
    elif not assured:
        missing = "data-use terms (no provider assessment) are"
    else:
        missing = "retention terms are"
    message = (
        f"{facts.label(component.id)} receives {describe_data(ctx, received)} but its {missing} "
        "not established."
    )
    senders = tuple(dict.fromkeys(facts.other_end(f, component.id).id for f in flows))
    yield ctx.finding(META, component.id, message, subjects=(component.id, *senders))
