"""R-ID-06: an agent or tool reaches sensitive systems with a shared, long-lived identity."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.model import Component
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity
from caisa_studio.rules.predicates_a import join_names

META = RuleMeta(
    id="R-ID-06",
    title="Agent acting with shared or standing credentials",
    severity=Severity.HIGH,
    scope="component",
    why=(
        "An agent or tool that reaches data stores and business systems with one broad, long-lived service "
        "account can do anything that account can, for any user, at any time. A prompt injection or a "
        "confused request then acts with far more authority than the person asking has, and one tenant's "
        "session can reach another tenant's data."
    ),
    fix=(
        "Give each agent and tool its own identity and have it act on behalf of the current user with "
        "short-lived, task- and tenant-scoped tokens, so downstream systems enforce that user's rights."
    ),
    references=(
        Reference("atlas", "AML.T0098"),
        Reference("atlas", "AML.T0091"),
        Reference("atlas", "AML.T0053"),
        Reference("atlas", "AML.M0026"),
        Reference("atlas", "AML.M0027"),
        Reference("owasp-agentic", "ASI03"),
        Reference("owasp-llm", "LLM06:2025"),
        Reference("nist-ai-rmf", "MEASURE 2.7"),
        Reference("cosai", "riskCrossTenantCredentialPropagation"),
        Reference("cosai", "riskAgenticDelegationConfusedDeputy"),
        Reference("cosai", "riskStaleAgentIdentityBinding"),
    ),
)


def candidates(ctx: RuleContext) -> frozenset[str]:
    """Only agents and tools can raise it."""
    return ctx.facts.capable_of_any("plans_actions", "tool")


def check(ctx: RuleContext, component: Component) -> Iterator[Finding]:
    facts = ctx.facts
    if not (facts.capable(component, "plans_actions") or facts.capable(component, "tool")):
        return
    if facts.satisfied(component, "agent_identity"):
        return
    # Acting with the end user's own on-behalf-of token is the scoped authority the rule asks for.
    if facts.prop(component, "propagates_user_identity") is True:
        return
    name = facts.label(component.id)
    targets = _sensitive_targets(ctx, component)
    if targets:
        message = (
            f"{name} acts on {join_names([facts.label(t) for t in targets])} with a broad, long-lived "
            "identity instead of the user's scoped authority."
        )
        yield ctx.finding(META, component.id, message, subjects=(component.id, *targets))
    elif facts.prop(component, "multi_tenant") is True:
        message = (
            f"{name} serves several tenants with one standing identity instead of each user's scoped "
            "authority."
        )
        yield ctx.finding(META, component.id, message)


def _sensitive_targets(ctx: RuleContext, component: Component) -> list[str]:
    """Sensitive stores and external business services linked to the component (either direction: both
    reading and writing them need a credential)."""
    facts = ctx.facts
    found: list[str] = []
    for flow in [*facts.outbound(component), *facts.inbound(component)]:
        other = facts.other_end(flow, component.id)
        if other.id in found or other.id == component.id:
            continue
        # Shipping logs to the central sink is not acting on data (and the sink is R-ID-03's concern).
        sensitive_store = (
            facts.capable(other, "data_store")
            and not facts.capable(other, "log_sink")
            and facts.is_sensitive(other)
        )
        business_service = facts.capable(other, "acts_externally") and not facts.capable(other, "tool")
        if sensitive_store or business_service:
            found.append(other.id)
    return found
