"""The ``caisa`` command line, run for real in subprocesses on real files.

CI pipelines depend on three things checked here: exit codes (0 pass, 1 findings at or above
``--fail-on``, 2 bad input with one stderr line), the JSON/SARIF shapes other tools parse, and that
risk-tracking decisions in the design change what counts as failing. Also guards that the headless
CLI never pulls in Qt and that the import-layer contracts hold.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from caisa_studio.catalog import default_catalog
from caisa_studio.rules import builtin_rules

REPO_ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = REPO_ROOT / "resources" / "examples" / "rag-assistant.caisa.json"
SARIF_SCHEMA = Path(__file__).resolve().parent / "fixtures" / "sarif-schema-2.1.0.json"
CATALOG_DIR = REPO_ROOT / "resources" / "catalog"

# What the bundled example is expected to raise (it ships with deliberate gaps).
EXAMPLE_FINDINGS = ["R-ENC-01@vectordb", "R-ENC-02@f-aigw-llm"]

FINDING_KEYS = {
    "id",
    "rule",
    "severity",
    "title",
    "message",
    "fix",
    "subjects",
    "path",
    "references",
    "status",
}
DESIGN_KEYS = {"id", "title", "file", "schema_version", "reference", "risk_class", "counts"}
SUMMARY_KEYS = {
    "total",
    "open",
    "open_by_severity",
    "by_status",
    "stale_tracking",
    "fail_on",
    "failing",
    "passed",
}


def caisa(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run ``python -m caisa_studio.cli`` from the repository root, as CI would."""
    return subprocess.run(
        [sys.executable, "-m", "caisa_studio.cli", *map(str, args)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def assert_one_line_error(process: subprocess.CompletedProcess[str], *needles: str) -> str:
    """Exit 2, nothing on stdout, exactly one stderr line containing every needle, no traceback."""
    assert process.returncode == 2, process.stderr
    assert process.stdout == ""
    lines = process.stderr.splitlines()
    assert len(lines) == 1, process.stderr
    assert "Traceback" not in process.stderr
    assert lines[0].startswith("caisa: error: ")
    for needle in needles:
        assert needle in lines[0], f"{needle!r} not in {lines[0]!r}"
    return lines[0]


def example_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    return data


def write_design(tmp_path: Path, data: dict[str, Any], name: str = "design.caisa.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def with_tracking(tmp_path: Path, tracking: dict[str, dict[str, Any]]) -> Path:
    data = example_data()
    data["risk_tracking"] = tracking
    return write_design(tmp_path, data, "tracked.caisa.json")


def accepted(expires: str | None = "2999-12-31", status: str = "accepted") -> dict[str, Any]:
    return {
        "status": status,
        "justification": "Compensating control reviewed by the security board.",
        "owner": "sec-team",
        "date": "2025-01-10",
        "expires": expires,
    }


def validate_json(path: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    process = caisa("validate", path, "--format", "json", *extra)
    assert process.stderr == ""
    return process.returncode, json.loads(process.stdout)


@pytest.fixture(scope="module")
def example_json() -> dict[str, Any]:
    process = caisa("validate", EXAMPLE, "--format", "json")
    assert process.returncode == 1, process.stderr
    document: dict[str, Any] = json.loads(process.stdout)
    return document


@pytest.fixture(scope="module")
def example_sarif() -> dict[str, Any]:
    process = caisa("validate", EXAMPLE, "--format", "sarif")
    assert process.returncode == 1, process.stderr
    document: dict[str, Any] = json.loads(process.stdout)
    return document


# --- validate: exit codes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ((), 1),
        (("--fail-on", "high"), 1),
        (("--fail-on", "medium"), 1),
        (("--fail-on", "low"), 1),
        (("--fail-on", "critical"), 0),
        (("--fail-on", "never"), 0),
    ],
)
def test_validate_example_exit_codes(extra: tuple[str, ...], code: int) -> None:
    """The example has open high findings: failing at high or below, passing at critical/never."""
    process = caisa("validate", EXAMPLE, *extra)
    assert process.returncode == code, process.stdout + process.stderr
    assert process.stderr == ""
    assert "R-ENC-01" in process.stdout and "vectordb" in process.stdout
    assert "R-ENC-02" in process.stdout and "f-aigw-llm" in process.stdout
    if extra[-1:] != ("never",):
        assert ("FAILED" in process.stdout) == (code == 1)


def test_validate_clean_design_passes(tmp_path: Path) -> None:
    """The example with every store and flow encrypted raises nothing and exits 0 even at --fail-on low."""
    data = example_data()
    catalog = default_catalog()
    for component in data["components"]:
        if catalog.has_capability(component["kind"], "persists_data"):
            component["controls"]["enc_at_rest"] = {"status": "implemented", "justification": ""}
    for flow in data["flows"]:
        flow["controls"]["enc_in_transit"] = {"status": "implemented", "justification": ""}
    clean = write_design(tmp_path, data, "clean.caisa.json")

    process = caisa("validate", clean, "--fail-on", "low")
    assert process.returncode == 0, process.stdout
    assert "No findings." in process.stdout
    assert "passed" in process.stdout

    code, document = validate_json(clean, "--fail-on", "low")
    assert code == 0
    assert document["findings"] == []
    assert document["summary"]["passed"] is True
    assert document["summary"]["total"] == 0


# --- validate --format json ----------------------------------------------------------------------------


def test_json_top_level_contract(example_json: dict[str, Any]) -> None:
    assert set(example_json) == {"design", "findings", "summary"}
    design = example_json["design"]
    assert set(design) == DESIGN_KEYS
    assert design["id"] == "example-rag-assistant"
    assert design["schema_version"] == 1
    assert design["risk_class"] == "limited"
    assert design["file"] == str(EXAMPLE)
    assert design["counts"] == {"components": 14, "flows": 14, "boundaries": 6, "data_assets": 5}


def test_json_findings_contract(example_json: dict[str, Any]) -> None:
    findings = example_json["findings"]
    assert [f["id"] for f in findings] == EXAMPLE_FINDINGS
    for finding in findings:
        assert set(finding) == FINDING_KEYS, finding.keys()
        rule, _, subject = finding["id"].partition("@")
        assert finding["rule"] == rule
        assert subject in finding["subjects"]
        assert finding["subjects"][0] == subject
        assert finding["severity"] == "high"
        assert finding["status"] == "open"
        assert finding["path"] is None
        assert finding["title"] and finding["message"] and finding["fix"]
        assert finding["references"], "every finding cites frameworks"
        for reference in finding["references"]:
            assert set(reference) == {"framework", "id"}
            assert default_catalog().has_reference(reference["framework"], reference["id"])
    assert findings[1]["subjects"] == ["f-aigw-llm", "aigw", "llm"]
    assert {"framework": "atlas", "id": "AML.T0025"} in findings[0]["references"]


def test_json_findings_sorted_by_id(tmp_path: Path) -> None:
    """Many findings (every flow unencrypted) still come out sorted by ID."""
    data = example_data()
    for flow in data["flows"]:
        flow["controls"].pop("enc_in_transit", None)
    for component in data["components"]:
        component["controls"].pop("enc_at_rest", None)
    _, document = validate_json(write_design(tmp_path, data))
    ids = [f["id"] for f in document["findings"]]
    assert len(ids) > 5
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)


def test_json_summary(example_json: dict[str, Any]) -> None:
    summary = example_json["summary"]
    assert set(summary) == SUMMARY_KEYS
    assert summary["total"] == 2
    assert summary["open"] == 2
    assert summary["open_by_severity"] == {"critical": 0, "high": 2, "medium": 0, "low": 0, "info": 0}
    assert summary["by_status"] == {"open": 2, "accepted": 0, "mitigated": 0, "false_positive": 0}
    assert summary["stale_tracking"] == []
    assert summary["fail_on"] == "high"
    assert summary["failing"] == 2
    assert summary["passed"] is False


# --- validate --format sarif ---------------------------------------------------------------------------


def sarif_validator() -> jsonschema.Draft4Validator:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema)


def schema_errors(document: dict[str, Any]) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in sarif_validator().iter_errors(document)]


def test_sarif_validates_against_schema(example_sarif: dict[str, Any]) -> None:
    assert schema_errors(example_sarif) == []


def test_sarif_schema_check_can_fail(example_sarif: dict[str, Any]) -> None:
    """Sanity check of the validator itself: a broken log is reported."""
    broken = json.loads(json.dumps(example_sarif))
    broken["runs"][0]["results"][0]["level"] = "catastrophic"
    del broken["version"]
    assert len(schema_errors(broken)) >= 2


def test_sarif_rules_have_help_and_framework_tags(example_sarif: dict[str, Any]) -> None:
    rules = example_sarif["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [rule.meta.id for rule in builtin_rules()]
    for descriptor, rule in zip(rules, builtin_rules(), strict=True):
        assert rule.meta.fix in descriptor["help"]["text"]
        assert rule.meta.why in descriptor["help"]["text"]
        assert descriptor["help"]["markdown"]
        assert descriptor["shortDescription"]["text"] == rule.meta.title
        tags = descriptor["properties"]["tags"]
        for reference in rule.meta.references:
            assert f"{reference.framework}:{reference.id}" in tags
        assert descriptor["properties"]["security-severity"] == "8.0"


def test_sarif_results_point_at_rules_and_elements(example_sarif: dict[str, Any]) -> None:
    run = example_sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = {r["partialFingerprints"]["caisaFindingId/v1"]: r for r in run["results"]}
    assert sorted(results) == EXAMPLE_FINDINGS
    for finding_id, result in results.items():
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == finding_id.split("@")[0]
        assert result["level"] == "error"
        assert "suppressions" not in result

    store = results["R-ENC-01@vectordb"]["locations"][0]["logicalLocations"]
    assert store == [
        {
            "name": "Support vector index",
            "fullyQualifiedName": "example-rag-assistant/components/vectordb",
            "kind": "component",
        }
    ]
    crossing = results["R-ENC-02@f-aigw-llm"]["locations"][0]["logicalLocations"]
    assert [(loc["name"], loc["kind"]) for loc in crossing] == [
        ("f-aigw-llm", "flow"),
        ("AI gateway", "component"),
        ("Hosted LLM", "component"),
    ]
    assert crossing[0]["fullyQualifiedName"] == "example-rag-assistant/flows/f-aigw-llm"


# --- -o OUT --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_output_file_matches_stdout(tmp_path: Path, fmt: str) -> None:
    """``-o`` writes the same report it would print, prints nothing, and keeps the exit code."""
    out = tmp_path / "reports" / f"report.{fmt}"
    out.parent.mkdir()
    to_file = caisa("validate", EXAMPLE, "--format", fmt, "-o", out)
    to_stdout = caisa("validate", EXAMPLE, "--format", fmt)
    assert to_file.returncode == to_stdout.returncode == 1
    assert to_file.stdout == ""
    assert out.read_text(encoding="utf-8") == to_stdout.stdout
    assert [p.name for p in out.parent.iterdir()] == [out.name], "no temp files left behind"


# --- risk tracking -------------------------------------------------------------------------------------


def test_accepted_finding_is_not_open(tmp_path: Path) -> None:
    path = with_tracking(tmp_path, {"R-ENC-01@vectordb": accepted()})
    code, document = validate_json(path)
    by_id = {f["id"]: f for f in document["findings"]}
    assert by_id["R-ENC-01@vectordb"]["status"] == "accepted"
    assert by_id["R-ENC-01@vectordb"]["tracking"]["owner"] == "sec-team"
    assert by_id["R-ENC-02@f-aigw-llm"]["status"] == "open"
    assert "tracking" not in by_id["R-ENC-02@f-aigw-llm"]
    assert document["summary"]["open"] == 1
    assert document["summary"]["by_status"]["accepted"] == 1
    assert document["summary"]["failing"] == 1
    assert code == 1, "the other high finding is still open"


def test_accepting_all_high_findings_passes(tmp_path: Path) -> None:
    """--fail-on counts open findings only; accepted and false-positive ones do not fail the build."""
    path = with_tracking(
        tmp_path,
        {"R-ENC-01@vectordb": accepted(), "R-ENC-02@f-aigw-llm": accepted(None, status="false_positive")},
    )
    code, document = validate_json(path)
    assert code == 0
    assert document["summary"]["passed"] is True
    assert document["summary"]["open"] == 0
    assert document["summary"]["total"] == 2
    assert caisa("validate", path, "--fail-on", "low").returncode == 0

    text = caisa("validate", path).stdout
    assert "[accepted]" in text and "[false_positive]" in text

    sarif = json.loads(caisa("validate", path, "--format", "sarif").stdout)
    assert schema_errors(sarif) == []
    suppressions = [r["suppressions"] for r in sarif["runs"][0]["results"]]
    assert all(s[0]["status"] == "accepted" for s in suppressions)
    assert suppressions[0][0]["justification"].startswith("Compensating control")


def test_expired_acceptance_reopens(tmp_path: Path) -> None:
    path = with_tracking(
        tmp_path, {"R-ENC-01@vectordb": accepted("2000-01-01"), "R-ENC-02@f-aigw-llm": accepted()}
    )
    code, document = validate_json(path)
    finding = next(f for f in document["findings"] if f["id"] == "R-ENC-01@vectordb")
    assert finding["status"] == "open"
    assert "expired" in finding["tracking"]["note"]
    assert code == 1


def test_tracking_for_finding_that_does_not_fire_is_stale(tmp_path: Path) -> None:
    """kb is encrypted, and f-gone does not exist: both entries are reported as stale, sorted."""
    path = with_tracking(
        tmp_path,
        {
            "R-ENC-02@f-gone": accepted(),
            "R-ENC-01@kb": accepted(),
            "R-ENC-01@vectordb": accepted(),
        },
    )
    code, document = validate_json(path)
    assert document["summary"]["stale_tracking"] == ["R-ENC-01@kb", "R-ENC-02@f-gone"]
    assert [f["id"] for f in document["findings"]] == EXAMPLE_FINDINGS
    assert code == 1
    text = caisa("validate", path).stdout
    assert "Stale risk-tracking entries" in text and "R-ENC-01@kb" in text


# --- rules ---------------------------------------------------------------------------------------------


def test_rules_list_text() -> None:
    process = caisa("rules", "list")
    assert process.returncode == 0
    lines = process.stdout.splitlines()
    assert len(lines) == len(builtin_rules())
    for line, rule in zip(lines, builtin_rules(), strict=True):
        assert line.split()[:2] == [rule.meta.id, rule.meta.severity.value]
        assert line.endswith(rule.meta.title)


def test_rules_list_json() -> None:
    process = caisa("rules", "list", "--format", "json")
    assert process.returncode == 0
    listing = json.loads(process.stdout)
    assert listing == [
        {
            "id": r.meta.id,
            "title": r.meta.title,
            "severity": r.meta.severity.value,
            "scope": r.meta.scope,
            "status": r.meta.status,
        }
        for r in builtin_rules()
    ]
    assert {"R-ENC-01", "R-ENC-02"} <= {entry["id"] for entry in listing}


@pytest.mark.parametrize("rule_id", ["R-ENC-02", "r-enc-02"])
def test_rules_doc(rule_id: str) -> None:
    process = caisa("rules", "doc", rule_id)
    assert process.returncode == 0
    meta = next(r.meta for r in builtin_rules() if r.meta.id == "R-ENC-02")
    out = process.stdout
    assert out.startswith("R-ENC-02 — Unencrypted flow across a trust boundary")
    assert "Why it matters" in out and meta.why in out
    assert "How to fix" in out and meta.fix in out
    assert "References" in out
    for reference in meta.references:
        assert f"{reference.framework}: {reference.id}" in out


def test_rules_doc_unknown_rule() -> None:
    assert_one_line_error(caisa("rules", "doc", "R-NOPE"), "R-NOPE")


# --- catalog check -------------------------------------------------------------------------------------


def test_catalog_check_shipped() -> None:
    process = caisa("catalog", "check")
    assert process.returncode == 0, process.stderr
    assert process.stderr == ""
    catalog = default_catalog()
    items = sum(len(f.items) for f in catalog.frameworks.values())
    assert "36 component kinds" in process.stdout
    assert "35 controls" in process.stdout
    assert f"{len(catalog.frameworks)} frameworks ({items} reference IDs)" in process.stdout


def test_catalog_check_explicit_copy_passes(tmp_path: Path) -> None:
    folder = tmp_path / "catalog"
    shutil.copytree(CATALOG_DIR, folder)
    assert caisa("catalog", "check", folder).returncode == 0


def break_kinds(folder: Path, how: str) -> None:
    kinds = folder / "kinds.yaml"
    text = kinds.read_text(encoding="utf-8")
    if how == "unknown capability":
        text = text.replace("capabilities: [human]", "capabilities: [telepathy]", 1)
    elif how == "duplicate key":
        text = text.replace(
            "    default_zone: PUBLIC\n", "    default_zone: PUBLIC\n    default_zone: CORP\n", 1
        )
    elif how == "alias":
        text = text.replace('    dasf: ["9"]\n', "    dasf: *nine\n", 1)
    elif how == "missing field":
        text = text.replace("    default_zone: PUBLIC\n", "", 1)
    elif how == "unhashable key":
        text += "? [a, b]\n: 1\n"
    assert text != kinds.read_text(encoding="utf-8"), f"could not apply {how!r}"
    kinds.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("how", "problem"),
    [
        ("unknown capability", "unknown capability 'telepathy'"),
        ("duplicate key", "duplicate key 'default_zone'"),
        ("alias", "aliases (*name) are not allowed"),
        ("missing field", "kinds[0].default_zone: required field is missing"),
        ("unhashable key", "not valid YAML"),
    ],
)
def test_catalog_check_broken_copy(tmp_path: Path, how: str, problem: str) -> None:
    """A broken data file: exit 2 and one line naming the file and the problem, never a traceback."""
    folder = tmp_path / "catalog"
    shutil.copytree(CATALOG_DIR, folder)
    break_kinds(folder, how)
    line = assert_one_line_error(caisa("catalog", "check", folder), str(folder / "kinds.yaml"), problem)
    if how in ("duplicate key", "alias"):
        assert re.search(r"\(line \d+, column \d+\)", line)


def test_catalog_check_missing_folder(tmp_path: Path) -> None:
    assert_one_line_error(caisa("catalog", "check", tmp_path / "nowhere"), "nowhere", "kinds.yaml")


# --- headless guarantees -------------------------------------------------------------------------------

_QT_PROBE = """
import contextlib, io, json, sys
def qt_loaded():
    return any(name == "PySide6" or name.startswith("PySide6.") for name in sys.modules)
report = {}
{setup}
report["after_import"] = qt_loaded()
codes = []
for argv in {runs}:
    with contextlib.redirect_stdout(io.StringIO()):
        codes.append(cli.main(argv))
report["codes"] = codes
report["after_run"] = qt_loaded()
print(json.dumps(report))
"""


def qt_probe(setup: str, runs: list[list[str]]) -> dict[str, Any]:
    code = _QT_PROBE.replace("{setup}", setup).replace("{runs}", repr(runs))
    process = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert process.returncode == 0, process.stderr
    report: dict[str, Any] = json.loads(process.stdout)
    return report


def test_cli_never_imports_qt() -> None:
    runs = [
        ["validate", str(EXAMPLE)],
        ["validate", str(EXAMPLE), "--format", "json"],
        ["validate", str(EXAMPLE), "--format", "sarif"],
        ["catalog", "check"],
        ["rules", "doc", "R-ENC-01"],
    ]
    report = qt_probe("import caisa_studio.cli as cli", runs)
    assert report == {"after_import": False, "codes": [1, 1, 1, 0, 0], "after_run": False}


def test_qt_probe_detects_qt() -> None:
    """The probe above can fail: importing the GUI side is seen."""
    pytest.importorskip("PySide6")
    report = qt_probe("import caisa_studio.cli as cli\nimport PySide6.QtCore", [["rules", "list"]])
    assert report["after_import"] is True


def test_import_contracts_hold() -> None:
    """import-linter: core layers never import Qt, and layers only point down."""
    executable = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    assert Path(executable).exists(), "lint-imports is not installed in the dev environment"
    config = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = len(config["tool"]["importlinter"]["contracts"])
    assert contracts >= 2
    process = subprocess.run(
        [executable], cwd=REPO_ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert process.returncode == 0, process.stdout + process.stderr
    match = re.search(r"Contracts: (\d+) kept, (\d+) broken", process.stdout)
    assert match is not None, process.stdout
    assert (int(match.group(1)), int(match.group(2))) == (contracts, 0)
