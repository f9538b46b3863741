"""Path search over a ``FlowGraph``: reachability, taint and ``guarded(path, control)``.

Paths are tuples alternating component and flow IDs: ``(c1, f1, c2, f2, c3)`` so that the UI can draw
the exact flows a finding talks about.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable

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
    reverse: bool = False,
) -> dict[str, Path]:
    """Multi-source BFS: for every reachable component, a shortest path from the nearest source.

    Sources are never blocked (``guarded`` looks at nodes *after* the source); a blocked node is not
    entered, a blocked flow is not followed. With ``reverse`` the search follows flows backwards
    and paths still read source → target.
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
            queue.append(neighbour)
    return {node: _unwind(parents, node, reverse) for node in parents}


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
