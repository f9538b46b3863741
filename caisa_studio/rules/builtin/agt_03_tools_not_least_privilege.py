"""R-AGT-03: an agent's tools give it more power than its task needs."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.model import Component
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity
from caisa_studio.rules.predicates_c import is_agent, is_tool_server, join_names, tool_routes

META = RuleMeta(
    id="R-AGT-03",
    title="Agent tools not least-privileged",
    severity=Severity.HIGH,
    scope="component",
    why=(
        "Whatever an agent's tools can do, a manipulated or confused agent can do too. Broad tool sets, "
        "write access where reading would do, free-form parameters and credentials valid for a whole "
        "system turn a single bad tool call into a large incident; narrow tools keep the blast radius to "
        "what the task really needs."
    ),
    fix=(
        "Give each agent the smallest tool set for its task, make tools read-only unless writing is "
        "required, restrict parameters to allow-lists, and scope every tool's token to the resources it "
        'must touch (never "*").'
    ),
    references=(
        Reference("atlas", "AML.T0053"),
        Reference("atlas", "AML.T0085.001"),
        Reference("atlas", "AML.M0028"),
        Reference("atlas", "AML.M0026"),
        Reference("atlas", "AML.M0027"),
        Reference("owasp-llm", "LLM06:2025"),
        Reference("owasp-agentic", "ASI02"),
        Reference("owasp-agentic", "ASI03"),
        Reference("nist-ai-rmf", "MEASURE 2.7"),
        Reference("cosai", "riskInsecureIntegratedComponent"),
    ),
    reach="global",
)

# More tools than this on one agent is more power than any single task plausibly needs.
TOOL_LIMIT = 10


def candidates(ctx: RuleContext) -> frozenset[str]:
    """Only agents can raise it."""
    return ctx.facts.capable_of_any("plans_actions")


def check(ctx: RuleContext, agent: Component) -> Iterator[Finding]:
    facts = ctx.facts
    if not is_agent(facts, agent):
        return
    components = ctx.design.components
    routes = tool_routes(facts, agent)
    tools = [components[t] for t in sorted(routes)]
    if not tools:
        return
    reasons: list[str] = []
    concerned: list[str] = []
    if not facts.satisfied(agent, "tool_least_privilege"):
        unscoped = [t.id for t in tools if not _scoped(ctx, t, routes[t.id])]
        if unscoped:
            names = join_names([facts.label(t) for t in unscoped])
            verb = "is" if len(unscoped) == 1 else "are"
            reasons.append(f"{names} {verb} not restricted to least privilege")
            concerned += unscoped
    wildcard = [
        t.id
        for t in tools
        if str(facts.prop(t, "tool_scope", "")).strip() == "*" and not facts.waived(t, "tool_least_privilege")
    ]
    if wildcard:
        names = join_names([facts.label(t) for t in wildcard])
        reasons.append(
            f'{names} {"holds" if len(wildcard) == 1 else "hold"} credentials for everything (scope "*")'
        )
        concerned += [t for t in wildcard if t not in concerned]
    # Count what the agent can call: tools, plus tool servers whose own tools are not drawn.
    callable_tools = [
        t for t in tools if not is_tool_server(facts, t) or not any(r[-3] == t.id for r in routes.values())
    ]
    if len(callable_tools) > TOOL_LIMIT and not facts.waived(agent, "tool_least_privilege"):
        reasons.append(f"it can call {len(callable_tools)} tools (more than {TOOL_LIMIT})")
    if not reasons:
        return
    message = f"{facts.label(agent.id)} holds more tool power than its task needs: {'; '.join(reasons)}."
    yield ctx.finding(META, agent.id, message, subjects=(agent.id, *concerned))


def _scoped(ctx: RuleContext, tool: Component, route: tuple[str, ...]) -> bool:
    """Least privilege is set on the tool, or on the tool server it is reached through."""
    facts = ctx.facts
    components = ctx.design.components
    return any(facts.satisfied(components[node], "tool_least_privilege") for node in route[2::2])
