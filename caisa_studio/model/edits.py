"""Pure, undoable edits of a design.

Each edit validates against the current design *before* mutating it, so a failing edit changes
nothing, and returns the exact inverse edit computed from the state it replaced. Only
``DesignDocument.apply`` calls ``Edit.apply``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from caisa_studio.model.changes import EffectRecorder, InvariantError
from caisa_studio.model.design import Design, DesignProperties
from caisa_studio.model.edit_support import (
    UNSET,
    Batch,
    Edit,
    Unset,
    replaced,
    require_assets,
    require_boundary_or_none,
    require_component,
    require_endpoints,
    require_new_id,
    table_of,
)
from caisa_studio.model.elements import (
    Component,
    ControlState,
    DataAsset,
    DataFlow,
    Point,
    PropertyValue,
    RiskEntry,
    TrustBoundary,
)

__all__ = [
    "UNSET",
    "AddBoundary",
    "AddComponent",
    "AddDataAsset",
    "AssignToBoundary",
    "Batch",
    "Connect",
    "Disconnect",
    "Edit",
    "MoveComponents",
    "RemoveBoundary",
    "RemoveComponent",
    "RemoveDataAsset",
    "SetAttribute",
    "SetControl",
    "SetDesignInfo",
    "SetProperty",
    "SetRiskEntry",
]


@dataclass(frozen=True)
class AddComponent:
    component: Component

    @property
    def label(self) -> str:
        return f"Add {self.component.name or self.component.kind}"

    def apply(self, design: Design, record: EffectRecorder) -> Edit:
        require_new_id(design, self.component.id)
        require_boundary_or_none(design, self.component.boundary)
        require_assets(design, self.component.holds)
        design.components[self.component.id] = self.component
        record.add(self.component.id)
        return RemoveComponent(self.component.id)


@dataclass(frozen=True)
class RemoveComponent:
    """Removes a component and the flows attached to it (a flow cannot dangle)."""

    component_id: str

    @property
    def label(self) -> str:
        return "Delete component"

    def apply(self, design: Design, record: EffectRecorder) -> Edit:
        component = require_component(design, self.component_id)
        attached = design.flows_of(self.component_id)
        for flow in attached:
            del design.flows[flow.id]
            record.remove(flow.id)
        del design.components[self.component_id]
        record.remove(self.component_id)
        restore: list[Edit] = [AddComponent(component)]
        restore.extend(Connect(flow) for flow in attached)
        return Batch(tuple(restore), "Restore component")


@dataclass(frozen=True)
class MoveComponents:
    moves: tuple[tuple[str, Point], ...]

    @property
    def label(self) -> str:
        return "Move" if len(self.moves) != 1 else "Move component"

    def apply(self, design: Design, record: EffectRecorder) -> Edit:
        # Validate every new position (finite, in range) before moving anything: all or nothing.
        moved = [
            (component, replaced(component, position=_checked_position(cid, pos)))
            for cid, pos in self.moves
            for component in [require_component(design, cid)]
        ]
        previous: list[tuple[str, Point]] = []
        for component, updated in moved:
            previous.append((component.id, component.position))
            design.components[component.id] = updated
            record.move(component.id)
        return MoveComponents(tuple(previous))


def _checked_position(component_id: str, position: Point) -> Point:
    if len(position) != 2:
        raise InvariantError(f"position of {component_id!r} must be [x, y]")
    return position


@dataclass(frozen=True)
class AssignToBoundary:
    """Sets boundary membership: ``(component id, boundary id or None)`` pairs."""

    assignments: tuple[tuple[str, str | None], ...]

    @property
    def label(self) -> str:
        return "Change boundary membership"

    def apply(self, design: Design, record: EffectRecorder) -> Edit:
        for component_id, boundary_id in self.assignments:
            require_component(design, component_id)
            require_boundary_or_none(design, boundary_id)
        previous: list[tuple[str, str | None]] = []
        for component_id, boundary_id in self.assignments:
            component = design.components[component_id]
            previous.append((component_id, component.boundary))
            design.components[component_id] = replaced(component, boundary=boundary_id)
            record.modify(component_id)
        return AssignToBoundary(tuple(reversed(previous)))


@dataclass(frozen=True)
class Connect:
    flow: DataFlow

    @property
    def label(self) -> str:
        return "Connect"

    def apply(self, design: Design, record: EffectRecorder) -> Edit:
        require_new_id(design, self.flow.id)
        require_endpoints(design, self.flow)
        require_assets(design, self.flow.carries)
        design.flows[self.flow.id] = self.flow
        record.add(self.flow.id)
        return Disconnect(self.flow.id)


@dataclass(frozen=True)
class Disconnect:
    flow_id: str

    @property
    def label(self) -> str:
        return "Delete flow"

    def apply(self, design: Design, record: EffectRecorder) -> Edit:
        flow = design.flows.get(self.flow_id)
        if flow is None:
            raise InvariantError(f"there is no flow {self.flow_id!r}")
        del design.flows[self.flow_id]
        record.remove(self.flow_id)
        return Connect(flow)


_EDITABLE_FIELDS: dict[type[BaseModel], frozenset[str]] = {
    Component: frozenset({"name", "kind", "holds"}),
    DataFlow: frozenset({"protocol", "bidirectional", "carries", "source", "target"}),
    TrustBoundary: frozenset({"name", "zone", "rect"}),
    DataAsset: frozenset({"name", "classification", "tags"}),
}
_GEOMETRY_FIELDS = frozenset({"rect"})


@dataclass(frozen=True)
class SetAttribute:
    """Changes one plain field of a component, flow, boundary or data asset."""

    element_id: str
    field: str
    value: Any

    @property
    def label(self) -> str:
        return f"Change {self.field}"

    def apply(self, design: Design, record: EffectRecorder) -> Edit:
        table = table_of(design, self.element_id)
        element = table[self.element_id]
        if self.field not in _EDITABLE_FIELDS[type(element)]:
            raise InvariantError(f"{self.field!r} cannot be edited on {self.element_id!r}")
        updated = replaced(element, **{self.field: self.value})
        if isinstance(updated, DataFlow):
            require_endpoints(design, updated)
            require_assets(design, updated.carries)
        if isinstance(updated, Component):
            require_assets(design, updated.holds)
        previous = getattr(element, self.field)
        table[self.element_id] = updated
        if self.field in _GEOMETRY_FIELDS:
            record.move(self.element_id)
        else:
            record.modify(self.element_id)
        return SetAttribute(self.element_id, self.field, previous)


@dataclass(frozen=True)
class SetProperty:
    """Sets (or with ``UNSET`` removes) one catalog property of a component or flow."""

    element_id: str
    key: str
    value: PropertyValue | Unset

    @property
    def label(self) -> str:
        return f"Set {self.key}"

    def apply(self, design: Design, record: EffectRecorder) -> Edit:
        table = table_of(design, self.element_id)
        element = table[self.element_id]
        if not isinstance(element, Component | DataFlow):
            raise InvariantError(f"{self.element_id!r} has no properties")
        properties = dict(element.properties)
        previous = properties.get(self.key, UNSET)
        if isinstance(self.value, Unset):
            properties.pop(self.key, None)
        else:
            properties[self.key] = self.value
        table[self.element_id] = replaced(element, properties=properties)
        record.modify(self.element_id)
        return SetProperty(self.element_id, self.key, previous)


@dataclass(frozen=True)
class SetControl:
    """Sets (or with ``None`` clears) a control's state on a component, flow or boundary."""

    element_id: str
    control_id: str
    state: ControlState | None

    @property
    def label(self) -> str:
        return f"Set control {self.control_id}"

    def apply(self, design: Design, record: EffectRecorder) -> Edit:
        table = table_of(design, self.element_id)
        element = table[self.element_id]
        if isinstance(element, DataAsset):
            raise InvariantError(f"data asset {self.element_id!r} has no controls")
        controls = dict(element.controls)
        previous = controls.get(self.control_id)
        if self.state is None:
            controls.pop(self.control_id, None)
        else:
            controls[self.control_id] = self.state
        table[self.element_id] = replaced(element, controls=controls)
        record.modify(self.element_id)
        if isinstance(element, TrustBoundary):
            for member in design.components.values():
                if member.boundary == self.element_id:
                    record.modify(member.id)
        return SetControl(self.element_id, self.control_id, previous)


@dataclass(frozen=True)
class AddBoundary:
    boundary: TrustBoundary

    @property
    def label(self) -> str:
        return "Add trust boundary"

    def apply(self, design: Design, record: EffectRecorder) -> Edit:
        require_new_id(design, self.boundary.id)
        design.boundaries[self.boundary.id] = self.boundary
        record.add(self.boundary.id)
        return RemoveBoundary(self.boundary.id)


@dataclass(frozen=True)
class RemoveBoundary:
    """Removes a boundary; its members stay, outside any boundary."""

    boundary_id: str

    @property
    def label(self) -> str:
        return "Delete trust boundary"

    def apply(self, design: Design, record: EffectRecorder) -> Edit:
        boundary = design.boundaries.get(self.boundary_id)
        if boundary is None:
            raise InvariantError(f"there is no trust boundary {self.boundary_id!r}")
        members = [c.id for c in design.components.values() if c.boundary == self.boundary_id]
        for member in members:
            design.components[member] = replaced(design.components[member], boundary=None)
            record.modify(member)
        del design.boundaries[self.boundary_id]
        record.remove(self.boundary_id)
        restore: list[Edit] = [AddBoundary(boundary)]
        if members:
            restore.append(AssignToBoundary(tuple((m, self.boundary_id) for m in members)))
        return Batch(tuple(restore), "Restore trust boundary")


@dataclass(frozen=True)
class AddDataAsset:
    asset: DataAsset

    @property
    def label(self) -> str:
        return "Add data asset"

    def apply(self, design: Design, record: EffectRecorder) -> Edit:
        require_new_id(design, self.asset.id)
        design.data_assets[self.asset.id] = self.asset
        record.add(self.asset.id)
        return RemoveDataAsset(self.asset.id)


@dataclass(frozen=True)
class RemoveDataAsset:
    """Removes a data asset and every reference to it in ``holds`` and ``carries``."""

    asset_id: str

    @property
    def label(self) -> str:
        return "Delete data asset"

    def apply(self, design: Design, record: EffectRecorder) -> Edit:
        asset = design.data_assets.get(self.asset_id)
        if asset is None:
            raise InvariantError(f"there is no data asset {self.asset_id!r}")
        restore: list[Edit] = [AddDataAsset(asset)]
        for component in list(design.components.values()):
            if self.asset_id in component.holds:
                restore.append(SetAttribute(component.id, "holds", list(component.holds)))
                kept = [a for a in component.holds if a != self.asset_id]
                design.components[component.id] = replaced(component, holds=kept)
                record.modify(component.id)
        for flow in list(design.flows.values()):
            if self.asset_id in flow.carries:
                restore.append(SetAttribute(flow.id, "carries", list(flow.carries)))
                kept = [a for a in flow.carries if a != self.asset_id]
                design.flows[flow.id] = replaced(flow, carries=kept)
                record.modify(flow.id)
        del design.data_assets[self.asset_id]
        record.remove(self.asset_id)
        return Batch(tuple(restore), "Restore data asset")


_DESIGN_FIELDS = frozenset({"title", "description", "risk_class", "reference"})


@dataclass(frozen=True)
class SetDesignInfo:
    """Changes the design's title, description, risk class or declared reference architecture."""

    field: str
    value: Any

    @property
    def label(self) -> str:
        return f"Change design {self.field}"

    def apply(self, design: Design, record: EffectRecorder) -> Edit:
        if self.field not in _DESIGN_FIELDS:
            raise InvariantError(f"design field {self.field!r} cannot be edited")
        if self.field in ("title", "description"):
            if not isinstance(self.value, str):
                raise InvariantError(f"design {self.field} must be text")
            previous = getattr(design, self.field)
            setattr(design, self.field, self.value)
        else:
            previous = getattr(design.properties, self.field)
            design.properties = replaced(design.properties, **{self.field: self.value})
            assert isinstance(design.properties, DesignProperties)
        record.design_modified = True
        return SetDesignInfo(self.field, previous)


@dataclass(frozen=True)
class SetRiskEntry:
    """Records (or with ``None`` forgets) the team's decision on finding ``rule@subject``."""

    key: str
    entry: RiskEntry | None

    @property
    def label(self) -> str:
        return "Change finding status"

    def apply(self, design: Design, record: EffectRecorder) -> Edit:
        rule, _, subject = self.key.partition("@")
        if not rule or not subject:
            raise InvariantError(f"risk key {self.key!r} must look like RULE@SUBJECT")
        previous = design.risk_tracking.get(self.key)
        if self.entry is None:
            design.risk_tracking.pop(self.key, None)
        else:
            design.risk_tracking[self.key] = self.entry
        record.risk_keys.add(self.key)
        return SetRiskEntry(self.key, previous)
