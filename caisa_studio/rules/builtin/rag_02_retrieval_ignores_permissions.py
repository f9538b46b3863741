"""R-RAG-02: a shared retriever returns confidential content without the asking user's permissions."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.analysis import DataProfile
from caisa_studio.model import Component
from caisa_studio.model.enums import CLASSIFICATION_LEVEL, Classification
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity
from caisa_studio.rules.predicates_b import neighbours

META = RuleMeta(
    id="R-RAG-02",
    title="Retrieval ignores the end user's permissions",
    severity=Severity.HIGH,
    scope="component",
    why=(
        "An index built from many documents mixes content with very different audiences. If retrieval "
        "does not filter by the permissions of the person asking, any user can get HR files, other "
        "customers' records or board papers quoted back simply by asking the right question."
    ),
    fix=(
        "Carry the end user's identity to the retriever, filter chunks by their source document's "
        "access rules at query time, and separate indexes per tenant where data must never mix."
    ),
    references=(
        Reference("atlas", "AML.T0085.000"),
        Reference("atlas", "AML.T0082"),
        Reference("atlas", "AML.M0005"),
        Reference("owasp-llm", "LLM08:2025"),
        Reference("owasp-llm", "LLM02:2025"),
        Reference("nist-ai-rmf", "MEASURE 2.10"),
        Reference("cosai", "riskSensitiveDataDisclosure"),
    ),
    reach="global",
)

_CONFIDENTIAL = CLASSIFICATION_LEVEL[Classification.CONFIDENTIAL]
_PERSONAL = frozenset({"pii", "spi"})


def candidates(ctx: RuleContext) -> frozenset[str]:
    """Only retrievers can raise it."""
    return ctx.facts.capable_of_any("retrieves_context")


def check(ctx: RuleContext, component: Component) -> Iterator[Finding]:
    facts = ctx.facts
    if not facts.capable(component, "retrieves_context"):
        return
    indexes = [
        other
        for _, other in neighbours(facts, component)
        if facts.capable(other, "vector_index") and _restricted_content(facts.held_data(other))
    ]
    if not indexes:
        return
    audience = _audience(ctx, component, indexes)
    if audience is None:
        return
    retriever = facts.label(component.id)
    if facts.satisfied(component, "authz"):
        return  # the retriever itself filters by the asking user's document permissions
    unprotected = [i for i in indexes if not facts.satisfied(i, "authz")]
    if unprotected:
        index = unprotected[0]
        message = (
            f"{retriever} can return documents the asking user is not allowed to see: neither it nor "
            f"{facts.label(index.id)} checks permissions, and it serves {audience}."
        )
    elif facts.prop(component, "propagates_user_identity") is not True:
        index = indexes[0]
        message = (
            f"{retriever} can return documents the asking user is not allowed to see: it queries "
            f"{facts.label(index.id)} with its own service identity, so the index's access rules cannot "
            f"tell users apart, and it serves {audience}."
        )
    else:
        return
    yield ctx.finding(META, component.id, message, subjects=(component.id, index.id))


def _restricted_content(held: DataProfile) -> bool:
    """B3 "confidential/pii": confidential or restricted content, or personal data."""
    return held.level >= _CONFIDENTIAL or bool(held.tags & _PERSONAL)


def _audience(ctx: RuleContext, retriever: Component, indexes: list[Component]) -> str | None:
    """Who the retriever serves when that is more than one user group, else None."""
    facts = ctx.facts
    if facts.prop(retriever, "multi_tenant") is True:
        return "several user groups"
    if any(facts.prop(i, "multi_tenant") is True for i in indexes):
        return "several tenants through a shared index"
    entries = facts.entries()
    people = frozenset(e for e in entries if facts.capable(ctx.design.components[e], "human"))
    for sources in (people, entries):
        path = facts.reachable(sources).get(retriever.id) if sources else None
        if path is not None:
            return f"requests from {facts.label(path[0])}"
    return None
