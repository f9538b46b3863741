"""R-ID-01: Model weights reachable from the internet without authentication (placeholder)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, RuleMeta, Severity

PLACEHOLDER = True

META = RuleMeta(
    id="R-ID-01",
    title="Model weights reachable from the internet without authentication",
    severity=Severity.CRITICAL,
    scope="design",
    why="To be written.",
    fix="To be written.",
    references=(),
    reach="global",
    path_rule=True,
)


def check(ctx: RuleContext, subject: Any) -> Iterator[Finding]:
    return iter(())
