"""``caisa validate``: run every rule over a design; exit 1 on open findings at or above a threshold."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from caisa_studio.cli.common import EXIT_FINDINGS, EXIT_OK, emit

FAIL_ON_CHOICES = ("critical", "high", "medium", "low", "never")


def register(commands: Any) -> None:
    validate = commands.add_parser("validate", help="check a design against every rule")
    validate.add_argument("file", type=Path, help="a *.caisa.json design")
    validate.add_argument("--format", choices=("text", "json", "sarif"), default="text")
    validate.add_argument(
        "--fail-on",
        choices=FAIL_ON_CHOICES,
        default="high",
        help="exit 1 when an open finding is at or above this severity (default: high)",
    )
    validate.add_argument("-o", "--output", type=Path, help="write the report here instead of stdout")
    validate.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from caisa_studio.export.findings_json import validation_document
    from caisa_studio.export.sarif import sarif_log
    from caisa_studio.export.text_report import render_text
    from caisa_studio.io import load_design
    from caisa_studio.rules import Severity, Validator

    design = load_design(args.file)
    validator = Validator()
    result = validator.full(design)
    fail_on = None if args.fail_on == "never" else Severity(args.fail_on)
    source = str(args.file)
    if args.format == "json":
        text = json.dumps(validation_document(design, result, fail_on, source), indent=2, ensure_ascii=False)
    elif args.format == "sarif":
        text = json.dumps(
            sarif_log(design, result, validator.rules, args.file.name), indent=2, ensure_ascii=False
        )
    else:
        text = render_text(design, result, fail_on, source)
    emit(text, args.output)
    return EXIT_FINDINGS if fail_on and result.open_at_or_above(fail_on) else EXIT_OK
