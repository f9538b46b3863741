"""Hostile and broken input: every failure is one clean line naming the file, fast, never a traceback.

Imports never execute or fetch anything: XML with a DTD is refused before any entity exists, YAML is
built by a safe loader that measures alias expansion first, JSON rejects duplicate keys and NaN, and
every file is size-capped before it is read.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from caisa_studio.io import DesignFileError
from caisa_studio.io.importers import import_all, import_model
from caisa_studio.io.importers.builder import MAX_ELEMENTS
from caisa_studio.io.importers.sources import MAX_IMPORT_BYTES, MAX_YAML_BYTES
from caisa_studio.io.importers.yaml_source import parse_yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA = REPO_ROOT.parent / "shared" / "data"

BILLION_LAUGHS_XML = """<?xml version="1.0"?>
<!DOCTYPE ThreatModel [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<ThreatModel><Notes>&lol9;</Notes></ThreatModel>
"""

EXTERNAL_ENTITY_XML = """<?xml version="1.0"?>
<!DOCTYPE ThreatModel [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<ThreatModel><Notes>&xxe;</Notes></ThreatModel>
"""

EXTERNAL_DTD_XML = """<?xml version="1.0"?>
<!DOCTYPE ThreatModel SYSTEM "http://127.0.0.1:9/evil.dtd">
<ThreatModel/>
"""


def yaml_alias_bomb() -> str:
    lines = [
        "threagile_version: 1.0.0",
        'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
    ]
    for level in range(1, 10):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    lines.append("technical_assets: {x: {id: x, tags: *a9}}")
    return "\n".join(lines) + "\n"


def assert_clean_failure(path: Path, fragment: str) -> str:
    """The import fails with one line that names the file and says ``fragment``, within a second."""
    started = time.perf_counter()
    with pytest.raises(DesignFileError) as caught:
        import_all(path)
    elapsed = time.perf_counter() - started
    message = str(caught.value)
    assert elapsed < 1.0, f"took {elapsed:.2f} s"
    assert message.startswith(str(path)), message
    assert "\n" not in message
    assert fragment in message, message
    return message


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# -- size, encoding, emptiness ----------------------------------------------------------------------


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:
        handle.truncate(MAX_IMPORT_BYTES + 1)  # sparse: costs no disk
    assert_clean_failure(path, "file is too large")


def test_huge_yaml_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "huge.yaml", "a: " + "x" * (MAX_YAML_BYTES + 10) + "\n")
    assert_clean_failure(path, "YAML file is too large")


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("empty.json", "", "the file is empty"),
        ("blank.yaml", "   \n\n", "the file is empty"),
        ("latin1.json", b'{"summary": "\xe9t\xe9"}', "not UTF-8 text"),
        ("binary.tm7", b"\x00\x01\x02\x03PK", "must be XML"),
    ],
)
def test_empty_and_undecodable_files(tmp_path: Path, name: str, content: str | bytes, fragment: str) -> None:
    assert_clean_failure(write(tmp_path, name, content), fragment)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert_clean_failure(tmp_path / "nope.json", "no such file")
    assert_clean_failure(tmp_path, "is a folder")


# -- truncated files ---------------------------------------------------------------------------------


def test_truncated_json(tmp_path: Path) -> None:
    data = (DATA / "threat-dragon" / "v2-threat-model.json").read_bytes()
    assert_clean_failure(write(tmp_path, "cut.json", data[: len(data) // 2]), "not valid JSON")


def test_truncated_tm7(tmp_path: Path) -> None:
    data = (DATA / "tm7" / "MTMT_nested_tz.tm7").read_bytes()
    assert_clean_failure(write(tmp_path, "cut.tm7", data[: len(data) // 2]), "not valid XML")


def test_truncated_yaml_either_imports_or_fails_cleanly(tmp_path: Path) -> None:
    """YAML cut at a line end may still be valid (just shorter): then it imports what is there."""
    text = (DATA / "threagile" / "threagile-example-model.yaml").read_text(encoding="utf-8")
    for fraction in (0.3, 0.5, 0.7, 0.9):
        cut = text[: int(len(text) * fraction)]
        path = write(tmp_path, f"cut-{fraction}.yaml", cut)
        try:
            import_all(path)
        except DesignFileError as error:
            assert str(error).startswith(str(path))


# -- XML attacks -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content", [BILLION_LAUGHS_XML, EXTERNAL_ENTITY_XML, EXTERNAL_DTD_XML], ids=["laughs", "xxe", "dtd"]
)
def test_xml_with_a_dtd_is_refused(tmp_path: Path, content: str) -> None:
    assert_clean_failure(write(tmp_path, "evil.tm7", content), "DTD or entities is not accepted")


def test_other_xml_is_not_mistaken_for_tm7(tmp_path: Path) -> None:
    assert_clean_failure(
        write(tmp_path, "svg.xml", "<svg xmlns='http://www.w3.org/2000/svg'/>"), "not a Microsoft"
    )


def test_tm7_without_diagrams(tmp_path: Path) -> None:
    assert_clean_failure(write(tmp_path, "empty.tm7", "<ThreatModel/>"), "no diagrams")


# -- JSON and YAML attacks ---------------------------------------------------------------------------


def test_deeply_nested_json(tmp_path: Path) -> None:
    assert_clean_failure(write(tmp_path, "deep.json", "[" * 200_000 + "]" * 200_000), "nested too deeply")


def test_deeply_nested_json_inside_a_model(tmp_path: Path) -> None:
    deep = '{"summary": {}, "detail": {"diagrams": ' + "[" * 100_000 + "]" * 100_000 + "}}"
    assert_clean_failure(write(tmp_path, "deep.json", deep), "nested too deeply")


def test_deeply_nested_yaml(tmp_path: Path) -> None:
    assert_clean_failure(
        write(tmp_path, "deep.yaml", "a: " + "[" * 50_000 + "]" * 50_000), "nested too deeply"
    )


def test_yaml_alias_bomb(tmp_path: Path) -> None:
    assert_clean_failure(write(tmp_path, "bomb.yaml", yaml_alias_bomb()), "alias bomb")


def test_recursive_yaml_alias(tmp_path: Path) -> None:
    assert_clean_failure(
        write(tmp_path, "loop.yaml", "otmVersion: 0.2.0\ncomponents: &a [*a]\n"), "recursive"
    )


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (
            "otmVersion: 0.2.0\nproject: {name: a, id: a}\nproject: {name: b, id: b}\n",
            "duplicate key 'project'",
        ),
        ("otmVersion: 0.2.0\n? [a, b]\n: 1\n", "plain values"),
    ],
)
def test_yaml_keys_must_be_unique_plain_values(tmp_path: Path, content: str, fragment: str) -> None:
    assert_clean_failure(write(tmp_path, "keys.otm.yaml", content), fragment)


def test_yaml_merge_keys_are_not_duplicates(tmp_path: Path) -> None:
    from caisa_studio.io.importers.yaml_source import parse_yaml

    text = "base: &b {x: 1}\none: {<<: *b, y: 2}\ntwo: {<<: *b, x: 3}\n"
    assert parse_yaml(text) == {"base": {"x": 1}, "one": {"x": 1, "y": 2}, "two": {"x": 3}}


def test_yaml_tags_never_run_code(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f'otmVersion: 0.2.0\nx: !!python/object/apply:os.system ["touch {marker}"]\n'
    assert_clean_failure(write(tmp_path, "tag.yaml", text), "not valid YAML")
    assert not marker.exists()


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ('{"otmVersion": "0.2.0", "otmVersion": "0.1.0"}', "appears twice"),
        ('{"summary": {}, "detail": {"diagrams": [{"cells": [{"position": {"x": NaN}}]}]}}', "NaN"),
        ("[1, 2, 3]", "top level is a list"),
        ('"just text"', "top level is a str"),
        ('{"foo": 1}', "not a threat model this studio can import"),
        ('{"schema_version": 1, "id": "x", "components": []}', "already a CAISA Studio design"),
    ],
)
def test_json_that_is_not_a_model(tmp_path: Path, content: str, fragment: str) -> None:
    assert_clean_failure(write(tmp_path, "odd.json", content), fragment)


# -- wrong types -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "fragment"),
    [
        ({"summary": {}, "detail": "x"}, "needs a 'detail' object"),
        ({"summary": {}, "detail": {"diagrams": "x"}}, "'diagrams' must be a list"),
        ({"summary": {}, "detail": {"diagrams": [5]}}, "each diagram must be an object"),
        ({"summary": {}, "detail": {"diagrams": []}}, "has no diagrams"),
        ({"otmVersion": "0.2.0", "components": {"a": 1}}, "'components' must be a list"),
        ({"otmVersion": "0.2.0", "project": "x"}, "'project' must be an object"),
        ({"threagile_version": "1.0.0", "technical_assets": []}, "must be a mapping"),
    ],
)
def test_wrong_structure_is_named(tmp_path: Path, model: dict, fragment: str) -> None:
    assert_clean_failure(write(tmp_path, "model.json", json.dumps(model)), fragment)


def test_wrong_value_types_are_read_leniently(tmp_path: Path) -> None:
    """Odd values inside elements do not stop an import: what is clear is used, the rest ignored."""
    model = {
        "version": "2.0.0",
        "summary": {"title": ["not", "text"]},
        "detail": {
            "diagrams": [
                {
                    "title": None,
                    "cells": [
                        {"id": "a", "shape": "actor", "position": {"x": "12", "y": "abc"}, "size": "big"},
                        {"id": "p", "shape": "process", "data": None, "position": {"x": 300, "y": 40}},
                        {"id": 7, "shape": "store", "data": {"name": 42, "threats": "many"}},
                        {"id": "f", "shape": "flow", "source": {"cell": "a"}, "target": 5, "data": []},
                        {"id": "g", "shape": "flow", "source": {"cell": "p"}, "target": {"cell": "a"}},
                        "not a cell",
                        {"shape": "trust-broundary-curve", "source": {"x": "1e999"}, "vertices": "x"},
                        {"shape": "flux-capacitor"},
                    ],
                }
            ]
        },
    }
    design, report = import_model(write(tmp_path, "odd.json", json.dumps(model)))
    assert len(design.components) == 3
    assert len(design.flows) == 1
    assert any("not an element type" in d.reason for d in report.dropped)


def test_otm_with_odd_values(tmp_path: Path) -> None:
    model = {
        "otmVersion": "0.2.0",
        "project": {"name": "x", "id": "has spaces and / slashes"},
        "trustZones": [{"id": 5, "name": None, "parent": {"trustZone": 5}}, "zone"],
        "components": [
            {"id": "c", "name": [], "type": 3, "parent": "nowhere", "tags": [1, None, "ok"]},
            {"id": "d", "parent": {"component": "d"}},
            {"id": "e", "parent": {"component": "f"}},
            {"id": "f", "parent": {"component": "e"}},
        ],
        "dataflows": [{"id": "x", "source": "c", "destination": "c"}, {"source": "c", "destination": "d"}],
        "assets": [{"id": "a", "risk": {"confidentiality": "very"}}],
    }
    design, report = import_model(write(tmp_path, "odd.json", json.dumps(model)))
    assert design.id == "has-spaces-and-slashes"
    assert len(design.components) == 4
    assert len(design.flows) == 1
    assert any("same element" in d.reason for d in report.dropped)


def test_too_many_elements(tmp_path: Path) -> None:
    components = [
        {"id": f"c{i}", "name": "n", "type": "t", "parent": {"trustZone": "z"}} for i in range(MAX_ELEMENTS)
    ]
    model = {"otmVersion": "0.2.0", "trustZones": [{"id": "z", "name": "z"}], "components": components}
    assert_clean_failure(write(tmp_path, "many.json", json.dumps(model)), "too many elements")


def test_diagram_number_out_of_range(tmp_path: Path) -> None:
    with pytest.raises(DesignFileError, match="has 4 diagram"):
        import_model(DATA / "threat-dragon" / "td-test-model.json", diagram=5)


# -- the command line never shows a traceback --------------------------------------------------------


def run_cli(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "caisa_studio.cli", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("laughs.tm7", BILLION_LAUGHS_XML),
        ("bomb.yaml", yaml_alias_bomb()),
        ("deep.json", "[" * 200_000),
        ("cut.json", '{"summary": {"title": "x"'),
        ("types.json", '{"summary": {}, "detail": {"diagrams": 3}}'),
    ],
)
def test_cli_bad_input_is_one_stderr_line_and_exit_2(tmp_path: Path, name: str, content: str) -> None:
    path = write(tmp_path, name, content)
    result = run_cli("import", path, "-o", tmp_path / "out.caisa.json", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"caisa: error: {path}")
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out.caisa.json").exists()


# -- every value replaced by a wrong type: the importers never crash -------------------------------

WRONG_VALUES = (None, 7, "x", [], {}, True, -1e300)
MUTATIONS_PER_FILE = 200  # every path and value was run once by hand: 0 crashes, 0 last-resort errors


def _paths(value: object, prefix: tuple = ()) -> list[tuple]:
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(_paths(item, (*prefix, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(_paths(item, (*prefix, index)))
    return found


def _replaced(model: object, path: tuple, new: object) -> object:
    copy = json.loads(json.dumps(model))
    target = copy
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = new
    return copy


def _without_drawing_noise(model: dict) -> dict:
    """Threat Dragon cells carry port and style blocks the importer never reads; skip mutating those."""
    for diagram in model["detail"]["diagrams"]:
        for cell in diagram.get("cells", []):
            for key in ("ports", "attrs", "labels", "markup"):
                cell.pop(key, None)
    return model


@pytest.mark.parametrize(
    "name",
    [
        "threat-dragon/v2-threat-model.json",
        "threat-dragon/demo-threat-model.json",
        "otm/EXAMPLE.json",
        "threagile/threagile-example-model.yaml",
    ],
)
def test_wrong_type_anywhere_never_crashes(tmp_path: Path, name: str) -> None:
    """Also proves the importers check types themselves: the last-resort wrapper is never needed."""
    text = (DATA / name).read_text(encoding="utf-8")
    model = (
        json.loads(json.dumps(parse_yaml(text), default=str)) if name.endswith(".yaml") else json.loads(text)
    )
    if "detail" in model and "version" in model:
        model = _without_drawing_noise(model)
    path = tmp_path / "mutated.json"
    locations = _paths(model)
    stride = max(1, len(locations) // MUTATIONS_PER_FILE)  # a spread of paths keeps the test quick
    for number, location in enumerate(locations[::stride]):
        path.write_text(json.dumps(_replaced(model, location, WRONG_VALUES[number % len(WRONG_VALUES)])))
        try:
            import_all(path)
        except DesignFileError as error:
            assert str(error).startswith(str(path)), (location, error)
            assert "cannot be read as" not in str(error), (location, error)
