"""Source drawings turned into CAISA positions: containment, crossings and a scale that avoids overlap.

Other tools draw elements in many sizes (a 100×100 circle, a 160×80 store); CAISA draws every component
as a 168×64 box whose position is its top-left corner. Keeping each element's centre and scaling the
whole drawing just enough that no two boxes overlap keeps the author's layout recognisable.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

BOX_W = 168.0
BOX_H = 64.0
GRID = 8.0
MARGIN = 40.0
GAP = 16.0
MAX_SCALE = 4.0
PAD_SIDE = 24.0
PAD_TOP = 40.0  # room for the boundary's label

Point = tuple[float, float]
Rect = tuple[float, float, float, float]


@dataclass
class Placement:
    """Where everything goes, and one sentence for the report on how it was decided."""

    positions: dict[str, Point] = field(default_factory=dict)
    rects: dict[str, Rect] = field(default_factory=dict)
    description: str = ""


def snap(value: float) -> float:
    return float(round(value / GRID) * GRID)


def centre(rect: Rect) -> Point:
    x, y, w, h = rect
    return (x + w / 2, y + h / 2)


def contains(rect: Rect, point: Point) -> bool:
    x, y, w, h = rect
    return x <= point[0] <= x + w and y <= point[1] <= y + h


def smallest_container(point: Point, rects: Mapping[str, Rect]) -> str | None:
    """The smallest rectangle holding the point (nested boundaries: the innermost one)."""
    holding = [(w * h, key) for key, (x, y, w, h) in rects.items() if contains((x, y, w, h), point)]
    return min(holding)[1] if holding else None


def _segments_cross(a: Point, b: Point, c: Point, d: Point) -> bool:
    def orient(p: Point, q: Point, r: Point) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    d1, d2 = orient(c, d, a), orient(c, d, b)
    d3, d4 = orient(a, b, c), orient(a, b, d)
    return (d1 > 0) != (d2 > 0) and (d3 > 0) != (d4 > 0) and 0 not in (d1, d2, d3, d4)


def polylines_cross(first: Sequence[Point], second: Sequence[Point]) -> bool:
    """Whether two open polylines intersect (used to find flows that cross a line boundary)."""
    first_segments = list(pairwise(first))
    second_segments = list(pairwise(second))
    return any(_segments_cross(a, b, c, d) for a, b in first_segments for c, d in second_segments)


def _close_pairs(centres: Sequence[Point], reach_x: float) -> Iterable[tuple[Point, Point]]:
    """Pairs of centres less than ``reach_x`` apart horizontally (sorted sweep: not all n² pairs)."""
    ordered = sorted(centres)
    for index, first in enumerate(ordered):
        for second in ordered[index + 1 :]:
            if second[0] - first[0] >= reach_x:
                break
            yield first, second


def required_scale(centres: Sequence[Point]) -> float:
    """The smallest factor ≥ 1 that moves every pair of 168×64 boxes apart (capped at ``MAX_SCALE``)."""
    need_x, need_y = BOX_W + GAP, BOX_H + GAP
    scale = 1.0
    for first, second in _close_pairs(centres, need_x):
        dx, dy = abs(second[0] - first[0]), abs(second[1] - first[1])
        if dy >= need_y:
            continue
        pair = min(need_x / dx if dx else math.inf, need_y / dy if dy else math.inf)
        scale = max(scale, min(pair, MAX_SCALE))
    return scale


def has_overlap(positions: Iterable[Point]) -> bool:
    lefts = sorted(positions)
    return any(abs(second[1] - first[1]) < BOX_H for first, second in _close_pairs(lefts, BOX_W))


def fit_source_geometry(
    boxes: Mapping[str, Rect],
    rects: Mapping[str, Rect],
    members: Mapping[str, Sequence[str]],
) -> Placement | None:
    """Positions from the source drawing, or ``None`` when its elements overlap even after scaling."""
    centres = {key: centre(box) for key, box in boxes.items()}
    scale = required_scale(list(centres.values()))
    positions = {
        key: (snap(x * scale - BOX_W / 2), snap(y * scale - BOX_H / 2)) for key, (x, y) in centres.items()
    }
    if has_overlap(positions.values()):
        return None
    scaled = {key: (x * scale, y * scale, w * scale, h * scale) for key, (x, y, w, h) in rects.items()}
    for key, member_ids in members.items():
        inside = [positions[m] for m in member_ids if m in positions]
        if key in scaled and inside:
            scaled[key] = _grow_to_hold(scaled[key], inside)
    placement = Placement(positions, scaled)
    _shift_into_view(placement)
    placement.description = "positions from the source drawing" + (
        f", spread ×{scale:.2f} so the 168×64 boxes do not overlap" if scale > 1 else ""
    )
    return placement


def _grow_to_hold(rect: Rect, tops: Sequence[Point]) -> Rect:
    x, y, w, h = rect
    left = min([x, *(px - PAD_SIDE for px, _ in tops)])
    top = min([y, *(py - PAD_TOP for _, py in tops)])
    right = max([x + w, *(px + BOX_W + PAD_SIDE for px, _ in tops)])
    bottom = max([y + h, *(py + BOX_H + PAD_SIDE for _, py in tops)])
    return (left, top, right - left, bottom - top)


def _shift_into_view(placement: Placement) -> None:
    """Move everything so the drawing starts at the margin; snap every value to the 8 px grid."""
    xs = [x for x, _ in placement.positions.values()] + [r[0] for r in placement.rects.values()]
    ys = [y for _, y in placement.positions.values()] + [r[1] for r in placement.rects.values()]
    if not xs:
        return
    dx, dy = MARGIN - min(xs), MARGIN - min(ys)
    placement.positions = {k: (snap(x + dx), snap(y + dy)) for k, (x, y) in placement.positions.items()}
    placement.rects = {
        key: _snap_rect((x + dx, y + dy, w, h)) for key, (x, y, w, h) in placement.rects.items()
    }


def _snap_rect(rect: Rect) -> Rect:
    """Grow a rectangle outwards to the grid (never shrink it: members must stay inside)."""
    x, y, w, h = rect
    left, top = math.floor(x / GRID) * GRID, math.floor(y / GRID) * GRID
    right, bottom = math.ceil((x + w) / GRID) * GRID, math.ceil((y + h) / GRID) * GRID
    return (float(left), float(top), float(right - left), float(bottom - top))
