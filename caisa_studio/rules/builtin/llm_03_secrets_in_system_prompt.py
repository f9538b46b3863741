"""R-LLM-03: the system prompt of an orchestrator or agent holds secrets or confidential material."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.model import Component
from caisa_studio.model.enums import CLASSIFICATION_LEVEL, Classification
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity
from caisa_studio.rules.predicates_b import join_names

META = RuleMeta(
    id="R-LLM-03",
    title="Secrets or access rules live in the system prompt",
    severity=Severity.MEDIUM,
    scope="component",
    why=(
        "Models can be talked into repeating their instructions, so anything written into a system "
        "prompt should be assumed readable by every user. API keys, internal details or access rules "
        "placed there leak, and rules enforced only by prompt text can be argued away."
    ),
    fix=(
        "Remove secrets and confidential details from the prompt, keep keys in a secrets manager, "
        "enforce authorization in code outside the model, and write prompts as if they were public."
    ),
    references=(
        Reference("atlas", "AML.T0056"),
        Reference("atlas", "AML.T0069.002"),
        Reference("owasp-llm", "LLM07:2025"),
        Reference("nist-ai-rmf", "MEASURE 2.7"),
        Reference("nist-aml", "NISTAML.035"),
        Reference("cosai", "riskSensitiveDataDisclosure"),
    ),
)

_CONFIDENTIAL = CLASSIFICATION_LEVEL[Classification.CONFIDENTIAL]


def candidates(ctx: RuleContext) -> frozenset[str]:
    """Only orchestrators and agents can raise it."""
    return ctx.facts.capable_of_any("orchestrates", "plans_actions")


def check(ctx: RuleContext, component: Component) -> Iterator[Finding]:
    facts = ctx.facts
    if not (facts.capable(component, "orchestrates") or facts.capable(component, "plans_actions")):
        return
    # The prompt it holds, or sends to its model: declared data assets tagged system_prompt.
    asset_ids = list(component.holds)
    for flow in facts.outbound(component):
        asset_ids.extend(flow.carries)
    leaking = []
    for asset_id in dict.fromkeys(asset_ids):
        asset = ctx.design.data_assets.get(asset_id)
        if asset is None or "system_prompt" not in asset.tags:
            continue
        if "credentials" in asset.tags or CLASSIFICATION_LEVEL[asset.classification] >= _CONFIDENTIAL:
            leaking.append(asset)
    if not leaking:
        return
    details = join_names([f"{facts.label(a.id)} ({_why_secret(a.tags, a.classification)})" for a in leaking])
    message = (
        f"The instructions of {facts.label(component.id)} contain material that must not leak; assume "
        f"users can read them: {details}."
    )
    yield ctx.finding(META, component.id, message, subjects=(component.id, *(a.id for a in leaking)))


def _why_secret(tags: list[str], classification: Classification) -> str:
    if "credentials" in tags:
        return "credentials"
    return classification.value
