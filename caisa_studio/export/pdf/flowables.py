"""Small drawn elements of the report: severity and status chips, matrix marks, rotated column
headers, headings that feed the outline, and the slot a diagram page is drawn in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle
from reportlab.platypus.paragraph import ParagraphStyle

from caisa_studio.export.pdf.fonts import safe_text
from caisa_studio.export.pdf.styles import FAINT, MISSING, OK, PLANNED, RULE, chip_colours, styles
from caisa_studio.export.report_coverage import Cell
from caisa_studio.render.style import SEVERITY_COLOURS
from caisa_studio.rules import Severity

if TYPE_CHECKING:
    from caisa_studio.export.pdf.diagram_form import DiagramForm


class Para(Paragraph):
    """A paragraph that remembers its last layout: tables and keep-together groups wrap the same
    paragraph at the same width several times, and line breaking is the costliest step of a report."""

    _wrapped_at: float | None = None
    _wrapped: tuple[float, float] = (0.0, 0.0)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self._wrapped_at != avail_width or not hasattr(self, "blPara"):
            self._wrapped = super().wrap(avail_width, avail_height)
            self._wrapped_at = avail_width
        return self._wrapped


CHIP_HEIGHT = 11.5
CHIP_FONT = 6.8


class Chip(Flowable):
    """A rounded label: light tint of a colour token, border in the token, readable dark text."""

    def __init__(self, label: str, token: str, min_width: float = 0) -> None:
        super().__init__()
        self.label = safe_text(label.upper())
        self.token = token
        font = styles().bold_font
        self.width = max(min_width, stringWidth(self.label, font, CHIP_FONT) + 10)
        self.height = CHIP_HEIGHT

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        colours = chip_colours(self.token)
        canvas: Canvas = self.canv
        canvas.setFillColor(colours.fill)
        canvas.setStrokeColor(colours.border)
        canvas.setLineWidth(0.6)
        canvas.roundRect(0, 0, self.width, self.height, 3, stroke=1, fill=1)
        canvas.setFillColor(colours.text)
        canvas.setFont(styles().bold_font, CHIP_FONT)
        canvas.drawCentredString(self.width / 2, 3.4, self.label)


def severity_chip(severity: Severity) -> Chip:
    return Chip(severity.value, SEVERITY_COLOURS[severity], min_width=46)


class StatusMark(Flowable):
    """One matrix cell: ● implemented, ◐ planned, – declared n/a, ○ (red) missing; empty: does not apply."""

    SIZE = 7.0

    def __init__(self, cell: Cell) -> None:
        super().__init__()
        self.cell = cell
        self.width = self.height = self.SIZE

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.saveState()
        draw_mark(self.canv, self.cell, self.SIZE / 2, self.SIZE / 2, self.SIZE / 2)
        self.canv.restoreState()


MARK_RADIUS = 3.4


def _mark_form(cell: Cell) -> str:
    return f"caisa-mark-{cell.name.lower()}"


def draw_mark_fast(canvas: Canvas, cell: Cell, x: float, y: float) -> None:
    """One mark of radius ``MARK_RADIUS`` through a form defined once per document (big matrices)."""
    if cell is Cell.IRRELEVANT:
        return
    if not getattr(canvas, "_caisa_marks", False):
        for kind in (Cell.IMPLEMENTED, Cell.PLANNED, Cell.NOT_APPLICABLE, Cell.MISSING):
            r = MARK_RADIUS + 1
            canvas.beginForm(_mark_form(kind), lowerx=-r, lowery=-r, upperx=r, uppery=r)
            draw_mark(canvas, kind, 0, 0, MARK_RADIUS)
            canvas.endForm()
        canvas._caisa_marks = True  # type: ignore[attr-defined]
    canvas.saveState()
    canvas.translate(x, y)
    canvas.doForm(_mark_form(cell))
    canvas.restoreState()


def draw_mark(canvas: Canvas, cell: Cell, x: float, y: float, radius: float) -> None:
    """Draw one status mark centred on (x, y); leaves fill, stroke and dash state changed."""
    if cell is Cell.IMPLEMENTED:
        canvas.setFillColor(OK)
        canvas.circle(x, y, radius, stroke=0, fill=1)
    elif cell is Cell.PLANNED:
        canvas.setLineWidth(1.0)
        canvas.setStrokeColor(PLANNED)
        canvas.setFillColor(colors.white)
        canvas.circle(x, y, radius - 0.5, stroke=1, fill=1)
        canvas.setFillColor(PLANNED)
        path = canvas.beginPath()
        path.moveTo(x, y)
        path.arcTo(x - radius + 0.5, y - radius + 0.5, x + radius - 0.5, y + radius - 0.5, -90, 180)
        path.close()
        canvas.drawPath(path, stroke=0, fill=1)
    elif cell is Cell.NOT_APPLICABLE:
        canvas.setLineWidth(1.4)
        canvas.setStrokeColor(FAINT)
        canvas.line(x - radius, y, x + radius, y)
    elif cell is Cell.MISSING:
        canvas.setLineWidth(1.2)
        canvas.setStrokeColor(MISSING)
        canvas.circle(x, y, radius - 0.6, stroke=1, fill=0)


class Heading(Paragraph):
    """A heading paragraph that the document adds to the table of contents and the PDF outline."""

    def __init__(
        self, text: str, style: ParagraphStyle, level: int, key: str, outline_text: str, in_toc: bool = True
    ) -> None:
        super().__init__(text, style)
        self.outline_level = level
        self.outline_key = key
        self.outline_text = outline_text
        self.in_toc = in_toc and level <= 1


class ChipHeading(Table):
    """A chip followed by a heading paragraph (a rule's title); goes into the outline, not the TOC."""

    def __init__(
        self, chip: Chip, text: Paragraph, width: float, level: int, key: str, outline_text: str
    ) -> None:
        super().__init__([[chip, text]], colWidths=[chip.width + 8, width - chip.width - 8], hAlign="LEFT")
        self.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (0, 0), 2.2),
                    ("TOPPADDING", (1, 0), (1, 0), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ]
            )
        )
        self.outline_level = level
        self.outline_key = key
        self.outline_text = outline_text
        self.in_toc = False
        self.keepWithNext = True


@dataclass(frozen=True)
class SlotPlacement:
    x: float
    y: float
    width: float
    height: float


class DiagramSlot(Flowable):
    """Takes the rest of the frame and draws the diagram there (scaled to fit, aspect kept,
    top-centred) inside a hairline frame."""

    MAX_SCALE = 1.0

    def __init__(self, diagram: DiagramForm, min_height: float = 200) -> None:
        super().__init__()
        self.diagram = diagram
        self.diagram_size = diagram.size
        self.min_height = min_height
        self.width = self.height = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = avail_width, max(avail_height - 1, 0)
        if self.height < self.min_height:
            return avail_width, avail_height + 1  # does not fit here: platypus moves it to the next page
        return self.width, self.height

    def fitted(self, x: float, y: float) -> SlotPlacement:
        width, height = self.diagram_size
        scale = min(self.width / width, self.height / height, self.MAX_SCALE)
        fitted_w, fitted_h = width * scale, height * scale
        left = x + (self.width - fitted_w) / 2
        bottom = y + self.height - fitted_h
        return SlotPlacement(left, bottom, fitted_w, fitted_h)

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        place = self.fitted(x, y)
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.rect(place.x - 0.5, place.y - 0.5, place.width + 1, place.height + 1, stroke=1, fill=0)
        canvas.restoreState()
        self.diagram.draw(canvas, place.x, place.y, place.width, place.height)

    def draw(self) -> None:  # pragma: no cover - drawOn never calls it
        pass
