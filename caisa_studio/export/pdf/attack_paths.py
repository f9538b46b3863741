"""Section 4, attack paths: entry points that reach crown jewels, and the defences missing on the way."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.platypus import Flowable

from caisa_studio.export.pdf.context import ReportContext
from caisa_studio.export.pdf.diagram_page import attack_path_page
from caisa_studio.export.pdf.document import PORTRAIT
from caisa_studio.export.pdf.styles import MISSING, esc
from caisa_studio.export.report_data import plural
from caisa_studio.export.report_summary import CROWN_JEWEL_WORDS

if TYPE_CHECKING:
    from caisa_studio.export.pdf.diagram_form import DiagramForm

LISTED_PATHS = 25


def attack_paths_section(ctx: ReportContext, diagram: DiagramForm | None) -> list[Flowable]:
    data, s = ctx.data, ctx.styles
    story: list[Flowable] = [*ctx.h1("Attack paths")]
    story.append(
        ctx.p(
            "An attack path is a chain of data flows from an entry point an attacker can control — the "
            "internet, "
            f"a user's device, a third party — to a crown jewel: a component holding {CROWN_JEWEL_WORDS}. "
            "For each path the report lists the standard defences (authentication, authorization, "
            "encryption in "
            "transit, input screening, network segmentation) found nowhere along it. Paths are ordered by "
            "the "
            "number of missing defences, then by length.",
            s.body,
        )
    )
    paths = data.attack_paths
    if not paths:
        story.append(ctx.p("No attack path was found in this design.", s.lead))
        return story
    width = ctx.width(PORTRAIT)
    rows = []
    for index, path in enumerate(paths[:LISTED_PATHS], 1):
        missing = data.control_names(path.missing)
        rows.append(
            [
                ctx.cell(str(index), s.cell_right),
                ctx.cell(data.route(path)),
                ctx.cell(str(path.hops), s.cell_right),
                ctx.cell(data.tag_names(path.jewel_tags)),
                ctx.markup(
                    f'<font color="{MISSING.hexval().replace("0x", "#")}">{esc(missing)}</font>', s.cell
                )
                if missing
                else ctx.cell("none", s.cell_muted),
            ]
        )
    widths = (20, width * 0.40, 34, width * 0.20, width - 54 - width * 0.60)
    story.append(ctx.table(("#", "Route", "Hops", "Crown-jewel data", "Missing defences"), rows, widths))
    if len(paths) > LISTED_PATHS:
        story.append(ctx.p(f"{plural(len(paths) - LISTED_PATHS, 'more path')} are not listed.", s.small))
    if diagram is not None:
        story += attack_path_page(ctx, diagram, data.route(paths[0]))
    return story
