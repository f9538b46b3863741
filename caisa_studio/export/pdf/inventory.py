"""Section 9, inventory: components, data assets, data flows and trust boundaries (landscape).

Long tables (big estates) are set one line per row, cut short with an ellipsis where needed; the
Markdown and CSV exports carry the full text.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import CondPageBreak, Flowable

from caisa_studio.export.pdf.context import ReportContext
from caisa_studio.export.pdf.document import LANDSCAPE
from caisa_studio.export.report_inventory import build_inventory

DENSE_ROWS = 40


def inventory_section(ctx: ReportContext) -> list[Flowable]:
    data, s = ctx.data, ctx.styles
    inventory = build_inventory(data.facts, data.result)
    width = ctx.width(LANDSCAPE)
    story: list[Flowable] = [*ctx.h1("Inventory", LANDSCAPE)]

    def section(
        title: str,
        header: Sequence[str],
        shares: Sequence[float],
        rows: Sequence[Sequence[object]],
        empty: str,
        bold: Sequence[int] = (0,),
        fixed: dict[int, float] | None = None,
        right: Sequence[int] = (),
    ) -> None:
        story.extend([CondPageBreak(110), ctx.h2(title, keep=False)])
        if not rows:
            story.append(ctx.p(empty, s.muted))
            return
        fixed = fixed or {}
        rest = width - sum(fixed.values())
        widths = [fixed.get(i, rest * share) for i, share in enumerate(shares)]
        wrap = len(rows) <= DENSE_ROWS
        cells = [
            [ctx.fit(value, widths[i], bold=i in bold, wrap=wrap) for i, value in enumerate(row)]
            for row in rows
        ]
        head = [
            ctx.cell(h, ctx.styles.head.clone("head_right", alignment=2)) if i in right else h
            for i, h in enumerate(header)
        ]
        story.append(ctx.table(head, cells, widths, bold_columns=bold, right_columns=right))

    section(
        "Components",
        ("Name", "Kind", "Zone", "Boundary", "Data held", "Controls in place", "Open findings"),
        (0.19, 0.17, 0.17, 0.16, 0.31, 0, 0),
        [
            (c.name, c.kind, c.zone, c.boundary or "—", c.data or "—", c.controls, c.open_findings)
            for c in inventory.components
        ],
        "The design has no components.",
        fixed={5: 62, 6: 52},
        right=(5, 6),
    )
    section(
        "Data assets",
        ("Name", "Classification", "Tags", "Held by", "Flows"),
        (0.26, 0.14, 0.28, 0.32, 0),
        [(a.name, a.classification, a.tags or "—", a.held_by or "—", a.flows) for a in inventory.assets],
        "No data assets are declared.",
        fixed={4: 50},
        right=(4,),
    )
    section(
        "Data flows",
        ("From", "To", "Protocol", "Data carried", "Encrypted", "Crosses boundary"),
        (0.27, 0.27, 0, 0.46, 0, 0),
        [
            (f.source, f.target, f.protocol or "—", f.data or "—", f.encrypted, "yes" if f.crosses else "no")
            for f in inventory.flows
        ],
        "No data flows are drawn.",
        bold=(),
        fixed={2: 60, 4: 80, 5: 70},
    )
    section(
        "Trust boundaries",
        ("Name", "Zone", "Components", "Boundary controls"),
        (0.3, 0.25, 0, 0.45),
        [(b.name, b.zone, b.components, b.controls or "—") for b in inventory.boundaries],
        "No trust boundaries are drawn.",
        fixed={2: 70},
        right=(2,),
    )
    return story
