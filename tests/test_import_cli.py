"""``caisa import``: run for real in subprocesses, as users and CI pipelines run it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from caisa_studio.cli.interop import output_paths
from caisa_studio.io import load_design

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA = REPO_ROOT.parent / "shared" / "data"


def caisa(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "caisa_studio.cli", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def test_import_writes_a_design_that_loads(tmp_path: Path) -> None:
    target = tmp_path / "threagile.caisa.json"
    result = caisa("import", DATA / "threagile" / "threagile-example-model.yaml", "-o", target, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert f"{target}: 14 components, 20 flows" in result.stdout
    design = load_design(target)
    assert len(design.components) == 14
    validated = caisa("validate", target, "--fail-on", "never", cwd=tmp_path)
    assert validated.returncode == 0, validated.stderr


def test_import_detects_the_format_from_content_not_extension(tmp_path: Path) -> None:
    disguised = tmp_path / "model.txt"
    disguised.write_bytes((DATA / "tm7" / "MTMT_example.tm7").read_bytes())
    result = caisa("import", disguised, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(load_design(tmp_path / "model.caisa.json").components) == 4


def test_import_report_is_printed_on_request(tmp_path: Path) -> None:
    result = caisa(
        "import",
        DATA / "threat-dragon" / "v2-threat-model.json",
        "-o",
        tmp_path / "x.caisa.json",
        "--report",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "What became what" in out
    assert 'actor "Browser" → human_user' in out
    assert 'flow "Web Request": its source end is not attached to an element' in out
    assert "Threats kept as notes" in out


def test_every_diagram_gets_its_own_file(tmp_path: Path) -> None:
    source = tmp_path / "td.json"
    source.write_bytes((DATA / "threat-dragon" / "td-test-model.json").read_bytes())
    result = caisa("import", source, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in tmp_path.glob("*.caisa.json"))
    assert written == [f"td-{n}.caisa.json" for n in range(1, 5)]
    assert len(load_design(tmp_path / "td-1.caisa.json").components) == 14


def test_one_diagram_by_number(tmp_path: Path) -> None:
    target = tmp_path / "second.caisa.json"
    result = caisa(
        "import", DATA / "threat-dragon" / "td-test-model.json", "--diagram", "2", "-o", target, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert len(load_design(target).components) == 4


@pytest.mark.parametrize("diagram", ["0", "9"])
def test_bad_diagram_number_exits_2(tmp_path: Path, diagram: str) -> None:
    result = caisa(
        "import", DATA / "threat-dragon" / "td-test-model.json", "--diagram", diagram, cwd=tmp_path
    )
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("caisa: error: ")
    assert not list(tmp_path.glob("*.caisa.json"))


def test_missing_file_exits_2(tmp_path: Path) -> None:
    result = caisa("import", tmp_path / "nope.json", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == f"caisa: error: {tmp_path / 'nope.json'}: no such file"


def test_import_never_overwrites_its_source(tmp_path: Path) -> None:
    source = tmp_path / "model.caisa.json"
    source.write_bytes((DATA / "otm" / "EXAMPLE.json").read_bytes())
    result = caisa("import", source, "-o", source, cwd=tmp_path)
    assert result.returncode == 2
    assert "refusing to overwrite" in result.stderr
    assert source.read_bytes() == (DATA / "otm" / "EXAMPLE.json").read_bytes()


def test_output_paths() -> None:
    assert output_paths(Path("a/model.json"), None, 1) == [Path("a/model.caisa.json")]
    assert output_paths(Path("m.tm7"), Path("out/x.caisa.json"), 2) == [
        Path("out/x-1.caisa.json"),
        Path("out/x-2.caisa.json"),
    ]
