"""Property tests: any sequence of edits undoes and redoes exactly, and any design the edits can build
survives a save/load round trip byte for byte.

The strategy draws every element ID (component, flow, boundary, data asset) from one small pool, so
duplicate IDs across element kinds, dangling references and self-loops come up all the time; the edits
that break an invariant must raise ``InvariantError`` and change nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caisa_studio.catalog import default_catalog
from caisa_studio.catalog.schema import PropertySpec
from caisa_studio.io import dumps_design, loads_design
from caisa_studio.model import (
    Classification,
    Component,
    ControlState,
    ControlStatus,
    DataAsset,
    DataFlow,
    Design,
    DesignDocument,
    InvariantError,
    RiskClass,
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

POOL = ("a", "b", "c", "d", "e", "f", "g")
CATALOG = default_catalog()
KINDS = sorted(CATALOG.kinds)[:8]
CONTROLS = ["authn", "authz", "enc_in_transit", "segmentation", "rate_limit"]
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ids = st.sampled_from(POOL)
names = st.text(max_size=8)
coordinates = st.integers(-2000, 2000).map(float) | st.floats(-1e5, 1e5, allow_nan=False)
points = st.tuples(coordinates, coordinates)
lengths = st.integers(0, 2000).map(float) | st.floats(0, 1e5, allow_nan=False)
rects = st.tuples(coordinates, coordinates, lengths, lengths)
control_states = st.none() | st.builds(
    ControlState, status=st.sampled_from(list(ControlStatus)), justification=st.text(max_size=6)
)
risk_entries = st.none() | st.builds(
    RiskEntry,
    status=st.sampled_from(list(RiskStatus)),
    justification=st.text(max_size=6),
    owner=st.text(max_size=4),
    date=st.sampled_from(["", "2024-01-31"]),
    expires=st.none() | st.just("2025-01-01"),
)
free_values = (
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(-1e6, 1e6, allow_nan=False)
    | st.text(max_size=6)
    | st.lists(st.text(max_size=4), max_size=3)
)


def _spec_values(spec: PropertySpec) -> st.SearchStrategy[object]:
    """Values the catalog accepts for one property."""
    if spec.type == "bool":
        return st.none() | st.booleans()
    if spec.type == "enum":
        return st.none() | st.sampled_from(spec.values)
    if spec.type == "set":
        return st.lists(st.sampled_from(spec.values), max_size=3, unique=True)
    return st.none() | st.text(max_size=6)


def _catalog_properties() -> st.SearchStrategy[tuple[str, object]]:
    """(key, value) pairs valid on components *and* flows: a key typed in both tables must agree."""
    specs: dict[str, PropertySpec] = {**CATALOG.component_properties, **CATALOG.flow_properties}
    for key, spec in CATALOG.component_properties.items():
        other = CATALOG.flow_properties.get(key)
        assert other is None or (other.type, other.values) == (spec.type, spec.values), key
    typed = [st.tuples(st.just(key), _spec_values(spec)) for key, spec in sorted(specs.items())]
    unknown = st.tuples(st.sampled_from(["x_note", "x_owner"]), free_values)  # kept for other tools
    return st.one_of(*typed, unknown)


@dataclass(frozen=True)
class Vocabulary:
    """What the strategy may write: catalog-valid only, or also values the file loader would reject."""

    kinds: st.SearchStrategy[str]
    controls: st.SearchStrategy[str]
    properties: st.SearchStrategy[tuple[str, object]]


VALID = Vocabulary(
    kinds=st.sampled_from(KINDS),
    controls=st.sampled_from(CONTROLS),
    properties=_catalog_properties(),
)
WILD = Vocabulary(
    kinds=st.sampled_from([*KINDS[:3], "not_a_kind"]),
    controls=st.sampled_from([*CONTROLS, "not_a_control"]),
    properties=_catalog_properties()
    | st.tuples(st.sampled_from(["autonomy", "internet_facing"]), free_values),
)


def refs(existing: Iterable[str]) -> st.SearchStrategy[str]:
    """Usually an ID that exists in ``existing``, but any pool ID half the time (dangling or wrong kind)."""
    known = sorted(existing)
    return st.sampled_from(known) | ids if known else ids


# Fields SetAttribute may name; "id", "position", "boundary" and "controls" are never editable.
EDITABLE = ["name", "kind", "holds", "protocol", "bidirectional", "carries", "source", "target"]
EDITABLE += ["zone", "rect", "classification", "tags"]
NOT_EDITABLE = ["id", "position", "boundary", "controls"]


@st.composite
def set_attribute(draw: st.DrawFn, vocabulary: Vocabulary, design: Design) -> Edit:
    """A field change on some element: usually a sensible field and value, sometimes not."""
    components, assets = refs(design.components), refs(design.data_assets)
    asset_lists = st.just([]) | st.lists(assets, max_size=3)
    values: dict[str, st.SearchStrategy[Any]] = {
        "name": names,
        "kind": vocabulary.kinds,
        "holds": asset_lists,
        "protocol": st.sampled_from(["", "HTTPS", "gRPC"]),
        "bidirectional": st.booleans(),
        "carries": asset_lists,
        "source": components,
        "target": components,
        "zone": st.sampled_from([*Zone, "NOWHERE"]),
        "rect": rects | st.just((1.0, 2.0, -3.0, 4.0)),
        "classification": st.sampled_from([*Classification, "secret"]),
        "tags": st.lists(st.sampled_from(["pii", "prompts", "telemetry"]), max_size=3),
        "id": ids,
        "position": points,
        "boundary": st.none() | refs(design.boundaries),
        "controls": st.just({}),
    }
    field = draw(st.sampled_from(EDITABLE) | st.sampled_from(NOT_EDITABLE))
    return SetAttribute(draw(refs(design.all_ids())), field, draw(values[field]))


@st.composite
def set_property(draw: st.DrawFn, vocabulary: Vocabulary, design: Design) -> Edit:
    """A property set (or removed with UNSET) on a component or flow, or on something without properties."""
    key, value = draw(vocabulary.properties)
    if draw(st.integers(0, 3)) == 0:
        value = UNSET
    return SetProperty(draw(refs(design.all_ids())), key, value)  # type: ignore[arg-type]


design_info = st.one_of(
    st.builds(SetDesignInfo, st.sampled_from(["title", "description"]), names | st.integers(0, 3)),
    st.builds(SetDesignInfo, st.just("risk_class"), st.none() | st.sampled_from([*RiskClass, "extreme"])),
    st.builds(SetDesignInfo, st.just("reference"), st.sampled_from([None, "RA-1", "RA-22", "RA-x"])),
    st.builds(SetDesignInfo, st.sampled_from(["id", "schema_version"]), st.just("other")),
)
risk_keys = st.sampled_from(["R-1@a", "R-2@f", "R-1@a@b", "bad", "@a", "R-1@"])


def edits(vocabulary: Vocabulary, design: Design) -> st.SearchStrategy[Edit]:
    """One edit (or a small batch), valid or not: new IDs from POOL, references mostly from ``design``."""
    components, boundaries = refs(design.components), refs(design.boundaries)
    assets, everything = refs(design.data_assets), refs(design.all_ids())
    maybe_boundary = st.sampled_from([None, None]) | boundaries
    asset_lists = st.just([]) | st.lists(assets, max_size=3)
    new_component = st.builds(
        Component,
        id=ids,
        kind=vocabulary.kinds,
        name=names,
        boundary=maybe_boundary,
        position=points,
        holds=asset_lists,
    )
    new_flow = st.builds(
        DataFlow,
        id=ids,
        source=components,
        target=components,
        protocol=st.sampled_from(["", "HTTPS"]),
        bidirectional=st.booleans(),
        carries=asset_lists,
    )
    new_boundary = st.builds(TrustBoundary, id=ids, name=names, zone=st.sampled_from(list(Zone)), rect=rects)
    new_asset = st.builds(
        DataAsset,
        id=ids,
        name=names,
        classification=st.sampled_from(list(Classification)),
        tags=st.lists(st.sampled_from(["pii", "credentials"]), max_size=2),
    )
    moves = st.lists(st.tuples(components, points), min_size=1, max_size=3).map(tuple)
    assignments = st.lists(st.tuples(components, maybe_boundary), min_size=1, max_size=3).map(tuple)
    single = st.one_of(
        st.builds(AddComponent, new_component),
        st.builds(RemoveComponent, components),
        st.builds(MoveComponents, moves),
        st.builds(AssignToBoundary, assignments),
        st.builds(Connect, new_flow),
        st.builds(Disconnect, refs(design.flows)),
        set_attribute(vocabulary, design),
        set_property(vocabulary, design),
        st.builds(SetControl, everything, vocabulary.controls, control_states),
        st.builds(AddBoundary, new_boundary),
        st.builds(RemoveBoundary, boundaries),
        st.builds(AddDataAsset, new_asset),
        st.builds(RemoveDataAsset, assets),
        design_info,
        st.builds(SetRiskEntry, risk_keys, risk_entries),
    )
    # Batch members are drawn against the design as it is before the batch, so later ones may fail.
    return single | st.builds(Batch, st.lists(single, min_size=1, max_size=4).map(tuple))


def seed_design() -> Design:
    """A small catalog-valid design using POOL IDs, so early edits already collide with something."""
    return Design(
        id="seed",
        title="Seed",
        boundaries={"c": TrustBoundary(id="c", zone=Zone.APP)},
        components={
            "a": Component(id="a", kind="web_app", boundary="c", holds=["d"]),
            "b": Component(id="b", kind="vector_db", position=(40.0, 12.5)),
        },
        flows={"e": DataFlow(id="e", source="a", target="b", carries=["d"])},
        data_assets={"d": DataAsset(id="d", classification=Classification.CONFIDENTIAL)},
    )


starts = st.sampled_from(["seed", "empty"]).map(
    lambda name: seed_design() if name == "seed" else Design(id="empty")
)


def apply_edits(doc: DesignDocument, data: st.DataObject, vocabulary: Vocabulary) -> list[tuple[Edit, str]]:
    """Draw up to 30 edits against the evolving design and apply them; rejected ones must change nothing.

    Returns an (inverse, text after) pair for every edit that was applied.
    """
    applied: list[tuple[Edit, str]] = []
    for _ in range(data.draw(st.integers(0, 30), label="edit count")):
        edit = data.draw(edits(vocabulary, doc.design))
        before = dumps_design(doc.design)
        try:
            changes = doc.apply(edit)
        except InvariantError:
            assert dumps_design(doc.design) == before, "a rejected edit changed the design"
            continue
        applied.append((changes.inverse, dumps_design(doc.design)))
    return applied


@SETTINGS
@given(start=starts, data=st.data())
def test_undo_everything_restores_start_and_redo_replays(start: Design, data: st.DataObject) -> None:
    """Undoing every applied edit in reverse restores the starting text; redoing replays each state."""
    doc = DesignDocument(start)
    start_text = dumps_design(doc.design)
    applied = apply_edits(doc, data, WILD)

    redo: list[Edit] = []
    for inverse, _after in reversed(applied):
        redo.append(doc.apply(inverse).inverse)
    assert dumps_design(doc.design) == start_text

    for (_inverse, after), edit in zip(applied, reversed(redo), strict=True):
        doc.apply(edit)
        assert dumps_design(doc.design) == after


@SETTINGS
@given(start=starts, data=st.data())
def test_each_edit_undoes_immediately(start: Design, data: st.DataObject) -> None:
    """Undo right after an edit returns to the text just before it, and redo to the text after it."""
    doc = DesignDocument(start)
    for _ in range(data.draw(st.integers(0, 30), label="edit count")):
        before = dumps_design(doc.design)
        try:
            changes = doc.apply(data.draw(edits(WILD, doc.design)))
        except InvariantError:
            continue
        after = dumps_design(doc.design)
        undo = doc.apply(changes.inverse)
        assert dumps_design(doc.design) == before
        doc.apply(undo.inverse)
        assert dumps_design(doc.design) == after


@SETTINGS
@given(start=starts, data=st.data())
def test_built_designs_survive_file_round_trip(start: Design, data: st.DataObject) -> None:
    """Whatever the (catalog-valid) edits build loads back and re-serialises to the same bytes."""
    doc = DesignDocument(start)
    apply_edits(doc, data, VALID)
    saved = dumps_design(doc.design)
    reloaded = loads_design(saved.encode("utf-8"))
    assert dumps_design(reloaded) == saved
    assert reloaded.all_ids() == doc.design.all_ids()
