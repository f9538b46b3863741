"""Benchmark load, validation, incremental updates, attack paths and save on example and synthetic designs.

Why: the studio re-validates on every edit and the CLI runs in CI on large estates, so we track
how these costs grow with design size. Usage (from the repository root)::

    uv run python benchmarks/run.py [--sizes 100 1000 5000] [--repeat 5] [--json] [--keep DIR]

Each figure is the median of ``--repeat`` runs in milliseconds (``time.perf_counter``); every run
starts from a fresh ``load_design`` so updates never see a warm previous edit. Peak memory is the
``tracemalloc`` peak of one load + full validation (the shipped catalog is loaded beforehand and not
counted).
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from synthetic import generate_design

from caisa_studio.analysis import DesignFacts
from caisa_studio.analysis.attack_paths import find_attack_paths
from caisa_studio.catalog import default_catalog
from caisa_studio.catalog.resources import default_example
from caisa_studio.io import load_design, save_design
from caisa_studio.model import ControlState, ControlStatus, Design, DesignDocument
from caisa_studio.model.edits import MoveComponents, SetControl
from caisa_studio.rules import ValidationResult, Validator

T = TypeVar("T")

COLUMNS = [
    ("load", "load"),
    ("full", "full validation"),
    ("update_move", "update (move)"),
    ("update_control", "update (control)"),
    ("attack_paths", "attack paths"),
    ("save", "save"),
]


@dataclass
class Row:
    name: str
    components: int
    flows: int
    boundaries: int
    data_assets: int
    findings: int
    file_kib: float
    samples_ms: dict[str, list[float]] = field(default_factory=dict)
    peak_mib: float = 0.0
    control_delta: str = ""

    def median(self, key: str) -> float:
        return statistics.median(self.samples_ms[key])


def timed(action: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    value = action()
    return value, (time.perf_counter() - started) * 1000.0


def control_target(design: Design, result: ValidationResult) -> tuple[str, str]:
    """A realistic single tick: encrypt a flow R-ENC-02 flagged (else any flow, else any component)."""
    for finding in result.findings:
        if finding.rule == "R-ENC-02" and finding.is_open:
            return finding.subject, "enc_in_transit"
    if design.flows:
        return next(iter(design.flows)), "enc_in_transit"
    return next(iter(design.components)), "audit_logging"


def measure(name: str, path: Path, repeat: int, scratch: Path) -> Row:
    """Time every step ``repeat`` times (after one untimed warm-up) and take medians."""
    samples: dict[str, list[float]] = {key: [] for key, _ in COLUMNS}
    row: Row | None = None
    out = scratch / f"{path.stem}.saved.json"
    for run in range(repeat + 1):
        design, load_ms = timed(lambda: load_design(path))
        validator = Validator()
        result, full_ms = timed(lambda: validator.full(design))  # noqa: B023 - called immediately
        document = DesignDocument(design)

        mover = next(iter(design.components.values()))
        x, y = mover.position
        move = MoveComponents(((mover.id, (x + 24.0, y + 16.0)),))

        def move_and_update() -> Any:
            changes = document.apply(move)  # noqa: B023 - called immediately
            return validator.update(document.design, changes)  # noqa: B023

        (moved_result, move_delta), move_ms = timed(move_and_update)
        assert moved_result is result and move_delta.empty, "a move must reuse the previous result"

        element_id, control_id = control_target(design, result)
        tick = SetControl(element_id, control_id, ControlState(status=ControlStatus.IMPLEMENTED))

        def tick_and_update() -> Any:
            changes = document.apply(tick)  # noqa: B023 - called immediately
            return validator.update(document.design, changes)  # noqa: B023

        (ticked, delta), control_ms = timed(tick_and_update)
        # What ``caisa paths`` does: derive the facts, then the (bounded) attack-path search.
        _, paths_ms = timed(lambda: find_attack_paths(DesignFacts(document.design, validator.catalog)))  # noqa: B023
        _, save_ms = timed(lambda: save_design(document.design, out))  # noqa: B023

        if run == 0:  # warm-up: imports, caches, first-touch allocations; also checks correctness
            fresh = Validator().full(document.design)
            if ticked.findings != fresh.findings:
                raise AssertionError(f"{name}: incremental update differs from a full validation")
            row = Row(
                name=name,
                components=len(design.components),
                flows=len(design.flows),
                boundaries=len(design.boundaries),
                data_assets=len(design.data_assets),
                findings=len(result.findings),
                file_kib=path.stat().st_size / 1024,
                control_delta=(
                    f"{control_id} on {element_id}: +{len(delta.added)} -{len(delta.removed)} "
                    f"~{len(delta.changed)}"
                ),
            )
            continue
        for key, value in zip(
            (k for k, _ in COLUMNS), (load_ms, full_ms, move_ms, control_ms, paths_ms, save_ms), strict=True
        ):
            samples[key].append(value)
    assert row is not None
    row.samples_ms = samples
    row.peak_mib = peak_memory(path)
    return row


def peak_memory(path: Path) -> float:
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        Validator().full(load_design(path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / (1024 * 1024)


def markdown(rows: list[Row], repeat: int) -> str:
    header = (
        "| design | components | flows | boundaries | assets | findings | file KiB | "
        + " | ".join(f"{label} ms" for _, label in COLUMNS)
        + " | peak MiB |"
    )
    lines = [
        f"CAISA Studio benchmark — Python {platform.python_version()} on {platform.machine()}, "
        f"median of {repeat} runs",
        "",
        header,
        "|" + "---|" * (header.count("|") - 1),
    ]
    for row in rows:
        figures = " | ".join(f"{row.median(key):.1f}" for key, _ in COLUMNS)
        lines.append(
            f"| {row.name} | {row.components} | {row.flows} | {row.boundaries} | {row.data_assets} | "
            f"{row.findings} | {row.file_kib:.0f} | {figures} | {row.peak_mib:.1f} |"
        )
    lines.append("")
    lines.append("Control edit per design: " + "; ".join(f"{r.name}: {r.control_delta}" for r in rows))
    return "\n".join(lines)


def as_json(rows: list[Row], repeat: int, seed: int) -> str:
    document = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "repeat": repeat,
        "seed": seed,
        "unit": "ms",
        "results": [
            {
                **{k: v for k, v in asdict(row).items() if k != "samples_ms"},
                "median_ms": {key: row.median(key) for key, _ in COLUMNS},
                "samples_ms": row.samples_ms,
            }
            for row in rows
        ],
    }
    return json.dumps(document, indent=2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000], help="component counts")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per step (median reported)")
    parser.add_argument("--seed", type=int, default=20250101, help="generator seed")
    parser.add_argument("--json", action="store_true", help="print machine-readable results instead")
    parser.add_argument("--keep", type=Path, help="write the generated designs here (kept after the run)")
    args = parser.parse_args(argv)
    if args.repeat < 1 or any(size < 2 for size in args.sizes):
        parser.error("--repeat must be at least 1 and every size at least 2")

    default_catalog()  # load once, outside every measurement
    with tempfile.TemporaryDirectory(prefix="caisa-bench-") as temporary:
        folder = args.keep or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        scratch = Path(temporary)
        rows = [measure("bundled example", default_example(), args.repeat, scratch)]
        for size in args.sizes:
            path = folder / f"synthetic-{size}.caisa.json"
            save_design(generate_design(size, seed=args.seed), path)
            rows.append(measure(f"synthetic {size}", path, args.repeat, scratch))
            print(f"measured {size} components", file=sys.stderr)
    print(as_json(rows, args.repeat, args.seed) if args.json else markdown(rows, args.repeat))
    return 0


if __name__ == "__main__":
    sys.exit(main())
