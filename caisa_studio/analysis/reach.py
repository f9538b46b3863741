"""Which of a set of marked components each component reaches, for all components at once.

A search per component costs O(n) each and O(n²) per design. Instead, the flow graph is condensed
into its strongly connected components (iterative Tarjan, O(n + flows)); every component of one
strongly connected component reaches the same marked components, and those are the union of what its
successors reach, combined bottom-up as Python integers used as bit sets.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from caisa_studio.analysis.graph import FlowGraph
from caisa_studio.analysis.paths import Blocked, _never


class ReachMasks:
    """For each component that is not blocked, the marked components it reaches (itself included)
    along flows that are not blocked, through components that are not blocked."""

    __slots__ = ("_bits", "_blocked_flow", "_index", "_masks", "_raw", "marked")

    def __init__(
        self,
        graph: FlowGraph,
        marked: Sequence[str],
        *,
        blocked_node: Blocked = _never,
        blocked_flow: Blocked = _never,
        reverse: bool = False,
    ) -> None:
        raw = self._raw = graph.predecessors if reverse else graph.successors
        self._blocked_flow = blocked_flow
        nodes = [node for node in raw if not blocked_node(node)]
        index = self._index = {node: position for position, node in enumerate(nodes)}
        if blocked_flow is _never:
            adjacency = [[index[n] for _, n in raw[node] if n in index] for node in nodes]
        else:
            adjacency = [
                [index[n] for flow_id, n in raw[node] if n in index and not blocked_flow(flow_id)]
                for node in nodes
            ]
        self.marked = tuple(marked)
        self._bits = {node: 1 << position for position, node in enumerate(self.marked)}
        bits = [0] * len(nodes)
        for node, bit in self._bits.items():
            position = index.get(node)
            if position is not None:
                bits[position] |= bit
        self._masks = _condense(adjacency, bits)

    def from_source(self, node: str) -> int:
        """What a search from ``node`` reaches, ``node`` itself left out. Sources are never blocked
        (``shortest_paths``), so this also answers for a blocked ``node``: what its open successors
        reach over open flows."""
        position = self._index.get(node)
        if position is not None:
            mask = self._masks[position]
        else:
            mask = 0
            for flow_id, successor in self._raw.get(node, ()):
                other = self._index.get(successor)
                if other is not None and not self._blocked_flow(flow_id):
                    mask |= self._masks[other]
        return mask & ~self._bits.get(node, 0)

    def bit(self, node: str) -> int:
        return self._bits.get(node, 0)

    def members(self, mask: int) -> Iterator[str]:
        """The marked components in ``mask``, in the order they were marked."""
        marked = self.marked
        while mask:
            low = mask & -mask
            yield marked[low.bit_length() - 1]
            mask ^= low

    def first(self, mask: int) -> str | None:
        """The first marked component (in marking order) in ``mask``."""
        return self.marked[(mask & -mask).bit_length() - 1] if mask else None


def _condense(adjacency: list[list[int]], bits: list[int]) -> list[int]:
    """Tarjan's algorithm without recursion, over integer nodes; strongly connected components come
    out successors first, so each one's mask is its own bits or'ed with its (finished) successors'."""
    count = len(adjacency)
    index = [-1] * count
    low = [0] * count
    on_stack = [False] * count
    masks = [0] * count
    stack: list[int] = []
    counter = 0
    for root in range(count):
        if index[root] >= 0:
            continue
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack[root] = True
        work = [(root, 0)]
        while work:
            node, position = work[-1]
            successors = adjacency[node]
            while position < len(successors):
                successor = successors[position]
                position += 1
                if index[successor] < 0:
                    work[-1] = (node, position)
                    index[successor] = low[successor] = counter
                    counter += 1
                    stack.append(successor)
                    on_stack[successor] = True
                    work.append((successor, 0))
                    break
                if on_stack[successor] and index[successor] < low[node]:
                    low[node] = index[successor]
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    if low[node] < low[parent]:
                        low[parent] = low[node]
                if low[node] == index[node]:
                    members = []
                    mask = 0
                    while True:
                        member = stack.pop()
                        on_stack[member] = False
                        members.append(member)
                        mask |= bits[member]
                        if member == node:
                            break
                    for member in members:
                        for successor in adjacency[member]:
                            mask |= masks[successor]
                    for member in members:
                        masks[member] = mask
    return masks
