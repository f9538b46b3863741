"""Render a contact sheet of the CAISA Studio SVG icons, and check that every icon renders.

Why this exists: the palette icons under ``resources/icons/`` are hand-written SVGs that must stay
legible at 16 px and crisp at 48 px, in both light and dark themes. This script draws every icon at
16, 24 and 48 px, once dark grey on white and once light on a dark background, with the component
kind's display name under each 48 px icon, so a designer can judge the whole set at a glance.

It also validates each file on the way: the SVG must parse as XML, ``QSvgRenderer`` must accept it,
the rendered image must contain visible pixels, and the house style must hold (24 x 24 viewBox,
``currentColor`` 1.75 px round strokes, only basic shapes, at most one filled accent that is either
faint or a small dot). Problems are printed and make the exit status 1 (the sheet is still written).

Usage (from the repository root)::

    uv run python scripts/render_icon_sheet.py [OUTPUT.png]

The default output is ``/tmp/icon_sheet.png``. Qt runs headless (``QT_QPA_PLATFORM=offscreen``).
"""

from __future__ import annotations

import os
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import yaml
from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

REPO_ROOT = Path(__file__).resolve().parent.parent
ICON_ROOT = REPO_ROOT / "resources" / "icons"
KINDS_FILE = REPO_ROOT / "resources" / "catalog" / "kinds.yaml"
DEFAULT_OUTPUT = Path("/tmp/icon_sheet.png")

SIZES = (16, 24, 48)
SIZE_GAP = 14
SVG_NS = "{http://www.w3.org/2000/svg}"
ROOT_STYLE = {
    "viewBox": "0 0 24 24",
    "width": "24",
    "height": "24",
    "fill": "none",
    "stroke": "currentColor",
    "stroke-width": "1.75",
    "stroke-linecap": "round",
    "stroke-linejoin": "round",
}
ALLOWED_ELEMENTS = {"svg", "path", "circle", "ellipse", "rect", "line", "polyline", "polygon"}
MAX_ACCENT_OPACITY = 0.35
MAX_DOT_RADIUS = 1.75
COLUMNS = 6
CELL_W = 168
CELL_H = 112
MARGIN = 16
PANEL_TITLE_H = 28


@dataclass(frozen=True)
class Theme:
    """Colours of one panel of the sheet."""

    title: str
    background: QColor
    foreground: QColor
    label: QColor


THEMES = (
    Theme("Light theme", QColor("#ffffff"), QColor("#333333"), QColor("#555555")),
    Theme("Dark theme", QColor("#26282c"), QColor("#e4e6ea"), QColor("#b8bcc4")),
)


@dataclass(frozen=True)
class Icon:
    """One icon file with the label shown under it."""

    path: Path
    label: str


def load_icons() -> list[Icon]:
    """Kind icons in catalog order (named from kinds.yaml), then the UI icons."""
    catalog = yaml.safe_load(KINDS_FILE.read_text(encoding="utf-8"))
    icons: list[Icon] = []
    known: set[str] = set()
    for kind in catalog["kinds"]:
        known.add(kind["id"])
        icons.append(Icon(ICON_ROOT / "kinds" / f"{kind['id']}.svg", kind["name"]))
    for extra in sorted((ICON_ROOT / "kinds").glob("*.svg")):
        if extra.stem not in known:
            icons.append(Icon(extra, f"{extra.stem} (not in catalog)"))
    for ui_icon in sorted((ICON_ROOT / "ui").glob("*.svg")):
        icons.append(Icon(ui_icon, ui_icon.stem.replace("_", " ").capitalize()))
    return icons


def make_renderer(svg_text: str, colour: QColor) -> QSvgRenderer:
    """A renderer for the SVG with ``currentColor`` resolved to ``colour``."""
    data = svg_text.replace("currentColor", colour.name())
    return QSvgRenderer(QByteArray(data.encode("utf-8")))


def render_icon(renderer: QSvgRenderer, size: int) -> QImage:
    """The icon rendered on a transparent square of ``size`` pixels."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def has_ink(image: QImage) -> bool:
    """Whether any pixel of the image is not fully transparent."""
    return any(
        image.pixelColor(x, y).alpha() > 0 for y in range(image.height()) for x in range(image.width())
    )


def style_problems(root: ET.Element) -> list[str]:
    """Departures from the icon house style in a parsed SVG root element."""
    problems = [
        f"root {name}={root.get(name)!r}, expected {value!r}"
        for name, value in ROOT_STYLE.items()
        if root.get(name) != value
    ]
    accents = 0
    for element in root.iter():
        tag = element.tag.removeprefix(SVG_NS)
        if tag not in ALLOWED_ELEMENTS:
            problems.append(f"element <{tag}> is not allowed")
        if any(name.endswith("href") for name in element.attrib):
            problems.append(f"<{tag}> has an external reference")
        fill = element.get("fill")
        if element is root or fill in (None, "none"):
            continue
        accents += 1
        opacity = min(float(element.get("opacity", "1")), float(element.get("fill-opacity", "1")))
        faint = opacity <= MAX_ACCENT_OPACITY
        dot = tag == "circle" and float(element.get("r", "99")) <= MAX_DOT_RADIUS
        if fill != "currentColor" or not (faint or dot):
            problems.append(f"<{tag}> fill must be a faint currentColor accent or a small dot")
    if accents > 1:
        problems.append(f"{accents} filled accents (at most one)")
    return problems


def validate(icon: Icon) -> list[str]:
    """Problems found in one icon file (empty when it is fine)."""
    if not icon.path.is_file():
        return [f"{icon.path}: missing"]
    text = icon.path.read_text(encoding="utf-8")
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        return [f"{icon.path}: not well-formed XML ({exc})"]
    problems = [f"{icon.path}: {problem}" for problem in style_problems(root)]
    renderer = make_renderer(text, QColor("#000000"))
    if not renderer.isValid():
        problems.append(f"{icon.path}: QSvgRenderer rejected it")
    elif not has_ink(render_icon(renderer, 24)):
        problems.append(f"{icon.path}: renders empty")
    return problems


def draw_panel(painter: QPainter, icons: list[Icon], theme: Theme, top: int, width: int) -> int:
    """Draw one themed panel starting at ``top``; return its height."""
    rows = (len(icons) + COLUMNS - 1) // COLUMNS
    height = PANEL_TITLE_H + rows * CELL_H + MARGIN
    painter.fillRect(0, top, width, height, theme.background)
    painter.setPen(theme.label)
    title_font = QFont("DejaVu Sans", 10)
    title_font.setBold(True)
    painter.setFont(title_font)
    painter.drawText(QRectF(MARGIN, top + 6, width - 2 * MARGIN, 20), theme.title)
    label_font = QFont("DejaVu Sans", 7)
    painter.setFont(label_font)
    for index, icon in enumerate(icons):
        col, row = index % COLUMNS, index // COLUMNS
        x = MARGIN + col * CELL_W
        y = top + PANEL_TITLE_H + row * CELL_H
        if icon.path.is_file():
            renderer = make_renderer(icon.path.read_text(encoding="utf-8"), theme.foreground)
            left = x + (CELL_W - sum(SIZES) - SIZE_GAP * (len(SIZES) - 1)) // 2
            for size in SIZES:  # ascending, bottom-aligned, the largest last
                painter.drawImage(left, y + 4 + max(SIZES) - size, render_icon(renderer, size))
                left += size + SIZE_GAP
        painter.drawText(
            QRectF(x + 2, y + 56, CELL_W - 8, CELL_H - 58),
            int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop) | int(Qt.TextFlag.TextWordWrap),
            icon.label,
        )
    return height


def render_sheet(icons: list[Icon], output: Path) -> None:
    """Write the two-panel contact sheet PNG to ``output``."""
    width = 2 * MARGIN + COLUMNS * CELL_W
    rows = (len(icons) + COLUMNS - 1) // COLUMNS
    panel_h = PANEL_TITLE_H + rows * CELL_H + MARGIN
    sheet = QImage(width, panel_h * len(THEMES), QImage.Format.Format_ARGB32_Premultiplied)
    sheet.fill(QColor("#ffffff"))
    painter = QPainter(sheet)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    top = 0
    for theme in THEMES:
        top += draw_panel(painter, icons, theme, top, width)
    painter.end()
    output.parent.mkdir(parents=True, exist_ok=True)
    if not sheet.save(str(output)):
        raise OSError(f"could not write {output}")


def main(argv: list[str]) -> int:
    """Validate all icons, render the sheet and report; non-zero exit when an icon is broken."""
    output = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUTPUT
    _app = QGuiApplication.instance() or QGuiApplication(argv[:1])
    icons = load_icons()
    problems = [problem for icon in icons for problem in validate(icon)]
    render_sheet(icons, output)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{len(icons)} icons, {len(problems)} problem(s); sheet written to {output}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
