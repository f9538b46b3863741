"""Writing a design report to a file: PDF, Markdown (+ SVG diagram), JSON findings or CSV findings.

The one entry point for the CLI and the studio. ``ReportJob`` is created on the GUI thread (it takes a
snapshot of the design, so later edits cannot race with it) and ``run`` may then execute on a worker
thread with a progress callback that can cancel. Output is written to temporary files and renamed
into place at the end, so a failure or a cancel never leaves a partial file behind.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from caisa_studio.catalog import Catalog
from caisa_studio.export.report_options import REPORT_SUFFIXES, ReportOptions
from caisa_studio.export.report_progress import Progress, ProgressCallback, ReportCancelled
from caisa_studio.model import Design
from caisa_studio.rules import Severity

if TYPE_CHECKING:
    from caisa_studio.export.report_data import ReportData

__all__ = [
    "REPORT_SUFFIXES",
    "ReportCancelled",
    "ReportJob",
    "ReportOptions",
    "diagram_file_for",
    "write_report",
]

JSON_FAIL_ON = Severity.HIGH  # the shape and default of ``caisa validate --format json``


def _default_mode() -> int:
    """Permissions a new file gets from ``open`` (0666 minus the umask); read once, at import time,
    because reading the umask means setting it, which is not thread-safe later."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


NEW_FILE_MODE = _default_mode()


def diagram_file_for(path: Path) -> Path:
    """Where the Markdown report's diagram goes: ``report.md`` → ``report-diagram.svg``."""
    return path.with_name(f"{path.stem}-diagram.svg")


class ReportJob:
    def __init__(
        self,
        design: Design,
        path: Path,
        options: ReportOptions | None = None,
        *,
        source: str | None = None,
        catalog: Catalog | None = None,
    ) -> None:
        suffix = path.suffix.lower()
        if suffix not in REPORT_SUFFIXES:
            raise ValueError(f"{path}: choose a .pdf, .md, .json or .csv file name")
        self.design = design.model_copy(deep=True)
        self.path = path
        self.suffix = suffix
        self.options = options or ReportOptions()
        self.source = source
        self.catalog = catalog

    def run(self, progress: ProgressCallback | None = None) -> list[Path]:
        """Write the report; returns the files written (the Markdown report also writes its diagram)."""
        from caisa_studio.export.report_data import collect_report_data

        tracker = Progress(progress)
        tracker.update(0.0, "Checking the design")
        data = collect_report_data(self.design, self.options, catalog=self.catalog, source=self.source)
        tracker.update(0.1, "Checking the design")
        rest = tracker.stage(0.1, 1.0)
        if self.suffix == ".pdf":
            from caisa_studio.export.pdf.report import build_pdf_report

            return self._commit({self.path: build_pdf_report(data, rest)}, rest)
        if self.suffix == ".md":
            return self._markdown(data, rest)
        if self.suffix == ".json":
            from caisa_studio.export.findings_json import validation_document

            document = validation_document(data.design, data.result, JSON_FAIL_ON, self.source)
            text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
            return self._commit({self.path: text.encode("utf-8")}, rest)
        from caisa_studio.export.csv_findings import findings_csv

        return self._commit({self.path: findings_csv(data.design, data.result).encode("utf-8")}, rest)

    def _markdown(self, data: ReportData, progress: Progress) -> list[Path]:
        from caisa_studio.export.markdown_report import render_markdown

        diagram = diagram_file_for(self.path)
        files: dict[Path, bytes | Path] = {}
        temp_folder = tempfile.TemporaryDirectory(prefix="caisa-report-")
        with temp_folder as folder:
            name: str | None = None
            if data.design.components or data.design.boundaries:
                progress.update(0.1, "Drawing the diagram")
                from caisa_studio.export.diagram_image import export_diagram
                from caisa_studio.render.view_model import build_view

                svg = Path(folder) / "diagram.svg"
                view = build_view(
                    data.design, data.catalog, data.result, show_badges=data.options.show_badges
                )
                export_diagram(view, svg)
                files[diagram] = svg
                name = diagram.name
            progress.update(0.7, "Writing the report")
            files[self.path] = render_markdown(data, name).encode("utf-8")
            return self._commit(files, progress)

    def _commit(self, files: dict[Path, bytes | Path], progress: Progress) -> list[Path]:
        """Stage every file beside its target, then rename them all into place (after a last cancel check)."""
        staged: list[tuple[Path, Path]] = []
        try:
            for target, content in files.items():
                folder = target.parent if str(target.parent) else Path(".")
                handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
                staged.append((Path(name), target))
                with os.fdopen(handle, "wb") as stream:
                    stream.write(content.read_bytes() if isinstance(content, Path) else content)
                    stream.flush()
                    os.fsync(stream.fileno())
                mode = target.stat().st_mode & 0o7777 if target.exists() else NEW_FILE_MODE
                with contextlib.suppress(OSError):
                    os.chmod(name, mode)
            progress.update(0.99, "Saving")
            for temp, target in staged:
                os.replace(temp, target)
        except BaseException:
            for temp, _target in staged:
                with contextlib.suppress(OSError):
                    temp.unlink()
            raise
        progress.update(1.0, "Done")
        return [target for _temp, target in staged]


def write_report(
    design: Design,
    path: Path,
    options: ReportOptions | None = None,
    progress: ProgressCallback | None = None,
    *,
    source: str | None = None,
    catalog: Catalog | None = None,
) -> list[Path]:
    """Write the report named by ``path``'s suffix; raises ``ReportCancelled`` if ``progress`` cancels."""
    return ReportJob(design, path, options, source=source, catalog=catalog).run(progress)
