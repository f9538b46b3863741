"""Path search over a ``FlowGraph``: reachability, taint and ``guarded(path, control)``.

Paths are tuples alternating component and flow IDs: ``(c1, f1, c2, f2, c3)`` so that the UI can draw
the exact flows a finding talks about.
"""

from __future__ import annotations

from collections import deque
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
    queue: deque[str] = deque()
    for source in sorted(set(sources)):
        if source in adjacency and source not in parents:
            parents[source] = None
            queue.append(source)
    while queue:
        node = queue.popleft()
        for flow_id, neighbour in adjacency[node]:
            if neighbour in parents or blocked_flow(flow_id) or blocked_node(neighbour):
                continue
            parents[neighbour] = (node, flow_id)
            if not stop_node(neighbour):
                queue.append(neighbour)
    return Reached(parents, reverse)


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
