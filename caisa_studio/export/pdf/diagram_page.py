"""Diagram pages: the whole design on a page of its own (landscape when that fits it better), and
the most exposed attack path highlighted. The drawing is the shared renderer's vector PDF, placed as
a form XObject (``diagram_form``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.platypus import Flowable, NextPageTemplate, PageBreak

from caisa_studio.export.pdf.context import ReportContext
from caisa_studio.export.pdf.document import LANDSCAPE, PORTRAIT, frame_size
from caisa_studio.export.pdf.flowables import DiagramSlot
from caisa_studio.export.pdf.styles import esc

if TYPE_CHECKING:
    from caisa_studio.export.pdf.diagram_form import DiagramForm

DIAGRAM_KEY = "diagram"
PATH_KEY = "attack-path"
LEGEND = (
    "Boxes are components and coloured frames their trust boundaries (tab: zone · name). A dashed orange "
    "flow crosses a boundary without encryption; a lock marks encryption in transit. A numbered circle "
    "counts a component's open findings, coloured by the worst of them."
)


def orientation_for(ctx: ReportContext, size: tuple[float, float]) -> str:
    """The orientation that shows the diagram larger."""

    def scale(orientation: str) -> float:
        width, height = frame_size(ctx.page_size, orientation, diagram=True)
        return min(width / size[0], (height - 70) / size[1])

    return LANDSCAPE if scale(LANDSCAPE) > scale(PORTRAIT) * 1.02 else PORTRAIT


def diagram_section(ctx: ReportContext, diagram: DiagramForm | None) -> list[Flowable]:
    if diagram is None:
        return [
            *ctx.h1("Architecture diagram"),
            ctx.p("The design has no components to draw yet.", ctx.styles.muted),
        ]
    orientation = orientation_for(ctx, diagram.size)
    story = [*ctx.h1("Architecture diagram", orientation, template=f"diagram-{orientation}")]
    story.append(ctx.p(LEGEND, ctx.styles.small))
    story.append(DiagramSlot(diagram))
    return story


def attack_path_page(ctx: ReportContext, diagram: DiagramForm, route: str) -> list[Flowable]:
    orientation = orientation_for(ctx, diagram.size)
    return [
        NextPageTemplate(f"diagram-{orientation}"),
        PageBreak(),
        ctx.h2("The most exposed path on the diagram", top=True),
        ctx.markup(f"Highlighted in red: {esc(route)}.", ctx.styles.small),
        DiagramSlot(diagram),
    ]
