"""Facts that depend only on the design's structure and properties, not on its controls.

Built once per structural change and reused across control edits, so that ticking a control in the
studio re-validates in milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from caisa_studio.analysis.graph import FlowGraph
from caisa_studio.analysis.paths import Reached, shortest_paths
from caisa_studio.catalog import Catalog
from caisa_studio.model import Component, DataFlow, Design, Zone

UNTRUSTED_ZONES = frozenset({Zone.PUBLIC, Zone.EXTERNAL, Zone.DEVICE})
# Properties that decide entries and untrusted sources: changing one makes the topology work these
# out again (``with_new_sources``); facts record reading them as reading the property.
TOPOLOGY_PROPERTIES = frozenset({"internet_facing", "reads_untrusted_content"})
T = TypeVar("T")


@dataclass
class Topology:
    design: Design
    catalog: Catalog
    graph: FlowGraph
    zones: dict[str, Zone]
    entries: frozenset[str]
    untrusted: frozenset[str]
    _taint: Reached | None = field(default=None, repr=False)
    # Flow IDs, not flow objects: the topology outlives control edits, which replace flow objects.
    _inbound: dict[str, list[str]] | None = field(default=None, repr=False)
    _outbound: dict[str, list[str]] | None = field(default=None, repr=False)
    _capable: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    _derived: dict[Hashable, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, design: Design, catalog: Catalog) -> Topology:
        zones = {cid: _zone(design, catalog, c) for cid, c in design.components.items()}
        entries = frozenset(cid for cid, c in design.components.items() if _is_entry(catalog, c, zones[cid]))
        untrusted = frozenset(
            cid for cid, c in design.components.items() if _is_untrusted(catalog, c, zones[cid])
        )
        return cls(design, catalog, FlowGraph.from_design(design), zones, entries, untrusted)

    def with_new_sources(self) -> Topology:
        """The same structure after an edit of a topology property (``internet_facing``,
        ``reads_untrusted_content``): entries and untrusted sources worked out again, the graph and
        every structure-only cache shared. Facts record reading these sets as reading the property."""
        design, catalog, zones = self.design, self.catalog, self.zones
        return Topology(
            design,
            catalog,
            self.graph,
            zones,
            frozenset(cid for cid, c in design.components.items() if _is_entry(catalog, c, zones[cid])),
            frozenset(cid for cid, c in design.components.items() if _is_untrusted(catalog, c, zones[cid])),
            _inbound=self._inbound,
            _outbound=self._outbound,
            _capable=self._capable,
            _derived=self._derived,
        )

    @property
    def taint(self) -> Reached:
        """Every component reached by untrusted content, with a path from where it came (B0 taint)."""
        if self._taint is None:
            self._taint = shortest_paths(self.graph, self.untrusted)
        return self._taint

    def cached(self, key: Hashable, compute: Callable[[], T]) -> T:
        """A value derived from the structure alone (kinds, flows, boundaries, zones, data assets),
        computed once and kept across control, property and name edits. It must read no control, no
        property and no name, and not the entries or untrusted sources (``with_new_sources`` keeps these
        values): nothing is recorded for it."""
        if key not in self._derived:
            self._derived[key] = compute()
        return self._derived[key]  # type: ignore[no-any-return]

    def with_capability(self, capability: str) -> frozenset[str]:
        """Components whose kind has ``capability`` (kinds are structure: kept across control edits)."""
        found = self._capable.get(capability)
        if found is None:
            kinds = {k for k, spec in self.catalog.kinds.items() if capability in spec.capabilities}
            found = frozenset(cid for cid, c in self.design.components.items() if c.kind in kinds)
            self._capable[capability] = found
        return found

    def inbound(self, component_id: str) -> list[DataFlow]:
        """Flows that deliver data to the component (a bidirectional flow delivers both ways)."""
        if self._inbound is None:
            self._index_flows()
        assert self._inbound is not None
        flows = self.design.flows
        return [flows[f] for f in self._inbound.get(component_id, [])]

    def outbound(self, component_id: str) -> list[DataFlow]:
        if self._outbound is None:
            self._index_flows()
        assert self._outbound is not None
        flows = self.design.flows
        return [flows[f] for f in self._outbound.get(component_id, [])]

    def _index_flows(self) -> None:
        inbound: dict[str, list[str]] = {cid: [] for cid in self.design.components}
        outbound: dict[str, list[str]] = {cid: [] for cid in self.design.components}
        for flow in self.design.flows.values():
            outbound[flow.source].append(flow.id)
            inbound[flow.target].append(flow.id)
            if flow.bidirectional:
                outbound[flow.target].append(flow.id)
                inbound[flow.source].append(flow.id)
        self._inbound, self._outbound = inbound, outbound


def _zone(design: Design, catalog: Catalog, component: Component) -> Zone:
    boundary = design.boundaries.get(component.boundary) if component.boundary else None
    if boundary is not None:
        return boundary.zone
    kind = catalog.kind(component.kind)
    return kind.default_zone if kind else Zone.APP


def flag(catalog: Catalog, component: Component, key: str, capability: str) -> bool:
    """A boolean property, defaulting to the kind's capability when the user has not set it."""
    value = component.properties.get(key)
    if isinstance(value, bool):
        return value
    return catalog.has_capability(component.kind, capability)


def _is_entry(catalog: Catalog, component: Component, zone: Zone) -> bool:
    """B0 ``entry``: in the PUBLIC zone, or internet-facing (flag or kind default)."""
    return zone is Zone.PUBLIC or flag(catalog, component, "internet_facing", "internet_facing_by_default")


def _is_untrusted(catalog: Catalog, component: Component, zone: Zone) -> bool:
    """B0: content from untrusted zones, untrusted sources, and tools that read untrusted content."""
    if zone in UNTRUSTED_ZONES or catalog.has_capability(component.kind, "untrusted_source"):
        return True
    return component.properties.get("reads_untrusted_content") is True
