"""Section 3, findings by severity: one block per rule (why it matters, the fix, references) with
a table of the places it was found."""

from __future__ import annotations

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from caisa_studio.export.pdf.context import ReportContext
from caisa_studio.export.pdf.document import PORTRAIT
from caisa_studio.export.pdf.flowables import ChipHeading, Para, severity_chip
from caisa_studio.export.pdf.styles import esc
from caisa_studio.export.report_coverage import reference_label
from caisa_studio.export.report_data import SEVERITY_ORDER
from caisa_studio.render.style import SEVERITY_COLOURS
from caisa_studio.rules import Finding, Severity

SHORT_TABLE = 6
SEVERITY_MEANING = {
    Severity.CRITICAL: "Directly exploitable exposure of crown jewels; fix before go-live.",
    Severity.HIGH: "Significant exposure; fix or formally accept before go-live.",
    Severity.MEDIUM: "Weakens the design; plan the fix into normal work.",
    Severity.LOW: "Hardening and transparency improvements.",
    Severity.INFO: "For awareness.",
}


def findings_section(ctx: ReportContext) -> list[Flowable]:
    data = ctx.data
    story: list[Flowable] = [*ctx.h1("Findings by severity")]
    if not data.open_findings:
        story.append(
            ctx.p(
                "There are no open findings: every rule passed or its findings were decided.", ctx.styles.body
            )
        )
        return story
    story.append(
        ctx.p(
            "Findings are grouped by severity and then by rule. Each rule says why the weakness matters and "
            "how to fix it, and lists every place in the design where it occurs. Accepted risks and other "
            "decisions are listed separately.",
            ctx.styles.muted,
        )
    )
    for severity in SEVERITY_ORDER:
        groups = {rule: fs for rule, fs in data.open_by_rule.items() if fs[0].severity is severity}
        if not groups:
            continue
        count = sum(len(fs) for fs in groups.values())
        colour = SEVERITY_COLOURS[severity]
        title = f"{severity.value.capitalize()} — {count} open finding{'s' if count != 1 else ''}"
        label = esc(severity.value.capitalize())
        markup = f'<font color="{colour}">{label}</font> — {count} open finding{"s" if count != 1 else ""}'
        story += [
            CondPageBreak(150),
            ctx.h2(title, markup),
            ctx.p(SEVERITY_MEANING[severity], ctx.styles.muted),
        ]
        for rule, findings in groups.items():
            story += _rule_block(ctx, rule, findings)
    return story


def _rule_block(ctx: ReportContext, rule: str, findings: tuple[Finding, ...]) -> list[Flowable]:
    data, s = ctx.data, ctx.styles
    width = ctx.width(PORTRAIT)
    meta = data.meta(rule)
    title = meta.title if meta else findings[0].title
    heading = ChipHeading(
        severity_chip(findings[0].severity),
        Para(f"{esc(rule)}&nbsp;&nbsp;·&nbsp;&nbsp;{esc(title)}", s.h3.clone("rule_title", spaceBefore=0)),
        width,
        2,
        f"rule-{rule}",
        f"{rule} {title}",
    )
    intro: list[Flowable] = [Spacer(1, 8), heading]
    if meta is not None:
        intro.append(ctx.markup(f"<b>Why it matters.</b> {esc(meta.why)}"))
        intro.append(ctx.markup(f"<b>Fix.</b> {esc(meta.fix)}"))
        if meta.references:
            refs = ", ".join(reference_label(r) for r in meta.references)
            intro.append(ctx.markup(f"<b>References:</b> {esc(refs)}", s.small))
    rows = []
    for finding in findings:
        message = finding.message
        note = finding.tracking.get("note")
        if note:
            message += f" ({note}.)"
        rows.append([ctx.fit(data.subject_name(finding), width * 0.28, bold=True), ctx.cell(message)])
    table = ctx.table(("Where", "Finding"), rows, (width * 0.28, width * 0.72), bold_columns=(0,))
    if len(rows) <= SHORT_TABLE:  # small enough to keep the rule's explanation and its table together
        return [KeepTogether([*intro, Spacer(1, 2), table])]
    return [KeepTogether(intro), Spacer(1, 2), table]
