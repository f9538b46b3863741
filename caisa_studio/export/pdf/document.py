"""The document template: page templates (cover, portrait, landscape, diagram pages), running header
and footer, PDF outline from heading flowables, metadata, and a single layout pass.

One pass is enough because everything that depends on the final layout — "Page n of N" in the
footers and the page numbers in the table of contents — is drawn through named form XObjects that
are referenced while laying out and defined once the page numbers are known.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO

from reportlab.lib.pagesizes import landscape, portrait
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from caisa_studio.export.pdf.flowables import ChipHeading, Heading
from caisa_studio.export.pdf.fonts import safe_text
from caisa_studio.export.pdf.styles import (
    FOOTER_Y,
    HEADER_Y,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    NAVY,
    RULE,
    styles,
)

COVER, PORTRAIT, LANDSCAPE = "cover", "portrait", "landscape"
DIAGRAM_MARGIN_X = 14 * mm  # diagram pages use narrower side margins


def page_label_form(page: int) -> str:
    return f"caisa-page-label-{page}"


def page_ref_form(key: str) -> str:
    return f"caisa-page-ref-{key}"


@dataclass(frozen=True)
class PageInfo:
    title: str  # running header
    classification: str  # footer label
    author: str
    subject: str


def frame_size(
    page_size: tuple[float, float], orientation: str, diagram: bool = False
) -> tuple[float, float]:
    width, height = landscape(page_size) if orientation == LANDSCAPE else portrait(page_size)
    margin_x = DIAGRAM_MARGIN_X if diagram else MARGIN_X
    return width - 2 * margin_x, height - MARGIN_TOP - MARGIN_BOTTOM


class ReportDocument(BaseDocTemplate):
    def __init__(
        self,
        output: BinaryIO,
        page_size: tuple[float, float],
        info: PageInfo,
        on_progress: Callable[[float], None] | None = None,
    ) -> None:
        super().__init__(
            output,
            pagesize=portrait(page_size),
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=safe_text(info.title),
            author=safe_text(info.author),
            subject=safe_text(info.subject),
            creator="CAISA Studio",
            keywords="security architecture review, AI security, threat model",
            pageCompression=1,
        )
        self.info = info
        self.heading_pages: dict[str, int] = {}
        self._size_estimate = 1
        self._on_progress = on_progress
        self.addPageTemplates(
            [
                self._template(COVER, portrait(page_size), self._draw_cover),
                self._template(PORTRAIT, portrait(page_size), self._draw_chrome),
                self._template(LANDSCAPE, landscape(page_size), self._draw_chrome),
                self._template("diagram-" + PORTRAIT, portrait(page_size), self._draw_chrome, diagram=True),
                self._template("diagram-" + LANDSCAPE, landscape(page_size), self._draw_chrome, diagram=True),
            ]
        )
        self.setProgressCallBack(self._progress)

    @staticmethod
    def _template(
        name: str, size: tuple[float, float], on_page: Callable[[Canvas, Any], None], diagram: bool = False
    ) -> PageTemplate:
        margin_x = DIAGRAM_MARGIN_X if diagram else MARGIN_X
        frame = Frame(
            margin_x,
            MARGIN_BOTTOM,
            size[0] - 2 * margin_x,
            size[1] - MARGIN_TOP - MARGIN_BOTTOM,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id=f"{name}-frame",
        )
        return PageTemplate(id=name, frames=[frame], onPage=on_page, pagesize=size)

    def build_once(self, story: list[Flowable], toc_keys: Sequence[str]) -> int:
        """Lay the story out in one pass, define the page-number forms, save; returns the page count."""
        self._doSave = 0
        self.build(story)
        pages = self.canv.getPageNumber() - 1
        self._define_forms(pages, toc_keys)
        self.canv.save()
        return pages

    def _define_forms(self, pages: int, toc_keys: Sequence[str]) -> None:
        canvas = self.canv
        font = styles().regular_font
        for page in range(1, pages + 1):
            canvas.beginForm(page_label_form(page), lowerx=-120, lowery=-3, upperx=0, uppery=10)
            canvas.setFont(font, 7.5)
            canvas.setFillColor(MUTED)
            canvas.drawRightString(0, 0, f"Page {page} of {pages}")
            canvas.endForm()
        for key in toc_keys:
            canvas.beginForm(page_ref_form(key), lowerx=-40, lowery=-3, upperx=0, uppery=12)
            canvas.setFont(font, 9.5)
            canvas.setFillColor(NAVY)
            page_number = self.heading_pages.get(key)
            canvas.drawRightString(0, 0, str(page_number) if page_number else "–")
            canvas.endForm()

    # -- progress -----------------------------------------------------------------------------------
    def _progress(self, kind: str, value: int) -> None:
        if kind == "SIZE_EST":
            self._size_estimate = max(value, 1)
        elif kind == "PROGRESS" and self._on_progress is not None:
            self._on_progress(min(value / self._size_estimate, 1.0))

    # -- outline ------------------------------------------------------------------------------------
    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, Heading | ChipHeading):
            canvas = self.canv
            key = flowable.outline_key
            self.heading_pages[key] = canvas.getPageNumber()
            canvas.bookmarkPage(key)
            canvas.addOutlineEntry(safe_text(flowable.outline_text), key, flowable.outline_level, closed=True)

    # -- page decoration ----------------------------------------------------------------------------
    def _draw_cover(self, canvas: Canvas, doc: Any) -> None:
        width, height = canvas._pagesize
        canvas.saveState()
        canvas.setFillColor(NAVY)
        canvas.rect(0, height - 16, width, 16, stroke=0, fill=1)
        canvas.showOutline()
        self._draw_footer(canvas, width, page_number=False)
        canvas.restoreState()

    def _draw_chrome(self, canvas: Canvas, doc: Any) -> None:
        width, height = canvas._pagesize
        margin = MARGIN_X
        canvas.saveState()
        font, bold = styles().regular_font, styles().bold_font
        canvas.setFont(font, 8)
        canvas.setFillColor(MUTED)
        canvas.drawString(margin, height - HEADER_Y, fit_text(self.info.title, font, 8, width * 0.62))
        canvas.setFont(bold, 7.5)
        canvas.drawRightString(width - margin, height - HEADER_Y, "Security architecture review")
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(margin, height - HEADER_Y - 5, width - margin, height - HEADER_Y - 5)
        self._draw_footer(canvas, width, page_number=True)
        canvas.restoreState()

    def _draw_footer(self, canvas: Canvas, width: float, page_number: bool) -> None:
        margin = MARGIN_X
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(margin, FOOTER_Y + 10, width - margin, FOOTER_Y + 10)
        canvas.setFont(styles().bold_font, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(
            margin, FOOTER_Y, fit_text(self.info.classification, styles().bold_font, 7.5, width * 0.6)
        )
        if page_number:
            canvas.saveState()
            canvas.translate(width - margin, FOOTER_Y)
            canvas.doForm(page_label_form(canvas.getPageNumber()))
            canvas.restoreState()


def fit_text(text: str, font: str, size: float, width: float) -> str:
    """``text`` (drawable glyphs only) shortened with an ellipsis to fit ``width`` points."""
    text = safe_text(text)
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"
