"""R-ID-01: model weights reachable from the internet without any authentication on the way."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.model import Component, Zone
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity
from caisa_studio.rules.predicates_a import unauthenticated_entries

META = RuleMeta(
    id="R-ID-01",
    title="Model weights reachable from the internet without authentication",
    severity=Severity.CRITICAL,
    scope="component",
    why=(
        "Trained weights are the most concentrated asset of an AI system: whoever can call the component "
        "that holds them can try to download, copy or probe them. If a request from the internet can travel "
        "to a registry, training job, notebook or serving endpoint without any hop checking who is calling, "
        "theft of the model needs no stolen credentials at all."
    ),
    fix=(
        "Authenticate every caller at the entry point (gateway or application) or on the flow, keep the "
        "component holding the weights on a private network, and require authorization for reading or "
        "exporting model artifacts."
    ),
    references=(
        Reference("atlas", "AML.T0049"),
        Reference("atlas", "AML.T0044"),
        Reference("atlas", "AML.T0048.004"),
        Reference("atlas", "AML.M0005"),
        Reference("atlas", "AML.M0019"),
        Reference("owasp-ml", "ML05:2023"),
        Reference("nist-ai-rmf", "MEASURE 2.7"),
        Reference("cosai", "riskModelExfiltration"),
        Reference("eu-ai-act", "Art. 15(5)"),
    ),
    reach="global",
    path_rule=True,
)


def candidates(ctx: RuleContext) -> frozenset[str]:
    """Only components holding weights can raise it."""
    return ctx.facts.capable_of_any("stores_model_weights")


def check(ctx: RuleContext, component: Component) -> Iterator[Finding]:
    facts = ctx.facts
    if not facts.capable(component, "stores_model_weights"):
        return
    # Weights on a device the attacker may hold are R-EDGE-01's concern, not a network-path question.
    if facts.zone_of(component) is Zone.DEVICE:
        return
    if "model_weights" not in facts.held_data(component).tags:
        return
    # An entry that authenticates its internet callers (itself, or on every drawn internet flow) guards
    # every path it starts; the search starts from the entries that do not.
    path = facts.unguarded(unauthenticated_entries(facts), "authn").get(component.id)
    if path is None:
        return
    name = facts.label(component.id)
    if len(path) == 1:
        message = (
            f"Weights in {name} can be reached straight from the internet: it is internet-facing and "
            "does not authenticate its callers."
        )
    else:
        message = (
            f"Weights in {name} can be reached from {facts.label(path[0])} with no authentication step "
            "on the way."
        )
    subjects = (component.id, path[0]) if len(path) > 1 else (component.id,)
    yield ctx.finding(META, component.id, message, subjects=subjects, path=path)
