"""``caisa reference list|show``, ``caisa new --from RA-n [--exercise]`` and ``caisa validate --reference``,
run for real in subprocesses as a class or a CI pipeline would."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from caisa_studio.reference import shipped_references

REPO_ROOT = Path(__file__).resolve().parents[1]
REFERENCE_IDS = ["RA-1", "RA-2", "RA-3", "RA-4", "RA-5", "RA-6"]


def caisa(*args: str | Path, cwd: Path = REPO_ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "caisa_studio.cli", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def one_line_error(process: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert process.returncode == 2, process.stderr
    assert process.stdout == ""
    lines = process.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("caisa: error: "), process.stderr
    for needle in needles:
        assert needle in lines[0]


def validate_json(path: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    process = caisa("validate", path, "--format", "json", *extra)
    assert process.stderr == ""
    return process.returncode, json.loads(process.stdout)


def test_reference_list_text() -> None:
    process = caisa("reference", "list")
    assert process.returncode == 0, process.stderr
    lines = process.stdout.splitlines()
    assert [line.split()[0] for line in lines] == REFERENCE_IDS
    assert "Secure RAG assistant" in lines[0]
    assert "Federated learning with edge inference" in lines[5]


def test_reference_list_json() -> None:
    process = caisa("reference", "list", "--format", "json")
    assert process.returncode == 0, process.stderr
    listing = json.loads(process.stdout)
    assert [entry["id"] for entry in listing] == REFERENCE_IDS
    assert all(set(entry) == {"id", "title", "summary"} and entry["summary"] for entry in listing)


def test_reference_show_lists_roles_routes_and_exercise() -> None:
    process = caisa("reference", "show", "ra-2")  # IDs are case-insensitive
    assert process.returncode == 0, process.stderr
    out = process.stdout
    reference = shipped_references()["RA-2"]
    assert out.startswith("RA-2 — LLM agent with tools (MCP)")
    for role in reference.roles:
        assert role.name in out
    for flow in (*reference.required_flows, *reference.forbidden_flows):
        assert flow.description in out
    assert "R-AGT-01" in out and "Trust zones: CORP, APP, DATA, EXTERNAL, MGMT" in out
    assert f"{len(reference.exercise.gaps)} gaps to find" in out


def test_reference_show_unknown_id() -> None:
    one_line_error(caisa("reference", "show", "RA-99"), "RA-99", "caisa reference list")


def test_new_from_ra2_then_validate_passes(tmp_path: Path) -> None:
    """The issue's acceptance check: ``caisa new --from RA-2 -o agent.caisa.json && caisa validate``."""
    created = caisa("new", "--from", "RA-2", "-o", "agent.caisa.json", cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    assert "RA-2 template" in created.stdout
    design = json.loads((tmp_path / "agent.caisa.json").read_text("utf-8"))
    assert design["properties"]["reference"] == "RA-2"
    checked = caisa("validate", "agent.caisa.json", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Conformance to RA-2 (LLM agent with tools (MCP)): 100 %" in checked.stdout


def test_exercise_variant_fails_with_its_listed_gaps(tmp_path: Path) -> None:
    path = tmp_path / "agent-exercise.caisa.json"
    created = caisa("new", "--from", "RA-2", "--exercise", "-o", path)
    assert created.returncode == 0, created.stderr
    assert "RA-2 exercise" in created.stdout
    code, document = validate_json(path)
    assert code == 1
    raised = {finding["id"] for finding in document["findings"]}
    listed = {expected for gap in shipped_references()["RA-2"].exercise.gaps for expected in gap.expect}
    assert listed <= raised, sorted(listed - raised)
    assert document["summary"]["passed"] is False
    assert document["summary"]["conformance"]["score"] < 1


@pytest.mark.parametrize("reference_id", REFERENCE_IDS)
def test_every_template_passes_and_every_exercise_fails(reference_id: str, tmp_path: Path) -> None:
    template, exercise = tmp_path / "template.caisa.json", tmp_path / "exercise.caisa.json"
    assert caisa("new", "--from", reference_id, "-o", template).returncode == 0
    assert caisa("new", "--from", reference_id, "--exercise", "-o", exercise).returncode == 0
    code, document = validate_json(template)
    assert code == 0, [f["id"] for f in document["findings"]]
    assert document["summary"]["conformance"] == {
        "reference": reference_id,
        "title": shipped_references()[reference_id].title,
        "score": 1.0,
    }
    code, document = validate_json(exercise)
    assert code == 1


def test_new_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    path = tmp_path / "design.caisa.json"
    path.write_text("keep me", encoding="utf-8")
    one_line_error(caisa("new", "--from", "RA-1", "-o", path), str(path), "--force")
    assert path.read_text("utf-8") == "keep me"
    forced = caisa("new", "--from", "RA-1", "-o", path, "--force")
    assert forced.returncode == 0, forced.stderr
    assert json.loads(path.read_text("utf-8"))["properties"]["reference"] == "RA-1"


def test_new_from_unknown_reference(tmp_path: Path) -> None:
    path = tmp_path / "x.caisa.json"
    one_line_error(caisa("new", "--from", "RA-0", "-o", path), "RA-0")
    assert not path.exists()


def test_validate_reference_overrides_the_designs_own(tmp_path: Path) -> None:
    """An RA-2 agent design checked against RA-1 (the RAG reference) misses RA-1's roles and fails; the
    same file passes against its own reference."""
    path = tmp_path / "agent.caisa.json"
    assert caisa("new", "--from", "RA-2", "-o", path).returncode == 0
    code, document = validate_json(path, "--reference", "RA-1")
    assert code == 1
    assert document["summary"]["conformance"]["reference"] == "RA-1"
    raised = {finding["id"] for finding in document["findings"]}
    assert {"R-RA-01@RA-1:gateway", "R-RA-01@RA-1:retriever", "R-RA-01@RA-1:index"} <= raised
    assert not any(finding_id.startswith("R-RA-01@RA-2") for finding_id in raised)
    code, document = validate_json(path, "--reference", "RA-2")
    assert code == 0
    assert document["summary"]["conformance"]["score"] == 1.0


def test_validate_reference_unknown(tmp_path: Path) -> None:
    path = tmp_path / "agent.caisa.json"
    assert caisa("new", "--from", "RA-2", "-o", path).returncode == 0
    one_line_error(caisa("validate", path, "--reference", "RA-42"), "RA-42")
