"""Geometry of the drawing: component boxes, straight flows clipped to box edges, arrowheads.

Flows are straight lines between box centres, clipped at the borders; two flows between the same
pair of components are offset sideways so both stay visible.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QLineF, QPointF, QRectF
from PySide6.QtGui import QPolygonF

from caisa_studio.render.style import ARROW_HALF_WIDTH, ARROW_LENGTH, COMPONENT_HEIGHT, COMPONENT_WIDTH

PARALLEL_SPACING = 14.0


def component_rect(x: float, y: float) -> QRectF:
    return QRectF(x, y, COMPONENT_WIDTH, COMPONENT_HEIGHT)


def clip_to_rect(rect: QRectF, inside: QPointF, outside: QPointF) -> QPointF:
    """Where the segment from ``inside`` (in the rect) to ``outside`` leaves the rectangle."""
    dx, dy = outside.x() - inside.x(), outside.y() - inside.y()
    if dx == 0 and dy == 0:
        return QPointF(inside)
    scales = []
    if dx:
        edge = rect.right() if dx > 0 else rect.left()
        scales.append((edge - inside.x()) / dx)
    if dy:
        edge = rect.bottom() if dy > 0 else rect.top()
        scales.append((edge - inside.y()) / dy)
    scale = max(0.0, min(min(s for s in scales if s >= 0), 1.0))
    return QPointF(inside.x() + dx * scale, inside.y() + dy * scale)


def flow_line(source: QRectF, target: QRectF, offset: float = 0.0) -> QLineF:
    """The visible segment of a flow from ``source`` to ``target`` box, shifted sideways by ``offset``."""
    start, end = source.center(), target.center()
    length = math.hypot(end.x() - start.x(), end.y() - start.y()) or 1.0
    normal = QPointF(-(end.y() - start.y()) / length, (end.x() - start.x()) / length)
    shift = QPointF(normal.x() * offset, normal.y() * offset)
    start, end = start + shift, end + shift
    return QLineF(clip_to_rect(source, start, end), clip_to_rect(target, end, start))


def arrow_head(line: QLineF, at_end: bool = True) -> QPolygonF:
    """A filled triangle whose tip sits on the line's end (or start)."""
    tip = line.p2() if at_end else line.p1()
    back = line.p1() if at_end else line.p2()
    length = line.length() or 1.0
    ux, uy = (tip.x() - back.x()) / length, (tip.y() - back.y()) / length
    base = QPointF(tip.x() - ux * ARROW_LENGTH, tip.y() - uy * ARROW_LENGTH)
    left = QPointF(base.x() - uy * ARROW_HALF_WIDTH, base.y() + ux * ARROW_HALF_WIDTH)
    right = QPointF(base.x() + uy * ARROW_HALF_WIDTH, base.y() - ux * ARROW_HALF_WIDTH)
    return QPolygonF([tip, left, right])


def parallel_offsets(pairs: list[tuple[str, str, str]]) -> dict[str, float]:
    """Sideways offsets for flows sharing a pair of components: ``(flow id, source, target)`` in."""
    groups: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for flow_id, source, target in pairs:
        key = (min(source, target), max(source, target))
        groups.setdefault(key, []).append((flow_id, source))
    offsets: dict[str, float] = {}
    for (low, _), members in groups.items():
        members.sort()
        count = len(members)
        for index, (flow_id, source) in enumerate(members):
            offset = (index - (count - 1) / 2) * PARALLEL_SPACING
            # Offsets are measured along each flow's own normal, which flips with its direction.
            offsets[flow_id] = offset if source == low else -offset
    return offsets


def segment_meets_box(
    segment: tuple[float, float, float, float], box: tuple[float, float, float, float]
) -> bool:
    """Whether the segment passes through the box (Liang-Barsky clipping), on plain numbers:
    ``segment`` is x1, y1, x2, y2; ``box`` is left, top, right, bottom.

    The canvas asks this for every flow Qt offers to repaint (thousands per repaint): a long flow's
    bounding rect overlaps much of a dense design, but its line rarely crosses the area that changed.
    """
    x1, y1, x2, y2 = segment
    left, top, right, bottom = box
    dx, dy = x2 - x1, y2 - y1
    low, high = 0.0, 1.0
    for p, q in ((-dx, x1 - left), (dx, right - x1), (-dy, y1 - top), (dy, bottom - y1)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            if t > high:
                return False
            low = max(low, t)
        else:
            if t < low:
                return False
            high = min(high, t)
    return True


def pieces_along(line: QLineF, piece_length: float, margin: float, most: int = 24) -> list[QRectF]:
    """Small rectangles that together cover the segment (each grown by ``margin``).

    Repainting these instead of a long diagonal flow's bounding rect keeps an edit's repaint to the
    strip the line actually occupies.
    """
    count = max(1, min(most, math.ceil(line.length() / piece_length)))
    rects = []
    for index in range(count):
        a, b = line.pointAt(index / count), line.pointAt((index + 1) / count)
        rects.append(QRectF(a, b).normalized().adjusted(-margin, -margin, margin, margin))
    return rects
