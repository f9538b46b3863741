"""Conformance as a validator rule: runs live when the design declares a reference architecture
(``properties.reference``) or when one is forced (``caisa validate --reference``)."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.model import Design
from caisa_studio.reference.conformance import ConformanceReport, check_conformance
from caisa_studio.reference.loader import reference_by_id
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity
from caisa_studio.rules.registry import Rule, builtin_rules

META = RuleMeta(
    id="R-RA",
    title="Conformance to the chosen secure reference architecture",
    severity=Severity.HIGH,
    scope="design",
    why="A design that claims a reference architecture must have what the reference relies on.",
    fix="Add what the reference expects, or choose another reference.",
    references=(Reference("nist-ai-rmf", "MAP 4.2"),),
    reach="global",
)


class UnknownReference(ValueError):
    """The design names a reference architecture this version does not ship."""


def conformance_for(ctx: RuleContext, override: str | None = None) -> ConformanceReport | None:
    reference_id = override or ctx.design.properties.reference
    if not reference_id:
        return None
    reference = reference_by_id(reference_id)
    if reference is None:
        return None
    return check_conformance(ctx.facts, reference)


def conformance_rule(override: str | None = None) -> Rule:
    """The rule object the validator runs; ``override`` replaces the design's own reference."""

    def check(ctx: RuleContext, design: Design) -> Iterator[Finding]:
        report = conformance_for(ctx, override)
        if report is not None:
            yield from report.findings

    return Rule(META, check)


def all_rules(reference_override: str | None = None) -> tuple[Rule, ...]:
    """Every built-in rule plus reference conformance: what the studio and the CLI run."""
    if reference_override and reference_by_id(reference_override) is None:
        raise UnknownReference(f"unknown reference architecture {reference_override!r}")
    return (*builtin_rules(), conformance_rule(reference_override))
