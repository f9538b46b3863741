"""Menus, toolbar and shortcuts of the main window (platform-standard keys where Qt has them)."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar

if TYPE_CHECKING:
    from caisa_studio.ui.main_window import MainWindow

Key = QKeySequence.StandardKey


def build_actions(window: MainWindow) -> dict[str, QAction]:
    actions: dict[str, QAction] = {}

    def make(
        name: str, text: str, slot: Callable[[], object], shortcut: object = None, tip: str = ""
    ) -> QAction:
        action = QAction(text, window)
        action.setObjectName(f"action-{name}")
        if shortcut is not None:
            action.setShortcut(shortcut if isinstance(shortcut, QKeySequence) else QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        actions[name] = action
        return action

    session = lambda: window.session  # noqa: E731 - read at trigger time: sessions are replaced
    make(
        "new",
        "&New…",
        lambda: _files("start_dialog").show_start_dialog(window),
        Key.New,
        "Start a design: blank, from a reference template, an exercise or a recent file",
    )
    make("open", "&Open…", window.open_dialog, Key.Open, "Open a design file")
    make(
        "import",
        "&Import…",
        lambda: _files("import_dialog").import_dialog(window),
        "Ctrl+Shift+I",
        "Import a Threat Dragon, OTM, Microsoft TMT or Threagile model",
    )
    make(
        "export_diagram",
        "Export &Diagram…",
        lambda: _files("export_dialogs").export_diagram_dialog(window),
        "Ctrl+E",
        "Export the diagram as PNG, SVG or PDF",
    )
    make(
        "export_report",
        "Export &Report…",
        lambda: _files("export_dialogs").export_report_dialog(window),
        "Ctrl+Shift+E",
        "Write the design report (PDF, Markdown) or the findings (JSON, CSV)",
    )
    make("save", "&Save", window.save, Key.Save, "Save the design")
    make("save_as", "Save &As…", window.save_as, Key.SaveAs, "Save the design under a new name")
    quit_keys = QKeySequence(Key.Quit)
    if quit_keys.isEmpty() and sys.platform.startswith("linux"):
        quit_keys = QKeySequence("Ctrl+Q")  # GNOME and KDE use Ctrl+Q; the offscreen platform has none
    make("quit", "&Quit", window.close, quit_keys)
    make("undo", "&Undo", lambda: session().undo_stack.undo(), Key.Undo)
    make("redo", "&Redo", lambda: session().undo_stack.redo(), Key.Redo)
    make("cut", "Cu&t", window.cut_selection, Key.Cut)
    make("copy", "&Copy", window.copy_selection, Key.Copy)
    make("paste", "&Paste", window.paste, Key.Paste)
    make("delete", "&Delete", window.delete_selection, Key.Delete, "Delete the selection")
    make("select_all", "Select &All", window.select_all, Key.SelectAll)
    make(
        "find",
        "&Find…",
        window.ask_find,
        Key.Find,
    )
    make("zoom_in", "Zoom &In", lambda: window.view.zoom_in(), Key.ZoomIn)
    make("zoom_out", "Zoom &Out", lambda: window.view.zoom_out(), Key.ZoomOut)
    make("zoom_reset", "&Actual Size", lambda: window.view.set_zoom(1.0), "Ctrl+0")
    make("fit", "&Fit to Window", lambda: window.view.fit_to_view(), "Ctrl+Shift+F")
    make("rename", "Re&name", window.rename_selection, "F2", "Rename the selected component or boundary")
    actions["delete"].setShortcuts([QKeySequence(Key.Delete), QKeySequence("Backspace")])
    themes = QActionGroup(window)
    themes.setExclusive(True)
    for mode, text, tip in (
        ("system", "&System", "Follow the operating system's light or dark setting"),
        ("light", "&Light", "Light theme"),
        ("dark", "&Dark", "Dark theme"),
    ):
        action = make(f"theme_{mode}", text, lambda m=mode: window.themes.set_mode(m), tip=tip)
        action.setCheckable(True)
        themes.addAction(action)
    actions["theme_system"].setChecked(True)
    larger = QAction("&Larger Text", window)
    larger.setObjectName("action-larger_text")
    larger.setCheckable(True)
    larger.setStatusTip("Make the interface text 25 % larger (for projectors)")
    larger.toggled.connect(lambda on: window.themes.set_larger_text(on))
    actions["larger_text"] = larger

    file_menu = window.menuBar().addMenu("&File")
    for name in ("new", "open"):
        file_menu.addAction(actions[name])
    recent_menu = file_menu.addMenu("Open &Recent")
    recent_menu.setObjectName("menu-recent")
    recent_menu.aboutToShow.connect(lambda: _fill_recent(window, recent_menu))
    file_menu.addAction(actions["import"])
    file_menu.addSeparator()
    for name in ("save", "save_as"):
        file_menu.addAction(actions[name])
    file_menu.addSeparator()
    for name in ("export_diagram", "export_report"):
        file_menu.addAction(actions[name])
    file_menu.addSeparator()
    file_menu.addAction(actions["quit"])

    edit_menu = window.menuBar().addMenu("&Edit")
    for name in (
        "undo",
        "redo",
        None,
        "cut",
        "copy",
        "paste",
        "delete",
        "rename",
        None,
        "select_all",
        "find",
    ):
        edit_menu.addSeparator() if name is None else edit_menu.addAction(actions[name])

    view_menu = window.menuBar().addMenu("&View")
    for name in ("zoom_in", "zoom_out", "zoom_reset", "fit"):
        view_menu.addAction(actions[name])
    view_menu.addSeparator()
    theme_menu = view_menu.addMenu("&Theme")
    theme_menu.setObjectName("menu-theme")
    for mode in ("system", "light", "dark"):
        theme_menu.addAction(actions[f"theme_{mode}"])
    view_menu.addAction(actions["larger_text"])
    view_menu.addSeparator()
    panels = view_menu.addMenu("&Panels")
    for dock in window._docks.values():
        panels.addAction(dock.toggleViewAction())

    toolbar = QToolBar("Main", window)
    toolbar.setObjectName("toolbar-main")
    for name in (
        "new",
        "open",
        "save",
        None,
        "undo",
        "redo",
        None,
        "delete",
        None,
        "zoom_in",
        "zoom_out",
        "fit",
    ):
        toolbar.addSeparator() if name is None else toolbar.addAction(actions[name])
    window.addToolBar(toolbar)
    return actions


def _files(module: str) -> ModuleType:
    """A ``caisa_studio.ui.files`` module, loaded on first use (importers and exporters start slowly)."""
    return importlib.import_module(f"caisa_studio.ui.files.{module}")


def _fill_recent(window: MainWindow, menu: QMenu) -> None:
    menu.clear()
    recent = window.recent_files()
    if not recent:
        menu.addAction("No recent files").setEnabled(False)
        return
    for number, path in enumerate(recent, 1):
        exists = Path(path).is_file()
        label = Path(path).name.replace("&", "&&")
        text = f"&{number}  {label}" if number < 10 else label
        action = menu.addAction(text if exists else f"{text}  (missing)")
        action.setObjectName("recent-file")
        action.setData(path)
        action.setToolTip(path)
        action.setStatusTip(path)
        action.setEnabled(exists)
        action.triggered.connect(lambda _checked=False, p=path: window.open_path(Path(p)))
    menu.addSeparator()
    clear = menu.addAction("&Clear Recent Files")
    clear.triggered.connect(lambda: window.settings.setValue("files/recent", "[]"))
