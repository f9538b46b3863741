"""Edits that change an element already in the design, in place: where a component sits, which
boundary it belongs to, a plain field, a catalog property or a control's state.

None of them adds or removes an element; each returns the same kind of edit holding the old value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from caisa_studio.model.changes import EffectRecorder, InvariantError
from caisa_studio.model.design import Design
from caisa_studio.model.edit_support import (
    UNSET,
    Edit,
    Unset,
    replaced,
    require_assets,
    require_boundary_or_none,
    require_component,
    require_endpoints,
    table_of,
)
from caisa_studio.model.elements import (
    Component,
    ControlState,
    DataAsset,
    DataFlow,
    Point,
    PropertyValue,
    TrustBoundary,
)

__all__ = ["AssignToBoundary", "MoveComponents", "SetAttribute", "SetControl", "SetProperty"]


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
