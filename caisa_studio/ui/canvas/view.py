"""``DesignView``: zoom (wheel, pinch, keys), pan (middle button or space-drag), fit, and drops from
the palette (a kind or a trust boundary) that become one undoable edit each."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QWheelEvent,
)
from PySide6.QtWidgets import QGraphicsView, QPinchGesture, QWidget

from caisa_studio.model import Component, TrustBoundary, Zone
from caisa_studio.model.edit_support import Edit
from caisa_studio.model.edits import AddBoundary, AddComponent
from caisa_studio.model.ids import new_id, slug
from caisa_studio.render.style import COMPONENT_HEIGHT, COMPONENT_WIDTH, GRID
from caisa_studio.ui.canvas.scene import DesignScene

KIND_MIME = "application/x-caisa-kind"
BOUNDARY_MIME = "application/x-caisa-boundary"
MIN_ZOOM, MAX_ZOOM = 0.1, 4.0
ZOOM_STEP = 1.15
NEW_BOUNDARY_SIZE = (320.0, 240.0)


class DesignView(QGraphicsView):
    zoom_changed = Signal(float)

    def __init__(self, scene: DesignScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.design_scene = scene
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setAcceptDrops(True)
        self.viewport().grabGesture(Qt.GestureType.PinchGesture)
        self._panning_from: QPointF | None = None
        self._space_down = False

    # -- zoom -----------------------------------------------------------------------------------
    @property
    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, factor: float) -> None:
        factor = max(MIN_ZOOM, min(MAX_ZOOM, factor))
        scale = factor / self.zoom
        self.scale(scale, scale)
        self.zoom_changed.emit(self.zoom)

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom / ZOOM_STEP)

    def fit_to_view(self) -> None:
        bounds = self.design_scene.itemsBoundingRect()
        if bounds.isNull():
            return
        self.fitInView(bounds.adjusted(-40, -40, 40, 40), Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom > 1.0:
            self.set_zoom(1.0)
            self.centerOn(bounds.center())
        self.zoom_changed.emit(self.zoom)

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.set_zoom(self.zoom * (ZOOM_STEP**steps))
            event.accept()
            return
        super().wheelEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Gesture:
            pinch = event.gesture(Qt.GestureType.PinchGesture)  # type: ignore[attr-defined]
            if isinstance(pinch, QPinchGesture):
                self.set_zoom(self.zoom * pinch.scaleFactor())
                return True
        return super().viewportEvent(event)

    # -- pan ------------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_down = True
            self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_down = False
            self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
            return
        super().keyReleaseEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.MiddleButton:
            self._panning_from = event.position()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._panning_from is not None:
            delta = event.position() - self._panning_from
            self._panning_from = event.position()
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - round(delta.x()))
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - round(delta.y()))
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.MiddleButton and self._panning_from is not None:
            self._panning_from = None
            self.viewport().unsetCursor()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    # -- drops from the palette -----------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(KIND_MIME) or event.mimeData().hasFormat(BOUNDARY_MIME):
            event.acceptProposedAction()
            return
        super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasFormat(KIND_MIME) or event.mimeData().hasFormat(BOUNDARY_MIME):
            event.acceptProposedAction()
            return
        super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        point = self.mapToScene(event.position().toPoint())
        data = event.mimeData()
        if data.hasFormat(KIND_MIME):
            kind = bytes(data.data(KIND_MIME).data()).decode("utf-8")
            created = self.add_component_at(kind, point)
        elif data.hasFormat(BOUNDARY_MIME):
            zone = bytes(data.data(BOUNDARY_MIME).data()).decode("utf-8")
            created = self.add_boundary_at(zone, point)
        else:
            super().dropEvent(event)
            return
        if created:
            event.acceptProposedAction()
        else:
            event.ignore()

    def add_component_at(self, kind_id: str, point: QPointF) -> str | None:
        """Create a component of ``kind_id`` centred on ``point`` (inside a boundary → member)."""
        scene = self.design_scene
        kind = scene.catalog.kind(kind_id)
        if kind is None:
            return None
        design = scene.session.design
        top_left = scene.snapped(QPointF(point.x() - COMPONENT_WIDTH / 2, point.y() - COMPONENT_HEIGHT / 2))
        component_id = new_id(design, slug(kind.name, kind_id))
        names = {c.name for c in design.components.values()}
        name = kind.name if kind.name not in names else new_id_name(kind.name, names)
        component = Component(
            id=component_id,
            kind=kind_id,
            name=name,
            boundary=scene.boundary_at(point),
            position=(top_left.x(), top_left.y()),
        )
        return component_id if self._push_and_select(AddComponent(component), component_id) else None

    def add_boundary_at(self, zone_value: str, point: QPointF) -> str | None:
        try:
            zone = Zone(zone_value)
        except ValueError:
            return None
        scene = self.design_scene
        width, height = NEW_BOUNDARY_SIZE
        top_left = scene.snapped(QPointF(point.x() - width / 2, point.y() - GRID * 2))
        names = {spec.id: spec.name for spec in scene.catalog.classifications.zones}
        boundary_id = new_id(scene.session.design, f"b-{zone.value.lower()}")
        boundary = TrustBoundary(
            id=boundary_id,
            name=names.get(zone, zone.value.title()),
            zone=zone,
            rect=(top_left.x(), top_left.y(), width, height),
        )
        return boundary_id if self._push_and_select(AddBoundary(boundary), boundary_id) else None

    def _push_and_select(self, edit: Edit, element_id: str) -> bool:
        scene = self.design_scene
        if not scene.session.push(edit):
            return False
        scene.clearSelection()
        for table in (scene.components, scene.boundaries):
            if element_id in table:
                table[element_id].setSelected(True)
        self.setFocus()
        return True

    def visible_scene_rect(self) -> QRectF:
        return self.mapToScene(self.viewport().rect()).boundingRect()


def new_id_name(base: str, taken: set[str]) -> str:
    number = 2
    while f"{base} {number}" in taken:
        number += 1
    return f"{base} {number}"
