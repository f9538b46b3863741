"""A first studio window: opens a design and lists its findings (the full canvas comes later)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from caisa_studio.io import DesignFileError, load_design
from caisa_studio.model import Design
from caisa_studio.rules import Finding, Severity, ValidationResult, Validator
from caisa_studio.ui.severity_style import SEVERITY_COLOURS

COLUMNS = ("Severity", "Rule", "Subject", "Message", "Status")


class FindingsWindow(QMainWindow):
    """Shows one design's findings; a failed open keeps the current design and says why."""

    def __init__(self) -> None:
        super().__init__()
        self.design: Design | None = None
        self.path: Path | None = None
        self.result: ValidationResult | None = None
        self._validator = Validator()
        self.resize(1200, 720)
        self._build_widgets()
        self._build_menu()
        self._refresh_title()

    def _build_widgets(self) -> None:
        self.heading = QLabel("No design open")
        heading_font = QFont(self.heading.font())
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.5)
        heading_font.setBold(True)
        self.heading.setFont(heading_font)
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._show_details)
        self.details = QTextBrowser()
        self.details.setOpenExternalLinks(False)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setSizes([460, 200])
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(body)

    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        open_action = QAction("&Open…", self)
        open_action.setShortcut(QKeySequence.StandardKey.Open)
        open_action.triggered.connect(self._ask_open)
        file_menu.addAction(open_action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

    def _ask_open(self) -> None:
        start = str(self.path.parent) if self.path else ""
        name, _ = QFileDialog.getOpenFileName(
            self, "Open design", start, "CAISA designs (*.caisa.json);;All files (*)"
        )
        if name:
            self.open_path(Path(name))

    def open_path(self, path: Path) -> bool:
        """Load and validate a design; on failure keep what is shown and tell the user why."""
        try:
            design = load_design(path)
        except DesignFileError as error:
            self._report_error("Cannot open design", str(error))
            self.statusBar().showMessage(f"Could not open {path.name}", 8000)
            return False
        self.design, self.path = design, path
        self.result = self._validator.full(design)
        self._populate()
        self._refresh_title()
        return True

    def _report_error(self, title: str, message: str) -> None:
        """Non-blocking message box: the studio keeps running and tests can read it."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("errorBox")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _refresh_title(self) -> None:
        name = self.path.name if self.path else "no design"
        self.setWindowTitle(f"{name} — CAISA Studio")

    def _populate(self) -> None:
        assert self.design is not None and self.result is not None
        design, result = self.design, self.result
        self.heading.setText(design.title or design.id)
        counts = result.counts_by_severity()
        open_text = ", ".join(f"{counts[s.value]} {s.value}" for s in Severity if counts[s.value])
        self.summary.setText(
            f"{len(design.components)} components · {len(design.flows)} flows · "
            f"{len(design.boundaries)} trust boundaries · {len(design.data_assets)} data assets — "
            f"open findings: {open_text or 'none'}"
        )
        ordered = sorted(result.findings, key=lambda f: (-f.severity.rank, f.id))
        self.table.setRowCount(len(ordered))
        for row, finding in enumerate(ordered):
            self._fill_row(row, finding)
        self.statusBar().showMessage(f"{len(ordered)} findings", 0)
        if ordered:
            self.table.selectRow(0)

    def _fill_row(self, row: int, finding: Finding) -> None:
        assert self.design is not None
        subject = self.design.display_name(finding.subject)
        cells = (finding.severity.value.upper(), finding.rule, subject, finding.message, finding.status.value)
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, finding.id)
            if column == 0:
                item.setForeground(QBrush(QColor("white")))
                item.setBackground(QBrush(QColor(SEVERITY_COLOURS[finding.severity])))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.table.setItem(row, column, item)

    def _show_details(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or self.result is None:
            self.details.clear()
            return
        finding_id = self.table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)
        finding = self.result.get(finding_id)
        if finding is None:
            return
        refs = ", ".join(f"{r.framework} {r.id}" for r in finding.references)
        self.details.setPlainText(
            f"{finding.rule} — {finding.title}\n\n{finding.message}\n\nHow to fix: {finding.fix}\n\n"
            f"References: {refs}"
        )
