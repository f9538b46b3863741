"""R-RAG-03: Retrieved or tool-returned text treated as instructions (placeholder)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, RuleMeta, Severity

PLACEHOLDER = True

META = RuleMeta(
    id="R-RAG-03",
    title="Retrieved or tool-returned text treated as instructions",
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
