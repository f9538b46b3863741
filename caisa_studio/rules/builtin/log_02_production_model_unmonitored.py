"""R-LOG-02: Production model without monitoring (placeholder)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, RuleMeta, Severity

PLACEHOLDER = True

META = RuleMeta(
    id="R-LOG-02",
    title="Production model without monitoring",
    severity=Severity.MEDIUM,
    scope="design",
    why="To be written.",
    fix="To be written.",
    references=(),
    reach="global",
    path_rule=False,
)


def check(ctx: RuleContext, subject: Any) -> Iterator[Finding]:
    return iter(())
