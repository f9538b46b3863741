"""Property tests: any sequence of edits undoes and redoes exactly, and any design the edits can build
survives a save/load round trip byte for byte.

The strategy draws every element ID (component, flow, boundary, data asset) from one small pool, so
duplicate IDs across element kinds, dangling references and self-loops come up all the time; the edits
that break an invariant must raise ``InvariantError`` and change nothing.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
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

POOL = ("a", "b", "c", "d", "e", "f", "g", "h", "i")
CATALOG = default_catalog()
KINDS = sorted(CATALOG.kinds)[:8]
CONTROLS = ["authn", "authz", "enc_in_transit", "segmentation", "rate_limit"]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

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


@dataclass(frozen=True, eq=False)  # hashed by identity: edits() caches per vocabulary
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


@dataclass(frozen=True)
class Tables:
    """The IDs a design holds per element kind (hashable, so strategies can be cached per shape)."""

    components: tuple[str, ...]
    flows: tuple[str, ...]
    boundaries: tuple[str, ...]
    data_assets: tuple[str, ...]

    @property
    def all_ids(self) -> tuple[str, ...]:
        return (*self.components, *self.flows, *self.boundaries, *self.data_assets)


def biased(preferred: Iterable[str]) -> st.SearchStrategy[str]:
    """A pool ID, three times in four one of ``preferred`` (when there are any)."""
    favourites = sorted(preferred)
    if not favourites:
        return ids
    repeat = -(-3 * len(POOL) // len(favourites))  # ceil(3 * pool / favourites)
    return st.sampled_from(favourites * repeat + list(POOL))


def refs(existing: Iterable[str]) -> st.SearchStrategy[str]:
    """A reference: usually to an element of the right kind, else dangling or of another kind."""
    return biased(existing)


# The fields SetAttribute may change, by the table of the elements that have them. "id", "position",
# "boundary" and "controls" are never editable (membership and controls have their own edits).
EDITABLE = {
    "components": ["name", "kind", "holds"],
    "flows": ["protocol", "bidirectional", "carries", "source", "target"],
    "boundaries": ["name", "zone", "rect"],
    "data_assets": ["name", "classification", "tags"],
}
NOT_EDITABLE = ["id", "position", "boundary", "controls"]


@st.composite
def set_attribute(draw: st.DrawFn, vocabulary: Vocabulary, tables: Tables) -> Edit:
    """A field change on some element: usually a sensible field and value, sometimes not."""
    components, assets = refs(tables.components), refs(tables.data_assets)
    asset_lists = st.one_of(st.just([]), st.just([]), st.lists(assets, max_size=3))
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
        "boundary": st.none() | refs(tables.boundaries),
        "controls": st.just({}),
    }
    table = draw(st.sampled_from(sorted(EDITABLE)))
    field = draw(st.sampled_from(EDITABLE[table]) | st.sampled_from(NOT_EDITABLE))
    element = draw(refs(getattr(tables, table)))  # may be of another kind, or missing
    return SetAttribute(element, field, draw(values[field]))


@st.composite
def set_property(draw: st.DrawFn, vocabulary: Vocabulary, tables: Tables) -> Edit:
    """A property set (or removed with UNSET) on a component or flow, or on something without properties."""
    key, value = draw(vocabulary.properties)
    if draw(st.integers(0, 3)) == 0:
        value = UNSET
    element = draw(refs((*tables.components, *tables.flows)))
    return SetProperty(element, key, value)  # type: ignore[arg-type]


DESIGN_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "title": names | st.integers(0, 3),
    "description": names,
    "risk_class": st.none() | st.sampled_from([*RiskClass, "extreme"]),
    "reference": st.sampled_from([None, "RA-1", "RA-22", "RA-x"]),
    "id": st.just("other"),
    "schema_version": st.just(2),
}


@st.composite
def design_info(draw: st.DrawFn) -> Edit:
    """A design-level change; "id" and "schema_version" are not editable."""
    field = draw(st.sampled_from(sorted(DESIGN_VALUES)))
    return SetDesignInfo(field, draw(DESIGN_VALUES[field]))


risk_keys = st.sampled_from(["R-1@a", "R-2@f", "R-1@a@b", "bad", "@a", "R-1@"])


def edits(vocabulary: Vocabulary, design: Design) -> st.SearchStrategy[Edit]:
    """One edit (or a small batch), valid or not: new IDs from POOL, references mostly from ``design``."""
    tables = Tables(
        *(tuple(sorted(getattr(design, t))) for t in ("components", "flows", "boundaries", "data_assets"))
    )
    return _edits(vocabulary, tables)


@cache
def _edits(vocabulary: Vocabulary, tables: Tables) -> st.SearchStrategy[Edit]:
    """Built once per design shape: constructing strategies for every draw would dominate the runtime."""
    components, boundaries = refs(tables.components), refs(tables.boundaries)
    assets, everything = refs(tables.data_assets), refs(tables.all_ids)
    fresh = biased(set(POOL) - set(tables.all_ids))  # mostly unused IDs, sometimes a collision
    maybe_boundary = st.one_of(st.none(), st.none(), boundaries)  # outside any boundary 2 times in 3
    asset_lists = st.one_of(st.just([]), st.just([]), st.lists(assets, max_size=3))
    new_component = st.builds(
        Component,
        id=fresh,
        kind=vocabulary.kinds,
        name=names,
        boundary=maybe_boundary,
        position=points,
        holds=asset_lists,
    )
    new_flow = st.builds(
        DataFlow,
        id=fresh,
        source=components,
        target=components,
        protocol=st.sampled_from(["", "HTTPS"]),
        bidirectional=st.booleans(),
        carries=asset_lists,
    )
    new_boundary = st.builds(
        TrustBoundary, id=fresh, name=names, zone=st.sampled_from(list(Zone)), rect=rects
    )
    new_asset = st.builds(
        DataAsset,
        id=fresh,
        name=names,
        classification=st.sampled_from(list(Classification)),
        tags=st.lists(st.sampled_from(["pii", "credentials"]), max_size=2),
    )
    places = points | st.just((math.inf, 0.0))  # now and then a position the model must refuse
    moves = st.lists(st.tuples(components, places), min_size=1, max_size=3).map(tuple)
    assignments = st.lists(st.tuples(components, maybe_boundary), min_size=1, max_size=3).map(tuple)
    add_component, connect = st.builds(AddComponent, new_component), st.builds(Connect, new_flow)
    single = st.one_of(
        # Components and flows are what everything else refers to, so they come up more often.
        *[add_component] * 3,
        *[connect] * 3,
        st.builds(RemoveComponent, components),
        st.builds(MoveComponents, moves),
        st.builds(AssignToBoundary, assignments),
        st.builds(Disconnect, refs(tables.flows)),
        set_attribute(vocabulary, tables),
        set_property(vocabulary, tables),
        st.builds(SetControl, everything, vocabulary.controls, control_states),
        st.builds(AddBoundary, new_boundary),
        st.builds(RemoveBoundary, boundaries),
        st.builds(AddDataAsset, new_asset),
        st.builds(RemoveDataAsset, assets),
        design_info(),
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
    current = dumps_design(doc.design)
    for _ in range(data.draw(st.integers(1, 30), label="edit count")):
        edit = data.draw(edits(vocabulary, doc.design))
        try:
            changes = doc.apply(edit)
        except InvariantError:
            assert dumps_design(doc.design) == current, "a rejected edit changed the design"
            continue
        current = dumps_design(doc.design)
        applied.append((changes.inverse, current))
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
    before = dumps_design(doc.design)
    for _ in range(data.draw(st.integers(1, 30), label="edit count")):
        try:
            changes = doc.apply(data.draw(edits(WILD, doc.design)))
        except InvariantError:
            continue
        after = dumps_design(doc.design)
        undo = doc.apply(changes.inverse)
        assert dumps_design(doc.design) == before
        doc.apply(undo.inverse)
        assert dumps_design(doc.design) == after
        before = after


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
