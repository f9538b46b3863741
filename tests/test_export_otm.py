"""OTM export: valid OTM 0.2, and round trips that keep components, trust zones and flows.

The schema is the upstream OTM 0.2.0 schema (copy and licence note in tests/fixtures/interop/).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from caisa_studio.io import dumps_design, load_design
from caisa_studio.io.exporters.otm import dumps_otm, otm_document
from caisa_studio.io.importers import import_all, import_model

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA = REPO_ROOT.parent / "shared" / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "interop"
EXAMPLE = REPO_ROOT / "resources" / "examples" / "rag-assistant.caisa.json"
OTM_SOURCES = ["otm/EXAMPLE.json", "otm/EXAMPLE.yaml", "otm/manual_threat_model.yaml", "otm/tf_example.yaml"]


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    schema = json.loads((FIXTURES / "otm_schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema)


def assert_valid(validator: jsonschema.Draft7Validator, document: dict[str, Any]) -> None:
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


def test_schema_copy_is_the_upstream_file() -> None:
    upstream = DATA / "otm" / "otm_schema.json"
    assert (FIXTURES / "otm_schema.json").read_bytes() == upstream.read_bytes()


def test_bundled_example_exports_valid_otm(validator: jsonschema.Draft7Validator) -> None:
    document = otm_document(load_design(EXAMPLE))
    assert_valid(validator, document)
    assert document["otmVersion"] == "0.2.0"
    assert {c["type"] for c in document["components"]} >= {"vector_db", "llm_api"}


@pytest.mark.parametrize(
    "name",
    [
        *OTM_SOURCES,
        "threat-dragon/v2-threat-model.json",
        "threat-dragon/td-test-model.json",
        "tm7/MTMT_nested_tz.tm7",
        "threagile/threagile-example-model.yaml",
    ],
)
def test_every_imported_sample_exports_valid_otm(validator: jsonschema.Draft7Validator, name: str) -> None:
    for design, _ in import_all(DATA / name):
        assert_valid(validator, otm_document(design))


def test_components_outside_boundaries_get_a_zone_per_caisa_zone(
    validator: jsonschema.Draft7Validator,
) -> None:
    design, _ = import_model(DATA / "threat-dragon" / "v2-threat-model.json")  # line boundaries only
    document = otm_document(design)
    assert_valid(validator, document)
    zones = {z["id"] for z in document["trustZones"]}
    assert all(c["parent"]["trustZone"] in zones for c in document["components"])
    assert "caisa-zone-public" in zones  # the Browser actor


def _summary(document: dict[str, Any], renamed: dict[str, str] | None = None) -> dict[str, Any]:
    """What a round trip must keep, with IDs the importer had to change mapped back to the originals."""
    back = {new: old for old, new in (renamed or {}).items()}

    def original(value: str) -> str:
        return back.get(value, value)

    def parent(component: dict[str, Any]) -> tuple[str, str]:
        ((kind, value),) = component["parent"].items()
        return kind, original(value)

    return {
        "trust_zones": sorted((z["id"], z["name"]) for z in document.get("trustZones") or []),
        "zone_parents": sorted(
            (z["id"], (z.get("parent") or {}).get("trustZone")) for z in document.get("trustZones") or []
        ),
        "components": sorted(
            (original(c["id"]), c["name"], parent(c), tuple(c.get("tags") or ()))
            for c in document.get("components") or []
        ),
        "dataflows": sorted(
            (
                original(f["id"]),
                f["name"],
                original(f["source"]),
                original(f["destination"]),
                bool(f.get("bidirectional")),
            )
            for f in document.get("dataflows") or []
        ),
        "assets": sorted((a["id"], a["name"]) for a in document.get("assets") or []),
    }


@pytest.mark.parametrize("name", OTM_SOURCES)
def test_otm_round_trip_keeps_components_zones_and_flows(name: str) -> None:
    from caisa_studio.io.importers.yaml_source import parse_yaml

    path = DATA / name
    text = path.read_text(encoding="utf-8")
    source = parse_yaml(text) if name.endswith(".yaml") else json.loads(text)
    design, report = import_model(path)
    exported = otm_document(design)
    assert _summary(exported, report.renamed_ids) == _summary(source)


def test_otm_round_trip_twice_is_stable(tmp_path: Path) -> None:
    """OTM → design → OTM → design: the second design equals the first."""
    first, _ = import_model(FIXTURES / "ai-pipeline.otm.yaml")
    exported = tmp_path / "exported.otm.json"
    exported.write_text(dumps_otm(first), encoding="utf-8")
    second, report = import_model(exported)
    assert dumps_design(second) == dumps_design(first)
    assert report.layout.startswith("positions from the source drawing")


def test_design_round_trip_keeps_kinds_zones_positions_and_controls(tmp_path: Path) -> None:
    original = load_design(EXAMPLE)
    exported = tmp_path / "example.otm.json"
    exported.write_text(dumps_otm(original), encoding="utf-8")
    again, _ = import_model(exported)
    assert again.id == original.id
    assert {b.id: (b.name, b.zone, b.rect) for b in again.boundaries.values()} == {
        b.id: (b.name, b.zone, b.rect) for b in original.boundaries.values()
    }
    for component in original.components.values():
        copy = again.components[component.id]
        assert (copy.kind, copy.name, copy.boundary, copy.position) == (
            component.kind,
            component.name,
            component.boundary,
            component.position,
        )
        implemented = {k for k, v in component.controls.items() if v.status == "implemented"}
        assert set(copy.controls) == implemented
        assert copy.holds == component.holds
    for flow in original.flows.values():
        copy = again.flows[flow.id]
        assert (copy.source, copy.target, copy.protocol, copy.bidirectional, copy.carries) == (
            flow.source,
            flow.target,
            flow.protocol,
            flow.bidirectional,
            flow.carries,
        )
    for asset in original.data_assets.values():
        copy = again.data_assets[asset.id]
        assert (copy.classification, sorted(copy.tags)) == (asset.classification, sorted(asset.tags))


def test_cli_export_otm(tmp_path: Path, validator: jsonschema.Draft7Validator) -> None:
    target = tmp_path / "out.otm.json"
    result = subprocess.run(
        [sys.executable, "-m", "caisa_studio.cli", "export-otm", str(EXAMPLE), "-o", str(target)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert_valid(validator, json.loads(target.read_text(encoding="utf-8")))
    broken = tmp_path / "broken.caisa.json"
    broken.write_text("{", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "caisa_studio.cli", "export-otm", str(broken), "-o", str(target)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.startswith(f"caisa: error: {broken}")
    assert len(result.stderr.strip().splitlines()) == 1
