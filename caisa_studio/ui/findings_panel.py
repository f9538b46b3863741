"""The findings dock: every finding with severity, rule, subject, message and status.

Selecting a finding selects and centres its subject on the canvas and highlights its path.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from caisa_studio.model import Design
from caisa_studio.rules import Finding, ValidationResult
from caisa_studio.ui.icons import severity_icon

COLUMNS = ("Severity", "Rule", "Subject", "Message", "Status")
ROLE_ID = Qt.ItemDataRole.UserRole


class FindingsPanel(QWidget):
    finding_selected = Signal(object)  # Finding | None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result: ValidationResult | None = None
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.details = QTextBrowser()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)

    def show_result(self, design: Design, result: ValidationResult) -> None:
        selected = self.selected_id()
        self.result = result
        ordered = sorted(result.findings, key=lambda f: (not f.is_open, -f.severity.rank, f.id))
        self.table.blockSignals(True)
        self.table.setRowCount(len(ordered))
        for row, finding in enumerate(ordered):
            self._fill_row(design, row, finding)
        self.table.blockSignals(False)
        if selected is not None:
            self.select(selected)

    def _fill_row(self, design: Design, row: int, finding: Finding) -> None:
        cells = (
            finding.severity.value.capitalize(),
            finding.rule,
            design.display_name(finding.subject),
            finding.message,
            finding.status.value.replace("_", " "),
        )
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setData(ROLE_ID, finding.id)
            if column == 0:
                item.setIcon(severity_icon(finding.severity))
            if column == 3:
                item.setToolTip(finding.message)
            self.table.setItem(row, column, item)

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.table.item(rows[0].row(), 0).data(ROLE_ID) if rows else None

    def select(self, finding_id: str) -> None:
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).data(ROLE_ID) == finding_id:
                self.table.selectRow(row)
                return

    def _selection_changed(self) -> None:
        finding_id = self.selected_id()
        finding = self.result.get(finding_id) if self.result and finding_id else None
        self.details.setHtml(_details_html(finding) if finding else "")
        self.finding_selected.emit(finding)


def _details_html(finding: Finding) -> str:
    references = ", ".join(f"{_esc(r.framework)} {_esc(r.id)}" for r in finding.references)
    return (
        f"<h3>{_esc(finding.rule)} — {_esc(finding.title)}</h3>"
        f"<p>{_esc(finding.message)}</p>"
        f"<p><b>How to fix:</b> {_esc(finding.fix)}</p>"
        f"<p><b>References:</b> {references}</p>"
    )


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
