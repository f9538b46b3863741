"""R-RAG-03: text a retriever or tool fetched from untrusted sources reaches a model-driven component
unscreened and unisolated (indirect prompt injection)."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.analysis import DesignFacts, Path
from caisa_studio.model import Component, DataFlow
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity
from caisa_studio.rules.predicates_b import (
    Guard,
    applies,
    is_producer,
    neighbours,
    producer_ids,
    unguarded_paths,
)

META = RuleMeta(
    id="R-RAG-03",
    title="Retrieved or tool-returned text treated as instructions",
    severity=Severity.HIGH,
    scope="component",
    why=(
        "A model cannot reliably tell the instructions it was given from instructions hidden in a web "
        "page, e-mail, ticket or document it was asked to read. When fetched text goes straight into "
        "the context of an orchestrator or agent, whoever wrote that text can steer the answer or the "
        "next tool call."
    ),
    fix=(
        "Mark retrieved and tool-returned text as data, scan it for embedded instructions before it "
        "reaches the model, and limit what can happen after reading it: plan before reading "
        "(plan-then-execute) or let a separate, tool-less model handle the untrusted text."
    ),
    references=(
        Reference("atlas", "AML.T0051.001"),
        Reference("atlas", "AML.T0051.002"),
        Reference("atlas", "AML.M0020"),
        Reference("atlas", "AML.M0030"),
        Reference("owasp-llm", "LLM01:2025"),
        Reference("owasp-agentic", "ASI01"),
        Reference("nist-ai-rmf", "MEASURE 2.7"),
        Reference("nist-aml", "NISTAML.015"),
        Reference("cosai", "riskPromptInjection"),
    ),
    reach="global",
    path_rule=True,
)

# Where untrusted content can be stored or picked up, unscreened. Paths through a retriever are
# queries, not content (a user's question does not make the index untrusted).
_CONTENT = Guard(controls=("input_filter",), stops=("retrieves_context",))


def candidates(ctx: RuleContext) -> frozenset[str]:
    """Only models, orchestrators and agents can raise it."""
    return producer_ids(ctx.facts)


def check(ctx: RuleContext, component: Component) -> Iterator[Finding]:
    facts = ctx.facts
    if not is_producer(facts, component):
        return
    if facts.satisfied(component, "untrusted_isolation") or applies(facts, component, "input_filter"):
        return
    content = unguarded_paths(facts, facts.untrusted_nodes(), _CONTENT)
    best: Path | None = None
    for link, fetcher in neighbours(facts, component):
        if facts.satisfied(link, "input_filter") or applies(facts, fetcher, "input_filter"):
            continue
        found = _fetched_untrusted(ctx, fetcher, component, content)
        if found is not None:
            path = (*found, link.id, component.id)
            if best is None or (len(path), path) < (len(best), best):
                best = path
    if best is None:
        return
    fetcher_id, origin = best[-3], best[0]
    source = "" if origin == fetcher_id else f" (it can carry content from {facts.label(origin)})"
    message = (
        f"Text fetched by {facts.label(fetcher_id)} is fed to {facts.label(component.id)} as if it were "
        f"trusted; hidden instructions in it will be followed{source}."
    )
    yield ctx.finding(META, component.id, message, subjects=(component.id, fetcher_id, origin), path=best)


def _fetched_untrusted(
    ctx: RuleContext, fetcher: Component, consumer: Component, content: dict[str, Path]
) -> Path | None:
    """How untrusted text gets into what ``fetcher`` returns: a path from the untrusted origin to
    ``fetcher``, or None. Retrievers return what the stores they search hold; reading tools return
    what they read from the components they talk to."""
    facts = ctx.facts
    if facts.capable(fetcher, "retrieves_context"):
        sources = [
            (flow, other)
            for flow, other in neighbours(facts, fetcher)
            if facts.capable(other, "data_store") or facts.capable(other, "vector_index")
        ]
    elif facts.capable(fetcher, "tool") and _reads(facts, fetcher):
        if facts.is_untrusted(fetcher):
            return (fetcher.id,)
        sources = list(neighbours(facts, fetcher))
    else:
        return None
    best: Path | None = None
    for flow, other in sources:
        path = _content_path(facts, other, flow, content, (fetcher.id, consumer.id))
        if path is not None:
            path = (*path, flow.id, fetcher.id)
            if best is None or (len(path), path) < (len(best), best):
                best = path
    return best


def _content_path(
    facts: DesignFacts, holder: Component, link: DataFlow, content: dict[str, Path], exclude: tuple[str, ...]
) -> Path | None:
    """Untrusted content held by ``holder`` that did not get there through this very exchange."""
    if holder.id in exclude or facts.satisfied(link, "input_filter"):
        return None
    path = content.get(holder.id)
    if path is None or any(node in exclude for node in path[0::2]):
        return None
    return path


def _reads(facts: DesignFacts, tool: Component) -> bool:
    """A tool whose results carry content: it reads, reads untrusted content, or does not say."""
    if facts.prop(tool, "reads_untrusted_content") is True:
        return True
    declared = facts.prop(tool, "capabilities")
    return not declared or "read" in declared
