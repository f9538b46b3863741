"""``caisa reference list|show`` and ``caisa new --from RA-n [--exercise]``."""

from __future__ import annotations

import argparse
import json
import textwrap
from pathlib import Path
from typing import Any

from caisa_studio.cli.common import EXIT_OK, BadInput


def register(commands: Any) -> None:
    reference = commands.add_parser("reference", help="the secure reference architectures")
    sub = reference.add_subparsers(title="reference commands", metavar="COMMAND")
    listing = sub.add_parser("list", help="list the reference architectures")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    listing.set_defaults(handler=run_list)
    show = sub.add_parser("show", help="show what a reference architecture requires")
    show.add_argument("reference", help="RA-1 … RA-6")
    show.set_defaults(handler=run_show)

    new = commands.add_parser("new", help="start a design from a reference template or exercise")
    new.add_argument("--from", dest="source", required=True, metavar="RA-n", help="reference to start from")
    new.add_argument("--exercise", action="store_true", help="the deliberately flawed exercise variant")
    new.add_argument("-o", "--output", type=Path, required=True, help="the new *.caisa.json file")
    new.add_argument("--force", action="store_true", help="overwrite an existing file")
    new.set_defaults(handler=run_new)


def _reference(reference_id: str) -> Any:
    from caisa_studio.reference import reference_by_id

    reference = reference_by_id(reference_id.upper())
    if reference is None:
        raise BadInput(f"no reference architecture {reference_id!r}; `caisa reference list` shows them")
    return reference


def run_list(args: argparse.Namespace) -> int:
    from caisa_studio.reference import shipped_references

    references = shipped_references()
    if args.format == "json":
        listing = [{"id": r.id, "title": r.title, "summary": r.summary} for r in references.values()]
        print(json.dumps(listing, indent=2, ensure_ascii=False))
        return EXIT_OK
    for reference in references.values():
        print(f"{reference.id:<6}{reference.title}")
    return EXIT_OK


def run_show(args: argparse.Namespace) -> int:
    reference = _reference(args.reference)
    print(f"{reference.id} — {reference.title}\n")
    print(textwrap.fill(reference.summary, 100) + "\n")
    print("Components (roles)")
    for role in reference.roles:
        controls = f"; controls: {', '.join(role.controls)}" if role.controls else ""
        print(f"  {role.name} (at least {role.min_count}){controls}")
    if reference.required_flows:
        print("\nRequired routes")
        for flow in reference.required_flows:
            print(f"  {flow.description}")
    if reference.forbidden_flows:
        print("\nForbidden shortcuts")
        for flow in reference.forbidden_flows:
            print(f"  {flow.description}")
    if reference.required_zones:
        print(f"\nTrust zones: {', '.join(z.value for z in reference.required_zones)}")
    if reference.blocking_rules:
        print(f"Blocking rules: {', '.join(reference.blocking_rules)}")
    print(f"\nExercise: {reference.exercise.title} — {len(reference.exercise.gaps)} gaps to find")
    return EXIT_OK


def run_new(args: argparse.Namespace) -> int:
    from caisa_studio.io import save_design
    from caisa_studio.reference import exercise_design, template_design

    reference = _reference(args.source)
    if args.output.exists() and not args.force:
        raise BadInput(f"{args.output} already exists (use --force to overwrite)")
    design = exercise_design(reference) if args.exercise else template_design(reference)
    save_design(design, args.output)
    variant = "exercise" if args.exercise else "template"
    print(f"wrote {args.output} ({reference.id} {variant}: {len(design.components)} components)")
    return EXIT_OK
