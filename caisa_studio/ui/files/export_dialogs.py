"""File → Export Diagram… (PNG, SVG, PDF) and File → Export Report… (PDF, Markdown, JSON, CSV).

The dialogs collect a file name and options; the work runs on a worker thread (``jobs.py``) with a
progress dialog that can cancel. The view model (diagram) or the report job (report) is built on the
GUI thread from the design as it is at that moment, so edits made while the export runs cannot race
with it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from caisa_studio.export.diagram_image import ExportOptions, export_diagram
from caisa_studio.export.report_job import ReportJob, ReportOptions
from caisa_studio.render.style import DARK, LIGHT
from caisa_studio.render.view_model import build_view
from caisa_studio.ui.files.jobs import BackgroundJob, JobCancelled, ProgressCallback

if TYPE_CHECKING:
    from caisa_studio.ui.main_window import MainWindow

EXPORT_DIR_KEY = "files/export_dir"
AUTHOR_KEY = "report/author"
PAGE_SIZE_KEY = "report/page_size"
DIAGRAM_FORMATS = {".png": "PNG image", ".svg": "SVG drawing (vector)", ".pdf": "PDF page (vector)"}
REPORT_FORMATS = {
    ".pdf": "PDF design report",
    ".md": "Markdown report (+ SVG diagram)",
    ".json": "Findings as JSON",
    ".csv": "Findings as CSV",
}
SCALES = (1.0, 2.0, 3.0, 4.0)


# -- the jobs -------------------------------------------------------------------------------------
def _staging_path(target: Path) -> Path:
    """A hidden temporary name beside ``target`` with the same suffix (the format follows the suffix)."""
    handle, name = tempfile.mkstemp(
        prefix=f".{target.stem}.", suffix=f".part{target.suffix}", dir=target.parent
    )
    os.close(handle)
    return Path(name)


def start_diagram_export(
    window: MainWindow,
    path: Path,
    options: ExportOptions | None = None,
    *,
    show_badges: bool = True,
    highlighted_path: tuple[str, ...] = (),
) -> BackgroundJob | None:
    """Export the open design's diagram on a worker thread; None (and an error box) when it cannot start."""
    assert window.session is not None
    if path.suffix.lower() not in DIAGRAM_FORMATS:
        window.report_error(
            "Cannot export the diagram", f"{path.name}: choose a .png, .svg or .pdf file name"
        )
        return None
    if not path.parent.is_dir():
        window.report_error("Cannot export the diagram", f"{path}: the folder {path.parent} does not exist")
        return None
    session = window.session
    view = build_view(
        session.design,
        window.catalog,
        session.result,
        show_badges=show_badges,
        highlighted_path=highlighted_path,
    )
    chosen = options or ExportOptions()

    def work(progress: ProgressCallback) -> list[Path]:
        if not progress(0.05, "Drawing the diagram"):
            raise JobCancelled()
        staging = _staging_path(path)
        try:
            export_diagram(view, staging, chosen)
            if not progress(0.95, "Saving"):
                raise JobCancelled()
            os.replace(staging, path)
        finally:
            with contextlib.suppress(OSError):
                staging.unlink()
        progress(1.0, "Done")
        return [path]

    return BackgroundJob(
        window, "Exporting the diagram", work, determinate=False, target=path, what="diagram export"
    )


def start_report_export(
    window: MainWindow, path: Path, options: ReportOptions | None = None
) -> BackgroundJob | None:
    """Write the report named by ``path``'s suffix on a worker thread, with progress and Cancel."""
    assert window.session is not None
    if not path.parent.is_dir():
        window.report_error("Cannot export the report", f"{path}: the folder {path.parent} does not exist")
        return None
    session = window.session
    try:
        job = ReportJob(
            session.design,
            path,
            options or ReportOptions(),
            source=str(session.path) if session.path else None,
            catalog=window.catalog,
        )
    except ValueError as error:
        window.report_error("Cannot export the report", str(error))
        return None
    return BackgroundJob(
        window, "Writing the report", job.run, determinate=True, target=path, what="report export"
    )


# -- the dialogs ----------------------------------------------------------------------------------
def _default_folder(window: MainWindow) -> Path:
    saved = QSettings().value(EXPORT_DIR_KEY, "")
    if isinstance(saved, str) and saved and Path(saved).is_dir():
        return Path(saved)
    if window.session is not None and window.session.path is not None:
        return window.session.path.parent
    return Path.home()


def _design_stem(window: MainWindow) -> str:
    assert window.session is not None
    if window.session.path is not None:
        return window.session.path.name.removesuffix(".caisa.json").removesuffix(".json")
    return window.session.design.id or "design"


class _ExportDialog(QDialog):
    """A file name (with Browse…) and a format, then options; Export starts the job."""

    def __init__(
        self, title: str, formats: dict[str, str], default: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.formats = formats
        self.format = QComboBox()
        self.format.setObjectName("format")
        for suffix, label in formats.items():
            self.format.addItem(f"{label} ({suffix})", suffix)
        self.path_edit = QLineEdit(str(default))
        self.path_edit.setObjectName("path")
        self.path_edit.setMinimumWidth(380)
        browse = QPushButton("Browse…")
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.setSpacing(6)
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        self.form = QFormLayout()
        self.form.setHorizontalSpacing(12)
        self.form.setVerticalSpacing(10)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form.addRow("Format", self.format)
        self.form.addRow("File", row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = QPushButton("Export")
        self.export_button.setObjectName("exportButton")
        self.export_button.setDefault(True)
        self.buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(14)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)
        self._sync_format_from_path()
        self.format.currentIndexChanged.connect(self._suffix_from_format)
        self.path_edit.textChanged.connect(self._path_changed)

    def path(self) -> Path:
        return Path(self.path_edit.text().strip()).expanduser()

    def suffix(self) -> str:
        return str(self.format.currentData())

    def set_path(self, path: Path) -> None:
        self.path_edit.setText(str(path))

    def browse(self) -> None:
        filters = ";;".join(f"{label} (*{suffix})" for suffix, label in self.formats.items())
        chosen_filter = f"{self.formats[self.suffix()]} (*{self.suffix()})"
        name, selected = QFileDialog.getSaveFileName(
            self, self.windowTitle(), str(self.path()), filters, chosen_filter
        )
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() not in self.formats:
            suffix = next(
                (s for s, label in self.formats.items() if selected.startswith(label)), self.suffix()
            )
            path = path.with_name(path.name + suffix)
        self.set_path(path)

    def _sync_format_from_path(self) -> None:
        index = self.format.findData(self.path().suffix.lower())
        if index >= 0 and index != self.format.currentIndex():
            self.format.blockSignals(True)
            self.format.setCurrentIndex(index)
            self.format.blockSignals(False)
        self._format_changed()

    def _path_changed(self) -> None:
        self._sync_format_from_path()
        self.export_button.setEnabled(bool(self.path_edit.text().strip()))

    def _suffix_from_format(self) -> None:
        path = self.path()
        if path.suffix.lower() in self.formats and path.suffix.lower() != self.suffix():
            self.path_edit.blockSignals(True)
            self.set_path(path.with_suffix(self.suffix()))
            self.path_edit.blockSignals(False)
        self._format_changed()

    def _format_changed(self) -> None:
        """Subclasses enable the options that apply to the chosen format."""

    def accept(self) -> None:
        path = self.path()
        if path.suffix.lower() != self.suffix():
            self.set_path(path.with_name(path.name + self.suffix()))
        QSettings().setValue(EXPORT_DIR_KEY, str(self.path().parent))
        super().accept()


class ExportDiagramDialog(_ExportDialog):
    def __init__(self, window: MainWindow) -> None:
        default = _default_folder(window) / f"{_design_stem(window)}.png"
        super().__init__("Export diagram", DIAGRAM_FORMATS, default, window)
        self.setObjectName("exportDiagramDialog")
        self.window_ = window
        self.scale = QComboBox()
        self.scale.setObjectName("scale")
        for value in SCALES:
            self.scale.addItem(
                f"{value:g}× ({'sharp on high-DPI screens' if value >= 2 else 'screen size'})", value
            )
        self.scale.setCurrentIndex(1)
        self.theme = QComboBox()
        self.theme.setObjectName("theme")
        self.theme.addItem("Light (for print)", "light")
        self.theme.addItem("Dark", "dark")
        self.badges = QCheckBox("Show finding badges")
        self.badges.setObjectName("badges")
        self.badges.setChecked(True)
        self.highlight = QCheckBox("Highlight the selected finding's path")
        self.highlight.setObjectName("highlight")
        self.finding_path = _selected_finding_path(window)
        self.highlight.setEnabled(bool(self.finding_path))
        self.highlight.setChecked(bool(self.finding_path))
        if not self.finding_path:
            self.highlight.setToolTip("Select a finding with an attack path in the findings panel first.")
        self.form.addRow("Scale", self.scale)
        self.form.addRow("Colours", self.theme)
        self.form.addRow("", self.badges)
        self.form.addRow("", self.highlight)
        self._format_changed()

    def _format_changed(self) -> None:
        if hasattr(self, "scale"):
            self.scale.setEnabled(self.suffix() == ".png")

    def options(self) -> ExportOptions:
        return ExportOptions(
            scale=float(self.scale.currentData()), theme=DARK if self.theme.currentData() == "dark" else LIGHT
        )

    def start(self) -> BackgroundJob | None:
        return start_diagram_export(
            self.window_,
            self.path(),
            self.options(),
            show_badges=self.badges.isChecked(),
            highlighted_path=self.finding_path if self.highlight.isChecked() else (),
        )


class ExportReportDialog(_ExportDialog):
    def __init__(self, window: MainWindow) -> None:
        default = _default_folder(window) / f"{_design_stem(window)}-report.pdf"
        super().__init__("Export report", REPORT_FORMATS, default, window)
        self.setObjectName("exportReportDialog")
        self.window_ = window
        settings = QSettings()
        self.page_size = QComboBox()
        self.page_size.setObjectName("pageSize")
        self.page_size.addItem("A4", "a4")
        self.page_size.addItem("US Letter", "letter")
        self.page_size.setCurrentIndex(max(0, self.page_size.findData(settings.value(PAGE_SIZE_KEY, "a4"))))
        self.author = QLineEdit(str(settings.value(AUTHOR_KEY, "") or ""))
        self.author.setObjectName("author")
        self.author.setPlaceholderText("Named on the cover page")
        self.badges = QCheckBox("Show finding badges in the diagram")
        self.badges.setObjectName("badges")
        self.badges.setChecked(True)
        hint = QLabel("The PDF is the stakeholder report; Markdown writes the diagram as an SVG beside it.")
        hint.setWordWrap(True)
        hint.setStyleSheet(f"color: {window.theme.muted_text};")
        self.form.addRow("Page size", self.page_size)
        self.form.addRow("Author", self.author)
        self.form.addRow("", self.badges)
        self.form.addRow(hint)
        self._format_changed()

    def _format_changed(self) -> None:
        if hasattr(self, "page_size"):
            pdf = self.suffix() == ".pdf"
            self.page_size.setEnabled(pdf)
            self.author.setEnabled(pdf)
            self.badges.setEnabled(self.suffix() in (".pdf", ".md"))

    def options(self) -> ReportOptions:
        return ReportOptions(
            page_size=str(self.page_size.currentData()),  # type: ignore[arg-type]
            author=self.author.text().strip(),
            show_badges=self.badges.isChecked(),
        )

    def start(self) -> BackgroundJob | None:
        settings = QSettings()
        settings.setValue(AUTHOR_KEY, self.author.text().strip())
        settings.setValue(PAGE_SIZE_KEY, self.page_size.currentData())
        return start_report_export(self.window_, self.path(), self.options())


def _selected_finding_path(window: MainWindow) -> tuple[str, ...]:
    """The path of the finding selected in the findings panel, if it has one."""
    session, panel = window.session, window.findings
    selected = getattr(panel, "selected_id", None)
    finding_id = selected() if callable(selected) else None
    finding = session.result.get(finding_id) if session is not None and finding_id else None
    return tuple(finding.path) if finding is not None and finding.path else ()


def export_diagram_dialog(window: MainWindow) -> ExportDiagramDialog:
    dialog = ExportDiagramDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(dialog.start)
    dialog.open()
    return dialog


def export_report_dialog(window: MainWindow) -> ExportReportDialog:
    dialog = ExportReportDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(dialog.start)
    dialog.open()
    return dialog
