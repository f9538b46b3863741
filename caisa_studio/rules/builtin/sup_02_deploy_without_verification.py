"""R-SUP-02: models travel from the registry to serving with no signature check on the way."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.model import Component
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity
from caisa_studio.rules.predicates_a import is_model_runtime, model_registry_ids

META = RuleMeta(
    id="R-SUP-02",
    title="Model deployed without artifact verification",
    severity=Severity.HIGH,
    scope="component",
    why=(
        "Between the registry, where a model version is approved, and the endpoint or device that runs it, "
        "the files pass through pipelines, caches and storage that can be tampered with. If nothing on that "
        "route checks a signature, a swapped or modified model goes live with the approved version's "
        "name, and nobody notices until it misbehaves."
    ),
    fix=(
        "Sign model artifacts when they are registered, verify the signature in the deployment pipeline "
        "and again when the runtime loads them, keep versions immutable and admit only signed artifacts."
    ),
    references=(
        Reference("atlas", "AML.T0010.003"),
        Reference("atlas", "AML.T0010.004"),
        Reference("atlas", "AML.T0018"),
        Reference("atlas", "AML.M0013"),
        Reference("owasp-llm", "LLM03:2025"),
        Reference("nist-ai-rmf", "MEASURE 2.7"),
        Reference("cosai", "riskModelDeploymentTampering"),
    ),
    reach="global",
    path_rule=True,
)


def candidates(ctx: RuleContext) -> frozenset[str]:
    """Only runtimes holding weights can raise it."""
    return ctx.facts.capable_of_any("stores_model_weights")


def check(ctx: RuleContext, component: Component) -> Iterator[Finding]:
    facts = ctx.facts
    if not is_model_runtime(facts, component) or not facts.capable(component, "stores_model_weights"):
        return
    registries = model_registry_ids(facts)
    if not registries:
        return
    # Signing at the registry alone is not enough: something after it (the flow, the deployment
    # pipeline or the runtime) has to verify, so the registry's own control does not guard the path.
    path = facts.unguarded(registries, "artifact_signing").get(component.id)
    if path is None or len(path) == 1:
        return
    registry = path[0]
    message = (
        f"What runs in {facts.label(component.id)} is not checked against what was approved in "
        f"{facts.label(registry)}."
    )
    yield ctx.finding(META, component.id, message, subjects=(component.id, registry), path=path)
