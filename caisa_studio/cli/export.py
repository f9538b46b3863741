"""``caisa export``: the diagram as PNG, SVG or vector PDF, headless (Qt's offscreen platform)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from caisa_studio.cli.common import EXIT_OK, BadInput


def register(commands: Any) -> None:
    export = commands.add_parser("export", help="export the diagram as PNG, SVG or PDF")
    export.add_argument("file", type=Path, help="a *.caisa.json design")
    export.add_argument("-o", "--output", type=Path, required=True, help="out.png, out.svg or out.pdf")
    export.add_argument("--scale", type=float, default=2.0, help="PNG pixels per design unit (default 2)")
    export.add_argument("--no-badges", action="store_true", help="leave out the finding badges")
    export.add_argument("--theme", choices=("light", "dark"), default="light")
    export.add_argument(
        "--path", metavar="FINDING", help="highlight the path of this finding (e.g. R-ID-01@registry)"
    )
    export.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from caisa_studio.catalog import default_catalog
    from caisa_studio.io import load_design
    from caisa_studio.render.style import DARK, LIGHT
    from caisa_studio.render.view_model import build_view
    from caisa_studio.rules import Validator

    if args.output.suffix.lower() not in (".png", ".svg", ".pdf"):
        raise BadInput(f"{args.output}: choose a .png, .svg or .pdf file name")
    if not 0.1 <= args.scale <= 16:
        raise BadInput("--scale must be between 0.1 and 16")
    design = load_design(args.file)
    result = Validator().full(design)
    highlighted: tuple[str, ...] = ()
    if args.path:
        finding = result.get(args.path)
        if finding is None or not finding.path:
            raise BadInput(f"{args.file}: no finding {args.path!r} with a path")
        highlighted = finding.path
    view = build_view(
        design, default_catalog(), result, show_badges=not args.no_badges, highlighted_path=highlighted
    )
    from caisa_studio.export.diagram_image import ExportOptions, export_diagram

    theme = DARK if args.theme == "dark" else LIGHT
    export_diagram(view, args.output, ExportOptions(scale=args.scale, theme=theme))
    print(f"wrote {args.output}")
    return EXIT_OK
