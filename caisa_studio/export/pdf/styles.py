"""The report's look: page sizes and margins, the type scale (UI.md: title 28, h1 18, h2 14, body
10/14, tables 9), colour tokens shared with the canvas, paragraph styles, and text escaping.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from caisa_studio.export.pdf.fonts import report_fonts, safe_text
from caisa_studio.model import Zone
from caisa_studio.render.style import ATTACK_PATH_COLOUR, SELECTION_COLOUR, SEVERITY_COLOURS, ZONE_COLOURS
from caisa_studio.rules import Severity

PAGE_SIZES = {"a4": A4, "letter": LETTER}
MARGIN_X = 20 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 22 * mm
HEADER_Y = 13 * mm  # distance of the running header's baseline from the top edge
FOOTER_Y = 11 * mm  # distance of the footer's baseline from the bottom edge

INK = colors.HexColor("#1F2937")
MUTED = colors.HexColor("#5B6472")
FAINT = colors.HexColor("#98A2B3")
RULE = colors.HexColor("#D0D5DD")
PANEL = colors.HexColor("#F2F4F7")
PANEL_LIGHT = colors.HexColor("#F9FAFB")
NAVY = colors.HexColor("#17233B")
ACCENT = colors.HexColor(SELECTION_COLOUR)
ATTACK = colors.HexColor(ATTACK_PATH_COLOUR)
OK = colors.HexColor(ZONE_COLOURS[Zone.DATA])  # "in place" / "addressed"
PLANNED = colors.HexColor(SEVERITY_COLOURS[Severity.MEDIUM])
MISSING = colors.HexColor(SEVERITY_COLOURS[Severity.CRITICAL])
WHITE = colors.white

SEVERITY = {severity: colors.HexColor(value) for severity, value in SEVERITY_COLOURS.items()}
ZONE = {zone: colors.HexColor(value) for zone, value in ZONE_COLOURS.items()}


# -- colour arithmetic (tinted chips with readable text) ------------------------------------------
def mix(colour: colors.Color, other: colors.Color, share: float) -> colors.Color:
    """``share`` of ``colour`` over ``other``."""
    return colors.Color(
        *(a * share + b * (1 - share) for a, b in zip(colour.rgb(), other.rgb(), strict=True))
    )


def _luminance(colour: colors.Color) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in colour.rgb())
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: colors.Color, b: colors.Color) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@dataclass(frozen=True)
class ChipColours:
    fill: colors.Color
    border: colors.Color
    text: colors.Color


@cache
def chip_colours(token: str) -> ChipColours:
    """A light tint of the token, its border in the token, text darkened until contrast ≥ 4.5:1."""
    base = colors.HexColor(token)
    fill = mix(base, WHITE, 0.13)
    text = base
    share = 1.0
    while contrast(text, fill) < 4.5 and share > 0.3:
        share -= 0.05
        text = mix(base, colors.black, share)
    return ChipColours(fill, base, text)


# -- type -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    eyebrow: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    body: ParagraphStyle
    lead: ParagraphStyle
    muted: ParagraphStyle
    small: ParagraphStyle
    bullet: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_muted: ParagraphStyle
    cell_right: ParagraphStyle
    head: ParagraphStyle
    toc: tuple[ParagraphStyle, ...]
    regular_font: str
    bold_font: str


@cache
def styles() -> Styles:
    fonts = report_fonts()
    regular, bold = fonts.regular, fonts.bold

    def style(name: str, size: float, leading: float, **extra: object) -> ParagraphStyle:
        values: dict[str, object] = {
            "fontName": regular,
            "fontSize": size,
            "leading": leading,
            "textColor": INK,
        }
        values.update(extra)
        return ParagraphStyle(name, **values)  # type: ignore[arg-type]

    cell = style("cell", 9, 11.5)
    return Styles(
        title=style("title", 28, 34, fontName=bold, textColor=NAVY, spaceAfter=10),
        subtitle=style("subtitle", 14, 19, textColor=MUTED, spaceAfter=6),
        eyebrow=style("eyebrow", 9, 12, fontName=bold, textColor=ACCENT, spaceAfter=6),
        h1=style("h1", 18, 23, fontName=bold, textColor=NAVY, spaceAfter=10, keepWithNext=1),
        h2=style("h2", 14, 18, fontName=bold, textColor=NAVY, spaceBefore=14, spaceAfter=6, keepWithNext=1),
        h3=style("h3", 10.5, 14, fontName=bold, spaceBefore=10, spaceAfter=3, keepWithNext=1),
        body=style("body", 10, 14, spaceAfter=6),
        lead=style("lead", 11.5, 16, spaceAfter=8),
        muted=style("muted", 10, 14, textColor=MUTED, spaceAfter=6),
        small=style("small", 8, 10.5, textColor=MUTED, spaceAfter=4),
        bullet=style("bullet", 10, 14, leftIndent=14, bulletIndent=2, spaceAfter=4),
        cell=cell,
        cell_bold=style("cell_bold", 9, 11.5, fontName=bold),
        cell_muted=style("cell_muted", 8.5, 11, textColor=MUTED),
        cell_right=style("cell_right", 9, 11.5, alignment=TA_RIGHT),
        head=style("head", 8.5, 11, fontName=bold, textColor=MUTED, alignment=TA_LEFT),
        toc=(
            style("toc1", 10.5, 15, fontName=bold, leftIndent=0, firstLineIndent=0, spaceBefore=5),
            style("toc2", 9.5, 13, leftIndent=14, firstLineIndent=0, textColor=MUTED),
        ),
        regular_font=regular,
        bold_font=bold,
    )


def esc(text: object) -> str:
    """User or catalog text made safe for a reportlab paragraph: markup escaped, glyphs drawable."""
    # What xml.sax.saxutils.escape does, without importing it (it pulls in urllib, http and ssl).
    return safe_text(str(text)).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
