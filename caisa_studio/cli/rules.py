"""``caisa rules list|doc``: the rules and their documentation, generated from each rule's META."""

from __future__ import annotations

import argparse
import json
from typing import Any

from caisa_studio.cli.common import EXIT_OK, BadInput


def register(commands: Any) -> None:
    rules = commands.add_parser("rules", help="list and document the validation rules")
    rules_commands = rules.add_subparsers(title="rules commands", metavar="COMMAND")
    listing = rules_commands.add_parser("list", help="list every rule")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    listing.set_defaults(handler=run_list)
    doc = rules_commands.add_parser("doc", help="show one rule's documentation")
    doc.add_argument("rule", help="a rule ID such as R-ENC-02")
    doc.set_defaults(handler=run_doc)


def run_list(args: argparse.Namespace) -> int:
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


def run_doc(args: argparse.Namespace) -> int:
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
