"""Canvas items. Each holds an element ID and a view model; painting is delegated to ``render``."""

from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPainterPathStroker, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from caisa_studio.render.geometry import arrow_head, pieces_along, segment_meets_box
from caisa_studio.render.painters import (
    LabelLayout,
    draw_flow,
    flow_heads,
    flow_label_layout,
    flow_pen,
    flow_stroke,
    label_layout_bounds,
    paint_boundary,
    paint_component,
    paint_flow_label,
)
from caisa_studio.render.style import (
    ARROW_LENGTH,
    BADGE_DIAMETER,
    BOUNDARY_MIN_HEIGHT,
    BOUNDARY_MIN_WIDTH,
    BOUNDARY_TAB_HEIGHT,
    COMPONENT_HEIGHT,
    COMPONENT_WIDTH,
    SELECTION_COLOUR,
    Theme,
)
from caisa_studio.render.view_model import BoundaryView, ComponentView, FlowView

Z_BOUNDARY = -10.0
Z_FLOW = 0.0
Z_COMPONENT = 10.0
HANDLE_RADIUS = 6.0
RESIZE_HANDLE = 12.0
UPDATE_PIECE = 240.0  # design units per repainted piece of a long flow
PAINT_MARGIN = 12.0  # how far a flow's stroke, dashes and arrowheads reach from its line


_BADGE_PAD = BADGE_DIAMETER / 2 + 4
COMPONENT_BOUNDS = QRectF(0, 0, COMPONENT_WIDTH, COMPONENT_HEIGHT).adjusted(
    -HANDLE_RADIUS - 2, -_BADGE_PAD, _BADGE_PAD, HANDLE_RADIUS + 2
)


class ComponentItem(QGraphicsItem):
    """A component box. Movable; shows connection handles on hover; drag a handle to connect."""

    def __init__(self, view: ComponentView, theme: Theme) -> None:
        super().__init__()
        self.element_id = view.id
        self.view = view
        self.theme = theme
        self.highlighted = False
        self.hovered = False
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
            | QGraphicsItem.GraphicsItemFlag.ItemIsMovable
            | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges
            | QGraphicsItem.GraphicsItemFlag.ItemIsFocusable
        )
        self.setAcceptHoverEvents(True)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setZValue(Z_COMPONENT)
        self.setPos(view.x, view.y)
        self._refresh_tooltip()

    def set_view(self, view: ComponentView) -> None:
        self.view = view
        if self.pos() != QPointF(view.x, view.y):
            self.setPos(view.x, view.y)
        self._refresh_tooltip()
        self.update()

    def _refresh_tooltip(self) -> None:
        lines = [
            f"<b>{_escape(self.view.name)}</b> — {_escape(self.view.kind_name)}",
            f"Zone: {self.view.zone.value}",
        ]
        if self.view.badge is not None:
            lines.append("<br>" + _escape(self.view.badge.tooltip).replace("\n", "<br>"))
        self.setToolTip("<br>".join(lines))

    def box(self) -> QRectF:
        return QRectF(0, 0, COMPONENT_WIDTH, COMPONENT_HEIGHT)

    def scene_box(self) -> QRectF:
        return self.mapRectToScene(self.box())

    def boundingRect(self) -> QRectF:
        return COMPONENT_BOUNDS  # Qt asks on every repaint: one shared rect, not a new one each time

    def handle_points(self) -> list[QPointF]:
        box = self.box()
        return [
            QPointF(box.center().x(), box.top()),
            QPointF(box.right(), box.center().y()),
            QPointF(box.center().x(), box.bottom()),
            QPointF(box.left(), box.center().y()),
        ]

    def handle_at(self, local: QPointF) -> bool:
        return any(QLineF(local, p).length() <= HANDLE_RADIUS + 3 for p in self.handle_points())

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        paint_component(
            painter,
            self.view,
            self.box(),
            self.theme,
            selected=self.isSelected(),
            highlighted=self.highlighted,
        )
        if self.hovered or self.isSelected():
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(QColor(SELECTION_COLOUR), 1.5))
            painter.setBrush(QColor(self.theme.component_fill))
            for point in self.handle_points():
                painter.drawEllipse(point, HANDLE_RADIUS - 1.5, HANDLE_RADIUS - 1.5)
            painter.restore()

    def hoverEnterEvent(self, event) -> None:
        self.hovered = True
        self.update()
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event) -> None:
        self.hovered = False
        self.update()
        super().hoverLeaveEvent(event)

    def hoverMoveEvent(self, event) -> None:
        shape = Qt.CursorShape.CrossCursor if self.handle_at(event.pos()) else Qt.CursorShape.SizeAllCursor
        self.setCursor(shape)
        super().hoverMoveEvent(event)

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: object) -> object:
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionChange and self.scene() is not None:
            return self.scene().snapped(value)  # type: ignore[attr-defined]
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged and self.scene() is not None:
            self.scene().component_moved(self)  # type: ignore[attr-defined]
        return super().itemChange(change, value)


class FlowItem(QGraphicsItem):
    """A data flow: a straight arrow between two component boxes, with its protocol label.

    Geometry (outline, arrowheads, label area) is computed once per line and view: Qt asks for the
    bounding rect and shape on every repaint, and a large design has thousands of flows.
    """

    def __init__(self, view: FlowView, theme: Theme) -> None:
        super().__init__()
        self.element_id = view.id
        self.view = view
        self.theme = theme
        self.line = QLineF()
        self._shape: QPainterPath | None = None
        self._heads: tuple[QPolygonF, ...] | None = None
        self._bounds: QRectF | None = None
        self._label: LabelLayout | None = None
        self._label_rect = QRectF()
        self._coords: tuple[float, float, float, float] | None = None  # the line, as plain numbers
        self._style: tuple[QPen, QColor] | None = None  # pen and arrowhead colour, per state
        self._highlighted = False
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
            | QGraphicsItem.GraphicsItemFlag.ItemIsFocusable
            | QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption  # exposedRect for paint()
        )
        self.setZValue(Z_FLOW)
        self._refresh_tooltip()

    def set_view(self, view: FlowView) -> None:
        if view == self.view:
            return
        old = self.view
        if view.bidirectional != old.bidirectional:  # an arrowhead more or less: a new outline
            self.prepareGeometryChange()
            self.view = view
            self._shape = self._heads = self._bounds = self._label = self._style = None
            self.update()
        else:
            # Repaint what changed, not the bounding rect: a long flow's covers much of the canvas.
            before = self._label_area()
            self.view = view
            self._label = self._style = None
            label = self._label_area()
            dirty = before.united(label)
            if not self.boundingRect().contains(label):
                self.prepareGeometryChange()  # a wider label: the item grows (and repaints whole)
                self._bounds = None
            if view.exposed != old.exposed:  # colour and dashes change along the whole line
                self._update_along_line()
            if not dirty.isEmpty():
                self.update(dirty.adjusted(-2, -2, 2, 2))
        self._refresh_tooltip()

    def _label_area(self) -> QRectF:
        """Where the label and badge go, laid out once per view and line."""
        if self._label is None:
            self._label = flow_label_layout(self.view, self.line)
            self._label_rect = label_layout_bounds(self._label)
        return self._label_rect

    def _update_along_line(self) -> None:
        """Repaint the strip along the line, piece by piece, rather than the bounding rect."""
        for piece in pieces_along(self.line, UPDATE_PIECE, PAINT_MARGIN):
            self.update(piece)

    def _refresh_tooltip(self) -> None:
        text = f"<b>Data flow</b> {_escape(self.view.label) or ''}"
        if self.view.exposed:
            text += "<br>Crosses a trust boundary without encryption"
        if self.view.badge is not None:
            text += "<br><br>" + _escape(self.view.badge.tooltip).replace("\n", "<br>")
        self.setToolTip(text)

    def set_line(self, line: QLineF) -> None:
        if line != self.line:
            self.prepareGeometryChange()
            self.line = line
            self._coords = None if line.isNull() else (line.x1(), line.y1(), line.x2(), line.y2())
            self._shape = self._heads = self._bounds = self._label = None

    def boundingRect(self) -> QRectF:
        if self._bounds is None:
            self._bounds = self.shape().boundingRect().united(self._label_area()).adjusted(-2, -2, 2, 2)
        return self._bounds

    def shape(self) -> QPainterPath:
        """The clickable outline, computed once per line (Qt asks for it on every repaint)."""
        if self._shape is None:
            self._shape = self._outline()
        return self._shape

    def _outline(self) -> QPainterPath:
        path = QPainterPath(self.line.p1())
        path.lineTo(self.line.p2())
        stroker = QPainterPathStroker()
        stroker.setWidth(12)
        outline = stroker.createStroke(path)
        outline.addPolygon(arrow_head(self.line))
        if self.view.bidirectional:
            outline.addPolygon(arrow_head(self.line, at_end=False))
        return outline

    @property
    def highlighted(self) -> bool:
        return self._highlighted

    @highlighted.setter
    def highlighted(self, value: bool) -> None:
        self._highlighted = value
        self._style = None

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: object) -> object:
        if change == QGraphicsItem.GraphicsItemChange.ItemSelectedHasChanged:
            self._style = None
        return super().itemChange(change, value)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        """``render.painters.paint_flow`` without its state saving (the view saves the painter's
        state around each item and antialiases), with pen and geometry kept: a dense design offers
        thousands of flows per repaint."""
        coords = self._coords
        if coords is None:
            return
        label_area = self._label_area()
        # Qt offers every flow whose bounding rect meets the repainted area; on a dense design most
        # of them only pass nearby. Painting nothing for those keeps an edit's repaint cheap.
        exposed = option.exposedRect  # type: ignore[attr-defined]
        if not exposed.contains(self._bounds or self.boundingRect()):
            left, top, right, bottom = exposed.getCoords()
            box = (left - PAINT_MARGIN, top - PAINT_MARGIN, right + PAINT_MARGIN, bottom + PAINT_MARGIN)
            if not segment_meets_box(coords, box) and not exposed.intersects(label_area):
                return
        if self._style is None:
            colour, width, dashed = flow_stroke(
                self.view, self.theme, selected=self.isSelected(), highlighted=self._highlighted
            )
            self._style = flow_pen(colour, width, dashed), QColor(colour)
        lod = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
        heads: tuple[QPolygonF, ...] = ()
        if lod * ARROW_LENGTH >= 1.0:  # arrowheads under a pixel are left out
            if self._heads is None:
                self._heads = flow_heads(self.line, self.view.bidirectional)
            heads = self._heads
        draw_flow(painter, self.line, *self._style, heads)
        paint_flow_label(painter, self.view, self.line, self.theme, lod=lod, layout=self._label)


class BoundaryItem(QGraphicsItem):
    """A trust boundary: a labelled dashed region; drag the tab or border to move, the corner to resize."""

    def __init__(self, view: BoundaryView, theme: Theme) -> None:
        super().__init__()
        self.element_id = view.id
        self.view = view
        self.theme = theme
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsSelectable | QGraphicsItem.GraphicsItemFlag.ItemIsFocusable
        )
        self.setAcceptHoverEvents(True)
        # Cached as device pixels (Qt keeps only the on-screen part): a large region is otherwise
        # repainted, dashes, tint and tab, whenever anything inside it changes.
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setZValue(Z_BOUNDARY)
        self.setToolTip(f"<b>{_escape(view.name)}</b> — trust boundary ({view.zone.value})")

    def set_view(self, view: BoundaryView) -> None:
        if view.rect != self.view.rect:
            self.prepareGeometryChange()
        self.view = view
        self.setToolTip(f"<b>{_escape(view.name)}</b> — trust boundary ({view.zone.value})")
        self.update()

    def rect(self) -> QRectF:
        return QRectF(*self.view.rect)

    def boundingRect(self) -> QRectF:
        return self.rect().adjusted(-4, -BOUNDARY_TAB_HEIGHT, BADGE_DIAMETER + 200, 4)

    def shape(self) -> QPainterPath:
        """Only the border band and the label tab grab the mouse: clicks inside reach the canvas."""
        rect = self.rect()
        outer = QPainterPath()
        outer.addRect(rect.adjusted(-6, -6, 6, 6))
        inner = QPainterPath()
        inner.addRect(rect.adjusted(8, 8, -8, -8))
        band = outer.subtracted(inner)
        band.addRect(QRectF(rect.left(), rect.top() - BOUNDARY_TAB_HEIGHT / 2, 220, BOUNDARY_TAB_HEIGHT))
        band.addRect(self.resize_handle())
        return band

    def resize_handle(self) -> QRectF:
        rect = self.rect()
        return QRectF(
            rect.right() - RESIZE_HANDLE,
            rect.bottom() - RESIZE_HANDLE,
            RESIZE_HANDLE * 1.5,
            RESIZE_HANDLE * 1.5,
        )

    def hoverMoveEvent(self, event) -> None:
        if self.resize_handle().contains(event.pos()):
            self.setCursor(Qt.CursorShape.SizeFDiagCursor)
        else:
            self.setCursor(Qt.CursorShape.SizeAllCursor)
        super().hoverMoveEvent(event)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        paint_boundary(painter, self.view, self.theme, selected=self.isSelected())
        if self.isSelected():
            painter.save()
            painter.setPen(QPen(QColor(SELECTION_COLOUR), 1.5))
            painter.setBrush(QColor(self.theme.component_fill))
            handle = self.resize_handle()
            painter.drawRect(QRectF(handle.left(), handle.top(), RESIZE_HANDLE, RESIZE_HANDLE))
            painter.restore()


def minimum_boundary_size() -> tuple[float, float]:
    return BOUNDARY_MIN_WIDTH, BOUNDARY_MIN_HEIGHT


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
