"""Section 8, framework coverage: the ATLAS techniques, OWASP, NIST, EU AI Act and ISO/IEC 42001
items the rules cite, and whether this design leaves each open."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from caisa_studio.export.pdf.charts import COVERAGE_COLOURS, framework_bars, legend
from caisa_studio.export.pdf.context import TABLE_PADDING, ReportContext
from caisa_studio.export.pdf.document import PORTRAIT
from caisa_studio.export.pdf.flowables import Chip
from caisa_studio.export.pdf.fonts import safe_text
from caisa_studio.export.pdf.styles import esc
from caisa_studio.export.report_coverage import Coverage, FrameworkCoverage, framework_coverage

KEEP_TOGETHER_ROWS = 16
STATUS_TEXT = {
    Coverage.OPEN: "open",
    Coverage.ACCEPTED: "accepted",
    Coverage.ADDRESSED: "addressed",
}


def coverage_for(ctx: ReportContext) -> list[FrameworkCoverage]:
    data = ctx.data
    return framework_coverage(data.metas.values(), data.result.findings, data.catalog)


def frameworks_section(ctx: ReportContext) -> list[Flowable]:
    s = ctx.styles
    width = ctx.width(PORTRAIT)
    coverage = coverage_for(ctx)
    story: list[Flowable] = [*ctx.h1("Framework coverage")]
    story.append(
        ctx.p(
            "Every rule cites the framework items it helps with. An item is open when a rule citing it has "
            "an "
            "open finding in this design, accepted when those findings are accepted risks, and addressed "
            "when "
            "the rules citing it raised nothing open. For MITRE ATLAS only techniques are listed; "
            "mitigations "
            "appear with the rules in Appendix A.",
            s.body,
        )
    )
    if not coverage:
        return [*story, ctx.p("No rule cites a framework item.", s.muted)]
    story += [
        legend([(STATUS_TEXT[c], COVERAGE_COLOURS[c]) for c in Coverage], width),
        Spacer(1, 6),
        framework_bars(coverage, width),
    ]
    for framework in coverage:
        story += _framework(ctx, framework, width)
    return story


def _framework(ctx: ReportContext, framework: FrameworkCoverage, width: float) -> list[Flowable]:
    s = ctx.styles
    counts = ", ".join(f"{framework.count(c)} {STATUS_TEXT[c]}" for c in Coverage)
    versioned = framework.version and framework.version not in framework.name
    title = f"{framework.name} ({framework.version})" if versioned else framework.name
    longest = (
        max(stringWidth(safe_text(i.id), s.bold_font, 9) for i in framework.items) + 2 * TABLE_PADDING + 2
    )
    rules_width = 120
    id_width = min(max(longest, 70), width - 70 - rules_width - 110)
    widths = (id_width, width - id_width - 70 - rules_width, 70, rules_width)
    rows = [
        [
            ctx.fit(item.id, widths[0], bold=True),
            ctx.fit(item.name or "—", widths[1]),
            Chip(STATUS_TEXT[item.status], _token(item.status), min_width=58),
            ctx.fit(", ".join(item.open_rules or item.rules), widths[3]),
        ]
        for item in framework.items
    ]
    table = ctx.table(("ID", "Name", "Status", "Rules (open first)"), rows, widths, bold_columns=(0,))
    block: list[Flowable] = [
        ctx.h2(title, in_toc=False, keep=False),
        ctx.p(f"{len(framework.items)} items cited: {counts}.", s.muted),
        table,
    ]
    if framework.attribution:
        block.append(
            ctx.markup(f"<i>{esc(framework.attribution)}</i>", s.small.clone("attribution", spaceBefore=4))
        )
    if len(rows) <= KEEP_TOGETHER_ROWS:
        return [KeepTogether(block)]
    return [CondPageBreak(160), *block]


def _token(status: Coverage) -> str:
    return COVERAGE_COLOURS[status].hexval().replace("0x", "#")
