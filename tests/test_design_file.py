"""The design file format as written: byte-exact round trips, canonical layout, and atomic saves.

Files are read and written on disk (``tmp_path``) because that is where diffs, permissions and
half-written files matter.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from caisa_studio.io import atomic as atomic_module
from caisa_studio.io import dumps_design, load_design, loads_design, save_design
from caisa_studio.model import (
    Component,
    DataAsset,
    DataFlow,
    Design,
    TrustBoundary,
    Zone,
)

TOP_LEVEL_KEYS = [
    "schema_version",
    "id",
    "title",
    "description",
    "properties",
    "boundaries",
    "components",
    "flows",
    "data_assets",
    "risk_tracking",
]
ELEMENT_TABLES = ("boundaries", "components", "flows", "data_assets")


def unsorted_design() -> Design:
    """Elements inserted out of ID order, with non-ASCII text and mixed integral/fractional numbers."""
    return Design(
        id="layout",
        title="Zürich — 東京 ✓",
        boundaries={
            "z-b": TrustBoundary(id="z-b", name="Zone", zone=Zone.DATA, rect=(10.0, 20.5, 300.0, 200.25)),
            "a-b": TrustBoundary(id="a-b", zone=Zone.APP),
        },
        components={
            "web": Component(
                id="web",
                kind="web_app",
                name="Café app",
                position=(120.0, 80.5),
                holds=["da-2", "da-1", "da-2"],
                properties={"production": True, "internet_facing": False},
            ),
            "api": Component(
                id="api", kind="api_gateway", name="Ωmega", boundary="a-b", position=(-3.0, 0.0)
            ),
        },
        flows={"f-2": DataFlow(id="f-2", source="web", target="api", carries=["da-1"])},
        data_assets={
            "da-2": DataAsset(id="da-2", name="Ärzte", tags=["telemetry", "pii"]),
            "da-1": DataAsset(id="da-1"),
        },
    )


def only_file(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# ---------------------------------------------------------------------------------------------------------
# Round trip and canonical form
# ---------------------------------------------------------------------------------------------------------


def test_example_round_trips_byte_for_byte(example_path: Path, tmp_path: Path) -> None:
    """Loading and saving an untouched file must not produce a diff in git."""
    target = tmp_path / "saved.caisa.json"
    save_design(load_design(example_path), target)
    assert target.read_bytes() == example_path.read_bytes()


def test_example_copy_resaved_in_place_is_unchanged(example_copy: Path) -> None:
    """Saving over the file it came from rewrites identical bytes."""
    original = example_copy.read_bytes()
    save_design(load_design(example_copy), example_copy)
    assert example_copy.read_bytes() == original


def test_saved_file_loads_back_equal(tmp_path: Path) -> None:
    """What is saved is what is loaded: same model, same text."""
    design = unsorted_design()
    target = tmp_path / "layout.caisa.json"
    save_design(design, target)
    loaded = load_design(target)
    assert loaded.model_dump(mode="json") == design.model_dump(mode="json")
    assert dumps_design(loaded) == target.read_text(encoding="utf-8")


def test_top_level_key_order(tmp_path: Path) -> None:
    """Keys come in the documented order whatever order the model was built in."""
    target = tmp_path / "layout.caisa.json"
    save_design(unsorted_design(), target)
    assert list(json.loads(target.read_text(encoding="utf-8"))) == TOP_LEVEL_KEYS


def test_element_key_order_is_stable(tmp_path: Path, example_path: Path) -> None:
    """Every element writes its keys in the same order as the bundled example does."""
    target = tmp_path / "layout.caisa.json"
    save_design(unsorted_design(), target)
    written = json.loads(target.read_text(encoding="utf-8"))
    example = json.loads(example_path.read_text(encoding="utf-8"))
    for table in ELEMENT_TABLES:
        assert [list(item) for item in written[table]] == [list(example[table][0])] * len(written[table])


def test_lists_sorted_by_id_and_sets_sorted(tmp_path: Path) -> None:
    """Element lists are sorted by ID; holds, tags, property and control keys are sorted too."""
    target = tmp_path / "layout.caisa.json"
    save_design(unsorted_design(), target)
    written = json.loads(target.read_text(encoding="utf-8"))
    assert [b["id"] for b in written["boundaries"]] == ["a-b", "z-b"]
    assert [c["id"] for c in written["components"]] == ["api", "web"]
    assert [a["id"] for a in written["data_assets"]] == ["da-1", "da-2"]
    web = written["components"][1]
    assert web["holds"] == ["da-1", "da-2"]  # sorted and de-duplicated
    assert list(web["properties"]) == ["internet_facing", "production"]
    assert written["data_assets"][1]["tags"] == ["pii", "telemetry"]


def test_indent_and_trailing_newline(tmp_path: Path) -> None:
    """Two-space indent, no tabs, exactly one trailing newline, no trailing spaces."""
    target = tmp_path / "layout.caisa.json"
    save_design(unsorted_design(), target)
    text = target.read_text(encoding="utf-8")
    lines = text.split("\n")
    assert text.endswith("}\n")
    assert not text.endswith("\n\n")
    assert lines[1] == '  "schema_version": 1,'
    assert "\t" not in text
    assert "\r" not in text
    for line in lines:
        assert line == line.rstrip()
        indent = len(line) - len(line.lstrip(" "))
        assert indent % 2 == 0, line
    assert '      "id": "a-b",' in lines  # element keys sit three levels deep: object, list, element


def test_non_ascii_written_literally(tmp_path: Path) -> None:
    """Names in other scripts stay readable in the file (UTF-8), not \\u-escaped."""
    target = tmp_path / "layout.caisa.json"
    save_design(unsorted_design(), target)
    data = target.read_bytes()
    for text in ("Zürich — 東京 ✓", "Café app", "Ωmega", "Ärzte"):
        assert text.encode("utf-8") in data
    assert b"\\u" not in data
    assert not data.startswith(b"\xef\xbb\xbf")  # no byte-order mark


def test_integral_coordinates_written_as_ints(tmp_path: Path) -> None:
    """120.0 is written 120 (as people write it) while fractions keep their digits."""
    target = tmp_path / "layout.caisa.json"
    save_design(unsorted_design(), target)
    text = target.read_text(encoding="utf-8")
    assert '"position": [120, 80.5]' in text
    assert '"position": [-3, 0]' in text
    assert '"rect": [10, 20.5, 300, 200.25]' in text
    assert '"rect": [0, 0, 320, 240]' in text  # the default rectangle
    assert "120.0" not in text


def test_loads_accepts_str_and_bytes_with_bom(example_path: Path) -> None:
    """Text from an editor that adds a BOM, or from a str, reads the same as the file."""
    data = example_path.read_bytes()
    expected = dumps_design(load_design(example_path))
    assert dumps_design(loads_design(data.decode("utf-8"))) == expected
    assert dumps_design(loads_design(b"\xef\xbb\xbf" + data)) == expected


# ---------------------------------------------------------------------------------------------------------
# Atomic save
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664])
def test_save_keeps_permission_bits(example_copy: Path, mode: int) -> None:
    """Replacing the file through a temp file must not reset who may read it."""
    example_copy.chmod(mode)
    design = load_design(example_copy)
    design.title = "Changed"
    save_design(design, example_copy)
    assert stat.S_IMODE(example_copy.stat().st_mode) == mode
    assert load_design(example_copy).title == "Changed"


def test_save_to_new_file_leaves_nothing_else(tmp_path: Path) -> None:
    """A save creates exactly the target file: no temp files are left beside it."""
    save_design(unsorted_design(), tmp_path / "new.caisa.json")
    assert only_file(tmp_path) == ["new.caisa.json"]


def test_unserialisable_design_leaves_file_untouched(example_copy: Path) -> None:
    """A design that cannot be serialised (a bug put a non-JSON value in it) leaves the file untouched."""
    original = example_copy.read_bytes()
    design = load_design(example_copy)
    design.title = object()  # type: ignore[assignment]  # Design does not validate assignment
    with pytest.raises(ValueError):
        save_design(design, example_copy)
    assert example_copy.read_bytes() == original
    assert only_file(example_copy.parent) == [example_copy.name]


def _boom(*_args: Any, **_kwargs: Any) -> None:
    raise OSError(28, "No space left on device")


@pytest.mark.parametrize("step", ["fsync", "replace"])
def test_failed_save_keeps_original_and_removes_temp(
    example_copy: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    """Whether fsync or the final rename fails, the old file stays byte-identical and no temp remains."""
    original = example_copy.read_bytes()
    design = load_design(example_copy)
    design.title = "Never saved"
    monkeypatch.setattr(atomic_module.os, step, _boom)
    with pytest.raises(OSError, match="No space left"):
        save_design(design, example_copy)
    monkeypatch.undo()
    assert example_copy.read_bytes() == original
    assert only_file(example_copy.parent) == [example_copy.name]


def test_write_failing_midway_keeps_original(example_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A disk that fills up after half the bytes leaves the old file whole and no temp file behind."""
    original = example_copy.read_bytes()
    design = load_design(example_copy)
    design.title = "Half written"
    real_fdopen = os.fdopen
    written: list[int] = []

    class HalfWriter:
        def __init__(self, handle: Any) -> None:
            self._handle = handle

        def __enter__(self) -> HalfWriter:
            return self

        def __exit__(self, *exc: object) -> None:
            self._handle.close()

        def write(self, data: bytes) -> int:
            half = len(data) // 2
            self._handle.write(data[:half])
            self._handle.flush()
            written.append(half)
            raise OSError(28, "No space left on device")

        def __getattr__(self, name: str) -> Any:
            return getattr(self._handle, name)

    monkeypatch.setattr(atomic_module.os, "fdopen", lambda fd, mode: HalfWriter(real_fdopen(fd, mode)))
    with pytest.raises(OSError, match="No space left"):
        save_design(design, example_copy)
    monkeypatch.undo()
    assert written and written[0] > 0  # the failure really happened midway through the data
    assert example_copy.read_bytes() == original
    assert only_file(example_copy.parent) == [example_copy.name]


def test_save_into_missing_folder_fails_cleanly(tmp_path: Path) -> None:
    """A save to a folder that does not exist raises and creates nothing."""
    with pytest.raises(OSError):
        save_design(unsorted_design(), tmp_path / "missing" / "x.caisa.json")
    assert only_file(tmp_path) == []
