"""Appendices: A, every rule that was checked (from its metadata); B, method, sources and attribution."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Spacer

from caisa_studio import __version__
from caisa_studio.export.pdf.context import ReportContext
from caisa_studio.export.pdf.document import PORTRAIT
from caisa_studio.export.pdf.flowables import ChipHeading, Para, severity_chip
from caisa_studio.export.pdf.styles import esc
from caisa_studio.export.report_coverage import FRAMEWORK_ORDER, reference_label
from caisa_studio.export.report_summary import RATINGS


def rules_appendix(ctx: ReportContext) -> list[Flowable]:
    data, s = ctx.data, ctx.styles
    width = ctx.width(PORTRAIT)
    fired: dict[str, int] = {}
    for finding in data.open_findings:
        fired[finding.rule] = fired.get(finding.rule, 0) + 1
    story: list[Flowable] = [*ctx.appendix("Rule descriptions")]
    story.append(
        ctx.p(
            f"The {len(data.metas)} rules this review applied, in catalog order, with the severity each "
            f"raises "
            "by default (some rules raise a finding's severity when the data involved is especially "
            "sensitive).",
            s.muted,
        )
    )
    compact = s.body.clone("appendix_body", fontSize=9, leading=12.5, spaceAfter=4)
    for meta in data.metas.values():
        count = fired.get(meta.id, 0)
        status = (
            f"{count} open finding{'s' if count != 1 else ''} in this design"
            if count
            else "No open finding in this design"
        )
        heading = ChipHeading(
            severity_chip(meta.severity),
            Para(
                f"{esc(meta.id)}&nbsp;&nbsp;·&nbsp;&nbsp;{esc(meta.title)}",
                s.h3.clone("appendix_rule", spaceBefore=0),
            ),
            width,
            1,
            f"appendix-{meta.id}",
            f"{meta.id} {meta.title}",
        )
        block: list[Flowable] = [Spacer(1, 6), heading, ctx.p(status, s.small)]
        block.append(ctx.markup(f"<b>Why it matters.</b> {esc(meta.why)}", compact))
        block.append(ctx.markup(f"<b>Fix.</b> {esc(meta.fix)}", compact))
        if meta.references:
            block.append(
                ctx.markup(
                    f"<b>References:</b> {esc(', '.join(reference_label(r) for r in meta.references))}",
                    s.small,
                )
            )
        story.append(KeepTogether(block))
    return story


def method_appendix(ctx: ReportContext) -> list[Flowable]:
    data, s = ctx.data, ctx.styles
    story: list[Flowable] = [*ctx.appendix("Method, sources and attribution")]
    story.append(ctx.h3("How this review was produced"))
    story.append(
        ctx.p(
            f"CAISA Studio {__version__} read the design file and checked it with {len(data.metas)} rules "
            f"that "
            "encode secure-design practice for AI systems. Each rule looks at the components, data flows, "
            "trust "
            "boundaries, data classifications and controls as drawn, and reports every place where a "
            "weakness "
            "follows from them. The review is only as accurate as the design: components, flows or "
            "controls that "
            "are not drawn cannot be assessed, and controls ticked as implemented are taken on trust.",
            s.body,
        )
    )
    story.append(ctx.h3("Overall rating"))
    story.append(
        ctx.p(
            "The overall rating follows the most severe open finding: "
            + "; ".join(
                f"{label.lower()} when the worst is {severity.value}"
                for severity, label in RATINGS.items()
                if severity is not None and severity.value != "info"
            )
            + ". Accepted risks, mitigated findings and false positives do not count; expired acceptances "
            "do.",
            s.body,
        )
    )
    story.append(ctx.h3("Frameworks and attribution"))
    cited = {r.framework for meta in data.metas.values() for r in meta.references}
    order = [f for f in FRAMEWORK_ORDER if f in cited] + sorted(cited - set(FRAMEWORK_ORDER))
    for key in order:
        spec = data.catalog.frameworks.get(key)
        if spec is None:
            continue
        story.append(
            ctx.markup(
                f"<b>{esc(spec.name)}</b> ({esc(spec.version)}) — {esc(spec.attribution)} "
                f'<font color="#5B6472">{esc(spec.url)}</font>',
                s.small.clone("attribution", fontSize=8.5, leading=11.5, spaceAfter=5),
            )
        )
    story.append(
        ctx.p(
            "Framework identifiers and short names are cited for reference only; ISO/IEC 42001 is a "
            "copyrighted "
            "standard of which only control identifiers and titles are used.",
            s.small,
        )
    )
    return story
