"""Plain-text findings for terminals and CI logs."""

from __future__ import annotations

import textwrap
from typing import Any

from caisa_studio.model import Design
from caisa_studio.rules import Finding, Severity, ValidationResult


def render_text(
    design: Design,
    result: ValidationResult,
    fail_on: Severity | None,
    source: str,
    *,
    failing: list[Finding] | None = None,
    conformance: dict[str, Any] | None = None,
) -> str:
    lines = [
        f"{source} — {design.title or design.id}",
        f"{len(design.components)} components, {len(design.flows)} flows, "
        f"{len(design.boundaries)} trust boundaries, {len(design.data_assets)} data assets",
        "",
    ]
    ordered = sorted(result.findings, key=lambda f: (-f.severity.rank, f.id))
    for finding in ordered:
        status = "" if finding.is_open else f" [{finding.status.value}]"
        lines.append(f"{finding.severity.value.upper():<9}{finding.rule:<11}{finding.subject}{status}")
        lines.extend(textwrap.wrap(finding.message, 100, initial_indent="  ", subsequent_indent="  "))
        lines.extend(textwrap.wrap(f"Fix: {finding.fix}", 100, initial_indent="  ", subsequent_indent="  "))
        lines.append("")
    if not result.findings:
        lines.extend(["No findings.", ""])
    counts = result.counts_by_severity()
    summary = ", ".join(f"{counts[s.value]} {s.value}" for s in Severity)
    lines.append(f"Open findings: {summary}.")
    if result.stale_tracking:
        stale = ", ".join(result.stale_tracking)
        lines.append(f"Stale risk-tracking entries (finding no longer raised): {stale}")
    if conformance is not None:
        score = round(conformance["score"] * 100)
        lines.append(f"Conformance to {conformance['reference']} ({conformance['title']}): {score} %.")
    if fail_on is not None:
        failed = failing if failing is not None else result.open_at_or_above(fail_on)
        verdict = "FAILED" if failed else "passed"
        count = f"{len(failed)} open at or above {fail_on.value} or blocking"
        lines.append(f"Fail-on {fail_on.value}: {verdict} ({count}).")
    return "\n".join(lines) + "\n"
