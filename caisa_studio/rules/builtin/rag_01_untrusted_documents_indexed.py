"""R-RAG-01: content from untrusted sources is written into a retrieval index unchecked."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.model import Component
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity
from caisa_studio.rules.predicates_b import Guard, unguarded_path, unguarded_paths

META = RuleMeta(
    id="R-RAG-01",
    title="Untrusted documents indexed without sanitisation or provenance",
    severity=Severity.HIGH,
    scope="component",
    why=(
        "Whatever sits in a retrieval index is later placed in front of the model as trusted context. "
        "A few planted documents from the web, an upload form or a partner feed can carry hidden "
        "instructions or false facts that surface in answers to everyone, and without provenance nobody "
        "can tell which chunks to remove."
    ),
    fix=(
        "Allow-list the sources that may be indexed, scan content for hidden text and embedded "
        "instructions, deduplicate, record provenance per chunk, and watch for anomalous embeddings."
    ),
    references=(
        Reference("atlas", "AML.T0070"),
        Reference("atlas", "AML.T0071"),
        Reference("atlas", "AML.T0066"),
        Reference("atlas", "AML.M0025"),
        Reference("atlas", "AML.M0007"),
        Reference("owasp-llm", "LLM04:2025"),
        Reference("owasp-llm", "LLM08:2025"),
        Reference("nist-ai-rmf", "MEASURE 2.7"),
        Reference("nist-aml", "NISTAML.015"),
        Reference("cosai", "riskRetrievalVectorStorePoisoning"),
    ),
    reach="global",
    path_rule=True,
)

# A retriever only queries the index, so paths through it are lookups, not content being indexed.
_VALIDATION = Guard(controls=("data_validation",), stops=("retrieves_context",))
_PROVENANCE = Guard(controls=("provenance",), stops=("retrieves_context",))


def candidates(ctx: RuleContext) -> frozenset[str]:
    """Only vector indexes can raise it."""
    return ctx.facts.capable_of_any("vector_index")


def check(ctx: RuleContext, component: Component) -> Iterator[Finding]:
    facts = ctx.facts
    if not facts.capable(component, "vector_index"):
        return
    # A hosted index in an untrusted zone is not itself evidence of untrusted content.
    sources = facts.untrusted_nodes()
    if component.id in sources:  # rare: a search of its own, only as far as the index
        sources = sources - {component.id}
        unvalidated = unguarded_path(facts, sources, _VALIDATION, component.id)
        untraced = unguarded_path(facts, sources, _PROVENANCE, component.id)
    else:  # the searches every index shares
        unvalidated = unguarded_paths(facts, sources, _VALIDATION).get(component.id)
        untraced = unguarded_paths(facts, sources, _PROVENANCE).get(component.id)
    if unvalidated is not None and untraced is not None:
        path, gap = unvalidated, "no content checks and no provenance records"
    elif unvalidated is not None:
        path, gap = unvalidated, "no content checks"
    elif untraced is not None:
        path, gap = untraced, "no provenance records"
    else:
        return
    message = (
        f"Content from {facts.label(path[0])} enters {facts.label(component.id)} unchecked and "
        f"can steer answers ({gap} on the way)."
    )
    yield ctx.finding(META, component.id, message, subjects=(component.id, path[0]), path=path)
