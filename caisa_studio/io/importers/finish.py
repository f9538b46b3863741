"""Finishing an import: zones for boundaries, positions for everything, crossings of line boundaries.

These decisions need the whole model (a boundary's zone may follow from its members; a layout needs
every flow), so they run once, when the importer has added everything.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from caisa_studio.io.importers.drafts import FlowDraft
from caisa_studio.io.importers.geometry import Placement, Point, centre, fit_source_geometry, polylines_cross
from caisa_studio.io.importers.layout import layered_layout
from caisa_studio.model import Zone

if TYPE_CHECKING:
    from caisa_studio.io.importers.builder import DesignBuilder


def resolve_zones(builder: DesignBuilder) -> dict[str, Zone]:
    """Each boundary's zone: what the source says, else the zone most of its members default to."""
    zones: dict[str, Zone] = {}
    for key, boundary in builder.boundaries.items():
        if boundary.zone is not None:
            zones[key] = Zone(boundary.zone.value)
            builder.report.decide(
                f'boundary "{boundary.name or key}"', f"zone {boundary.zone.value}", boundary.zone.reason
            )
            continue
        defaults = Counter(
            builder.catalog.kinds[d.kind].default_zone
            for d in builder.components.values()
            if d.boundary == key
        )
        if defaults:
            level = {z.id: z.level for z in builder.catalog.classifications.zones}
            zone = min(defaults, key=lambda z: (-defaults[z], level[z]))
            reason = "no keyword matched; the default zone of most of its components"
        else:
            zone, reason = Zone.APP, "no keyword matched and it holds no components; APP assumed"
        zones[key] = Zone(zone)
        builder.report.decide(f'boundary "{boundary.name or key}"', f"zone {zone}", reason)
    return zones


def place(builder: DesignBuilder, zones: dict[str, Zone]) -> Placement:
    """The source's drawing when every element has a position that fits; else the automatic layout."""
    drawn = builder.components and all(d.box is not None for d in builder.components.values())
    rects = {key: b.rect for key, b in builder.boundaries.items() if b.rect is not None}
    if drawn and len(rects) == len(builder.boundaries):
        members: dict[str, list[str]] = {}
        for draft in builder.components.values():
            if draft.boundary is not None:
                members.setdefault(draft.boundary, []).append(draft.id)
        boxes = {key: d.box for key, d in builder.components.items() if d.box is not None}
        placement = fit_source_geometry(boxes, rects, members)
        if placement is not None:
            return placement
        builder.report.note("source positions overlap even when spread out; automatic layout used instead")
    elif any(d.box is not None for d in builder.components.values()):
        builder.report.note("only some elements had positions in the source; automatic layout used instead")
    levels = {z.id.value: z.level for z in builder.catalog.classifications.zones}
    trust = {key: levels[zone.value] for key, zone in zones.items()}
    for key, draft in builder.components.items():
        trust[key] = levels[builder.catalog.kinds[draft.kind].default_zone.value]
    return layered_layout(
        list(builder.components),
        {key: d.boundary for key, d in builder.components.items()},
        {key: b.parent for key, b in builder.boundaries.items()},
        list(builder.boundaries),
        [(f.source, f.target) for f in builder.flows.values()],
        trust,
    )


def report_line_boundaries(builder: DesignBuilder) -> None:
    for line in builder.lines:
        crossing = [
            builder.describe(flow.id)
            for flow in builder.flows.values()
            if len(line.points) > 1 and polylines_cross(line.points, _flow_path(builder, flow))
        ]
        why = "CAISA trust boundaries are regions and a line has no inside"
        if crossing:
            why += "; flows crossing it in the source: " + "; ".join(crossing)
        builder.report.drop(f'line boundary "{line.name}"', why)


def _flow_path(builder: DesignBuilder, flow: FlowDraft) -> list[Point]:
    source_box = builder.components[flow.source].box
    target_box = builder.components[flow.target].box
    if source_box is None or target_box is None:
        return []
    return [centre(source_box), *flow.vertices, centre(target_box)]
