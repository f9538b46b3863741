"""R-RAG-02: Retrieval ignores the end user's permissions (placeholder)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, RuleMeta, Severity

PLACEHOLDER = True

META = RuleMeta(
    id="R-RAG-02",
    title="Retrieval ignores the end user's permissions",
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
