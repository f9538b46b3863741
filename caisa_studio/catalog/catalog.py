"""The knowledge catalog: component kinds, capabilities, properties, controls and frameworks.

Loaded from validated YAML data files; cross-references between the files are checked at load time
so that a typo in one file is reported with the file and the path, never discovered by a rule later.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from caisa_studio.catalog.error_paths import first_problem
from caisa_studio.catalog.resources import catalog_dir
from caisa_studio.catalog.safe_yaml import YamlDataError, load_yaml_file
from caisa_studio.catalog.schema import (
    AppliesTo,
    CapabilitiesFile,
    CatalogFiles,
    ClassificationsFile,
    ControlsFile,
    ControlSpec,
    FrameworkFile,
    FrameworkItem,
    KindsFile,
    KindSpec,
    PropertiesFile,
    PropertySpec,
)

_File = TypeVar("_File", bound=BaseModel)

# The catalog's files besides ``frameworks/*.yaml``: which CatalogFiles field each one fills.
# Both the reader and the cache key are driven by this table, so neither can miss a file.
CORE_FILES = {
    "kinds.yaml": "kinds",
    "capabilities.yaml": "capabilities",
    "properties.yaml": "properties",
    "controls.yaml": "controls",
    "classifications.yaml": "classifications",
}


class CatalogError(ValueError):
    """A catalog file is broken; the message names the file, the JSON path and the problem."""


def load_data_file(path: Path, shape: type[_File]) -> _File:
    """Parse one YAML data file into its pydantic shape, or raise ``CatalogError`` naming the spot."""
    try:
        raw = load_yaml_file(path)
    except YamlDataError as error:
        raise CatalogError(str(error)) from None
    try:
        return shape.model_validate(raw)
    except ValidationError as error:
        where, message = first_problem(error)
        raise CatalogError(f"{path}: {where}: {message}") from None


@dataclass(frozen=True)
class Catalog:
    """Everything the studio knows, indexed by ID. Immutable once loaded."""

    kinds: dict[str, KindSpec]
    categories: dict[str, str]
    capabilities: dict[str, str]
    component_properties: dict[str, PropertySpec]
    flow_properties: dict[str, PropertySpec]
    controls: dict[str, ControlSpec]
    classifications: ClassificationsFile
    frameworks: dict[str, FrameworkFile]
    _framework_ids: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    _sensitive_tags: frozenset[str] = field(default_factory=frozenset, repr=False)

    def kind(self, kind_id: str) -> KindSpec | None:
        return self.kinds.get(kind_id)

    def has_capability(self, kind_id: str, capability: str) -> bool:
        spec = self.kinds.get(kind_id)
        return spec is not None and capability in spec.capabilities

    def sensitive_tags(self) -> frozenset[str]:
        return self._sensitive_tags

    def framework_item(self, framework: str, item_id: str) -> FrameworkItem | None:
        spec = self.frameworks.get(framework)
        if spec is None:
            return None
        return next((item for item in spec.items if item.id == item_id), None)

    def has_reference(self, framework: str, item_id: str) -> bool:
        return item_id in self._framework_ids.get(framework, frozenset())

    def control_applies(self, control_id: str, kind_id: str) -> bool:
        control = self.controls.get(control_id)
        return control is not None and _applies(control.applies_to, self.kinds.get(kind_id))

    def controls_for_kind(self, kind_id: str) -> list[ControlSpec]:
        spec = self.kinds.get(kind_id)
        return [c for c in self.controls.values() if _applies(c.applies_to, spec)]

    def controls_for_flows(self) -> list[ControlSpec]:
        return [c for c in self.controls.values() if c.applies_to.flows]

    def controls_for_boundaries(self) -> list[ControlSpec]:
        return [c for c in self.controls.values() if c.applies_to.boundaries]


def _applies(applies_to: AppliesTo, kind: KindSpec | None) -> bool:
    if kind is None:
        return False
    if applies_to.all or kind.id in applies_to.kinds:
        return True
    return any(capability in kind.capabilities for capability in applies_to.capabilities)


def load_catalog(directory: Path | None = None) -> Catalog:
    """Load and cross-check every catalog file in ``directory`` (default: the shipped catalog).

    Always reads the YAML files themselves (``caisa catalog check`` relies on that); the studio and
    the CLI use ``default_catalog``, which reads the same files through the parse cache.
    """
    folder = directory or catalog_dir()
    return assemble_catalog(folder, read_catalog_files(folder))


@cache
def default_catalog() -> Catalog:
    """The shipped catalog, loaded once per process (it is immutable).

    Read through the validated-JSON cache (``caisa_studio.catalog.cache``): the YAML is parsed only
    when a catalog file, the schema or the version changed since the last start.
    """
    from caisa_studio.catalog.cache import cached_catalog_files

    folder = catalog_dir()
    return assemble_catalog(folder, cached_catalog_files(folder, read_catalog_files))


def catalog_file_paths(folder: Path) -> list[Path]:
    """The files a catalog consists of, in load order (the cache key covers exactly these)."""
    return [folder / name for name in CORE_FILES] + framework_file_paths(folder)


def framework_file_paths(folder: Path) -> list[Path]:
    return sorted((folder / "frameworks").glob("*.yaml"))


def read_catalog_files(folder: Path) -> CatalogFiles:
    """Parse and validate every catalog file in ``folder`` (strict YAML, then the pydantic shapes)."""
    fields = CatalogFiles.model_fields
    core = {
        field: load_data_file(folder / name, fields[field].annotation)  # type: ignore[arg-type]
        for name, field in CORE_FILES.items()
    }
    frameworks = {path.name: load_data_file(path, FrameworkFile) for path in framework_file_paths(folder)}
    return CatalogFiles(**core, frameworks=frameworks)


def assemble_catalog(folder: Path, files: CatalogFiles) -> Catalog:
    """Cross-check validated files against each other and index them (``folder`` names errors)."""
    frameworks: dict[str, FrameworkFile] = {}
    for name, framework in files.frameworks.items():
        path = folder / "frameworks" / name
        if framework.framework in frameworks:
            raise CatalogError(f"{path}: framework {framework.framework!r} is defined twice")
        _require_unique(path, "items", [item.id for item in framework.items])
        frameworks[framework.framework] = framework
    kinds_file, controls_file, classifications = files.kinds, files.controls, files.classifications
    _cross_check(folder, kinds_file, files.capabilities, files.properties, controls_file, classifications)
    return Catalog(
        kinds={k.id: k for k in kinds_file.kinds},
        categories={c.id: c.name for c in kinds_file.categories},
        capabilities={c.id: c.description for c in files.capabilities.capabilities},
        component_properties={p.id: p for p in files.properties.component_properties},
        flow_properties={p.id: p for p in files.properties.flow_properties},
        controls={c.id: c for c in controls_file.controls},
        classifications=classifications,
        frameworks=frameworks,
        _framework_ids={key: frozenset(i.id for i in f.items) for key, f in frameworks.items()},
        _sensitive_tags=frozenset(t.id for t in classifications.data_tags if t.sensitive),
    )


def _require_unique(path: Path, where: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for position, item_id in enumerate(ids):
        if item_id in seen:
            raise CatalogError(f"{path}: {where}[{position}].id: duplicate id {item_id!r}")
        seen.add(item_id)


def _require_known(path: Path, where: str, values: list[str], known: set[str], what: str) -> None:
    for position, value in enumerate(values):
        if value not in known:
            raise CatalogError(f"{path}: {where}[{position}]: unknown {what} {value!r}")


def _cross_check(
    folder: Path,
    kinds: KindsFile,
    capabilities: CapabilitiesFile,
    properties: PropertiesFile,
    controls: ControlsFile,
    classifications: ClassificationsFile,
) -> None:
    kinds_path = folder / "kinds.yaml"
    _require_unique(kinds_path, "kinds", [k.id for k in kinds.kinds])
    _require_unique(kinds_path, "categories", [c.id for c in kinds.categories])
    _require_unique(folder / "controls.yaml", "controls", [c.id for c in controls.controls])
    _require_unique(folder / "capabilities.yaml", "capabilities", [c.id for c in capabilities.capabilities])
    category_ids = {c.id for c in kinds.categories}
    capability_ids = {c.id for c in capabilities.capabilities}
    property_ids = {p.id for p in properties.component_properties}
    tag_ids = {t.id for t in classifications.data_tags}
    kind_ids = {k.id for k in kinds.kinds}
    for index, kind in enumerate(kinds.kinds):
        where = f"kinds[{index}]"
        _require_known(kinds_path, f"{where}.category", [kind.category], category_ids, "category")
        _require_known(kinds_path, f"{where}.capabilities", kind.capabilities, capability_ids, "capability")
        _require_known(kinds_path, f"{where}.properties", kind.properties, property_ids, "property")
        if kind.typical_data:
            _require_known(kinds_path, f"{where}.typical_data.tags", kind.typical_data.tags, tag_ids, "tag")
    for index, control in enumerate(controls.controls):
        where = f"controls[{index}].applies_to"
        _check_applies_to(folder / "controls.yaml", where, control.applies_to, kind_ids, capability_ids)
    for group in ("component_properties", "flow_properties"):
        for index, spec in enumerate(getattr(properties, group)):
            where = f"{group}[{index}].applies_to"
            _check_applies_to(folder / "properties.yaml", where, spec.applies_to, kind_ids, capability_ids)


def _check_applies_to(
    path: Path, where: str, applies_to: AppliesTo, kind_ids: set[str], capability_ids: set[str]
) -> None:
    _require_known(path, f"{where}.kinds", applies_to.kinds, kind_ids, "kind")
    _require_known(path, f"{where}.capabilities", applies_to.capabilities, capability_ids, "capability")
