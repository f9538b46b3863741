"""R-GOV-03: High-risk use without designed human oversight (placeholder)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, RuleMeta, Severity

PLACEHOLDER = True

META = RuleMeta(
    id="R-GOV-03",
    title="High-risk use without designed human oversight",
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
