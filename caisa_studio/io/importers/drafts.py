"""Mutable drafts of design elements, filled by the importers and frozen into the model by the builder.

The model's elements are immutable and validated as a whole; an import discovers facts about an element
bit by bit (its kind, then a control from a flag, then its boundary from the drawing), so it collects
them here first.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from caisa_studio.io.importers.geometry import Point, Rect
from caisa_studio.io.importers.kind_mapping import Choice
from caisa_studio.model import ControlState
from caisa_studio.model.elements import PropertyValue

MAX_THREAT_TEXT = 240
THREATS_PROPERTY = "imported_threats"
PARENT_PROPERTY = "imported_parent"
TAGS_PROPERTY = "imported_tags"
NAME_PROPERTY = "imported_name"  # CAISA flows have no name; the source's flow label is kept here


@dataclass
class ComponentDraft:
    id: str
    name: str
    kind: str
    what: str
    boundary: str | None = None
    box: Rect | None = None
    properties: dict[str, PropertyValue] = field(default_factory=dict)
    controls: dict[str, ControlState] = field(default_factory=dict)
    holds: list[str] = field(default_factory=list)


@dataclass
class FlowDraft:
    id: str
    source: str
    target: str
    name: str
    protocol: str = ""
    bidirectional: bool = False
    vertices: list[Point] = field(default_factory=list)
    carries: list[str] = field(default_factory=list)
    properties: dict[str, PropertyValue] = field(default_factory=dict)
    controls: dict[str, ControlState] = field(default_factory=dict)


@dataclass
class BoundaryDraft:
    id: str
    name: str
    foreign_type: str
    zone: Choice | None
    rect: Rect | None = None
    parent: str | None = None
    controls: dict[str, ControlState] = field(default_factory=dict)


@dataclass
class LineBoundary:
    name: str
    points: list[Point]


@dataclass(frozen=True)
class DesignText:
    """What an importer read about the design as a whole (the builder does the elements)."""

    title: str
    description: str = ""
    id_hint: str = ""
