"""Automatic layered layout for models that carry no positions (Threagile, OTM without diagrams).

Reads left to right like a data-flow diagram: each component gets a layer from the longest chain of
flows leading to it, trust boundaries become framed regions (nested ones inside their parents), and
within a region items sit in columns by layer, ordered to follow their neighbours in the previous
column (fewer crossing lines); components without any flow go in rows below the columns so they
never sit in a flow's way. Everything lands on the 8 px grid with room between columns for flow
arrows and labels. Deterministic: the same model always gives the same picture.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from caisa_studio.io.importers.geometry import BOX_H, BOX_W, GRID, MARGIN, Placement

COL_GAP = 80.0
ROW_GAP = 48.0
PAD_SIDE = 32.0
PAD_TOP = 48.0  # the boundary's label sits in this band
PAD_BOTTOM = 32.0
MAX_PER_COLUMN = 6


def flow_layers(nodes: Sequence[str], edges: Sequence[tuple[str, str]]) -> dict[str, int]:
    """Longest-path layers after dropping the back edges a depth-first search finds (cycles)."""
    successors: dict[str, list[str]] = {node: [] for node in nodes}
    has_incoming: set[str] = set()
    for source, target in edges:
        if source in successors and target in successors and source != target:
            successors[source].append(target)
            has_incoming.add(target)
    state: dict[str, int] = {}  # 1 = on the DFS stack, 2 = finished
    finished: list[str] = []
    kept: list[tuple[str, str]] = []
    roots = [n for n in nodes if n not in has_incoming] + [n for n in nodes if n in has_incoming]
    for root in roots:
        if root in state:
            continue
        state[root] = 1
        stack: list[tuple[str, int]] = [(root, 0)]
        while stack:
            node, index = stack[-1]
            if index < len(successors[node]):
                stack[-1] = (node, index + 1)
                child = successors[node][index]
                if state.get(child) == 1:
                    continue  # back edge: part of a cycle, ignored for layering
                kept.append((node, child))
                if child not in state:
                    state[child] = 1
                    stack.append((child, 0))
            else:
                state[node] = 2
                finished.append(node)
                stack.pop()
    order = {node: position for position, node in enumerate(reversed(finished))}
    layer = dict.fromkeys(nodes, 0)
    for source, target in sorted(kept, key=lambda edge: order[edge[0]]):
        layer[target] = max(layer[target], layer[source] + 1)
    return layer


@dataclass
class _Item:
    """A component or a region (boundary) to place; regions hold columns of items and loose rows."""

    id: str
    is_region: bool
    key: float
    tie: tuple[int, int]
    width: float = BOX_W
    height: float = BOX_H
    columns: list[list[_Item]] = field(default_factory=list)
    column_widths: list[float] = field(default_factory=list)
    loose_rows: list[list[_Item]] = field(default_factory=list)


def layered_layout(
    components: Sequence[str],
    boundary_of: Mapping[str, str | None],
    parent_of: Mapping[str, str | None],
    boundaries: Sequence[str],
    flows: Sequence[tuple[str, str]],
    trust_level: Mapping[str, int],
) -> Placement:
    """Positions for every component and a rectangle for every boundary (``parent_of`` must be acyclic)."""
    layer = flow_layers(components, flows)
    connected = {end for flow in flows for end in flow}
    neighbours: dict[str, set[str]] = {c: set() for c in components}
    for source, target in flows:
        if source in neighbours and target in neighbours:
            neighbours[source].add(target)
            neighbours[target].add(source)
    order = {element: index for index, element in enumerate([*boundaries, *components])}
    children: dict[str | None, list[str]] = {None: []}
    for boundary in boundaries:
        children.setdefault(boundary, [])
    for boundary in boundaries:
        children[parent_of.get(boundary)].append(boundary)
    members: dict[str | None, list[str]] = {key: [] for key in children}
    for component in components:
        members[boundary_of.get(component)].append(component)

    def key_of(component: str) -> float:
        return float(layer[component]) if component in connected else math.inf

    def descendants_layers(region: str) -> list[float]:
        found = [key_of(c) for c in members[region] if c in connected]
        for child in children[region]:
            found.extend(descendants_layers(child))
        return found

    def build(region: str | None) -> _Item:
        items = [_Item(c, False, key_of(c), (trust_level.get(c, 0), order[c])) for c in members[region]]
        for child in children[region]:
            layers = descendants_layers(child)
            sub = build(child)
            sub.key = sum(layers) / len(layers) if layers else math.inf
            sub.tie = (trust_level.get(child, 0), order[child])
            items.append(sub)
        items.sort(key=lambda item: (item.key, item.tie))
        linked = [item for item in items if item.key != math.inf]
        loose = [item for item in items if item.key == math.inf]
        item = _Item(region or "", True, 0.0, (0, 0))
        item.columns = _follow_neighbours(_columns(linked), neighbours)
        item.column_widths = [max(i.width for i in column) for column in item.columns]
        per_row = max(len(item.columns), 3)
        item.loose_rows = [loose[i : i + per_row] for i in range(0, len(loose), per_row)]
        _measure(item, is_root=region is None)
        return item

    placement = Placement(description="automatic layered layout (the source has no usable positions)")
    _place(build(None), MARGIN, MARGIN, placement, is_root=True)
    return placement


def _columns(items: list[_Item]) -> list[list[_Item]]:
    """Items with the same key share a column; a column holds at most ``MAX_PER_COLUMN`` items."""
    columns: list[list[_Item]] = []
    for item in items:
        last = columns[-1] if columns else None
        if last is not None and last[0].key == item.key and len(last) < MAX_PER_COLUMN:
            last.append(item)
        else:
            columns.append([item])
    return columns


def _follow_neighbours(columns: list[list[_Item]], neighbours: Mapping[str, set[str]]) -> list[list[_Item]]:
    """One barycentre sweep: order each column by the mean row of its neighbours placed before it."""
    row: dict[str, float] = {}
    for column in columns:
        ranked = sorted(enumerate(column), key=lambda pair: _barycentre(pair[1], pair[0], row, neighbours))
        column[:] = [item for _, item in ranked]
        for index, item in enumerate(column):
            row[item.id] = float(index)
    return columns


def _barycentre(
    item: _Item, fallback: int, row: Mapping[str, float], neighbours: Mapping[str, set[str]]
) -> tuple[float, int]:
    rows = [row[n] for n in neighbours.get(item.id, ()) if n in row]
    return (sum(rows) / len(rows) if rows else float(fallback), fallback)


def _measure(region: _Item, is_root: bool) -> None:
    columns_w = sum(region.column_widths) + COL_GAP * max(len(region.columns) - 1, 0)
    columns_h = max((_stack_height(column) for column in region.columns), default=0.0)
    rows_w = max((_row_width(row) for row in region.loose_rows), default=0.0)
    rows_h = sum(max(i.height for i in row) for row in region.loose_rows) + ROW_GAP * max(
        len(region.loose_rows) - 1, 0
    )
    content_w = max(columns_w, rows_w)
    content_h = columns_h + (ROW_GAP if columns_h and rows_h else 0.0) + rows_h
    if is_root:
        region.width, region.height = content_w, content_h
    else:
        region.width = max(content_w, BOX_W) + 2 * PAD_SIDE
        region.height = PAD_TOP + max(content_h, BOX_H / 2) + PAD_BOTTOM


def _stack_height(column: list[_Item]) -> float:
    return sum(item.height for item in column) + ROW_GAP * (len(column) - 1)


def _row_width(row: list[_Item]) -> float:
    return sum(item.width for item in row) + COL_GAP * (len(row) - 1)


def _snap_down(value: float) -> float:
    return math.floor(value / GRID) * GRID


def _put(item: _Item, x: float, y: float, placement: Placement) -> None:
    if item.is_region:
        _place(item, x, y, placement)
    else:
        placement.positions[item.id] = (x, y)


def _place(region: _Item, x: float, y: float, placement: Placement, is_root: bool = False) -> None:
    if not is_root:
        placement.rects[region.id] = (x, y, region.width, region.height)
        x, y = x + PAD_SIDE, y + PAD_TOP
    column_x, bottom = x, y
    for column, width in zip(region.columns, region.column_widths, strict=True):
        item_y = y
        for item in column:
            _put(item, column_x + _snap_down((width - item.width) / 2), item_y, placement)
            item_y += item.height + ROW_GAP
        column_x += width + COL_GAP
        bottom = max(bottom, item_y)
    row_y = bottom
    for row in region.loose_rows:
        item_x = x
        for item in row:
            _put(item, item_x, row_y, placement)
            item_x += item.width + COL_GAP
        row_y += max(i.height for i in row) + ROW_GAP
