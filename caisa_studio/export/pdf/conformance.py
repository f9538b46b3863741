"""Section 6, reference-architecture conformance: the score and each requirement met or not."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from caisa_studio.export.pdf.charts import score_bar
from caisa_studio.export.pdf.context import ReportContext
from caisa_studio.export.pdf.document import PORTRAIT
from caisa_studio.export.pdf.flowables import Chip, Para
from caisa_studio.export.pdf.styles import NAVY, esc
from caisa_studio.export.report_summary import conformance_sentence
from caisa_studio.model import Zone
from caisa_studio.render.style import SEVERITY_COLOURS, ZONE_COLOURS
from caisa_studio.rules import Severity

MET, NOT_MET = ZONE_COLOURS[Zone.DATA], SEVERITY_COLOURS[Severity.CRITICAL]


def conformance_section(ctx: ReportContext) -> list[Flowable]:
    data, s = ctx.data, ctx.styles
    story: list[Flowable] = [*ctx.h1("Reference-architecture conformance", page_break=False)]
    status = data.reference
    report = status.report
    if report is None:
        story.append(ctx.p(conformance_sentence(data), s.body))
        if not status.requested:
            story.append(
                ctx.p(
                    "A secure reference architecture is a vetted blueprint for a type of AI system. "
                    "Choosing one "
                    "for the design (Design → Reference architecture in the studio) adds a check that every "
                    "component, route, control and trust zone the blueprint relies on is present.",
                    s.muted,
                )
            )
        return story
    width = ctx.width(PORTRAIT)
    met = sum(1 for r in report.requirements if r.met)
    number = s.body.clone(
        "score", fontName=s.bold_font, fontSize=26, leading=30, textColor=NAVY, spaceAfter=2
    )
    story += [
        ctx.markup(f"<b>{esc(report.reference_id)} — {esc(report.title)}</b>", s.lead),
        Para(f"{report.score:.0%}", number),
        score_bar(report.score, width * 0.5),
        Spacer(1, 6),
        ctx.p(f"The design meets {met} of {len(report.requirements)} requirements of the reference.", s.body),
    ]
    unmet_first = sorted(report.requirements, key=lambda r: r.met)  # stable: keeps the reference's order
    rows = [
        [
            ctx.cell(data.requirement_label(r)),
            Chip("met" if r.met else "not met", MET if r.met else NOT_MET, min_width=48),
        ]
        for r in unmet_first
    ]
    story.append(ctx.table(("Requirement", "Status"), rows, (width - 70, 70)))
    if report.findings:
        story.append(
            ctx.p(
                f"The {len(report.findings)} unmet requirements also appear as R-RA findings under "
                f"Findings by severity.",
                s.small,
            )
        )
    return story
