"""``DesignScene``: keeps one canvas item per model element and turns mouse gestures into edits.

Items never write the model. Gestures end in one ``session.push(edit)``; the scene then updates its
items from the ``ChangeSet`` the document reports (so undo, redo and the inspector all look the same).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import QGraphicsScene, QGraphicsSceneContextMenuEvent, QGraphicsSceneMouseEvent

from caisa_studio.catalog import Catalog
from caisa_studio.model import ChangeSet
from caisa_studio.model.edit_support import Batch, Edit
from caisa_studio.model.edits import AssignToBoundary, MoveComponents
from caisa_studio.render.geometry import flow_line, parallel_offsets
from caisa_studio.render.style import GRID, Theme
from caisa_studio.render.view_model import BadgeBook, boundary_view, component_view, flow_view
from caisa_studio.rules import FindingsDelta, ValidationResult
from caisa_studio.ui.canvas.gestures import (
    ConnectGesture,
    Gesture,
    MoveBoundaryGesture,
    RerouteGesture,
    ResizeGesture,
    identity,
)
from caisa_studio.ui.canvas.items import BoundaryItem, ComponentItem, FlowItem
from caisa_studio.ui.session import DesignSession


class DesignScene(QGraphicsScene):
    """The canvas model-view: items by ID, refreshed from change sets and validation results."""

    status_message = Signal(str)

    def __init__(self, session: DesignSession, catalog: Catalog, theme: Theme) -> None:
        super().__init__()
        self.session = session
        self.catalog = catalog
        self.theme = theme
        self.snap_to_grid = True
        self.components: dict[str, ComponentItem] = {}
        self.flows: dict[str, FlowItem] = {}
        self.boundaries: dict[str, BoundaryItem] = {}
        self._flows_at: dict[str, list[str]] = {}
        self._offsets: dict[str, float] = {}
        self._book = BadgeBook()
        self._gesture: Gesture | None = None
        self._syncing = False
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        self.setBackgroundBrush(QColor(theme.canvas))
        session.changed.connect(self.apply_changes)
        session.findings_changed.connect(self.apply_findings)
        self.rebuild()

    # -- building and refreshing ------------------------------------------------------------------
    def rebuild(self) -> None:
        self._syncing = True
        self.clear()
        self.components.clear()
        self.flows.clear()
        self.boundaries.clear()
        self._book.reset(self.session.result)
        design = self.session.design
        for boundary in design.boundaries.values():
            self._add_boundary(boundary.id)
        for component in design.components.values():
            self._add_component(component.id)
        self._reindex_flows()
        for flow in design.flows.values():
            self._add_flow(flow.id)
        self._syncing = False
        self._fit_scene_rect()

    def _add_component(self, component_id: str) -> None:
        component = self.session.design.components[component_id]
        item = ComponentItem(
            component_view(self.session.design, self.catalog, component, self._book.badges.get(component_id)),
            self.theme,
        )
        self.components[component_id] = item
        self.addItem(item)

    def _add_flow(self, flow_id: str) -> None:
        flow = self.session.design.flows[flow_id]
        item = FlowItem(
            flow_view(self.session.design, self.catalog, flow, self._book.badges.get(flow_id)), self.theme
        )
        self.flows[flow_id] = item
        self.addItem(item)
        self._place_flow(flow_id)

    def _add_boundary(self, boundary_id: str) -> None:
        boundary = self.session.design.boundaries[boundary_id]
        item = BoundaryItem(boundary_view(boundary, self._book.badges.get(boundary_id)), self.theme)
        self.boundaries[boundary_id] = item
        self.addItem(item)
        self._stack_boundaries()

    def _stack_boundaries(self) -> None:
        """Bigger regions underneath smaller ones, so nested boundaries stay visible and clickable."""
        ordered = sorted(self.boundaries.values(), key=lambda b: -(b.view.rect[2] * b.view.rect[3]))
        for depth, item in enumerate(ordered):
            item.setZValue(-100 + depth * 0.01)

    def _reindex_flows(self) -> None:
        design = self.session.design
        self._flows_at = {cid: [] for cid in design.components}
        for flow in design.flows.values():
            self._flows_at[flow.source].append(flow.id)
            self._flows_at[flow.target].append(flow.id)
        self._offsets = parallel_offsets([(f.id, f.source, f.target) for f in design.flows.values()])

    def _place_flow(self, flow_id: str) -> None:
        item = self.flows[flow_id]
        source = self.components[item.view.source].scene_box()
        target = self.components[item.view.target].scene_box()
        item.set_line(flow_line(source, target, self._offsets.get(flow_id, 0.0)))

    def apply_changes(self, changes: ChangeSet) -> None:
        """Bring items in line with the model after an edit (or undo/redo)."""
        design = self.session.design
        self._syncing = True
        for element_id in changes.removed:
            for table in (self.flows, self.components, self.boundaries):
                item = table.pop(element_id, None)
                if item is not None:
                    self.removeItem(item)
        for element_id in sorted(changes.added):
            if element_id in design.boundaries:
                self._add_boundary(element_id)
            elif element_id in design.components:
                self._add_component(element_id)
        # Only new, removed or re-attached flows change the flow layout; a control or protocol edit
        # on a flow must not re-place (and repaint) every flow of a large design.
        structural = bool(changes.added or changes.removed) or any(
            f in design.flows
            and f in self.flows
            and (design.flows[f].source, design.flows[f].target, design.flows[f].bidirectional)
            != (self.flows[f].view.source, self.flows[f].view.target, self.flows[f].view.bidirectional)
            for f in changes.modified
        )
        if structural:
            self._reindex_flows()
        for element_id in sorted(changes.added):
            if element_id in design.flows:
                self._add_flow(element_id)
        touched = set(changes.modified | changes.moved)
        for boundary_id in touched & design.boundaries.keys():
            touched |= {c.id for c in design.components.values() if c.boundary == boundary_id}
        for element_id in touched:
            self._refresh(element_id)
        if structural:
            for flow_id in self.flows:
                self._place_flow(flow_id)
        if changes.touched & (design.boundaries.keys() | self.boundaries.keys()):
            self._stack_boundaries()  # z-order changes repaint big regions: only when boundaries changed
        self._syncing = False

    def _refresh(self, element_id: str) -> None:
        design = self.session.design
        badge = self._book.badges.get(element_id)
        if element_id in self.components and element_id in design.components:
            component = design.components[element_id]
            self.components[element_id].set_view(component_view(design, self.catalog, component, badge))
            for flow_id in self._flows_at.get(element_id, []):
                self._refresh(flow_id)
        elif element_id in self.flows and element_id in design.flows:
            self.flows[element_id].set_view(flow_view(design, self.catalog, design.flows[element_id], badge))
            self._place_flow(element_id)
        elif element_id in self.boundaries and element_id in design.boundaries:
            self.boundaries[element_id].set_view(boundary_view(design.boundaries[element_id], badge))

    def apply_findings(self, result: ValidationResult, delta: object = None) -> None:
        """Update badges (and tooltips) only where they changed."""
        if isinstance(delta, FindingsDelta):
            changed = self._book.apply(result, delta)
        else:
            changed = self._book.reset(result)
        for element_id in changed:
            self._refresh(element_id)

    def highlight(self, element_ids: set[str]) -> None:
        for table in (self.components, self.flows):
            for element_id, item in table.items():
                wanted = element_id in element_ids
                if item.highlighted != wanted:
                    item.highlighted = wanted
                    item.update()

    def select_ids(self, element_ids: set[str]) -> None:
        self.clearSelection()
        for table in (self.components, self.flows, self.boundaries):
            for element_id in element_ids & table.keys():
                table[element_id].setSelected(True)

    def start_rename(self, item: ComponentItem | BoundaryItem) -> None:
        """Edit the name in place (double-click or F2)."""
        from caisa_studio.ui.canvas.rename import InPlaceRename

        InPlaceRename(self, self.session, item)

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        item = self.itemAt(event.scenePos(), self.views()[0].transform() if self.views() else identity())
        if isinstance(item, ComponentItem | BoundaryItem):
            self.start_rename(item)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def contextMenuEvent(self, event: QGraphicsSceneContextMenuEvent) -> None:
        from caisa_studio.ui.canvas.context_menu import build_menu

        item = self.itemAt(event.scenePos(), self.views()[0].transform() if self.views() else identity())
        if isinstance(item, ComponentItem | FlowItem | BoundaryItem) and not item.isSelected():
            self.clearSelection()
            item.setSelected(True)
        menu = build_menu(self, item, event.scenePos(), event.widget())
        menu.exec(event.screenPos())
        event.accept()

    def _fit_scene_rect(self) -> None:
        bounds = self.itemsBoundingRect().adjusted(-400, -400, 400, 400)
        self.setSceneRect(bounds.united(QRectF(-200, -200, 1600, 1000)))

    # -- geometry helpers used by items ---------------------------------------------------------
    def snapped(self, value: object) -> QPointF:
        point = QPointF(value)  # type: ignore[call-overload]
        modifiers = QGuiApplication.keyboardModifiers()
        if not self.snap_to_grid or modifiers & Qt.KeyboardModifier.AltModifier:
            return point
        return QPointF(round(point.x() / GRID) * GRID, round(point.y() / GRID) * GRID)

    def component_moved(self, item: ComponentItem) -> None:
        if self._syncing:
            return
        for flow_id in self._flows_at.get(item.element_id, []):
            self._place_flow(flow_id)

    def boundary_at(self, point: QPointF, rects: dict[str, QRectF] | None = None) -> str | None:
        """The innermost (smallest) boundary containing ``point``."""
        candidates = rects or {bid: item.rect() for bid, item in self.boundaries.items()}
        inside = [(r.width() * r.height(), bid) for bid, r in candidates.items() if r.contains(point)]
        return min(inside)[1] if inside else None

    def membership_edits(
        self, rects: dict[str, QRectF] | None = None, positions: dict[str, QPointF] | None = None
    ) -> list[tuple[str, str | None]]:
        """Components whose containing boundary differs from their recorded membership."""
        design = self.session.design
        changes: list[tuple[str, str | None]] = []
        for component_id, item in self.components.items():
            position = (positions or {}).get(component_id, item.pos())
            centre = position + item.box().center()
            wanted = self.boundary_at(centre, rects)
            if design.components[component_id].boundary != wanted:
                changes.append((component_id, wanted))
        return changes

    # -- gestures -------------------------------------------------------------------------------
    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            item = self.itemAt(event.scenePos(), self.views()[0].transform() if self.views() else identity())
            if isinstance(item, ComponentItem) and item.handle_at(item.mapFromScene(event.scenePos())):
                self._gesture = ConnectGesture(self, item)
                event.accept()
                return
            for flow_item in self.selectedItems():
                end = (
                    RerouteGesture.end_near(flow_item, event.scenePos())
                    if isinstance(flow_item, FlowItem)
                    else None
                )
                if end is not None:
                    self._gesture = RerouteGesture(self, flow_item, end)
                    event.accept()
                    return
            if isinstance(item, BoundaryItem):
                if item.resize_handle().contains(event.scenePos()):
                    self._gesture = ResizeGesture(self, item, event.scenePos())
                else:
                    self._gesture = MoveBoundaryGesture(self, item, event.scenePos())
                self.clearSelection()
                item.setSelected(True)
                event.accept()
                return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._gesture is not None:
            self._gesture.move(event.scenePos())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._gesture is not None:
            gesture, self._gesture = self._gesture, None
            edit = gesture.finish(event.scenePos())
            if edit is not None:
                self.session.push(edit)
            event.accept()
            return
        super().mouseReleaseEvent(event)
        self._commit_moves()

    def _commit_moves(self) -> None:
        """After a drag: one undo step moving every dragged component, with boundary membership."""
        design = self.session.design
        moves = []
        for component_id, item in self.components.items():
            x, y = design.components[component_id].position
            if (item.pos().x(), item.pos().y()) != (x, y):
                moves.append((component_id, (item.pos().x(), item.pos().y())))
        if not moves:
            return
        moved = {cid for cid, _ in moves}
        memberships = [m for m in self.membership_edits() if m[0] in moved]
        edits: list[Edit] = [MoveComponents(tuple(moves))]
        if memberships:
            edits.append(AssignToBoundary(tuple(memberships)))
        name = "Move component" if len(moves) == 1 else f"Move {len(moves)} components"
        self.session.push(Batch(tuple(edits), name) if len(edits) > 1 else edits[0], name)
