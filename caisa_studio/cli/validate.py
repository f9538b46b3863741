"""``caisa validate``: run every rule over a design; exit 1 on open findings at or above a threshold."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from caisa_studio.cli.common import EXIT_FINDINGS, EXIT_OK, BadInput, emit

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
    validate.add_argument(
        "--reference", metavar="RA-n", help="check conformance to this reference (overrides the design's own)"
    )
    validate.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from caisa_studio.analysis import DesignFacts
    from caisa_studio.export.findings_json import validation_document
    from caisa_studio.export.sarif import sarif_log
    from caisa_studio.export.text_report import render_text
    from caisa_studio.io import load_design
    from caisa_studio.reference import all_rules, check_conformance, reference_by_id
    from caisa_studio.reference.conformance import CONFORMANCE_METAS
    from caisa_studio.reference.gate import Gate
    from caisa_studio.rules import Severity, Validator

    override = args.reference.upper() if args.reference else None
    if override and reference_by_id(override) is None:
        raise BadInput(f"no reference architecture {args.reference!r}; `caisa reference list` shows them")
    design = load_design(args.file)
    validator = Validator(rules=all_rules(override))
    result = validator.full(design)
    fail_on = None if args.fail_on == "never" else Severity(args.fail_on)
    gate = Gate.for_design(design, fail_on, override)
    failing = gate.failing(result)
    conformance = None
    if gate.reference_id:
        reference = reference_by_id(gate.reference_id)
        assert reference is not None
        report = check_conformance(DesignFacts(design, validator.catalog), reference)
        conformance = {
            "reference": report.reference_id,
            "title": report.title,
            "score": round(report.score, 4),
        }
    source = str(args.file)
    if args.format == "json":
        document = validation_document(
            design,
            result,
            fail_on,
            source,
            failing=failing,
            blocking_rules=gate.blocking_rules,
            conformance=conformance,
        )
        text = json.dumps(document, indent=2, ensure_ascii=False)
    elif args.format == "sarif":
        metas = [rule.meta for rule in validator.rules if rule.meta.id != "R-RA"] + list(CONFORMANCE_METAS)
        text = json.dumps(sarif_log(design, result, metas, args.file.name), indent=2, ensure_ascii=False)
    else:
        text = render_text(design, result, fail_on, source, failing=failing, conformance=conformance)
    emit(text, args.output)
    return EXIT_FINDINGS if failing else EXIT_OK
