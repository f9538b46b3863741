"""The PDF report, assembled: export the diagrams (vector, via the shared renderer), then lay out
the story in reportlab, which draws each diagram page as a form XObject. Returns the PDF bytes."""

from __future__ import annotations

import tempfile
import threading
from io import BytesIO
from pathlib import Path

from reportlab.platypus import Flowable

from caisa_studio.export.pdf.appendix import method_appendix, rules_appendix
from caisa_studio.export.pdf.attack_paths import attack_paths_section
from caisa_studio.export.pdf.conformance import conformance_section
from caisa_studio.export.pdf.context import ReportContext
from caisa_studio.export.pdf.cover import contents, cover
from caisa_studio.export.pdf.decisions import decisions_section
from caisa_studio.export.pdf.diagram_form import DiagramForm
from caisa_studio.export.pdf.diagram_page import DIAGRAM_KEY, PATH_KEY, diagram_section
from caisa_studio.export.pdf.document import PageInfo, ReportDocument
from caisa_studio.export.pdf.findings import findings_section
from caisa_studio.export.pdf.frameworks import frameworks_section
from caisa_studio.export.pdf.inventory import inventory_section
from caisa_studio.export.pdf.matrix import matrix_section
from caisa_studio.export.pdf.styles import PAGE_SIZES
from caisa_studio.export.pdf.summary import executive_summary as summary_section
from caisa_studio.export.pdf.toc import TocMarker, toc_rows
from caisa_studio.export.report_data import ReportData
from caisa_studio.export.report_progress import Progress
from caisa_studio.export.report_summary import executive_summary

# reportlab keeps some module-level state while it lays out; one report at a time per process.
_BUILD_LOCK = threading.Lock()


def build_pdf_report(data: ReportData, progress: Progress | None = None) -> bytes:
    progress = progress or Progress(None)
    diagrams = _export_diagrams(data, progress.stage(0.0, 0.25))
    summary = executive_summary(data)
    ctx = ReportContext(data, PAGE_SIZES[data.options.page_size], summary)
    story = _story(ctx, diagrams)
    progress.update(0.3, "Laying out the report")
    layout = progress.stage(0.3, 0.9)
    buffer = BytesIO()
    info = PageInfo(
        title=data.title,
        classification=data.options.classification,
        author=data.options.author,
        subject=f"Security architecture review of {data.title}",
    )
    document = ReportDocument(
        buffer, ctx.page_size, info, lambda f: layout.update(f, "Laying out the report")
    )
    with _BUILD_LOCK:
        from reportlab import rl_config

        ascii85, rl_config.useA85 = rl_config.useA85, 0  # binary streams: smaller and faster
        try:
            document.build_once(story, [row.key for row in toc_rows(story)])
        finally:
            rl_config.useA85 = ascii85
    progress.update(1.0, "Report ready")
    return buffer.getvalue()


def _story(ctx: ReportContext, diagrams: dict[str, DiagramForm]) -> list[Flowable]:
    summary = ctx.summary
    story: list[Flowable] = [*cover(ctx, summary), *contents(ctx)]
    story += summary_section(ctx, summary)
    story += diagram_section(ctx, diagrams.get(DIAGRAM_KEY))
    story += findings_section(ctx)
    story += attack_paths_section(ctx, diagrams.get(PATH_KEY))
    story += decisions_section(ctx)
    story += conformance_section(ctx)
    story += matrix_section(ctx)
    story += frameworks_section(ctx)
    story += inventory_section(ctx)
    story += rules_appendix(ctx)
    story += method_appendix(ctx)
    marker = next(i for i, f in enumerate(story) if isinstance(f, TocMarker))
    story[marker : marker + 1] = toc_rows(story)
    return story


def _export_diagrams(data: ReportData, progress: Progress) -> dict[str, DiagramForm]:
    """The design diagram, and the most exposed attack path highlighted, as vector PDF pages."""
    if not data.design.components and not data.design.boundaries:
        return {}
    from caisa_studio.export.diagram_image import export_diagram
    from caisa_studio.render.view_model import build_view

    wanted: dict[str, tuple[str, ...]] = {DIAGRAM_KEY: ()}
    if data.attack_paths:
        wanted[PATH_KEY] = data.attack_paths[0].path
    forms: dict[str, DiagramForm] = {}
    with tempfile.TemporaryDirectory(prefix="caisa-report-") as folder:
        for index, (key, highlighted) in enumerate(wanted.items()):
            progress.update(index / len(wanted), "Drawing the diagram")
            view = build_view(
                data.design,
                data.catalog,
                data.result,
                show_badges=data.options.show_badges,
                highlighted_path=highlighted,
            )
            path = Path(folder) / f"{key}.pdf"
            export_diagram(view, path)
            forms[key] = DiagramForm(path, name=f"caisa-{key}")  # reads the file: the folder can go
    progress.update(1.0, "Drawing the diagram")
    return forms
