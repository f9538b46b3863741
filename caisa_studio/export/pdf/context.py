"""What every section builder needs: the report data, page geometry, numbered headings, helpers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Table,
    TableStyle,
)

from caisa_studio.export.pdf.document import LANDSCAPE, PORTRAIT, fit_text, frame_size
from caisa_studio.export.pdf.flowables import Heading, Para
from caisa_studio.export.pdf.fonts import safe_text
from caisa_studio.export.pdf.styles import INK, PANEL_LIGHT, RULE, Styles, esc, styles
from caisa_studio.export.report_data import ReportData
from caisa_studio.export.report_summary import ExecutiveSummary

TABLE_PADDING = 4


@dataclass
class ReportContext:
    data: ReportData
    page_size: tuple[float, float]
    summary: ExecutiveSummary
    _numbers: list[int] = field(default_factory=lambda: [0, 0])
    _appendix: int = 0
    _keys: int = 0

    @property
    def styles(self) -> Styles:
        return styles()

    def width(self, orientation: str = PORTRAIT) -> float:
        return frame_size(self.page_size, orientation)[0]

    def height(self, orientation: str = PORTRAIT) -> float:
        return frame_size(self.page_size, orientation)[1]

    # -- headings -------------------------------------------------------------------------------
    def _key(self) -> str:
        self._keys += 1
        return f"h{self._keys}"

    def h1(
        self, title: str, orientation: str = PORTRAIT, template: str | None = None, page_break: bool = True
    ) -> list[Flowable]:
        """A numbered section heading starting a new page (``template``, default the plain ``orientation``
        one); without ``page_break`` it follows on the same page when a third of a page is left."""
        self._numbers = [self._numbers[0] + 1, 0]
        label = f"{self._numbers[0]}  {title}"
        if not page_break:
            style = self.styles.h1.clone("h1_follow", spaceBefore=22)
            return [
                CondPageBreak(self.height(orientation) / 3),
                Heading(esc(label), style, 0, self._key(), label),
            ]
        return [
            *self.new_page(template or orientation),
            Heading(esc(label), self.styles.h1, 0, self._key(), label),
        ]

    def appendix(self, title: str) -> list[Flowable]:
        letter = "ABCDEFGH"[self._appendix]
        self._appendix += 1
        self._numbers = [0, 0]
        label = f"Appendix {letter}  {title}"
        return [*self.new_page(PORTRAIT), Heading(esc(label), self.styles.h1, 0, self._key(), label)]

    def h2(
        self, title: str, markup: str | None = None, top: bool = False, in_toc: bool = True, keep: bool = True
    ) -> Heading:
        """A numbered subsection heading; ``markup`` replaces the escaped title text, ``top`` drops the
        space above (at the top of a page). With ``keep`` the heading and what follows move to the next
        page together when they do not fit; without it (put a ``CondPageBreak`` before the heading) a
        long table simply starts under its heading and continues on the next page."""
        self._numbers[1] += 1
        prefix = f"{self._numbers[0]}.{self._numbers[1]}" if self._numbers[0] else ""
        label = f"{prefix}  {title}".strip()
        body = markup if markup is not None else esc(title)
        text = f"{esc(prefix)}&nbsp;&nbsp;{body}" if prefix else body
        style = self.styles.h2.clone("h2_top", spaceBefore=0) if top else self.styles.h2
        if not keep:
            style = style.clone("h2_flow", keepWithNext=0)
        return Heading(text, style, 1, self._key(), label, in_toc=in_toc)

    def h3(self, text: str, outline: str | None = None) -> Paragraph:
        if outline is None:
            return Para(text, self.styles.h3)
        return Heading(text, self.styles.h3, 2, self._key(), outline)

    def new_page(self, orientation: str = PORTRAIT) -> list[Flowable]:
        return [NextPageTemplate(orientation), PageBreak()]

    # -- text and tables ------------------------------------------------------------------------
    def p(self, text: object, style: ParagraphStyle | None = None) -> Paragraph:
        """A paragraph of plain (user or catalog) text, escaped."""
        return Para(esc(text), style or self.styles.body)

    def markup(self, markup: str, style: ParagraphStyle | None = None) -> Paragraph:
        """A paragraph whose markup the caller built from ``esc``-aped pieces."""
        return Para(markup, style or self.styles.body)

    def cell(self, text: object, style: ParagraphStyle | None = None) -> Paragraph:
        return Para(esc(text), style or self.styles.cell)

    def fit(self, text: object, width: float, bold: bool = False, wrap: bool = True) -> object:
        """A table cell for a column ``width`` wide: plain text when it fits on one line (far cheaper to
        lay out than a paragraph), else a wrapping paragraph — or, with ``wrap=False``, the text cut short
        with an ellipsis. Plain text takes the column's font from ``ctx.table`` (pass ``bold_columns``)."""
        style = self.styles.cell_bold if bold else self.styles.cell
        value = safe_text(str(text))
        room = width - 2 * TABLE_PADDING
        if stringWidth(value, style.fontName, style.fontSize) <= room:
            return value
        if wrap:
            return Para(esc(value), style)
        return fit_text(value, style.fontName, style.fontSize, room)

    def table(
        self,
        header: Sequence[str | Flowable],
        rows: Sequence[Sequence[object]],
        widths: Sequence[float],
        extra: Sequence[tuple[object, ...]] = (),
        zebra: bool = True,
        bold_columns: Sequence[int] = (),
        right_columns: Sequence[int] = (),
    ) -> Table:
        """A data table: a bold header row repeated on every page, hairline rules, optional zebra."""
        head = [h if isinstance(h, Flowable) else Para(esc(h), self.styles.head) for h in header]
        table = Table([head, *rows], colWidths=list(widths), repeatRows=1, hAlign="LEFT")
        commands: list[tuple[object, ...]] = [
            ("FONT", (0, 1), (-1, -1), self.styles.regular_font, 9, 11.5),
            ("TEXTCOLOR", (0, 1), (-1, -1), INK),
            *[("FONT", (c, 1), (c, -1), self.styles.bold_font, 9, 11.5) for c in bold_columns],
            *[("ALIGN", (c, 0), (c, -1), "RIGHT") for c in right_columns],
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), TABLE_PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), TABLE_PADDING),
            ("TOPPADDING", (0, 0), (-1, -1), 3.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
            ("LINEBELOW", (0, 0), (-1, 0), 0.9, RULE),
            ("LINEBELOW", (0, 1), (-1, -1), 0.35, RULE),
        ]
        if zebra and len(rows) > 3:
            commands.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, PANEL_LIGHT]))
        table.setStyle(TableStyle([*commands, *extra]))
        return table


__all__ = ["LANDSCAPE", "PORTRAIT", "ReportContext"]
