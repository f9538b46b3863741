"""The validator: runs every rule over a design, applies risk tracking, and re-validates edits.

``full`` is what the CLI runs. ``update`` is what the studio runs after each edit: position-only
edits cost nothing; local rules re-run only around the edited elements; global (path and design)
rules re-run only when something they read — recorded while they last ran — has changed, and then
reuse the topology and every memoised search or set that read none of what changed (``Memos``).
Rules may name their candidate subjects, so a full run skips components they cannot fire on.
A property test proves ``update`` always equals ``full``.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from caisa_studio.analysis import DesignFacts, Topology
from caisa_studio.analysis.facts import Memos
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
    memos: Memos
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
        with _cyclic_gc_paused():
            facts = DesignFacts(design, self.catalog)
            ctx = RuleContext(design, self.catalog, facts)
            state = _State(design, Snapshot.of(design), facts.topo, facts.memos, raw={})
            for rule in self.rules:
                self._run_rule(ctx, rule, state, subjects=None)
            self._state = state
            return self._finish(state)

    def update(self, design: Design, changes: ChangeSet) -> tuple[ValidationResult, FindingsDelta]:
        """Re-validate after ``changes`` were applied to ``design`` (the design last validated)."""
        with _cyclic_gc_paused():
            return self._update(design, changes)

    def _update(self, design: Design, changes: ChangeSet) -> tuple[ValidationResult, FindingsDelta]:
        state = self._state
        if state is None or state.result is None or state.design is not design or changes.design_modified:
            return self._full_with_delta(design)
        previous = state.result
        if changes.geometry_only:
            return previous, FindingsDelta()
        impact = assess(state.snapshot, design, changes)
        old_topology = state.topology
        if impact.structure:
            facts = DesignFacts(design, self.catalog)
        else:  # what the edit cannot have changed is kept: the topology, and memos that read none of it
            topology = old_topology.with_new_sources() if impact.sources else old_topology
            facts = DesignFacts(
                design, self.catalog, topology=topology, memos=state.memos.surviving(impact.aspects)
            )
        ctx = RuleContext(design, self.catalog, facts)
        affected = neighbourhoods(impact.changed, state.snapshot, old_topology, design, facts.topo)
        # Finding IDs whose finding may differ from the previous result: those the re-run rules
        # replaced or dropped, and every tracked one (an edit or the date can change its status).
        dirty: set[str] = set(changes.risk_keys)
        for rule in self.rules:
            if _is_global(rule):
                if impact.structure or impact.aspects & state.reads.get(rule.meta.id, frozenset()):
                    dirty |= self._run_rule(ctx, rule, state, subjects=None)
            elif affected:
                dirty |= self._run_rule(ctx, rule, state, subjects=affected)
        state.snapshot = Snapshot.of(design) if impact.changed else state.snapshot
        state.topology = facts.topo
        state.memos = facts.memos
        result = self._finish(state)
        dirty.update(design.risk_tracking)
        return result, _delta(previous, result, dirty)

    def _full_with_delta(self, design: Design) -> tuple[ValidationResult, FindingsDelta]:
        previous = self.last_result
        result = self.full(design)
        return result, diff_results(previous, result) if previous else FindingsDelta(added=result.findings)

    def _run_rule(self, ctx: RuleContext, rule: Rule, state: _State, subjects: set[str] | None) -> set[str]:
        """Run one rule over all its subjects, or (local rules) re-run it on ``subjects`` only; returns
        the IDs of the findings it added, replaced or dropped."""
        rule_id = rule.meta.id
        global_rule = _is_global(rule)
        if global_rule:
            ctx.facts.start_recording()
        try:
            if subjects is None:
                kept: dict[str, Finding] = {}
                candidates: Iterable[Any] = _subjects(ctx, rule)
            else:
                # A finding's ID is ``rule@subject``: drop those of the subjects checked again.
                kept = dict(state.raw.get(rule_id, {}))
                for subject_id in subjects:
                    kept.pop(f"{rule_id}@{subject_id}", None)
                table = _table(ctx.design, rule)
                candidates = [table[s] for s in sorted(subjects) if s in table]
            for subject in candidates:
                for finding in rule.check(ctx, subject):
                    kept[finding.id] = finding
        finally:
            if global_rule:
                state.reads[rule_id] = ctx.facts.stop_recording()
        before = state.raw.get(rule_id)
        state.raw[rule_id] = kept
        if not before:
            return set(kept)
        return {key for key in before.keys() | kept.keys() if before.get(key) is not kept.get(key)}

    def _finish(self, state: _State) -> ValidationResult:
        # Sorted by ID: the keys of ``raw``, so no finding is compared or asked for its ID. Tracking
        # applies to the few findings that have an entry (the stale entries are the same either way).
        merged: dict[str, Finding] = {}
        for findings in state.raw.values():
            merged.update(findings)
        tracking = state.design.risk_tracking
        tracked_keys = sorted(key for key in tracking if key in merged)
        if tracking:
            tracked, stale = apply_tracking(
                [merged[key] for key in tracked_keys], tracking, self._today or date.today()
            )
            merged.update(zip(tracked_keys, tracked, strict=True))
        else:
            stale = []
        state.result = ValidationResult(tuple(merged[key] for key in sorted(merged)), tuple(stale))
        return state.result


def _delta(before: ValidationResult, after: ValidationResult, dirty: set[str]) -> FindingsDelta:
    """``diff_results(before, after)`` when only the findings with IDs in ``dirty`` can differ."""
    old, new = before._index, after._index
    keys = sorted(dirty)
    added = tuple(new[key] for key in keys if key in new and key not in old)
    removed = tuple(key for key in keys if key in old and key not in new)
    changed = tuple(new[key] for key in keys if key in new and key in old and old[key] != new[key])
    return FindingsDelta(added, removed, changed)


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while rules run. A validation allocates hundreds of thousands of
    short-lived, acyclic objects (tuples, sets, findings), which make the collector walk every object
    of the design again and again (10-20 % of a large validation) and find nothing; what does become
    garbage is collected after the run as usual."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _is_global(rule: Rule) -> bool:
    return rule.meta.reach == "global" or rule.meta.scope == "design"


def _table(design: Design, rule: Rule) -> dict[str, Any]:
    return {"component": design.components, "flow": design.flows, "boundary": design.boundaries}[
        rule.meta.scope
    ]


def _subjects(ctx: RuleContext, rule: Rule) -> Iterable[Any]:
    """What a full run of ``rule`` checks: the design, or its components or flows (only the rule's
    candidates, in design order, when the rule names them)."""
    design = ctx.design
    if rule.meta.scope == "design":
        return (design,)
    table = _table(design, rule)
    if rule.candidates is None:
        return list(table.values())
    candidates = rule.candidates(ctx)
    if len(candidates) * 4 > len(table):
        return [subject for subject_id, subject in table.items() if subject_id in candidates]
    return [table[i] for i in sorted(candidates) if i in table]
