"""Derived, never-persisted facts about a design (zones, crossings, graph, attack paths). No Qt."""

from __future__ import annotations

from caisa_studio.analysis.facts import DataProfile, DesignFacts
from caisa_studio.analysis.graph import FlowGraph
from caisa_studio.analysis.paths import Path, path_flows, path_nodes, shortest_paths
from caisa_studio.analysis.topology import Topology

__all__ = [
    "DataProfile",
    "DesignFacts",
    "FlowGraph",
    "Path",
    "Topology",
    "path_flows",
    "path_nodes",
    "shortest_paths",
]
