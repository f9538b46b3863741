"""The topology of a design: which component sends data to which, over which flow.

Plain adjacency lists (fast breadth-first search on every edit); a networkx view is built on demand
for the heavier questions (k shortest simple attack paths). Bidirectional flows count both ways.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from caisa_studio.model import Design

if TYPE_CHECKING:
    import networkx as nx

Hop = tuple[str, str]  # (flow id, neighbour component id)


@dataclass
class FlowGraph:
    successors: dict[str, list[Hop]]
    predecessors: dict[str, list[Hop]]
    _nx: nx.DiGraph | None = field(default=None, repr=False)

    @classmethod
    def from_design(cls, design: Design) -> FlowGraph:
        successors: dict[str, list[Hop]] = {cid: [] for cid in design.components}
        predecessors: dict[str, list[Hop]] = {cid: [] for cid in design.components}
        for flow in design.flows.values():
            successors[flow.source].append((flow.id, flow.target))
            predecessors[flow.target].append((flow.id, flow.source))
            if flow.bidirectional:
                successors[flow.target].append((flow.id, flow.source))
                predecessors[flow.source].append((flow.id, flow.target))
        return cls(successors, predecessors)

    def neighbours(self, component_id: str) -> set[str]:
        hops = self.successors.get(component_id, []) + self.predecessors.get(component_id, [])
        return {node for _, node in hops}

    def as_networkx(self) -> nx.DiGraph:
        """A networkx digraph, built once per topology; each edge lists the flows behind it
        (parallel flows between two components collapse into one edge)."""
        if self._nx is None:
            import networkx as nx

            graph = nx.DiGraph()
            graph.add_nodes_from(self.successors)
            for source, hops in self.successors.items():
                for flow_id, target in hops:
                    if graph.has_edge(source, target):
                        graph[source][target]["flows"].append(flow_id)
                    else:
                        graph.add_edge(source, target, flows=[flow_id])
            self._nx = graph
        return self._nx
