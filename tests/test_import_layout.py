"""Layouts of imported designs are readable: on the grid, no overlaps, members inside their boundaries.

Checked on every sample (source positions and automatic layout alike), plus the properties the
automatic layout promises: left-to-right along flows, nested regions inside their parents.
"""

from __future__ import annotations

import json
from itertools import combinations
from pathlib import Path

import pytest

from caisa_studio.io.importers import import_all
from caisa_studio.io.importers.geometry import BOX_H, BOX_W, fit_source_geometry, required_scale
from caisa_studio.io.importers.layout import flow_layers, layered_layout
from caisa_studio.model import Design

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA = REPO_ROOT.parent / "shared" / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "interop"
SAMPLES = [
    "threat-dragon/renting-car.json",
    "threat-dragon/v2-threat-model.json",
    "threat-dragon/td-test-model.json",
    "threat-dragon/iot-device.json",
    "otm/EXAMPLE.json",
    "otm/tf_example.yaml",
    "otm/manual_threat_model.yaml",
    "tm7/MTMT_example.tm7",
    "tm7/MTMT_nested_tz.tm7",
    "tm7/SDL_all_components.tm7",
    "threagile/threagile-example-model.yaml",
]


def designs(name: str) -> list[Design]:
    path = FIXTURES / name if (FIXTURES / name).exists() else DATA / name
    return [design for design, _ in import_all(path)]


def overlaps(first: tuple[float, float], second: tuple[float, float]) -> bool:
    return abs(first[0] - second[0]) < BOX_W and abs(first[1] - second[1]) < BOX_H


def inside(position: tuple[float, float], rect: tuple[float, float, float, float]) -> bool:
    x, y, w, h = rect
    return (
        x <= position[0]
        and y <= position[1]
        and position[0] + BOX_W <= x + w
        and position[1] + BOX_H <= y + h
    )


@pytest.mark.parametrize("name", [*SAMPLES, "ai-pipeline.otm.yaml"])
def test_layout_is_readable(name: str) -> None:
    for design in designs(name):
        positions = {c.id: c.position for c in design.components.values()}
        for x, y in positions.values():
            assert x % 8 == 0 and y % 8 == 0, "components sit on the 8 px grid"
            assert x >= 0 and y >= 0
        for first, second in combinations(positions.values(), 2):
            assert not overlaps(first, second), f"boxes overlap in {name}"
        for component in design.components.values():
            if component.boundary:
                assert inside(component.position, design.boundaries[component.boundary].rect)
        for boundary in design.boundaries.values():
            assert all(value % 8 == 0 for value in boundary.rect)


def test_automatic_layout_reads_left_to_right() -> None:
    (design,) = designs("ai-pipeline.otm.yaml")
    x = {c.id: c.position[0] for c in design.components.values()}
    assert x["user"] < x["chat-ui"] < x["orchestrator"] < x["vectors"]
    data = design.boundaries["data"].rect
    app = design.boundaries["app"].rect
    assert app[0] < data[0] and data[0] + data[2] <= app[0] + app[2]  # nested trust zone inside its parent
    assert app[1] < data[1] and data[1] + data[3] <= app[1] + app[3]


def test_flow_layers_break_cycles_deterministically() -> None:
    layers = flow_layers(["a", "b", "c", "d"], [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")])
    assert layers == {"a": 0, "b": 1, "c": 2, "d": 3}


def test_unconnected_components_do_not_sit_between_flows() -> None:
    placement = layered_layout(["a", "lonely", "b"], {}, {}, [], [("a", "b")], {"a": 0, "lonely": 0, "b": 0})
    a, lonely, b = (placement.positions[key] for key in ("a", "lonely", "b"))
    assert a[1] == b[1] and a[0] < b[0]
    assert lonely[1] > a[1]  # in the row below the flow, not in its way


def test_source_geometry_spreads_crowded_drawings() -> None:
    boxes = {"a": (0.0, 0.0, 100.0, 100.0), "b": (120.0, 0.0, 100.0, 100.0)}
    assert required_scale([(50, 50), (170, 50)]) == pytest.approx((BOX_W + 16) / 120)
    placement = fit_source_geometry(boxes, {}, {})
    assert placement is not None
    assert not overlaps(placement.positions["a"], placement.positions["b"])
    assert "spread" in placement.description


def test_identical_source_positions_fall_back_to_automatic_layout() -> None:
    boxes = {"a": (0.0, 0.0, 50.0, 50.0), "b": (0.0, 0.0, 50.0, 50.0)}
    assert fit_source_geometry(boxes, {}, {}) is None


def test_otm_positions_are_used_only_when_complete_and_consistent(tmp_path: Path) -> None:
    """EXAMPLE.json places one component only in code; without it, two others share one spot."""
    _, report = import_all(DATA / "otm" / "EXAMPLE.json")[0]
    assert report.layout.startswith("automatic layered layout")
    assert any("only some elements had positions" in note for note in report.notes)
    model = json.loads((DATA / "otm" / "EXAMPLE.json").read_text(encoding="utf-8"))
    model["components"] = [c for c in model["components"] if c["type"] != "code-class"]
    (tmp_path / "example.json").write_text(json.dumps(model), encoding="utf-8")
    _, report = import_all(tmp_path / "example.json")[0]
    assert report.layout.startswith("automatic layered layout")
    assert any("positions ignored" in note for note in report.notes)
