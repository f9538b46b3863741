"""Path search over a ``FlowGraph``: reachability, taint and ``guarded(path, control)``.

Paths are tuples alternating component and flow IDs: ``(c1, f1, c2, f2, c3)`` so that the UI can draw
the exact flows a finding talks about.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping

from caisa_studio.analysis.graph import FlowGraph

Path = tuple[str, ...]
Blocked = Callable[[str], bool]


def _never(_: str) -> bool:
    return False


def shortest_paths(
    graph: FlowGraph,
    sources: Iterable[str],
    *,
    blocked_node: Blocked = _never,
    blocked_flow: Blocked = _never,
    stop_node: Blocked = _never,
    reverse: bool = False,
) -> Reached:
    """Multi-source BFS: for every reachable component, a shortest path from the nearest source.

    Sources are never blocked (``guarded`` looks at nodes *after* the source); a blocked node is not
    entered, a blocked flow is not followed, a stop node is reached but not gone through. With
    ``reverse`` the search follows flows backwards and paths still read source → target.
    """
    adjacency = graph.predecessors if reverse else graph.successors
    parents: dict[str, tuple[str, str] | None] = {}
    queue: list[str] = []  # iterated while it grows: first in, first out
    for source in sorted(set(sources)):
        if source in adjacency and source not in parents:
            parents[source] = None
            queue.append(source)
    if blocked_node is _never and blocked_flow is _never and stop_node is _never:
        for node in queue:
            for flow_id, neighbour in adjacency[node]:
                if neighbour not in parents:
                    parents[neighbour] = (node, flow_id)
                    queue.append(neighbour)
        return Reached(parents, reverse)
    for node in queue:
        for flow_id, neighbour in adjacency[node]:
            if neighbour in parents or blocked_flow(flow_id) or blocked_node(neighbour):
                continue
            parents[neighbour] = (node, flow_id)
            if not stop_node(neighbour):
                queue.append(neighbour)
    return Reached(parents, reverse)


class LevelSearch:
    """``shortest_paths`` advanced one level (one hop) at a time, for questions about the *nearest*
    match: stop as soon as the level holding it is complete, instead of searching the whole design.

    Parents, and so paths, are exactly those ``shortest_paths`` finds with the same arguments: the
    queue order is the same, and a level is handed out only once every node on it has its parent.
    """

    __slots__ = ("_adjacency", "_blocked_flow", "_blocked_node", "_frontier", "_stop_node", "reached")

    def __init__(
        self,
        graph: FlowGraph,
        sources: Iterable[str],
        *,
        blocked_node: Blocked = _never,
        blocked_flow: Blocked = _never,
        stop_node: Blocked = _never,
        reverse: bool = False,
    ) -> None:
        self._adjacency = graph.predecessors if reverse else graph.successors
        self._blocked_node, self._blocked_flow, self._stop_node = blocked_node, blocked_flow, stop_node
        parents: dict[str, tuple[str, str] | None] = {}
        for source in sorted(set(sources)):
            if source in self._adjacency and source not in parents:
                parents[source] = None
        self.reached = Reached(parents, reverse)
        self._frontier: list[str] | None = None  # None: level 0 (the sources) not handed out yet

    @property
    def done(self) -> bool:
        return self._frontier is not None and not self._frontier

    def next_level(self) -> list[str]:
        """The components first reached on the next level, in discovery order ([] when finished)."""
        parents = self.reached._parents
        if self._frontier is None:
            self._frontier = list(parents)
            return list(self._frontier)
        adjacency, blocked_flow, blocked_node = self._adjacency, self._blocked_flow, self._blocked_node
        found: list[str] = []
        for node in self._frontier:
            for flow_id, neighbour in adjacency[node]:
                if neighbour in parents or blocked_flow(flow_id) or blocked_node(neighbour):
                    continue
                parents[neighbour] = (node, flow_id)
                found.append(neighbour)
        stop_node = self._stop_node
        self._frontier = [node for node in found if not stop_node(node)]
        return found

    def finish(self) -> Reached:
        """Run the search to the end: ``reached`` then equals what ``shortest_paths`` returns."""
        while not self.done:
            self.next_level()
        return self.reached


def nearest(
    graph: FlowGraph,
    sources: Iterable[str],
    goal: Callable[[str], bool],
    *,
    blocked_node: Blocked = _never,
    blocked_flow: Blocked = _never,
    stop_node: Blocked = _never,
    reverse: bool = False,
) -> tuple[str, Path] | None:
    """The reached component with the shortest path for which ``goal`` holds (ties: lowest ID), and
    that path; the same answer as ``min`` over a full ``shortest_paths`` by ``(len(path), node)``,
    but the search stops at the level where the first goal lies."""
    search = LevelSearch(
        graph,
        sources,
        blocked_node=blocked_node,
        blocked_flow=blocked_flow,
        stop_node=stop_node,
        reverse=reverse,
    )
    while True:
        level = search.next_level()
        if not level:
            return None
        goals = [node for node in level if goal(node)]
        if goals:
            node = min(goals)
            return node, search.reached[node]


class Reached(Mapping[str, Path]):
    """The result of a search: reached component → path. Paths are built only when asked for, so a
    search over thousands of components costs one dict, not thousands of tuples."""

    __slots__ = ("_hidden", "_parents", "_paths", "_reverse")

    def __init__(
        self,
        parents: dict[str, tuple[str, str] | None],
        reverse: bool,
        hidden: frozenset[str] = frozenset(),
        paths: dict[str, Path] | None = None,
    ) -> None:
        self._parents = parents
        self._reverse = reverse
        self._hidden = hidden
        self._paths: dict[str, Path] = {} if paths is None else paths

    def without(self, nodes: frozenset[str]) -> Reached:
        """The same search with some reached components left out (sharing all work done so far)."""
        return Reached(self._parents, self._reverse, self._hidden | nodes, self._paths)

    def __getitem__(self, node: str) -> Path:
        path = self._paths.get(node)
        if path is None:
            if node not in self._parents or node in self._hidden:
                raise KeyError(node)
            path = _unwind(self._parents, node, self._reverse)
            self._paths[node] = path
        return path

    def __contains__(self, node: object) -> bool:
        return node in self._parents and node not in self._hidden

    def __iter__(self) -> Iterator[str]:
        hidden = self._hidden
        return (node for node in self._parents if node not in hidden)

    def __len__(self) -> int:
        return len(self._parents) - len(self._hidden & self._parents.keys())

    def hops(self, node: str) -> int:
        """Path length in flows, without building the path."""
        count, link = 0, self._parents[node]
        while link is not None:
            count += 1
            link = self._parents[link[0]]
        return count


def _unwind(parents: dict[str, tuple[str, str] | None], node: str, reverse: bool) -> Path:
    steps: list[str] = [node]
    link = parents[node]
    while link is not None:
        previous, flow_id = link
        steps.extend((flow_id, previous))
        link = parents[previous]
    if not reverse:
        steps.reverse()
    return tuple(steps)


def path_nodes(path: Path) -> Path:
    """The components of a path (every other element, starting with the source)."""
    return path[0::2]


def path_flows(path: Path) -> Path:
    return path[1::2]
