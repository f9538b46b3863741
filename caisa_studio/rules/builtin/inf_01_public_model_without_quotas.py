"""R-INF-01: a model or agent can be driven from the internet with no quota on the way."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.model import Component, Zone
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity
from caisa_studio.rules.predicates_b import Guard, unguarded_paths

META = RuleMeta(
    id="R-INF-01",
    title="Public model access without quotas",
    severity=Severity.HIGH,
    scope="component",
    why=(
        "Every call to a model or agent costs compute and, with hosted models, money per token. When "
        "internet traffic can reach it with no per-caller limit anywhere on the way, a script or a "
        "single abusive user can exhaust capacity for everyone else or run up a large bill in hours."
    ),
    fix=(
        "Enforce per-identity rate limits, token and spend budgets and payload size caps at the API or "
        "AI gateway in front of the model, and alert when spending deviates from the usual pattern."
    ),
    references=(
        Reference("atlas", "AML.T0029"),
        Reference("atlas", "AML.T0034"),
        Reference("atlas", "AML.T0040"),
        Reference("atlas", "AML.M0004"),
        Reference("owasp-llm", "LLM10:2025"),
        Reference("nist-ai-rmf", "MEASURE 2.7"),
        Reference("cosai", "riskDenialOfMLService"),
        Reference("cosai", "riskEconomicDenialOfWallet"),
    ),
    reach="global",
    path_rule=True,
)

_QUOTAS = Guard(controls=("rate_limit",))


def candidates(ctx: RuleContext) -> frozenset[str]:
    """Only models and agents can raise it."""
    return ctx.facts.capable_of_any("plans_actions", "serves_model")


def check(ctx: RuleContext, component: Component) -> Iterator[Finding]:
    facts = ctx.facts
    if not _costly_model(ctx, component):
        return
    path = unguarded_paths(facts, facts.entries(), _QUOTAS).get(component.id)
    if path is None:
        return
    entry = path[0]
    model = facts.label(component.id)
    if entry == component.id:
        message = f"Anyone reaching {model} from the internet can drive unlimited load and cost into it."
    elif facts.capable(ctx.design.components[entry], "human"):
        door = "" if path[2] == component.id else f" through {facts.label(path[2])}"
        message = (
            f"Anyone on the internet, as {facts.label(entry)}, can drive unlimited load and cost into "
            f"{model}{door}."
        )
    else:
        message = f"Anyone reaching {facts.label(entry)} can drive unlimited load and cost into {model}."
    yield ctx.finding(
        META, component.id, message, subjects=tuple(dict.fromkeys((component.id, entry))), path=path
    )


def _costly_model(ctx: RuleContext, component: Component) -> bool:
    """B3's {inference_endpoint, llm_api, agent}: models that answer requests (not embedding models,
    and not models running on the caller's own device) and agents."""
    facts = ctx.facts
    if facts.capable(component, "plans_actions"):
        return True
    return (
        facts.capable(component, "serves_model")
        and not facts.capable(component, "embeds")
        and facts.zone_of(component) is not Zone.DEVICE
    )
