"""R-NET-02: training, notebooks, agents or tools talk to the internet with no egress control."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.model import Component, Zone
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity
from caisa_studio.rules.predicates_b import join_names

META = RuleMeta(
    id="R-NET-02",
    title="Unrestricted egress from training, notebooks or agents",
    severity=Severity.MEDIUM,
    scope="component",
    why=(
        "Training jobs, notebooks, agents and tools handle valuable data and run code or act on "
        "instructions that may not be their own. If they may open connections anywhere, a poisoned "
        "package, a malicious notebook cell or an injected instruction can send data or weights to "
        "any server on the internet."
    ),
    fix=(
        "Send outbound traffic through a proxy or firewall with a destination allow-list, and use "
        "internal mirrors for packages, models and datasets."
    ),
    references=(
        Reference("atlas", "AML.T0025"),
        Reference("atlas", "AML.T0086"),
        Reference("atlas", "AML.M0032"),
        Reference("owasp-agentic", "ASI02"),
        Reference("nist-ai-rmf", "MEASURE 2.7"),
        Reference("cosai", "riskModelExfiltration"),
    ),
)

_OUTSIDE = frozenset({Zone.PUBLIC, Zone.EXTERNAL})
# Training (and federated aggregation), code-running notebooks, agents, and tools / tool servers.
_EGRESS_PRONE = ("trains_model", "executes_code", "plans_actions", "tool")


def candidates(ctx: RuleContext) -> frozenset[str]:
    """Only components prone to egress can raise it."""
    return ctx.facts.capable_of_any(*_EGRESS_PRONE)


def check(ctx: RuleContext, component: Component) -> Iterator[Finding]:
    facts = ctx.facts
    if not any(facts.capable(component, c) for c in _EGRESS_PRONE):
        return
    # Egress of a component that already runs outside (a third party's hosted tool) is not ours to filter.
    if facts.zone_of(component) in _OUTSIDE or facts.satisfied(component, "egress_control"):
        return
    destinations: list[str] = []
    for flow in facts.outbound(component):
        other = facts.other_end(flow, component.id)
        if facts.zone_of(other) in _OUTSIDE and other.id not in destinations:
            destinations.append(other.id)
    if not destinations:
        return
    names = join_names([facts.label(d) for d in destinations])
    message = (
        f"{facts.label(component.id)} can send data anywhere on the internet (it already sends to {names})."
    )
    yield ctx.finding(META, component.id, message, subjects=(component.id, *destinations))
