"""Section 1, the executive summary: what a CISO reads and forwards."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from caisa_studio.export.pdf.charts import area_bars, severity_donut
from caisa_studio.export.pdf.context import ReportContext
from caisa_studio.export.pdf.document import PORTRAIT
from caisa_studio.export.pdf.flowables import Para, severity_chip
from caisa_studio.export.pdf.styles import MUTED, NAVY, PANEL, RULE, SEVERITY, esc
from caisa_studio.export.report_summary import ExecutiveSummary, area
from caisa_studio.rules import Severity


def executive_summary(ctx: ReportContext, summary: ExecutiveSummary) -> list[Flowable]:
    s = ctx.styles
    width = ctx.width(PORTRAIT)
    story: list[Flowable] = [*ctx.h1("Executive summary")]
    story.append(_verdict(ctx, summary, width))
    story += [Spacer(1, 8), _figures(ctx, summary, width), Spacer(1, 8), _charts(ctx, summary, width)]
    if summary.top_risks:
        story.append(KeepTogether([ctx.h3("Top risks"), _top_risks(ctx, summary, width)]))
    steps = [
        Para(esc(step), s.bullet, bulletText=f"{index}.") for index, step in enumerate(summary.next_steps, 1)
    ]
    story.append(KeepTogether([ctx.h3("Recommended next steps"), *steps]))
    story.append(ctx.h3("What else the review found"))
    for label, text in (
        ("Scope.", summary.scope),
        ("Attack paths.", summary.attack_paths),
        ("Reference architecture.", summary.conformance),
        ("Controls.", summary.coverage),
        ("Risk decisions.", summary.decisions),
    ):
        story.append(ctx.markup(f"<b>{esc(label)}</b> {esc(text)}"))
    return story


def _verdict(ctx: ReportContext, summary: ExecutiveSummary, width: float) -> Table:
    colour = SEVERITY[summary.worst] if summary.worst else MUTED
    text = ctx.markup(
        f'<font color="{_hex(colour)}"><b>{esc(summary.rating)}.</b></font> {esc(summary.headline)}',
        ctx.styles.lead.clone("verdict", spaceAfter=0),
    )
    table = Table([[text]], colWidths=[width])
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), PANEL),
                ("LINEBEFORE", (0, 0), (0, 0), 4, colour),
                ("LEFTPADDING", (0, 0), (-1, -1), 12),
                ("RIGHTPADDING", (0, 0), (-1, -1), 12),
                ("TOPPADDING", (0, 0), (-1, -1), 8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 9),
            ]
        )
    )
    return table


def _hex(colour: object) -> str:
    return colour.hexval().replace("0x", "#")  # type: ignore[attr-defined]


def _figures(ctx: ReportContext, summary: ExecutiveSummary, width: float) -> Table:
    """Key figures as tiles: a big number and what it means."""
    urgent = summary.counts[Severity.CRITICAL] + summary.counts[Severity.HIGH]
    coverage = f"{summary.control_coverage:.0%}" if summary.control_coverage is not None else "—"
    score = f"{summary.conformance_score:.0%}" if summary.conformance_score is not None else "—"
    figures = [
        (str(summary.open_total), "open findings"),
        (str(urgent), "critical or high"),
        (str(len(ctx.data.attack_paths)), "attack paths to crown jewels"),
        (coverage, "of applicable controls in place"),
        (score, "reference conformance" if ctx.data.reference.requested else "no reference chosen"),
    ]
    number = ctx.styles.body.clone(
        "figure", fontName=ctx.styles.bold_font, fontSize=18, leading=21, textColor=NAVY, spaceAfter=0
    )
    caption = ctx.styles.small.clone("figure_caption", spaceAfter=0)
    cells = [[Para(esc(value), number), Para(esc(label), caption)] for value, label in figures]
    tiles = [_tile(pair) for pair in cells]
    table = Table([tiles], colWidths=[width / len(tiles)] * len(tiles))
    table.setStyle(
        TableStyle(
            [
                ("LINEBEFORE", (1, 0), (-1, -1), 0.5, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _tile(pair: list[Paragraph]) -> Table:
    tile = Table([[pair[0]], [pair[1]]])
    tile.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 1)]))
    return tile


def _charts(ctx: ReportContext, summary: ExecutiveSummary, width: float) -> Table:
    by_area: dict[str, dict[Severity, int]] = {}
    for finding in ctx.data.open_findings:
        counts = by_area.setdefault(area(finding.rule), {})
        counts[finding.severity] = counts.get(finding.severity, 0) + 1
    ordered = sorted(by_area.items(), key=lambda item: (-sum(item[1].values()), item[0]))[:8]
    left = width * 0.43
    right = width - left - 12
    caption = ctx.styles.small.clone("chart_caption", fontName=ctx.styles.bold_font, textColor=MUTED)
    donut = severity_donut(summary.counts, width=left - 8)
    bars: Flowable = area_bars(ordered, right) if ordered else ctx.p("No open findings.", ctx.styles.muted)
    table = Table(
        [
            [Para("OPEN FINDINGS BY SEVERITY", caption), Para("OPEN FINDINGS BY AREA", caption)],
            [donut, bars],
        ],
        colWidths=[left, width - left],
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("LEFTPADDING", (1, 0), (1, -1), 12),
                ("LINEBEFORE", (1, 0), (1, -1), 0.5, RULE),
                ("BOTTOMPADDING", (0, 1), (-1, 1), 2),
            ]
        )
    )
    return table


def _where(count: int) -> str:
    return "." if count == 1 else f" — in {count} places, for example:"


def _top_risks(ctx: ReportContext, summary: ExecutiveSummary, width: float) -> Table:
    rows = []
    for risk in summary.top_risks:
        text = ctx.markup(
            f"<b>{esc(risk.title)}</b>{_where(risk.count)} {esc(risk.example)}", ctx.styles.cell
        )
        rows.append([severity_chip(risk.severity), text])
    table = Table(rows, colWidths=[58, width - 58], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 3.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
                ("LINEBELOW", (0, 0), (-1, -2), 0.35, RULE),
            ]
        )
    )
    return table
