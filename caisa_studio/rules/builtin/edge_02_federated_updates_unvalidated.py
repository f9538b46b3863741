"""R-EDGE-02: a federated aggregator merges client updates without validation or secure aggregation."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.model import Component, Zone
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity
from caisa_studio.rules.predicates_b import join_names, others

META = RuleMeta(
    id="R-EDGE-02",
    title="Federated updates aggregated without validation or secure aggregation",
    severity=Severity.HIGH,
    scope="component",
    why=(
        "In federated learning the clients are outside your control, and each one contributes directly "
        "to the shared model. One malicious client can push a backdoor or degrade the model unless "
        "updates are checked and aggregated robustly, and updates read in the clear can reveal what "
        "individual clients trained on."
    ),
    fix=(
        "Authenticate clients, screen updates for anomalies and aggregate robustly (clipping, "
        "trimmed mean or similar), and use secure aggregation with differential-privacy noise."
    ),
    references=(
        Reference("atlas", "AML.T0020"),
        Reference("atlas", "AML.T0018.000"),
        Reference("atlas", "AML.M0007"),
        Reference("owasp-ml", "ML10:2023"),
        Reference("owasp-ml", "ML04:2023"),
        Reference("nist-aml", "NISTAML.011"),
        Reference("nist-aml", "NISTAML.026"),
        Reference("cosai", "riskFederatedDistributedTrainingPrivacy"),
    ),
)

_CLIENT_ZONES = frozenset({Zone.DEVICE, Zone.EXTERNAL})


def candidates(ctx: RuleContext) -> frozenset[str]:
    """Only federated aggregators can raise it."""
    return ctx.facts.capable_of_any("aggregates_updates")


def check(ctx: RuleContext, component: Component) -> Iterator[Finding]:
    facts = ctx.facts
    if not facts.capable(component, "aggregates_updates"):
        return
    clients = sorted(
        {
            facts.other_end(flow, component.id).id
            for flow in facts.inbound(component)
            if facts.zone_of(facts.other_end(flow, component.id)) in _CLIENT_ZONES
        }
    )
    if not clients:
        return
    gaps = []
    if not facts.satisfied(component, "data_validation"):
        gaps.append("no update validation or robust aggregation")
    if not facts.satisfied(component, "pet"):
        gaps.append("no secure aggregation or differential privacy")
    if not gaps:
        return
    message = (
        f"{facts.label(component.id)} accepts client updates that could poison the global model or leak "
        f"client data: updates from {facts.label(clients[0])}{others(len(clients) - 1, 'client')} "
        f"arrive with {join_names(gaps)}."
    )
    yield ctx.finding(META, component.id, message, subjects=(component.id, *clients))
