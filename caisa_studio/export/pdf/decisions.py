"""Section 5, accepted risks (justification, owner, expiry) and the team's other decisions."""

from __future__ import annotations

from reportlab.platypus import Flowable

from caisa_studio.export.pdf.context import ReportContext
from caisa_studio.export.pdf.document import PORTRAIT
from caisa_studio.export.pdf.flowables import Para, severity_chip
from caisa_studio.export.pdf.styles import esc
from caisa_studio.model import RiskStatus
from caisa_studio.rules import Finding

DATE_WIDTH = 64


def decisions_section(ctx: ReportContext) -> list[Flowable]:
    data, s = ctx.data, ctx.styles
    story: list[Flowable] = [*ctx.h1("Accepted risks")]
    story.append(
        ctx.p(
            "Risks the team has decided to accept rather than fix, with the reason, the accountable owner "
            "and "
            "the date the acceptance must be reviewed. An acceptance that has expired counts as open again "
            "and "
            "appears among the findings.",
            s.muted,
        )
    )
    accepted = data.with_status(RiskStatus.ACCEPTED)
    if accepted:
        story.append(_table(ctx, accepted, expiry=True))
    else:
        story.append(ctx.p("No risks are accepted in this design.", s.body))
    if data.expired_acceptances:
        story += [
            ctx.h2("Expired acceptances, open again"),
            _table(ctx, data.expired_acceptances, expiry=True),
        ]
    others = data.with_status(RiskStatus.MITIGATED, RiskStatus.FALSE_POSITIVE)
    if others:
        story += [ctx.h2("Marked mitigated or false positive"), _table(ctx, others, expiry=False)]
    if data.result.stale_tracking:
        story += [
            ctx.h2("Decisions about findings that no longer occur"),
            ctx.p(
                "These recorded decisions no longer match a finding (the design changed); they can be "
                "removed: " + ", ".join(data.result.stale_tracking) + ".",
                s.body,
            ),
        ]
    return story


def _table(ctx: ReportContext, findings: tuple[Finding, ...], expiry: bool) -> Flowable:
    data, s = ctx.data, ctx.styles
    width = ctx.width(PORTRAIT)
    rows = []
    for finding in findings:
        tracking = finding.tracking
        what = Para(
            f"<b>{esc(data.subject_name(finding))}</b><br/>"
            f'<font size="8" color="#5B6472">{esc(finding.rule)} · {esc(finding.title)}</font>',
            s.cell,
        )
        last = (tracking.get("expires") or "no expiry") if expiry else finding.status.value.replace("_", " ")
        rows.append(
            [
                what,
                severity_chip(finding.severity),
                ctx.cell(tracking.get("justification") or "—"),
                ctx.cell(tracking.get("owner") or "—"),
                ctx.fit(tracking.get("date") or "—", DATE_WIDTH),
                ctx.fit(last, DATE_WIDTH),
            ]
        )
    header = ("Finding", "Severity", "Justification", "Owner", "Decided", "Expires" if expiry else "Decision")
    fixed = 52 + 66 + 2 * DATE_WIDTH
    rest = width - fixed
    return ctx.table(header, rows, (rest * 0.45, 52, rest * 0.55, 66, DATE_WIDTH, DATE_WIDTH))
