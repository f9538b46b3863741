"""Edits that add or remove elements: components, flows, trust boundaries and data assets.

A removal takes what depends on the element with it (a flow cannot dangle, a boundary's members
stay outside it, an asset leaves every ``holds`` and ``carries``) and returns a ``Batch`` that
restores all of it, so one undo brings the design back exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

from caisa_studio.model.changes import EffectRecorder, InvariantError
from caisa_studio.model.design import Design
from caisa_studio.model.edit_support import (
    Batch,
    Edit,
    replaced,
    require_assets,
    require_boundary_or_none,
    require_component,
    require_endpoints,
    require_new_id,
)
from caisa_studio.model.element_edits import AssignToBoundary, SetAttribute
from caisa_studio.model.elements import Component, DataAsset, DataFlow, TrustBoundary

__all__ = [
    "AddBoundary",
    "AddComponent",
    "AddDataAsset",
    "Connect",
    "Disconnect",
    "RemoveBoundary",
    "RemoveComponent",
    "RemoveDataAsset",
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
