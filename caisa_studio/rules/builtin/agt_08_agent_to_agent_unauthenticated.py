"""R-AGT-08: one agent calls another without authentication, or borrows its greater power unchecked."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.model import Component, DataFlow
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity
from caisa_studio.rules.predicates_c import agent_powers, describe_effects, is_agent

META = RuleMeta(
    id="R-AGT-08",
    title="Agent-to-agent calls without authentication or caller checks",
    severity=Severity.HIGH,
    scope="flow",
    why=(
        "In a multi-agent system each agent acts on messages from the others. If those messages are not "
        "authenticated and protected in transit, anyone on the network can pose as an agent; and if an "
        "agent with powerful tools does whatever a weaker agent asks, a prompt injection against the weak "
        "one borrows the strong one's authority (a confused deputy) and the chain of who asked for what "
        "is lost."
    ),
    fix=(
        "Authenticate agents to each other (mutual TLS or signed messages), carry the original user's "
        "identity and authority through the delegation (on-behalf-of tokens) and have the callee check it "
        "before acting; log the delegation chain."
    ),
    references=(
        Reference("atlas", "AML.T0073"),
        Reference("atlas", "AML.T0053"),
        Reference("owasp-agentic", "ASI07"),
        Reference("owasp-agentic", "ASI03"),
        Reference("nist-ai-rmf", "MEASURE 2.7"),
        Reference("cosai", "riskAgenticDelegationConfusedDeputy"),
        Reference("cosai", "riskAgentDelegationChainOpacity"),
    ),
    reach="global",
)


def candidates(ctx: RuleContext) -> frozenset[str]:
    """Only flows between agents can raise it."""
    return ctx.facts.flows_touching(ctx.facts.capable_ids("plans_actions"))


def check(ctx: RuleContext, flow: DataFlow) -> Iterator[Finding]:
    facts = ctx.facts
    caller = ctx.design.components[flow.source]
    callee = ctx.design.components[flow.target]
    if caller.id == callee.id or not (is_agent(facts, caller) and is_agent(facts, callee)):
        return
    reasons: list[str] = []
    authenticated = facts.satisfied(flow, "authn") or facts.satisfied(callee, "authn")
    if not (authenticated and facts.satisfied(flow, "enc_in_transit")):
        reasons.append("the messages are not mutually authenticated and encrypted")
    pairs = [(caller, callee), (callee, caller)] if flow.bidirectional else [(caller, callee)]
    for asker, actor in pairs:
        extra = agent_powers(facts, actor) - agent_powers(facts, asker)
        if extra and not _checks_authority(ctx, flow, actor):
            reasons.append(
                f"it can {describe_effects(extra)}, which {facts.label(asker.id)} cannot, without checking "
                f"{facts.label(asker.id)}'s authority"
            )
            caller, callee = asker, actor
            break
    if not reasons:
        return
    message = (
        f"{facts.label(callee.id)} trusts messages from {facts.label(caller.id)} without verifying them or "
        f"their authority: {'; and '.join(reasons)}."
    )
    yield ctx.finding(META, flow.id, message, subjects=(flow.id, caller.id, callee.id))


def _checks_authority(ctx: RuleContext, flow: DataFlow, actor: Component) -> bool:
    """The acting agent checks the caller's authority (authorization on it or on the call), or acts with
    a scoped identity: its own per-agent credentials, or the original user's on-behalf-of token."""
    facts = ctx.facts
    return (
        facts.satisfied(flow, "authz")
        or facts.satisfied(actor, "authz")
        or facts.satisfied(actor, "agent_identity")
        or facts.prop(actor, "propagates_user_identity") is True
    )
