"""Pydantic shapes of the catalog data files (``resources/catalog/*.yaml``).

``extra="forbid"`` everywhere: a misspelt key in a data file is an error, not a silent default.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from caisa_studio.model.enums import Classification, Zone

SnakeId = str


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CapabilitySpec(_Strict):
    id: SnakeId = Field(pattern=r"^[a-z][a-z0-9_]*$")
    description: str = Field(min_length=1)


class CategorySpec(_Strict):
    id: SnakeId = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1)


class TypicalData(_Strict):
    classification: Classification
    tags: list[str] = Field(default_factory=list)


class KindSpec(_Strict):
    id: SnakeId = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1)
    category: str
    description: str = Field(min_length=1)
    default_zone: Zone
    capabilities: list[str] = Field(default_factory=list)
    typical_assets: list[str] = Field(default_factory=list)
    typical_data: TypicalData | None = None
    properties: list[str] = Field(default_factory=list)
    cosai: list[str] = Field(default_factory=list)
    dasf: list[str] = Field(default_factory=list)


class KindsFile(_Strict):
    categories: list[CategorySpec]
    kinds: list[KindSpec]


class CapabilitiesFile(_Strict):
    capabilities: list[CapabilitySpec]


class AppliesTo(_Strict):
    """Where a property or control can be set: by kind, by capability, or everywhere."""

    all: bool = False
    kinds: list[str] = Field(default_factory=list)
    capabilities: list[str] = Field(default_factory=list)
    flows: bool = False
    boundaries: bool = False


PropertyType = Literal["bool", "enum", "set", "text"]


class PropertySpec(_Strict):
    id: SnakeId = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1)
    type: PropertyType
    description: str = Field(min_length=1)
    default: bool | str | list[str] | None = None
    values: list[str] = Field(default_factory=list)
    applies_to: AppliesTo = Field(default_factory=AppliesTo)


class PropertiesFile(_Strict):
    component_properties: list[PropertySpec]
    flow_properties: list[PropertySpec]


class ControlMaps(_Strict):
    atlas: list[str] = Field(default_factory=list)
    cosai: list[str] = Field(default_factory=list)


class ControlSpec(_Strict):
    id: SnakeId = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1)
    description: str = Field(min_length=1)
    applies_to: AppliesTo
    maps: ControlMaps = Field(default_factory=ControlMaps)


class ControlsFile(_Strict):
    controls: list[ControlSpec]


class ZoneSpec(_Strict):
    id: Zone
    name: str
    level: int = Field(ge=0, le=9)
    description: str
    colour: str = Field(pattern=r"^#[0-9A-Fa-f]{6}$")


class ClassificationSpec(_Strict):
    id: Classification
    name: str
    level: int = Field(ge=0, le=9)
    description: str


class DataTagSpec(_Strict):
    id: SnakeId = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    sensitive: bool = False
    description: str


class ClassificationsFile(_Strict):
    zones: list[ZoneSpec]
    classifications: list[ClassificationSpec]
    data_tags: list[DataTagSpec]


class FrameworkItem(_Strict):
    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    type: str = "item"
    parent: str | None = None
    url: str | None = None
    aliases: list[str] = Field(default_factory=list)
    tactics: list[str] = Field(default_factory=list)
    addresses: list[str] = Field(default_factory=list)


class FrameworkFile(_Strict):
    framework: str = Field(pattern=r"^[a-z][a-z0-9\-]*$")
    name: str
    version: str
    publisher: str
    licence: str
    attribution: str
    url: str
    item_url: str = ""
    items: list[FrameworkItem]


class CatalogFiles(_Strict):
    """Every catalog data file, validated: what ``load_catalog`` assembles (and what its cache holds)."""

    kinds: KindsFile
    capabilities: CapabilitiesFile
    properties: PropertiesFile
    controls: ControlsFile
    classifications: ClassificationsFile
    frameworks: dict[str, FrameworkFile]  # by file name in ``frameworks/``, in name order
