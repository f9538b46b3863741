"""The interim studio window: opens the example, lists findings, survives bad files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from caisa_studio.io import load_design
from caisa_studio.rules import Validator
from caisa_studio.ui.findings_window import FindingsWindow


def test_window_lists_every_finding_worst_first(qtbot: QtBot, example_path: Path) -> None:
    window = FindingsWindow()
    qtbot.addWidget(window)
    assert window.open_path(example_path)
    expected = Validator().full(load_design(example_path)).findings
    assert window.table.rowCount() == len(expected) > 0
    ids = [window.table.item(row, 0).data(Qt.ItemDataRole.UserRole) for row in range(len(expected))]
    assert sorted(ids) == sorted(f.id for f in expected)
    ranks = [window.result.get(i).severity.rank for i in ids]  # type: ignore[union-attr]
    assert ranks == sorted(ranks, reverse=True)
    assert "rag-assistant.caisa.json" in window.windowTitle()
    window.table.selectRow(1)
    assert window.result.get(ids[1]).fix in window.details.toPlainText()  # type: ignore[union-attr]


def test_flow_subjects_are_named_by_their_endpoints(qtbot: QtBot, example_path: Path) -> None:
    window = FindingsWindow()
    qtbot.addWidget(window)
    window.open_path(example_path)
    subjects = {window.table.item(row, 2).text() for row in range(window.table.rowCount())}
    assert "AI gateway → Hosted LLM" in subjects


def test_broken_file_keeps_the_open_design_and_explains(
    qtbot: QtBot, example_path: Path, tmp_path: Path
) -> None:
    window = FindingsWindow()
    qtbot.addWidget(window)
    window.open_path(example_path)
    rows_before = window.table.rowCount()
    broken = tmp_path / "broken.caisa.json"
    broken.write_text('{"schema_version": 1, "id": "x", "components": [', encoding="utf-8")
    assert not window.open_path(broken)
    box = window.findChild(QMessageBox, "errorBox")
    assert box is not None and "broken.caisa.json" in box.text() and "not valid JSON" in box.text()
    assert window.table.rowCount() == rows_before
    assert "rag-assistant.caisa.json" in window.windowTitle()
    assert broken.read_text(encoding="utf-8") == '{"schema_version": 1, "id": "x", "components": ['
