"""QIcons for widgets, rendered from the same recolourable SVGs the canvas draws."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPixmap

from caisa_studio.render.icons import draw_icon
from caisa_studio.render.style import SEVERITY_COLOURS
from caisa_studio.rules import Severity

SIZES = (16, 20, 24, 32, 48)


@cache
def svg_icon(name: str, colour: str, folder: str = "kinds") -> QIcon:
    icon = QIcon()
    for size in SIZES:
        for ratio in (1, 2):
            image = QImage(size * ratio, size * ratio, QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(Qt.GlobalColor.transparent)
            painter = QPainter(image)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            drawn = draw_icon(painter, QRectF(0, 0, size * ratio, size * ratio), name, colour, folder)
            painter.end()
            if not drawn:
                return QIcon()
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(ratio)
            icon.addPixmap(pixmap)
    return icon


@cache
def severity_icon(severity: Severity) -> QIcon:
    """A filled circle in the severity colour (the findings table's chip)."""
    icon = QIcon()
    for size in SIZES:
        image = QImage(size * 2, size * 2, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(SEVERITY_COLOURS[severity]))
        painter.drawEllipse(QRectF(size * 0.3, size * 0.3, size * 1.4, size * 1.4))
        painter.end()
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(2)
        icon.addPixmap(pixmap)
    return icon
