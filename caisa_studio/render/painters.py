"""Painting one element at a time. The canvas items and the whole-diagram painter both call these."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF

from caisa_studio.render.geometry import arrow_head
from caisa_studio.render.icons import draw_icon
from caisa_studio.render.style import (
    ATTACK_PATH_COLOUR,
    ATTACK_PATH_WIDTH,
    BADGE_DIAMETER,
    BOUNDARY_RADIUS,
    BOUNDARY_TAB_HEIGHT,
    COMPONENT_RADIUS,
    FLOW_WIDTH,
    ICON_SIZE,
    SELECTION_COLOUR,
    SEVERITY_COLOURS,
    ZONE_COLOURS,
    Theme,
)
from caisa_studio.render.view_model import Badge, BoundaryView, ComponentView, FlowView
from caisa_studio.rules import Severity

FONT_FAMILY = "DejaVu Sans"
# Below this many device pixels a glyph is a smudge: at such zooms labels and badge numbers are
# left out (the canvas at "fit" on a large design). Vector exports always keep every detail.
LEGIBLE_TEXT_PX = 4.0
VISIBLE_MARK_PX = 2.0  # a badge smaller than this is not drawn at all


def ui_font(pixel_size: float, bold: bool = False) -> QFont:
    """The drawing font; built once per size (painting thousands of items asks for it constantly)."""
    return QFont(_font(max(1, round(pixel_size)), bold))


@cache
def _font(pixel_size: int, bold: bool) -> QFont:
    font = QFont(FONT_FAMILY)
    font.setPixelSize(pixel_size)
    font.setWeight(QFont.Weight.DemiBold if bold else QFont.Weight.Normal)
    return font


def font_metrics(font: QFont) -> QFontMetricsF:
    return _metrics(font.pixelSize(), font.weight() == QFont.Weight.DemiBold)


@cache
def _metrics(pixel_size: int, bold: bool) -> QFontMetricsF:
    return QFontMetricsF(_font(pixel_size, bold))


def paint_component(
    painter: QPainter,
    view: ComponentView,
    rect: QRectF,
    theme: Theme,
    *,
    selected: bool = False,
    highlighted: bool = False,
    scale: float = 1.0,
) -> None:
    """Rounded box with the kind icon on the left, name and kind on the right, zone stripe, badge."""
    zone_colour = QColor(ZONE_COLOURS[view.zone])
    border = QColor(SELECTION_COLOUR) if selected else QColor(theme.component_border)
    if highlighted:
        border = QColor(ATTACK_PATH_COLOUR)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(border, (2.0 if selected or highlighted else 1.0) * scale))
    painter.setBrush(QBrush(QColor(theme.component_fill)))
    painter.drawRoundedRect(rect, COMPONENT_RADIUS, COMPONENT_RADIUS)
    stripe = QPainterPath()
    stripe.addRoundedRect(QRectF(rect.left(), rect.top(), 4, rect.height()), 2, 2)
    painter.fillPath(stripe, zone_colour)
    icon_rect = QRectF(rect.left() + 14, rect.center().y() - ICON_SIZE / 2, ICON_SIZE, ICON_SIZE)
    if not draw_icon(painter, icon_rect, view.kind, theme.text):
        painter.setPen(QPen(QColor(theme.muted_text), 1.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(icon_rect.adjusted(4, 4, -4, -4), 4, 4)
    text_left = icon_rect.right() + 10
    text_width = rect.right() - text_left - 8
    name_font = ui_font(13, bold=True)
    kind_font = ui_font(11)
    name_lines = wrap_two_lines(view.name, font_metrics(name_font), text_width)
    top = rect.top() + (12 if len(name_lines) == 1 else 6)
    painter.setFont(name_font)
    painter.setPen(QColor(theme.text))
    for line in name_lines:
        painter.drawText(QRectF(text_left, top, text_width, 18), Qt.AlignmentFlag.AlignLeft, line)
        top += 16
    painter.setFont(kind_font)
    painter.setPen(QColor(theme.muted_text))
    kind = font_metrics(kind_font).elidedText(view.kind_name, Qt.TextElideMode.ElideRight, text_width)
    painter.drawText(QRectF(text_left, top + 4, text_width, 16), Qt.AlignmentFlag.AlignLeft, kind)
    painter.restore()
    if view.badge is not None:
        paint_badge(painter, QPointF(rect.right() - 4, rect.top() + 4), view.badge)


def wrap_two_lines(text: str, metrics: QFontMetricsF, width: float) -> list[str]:
    """Break a name into at most two lines at word boundaries; elide what still does not fit."""
    if metrics.horizontalAdvance(text) <= width:
        return [text]
    words = text.split()
    first = ""
    for index, word in enumerate(words):
        candidate = f"{first} {word}".strip()
        if metrics.horizontalAdvance(candidate) > width:
            if not first:  # a single long word: elide it on one line
                break
            rest = " ".join(words[index:])
            return [first, metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width)]
        first = candidate
    return [metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)]


def paint_badge(painter: QPainter, centre: QPointF, badge: Badge, *, lod: float = 1.0) -> None:
    """A circle in the worst open severity's colour with the number of open findings.

    The number is left out where it would be illegible (``lod``: device pixels per design unit).
    """
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    radius = BADGE_DIAMETER / 2
    painter.setPen(QPen(QColor("#FFFFFF"), 1.5))
    painter.setBrush(QColor(SEVERITY_COLOURS[badge.severity]))
    painter.drawEllipse(centre, radius, radius)
    if lod * 11 < LEGIBLE_TEXT_PX:
        painter.restore()
        return
    painter.setFont(ui_font(11, bold=True))
    painter.setPen(QColor("#FFFFFF"))
    text = str(badge.count) if badge.count < 100 else "99+"
    box = QRectF(centre.x() - radius, centre.y() - radius, BADGE_DIAMETER, BADGE_DIAMETER)
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
    painter.restore()


def paint_boundary(painter: QPainter, view: BoundaryView, theme: Theme, *, selected: bool = False) -> None:
    """Dashed rounded region in the zone colour, faint tint, zone and name in a tab at the top left."""
    x, y, w, h = view.rect
    rect = QRectF(x, y, w, h)
    colour = QColor(ZONE_COLOURS[view.zone])
    tint = QColor(colour)
    tint.setAlphaF(theme.boundary_fill_alpha)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor(SELECTION_COLOUR) if selected else colour, 2.0 if selected else 1.5)
    pen.setStyle(Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.setBrush(tint)
    painter.drawRoundedRect(rect, BOUNDARY_RADIUS, BOUNDARY_RADIUS)
    label = f"{view.zone.value}  ·  {view.name}" if view.name else view.zone.value
    font = ui_font(12, bold=True)
    metrics = font_metrics(font)
    text = metrics.elidedText(label, Qt.TextElideMode.ElideRight, max(40.0, w - 32))
    tab = QRectF(
        x + 12, y - BOUNDARY_TAB_HEIGHT / 2, metrics.horizontalAdvance(text) + 20, BOUNDARY_TAB_HEIGHT
    )
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawRoundedRect(tab, 6, 6)
    painter.setFont(font)
    painter.setPen(QColor("#FFFFFF"))
    painter.drawText(tab, Qt.AlignmentFlag.AlignCenter, text)
    painter.restore()
    if view.badge is not None:
        paint_badge(painter, QPointF(tab.right() + 8, tab.center().y()), view.badge)


def paint_flow(
    painter: QPainter,
    view: FlowView,
    line: QLineF,
    theme: Theme,
    *,
    selected: bool = False,
    highlighted: bool = False,
) -> None:
    """Line with filled arrowhead(s); dashed warning colour when it crosses a boundary in clear text."""
    colour, width, dashed = flow_stroke(view, theme, selected=selected, highlighted=highlighted)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    draw_flow(
        painter, line, flow_pen(colour, width, dashed), _colour(colour), flow_heads(line, view.bidirectional)
    )
    painter.restore()


def draw_flow(painter: QPainter, line: QLineF, pen: QPen, fill: QColor, heads: tuple[QPolygonF, ...]) -> None:
    """The line, then its arrowheads filled in ``fill``; the painter's state is left changed (the
    canvas calls this directly: its view already saves the state around each item)."""
    painter.setPen(pen)
    painter.drawLine(line)
    if heads:
        painter.setPen(NO_PEN)
        painter.setBrush(fill)
        for head in heads:
            painter.drawPolygon(head)


NO_PEN = QPen(Qt.PenStyle.NoPen)


def flow_heads(line: QLineF, bidirectional: bool) -> tuple[QPolygonF, ...]:
    """The arrowhead at the target, and one at the source for a two-way flow."""
    if bidirectional:
        return arrow_head(line, at_end=True), arrow_head(line, at_end=False)
    return (arrow_head(line, at_end=True),)


def flow_stroke(
    view: FlowView, theme: Theme, *, selected: bool = False, highlighted: bool = False
) -> tuple[str, float, bool]:
    """Colour, width and dashes of a flow's line (the canvas's line items follow it too)."""
    colour, width = theme.flow, FLOW_WIDTH
    if view.exposed:
        colour = SEVERITY_COLOURS[Severity.HIGH]
    if selected:
        colour, width = SELECTION_COLOUR, 2.5
    if highlighted:
        colour, width = ATTACK_PATH_COLOUR, ATTACK_PATH_WIDTH
    return colour, width, view.exposed


@cache
def _colour(name: str) -> QColor:
    return QColor(name)


@cache
def flow_pen(colour: str, width: float, dashed: bool) -> QPen:
    pen = QPen(QColor(colour), width, Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


def paint_lock(painter: QPainter, rect: QRectF, colour: QColor) -> None:
    """A small padlock (the flow is encrypted in transit), drawn as vectors so every export has it."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    body = QRectF(rect.left(), rect.top() + rect.height() * 0.45, rect.width(), rect.height() * 0.55)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawRoundedRect(body, 1.5, 1.5)
    pen = QPen(colour, max(1.2, rect.width() * 0.16))
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    shackle = QRectF(rect.left() + rect.width() * 0.2, rect.top(), rect.width() * 0.6, rect.height() * 0.8)
    painter.drawArc(shackle, 0, 180 * 16)
    painter.drawLine(QPointF(shackle.left(), shackle.center().y()), QPointF(shackle.left(), body.top()))
    painter.drawLine(QPointF(shackle.right(), shackle.center().y()), QPointF(shackle.right(), body.top()))
    painter.restore()


LabelLayout = tuple[QRectF | None, QPointF | None]  # the plate, the badge's centre
LABEL_FONT_PX = 10.5
LABEL_HEIGHT = 18.0
LOCK_WIDTH = 12.0
LOCK_GAP = 4.0


def flow_label_layout(view: FlowView, line: QLineF) -> LabelLayout:
    """Where the protocol plate and the finding badge of a flow go (either may be absent)."""
    mid = line.pointAt(0.5)
    width = 0.0
    plate = None
    if view.label or view.encrypted:
        lock_width = LOCK_WIDTH if view.encrypted else 0.0
        gap = LOCK_GAP if view.encrypted and view.label else 0.0
        width = font_metrics(ui_font(LABEL_FONT_PX)).horizontalAdvance(view.label) + lock_width + gap + 12
        plate = QRectF(mid.x() - width / 2, mid.y() - LABEL_HEIGHT / 2, width, LABEL_HEIGHT)
    badge = QPointF(mid.x() + width / 2 + 10, mid.y()) if view.badge is not None else None
    return plate, badge


def flow_label_bounds(view: FlowView, line: QLineF) -> QRectF:
    """Everything :func:`paint_flow_label` may touch (an empty rect when it paints nothing)."""
    return label_layout_bounds(flow_label_layout(view, line))


def label_layout_bounds(layout: LabelLayout) -> QRectF:
    plate, badge = layout
    bounds = plate if plate is not None else QRectF()
    if badge is not None:
        radius = BADGE_DIAMETER / 2 + 1
        bounds = bounds.united(QRectF(badge.x() - radius, badge.y() - radius, 2 * radius, 2 * radius))
    return bounds


def paint_flow_label(
    painter: QPainter,
    view: FlowView,
    line: QLineF,
    theme: Theme,
    *,
    lod: float = 1.0,
    layout: LabelLayout | None = None,
) -> None:
    """Protocol at the midpoint on a small plate, with a padlock when encrypted.

    ``lod`` is device pixels per design unit; where the text would be illegible the plate is left out.
    ``layout`` is :func:`flow_label_layout`'s answer when the caller keeps it.
    """
    legible = lod * LABEL_FONT_PX >= LEGIBLE_TEXT_PX
    visible_badge = view.badge is not None and lod * BADGE_DIAMETER >= VISIBLE_MARK_PX
    if not visible_badge and not (legible and (view.label or view.encrypted)):
        return
    plate, badge = layout if layout is not None else flow_label_layout(view, line)
    if plate is not None and legible:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(_colour(theme.label_fill))
        painter.drawRoundedRect(plate, 4, 4)
        lock_width = 0.0
        if view.encrypted:
            paint_lock(painter, QRectF(plate.left() + 6, plate.top() + 3.5, 9, 11), _colour(theme.muted_text))
            lock_width = LOCK_WIDTH + (LOCK_GAP if view.label else 0.0)
        painter.setFont(ui_font(LABEL_FONT_PX))
        painter.setPen(_colour(theme.muted_text))
        text_rect = QRectF(plate.left() + 6 + lock_width, plate.top(), plate.width(), plate.height())
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, view.label)
        painter.restore()
    if badge is not None and view.badge is not None and visible_badge:
        paint_badge(painter, badge, view.badge, lod=lod)
