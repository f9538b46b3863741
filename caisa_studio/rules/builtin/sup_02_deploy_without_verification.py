"""R-SUP-02: Model deployed without artifact verification (placeholder)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, RuleMeta, Severity

PLACEHOLDER = True

META = RuleMeta(
    id="R-SUP-02",
    title="Model deployed without artifact verification",
    severity=Severity.HIGH,
    scope="design",
    why="To be written.",
    fix="To be written.",
    references=(),
    reach="global",
    path_rule=True,
)


def check(ctx: RuleContext, subject: Any) -> Iterator[Finding]:
    return iter(())
