"""R-PRIV-04: a model is trained on personal data without privacy-enhancing techniques."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.analysis.paths import nearest
from caisa_studio.model import Component
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity
from caisa_studio.rules.predicates_a import is_model_runtime, is_personal

META = RuleMeta(
    id="R-PRIV-04",
    title="Model trained on personal data without privacy techniques",
    severity=Severity.MEDIUM,
    scope="component",
    why=(
        "Models memorise parts of their training data. Trained on personal records without protection, a "
        "model can repeat them verbatim, reveal attributes of individuals or let an attacker test whether a "
        "given person was in the training set. Raised to high when the resulting model is served to callers "
        "who come in from the internet, because anyone can then run such probing queries."
    ),
    fix=(
        "Train with differential privacy or on de-identified or synthetic data, minimise what the served "
        "model returns (labels rather than scores), and run a privacy audit such as membership-inference "
        "testing before release."
    ),
    references=(
        Reference("atlas", "AML.T0024.000"),
        Reference("atlas", "AML.T0024.001"),
        Reference("atlas", "AML.M0002"),
        Reference("owasp-ml", "ML03:2023"),
        Reference("owasp-ml", "ML04:2023"),
        Reference("owasp-llm", "LLM02:2025"),
        Reference("nist-ai-rmf", "MEASURE 2.10"),
        Reference("nist-aml", "NISTAML.032"),
        Reference("nist-aml", "NISTAML.033"),
        Reference("cosai", "riskInferredSensitiveData"),
        Reference("cosai", "riskSensitiveDataDisclosure"),
    ),
    reach="global",
)


def candidates(ctx: RuleContext) -> frozenset[str]:
    """Only training jobs can raise it."""
    return ctx.facts.capable_of_any("trains_model")


def check(ctx: RuleContext, component: Component) -> Iterator[Finding]:
    facts = ctx.facts
    if not facts.capable(component, "trains_model") or facts.satisfied(component, "pet"):
        return
    # Data already de-identified (or synthesised) by the stage that feeds the trainer needs no more.
    personal = [
        flow
        for flow in facts.inbound(component)
        if is_personal(facts.carried_data(flow))
        and not facts.satisfied(facts.other_end(flow, component.id), "pet")
    ]
    if not personal:
        return
    name = facts.label(component.id)
    senders = tuple(dict.fromkeys(facts.other_end(f, component.id).id for f in personal))
    exposed = _served_to_internet(ctx, component)
    if exposed is None:
        message = f"The model from {name} may leak or reveal membership of the people in its training data."
        yield ctx.finding(META, component.id, message, subjects=(component.id, *senders))
        return
    message = (
        f"The model from {name} may leak or reveal membership of the people in its training data, and it "
        f"is served by {facts.label(exposed)}, which callers from the internet can reach."
    )
    yield ctx.finding(
        META, component.id, message, severity=Severity.HIGH, subjects=(component.id, exposed, *senders)
    )


def _served_to_internet(ctx: RuleContext, trainer: Component) -> str | None:
    """A model runtime downstream of the trainer (along flows: registry, deployment, serving) that is
    itself reachable from an internet entry point, or None."""
    facts = ctx.facts
    public = facts.reachable(facts.entries())
    components = facts.design.components

    def served_publicly(node: str) -> bool:
        return node != trainer.id and node in public and is_model_runtime(facts, components[node])

    # The nearest such runtime: the search stops at its level instead of covering the design.
    found = nearest(facts.topo.graph, [trainer.id], served_publicly)
    return found[0] if found else None
