"""Collects what an importer found and turns it into a valid ``Design`` plus its report.

Importers speak in foreign IDs and foreign vocabulary; the builder owns everything they share: ID
sanitising, kind and zone mapping, checks that a control or property may be set on an element (the
catalog decides), threats kept as notes, dangling flows, nesting limits and the layout. Whatever an
importer adds, ``build`` returns a design that loads and validates.
"""

from __future__ import annotations

from collections.abc import Sequence

from caisa_studio.catalog import Catalog
from caisa_studio.catalog.schema import PropertySpec
from caisa_studio.io.errors import DesignFileError
from caisa_studio.io.importers.drafts import (
    MAX_THREAT_TEXT,
    NAME_PROPERTY,
    THREATS_PROPERTY,
    BoundaryDraft,
    ComponentDraft,
    FlowDraft,
    LineBoundary,
)
from caisa_studio.io.importers.finish import place, report_line_boundaries, resolve_zones
from caisa_studio.io.importers.geometry import (
    Placement,
    Point,
    Rect,
    centre,
    smallest_container,
)
from caisa_studio.io.importers.ids import IdAllocator
from caisa_studio.io.importers.kind_mapping import Choice, KindMapper, Shape
from caisa_studio.io.importers.report import ImportReport
from caisa_studio.model import (
    Classification,
    Component,
    ControlState,
    ControlStatus,
    DataAsset,
    DataFlow,
    Design,
    TrustBoundary,
)
from caisa_studio.model.elements import PropertyValue

MAX_ELEMENTS = 10_000
MAX_NESTING = 12


class DesignBuilder:
    """One design under construction. Importers call ``add_*``; ``build`` validates and lays it out."""

    def __init__(self, report: ImportReport, mapper: KindMapper) -> None:
        self.report = report
        self.mapper = mapper
        self.catalog: Catalog = mapper.catalog
        self.ids = IdAllocator()
        self.components: dict[str, ComponentDraft] = {}
        self.flows: dict[str, FlowDraft] = {}
        self.boundaries: dict[str, BoundaryDraft] = {}
        self.assets: dict[str, DataAsset] = {}
        self.lines: list[LineBoundary] = []
        self._foreign_components: dict[str, str] = {}
        self._foreign_boundaries: dict[str, str] = {}
        self._foreign_assets: dict[str, str] = {}
        self._foreign_flows: dict[str, str] = {}
        self._credentials: str | None = None
        self._threats: dict[str, list[str]] = {}

    # -- elements ---------------------------------------------------------------------------------
    def _count(self) -> None:
        total = len(self.components) + len(self.flows) + len(self.boundaries) + len(self.assets)
        if total >= MAX_ELEMENTS:
            raise DesignFileError(
                self.report.source, f"the model has too many elements (the limit is {MAX_ELEMENTS:,})"
            )

    def add_boundary(
        self,
        foreign_id: str,
        name: str,
        what: str,
        foreign_type: str = "",
        rect: Rect | None = None,
        zone: Choice | None = None,
    ) -> str:
        self._count()
        boundary_id = self.ids.allocate(foreign_id, f"boundary-{len(self.boundaries) + 1}")
        self._foreign_boundaries.setdefault(foreign_id, boundary_id)
        chosen = zone or self.mapper.zone_for(name, foreign_type)
        self.boundaries[boundary_id] = BoundaryDraft(boundary_id, name, foreign_type, chosen, rect)
        if what:
            self.report.source_counts[what] += 1
        return boundary_id

    def boundary_id(self, foreign_id: str) -> str | None:
        return self._foreign_boundaries.get(foreign_id)

    def nest_boundary(self, child: str, parent: str) -> None:
        """Record that ``child`` lies inside ``parent``; refused (with a note) if it makes a cycle."""
        seen = {child}
        cursor: str | None = parent
        depth = 0
        while cursor is not None:
            if cursor in seen or depth >= MAX_NESTING:
                why = "a nesting cycle" if cursor in seen else f"more than {MAX_NESTING} levels of nesting"
                self.report.note(
                    f'boundary "{self._name(child)}" kept at top level: nesting it would create {why}'
                )
                return
            seen.add(cursor)
            cursor = self.boundaries[cursor].parent
            depth += 1
        self.boundaries[child].parent = parent

    def add_component(
        self,
        foreign_id: str,
        name: str,
        shape: Shape,
        what: str,
        foreign_type: str = "",
        tags: Sequence[str] = (),
        box: Rect | None = None,
        boundary: str | None = None,
        kind: Choice | None = None,
    ) -> str:
        self._count()
        component_id = self.ids.allocate(foreign_id, f"component-{len(self.components) + 1}")
        self._foreign_components.setdefault(foreign_id, component_id)
        choice = kind or self.mapper.kind_for(shape, name, foreign_type, tags)
        self.components[component_id] = ComponentDraft(component_id, name, choice.value, what, boundary, box)
        described = f'{what} "{name}"' if name else f"{what} {foreign_id}"
        self.report.decide(described, f"{choice.value} ({component_id})", choice.reason)
        self.report.source_counts[what] += 1
        return component_id

    def component_id(self, foreign_id: str) -> str | None:
        return self._foreign_components.get(foreign_id)

    def add_flow(
        self,
        foreign_id: str,
        source: str | None,
        target: str | None,
        name: str,
        what: str = "flow",
        protocol: str = "",
        bidirectional: bool = False,
        vertices: Sequence[Point] = (),
    ) -> str | None:
        """Add a flow between two foreign element IDs; a flow with a loose end is dropped and reported."""
        self.report.source_counts[what] += 1
        described = f'{what} "{name}"' if name else f"{what} {foreign_id}"
        ends = {"source": source, "target": target}
        resolved = {end: self.component_id(value) if value else None for end, value in ends.items()}
        for end, value in resolved.items():
            if value is None:
                detail = f" ({ends[end]!r} is not an element of this diagram)" if ends[end] else ""
                self.report.drop(described, f"its {end} end is not attached to an element{detail}")
                return None
        source_id, target_id = resolved["source"], resolved["target"]
        assert source_id is not None and target_id is not None
        if source_id == target_id:
            self.report.drop(described, "it starts and ends at the same element (CAISA flows join two)")
            return None
        self._count()
        flow_id = self.ids.allocate(foreign_id, f"flow-{len(self.flows) + 1}")
        self._foreign_flows.setdefault(foreign_id, flow_id)
        self.flows[flow_id] = FlowDraft(
            flow_id, source_id, target_id, name, protocol.strip()[:80], bidirectional, list(vertices)
        )
        return flow_id

    def flow_id(self, foreign_id: str) -> str | None:
        return self._foreign_flows.get(foreign_id)

    def add_line_boundary(self, name: str, points: Sequence[Point], what: str) -> None:
        """A boundary drawn as a line has no inside; it is reported with the flows that cross it."""
        self.report.source_counts[what] += 1
        self.lines.append(LineBoundary(name or what, list(points)))

    def add_asset(
        self, foreign_id: str, name: str, classification: Classification, tags: Sequence[str], reason: str
    ) -> str:
        self._count()
        asset_id = self.ids.allocate(foreign_id, f"asset-{len(self.assets) + 1}")
        self._foreign_assets.setdefault(foreign_id, asset_id)
        self.assets[asset_id] = DataAsset(
            id=asset_id, name=name, classification=classification, tags=list(tags)
        )
        tag_text = f", tags {', '.join(tags)}" if tags else ""
        self.report.decide(
            f'data asset "{name}"', f"data asset {asset_id} ({classification.value}{tag_text})", reason
        )
        self.report.source_counts["data asset"] += 1
        return asset_id

    def asset_id(self, foreign_id: str) -> str | None:
        return self._foreign_assets.get(foreign_id)

    def credentials_asset(self) -> str:
        """One shared "Credentials" asset for every element the source marks as storing credentials."""
        if self._credentials is None:
            self._count()
            self._credentials = self.ids.allocate("imported-credentials", "imported-credentials")
            self.assets[self._credentials] = DataAsset(
                id=self._credentials,
                name="Credentials",
                classification=Classification.RESTRICTED,
                tags=["credentials"],
            )
            self.report.note(
                f'added data asset "Credentials" ({self._credentials}, restricted, tag credentials) for the '
                "elements the source marks as storing credentials"
            )
        return self._credentials

    # -- mapped facts -----------------------------------------------------------------------------
    def hold(self, component_id: str, asset_id: str) -> None:
        holds = self.components[component_id].holds
        if asset_id not in holds:
            holds.append(asset_id)

    def carry(self, flow_id: str, asset_id: str) -> None:
        carries = self.flows[flow_id].carries
        if asset_id not in carries:
            carries.append(asset_id)

    def control(self, element_id: str, control_id: str, reason: str) -> None:
        """Tick a control as implemented, if the catalog allows it on this element; report either way."""
        spec = self.catalog.controls.get(control_id)
        described = self.describe(element_id)
        if spec is None:
            self.report.drop(f"{described}: {reason}", f"no CAISA control {control_id!r}")
            return
        if element_id in self.components:
            draft = self.components[element_id]
            allowed, controls = self.catalog.control_applies(control_id, draft.kind), draft.controls
            where = f"kind {draft.kind}"
        elif element_id in self.flows:
            allowed, controls, where = spec.applies_to.flows, self.flows[element_id].controls, "flows"
        else:
            boundary = self.boundaries[element_id]
            allowed, controls, where = spec.applies_to.boundaries, boundary.controls, "boundaries"
        if not allowed:
            self.report.drop(f"{described}: {reason}", f"control {control_id} does not apply to {where}")
            return
        if control_id not in controls:
            controls[control_id] = ControlState(status=ControlStatus.IMPLEMENTED)
            self.report.map_property(described, f"{control_id} implemented", reason)

    def property_applies(self, component_id: str, key: str) -> bool:
        spec = self.catalog.component_properties.get(key)
        kind = self.components[component_id].kind
        return spec is not None and _property_applies(self.catalog, spec, kind)

    def component_property(self, component_id: str, key: str, value: PropertyValue, reason: str) -> None:
        """Set a catalog property if it applies to the component's kind; report either way."""
        draft = self.components[component_id]
        spec = self.catalog.component_properties.get(key)
        described = self.describe(component_id)
        if spec is not None and not _property_applies(self.catalog, spec, draft.kind):
            self.report.drop(f"{described}: {reason}", f"property {key} does not apply to kind {draft.kind}")
            return
        if draft.properties.get(key) != value:
            draft.properties[key] = value
            if spec is not None:
                self.report.map_property(described, f"{key} = {value}", reason)

    def threat(self, element_id: str, text: str) -> None:
        """Keep an existing threat as a short note on the element (and in the report)."""
        note = text if len(text) <= MAX_THREAT_TEXT else text[: MAX_THREAT_TEXT - 1].rstrip() + "…"
        self._threats.setdefault(element_id, []).append(note)
        self.report.threats.append(f"{self.describe(element_id)}: {note}")

    def describe(self, element_id: str) -> str:
        if element_id in self.components:
            draft = self.components[element_id]
            return f'{draft.kind} "{draft.name or element_id}"'
        if element_id in self.flows:
            flow = self.flows[element_id]
            route = f"{self._name(flow.source)} → {self._name(flow.target)}"
            return f'flow "{flow.name}" ({route})' if flow.name else f"flow {route}"
        return f'boundary "{self._name(element_id)}"'

    def _name(self, element_id: str) -> str:
        element = self.components.get(element_id) or self.boundaries.get(element_id)
        return (element.name if element else "") or element_id

    # -- geometry-based membership ----------------------------------------------------------------
    def contain_by_geometry(self) -> None:
        """Put each drawn component into the smallest drawn boundary around its centre."""
        rects = {key: b.rect for key, b in self.boundaries.items() if b.rect is not None}
        if not rects:
            return
        for draft in self.components.values():
            if draft.boundary is None and draft.box is not None:
                draft.boundary = smallest_container(centre(draft.box), rects)

    # -- build ------------------------------------------------------------------------------------
    def build(self, design_id: str, title: str, description: str) -> Design:
        report_line_boundaries(self)
        zones = resolve_zones(self)
        placement = place(self, zones)
        design = Design(
            id=design_id,
            title=title,
            description=description,
            boundaries={
                key: TrustBoundary(
                    id=key,
                    name=b.name,
                    zone=zones[key],
                    rect=placement.rects.get(key, (0.0, 0.0, 320.0, 240.0)),
                    controls=b.controls,
                )
                for key, b in self.boundaries.items()
            },
            components={key: self._component(draft, placement) for key, draft in self.components.items()},
            flows={key: self._flow(flow) for key, flow in self.flows.items()},
            data_assets=dict(self.assets),
        )
        self.report.layout = placement.description
        self.report.renamed_ids = dict(self.ids.renamed)
        self.report.result_counts = {
            "components": len(design.components),
            "flows": len(design.flows),
            "boundaries": len(design.boundaries),
            "data_assets": len(design.data_assets),
        }
        return design

    def _component(self, draft: ComponentDraft, placement: Placement) -> Component:
        properties = dict(draft.properties)
        if draft.id in self._threats:
            properties[THREATS_PROPERTY] = self._threats[draft.id]
        return Component(
            id=draft.id,
            kind=draft.kind,
            name=draft.name,
            boundary=draft.boundary,
            position=placement.positions.get(draft.id, (0.0, 0.0)),
            properties=properties,
            holds=draft.holds,
            controls=draft.controls,
        )

    def _flow(self, flow: FlowDraft) -> DataFlow:
        properties = dict(flow.properties)
        if flow.id in self._threats:
            properties[THREATS_PROPERTY] = self._threats[flow.id]
        if flow.name and flow.name != flow.protocol:
            properties.setdefault(NAME_PROPERTY, flow.name)
        return DataFlow(
            id=flow.id,
            source=flow.source,
            target=flow.target,
            protocol=flow.protocol,
            bidirectional=flow.bidirectional,
            carries=flow.carries,
            properties=properties,
            controls=flow.controls,
        )


def _property_applies(catalog: Catalog, spec: PropertySpec, kind: str) -> bool:
    applies = spec.applies_to
    kind_spec = catalog.kind(kind)
    capabilities = set(kind_spec.capabilities) if kind_spec else set()
    return applies.all or kind in applies.kinds or bool(capabilities & set(applies.capabilities))
