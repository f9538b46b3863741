"""Mouse gestures on the canvas that end in exactly one edit: connect, resize and move boundaries."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPen, QTransform
from PySide6.QtWidgets import QGraphicsLineItem

from caisa_studio.model import DataFlow
from caisa_studio.model.edit_support import Batch, Edit
from caisa_studio.model.edits import AssignToBoundary, Connect, MoveComponents, SetAttribute
from caisa_studio.model.ids import new_id
from caisa_studio.render.style import GRID, SELECTION_COLOUR
from caisa_studio.render.view_model import BoundaryView
from caisa_studio.ui.canvas.items import BoundaryItem, ComponentItem, FlowItem, minimum_boundary_size

if TYPE_CHECKING:
    from caisa_studio.ui.canvas.scene import DesignScene


class Gesture:
    def move(self, point: QPointF) -> None: ...

    def finish(self, point: QPointF) -> Edit | None: ...


class ConnectGesture(Gesture):
    """Drag from a component's handle to another component to create a flow."""

    def __init__(self, scene: DesignScene, source: ComponentItem) -> None:
        self.scene = scene
        self.source = source
        start = source.scene_box().center()
        self.preview = QGraphicsLineItem(QLineF(start, start))
        pen = QPen(QColor(SELECTION_COLOUR), 1.5, Qt.PenStyle.DashLine)
        self.preview.setPen(pen)
        self.preview.setZValue(1000)
        scene.addItem(self.preview)

    def move(self, point: QPointF) -> None:
        self.preview.setLine(QLineF(self.source.scene_box().center(), point))

    def finish(self, point: QPointF) -> Edit | None:
        self.scene.removeItem(self.preview)
        target = next(
            (i for i in self.scene.items(point) if isinstance(i, ComponentItem) and i is not self.source),
            None,
        )
        if target is None:
            return None
        design = self.scene.session.design
        flow_id = new_id(design, f"f-{self.source.element_id}-{target.element_id}")
        flow = DataFlow(id=flow_id, source=self.source.element_id, target=target.element_id)
        return Connect(flow)


class ResizeGesture(Gesture):
    def __init__(self, scene: DesignScene, item: BoundaryItem, start: QPointF) -> None:
        self.scene = scene
        self.item = item
        self.original = item.view
        self.start = start

    def _rect_for(self, point: QPointF) -> QRectF:
        x, y, _, _ = self.original.rect
        min_w, min_h = minimum_boundary_size()
        snapped = self.scene.snapped(point)
        return QRectF(x, y, max(min_w, snapped.x() - x), max(min_h, snapped.y() - y))

    def move(self, point: QPointF) -> None:
        rect = self._rect_for(point)
        self.item.set_view(_with_rect(self.original, rect))

    def finish(self, point: QPointF) -> Edit | None:
        rect = self._rect_for(point)
        self.item.set_view(self.original)
        if rect == QRectF(*self.original.rect):
            return None
        rects = {bid: it.rect() for bid, it in self.scene.boundaries.items()}
        rects[self.item.element_id] = rect
        edits: list[Edit] = [SetAttribute(self.item.element_id, "rect", _rect_tuple(rect))]
        memberships = self.scene.membership_edits(rects)
        if memberships:
            edits.append(AssignToBoundary(tuple(memberships)))
        return Batch(tuple(edits), "Resize trust boundary")


class MoveBoundaryGesture(Gesture):
    """Dragging a boundary carries its members along (one undo step)."""

    def __init__(self, scene: DesignScene, item: BoundaryItem, start: QPointF) -> None:
        self.scene = scene
        self.item = item
        self.original = item.view
        self.start = start
        design = scene.session.design
        self.members = {
            c.id: scene.components[c.id].pos()
            for c in design.components.values()
            if c.boundary == item.element_id
        }

    def _delta(self, point: QPointF) -> QPointF:
        raw = point - self.start
        return (
            QPointF(round(raw.x() / GRID) * GRID, round(raw.y() / GRID) * GRID)
            if self.scene.snap_to_grid
            else raw
        )

    def move(self, point: QPointF) -> None:
        delta = self._delta(point)
        x, y, w, h = self.original.rect
        self.item.set_view(_with_rect(self.original, QRectF(x + delta.x(), y + delta.y(), w, h)))
        for member, position in self.members.items():
            self.scene.components[member].setPos(position + delta)

    def finish(self, point: QPointF) -> Edit | None:
        delta = self._delta(point)
        self.item.set_view(self.original)
        for member, position in self.members.items():
            self.scene.components[member].setPos(position)
        if delta.isNull():
            return None
        x, y, w, h = self.original.rect
        rect = QRectF(x + delta.x(), y + delta.y(), w, h)
        moves = tuple((m, (p.x() + delta.x(), p.y() + delta.y())) for m, p in self.members.items())
        edits: list[Edit] = [SetAttribute(self.item.element_id, "rect", _rect_tuple(rect))]
        if moves:
            edits.append(MoveComponents(moves))
        rects = {bid: it.rect() for bid, it in self.scene.boundaries.items()}
        rects[self.item.element_id] = rect
        positions = {m: QPointF(*xy) for m, xy in moves}
        memberships = [
            m
            for m in self.scene.membership_edits(rects, positions)
            if m[0] not in self.members or m[1] != self.item.element_id
        ]
        if memberships:
            edits.append(AssignToBoundary(tuple(memberships)))
        return Batch(tuple(edits), "Move trust boundary")


def _with_rect(view: BoundaryView, rect: QRectF) -> BoundaryView:
    return replace(view, rect=_rect_tuple(rect))


def _rect_tuple(rect: QRectF) -> tuple[float, float, float, float]:
    return (rect.x(), rect.y(), rect.width(), rect.height())


def identity() -> QTransform:
    return QTransform()


class RerouteGesture(Gesture):
    """Drag an end of a selected flow onto another component to re-attach it (one undo step)."""

    GRAB_DISTANCE = 12.0

    def __init__(self, scene: DesignScene, flow_item: FlowItem, end: str) -> None:
        self.scene = scene
        self.flow_item = flow_item
        self.end = end  # "source" or "target"
        line = flow_item.line
        self.fixed = line.p2() if end == "source" else line.p1()
        self.preview = QGraphicsLineItem(QLineF(self.fixed, self.fixed))
        self.preview.setPen(QPen(QColor(SELECTION_COLOUR), 1.5, Qt.PenStyle.DashLine))
        self.preview.setZValue(1000)
        scene.addItem(self.preview)

    @classmethod
    def end_near(cls, flow_item: FlowItem, point: QPointF) -> str | None:
        line = flow_item.line
        if QLineF(line.p1(), point).length() <= cls.GRAB_DISTANCE:
            return "source"
        if QLineF(line.p2(), point).length() <= cls.GRAB_DISTANCE:
            return "target"
        return None

    def move(self, point: QPointF) -> None:
        self.preview.setLine(QLineF(self.fixed, point))

    def finish(self, point: QPointF) -> Edit | None:
        self.scene.removeItem(self.preview)
        target = next((i for i in self.scene.items(point) if isinstance(i, ComponentItem)), None)
        if target is None:
            return None
        flow = self.scene.session.design.flows[self.flow_item.element_id]
        if getattr(flow, self.end) == target.element_id:
            return None
        return SetAttribute(flow.id, self.end, target.element_id)
