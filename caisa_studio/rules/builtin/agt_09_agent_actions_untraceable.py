"""R-AGT-09: what an agent and its tools did cannot be reconstructed from central logs."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.model import Component
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity
from caisa_studio.rules.predicates_c import (
    central_log_missing,
    is_agent,
    join_names,
    nodes_reaching_log_sink,
    tool_routes,
)

META = RuleMeta(
    id="R-AGT-09",
    title="Agent actions are not traceable",
    severity=Severity.MEDIUM,
    scope="component",
    why=(
        "When an agent sends the wrong e-mail or deletes the wrong record, the first questions are what "
        "it was asked, what it planned, which tools it called with which arguments and who approved. "
        "Unless the agent and its tools record this centrally, an incident can be neither explained nor "
        "contained, and a manipulated or rogue agent can deny what it did."
    ),
    fix=(
        "Record plans, tool calls with their arguments and results, approvals and the delegation chain in "
        "the agent and in its tools, and ship the records to the central log."
    ),
    references=(
        Reference("atlas", "AML.M0024"),
        Reference("owasp-agentic", "ASI10"),
        Reference("owasp-agentic-threats", "T8"),
        Reference("nist-ai-rmf", "MEASURE 2.8"),
        Reference("nist-ai-rmf", "MANAGE 4.1"),
        Reference("cosai", "riskAgentDelegationChainOpacity"),
        Reference("eu-ai-act", "Art. 12"),
        Reference("iso-42001", "A.6.2.8"),
    ),
    reach="global",
    path_rule=True,
)


def candidates(ctx: RuleContext) -> frozenset[str]:
    """Only agents can raise it."""
    return ctx.facts.capable_of_any("plans_actions")


def check(ctx: RuleContext, agent: Component) -> Iterator[Finding]:
    facts = ctx.facts
    if not is_agent(facts, agent):
        return
    components = ctx.design.components
    # The agent's own tools; a business service it calls is recorded by the agent's and tools' logs.
    routes = {t: r for t, r in tool_routes(facts, agent).items() if facts.capable(components[t], "tool")}
    # When the design has no central log in use at all, R-LOG-01 reports that once; here only the
    # missing audit records count.
    logged = None if central_log_missing(facts) else nodes_reaching_log_sink(facts)
    gaps: dict[str, list[str]] = {}
    for element in (agent, *(components[t] for t in sorted(routes, key=lambda t: (len(routes[t]), t)))):
        problems = []
        if not facts.satisfied(element, "audit_logging"):
            problems.append("keeps no audit log")
        if logged is not None and element.id not in logged:
            problems.append("sends nothing to the central log")
        if problems:
            gaps[element.id] = problems
    if not gaps:
        return
    reasons = []
    for element_id, problems in gaps.items():
        who = "it" if element_id == agent.id else f"its tool {facts.label(element_id)}"
        reasons.append(f"{who} {' and '.join(problems)}")
    first = next(iter(gaps))
    path = (agent.id,) if first == agent.id else routes[first]
    message = (
        f"What {facts.label(agent.id)} did, and why, cannot be reconstructed: {join_names(reasons, limit=3)}."
    )
    yield ctx.finding(
        META, agent.id, message, subjects=(agent.id, *(g for g in gaps if g != agent.id)), path=path
    )
