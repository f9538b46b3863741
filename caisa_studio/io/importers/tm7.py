"""Microsoft Threat Modeling Tool ``.tm7`` files (WCF DataContract XML, root ``<ThreatModel>``).

Each drawing surface is a diagram. Under ``Borders`` live the stencils (processes ``GE.P``, external
interactors ``GE.EI``, data stores ``GE.DS``), border boundaries (``GE.TB.B``, rectangles) and free-text
annotations (``GE.A``, dropped). Under ``Lines`` live data flows (``GE.DF``) and line boundaries
(``GE.TB.L``, reported with the flows that cross them). Threat instances are kept as notes on their flow.
The XML was parsed by ``sources.parse_xml`` with DTDs forbidden, so no entity is ever expanded.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from xml.etree.ElementTree import Element

from caisa_studio.io.errors import DesignFileError
from caisa_studio.io.importers.builder import DesignBuilder
from caisa_studio.io.importers.drafts import DesignText
from caisa_studio.io.importers.geometry import Rect
from caisa_studio.io.importers.kind_mapping import Shape
from caisa_studio.io.importers.values import label, number

FORMAT_NAME = "Microsoft Threat Modeling Tool"
_NS_ARRAYS = "http://schemas.microsoft.com/2003/10/Serialization/Arrays"
_NS_KB = "http://schemas.datacontract.org/2004/07/ThreatModeling.KnowledgeBase"
_NS_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_NO_ELEMENT = "00000000-0000-0000-0000-000000000000"
_SHAPES: dict[str, tuple[Shape, str]] = {
    "GE.P": ("process", "process"),
    "GE.EI": ("external", "external interactor"),
    "GE.DS": ("store", "data store"),
}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(element: Element, name: str) -> Element | None:
    return next((c for c in element if _local(c.tag) == name), None)


def _children(element: Element | None, name: str) -> Iterator[Element]:
    if element is None:
        return iter(())
    return (c for c in element if _local(c.tag) == name)


def _text(element: Element | None, name: str) -> str:
    found = _child(element, name) if element is not None else None
    return (found.text or "").strip() if found is not None else ""


@dataclass(frozen=True)
class _Attribute:
    display: str
    value: str


def _attributes(element: Element) -> list[_Attribute]:
    """Display attributes in order; list attributes resolve ``SelectedIndex`` to the chosen text."""
    result: list[_Attribute] = []
    for entry in _children(_child(element, "Properties"), "anyType"):
        display = _text(entry, "DisplayName")
        value_element = _child(entry, "Value")
        if value_element is None or value_element.get(f"{{{_NS_XSI}}}nil") == "true":
            result.append(_Attribute(display, ""))
            continue
        options = [(o.text or "").strip() for o in value_element if _local(o.tag) == "string"]
        if options:
            index = number(_text(entry, "SelectedIndex"))
            chosen = options[int(index)] if index is not None and 0 <= index < len(options) else ""
            result.append(_Attribute(display, chosen))
        else:
            result.append(_Attribute(display, (value_element.text or "").strip()))
    return result


def _value(attributes: list[_Attribute], display: str) -> str:
    return next((a.value for a in attributes if a.display == display), "")


def _is_yes(attributes: list[_Attribute], display: str) -> bool:
    return _value(attributes, display).lower() in {"yes", "true"}


def format_name(payload: Element) -> str:
    return FORMAT_NAME


def _surfaces(payload: Element, source: str) -> list[Element]:
    surfaces = list(_children(_child(payload, "DrawingSurfaceList"), "DrawingSurfaceModel"))
    if not surfaces:
        raise DesignFileError(
            source, "the model has no diagrams (no DrawingSurfaceModel)", "DrawingSurfaceList"
        )
    return surfaces


def diagram_titles(payload: Element, source: str) -> list[str]:
    return [
        label(_value(_attributes(surface), "Name")) or f"Diagram {index + 1}"
        for index, surface in enumerate(_surfaces(payload, source))
    ]


def _entries(surface: Element, section: str) -> Iterator[tuple[str, Element]]:
    for pair in _children(_child(surface, section), "KeyValueOfguidanyType"):
        value = _child(pair, "Value")
        if value is not None:
            yield _text(pair, "Key") or _text(value, "Guid"), value


def _rect(value: Element) -> Rect | None:
    x, y = number(_text(value, "Left")), number(_text(value, "Top"))
    width, height = number(_text(value, "Width")), number(_text(value, "Height"))
    if x is None or y is None:
        return None
    return (x, y, abs(width or 100.0), abs(height or 100.0))


def _type_name(attributes: list[_Attribute], value: Element) -> str:
    """The stencil's type as the tool shows it: the first header attribute ("Browser Client")."""
    return attributes[0].display if attributes and not attributes[0].value else _text(value, "TypeId")


def build_diagram(payload: Element, index: int, builder: DesignBuilder) -> DesignText:
    surfaces = _surfaces(payload, builder.report.source)
    surface = surfaces[index]
    for guid, value in _entries(surface, "Borders"):
        generic = _text(value, "GenericTypeId")
        attributes = _attributes(value)
        name = label(_value(attributes, "Name"))
        if generic == "GE.TB.B":
            builder.add_boundary(
                guid, name, "border boundary", _type_name(attributes, value), rect=_rect(value)
            )
        elif generic == "GE.A":
            builder.report.source_counts["annotation"] += 1
            builder.report.drop(f'annotation "{name[:60]}"', "free-text annotations are not part of a design")
        else:
            _add_stencil(builder, guid, value, generic, attributes, name)
    builder.contain_by_geometry()
    for guid, value in _entries(surface, "Lines"):
        generic = _text(value, "GenericTypeId")
        attributes = _attributes(value)
        name = label(_value(attributes, "Name"))
        if generic == "GE.TB.L":
            points = [
                (number(_text(value, "SourceX")), number(_text(value, "SourceY"))),
                (number(_text(value, "HandleX")), number(_text(value, "HandleY"))),
                (number(_text(value, "TargetX")), number(_text(value, "TargetY"))),
            ]
            clean = [(x, y) for x, y in points if x is not None and y is not None]
            builder.add_line_boundary(name or guid, clean, "line boundary")
        else:
            _add_connector(builder, guid, value, generic, attributes, name)
    _add_threats(payload, surface, builder)
    meta = _child(payload, "MetaInformation")
    titles = diagram_titles(payload, builder.report.source)
    title = label(_text(meta, "ThreatModelName")) if meta is not None else ""
    title = title or titles[index]
    if len(surfaces) > 1 and title != titles[index]:
        title = f"{title} — {titles[index]}"
    description = _text(meta, "HighLevelSystemDescription") if meta is not None else ""
    return DesignText(title, description)


def _add_stencil(
    builder: DesignBuilder, guid: str, value: Element, generic: str, attributes: list[_Attribute], name: str
) -> None:
    shape, what = _SHAPES.get(generic, ("unknown", f"stencil {generic or '?'}"))
    type_name = _type_name(attributes, value)
    if shape == "external" and _value(attributes, "Type") == "Human":
        shape = "actor"
    component = builder.add_component(guid, name, shape, what, foreign_type=type_name, box=_rect(value))
    if _is_yes(attributes, "Stores Credentials"):
        builder.hold(component, builder.credentials_asset())
        builder.report.map_property(
            builder.describe(component), "holds Credentials", "Stores Credentials = Yes"
        )
    if _is_yes(attributes, "Encrypted"):
        builder.control(component, "enc_at_rest", "Encrypted = Yes")
    if _is_yes(attributes, "Implements or Uses an Authentication Mechanism"):
        builder.control(component, "authn", "Implements or Uses an Authentication Mechanism = Yes")
    if _is_yes(attributes, "Implements or Uses an Authorization Mechanism"):
        builder.control(component, "authz", "Implements or Uses an Authorization Mechanism = Yes")
    if _is_yes(attributes, "Sanitizes Input"):
        builder.control(component, "input_filter", "Sanitizes Input = Yes")
    if _is_yes(attributes, "Out Of Scope"):
        builder.report.note(f"{builder.describe(component)} is out of scope in the source")


def _add_connector(
    builder: DesignBuilder, guid: str, value: Element, generic: str, attributes: list[_Attribute], name: str
) -> None:
    type_name = _type_name(attributes, value)
    source, target = _text(value, "SourceGuid"), _text(value, "TargetGuid")
    handle = (number(_text(value, "HandleX")), number(_text(value, "HandleY")))
    flow = builder.add_flow(
        guid,
        source if source != _NO_ELEMENT else None,
        target if target != _NO_ELEMENT else None,
        name,
        what="data flow" if generic == "GE.DF" else f"connector {generic or '?'}",
        protocol=type_name if type_name not in ("Generic Data Flow", "") else "",
        vertices=[(handle[0], handle[1])] if handle[0] is not None and handle[1] is not None else [],
    )
    if flow is None:
        return
    keyword = builder.mapper.encrypted_protocol(type_name)
    if _is_yes(attributes, "Provides Confidentiality"):
        builder.control(flow, "enc_in_transit", "Provides Confidentiality = Yes")
    elif keyword:
        builder.control(flow, "enc_in_transit", f'flow type "{type_name}"')
    if _is_yes(attributes, "Source Authenticated"):
        builder.control(flow, "authn", "Source Authenticated = Yes")


def _add_threats(payload: Element, surface: Element, builder: DesignBuilder) -> None:
    surface_guid = _text(surface, "Guid")
    for pair in _children(_child(payload, "ThreatInstances"), "KeyValueOfstringThreatpc_P0_PhOB"):
        threat = _child(pair, "Value")
        if threat is None or _text(threat, "DrawingSurfaceGuid") not in ("", surface_guid):
            continue
        properties = {
            _text(entry, "Key"): _text(entry, "Value")
            for entry in _children(_child(threat, "Properties"), "KeyValueOfstringstring")
        }
        title = label(properties.get("Title")) or label(_text(threat, "Title")) or "Untitled threat"
        state = ", ".join(p for p in (_text(threat, "State"), _text(threat, "Priority")) if p)
        category = label(properties.get("UserThreatCategory"))
        note = (f"[{state}] " if state else "") + title + (f" ({category})" if category else "")
        flow = builder.flow_id(_text(threat, "FlowGuid"))
        if flow is None:
            builder.report.threats.append(f"(flow not imported) {note}")
        else:
            builder.threat(flow, note)
