"""File → Import…: another tool's threat model becomes a new, unsaved design, with the import report.

The format is detected from the content (``caisa_studio.io.importers``). A file with several diagrams
asks which one to import. Problems with the file end in an error box naming it — never a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from caisa_studio.io import DesignFileError
from caisa_studio.io.importers import ImportReport, diagram_titles, import_model

if TYPE_CHECKING:
    from caisa_studio.ui.main_window import MainWindow

IMPORT_FILTER = (
    "Threat models (*.json *.yaml *.yml *.tm7 *.xml);;"
    "OWASP Threat Dragon (*.json);;Open Threat Model (*.json *.yaml *.yml);;"
    "Microsoft Threat Modeling Tool (*.tm7);;Threagile (*.yaml *.yml);;All files (*)"
)
IMPORT_DIR_KEY = "files/import_dir"


def import_dialog(window: MainWindow) -> None:
    """Ask for a file, then import it."""
    settings = QSettings()
    start = str(settings.value(IMPORT_DIR_KEY, "") or "")
    name, _ = QFileDialog.getOpenFileName(window, "Import a threat model", start, IMPORT_FILTER)
    if name:
        settings.setValue(IMPORT_DIR_KEY, str(Path(name).parent))
        start_import(window, Path(name))


def start_import(window: MainWindow, path: Path) -> QDialog | None:
    """Import ``path``: returns the diagram chooser (several diagrams) or the report dialog, or None."""
    try:
        titles = diagram_titles(path)
    except DesignFileError as error:
        window.report_error("Cannot import", str(error))
        return None
    except Exception as error:  # a GUI boundary: anything unexpected becomes a message, not a crash
        window.report_error("Cannot import", f"{path}: {type(error).__name__}: {error}")
        return None
    if len(titles) > 1:
        chooser = DiagramChoiceDialog(path, titles, window)
        chooser.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        chooser.diagram_chosen.connect(lambda number: import_diagram(window, path, number))
        chooser.open()
        return chooser
    return import_diagram(window, path, None)


def import_diagram(window: MainWindow, path: Path, diagram: int | None) -> ImportReportDialog | None:
    """Replace the open design (after the unsaved-changes prompt) with the imported one."""
    if not window.confirm_discard():
        return None
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        design, report = import_model(path, diagram)
    except DesignFileError as error:
        QGuiApplication.restoreOverrideCursor()
        window.report_error("Cannot import", str(error))
        return None
    except Exception as error:  # a GUI boundary: anything unexpected becomes a message, not a crash
        QGuiApplication.restoreOverrideCursor()
        window.report_error("Cannot import", f"{path}: {type(error).__name__}: {error}")
        return None
    QGuiApplication.restoreOverrideCursor()
    window.replace_design(design, None, modified=True)  # not saved yet: closing asks first
    window.statusBar().showMessage(f"Imported {path.name}: {report.summary()}", 10000)
    dialog = ImportReportDialog(report, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


class DiagramChoiceDialog(QDialog):
    """The file holds several diagrams: which one becomes the design?"""

    diagram_chosen = Signal(int)  # 1-based, as ``import_model`` counts

    def __init__(self, path: Path, titles: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("diagramChoice")
        self.setWindowTitle("Choose a diagram")
        text = QLabel(f"{path.name} holds {len(titles)} diagrams. Which one do you want to import?")
        text.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("diagramList")
        for number, title in enumerate(titles, 1):
            self.list.addItem(f"{number}. {title}")
        self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = QPushButton("Import")
        self.import_button.setDefault(True)
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(10)
        layout.addWidget(text)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(480, 320)

    def choose(self, number: int) -> None:
        self.list.setCurrentRow(number - 1)
        self.accept()

    def accept(self) -> None:
        number = self.list.currentRow() + 1
        super().accept()
        if number >= 1:
            self.diagram_chosen.emit(number)


class ImportReportDialog(QDialog):
    """What became what: the import report, readable and copyable. Non-modal."""

    def __init__(self, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importReport")
        self.setWindowTitle("Import report")
        self.report = report
        heading = QLabel(f"Imported {Path(report.source).name}")
        font = heading.font()
        font.setWeight(QFont.Weight.DemiBold)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        heading.setFont(font)
        where = f" — {report.diagram}" if report.diagram else ""
        summary = QLabel(
            f"{report.format_name}{where}\n{report.summary()}\n"
            "Check the kinds below; you can change any component's kind in the inspector."
        )
        summary.setWordWrap(True)
        summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text = QPlainTextEdit(report.render())
        self.text.setObjectName("importReportText")
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = QPushButton("Copy report")
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.text.toPlainText()))
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addWidget(summary)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(760, 520)
