"""R-GOV-01: models reach serving from training (or the registry) without an evaluation gate."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.model import Component
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity
from caisa_studio.rules.predicates_c import is_model_registry, paths_avoiding

META = RuleMeta(
    id="R-GOV-01",
    title="Model promoted without an evaluation gate",
    severity=Severity.MEDIUM,
    scope="component",
    why=(
        "Training and fine-tuning can silently make a model worse: poisoned or skewed data, a backdoor, "
        "or safety behaviour undone by fine-tuning. If new versions can reach serving without recorded "
        "safety, security and quality tests that block release on failure, the first evaluation happens "
        "in production, on real users."
    ),
    fix=(
        "Put an evaluation and red-team stage between training and serving that records its results and "
        "blocks promotion when tests fail; protect the evaluation sets from tampering."
    ),
    references=(
        Reference("atlas", "AML.M0008"),
        Reference("owasp-llm", "LLM04:2025"),
        Reference("nist-ai-rmf", "MEASURE 2.3"),
        Reference("nist-ai-rmf", "MEASURE 2.5"),
        Reference("nist-ai-rmf", "MEASURE 2.7"),
        Reference("cosai", "riskEvaluationBenchmarkManipulation"),
        Reference("cosai", "controlRedTeaming"),
        Reference("eu-ai-act", "Art. 9(6)"),
        Reference("eu-ai-act", "Art. 9(7)"),
        Reference("eu-ai-act", "Art. 9(8)"),
        Reference("eu-ai-act", "Art. 15"),
        Reference("iso-42001", "A.6.2.4"),
    ),
    reach="global",
    path_rule=True,
)


def check(ctx: RuleContext, source: Component) -> Iterator[Finding]:
    facts = ctx.facts
    components = ctx.design.components
    if not facts.capable(source, "trains_model"):
        if not is_model_registry(facts, source):
            return
        # A registry fed by training is covered by the training job's own finding (and a gate between
        # training and the registry evaluates what the registry holds).
        trainers = [c.id for c in components.values() if facts.capable(c, "trains_model")]
        if source.id in facts.reachable(trainers):
            return
    if facts.satisfied(source, "evaluation_gate"):
        return
    paths = paths_avoiding(
        facts,
        [source.id],
        node_blocks=lambda c: facts.capable(c, "evaluates_models") or facts.satisfied(c, "evaluation_gate"),
        flow_blocks=lambda f: facts.satisfied(f, "evaluation_gate"),
    )
    targets = [
        t
        for t in paths
        if t != source.id
        and facts.capable(components[t], "serves_model")
        and not facts.is_third_party(components[t])
    ]
    if not targets:
        return
    target = min(targets, key=lambda t: (len(paths[t]), t))
    message = (
        f"Models reach {facts.label(target)} from {facts.label(source.id)} without recorded safety and "
        "security tests."
    )
    if len(targets) > 1:
        more = "endpoint is" if len(targets) == 2 else "endpoints are"
        message += f" {len(targets) - 1} more serving {more} reached the same way."
    yield ctx.finding(META, source.id, message, subjects=(source.id, *sorted(targets)), path=paths[target])
