"""Every edit class: exact undo, the ChangeSet it reports, invariants, batches and listeners.

All tests work on the bundled example (loaded from disk) and compare the canonical file text
(``dumps_design``) so "undo restores the design" means byte for byte, not "looks similar".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

from caisa_studio.io import dumps_design, load_design
from caisa_studio.model import (
    ChangeSet,
    Classification,
    Component,
    ControlState,
    ControlStatus,
    DataAsset,
    DataFlow,
    DesignDocument,
    InvariantError,
    RiskEntry,
    RiskStatus,
    TrustBoundary,
    Zone,
)
from caisa_studio.model.edits import (
    UNSET,
    AddBoundary,
    AddComponent,
    AddDataAsset,
    AssignToBoundary,
    Batch,
    Connect,
    Disconnect,
    Edit,
    MoveComponents,
    RemoveBoundary,
    RemoveComponent,
    RemoveDataAsset,
    SetAttribute,
    SetControl,
    SetDesignInfo,
    SetProperty,
    SetRiskEntry,
)

# Facts about resources/examples/rag-assistant.caisa.json the expectations below rely on.
APP_MEMBERS = frozenset({"aigw", "embedder", "guardrail", "orchestrator", "retriever"})
ORCHESTRATOR_FLOWS = frozenset(
    {
        "f-orchestrator-aigw",
        "f-orchestrator-guardrail",
        "f-orchestrator-retriever",
        "f-orchestrator-siem",
        "f-webapp-orchestrator",
    }
)
KB_HOLDERS = frozenset({"kb", "vectordb"})
KB_CARRIERS = frozenset(
    {
        "f-aigw-llm",
        "f-ingest-embedder",
        "f-ingest-vectordb",
        "f-kb-ingest",
        "f-orchestrator-aigw",
        "f-retriever-vectordb",
    }
)
IMPLEMENTED = ControlState(status=ControlStatus.IMPLEMENTED)


@pytest.fixture
def doc(example_path: Path) -> DesignDocument:
    """A document over a fresh copy of the bundled example, read from disk."""
    return DesignDocument(load_design(example_path))


def text(doc: DesignDocument) -> str:
    return dumps_design(doc.design)


def apply_and_undo(doc: DesignDocument, edit: Edit) -> ChangeSet:
    """Apply ``edit``, check it changed the file text, undo it and check the text is restored exactly."""
    before = text(doc)
    changes = doc.apply(edit)
    assert text(doc) != before, "the edit should change the design"
    doc.apply(changes.inverse)
    assert text(doc) == before
    return changes


def new_component(component_id: str = "new", **fields: Any) -> Component:
    return Component(id=component_id, kind=fields.pop("kind", "web_app"), **fields)


def new_flow(flow_id: str, source: str, target: str, **fields: Any) -> DataFlow:
    return DataFlow(id=flow_id, source=source, target=target, **fields)


# ---------------------------------------------------------------------------------------------------------
# The ChangeSet of each edit, and exact undo
# ---------------------------------------------------------------------------------------------------------

Expected = tuple[set[str], set[str], set[str], set[str], bool]


def want(
    added: Iterable[str] = (),
    removed: Iterable[str] = (),
    modified: Iterable[str] = (),
    moved: Iterable[str] = (),
    geometry_only: bool = False,
) -> Expected:
    """The ChangeSet fields a case expects."""
    return set(added), set(removed), set(modified), set(moved), geometry_only


CASES: list[tuple[str, Edit, Expected]] = [
    (
        "add-component",
        AddComponent(new_component("new", boundary="b-app", holds=["da-kb"], position=(10.0, 20.0))),
        want(added={"new"}),
    ),
    (
        "remove-component-cascades",
        RemoveComponent("orchestrator"),
        want(removed={"orchestrator", *ORCHESTRATOR_FLOWS}),
    ),
    (
        # A component removed in the same batch that added it leaves no trace in the ChangeSet.
        "add-then-remove-in-one-batch",
        Batch(
            (
                AddComponent(new_component("tmp")),
                MoveComponents((("kb", (3.0, 3.0)),)),
                RemoveComponent("tmp"),
            )
        ),
        want(moved={"kb"}, geometry_only=True),
    ),
    (
        "move",
        MoveComponents((("llm", (1.0, 2.0)), ("kb", (-5.5, 7.0)))),
        want(moved={"llm", "kb"}, geometry_only=True),
    ),
    ("assign", AssignToBoundary((("llm", "b-app"), ("user", None))), want(modified={"llm", "user"})),
    ("connect", Connect(new_flow("f-new", "user", "llm", carries=["da-chat"])), want(added={"f-new"})),
    ("disconnect", Disconnect("f-aigw-llm"), want(removed={"f-aigw-llm"})),
    ("rename", SetAttribute("llm", "name", "Ünïcode LLM"), want(modified={"llm"})),
    ("set-kind", SetAttribute("llm", "kind", "inference_endpoint"), want(modified={"llm"})),
    (
        "rect-is-a-move",
        SetAttribute("b-app", "rect", (1.0, 2.0, 3.0, 4.0)),
        want(moved={"b-app"}, geometry_only=True),
    ),
    ("reroute-source", SetAttribute("f-aigw-llm", "source", "guardrail"), want(modified={"f-aigw-llm"})),
    ("reroute-target", SetAttribute("f-aigw-llm", "target", "kb"), want(modified={"f-aigw-llm"})),
    ("set-carries", SetAttribute("f-aigw-llm", "carries", ["da-logs"]), want(modified={"f-aigw-llm"})),
    ("set-bidirectional", SetAttribute("f-aigw-llm", "bidirectional", True), want(modified={"f-aigw-llm"})),
    ("set-zone", SetAttribute("b-app", "zone", Zone.CORP), want(modified={"b-app"})),
    (
        "set-classification",
        SetAttribute("da-kb", "classification", Classification.PUBLIC),
        want(modified={"da-kb"}),
    ),
    ("set-tags", SetAttribute("da-kb", "tags", ["pii", "ip"]), want(modified={"da-kb"})),
    ("set-property", SetProperty("llm", "internet_facing", True), want(modified={"llm"})),
    ("change-property", SetProperty("llm", "origin", "in_house"), want(modified={"llm"})),
    ("unset-property", SetProperty("llm", "origin", UNSET), want(modified={"llm"})),
    ("flow-property", SetProperty("f-aigw-llm", "user_feedback", True), want(modified={"f-aigw-llm"})),
    ("component-control", SetControl("llm", "authn", IMPLEMENTED), want(modified={"llm"})),
    ("clear-control", SetControl("aigw", "rate_limit", None), want(modified={"aigw"})),
    ("flow-control", SetControl("f-aigw-llm", "enc_in_transit", IMPLEMENTED), want(modified={"f-aigw-llm"})),
    (
        "boundary-control-marks-members",
        SetControl("b-app", "segmentation", IMPLEMENTED),
        want(modified={"b-app", *APP_MEMBERS}),
    ),
    (
        "add-boundary",
        AddBoundary(TrustBoundary(id="b-new", name="New", zone=Zone.CORP)),
        want(added={"b-new"}),
    ),
    ("remove-boundary", RemoveBoundary("b-app"), want(removed={"b-app"}, modified=APP_MEMBERS)),
    (
        "add-data-asset",
        AddDataAsset(DataAsset(id="da-new", classification=Classification.RESTRICTED, tags=["pii"])),
        want(added={"da-new"}),
    ),
    (
        "remove-data-asset",
        RemoveDataAsset("da-kb"),
        want(removed={"da-kb"}, modified=KB_HOLDERS | KB_CARRIERS),
    ),
    (
        "batch",
        Batch(
            (
                AddComponent(new_component("n1")),
                Connect(new_flow("f-n1", "n1", "llm")),
                MoveComponents((("kb", (0.0, 0.0)),)),
                SetAttribute("llm", "name", "x"),
            )
        ),
        want(added={"n1", "f-n1"}, modified={"llm"}, moved={"kb"}),
    ),
    (
        "batch-of-moves-is-geometry",
        Batch((MoveComponents((("kb", (0.0, 0.0)),)), SetAttribute("b-data", "rect", (0.0, 0.0, 9.0, 9.0)))),
        want(moved={"kb", "b-data"}, geometry_only=True),
    ),
    (
        "move-then-modify-is-not-geometry",
        Batch((MoveComponents((("kb", (0.0, 0.0)),)), SetAttribute("kb", "name", "moved and renamed"))),
        want(modified={"kb"}),
    ),
]


@pytest.mark.parametrize(("edit", "expected"), [(e, x) for _, e, x in CASES], ids=[n for n, _, _ in CASES])
def test_change_set_and_exact_undo(doc: DesignDocument, edit: Edit, expected: Expected) -> None:
    """Each edit reports exactly what it touched, and its inverse restores the file text byte for byte."""
    added, removed, modified, moved, geometry_only = expected
    changes = apply_and_undo(doc, edit)
    assert changes.edit is edit
    assert changes.added == added
    assert changes.removed == removed
    assert changes.modified == modified
    assert changes.moved == moved
    assert changes.geometry_only is geometry_only
    assert not changes.risk_keys
    assert changes.design_modified is False


@pytest.mark.parametrize("edit", [e for _, e, _ in CASES], ids=[n for n, _, _ in CASES])
def test_redo_after_undo_reproduces_the_edit(doc: DesignDocument, edit: Edit) -> None:
    """The undo's own inverse is the redo: it must land on exactly the post-edit text."""
    before = text(doc)
    changes = doc.apply(edit)
    after = text(doc)
    undo = doc.apply(changes.inverse)
    assert text(doc) == before
    doc.apply(undo.inverse)
    assert text(doc) == after


# ---------------------------------------------------------------------------------------------------------
# What each edit does to the design
# ---------------------------------------------------------------------------------------------------------


def test_add_component_stores_it(doc: DesignDocument) -> None:
    """The added component is the object given, reachable by ID."""
    component = new_component("new", name="Newcomer", boundary="b-edge")
    doc.apply(AddComponent(component))
    assert doc.design.components["new"] is component
    assert doc.design.element("new") is component


def test_remove_component_cascades_attached_flows(doc: DesignDocument) -> None:
    """A flow cannot dangle: deleting a component deletes every flow in or out of it, and only those."""
    flows_before = set(doc.design.flows)
    doc.apply(RemoveComponent("orchestrator"))
    assert "orchestrator" not in doc.design.components
    assert set(doc.design.flows) == flows_before - ORCHESTRATOR_FLOWS
    assert all("orchestrator" not in (f.source, f.target) for f in doc.design.flows.values())


def test_move_components_sets_positions(doc: DesignDocument) -> None:
    """Moves land exactly where asked; other fields are untouched."""
    name = doc.design.components["llm"].name
    doc.apply(MoveComponents((("llm", (12.5, -3.0)),)))
    assert doc.design.components["llm"].position == (12.5, -3.0)
    assert doc.design.components["llm"].name == name


def test_move_same_component_twice_undoes_to_start(doc: DesignDocument) -> None:
    """A component listed twice ends at the last position and undo still returns it home."""
    before = text(doc)
    changes = doc.apply(MoveComponents((("llm", (1.0, 1.0)), ("llm", (2.0, 2.0)))))
    assert doc.design.components["llm"].position == (2.0, 2.0)
    doc.apply(changes.inverse)
    assert text(doc) == before


def test_assign_to_boundary_sets_membership(doc: DesignDocument) -> None:
    """Membership is set per pair, including leaving every boundary (None)."""
    doc.apply(AssignToBoundary((("llm", "b-app"), ("user", None))))
    assert doc.design.components["llm"].boundary == "b-app"
    assert doc.design.components["user"].boundary is None


def test_assign_same_component_twice_undoes_to_start(doc: DesignDocument) -> None:
    """The inverse replays previous memberships in reverse, so repeated IDs still undo exactly."""
    before = text(doc)
    changes = doc.apply(AssignToBoundary((("llm", "b-app"), ("llm", "b-data"))))
    assert doc.design.components["llm"].boundary == "b-data"
    doc.apply(changes.inverse)
    assert text(doc) == before


def test_connect_and_disconnect(doc: DesignDocument) -> None:
    """Connect stores the flow; Disconnect removes just that flow and keeps its endpoints."""
    flow = new_flow("f-new", "user", "llm", protocol="HTTPS")
    doc.apply(Connect(flow))
    assert doc.design.flows["f-new"] is flow
    doc.apply(Disconnect("f-new"))
    assert "f-new" not in doc.design.flows
    assert {"user", "llm"} <= set(doc.design.components)


def test_set_attribute_reroutes_flow(doc: DesignDocument) -> None:
    """Changing a flow's source or target moves the arrow to another existing component."""
    doc.apply(SetAttribute("f-aigw-llm", "source", "guardrail"))
    doc.apply(SetAttribute("f-aigw-llm", "target", "kb"))
    flow = doc.design.flows["f-aigw-llm"]
    assert (flow.source, flow.target) == ("guardrail", "kb")
    assert [f.id for f in doc.design.flows_of("aigw")] == ["f-orchestrator-aigw"]


def test_set_attribute_rect_is_geometry(doc: DesignDocument) -> None:
    """Resizing a boundary is a move, not a modification: nothing needs re-validating."""
    changes = doc.apply(SetAttribute("b-app", "rect", (0.0, 0.0, 10.0, 10.0)))
    assert doc.design.boundaries["b-app"].rect == (0.0, 0.0, 10.0, 10.0)
    assert changes.moved == {"b-app"}
    assert changes.geometry_only


def test_set_property_and_unset(doc: DesignDocument) -> None:
    """UNSET removes the key entirely (not a stored None); undo puts the old value back."""
    assert doc.design.components["llm"].properties["origin"] == "vendor"
    unset = doc.apply(SetProperty("llm", "origin", UNSET))
    assert "origin" not in doc.design.components["llm"].properties
    doc.apply(unset.inverse)
    assert doc.design.components["llm"].properties["origin"] == "vendor"
    doc.apply(SetProperty("llm", "origin", None))
    assert "origin" in doc.design.components["llm"].properties
    assert doc.design.components["llm"].properties["origin"] is None


def test_set_property_undo_of_new_key_removes_it(doc: DesignDocument) -> None:
    """A property that was absent is absent again after undo (the inverse carries UNSET)."""
    changes = doc.apply(SetProperty("kb", "multi_tenant", True))
    assert changes.inverse == SetProperty("kb", "multi_tenant", UNSET)
    doc.apply(changes.inverse)
    assert "multi_tenant" not in doc.design.components["kb"].properties


def test_unset_of_absent_property_is_harmless(doc: DesignDocument) -> None:
    """Removing a property that is not there changes no text and undoes cleanly."""
    before = text(doc)
    changes = doc.apply(SetProperty("kb", "not_there", UNSET))
    assert text(doc) == before
    doc.apply(changes.inverse)
    assert text(doc) == before


@pytest.mark.parametrize("element_id", ["llm", "f-aigw-llm", "b-app"])
def test_set_control_on_each_element_kind(doc: DesignDocument, element_id: str) -> None:
    """Controls can be ticked on components, flows and boundaries, and cleared with None."""
    state = ControlState(status=ControlStatus.NOT_APPLICABLE, justification="Not reachable.")
    doc.apply(SetControl(element_id, "segmentation", state))
    element = doc.design.element(element_id)
    assert element is not None
    assert element.controls["segmentation"] == state  # type: ignore[attr-defined]
    doc.apply(SetControl(element_id, "segmentation", None))
    element = doc.design.element(element_id)
    assert "segmentation" not in element.controls  # type: ignore[union-attr]


def test_boundary_control_marks_only_members(doc: DesignDocument) -> None:
    """A boundary control counts for every member, so exactly the members must be re-validated."""
    changes = doc.apply(SetControl("b-data", "authz", IMPLEMENTED))
    members = {c.id for c in doc.design.components.values() if c.boundary == "b-data"}
    assert members == {"ingest", "kb", "vectordb"}
    assert changes.modified == {"b-data", *members}


def test_remove_boundary_keeps_members_outside(doc: DesignDocument) -> None:
    """Members survive a boundary's removal with boundary None; undo puts them back inside."""
    changes = doc.apply(RemoveBoundary("b-app"))
    assert "b-app" not in doc.design.boundaries
    for member in APP_MEMBERS:
        assert doc.design.components[member].boundary is None
    doc.apply(changes.inverse)
    assert doc.design.boundaries["b-app"].name == "Application tier"
    for member in APP_MEMBERS:
        assert doc.design.components[member].boundary == "b-app"


def test_remove_empty_boundary(doc: DesignDocument) -> None:
    """A boundary without members removes and restores on its own."""
    doc.apply(AddBoundary(TrustBoundary(id="b-empty", zone=Zone.DATA)))
    before = text(doc)
    changes = apply_and_undo(doc, RemoveBoundary("b-empty"))
    assert changes.removed == {"b-empty"}
    assert not changes.modified
    assert text(doc) == before


def test_remove_data_asset_strips_references(doc: DesignDocument) -> None:
    """No holds or carries may point at a removed asset; undo restores every reference."""
    changes = doc.apply(RemoveDataAsset("da-kb"))
    assert "da-kb" not in doc.design.data_assets
    assert all("da-kb" not in c.holds for c in doc.design.components.values())
    assert all("da-kb" not in f.carries for f in doc.design.flows.values())
    assert doc.design.components["vectordb"].holds == ["da-embeddings"]
    doc.apply(changes.inverse)
    assert {c.id for c in doc.design.components.values() if "da-kb" in c.holds} == KB_HOLDERS
    assert {f.id for f in doc.design.flows.values() if "da-kb" in f.carries} == KB_CARRIERS


@pytest.mark.parametrize(
    ("field", "value", "read"),
    [
        ("title", "Nouveau titre ✓", lambda d: d.title),
        ("description", "", lambda d: d.description),
        ("risk_class", "high", lambda d: d.properties.risk_class),
        ("risk_class", None, lambda d: d.properties.risk_class),
        ("reference", "RA-7", lambda d: d.properties.reference),
    ],
)
def test_set_design_info(doc: DesignDocument, field: str, value: Any, read: Callable[[Any], Any]) -> None:
    """Design-level fields change, flag design_modified (never geometry-only) and undo exactly."""
    changes = apply_and_undo(doc, SetDesignInfo(field, value))
    assert changes.design_modified
    assert not changes.touched
    assert not changes.geometry_only
    doc.apply(SetDesignInfo(field, value))
    assert read(doc.design) == value


def test_set_risk_entry_and_forget(doc: DesignDocument) -> None:
    """Risk decisions are recorded per key, reported in risk_keys, and removed with None."""
    entry = RiskEntry(
        status=RiskStatus.ACCEPTED, justification="Vendor contract.", owner="sec", date="2024-05"
    )
    changes = apply_and_undo(doc, SetRiskEntry("R-ENC-01@f-aigw-llm", entry))
    assert changes.risk_keys == {"R-ENC-01@f-aigw-llm"}
    assert not changes.touched
    assert not changes.geometry_only
    doc.apply(SetRiskEntry("R-ENC-01@f-aigw-llm", entry))
    assert doc.design.risk_tracking["R-ENC-01@f-aigw-llm"] == entry
    forget = apply_and_undo(doc, SetRiskEntry("R-ENC-01@f-aigw-llm", None))
    assert forget.risk_keys == {"R-ENC-01@f-aigw-llm"}
    doc.apply(SetRiskEntry("R-ENC-01@f-aigw-llm", None))
    assert "R-ENC-01@f-aigw-llm" not in doc.design.risk_tracking


# ---------------------------------------------------------------------------------------------------------
# Invariant violations: InvariantError, and the design is untouched
# ---------------------------------------------------------------------------------------------------------

INVALID: list[tuple[str, Edit]] = [
    ("component-id-used-by-boundary", AddComponent(new_component("b-app"))),
    ("component-id-used-by-flow", AddComponent(new_component("f-aigw-llm"))),
    ("component-id-used-by-component", AddComponent(new_component("llm"))),
    ("boundary-id-used-by-component", AddBoundary(TrustBoundary(id="llm", zone=Zone.APP))),
    ("asset-id-used-by-flow", AddDataAsset(DataAsset(id="f-aigw-llm"))),
    ("flow-id-used-by-asset", Connect(new_flow("da-kb", "user", "llm"))),
    ("component-in-unknown-boundary", AddComponent(new_component("new", boundary="b-nowhere"))),
    ("component-holds-unknown-asset", AddComponent(new_component("new", holds=["da-kb", "da-nope"]))),
    ("remove-missing-component", RemoveComponent("ghost")),
    ("move-missing-component", MoveComponents((("llm", (1.0, 1.0)), ("ghost", (2.0, 2.0))))),
    ("move-to-nan", MoveComponents((("llm", (float("nan"), 1.0)),))),
    ("second-move-to-infinity", MoveComponents((("llm", (1.0, 1.0)), ("kb", (float("inf"), 0.0))))),
    ("second-move-out-of-range", MoveComponents((("llm", (1.0, 1.0)), ("llm", (0.0, -1e9))))),
    ("move-out-of-range", MoveComponents((("llm", (1e9, 1.0)),))),
    ("assign-unknown-boundary", AssignToBoundary((("llm", "b-app"), ("user", "b-nowhere")))),
    ("assign-missing-component", AssignToBoundary((("llm", "b-app"), ("ghost", "b-app")))),
    ("flow-to-missing-component", Connect(new_flow("f-new", "user", "ghost"))),
    ("flow-from-missing-component", Connect(new_flow("f-new", "ghost", "user"))),
    ("self-loop", Connect(new_flow("f-new", "llm", "llm"))),
    ("flow-carries-unknown-asset", Connect(new_flow("f-new", "user", "llm", carries=["da-nope"]))),
    ("disconnect-missing-flow", Disconnect("ghost")),
    ("disconnect-a-component", Disconnect("llm")),
    ("reroute-to-missing", SetAttribute("f-aigw-llm", "target", "ghost")),
    ("reroute-to-self-loop", SetAttribute("f-aigw-llm", "source", "llm")),
    ("carries-unknown-asset", SetAttribute("f-aigw-llm", "carries", ["da-nope"])),
    ("holds-unknown-asset", SetAttribute("kb", "holds", ["da-kb", "da-nope"])),
    ("edit-component-id", SetAttribute("llm", "id", "llm2")),
    ("edit-component-position", SetAttribute("llm", "position", (0.0, 0.0))),
    ("edit-component-boundary", SetAttribute("llm", "boundary", "b-app")),
    ("edit-component-controls", SetAttribute("llm", "controls", {})),
    ("edit-flow-name", SetAttribute("f-aigw-llm", "name", "x")),
    ("edit-asset-id", SetAttribute("da-kb", "id", "x")),
    ("edit-missing-element", SetAttribute("ghost", "name", "x")),
    ("bad-zone", SetAttribute("b-app", "zone", "NOWHERE")),
    ("bad-rect", SetAttribute("b-app", "rect", (1.0, 2.0, 3.0))),
    ("negative-rect-size", SetAttribute("b-app", "rect", (1.0, 2.0, -3.0, 4.0))),
    ("empty-kind", SetAttribute("llm", "kind", "")),
    ("property-on-boundary", SetProperty("b-app", "internet_facing", True)),
    ("property-on-asset", SetProperty("da-kb", "internet_facing", True)),
    ("property-on-missing", SetProperty("ghost", "internet_facing", True)),
    ("property-not-a-value", SetProperty("llm", "internet_facing", {"nested": "dict"})),  # type: ignore[arg-type]
    ("control-on-asset", SetControl("da-kb", "authn", IMPLEMENTED)),
    ("control-on-missing", SetControl("ghost", "authn", IMPLEMENTED)),
    ("remove-missing-boundary", RemoveBoundary("ghost")),
    ("remove-component-as-boundary", RemoveBoundary("llm")),
    ("remove-missing-asset", RemoveDataAsset("ghost")),
    ("design-field-not-editable", SetDesignInfo("id", "other")),
    ("design-schema-version", SetDesignInfo("schema_version", 2)),
    ("design-title-not-text", SetDesignInfo("title", 42)),
    ("design-bad-risk-class", SetDesignInfo("risk_class", "extreme")),
    ("design-bad-reference", SetDesignInfo("reference", "RA-one")),
    ("risk-key-without-at", SetRiskEntry("R-ENC-01", RiskEntry())),
    ("risk-key-without-rule", SetRiskEntry("@llm", RiskEntry())),
    ("risk-key-without-subject", SetRiskEntry("R-ENC-01@", None)),
]


@pytest.mark.parametrize("edit", [e for _, e in INVALID], ids=[n for n, _ in INVALID])
def test_invalid_edit_raises_and_changes_nothing(doc: DesignDocument, edit: Edit) -> None:
    """A rejected edit must leave the design byte-identical, bump no revision and notify no one."""
    seen: list[ChangeSet] = []
    doc.subscribe(seen.append)
    before = text(doc)
    revision = doc.revision
    with pytest.raises(InvariantError):
        doc.apply(edit)
    assert text(doc) == before
    assert doc.revision == revision
    assert seen == []


# ---------------------------------------------------------------------------------------------------------
# Batches
# ---------------------------------------------------------------------------------------------------------


def test_batch_third_edit_fails_rolls_back_first_two(doc: DesignDocument) -> None:
    """All or nothing: a failure in the third edit undoes the first two (including a cascade)."""
    before = text(doc)
    batch = Batch(
        (
            RemoveComponent("orchestrator"),
            SetAttribute("llm", "name", "Renamed"),
            Connect(new_flow("f-bad", "user", "orchestrator")),  # orchestrator is gone by now
            SetAttribute("kb", "name", "never reached"),
        ),
        "Broken batch",
    )
    with pytest.raises(InvariantError):
        doc.apply(batch)
    assert text(doc) == before
    assert doc.revision == 0


def test_batch_inverse_undoes_in_reverse_order(doc: DesignDocument) -> None:
    """Later edits depend on earlier ones (flow on a new component), so undo must run backwards."""
    batch = Batch(
        (
            AddComponent(new_component("n1")),
            AddComponent(new_component("n2")),
            Connect(new_flow("f-n", "n1", "n2")),
            RemoveBoundary("b-edge"),
        ),
        "Paste",
    )
    changes = apply_and_undo(doc, batch)
    assert changes.inverse.label == "Paste"
    assert isinstance(changes.inverse, Batch)
    assert isinstance(changes.inverse.edits[0], Batch)  # the RemoveBoundary's own restore comes first
    assert changes.added == {"n1", "n2", "f-n"}
    assert changes.removed == {"b-edge"}


def test_nested_batch_failure_rolls_back_everything(doc: DesignDocument) -> None:
    """A failure deep inside a nested batch unwinds the outer batch's earlier edits too."""
    before = text(doc)
    inner = Batch((SetAttribute("kb", "name", "inner"), Disconnect("ghost")))
    with pytest.raises(InvariantError):
        doc.apply(Batch((AddComponent(new_component("n1")), inner)))
    assert text(doc) == before


# ---------------------------------------------------------------------------------------------------------
# Listeners
# ---------------------------------------------------------------------------------------------------------


def test_listeners_receive_each_change_set_and_can_unsubscribe(doc: DesignDocument) -> None:
    """Subscribers see every applied ChangeSet in order; after unsubscribing they see nothing more."""
    first: list[ChangeSet] = []
    second: list[ChangeSet] = []
    unsubscribe_first = doc.subscribe(first.append)
    doc.subscribe(second.append)

    rename = doc.apply(SetAttribute("llm", "name", "A"))
    move = doc.apply(MoveComponents((("llm", (0.0, 0.0)),)))
    assert first == [rename, move]
    assert second == [rename, move]
    assert first[0] is rename
    assert doc.revision == 2

    unsubscribe_first()
    unsubscribe_first()  # a second call is harmless
    undo = doc.apply(rename.inverse)
    assert first == [rename, move]
    assert second == [rename, move, undo]
    assert doc.revision == 3


def test_listener_sees_design_already_changed(doc: DesignDocument) -> None:
    """Notifications come after the edit, so a listener reads the new state."""
    names: list[str] = []
    doc.subscribe(lambda _changes: names.append(doc.design.components["llm"].name))
    doc.apply(SetAttribute("llm", "name", "After"))
    assert names == ["After"]


def test_listener_may_unsubscribe_while_notified(doc: DesignDocument) -> None:
    """Unsubscribing from inside a callback must not skip the other listeners of that change."""
    calls: list[str] = []
    unsubscribe: Callable[[], None] = lambda: None  # noqa: E731

    def once(_changes: ChangeSet) -> None:
        calls.append("once")
        unsubscribe()

    unsubscribe = doc.subscribe(once)
    doc.subscribe(lambda _changes: calls.append("always"))
    doc.apply(SetAttribute("llm", "name", "1"))
    doc.apply(SetAttribute("llm", "name", "2"))
    assert calls == ["once", "always", "always"]
