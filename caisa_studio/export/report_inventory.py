"""The inventory tables of the report: components, data assets, data flows and trust boundaries.

Plain strings only; each output format escapes them its own way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from caisa_studio.analysis import DesignFacts
from caisa_studio.model import Classification, ControlStatus, Zone
from caisa_studio.rules import ValidationResult


@dataclass(frozen=True)
class ComponentRow:
    id: str
    name: str
    kind: str
    zone: str
    boundary: str
    data: str
    controls: str  # "implemented / applicable"
    open_findings: int


@dataclass(frozen=True)
class AssetRow:
    id: str
    name: str
    classification: str
    tags: str
    held_by: str
    flows: int


@dataclass(frozen=True)
class FlowRow:
    id: str
    source: str
    target: str
    protocol: str
    data: str
    encrypted: str
    crosses: bool


@dataclass(frozen=True)
class BoundaryRow:
    id: str
    name: str
    zone: str
    components: int
    controls: str


@dataclass(frozen=True)
class Inventory:
    components: tuple[ComponentRow, ...]
    assets: tuple[AssetRow, ...]
    flows: tuple[FlowRow, ...]
    boundaries: tuple[BoundaryRow, ...]


def zone_label(facts: DesignFacts, zone: Zone) -> str:
    names = {z.id: z.name for z in facts.catalog.classifications.zones}
    return f"{zone.value} ({names[zone]})" if zone in names else zone.value


def classification_label(facts: DesignFacts, classification: Classification) -> str:
    names = {c.id: c.name for c in facts.catalog.classifications.classifications}
    return names.get(classification, classification.value)


def tag_labels(facts: DesignFacts, tags: list[str] | frozenset[str]) -> str:
    names = {t.id: t.name for t in facts.catalog.classifications.data_tags}
    return ", ".join(names.get(t, t) for t in sorted(tags))


def _by_name(items: Mapping[str, Any]) -> list[Any]:
    return sorted(items.values(), key=lambda e: ((e.name or e.id).casefold(), e.id))


def build_inventory(facts: DesignFacts, result: ValidationResult) -> Inventory:
    design, catalog = facts.design, facts.catalog
    open_by_subject: dict[str, int] = {}
    for finding in result.open_findings:
        open_by_subject[finding.subject] = open_by_subject.get(finding.subject, 0) + 1
    components = []
    for c in _by_name(design.components):
        kind = catalog.kind(c.kind)
        boundary = design.boundaries.get(c.boundary) if c.boundary else None
        held = facts.held_data(c)
        if held.asset_names:
            data = ", ".join(held.asset_names)
        elif held.assumed and held.classification:
            data = f"typical: {classification_label(facts, held.classification).lower()}"
        else:
            data = ""
        applicable = [s.id for s in catalog.controls_for_kind(c.kind)]
        implemented = sum(1 for s in applicable if facts.control_status(c, s) is ControlStatus.IMPLEMENTED)
        components.append(
            ComponentRow(
                id=c.id,
                name=c.name or c.id,
                kind=kind.name if kind else c.kind,
                zone=zone_label(facts, facts.zone_of(c)),
                boundary=(boundary.name or boundary.id) if boundary else "",
                data=data,
                controls=f"{implemented} / {len(applicable)}",
                open_findings=open_by_subject.get(c.id, 0),
            )
        )
    assets = []
    for a in _by_name(design.data_assets):
        holders = sorted(
            (c.name or c.id for c in design.components.values() if a.id in c.holds), key=str.casefold
        )
        assets.append(
            AssetRow(
                id=a.id,
                name=a.name or a.id,
                classification=classification_label(facts, a.classification),
                tags=tag_labels(facts, a.tags),
                held_by=", ".join(holders),
                flows=sum(1 for f in design.flows.values() if a.id in f.carries),
            )
        )
    flows = []
    for f in sorted(design.flows.values(), key=lambda f: (design.display_name(f.id).casefold(), f.id)):
        state = f.controls.get("enc_in_transit")
        flows.append(
            FlowRow(
                id=f.id,
                source=design.display_name(f.source),
                target=design.display_name(f.target),
                protocol=f.protocol,
                data=", ".join(design.data_assets[a].name or a for a in f.carries if a in design.data_assets),
                encrypted=state.status.value.replace("_", " ") if state else "no",
                crosses=facts.crosses(f),
            )
        )
    boundaries = []
    for b in _by_name(design.boundaries):
        controls = ", ".join(
            f"{catalog.controls[k].name if k in catalog.controls else k} ({v.status.value.replace('_', ' ')})"
            for k, v in sorted(b.controls.items())
        )
        members = sum(1 for c in design.components.values() if c.boundary == b.id)
        boundaries.append(BoundaryRow(b.id, b.name or b.id, zone_label(facts, b.zone), members, controls))
    return Inventory(tuple(components), tuple(assets), tuple(flows), tuple(boundaries))
