"""R-ENC-02: a data flow crosses a trust boundary without encryption in transit."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.model import DataFlow
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity

META = RuleMeta(
    id="R-ENC-02",
    title="Unencrypted flow across a trust boundary",
    severity=Severity.HIGH,
    scope="flow",
    why=(
        "Where data leaves one trust zone for another it travels over networks that neither side fully "
        "controls; in clear text it can be read or altered on the way (prompts, answers, tool calls, "
        "model files). Raised to critical when the flow carries credentials, special-category personal "
        "data or model weights."
    ),
    fix=(
        "Encrypt the flow with TLS 1.2 or later (mutual TLS between services) and use private "
        "endpoints for cloud services."
    ),
    references=(
        Reference("atlas", "AML.T0025"),
        Reference("atlas", "AML.M0012"),
        Reference("owasp-agentic", "ASI07"),
        Reference("nist-ai-rmf", "MEASURE 2.7"),
        Reference("cosai", "riskMCPTransportHijacking"),
    ),
)

_CRITICAL_TAGS = frozenset({"credentials", "spi", "model_weights"})


def candidates(ctx: RuleContext) -> frozenset[str]:
    """Only flows that cross a trust boundary without encryption in transit can raise it."""
    return ctx.facts.crossing_flows() - ctx.facts.satisfying("enc_in_transit")[1]


def check(ctx: RuleContext, flow: DataFlow) -> Iterator[Finding]:
    facts = ctx.facts
    if not facts.crosses(flow) or facts.satisfied(flow, "enc_in_transit"):
        return
    carried = facts.carried_data(flow)
    severity = Severity.CRITICAL if carried.tags & _CRITICAL_TAGS else META.severity
    source = ctx.design.components[flow.source]
    target = ctx.design.components[flow.target]
    crossing = _crossing_name(ctx, source.id, target.id)
    message = (
        f"Data moving from {facts.label(source.id)} to {facts.label(target.id)} "
        f"crosses {crossing} in clear text."
    )
    yield ctx.finding(META, flow.id, message, severity=severity, subjects=(flow.id, source.id, target.id))


def _crossing_name(ctx: RuleContext, source_id: str, target_id: str) -> str:
    """Name the boundary being entered, or the pair of zones when no boundary is drawn."""
    facts = ctx.facts
    source = ctx.design.components[source_id]
    target = ctx.design.components[target_id]
    entered = facts.boundary_of(target) or facts.boundary_of(source)
    if entered is not None and entered.name:
        return f"the {entered.name} boundary ({entered.zone.value})"
    return f"from the {facts.zone_of(source).value} zone into the {facts.zone_of(target).value} zone"
