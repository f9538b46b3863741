"""Helpers for driving the real studio widgets in tests: drops, drags and clicks on the canvas."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from caisa_studio.ui.canvas.view import DesignView
from caisa_studio.ui.main_window import MainWindow


def isolated_settings(tmp_path: Path) -> None:
    """Keep tests away from the user's real QSettings (layout, recent files)."""
    from PySide6.QtCore import QSettings

    QCoreApplication.setOrganizationName("CAISA-tests")
    QCoreApplication.setApplicationName("caisa-studio-tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))


def open_window(qtbot: object, path: Path) -> MainWindow:
    window = MainWindow()
    # Closing a modified design at teardown must not wait on a modal question.
    window.ask_unsaved_changes = lambda: QMessageBox.StandardButton.Discard  # type: ignore[method-assign]
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    assert window.open_path(path, confirm=False)
    window.resize(1366, 800)
    window.show()
    QApplication.processEvents()
    assert window.view is not None
    window.view.set_zoom(1.0)
    return window


def view_point(view: DesignView, scene_point: QPointF) -> QPoint:
    """Where a scene point is on the view's viewport (scrolling it into view first)."""
    view.centerOn(scene_point)
    QApplication.processEvents()
    return view.mapFromScene(scene_point)


def drop_mime(view: DesignView, mime: str, value: str, scene_point: QPointF) -> None:
    """Send the real drag-enter / drag-move / drop event sequence a palette drag produces."""
    data = QMimeData()
    data.setData(mime, value.encode("utf-8"))
    position = QPointF(view_point(view, scene_point))
    actions = Qt.DropAction.CopyAction
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    viewport = view.viewport()
    QCoreApplication.sendEvent(
        viewport, QDragEnterEvent(position.toPoint(), actions, data, buttons, modifiers)
    )
    QCoreApplication.sendEvent(
        viewport, QDragMoveEvent(position.toPoint(), actions, data, buttons, modifiers)
    )
    QCoreApplication.sendEvent(viewport, QDropEvent(position, actions, data, buttons, modifiers))
    QApplication.processEvents()


def mouse_drag(view: DesignView, start: QPointF, end: QPointF, steps: int = 6) -> None:
    """Press at ``start``, move in steps to ``end``, release — in scene coordinates."""
    viewport = view.viewport()
    view.centerOn((start + end) / 2)
    QApplication.processEvents()
    a, b = view.mapFromScene(start), view.mapFromScene(end)
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    for step in range(1, steps + 1):
        point = a + (b - a) * step / steps
        QTest.mouseMove(viewport, point)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)
    QApplication.processEvents()
