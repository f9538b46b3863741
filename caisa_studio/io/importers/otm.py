"""Open Threat Model (OTM 0.1 and 0.2, JSON or YAML: the same parsed structure).

Trust zones become boundaries (nested through ``parent.trustZone``), components become components
(a component nested in another one is placed in its ancestor's trust zone and remembers its parent in
the ``imported_parent`` property), dataflows become flows, assets become data assets. Threats and
mitigations are kept as notes. Positions come from a ``diagram`` representation when every element
has a consistent one; otherwise the automatic layout is used and the report says why.
"""

from __future__ import annotations

from typing import Any

from caisa_studio.io.errors import DesignFileError
from caisa_studio.io.importers.builder import DesignBuilder
from caisa_studio.io.importers.drafts import PARENT_PROPERTY, TAGS_PROPERTY, DesignText
from caisa_studio.io.importers.geometry import Rect, centre, contains
from caisa_studio.io.importers.kind_mapping import Choice
from caisa_studio.io.importers.values import items, label, mapping, number, strings, text
from caisa_studio.model import Classification

FORMAT_NAME = "Open Threat Model"
ZONE_ATTRIBUTE = "caisa_zone"
CONTROLS_ATTRIBUTE = "caisa_controls"
_LISTS = ("trustZones", "components", "dataflows", "assets", "threats", "mitigations", "representations")
# OTM trust ratings run 0 (untrusted) to 100 (fully trusted).
_RATING_BANDS = ((20, "PUBLIC"), (40, "EXTERNAL"), (60, "EDGE"), (80, "APP"), (101, "DATA"))


def format_name(payload: dict[str, Any]) -> str:
    return f"{FORMAT_NAME} {label(payload.get('otmVersion'))}".strip()


def diagram_titles(payload: dict[str, Any], source: str) -> list[str]:
    for key in _LISTS:
        if payload.get(key) is not None and not isinstance(payload.get(key), list):
            raise DesignFileError(source, f"'{key}' must be a list", key)
    if payload.get("project") is not None and not isinstance(payload.get("project"), dict):
        raise DesignFileError(source, "'project' must be an object", "project")
    return [label(mapping(payload.get("project")).get("name")) or FORMAT_NAME]


def classification_for(confidentiality: float | None) -> tuple[Classification, str]:
    if confidentiality is None:
        return Classification.INTERNAL, "no confidentiality rating; internal assumed"
    for limit, level in (
        (20, Classification.PUBLIC),
        (50, Classification.INTERNAL),
        (80, Classification.CONFIDENTIAL),
    ):
        if confidentiality < limit:
            return level, f"confidentiality {confidentiality:g} of 100"
    return Classification.RESTRICTED, f"confidentiality {confidentiality:g} of 100"


def _objects(payload: dict[str, Any], key: str) -> list[dict[str, Any]]:
    return [entry for entry in items(payload.get(key)) if isinstance(entry, dict)]


def _diagram_box(element: dict[str, Any], diagrams: set[str], default_size: float) -> Rect | None:
    for representation in items(element.get("representations")):
        entry = mapping(representation)
        if text(entry.get("representation")) not in diagrams:
            continue
        position, size = mapping(entry.get("position")), mapping(entry.get("size"))
        x, y = number(position.get("x")), number(position.get("y"))
        if x is None or y is None:
            continue
        width = number(size.get("width")) or default_size
        height = number(size.get("height")) or default_size
        return (x, y, abs(width), abs(height))
    return None


def _zone_choice(zone: dict[str, Any], builder: DesignBuilder) -> Choice | None:
    declared = text(mapping(zone.get("attributes")).get(ZONE_ATTRIBUTE)).upper()
    if declared:
        found = builder.mapper.zone_for(declared)
        if found:
            return Choice(found.value, f"attribute {ZONE_ATTRIBUTE} = {declared}")
    found = builder.mapper.zone_for(label(zone.get("name")), label(zone.get("type")))
    if found:
        return found
    rating = number(mapping(zone.get("risk")).get("trustRating"))
    if rating is not None:
        band = next(level for limit, level in _RATING_BANDS if rating < limit)
        return Choice(band, f"trustRating {rating:g} of 100")
    return None


def build_diagram(payload: dict[str, Any], index: int, builder: DesignBuilder) -> DesignText:
    diagrams = {
        text(r.get("id")) for r in _objects(payload, "representations") if text(r.get("type")) == "diagram"
    }
    threats = {text(t.get("id")): t for t in _objects(payload, "threats")}
    mitigations = {text(m.get("id")): m for m in _objects(payload, "mitigations")}
    _add_trust_zones(payload, builder, diagrams)
    _add_assets(payload, builder)
    _add_components(payload, builder, diagrams, threats, mitigations)
    _add_dataflows(payload, builder, threats, mitigations)
    _check_positions(builder)
    used = {
        text(mapping(t).get("threat"))
        for e in _objects(payload, "components") + _objects(payload, "dataflows")
        for t in items(e.get("threats"))
    }
    for threat_id, threat in threats.items():
        if threat_id not in used:
            builder.report.note(
                f'threat "{label(threat.get("name")) or threat_id}" is not attached to any element'
            )
    project = mapping(payload.get("project"))
    return DesignText(
        label(project.get("name")) or "Imported threat model",
        text(project.get("description")).strip(),
        text(project.get("id")),
    )


def _add_trust_zones(payload: dict[str, Any], builder: DesignBuilder, diagrams: set[str]) -> None:
    parents: dict[str, str] = {}
    for position, zone in enumerate(_objects(payload, "trustZones")):
        zone_id = text(zone.get("id")) or f"trust-zone-{position + 1}"
        boundary = builder.add_boundary(
            zone_id,
            label(zone.get("name")),
            "trust zone",
            label(zone.get("type")),
            rect=_diagram_box(zone, diagrams, 100.0),
            zone=_zone_choice(zone, builder),
        )
        parent = text(mapping(zone.get("parent")).get("trustZone"))
        if parent:
            parents[boundary] = parent
        _set_controls(builder, boundary, zone)
    for child, parent in parents.items():
        parent_id = builder.boundary_id(parent)
        if parent_id is None:
            builder.report.note(
                f"trust zone {child}: parent trust zone {parent!r} does not exist; kept at top level"
            )
        else:
            builder.nest_boundary(child, parent_id)


def _add_assets(payload: dict[str, Any], builder: DesignBuilder) -> None:
    known_tags = {tag.id for tag in builder.catalog.classifications.data_tags}
    for position, asset in enumerate(_objects(payload, "assets")):
        name = label(asset.get("name"))
        attributes = mapping(asset.get("attributes"))
        declared = text(attributes.get("caisa_classification"))
        if declared in {c.value for c in Classification}:
            classification, reason = Classification(declared), "attribute caisa_classification"
        else:
            confidentiality = number(mapping(asset.get("risk")).get("confidentiality"))
            classification, reason = classification_for(confidentiality)
        tags = builder.mapper.data_tags(name, text(asset.get("description")))
        tags += [t.strip() for t in text(attributes.get("caisa_tags")).split(",") if t.strip() in known_tags]
        asset_id = text(asset.get("id")) or f"asset-{position + 1}"
        builder.add_asset(asset_id, name, classification, sorted(set(tags)), reason)


def _trust_zone_of(component_id: str, raw: dict[str, dict[str, Any]]) -> tuple[str | None, list[str]]:
    """Follow ``parent.component`` links up to a trust zone; also return the chain of parent components."""
    chain: list[str] = []
    cursor = component_id
    while True:
        parent = mapping(raw[cursor].get("parent"))
        zone = text(parent.get("trustZone"))
        if zone:
            return zone, chain
        above = text(parent.get("component"))
        if not above or above not in raw or above in chain or above == component_id:
            return None, chain
        chain.append(above)
        cursor = above


def _add_components(
    payload: dict[str, Any],
    builder: DesignBuilder,
    diagrams: set[str],
    threats: dict[str, Any],
    mitigations: dict[str, Any],
) -> None:
    raw: dict[str, dict[str, Any]] = {}
    for position, component in enumerate(_objects(payload, "components")):
        raw.setdefault(text(component.get("id")) or f"component-{position + 1}", component)
    parents: dict[str, str] = {}
    for foreign_id, component in raw.items():
        zone, chain = _trust_zone_of(foreign_id, raw)
        boundary = builder.boundary_id(zone) if zone else None
        name = label(component.get("name"))
        tags = strings(component.get("tags"))
        our_id = builder.add_component(
            foreign_id,
            name,
            "unknown",
            "component",
            foreign_type=label(component.get("type")),
            tags=tags,
            box=_diagram_box(component, diagrams, 50.0),
            boundary=boundary,
        )
        if zone and boundary is None:
            builder.report.note(
                f"{builder.describe(our_id)}: trust zone {zone!r} does not exist; placed outside boundaries"
            )
        if chain:
            parents[our_id] = chain[0]
        if tags:
            builder.component_property(our_id, TAGS_PROPERTY, tags, "tags")
        stored = strings(mapping(component.get("assets")).get("stored"))
        for asset in stored:
            _hold(builder, our_id, asset)
        _set_controls(builder, our_id, component)
        for note in _threat_notes(component, threats, mitigations):
            builder.threat(our_id, note)
    for child, parent in parents.items():
        parent_id = builder.component_id(parent)
        if parent_id:
            builder.component_property(child, PARENT_PROPERTY, parent_id, "nested in another component")
            builder.report.note(
                f"{builder.describe(child)} is nested in {builder.describe(parent_id)} in the source; "
                "CAISA components do not nest, so it sits in the same trust boundary"
            )


def _hold(builder: DesignBuilder, component_id: str, foreign_asset: str) -> None:
    asset = builder.asset_id(foreign_asset)
    if asset is None:
        builder.report.note(
            f"{builder.describe(component_id)} stores unknown asset {foreign_asset!r}; ignored"
        )
    else:
        builder.hold(component_id, asset)


def _add_dataflows(
    payload: dict[str, Any], builder: DesignBuilder, threats: dict[str, Any], mitigations: dict[str, Any]
) -> None:
    for position, dataflow in enumerate(_objects(payload, "dataflows")):
        tags = strings(dataflow.get("tags"))
        flow = builder.add_flow(
            text(dataflow.get("id")) or f"dataflow-{position + 1}",
            text(dataflow.get("source")) or None,
            text(dataflow.get("destination")) or None,
            label(dataflow.get("name")),
            what="dataflow",
            protocol=label(mapping(dataflow.get("attributes")).get("caisa_protocol"), 80),
            bidirectional=dataflow.get("bidirectional") is True,
        )
        if flow is None:
            continue
        for asset in strings(dataflow.get("assets")):
            asset_id = builder.asset_id(asset)
            if asset_id:
                builder.carry(flow, asset_id)
        if tags:
            builder.flows[flow].properties[TAGS_PROPERTY] = tags
            keyword = builder.mapper.encrypted_protocol(" ".join(tags))
            if keyword:
                builder.control(flow, "enc_in_transit", f'tag "{keyword}"')
        _set_controls(builder, flow, dataflow)
        for note in _threat_notes(dataflow, threats, mitigations):
            builder.threat(flow, note)


def _set_controls(builder: DesignBuilder, element_id: str, element: dict[str, Any]) -> None:
    """Controls CAISA wrote into ``attributes.caisa_controls`` on export come back on import."""
    declared = text(mapping(element.get("attributes")).get(CONTROLS_ATTRIBUTE))
    for control in (c.strip() for c in declared.split(",")):
        if control:
            builder.control(element_id, control, f"attribute {CONTROLS_ATTRIBUTE}")


def _threat_notes(element: dict[str, Any], threats: dict[str, Any], mitigations: dict[str, Any]) -> list[str]:
    notes = []
    for reference in items(element.get("threats")):
        entry = mapping(reference)
        threat_id = text(entry.get("threat"))
        name = label(mapping(threats.get(threat_id)).get("name")) or threat_id or "unnamed threat"
        state = label(entry.get("state"))
        note = f"[{state}] {name}" if state else name
        for mitigation in items(entry.get("mitigations")):
            mitigation_entry = mapping(mitigation)
            mitigation_id = text(mitigation_entry.get("mitigation"))
            mitigation_name = label(mapping(mitigations.get(mitigation_id)).get("name")) or mitigation_id
            note += f"; mitigation {mitigation_name}: {label(mitigation_entry.get('state')) or 'no state'}"
        notes.append(note)
    return notes


def _check_positions(builder: DesignBuilder) -> None:
    """Use representation positions only if each component sits inside its trust zone's shape."""
    drafts = list(builder.components.values())
    if not drafts or not all(d.box is not None for d in drafts):
        return
    for draft in drafts:
        boundary = builder.boundaries.get(draft.boundary) if draft.boundary else None
        assert draft.box is not None
        if (
            boundary is not None
            and boundary.rect is not None
            and not contains(boundary.rect, centre(draft.box))
        ):
            for other in drafts:
                other.box = None
            builder.report.note(
                f"diagram positions ignored: {builder.describe(draft.id)} lies outside its trust zone's shape"
            )
            return
