"""``caisa report``: exit codes, one-line errors, no partial files, and what it loads.

Runs the real command in subprocesses, as CI pipelines do."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import EXAMPLE, REPO_ROOT


def caisa(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "caisa_studio.cli", *args],
        cwd=cwd or REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize("name", ["report.pdf", "report.md", "findings.json", "findings.csv"])
def test_writes_each_format(tmp_path: Path, name: str) -> None:
    output = tmp_path / name
    result = caisa("report", str(EXAMPLE), "-o", str(output), "--author", "Ada", "--page-size", "letter")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert output.stat().st_size > 0
    assert "wrote" in result.stdout
    expected = {output.name} | ({"report-diagram.svg"} if name.endswith(".md") else set())
    assert {p.name for p in tmp_path.iterdir()} == expected


def test_json_equals_validate_output(tmp_path: Path) -> None:
    output = tmp_path / "findings.json"
    assert caisa("report", str(EXAMPLE), "-o", str(output)).returncode == 0
    validate = caisa("validate", str(EXAMPLE), "--format", "json")
    assert json.loads(output.read_text(encoding="utf-8")) == json.loads(validate.stdout)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["{example}", "-o", "{tmp}/report.docx"], "choose a .pdf, .md, .json or .csv file name"),
        (["{tmp}/missing.caisa.json", "-o", "{tmp}/report.pdf"], "missing.caisa.json"),
        (["{example}", "-o", "{tmp}/no/such/folder/report.pdf"], "does not exist"),
        (["{bad}", "-o", "{tmp}/report.pdf"], "bad.caisa.json"),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    bad = tmp_path / "bad.caisa.json"
    bad.write_text("{ not json", encoding="utf-8")
    values = {"example": str(EXAMPLE), "tmp": str(tmp_path), "bad": str(bad)}
    result = caisa("report", *[a.format(**values) for a in args])
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("caisa: error:"), result.stderr
    assert message in lines[0]
    assert {p.name for p in tmp_path.iterdir()} == {"bad.caisa.json"}  # nothing written


def test_bad_page_size_is_a_usage_error(tmp_path: Path) -> None:
    result = caisa("report", str(EXAMPLE), "-o", str(tmp_path / "r.pdf"), "--page-size", "a3")
    assert result.returncode == 2
    assert not (tmp_path / "r.pdf").exists()


def test_unwritable_target_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    target.mkdir()  # a folder where the file should go: the final rename fails
    result = caisa("report", str(EXAMPLE), "-o", str(target))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"] and target.is_dir()


PROBE = """
import contextlib, io, json, sys
import caisa_studio.cli as cli
loaded = lambda prefix: any(m == prefix or m.startswith(prefix + ".") for m in sys.modules)
report = {"import": [loaded("PySide6"), loaded("reportlab"), loaded("pypdf")]}
with contextlib.redirect_stdout(io.StringIO()):
    report["code"] = cli.main(["report", sys.argv[1], "-o", sys.argv[2]])
report["run"] = [loaded("PySide6"), loaded("reportlab"), loaded("pypdf")]
print(json.dumps(report))
"""


def test_cli_loads_heavy_libraries_only_when_needed(tmp_path: Path) -> None:
    def probe(name: str) -> dict[str, object]:
        process = subprocess.run(
            [sys.executable, "-c", PROBE, str(EXAMPLE), str(tmp_path / name)],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert process.returncode == 0, process.stderr
        return json.loads(process.stdout)  # type: ignore[no-any-return]

    assert probe("findings.csv") == {"import": [False, False, False], "code": 0, "run": [False, False, False]}
    # The PDF report needs Qt (the diagram) and reportlab; never pypdf (the diagram page is read by
    # export.pdf.pdf_source).
    assert probe("report.pdf") == {"import": [False, False, False], "code": 0, "run": [True, True, False]}
