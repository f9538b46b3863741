"""Kind icons: the SVGs in ``resources/icons`` recoloured (``currentColor``) and drawn as vectors.

Drawing through ``QSvgRenderer`` keeps icons vector in SVG and PDF exports and crisp at any zoom.
"""

from __future__ import annotations

import threading
from functools import cache

from PySide6.QtCore import QByteArray, QRectF
from PySide6.QtGui import QPainter
from PySide6.QtSvg import QSvgRenderer

from caisa_studio.catalog.resources import resources_dir


def icon_path(name: str, folder: str = "kinds") -> str:
    return str(resources_dir() / "icons" / folder / f"{name}.svg")


@cache
def _svg_text(name: str, folder: str) -> str | None:
    try:
        with open(icon_path(name, folder), encoding="utf-8") as handle:
            return handle.read()
    except OSError:
        return None


def icon_renderer(name: str, colour: str, folder: str = "kinds") -> QSvgRenderer | None:
    """A renderer for the icon in ``colour``; None when the icon file is missing or broken.

    One cache per thread: exports paint on a worker thread while the canvas paints on the GUI
    thread, and a ``QSvgRenderer`` must not be shared between them.
    """
    return _renderer_for_thread(name, colour, folder, threading.get_ident())


@cache
def _renderer_for_thread(name: str, colour: str, folder: str, _thread: int) -> QSvgRenderer | None:
    text = _svg_text(name, folder)
    if text is None:
        return None
    renderer = QSvgRenderer(QByteArray(text.replace("currentColor", colour).encode("utf-8")))
    return renderer if renderer.isValid() else None


def draw_icon(painter: QPainter, rect: QRectF, name: str, colour: str, folder: str = "kinds") -> bool:
    renderer = icon_renderer(name, colour, folder)
    if renderer is None:
        return False
    renderer.render(painter, rect)
    return True
