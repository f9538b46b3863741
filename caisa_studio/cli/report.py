"""``caisa report``: the design report as PDF, Markdown (+ SVG diagram), JSON findings or CSV findings.

reportlab and Qt (QtGui, for the diagram) are loaded only when the command runs, so the rest
of the command line starts fast and never loads Qt. Like ``caisa export``, this command draws through
``export.diagram_image`` (the one Qt export helper); ``pyproject.toml`` lists that lazy import as the
contract's declared exception.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from caisa_studio.cli.common import EXIT_OK, BadInput

SUFFIXES = (".pdf", ".md", ".json", ".csv")


def register(commands: Any) -> None:
    report = commands.add_parser(
        "report", help="write the design report (PDF or Markdown) or the findings (JSON or CSV)"
    )
    report.add_argument("file", type=Path, help="a *.caisa.json design")
    report.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        help="report.pdf, report.md, findings.json or findings.csv",
    )
    report.add_argument(
        "--page-size", choices=("a4", "letter"), default="a4", help="PDF page size (default a4)"
    )
    report.add_argument("--author", default="", help="author named on the cover and in the PDF metadata")
    report.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from caisa_studio.io import load_design

    if args.output.suffix.lower() not in SUFFIXES:
        raise BadInput(f"{args.output}: choose a .pdf, .md, .json or .csv file name")
    folder = args.output.parent if str(args.output.parent) else Path(".")
    if not folder.is_dir():
        raise BadInput(f"{args.output}: the folder {folder} does not exist")
    design = load_design(args.file)
    from caisa_studio.export.report_job import ReportOptions, write_report

    options = ReportOptions(page_size=args.page_size, author=args.author)
    written = write_report(design, args.output, options, source=str(args.file))
    print("wrote " + ", ".join(str(path) for path in written))
    return EXIT_OK
