"""R-ID-03: a data or model store holding sensitive content has no authorization checks."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.model import Component
from caisa_studio.rules.builtin.enc_01_unencrypted_store import describe_data
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity

META = RuleMeta(
    id="R-ID-03",
    title="Data or model store without authorization",
    severity=Severity.HIGH,
    scope="component",
    why=(
        "Datasets, feature and vector stores, model registries, agent memory, caches and logs are where an "
        "AI system keeps what matters. Without per-operation access checks, any service or person that can "
        "reach the store can read confidential content or quietly change it, poisoning training data, "
        "swapping a model or planting text that later ends up in prompts."
    ),
    fix=(
        "Enforce deny-by-default authorization on the store: named roles per service, separate read and "
        "write permissions, no shared service accounts, and write access to models and datasets limited "
        "to the pipelines that produce them."
    ),
    references=(
        Reference("atlas", "AML.T0025"),
        Reference("atlas", "AML.T0020"),
        Reference("atlas", "AML.M0005"),
        Reference("owasp-ml", "ML02:2023"),
        Reference("owasp-llm", "LLM02:2025"),
        Reference("nist-ai-rmf", "MEASURE 2.7"),
        Reference("cosai", "riskModelSourceTampering"),
        Reference("cosai", "riskDataPoisoning"),
    ),
)


def candidates(ctx: RuleContext) -> frozenset[str]:
    """Only data stores can raise it."""
    return ctx.facts.capable_of_any("data_store")


def check(ctx: RuleContext, component: Component) -> Iterator[Finding]:
    facts = ctx.facts
    if not facts.capable(component, "data_store") or facts.satisfied(component, "authz"):
        return
    held = facts.held_data(component)
    if not held.is_sensitive(facts.sensitive_tags):
        return
    name = facts.label(component.id)
    message = (
        f"Anyone who can reach {name} can read or change {describe_data(ctx, held)}: "
        "it has no authorization checks."
    )
    yield ctx.finding(META, component.id, message)
