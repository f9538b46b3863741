"""Checks of a parsed design against itself and the catalog, reported with JSON paths.

Pydantic checks each field's type; these checks cover what spans fields: references between
elements, IDs unique across the whole design, and kinds, controls and properties the catalog knows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from caisa_studio.catalog import Catalog
from caisa_studio.catalog.schema import PropertySpec
from caisa_studio.model import ChangeSet, Design
from caisa_studio.model.elements import PropertyValue

ELEMENT_TABLES = ("boundaries", "components", "flows", "data_assets")

Problem = tuple[str, str]


def structural_problems(raw: dict[str, Any]) -> Iterator[Problem]:
    """Element lists must be lists of objects with unique string IDs (across all element kinds)."""
    seen: dict[str, str] = {}
    for table in ELEMENT_TABLES:
        items = raw.get(table, [])
        if not isinstance(items, list):
            yield table, f"must be a list, not {type(items).__name__}"
            return
        for position, item in enumerate(items):
            where = f"{table}[{position}]"
            if not isinstance(item, dict):
                yield where, f"must be an object, not {type(item).__name__}"
                return
            element_id = item.get("id")
            if not isinstance(element_id, str):
                yield f"{where}.id", "required string id is missing"
                return
            if element_id in seen:
                yield f"{where}.id", f"duplicate id {element_id!r} (also used at {seen[element_id]})"
                return
            seen[element_id] = where


def reference_problems(
    design: Design, catalog: Catalog, only: frozenset[str] | None = None
) -> Iterator[Problem]:
    """Dangling references and IDs unknown to the catalog, with the JSON path of each
    (``only``: check just these elements — what an edit touched)."""
    positions = {table: _positions(getattr(design, table)) for table in ELEMENT_TABLES}
    for component_id, component in design.components.items():
        if only is not None and component_id not in only:
            continue
        where = f"components[{positions['components'][component_id]}]"
        if catalog.kind(component.kind) is None:
            yield f"{where}.kind", f"unknown component kind {component.kind!r}"
        if component.boundary is not None and component.boundary not in design.boundaries:
            yield f"{where}.boundary", f"no trust boundary with id {component.boundary!r}"
        yield from _asset_problems(design, f"{where}.holds", component.holds)
        yield from _control_problems(catalog, where, component.controls)
        yield from _property_problems(catalog.component_properties, where, component.properties)
    for flow_id, flow in design.flows.items():
        if only is not None and flow_id not in only:
            continue
        where = f"flows[{positions['flows'][flow_id]}]"
        for end in ("source", "target"):
            if getattr(flow, end) not in design.components:
                yield f"{where}.{end}", f"no component with id {getattr(flow, end)!r}"
        if flow.source == flow.target:
            yield f"{where}.target", "a flow cannot start and end at the same component"
        yield from _asset_problems(design, f"{where}.carries", flow.carries)
        yield from _control_problems(catalog, where, flow.controls)
        yield from _property_problems(catalog.flow_properties, where, flow.properties)
    for boundary_id, boundary in design.boundaries.items():
        if only is not None and boundary_id not in only:
            continue
        where = f"boundaries[{positions['boundaries'][boundary_id]}]"
        yield from _control_problems(catalog, where, boundary.controls)
    for key in design.risk_tracking:
        rule, _, subject = key.partition("@")
        if not rule or not subject:
            yield f"risk_tracking.{key}", "keys must look like RULE-ID@SUBJECT-ID"


def _positions(table: dict[str, Any]) -> dict[str, int]:
    """Index of each ID in the file's list, which the loader kept in file order."""
    return {element_id: position for position, element_id in enumerate(table)}


def _asset_problems(design: Design, where: str, asset_ids: list[str]) -> Iterator[Problem]:
    for position, asset_id in enumerate(asset_ids):
        if asset_id not in design.data_assets:
            yield f"{where}[{position}]", f"no data asset with id {asset_id!r}"


def _control_problems(catalog: Catalog, where: str, controls: dict[str, Any]) -> Iterator[Problem]:
    for control_id in controls:
        if control_id not in catalog.controls:
            yield f"{where}.controls.{control_id}", f"unknown control {control_id!r}"


def _property_problems(
    specs: dict[str, PropertySpec], where: str, properties: dict[str, PropertyValue]
) -> Iterator[Problem]:
    """Known properties must have the catalog's type; unknown ones are kept for other tools."""
    for key, value in properties.items():
        spec = specs.get(key)
        if spec is None or value is None:
            continue
        problem = _property_type_problem(spec, value)
        if problem:
            yield f"{where}.properties.{key}", problem


def _property_type_problem(spec: PropertySpec, value: PropertyValue) -> str | None:
    if spec.type == "bool" and not isinstance(value, bool):
        return "must be true or false"
    if spec.type == "text" and not isinstance(value, str):
        return "must be text"
    if spec.type == "enum" and value not in spec.values:
        return f"must be one of {', '.join(spec.values)}"
    if spec.type == "set":
        if not isinstance(value, list):
            return f"must be a list drawn from {', '.join(spec.values)}"
        unknown = [v for v in value if v not in spec.values]
        if unknown:
            return f"unknown value(s) {', '.join(map(str, unknown))}; allowed: {', '.join(spec.values)}"
    return None


def catalog_integrity_check(catalog: Catalog) -> Callable[[Design, ChangeSet], list[str]]:
    """A ``DesignDocument`` integrity check: edits may not introduce what a file load would reject."""

    def check(design: Design, changes: ChangeSet) -> list[str]:
        touched = changes.added | changes.modified
        if not touched:
            return []
        return [f"{where}: {problem}" for where, problem in reference_problems(design, catalog, touched)]

    return check
