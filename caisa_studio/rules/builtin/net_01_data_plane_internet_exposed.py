"""R-NET-01: a DATA or MGMT component is exposed to the internet or third parties without a gateway."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.model import Component, Zone
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity
from caisa_studio.rules.predicates_b import others

META = RuleMeta(
    id="R-NET-01",
    title="Data or ML plane reachable straight from the internet",
    severity=Severity.HIGH,
    scope="component",
    why=(
        "Data stores, training systems, registries and the security control plane hold the crown "
        "jewels and are rarely built to face hostile traffic. Connected straight to the internet or a "
        "third party, with no gateway tier and no network segmentation, a single leaked credential or "
        "unpatched service is enough to reach them."
    ),
    fix=(
        "Keep the data and management zones private: use private endpoints and zone firewalls, and "
        "route any outside access through a gateway in the ingress or application tier."
    ),
    references=(
        Reference("atlas", "AML.T0049"),
        Reference("atlas", "AML.T0044"),
        Reference("atlas", "AML.M0005"),
        Reference("owasp-ml", "ML05:2023"),
        Reference("nist-ai-rmf", "MEASURE 2.7"),
        Reference("cosai", "riskModelExfiltration"),
    ),
    reach="global",
    path_rule=True,
)

_OUTSIDE = frozenset({Zone.PUBLIC, Zone.EXTERNAL})
_INSIDE = frozenset({Zone.DATA, Zone.MGMT})


def candidates(ctx: RuleContext) -> frozenset[str]:
    """Only components in the DATA or MGMT zone can raise it."""
    zones = ctx.facts.topo.zones
    return ctx.facts.topo.cached(
        ("R-NET-01", "inside"), lambda: frozenset(c for c, zone in zones.items() if zone in _INSIDE)
    )


def check(ctx: RuleContext, component: Component) -> Iterator[Finding]:
    facts = ctx.facts
    zone = facts.zone_of(component)
    if zone not in _INSIDE or facts.satisfied(component, "segmentation"):
        return
    direct = sorted(
        (
            flow
            for flow in facts.inbound(component)
            if facts.zone_of(facts.other_end(flow, component.id)) in _OUTSIDE
        ),
        key=lambda flow: flow.id,
    )
    name = facts.label(component.id)
    if direct:
        flow = direct[0]
        outside = facts.other_end(flow, component.id)
        message = (
            f"{name} in the {zone.value} zone is exposed directly to {facts.label(outside.id)}"
            f"{others(len(direct) - 1, 'outside connection')}."
        )
        path = (outside.id, flow.id, component.id)
        yield ctx.finding(
            META, component.id, message, subjects=(component.id, flow.id, outside.id), path=path
        )
    elif zone is Zone.DATA and facts.prop(component, "internet_facing") is True:
        message = (
            f"{name} in the {zone.value} zone is exposed directly to the internet (marked internet-facing)."
        )
        yield ctx.finding(META, component.id, message, path=(component.id,))
