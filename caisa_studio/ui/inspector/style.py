"""Spacing, colours and small glyphs shared by the inspector's sections (UI.md tokens)."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QLabel, QWidget

from caisa_studio.model import ControlStatus

MARGIN = 12  # left/right padding of the panel
SECTION_GAP = 18  # space between sections
ROW_GAP = 8  # vertical spacing inside a section (8 px grid)
LABEL_GAP = 12  # between a form label and its field
STATUS_WIDTH = 138  # the control status selector
PANEL_WIDTH = 348  # preferred dock width: readable next to the canvas at 1366 × 768

STATUS_COLOURS: dict[ControlStatus, str] = {
    ControlStatus.IMPLEMENTED: "#3A7D44",
    ControlStatus.PLANNED: "#CA8504",
    ControlStatus.NOT_APPLICABLE: "#667085",
}
STATUS_LABELS: dict[ControlStatus, str] = {
    ControlStatus.IMPLEMENTED: "Implemented",
    ControlStatus.PLANNED: "Planned",
    ControlStatus.NOT_APPLICABLE: "Not applicable",
}
NOT_SET = "— not set —"


def muted(text: str = "", colour: str = "#5B6472", point_delta: float = -1.0) -> QLabel:
    """A secondary label: smaller and quieter than the field text."""
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(max(7.0, font.pointSizeF() + point_delta))
    label.setFont(font)
    label.setStyleSheet(f"color: {colour};")
    return label


def semibold(widget: QWidget, point_delta: float = 0.0) -> None:
    font = widget.font()
    font.setWeight(QFont.Weight.DemiBold)
    if point_delta:
        font.setPointSizeF(font.pointSizeF() + point_delta)
    widget.setFont(font)


def _render(size: int, draw: object) -> QIcon:
    icon = QIcon()
    for ratio in (1, 2):
        image = QImage(size * ratio, size * ratio, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(ratio, ratio)
        draw(painter)  # type: ignore[operator]
        painter.end()
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(ratio)
        icon.addPixmap(pixmap)
    return icon


@cache
def dot_icon(colour: str, hollow: bool = False, size: int = 12) -> QIcon:
    """A status dot: filled in the status colour, hollow for "not set"."""

    def draw(painter: QPainter) -> None:
        inset = size * 0.2
        rect = QRectF(inset, inset, size - 2 * inset, size - 2 * inset)
        if hollow:
            painter.setPen(QPen(QColor(colour), 1.25))
            painter.setBrush(Qt.BrushStyle.NoBrush)
        else:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colour))
        painter.drawEllipse(rect)

    return _render(size, draw)


@cache
def info_icon(colour: str, size: int = 16) -> QIcon:
    """A small circled "i" for the info tooltip next to a control's name."""

    def draw(painter: QPainter) -> None:
        pen = QPen(QColor(colour), 1.3)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(QRectF(1.5, 1.5, size - 3, size - 3))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setWidthF(1.6)
        painter.setPen(pen)
        centre = size / 2
        painter.drawLine(QLineF(centre, size * 0.45, centre, size * 0.72))
        painter.setBrush(QColor(colour))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(QRectF(centre - 1.0, size * 0.26, 2.0, 2.0))

    return _render(size, draw)


@cache
def design_icon(colour: str, size: int = 32) -> QIcon:
    """The design itself: three connected boxes, drawn in the icon set's stroke style."""

    def draw(painter: QPainter) -> None:
        unit = size / 24
        pen = QPen(QColor(colour), 1.75 * unit)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for x, y in ((3, 3), (15, 3), (9, 15)):
            painter.drawRoundedRect(QRectF(x * unit, y * unit, 6 * unit, 6 * unit), 1.5 * unit, 1.5 * unit)
        painter.drawLine(QLineF(9 * unit, 6 * unit, 15 * unit, 6 * unit))
        painter.drawLine(QLineF(6 * unit, 9 * unit, 10.5 * unit, 15 * unit))
        painter.drawLine(QLineF(18 * unit, 9 * unit, 13.5 * unit, 15 * unit))

    return _render(size, draw)
