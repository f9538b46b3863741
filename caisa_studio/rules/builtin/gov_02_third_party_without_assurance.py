"""R-GOV-02: a third-party AI component is relied upon without any assessment of its provider."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.model import Component
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity

META = RuleMeta(
    id="R-GOV-02",
    title="Third-party AI component without vendor assurance",
    severity=Severity.MEDIUM,
    scope="component",
    why=(
        "A hosted model, a model or dataset supplier, an embedding service or a tool server run by another "
        "organisation shapes what your system does, yet its changes, outages, data use and security are "
        "decided elsewhere. Without due diligence and agreed terms, a silent model update, a breach at "
        "the provider or a withdrawn service becomes your incident with no contract to fall back on."
    ),
    fix=(
        "Assess the provider before relying on it: security attestations, terms on data use and "
        "retention, change notice and version pinning, service levels, and a contingency or alternative "
        "provider. Record the assessment as vendor assurance on the component."
    ),
    references=(
        Reference("owasp-llm", "LLM03:2025"),
        Reference("nist-ai-rmf", "GOVERN 6.1"),
        Reference("nist-ai-rmf", "GOVERN 6.2"),
        Reference("nist-ai-rmf", "MANAGE 3.1"),
        Reference("nist-ai-600-1", "Value Chain and Component Integration"),
        Reference("iso-42001", "A.10.2"),
        Reference("iso-42001", "A.10.3"),
    ),
)

# What the component supplies, for the message (first match wins).
_ROLES = (
    ("serves_model", "model"),
    ("supplies_models", "models"),
    ("tool", "tools"),
    ("data_source", "data"),
)


def candidates(ctx: RuleContext) -> frozenset[str]:
    """Only third-party models, model suppliers, tools and data sources can raise it."""
    return ctx.facts.capable_of_any(*(capability for capability, _ in _ROLES)) & ctx.facts.third_party_ids()


def check(ctx: RuleContext, component: Component) -> Iterator[Finding]:
    facts = ctx.facts
    role = _ai_role(ctx, component)
    if role is None or not facts.is_third_party(component) or facts.satisfied(component, "vendor_assurance"):
        return
    message = (
        f"{facts.label(component.id)} ({role} from a third party) is relied upon without an assessment "
        "of its provider."
    )
    yield ctx.finding(META, component.id, message)


def _ai_role(ctx: RuleContext, component: Component) -> str | None:
    """Models served or supplied, tools and tool servers, and outside data feeds (not a third party's
    copy of our own records, which is ordinary IT sourcing)."""
    facts = ctx.facts
    for capability, role in _ROLES:
        if not facts.capable(component, capability):
            continue
        if capability == "data_source" and not facts.capable(component, "untrusted_source"):
            return None
        return role
    return None
