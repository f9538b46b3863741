"""Every public sample model imports, reloads, validates and keeps the source's element counts.

How the expected counts were derived from the source files (by reading them, independently of the
importers):

- Threat Dragon: components = cells typed ``tm.Actor``/``tm.Process``/``tm.Store`` (v2 ``data.type``,
  v1 ``type``); flows = ``tm.Flow`` cells whose source *and* target name such an element (v2
  ``{"cell": id}``, v1 ``{"id": id}``). A flow with a loose end (an ``{x, y}`` point or an empty cell
  id) is not a flow between elements: it is dropped and listed in the report ("dangling" below).
  Boundaries = ``tm.BoundaryBox`` rectangles; ``tm.Boundary`` curves are lines, reported, not regions.
- OTM: components = every entry of ``components`` (nested ones included); flows = ``dataflows``;
  boundaries = ``trustZones``.
- TM7: components = ``Borders`` stencils with GenericTypeId ``GE.P``/``GE.EI``/``GE.DS`` (free-text
  annotations ``GE.A`` are not elements); flows = ``Lines`` connectors ``GE.DF`` with both ends on a
  stencil (an all-zero SourceGuid is a loose end); boundaries = ``GE.TB.B`` borders (``GE.TB.L`` lines
  are reported).
- Threagile: components = ``technical_assets``; flows = all ``communication_links``; boundaries =
  ``trust_boundaries`` plus one "Internet" boundary the importer adds for assets marked ``internet: true``
  outside any boundary.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from caisa_studio.io import dumps_design, loads_design
from caisa_studio.io.importers import import_all, import_model
from caisa_studio.io.importers.drafts import THREATS_PROPERTY
from caisa_studio.model import Design
from caisa_studio.rules import Validator

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA = REPO_ROOT.parent / "shared" / "data"


@dataclass(frozen=True)
class Expected:
    components: int
    flows: int
    boundaries: int
    dangling: int = 0  # flows dropped because an end is not on an element
    data_assets: int = 0


# (file, diagram number) → counts. Every sample file in shared/data is listed (schemas excluded).
EXPECTED: dict[tuple[str, int], Expected] = {
    ("threat-dragon/three-tier-web-app.json", 1): Expected(3, 3, 2),
    ("threat-dragon/iot-device.json", 1): Expected(11, 14, 0),
    ("threat-dragon/renting-car.json", 1): Expected(15, 15, 3),
    ("threat-dragon/v2-threat-model.json", 1): Expected(7, 9, 0, dangling=1, data_assets=1),
    ("threat-dragon/v2-new-model.json", 1): Expected(0, 0, 0),
    ("threat-dragon/demo-threat-model.json", 1): Expected(7, 10, 0, data_assets=1),
    ("threat-dragon/td-test-model.json", 1): Expected(14, 4, 3, dangling=1),
    ("threat-dragon/td-test-model.json", 2): Expected(4, 1, 1, dangling=2),
    ("threat-dragon/td-test-model.json", 3): Expected(1, 0, 0),
    ("threat-dragon/td-test-model.json", 4): Expected(0, 0, 0),
    ("otm/EXAMPLE.json", 1): Expected(4, 2, 2, data_assets=2),
    ("otm/EXAMPLE.yaml", 1): Expected(4, 2, 2, data_assets=2),
    ("otm/manual_threat_model.yaml", 1): Expected(3, 2, 3),
    ("otm/tf_example.yaml", 1): Expected(29, 22, 2),
    ("tm7/MTMT_example.tm7", 1): Expected(4, 6, 2),
    ("tm7/MTMT_nested_tz.tm7", 1): Expected(4, 2, 2, dangling=1),
    ("tm7/SDL_all_components.tm7", 1): Expected(24, 0, 2),
    ("threagile/threagile-example-model.yaml", 1): Expected(14, 20, 6, data_assets=12),
}
SAMPLE_FILES = sorted({name for name, _ in EXPECTED})


def sample(name: str) -> Path:
    path = DATA / name
    assert path.is_file(), f"sample model missing: {path} (shared/data must sit next to the repository)"
    return path


def test_every_sample_file_is_listed() -> None:
    """A new sample in shared/data must get expected counts here, not be silently skipped."""
    found = {
        str(path.relative_to(DATA))
        for folder in ("threat-dragon", "otm", "tm7", "threagile")
        for path in (DATA / folder).iterdir()
        if path.is_file() and "schema" not in path.name
    }
    assert found == set(SAMPLE_FILES)


@pytest.fixture(scope="module")
def imported() -> dict[tuple[str, int], tuple[Design, object]]:
    results = {}
    for name in SAMPLE_FILES:
        for number, result in enumerate(import_all(sample(name)), 1):
            results[(name, number)] = result
    return results


def test_diagram_counts_match(imported: dict) -> None:
    assert set(imported) == set(EXPECTED)


@pytest.mark.parametrize(("name", "diagram"), sorted(EXPECTED), ids=[f"{n}#{d}" for n, d in sorted(EXPECTED)])
def test_sample_imports_with_source_counts(imported: dict, name: str, diagram: int) -> None:
    design, report = imported[(name, diagram)]
    expected = EXPECTED[(name, diagram)]
    assert len(design.components) == expected.components
    assert len(design.flows) == expected.flows
    assert len(design.boundaries) == expected.boundaries
    assert len(design.data_assets) == expected.data_assets
    dangling = [d for d in report.dropped if "end is not attached" in d.reason]
    assert len(dangling) == expected.dangling
    assert report.result_counts["components"] == expected.components


@pytest.mark.parametrize(("name", "diagram"), sorted(EXPECTED), ids=[f"{n}#{d}" for n, d in sorted(EXPECTED)])
def test_sample_reloads_and_validates(imported: dict, name: str, diagram: int) -> None:
    design, _ = imported[(name, diagram)]
    text = dumps_design(design)
    reloaded = loads_design(text, source=name)
    assert dumps_design(reloaded) == text
    result = Validator().full(reloaded)
    assert result is not None


def test_import_is_deterministic() -> None:
    for name in (
        "threat-dragon/renting-car.json",
        "otm/tf_example.yaml",
        "threagile/threagile-example-model.yaml",
    ):
        first, first_report = import_model(sample(name))
        second, second_report = import_model(sample(name))
        assert dumps_design(first) == dumps_design(second)
        assert first_report.render() == second_report.render()


def test_otm_json_and_yaml_give_the_same_design() -> None:
    from_json, _ = import_model(sample("otm/EXAMPLE.json"))
    from_yaml, _ = import_model(sample("otm/EXAMPLE.yaml"))
    assert dumps_design(from_json) == dumps_design(from_yaml)


def test_threat_dragon_v1_and_v2_of_the_same_model_agree() -> None:
    """The demo model exists in both formats; v2 lost one flow end (reported), the rest is the same."""
    v1, _ = import_model(sample("threat-dragon/demo-threat-model.json"))
    v2, report = import_model(sample("threat-dragon/v2-threat-model.json"))
    assert {c.id: c.kind for c in v1.components.values()} == {c.id: c.kind for c in v2.components.values()}
    names = {c.name for c in v1.components.values()}
    assert names == {c.name for c in v2.components.values()}
    assert "Web Application" in names  # newlines in Threat Dragon names become spaces
    assert any(d.source == 'flow "Web Request"' for d in report.dropped)


def test_threats_are_kept_as_notes() -> None:
    design, report = import_model(sample("threat-dragon/v2-threat-model.json"))
    source_threats = 14  # counted in the file: threats on stores, processes and flows
    assert len(report.threats) == source_threats
    on_elements = [
        note
        for element in [*design.components.values(), *design.flows.values()]
        for note in element.properties.get(THREATS_PROPERTY, [])
    ]
    assert len(on_elements) == source_threats - 1  # one sits on the dropped flow: report only
    database = next(c for c in design.components.values() if c.name == "Database")
    assert "[Open, Medium] Credential theft (Information disclosure)" in database.properties[THREATS_PROPERTY]


def test_threat_dragon_properties_map_to_controls() -> None:
    design, _ = import_model(sample("threat-dragon/v2-threat-model.json"))
    by_name = {c.name: c for c in design.components.values()}
    queries = next(f for f in design.flows.values() if f.properties.get("imported_name") == "Queries")
    assert queries.controls["enc_in_transit"].status == "implemented"
    assert by_name["Web Application"].properties["internet_facing"] is True  # isPublicNetwork
    credentials = [a for a in design.data_assets.values() if "credentials" in a.tags]
    assert len(credentials) == 1
    assert credentials[0].id in by_name["Worker Config"].holds  # storesCredentials


def test_otm_nested_components_are_flattened_into_their_zone() -> None:
    design, report = import_model(sample("otm/tf_example.yaml"))
    nested = [c for c in design.components.values() if "imported_parent" in c.properties]
    assert len(nested) == 19  # the README's count: 19 of 29 are nested in other components
    for component in nested:
        parent = design.components[str(component.properties["imported_parent"])]
        assert component.boundary == parent.boundary
    assert report.renamed_ids  # two Terraform IDs are longer than 128 characters
    assert all(len(new) <= 128 for new in report.renamed_ids.values())


def test_tm7_stencils_flows_and_boundaries() -> None:
    design, report = import_model(sample("tm7/MTMT_nested_tz.tm7"))
    by_name = {c.name: c for c in design.components.values()}
    sandbox = next(b for b in design.boundaries.values() if b.name == "Sandbox environment")
    assert by_name["Sandbox Mongo"].boundary == sandbox.id  # the innermost of two nested borders
    https = next(f for f in design.flows.values() if f.protocol == "HTTPS")
    assert https.controls["enc_in_transit"].status == "implemented"
    assert any(
        d.source == 'line boundary "Internet Boundary"' and "HTTPS" in d.reason for d in report.dropped
    )
    assert len(report.threats) == 16


def test_threagile_flags_become_controls_and_classifications() -> None:
    design, _ = import_model(sample("threagile/threagile-example-model.yaml"))
    accounts = design.data_assets["customer-accounts"]
    assert accounts.classification == "restricted"  # strictly-confidential
    assert "credentials" in accounts.tags
    database = design.components["sql-database"]
    assert database.controls["enc_at_rest"].status == "implemented"
    link = next(f for f in design.flows.values() if f.source == "customer-client")
    assert {"enc_in_transit", "authn", "authz"} <= set(link.controls)
    nested = design.boundaries["web-dmz"].rect
    outer = design.boundaries["application-network"].rect
    assert outer[0] < nested[0] and nested[0] + nested[2] < outer[0] + outer[2]


def test_every_imported_design_round_trips_through_the_file_format(tmp_path: Path) -> None:
    from caisa_studio.io import load_design, save_design

    design, _ = import_model(sample("tm7/MTMT_example.tm7"))
    target = tmp_path / "imported.caisa.json"
    save_design(design, target)
    assert dumps_design(load_design(target)) == dumps_design(design)
