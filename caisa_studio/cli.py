"""``caisa``: the headless command line (validate, catalog check, rules). Never imports Qt.

Exit codes: 0 success (no open finding at or above ``--fail-on``), 1 findings at or above the
threshold, 2 bad input (one line on stderr naming the file and the problem).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from caisa_studio import __version__

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2

FAIL_ON_CHOICES = ("critical", "high", "medium", "low", "never")


class BadInput(Exception):
    """A user-facing problem with the command's input; printed as one line, exit code 2."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_BAD_INPUT
    try:
        return int(args.handler(args))
    except BadInput as error:
        print(f"caisa: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return EXIT_OK
    except (ValueError, OSError) as error:
        # DesignFileError, CatalogError and I/O errors all carry a one-line, user-facing message.
        print(f"caisa: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="caisa", description="CAISA Studio command line: validate secure AI system designs."
    )
    parser.add_argument("--version", action="version", version=f"caisa {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

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
    validate.set_defaults(handler=_validate)

    catalog = commands.add_parser("catalog", help="work with the knowledge catalog")
    catalog_commands = catalog.add_subparsers(title="catalog commands", metavar="COMMAND")
    check = catalog_commands.add_parser("check", help="validate catalog data files")
    check.add_argument("folder", nargs="?", type=Path, help="a catalog folder (default: the shipped catalog)")
    check.set_defaults(handler=_catalog_check)

    paths = commands.add_parser("paths", help="list attack paths from entry points to crown jewels")
    paths.add_argument("file", type=Path, help="a *.caisa.json design")
    paths.add_argument("--format", choices=("text", "json"), default="text")
    paths.add_argument("-k", type=int, default=3, help="alternative paths per entry/target pair (default 3)")
    paths.add_argument("--max", type=int, default=100, help="at most this many paths (default 100)")
    paths.set_defaults(handler=_paths)

    rules = commands.add_parser("rules", help="list and document the validation rules")
    rules_commands = rules.add_subparsers(title="rules commands", metavar="COMMAND")
    listing = rules_commands.add_parser("list", help="list every rule")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    listing.set_defaults(handler=_rules_list)
    doc = rules_commands.add_parser("doc", help="show one rule's documentation")
    doc.add_argument("rule", help="a rule ID such as R-ENC-02")
    doc.set_defaults(handler=_rules_doc)
    return parser


def _validate(args: argparse.Namespace) -> int:
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
    _emit(text, args.output)
    return EXIT_FINDINGS if fail_on and result.open_at_or_above(fail_on) else EXIT_OK


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    from caisa_studio.io.atomic import write_atomically

    write_atomically(output, (text if text.endswith("\n") else text + "\n").encode("utf-8"))


def _paths(args: argparse.Namespace) -> int:
    from caisa_studio.analysis import DesignFacts
    from caisa_studio.analysis.attack_paths import find_attack_paths
    from caisa_studio.catalog import default_catalog
    from caisa_studio.io import load_design

    if args.k < 1 or args.max < 1:
        raise BadInput("-k and --max must be at least 1")
    design = load_design(args.file)
    facts = DesignFacts(design, default_catalog())
    found = find_attack_paths(facts, k=args.k, max_paths=args.max)
    if args.format == "json":
        listing = [
            {
                "entry": p.entry,
                "target": p.target,
                "path": list(p.path),
                "hops": p.hops,
                "crown_jewel_tags": list(p.jewel_tags),
                "missing_defences": list(p.missing),
            }
            for p in found
        ]
        print(json.dumps({"design": design.id, "attack_paths": listing}, indent=2, ensure_ascii=False))
        return EXIT_OK
    if not found:
        print("No attack paths: no crown jewel is reachable from an entry point.")
        return EXIT_OK
    control_names = {c.id: c.name.lower() for c in facts.catalog.controls.values()}
    print(f"{len(found)} attack paths from entry points to crown jewels, worst first:\n")
    for number, found_path in enumerate(found, 1):
        route = " → ".join(design.display_name(n) for n in found_path.path[0::2])
        print(f"{number:>3}. {route}")
        print(f"     reaches: {', '.join(found_path.jewel_tags)}; {found_path.hops} hops")
        missing = ", ".join(control_names.get(c, c) for c in found_path.missing) or "none"
        print(f"     missing on the way: {missing}")
    return EXIT_OK


def _catalog_check(args: argparse.Namespace) -> int:
    from caisa_studio.catalog import load_catalog

    catalog = load_catalog(args.folder)
    items = sum(len(f.items) for f in catalog.frameworks.values())
    print(
        f"catalog OK: {len(catalog.kinds)} component kinds, {len(catalog.controls)} controls, "
        f"{len(catalog.component_properties) + len(catalog.flow_properties)} properties, "
        f"{len(catalog.frameworks)} frameworks ({items} reference IDs)"
    )
    return EXIT_OK


def _rules_list(args: argparse.Namespace) -> int:
    from caisa_studio.rules import builtin_rules

    rules = builtin_rules()
    if args.format == "json":
        listing = [
            {
                "id": r.meta.id,
                "title": r.meta.title,
                "severity": r.meta.severity.value,
                "scope": r.meta.scope,
                "status": r.meta.status,
            }
            for r in rules
        ]
        print(json.dumps(listing, indent=2))
        return EXIT_OK
    for rule in rules:
        print(f"{rule.meta.id:<11}{rule.meta.severity.value:<10}{rule.meta.title}")
    return EXIT_OK


def _rules_doc(args: argparse.Namespace) -> int:
    from caisa_studio.rules import builtin_rules

    rule = next((r for r in builtin_rules() if r.meta.id == args.rule.upper()), None)
    if rule is None:
        raise BadInput(f"no rule {args.rule!r}; `caisa rules list` shows them all")
    meta = rule.meta
    print(f"{meta.id} — {meta.title}\n")
    print(f"Severity: {meta.severity.value}    Scope: {meta.scope}    Status: {meta.status}\n")
    print(f"Why it matters\n  {meta.why}\n")
    print(f"How to fix\n  {meta.fix}\n")
    print("References")
    for ref in meta.references:
        print(f"  {ref.framework}: {ref.id}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
