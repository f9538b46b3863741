"""R-ID-04: a service calls another across a trust boundary without either side authenticating."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.model import Component, DataFlow
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity
from caisa_studio.rules.predicates_a import crossing_name, is_human

META = RuleMeta(
    id="R-ID-04",
    title="Service call across a trust boundary without mutual authentication",
    severity=Severity.HIGH,
    scope="flow",
    why=(
        "When one service calls another in a different trust zone and neither the connection nor the "
        "callee checks identities, anything that can reach the network path can impersonate the caller, "
        "or stand in for the callee and return forged results. In AI systems that means injected prompts, "
        "swapped model answers or rerouted tool calls that every later step then trusts."
    ),
    fix=(
        "Authenticate both ends of the call with mutual TLS or signed workload tokens, and pin the callee "
        "to a registered service identity rather than to a network address."
    ),
    references=(
        Reference("atlas", "AML.T0012"),
        Reference("atlas", "AML.T0073"),
        Reference("owasp-agentic", "ASI07"),
        Reference("nist-ai-rmf", "MEASURE 2.7"),
        Reference("cosai", "riskOrchestratorRouteHijacking"),
        Reference("cosai", "riskMCPTransportHijacking"),
    ),
)


def candidates(ctx: RuleContext) -> frozenset[str]:
    """Only flows between two pieces of software (not an agentic link) that cross a trust boundary
    and that neither the flow nor the callee authenticates (what ``check`` asks, for all flows at once)."""
    facts = ctx.facts
    design = ctx.design

    def structural() -> frozenset[str]:
        components = design.components
        return frozenset(
            f
            for f in facts.crossing_flows()
            if not (
                is_human(facts, caller := components[(flow := design.flows[f]).source])
                or is_human(facts, callee := components[flow.target])
                or _agentic_link(ctx, caller, callee)
            )
        )

    authenticated_components, authenticated_flows = facts.satisfying("authn")
    return frozenset(
        f
        for f in facts.topo.cached(("R-ID-04", "software calls across boundaries"), structural)
        if f not in authenticated_flows and design.flows[f].target not in authenticated_components
    )


def check(ctx: RuleContext, flow: DataFlow) -> Iterator[Finding]:
    facts = ctx.facts
    if not facts.crosses(flow):
        return
    caller = ctx.design.components[flow.source]
    callee = ctx.design.components[flow.target]
    # People sign in interactively (R-ID-02 covers services facing them); workload identity is for software.
    if is_human(facts, caller) or is_human(facts, callee):
        return
    # Agent-to-agent and agent-to-tool links have their own rules (R-AGT-08, R-AGT-07) that also ask
    # for authentication on exactly these flows.
    if _agentic_link(ctx, caller, callee):
        return
    if facts.satisfied(flow, "authn") or facts.satisfied(callee, "authn"):
        return
    message = (
        f"{facts.label(caller.id)} calls {facts.label(callee.id)} across {crossing_name(ctx, flow)} "
        "without either side proving its identity."
    )
    yield ctx.finding(META, flow.id, message, subjects=(flow.id, caller.id, callee.id))


def _agentic_link(ctx: RuleContext, a: Component, b: Component) -> bool:
    facts = ctx.facts
    a_agent, b_agent = facts.capable(a, "plans_actions"), facts.capable(b, "plans_actions")
    a_tool, b_tool = facts.capable(a, "tool"), facts.capable(b, "tool")
    return (a_agent and b_agent) or (a_agent and b_tool) or (a_tool and b_agent)
