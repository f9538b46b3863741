"""The studio's main window: canvas in the centre, palette, inspector and findings docks around it."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QWidget,
)

from caisa_studio.catalog import default_catalog
from caisa_studio.io import DesignFileError, load_design, save_design
from caisa_studio.model import Design
from caisa_studio.render.style import LIGHT, Theme
from caisa_studio.rules import Finding, Severity
from caisa_studio.ui.canvas.scene import DesignScene
from caisa_studio.ui.canvas.view import BOUNDARY_MIME, KIND_MIME, DesignView
from caisa_studio.ui.findings_panel import FindingsPanel
from caisa_studio.ui.inspector import InspectorPanel
from caisa_studio.ui.palette import PaletteWidget
from caisa_studio.ui.session import DesignSession
from caisa_studio.ui.window_editing import FRAGMENT_MIME, SelectionEditing

__all__ = ["FILE_FILTER", "FRAGMENT_MIME", "MAX_RECENT", "MainWindow"]

FILE_FILTER = "CAISA designs (*.caisa.json);;JSON files (*.json);;All files (*)"
MAX_RECENT = 8
STARTUP_DEADLINE_MS = 3000  # start-up finishes by then even without a paint


class MainWindow(SelectionEditing, QMainWindow):
    """One window, one open design at a time.

    Start-up paints first: what nothing on screen needs (the reference architectures' titles in the
    design form's list) is loaded just after the first paint, then ``ready`` is set and
    ``startup_finished`` emitted. The window is complete and usable before that.
    """

    startup_finished = Signal()

    def __init__(self, design: Design | None = None, path: Path | None = None, theme: Theme = LIGHT) -> None:
        super().__init__()
        self.setObjectName("MainWindow")
        self.ready = False
        self._painted = False
        self.catalog = default_catalog()
        self.theme = theme
        self.settings = QSettings()
        self.session: DesignSession | None = None
        self.scene: DesignScene | None = None
        self.view: DesignView | None = None
        self.findings = FindingsPanel(lambda: self.session, self.catalog)
        self.findings.finding_selected.connect(self._show_finding)
        self.palette = PaletteWidget(self.catalog, theme.text)
        self.palette.activated.connect(self._add_from_palette)
        self._docks: dict[str, QDockWidget] = {}
        self._dock("palette", "Palette", self.palette, Qt.DockWidgetArea.LeftDockWidgetArea)
        self._dock("findings", "Findings", self.findings, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.inspector = InspectorPanel(self.catalog, theme)
        self.add_dock("inspector", "Inspector", self.inspector, Qt.DockWidgetArea.RightDockWidgetArea)
        self.counts_label = QLabel()
        self.zoom_label = QLabel("100 %")
        self.statusBar().addPermanentWidget(self.counts_label)
        self.statusBar().addPermanentWidget(self.zoom_label)
        from caisa_studio.ui.window_actions import build_actions

        self.actions_by_name: dict[str, QAction] = build_actions(self)
        self.resize(1366, 800)
        self._restore_layout()
        self.set_session(DesignSession(design or _blank_design(), path))
        # Files, autosave and themes (caisa_studio.ui.files, caisa_studio.ui.theme).
        from caisa_studio.ui.files.autosave import Autosave
        from caisa_studio.ui.theme import ThemeController

        self.autosave = Autosave(self)
        self.themes = ThemeController(self)

    # -- start-up -------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self, self._finish_startup)  # runs once this paint is on screen

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # A window that is never painted (started minimised, say) still finishes its start-up:
        # the garbage collector is switched back on and recovery offered.
        QTimer.singleShot(STARTUP_DEADLINE_MS, self, self._finish_startup)

    def _finish_startup(self) -> None:
        if self.ready:  # the first paint or the deadline, whichever comes first
            return
        self.inspector.show_reference_titles()
        self.ready = True
        self.startup_finished.emit()

    # -- docks and layout -----------------------------------------------------------------------
    def _dock(self, name: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{name}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        self._docks[name] = dock
        return dock

    def add_dock(self, name: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        """For panels added by other modules (the inspector); remembered with the layout."""
        dock = self._dock(name, title, widget, area)
        self._restore_layout()
        return dock

    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        state = self.settings.value("window/state")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def _save_layout(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())

    # -- the open design ------------------------------------------------------------------------
    def set_session(self, session: DesignSession) -> None:
        old = self.session
        self.session = session
        self.scene = DesignScene(session, self.catalog, self.theme)
        self.view = DesignView(self.scene)
        self.view.zoom_changed.connect(lambda z: self.zoom_label.setText(f"{round(z * 100)} %"))
        self.setCentralWidget(self.view)
        self.inspector.set_session(session, self.scene)
        session.findings_changed.connect(self._findings_changed)
        session.modified_changed.connect(lambda _: self._refresh_title())
        session.path_changed.connect(lambda _: self._refresh_title())
        session.changed.connect(lambda _: self._refresh_counts())
        session.edit_rejected.connect(lambda message: self.statusBar().showMessage(message, 6000))
        for name in ("undo", "redo"):
            self.actions_by_name[name].setEnabled(False)
        stack = session.undo_stack
        stack.canUndoChanged.connect(self.actions_by_name["undo"].setEnabled)
        stack.canRedoChanged.connect(self.actions_by_name["redo"].setEnabled)
        self.findings.show_result(session.design, session.result)
        self._refresh_title()
        self._refresh_counts()
        self.view.fit_to_view()
        if old is not None:
            old.deleteLater()

    def _refresh_title(self) -> None:
        assert self.session is not None
        name = self.session.path.name if self.session.path else (self.session.design.title or "Untitled")
        self.setWindowTitle(f"{name}[*] — CAISA Studio")
        self.setWindowModified(self.session.modified)

    def _refresh_counts(self) -> None:
        assert self.session is not None
        design, result = self.session.design, self.session.result
        counts = result.counts_by_severity()
        severities = " · ".join(f"{counts[s.value]} {s.value}" for s in Severity if counts[s.value])
        text = (
            f"{len(design.components)} components · {len(design.flows)} flows · "
            f"{len(design.boundaries)} boundaries   |   open findings: {severities or 'none'}"
        )
        conformance = self.session.conformance()
        if conformance is not None:
            text += f"   |   {conformance.reference_id} conformance {round(conformance.score * 100)} %"
        self.counts_label.setText(text)

    def _findings_changed(self, result: object, delta: object) -> None:
        assert self.session is not None
        self.findings.apply_delta(self.session.design, self.session.result, delta)
        self._refresh_counts()

    def _show_finding(self, finding: Finding | None) -> None:
        if self.scene is None or self.view is None:
            return
        if finding is None:
            self.scene.highlight(set())
            return
        self.scene.highlight(set(finding.path or ()))
        self.scene.clearSelection()
        item = (
            self.scene.components.get(finding.subject)
            or self.scene.flows.get(finding.subject)
            or self.scene.boundaries.get(finding.subject)
        )
        if item is not None:
            item.setSelected(True)
            self.view.centerOn(item)

    # -- files ----------------------------------------------------------------------------------
    def confirm_discard(self) -> bool:
        """Ask before unsaved changes are lost; True when it is fine to go on."""
        if self.session is None or not self.session.modified:
            return True
        answer = self.ask_unsaved_changes()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def ask_unsaved_changes(self) -> QMessageBox.StandardButton:
        """Save, Discard or Cancel. A method of its own so tests (and embedders) can answer it."""
        return QMessageBox.question(
            self,
            "Unsaved changes",
            "Save the changes to this design before closing it?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
        )

    def new_design(self, confirm: bool = True) -> None:
        """A blank design now (File → New… shows the start dialog: ``ui.files.start_dialog``)."""
        if not confirm or self.confirm_discard():
            self.replace_design(_blank_design())

    def open_dialog(self) -> None:
        if not self.confirm_discard():
            return
        start = str(self.session.path.parent) if self.session and self.session.path else ""
        name, _ = QFileDialog.getOpenFileName(self, "Open design", start, FILE_FILTER)
        if name:
            self.open_path(Path(name), confirm=False)

    def open_path(self, path: Path, confirm: bool = True) -> bool:
        if confirm and not self.confirm_discard():
            return False
        try:
            design = load_design(path)
        except DesignFileError as error:
            self.report_error("Cannot open design", str(error))
            return False
        self.replace_design(design, path)
        self.remember_recent(path)
        return True

    def save(self) -> bool:
        assert self.session is not None
        if self.session.path is None:
            return self.save_as()
        return self._write(self.session.path)

    def save_as(self) -> bool:
        assert self.session is not None
        if self.session.path is not None:
            suggested = str(self.session.path)
        else:
            recent = self.recent_files()
            folder = Path(recent[0]).parent if recent and Path(recent[0]).parent.is_dir() else Path.home()
            suggested = str(folder / f"{self.session.design.id or 'design'}.caisa.json")
        name, _ = QFileDialog.getSaveFileName(self, "Save design as", suggested, FILE_FILTER)
        if not name:
            return False
        path = Path(name)
        if not path.name.endswith(".json"):
            path = path.with_name(path.name + ".caisa.json")
        return self._write(path)

    def _write(self, path: Path) -> bool:
        assert self.session is not None
        try:
            save_design(self.session.design, path)
        except (OSError, ValueError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            self.report_error("Cannot save design", f"{path}: {reason}")
            return False
        self.session.mark_saved(path)
        self.autosave.discard()
        self.remember_recent(path)
        self.statusBar().showMessage(f"Saved {path.name}", 4000)
        return True

    def remember_recent(self, path: Path) -> None:
        recent = [str(path.resolve())] + [p for p in self.recent_files() if p != str(path.resolve())]
        self.settings.setValue("files/recent", json.dumps(recent[:MAX_RECENT]))

    def recent_files(self) -> list[str]:
        raw = self.settings.value("files/recent", "[]")
        try:
            values = json.loads(raw) if isinstance(raw, str) else []
        except json.JSONDecodeError:
            return []
        return [v for v in values if isinstance(v, str)]

    def report_error(self, title: str, message: str) -> None:
        """Non-blocking message box: the studio keeps running and tests can read it."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("errorBox")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.confirm_discard():
            event.ignore()
            return
        self._save_layout()
        from caisa_studio.ui.files.jobs import stop_jobs

        stop_jobs(self)
        self.autosave.closed_cleanly()
        event.accept()

    def replace_design(self, design: Design, path: Path | None = None, *, modified: bool = False) -> None:
        """Show another design (new, opened, imported, from a template or recovered); no prompt here.

        ``modified`` marks a design that is not on disk as it is shown (imported, recovered), so closing
        it asks first and autosave protects it.
        """
        self.set_session(DesignSession(design, path))
        assert self.session is not None
        if modified:
            self.session.undo_stack.resetClean()
        self.autosave.track(self.session)

    def apply_theme(self, theme: Theme, force: bool = False) -> None:
        """Redraw the canvas, palette icons and inspector in ``theme`` (View → Theme follows the system)."""
        if theme == self.theme and not force:
            return
        self.theme = theme
        from caisa_studio.ui.theme import retheme_window

        retheme_window(self, theme)

    # -- palette --------------------------------------------------------------------------------
    def _add_from_palette(self, mime: str, value: str) -> None:
        assert self.view is not None
        centre = self.view.visible_scene_rect().center()
        if mime == KIND_MIME:
            self.view.add_component_at(value, centre)
        elif mime == BOUNDARY_MIME:
            self.view.add_boundary_at(value, centre)


def _blank_design() -> Design:
    return Design(id="untitled", title="Untitled design")
