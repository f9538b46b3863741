"""R-SUP-03: a serving endpoint merges adapters at run time without verifying them."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.model import Component
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity

META = RuleMeta(
    id="R-SUP-03",
    title="Adapters loaded at run time without integrity checks",
    severity=Severity.HIGH,
    scope="component",
    why=(
        "LoRA and similar adapters are small weight files that change what a model does once merged. An "
        "endpoint that loads them on demand without checking where they came from will run a trojaned "
        "adapter as readily as a genuine one, and the change is invisible in the base model that was "
        "originally reviewed."
    ),
    fix=(
        "Sign adapters when they are built and verify the signature before loading, allow-list the places "
        "adapters may come from, and evaluate every adapter before it is enabled."
    ),
    references=(
        Reference("atlas", "AML.T0018.000"),
        Reference("atlas", "AML.M0013"),
        Reference("atlas", "AML.M0014"),
        Reference("owasp-llm", "LLM04:2025"),
        Reference("owasp-llm", "LLM03:2025"),
        Reference("nist-ai-rmf", "MEASURE 2.7"),
        Reference("cosai", "riskAdapterPEFTInjection"),
    ),
)


def candidates(ctx: RuleContext) -> frozenset[str]:
    """Only models can raise it."""
    return ctx.facts.capable_of_any("serves_model")


def check(ctx: RuleContext, component: Component) -> Iterator[Finding]:
    facts = ctx.facts
    if not facts.capable(component, "serves_model") or facts.prop(component, "loads_adapters") is not True:
        return
    if facts.satisfied(component, "artifact_signing"):
        return
    name = facts.label(component.id)
    message = f"{name} merges adapters that nobody verified; a trojaned adapter changes the model."
    yield ctx.finding(META, component.id, message)
