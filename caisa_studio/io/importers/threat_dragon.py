"""OWASP Threat Dragon models, v1 (``diagramJson.cells``, JointJS) and v2 (``cells``, X6).

Each diagram is a design. Actors, processes and stores become components; flows with both ends on an
element become flows (a flow with a loose end is dropped and reported); box boundaries become trust
boundaries, curve boundaries (lines) are reported with the flows that cross them; text blocks are
annotations and are dropped. Real files deviate from the schema (null dash arrays, misspelt shape names,
scores as text or numbers, sizes as strings): cells are classified by ``data.type`` first, then by a
tolerant reading of the shape name, and every value is read leniently.
"""

from __future__ import annotations

from typing import Any

from caisa_studio.io.errors import DesignFileError
from caisa_studio.io.importers.builder import DesignBuilder
from caisa_studio.io.importers.drafts import DesignText
from caisa_studio.io.importers.geometry import Point, Rect
from caisa_studio.io.importers.kind_mapping import Shape
from caisa_studio.io.importers.values import flag, items, label, mapping, number, text

FORMAT_NAME = "OWASP Threat Dragon"
_NODE_SHAPES: dict[str, Shape] = {"actor": "actor", "process": "process", "store": "store"}
_DEFAULT_SIZE = (160.0, 80.0)


def format_name(payload: dict[str, Any]) -> str:
    version = text(payload.get("version"))
    return f"{FORMAT_NAME} v2 ({version})" if version else f"{FORMAT_NAME} v1"


def _diagrams(payload: dict[str, Any], source: str) -> list[dict[str, Any]]:
    detail = payload.get("detail")
    if not isinstance(detail, dict):
        raise DesignFileError(source, "a Threat Dragon model needs a 'detail' object", "detail")
    diagrams = detail.get("diagrams")
    if not isinstance(diagrams, list):
        raise DesignFileError(source, "'diagrams' must be a list", "detail.diagrams")
    for index, diagram in enumerate(diagrams):
        if not isinstance(diagram, dict):
            raise DesignFileError(source, "each diagram must be an object", f"detail.diagrams[{index}]")
    if not diagrams:
        raise DesignFileError(source, "the model has no diagrams", "detail.diagrams")
    return diagrams


def diagram_titles(payload: dict[str, Any], source: str) -> list[str]:
    return [label(d.get("title")) or f"Diagram {i + 1}" for i, d in enumerate(_diagrams(payload, source))]


def _cells(diagram: dict[str, Any]) -> list[dict[str, Any]]:
    cells = diagram.get("cells") if "cells" in diagram else mapping(diagram.get("diagramJson")).get("cells")
    return [cell for cell in items(cells) if isinstance(cell, dict)]


def cell_role(cell: dict[str, Any]) -> str:
    """actor, process, store, flow, box, line, text or unknown — tolerant of misspelt shape names."""
    declared = (text(mapping(cell.get("data")).get("type")) or text(cell.get("type"))).lower()
    declared = declared.removeprefix("tm.")
    shape = text(cell.get("shape")).lower()
    for candidate in (declared, shape):
        if not candidate:
            continue
        if "bound" in candidate or "broundary" in candidate:
            return "box" if "box" in candidate else "line"
        for role in ("actor", "process", "store", "flow", "text"):
            if role in candidate:
                return role
    return "unknown"


def _facts(cell: dict[str, Any]) -> dict[str, Any]:
    """Element properties: v1 keeps them on the cell, v2 under ``data``; v2 wins where both exist."""
    return {**cell, **mapping(cell.get("data"))}


def _name(cell: dict[str, Any], facts: dict[str, Any]) -> str:
    name = label(facts.get("name"))
    if name:
        return name
    attrs_text = label(mapping(mapping(mapping(cell.get("attrs")).get("text"))).get("text"))
    if attrs_text:
        return attrs_text
    for entry in items(cell.get("labels")):
        attrs = mapping(mapping(entry).get("attrs"))
        found = label(mapping(attrs.get("text")).get("text")) or label(
            mapping(attrs.get("labelText")).get("text")
        )
        if found:
            return found
    return ""


def _box(cell: dict[str, Any]) -> Rect | None:
    position, size = mapping(cell.get("position")), mapping(cell.get("size"))
    x, y = number(position.get("x")), number(position.get("y"))
    if x is None or y is None:
        return None
    width = number(size.get("width")) or _DEFAULT_SIZE[0]
    height = number(size.get("height")) or _DEFAULT_SIZE[1]
    return (x, y, abs(width), abs(height))


def _point(value: Any) -> Point | None:
    end = mapping(value)
    x, y = number(end.get("x")), number(end.get("y"))
    return (x, y) if x is not None and y is not None else None


def _end(value: Any) -> str | None:
    """The element an end is attached to: ``{"cell": id}`` (v2) or ``{"id": id}`` (v1); else ``None``."""
    end = mapping(value)
    attached = text(end.get("cell")) or text(end.get("id"))
    return attached or None


def _threat_note(threat: dict[str, Any]) -> str:
    title = label(threat.get("title")) or "Untitled threat"
    status = ", ".join(p for p in (label(threat.get("status")), label(threat.get("severity"))) if p)
    kind = label(threat.get("type"))
    note = f"[{status}] {title}" if status else title
    return f"{note} ({kind})" if kind else note


def build_diagram(payload: dict[str, Any], index: int, builder: DesignBuilder) -> DesignText:
    diagrams = _diagrams(payload, builder.report.source)
    diagram = diagrams[index]
    cells = _cells(diagram)
    roles = [(cell, cell_role(cell)) for cell in cells]
    for position, (cell, role) in enumerate(roles):
        cell_id = text(cell.get("id")) or f"cell-{position + 1}"
        if role == "box":
            facts = _facts(cell)
            builder.add_boundary(cell_id, _name(cell, facts), "box boundary", rect=_box(cell))
        elif role in _NODE_SHAPES:
            _add_element(builder, cell, cell_id, _NODE_SHAPES[role])
        elif role == "text":
            builder.report.source_counts["text block"] += 1
            builder.report.drop(
                f'text block "{_name(cell, _facts(cell))[:60]}"', "annotations are not part of a design"
            )
        elif role == "unknown":
            builder.report.source_counts["unknown cell"] += 1
            shape = text(cell.get("shape")) or text(cell.get("type")) or "?"
            builder.report.drop(
                f"cell {cell_id} (shape {shape!r})", "not an element type Threat Dragon defines"
            )
    builder.contain_by_geometry()
    for position, (cell, role) in enumerate(roles):
        cell_id = text(cell.get("id")) or f"cell-{position + 1}"
        if role == "flow":
            _add_flow(builder, cell, cell_id)
        elif role == "line":
            points = [
                _point(cell.get("source")),
                *map(_point, items(cell.get("vertices"))),
                _point(cell.get("target")),
            ]
            name = _name(cell, _facts(cell)) or cell_id
            builder.add_line_boundary(name, [p for p in points if p], "line boundary")
    summary = mapping(payload.get("summary"))
    title = label(summary.get("title")) or label(diagram.get("title")) or "Imported Threat Dragon model"
    if len(diagrams) > 1:
        title = f"{title} — {label(diagram.get('title')) or f'diagram {index + 1}'}"
    parts = [text(summary.get("description")).strip(), text(diagram.get("description")).strip()]
    return DesignText(title, "\n\n".join(p for p in parts if p))


def _add_element(builder: DesignBuilder, cell: dict[str, Any], cell_id: str, shape: Shape) -> None:
    facts = _facts(cell)
    name = _name(cell, facts)
    component = builder.add_component(cell_id, name, shape, shape, box=_box(cell))
    if flag(facts.get("storesCredentials")):
        builder.hold(component, builder.credentials_asset())
        builder.report.map_property(builder.describe(component), "holds Credentials", "storesCredentials")
    if shape == "store" and flag(facts.get("isEncrypted")):
        builder.control(component, "enc_at_rest", "isEncrypted")
    if flag(facts.get("outOfScope")):
        reason = label(facts.get("reasonOutOfScope"))
        builder.report.note(
            f"{builder.describe(component)} is out of scope in the source" + (f": {reason}" if reason else "")
        )
    for threat in items(facts.get("threats")):
        if isinstance(threat, dict):
            builder.threat(component, _threat_note(threat))


def _add_flow(builder: DesignBuilder, cell: dict[str, Any], cell_id: str) -> None:
    facts = _facts(cell)
    protocol = label(facts.get("protocol"), 80)
    flow = builder.add_flow(
        cell_id,
        _end(cell.get("source")),
        _end(cell.get("target")),
        _name(cell, facts),
        protocol=protocol,
        bidirectional=flag(facts.get("isBidirectional")),
        vertices=[p for p in map(_point, items(cell.get("vertices"))) if p],
    )
    if flow is None:
        for threat in items(facts.get("threats")):
            if isinstance(threat, dict):
                builder.report.threats.append(f"(on a dropped flow) {_threat_note(threat)}")
        return
    if flag(facts.get("isEncrypted")):
        builder.control(flow, "enc_in_transit", "isEncrypted")
    elif builder.mapper.encrypted_protocol(protocol):
        builder.control(flow, "enc_in_transit", f'protocol "{protocol}"')
    if flag(facts.get("isPublicNetwork")):
        _mark_public(builder, flow)
    if flag(facts.get("outOfScope")):
        reason = label(facts.get("reasonOutOfScope"))
        builder.report.note(
            f"{builder.describe(flow)} is out of scope in the source" + (f": {reason}" if reason else "")
        )
    for threat in items(facts.get("threats")):
        if isinstance(threat, dict):
            builder.threat(flow, _threat_note(threat))


def _mark_public(builder: DesignBuilder, flow_id: str) -> None:
    """A flow over a public network makes its receiver internet-facing (its sender, for replies to people)."""
    flow = builder.flows[flow_id]
    target = builder.components[flow.target]
    receiver = flow.source if builder.catalog.has_capability(target.kind, "human") else flow.target
    builder.component_property(
        receiver, "internet_facing", True, f"isPublicNetwork on {builder.describe(flow_id)}"
    )
