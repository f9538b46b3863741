"""QIcons for widgets, rendered from the same recolourable SVGs the canvas draws."""

from __future__ import annotations

import os
from functools import cache

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QIconEngine, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QStyleOption
from shiboken6 import Shiboken

from caisa_studio.render.icons import draw_icon, icon_path
from caisa_studio.render.style import SEVERITY_COLOURS
from caisa_studio.rules import Severity

SIZES = (16, 20, 24, 32, 48)
_CLONES: list[SvgIconEngine] = []


class SvgIconEngine(QIconEngine):
    """Renders the recoloured SVG at the size and device pixel ratio a widget asks for, when it asks.

    The palette alone holds fifty icons; drawing each at five sizes and two ratios up front cost
    ~70 ms of every start. Now an icon costs nothing until it is painted, and then one render per
    size actually shown. Modes other than Normal (disabled, selected) are derived by the style, as
    they are for a QIcon built from pixmaps.
    """

    def __init__(self, name: str, colour: str, folder: str) -> None:
        super().__init__()
        self._icon = (name, colour, folder)
        self._pixmaps: dict[tuple[int, int, QIcon.Mode, float], QPixmap] = {}

    def clone(self) -> QIconEngine:
        # Qt clones when a shared icon is changed (addPixmap on a copy). PySide does not give the
        # returned engine to C++, so its Python side is kept alive here; Qt deletes the C++ side with
        # the icon holding it, which invalidates the wrapper, dropped at the next clone.
        _CLONES[:] = [engine for engine in _CLONES if Shiboken.isValid(engine)]
        engine = SvgIconEngine(*self._icon)
        _CLONES.append(engine)
        return engine

    def key(self) -> str:
        return "caisa-svg"

    def availableSizes(
        self, mode: QIcon.Mode = QIcon.Mode.Normal, state: QIcon.State = QIcon.State.Off
    ) -> list[QSize]:
        return [QSize(size, size) for size in SIZES]

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        device = painter.device()
        ratio = device.devicePixelRatioF() if device is not None else 1.0
        painter.drawPixmap(rect, self.scaledPixmap(rect.size(), mode, state, ratio))

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float) -> QPixmap:
        key = (size.width(), size.height(), mode, scale)
        pixmap = self._pixmaps.get(key)
        if pixmap is None:
            pixmap = self._render(size, scale)
            if mode != QIcon.Mode.Normal and QApplication.instance() is not None:
                pixmap = QApplication.style().generatedIconPixmap(mode, pixmap, QStyleOption())
            self._pixmaps[key] = pixmap
        return pixmap

    def _render(self, size: QSize, scale: float) -> QPixmap:
        width, height = max(1, round(size.width() * scale)), max(1, round(size.height() * scale))
        side = min(width, height)
        image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        draw_icon(painter, QRectF((width - side) / 2, (height - side) / 2, side, side), *self._icon)
        painter.end()
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(scale)
        return pixmap


@cache
def svg_icon(name: str, colour: str, folder: str = "kinds") -> QIcon:
    """The icon ``name`` (an SVG in ``resources/icons/<folder>``) in ``colour``; null when there is none."""
    if not os.path.isfile(icon_path(name, folder)):
        return QIcon()
    return QIcon(SvgIconEngine(name, colour, folder))


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
