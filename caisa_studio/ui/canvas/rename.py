"""Rename in place: a line edit over the item's name; Enter commits one undoable edit, Esc cancels."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGraphicsProxyWidget, QGraphicsScene, QLineEdit

from caisa_studio.model.edits import SetAttribute
from caisa_studio.render.style import COMPONENT_HEIGHT, ICON_SIZE
from caisa_studio.ui.canvas.items import BoundaryItem, ComponentItem
from caisa_studio.ui.session import DesignSession


class InPlaceRename(QObject):
    """One rename session; removes itself from the scene when done."""

    def __init__(
        self, scene: QGraphicsScene, session: DesignSession, item: ComponentItem | BoundaryItem
    ) -> None:
        super().__init__(scene)
        self.session = session
        self.item = item
        self.editor = QLineEdit(item.view.name)
        self.editor.setObjectName("renameEditor")
        self.editor.selectAll()
        self.editor.installEventFilter(self)
        self.editor.editingFinished.connect(self.commit)
        self.proxy = QGraphicsProxyWidget()
        self.proxy.setWidget(self.editor)
        self.proxy.setZValue(2000)
        scene.addItem(self.proxy)
        area = self._area()
        self.proxy.setGeometry(area)
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)
        self._done = False

    def _area(self) -> QRectF:
        if isinstance(self.item, ComponentItem):
            box = self.item.scene_box()
            left = box.left() + 14 + ICON_SIZE + 6
            return QRectF(left, box.top() + (COMPONENT_HEIGHT - 26) / 2, box.right() - left - 6, 26)
        rect = self.item.rect()
        return QRectF(rect.left() + 12, rect.top() - 13, max(160.0, min(320.0, rect.width() - 24)), 26)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        is_key = event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
        if is_key and event.key() == Qt.Key.Key_Escape:
            self.cancel()
            return True
        return super().eventFilter(watched, event)

    def commit(self) -> None:
        if self._done:
            return
        name = self.editor.text().strip()
        element_id = self.item.element_id
        self._finish()
        if name and name != self.item.view.name:
            self.session.push(SetAttribute(element_id, "name", name), "Rename")

    def cancel(self) -> None:
        self._finish()

    def _finish(self) -> None:
        if self._done:
            return
        self._done = True
        scene = self.proxy.scene()
        if scene is not None:
            scene.removeItem(self.proxy)
        self.proxy.deleteLater()
        self.deleteLater()
