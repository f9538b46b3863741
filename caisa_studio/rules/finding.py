"""What rules produce: findings with stable IDs ``rule@subject``, severities and references."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Literal

from caisa_studio.model.enums import RiskStatus


class Severity(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is worse: critical 4 … info 0."""
        return _RANK[self]


_RANK = {Severity.CRITICAL: 4, Severity.HIGH: 3, Severity.MEDIUM: 2, Severity.LOW: 1, Severity.INFO: 0}

Scope = Literal["component", "flow", "boundary", "design"]
# "local": the rule reads only its subject and the subject's 1-hop neighbourhood (attached flows, their
# endpoints, its boundary), so an edit re-runs it only near the edit. "global": it searches paths or the
# whole design; the engine re-runs it when something it read (recorded while it ran) changes.
Reach = Literal["local", "global"]


@dataclass(frozen=True)
class Reference:
    """A framework citation in B5 spelling, e.g. ``Reference("atlas", "AML.T0051.001")``."""

    framework: str
    id: str


@dataclass(frozen=True)
class RuleMeta:
    """A rule's documentation and identity; the UI, reports and ``caisa rules doc`` render it."""

    id: str
    title: str
    severity: Severity
    scope: Scope
    why: str
    fix: str
    references: tuple[Reference, ...]
    status: Literal["stable", "preview"] = "stable"
    reach: Reach = "local"
    path_rule: bool = False  # marked ◆ in the catalog: reports the offending path in ``Finding.path``


@dataclass(frozen=True)
class Finding:
    rule: str
    subject: str
    severity: Severity
    title: str
    message: str
    fix: str
    subjects: tuple[str, ...]
    references: tuple[Reference, ...]
    path: tuple[str, ...] | None = None
    status: RiskStatus = RiskStatus.OPEN
    tracking: dict[str, str | None] = field(default_factory=dict, hash=False)

    @property
    def id(self) -> str:
        return f"{self.rule}@{self.subject}"

    @property
    def is_open(self) -> bool:
        return self.status is RiskStatus.OPEN

    def with_status(self, status: RiskStatus, tracking: dict[str, str | None]) -> Finding:
        return replace(self, status=status, tracking=tracking)
