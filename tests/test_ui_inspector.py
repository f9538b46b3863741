"""The inspector dock: drives its real widgets and checks the model, the undo stack and the findings."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPushButton, QToolButton, QWidget
from pytestqt.qtbot import QtBot

from caisa_studio.io import load_design
from caisa_studio.model import Classification, ControlStatus, RiskClass, Zone
from caisa_studio.ui.inspector import InspectorPanel
from caisa_studio.ui.inspector.boundary_form import BoundaryForm
from caisa_studio.ui.inspector.component_form import ComponentForm
from caisa_studio.ui.inspector.design_form import DesignForm
from caisa_studio.ui.inspector.fields import ChoiceCombo, EditableCombo
from caisa_studio.ui.inspector.flow_form import FlowForm
from caisa_studio.ui.inspector.summary_form import SummaryForm
from caisa_studio.ui.main_window import MainWindow
from caisa_studio.ui.session import DesignSession


@pytest.fixture
def window(qtbot: QtBot, example_copy: Path) -> Iterator[MainWindow]:
    QCoreApplication.setOrganizationName("CAISA-tests")  # keep the user's real settings untouched
    QCoreApplication.setApplicationName("CAISA Studio inspector tests")
    QSettings().clear()  # every test starts from the default dock layout
    main = MainWindow(load_design(example_copy), example_copy)
    main.resize(1366, 768)
    main.show()
    qtbot.waitExposed(main)
    yield main
    main.session.undo_stack.setClean()  # type: ignore[union-attr]  # no "save changes?" prompt
    main.close()
    main.deleteLater()
    QSettings().clear()


def _panel(window: MainWindow) -> InspectorPanel:
    return window.inspector


def _session(window: MainWindow) -> DesignSession:
    assert window.session is not None
    return window.session


def _select(window: MainWindow, *element_ids: str) -> None:
    scene = window.scene
    assert scene is not None
    scene.clearSelection()
    for element_id in element_ids:
        item = (
            scene.components.get(element_id)
            or scene.flows.get(element_id)
            or scene.boundaries.get(element_id)
        )
        assert item is not None, element_id
        item.setSelected(True)


def _field(window: MainWindow, cls: type[Any], name: str) -> Any:
    form = _panel(window).form
    assert form is not None
    widget = form.findChild(cls, name)
    assert widget is not None, f"no {cls.__name__} named {name!r} in {type(form).__name__}"
    return widget


def _choose(combo: ChoiceCombo, value: Any) -> None:
    """What a user's pick in the drop-down does: the current index changes, then ``activated``."""
    index = combo.index_of(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def _type_into(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)


def _finding_ids(window: MainWindow) -> set[str]:
    session = _session(window)
    session.validate_now()
    return {f.id for f in session.result.findings}


# -- following the selection ---------------------------------------------------------------------


def test_the_inspector_is_a_right_dock_that_follows_the_selection(window: MainWindow) -> None:
    dock = window._docks["inspector"]
    assert dock.widget() is _panel(window)
    assert window.dockWidgetArea(dock) == Qt.DockWidgetArea.RightDockWidgetArea
    assert isinstance(_panel(window).form, DesignForm)
    _select(window, "vectordb")
    form = _panel(window).form
    assert isinstance(form, ComponentForm) and form.header.title.text() == "Support vector index"
    assert "Vector database" in form.header.subtitle.text()
    assert "open" in form.header.findings.text() and "high" in form.header.findings.text()
    _select(window, "f-aigw-llm")
    assert isinstance(_panel(window).form, FlowForm)
    _select(window, "b-data")
    assert isinstance(_panel(window).form, BoundaryForm)
    _select(window, "vectordb", "llm", "f-aigw-llm")
    summary = _panel(window).form
    assert isinstance(summary, SummaryForm)
    assert summary.header.title.text() == "3 elements selected"
    assert summary.header.subtitle.text() == "2 components · 1 flow"
    window.scene.clearSelection()  # type: ignore[union-attr]
    assert isinstance(_panel(window).form, DesignForm)


def test_a_new_session_repoints_the_inspector(window: MainWindow) -> None:
    window.new_design()
    assert isinstance(_panel(window).form, DesignForm)
    assert _field(window, QLineEdit, "title").text() == "Untitled design"
    assert _panel(window).session is window.session


def test_deleting_the_inspected_element_falls_back_to_the_design(window: MainWindow) -> None:
    _select(window, "siem")
    window.delete_selection()
    assert "siem" not in _session(window).design.components
    assert isinstance(_panel(window).form, DesignForm)
    _session(window).undo_stack.undo()
    assert "siem" in _session(window).design.components


# -- controls --------------------------------------------------------------------------------------


def test_implementing_a_control_clears_its_finding_and_undo_restores_it(window: MainWindow) -> None:
    session = _session(window)
    assert "R-ENC-01@vectordb" in _finding_ids(window)
    _select(window, "vectordb")
    combo = _field(window, ChoiceCombo, "control:enc_at_rest")
    header = _panel(window).form.header.findings  # type: ignore[union-attr]
    before = header.text()
    steps = session.undo_stack.count()
    _choose(combo, ControlStatus.IMPLEMENTED)
    state = session.design.components["vectordb"].controls["enc_at_rest"]
    assert state.status is ControlStatus.IMPLEMENTED
    assert session.undo_stack.count() == steps + 1
    assert "R-ENC-01@vectordb" not in _finding_ids(window)
    assert header.text() != before  # the header's open findings follow validation
    section = _panel(window).form.findChild(QWidget, "section:controls")  # type: ignore[union-attr]
    assert section.note.text().startswith("1 of ")
    session.undo_stack.undo()
    assert "enc_at_rest" not in session.design.components["vectordb"].controls
    assert "R-ENC-01@vectordb" in _finding_ids(window)
    assert combo.value() is None  # the same row, refreshed in place
    session.undo_stack.redo()
    assert combo.value() is ControlStatus.IMPLEMENTED


def test_a_planned_control_takes_a_justification_in_one_step(qtbot: QtBot, window: MainWindow) -> None:
    session = _session(window)
    _select(window, "vectordb")
    justification = _field(window, QLineEdit, "justification:enc_at_rest")
    assert not justification.isVisibleTo(_panel(window))
    _choose(_field(window, ChoiceCombo, "control:enc_at_rest"), ControlStatus.NOT_APPLICABLE)
    assert justification.isVisibleTo(_panel(window))
    steps = session.undo_stack.count()
    _type_into(qtbot, justification, "Index rebuilt from public articles")
    qtbot.keyClick(justification, Qt.Key.Key_Return)
    state = session.design.components["vectordb"].controls["enc_at_rest"]
    assert state.status is ControlStatus.NOT_APPLICABLE
    assert state.justification == "Index rebuilt from public articles"
    assert session.undo_stack.count() == steps + 1
    _choose(_field(window, ChoiceCombo, "control:enc_at_rest"), None)
    assert "enc_at_rest" not in session.design.components["vectordb"].controls


def test_a_justification_typed_before_selecting_elsewhere_is_kept(qtbot: QtBot, window: MainWindow) -> None:
    session = _session(window)
    _select(window, "vectordb")
    _choose(_field(window, ChoiceCombo, "control:enc_at_rest"), ControlStatus.PLANNED)
    _type_into(qtbot, _field(window, QLineEdit, "justification:enc_at_rest"), "Q3")
    _select(window, "llm")
    assert session.design.components["vectordb"].controls["enc_at_rest"].justification == "Q3"
    assert isinstance(_panel(window).form, ComponentForm)
    assert _panel(window).form.element_id == "llm"  # type: ignore[union-attr]


def test_controls_offered_are_the_catalogs_applicable_ones(window: MainWindow) -> None:
    _select(window, "vectordb")
    form = _panel(window).form
    assert form is not None
    shown = {
        c.objectName().split(":", 1)[1]
        for c in form.findChildren(ChoiceCombo)
        if c.objectName().startswith("control:")
    }
    assert shown == {c.id for c in window.catalog.controls_for_kind("vector_db")}
    _select(window, "f-aigw-llm")
    form = _panel(window).form
    assert form is not None
    shown = {
        c.objectName().split(":", 1)[1]
        for c in form.findChildren(ChoiceCombo)
        if c.objectName().startswith("control:")
    }
    assert shown == {c.id for c in window.catalog.controls_for_flows()}


# -- names and kinds -------------------------------------------------------------------------------


def test_typing_a_name_is_one_undo_step_and_keeps_focus(qtbot: QtBot, window: MainWindow) -> None:
    session = _session(window)
    _select(window, "vectordb")
    form = _panel(window).form
    name = _field(window, QLineEdit, "name")
    steps = session.undo_stack.count()
    _type_into(qtbot, name, "Vector store")
    assert session.design.components["vectordb"].name == "Vector store"
    assert session.undo_stack.count() == steps + 1
    assert _panel(window).form is form and name.hasFocus()  # updated in place, never rebuilt
    assert name.cursorPosition() == len("Vector store")
    assert form.header.title.text() == "Vector store"
    qtbot.keyClick(name, Qt.Key.Key_Backspace)  # a Delete shortcut elsewhere: here it edits the text
    assert session.design.components["vectordb"].name == "Vector stor"
    assert session.undo_stack.count() == steps + 1
    session.undo_stack.undo()
    assert session.design.components["vectordb"].name == "Support vector index"
    assert name.text() == "Support vector index"


def test_changing_the_kind_offers_that_kinds_properties(window: MainWindow) -> None:
    session = _session(window)
    _select(window, "siem")
    kind = _field(window, ChoiceCombo, "kind")
    assert kind.count() == len(window.catalog.kinds)
    assert not kind.itemIcon(0).isNull()
    kind.setFocus()
    _choose(kind, "agent_tool")
    assert session.design.components["siem"].kind == "agent_tool"
    assert _field(window, ChoiceCombo, "kind").hasFocus()  # a new form, focus put back on the kind
    capabilities = _field(window, QCheckBox, "capabilities:write")  # rebuilt for the new kind
    capabilities.click()
    assert session.design.components["siem"].properties["capabilities"] == ["write"]
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert session.design.components["siem"].kind == "logging_siem"
    assert _panel(window).form.findChild(QCheckBox, "capabilities:write") is None  # type: ignore[union-attr]


def test_boolean_and_enum_properties_set_and_clear(window: MainWindow) -> None:
    session = _session(window)
    _select(window, "vectordb")
    internet = _field(window, QCheckBox, "check:internet_facing")
    internet.click()
    assert session.design.components["vectordb"].properties["internet_facing"] is True
    clear = _field(window, QToolButton, "clear:internet_facing")
    assert clear.isVisibleTo(_panel(window))
    clear.click()
    assert "internet_facing" not in session.design.components["vectordb"].properties
    assert not internet.isChecked() and not clear.isVisibleTo(_panel(window))
    hosting = _field(window, ChoiceCombo, "property:hosting")
    value = window.catalog.component_properties["hosting"].values[0]
    _choose(hosting, value)
    assert session.design.components["vectordb"].properties["hosting"] == value
    _choose(hosting, hosting._values[0])  # "— not set —"
    assert "hosting" not in session.design.components["vectordb"].properties


# -- flows, boundaries, the design -----------------------------------------------------------------


def test_flow_protocol_and_direction(qtbot: QtBot, window: MainWindow) -> None:
    session = _session(window)
    _select(window, "f-aigw-llm")
    protocol = _field(window, EditableCombo, "protocol")
    assert protocol.currentText() == "HTTPS"
    steps = session.undo_stack.count()
    edit = protocol.lineEdit()
    _type_into(qtbot, edit, "gRPC over mTLS")
    assert session.design.flows["f-aigw-llm"].protocol == "HTTPS"  # committed when editing finishes
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert session.design.flows["f-aigw-llm"].protocol == "gRPC over mTLS"
    assert session.undo_stack.count() == steps + 1
    _field(window, QCheckBox, "bidirectional").click()
    assert session.design.flows["f-aigw-llm"].bidirectional is True
    assert "⇄" in _panel(window).form.header.title.text()  # type: ignore[union-attr]
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert session.design.flows["f-aigw-llm"].protocol == "HTTPS"
    assert protocol.currentText() == "HTTPS"


def test_flow_endpoint_link_inspects_the_component(window: MainWindow) -> None:
    _select(window, "f-aigw-llm")
    _panel(window).form.select_requested.emit("llm")  # type: ignore[union-attr]  # the link's signal
    assert window.selected_ids() == {"llm"}
    assert isinstance(_panel(window).form, ComponentForm)


def test_boundary_name_and_zone(qtbot: QtBot, window: MainWindow) -> None:
    session = _session(window)
    _select(window, "b-data")
    _type_into(qtbot, _field(window, QLineEdit, "name"), "Data platform")
    assert session.design.boundaries["b-data"].name == "Data platform"
    _choose(_field(window, ChoiceCombo, "zone"), Zone.MGMT)
    assert session.design.boundaries["b-data"].zone is Zone.MGMT
    assert "Security" in _panel(window).form.header.subtitle.text()  # type: ignore[union-attr]
    session.undo_stack.undo()
    assert session.design.boundaries["b-data"].zone is Zone.DATA


def test_design_title_description_risk_class_and_reference(qtbot: QtBot, window: MainWindow) -> None:
    session = _session(window)
    assert isinstance(_panel(window).form, DesignForm)
    steps = session.undo_stack.count()
    _type_into(qtbot, _field(window, QLineEdit, "title"), "Helpdesk RAG")
    assert session.design.title == "Helpdesk RAG"
    assert session.undo_stack.count() == steps + 1
    _choose(_field(window, ChoiceCombo, "risk_class"), RiskClass.HIGH)
    assert session.design.properties.risk_class is RiskClass.HIGH
    reference = _field(window, ChoiceCombo, "reference")
    assert reference.count() == 7 and reference.itemText(0) == "None"
    _choose(reference, "RA-1")
    assert session.design.properties.reference == "RA-1"
    _choose(reference, None)
    assert session.design.properties.reference is None
    assert session.undo_stack.count() == steps + 4
    session.undo_stack.undo()
    assert session.design.properties.reference == "RA-1"


def test_typing_a_description_is_one_undo_step(qtbot: QtBot, window: MainWindow) -> None:
    from caisa_studio.ui.inspector.fields import LiveTextEdit

    session = _session(window)
    description = _field(window, LiveTextEdit, "description")
    description.setFocus()
    description.selectAll()
    steps = session.undo_stack.count()
    qtbot.keyClicks(description, "Answers support questions")
    assert session.design.description == "Answers support questions"
    assert session.undo_stack.count() == steps + 1


# -- data assets -----------------------------------------------------------------------------------


def test_data_asset_add_classify_tag_and_hold(qtbot: QtBot, window: MainWindow) -> None:
    session = _session(window)
    _select(window, "vectordb")
    _field(window, QPushButton, "open-assets").click()
    dialog = _panel(window)._assets_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.add_button.click()
    new_ids = set(session.design.data_assets) - set(load_design(session.path).data_assets)  # type: ignore[arg-type]
    assert len(new_ids) == 1
    (asset_id,) = new_ids
    steps = session.undo_stack.count()
    qtbot.keyClicks(dialog.name, "Chat transcripts")  # the new name is selected: typing replaces it
    assert session.design.data_assets[asset_id].name == "Chat transcripts"
    assert session.undo_stack.count() == steps + 1
    _choose(dialog.classification, Classification.RESTRICTED)
    dialog.tags["pii"].click()
    asset = session.design.data_assets[asset_id]
    assert asset.classification is Classification.RESTRICTED and asset.tags == ["pii"]
    dialog.close()
    held = _field(window, QCheckBox, f"asset:{asset_id}")
    assert held.text() == "Chat transcripts" and not held.isChecked()
    held.click()
    assert asset_id in session.design.components["vectordb"].holds
    session.undo_stack.undo()
    assert asset_id not in session.design.components["vectordb"].holds


def test_deleting_a_data_asset_is_undoable(window: MainWindow) -> None:
    session = _session(window)
    dialog = _panel(window).open_assets()
    for row in range(dialog.list.count()):
        if dialog.list.item(row).data(Qt.ItemDataRole.UserRole) == "da-embeddings":
            dialog.list.setCurrentRow(row)
    dialog.delete_button.click()
    assert "da-embeddings" not in session.design.data_assets
    assert "da-embeddings" not in session.design.components["vectordb"].holds
    session.undo_stack.undo()
    assert "da-embeddings" in session.design.components["vectordb"].holds
    dialog.close()


def test_flow_carries_checklist(window: MainWindow) -> None:
    session = _session(window)
    _select(window, "f-aigw-llm")
    box = _field(window, QCheckBox, "asset:da-tokens")
    assert not box.isChecked()
    box.click()
    assert "da-tokens" in session.design.flows["f-aigw-llm"].carries


# -- how it looks ----------------------------------------------------------------------------------


def test_screenshots_of_component_and_flow(window: MainWindow, tmp_path: Path, qtbot: QtBot) -> None:
    """Offscreen screenshots (kept in $CAISA_SCREENSHOTS when set) for a human to look at."""
    folder = Path(os.environ.get("CAISA_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    for name, element in (("inspector-component", "vectordb"), ("inspector-flow", "f-aigw-llm")):
        _select(window, element)
        qtbot.wait(10)
        image = window.grab()
        assert not image.isNull() and image.width() >= 1000
        assert image.save(str(folder / f"{name}.png"))
        form = _panel(window).form
        assert form is not None and form.grab().save(str(folder / f"{name}-form.png"))
        assert _panel(window).width() >= 300  # readable next to the canvas at 1366 × 768
        assert all(combo.width() >= 120 for combo in form.findChildren(QComboBox) if combo.isVisibleTo(form))
