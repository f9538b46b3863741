"""Loading reference architectures: strict YAML, schema, cross-checks against the catalog, templates."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from pydantic import ValidationError

from caisa_studio.catalog import Catalog, CatalogError, default_catalog
from caisa_studio.catalog.error_paths import first_problem
from caisa_studio.catalog.resources import reference_architectures_dir
from caisa_studio.catalog.safe_yaml import YamlDataError, load_yaml_file
from caisa_studio.io import DesignFileError, loads_design
from caisa_studio.model import Design, DesignDocument
from caisa_studio.reference.edit_ops import to_edit
from caisa_studio.reference.schema import CapabilitySelector, KindSelector, ReferenceArchitecture


class ReferenceError(CatalogError):
    """A broken reference architecture file; the message names the file and the spot."""


def load_reference(path: Path, catalog: Catalog | None = None) -> ReferenceArchitecture:
    catalog = catalog or default_catalog()
    try:
        raw = load_yaml_file(path)
    except YamlDataError as error:
        raise ReferenceError(str(error)) from None
    try:
        reference = ReferenceArchitecture.model_validate(raw)
    except ValidationError as error:
        where, message = first_problem(error)
        raise ReferenceError(f"{path}: {where}: {message}") from None
    _cross_check(path, reference, catalog)
    try:
        template = template_design(reference, catalog, source=f"{path} (template)")
        exercise_design(reference, catalog, template)
    except (DesignFileError, ValueError) as error:
        raise ReferenceError(f"{path}: {error}") from None
    return reference


def _cross_check(path: Path, reference: ReferenceArchitecture, catalog: Catalog) -> None:
    roles = {role.id for role in reference.roles}
    if len(roles) != len(reference.roles):
        raise ReferenceError(f"{path}: roles: role ids must be unique")
    for index, role in enumerate(reference.roles):
        where = f"{path}: roles[{index}]"
        selector = role.select
        if isinstance(selector, KindSelector):
            unknown = [k for k in selector.kinds if catalog.kind(k) is None]
            if unknown:
                raise ReferenceError(f"{where}.select.kinds: unknown kind(s) {', '.join(unknown)}")
        elif isinstance(selector, CapabilitySelector) and selector.capability not in catalog.capabilities:
            raise ReferenceError(f"{where}.select.capability: unknown capability {selector.capability!r}")
        unknown_controls = [c for c in role.controls if c not in catalog.controls]
        if unknown_controls:
            raise ReferenceError(f"{where}.controls: unknown control(s) {', '.join(unknown_controls)}")
    for group in ("required_flows", "forbidden_flows"):
        for index, flow in enumerate(getattr(reference, group)):
            for role_id in (flow.source, flow.target, *getattr(flow, "through", [])):
                if role_id not in roles:
                    raise ReferenceError(f"{path}: {group}[{index}]: unknown role {role_id!r}")


def template_design(
    reference: ReferenceArchitecture, catalog: Catalog | None = None, source: str = ""
) -> Design:
    """A fresh copy of the reference's template design."""
    text = json.dumps({"schema_version": 1, **reference.template})
    return loads_design(text, source=source or f"{reference.id} template", catalog=catalog)


def exercise_design(
    reference: ReferenceArchitecture, catalog: Catalog | None = None, template: Design | None = None
) -> Design:
    """The template with every listed gap applied: the flawed copy students start from."""
    document = DesignDocument(template or template_design(reference, catalog))
    for gap in reference.exercise.gaps:
        for op in gap.edits:
            document.apply(to_edit(document.design, op))
    return document.design


@cache
def shipped_references() -> dict[str, ReferenceArchitecture]:
    """Every reference in ``reference_architectures/``, by ID (loaded once per process)."""
    found: dict[str, ReferenceArchitecture] = {}
    folder = reference_architectures_dir()
    for path in sorted(folder.glob("RA-*.yaml")):
        reference = load_reference(path)
        if path.stem != reference.id:
            raise ReferenceError(f"{path}: file name must be {reference.id}.yaml")
        found[reference.id] = reference
    return found


def reference_by_id(reference_id: str) -> ReferenceArchitecture | None:
    return shipped_references().get(reference_id)
