"""What an edit can have changed for the rules: which aspects (controls, properties, names) and which
subjects' neighbourhoods, computed by comparing the elements before and after the edit.

Elements are immutable, so the validator keeps the previous elements by reference (a cheap snapshot)
and compares only the IDs the ``ChangeSet`` names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from caisa_studio.analysis import Topology
from caisa_studio.analysis.topology import TOPOLOGY_PROPERTIES
from caisa_studio.model import ChangeSet, Component, DataAsset, DataFlow, Design, TrustBoundary


@dataclass(frozen=True)
class Snapshot:
    """The elements of a design as they were at the last validation (references, not copies)."""

    components: dict[str, Component]
    flows: dict[str, DataFlow]
    boundaries: dict[str, TrustBoundary]
    data_assets: dict[str, DataAsset]

    @classmethod
    def of(cls, design: Design) -> Snapshot:
        return cls(
            dict(design.components), dict(design.flows), dict(design.boundaries), dict(design.data_assets)
        )

    def element(self, element_id: str) -> Any:
        for table in (self.components, self.flows, self.boundaries, self.data_assets):
            if element_id in table:
                return table[element_id]
        return None


@dataclass
class Impact:
    structure: bool = False
    sources: bool = False  # a topology property changed: entries or untrusted sources may differ
    aspects: set[str] = field(default_factory=set)
    changed: set[str] = field(default_factory=set)  # elements whose rule-relevant content changed


_STRUCTURAL_FIELDS = {
    Component: ("kind", "boundary", "holds"),
    DataFlow: ("source", "target", "bidirectional", "carries", "protocol"),
    TrustBoundary: ("zone",),
    DataAsset: ("classification", "tags", "name"),
}


def assess(before: Snapshot, design: Design, changes: ChangeSet) -> Impact:
    impact = Impact()
    if changes.added or changes.removed:
        impact.structure = True
        impact.changed |= set(changes.added) | set(changes.removed)
    for element_id in changes.modified:
        old, new = before.element(element_id), design.element(element_id)
        if old is None or new is None or type(old) is not type(new):
            impact.structure = True
            impact.changed.add(element_id)
            continue
        if _compare(old, new, impact):
            impact.changed.add(element_id)
    return impact


def _compare(old: Any, new: Any, impact: Impact) -> bool:
    """Record what differs between two versions of an element; True if rules may care."""
    relevant = False
    for name in _STRUCTURAL_FIELDS[type(old)]:
        if getattr(old, name) != getattr(new, name):
            impact.structure = relevant = True
    if getattr(old, "name", None) != getattr(new, "name", None):
        impact.aspects.add(f"name:{new.id}")
        relevant = True
    for key in _differing_keys(getattr(old, "properties", {}), getattr(new, "properties", {})):
        relevant = True
        if key in TOPOLOGY_PROPERTIES:
            impact.sources = True
        impact.aspects.add(f"property:{key}")
    for key in _differing_keys(getattr(old, "controls", {}), getattr(new, "controls", {})):
        relevant = True
        impact.aspects.add(f"control:{key}")
    return relevant


def _differing_keys(old: dict[str, Any], new: dict[str, Any]) -> set[str]:
    return {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}


def neighbourhoods(
    changed: set[str], before: Snapshot, old: Topology, design: Design, new: Topology
) -> set[str]:
    """Subjects whose local rules may read something that changed: each changed element, and what
    lies one hop from it (before and after the edit)."""
    seeds: set[str] = set()
    for element_id in changed:
        seeds.add(element_id)
        for snapshot_boundary, members in (
            (before.boundaries, before.components),
            (design.boundaries, design.components),
        ):
            if element_id in snapshot_boundary:
                seeds |= {cid for cid, c in members.items() if c.boundary == element_id}
        for holders, carriers in ((before.components, before.flows), (design.components, design.flows)):
            if element_id in before.data_assets or element_id in design.data_assets:
                seeds |= {cid for cid, c in holders.items() if element_id in c.holds}
                seeds |= {fid for fid, f in carriers.items() if element_id in f.carries}
    affected = set(seeds)
    for element_id in seeds:
        for topology, flows in ((old, before.flows), (new, design.flows)):
            flow = flows.get(element_id)
            if flow is not None:
                affected |= {flow.source, flow.target}
            for hops in (topology.graph.successors, topology.graph.predecessors):
                for flow_id, neighbour in hops.get(element_id, ()):
                    affected |= {flow_id, neighbour}
    return affected
