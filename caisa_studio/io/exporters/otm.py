"""Design → Open Threat Model 0.2 JSON, for IriusRisk, StartLeft and other OTM tools.

Boundaries become trust zones (a boundary drawn inside another one gets it as ``parent``), components
become components with their CAISA kind as ``type``, flows become dataflows, data assets become assets.
What OTM has no field for travels in ``attributes`` (``caisa_zone``, ``caisa_controls``,
``caisa_protocol``), so an export read back by our importer gives the same design. Positions go into a
``diagram`` representation. OTM requires every component to have a parent, so components outside any
boundary get a trust zone per CAISA zone.
"""

from __future__ import annotations

import json
from typing import Any

from caisa_studio.catalog import Catalog, default_catalog
from caisa_studio.model import Component, ControlStatus, Design, TrustBoundary, Zone
from caisa_studio.model.elements import ControlState, DataFlow

OTM_VERSION = "0.2.0"
DIAGRAM_ID = "caisa-diagram"
BOX_SIZE = {"width": 168, "height": 64}
# Trust ratings on OTM's 0–100 scale, from the zones' order of trust (CATALOG B0).
ZONE_RATING = {
    Zone.PUBLIC: 0,
    Zone.EXTERNAL: 20,
    Zone.DEVICE: 25,
    Zone.EDGE: 40,
    Zone.CORP: 50,
    Zone.APP: 60,
    Zone.DATA: 80,
    Zone.MGMT: 100,
}
# Chosen to fall in the bands the importer reads back (public <20, internal <50, confidential <80).
CONFIDENTIALITY = {"public": 0, "internal": 30, "confidential": 60, "restricted": 100}


def otm_document(design: Design, catalog: Catalog | None = None) -> dict[str, Any]:
    """The OTM document as plain JSON data (validates against the OTM 0.2.0 schema)."""
    known = catalog or default_catalog()
    loose_zones = _loose_zones(design, known)
    document: dict[str, Any] = {
        "otmVersion": OTM_VERSION,
        "project": {
            "name": design.title or design.id,
            "id": design.id,
            "description": design.description or None,
            "attributes": {"generator": "CAISA Studio"},
        },
        "representations": [
            {"name": "CAISA Studio diagram", "id": DIAGRAM_ID, "type": "diagram", "size": _extent(design)}
        ],
        "assets": [_asset(asset) for asset in design.data_assets.values()],
        "trustZones": [_trust_zone(design, boundary) for boundary in design.boundaries.values()]
        + [_loose_zone(zone, known) for zone in sorted(loose_zones, key=lambda z: ZONE_RATING[z])],
        "components": [_component(design, c, known) for c in design.components.values()],
        "dataflows": [_dataflow(flow) for flow in design.flows.values()],
    }
    return document


def dumps_otm(design: Design, catalog: Catalog | None = None) -> str:
    return json.dumps(otm_document(design, catalog), indent=2, ensure_ascii=False) + "\n"


def _controls(controls: dict[str, ControlState]) -> str:
    return ", ".join(sorted(k for k, state in controls.items() if state.status is ControlStatus.IMPLEMENTED))


def _attributes(**values: str) -> dict[str, str] | None:
    present = {key: value for key, value in values.items() if value}
    return present or None


def _extent(design: Design) -> dict[str, float]:
    rights = [c.position[0] + BOX_SIZE["width"] for c in design.components.values()]
    bottoms = [c.position[1] + BOX_SIZE["height"] for c in design.components.values()]
    rights += [b.rect[0] + b.rect[2] for b in design.boundaries.values()]
    bottoms += [b.rect[1] + b.rect[3] for b in design.boundaries.values()]
    return {"width": max(rights, default=0) + 40, "height": max(bottoms, default=0) + 40}


def _asset(asset: Any) -> dict[str, Any]:
    level = CONFIDENTIALITY[asset.classification.value]
    return {
        "name": asset.name or asset.id,
        "id": asset.id,
        "description": None,
        "risk": {
            "confidentiality": level,
            "integrity": 50,
            "availability": 50,
            "comment": f"CAISA classification {asset.classification.value} (integrity, availability unrated)",
        },
        "attributes": _attributes(
            caisa_classification=asset.classification.value, caisa_tags=", ".join(asset.tags)
        ),
    }


def _inside(inner: TrustBoundary, outer: TrustBoundary) -> bool:
    x, y, w, h = inner.rect
    ox, oy, ow, oh = outer.rect
    bigger = ow * oh > w * h
    return bigger and ox <= x and oy <= y and x + w <= ox + ow and y + h <= oy + oh


def _parent_zone(design: Design, boundary: TrustBoundary) -> str | None:
    """The smallest other boundary that fully contains this one's rectangle."""
    holders = [b for b in design.boundaries.values() if b.id != boundary.id and _inside(boundary, b)]
    return min(holders, key=lambda b: (b.rect[2] * b.rect[3], b.id)).id if holders else None


def _trust_zone(design: Design, boundary: TrustBoundary) -> dict[str, Any]:
    x, y, w, h = boundary.rect
    zone: dict[str, Any] = {
        "id": boundary.id,
        "name": boundary.name or boundary.id,
        "type": boundary.zone.value.lower(),
        "risk": {"trustRating": ZONE_RATING[boundary.zone]},
        "representations": [
            {
                "representation": DIAGRAM_ID,
                "id": f"{boundary.id}-shape",
                "position": {"x": x, "y": y},
                "size": {"width": w, "height": h},
            }
        ],
        "attributes": _attributes(
            caisa_zone=boundary.zone.value, caisa_controls=_controls(boundary.controls)
        ),
    }
    parent = _parent_zone(design, boundary)
    if parent:
        zone["parent"] = {"trustZone": parent}
    return zone


def _loose_zone_id(zone: Zone) -> str:
    return f"caisa-zone-{zone.value.lower()}"


def _loose_zones(design: Design, catalog: Catalog) -> set[Zone]:
    return {_default_zone(c, catalog) for c in design.components.values() if c.boundary is None}


def _default_zone(component: Component, catalog: Catalog) -> Zone:
    spec = catalog.kind(component.kind)
    return spec.default_zone if spec else Zone.APP


def _loose_zone(zone: Zone, catalog: Catalog) -> dict[str, Any]:
    names = {z.id: z.name for z in catalog.classifications.zones}
    return {
        "id": _loose_zone_id(zone),
        "name": f"{names.get(zone, zone.value)} (components outside any boundary)",
        "type": zone.value.lower(),
        "risk": {"trustRating": ZONE_RATING[zone]},
        "attributes": {"caisa_zone": zone.value},
    }


def _component(design: Design, component: Component, catalog: Catalog) -> dict[str, Any]:
    x, y = component.position
    parent: dict[str, str] = {
        "trustZone": component.boundary or _loose_zone_id(_default_zone(component, catalog))
    }
    nested_in = component.properties.get("imported_parent")
    nests = isinstance(nested_in, str) and nested_in in design.components
    if nests and design.components[str(nested_in)].boundary == component.boundary:
        parent = {"component": str(nested_in)}
    tags = component.properties.get("imported_tags")
    result: dict[str, Any] = {
        "id": component.id,
        "name": component.name or component.id,
        "type": component.kind,
        "parent": parent,
        "tags": list(tags) if isinstance(tags, list) and tags else None,
        "representations": [
            {
                "representation": DIAGRAM_ID,
                "id": f"{component.id}-shape",
                "position": {"x": x, "y": y},
                "size": dict(BOX_SIZE),
            }
        ],
        "assets": {"processed": None, "stored": list(component.holds)} if component.holds else None,
        "attributes": _attributes(caisa_kind=component.kind, caisa_controls=_controls(component.controls)),
    }
    return result


def _dataflow(flow: DataFlow) -> dict[str, Any]:
    name = flow.properties.get("imported_name")
    tags = flow.properties.get("imported_tags")
    return {
        "id": flow.id,
        "name": name if isinstance(name, str) and name else flow.protocol or f"{flow.source} → {flow.target}",
        "bidirectional": flow.bidirectional,
        "source": flow.source,
        "destination": flow.target,
        "assets": list(flow.carries) or None,
        "tags": list(tags) if isinstance(tags, list) and tags else None,
        "attributes": _attributes(caisa_protocol=flow.protocol, caisa_controls=_controls(flow.controls)),
    }
