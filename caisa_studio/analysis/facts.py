"""Derived facts about a design that rules ask for: zones, crossings, controls, sensitivity.

Never persisted; rebuilt from the design and the catalog. Kept cheap to build (one pass over the
design) because validation runs on every edit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from caisa_studio.catalog import Catalog
from caisa_studio.model import Component, ControlStatus, DataFlow, Design, TrustBoundary, Zone
from caisa_studio.model.enums import CLASSIFICATION_LEVEL, Classification

SENSITIVE_LEVEL = CLASSIFICATION_LEVEL[Classification.CONFIDENTIAL]


@dataclass(frozen=True)
class DataProfile:
    """What an element holds or carries: highest classification, tags, and whether it was assumed."""

    classification: Classification | None
    tags: frozenset[str]
    asset_names: tuple[str, ...]
    assumed: bool = False

    def is_sensitive(self, sensitive_tags: frozenset[str]) -> bool:
        level = CLASSIFICATION_LEVEL[self.classification] if self.classification else -1
        return level >= SENSITIVE_LEVEL or bool(self.tags & sensitive_tags)


EMPTY_PROFILE = DataProfile(None, frozenset(), ())


@dataclass
class DesignFacts:
    """Questions rules ask about one design, answered with the catalog's knowledge."""

    design: Design
    catalog: Catalog
    _zone_cache: dict[str, Zone] = field(default_factory=dict, repr=False)

    def zone_of(self, component: Component) -> Zone:
        """The component's boundary zone; outside any boundary, its kind's default zone."""
        cached = self._zone_cache.get(component.id)
        if cached is not None:
            return cached
        boundary = self.design.boundaries.get(component.boundary) if component.boundary else None
        if boundary is not None:
            zone = boundary.zone
        else:
            kind = self.catalog.kind(component.kind)
            zone = kind.default_zone if kind else Zone.APP
        self._zone_cache[component.id] = zone
        return zone

    def boundary_of(self, component: Component) -> TrustBoundary | None:
        return self.design.boundaries.get(component.boundary) if component.boundary else None

    def crosses(self, flow: DataFlow) -> bool:
        """B0: different drawn boundaries, or (an endpoint outside any boundary) different zones."""
        source = self.design.components[flow.source]
        target = self.design.components[flow.target]
        if source.boundary and target.boundary:
            return source.boundary != target.boundary
        return self.zone_of(source) != self.zone_of(target)

    def control_status(
        self, element: Component | DataFlow | TrustBoundary, control_id: str
    ) -> ControlStatus | None:
        """The control's status on the element, falling back to the component's boundary."""
        state = element.controls.get(control_id)
        if state is not None:
            return state.status
        if isinstance(element, Component) and element.boundary:
            boundary = self.design.boundaries.get(element.boundary)
            if boundary is not None and control_id in boundary.controls:
                return boundary.controls[control_id].status
        return None

    def has(self, element: Component | DataFlow | TrustBoundary, control_id: str) -> bool:
        """B0 ``has(x, c)``: only ``implemented`` counts."""
        return self.control_status(element, control_id) is ControlStatus.IMPLEMENTED

    def waived(self, element: Component | DataFlow | TrustBoundary, control_id: str) -> bool:
        """``not_applicable`` (with a justification) suppresses findings that need the control."""
        return self.control_status(element, control_id) is ControlStatus.NOT_APPLICABLE

    def satisfied(self, element: Component | DataFlow | TrustBoundary, control_id: str) -> bool:
        return self.control_status(element, control_id) in (
            ControlStatus.IMPLEMENTED,
            ControlStatus.NOT_APPLICABLE,
        )

    def capable(self, component: Component, capability: str) -> bool:
        return self.catalog.has_capability(component.kind, capability)

    @cached_property
    def sensitive_tags(self) -> frozenset[str]:
        return self.catalog.sensitive_tags()

    def held_data(self, component: Component) -> DataProfile:
        """Declared data assets, or the kind's typical data when the user declared none."""
        if component.holds:
            return self._profile(component.holds)
        kind = self.catalog.kind(component.kind)
        if kind is None or kind.typical_data is None:
            return EMPTY_PROFILE
        typical = kind.typical_data
        return DataProfile(typical.classification, frozenset(typical.tags), (), assumed=True)

    def carried_data(self, flow: DataFlow) -> DataProfile:
        return self._profile(flow.carries) if flow.carries else EMPTY_PROFILE

    def _profile(self, asset_ids: list[str]) -> DataProfile:
        assets = [self.design.data_assets[a] for a in asset_ids if a in self.design.data_assets]
        if not assets:
            return EMPTY_PROFILE
        top = max((a.classification for a in assets), key=CLASSIFICATION_LEVEL.__getitem__)
        tags = frozenset(tag for asset in assets for tag in asset.tags)
        return DataProfile(top, tags, tuple(a.name or a.id for a in assets))

    def label(self, element_id: str) -> str:
        """How messages name an element (see ``Design.display_name``)."""
        return self.design.display_name(element_id)
