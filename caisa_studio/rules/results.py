"""Validation results and the difference between two of them (what the findings panel applies)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from caisa_studio.model import RiskStatus
from caisa_studio.rules.finding import Finding, Severity


@dataclass(frozen=True)
class ValidationResult:
    """Findings sorted by ID, plus tracking entries that no longer match a finding."""

    findings: tuple[Finding, ...]
    stale_tracking: tuple[str, ...] = ()
    _index: dict[str, Finding] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._index.update((f.id, f) for f in self.findings)

    def get(self, finding_id: str) -> Finding | None:
        return self._index.get(finding_id)

    @cached_property
    def open_findings(self) -> tuple[Finding, ...]:
        """Computed once: the studio asks after every edit, with thousands of findings."""
        return tuple(f for f in self.findings if f.is_open)

    def open_at_or_above(self, threshold: Severity) -> list[Finding]:
        return [f for f in self.open_findings if f.severity.rank >= threshold.rank]

    def counts_by_severity(self, open_only: bool = True) -> dict[str, int]:
        return dict(self._open_counts if open_only else _count_severities(self.findings))

    @cached_property
    def _open_counts(self) -> dict[str, int]:
        return _count_severities(self.open_findings)

    def counts_by_status(self) -> dict[str, int]:
        counts = {status.value: 0 for status in RiskStatus}
        for finding in self.findings:
            counts[finding.status.value] += 1
        return counts

    def for_subject(self, element_id: str) -> list[Finding]:
        """Findings that concern an element (as subject, among subjects, or on their path)."""
        return [
            f
            for f in self.findings
            if element_id in f.subjects or (f.path is not None and element_id in f.path)
        ]


def _count_severities(findings: tuple[Finding, ...]) -> dict[str, int]:
    counts = {severity.value: 0 for severity in Severity}
    for finding in findings:
        counts[finding.severity.value] += 1
    return counts


@dataclass(frozen=True)
class FindingsDelta:
    """What changed between two results, keyed by stable finding IDs."""

    added: tuple[Finding, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[Finding, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def diff_results(before: ValidationResult, after: ValidationResult) -> FindingsDelta:
    # The indexes list the findings in their order; a finding object kept from the last run is unchanged.
    old, new = before._index, after._index
    added = tuple(f for key, f in new.items() if key not in old)
    removed = tuple(key for key in old if key not in new)
    changed = tuple(
        f for key, f in new.items() if (was := old.get(key)) is not None and was is not f and was != f
    )
    return FindingsDelta(added, removed, changed)
