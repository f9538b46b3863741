"""R-LOG-01: model traffic is not recorded in any central log (design-level)."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.analysis import Path
from caisa_studio.model import Design
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity
from caisa_studio.rules.predicates_c import ai_traffic_nodes, central_log_missing, join_names, log_sinks

META = RuleMeta(
    id="R-LOG-01",
    title="No central logging sink for inference",
    severity=Severity.HIGH,
    scope="design",
    why=(
        "Prompt injection, data leakage through answers, model extraction and abuse of agents all show up "
        "first in the traffic to and from models. If prompts, responses, model versions, identities and "
        "guardrail verdicts are not collected in one place, nobody can detect these attacks, investigate "
        "an incident or prove afterwards what the system did."
    ),
    fix=(
        "Add a central logging/SIEM sink and send it the model traffic from the AI gateway, orchestrators "
        "and agents: requests and responses (redacted), model and prompt versions, caller identity and "
        "guardrail verdicts, with alerting and a defined retention."
    ),
    references=(
        Reference("atlas", "AML.M0024"),
        Reference("atlas", "AML.T0024"),
        Reference("atlas", "AML.T0051"),
        Reference("atlas", "AML.T0086"),
        Reference("nist-ai-rmf", "MEASURE 2.4"),
        Reference("nist-ai-rmf", "MANAGE 4.1"),
        Reference("cosai", "controlThreatDetection"),
        Reference("eu-ai-act", "Art. 12"),
        Reference("eu-ai-act", "Art. 26(6)"),
        Reference("iso-42001", "A.6.2.8"),
    ),
    reach="global",
    path_rule=True,
)


def check(ctx: RuleContext, design: Design) -> Iterator[Finding]:
    facts = ctx.facts
    if not central_log_missing(facts):
        return
    nodes = ai_traffic_nodes(facts)
    sinks = log_sinks(facts)
    message = "Model traffic is not recorded anywhere central — attacks and incidents will go unseen."
    if sinks:
        message += (
            f" {join_names([facts.label(s) for s in sinks])} receives nothing from "
            f"{join_names([facts.label(n) for n in nodes])}."
        )
    else:
        message += " The design has no central logging or SIEM component."
    yield ctx.finding(
        META, design.id, message, subjects=(design.id, *nodes, *sinks), path=_unrecorded_traffic(ctx, nodes)
    )


def _unrecorded_traffic(ctx: RuleContext, nodes: list[str]) -> Path:
    """The request path that goes unrecorded: from an entry point to the nearest model (or, failing that,
    to the nearest other AI node); a lone AI node when no entry reaches one."""
    facts = ctx.facts
    components = ctx.design.components
    reached = facts.reachable(facts.entries())
    candidates = [n for n in nodes if n in reached and n not in facts.entries()]

    def rank(node_id: str) -> tuple[bool, int, str]:
        return (not facts.capable(components[node_id], "serves_model"), len(reached[node_id]), node_id)

    if candidates:
        return reached[min(candidates, key=rank)]
    return (min(nodes, key=lambda n: (not facts.capable(components[n], "serves_model"), n)),)
