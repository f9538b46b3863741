"""The pieces every edit shares: the ``Edit`` protocol, ``Batch``, and integrity checks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from pydantic import BaseModel, ValidationError

from caisa_studio.model.changes import EffectRecorder, InvariantError
from caisa_studio.model.design import Design
from caisa_studio.model.elements import Component, DataFlow


class Edit(Protocol):
    """A change to a design that knows how to apply itself and what undoes it."""

    @property
    def label(self) -> str: ...

    def apply(self, design: Design, record: EffectRecorder) -> Edit: ...


class Unset:
    """Marks an absent property or control (distinct from a stored ``None``)."""

    _instance: Unset | None = None

    def __new__(cls) -> Unset:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNSET"


UNSET = Unset()


def require_new_id(design: Design, element_id: str) -> None:
    if design.element(element_id) is not None:
        raise InvariantError(f"id {element_id!r} is already used in this design")


def require_component(design: Design, component_id: str) -> Component:
    component = design.components.get(component_id)
    if component is None:
        raise InvariantError(f"there is no component {component_id!r}")
    return component


def require_boundary_or_none(design: Design, boundary_id: str | None) -> None:
    if boundary_id is not None and boundary_id not in design.boundaries:
        raise InvariantError(f"there is no trust boundary {boundary_id!r}")


def require_assets(design: Design, asset_ids: list[str]) -> None:
    missing = [a for a in asset_ids if a not in design.data_assets]
    if missing:
        raise InvariantError(f"unknown data asset(s): {', '.join(sorted(missing))}")


def require_endpoints(design: Design, flow: DataFlow) -> None:
    for end in (flow.source, flow.target):
        require_component(design, end)
    if flow.source == flow.target:
        raise InvariantError(f"flow {flow.id!r} cannot start and end at the same component")


def table_of(design: Design, element_id: str) -> dict[str, Any]:
    for table in (design.components, design.flows, design.boundaries, design.data_assets):
        if element_id in table:
            return table
    raise InvariantError(f"there is no element {element_id!r}")


def replaced(element: BaseModel, **changes: Any) -> Any:
    """A validated copy of a frozen element with some fields changed."""
    data = element.model_dump()
    data.update(changes)
    try:
        return type(element).model_validate(data)
    except ValidationError as error:
        problem = error.errors()[0]
        where = ".".join(str(part) for part in problem["loc"])
        raise InvariantError(f"invalid value for {where}: {problem['msg']}") from None


@dataclass(frozen=True)
class Batch:
    """Several edits applied as one undo step; all or nothing."""

    edits: tuple[Edit, ...]
    name: str = "Edit"

    @property
    def label(self) -> str:
        return self.name

    def apply(self, design: Design, record: EffectRecorder) -> Edit:
        inverses: list[Edit] = []
        try:
            for edit in self.edits:
                inverses.append(edit.apply(design, record))
        except InvariantError:
            scratch = EffectRecorder()
            for inverse in reversed(inverses):
                inverse.apply(design, scratch)
            raise
        return Batch(tuple(reversed(inverses)), self.name)
