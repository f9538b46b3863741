"""Threagile models (YAML; the example model uses anchors and merge keys, which the loader allows).

Technical assets become components, communication links become flows, trust boundaries become boundaries
(``trust_boundaries_nested`` nests them), data assets become data assets with a classification from
their confidentiality. Link encryption, authentication and authorization become controls on the flow;
asset encryption becomes encryption at rest. Individual risks are kept as notes; Threagile's own risk
tracking and shared runtimes have no CAISA counterpart and are reported. There are no positions, so the
automatic layout is used.
"""

from __future__ import annotations

from typing import Any

from caisa_studio.io.errors import DesignFileError
from caisa_studio.io.importers.builder import DesignBuilder
from caisa_studio.io.importers.drafts import TAGS_PROPERTY, DesignText
from caisa_studio.io.importers.ids import sanitise_id
from caisa_studio.io.importers.kind_mapping import Choice, Shape
from caisa_studio.io.importers.values import flag, label, mapping, strings, text
from caisa_studio.model import Classification

FORMAT_NAME = "Threagile"
_SECTIONS = (
    "data_assets",
    "technical_assets",
    "trust_boundaries",
    "shared_runtimes",
    "individual_risk_categories",
)
# Threagile's scale has five steps (restricted sits between internal and confidential); CAISA's has four.
# Rounding up keeps sensitive data sensitive.
_CLASSIFICATION = {
    "public": Classification.PUBLIC,
    "internal": Classification.INTERNAL,
    "restricted": Classification.CONFIDENTIAL,
    "confidential": Classification.CONFIDENTIAL,
    "strictly-confidential": Classification.RESTRICTED,
}
_SEGMENTING_BOUNDARIES = {"network-cloud-security-group", "network-policy-namespace-isolation"}
_SHAPES: dict[str, Shape] = {"process": "process", "datastore": "store", "external-entity": "external"}


def format_name(payload: dict[str, Any]) -> str:
    version = label(payload.get("threagile_version"))
    return f"{FORMAT_NAME} {version}" if version else FORMAT_NAME


def diagram_titles(payload: dict[str, Any], source: str) -> list[str]:
    for key in _SECTIONS:
        if payload.get(key) is not None and not isinstance(payload.get(key), dict):
            raise DesignFileError(source, f"'{key}' must be a mapping of titles to entries", key)
    return [label(payload.get("title")) or FORMAT_NAME]


def _section(payload: dict[str, Any], key: str) -> list[tuple[str, dict[str, Any]]]:
    return [
        (str(title), entry) for title, entry in mapping(payload.get(key)).items() if isinstance(entry, dict)
    ]


def build_diagram(payload: dict[str, Any], index: int, builder: DesignBuilder) -> DesignText:
    _add_data_assets(payload, builder)
    inside = _add_trust_boundaries(payload, builder)
    _add_technical_assets(payload, builder, inside)
    _add_links(payload, builder)
    _add_risks(payload, builder)
    for title, runtime in _section(payload, "shared_runtimes"):
        running = ", ".join(strings(runtime.get("technical_assets_running")))
        builder.report.drop(
            f'shared runtime "{label(title)}"', f"CAISA has no shared-runtime element (it runs: {running})"
        )
    tracked = mapping(payload.get("risk_tracking"))
    if tracked:
        builder.report.note(
            f"{len(tracked)} risk-tracking entries refer to Threagile's own rules and are not carried over; "
            "CAISA tracks decisions on its own findings"
        )
    description = label(mapping(payload.get("business_overview")).get("description"), 2000)
    return DesignText(label(payload.get("title")) or "Imported Threagile model", description)


def _add_data_assets(payload: dict[str, Any], builder: DesignBuilder) -> None:
    for title, asset in _section(payload, "data_assets"):
        confidentiality = text(asset.get("confidentiality")).strip().lower()
        classification = _CLASSIFICATION.get(confidentiality, Classification.INTERNAL)
        reason = (
            f"confidentiality {confidentiality}"
            if confidentiality in _CLASSIFICATION
            else "no known confidentiality; internal assumed"
        )
        tags = builder.mapper.data_tags(title, text(asset.get("description")))
        builder.add_asset(text(asset.get("id")) or title, label(title), classification, tags, reason)


def _add_trust_boundaries(payload: dict[str, Any], builder: DesignBuilder) -> dict[str, str]:
    """Add the boundaries; return which boundary each technical asset lies in (its innermost one)."""
    inside: dict[str, str] = {}
    nested: list[tuple[str, str]] = []
    for title, boundary in _section(payload, "trust_boundaries"):
        kind = text(boundary.get("type"))
        boundary_id = builder.add_boundary(
            text(boundary.get("id")) or title, label(title), "trust boundary", kind
        )
        if kind in _SEGMENTING_BOUNDARIES:
            builder.control(boundary_id, "segmentation", f"boundary type {kind}")
        for asset in strings(boundary.get("technical_assets_inside")):
            if asset in inside:
                builder.report.note(
                    f"technical asset {asset!r} is inside two trust boundaries; the first one is used"
                )
            else:
                inside[asset] = boundary_id
        nested.extend((child, boundary_id) for child in strings(boundary.get("trust_boundaries_nested")))
    for child, parent in nested:
        child_id = builder.boundary_id(child)
        if child_id is None:
            builder.report.note(f"nested trust boundary {child!r} does not exist; ignored")
        else:
            builder.nest_boundary(child_id, parent)
    return inside


def _add_technical_assets(payload: dict[str, Any], builder: DesignBuilder, inside: dict[str, str]) -> None:
    internet: str | None = None
    for title, asset in _section(payload, "technical_assets"):
        foreign_id = text(asset.get("id")) or title
        asset_type = text(asset.get("type"))
        shape: Shape = _SHAPES.get(asset_type, "unknown")
        if shape == "external" and flag(asset.get("used_as_client_by_human")):
            shape = "actor"
        tags = strings(asset.get("tags"))
        component = builder.add_component(
            foreign_id,
            label(title),
            shape,
            f"{asset_type or 'untyped'} asset",
            foreign_type=label(asset.get("technology")),
            tags=tags,
            boundary=inside.get(foreign_id),
        )
        if tags:
            builder.component_property(component, TAGS_PROPERTY, tags, "tags")
        encryption = text(asset.get("encryption")).strip().lower()
        if encryption and encryption != "none":
            builder.control(component, "enc_at_rest", f"encryption: {encryption}")
        if flag(asset.get("multi_tenant")):
            builder.component_property(component, "multi_tenant", True, "multi_tenant: true")
        for stored in strings(asset.get("data_assets_stored")):
            asset_id = builder.asset_id(stored)
            if asset_id:
                builder.hold(component, asset_id)
        if flag(asset.get("out_of_scope")):
            why = label(asset.get("justification_out_of_scope"))
            builder.report.note(
                f"{builder.describe(component)} is out of scope in the source" + (f": {why}" if why else "")
            )
        if flag(asset.get("internet")):
            internet = _mark_internet(builder, component, internet)


def _mark_internet(builder: DesignBuilder, component: str, internet: str | None) -> str | None:
    """``internet: true``: internet-facing where the kind has that property, else the Internet zone."""
    draft = builder.components[component]
    if builder.property_applies(component, "internet_facing") or draft.boundary is not None:
        builder.component_property(component, "internet_facing", True, "internet: true")
        return internet
    if internet is None:
        internet = builder.add_boundary(
            "internet", "Internet", "", zone=Choice("PUBLIC", "added for assets marked internet: true")
        )
        builder.report.note(
            'added boundary "Internet" (PUBLIC) for assets marked internet: true outside any trust boundary'
        )
    draft.boundary = internet
    builder.report.map_property(
        builder.describe(component), "placed in boundary Internet (PUBLIC)", "internet: true"
    )
    return internet


def _add_links(payload: dict[str, Any], builder: DesignBuilder) -> None:
    for title, asset in _section(payload, "technical_assets"):
        source = text(asset.get("id")) or title
        for link_title, link in mapping(asset.get("communication_links")).items():
            if not isinstance(link, dict):
                continue
            protocol = label(link.get("protocol"), 80)
            received = strings(link.get("data_assets_received"))
            flow = builder.add_flow(
                sanitise_id(f"{source}:{link_title}", "link"),  # links have titles, not IDs
                source,
                text(link.get("target")) or None,
                label(link_title),
                what="communication link",
                protocol=protocol,
                bidirectional=bool(received),
            )
            if flow is None:
                continue
            for data in [*strings(link.get("data_assets_sent")), *received]:
                asset_id = builder.asset_id(data)
                if asset_id:
                    builder.carry(flow, asset_id)
            keyword = builder.mapper.encrypted_protocol(protocol)
            if keyword:
                builder.control(flow, "enc_in_transit", f"protocol {protocol}")
            elif flag(link.get("vpn")):
                builder.control(flow, "enc_in_transit", "vpn: true")
            for field, control in (("authentication", "authn"), ("authorization", "authz")):
                value = text(link.get(field)).strip().lower()
                if value and value != "none":
                    builder.control(flow, control, f"{field}: {value}")


def _add_risks(payload: dict[str, Any], builder: DesignBuilder) -> None:
    for category_title, category in _section(payload, "individual_risk_categories"):
        for risk_title, risk in mapping(category.get("risks_identified")).items():
            entry = mapping(risk)
            severity = label(entry.get("severity"))
            note = (f"[{severity}] " if severity else "") + f"{label(category_title)}: {label(risk_title)}"
            target = text(entry.get("most_relevant_technical_asset"))
            component = builder.component_id(target) if target else None
            if component:
                builder.threat(component, note)
            else:
                builder.report.threats.append(f"(not attached to a component) {note}")
        if not mapping(category.get("risks_identified")):
            builder.report.note(f'risk category "{label(category_title)}" has no identified risks')
