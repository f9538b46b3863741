"""The Markdown report: golden text for the bundled example, the SVG diagram beside it, escaping.

Golden file: tests/golden/rag-assistant.report.md. When a rule or the report layout changes on
purpose, regenerate it and review the diff:

    CAISA_REGENERATE_GOLDEN=1 uv run pytest tests/test_report_markdown.py tests/test_report_csv.py
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ElementTree
from datetime import date
from pathlib import Path

import pytest

from caisa_studio.export.markdown_report import md, render_markdown
from caisa_studio.export.report_data import collect_report_data
from caisa_studio.export.report_job import ReportOptions, diagram_file_for, write_report
from caisa_studio.io import load_design
from caisa_studio.model import Design

from .conftest import EXAMPLE

GOLDEN = Path(__file__).resolve().parent / "golden" / "rag-assistant.report.md"
REGENERATE = os.environ.get("CAISA_REGENERATE_GOLDEN") == "1"
OPTIONS = ReportOptions(author="Ada Architect", version="2.1", date=date(2025, 6, 30))


def test_golden_example() -> None:
    data = collect_report_data(load_design(EXAMPLE), OPTIONS)
    text = render_markdown(data, "report-diagram.svg")
    if REGENERATE:
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8"), (
        "run with CAISA_REGENERATE_GOLDEN=1 and review the diff"
    )


def test_written_with_svg_diagram_beside_it(tmp_path: Path) -> None:
    path = tmp_path / "report.md"
    written = write_report(load_design(EXAMPLE), path, OPTIONS)
    diagram = diagram_file_for(path)
    assert written == [diagram, path]
    text = path.read_text(encoding="utf-8")
    assert "![Architecture diagram of Customer support RAG assistant](report-diagram.svg)" in text
    root = ElementTree.parse(diagram).getroot()
    groups = [g for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("class") == "component"]
    assert len(groups) == len(load_design(EXAMPLE).components)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report-diagram.svg", "report.md"]


def test_github_tables_are_well_formed(tmp_path: Path) -> None:
    text = render_markdown(collect_report_data(load_design(EXAMPLE), OPTIONS), "d.svg")
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if re.fullmatch(r"\| (?:-{3}|-{2}:|:-:)(?: \| (?:-{3}|-{2}:|:-:))* \|", line):
            header = lines[index - 1]
            columns = header.count(" | ") + 1
            row = index + 1
            while row < len(lines) and lines[row].startswith("| "):
                cells = re.split(r"(?<!\\)\|", lines[row].strip())[1:-1]
                assert len(cells) == columns, lines[row]
                row += 1


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("<b>x</b> & <font>", "\\<b\\>x\\</b\\> & \\<font\\>"),
        ("a | b", "a \\| b"),
        ("*bold* _it_ `code` [link](x)", "\\*bold\\* \\_it\\_ \\`code\\` \\[link\\](x)"),
        ("&amp; stays literal", "&amp;amp; stays literal"),
        ("two\nlines", "two lines"),
    ],
)
def test_escaping(raw: str, escaped: str) -> None:
    assert md(raw) == escaped


def test_hostile_names_do_not_leak_markup(tmp_path: Path) -> None:
    hostile = "<script>alert(1)</script> | **x**"
    design = Design.model_validate(
        {
            "id": "h",
            "title": hostile,
            "components": [{"id": "c", "kind": "llm_api", "name": hostile}],
            "data_assets": [{"id": "a", "name": hostile}],
        }
    )
    text = render_markdown(collect_report_data(design, OPTIONS), None)
    assert "<script>" not in text
    assert "\\<script\\>alert(1)\\</script\\> \\| \\*\\*x\\*\\*" in text
    assert "_The diagram was not exported._" in text


def test_empty_design_writes_no_diagram(tmp_path: Path) -> None:
    path = tmp_path / "empty.md"
    written = write_report(Design.model_validate({"id": "e", "title": "Empty"}), path)
    assert written == [path]
    assert "No open findings." in path.read_text(encoding="utf-8")
