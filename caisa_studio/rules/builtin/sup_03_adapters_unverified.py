"""R-SUP-03: Adapters loaded at run time without integrity checks (placeholder)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, RuleMeta, Severity

PLACEHOLDER = True

META = RuleMeta(
    id="R-SUP-03",
    title="Adapters loaded at run time without integrity checks",
    severity=Severity.HIGH,
    scope="design",
    why="To be written.",
    fix="To be written.",
    references=(),
    reach="global",
    path_rule=False,
)


def check(ctx: RuleContext, subject: Any) -> Iterator[Finding]:
    return iter(())
