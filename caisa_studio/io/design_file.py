"""Reading and writing ``*.caisa.json`` design files (the shape is a contract; see the README).

Reading is defensive: any problem raises ``DesignFileError`` naming the file and the JSON path.
Writing is deterministic (stable key order, lists sorted by ID) and atomic.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from caisa_studio.catalog import Catalog, default_catalog
from caisa_studio.catalog.error_paths import first_problem
from caisa_studio.io.atomic import write_atomically
from caisa_studio.io.design_checks import ELEMENT_TABLES, reference_problems, structural_problems
from caisa_studio.io.errors import DesignFileError
from caisa_studio.io.json_text import dumps_stable
from caisa_studio.io.strict_json import decode_utf8, parse_strict_json
from caisa_studio.model import SCHEMA_VERSION, Design

MAX_DESIGN_BYTES = 64 * 1024 * 1024
DESIGN_SUFFIX = ".caisa.json"

Migration = Callable[[dict[str, Any]], dict[str, Any]]
# Upgrades from schema version N to N+1, applied in order on load.
MIGRATIONS: dict[int, Migration] = {}


def load_design(path: str | Path, catalog: Catalog | None = None) -> Design:
    """Read a design file; raise ``DesignFileError`` (file untouched) if anything is wrong."""
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > MAX_DESIGN_BYTES:
            limit = f"{MAX_DESIGN_BYTES:,}"
            raise DesignFileError(file, f"file is too large ({size:,} bytes; the limit is {limit})")
        data = file.read_bytes()
    except IsADirectoryError:
        raise DesignFileError(file, "is a folder, not a design file") from None
    except FileNotFoundError:
        raise DesignFileError(file, "no such file") from None
    except OSError as error:
        raise DesignFileError(file, f"cannot be read ({error.strerror})") from None
    return loads_design(data, source=str(file), catalog=catalog)


def loads_design(data: bytes | str, source: str = "<design>", catalog: Catalog | None = None) -> Design:
    """Parse design JSON text; the same checks as ``load_design``."""
    raw = _parse_json(data, source)
    raw = _upgrade(raw, source)
    for where, problem in structural_problems(raw):
        raise DesignFileError(source, problem, where)
    try:
        design = Design.model_validate(raw)
    except ValidationError as error:
        where, problem = first_problem(error)
        raise DesignFileError(source, problem, _file_path(where, raw)) from None
    for where, problem in reference_problems(design, catalog or default_catalog()):
        raise DesignFileError(source, problem, where)
    return design


def dumps_design(design: Design) -> str:
    """The canonical file text: stable key order, lists sorted by ID, UTF-8, trailing newline."""
    return dumps_stable(design.model_dump(mode="json"))


def save_design(design: Design, path: str | Path) -> None:
    """Write atomically: on any failure the previous file is left exactly as it was."""
    write_atomically(Path(path), dumps_design(design).encode("utf-8"))


def _parse_json(data: bytes | str, source: str) -> dict[str, Any]:
    text = decode_utf8(data, source) if isinstance(data, bytes) else data
    raw = parse_strict_json(text, source)
    if not isinstance(raw, dict):
        raise DesignFileError(source, f"the top level must be a JSON object, not {type(raw).__name__}")
    return raw


def _upgrade(raw: dict[str, Any], source: str) -> dict[str, Any]:
    version = raw.get("schema_version")
    if version is None:
        raise DesignFileError(source, "not a CAISA design: 'schema_version' is missing", "schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise DesignFileError(source, f"unsupported schema version {version!r}", "schema_version")
    if version > SCHEMA_VERSION:
        raise DesignFileError(
            source,
            f"was written by a newer CAISA Studio (schema version {version}); "
            f"this version reads up to {SCHEMA_VERSION} — please update",
            "schema_version",
        )
    while version < SCHEMA_VERSION:
        raw = MIGRATIONS[version](raw)
        version += 1
        raw["schema_version"] = version
    return raw


def _file_path(where: str, raw: dict[str, Any]) -> str:
    """Map ``components.<id>.kind`` (in-memory keys) back to ``components[3].kind`` (file positions).

    IDs may contain dots, so the ID is matched against the file's items rather than split off.
    """
    table, _, rest = where.partition(".")
    if table not in ELEMENT_TABLES or not rest:
        return where
    for position, item in enumerate(raw.get(table, [])):
        element_id = item.get("id") if isinstance(item, dict) else None
        if isinstance(element_id, str) and (rest == element_id or rest.startswith(element_id + ".")):
            return f"{table}[{position}]{rest[len(element_id) :]}"
    return where
