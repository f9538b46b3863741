"""The catalog's parse cache: a hit equals a fresh load, content is the key, anything odd is ignored.

The cache only replaces parsing YAML with parsing JSON; the data is still validated by the same
pydantic shapes and cross-checked, so a damaged, stale or hand-edited cache can cost a YAML parse but
never change what the studio knows.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from caisa_studio.catalog import CatalogError, load_catalog
from caisa_studio.catalog import cache as catalog_cache
from caisa_studio.catalog.catalog import assemble_catalog, read_catalog_files
from caisa_studio.catalog.resources import catalog_dir
from caisa_studio.catalog.schema import CatalogFiles

from .conftest import REPO_ROOT


class CountingReader:
    """``read_catalog_files`` that counts how often the YAML was actually parsed."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, folder: Path) -> CatalogFiles:
        self.calls += 1
        return read_catalog_files(folder)


@pytest.fixture
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(catalog_cache.CACHE_ENV, str(folder))
    return folder


@pytest.fixture
def catalog_copy(tmp_path: Path) -> Path:
    target = tmp_path / "catalog"
    shutil.copytree(catalog_dir(), target)
    return target


def _load(folder: Path, reader: CountingReader) -> CatalogFiles:
    return catalog_cache.cached_catalog_files(folder, reader)


def _cache_files(cache_folder: Path) -> list[Path]:
    return sorted(cache_folder.glob("catalog-*.json"))


def test_a_hit_parses_no_yaml_and_equals_a_fresh_load(cache_folder: Path) -> None:
    reader = CountingReader()
    first = _load(catalog_dir(), reader)
    assert reader.calls == 1 and len(_cache_files(cache_folder)) == 1
    second = _load(catalog_dir(), reader)
    assert reader.calls == 1  # from the cache
    assert second == first
    assert assemble_catalog(catalog_dir(), second) == load_catalog()


def test_editing_a_catalog_file_means_another_key(cache_folder: Path, catalog_copy: Path) -> None:
    reader = CountingReader()
    before = _load(catalog_copy, reader)
    kinds = catalog_copy / "kinds.yaml"
    text = kinds.read_text(encoding="utf-8")
    kinds.write_text(text.replace("name: Third-party model API", "name: Hosted model API"), encoding="utf-8")
    after = _load(catalog_copy, reader)
    assert reader.calls == 2  # the edit was seen, not served from the old cache
    assert {k.name for k in after.kinds.kinds} - {k.name for k in before.kinds.kinds} == {"Hosted model API"}
    assert len(_cache_files(cache_folder)) == 2


def test_a_new_framework_file_means_another_key(catalog_copy: Path) -> None:
    before = catalog_cache.catalog_key(catalog_copy)
    extra = catalog_copy / "frameworks" / "zz-extra.yaml"
    extra.write_bytes((catalog_copy / "frameworks" / "owasp-llm.yaml").read_bytes())
    assert catalog_cache.catalog_key(catalog_copy) != before


def test_the_same_content_elsewhere_shares_the_key(catalog_copy: Path) -> None:
    assert catalog_cache.catalog_key(catalog_copy) == catalog_cache.catalog_key(catalog_dir())


def _damage_payload(data: bytes) -> bytes:
    return data.replace(b'"id":"human_user"', b'"id":"human_userX"', 1)


def _valid_header_unknown_field(data: bytes) -> bytes:
    """Checksum right, JSON fine, but a shape the schema forbids: validation must refuse it."""
    header, _, payload = data.partition(b"\n")
    raw = json.loads(payload)
    raw["kinds"]["kinds"][0]["surprise"] = True
    new_payload = json.dumps(raw).encode()
    meta = json.loads(header)
    meta["sha256"] = hashlib.sha256(new_payload).hexdigest()
    return json.dumps(meta).encode() + b"\n" + new_payload


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(lambda data: b"\x00\xff garbage", id="garbage"),
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(_damage_payload, id="checksum-mismatch"),
        pytest.param(lambda data: data.replace(b'"format": 1', b'"format": 99', 1), id="other-format"),
        pytest.param(lambda data: data.replace(b'"key": "', b'"key": "0', 1), id="other-key"),
        pytest.param(_valid_header_unknown_field, id="fails-validation"),
        pytest.param(lambda data: b"[]\n{}", id="header-not-an-object"),
        pytest.param(lambda data: b"[" * 1000 + b"\n{}", id="header-nested-to-exhaustion"),
        pytest.param(lambda data: b"[" * 500 + b"]" * 500 + b"\n{}", id="header-too-long"),
    ],
)
def test_a_damaged_cache_is_ignored_and_rebuilt(cache_folder: Path, damage: object) -> None:
    reader = CountingReader()
    expected = _load(catalog_dir(), reader)
    (cached,) = _cache_files(cache_folder)
    cached.write_bytes(damage(cached.read_bytes()))  # type: ignore[operator]
    assert _load(catalog_dir(), reader) == expected
    assert reader.calls == 2  # parsed again …
    assert _load(catalog_dir(), reader) == expected
    assert reader.calls == 2  # … and the rebuilt cache is good


def test_a_broken_catalog_is_reported_even_with_a_cache(cache_folder: Path, catalog_copy: Path) -> None:
    reader = CountingReader()
    _load(catalog_copy, reader)
    (catalog_copy / "controls.yaml").write_text("controls:\n  - id: Not An Id\n", encoding="utf-8")
    with pytest.raises(CatalogError, match=r"controls\.yaml"):
        _load(catalog_copy, reader)


def test_no_cache_when_switched_off_or_not_writable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reader = CountingReader()
    monkeypatch.setenv(catalog_cache.CACHE_ENV, "")
    assert catalog_cache.cache_dir() is None
    _load(catalog_dir(), reader)
    _load(catalog_dir(), reader)
    assert reader.calls == 2
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv(catalog_cache.CACHE_ENV, str(blocked / "cache"))
    assert _load(catalog_dir(), reader) == _load(catalog_dir(), reader)  # works, just uncached
    assert reader.calls == 4


def test_old_cache_files_are_pruned(cache_folder: Path, catalog_copy: Path) -> None:
    reader = CountingReader()
    kinds = catalog_copy / "kinds.yaml"
    text = kinds.read_text(encoding="utf-8")
    for number in range(catalog_cache.KEEP + 3):
        kinds.write_text(text + f"\n# edit {number}\n", encoding="utf-8")
        _load(catalog_copy, reader)
    assert len(_cache_files(cache_folder)) == catalog_cache.KEEP


def test_default_cache_folder_follows_the_platform(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(catalog_cache.CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "local"))
    expected = {
        "win32": tmp_path / "local" / "CAISA" / "caisa-studio" / "Cache",
        "darwin": Path.home() / "Library" / "Caches" / "caisa-studio",
    }.get(sys.platform, tmp_path / "xdg" / "caisa-studio")
    assert catalog_cache.cache_dir() == expected


def test_studio_start_needs_no_yaml_once_cached(tmp_path: Path) -> None:
    """The point of the cache: with it, loading the catalog never imports PyYAML (~20 ms)."""
    code = (
        "import sys; from caisa_studio.catalog import default_catalog; default_catalog(); "
        "print('yaml' in sys.modules)"
    )
    env = {**os.environ, catalog_cache.CACHE_ENV: str(tmp_path / "cache")}
    runs = [
        subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, env=env, capture_output=True, text=True)
        for _ in range(2)
    ]
    assert [run.stdout.strip() for run in runs] == ["True", "False"], [run.stderr for run in runs]
