"""``Validator.update`` after any sequence of edits gives exactly what ``Validator.full`` gives.

This is what makes live validation trustworthy: the studio only ever runs ``update``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caisa_studio.catalog import default_catalog
from caisa_studio.io import load_design
from caisa_studio.model import (
    ChangeSet,
    Component,
    ControlState,
    DataFlow,
    Design,
    DesignDocument,
    InvariantError,
    RiskEntry,
)
from caisa_studio.model.edit_support import UNSET, Edit
from caisa_studio.model.edits import (
    AddComponent,
    AssignToBoundary,
    Connect,
    Disconnect,
    MoveComponents,
    RemoveComponent,
    SetAttribute,
    SetControl,
    SetProperty,
    SetRiskEntry,
)
from caisa_studio.rules import ValidationResult, Validator

from .conftest import EXAMPLE
from .rule_fixture_support import build_design, load_cases

TODAY = date(2026, 1, 15)
CATALOG = default_catalog()
CONTROLS = sorted(CATALOG.controls)
KINDS = sorted(CATALOG.kinds)
STATUSES = ["implemented", "planned", "not_applicable"]
SEED_DESIGNS: list[dict[str, Any]] = [case.design for case in load_cases()]


def _property_values(spec_id: str) -> list[Any]:
    spec = CATALOG.component_properties.get(spec_id) or CATALOG.flow_properties[spec_id]
    if spec.type == "bool":
        return [True, False]
    if spec.type == "enum":
        return list(spec.values)
    if spec.type == "set":
        return [[], spec.values[:1], spec.values[:3]]
    return ["*", "narrow"]


PROPERTIES = sorted({*CATALOG.component_properties, *CATALOG.flow_properties})


@st.composite
def edit_for(draw: st.DrawFn, design: Design) -> Edit:
    components = sorted(design.components)
    flows = sorted(design.flows)
    elements = components + flows + sorted(design.boundaries)
    choice = draw(st.integers(0, 9))
    if choice <= 2 and elements:
        status = draw(st.sampled_from([*STATUSES, None]))
        state = ControlState(status=status) if status else None
        return SetControl(draw(st.sampled_from(elements)), draw(st.sampled_from(CONTROLS)), state)
    if choice == 3 and components + flows:
        key = draw(st.sampled_from(PROPERTIES))
        value = draw(st.sampled_from([*_property_values(key), UNSET]))
        return SetProperty(draw(st.sampled_from(components + flows)), key, value)
    if choice == 4 and len(components) >= 2:
        source, target = draw(st.permutations(components).map(lambda p: p[:2]))
        number = draw(st.integers(0, 999))
        return Connect(
            DataFlow(id=f"hf{number}", source=source, target=target, bidirectional=draw(st.booleans()))
        )
    if choice == 5 and flows:
        return Disconnect(draw(st.sampled_from(flows)))
    if choice == 6:
        number = draw(st.integers(0, 999))
        return AddComponent(
            Component(id=f"hc{number}", kind=draw(st.sampled_from(KINDS)), name=f"New {number}")
        )
    if choice == 7 and components:
        target = draw(st.sampled_from(components))
        field = draw(st.sampled_from(["name", "kind"]))
        value = f"Renamed {draw(st.integers(0, 9))}" if field == "name" else draw(st.sampled_from(KINDS))
        return SetAttribute(target, field, value)
    if choice == 8 and components:
        target = draw(st.sampled_from(components))
        if draw(st.booleans()):
            return MoveComponents(((target, (draw(st.integers(0, 900)), 16.0)),))
        boundary = draw(st.sampled_from([None, *sorted(design.boundaries)]))
        return AssignToBoundary(((target, boundary),))
    if choice == 9 and components:
        if draw(st.booleans()):
            return RemoveComponent(draw(st.sampled_from(components)))
        rule = draw(st.sampled_from(["R-ENC-01", "R-ENC-02", "R-ID-03"]))
        status = draw(st.sampled_from(["accepted", "mitigated", None]))
        entry = (
            RiskEntry(status=status, expires="2025-01-01" if draw(st.booleans()) else None)
            if status
            else None
        )
        return SetRiskEntry(f"{rule}@{draw(st.sampled_from(components + flows))}", entry)
    return MoveComponents(())


def _comparable(result: ValidationResult) -> list[tuple[Any, ...]]:
    return [
        (f.id, f.severity, f.message, f.fix, f.subjects, f.path, f.status, f.references)
        for f in result.findings
    ] + [("stale", *result.stale_tracking)]


def _seed(index: int) -> Design:
    if index == 0:
        return load_design(EXAMPLE)
    return build_design(SEED_DESIGNS[(index - 1) % len(SEED_DESIGNS)])


def random_edits(data: st.DataObject, document: DesignDocument) -> Iterator[tuple[Edit, ChangeSet]]:
    """Apply 1–12 random edits to ``document``, yielding each one the model accepted."""
    for _ in range(data.draw(st.integers(1, 12))):
        edit = data.draw(edit_for(document.design))
        try:
            yield edit, document.apply(edit)
        except InvariantError:
            continue


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), seed=st.integers(0, len(SEED_DESIGNS)))
def test_update_after_random_edits_equals_full(data: st.DataObject, seed: int) -> None:
    document = DesignDocument(_seed(seed))
    live = Validator(today=TODAY)
    live.full(document.design)
    for edit, changes in random_edits(data, document):
        incremental, _ = live.update(document.design, changes)
        fresh = Validator(today=TODAY).full(document.design)
        assert _comparable(incremental) == _comparable(fresh), f"after {edit!r}"


def test_move_only_edits_cost_nothing(example_path: Path) -> None:
    document = DesignDocument(load_design(example_path))
    validator = Validator(today=TODAY)
    before = validator.full(document.design)
    component = next(iter(document.design.components))
    result, delta = validator.update(
        document.design, document.apply(MoveComponents(((component, (8.0, 8.0)),)))
    )
    assert result is before and delta.empty


def test_control_change_reports_the_delta(example_path: Path) -> None:
    document = DesignDocument(load_design(example_path))
    validator = Validator(today=TODAY)
    before = validator.full(document.design)
    assert before.get("R-ENC-01@vectordb") is not None
    changes = document.apply(SetControl("vectordb", "enc_at_rest", ControlState(status="implemented")))
    result, delta = validator.update(document.design, changes)
    assert "R-ENC-01@vectordb" in delta.removed and result.get("R-ENC-01@vectordb") is None
    changes = document.apply(changes.inverse)
    result, delta = validator.update(document.design, changes)
    assert [f.id for f in delta.added] == ["R-ENC-01@vectordb"]
