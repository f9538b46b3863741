"""Findings as CSV: one row per finding, a fixed column order, RFC 4180 quoting (CRLF line ends).

Cells that a spreadsheet would run as a formula (starting with ``= + - @``, a tab or a carriage
return) get a leading apostrophe, so a hostile component name cannot execute when the file is opened.
"""

from __future__ import annotations

import csv
import io

from caisa_studio.export.report_data import subject_label
from caisa_studio.model import Design
from caisa_studio.rules import Finding, ValidationResult

COLUMNS = (
    "id",
    "rule",
    "severity",
    "status",
    "subject",
    "subject_name",
    "title",
    "message",
    "fix",
    "subjects",
    "path",
    "references",
    "justification",
    "owner",
    "decided",
    "expires",
    "note",
)
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def finding_row(design: Design, finding: Finding) -> list[str]:
    tracking = finding.tracking
    values = {
        "id": finding.id,
        "rule": finding.rule,
        "severity": finding.severity.value,
        "status": finding.status.value,
        "subject": finding.subject,
        "subject_name": subject_label(design, finding.subject),
        "title": finding.title,
        "message": finding.message,
        "fix": finding.fix,
        "subjects": " ".join(finding.subjects),
        "path": " ".join(finding.path) if finding.path else "",
        "references": "; ".join(f"{r.framework}:{r.id}" for r in finding.references),
        "justification": tracking.get("justification") or "",
        "owner": tracking.get("owner") or "",
        "decided": tracking.get("date") or "",
        "expires": tracking.get("expires") or "",
        "note": tracking.get("note") or "",
    }
    return [_safe(values[column]) for column in COLUMNS]


def findings_csv(design: Design, result: ValidationResult) -> str:
    """Every finding (open or decided), worst first, then by finding ID."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    for finding in sorted(result.findings, key=lambda f: (-f.severity.rank, f.id)):
        writer.writerow(finding_row(design, finding))
    return buffer.getvalue()
