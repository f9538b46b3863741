"""The catalog's parse cache: the validated catalog files as one JSON document in the user's cache folder.

Parsing the catalog's YAML strictly (libyaml, anchors and duplicate keys refused) is nearly all the
cost of loading it — about 85 ms of 90 on every start of the studio and of every CLI command. After
the YAML has been parsed and validated, the files are written here as JSON; the next start validates
that JSON with the same pydantic shapes (``CatalogFiles.model_validate_json``: still ``extra="forbid"``,
patterns and all, in about 5 ms) and runs the same cross-checks. Nothing is trusted without validation,
and JSON is data only (never pickle).

The key is the sha256 of the name and bytes of every catalog file, the package and pydantic versions and
the schema's source, so editing any of them means another key, hence a miss and a fresh YAML load. A
cache file holds a header line (format, key, sha256 of the payload) and the payload; a file that is
unreadable, for another key, damaged or no longer valid is ignored and rewritten. Failing to write (a
read-only home) only costs the next start the YAML parse.

Where: ``$CAISA_CACHE_DIR`` when set (set but empty: no cache), else the platform's user cache folder.
No Qt here: the CLI uses it too.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

import pydantic
from pydantic import ValidationError

import caisa_studio
from caisa_studio.catalog import schema
from caisa_studio.catalog.catalog import catalog_file_paths
from caisa_studio.catalog.schema import CatalogFiles

CACHE_ENV = "CAISA_CACHE_DIR"
MAX_HEADER_BYTES = 1024  # the first line: format, key and checksum
FORMAT = 1
KEEP = 4  # cache files kept (several installed versions or checkouts may share the folder)


def cache_dir() -> Path | None:
    """The folder for CAISA's caches, or None when caching is switched off or there is no home."""
    override = os.environ.get(CACHE_ENV)
    if override is not None:
        return Path(override) if override.strip() else None
    try:
        if sys.platform == "win32":
            local = os.environ.get("LOCALAPPDATA")
            base = Path(local) if local else Path.home() / "AppData" / "Local"
            return base / "CAISA" / "caisa-studio" / "Cache"
        if sys.platform == "darwin":
            return Path.home() / "Library" / "Caches" / "caisa-studio"
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache"
        return base / "caisa-studio"
    except RuntimeError:  # no home directory to be found
        return None


def catalog_key(folder: Path) -> str:
    """What the cached data depends on; raises OSError when a catalog file cannot be read."""
    digest = hashlib.sha256(f"caisa-catalog/{FORMAT}/{caisa_studio.__version__}/{pydantic.VERSION}".encode())
    with suppress(OSError):  # no source shipped (a frozen build): then the versions alone must do
        digest.update(Path(schema.__file__).read_bytes())
    for path in catalog_file_paths(folder):
        data = path.read_bytes()
        digest.update(f"\0{path.relative_to(folder).as_posix()}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def cache_file(key: str) -> Path | None:
    folder = cache_dir()
    return None if folder is None else folder / f"catalog-{key[:32]}.json"


def read_cached(key: str) -> CatalogFiles | None:
    """The cached files for ``key``, validated; None when there is no usable cache."""
    path = cache_file(key)
    if path is None:
        return None
    try:
        header, _, payload = path.read_bytes().partition(b"\n")
        if len(header) > MAX_HEADER_BYTES:
            return None
        meta = json.loads(header)
    except (OSError, ValueError, RecursionError):  # unreadable, not JSON, or nested to exhaustion
        return None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT or meta.get("key") != key:
        return None
    if meta.get("sha256") != hashlib.sha256(payload).hexdigest():
        return None
    try:
        return CatalogFiles.model_validate_json(payload)
    except (ValidationError, RecursionError):
        return None


def write_cached(key: str, files: CatalogFiles) -> None:
    """Store ``files`` for ``key`` atomically (a reader sees the old file or the new one); never raises."""
    path = cache_file(key)
    if path is None:
        return
    payload = files.model_dump_json().encode("utf-8")
    header = json.dumps({"format": FORMAT, "key": key, "sha256": hashlib.sha256(payload).hexdigest()})
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".catalog-", suffix=".tmp", dir=path.parent)
        with os.fdopen(handle, "wb") as stream:
            stream.write(header.encode("utf-8") + b"\n" + payload)
        os.replace(temporary, path)
        temporary = None
        _prune(path)
    except OSError:
        pass
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)


def _prune(current: Path) -> None:
    """Keep the newest few cache files (other versions may still use theirs); drop the rest."""
    others = [p for p in current.parent.glob("catalog-*.json") if p != current]
    if len(others) < KEEP:
        return
    others.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    for old in others[KEEP - 1 :]:
        old.unlink(missing_ok=True)


def cached_catalog_files(folder: Path, read: Callable[[Path], CatalogFiles]) -> CatalogFiles:
    """The validated files of the catalog in ``folder``: from the cache, else ``read`` (and cached)."""
    try:
        key = catalog_key(folder)
    except OSError:
        return read(folder)  # an unreadable file: let the loader report it properly
    files = read_cached(key)
    if files is None:
        files = read(folder)
        write_cached(key, files)
    return files
