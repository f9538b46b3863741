"""R-AGT-02: one agent combines untrusted input, sensitive data and a way to send data out."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.analysis import Path
from caisa_studio.model import Component
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity
from caisa_studio.rules.predicates_c import (
    is_agent,
    is_tool,
    join_names,
    route_is_approved,
    tool_capabilities,
    tool_routes,
)

META = RuleMeta(
    id="R-AGT-02",
    title="Lethal trifecta in one agent",
    severity=Severity.CRITICAL,
    scope="component",
    why=(
        "An agent that reads text an outsider can write, has sensitive data in its context and can send "
        "data somewhere or change records gives an attacker everything needed for theft: a hidden "
        "instruction in a web page, e-mail or document tells the agent to pack up the data and ship it "
        "out through its own tools. Prompt-injection filters lower the odds but cannot rule it out, so "
        "the combination itself has to be broken or put under human control."
    ),
    fix=(
        "Remove one leg: split the agent into a reader and an actor, drop outbound tools after untrusted "
        "content has been read (plan-then-execute, dual LLM), keep sensitive data out of that session, "
        "or restrict egress to an allow-list and require a person to approve every outbound action."
    ),
    references=(
        Reference("atlas", "AML.T0086"),
        Reference("atlas", "AML.T0051.001"),
        Reference("atlas", "AML.T0077"),
        Reference("atlas", "AML.M0030"),
        Reference("atlas", "AML.M0032"),
        Reference("atlas", "AML.M0029"),
        Reference("owasp-llm", "LLM01:2025"),
        Reference("owasp-llm", "LLM06:2025"),
        Reference("owasp-agentic", "ASI01"),
        Reference("nist-ai-rmf", "MEASURE 2.7"),
        Reference("cosai", "riskRogueActions"),
        Reference("cosai", "riskSensitiveDataDisclosure"),
    ),
    reach="global",
    path_rule=True,
)

# Tool capabilities that let an injected instruction move data out or change state on the attacker's behalf.
_OUTBOUND = frozenset({"send_external", "payment", "write", "execute"})


def candidates(ctx: RuleContext) -> frozenset[str]:
    """Only agents can raise it."""
    return ctx.facts.capable_of_any("plans_actions")


def check(ctx: RuleContext, agent: Component) -> Iterator[Finding]:
    facts = ctx.facts
    if not is_agent(facts, agent):
        return
    routes = tool_routes(facts, agent)
    untrusted = _untrusted_input(ctx, agent, routes)
    if untrusted is None:
        return
    sensitive = _sensitive_sources(ctx, agent)
    if not sensitive:
        return
    outbound = _outbound_legs(ctx, agent, routes)
    if not outbound:
        return
    if (
        facts.satisfied(agent, "untrusted_isolation")
        and facts.satisfied(agent, "egress_control")
        and all(route_is_approved(facts, route) for route in outbound)
    ):
        return
    path = _attack_path(untrusted, outbound)
    exit_ids = [route[-1] for route in outbound]
    origin = "" if untrusted[0] == agent.id else f" from {facts.label(untrusted[0])}"
    sends = any(_sends_out(ctx, ctx.design.components[t]) for t in exit_ids)
    action, harm = ("send data out", "exfiltrate it") if sends else ("change records", "leak or corrupt it")
    message = (
        f"{facts.label(agent.id)} reads untrusted content{origin}, sees sensitive data "
        f"({join_names([label for _, label in sensitive])}) and can {action} through "
        f"{join_names([facts.label(t) for t in exit_ids])} — one injected instruction can {harm}."
    )
    subjects = dict.fromkeys((agent.id, untrusted[0], *(sid for sid, _ in sensitive), *exit_ids))
    yield ctx.finding(META, agent.id, message, subjects=tuple(subjects), path=path)


def _untrusted_input(ctx: RuleContext, agent: Component, routes: dict[str, Path]) -> Path | None:
    """Leg (i): how untrusted content reaches the agent, source first and ending at the agent — along
    tainted flows, or back from a tool it calls that reads untrusted content (its answer comes back)."""
    facts = ctx.facts
    taint = facts.taint_path(agent)
    if taint is not None:
        return taint
    for tool_id, route in sorted(routes.items(), key=lambda item: (len(item[1]), item[0])):
        tool = ctx.design.components[tool_id]
        if not facts.is_untrusted(tool):
            continue
        # A tool declared to only send, pay or write returns a status, not content to read.
        declared = tool_capabilities(facts, tool)
        if not declared or "read" in declared or facts.prop(tool, "reads_untrusted_content") is True:
            return tuple(reversed(route))
    return None


def _sensitive_sources(ctx: RuleContext, agent: Component) -> list[tuple[str, str]]:
    """Leg (ii): (element id, how to name it) for each way sensitive data reaches the agent: inbound
    flows carrying it, sensitive stores it is linked to, calls to reading tools that carry it."""
    facts = ctx.facts
    found: dict[str, str] = {}
    if facts.is_sensitive(agent):
        found[agent.id] = f"held by {facts.label(agent.id)}"
    for flow in facts.inbound(agent):
        other = facts.other_end(flow, agent.id)
        if facts.is_sensitive(flow) and not facts.capable(other, "log_sink"):
            found.setdefault(flow.id, _flow_data(ctx, flow.id, other.id))
    for flow in facts.outbound(agent):
        other = facts.other_end(flow, agent.id)
        if not (facts.is_sensitive(flow) and is_tool(facts, other)):
            continue
        declared = tool_capabilities(facts, other)
        if not declared or "read" in declared:
            found.setdefault(flow.id, _flow_data(ctx, flow.id, other.id))
    for flow in (*facts.inbound(agent), *facts.outbound(agent)):
        other = facts.other_end(flow, agent.id)
        store = facts.capable(other, "data_store") and not facts.capable(other, "log_sink")
        if store and facts.is_sensitive(other):
            found.setdefault(other.id, facts.label(other.id))
    return sorted(found.items())


def _flow_data(ctx: RuleContext, flow_id: str, other_id: str) -> str:
    names = ctx.facts.carried_data(ctx.design.flows[flow_id]).asset_names
    return f"{join_names(list(names), limit=2)} via {ctx.facts.label(other_id)}"


def _outbound_legs(ctx: RuleContext, agent: Component, routes: dict[str, Path]) -> list[Path]:
    """Leg (iii): routes to tools that can send out or change state, and flows straight to a third party
    (other than the model provider or a security service, which an attacker cannot address)."""
    facts = ctx.facts
    components = ctx.design.components
    legs: dict[str, Path] = {}
    for tool_id, route in routes.items():
        if tool_capabilities(facts, components[tool_id]) & _OUTBOUND:
            legs[tool_id] = route
    for flow in sorted(facts.outbound(agent), key=lambda f: f.id):
        other = facts.other_end(flow, agent.id)
        if other.id in legs or other.id == agent.id:
            continue
        if facts.capable(other, "serves_model") or facts.capable(other, "security_service"):
            continue
        if facts.is_third_party(other):
            legs[other.id] = (agent.id, flow.id, other.id)
    return [legs[key] for key in sorted(legs, key=lambda k: (len(legs[k]), k))]


def _sends_out(ctx: RuleContext, exit_point: Component) -> bool:
    facts = ctx.facts
    return facts.is_third_party(exit_point) or bool(
        tool_capabilities(facts, exit_point) & {"send_external", "payment", "execute"}
    )


def _attack_path(untrusted: Path, outbound: list[Path]) -> Path:
    """Untrusted source ⇒ agent, continued to the first exit that does not loop back into that path."""
    seen = set(untrusted[0::2])
    for route in outbound:
        if not seen & set(route[2::2]):
            return (*untrusted, *route[1:])
    return untrusted
