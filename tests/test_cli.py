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

# What the bundled example raises at least (it ships with deliberate gaps); other rules may add more.
EXAMPLE_FINDINGS = ["R-ENC-01@vectordb", "R-ENC-02@f-aigw-llm"]
SEVERITY_RANK = {"critical": 4, "high": 3, "medium": 2, "low": 1, "info": 0}
SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0", "info": "0.0"}

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


def open_at_or_above(document: dict[str, Any], threshold: str) -> list[str]:
    """IDs of open findings at or above a severity, computed from the JSON report."""
    return [
        f["id"]
        for f in document["findings"]
        if f["status"] == "open" and SEVERITY_RANK[f["severity"]] >= SEVERITY_RANK[threshold]
    ]


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


def test_validate_example_fails_by_default() -> None:
    """The example has open high findings, so the default ``--fail-on high`` exits 1."""
    process = caisa("validate", EXAMPLE)
    assert process.returncode == 1, process.stdout + process.stderr
    assert process.stderr == ""
    assert "R-ENC-01" in process.stdout and "vectordb" in process.stdout
    assert "R-ENC-02" in process.stdout and "f-aigw-llm" in process.stdout
    assert "Fail-on high: FAILED" in process.stdout


@pytest.mark.parametrize("threshold", ["critical", "high", "medium", "low", "never"])
def test_validate_example_exit_code_follows_threshold(example_json: dict[str, Any], threshold: str) -> None:
    """Exit 1 exactly when an open finding is at or above ``--fail-on`` (``never`` never fails).

    With only R-ENC-01/02 implemented that is: 1 for high and below, 0 for critical and never.
    """
    process = caisa("validate", EXAMPLE, "--fail-on", threshold)
    failing = [] if threshold == "never" else open_at_or_above(example_json, threshold)
    assert process.returncode == (1 if failing else 0), process.stdout + process.stderr
    assert process.stderr == ""
    if threshold in ("high", "medium", "low"):
        assert process.returncode == 1
    if threshold == "never":
        assert "Fail-on" not in process.stdout
    else:
        assert ("FAILED" in process.stdout) == bool(failing)


def test_validate_rejects_unknown_threshold() -> None:
    process = caisa("validate", EXAMPLE, "--fail-on", "info")
    assert process.returncode == 2
    assert "invalid choice" in process.stderr


def test_validate_clean_design_passes(tmp_path: Path) -> None:
    """The example with everything encrypted (and every applicable control implemented) passes."""
    data = example_data()
    catalog = default_catalog()
    implemented = {"status": "implemented", "justification": ""}
    for component in data["components"]:
        for spec in catalog.controls_for_kind(component["kind"]):
            component["controls"][spec.id] = implemented
        if catalog.has_capability(component["kind"], "persists_data"):
            assert component["controls"]["enc_at_rest"] == implemented
    for flow in data["flows"]:
        for spec in catalog.controls_for_flows():
            flow["controls"][spec.id] = implemented
        assert flow["controls"]["enc_in_transit"] == implemented
    for boundary in data["boundaries"]:
        for spec in catalog.controls_for_boundaries():
            boundary["controls"][spec.id] = implemented
    clean = write_design(tmp_path, data, "clean.caisa.json")

    process = caisa("validate", clean)
    assert process.returncode == 0, process.stdout
    assert "Fail-on high: passed (0 open at or above high" in process.stdout

    code, document = validate_json(clean)
    assert code == 0
    assert [f["id"] for f in document["findings"] if f["rule"].startswith("R-ENC-")] == []
    assert document["summary"]["passed"] is True
    assert document["summary"]["failing"] == 0
    if not document["findings"]:
        assert "No findings." in process.stdout


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
    ids = [f["id"] for f in findings]
    assert set(EXAMPLE_FINDINGS) <= set(ids)
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)
    for finding in findings:
        assert set(finding) == FINDING_KEYS, finding.keys()
        rule, _, subject = finding["id"].partition("@")
        assert finding["rule"] == rule
        assert finding["subjects"][0] == subject
        assert finding["severity"] in SEVERITY_RANK
        assert finding["status"] == "open"
        assert finding["path"] is None or isinstance(finding["path"], list)
        assert finding["title"] and finding["message"] and finding["fix"]
        assert finding["references"], "every finding cites frameworks"
        for reference in finding["references"]:
            assert set(reference) == {"framework", "id"}
            assert default_catalog().has_reference(reference["framework"], reference["id"])
    by_id = {f["id"]: f for f in findings}
    store, crossing = by_id["R-ENC-01@vectordb"], by_id["R-ENC-02@f-aigw-llm"]
    assert (store["rule"], store["severity"], store["subjects"], store["path"]) == (
        "R-ENC-01",
        "high",
        ["vectordb"],
        None,
    )
    assert (crossing["rule"], crossing["severity"], crossing["subjects"]) == (
        "R-ENC-02",
        "high",
        ["f-aigw-llm", "aigw", "llm"],
    )
    assert store["title"] == "Sensitive data stored unencrypted"
    assert "Support vector index" in store["message"]
    assert "LLM provider" in crossing["message"]
    assert {"framework": "atlas", "id": "AML.T0025"} in store["references"]


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
    """The summary agrees with the findings list it summarises."""
    summary = example_json["summary"]
    findings = example_json["findings"]
    assert set(summary) == SUMMARY_KEYS
    assert summary["total"] == len(findings) >= 2
    assert summary["open"] == len(findings)
    expected = {severity: 0 for severity in SEVERITY_RANK}
    for finding in findings:
        expected[finding["severity"]] += 1
    assert summary["open_by_severity"] == expected
    assert summary["open_by_severity"]["high"] >= 2
    assert summary["by_status"] == {"open": len(findings), "accepted": 0, "mitigated": 0, "false_positive": 0}
    assert summary["stale_tracking"] == []
    assert summary["fail_on"] == "high"
    assert summary["failing"] == len(open_at_or_above(example_json, "high"))
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
    """Every rule descriptor carries help text and one ``framework:id`` tag per cited reference."""
    rules = example_sarif["runs"][0]["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids)) >= 2
    level_of = {"9.5": "error", "8.0": "error", "5.5": "warning", "3.0": "note", "0.0": "note"}
    for descriptor in rules:
        help_text = descriptor["help"]["text"]
        assert descriptor["fullDescription"]["text"] in help_text
        assert "\n\nFix: " in help_text
        assert descriptor["help"]["markdown"]
        assert descriptor["name"] == descriptor["shortDescription"]["text"]
        tags = descriptor["properties"]["tags"]
        assert tags[:2] == ["security", "ai"]
        for tag in tags[2:]:
            framework, _, item = tag.partition(":")
            assert f"{framework} {item}" in help_text.rpartition("References: ")[2], (descriptor["id"], tag)
        security = descriptor["properties"]["security-severity"]
        assert descriptor["defaultConfiguration"]["level"] == level_of[security]

    by_id = {r["id"]: r for r in rules}
    for rule in builtin_rules():
        if not rule.meta.id.startswith("R-ENC-"):
            continue
        descriptor = by_id[rule.meta.id]
        assert descriptor["shortDescription"]["text"] == rule.meta.title
        assert rule.meta.why in descriptor["help"]["text"]
        assert rule.meta.fix in descriptor["help"]["text"]
        assert descriptor["properties"]["tags"][2:] == [f"{r.framework}:{r.id}" for r in rule.meta.references]
        assert descriptor["properties"]["security-severity"] == SECURITY_SEVERITY[rule.meta.severity.value]
        assert "atlas:AML.T0025" in descriptor["properties"]["tags"]


def test_sarif_results_point_at_rules_and_elements(example_sarif: dict[str, Any]) -> None:
    run = example_sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = {r["partialFingerprints"]["caisaFindingId/v1"]: r for r in run["results"]}
    assert set(EXAMPLE_FINDINGS) <= set(results)
    assert len(results) == len(run["results"])
    for finding_id, result in results.items():
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == finding_id.split("@")[0]
        assert result["properties"]["subject"] == finding_id.split("@", 1)[1]
        assert result["locations"][0]["logicalLocations"], finding_id
        assert "suppressions" not in result
    assert results["R-ENC-01@vectordb"]["level"] == "error"

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


def test_accepted_finding_is_not_open(tmp_path: Path, example_json: dict[str, Any]) -> None:
    path = with_tracking(tmp_path, {"R-ENC-01@vectordb": accepted()})
    code, document = validate_json(path)
    by_id = {f["id"]: f for f in document["findings"]}
    assert by_id["R-ENC-01@vectordb"]["status"] == "accepted"
    assert by_id["R-ENC-01@vectordb"]["tracking"] == {
        "justification": "Compensating control reviewed by the security board.",
        "owner": "sec-team",
        "date": "2025-01-10",
        "expires": "2999-12-31",
    }
    assert by_id["R-ENC-02@f-aigw-llm"]["status"] == "open"
    assert "tracking" not in by_id["R-ENC-02@f-aigw-llm"]
    summary, before = document["summary"], example_json["summary"]
    assert summary["total"] == before["total"]
    assert summary["open"] == before["open"] - 1
    assert summary["by_status"]["accepted"] == 1
    assert summary["failing"] == before["failing"] - 1
    assert code == 1, "R-ENC-02 (high) is still open"


def test_accepting_all_high_findings_passes(tmp_path: Path, example_json: dict[str, Any]) -> None:
    """--fail-on counts open findings only; accepted and false-positive ones do not fail the build."""
    failing = open_at_or_above(example_json, "high")
    assert set(EXAMPLE_FINDINGS) <= set(failing)
    tracking = {finding_id: accepted() for finding_id in failing}
    tracking["R-ENC-02@f-aigw-llm"] = accepted(None, status="false_positive")
    path = with_tracking(tmp_path, tracking)

    code, document = validate_json(path)
    assert code == 0
    assert document["summary"]["passed"] is True
    assert document["summary"]["failing"] == 0
    assert document["summary"]["open"] == example_json["summary"]["open"] - len(failing)
    assert document["summary"]["total"] == example_json["summary"]["total"]
    assert caisa("validate", path, "--fail-on", "critical").returncode == 0

    text = caisa("validate", path).stdout
    assert "[accepted]" in text and "[false_positive]" in text
    assert "Fail-on high: passed" in text

    sarif = json.loads(caisa("validate", path, "--format", "sarif").stdout)
    assert schema_errors(sarif) == []
    results = {r["partialFingerprints"]["caisaFindingId/v1"]: r for r in sarif["runs"][0]["results"]}
    for finding_id in failing:
        suppression = results[finding_id]["suppressions"]
        assert [s["status"] for s in suppression] == ["accepted"]
        assert suppression[0]["justification"].startswith("Compensating control")


def test_expired_acceptance_reopens(tmp_path: Path, example_json: dict[str, Any]) -> None:
    """Everything failing is accepted, but one acceptance expired: that finding alone fails the build."""
    tracking = {finding_id: accepted() for finding_id in open_at_or_above(example_json, "high")}
    tracking["R-ENC-01@vectordb"] = accepted("2000-01-01")
    code, document = validate_json(with_tracking(tmp_path, tracking))
    finding = next(f for f in document["findings"] if f["id"] == "R-ENC-01@vectordb")
    assert finding["status"] == "open"
    assert finding["tracking"]["note"] == "acceptance expired on 2000-01-01"
    assert open_at_or_above(document, "high") == ["R-ENC-01@vectordb"]
    assert document["summary"]["failing"] == 1
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
    assert "R-ENC-01@kb" not in {f["id"] for f in document["findings"]}
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
    assert "39 component kinds" in process.stdout
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


def test_process_exit_keeps_buffered_output_and_exit_code(tmp_path: Path) -> None:
    """``python -m caisa_studio.cli`` skips the interpreter's teardown: whatever sits in stdout's
    buffer (block-buffered when it is a file) must still arrive, and the exit code must hold."""
    out = tmp_path / "rules.json"
    with out.open("w", encoding="utf-8") as stream:
        process = subprocess.run(
            [sys.executable, "-m", "caisa_studio.cli", "rules", "list", "--format", "json"],
            cwd=REPO_ROOT,
            stdout=stream,
            stderr=subprocess.PIPE,
            timeout=120,
            check=False,
        )
    assert process.returncode == 0, process.stderr
    assert len(json.loads(out.read_text(encoding="utf-8"))) >= 40
    failing = caisa("validate", EXAMPLE, "--fail-on", "low")
    assert failing.returncode == 1 and failing.stdout.strip()
