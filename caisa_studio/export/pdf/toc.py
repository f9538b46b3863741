"""The table of contents: one row per section heading, its page number filled in after layout."""

from __future__ import annotations

from collections.abc import Iterable

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from caisa_studio.export.pdf.document import fit_text, page_ref_form
from caisa_studio.export.pdf.flowables import Heading
from caisa_studio.export.pdf.styles import FAINT, INK, MUTED, NAVY, styles

NUMBER_WIDTH = 34


class TocMarker(Flowable):
    """Where the table of contents goes; replaced by ``TocRow``s once the story is complete."""

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


class TocRow(Flowable):
    """Section title, dotted leader, page number (a form defined after layout), linked to the section."""

    def __init__(self, text: str, level: int, key: str) -> None:
        super().__init__()
        self.text = text
        self.level = level
        self.key = key
        self.height = 22.0 if level == 0 else 15.0
        self.width = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.height

    def draw(self) -> None:
        canvas: Canvas = self.canv
        s = styles()
        font, size, colour, indent = (
            (s.bold_font, 10.5, NAVY, 0.0) if self.level == 0 else (s.regular_font, 9.5, INK, 16.0)
        )
        baseline = 4.0
        text = fit_text(self.text, font, size, self.width - indent - NUMBER_WIDTH - 20)
        canvas.setFont(font, size)
        canvas.setFillColor(colour)
        canvas.drawString(indent, baseline, text)
        start = indent + canvas.stringWidth(text, font, size) + 6
        end = self.width - NUMBER_WIDTH + 4
        if end > start:
            canvas.saveState()
            canvas.setStrokeColor(FAINT if self.level else MUTED)
            canvas.setLineWidth(0.7)
            canvas.setDash(0.7, 2.8)
            canvas.line(start, baseline + 0.5, end, baseline + 0.5)
            canvas.restoreState()
        canvas.saveState()
        canvas.translate(self.width, baseline)
        canvas.doForm(page_ref_form(self.key))
        canvas.restoreState()
        canvas.linkRect("", self.key, (0, 0, self.width, self.height - 2), relative=1, thickness=0)


def toc_rows(story: Iterable[Flowable]) -> list[TocRow]:
    return [
        TocRow(f.outline_text, f.outline_level, f.outline_key)
        for f in story
        if isinstance(f, Heading) and f.in_toc
    ]
