"""The cover page and the table of contents page."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from caisa_studio import __version__
from caisa_studio.export.pdf.context import ReportContext
from caisa_studio.export.pdf.document import PORTRAIT
from caisa_studio.export.pdf.flowables import Chip, Heading, Para
from caisa_studio.export.pdf.styles import MUTED, NAVY, PANEL, RULE, SEVERITY, esc
from caisa_studio.export.pdf.toc import TocMarker
from caisa_studio.export.report_data import SEVERITY_ORDER
from caisa_studio.export.report_summary import ExecutiveSummary

DESCRIPTION_LIMIT = 420


def cover(ctx: ReportContext, summary: ExecutiveSummary) -> list[Flowable]:
    data, s = ctx.data, ctx.styles
    width = ctx.width(PORTRAIT)
    story: list[Flowable] = [Spacer(1, 22 * mm)]
    story.append(Chip(data.options.classification, "#667085"))
    story += [Spacer(1, 10 * mm), Para("SECURITY ARCHITECTURE REVIEW", s.eyebrow)]
    story.append(Heading(esc(data.title), s.title, 0, "cover", data.title, in_toc=False))
    description = " ".join(data.design.description.split())
    if len(description) > DESCRIPTION_LIMIT:
        description = description[: DESCRIPTION_LIMIT - 1].rsplit(" ", 1)[0] + "…"
    if description:
        story.append(ctx.p(description, s.subtitle))
    story += [Spacer(1, 10 * mm), _rating(ctx, summary, width), Spacer(1, 10 * mm), _facts(ctx, width)]
    story += [
        Spacer(1, 12 * mm),
        ctx.p(
            f"Prepared with CAISA Studio {__version__} from the design as drawn on "
            f"{data.generated:%d %B %Y}. "
            "The findings describe the architecture on paper; they are not a test of the running system.",
            s.small,
        ),
    ]
    return story


def _rating(ctx: ReportContext, summary: ExecutiveSummary, width: float) -> Table:
    s = ctx.styles
    colour = SEVERITY[summary.worst] if summary.worst else MUTED
    counts = " · ".join(f"{summary.counts[sev]} {sev.value}" for sev in SEVERITY_ORDER)
    rating = Para(
        f'<font size="8" color="#5B6472">OVERALL RATING</font><br/>'
        f'<font size="20" color="{colour.hexval().replace("0x", "#")}"><b>{esc(summary.rating)}</b></font>',
        s.body.clone("rating", leading=24, spaceAfter=0),
    )
    detail = Para(
        f"<b>{summary.open_total} open findings</b><br/>{esc(counts)}", s.body.clone("rd", spaceAfter=0)
    )
    table = Table([[rating, detail]], colWidths=[width * 0.42, width * 0.58])
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), PANEL),
                ("LINEBEFORE", (0, 0), (0, 0), 4, colour),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 14),
                ("TOPPADDING", (0, 0), (-1, -1), 12),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 12),
            ]
        )
    )
    return table


def _facts(ctx: ReportContext, width: float) -> Table:
    data, s = ctx.data, ctx.styles
    design = data.design
    reference = data.reference
    if reference.report is not None:
        reference_text = f"{reference.report.reference_id} — {reference.report.title}"
    elif reference.requested:
        reference_text = f"{reference.requested} (not available)"
    else:
        reference_text = "None chosen"
    risk_class = design.properties.risk_class.value if design.properties.risk_class else "not declared"
    rows = [
        ("Date", f"{data.generated:%d %B %Y}"),
        ("Author", data.options.author or "—"),
        ("Version", data.options.version or "—"),
        ("Reference architecture", reference_text),
        ("EU AI Act risk class", risk_class),
        (
            "Scope",
            f"{len(design.components)} components, {len(design.flows)} data flows, "
            f"{len(design.boundaries)} trust boundaries, {len(design.data_assets)} data assets",
        ),
        ("Classification", data.options.classification),
    ]
    label = s.cell_muted.clone("cover_label", fontSize=9, leading=13)
    value = s.cell.clone("cover_value", fontSize=10, leading=13)
    table = Table(
        [[Para(esc(k), label), Para(esc(v), value)] for k, v in rows],
        colWidths=[42 * mm, width - 42 * mm],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("LINEABOVE", (0, 0), (-1, 0), 1.2, NAVY),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return table


def contents(ctx: ReportContext) -> list[Flowable]:
    heading = Heading("Contents", ctx.styles.h1, 0, "contents", "Contents", in_toc=False)
    return [*ctx.new_page(PORTRAIT), heading, Spacer(1, 4), TocMarker()]
