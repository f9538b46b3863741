"""``caisa import`` and ``caisa export-otm``: other tools' threat models in, Open Threat Model out.

``import`` detects the format from the content (Threat Dragon, OTM, Microsoft TMT, Threagile), writes
one design per diagram (or the one chosen with ``--diagram``) atomically, and prints what it did; the
full import report with ``--report``. Bad input exits 2 with one line on stderr naming the file.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from caisa_studio.cli.common import EXIT_OK, BadInput, emit

DESIGN_SUFFIX = ".caisa.json"


def register(commands: Any) -> None:
    importer = commands.add_parser(
        "import", help="import a Threat Dragon, OTM, Threat Modeling Tool (.tm7) or Threagile model"
    )
    importer.add_argument("file", type=Path, help="the model to import (format detected from its content)")
    importer.add_argument(
        "-o",
        "--output",
        type=Path,
        help="the design to write (default: FILE's name with .caisa.json, next to it); with several "
        "diagrams, -1, -2 … are added to the name",
    )
    importer.add_argument("--diagram", type=int, metavar="N", help="import only diagram N (1 = the first)")
    importer.add_argument("--report", action="store_true", help="print the full import report")
    importer.set_defaults(handler=run_import)

    exporter = commands.add_parser("export-otm", help="export a design as Open Threat Model (OTM 0.2) JSON")
    exporter.add_argument("file", type=Path, help="a *.caisa.json design")
    exporter.add_argument("-o", "--output", type=Path, help="write the OTM file here instead of stdout")
    exporter.set_defaults(handler=run_export_otm)


def _base_name(path: Path) -> str:
    name = path.name
    for suffix in (DESIGN_SUFFIX, ".json", ".yaml", ".yml", ".tm7", ".xml"):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)] or "imported"
    return path.stem or "imported"


def output_paths(source: Path, output: Path | None, count: int) -> list[Path]:
    """Where each imported design goes: OUT (or FILE.caisa.json), numbered when there are several."""
    target = output or source.with_name(_base_name(source) + DESIGN_SUFFIX)
    if count == 1:
        return [target]
    base = _base_name(target)
    return [target.with_name(f"{base}-{number}{DESIGN_SUFFIX}") for number in range(1, count + 1)]


def run_import(args: argparse.Namespace) -> int:
    from caisa_studio.io import save_design
    from caisa_studio.io.importers import import_all, import_model

    if args.diagram is not None and args.diagram < 1:
        raise BadInput("--diagram counts from 1")
    single = args.diagram is not None
    results = [import_model(args.file, args.diagram)] if single else import_all(args.file)
    targets = output_paths(args.file, args.output, len(results))
    source = args.file.resolve()
    for target in targets:
        if target.resolve() == source:
            raise BadInput(f"{target}: refusing to overwrite the file being imported; choose another -o")
    for (design, report), target in zip(results, targets, strict=True):
        save_design(design, target)
        if args.report:
            print(report.render())
            print(f"Wrote {target}\n")
        else:
            where = f" ({report.diagram})" if len(results) > 1 else ""
            print(f"{target}: {report.summary()}{where}")
    if not args.report and any(report.dropped or report.notes for _, report in results):
        print("Run with --report to see every mapping decision and what was dropped.")
    return EXIT_OK


def run_export_otm(args: argparse.Namespace) -> int:
    from caisa_studio.io import load_design
    from caisa_studio.io.exporters.otm import dumps_otm

    design = load_design(args.file)
    emit(dumps_otm(design), args.output)
    return EXIT_OK
