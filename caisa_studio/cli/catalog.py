"""``caisa catalog check``: validate shipped or user-supplied catalog data files."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from caisa_studio.cli.common import EXIT_OK


def register(commands: Any) -> None:
    catalog = commands.add_parser("catalog", help="work with the knowledge catalog")
    catalog_commands = catalog.add_subparsers(title="catalog commands", metavar="COMMAND")
    check = catalog_commands.add_parser("check", help="validate catalog data files")
    check.add_argument("folder", nargs="?", type=Path, help="a catalog folder (default: the shipped catalog)")
    check.set_defaults(handler=run_check)


def run_check(args: argparse.Namespace) -> int:
    from caisa_studio.catalog import load_catalog

    catalog = load_catalog(args.folder)
    items = sum(len(f.items) for f in catalog.frameworks.values())
    print(
        f"catalog OK: {len(catalog.kinds)} component kinds, {len(catalog.controls)} controls, "
        f"{len(catalog.component_properties) + len(catalog.flow_properties)} properties, "
        f"{len(catalog.frameworks)} frameworks ({items} reference IDs)"
    )
    return EXIT_OK
