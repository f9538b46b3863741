"""R-ENC-01: sensitive data stored without encryption at rest."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.analysis import DataProfile
from caisa_studio.model import Component
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity

META = RuleMeta(
    id="R-ENC-01",
    title="Sensitive data stored unencrypted",
    severity=Severity.HIGH,
    scope="component",
    why=(
        "A copied disk, snapshot or backup of an unencrypted store hands its contents to whoever holds "
        "it: training data, embeddings of confidential documents, model weights or credentials. "
        "Encryption with keys held in a separate key service turns such a copy into noise. "
        "Raised to critical when the store holds credentials or special-category personal data."
    ),
    fix=(
        "Enable encryption at rest with keys managed in a KMS or vault, connect the store to the key "
        "service, and keep key administrators separate from data administrators."
    ),
    references=(
        Reference("atlas", "AML.T0025"),
        Reference("atlas", "AML.M0012"),
        Reference("owasp-llm", "LLM02:2025"),
        Reference("owasp-ml", "ML05:2023"),
        Reference("nist-ai-rmf", "MEASURE 2.10"),
        Reference("cosai", "riskModelExfiltration"),
        Reference("eu-ai-act", "Art. 15(5)"),
    ),
)

_CRITICAL_TAGS = frozenset({"spi", "credentials"})


def candidates(ctx: RuleContext) -> frozenset[str]:
    """Only components that persist data can raise it."""
    return ctx.facts.capable_of_any("persists_data")


def check(ctx: RuleContext, component: Component) -> Iterator[Finding]:
    facts = ctx.facts
    if not facts.capable(component, "persists_data") or facts.satisfied(component, "enc_at_rest"):
        return
    held = facts.held_data(component)
    if not held.is_sensitive(facts.sensitive_tags):
        return
    severity = Severity.CRITICAL if held.tags & _CRITICAL_TAGS else META.severity
    message = f"{facts.label(component.id)} stores {describe_data(ctx, held)} without encryption at rest."
    yield ctx.finding(META, component.id, message, severity=severity)


def describe_data(ctx: RuleContext, profile: DataProfile) -> str:
    """``Chat logs and Tokens (restricted; credentials, personal data)`` — or says the data is assumed."""
    tag_names = {t.id: t.name.lower() for t in ctx.catalog.classifications.data_tags}
    tags = ", ".join(sorted(tag_names.get(tag, tag) for tag in profile.tags))
    level = profile.classification.value if profile.classification else "sensitive"
    if profile.assumed:
        return f"{level} data ({tags}, assumed from its kind as no data assets are declared)"
    names = list(profile.asset_names)
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    return f"{listed} ({level}{'; ' + tags if tags else ''})"
