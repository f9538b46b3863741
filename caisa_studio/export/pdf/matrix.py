"""Section 7, the control-coverage matrix: elements × applicable controls, on landscape pages.

Drawn by one flowable per table (not a reportlab Table of thousands of cells), so a 200-component
estate lays out in a fraction of a second. Columns are grouped by control family and split into
several tables when they do not fit the page width; the header (families and rotated control names)
repeats on every page a table continues on.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Flowable, Spacer, Table, TableStyle

from caisa_studio.catalog.schema import ControlSpec
from caisa_studio.export.pdf.charts import stacked_bars
from caisa_studio.export.pdf.context import ReportContext
from caisa_studio.export.pdf.document import LANDSCAPE, fit_text
from caisa_studio.export.pdf.flowables import StatusMark, draw_mark_fast
from caisa_studio.export.pdf.fonts import safe_text
from caisa_studio.export.pdf.styles import FAINT, INK, MISSING, MUTED, NAVY, OK, PANEL, PLANNED, RULE, styles
from caisa_studio.export.report_coverage import (
    CELL_LABELS,
    Cell,
    ControlMatrix,
    MatrixRow,
    component_matrix,
    family,
    flow_matrix,
)

NAME_WIDTH, MAX_NAME_WIDTH = 160.0, 250.0
COUNT_WIDTH = 46.0
MIN_COLUMN, MAX_COLUMN = 15.0, 34.0
FAMILY_SHORT = {
    "Identity & secrets": "Identity",
    "Data protection": "Data",
    "Supply chain": "Supply",
    "Model input & output": "Model I/O",
    "Network": "Net.",
    "Operations": "Ops",
    "Governance": "Gov.",
}
LABEL_SIZE = 7.5
FAMILY_HEIGHT = 14.0
TALL_ROW, SHORT_ROW = 21.0, 12.5
DETAIL_ROWS_LIMIT = 40  # above this many rows, one line per row (no kind/protocol line)


def matrix_section(ctx: ReportContext) -> list[Flowable]:
    s = ctx.styles
    story: list[Flowable] = [*ctx.h1("Control coverage", LANDSCAPE)]
    story.append(ctx.p(ctx.summary.coverage, s.body))
    story.append(
        ctx.p(
            "Rows are elements of the design, columns the catalog controls that apply to them; a grey cell "
            "means the control does not apply to that kind of element. “In place” counts implemented "
            "controls "
            "against those that apply and are not declared not applicable. Data flows are listed when they "
            "cross a trust boundary.",
            s.muted,
        )
    )
    story += [_legend(ctx), Spacer(1, 8)]
    facts = ctx.data.facts
    components = component_matrix(facts)
    if components.rows and components.controls:
        story += [ctx.h3("Components: controls by family"), _family_chart(ctx, components), Spacer(1, 6)]
    flows = flow_matrix(facts)
    crossing = tuple(row for row in flows.rows if facts.crosses(facts.design.flows[row.element_id]))
    for title, matrix in (
        ("Components", components),
        ("Data flows across trust boundaries", ControlMatrix(flows.controls, crossing)),
    ):
        if not matrix.rows or not matrix.controls:
            continue
        story += [CondPageBreak(160), ctx.h2(title)]
        chunks = _chunks(matrix.controls, _max_columns(ctx))
        for index, chunk in enumerate(chunks):
            if len(chunks) > 1:
                families = ", ".join(dict.fromkeys(family(c.id) for c in chunk))
                story.append(ctx.p(f"Part {index + 1} of {len(chunks)}: {families}", s.small))
            story.append(_grid(ctx, matrix, chunk, "Component" if title == "Components" else "Data flow"))
    return story


def _family_chart(ctx: ReportContext, matrix: ControlMatrix) -> Flowable:
    """Per control family, how the applicable (component, control) pairs stand."""
    totals: dict[str, dict[Cell, int]] = {}
    for index, control in enumerate(matrix.controls):
        counts = totals.setdefault(family(control.id), dict.fromkeys(Cell, 0))
        for row in matrix.rows:
            counts[row.cells[index]] += 1
    order = (Cell.IMPLEMENTED, Cell.PLANNED, Cell.NOT_APPLICABLE, Cell.MISSING)
    colours = {Cell.IMPLEMENTED: OK, Cell.PLANNED: PLANNED, Cell.NOT_APPLICABLE: FAINT, Cell.MISSING: MISSING}
    rows = [(name, [(counts[c], colours[c]) for c in order]) for name, counts in totals.items()]
    return stacked_bars(rows, min(ctx.width(LANDSCAPE), 520), label_width=130)


def _legend(ctx: ReportContext) -> Table:
    cells: list[object] = []
    widths: list[float] = []
    for cell in (Cell.IMPLEMENTED, Cell.PLANNED, Cell.NOT_APPLICABLE, Cell.MISSING):
        label = CELL_LABELS[cell]
        cells += [StatusMark(cell), ctx.cell(label, ctx.styles.cell_muted)]
        widths += [12, stringWidth(label, ctx.styles.regular_font, 8.5) + 18]
    table = Table([cells], colWidths=widths, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def _max_columns(ctx: ReportContext) -> int:
    return max(1, int((ctx.width(LANDSCAPE) - NAME_WIDTH - COUNT_WIDTH) // MIN_COLUMN))


def _chunks(controls: tuple[ControlSpec, ...], limit: int) -> list[list[ControlSpec]]:
    """Split the columns into evenly sized tables, cutting between families where possible."""
    count = math.ceil(len(controls) / limit)
    target = math.ceil(len(controls) / count)
    chunks: list[list[ControlSpec]] = [[]]
    for position, control in enumerate(controls):
        current = chunks[-1]
        starts_family = position == 0 or family(controls[position - 1].id) != family(control.id)
        if current and (len(current) >= limit or (starts_family and len(current) >= target)):
            chunks.append([])
        chunks[-1].append(control)
    return chunks


@dataclass(frozen=True)
class GridRow:
    label: str
    detail: str
    cells: tuple[Cell, ...]
    count: str


def _grid(
    ctx: ReportContext, matrix: ControlMatrix, chunk: list[ControlSpec], first_header: str
) -> MatrixGrid:
    index = {c.id: i for i, c in enumerate(matrix.controls)}
    detailed = len(matrix.rows) <= DETAIL_ROWS_LIMIT
    rows = [_row(row, [index[c.id] for c in chunk], detailed) for row in matrix.rows]
    width = ctx.width(LANDSCAPE)
    column = max(MIN_COLUMN, min(MAX_COLUMN, (width - NAME_WIDTH - COUNT_WIDTH) / len(chunk)))
    name_width = min(MAX_NAME_WIDTH, width - COUNT_WIDTH - column * len(chunk))
    return MatrixGrid(
        name_width,
        first_header,
        [c.name for c in chunk],
        [family(c.id) for c in chunk],
        rows,
        column,
        TALL_ROW if detailed else SHORT_ROW,
    )


def _row(row: MatrixRow, positions: list[int], detailed: bool) -> GridRow:
    applicable = sum(1 for c in row.cells if c not in (Cell.IRRELEVANT, Cell.NOT_APPLICABLE))
    return GridRow(
        row.label,
        row.detail if detailed else "",
        tuple(row.cells[p] for p in positions),
        f"{row.count(Cell.IMPLEMENTED)}/{applicable}",
    )


class MatrixGrid(Flowable):
    """The matrix as one drawn grid; splits between rows and repeats its header on every part."""

    def __init__(
        self,
        name_width: float,
        first_header: str,
        columns: list[str],
        families: list[str],
        rows: list[GridRow],
        column_width: float,
        row_height: float,
    ) -> None:
        super().__init__()
        self.name_width = name_width
        self.first_header = first_header
        self.columns = columns
        self.families = families
        self.rows = rows
        self.column_width = column_width
        self.row_height = row_height
        font = styles().regular_font
        self.label_height = max(stringWidth(safe_text(c), font, LABEL_SIZE) for c in columns) + 8
        self.header_height = FAMILY_HEIGHT + self.label_height
        self.width = name_width + column_width * len(columns) + COUNT_WIDTH
        self.spaceAfter = 12

    def _copy(self, rows: list[GridRow]) -> MatrixGrid:
        return MatrixGrid(
            self.name_width,
            self.first_header,
            self.columns,
            self.families,
            rows,
            self.column_width,
            self.row_height,
        )

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.header_height + len(self.rows) * self.row_height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        fits = int((avail_height - self.header_height) // self.row_height)
        if fits < 1:
            return []
        if fits >= len(self.rows):
            return [self]
        return [self._copy(self.rows[:fits]), self._copy(self.rows[fits:])]

    def draw(self) -> None:
        canvas: Canvas = self.canv
        s = styles()
        total = self.header_height + len(self.rows) * self.row_height
        x0 = self.name_width
        right = x0 + self.column_width * len(self.columns)
        canvas.saveState()
        # family band
        top = total
        start = 0
        for position in range(1, len(self.families) + 1):
            if position == len(self.families) or self.families[position] != self.families[start]:
                x = x0 + start * self.column_width
                span = (position - start) * self.column_width
                self._family_label(canvas, self.families[start], x, top - FAMILY_HEIGHT, span)
                start = position
        # rotated control names
        canvas.setFont(s.regular_font, LABEL_SIZE)
        canvas.setFillColor(MUTED)
        base = top - self.header_height + 4
        for position, name in enumerate(self.columns):
            canvas.saveState()
            canvas.translate(x0 + (position + 0.5) * self.column_width + LABEL_SIZE * 0.35, base)
            canvas.rotate(90)
            canvas.drawString(0, 0, safe_text(name))
            canvas.restoreState()
        canvas.setFont(s.bold_font, 8.5)
        canvas.drawString(2, base, safe_text(self.first_header))
        canvas.drawRightString(self.width - 2, base, "In place")
        # rows
        y = top - self.header_height
        for row in self.rows:
            y -= self.row_height
            self._row(canvas, row, y)
        # rules
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.9)
        canvas.line(0, top - self.header_height, self.width, top - self.header_height)
        canvas.setLineWidth(0.6)
        for position in range(len(self.families)):
            if position == 0 or self.families[position] != self.families[position - 1]:
                x = x0 + position * self.column_width
                canvas.line(x, 0, x, top)
        canvas.line(right, 0, right, top - FAMILY_HEIGHT)  # the last family's label may run past it
        canvas.restoreState()

    def _family_label(self, canvas: Canvas, name: str, x: float, y: float, span: float) -> None:
        font = styles().bold_font
        size = 7.0
        if stringWidth(safe_text(name), font, size) > span - 4:
            name = FAMILY_SHORT.get(name, name)
        if x + span >= self.name_width + self.column_width * len(self.columns) - 1:
            span += COUNT_WIDTH  # the last family may use the room above the "In place" column
        while size > 5.2 and stringWidth(safe_text(name), font, size) > span - 4:
            size -= 0.4
        canvas.setFont(font, size)
        canvas.setFillColor(NAVY)
        canvas.drawString(x + 2.5, y + 4, fit_text(name, font, size, span - 4))

    def _row(self, canvas: Canvas, row: GridRow, y: float) -> None:
        s = styles()
        height = self.row_height
        x0 = self.name_width
        start = None
        for position, cell in enumerate([*row.cells, None]):
            if cell is Cell.IRRELEVANT and start is None:
                start = position
            elif cell is not Cell.IRRELEVANT and start is not None:
                canvas.setFillColor(PANEL)
                canvas.rect(
                    x0 + start * self.column_width, y, (position - start) * self.column_width, height, 0, 1
                )
                start = None
        middle = y + height / 2
        canvas.setFillColor(INK)
        if row.detail:
            canvas.setFont(s.regular_font, 8)
            canvas.drawString(2, middle + 1, fit_text(row.label, s.regular_font, 8, self.name_width - 6))
            canvas.setFont(s.regular_font, 6.8)
            canvas.setFillColor(MUTED)
            canvas.drawString(2, middle - 7, fit_text(row.detail, s.regular_font, 6.8, self.name_width - 6))
        else:
            canvas.setFont(s.regular_font, 8)
            canvas.drawString(2, middle - 2.8, fit_text(row.label, s.regular_font, 8, self.name_width - 6))
        for position, cell in enumerate(row.cells):
            if cell is not Cell.IRRELEVANT:
                draw_mark_fast(canvas, cell, x0 + (position + 0.5) * self.column_width, middle)
        canvas.setFont(s.regular_font, 8)
        canvas.setFillColor(INK)
        canvas.drawRightString(self.width - 2, middle - 2.8, row.count)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.3)
        canvas.line(0, y, self.width, y)
