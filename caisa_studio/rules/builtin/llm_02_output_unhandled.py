"""R-LLM-02: model output reaches something that renders, queries or executes it, unchecked."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.model import Component
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity
from caisa_studio.rules.predicates_b import Guard, answer_paths, producer_ids, unguarded_paths
from caisa_studio.rules.predicates_b import component as get_component

META = RuleMeta(
    id="R-LLM-02",
    title="Model output used downstream without handling",
    severity=Severity.HIGH,
    scope="component",
    why=(
        "Whatever a model writes can be steered by its prompt and by the content it read, so it must "
        "be handled like user input. Passed on as is, it becomes script in a web page, a fragment of a "
        "database query, or the arguments of a tool call and the action that follows."
    ),
    fix=(
        "Treat model output as untrusted: encode it before rendering, parameterise queries built from "
        "it, validate tool arguments against a strict schema, strip or allow-list links and images, "
        "and never execute it directly."
    ),
    references=(
        Reference("atlas", "AML.T0077"),
        Reference("atlas", "AML.T0050"),
        Reference("atlas", "AML.T0067"),
        Reference("atlas", "AML.M0020"),
        Reference("atlas", "AML.M0033"),
        Reference("owasp-llm", "LLM05:2025"),
        Reference("owasp-agentic", "ASI05"),
        Reference("nist-ai-rmf", "MEASURE 2.7"),
        Reference("cosai", "riskInsecureModelOutput"),
    ),
    reach="global",
    path_rule=True,
)

_HANDLING = Guard(controls=("output_filter",))


def candidates(ctx: RuleContext) -> frozenset[str]:
    """Only places where output acts can raise it."""
    return ctx.facts.capable_of_any("tool", "acts_externally", "data_source", "ingress")


def check(ctx: RuleContext, component: Component) -> Iterator[Finding]:
    facts = ctx.facts
    effect = _effect(ctx, component)
    if effect is None:
        return
    producers = producer_ids(facts)
    if facts.capable(component, "ingress"):
        # An application shows answers; where their way back is not drawn they return along the request.
        path = answer_paths(facts, producers, _HANDLING).get(component.id)
    else:
        # Queries, tool arguments and outside actions are sent by the producer: drawn flows only.
        path = unguarded_paths(facts, producers, _HANDLING).get(component.id)
    if path is None or len(path) < 3:
        return
    # One finding per way out: a sink further down the same path is reported at the first one.
    if any(_effect(ctx, get_component(facts, node)) is not None for node in path[2:-1:2]):
        return
    source = path[0]
    message = f"Output from {facts.label(source)} reaches {facts.label(component.id)} unchecked — {effect}."
    yield ctx.finding(META, component.id, message, subjects=(component.id, source), path=path)


def _effect(ctx: RuleContext, component: Component) -> str | None:
    """What the destination does with model output, or None when it is not a place where output acts."""
    facts = ctx.facts
    if facts.capable(component, "tool"):
        return "arguments or commands inside it will be executed as tool calls"
    if facts.capable(component, "acts_externally"):
        return "instructions inside it will be acted on in an outside system"
    if facts.capable(component, "data_source") and facts.capable(component, "data_store"):
        return "queries built from it will run against the stored data"
    if facts.capable(component, "ingress"):
        return "markup, scripts or links inside it will be rendered to users"
    return None
