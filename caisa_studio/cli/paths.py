"""``caisa paths``: attack paths from entry points to crown jewels."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from caisa_studio.cli.common import EXIT_OK, BadInput


def register(commands: Any) -> None:
    paths = commands.add_parser("paths", help="list attack paths from entry points to crown jewels")
    paths.add_argument("file", type=Path, help="a *.caisa.json design")
    paths.add_argument("--format", choices=("text", "json"), default="text")
    paths.add_argument("-k", type=int, default=3, help="alternative paths per entry/target pair (default 3)")
    paths.add_argument("--max", type=int, default=100, help="at most this many paths (default 100)")
    paths.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
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
