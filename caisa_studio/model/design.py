"""The design: the whole document a user edits and saves as ``*.caisa.json``.

In memory, elements are kept in dicts keyed by ID (insertion ordered) so that edits and rules find
them in O(1); on disk they are lists sorted by ID so files diff well in git.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer

from caisa_studio.model.elements import (
    Component,
    DataAsset,
    DataFlow,
    ElementId,
    RiskEntry,
    TrustBoundary,
)
from caisa_studio.model.enums import RiskClass

SCHEMA_VERSION = 1

_Element = TypeVar("_Element", bound=BaseModel)


def _list_to_index(value: Any) -> Any:
    """Accept the file's list form; duplicates are reported by the loader with their JSON path."""
    if isinstance(value, list):
        index: dict[Any, Any] = {}
        for position, item in enumerate(value):
            key = item.get("id") if isinstance(item, dict) else getattr(item, "id", None)
            if not isinstance(key, str):
                raise ValueError(f"item {position} has no string 'id'")
            if key in index:
                raise ValueError(f"duplicate id {key!r}")
            index[key] = item
        return index
    return value


def _index_to_sorted_list(index: dict[str, BaseModel]) -> list[BaseModel]:
    return [index[key] for key in sorted(index)]


def _indexed(element: type[_Element]) -> Any:
    return Annotated[
        dict[str, element],  # type: ignore[valid-type]
        BeforeValidator(_list_to_index, json_schema_input_type=list[element]),  # type: ignore[valid-type]
        PlainSerializer(_index_to_sorted_list, return_type=list[element]),  # type: ignore[valid-type]
    ]


def _sorted_risks(entries: dict[str, RiskEntry]) -> dict[str, Any]:
    return {key: entries[key].model_dump(mode="json") for key in sorted(entries)}


class DesignProperties(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    risk_class: RiskClass | None = None
    reference: str | None = Field(default=None, pattern=r"^RA-[0-9]+$")


class Design(BaseModel):
    """A whole design. Mutated only by ``DesignDocument.apply`` (through edits)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=False)

    schema_version: Literal[1] = SCHEMA_VERSION
    id: ElementId
    title: str = ""
    description: str = ""
    properties: DesignProperties = Field(default_factory=DesignProperties)
    boundaries: _indexed(TrustBoundary) = Field(default_factory=dict)  # type: ignore[valid-type]
    components: _indexed(Component) = Field(default_factory=dict)  # type: ignore[valid-type]
    flows: _indexed(DataFlow) = Field(default_factory=dict)  # type: ignore[valid-type]
    data_assets: _indexed(DataAsset) = Field(default_factory=dict)  # type: ignore[valid-type]
    risk_tracking: Annotated[dict[str, RiskEntry], PlainSerializer(_sorted_risks)] = Field(
        default_factory=dict
    )

    def element(self, element_id: str) -> BaseModel | None:
        """The component, flow, boundary or data asset with this ID, if any."""
        for table in (self.components, self.flows, self.boundaries, self.data_assets):
            found = table.get(element_id)
            if found is not None:
                return found
        return None

    def display_name(self, element_id: str) -> str:
        """How people see an element: its name, a flow as "source → target", else its ID."""
        flow = self.flows.get(element_id)
        if flow is not None:
            return f"{self.display_name(flow.source)} → {self.display_name(flow.target)}"
        element = self.element(element_id)
        return getattr(element, "name", "") or element_id

    def all_ids(self) -> set[str]:
        return {*self.components, *self.flows, *self.boundaries, *self.data_assets}

    def flows_of(self, component_id: str) -> list[DataFlow]:
        """Flows that start or end at a component (linear scan; the analysis layer indexes this)."""
        return [f for f in self.flows.values() if component_id in (f.source, f.target)]
