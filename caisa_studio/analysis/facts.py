"""Derived facts about a design that rules ask for: zones, crossings, controls, data, taint, paths.

Never persisted; rebuilt from the design and the catalog. The structure-only part (``Topology``) is
shared between validations when only controls changed.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from caisa_studio.analysis.paths import Path, Reached, shortest_paths
from caisa_studio.analysis.topology import Topology, flag
from caisa_studio.catalog import Catalog
from caisa_studio.model import Component, ControlStatus, DataFlow, Design, TrustBoundary, Zone
from caisa_studio.model.enums import CLASSIFICATION_LEVEL, Classification

SENSITIVE_LEVEL = CLASSIFICATION_LEVEL[Classification.CONFIDENTIAL]
Element = Component | DataFlow | TrustBoundary
T = TypeVar("T")


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

    @property
    def level(self) -> int:
        return CLASSIFICATION_LEVEL[self.classification] if self.classification else -1


EMPTY_PROFILE = DataProfile(None, frozenset(), ())


@dataclass
class DesignFacts:
    """Questions rules ask about one design, answered with the catalog's knowledge."""

    design: Design
    catalog: Catalog
    topology: Topology | None = None
    _path_cache: dict[tuple[frozenset[str], tuple[str, ...], bool], Reached] = field(
        default_factory=dict, repr=False
    )
    _reads: set[str] | None = field(default=None, repr=False)
    _memo: dict[Hashable, tuple[Any, frozenset[str]]] = field(default_factory=dict, repr=False)

    # -- dependency recording (lets the engine re-run a global rule only when what it read changes)
    def start_recording(self) -> None:
        self._reads = set()

    def stop_recording(self) -> frozenset[str]:
        reads, self._reads = self._reads or set(), None
        return frozenset(reads)

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()`` once per validation run, shared by every rule that asks for ``key``.

        What the computation read (controls, properties, names) is replayed into the recording of each
        later caller, so incremental validation re-runs every rule that depends on it.
        """
        hit = self._memo.get(key)
        if hit is not None:
            value, reads = hit
            if self._reads is not None:
                self._reads.update(reads)
            return value  # type: ignore[no-any-return]
        outer, self._reads = self._reads, set()
        try:
            value = compute()
        finally:
            reads = frozenset(self._reads or ())
            self._reads = outer
            if outer is not None:
                outer.update(reads)
        self._memo[key] = (value, reads)
        return value

    def _note(self, aspect: str) -> None:
        if self._reads is not None:
            self._reads.add(aspect)

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
        self._note(f"control:{control_id}")
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

    def satisfied_by_id(self, element_id: str, control_id: str) -> bool:
        element = self.design.components.get(element_id) or self.design.flows.get(element_id)
        return element is not None and self.satisfied(element, control_id)

    # -- kinds, capabilities and flags ----------------------------------------------------------
    def capable(self, component: Component, capability: str) -> bool:
        return self.catalog.has_capability(component.kind, capability)

    def prop(self, element: Component | DataFlow, key: str, default: object = None) -> object:
        """A property's value (rules read properties only through here, so edits can be tracked)."""
        self._note(f"property:{key}")
        return element.properties.get(key, default)

    def is_entry(self, component: Component) -> bool:
        """B0 ``entry``: PUBLIC zone or internet-facing."""
        return component.id in self.topo.entries

    def is_untrusted(self, component: Component) -> bool:
        return component.id in self.topo.untrusted

    def is_third_party(self, component: Component) -> bool:
        """B0 ``third_party``: EXTERNAL zone, or flagged (kind default for model APIs, SaaS ...)."""
        self._note("property:third_party")
        if self.zone_of(component) is Zone.EXTERNAL:
            return component.properties.get("third_party") is not False
        return flag(self.catalog, component, "third_party", "third_party_by_default")

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
        assets = [self.design.data_assets[a] for a in asset_ids if a in self.design.data_assets]
        if not assets:
            return EMPTY_PROFILE
        top = max((a.classification for a in assets), key=CLASSIFICATION_LEVEL.__getitem__)
        tags = frozenset(tag for asset in assets for tag in asset.tags)
        return DataProfile(top, tags, tuple(a.name or a.id for a in assets))

    # -- neighbourhood --------------------------------------------------------------------------
    def inbound(self, component: Component) -> list[DataFlow]:
        return self.topo.inbound(component.id)

    def outbound(self, component: Component) -> list[DataFlow]:
        return self.topo.outbound(component.id)

    def other_end(self, flow: DataFlow, component_id: str) -> Component:
        other = flow.target if flow.source == component_id else flow.source
        return self.design.components[other]

    # -- taint and paths ------------------------------------------------------------------------
    def taint_path(self, component: Component) -> Path | None:
        """How untrusted content reaches the component, or None when it never does."""
        return self.topo.taint.get(component.id)

    def is_tainted_flow(self, flow: DataFlow) -> bool:
        """B0 ``tainted(f)``: its content can originate at an untrusted node."""
        taint = self.topo.taint
        return flow.source in taint or (flow.bidirectional and flow.target in taint)

    def reachable(self, sources: Iterable[str]) -> Reached:
        """Shortest paths from the nearest source to every component reachable along flows."""
        return self._search(frozenset(sources), (), False)

    def unguarded(self, sources: Iterable[str], *controls: str, guard_sources: bool = False) -> Reached:
        """Targets reachable by a path on which no node after the source, no flow, and not the
        target carries any of ``controls`` (B0 ``¬guarded(p, c)``), with one such shortest path each.

        With ``guard_sources`` a source that itself has the control starts no path (an internet-facing
        gateway that authenticates its callers guards what lies behind it).
        """
        components = self.design.components
        open_sources = frozenset(
            s
            for s in sources
            if s in components
            and not (guard_sources and any(self.satisfied(components[s], c) for c in controls))
        )
        found = self._search(open_sources, tuple(sorted(controls)), False)
        # guarded(p, c) includes the target: a source reached only by its zero-length path is
        # guarded when it has the control itself.
        guarded_sources = frozenset(
            s for s in open_sources if any(self.satisfied_by_id(s, c) for c in controls)
        )
        return found.without(guarded_sources) if guarded_sources else found

    def unguarded_to(self, targets: Iterable[str], *controls: str) -> Reached:
        """The reverse question, answered by one backwards search: every component with a path to one
        of ``targets`` on which no node after it, no flow and not the target has any of ``controls``.
        Paths read from that component to the nearest target. Use it instead of searching forwards
        from each candidate source (which costs a search per source).
        """
        components = self.design.components
        open_targets = frozenset(
            t
            for t in targets
            if t in components and not any(self.satisfied(components[t], c) for c in controls)
        )
        return self._search(open_targets, tuple(sorted(controls)), True)

    def _search(self, sources: frozenset[str], controls: tuple[str, ...], reverse: bool) -> Reached:
        for control in controls:
            self._note(f"control:{control}")
        key = (sources, controls, reverse)
        cached = self._path_cache.get(key)
        if cached is not None:
            return cached
        if controls:
            components, flows = self.design.components, self.design.flows

            def blocked_node(node_id: str) -> bool:
                return any(self.satisfied(components[node_id], c) for c in controls)

            def blocked_flow(flow_id: str) -> bool:
                return any(self.satisfied(flows[flow_id], c) for c in controls)

            if reverse:  # the far end of a backwards search is a path's source: it may have the control
                result = shortest_paths(
                    self.topo.graph, sources, stop_node=blocked_node, blocked_flow=blocked_flow, reverse=True
                )
            else:
                result = shortest_paths(
                    self.topo.graph, sources, blocked_node=blocked_node, blocked_flow=blocked_flow
                )
        else:
            result = shortest_paths(self.topo.graph, sources, reverse=reverse)
        self._path_cache[key] = result
        return result

    def entries(self) -> frozenset[str]:
        return self.topo.entries

    def untrusted_nodes(self) -> frozenset[str]:
        return self.topo.untrusted

    # -- naming ---------------------------------------------------------------------------------
    def label(self, element_id: str) -> str:
        """How messages name an element (see ``Design.display_name``)."""
        if self._reads is not None:
            flow = self.design.flows.get(element_id)
            named = (flow.source, flow.target) if flow is not None else (element_id,)
            self._reads.update(f"name:{n}" for n in named)
        return self.design.display_name(element_id)
