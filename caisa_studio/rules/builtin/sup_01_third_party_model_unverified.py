"""R-SUP-01: model files from a third party are loaded without integrity checks or safe loading."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.model import Component, DataFlow
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity

META = RuleMeta(
    id="R-SUP-01",
    title="Third-party model used without verification",
    severity=Severity.CRITICAL,
    scope="flow",
    why=(
        "Weights downloaded from a public hub or supplied by a vendor are code as much as data: common "
        "serialisation formats execute instructions when loaded, and a tampered or typo-squatted model can "
        "carry a backdoor that passes normal tests. Loading such files without checking their digest and "
        "signature, and without a safe loader, hands whoever controls the source a way into your platform "
        "and your model's behaviour."
    ),
    fix=(
        "Pin third-party models by digest, verify publisher signatures, scan the files, prefer "
        "non-executable formats such as safetensors, load them in an isolated environment and record each "
        "one in the AI inventory."
    ),
    references=(
        Reference("atlas", "AML.T0010.003"),
        Reference("atlas", "AML.T0058"),
        Reference("atlas", "AML.T0011.000"),
        Reference("atlas", "AML.T0018.002"),
        Reference("atlas", "AML.M0013"),
        Reference("atlas", "AML.M0014"),
        Reference("atlas", "AML.M0011"),
        Reference("atlas", "AML.M0016"),
        Reference("owasp-llm", "LLM03:2025"),
        Reference("owasp-ml", "ML06:2023"),
        Reference("owasp-ml", "ML07:2023"),
        Reference("nist-ai-rmf", "MANAGE 3.2"),
        Reference("nist-ai-rmf", "GOVERN 6.1"),
        Reference("nist-aml", "NISTAML.051"),
        Reference("cosai", "riskModelSourceTampering"),
        Reference("cosai", "riskMaliciousLoaderDeserialization"),
        Reference("eu-ai-act", "Art. 15(5)"),
    ),
)


def candidates(ctx: RuleContext) -> frozenset[str]:
    """Only flows into something that holds model weights can raise it."""
    return ctx.facts.flows_touching(ctx.facts.capable_ids("stores_model_weights"))


def check(ctx: RuleContext, flow: DataFlow) -> Iterator[Finding]:
    facts = ctx.facts
    components = ctx.design.components
    ends = [(components[flow.source], components[flow.target])]
    if flow.bidirectional:
        ends.append((components[flow.target], components[flow.source]))
    for supplier, loader in ends:
        if not (_supplies_third_party_model(ctx, supplier) and facts.capable(loader, "stores_model_weights")):
            continue
        verified = facts.satisfied(flow, "artifact_signing") or facts.satisfied(loader, "artifact_signing")
        safely_loaded = facts.satisfied(loader, "safe_loading")
        if verified and safely_loaded:
            continue
        if not verified and not safely_loaded:
            gap = "without checking integrity or loading them safely"
        elif not verified:
            gap = "without checking their integrity (digest and signature)"
        else:
            gap = "without loading them safely (scanning, non-executable formats, isolation)"
        message = f"{facts.label(loader.id)} loads model files from {facts.label(supplier.id)} {gap}."
        yield ctx.finding(META, flow.id, message, subjects=(flow.id, loader.id, supplier.id))
        return


def _supplies_third_party_model(ctx: RuleContext, component: Component) -> bool:
    """An external model source, or a component holding a model whose recorded origin is a public hub."""
    facts = ctx.facts
    if facts.capable(component, "supplies_models"):
        return True
    from_hub = facts.prop(component, "origin") == "public_hub"
    return from_hub and facts.capable(component, "stores_model_weights")
