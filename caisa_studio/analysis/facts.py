"""Derived facts about a design that rules ask for: zones, crossings, controls, data, taint, paths.

Never persisted; rebuilt from the design and the catalog. The structure-only part (``Topology``) is
shared between validations when only controls changed. ``DesignFacts`` answers the B0 element
predicates itself; dependency recording and memos (``facts_recording``) and the path searches
(``facts_paths``) are mixed in from their own modules.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from caisa_studio.analysis.data_profile import EMPTY_PROFILE, SENSITIVE_LEVEL, DataProfile
from caisa_studio.analysis.facts_paths import PathFacts
from caisa_studio.analysis.facts_recording import ENTRY_ASPECT, UNTRUSTED_ASPECT, Memos, RecordsReads
from caisa_studio.analysis.topology import Topology
from caisa_studio.catalog import Catalog
from caisa_studio.model import Component, ControlStatus, DataFlow, Design, TrustBoundary, Zone
from caisa_studio.model.enums import CLASSIFICATION_LEVEL

__all__ = [
    "EMPTY_PROFILE",
    "ENTRY_ASPECT",
    "SENSITIVE_LEVEL",
    "UNTRUSTED_ASPECT",
    "DataProfile",
    "DesignFacts",
    "Element",
    "Memos",
]

Element = Component | DataFlow | TrustBoundary


@dataclass
class DesignFacts(PathFacts, RecordsReads):
    """Questions rules ask about one design, answered with the catalog's knowledge."""

    design: Design
    catalog: Catalog
    topology: Topology | None = None
    # Memoised values with what each read; the engine hands over those of the previous run that no
    # edit since has invalidated (``Memos.surviving``). ``_reads``: what the running rule read so far.
    memos: Memos = field(default_factory=lambda: Memos(), repr=False)
    _reads: set[str] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.topology is None:
            self.topology = Topology.build(self.design, self.catalog)

    @property
    def topo(self) -> Topology:
        assert self.topology is not None
        return self.topology

    # -- zones and boundaries -------------------------------------------------------------------
    def zone_of(self, component: Component) -> Zone:
        """The component's boundary zone; outside any boundary, its kind's default zone."""
        return self.topo.zones[component.id]

    def boundary_of(self, component: Component) -> TrustBoundary | None:
        return self.design.boundaries.get(component.boundary) if component.boundary else None

    def crosses(self, flow: DataFlow) -> bool:
        """B0: different drawn boundaries, or (an endpoint outside any boundary) different zones."""
        source = self.design.components[flow.source]
        target = self.design.components[flow.target]
        if source.boundary and target.boundary:
            return source.boundary != target.boundary
        return self.zone_of(source) != self.zone_of(target)

    # -- controls -------------------------------------------------------------------------------
    def control_status(self, element: Element, control_id: str) -> ControlStatus | None:
        """The control's status on the element, falling back to the component's boundary."""
        if self._reads is not None:
            self._reads.add(f"control:{control_id}")
        state = element.controls.get(control_id)
        if state is not None:
            return state.status
        if isinstance(element, Component) and element.boundary:
            boundary = self.design.boundaries.get(element.boundary)
            if boundary is not None and control_id in boundary.controls:
                return boundary.controls[control_id].status
        return None

    def has(self, element: Element, control_id: str) -> bool:
        """B0 ``has(x, c)``: only ``implemented`` counts."""
        return self.control_status(element, control_id) is ControlStatus.IMPLEMENTED

    def waived(self, element: Element, control_id: str) -> bool:
        """``not_applicable`` (with a justification) suppresses findings that need the control."""
        return self.control_status(element, control_id) is ControlStatus.NOT_APPLICABLE

    def satisfied(self, element: Element, control_id: str) -> bool:
        """Implemented, or declared not applicable: either way no finding asks for it."""
        return self.control_status(element, control_id) in (
            ControlStatus.IMPLEMENTED,
            ControlStatus.NOT_APPLICABLE,
        )

    def satisfying(self, control_id: str) -> tuple[frozenset[str], frozenset[str]]:
        """``satisfied`` for the whole design at once (memoised): the components (also through their
        boundary) and the flows on which the control is implemented or declared not applicable."""
        return self.memo(("satisfying", control_id), lambda: self._satisfying(control_id))

    def _satisfying(self, control_id: str) -> tuple[frozenset[str], frozenset[str]]:
        self._note(f"control:{control_id}")
        accepted = (ControlStatus.IMPLEMENTED, ControlStatus.NOT_APPLICABLE)
        bounded = {
            bid
            for bid, b in self.design.boundaries.items()
            if (state := b.controls.get(control_id)) is not None and state.status in accepted
        }
        components = frozenset(
            cid
            for cid, c in self.design.components.items()
            if (
                state.status in accepted
                if (state := c.controls.get(control_id)) is not None
                else c.boundary in bounded
            )
        )
        flows = frozenset(
            fid
            for fid, f in self.design.flows.items()
            if (state := f.controls.get(control_id)) is not None and state.status in accepted
        )
        return components, flows

    def satisfied_by_id(self, element_id: str, control_id: str) -> bool:
        element = self.design.components.get(element_id) or self.design.flows.get(element_id)
        return element is not None and self.satisfied(element, control_id)

    # -- kinds, capabilities and flags ----------------------------------------------------------
    def capable(self, component: Component, capability: str) -> bool:
        return capability in self._capabilities.get(component.kind, ())

    @cached_property
    def _capabilities(self) -> dict[str, frozenset[str]]:
        return {kind_id: frozenset(spec.capabilities) for kind_id, spec in self.catalog.kinds.items()}

    def capable_ids(self, capability: str) -> frozenset[str]:
        """Every component whose kind has ``capability`` (structure only: nothing to record)."""
        return self.topo.with_capability(capability)

    def capable_of_any(self, *capabilities: str) -> frozenset[str]:
        """Every component whose kind has any of ``capabilities`` (structure only)."""
        topology = self.topo
        return topology.cached(
            ("capable of any", capabilities),
            lambda: frozenset().union(*(topology.with_capability(c) for c in capabilities)),
        )

    def flows_touching(self, components: frozenset[str]) -> frozenset[str]:
        """Flows with an end among ``components`` (kept with the topology: pass a structural set)."""
        return self.topo.cached(
            ("flows touching", components),
            lambda: frozenset(
                fid
                for fid, f in self.design.flows.items()
                if f.source in components or f.target in components
            ),
        )

    def crossing_flows(self) -> frozenset[str]:
        """Every flow that ``crosses`` a trust boundary (structure only)."""
        flows = self.design.flows
        return self.topo.cached(
            ("crossing flows",), lambda: frozenset(f for f, flow in flows.items() if self.crosses(flow))
        )

    def prop(self, element: Component | DataFlow, key: str, default: object = None) -> object:
        """A property's value (rules read properties only through here, so edits can be tracked)."""
        if self._reads is not None:
            self._reads.add(f"property:{key}")
        return element.properties.get(key, default)

    def is_entry(self, component: Component) -> bool:
        """B0 ``entry``: PUBLIC zone or internet-facing."""
        self._note(ENTRY_ASPECT)
        return component.id in self.topo.entries

    def is_untrusted(self, component: Component) -> bool:
        self._note(UNTRUSTED_ASPECT)
        return component.id in self.topo.untrusted

    def is_third_party(self, component: Component) -> bool:
        """B0 ``third_party``: EXTERNAL zone, or flagged (kind default for model APIs, SaaS ...)."""
        if self._reads is not None:
            self._reads.add("property:third_party")
        flagged = component.properties.get("third_party")
        if self.topo.zones[component.id] is Zone.EXTERNAL:
            return flagged is not False
        if isinstance(flagged, bool):  # the property, else the kind's default (``topology.flag``)
            return flagged
        return "third_party_by_default" in self._capabilities.get(component.kind, ())

    def third_party_ids(self) -> frozenset[str]:
        """Every component ``is_third_party`` holds for (kept until a ``third_party`` flag changes)."""
        return self.memo(
            ("third party",),
            lambda: frozenset(cid for cid, c in self.design.components.items() if self.is_third_party(c)),
        )

    def generative_ids(self) -> frozenset[str]:
        """Every component ``is_generative`` holds for (kept until a ``model_kind`` changes)."""

        def compute() -> frozenset[str]:
            self._note("property:model_kind")
            capabilities = self._capabilities
            return frozenset(
                cid
                for cid, c in self.design.components.items()
                if (
                    kind == "generative"
                    if (kind := c.properties.get("model_kind")) is not None
                    else "generative_model" in capabilities.get(c.kind, ())
                )
            )

        return self.memo(("generative",), compute)

    def is_generative(self, component: Component) -> bool:
        """A model that produces free text: LLM APIs, or any model flagged ``model_kind: generative``."""
        kind = self.prop(component, "model_kind")
        if kind is not None:
            return kind == "generative"
        return self.capable(component, "generative_model")

    # -- data -----------------------------------------------------------------------------------
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

    def is_sensitive(self, element: Component | DataFlow) -> bool:
        """B0 ``sensitive(x)``."""
        profile = self.held_data(element) if isinstance(element, Component) else self.carried_data(element)
        return profile.is_sensitive(self.sensitive_tags)

    def _profile(self, asset_ids: Iterable[str]) -> DataProfile:
        # Data assets, and what holds or carries them, are structure: profiles live with the topology.
        key = tuple(asset_ids)
        profiles = self._profiles
        profile = profiles.get(key)
        if profile is None:
            assets = [self.design.data_assets[a] for a in key if a in self.design.data_assets]
            if assets:
                top = max((a.classification for a in assets), key=CLASSIFICATION_LEVEL.__getitem__)
                tags = frozenset(tag for asset in assets for tag in asset.tags)
                profile = DataProfile(top, tags, tuple(a.name or a.id for a in assets))
            else:
                profile = EMPTY_PROFILE
            profiles[key] = profile
        return profile

    @cached_property
    def _profiles(self) -> dict[tuple[str, ...], DataProfile]:
        return self.topo.cached(("data profiles",), dict)

    # -- neighbourhood --------------------------------------------------------------------------
    def inbound(self, component: Component) -> list[DataFlow]:
        return self.topo.inbound(component.id)

    def outbound(self, component: Component) -> list[DataFlow]:
        return self.topo.outbound(component.id)

    def other_end(self, flow: DataFlow, component_id: str) -> Component:
        other = flow.target if flow.source == component_id else flow.source
        return self.design.components[other]

    # -- naming ---------------------------------------------------------------------------------
    def label(self, element_id: str) -> str:
        """How messages name an element (see ``Design.display_name``)."""
        if self._reads is not None:
            flow = self.design.flows.get(element_id)
            named = (flow.source, flow.target) if flow is not None else (element_id,)
            self._reads.update(f"name:{n}" for n in named)
        return self.design.display_name(element_id)
