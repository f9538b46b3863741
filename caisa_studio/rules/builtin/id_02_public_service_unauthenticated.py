"""R-ID-02: an internet-facing AI service accepts requests without authenticating the caller."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.model import Component, DataFlow, Zone
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity
from caisa_studio.rules.predicates_a import authenticates_internet_callers, internet_flows_into

META = RuleMeta(
    id="R-ID-02",
    title="Internet-facing AI service without authentication",
    severity=Severity.HIGH,
    scope="component",
    why=(
        "A gateway, AI application, model endpoint, agent or tool server that answers anonymous internet "
        "traffic cannot tell a customer from a bot farm: it cannot apply per-caller quotas, trace abuse to "
        "an account or stop someone from systematically querying the model to copy it. Every AI request "
        "also costs compute, so anonymous access is an open invitation to run up the bill or knock the "
        "service over."
    ),
    fix=(
        "Authenticate callers at the gateway or in the service (OIDC sign-in for people, API keys or signed "
        "tokens for programs). If the service is meant to be anonymous, mark it anonymous by design and "
        "compensate with quotas and input screening."
    ),
    references=(
        Reference("atlas", "AML.T0040"),
        Reference("atlas", "AML.T0049"),
        Reference("atlas", "AML.M0019"),
        Reference("owasp-llm", "LLM10:2025"),
        Reference("nist-ai-rmf", "MEASURE 2.7"),
        Reference("cosai", "riskDenialOfMLService"),
        Reference("cosai", "riskModelReverseEngineering"),
    ),
)

# Capabilities of the services B3 names: gateways and AI applications (ingress), AI gateways, model
# endpoints, tool servers and agents.
_SERVICE_CAPABILITIES = ("ingress", "ai_broker", "serves_model", "tool_server", "plans_actions")


def candidates(ctx: RuleContext) -> frozenset[str]:
    """Only services can raise it."""
    return ctx.facts.capable_of_any(*_SERVICE_CAPABILITIES)


def check(ctx: RuleContext, component: Component) -> Iterator[Finding]:
    facts = ctx.facts
    if not any(facts.capable(component, c) for c in _SERVICE_CAPABILITIES):
        return
    # A provider's own front door (hosted LLM API, third-party MCP server) is not ours to authenticate;
    # our side of that call is covered by R-ID-04 and R-AGT-07.
    if facts.is_third_party(component):
        return
    if facts.prop(component, "anonymous_by_design") is True:
        return
    # An on-device runtime serves the person holding the device, not internet callers (see R-EDGE-01).
    if facts.zone_of(component) is Zone.DEVICE:
        return
    if authenticates_internet_callers(facts, component):
        return
    public_flows = internet_flows_into(facts, component)
    # An internet-facing service with no drawn internet caller must authenticate on its own.
    if public_flows or facts.is_entry(component):
        unauthenticated = [f for f in public_flows if not facts.satisfied(f, "authn")]
        yield _finding(ctx, component, unauthenticated)


def _finding(ctx: RuleContext, component: Component, flows: list[DataFlow]) -> Finding:
    facts = ctx.facts
    name = facts.label(component.id)
    callers = [facts.other_end(f, component.id).id for f in flows]
    message = f"{name} accepts internet requests without knowing who the caller is."
    return ctx.finding(META, component.id, message, subjects=(component.id, *callers))
