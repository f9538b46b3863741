"""R-DATA-01: untrusted data can reach training without validation and provenance on the way."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.analysis import DesignFacts
from caisa_studio.model import Component
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity
from caisa_studio.rules.predicates_a import unguarded_from

META = RuleMeta(
    id="R-DATA-01",
    title="Untrusted data flows into training without validation and provenance",
    severity=Severity.CRITICAL,
    scope="component",
    why=(
        "Whoever controls part of the training data controls part of the model: a few crafted records from a "
        "crawled site, a bought dataset, a device or user feedback can plant a backdoor or skew decisions, "
        "and the result is hard to detect once trained in. Screening the data catches known poisoning "
        "patterns and lineage records let you find and remove a bad source afterwards. Critical when a path "
        "has neither, high when it has only one of the two."
    ),
    fix=(
        "Add a validation and sanitisation stage before training (schema and range checks, deduplication, "
        "outlier and poison screening), record provenance with pinned dataset versions and hashes, and "
        "quarantine data that fails the checks."
    ),
    references=(
        Reference("atlas", "AML.T0020"),
        Reference("atlas", "AML.T0010.002"),
        Reference("atlas", "AML.T0019"),
        Reference("atlas", "AML.T0059"),
        Reference("atlas", "AML.M0007"),
        Reference("atlas", "AML.M0025"),
        Reference("owasp-llm", "LLM04:2025"),
        Reference("owasp-ml", "ML02:2023"),
        Reference("nist-ai-rmf", "MEASURE 2.7"),
        Reference("nist-ai-rmf", "MAP 4.1"),
        Reference("nist-aml", "NISTAML.013"),
        Reference("nist-aml", "NISTAML.023"),
        Reference("nist-aml", "NISTAML.024"),
        Reference("cosai", "riskDataPoisoning"),
        Reference("eu-ai-act", "Art. 10"),
        Reference("eu-ai-act", "Art. 15(5)"),
        Reference("iso-42001", "A.7.4"),
        Reference("iso-42001", "A.7.5"),
    ),
    reach="global",
    path_rule=True,
)


def candidates(ctx: RuleContext) -> frozenset[str]:
    """Only training jobs can raise it."""
    return ctx.facts.capable_of_any("trains_model")


def check(ctx: RuleContext, component: Component) -> Iterator[Finding]:
    facts = ctx.facts
    # Federated aggregators take model updates from clients; poisoning of those is R-EDGE-02.
    if not facts.capable(component, "trains_model") or facts.capable(component, "aggregates_updates"):
        return
    sources = untrusted_data_sources(facts)
    name = facts.label(component.id)
    path = unguarded_from(facts, sources, "data_validation", "provenance").get(component.id)
    if path is not None:
        message = (
            f"Data from {facts.label(path[0])} can reach training in {name} with no poisoning checks "
            "or lineage."
        )
        yield ctx.finding(META, component.id, message, subjects=(component.id, path[0]), path=path)
        return
    path = unguarded_from(facts, sources, "data_validation").get(component.id)
    if path is not None:
        message = (
            f"Data from {facts.label(path[0])} can reach training in {name} with no poisoning checks "
            "(its lineage is recorded)."
        )
    else:
        path = unguarded_from(facts, sources, "provenance").get(component.id)
        if path is None:
            return
        message = (
            f"Data from {facts.label(path[0])} can reach training in {name} with no lineage record "
            "(it is screened for poisoning)."
        )
    yield ctx.finding(
        META, component.id, message, severity=Severity.HIGH, subjects=(component.id, path[0]), path=path
    )


def untrusted_data_sources(facts: DesignFacts) -> frozenset[str]:
    """Untrusted nodes (internet, third parties, devices, untrusted content), plus the senders of user
    feedback. Model suppliers are left to R-SUP-01: weights are not training data. Memoised."""

    def compute() -> frozenset[str]:
        sources = facts.untrusted_nodes() - facts.capable_ids("supplies_models")
        feedback = {
            flow.source for flow in facts.design.flows.values() if facts.prop(flow, "user_feedback") is True
        }
        return sources | feedback

    return facts.memo(("R-DATA-01", "untrusted data sources"), compute)
