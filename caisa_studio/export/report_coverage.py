"""Coverage tables of the report: components × controls, flows × controls, and framework items.

Control states read through ``DesignFacts.control_status`` (a component inherits its boundary's
controls), exactly as the rules read them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from caisa_studio.analysis import DesignFacts
from caisa_studio.catalog import Catalog
from caisa_studio.catalog.schema import ControlSpec
from caisa_studio.model import Component, ControlStatus, DataFlow, RiskStatus
from caisa_studio.rules import Finding, Reference, RuleMeta


class Cell(StrEnum):
    IMPLEMENTED = "implemented"
    PLANNED = "planned"
    NOT_APPLICABLE = "n/a"  # declared not applicable (with a justification) by the team
    MISSING = "missing"
    IRRELEVANT = ""  # the control does not apply to this kind of element


CELL_LABELS = {
    Cell.IMPLEMENTED: "implemented",
    Cell.PLANNED: "planned",
    Cell.NOT_APPLICABLE: "declared not applicable",
    Cell.MISSING: "missing",
    Cell.IRRELEVANT: "does not apply",
}

# Control families, in the catalog's order; controls not listed fall into "Other".
CONTROL_FAMILIES: dict[str, str] = {
    "authn": "Identity & secrets",
    "authz": "Identity & secrets",
    "agent_identity": "Identity & secrets",
    "secrets_mgmt": "Identity & secrets",
    "enc_at_rest": "Data protection",
    "enc_in_transit": "Data protection",
    "pii_redaction": "Data protection",
    "data_retention": "Data protection",
    "pet": "Data protection",
    "confidential_compute": "Data protection",
    "data_validation": "Supply chain",
    "provenance": "Supply chain",
    "artifact_signing": "Supply chain",
    "safe_loading": "Supply chain",
    "ai_inventory": "Supply chain",
    "vendor_assurance": "Supply chain",
    "tool_provenance": "Supply chain",
    "input_filter": "Model input & output",
    "output_filter": "Model input & output",
    "untrusted_isolation": "Model input & output",
    "rate_limit": "Model input & output",
    "output_minimization": "Model input & output",
    "robustness_testing": "Model input & output",
    "tool_least_privilege": "Agents",
    "human_approval": "Agents",
    "sandbox": "Agents",
    "exec_bounds": "Agents",
    "memory_integrity": "Agents",
    "segmentation": "Network",
    "egress_control": "Network",
    "audit_logging": "Operations",
    "monitoring": "Operations",
    "incident_response": "Operations",
    "evaluation_gate": "Governance",
    "transparency": "Governance",
}


def family(control_id: str) -> str:
    return CONTROL_FAMILIES.get(control_id, "Other")


def by_family(controls: Iterable[ControlSpec]) -> tuple[ControlSpec, ...]:
    """Controls grouped by family (in the order families first appear above), catalog order within."""
    order = {name: index for index, name in enumerate(dict.fromkeys(CONTROL_FAMILIES.values()))}
    listed = list(controls)
    return tuple(sorted(listed, key=lambda c: (order.get(family(c.id), len(order)), listed.index(c))))


@dataclass(frozen=True)
class MatrixRow:
    element_id: str
    label: str
    detail: str  # kind name, or protocol for flows
    cells: tuple[Cell, ...]

    def count(self, cell: Cell) -> int:
        return sum(1 for c in self.cells if c is cell)

    @property
    def applicable(self) -> int:
        return sum(1 for c in self.cells if c is not Cell.IRRELEVANT)


@dataclass(frozen=True)
class ControlMatrix:
    controls: tuple[ControlSpec, ...]  # the columns: controls that apply to at least one row
    rows: tuple[MatrixRow, ...]

    def totals(self) -> dict[Cell, int]:
        totals = dict.fromkeys(Cell, 0)
        for row in self.rows:
            for cell in row.cells:
                totals[cell] += 1
        return totals

    def missing_by_control(self) -> list[tuple[ControlSpec, int]]:
        """Controls ordered by how many rows miss them (most first), zero counts left out."""
        counts = [
            (control, sum(1 for row in self.rows if row.cells[index] is Cell.MISSING))
            for index, control in enumerate(self.controls)
        ]
        return sorted((c for c in counts if c[1]), key=lambda c: (-c[1], c[0].name))


def _cell(facts: DesignFacts, element: Component | DataFlow, control_id: str) -> Cell:
    status = facts.control_status(element, control_id)
    if status is ControlStatus.IMPLEMENTED:
        return Cell.IMPLEMENTED
    if status is ControlStatus.PLANNED:
        return Cell.PLANNED
    if status is ControlStatus.NOT_APPLICABLE:
        return Cell.NOT_APPLICABLE
    return Cell.MISSING


def component_matrix(facts: DesignFacts) -> ControlMatrix:
    """Components (sorted by name) × the catalog controls that apply to their kinds."""
    catalog, design = facts.catalog, facts.design
    components = sorted(design.components.values(), key=lambda c: ((c.name or c.id).casefold(), c.id))
    applicable = {c.id: {spec.id for spec in catalog.controls_for_kind(c.kind)} for c in components}
    used = set().union(*applicable.values()) if applicable else set()
    controls = by_family(spec for spec in catalog.controls.values() if spec.id in used)
    rows = []
    for component in components:
        kind = catalog.kind(component.kind)
        cells = tuple(
            _cell(facts, component, spec.id) if spec.id in applicable[component.id] else Cell.IRRELEVANT
            for spec in controls
        )
        rows.append(
            MatrixRow(
                component.id, component.name or component.id, kind.name if kind else component.kind, cells
            )
        )
    return ControlMatrix(controls, tuple(rows))


def flow_matrix(facts: DesignFacts) -> ControlMatrix:
    """Data flows (by source and target name) × the controls that apply to flows."""
    design = facts.design
    controls = by_family(facts.catalog.controls_for_flows())
    flows = sorted(design.flows.values(), key=lambda f: (design.display_name(f.id).casefold(), f.id))
    rows = tuple(
        MatrixRow(f.id, design.display_name(f.id), f.protocol, tuple(_cell(facts, f, c.id) for c in controls))
        for f in flows
    )
    return ControlMatrix(controls, rows)


# -- framework coverage ----------------------------------------------------------------------------

# The frameworks the report covers, in this order; others the rules cite follow alphabetically.
FRAMEWORK_ORDER = (
    "atlas",
    "owasp-llm",
    "owasp-ml",
    "owasp-agentic",
    "owasp-agentic-threats",
    "nist-ai-rmf",
    "nist-ai-600-1",
    "nist-aml",
    "eu-ai-act",
    "iso-42001",
    "cosai",
)
FRAMEWORK_SHORT = {
    "atlas": "ATLAS",
    "owasp-llm": "OWASP LLM",
    "owasp-ml": "OWASP ML",
    "owasp-agentic": "OWASP Agentic",
    "owasp-agentic-threats": "OWASP Agentic Threats",
    "nist-ai-rmf": "NIST AI RMF",
    "nist-ai-600-1": "NIST AI 600-1",
    "nist-aml": "NIST AI 100-2",
    "eu-ai-act": "EU AI Act",
    "iso-42001": "ISO/IEC 42001",
    "cosai": "CoSAI",
}


def reference_label(reference: Reference) -> str:
    """How a citation reads in a report: "ATLAS AML.T0051.000", "EU AI Act Art. 15(5)"."""
    return f"{FRAMEWORK_SHORT.get(reference.framework, reference.framework)} {reference.id}"


# Only these ATLAS item types are listed (the coverage question is "which techniques").
ATLAS_TYPES = frozenset({"technique", "subtechnique", "sub-technique"})


class Coverage(StrEnum):
    OPEN = "open"  # cited by a rule with an open finding
    ACCEPTED = "accepted"  # cited only by rules whose findings are all accepted risks
    ADDRESSED = "addressed"  # cited by rules that raised no open finding


@dataclass(frozen=True)
class FrameworkItemCoverage:
    id: str
    name: str
    status: Coverage
    rules: tuple[str, ...]  # every rule citing the item
    open_rules: tuple[str, ...]  # the rules with open findings


@dataclass(frozen=True)
class FrameworkCoverage:
    framework: str
    name: str
    version: str
    attribution: str
    url: str
    items: tuple[FrameworkItemCoverage, ...]

    def count(self, status: Coverage) -> int:
        return sum(1 for item in self.items if item.status is status)


def framework_coverage(
    metas: Iterable[RuleMeta], findings: Sequence[Finding], catalog: Catalog
) -> list[FrameworkCoverage]:
    """Which framework items the rules cite, and whether the design leaves each open."""
    open_rules = {f.rule for f in findings if f.status is RiskStatus.OPEN}
    accepted_rules = {f.rule for f in findings if f.status is RiskStatus.ACCEPTED} - open_rules
    cited: dict[str, dict[str, list[str]]] = {}
    for meta in metas:
        for reference in meta.references:
            rules = cited.setdefault(reference.framework, {}).setdefault(reference.id, [])
            if meta.id not in rules:
                rules.append(meta.id)
    order = [f for f in FRAMEWORK_ORDER if f in cited] + sorted(set(cited) - set(FRAMEWORK_ORDER))
    coverage = []
    for key in order:
        spec = catalog.frameworks.get(key)
        items = []
        for item_id in sorted(cited[key], key=_natural_key):
            item = catalog.framework_item(key, item_id)
            if key == "atlas" and item is not None and item.type not in ATLAS_TYPES:
                continue
            rules = tuple(cited[key][item_id])
            still_open = tuple(r for r in rules if r in open_rules)
            if still_open:
                status = Coverage.OPEN
            elif any(r in accepted_rules for r in rules):
                status = Coverage.ACCEPTED
            else:
                status = Coverage.ADDRESSED
            items.append(FrameworkItemCoverage(item_id, item.name if item else "", status, rules, still_open))
        if not items:
            continue
        coverage.append(
            FrameworkCoverage(
                framework=key,
                name=spec.name if spec else key,
                version=spec.version if spec else "",
                attribution=spec.attribution if spec else "",
                url=spec.url if spec else "",
                items=tuple(items),
            )
        )
    return coverage


def _natural_key(text: str) -> list[object]:
    """Sort "A.6.2.10" after "A.6.2.9" and "Art. 9(2)" before "Art. 10"."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", text)]
