"""Findings as CSV and JSON: golden CSV for the example, RFC 4180 quoting, formula guard, and the
JSON export being exactly ``caisa validate --format json``.

Regenerate the golden file after an intended change (and review the diff):

    CAISA_REGENERATE_GOLDEN=1 uv run pytest tests/test_report_csv.py
"""

from __future__ import annotations

import csv
import io
import json
import os
from datetime import date
from pathlib import Path

from caisa_studio.export.csv_findings import COLUMNS, findings_csv
from caisa_studio.export.findings_json import validation_document
from caisa_studio.export.report_job import ReportOptions, write_report
from caisa_studio.io import load_design
from caisa_studio.model import Design
from caisa_studio.rules import Severity, Validator

from .conftest import EXAMPLE

GOLDEN = Path(__file__).resolve().parent / "golden" / "rag-assistant.findings.csv"
REGENERATE = os.environ.get("CAISA_REGENERATE_GOLDEN") == "1"
TODAY = date(2025, 6, 30)


def example_csv() -> str:
    design = load_design(EXAMPLE)
    return findings_csv(design, Validator(today=TODAY).full(design))


def test_golden_example() -> None:
    text = example_csv()
    if REGENERATE:
        GOLDEN.write_bytes(text.encode("utf-8"))
    assert text == GOLDEN.read_bytes().decode("utf-8"), (
        "run with CAISA_REGENERATE_GOLDEN=1 and review the diff"
    )


def test_rfc4180_shape() -> None:
    text = example_csv()
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")  # every line ends CRLF; no bare newlines
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert tuple(rows[0]) == COLUMNS
    assert all(len(row) == len(COLUMNS) for row in rows)
    design = load_design(EXAMPLE)
    assert len(rows) - 1 == len(Validator(today=TODAY).full(design).findings)
    severities = [row[2] for row in rows[1:]]
    rank = {s.value: s.rank for s in Severity}
    assert severities == sorted(severities, key=lambda s: -rank[s])


def test_quoting_and_formula_guard() -> None:
    name = '=HYPERLINK("http://x") , "quoted"\nsecond line'
    design = Design.model_validate(
        {"id": "d", "title": "t", "components": [{"id": "c", "kind": "llm_api", "name": name}]}
    )
    text = findings_csv(design, Validator(today=TODAY).full(design))
    rows = list(csv.reader(io.StringIO(text, newline="")))
    names = {row[COLUMNS.index("subject_name")] for row in rows[1:] if row[COLUMNS.index("subject")] == "c"}
    assert names == {"'" + name}  # read back exactly, with the formula disarmed
    assert '"\'=HYPERLINK(""http://x"") , ""quoted""\nsecond line"' in text


def test_json_export_is_the_validate_document(tmp_path: Path) -> None:
    path = tmp_path / "findings.json"
    write_report(load_design(EXAMPLE), path, ReportOptions(date=TODAY), source="example.caisa.json")
    design = load_design(EXAMPLE)
    expected = validation_document(
        design, Validator(today=TODAY).full(design), Severity.HIGH, "example.caisa.json"
    )
    assert json.loads(path.read_text(encoding="utf-8")) == expected


def test_csv_file_written_atomically(tmp_path: Path) -> None:
    path = tmp_path / "findings.csv"
    assert write_report(load_design(EXAMPLE), path, ReportOptions(date=TODAY)) == [path]
    assert [p.name for p in tmp_path.iterdir()] == ["findings.csv"]
    assert path.read_bytes().startswith(b"id,rule,severity,status,")
