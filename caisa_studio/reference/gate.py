"""Pass or fail: open findings at or above the threshold, plus — under a reference architecture —
open findings of the rules that reference makes blocking (whatever their severity)."""

from __future__ import annotations

from dataclasses import dataclass

from caisa_studio.model import Design
from caisa_studio.reference.loader import reference_by_id
from caisa_studio.rules import Finding, Severity, ValidationResult


@dataclass(frozen=True)
class Gate:
    fail_on: Severity | None
    reference_id: str | None = None
    blocking_rules: frozenset[str] = frozenset()

    @classmethod
    def for_design(cls, design: Design, fail_on: Severity | None, override: str | None = None) -> Gate:
        reference_id = override or design.properties.reference
        reference = reference_by_id(reference_id) if reference_id else None
        blocking = frozenset(reference.blocking_rules) if reference else frozenset()
        return cls(fail_on, reference.id if reference else None, blocking)

    def is_blocking(self, finding: Finding) -> bool:
        return finding.rule in self.blocking_rules

    def failing(self, result: ValidationResult) -> list[Finding]:
        if self.fail_on is None:
            return []
        threshold = self.fail_on.rank
        return [f for f in result.open_findings if f.severity.rank >= threshold or self.is_blocking(f)]
