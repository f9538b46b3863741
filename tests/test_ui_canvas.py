"""The canvas driven like a user would: palette drops, connecting, moving into boundaries, undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPointF
from pytestqt.qtbot import QtBot

from caisa_studio.io import dumps_design, load_design
from caisa_studio.ui.canvas.view import BOUNDARY_MIME, KIND_MIME

from .ui_support import drop_mime, isolated_settings, mouse_drag, open_window


@pytest.fixture(autouse=True)
def _settings(tmp_path: Path) -> None:
    isolated_settings(tmp_path)


def test_dropping_a_kind_creates_a_member_of_the_boundary_under_the_pointer(
    qtbot: QtBot, example_copy: Path
) -> None:
    window = open_window(qtbot, example_copy)
    session = window.session
    assert session is not None and window.view is not None
    before = set(session.design.components)
    drop_mime(window.view, KIND_MIME, "vector_db", QPointF(1236, 160))  # inside "Knowledge platform"
    added = set(session.design.components) - before
    assert len(added) == 1
    component = session.design.components[added.pop()]
    assert component.kind == "vector_db" and component.boundary == "b-data"
    assert component.name == "Vector database / search index"
    assert component.position[0] % 8 == 0 and component.position[1] % 8 == 0
    session.undo_stack.undo()
    assert set(session.design.components) == before


def test_dropping_a_boundary_and_an_unknown_kind(qtbot: QtBot, example_copy: Path) -> None:
    window = open_window(qtbot, example_copy)
    session = window.session
    assert session is not None and window.view is not None
    drop_mime(window.view, BOUNDARY_MIME, "DEVICE", QPointF(1600, 300))
    devices = [b for b in session.design.boundaries.values() if b.zone.value == "DEVICE"]
    assert len(devices) == 1 and devices[0].rect[2] >= 240
    count = len(session.design.components)
    drop_mime(window.view, KIND_MIME, "not_a_kind", QPointF(1600, 600))
    assert len(session.design.components) == count


def test_connecting_two_components_by_dragging_from_a_handle(qtbot: QtBot, example_copy: Path) -> None:
    window = open_window(qtbot, example_copy)
    session, view = window.session, window.view
    assert session is not None and view is not None
    before = set(session.design.flows)
    # Right-edge handle of "Prompt guardrail" (656, 96) to the middle of "Central logging" (368, 672).
    mouse_drag(view, QPointF(656 + 168, 96 + 32), QPointF(368 + 84, 672 + 32))
    added = set(session.design.flows) - before
    assert len(added) == 1
    flow = session.design.flows[added.pop()]
    assert (flow.source, flow.target) == ("guardrail", "siem")
    session.validate_now()
    assert any(f.subject == flow.id for f in session.result.findings), (
        "a new crossing flow is checked at once"
    )
    session.undo_stack.undo()
    assert set(session.design.flows) == before
    session.undo_stack.redo()
    assert flow.id in session.design.flows


def test_moving_a_component_into_another_boundary_changes_membership(
    qtbot: QtBot, example_copy: Path
) -> None:
    window = open_window(qtbot, example_copy)
    session, view = window.session, window.view
    assert session is not None and view is not None
    original = dumps_design(session.design)
    # Drag "Embedding model" from the application tier into the knowledge platform.
    mouse_drag(view, QPointF(864 + 84, 416 + 40), QPointF(1152 + 84, 176 + 40))
    moved = session.design.components["embedder"]
    assert moved.boundary == "b-data"
    assert moved.position == (1152.0, 176.0)
    assert session.undo_stack.count() == 1, "a drag is one undo step"
    session.undo_stack.undo()
    assert dumps_design(session.design) == original


def test_delete_copy_paste_and_save_reopen(qtbot: QtBot, example_copy: Path, tmp_path: Path) -> None:
    window = open_window(qtbot, example_copy)
    session, scene = window.session, window.scene
    assert session is not None and scene is not None
    scene.select_ids({"retriever", "embedder"})
    assert window.copy_selection()
    window.paste()
    pasted = [c for c in session.design.components if c.startswith(("retriever-", "embedder-"))]
    assert sorted(pasted) == ["embedder-2", "retriever-2"]
    assert any(f.source == "retriever-2" and f.target == "embedder-2" for f in session.design.flows.values())
    scene.select_ids({"guardrail"})
    window.delete_selection()
    assert "guardrail" not in session.design.components
    assert "f-orchestrator-guardrail" not in session.design.flows
    target = tmp_path / "saved.caisa.json"
    assert window._write(target)
    assert not session.modified
    reopened = load_design(target)
    assert dumps_design(reopened) == dumps_design(session.design)
    assert window.windowTitle().startswith("saved.caisa.json")


def test_rerouting_a_flow_by_dragging_its_end(qtbot: QtBot, example_copy: Path) -> None:
    window = open_window(qtbot, example_copy)
    session, scene, view = window.session, window.scene, window.view
    assert session is not None and scene is not None and view is not None
    flow_item = scene.flows["f-orchestrator-siem"]
    scene.select_ids({"f-orchestrator-siem"})
    end = flow_item.line.p2()  # the arrow tip at "Central logging"
    mouse_drag(view, end, QPointF(80 + 84, 672 + 32))  # drop it on "Identity provider"
    flow = session.design.flows["f-orchestrator-siem"]
    assert (flow.source, flow.target) == ("orchestrator", "idp")
    session.undo_stack.undo()
    assert session.design.flows["f-orchestrator-siem"].target == "siem"


def test_find_selects_and_centres_a_component_by_name(qtbot: QtBot, example_copy: Path) -> None:
    window = open_window(qtbot, example_copy)
    assert window.scene is not None
    assert window.find_component("vector index")
    assert {i.element_id for i in window.scene.selectedItems()} == {"vectordb"}
    assert not window.find_component("no such thing")
