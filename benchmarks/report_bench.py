"""Benchmark the design reports and the diagram export against the budgets of issue 6.

Usage (from the repository root)::

    uv run python benchmarks/report_bench.py [--repeat 3] [--json]

* "cold": a fresh ``caisa report`` process (imports of pydantic, reportlab and Qt included);
* "warm": the same call in a process that has made one report already (what the studio sees);
* figures are medians of ``--repeat`` runs, wall clock (``perf_counter``) and CPU (``process_time``);
  on a busy machine the CPU time is the steadier figure.

Budgets: report for the example ≤ 2 s, for a 200-component design ≤ 5 s, diagram export of
1,000 components ≤ 2 s. Synthetic designs come from ``benchmarks/synthetic.py``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from synthetic import generate_design  # noqa: E402

from caisa_studio.catalog import default_catalog  # noqa: E402
from caisa_studio.catalog.resources import default_example  # noqa: E402
from caisa_studio.io import load_design, save_design  # noqa: E402
from caisa_studio.model import Design  # noqa: E402


@dataclass
class Row:
    task: str
    budget_s: float | None
    wall_s: float
    cpu_s: float
    note: str = ""

    @property
    def verdict(self) -> str:
        if self.budget_s is None:
            return ""
        return (
            "ok" if self.wall_s <= self.budget_s else ("ok (cpu)" if self.cpu_s <= self.budget_s else "OVER")
        )


def measure(action: Callable[[], object], repeat: int) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def cold_cli(design_file: Path, output: Path, repeat: int) -> tuple[float, float]:
    """A fresh process per run; CPU time is the child's user + system time.

    Users have bytecode caches, so the child may write them (even where PYTHONDONTWRITEBYTECODE is
    set) and an untimed first run makes sure they exist."""
    import os
    import resource

    command = [sys.executable, "-m", "caisa_studio.cli", "report", str(design_file), "-o", str(output)]
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(command, cwd=REPO, env=env, check=True, capture_output=True)
    walls, cpus = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, cwd=REPO, env=env, check=True, capture_output=True)
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    return statistics.median(walls), statistics.median(cpus)


def pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args()

    from caisa_studio.export.diagram_image import ExportOptions, export_diagram
    from caisa_studio.export.report_job import write_report
    from caisa_studio.render.view_model import build_view
    from caisa_studio.rules import Validator

    rows: list[Row] = []
    example = load_design(default_example())
    estate = generate_design(200)
    huge = generate_design(1000)
    with tempfile.TemporaryDirectory(prefix="caisa-report-bench-") as folder:
        scratch = Path(folder)
        estate_file = scratch / "estate-200.caisa.json"
        save_design(estate, estate_file)

        def report(design: Design, name: str) -> Callable[[], object]:
            return lambda: write_report(design, scratch / name)

        write_report(example, scratch / "warm-up.pdf")  # imports, fonts, Qt application
        wall, cpu = cold_cli(default_example(), scratch / "cold.pdf", args.repeat)
        rows.append(
            Row(
                "example: PDF report, cold CLI process",
                2.0,
                wall,
                cpu,
                f"{pages(scratch / 'cold.pdf')} pages",
            )
        )
        wall, cpu = measure(report(example, "example.pdf"), args.repeat)
        rows.append(
            Row("example: PDF report, warm", 2.0, wall, cpu, f"{pages(scratch / 'example.pdf')} pages")
        )
        for suffix in ("md", "json", "csv"):
            wall, cpu = measure(report(example, f"example.{suffix}"), args.repeat)
            rows.append(Row(f"example: {suffix.upper()} report, warm", None, wall, cpu))
        wall, cpu = cold_cli(estate_file, scratch / "estate-cold.pdf", args.repeat)
        rows.append(
            Row(
                "200 components: PDF report, cold CLI process",
                5.0,
                wall,
                cpu,
                f"{pages(scratch / 'estate-cold.pdf')} pages",
            )
        )
        wall, cpu = measure(report(estate, "estate.pdf"), args.repeat)
        rows.append(Row("200 components: PDF report, warm", 5.0, wall, cpu, f"{len(estate.flows)} flows"))

        view = build_view(huge, default_catalog(), Validator().full(huge))
        for suffix in ("pdf", "svg", "png"):  # the budget holds for every diagram format
            target = scratch / f"huge.{suffix}"
            options = ExportOptions(scale=1.0)  # PNG: capped at COMFORTABLE_PNG_PIXELS either way
            wall, cpu = measure(
                lambda target=target, options=options: export_diagram(view, target, options), args.repeat
            )
            size = target.stat().st_size / 1024
            rows.append(
                Row(
                    f"1,000 components: diagram {suffix.upper()}",
                    2.0,
                    wall,
                    cpu,
                    f"{size:,.0f} KiB",
                )
            )

    if args.json:
        print(json.dumps([asdict(r) | {"verdict": r.verdict} for r in rows], indent=2))
        return 0
    width = max(len(r.task) for r in rows)
    print(f"{'task':<{width}}  {'budget':>7}  {'wall':>7}  {'cpu':>7}  verdict   note")
    for r in rows:
        budget = f"{r.budget_s:.1f} s" if r.budget_s is not None else ""
        print(f"{r.task:<{width}}  {budget:>7}  {r.wall_s:6.2f}s  {r.cpu_s:6.2f}s  {r.verdict:<8}  {r.note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
