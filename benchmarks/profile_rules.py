"""Per-rule cost of a validation run on a synthetic design: which rules dominate, and what else does.

Why: ``benchmarks/run.py`` says how long a validation takes; this says where the time goes, so the
slowest rules can be fixed first. Usage (from the repository root)::

    uv run python benchmarks/profile_rules.py [SIZE] [--seed N] [--repeat 3] [--top 15] [--update]

Each rule is timed as the engine runs it (``Validator._run_rule``: all its subjects, with dependency
recording), the median over ``--repeat`` fresh full validations of the same design. The first rule to
ask for a shared per-run value (a path search, a memoised index) pays for it, so a rule's figure can
include work that later rules reuse. ``--update`` also ticks one control as ``benchmarks/run.py``
does and lists the rules the incremental update re-ran, with their times.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from synthetic import generate_design

from caisa_studio.catalog import default_catalog
from caisa_studio.model import ControlState, ControlStatus, DesignDocument
from caisa_studio.model.edits import SetControl
from caisa_studio.rules import Validator
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.engine import _is_global, _State
from caisa_studio.rules.registry import Rule

Clock = Callable[[], float]


class TimedValidator(Validator):
    """A validator that records how long each rule took, per run (wall clock, or with ``--cpu`` this
    process's CPU time, which is steadier on a busy machine)."""

    def __init__(self, clock: Clock = time.perf_counter) -> None:
        super().__init__()
        self.clock = clock
        self.times: dict[str, float] = {}

    def _run_rule(self, ctx: RuleContext, rule: Rule, state: _State, subjects: set[str] | None) -> set[str]:
        started = self.clock()
        changed = super()._run_rule(ctx, rule, state, subjects)
        self.times[rule.meta.id] = self.times.get(rule.meta.id, 0.0) + self.clock() - started
        return changed


def milliseconds(seconds: float) -> str:
    return f"{seconds * 1000:9.1f} ms"


def profile_full(size: int, seed: int, repeat: int, top: int, clock: Clock) -> None:
    design = generate_design(size, seed=seed)
    per_rule: dict[str, list[float]] = defaultdict(list)
    totals: list[float] = []
    engine: list[float] = []
    for _ in range(repeat):
        validator = TimedValidator(clock)
        started = clock()
        validator.full(design)
        totals.append(clock() - started)
        engine.append(totals[-1] - sum(validator.times.values()))
        for rule_id, seconds in validator.times.items():
            per_rule[rule_id].append(seconds)
    medians = {rule_id: statistics.median(samples) for rule_id, samples in per_rule.items()}
    total = statistics.median(totals)
    kind = "CPU" if clock is time.process_time else "wall-clock"
    print(f"full validation of {size} components ({kind} time, median of {repeat}): {milliseconds(total)}")
    for rule_id, seconds in sorted(medians.items(), key=lambda item: -item[1])[:top]:
        print(f"  {rule_id:10} {milliseconds(seconds)}")
    print(f"  {'engine':10} {milliseconds(statistics.median(engine))}  (facts, snapshot, sorting, tracking)")


def profile_update(size: int, seed: int, clock: Clock) -> None:
    design = generate_design(size, seed=seed)
    validator = TimedValidator(clock)
    result = validator.full(design)
    target: tuple[str, str] | None = next(
        ((f.subject, "enc_in_transit") for f in result.findings if f.rule == "R-ENC-02" and f.is_open), None
    )
    element_id, control_id = target or (next(iter(design.flows)), "enc_in_transit")
    document = DesignDocument(design)
    reach = {r.meta.id: "global (read what changed)" if _is_global(r) else "local" for r in validator.rules}
    validator.times.clear()
    started = clock()
    changes: Any = document.apply(
        SetControl(element_id, control_id, ControlState(status=ControlStatus.IMPLEMENTED))
    )
    _, delta = validator.update(document.design, changes)
    total = clock() - started
    print(
        f"\nupdate after {control_id} on {element_id}: {milliseconds(total).strip()} "
        f"(+{len(delta.added)} -{len(delta.removed)} ~{len(delta.changed)}); rules re-run:"
    )
    for rule_id, seconds in sorted(validator.times.items(), key=lambda item: -item[1]):
        print(f"  {rule_id:10} {milliseconds(seconds)}  {reach[rule_id]}")
    print(f"  {'engine':10} {milliseconds(total - sum(validator.times.values()))}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("size", type=int, nargs="?", default=1000, help="components in the design")
    parser.add_argument("--seed", type=int, default=20250101, help="generator seed")
    parser.add_argument("--repeat", type=int, default=3, help="full validations to take the median of")
    parser.add_argument("--top", type=int, default=15, help="how many of the slowest rules to list")
    parser.add_argument("--update", action="store_true", help="also profile one incremental update")
    parser.add_argument("--cpu", action="store_true", help="measure CPU time instead of wall-clock time")
    args = parser.parse_args(argv)
    if args.size < 2 or args.repeat < 1 or args.top < 1:
        parser.error("size must be at least 2, --repeat and --top at least 1")
    default_catalog()  # load once, outside every measurement
    TimedValidator().full(generate_design(min(args.size, 50), seed=args.seed))  # warm up imports
    clock: Clock = time.process_time if args.cpu else time.perf_counter
    profile_full(args.size, args.seed, args.repeat, args.top, clock)
    if args.update:
        profile_update(args.size, args.seed, clock)
    return 0


if __name__ == "__main__":
    sys.exit(main())
