"""The findings table's look: whole-row single selection, no editing, sorted by severity, fixed row
heights, and row height and column widths taken from the font."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from caisa_studio.ui.findings.model import MESSAGE, RULE, SEVERITY, STATUS, SUBJECT


def build_findings_table(model: QAbstractItemModel) -> QTableView:
    """The table showing ``model`` (the filter proxy); the panel connects its signals."""
    table = QTableView()
    table.setObjectName("findings-table")
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.setSortingEnabled(True)
    table.sortByColumn(SEVERITY, Qt.SortOrder.AscendingOrder)
    table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    table.verticalHeader().setVisible(False)
    # Fixed row heights: the view never measures thousands of rows.
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(MESSAGE, QHeaderView.ResizeMode.Stretch)
    size_table(table)
    return table


def size_table(table: QTableView) -> None:
    """Row height and column widths from the font (again when the text size changes)."""
    metrics = table.fontMetrics()
    table.verticalHeader().setDefaultSectionSize(metrics.height() + 10)
    em = metrics.horizontalAdvance("M")
    severity_width = metrics.horizontalAdvance("Critical") + 16 + 3 * em  # icon, sort arrow, padding
    widths = {SEVERITY: severity_width, RULE: 7 * em, SUBJECT: 13 * em, STATUS: 10 * em}
    header = table.horizontalHeader()
    header.setMinimumSectionSize(4 * em)
    for column, width in widths.items():
        header.resizeSection(column, width)
