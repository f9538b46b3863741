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
from caisa_studio.analysis.topology import Topology
from caisa_studio.catalog import Catalog
from caisa_studio.model import Component, ControlStatus, DataFlow, Design, TrustBoundary, Zone
from caisa_studio.model.enums import CLASSIFICATION_LEVEL, Classification

SENSITIVE_LEVEL = CLASSIFICATION_LEVEL[Classification.CONFIDENTIAL]
# Entries and untrusted sources follow these properties (``TOPOLOGY_PROPERTIES``): reading the sets is
# recorded as reading the property, so an edit of it re-runs exactly the rules that used them.
ENTRY_ASPECT = "property:internet_facing"
UNTRUSTED_ASPECT = "property:reads_untrusted_content"
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


class Memos:
    """Values ``DesignFacts.memo`` computed, each with the aspects (``control:…``, ``property:…``,
    ``name:…``) it read. They stay valid across edits that change none of those aspects and not the
    structure; the engine keeps them from one run to the next (``surviving``). Values nobody asked for
    in the last ``MAX_IDLE_RUNS`` runs are let go: a search from sources an edit has since changed is
    never asked for again, and would otherwise be kept for the rest of the session."""

    MAX_IDLE_RUNS = 32
    __slots__ = ("_run", "_used", "_values")

    def __init__(self) -> None:
        self._values: dict[Hashable, tuple[Any, frozenset[str]]] = {}
        self._used: dict[Hashable, int] = {}
        self._run = 0

    def __len__(self) -> int:
        return len(self._values)

    def get(self, key: Hashable) -> tuple[Any, frozenset[str]] | None:
        found = self._values.get(key)
        if found is not None:
            self._used[key] = self._run
        return found

    def put(self, key: Hashable, value: Any, reads: frozenset[str]) -> None:
        self._values[key] = (value, reads)
        self._used[key] = self._run

    def surviving(self, aspects: Iterable[str]) -> Memos:
        """For the next run: the memos that read none of ``aspects`` (what an edit changed) and were
        asked for lately."""
        changed = frozenset(aspects)
        kept = Memos()
        kept._run = self._run + 1
        oldest = kept._run - self.MAX_IDLE_RUNS
        used = self._used
        for key, entry in self._values.items():
            if used[key] >= oldest and not entry[1] & changed:
                kept._values[key] = entry
                kept._used[key] = used[key]
        return kept


@dataclass
class DesignFacts:
    """Questions rules ask about one design, answered with the catalog's knowledge."""

    design: Design
    catalog: Catalog
    topology: Topology | None = None
    # Memoised values with what each read; the engine hands over those of the previous run that no
    # edit since has invalidated (``Memos.surviving``).
    memos: Memos = field(default_factory=lambda: Memos(), repr=False)
    _reads: set[str] | None = field(default=None, repr=False)

    # -- dependency recording (lets the engine re-run a global rule only when what it read changes)
    def start_recording(self) -> None:
        self._reads = set()

    def stop_recording(self) -> frozenset[str]:
        reads, self._reads = self._reads or set(), None
        return frozenset(reads)

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()`` once, shared by every rule that asks for ``key``: within a validation run, and
        across incremental runs for as long as nothing it read has been edited.

        What the computation read (controls, properties, names) is replayed into the recording of each
        later caller, so incremental validation re-runs every rule that depends on it. ``compute`` must
        read the design only through these facts (or the topology's structure).
        """
        hit = self.memos.get(key)
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
        self.memos.put(key, value, reads)
        return value

    def _note(self, aspect: str) -> None:
        reads = self._reads
        if reads is not None:
            reads.add(aspect)

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

    # -- taint and paths ------------------------------------------------------------------------
    def taint_path(self, component: Component) -> Path | None:
        """How untrusted content reaches the component, or None when it never does."""
        self._note(UNTRUSTED_ASPECT)
        return self.topo.taint.get(component.id)

    def is_tainted_flow(self, flow: DataFlow) -> bool:
        """B0 ``tainted(f)``: its content can originate at an untrusted node."""
        self._note(UNTRUSTED_ASPECT)
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
        sources = frozenset(sources)

        def compute() -> Reached:
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

        # Memoised as a whole: rules ask again for every subject, with the same (memoised) sources.
        return self.memo(("unguarded", sources, controls, guard_sources), compute)

    def unguarded_to(self, targets: Iterable[str], *controls: str) -> Reached:
        """The reverse question, answered by one backwards search: every component with a path to one
        of ``targets`` on which no node after it, no flow and not the target has any of ``controls``.
        Paths read from that component to the nearest target. Use it instead of searching forwards
        from each candidate source (which costs a search per source).
        """
        targets = frozenset(targets)

        def compute() -> Reached:
            components = self.design.components
            open_targets = frozenset(
                t
                for t in targets
                if t in components and not any(self.satisfied(components[t], c) for c in controls)
            )
            return self._search(open_targets, tuple(sorted(controls)), True)

        return self.memo(("unguarded_to", targets, controls), compute)

    def _search(self, sources: frozenset[str], controls: tuple[str, ...], reverse: bool) -> Reached:
        topology = self.topo
        if not controls:  # reads nothing: kept across every edit but structural ones
            return self.memo(
                ("search", sources, (), reverse),
                lambda: shortest_paths(topology.graph, sources, reverse=reverse),
            )

        def compute() -> Reached:
            satisfying = [self.satisfying(c) for c in controls]
            blocked_node = frozenset().union(*(nodes for nodes, _ in satisfying)).__contains__
            blocked_flow = frozenset().union(*(flows for _, flows in satisfying)).__contains__
            if reverse:  # the far end of a backwards search is a path's source: it may have the control
                return shortest_paths(
                    topology.graph, sources, stop_node=blocked_node, blocked_flow=blocked_flow, reverse=True
                )
            return shortest_paths(
                topology.graph, sources, blocked_node=blocked_node, blocked_flow=blocked_flow
            )

        return self.memo(("search", sources, controls, reverse), compute)

    def entries(self) -> frozenset[str]:
        self._note(ENTRY_ASPECT)
        return self.topo.entries

    def untrusted_nodes(self) -> frozenset[str]:
        self._note(UNTRUSTED_ASPECT)
        return self.topo.untrusted

    # -- naming ---------------------------------------------------------------------------------
    def label(self, element_id: str) -> str:
        """How messages name an element (see ``Design.display_name``)."""
        if self._reads is not None:
            flow = self.design.flows.get(element_id)
            named = (flow.source, flow.target) if flow is not None else (element_id,)
            self._reads.update(f"name:{n}" for n in named)
        return self.design.display_name(element_id)
