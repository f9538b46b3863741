"""R-GOV-04: a model we store or serve has no model or system card."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.model import Component
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity
from caisa_studio.rules.predicates_a import model_registry_ids
from caisa_studio.rules.predicates_c import is_model_registry

META = RuleMeta(
    id="R-GOV-04",
    title="Deployed model without documentation",
    severity=Severity.LOW,
    scope="component",
    why=(
        "People who build on, operate, audit or are affected by a model need to know what it is for, what "
        "data shaped it, how it was evaluated and where it fails. Without a model or system card, models "
        "get reused outside their intended purpose, known limitations are rediscovered in production, and "
        "regulators' documentation duties cannot be met."
    ),
    fix=(
        "Keep a model card with each registered model and a system card for each deployment: intended "
        "use and users, training data summary, evaluation results, known limitations and risks, and "
        "contact owner."
    ),
    references=(
        Reference("nist-ai-rmf", "MAP 2.2"),
        Reference("nist-ai-rmf", "MEASURE 2.9"),
        Reference("eu-ai-act", "Art. 11"),
        Reference("eu-ai-act", "Art. 13"),
        Reference("iso-42001", "A.6.2.7"),
        Reference("iso-42001", "A.8.2"),
        Reference("cosai", "controlUserTransparencyAndControls"),
    ),
    reach="global",
)


def candidates(ctx: RuleContext) -> frozenset[str]:
    """Only registries and endpoints holding weights can raise it."""
    return ctx.facts.capable_of_any("stores_model_weights")


def check(ctx: RuleContext, component: Component) -> Iterator[Finding]:
    facts = ctx.facts
    registry = is_model_registry(facts, component)
    # Models we serve ourselves (a provider documents its own hosted API).
    deployed = (
        facts.capable(component, "serves_model")
        and facts.capable(component, "stores_model_weights")
        and not facts.is_third_party(component)
    )
    if not (registry or deployed) or facts.satisfied(component, "transparency"):
        return
    if deployed and _documented_upstream(ctx, component):
        return
    card = "model card" if registry else "system card"
    message = f"{facts.label(component.id)} has no {card} describing purpose, data and limits."
    yield ctx.finding(META, component.id, message)


def _documented_upstream(ctx: RuleContext, endpoint: Component) -> bool:
    """The served model comes from a registry that keeps its documentation."""
    facts = ctx.facts

    def compute() -> frozenset[str]:
        components = ctx.design.components
        documented = [r for r in model_registry_ids(facts) if facts.satisfied(components[r], "transparency")]
        return frozenset(facts.reachable(documented)) if documented else frozenset()

    return endpoint.id in facts.memo(("R-GOV-04", "downstream of documented registries"), compute)
