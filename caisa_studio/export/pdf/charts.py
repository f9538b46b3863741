"""Charts drawn with reportlab.graphics (vector): findings by severity as a donut, findings by area
as stacked bars, framework coverage as stacked bars, and a score bar."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.shapes import Circle, Drawing, Rect, String, Wedge
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from caisa_studio.export.pdf.fonts import safe_text
from caisa_studio.export.pdf.styles import INK, MUTED, OK, PANEL, PLANNED, RULE, SEVERITY, styles
from caisa_studio.export.report_coverage import Coverage, FrameworkCoverage
from caisa_studio.export.report_data import SEVERITY_ORDER
from caisa_studio.rules import Severity

COVERAGE_COLOURS = {
    Coverage.OPEN: SEVERITY[Severity.CRITICAL],
    Coverage.ACCEPTED: PLANNED,
    Coverage.ADDRESSED: OK,
}


def _text(
    x: float,
    y: float,
    text: str,
    size: float = 8,
    bold: bool = False,
    colour: colors.Color = INK,
    anchor: str = "start",
) -> String:
    font = styles().bold_font if bold else styles().regular_font
    return String(x, y, safe_text(text), fontName=font, fontSize=size, fillColor=colour, textAnchor=anchor)


def _fit(text: str, width: float, size: float) -> str:
    """``text`` shortened with an ellipsis to fit ``width`` points."""
    font = styles().regular_font
    text = safe_text(text)
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def severity_donut(counts: dict[Severity, int], width: float = 210, height: float = 104) -> Drawing:
    """Open findings by severity: a ring of the severity tokens, the total inside, a legend beside."""
    drawing = Drawing(width, height)
    total = sum(counts.values())
    cx, cy, outer, inner = 52, height / 2, 50, 31
    if total == 0:
        drawing.add(Circle(cx, cy, outer, fillColor=PANEL, strokeColor=None))
    else:
        start = 90.0
        for severity in SEVERITY_ORDER:
            if not counts[severity]:
                continue
            sweep = 360.0 * counts[severity] / total
            wedge = Wedge(
                cx,
                cy,
                outer,
                start - sweep,
                start,
                radius1=inner,
                fillColor=SEVERITY[severity],
                strokeColor=colors.white,
                strokeWidth=1,
            )
            drawing.add(wedge)
            start -= sweep
    drawing.add(Circle(cx, cy, inner, fillColor=colors.white, strokeColor=None))
    drawing.add(_text(cx, cy - 2, str(total), 20, bold=True, anchor="middle"))
    drawing.add(_text(cx, cy - 14, "open", 7.5, colour=MUTED, anchor="middle"))
    x, y = 118, cy + 2 * 14 - 4
    for severity in SEVERITY_ORDER:
        drawing.add(Rect(x, y, 9, 9, rx=2, ry=2, fillColor=SEVERITY[severity], strokeColor=None))
        drawing.add(_text(x + 14, y + 1.5, severity.value.capitalize(), 8.5))
        drawing.add(_text(width - 2, y + 1.5, str(counts[severity]), 8.5, bold=True, anchor="end"))
        y -= 14
    return drawing


def stacked_bars(
    rows: Sequence[tuple[str, Sequence[tuple[int, colors.Color]]]],
    width: float,
    label_width: float = 110,
    bar_height: float = 9,
    gap: float = 6,
    size: float = 8,
) -> Drawing:
    """One horizontal bar per row, its segments stacked, the total at the end."""
    height = max(len(rows), 1) * (bar_height + gap) + 2
    drawing = Drawing(width, height)
    biggest = max((sum(v for v, _ in segments) for _, segments in rows), default=0) or 1
    span = width - label_width - 26
    y = height - bar_height - 1
    for label, segments in rows:
        text_y = y + bar_height / 2 - size * 0.36
        drawing.add(_text(0, text_y, _fit(label, label_width - 6, size), size))
        x = label_width
        drawing.add(Rect(x, y, span, bar_height, fillColor=colors.HexColor("#F5F6F8"), strokeColor=None))
        for value, colour in segments:
            if value:
                length = span * value / biggest
                drawing.add(
                    Rect(
                        x, y, length, bar_height, fillColor=colour, strokeColor=colors.white, strokeWidth=0.5
                    )
                )
                x += length
        total = sum(v for v, _ in segments)
        drawing.add(_text(x + 4, text_y, str(total), size, bold=True))
        y -= bar_height + gap
    return drawing


def area_bars(areas: Sequence[tuple[str, dict[Severity, int]]], width: float) -> Drawing:
    rows = [(name, [(counts.get(s, 0), SEVERITY[s]) for s in SEVERITY_ORDER]) for name, counts in areas]
    return stacked_bars(rows, width, label_width=118, bar_height=8, gap=5)


def framework_bars(coverage: Sequence[FrameworkCoverage], width: float) -> Drawing:
    rows = [(f.name, [(f.count(status), COVERAGE_COLOURS[status]) for status in Coverage]) for f in coverage]
    return stacked_bars(rows, width, label_width=210)


def legend(items: Sequence[tuple[str, colors.Color]], width: float, size: float = 8) -> Drawing:
    """A one-line legend of coloured squares."""
    drawing = Drawing(width, 12)
    x = 0.0
    for label, colour in items:
        drawing.add(Rect(x, 1.5, 8, 8, rx=1.5, ry=1.5, fillColor=colour, strokeColor=None))
        drawing.add(_text(x + 12, 2.5, label, size, colour=MUTED))
        x += 12 + stringWidth(safe_text(label), styles().regular_font, size) + 14
    return drawing


def score_bar(score: float, width: float, colour: colors.Color = OK) -> Drawing:
    """A thin bar filled to ``score`` (0–1)."""
    drawing = Drawing(width, 8)
    drawing.add(Rect(0, 0, width, 8, rx=4, ry=4, fillColor=RULE, strokeColor=None))
    if score > 0:
        drawing.add(Rect(0, 0, max(8, width * score), 8, rx=4, ry=4, fillColor=colour, strokeColor=None))
    return drawing
