"""R-EDGE-01: model weights on devices can be copied or replaced."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.model import Component, DataFlow, Zone
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity
from caisa_studio.rules.predicates_b import current

META = RuleMeta(
    id="R-EDGE-01",
    title="Model weights on devices without protection",
    severity=Severity.MEDIUM,
    scope="component",
    why=(
        "Whoever holds a phone, appliance or edge box can read its storage and change its software. "
        "Weights kept there in the clear can be copied and reused, and a model update that the device "
        "does not verify can be replaced by a tampered one that behaves differently."
    ),
    fix=(
        "Sign model packages and verify the signature on the device before loading, keep weights in "
        "encrypted storage, and use a trusted execution environment where the hardware offers one."
    ),
    references=(
        Reference("atlas", "AML.T0044"),
        Reference("atlas", "AML.T0041"),
        Reference("atlas", "AML.T0048.004"),
        Reference("atlas", "AML.M0017"),
        Reference("atlas", "AML.M0012"),
        Reference("atlas", "AML.M0013"),
        Reference("owasp-ml", "ML05:2023"),
        Reference("cosai", "riskModelExfiltration"),
    ),
)

_MODEL_SENDERS = ("deploys_models", "stores_model_weights", "supplies_models")


def candidates(ctx: RuleContext) -> frozenset[str]:
    """Only components holding weights can raise it."""
    return ctx.facts.capable_of_any("stores_model_weights")


def check(ctx: RuleContext, component: Component) -> Iterator[Finding]:
    facts = ctx.facts
    if facts.zone_of(component) is not Zone.DEVICE or not facts.capable(component, "stores_model_weights"):
        return
    if "model_weights" not in facts.held_data(component).tags:
        return
    reasons: list[str] = []
    effects: list[str] = []
    # Unencrypted storage of a component that keeps data at rest is R-ENC-01's finding; here only
    # weights held in memory (no encryption at rest to ask for) need confidential computing.
    copyable = not (
        facts.satisfied(component, "enc_at_rest") or facts.satisfied(component, "confidential_compute")
    )
    if copyable and not facts.capable(component, "persists_data"):
        effects.append("copied")
        reasons.append("they are neither encrypted nor kept in a trusted execution environment")
    unsigned = [] if facts.satisfied(component, "artifact_signing") else _unsigned_model_flows(ctx, component)
    if unsigned:
        effects.append("swapped")
        sender = facts.other_end(unsigned[0], component.id)
        reasons.append(f"updates from {facts.label(sender.id)} are not signature-checked")
    if not effects:
        return
    message = (
        f"Weights shipped to {facts.label(component.id)} can be {' or '.join(effects)}: {'; '.join(reasons)}."
    )
    yield ctx.finding(META, component.id, message, subjects=(component.id, *(f.id for f in unsigned)))


def _unsigned_model_flows(ctx: RuleContext, component: Component) -> list[DataFlow]:
    """Inbound flows that deliver weights (declared, or from a component that ships models) unsigned."""
    facts = ctx.facts
    found = []
    for flow in sorted(current(facts, facts.inbound(component)), key=lambda f: f.id):
        if facts.satisfied(flow, "artifact_signing"):
            continue
        sender = facts.other_end(flow, component.id)
        if flow.carries:
            delivers = "model_weights" in facts.carried_data(flow).tags
        else:
            delivers = any(facts.capable(sender, c) for c in _MODEL_SENDERS)
        if delivers:
            found.append(flow)
    return found
