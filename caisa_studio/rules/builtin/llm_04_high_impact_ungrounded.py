"""R-LLM-04: High-impact answers without grounding or human review (placeholder)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, RuleMeta, Severity

PLACEHOLDER = True

META = RuleMeta(
    id="R-LLM-04",
    title="High-impact answers without grounding or human review",
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
