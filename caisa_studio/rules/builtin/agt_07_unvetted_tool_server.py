"""R-AGT-07: a tool or MCP server is not vetted and pinned, or agents reach it over an unverified link."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.model import Component
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity
from caisa_studio.rules.predicates_c import is_agent, is_tool_server, join_names

META = RuleMeta(
    id="R-AGT-07",
    title="Unvetted or unpinned tool / MCP server",
    severity=Severity.HIGH,
    scope="component",
    why=(
        "Agents read tool descriptions as instructions and trust what tools return. A tool or MCP server "
        "taken from an unreviewed source, or updated silently after it was approved, can hide commands in "
        "its descriptions, change behaviour overnight (a rug pull) or be replaced by a look-alike server "
        "when the agent cannot verify whom it is talking to."
    ),
    fix=(
        "Use tools and MCP servers only from an allow-listed registry, pin each to a reviewed, signed "
        "version, review descriptions like code and alert on changes; connect agents to tool servers over "
        "mutually authenticated, encrypted transport."
    ),
    references=(
        Reference("atlas", "AML.T0010.005"),
        Reference("atlas", "AML.T0110"),
        Reference("atlas", "AML.T0109"),
        Reference("atlas", "AML.T0104"),
        Reference("atlas", "AML.T0011.002"),
        Reference("atlas", "AML.M0014"),
        Reference("atlas", "AML.M0023"),
        Reference("owasp-agentic", "ASI04"),
        Reference("owasp-llm", "LLM03:2025"),
        Reference("nist-ai-rmf", "GOVERN 6.1"),
        Reference("nist-ai-rmf", "MANAGE 3.1"),
        Reference("cosai", "riskToolSourceProvenance"),
        Reference("cosai", "riskToolRegistryTampering"),
        Reference("cosai", "riskZombieShadowMCPServers"),
        Reference("cosai", "MCP-T6"),
    ),
)


def candidates(ctx: RuleContext) -> frozenset[str]:
    """Only tools can raise it."""
    return ctx.facts.capable_of_any("tool")


def check(ctx: RuleContext, tool: Component) -> Iterator[Finding]:
    facts = ctx.facts
    if not facts.capable(tool, "tool"):
        return
    name = facts.label(tool.id)
    reasons: list[str] = []
    concerned: list[str] = []
    if not facts.satisfied(tool, "tool_provenance"):
        reasons.append("it is not allow-listed, pinned or reviewed")
    weak_links = _unverified_links(ctx, tool)
    if weak_links:
        agents = join_names([facts.label(agent_id) for agent_id, _ in weak_links])
        pronoun = "it is" if len(weak_links) == 1 else "they are"
        reasons.append(f"{agents} cannot verify that {pronoun} talking to the genuine {name}")
        for agent_id, flow_id in weak_links:
            concerned += [flow_id, agent_id]
    if not reasons:
        return
    message = (
        f"{name} can change what tools do or say without review (poisoned descriptions, rug pulls, "
        f"shadow servers): {'; '.join(reasons)}."
    )
    yield ctx.finding(META, tool.id, message, subjects=tuple(dict.fromkeys((tool.id, *concerned))))


def _unverified_links(ctx: RuleContext, tool: Component) -> list[tuple[str, str]]:
    """(agent, flow) pairs where the link between an agent and the tool lacks authentication or
    encryption. Checked for tool servers, which are reached over a network protocol, and for any tool
    whose link to the agent crosses a trust boundary; an in-process function call is not a transport."""
    facts = ctx.facts
    server = is_tool_server(facts, tool)
    found: list[tuple[str, str]] = []
    for flow in sorted((*facts.inbound(tool), *facts.outbound(tool)), key=lambda f: f.id):
        agent = facts.other_end(flow, tool.id)
        if not is_agent(facts, agent) or any(flow.id == f for _, f in found):
            continue
        if not (server or facts.crosses(flow)):
            continue
        authenticated = facts.satisfied(flow, "authn") or facts.satisfied(tool, "authn")
        if not (authenticated and facts.satisfied(flow, "enc_in_transit")):
            found.append((agent.id, flow.id))
    return found
