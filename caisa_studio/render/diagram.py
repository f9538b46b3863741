"""Painting a whole design (for image and PDF export, and thumbnails): boundaries, flows, components."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter

from caisa_studio.render.geometry import component_rect, flow_line, parallel_offsets
from caisa_studio.render.painters import paint_boundary, paint_component, paint_flow, paint_flow_label
from caisa_studio.render.style import BADGE_DIAMETER, BOUNDARY_TAB_HEIGHT, Theme
from caisa_studio.render.view_model import DiagramView

MARGIN = 32.0


def diagram_bounds(view: DiagramView) -> QRectF:
    """The area the drawing covers, with room for tabs and badges, plus a margin."""
    bounds = QRectF()
    for component in view.components:
        bounds = bounds.united(component_rect(component.x, component.y))
    for boundary in view.boundaries:
        bounds = bounds.united(QRectF(*boundary.rect).adjusted(0, -BOUNDARY_TAB_HEIGHT / 2, 0, 0))
    if bounds.isNull():
        return QRectF(0, 0, 400, 300)
    pad = MARGIN + BADGE_DIAMETER / 2
    return bounds.adjusted(-pad, -pad, pad, pad)


def paint_diagram(painter: QPainter, view: DiagramView, theme: Theme, *, background: bool = True) -> None:
    """Paint in design coordinates; callers set the painter's transform to fit their page or image."""
    if background:
        painter.fillRect(diagram_bounds(view), QColor(theme.canvas))
    highlighted = set(view.highlighted_path)
    for boundary in view.boundaries:
        paint_boundary(painter, boundary, theme)
    rects = {c.id: component_rect(c.x, c.y) for c in view.components}
    offsets = parallel_offsets([(f.id, f.source, f.target) for f in view.flows])
    lines = {f.id: flow_line(rects[f.source], rects[f.target], offsets.get(f.id, 0.0)) for f in view.flows}
    for flow in view.flows:
        paint_flow(painter, flow, lines[flow.id], theme, highlighted=flow.id in highlighted)
    for component in view.components:
        selected = component.id in highlighted
        paint_component(painter, component, rects[component.id], theme, highlighted=selected)
    for flow in view.flows:  # labels last: a label is never hidden under a box
        paint_flow_label(painter, flow, lines[flow.id], theme)
