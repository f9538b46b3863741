"""R-DATA-02: data feeding training has no recorded origin, licence or consent."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.analysis import DesignFacts
from caisa_studio.analysis.paths import Reached
from caisa_studio.model import Component
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity

META = RuleMeta(
    id="R-DATA-02",
    title="Training data of unknown origin, licence or consent",
    severity=Severity.MEDIUM,
    scope="component",
    why=(
        "A model inherits the legal and ethical status of its training data. If nobody recorded where a "
        "dataset came from, under which licence and with what consent, the organisation cannot show it was "
        "allowed to train on it, cannot honour a removal request and cannot trace a problem back to its "
        "source; regulators ask for exactly this record."
    ),
    fix=(
        "Record source, licence, consent basis, purpose and version for every dataset that feeds training "
        "(datasheets or lineage in the pipeline), and keep data without that record out of training."
    ),
    references=(
        Reference("atlas", "AML.T0010.002"),
        Reference("atlas", "AML.M0025"),
        Reference("owasp-llm", "LLM03:2025"),
        Reference("nist-ai-rmf", "MAP 4.1"),
        Reference("nist-ai-rmf", "GOVERN 6.1"),
        Reference("nist-ai-600-1", "Intellectual Property"),
        Reference("cosai", "riskUnauthorizedTrainingData"),
        Reference("cosai", "riskExcessiveDataHandling"),
        Reference("eu-ai-act", "Art. 10(2)"),
        Reference("eu-ai-act", "Art. 53(1)(c)"),
        Reference("iso-42001", "A.7.3"),
        Reference("iso-42001", "A.7.5"),
    ),
    reach="global",
)


def candidates(ctx: RuleContext) -> frozenset[str]:
    """Only data sources and stores can raise it."""
    return ctx.facts.capable_of_any("data_source", "data_store")


def check(ctx: RuleContext, component: Component) -> Iterator[Finding]:
    facts = ctx.facts
    if not _is_data_origin(ctx, component) or facts.satisfied(component, "provenance"):
        return
    path = _unrecorded_routes_to_training(facts).get(component.id)
    if path is None or len(path) == 1:
        return
    trainer = path[-1]
    message = (
        f"Nobody has recorded where the data in {facts.label(component.id)} comes from or whether it may "
        f"be used to train in {facts.label(trainer)}."
    )
    yield ctx.finding(META, component.id, message, subjects=(component.id, trainer), path=path)


def _unrecorded_routes_to_training(facts: DesignFacts) -> Reached:
    """Everything that reaches a trainer with no provenance on the way, with its path to the nearest
    one: a single backwards search instead of a forward search per data source."""

    def compute() -> Reached:
        return facts.unguarded_to(facts.capable_ids("trains_model"), "provenance")

    return facts.memo(("R-DATA-02", "routes to training"), compute)


def _is_data_origin(ctx: RuleContext, component: Component) -> bool:
    """A data source, or a dataset store that the design shows no feed into (the data starts there)."""
    facts = ctx.facts
    if facts.capable(component, "data_source"):
        return True
    return (
        facts.capable(component, "data_store")
        and not facts.capable(component, "log_sink")
        and not facts.capable(component, "stores_model_weights")
        and not facts.inbound(component)
    )
