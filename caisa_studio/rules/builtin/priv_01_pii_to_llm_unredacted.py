"""R-PRIV-01: personal data reaches a generative model without redaction on the way."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.analysis import path_nodes
from caisa_studio.model import Component, Zone
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity
from caisa_studio.rules.predicates_a import (
    PERSONAL_TAGS,
    is_personal,
    join_names,
    personal_data_origins,
    unguarded_from,
)

META = RuleMeta(
    id="R-PRIV-01",
    title="Personal data reaches an LLM without redaction",
    severity=Severity.HIGH,
    scope="component",
    why=(
        "Whatever personal data is placed in a prompt can be logged by the model service, kept by its "
        "provider, repeated in an answer to someone else or extracted by a crafted prompt. Models rarely "
        "need names, contact details or health facts to do their job, so sending them unmasked creates "
        "privacy exposure without any benefit."
    ),
    fix=(
        "Detect and mask or tokenise personal data before it reaches the model (in the guardrail, AI "
        "gateway or orchestrator), send only the context the task needs, and use an endpoint formally "
        "approved for personal data with zero-retention terms where the data is truly required."
    ),
    references=(
        Reference("atlas", "AML.T0057"),
        Reference("atlas", "AML.M0020"),
        Reference("owasp-llm", "LLM02:2025"),
        Reference("nist-ai-rmf", "MEASURE 2.10"),
        Reference("nist-ai-600-1", "Data Privacy"),
        Reference("cosai", "riskSensitiveDataDisclosure"),
        Reference("cosai", "riskExcessiveDataHandlingDuringInference"),
    ),
    reach="global",
    path_rule=True,
)


def candidates(ctx: RuleContext) -> frozenset[str]:
    """Only models can raise it."""
    return ctx.facts.capable_of_any("serves_model")


def check(ctx: RuleContext, component: Component) -> Iterator[Finding]:
    facts = ctx.facts
    if not (facts.capable(component, "serves_model") and facts.is_generative(component)):
        return
    # A model running on the user's own device keeps their data local.
    if facts.zone_of(component) is Zone.DEVICE:
        return
    if facts.prop(component, "approved_for_pii") is True or facts.satisfied(component, "pii_redaction"):
        return
    personal_inbound = [
        flow
        for flow in facts.inbound(component)
        if is_personal(facts.carried_data(flow)) and not facts.satisfied(flow, "pii_redaction")
    ]
    if not personal_inbound:
        return
    reached = unguarded_from(facts, personal_data_origins(facts), "pii_redaction")
    # The path must end with a flow that is declared to carry personal data into the model.
    candidates = []
    for flow in personal_inbound:
        sender = facts.other_end(flow, component.id).id
        upstream = reached.get(sender)
        if upstream is not None and component.id not in path_nodes(upstream):
            candidates.append((*upstream, flow.id, component.id))
    if not candidates:
        return
    path = min(candidates, key=lambda p: (len(p), p))
    origin = path[0]
    last_flow = ctx.design.flows[path[-2]]
    personal = [
        asset.name or asset.id
        for asset in (ctx.design.data_assets.get(a) for a in last_flow.carries)
        if asset is not None and set(asset.tags) & PERSONAL_TAGS
    ]
    message = (
        f"Personal data from {facts.label(origin)} ({join_names(personal)}) is sent to "
        f"{facts.label(component.id)} without minimisation."
    )
    yield ctx.finding(META, component.id, message, subjects=(component.id, origin), path=path)
