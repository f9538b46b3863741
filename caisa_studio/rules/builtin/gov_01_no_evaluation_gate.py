"""R-GOV-01: models reach serving from training (or the registry) without an evaluation gate."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from caisa_studio.analysis import DesignFacts
from caisa_studio.analysis.paths import nearest
from caisa_studio.analysis.reach import ReachMasks
from caisa_studio.model import Component
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity
from caisa_studio.rules.predicates_c import is_model_registry

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


def candidates(ctx: RuleContext) -> frozenset[str]:
    """Only training jobs and model registries can raise it."""
    return ctx.facts.capable_of_any("trains_model", "stores_model_weights")


def check(ctx: RuleContext, source: Component) -> Iterator[Finding]:
    facts = ctx.facts
    if not facts.capable(source, "trains_model"):
        if not is_model_registry(facts, source):
            return
        # A registry fed by training is covered by the training job's own finding (and a gate between
        # training and the registry evaluates what the registry holds).
        if source.id in facts.reachable(facts.capable_ids("trains_model")):
            return
    if facts.satisfied(source, "evaluation_gate"):
        return
    ungated = _ungated(facts)
    reached = ungated.reach.from_source(source.id)
    if not reached:
        return
    targets = sorted(ungated.reach.members(reached))
    found = nearest(
        facts.topo.graph,
        [source.id],
        lambda node: node != source.id and node in ungated.targets,
        blocked_node=ungated.blocked_nodes.__contains__,
        blocked_flow=ungated.blocked_flows.__contains__,
    )
    if found is None:  # cannot happen: the reach masks say a target is reachable
        return
    target, path = found
    message = (
        f"Models reach {facts.label(target)} from {facts.label(source.id)} without recorded safety and "
        "security tests."
    )
    if len(targets) > 1:
        more = "endpoint is" if len(targets) == 2 else "endpoints are"
        message += f" {len(targets) - 1} more serving {more} reached the same way."
    yield ctx.finding(META, source.id, message, subjects=(source.id, *targets), path=path)


@dataclass(frozen=True)
class _Ungated:
    """The gate-free graph (memoised): components that evaluate or gate (a path may not enter them),
    gated flows, our own serving endpoints, and which of those every component reaches gate-free."""

    blocked_nodes: frozenset[str]
    blocked_flows: frozenset[str]
    targets: frozenset[str]
    reach: ReachMasks


def _ungated(facts: DesignFacts) -> _Ungated:
    def compute() -> _Ungated:
        components = facts.design.components
        gated_nodes, blocked_flows = facts.satisfying("evaluation_gate")
        blocked_nodes = facts.capable_ids("evaluates_models") | gated_nodes
        targets = frozenset(
            cid
            for cid in facts.capable_ids("serves_model") - blocked_nodes
            if not facts.is_third_party(components[cid])
        )
        reach = ReachMasks(
            facts.topo.graph,
            sorted(targets),
            blocked_node=blocked_nodes.__contains__,
            blocked_flow=blocked_flows.__contains__,
        )
        return _Ungated(blocked_nodes, blocked_flows, targets, reach)

    return facts.memo(("R-GOV-01", "ungated"), compute)
