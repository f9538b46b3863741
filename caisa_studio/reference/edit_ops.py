"""Edits written as data (exercises, fixtures): a closed set of typed operations, never code.

Each operation becomes a model ``Edit``, so an exercise is its template plus exactly these edits.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from caisa_studio.model import Component, ControlState, DataFlow, Design
from caisa_studio.model.edit_support import UNSET, Edit
from caisa_studio.model.edits import (
    AddComponent,
    AssignToBoundary,
    Connect,
    Disconnect,
    RemoveBoundary,
    RemoveComponent,
    RemoveDataAsset,
    SetAttribute,
    SetControl,
    SetDesignInfo,
    SetProperty,
)
from caisa_studio.model.elements import PropertyValue


class _Op(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)  # built on first use


class SetControlOp(_Op):
    op: Literal["set_control"] = "set_control"
    element: str
    control: str
    status: Literal["implemented", "planned", "not_applicable"]
    justification: str = ""


class ClearControlOp(_Op):
    op: Literal["clear_control"] = "clear_control"
    element: str
    control: str


class SetPropertyOp(_Op):
    op: Literal["set_property"] = "set_property"
    element: str
    key: str
    value: PropertyValue = None
    remove: bool = False


class RemoveOp(_Op):
    op: Literal["remove"] = "remove"
    element: str


class ConnectOp(_Op):
    op: Literal["connect"] = "connect"
    flow: DataFlow


class AddComponentOp(_Op):
    op: Literal["add_component"] = "add_component"
    component: Component


class SetFieldOp(_Op):
    op: Literal["set_field"] = "set_field"
    element: str
    field: str
    value: Any


class AssignOp(_Op):
    op: Literal["assign"] = "assign"
    element: str
    boundary: str | None


class SetDesignOp(_Op):
    op: Literal["set_design"] = "set_design"
    field: str
    value: Any


EditOp = Annotated[
    SetControlOp
    | ClearControlOp
    | SetPropertyOp
    | RemoveOp
    | ConnectOp
    | AddComponentOp
    | SetFieldOp
    | AssignOp
    | SetDesignOp,
    Field(discriminator="op"),
]
EDIT_OPS: TypeAdapter[list[EditOp]] = TypeAdapter(list[EditOp], config=ConfigDict(defer_build=True))


def to_edit(design: Design, op: EditOp) -> Edit:
    """The model edit an operation stands for (``design`` resolves what ``remove`` removes)."""
    if isinstance(op, SetControlOp):
        return SetControl(
            op.element, op.control, ControlState(status=op.status, justification=op.justification)
        )
    if isinstance(op, ClearControlOp):
        return SetControl(op.element, op.control, None)
    if isinstance(op, SetPropertyOp):
        return SetProperty(op.element, op.key, UNSET if op.remove else op.value)
    if isinstance(op, RemoveOp):
        return _removal(design, op.element)
    if isinstance(op, ConnectOp):
        return Connect(op.flow)
    if isinstance(op, AddComponentOp):
        return AddComponent(op.component)
    if isinstance(op, SetFieldOp):
        return SetAttribute(op.element, op.field, op.value)
    if isinstance(op, AssignOp):
        return AssignToBoundary(((op.element, op.boundary),))
    return SetDesignInfo(op.field, op.value)


def _removal(design: Design, element_id: str) -> Edit:
    if element_id in design.components:
        return RemoveComponent(element_id)
    if element_id in design.flows:
        return Disconnect(element_id)
    if element_id in design.boundaries:
        return RemoveBoundary(element_id)
    return RemoveDataAsset(element_id)
