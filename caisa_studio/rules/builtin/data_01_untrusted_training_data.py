"""R-DATA-01: Untrusted data flows into training without validation and provenance (placeholder)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, RuleMeta, Severity

PLACEHOLDER = True

META = RuleMeta(
    id="R-DATA-01",
    title="Untrusted data flows into training without validation and provenance",
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
