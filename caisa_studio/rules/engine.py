"""The validator: runs every rule over a design, applies risk tracking, and diffs results.

``full`` is what the CLI runs; ``update`` is what the studio runs after each edit. Position-only
edits reuse the previous result without running any rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from caisa_studio.catalog import Catalog, default_catalog
from caisa_studio.model import ChangeSet, Design, RiskStatus
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Severity
from caisa_studio.rules.registry import Rule, builtin_rules
from caisa_studio.rules.tracking import apply_tracking


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

    @property
    def open_findings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.is_open)

    def open_at_or_above(self, threshold: Severity) -> list[Finding]:
        return [f for f in self.open_findings if f.severity.rank >= threshold.rank]

    def counts_by_severity(self, open_only: bool = True) -> dict[str, int]:
        counts = {severity.value: 0 for severity in Severity}
        for finding in self.open_findings if open_only else self.findings:
            counts[finding.severity.value] += 1
        return counts

    def counts_by_status(self) -> dict[str, int]:
        counts = {status.value: 0 for status in RiskStatus}
        for finding in self.findings:
            counts[finding.status.value] += 1
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
    added = tuple(f for f in after.findings if before.get(f.id) is None)
    removed = tuple(f.id for f in before.findings if after.get(f.id) is None)
    changed = tuple(f for f in after.findings if (old := before.get(f.id)) is not None and old != f)
    return FindingsDelta(added, removed, changed)


class Validator:
    """Runs rules over designs. One instance per open document (it remembers the last result)."""

    def __init__(
        self,
        catalog: Catalog | None = None,
        rules: Iterable[Rule] | None = None,
        today: date | None = None,
    ) -> None:
        self.catalog = catalog or default_catalog()
        self.rules = tuple(rules) if rules is not None else builtin_rules()
        self._today = today
        self._last: ValidationResult | None = None

    def full(self, design: Design) -> ValidationResult:
        ctx = RuleContext.for_design(design, self.catalog)
        raw = sorted(self._run(ctx), key=lambda f: f.id)
        tracked, stale = apply_tracking(raw, design.risk_tracking, self._today or date.today())
        self._last = ValidationResult(tuple(tracked), tuple(stale))
        return self._last

    def update(self, design: Design, changes: ChangeSet) -> tuple[ValidationResult, FindingsDelta]:
        """Re-validate after an edit; geometry-only edits cost nothing."""
        previous = self._last
        if previous is not None and changes.geometry_only:
            return previous, FindingsDelta()
        result = self.full(design)
        delta = diff_results(previous, result) if previous else FindingsDelta(added=result.findings)
        return result, delta

    def _run(self, ctx: RuleContext) -> Iterator[Finding]:
        design = ctx.design
        subjects_by_scope = {
            "component": design.components.values,
            "flow": design.flows.values,
            "boundary": design.boundaries.values,
        }
        for rule in self.rules:
            if rule.meta.scope == "design":
                yield from rule.check(ctx, design)
                continue
            for subject in subjects_by_scope[rule.meta.scope]():
                yield from rule.check(ctx, subject)
