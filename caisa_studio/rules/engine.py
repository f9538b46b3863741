"""The validator: runs every rule over a design, applies risk tracking, and re-validates edits.

``full`` is what the CLI runs. ``update`` is what the studio runs after each edit: position-only
edits cost nothing; local rules re-run only around the edited elements; global (path and design)
rules re-run only when something they read — recorded while they last ran — has changed.
A property test proves ``update`` always equals ``full``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from caisa_studio.analysis import DesignFacts, Topology
from caisa_studio.catalog import Catalog, default_catalog
from caisa_studio.model import ChangeSet, Design
from caisa_studio.rules.change_impact import Snapshot, assess, neighbourhoods
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding
from caisa_studio.rules.registry import Rule, builtin_rules
from caisa_studio.rules.results import FindingsDelta, ValidationResult, diff_results
from caisa_studio.rules.tracking import apply_tracking

__all__ = ["FindingsDelta", "ValidationResult", "Validator", "diff_results"]


@dataclass
class _State:
    """What the validator remembers between runs of one document."""

    design: Design
    snapshot: Snapshot
    topology: Topology
    raw: dict[str, dict[str, Finding]]
    reads: dict[str, frozenset[str]] = field(default_factory=dict)
    result: ValidationResult | None = None


class Validator:
    """Runs rules over designs. Use one instance per open document: it remembers the last run."""

    def __init__(
        self,
        catalog: Catalog | None = None,
        rules: Iterable[Rule] | None = None,
        today: date | None = None,
    ) -> None:
        self.catalog = catalog or default_catalog()
        self.rules = tuple(rules) if rules is not None else builtin_rules()
        self._today = today
        self._state: _State | None = None

    @property
    def last_result(self) -> ValidationResult | None:
        return self._state.result if self._state else None

    def full(self, design: Design) -> ValidationResult:
        facts = DesignFacts(design, self.catalog)
        ctx = RuleContext(design, self.catalog, facts)
        state = _State(design, Snapshot.of(design), facts.topo, raw={})
        for rule in self.rules:
            self._run_rule(ctx, rule, state, subjects=None)
        self._state = state
        return self._finish(state)

    def update(self, design: Design, changes: ChangeSet) -> tuple[ValidationResult, FindingsDelta]:
        """Re-validate after ``changes`` were applied to ``design`` (the design last validated)."""
        state = self._state
        if state is None or state.result is None or state.design is not design or changes.design_modified:
            return self._full_with_delta(design)
        previous = state.result
        if changes.geometry_only:
            return previous, FindingsDelta()
        impact = assess(state.snapshot, design, changes)
        old_topology = state.topology
        facts = DesignFacts(design, self.catalog, topology=None if impact.structure else old_topology)
        ctx = RuleContext(design, self.catalog, facts)
        affected = neighbourhoods(impact.changed, state.snapshot, old_topology, design, facts.topo)
        for rule in self.rules:
            if _is_global(rule):
                if impact.structure or impact.aspects & state.reads.get(rule.meta.id, frozenset()):
                    self._run_rule(ctx, rule, state, subjects=None)
            elif affected:
                self._run_rule(ctx, rule, state, subjects=affected)
        state.snapshot = Snapshot.of(design) if impact.changed else state.snapshot
        state.topology = facts.topo
        result = self._finish(state)
        return result, diff_results(previous, result)

    def _full_with_delta(self, design: Design) -> tuple[ValidationResult, FindingsDelta]:
        previous = self.last_result
        result = self.full(design)
        return result, diff_results(previous, result) if previous else FindingsDelta(added=result.findings)

    def _run_rule(self, ctx: RuleContext, rule: Rule, state: _State, subjects: set[str] | None) -> None:
        """Run one rule over all its subjects, or (local rules) re-run it on ``subjects`` only."""
        rule_id = rule.meta.id
        if subjects is None:
            kept: dict[str, Finding] = {}
            candidates: Iterable[Any] = _subjects(ctx.design, rule)
        else:
            kept = {k: f for k, f in state.raw.get(rule_id, {}).items() if f.subject not in subjects}
            table = _table(ctx.design, rule)
            candidates = [table[s] for s in sorted(subjects) if s in table]
        global_rule = _is_global(rule)
        if global_rule:
            ctx.facts.start_recording()
        try:
            for subject in candidates:
                for finding in rule.check(ctx, subject):
                    kept[finding.id] = finding
        finally:
            if global_rule:
                state.reads[rule_id] = ctx.facts.stop_recording()
        state.raw[rule_id] = kept

    def _finish(self, state: _State) -> ValidationResult:
        raw = sorted((f for findings in state.raw.values() for f in findings.values()), key=lambda f: f.id)
        tracked, stale = apply_tracking(raw, state.design.risk_tracking, self._today or date.today())
        state.result = ValidationResult(tuple(tracked), tuple(stale))
        return state.result


def _is_global(rule: Rule) -> bool:
    return rule.meta.reach == "global" or rule.meta.scope == "design"


def _table(design: Design, rule: Rule) -> dict[str, Any]:
    return {"component": design.components, "flow": design.flows, "boundary": design.boundaries}[
        rule.meta.scope
    ]


def _subjects(design: Design, rule: Rule) -> Iterable[Any]:
    if rule.meta.scope == "design":
        return (design,)
    return list(_table(design, rule).values())
