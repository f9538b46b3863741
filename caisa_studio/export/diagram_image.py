"""Diagram export to PNG, SVG and vector PDF — the one export module that uses Qt (QtGui/QtSvg only).

Everything is drawn by ``caisa_studio.render``, the same code that paints the canvas. Files are
written to a temporary name and renamed, so a failed export never leaves a partial file.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSize, QSizeF
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtSvg import QSvgGenerator

from caisa_studio.export.png_file import write_rgb_png
from caisa_studio.render.diagram import diagram_bounds, paint_diagram
from caisa_studio.render.geometry import component_rect, flow_line, parallel_offsets
from caisa_studio.render.painters import paint_boundary, paint_component, paint_flow, paint_flow_label
from caisa_studio.render.style import LIGHT, Theme
from caisa_studio.render.view_model import DiagramView

SVG_NS = "http://www.w3.org/2000/svg"
MAX_PNG_PIXELS = 16384 * 16384
# A very large design at 2× would be a quarter-gigapixel image nobody can open and that takes
# minutes to paint: above this many pixels the scale is lowered to fit (vector PDF/SVG keep detail).
COMFORTABLE_PNG_PIXELS = 24_000_000


@dataclass(frozen=True)
class ExportOptions:
    scale: float = 2.0
    theme: Theme = LIGHT


def ensure_gui_application() -> QGuiApplication:
    """Qt needs an application object to render text; headless runs use the offscreen platform."""
    existing = QGuiApplication.instance()
    if existing is not None:
        return existing  # type: ignore[return-value]
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return QGuiApplication([])


def export_diagram(view: DiagramView, path: Path, options: ExportOptions | None = None) -> None:
    """Write ``view`` to ``path``; the format follows the suffix (.png, .svg or .pdf)."""
    ensure_gui_application()
    options = options or ExportOptions()
    writers: dict[str, Callable[[DiagramView, Path, ExportOptions], None]] = {
        ".png": _write_png,
        ".svg": _write_svg,
        ".pdf": _write_pdf,
    }
    writer = writers.get(path.suffix.lower())
    if writer is None:
        raise ValueError(f"{path}: unsupported diagram format (use .png, .svg or .pdf)")
    _atomically(path, lambda temp: writer(view, temp, options))


def _atomically(path: Path, write: Callable[[Path], None]) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    handle, name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=folder)
    os.close(handle)
    temp = Path(name)
    try:
        write(temp)
        if temp.stat().st_size == 0:
            raise OSError(f"{path}: the renderer produced an empty file")
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


def effective_scale(view: DiagramView, scale: float) -> float:
    """``scale``, lowered when the image would exceed ``COMFORTABLE_PNG_PIXELS``."""
    bounds = diagram_bounds(view)
    pixels = bounds.width() * bounds.height() * scale * scale
    if pixels <= COMFORTABLE_PNG_PIXELS:
        return scale
    return scale * (COMFORTABLE_PNG_PIXELS / pixels) ** 0.5


def render_image(view: DiagramView, scale: float = 2.0, theme: Theme = LIGHT) -> QImage:
    bounds = diagram_bounds(view)
    scale = effective_scale(view, scale)
    width, height = round(bounds.width() * scale), round(bounds.height() * scale)
    if width * height > MAX_PNG_PIXELS:
        raise ValueError(f"the image would be {width} × {height} pixels; choose a smaller scale")
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor(theme.canvas))
    painter = QPainter(image)
    painter.scale(scale, scale)
    painter.translate(-bounds.left(), -bounds.top())
    paint_diagram(painter, view, theme)
    painter.end()
    return image


def _write_png(view: DiagramView, path: Path, options: ExportOptions) -> None:
    """An opaque RGB image (the canvas colour is the background), 96 dpi times the scale."""
    image = render_image(view, options.scale, options.theme).convertToFormat(QImage.Format.Format_RGB888)
    pixels = memoryview(image.constBits())  # type: ignore[arg-type]
    write_rgb_png(
        path, image.width(), image.height(), pixels, image.bytesPerLine(), round(3780 * options.scale)
    )


def _write_pdf(view: DiagramView, path: Path, options: ExportOptions) -> None:
    """A single vector page sized to the diagram (text stays selectable)."""
    bounds = diagram_bounds(view)
    writer = QPdfWriter(str(path))
    writer.setResolution(72)
    writer.setTitle(view.title)
    writer.setCreator("CAISA Studio")
    writer.setPageSize(QPageSize(QSizeF(bounds.width(), bounds.height()), QPageSize.Unit.Point, "Diagram"))
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)
    painter = QPainter(writer)
    painter.translate(-bounds.left(), -bounds.top())
    paint_diagram(painter, view, options.theme)
    painter.end()


def _svg_fragment(size: QRectF, paint: Callable[[QPainter], None]) -> str:
    """Render with QSvgGenerator into memory; the drawing it produced, as SVG text.

    The generator writes a whole document (header, ``<defs>``, one group with the drawing); only the
    drawing is kept, as text: parsing and re-serialising thousands of fragments cost seconds.
    """
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(QSize(round(size.width()), round(size.height())))
    generator.setViewBox(size)
    painter = QPainter(generator)
    paint(painter)
    painter.end()
    document = bytes(QByteArray(buffer.data()).data()).decode("utf-8")
    start = document.find("</defs>")
    end = document.rfind("</svg>")
    if start < 0 or end < start:
        raise ValueError("unexpected output from Qt's SVG generator")
    return EMPTY_GROUP.sub("", document[start + len("</defs>") : end]).strip()


EMPTY_GROUP = re.compile(r"<g [^<>]*>\s*</g>\s*")  # state changes that drew nothing
XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in XML 1.0


def _attribute(value: str) -> str:
    """Text for an XML attribute or element (xml.sax.saxutils would import urllib, http and ssl)."""
    text = XML_UNSAFE.sub("", value)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _write_svg(view: DiagramView, path: Path, options: ExportOptions) -> None:
    """SVG with one ``<g>`` per boundary, flow and component (id and class set), for styling and tests."""
    theme = options.theme
    bounds = diagram_bounds(view)
    left, top, width, height = bounds.left(), bounds.top(), bounds.width(), bounds.height()
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n',
        f'<svg xmlns="{SVG_NS}" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" '
        f'width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="{left:.1f} {top:.1f} {width:.1f} {height:.1f}">\n',
        f"<title>{_attribute(view.title)}</title>\n",
        f'<rect x="{left}" y="{top}" width="{width}" height="{height}" '
        f'fill="{_attribute(theme.canvas)}" />\n',
    ]
    highlighted = set(view.highlighted_path)
    rects = {c.id: component_rect(c.x, c.y) for c in view.components}
    offsets = parallel_offsets([(f.id, f.source, f.target) for f in view.flows])
    lines = {f.id: flow_line(rects[f.source], rects[f.target], offsets.get(f.id, 0.0)) for f in view.flows}

    def group(kind: str, element_id: str, label: str, paint: Callable[[QPainter], None]) -> None:
        parts.append(
            f'<g id="{_attribute(f"{kind}-{element_id}")}" class="{kind}" data-name="{_attribute(label)}">\n'
            f"{_svg_fragment(bounds, paint)}\n</g>\n"
        )

    for boundary in view.boundaries:
        group("boundary", boundary.id, boundary.name, lambda p, b=boundary: paint_boundary(p, b, theme))
    for flow in view.flows:
        group(
            "flow",
            flow.id,
            flow.label,
            lambda p, f=flow: (
                paint_flow(p, f, lines[f.id], theme, highlighted=f.id in highlighted),
                paint_flow_label(p, f, lines[f.id], theme),
            ),
        )
    for component in view.components:
        group(
            "component",
            component.id,
            component.name,
            lambda p, c=component: paint_component(p, c, rects[c.id], theme, highlighted=c.id in highlighted),
        )
    parts.append("</svg>\n")
    path.write_text("".join(parts), encoding="utf-8")
