"""R-AGT-05: an agent can loop or fan out with no step, time or spend limit."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.model import Component
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity
from caisa_studio.rules.predicates_c import is_agent

META = RuleMeta(
    id="R-AGT-05",
    title="Agent loop without execution bounds",
    severity=Severity.MEDIUM,
    scope="component",
    why=(
        "An agent decides for itself when it is done. A confusing task, a tool that keeps failing, two "
        "agents answering each other or a deliberately crafted input can keep it planning and calling "
        "tools indefinitely, burning tokens, compute and money and hammering downstream systems until "
        "someone notices the bill."
    ),
    fix=(
        "Cap steps, recursion depth, wall-clock time, tokens and spend per run and per session; add a "
        "circuit breaker for repeated failing calls and a kill switch operators can use."
    ),
    references=(
        Reference("atlas", "AML.T0034.002"),
        Reference("atlas", "AML.T0029"),
        Reference("atlas", "AML.M0004"),
        Reference("owasp-llm", "LLM10:2025"),
        Reference("owasp-agentic", "ASI08"),
        Reference("nist-ai-rmf", "MANAGE 2.4"),
        Reference("cosai", "riskRunawayAgentToolLoops"),
        Reference("cosai", "riskEconomicDenialOfWallet"),
    ),
)


def candidates(ctx: RuleContext) -> frozenset[str]:
    """Only agents can raise it."""
    return ctx.facts.capable_of_any("plans_actions")


def check(ctx: RuleContext, agent: Component) -> Iterator[Finding]:
    facts = ctx.facts
    if not is_agent(facts, agent) or facts.satisfied(agent, "exec_bounds"):
        return
    message = f"{facts.label(agent.id)} can loop or fan out without limit, burning compute and budget."
    yield ctx.finding(META, agent.id, message)
