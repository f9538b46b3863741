"""Everything a design report shows, computed once: findings, attack paths, conformance, rules.

Format-neutral and Qt-free: the PDF, Markdown, JSON and CSV writers all read a ``ReportData``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

from caisa_studio.analysis import DesignFacts
from caisa_studio.analysis.attack_paths import AttackPath, find_attack_paths
from caisa_studio.catalog import Catalog, default_catalog
from caisa_studio.export.report_options import ReportOptions
from caisa_studio.model import Design, RiskStatus
from caisa_studio.rules import Finding, Rule, RuleMeta, Severity, ValidationResult, Validator, builtin_rules

if TYPE_CHECKING:
    # Reference architectures (their pydantic schema) are loaded only for a design that names one.
    from caisa_studio.reference.conformance import ConformanceReport, Requirement

SEVERITY_ORDER: tuple[Severity, ...] = tuple(sorted(Severity, key=lambda s: -s.rank))


@dataclass(frozen=True)
class ReferenceStatus:
    """The reference architecture the report checks against, if any, and why not when it cannot."""

    requested: str | None = None
    report: ConformanceReport | None = None
    problem: str = ""


@dataclass
class ReportData:
    design: Design
    catalog: Catalog
    facts: DesignFacts
    result: ValidationResult
    metas: dict[str, RuleMeta]  # every rule that ran, in catalog order (conformance rules last)
    attack_paths: tuple[AttackPath, ...]
    reference: ReferenceStatus
    options: ReportOptions
    source: str | None = None
    _names: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def generated(self) -> date:
        return self.options.report_date

    @property
    def title(self) -> str:
        return self.design.title or self.design.id

    def name(self, element_id: str) -> str:
        """How the report names an element (flows as "source → target")."""
        cached = self._names.get(element_id)
        if cached is None:
            cached = self._names[element_id] = subject_label(self.design, element_id)
        return cached

    def subject_name(self, finding: Finding) -> str:
        return self.name(finding.subject)

    @cached_property
    def open_findings(self) -> tuple[Finding, ...]:
        """Open findings, worst first, then by rule and subject name."""
        return tuple(sorted(self.result.open_findings, key=self.sort_key))

    def sort_key(self, finding: Finding) -> tuple[int, str, str, str]:
        return (-finding.severity.rank, finding.rule, self.subject_name(finding).casefold(), finding.id)

    @cached_property
    def open_counts(self) -> dict[Severity, int]:
        counts = dict.fromkeys(SEVERITY_ORDER, 0)
        for finding in self.open_findings:
            counts[finding.severity] += 1
        return counts

    @cached_property
    def open_by_rule(self) -> dict[str, tuple[Finding, ...]]:
        """Open findings grouped by rule, rules ordered worst first then by number of findings."""
        grouped: dict[str, list[Finding]] = {}
        for finding in self.open_findings:
            grouped.setdefault(finding.rule, []).append(finding)
        order = sorted(grouped, key=lambda r: (-grouped[r][0].severity.rank, -len(grouped[r]), r))
        return {rule: tuple(grouped[rule]) for rule in order}

    def with_status(self, *statuses: RiskStatus) -> tuple[Finding, ...]:
        return tuple(sorted((f for f in self.result.findings if f.status in statuses), key=self.sort_key))

    @cached_property
    def expired_acceptances(self) -> tuple[Finding, ...]:
        """Open again because their acceptance expired (the tracker notes it)."""
        return tuple(f for f in self.open_findings if f.tracking.get("note"))

    def meta(self, rule_id: str) -> RuleMeta | None:
        return self.metas.get(rule_id)

    def route(self, path: AttackPath) -> str:
        return " → ".join(self.name(node) for node in path.path[0::2])

    def control_names(self, control_ids: Iterable[str]) -> str:
        controls = self.catalog.controls
        return ", ".join(controls[c].name if c in controls else c for c in control_ids)

    def requirement_label(self, requirement: Requirement) -> str:
        """A conformance requirement in words ("Encryption at rest on Support vector index")."""
        kind, _, rest = requirement.id.partition(":")
        if kind == "control":
            element, _, control = rest.rpartition(":")
            spec = self.catalog.controls.get(control)
            if spec is not None and element:
                return f"{spec.name} on {self.name(element)}"
        text = requirement.description
        return text[:1].upper() + text[1:]

    def tag_names(self, tags: Iterable[str]) -> str:
        names = {t.id: t.name for t in self.catalog.classifications.data_tags}
        return ", ".join(names.get(t, t) for t in tags)


def collect_report_data(
    design: Design,
    options: ReportOptions | None = None,
    *,
    catalog: Catalog | None = None,
    source: str | None = None,
) -> ReportData:
    """Validate ``design`` (with reference conformance when one is chosen) and gather the report facts."""
    options = options or ReportOptions()
    catalog = catalog or default_catalog()
    rules, reference = _rules_and_reference(design, options)
    result = Validator(catalog, rules, today=options.report_date).full(design)
    facts = DesignFacts(design, catalog)
    if reference.requested and not reference.problem:
        reference = _with_conformance(reference, facts)
    metas = {rule.meta.id: rule.meta for rule in rules if rule.meta.id != "R-RA"}
    if reference.report is not None:
        from caisa_studio.reference.conformance import CONFORMANCE_METAS

        metas.update((meta.id, meta) for meta in CONFORMANCE_METAS)
    return ReportData(
        design=design,
        catalog=catalog,
        facts=facts,
        result=result,
        metas=metas,
        attack_paths=tuple(find_attack_paths(facts)),
        reference=reference,
        options=options,
        source=source,
    )


def _rules_and_reference(design: Design, options: ReportOptions) -> tuple[tuple[Rule, ...], ReferenceStatus]:
    requested = options.reference or design.properties.reference
    if not requested:
        return builtin_rules(), ReferenceStatus()
    try:
        from caisa_studio.reference import all_rules, reference_by_id

        if reference_by_id(requested) is None:
            problem = (
                f"{requested} is not one of the reference architectures this version of CAISA Studio ships"
            )
            return builtin_rules(), ReferenceStatus(requested, problem=problem)
        return all_rules(options.reference), ReferenceStatus(requested)
    except (ValueError, OSError) as error:  # a broken reference file must not stop the report
        return builtin_rules(), ReferenceStatus(
            requested, problem=f"the reference could not be loaded ({error})"
        )


def _with_conformance(status: ReferenceStatus, facts: DesignFacts) -> ReferenceStatus:
    from caisa_studio.reference import check_conformance, reference_by_id

    assert status.requested is not None
    reference = reference_by_id(status.requested)
    if reference is None:
        return ReferenceStatus(status.requested, problem=f"{status.requested} is not available")
    return ReferenceStatus(status.requested, check_conformance(facts, reference))


def subject_label(design: Design, element_id: str) -> str:
    """``Design.display_name``, except that the design itself reads "Whole design"."""
    return "Whole design" if element_id == design.id else design.display_name(element_id)


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``plural(1, "issue")`` → "1 issue"; ``plural(3, "issue")`` → "3 issues"."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count} {word}"


def join_words(words: Iterable[str], conjunction: str = "and") -> str:
    items = list(words)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]
