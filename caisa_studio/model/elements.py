"""The elements of a design: what a security architect draws and ticks.

Element models are frozen: the only way to change a design is to replace elements through
``DesignDocument.apply``, which keeps undo exact and lets rules treat what they read as immutable.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PlainSerializer, StrictBool

from caisa_studio.model.enums import Classification, ControlStatus, RiskStatus, Zone

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:\-]{0,127}$")


def _check_id(value: str) -> str:
    if not ID_PATTERN.match(value):
        raise ValueError(
            f"{value!r} is not a valid id (letters, digits and _ . : - only, at most 128 characters)"
        )
    return value


def _compact_number(value: float) -> float | int:
    """Write 120.0 as 120 so files stay as people and other tools write them."""
    return int(value) if float(value).is_integer() else value


ElementId = Annotated[
    str, AfterValidator(_check_id), Field(json_schema_extra={"pattern": ID_PATTERN.pattern})
]
# Strict: a file with "12" (text) where a number belongs is broken, not silently converted.
Coordinate = Annotated[
    float, Field(strict=True, allow_inf_nan=False, ge=-1e7, le=1e7), PlainSerializer(_compact_number)
]
Length = Annotated[
    float, Field(strict=True, allow_inf_nan=False, ge=0, le=1e7), PlainSerializer(_compact_number)
]
FiniteNumber = Annotated[float, Field(strict=True, allow_inf_nan=False)]
Point = tuple[Coordinate, Coordinate]
Rect = tuple[Coordinate, Coordinate, Length, Length]
PropertyValue = bool | int | FiniteNumber | str | list[str] | None
SortedIds = Annotated[list[ElementId], PlainSerializer(lambda ids: sorted(set(ids)))]


def _sorted_mapping(mapping: dict[str, Any]) -> dict[str, Any]:
    return {key: mapping[key] for key in sorted(mapping)}


SortedProperties = Annotated[dict[str, PropertyValue], PlainSerializer(_sorted_mapping)]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ControlState(_Frozen):
    """A control ticked on an element; ``justification`` explains a not-applicable or planned state."""

    status: ControlStatus
    justification: str = ""


def _sorted_controls(controls: dict[str, ControlState]) -> dict[str, Any]:
    return {key: controls[key].model_dump(mode="json") for key in sorted(controls)}


Controls = Annotated[dict[str, ControlState], PlainSerializer(_sorted_controls)]


class TrustBoundary(_Frozen):
    id: ElementId
    name: str = ""
    zone: Zone
    rect: Rect = (0.0, 0.0, 320.0, 240.0)
    controls: Controls = Field(default_factory=dict)


class Component(_Frozen):
    id: ElementId
    kind: str = Field(min_length=1)
    name: str = ""
    boundary: ElementId | None = None
    position: Point = (0.0, 0.0)
    properties: SortedProperties = Field(default_factory=dict)
    holds: SortedIds = Field(default_factory=list)
    controls: Controls = Field(default_factory=dict)


class DataFlow(_Frozen):
    id: ElementId
    source: ElementId
    target: ElementId
    protocol: str = ""
    bidirectional: StrictBool = False
    carries: SortedIds = Field(default_factory=list)
    properties: SortedProperties = Field(default_factory=dict)
    controls: Controls = Field(default_factory=dict)


class DataAsset(_Frozen):
    id: ElementId
    name: str = ""
    classification: Classification = Classification.INTERNAL
    tags: Annotated[list[str], PlainSerializer(lambda tags: sorted(set(tags)))] = Field(default_factory=list)


class RiskEntry(_Frozen):
    """What the team decided about one finding (``rule@subject``); survives re-analysis."""

    status: RiskStatus = RiskStatus.OPEN
    justification: str = ""
    owner: str = ""
    date: str = ""
    expires: str | None = None
