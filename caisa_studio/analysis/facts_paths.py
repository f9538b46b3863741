"""The path questions of ``DesignFacts``: taint, reachability and B0 ``¬guarded(p, c)`` searches.

Kept apart from the element predicates because each search is memoised as a whole (``memo``), so
rules that ask again for every subject share one search, and it survives edits it did not read.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from caisa_studio.analysis.facts_recording import ENTRY_ASPECT, UNTRUSTED_ASPECT
from caisa_studio.analysis.paths import Path, Reached, shortest_paths
from caisa_studio.model import Component, DataFlow

if TYPE_CHECKING:
    from caisa_studio.analysis.facts import DesignFacts


class PathFacts:
    """Mixin of ``DesignFacts``: reads controls through its predicates, so searches record them."""

    # -- taint ----------------------------------------------------------------------------------
    def taint_path(self: DesignFacts, component: Component) -> Path | None:
        """How untrusted content reaches the component, or None when it never does."""
        self._note(UNTRUSTED_ASPECT)
        return self.topo.taint.get(component.id)

    def is_tainted_flow(self: DesignFacts, flow: DataFlow) -> bool:
        """B0 ``tainted(f)``: its content can originate at an untrusted node."""
        self._note(UNTRUSTED_ASPECT)
        taint = self.topo.taint
        return flow.source in taint or (flow.bidirectional and flow.target in taint)

    # -- searches -------------------------------------------------------------------------------
    def reachable(self: DesignFacts, sources: Iterable[str]) -> Reached:
        """Shortest paths from the nearest source to every component reachable along flows."""
        return self._search(frozenset(sources), (), False)

    def unguarded(
        self: DesignFacts, sources: Iterable[str], *controls: str, guard_sources: bool = False
    ) -> Reached:
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

    def unguarded_to(self: DesignFacts, targets: Iterable[str], *controls: str) -> Reached:
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

    def _search(
        self: DesignFacts, sources: frozenset[str], controls: tuple[str, ...], reverse: bool
    ) -> Reached:
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

    # -- where searches start -------------------------------------------------------------------
    def entries(self: DesignFacts) -> frozenset[str]:
        self._note(ENTRY_ASPECT)
        return self.topo.entries

    def untrusted_nodes(self: DesignFacts) -> frozenset[str]:
        self._note(UNTRUSTED_ASPECT)
        return self.topo.untrusted
