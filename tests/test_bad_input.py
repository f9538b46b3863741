"""Bad design files: each class of problem gives one ``DesignFileError`` naming the file and the spot.

Every case writes a real file, loads it with ``load_design`` and checks that the message names the file
and the JSON path (or the key phrase), that it is one line, and that the file was not touched.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from caisa_studio.io import DesignFileError, load_design
from caisa_studio.io import design_file as design_file_module

REPO_ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = REPO_ROOT / "resources" / "examples" / "rag-assistant.caisa.json"
Raw = dict[str, Any]


def example_raw() -> Raw:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def index_of(raw: Raw, table: str, element_id: str) -> int:
    """Position of an element in the file's list, so expected paths follow the example."""
    return [item["id"] for item in raw[table]].index(element_id)


def write(folder: Path, content: bytes | str, name: str = "bad.caisa.json") -> Path:
    path = folder / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def example_with(folder: Path, change: Callable[[Raw], Any]) -> tuple[Path, Raw]:
    """The bundled example with one change, written as a design file."""
    raw = example_raw()
    change(raw)
    return write(folder, json.dumps(raw, indent=2, ensure_ascii=False)), raw


def rejects(path: Path, *phrases: str) -> DesignFileError:
    """Load must fail with a one-line message naming the file and every phrase; the file stays as it was."""
    before = path.read_bytes() if path.is_file() else None
    with pytest.raises(DesignFileError) as caught:
        load_design(path)
    message = str(caught.value)
    assert path.name in message
    assert message.startswith(str(path))
    assert "\n" not in message
    for phrase in phrases:
        assert phrase in message, f"{phrase!r} not in {message!r}"
    if before is not None:
        assert path.read_bytes() == before
    return caught.value


def set_in(raw: Raw, table: str, element_id: str, key: str, value: Any) -> None:
    raw[table][index_of(raw, table, element_id)][key] = value


# ---------------------------------------------------------------------------------------------------------
# Not a design at all
# ---------------------------------------------------------------------------------------------------------


def test_not_json_reports_line_and_column(tmp_path: Path) -> None:
    """A syntax error points at the line and column an editor can jump to."""
    path = write(tmp_path, '{\n  "schema_version": 1,\n  "id": oops\n}\n')
    rejects(path, "not valid JSON", "line 3, column 9")


def test_not_utf8(tmp_path: Path) -> None:
    """Bytes that are not UTF-8 (here Latin-1 'é') are named as such, with the byte offset."""
    content = b'{"schema_version": 1, "id": "caf\xe9"}'
    path = write(tmp_path, content)
    rejects(path, "not UTF-8", f"byte {content.index(0xE9)}")


def test_empty_file(tmp_path: Path) -> None:
    """An empty file is not silently treated as an empty design."""
    rejects(write(tmp_path, b""), "not valid JSON", "line 1, column 1")


def test_top_level_array(tmp_path: Path) -> None:
    """Only an object can be a design."""
    rejects(write(tmp_path, "[1, 2, 3]\n"), "top level must be a JSON object", "list")


def test_missing_schema_version(tmp_path: Path) -> None:
    """Without schema_version this is some other JSON file, and the message says so."""
    path, _ = example_with(tmp_path, lambda raw: raw.pop("schema_version"))
    error = rejects(path, "at schema_version", "not a CAISA design", "missing")
    assert error.json_path == "schema_version"


def test_newer_schema_version(tmp_path: Path) -> None:
    """A file from a newer release asks the user to update instead of failing obscurely."""
    path, _ = example_with(tmp_path, lambda raw: raw.update(schema_version=2))
    rejects(path, "at schema_version", "newer", "schema version 2", "update")


@pytest.mark.parametrize("version", ["1", 0, -1, 1.5, True, None])
def test_schema_version_of_wrong_type_or_value(tmp_path: Path, version: Any) -> None:
    """Only an integer version is accepted; a string "1" or true is not quietly taken as 1."""
    path, _ = example_with(tmp_path, lambda raw: raw.update(schema_version=version))
    phrase = "missing" if version is None else f"unsupported schema version {version!r}"
    rejects(path, "at schema_version", phrase)


# ---------------------------------------------------------------------------------------------------------
# Wrong shapes and types
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "element_id", "key", "value"),
    [
        ("components", "aigw", "position", "12, 40"),
        ("components", "aigw", "position", [12]),
        ("components", "aigw", "position", ["12", "40"]),
        ("flows", "f-aigw-llm", "bidirectional", "yes"),
        ("flows", "f-aigw-llm", "bidirectional", 1),
        ("boundaries", "b-app", "zone", "app"),
        ("boundaries", "b-app", "rect", [0, 0, -1, 10]),
        ("data_assets", "da-kb", "classification", "secret"),
        ("components", "kb", "holds", "da-kb"),
        ("components", "kb", "name", 5),
    ],
    ids=[
        "position-string",
        "position-one-number",
        "position-numbers-as-strings",
        "bidirectional-yes",
        "bidirectional-one",
        "zone-lowercase",
        "negative-rect-width",
        "unknown-classification",
        "holds-not-a-list",
        "name-a-number",
    ],
)
def test_wrong_type_names_the_field(
    tmp_path: Path, table: str, element_id: str, key: str, value: Any
) -> None:
    """A wrong type points at the field by its position in the file's list, not by the ID."""
    path, raw = example_with(tmp_path, lambda raw: set_in(raw, table, element_id, key, value))
    where = f"{table}[{index_of(raw, table, element_id)}].{key}"
    error = rejects(path, f"at {where}")
    assert error.json_path is not None
    assert error.json_path.startswith(where)


def test_wrong_type_in_element_with_dotted_id(tmp_path: Path) -> None:
    """IDs may contain dots; the error path must still use the list position."""

    def change(raw: Raw) -> None:
        raw["components"] = [{"id": "svc.api", "kind": "web_app", "position": "here"}]
        raw["flows"] = []

    path, _ = example_with(tmp_path, change)
    rejects(path, "at components[0].position")


def test_element_list_not_a_list(tmp_path: Path) -> None:
    """An element table given as an object is named."""
    path, _ = example_with(tmp_path, lambda raw: raw.update(flows={"f": {}}))
    rejects(path, "at flows", "must be a list")


def test_element_without_id(tmp_path: Path) -> None:
    """Every element needs a string ID; the one without it is pointed at."""
    path, _ = example_with(tmp_path, lambda raw: raw["data_assets"][2].pop("id"))
    rejects(path, "at data_assets[2].id", "id")


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda raw: raw.update(colour="red"), "colour"),
        (lambda raw: raw["components"][1].update(colour="red"), "components[1].colour"),
        (
            lambda raw: raw["flows"][3]["controls"].update(authn={"status": "implemented", "by": "me"}),
            "flows[3].controls.authn.by",
        ),
        (lambda raw: raw["properties"].update(owner="me"), "properties.owner"),
    ],
    ids=["top-level", "component", "control-state", "design-properties"],
)
def test_unknown_field_is_named(tmp_path: Path, change: Callable[[Raw], Any], where: str) -> None:
    """A typo'd or foreign field is rejected by its path, never silently dropped."""
    path, _ = example_with(tmp_path, change)
    rejects(path, f"at {where}", "unknown field")


# ---------------------------------------------------------------------------------------------------------
# Catalog vocabulary
# ---------------------------------------------------------------------------------------------------------


def test_unknown_component_kind(tmp_path: Path) -> None:
    """A kind the catalog does not know is named with its path."""
    path, raw = example_with(tmp_path, lambda raw: set_in(raw, "components", "kb", "kind", "mainframe"))
    rejects(path, f"at components[{index_of(raw, 'components', 'kb')}].kind", "'mainframe'")


@pytest.mark.parametrize(
    ("table", "element_id"), [("components", "llm"), ("flows", "f-kb-ingest"), ("boundaries", "b-edge")]
)
def test_unknown_control_id(tmp_path: Path, table: str, element_id: str) -> None:
    """A control ID the catalog does not know is named on components, flows and boundaries alike."""

    def change(raw: Raw) -> None:
        raw[table][index_of(raw, table, element_id)]["controls"]["magic_shield"] = {"status": "implemented"}

    path, raw = example_with(tmp_path, change)
    where = f"{table}[{index_of(raw, table, element_id)}].controls.magic_shield"
    rejects(path, f"at {where}", "unknown control")


@pytest.mark.parametrize(
    ("table", "element_id", "key", "value", "phrase"),
    [
        ("components", "gateway", "internet_facing", "yes", "true or false"),
        ("components", "llm", "autonomy", "rogue", "suggest, supervised, autonomous"),
        ("components", "llm", "capabilities", ["read", "fly"], "fly"),
        ("components", "llm", "capabilities", "read", "must be a list"),
        ("components", "llm", "tool_scope", 3, "must be text"),
        ("flows", "f-aigw-llm", "user_feedback", "no", "true or false"),
    ],
    ids=["bool-as-text", "enum-unknown", "set-unknown-value", "set-not-list", "text-as-number", "flow-bool"],
)
def test_bad_property_value(
    tmp_path: Path, table: str, element_id: str, key: str, value: Any, phrase: str
) -> None:
    """Known properties must have the catalog's type; the path names the property."""

    def change(raw: Raw) -> None:
        raw[table][index_of(raw, table, element_id)]["properties"][key] = value

    path, raw = example_with(tmp_path, change)
    rejects(path, f"at {table}[{index_of(raw, table, element_id)}].properties.{key}", phrase)


# ---------------------------------------------------------------------------------------------------------
# References and IDs
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("end", ["source", "target"])
def test_dangling_flow_endpoint(tmp_path: Path, end: str) -> None:
    """A flow to a component that does not exist is named by flow position and end."""
    path, raw = example_with(tmp_path, lambda raw: set_in(raw, "flows", "f-kb-ingest", end, "ghost"))
    rejects(path, f"at flows[{index_of(raw, 'flows', 'f-kb-ingest')}].{end}", "'ghost'")


def test_self_loop_flow(tmp_path: Path) -> None:
    """A flow from a component to itself is rejected on load just as the editor refuses it."""
    path, raw = example_with(tmp_path, lambda raw: set_in(raw, "flows", "f-kb-ingest", "target", "kb"))
    rejects(path, f"at flows[{index_of(raw, 'flows', 'f-kb-ingest')}].target", "same component")


def test_dangling_boundary_membership(tmp_path: Path) -> None:
    """A component inside a boundary that does not exist is named."""
    path, raw = example_with(tmp_path, lambda raw: set_in(raw, "components", "llm", "boundary", "b-gone"))
    rejects(path, f"at components[{index_of(raw, 'components', 'llm')}].boundary", "'b-gone'")


def test_dangling_data_asset_in_holds(tmp_path: Path) -> None:
    """The exact list position of the unknown asset is given."""
    path, raw = example_with(
        tmp_path, lambda raw: set_in(raw, "components", "vectordb", "holds", ["da-kb", "da-gone"])
    )
    rejects(path, f"at components[{index_of(raw, 'components', 'vectordb')}].holds[1]", "'da-gone'")


def test_dangling_data_asset_in_carries(tmp_path: Path) -> None:
    """Same for assets a flow carries."""
    path, raw = example_with(tmp_path, lambda raw: set_in(raw, "flows", "f-aigw-llm", "carries", ["da-gone"]))
    rejects(path, f"at flows[{index_of(raw, 'flows', 'f-aigw-llm')}].carries[0]", "'da-gone'")


def test_duplicate_id_within_one_list(tmp_path: Path) -> None:
    """Both places of a duplicated ID are named so the user can pick which to rename."""
    path, _ = example_with(tmp_path, lambda raw: raw["flows"][4].update(id=raw["flows"][1]["id"]))
    rejects(path, "at flows[4].id", "duplicate id 'f-gateway-webapp'", "flows[1]")


def test_duplicate_id_across_lists(tmp_path: Path) -> None:
    """IDs are unique across element kinds: a flow may not reuse a component's ID."""
    path, raw = example_with(tmp_path, lambda raw: raw["flows"][0].update(id="llm"))
    rejects(path, "at flows[0].id", "duplicate id 'llm'", f"components[{index_of(raw, 'components', 'llm')}]")


def test_duplicate_json_key(tmp_path: Path) -> None:
    """A key written twice would silently lose one value with a plain JSON reader."""
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        '"title": "Customer support RAG assistant",',
        '"title": "Customer support RAG assistant",\n  "title": "Other",',
    )
    rejects(write(tmp_path, text), "'title'", "appears twice")


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_number_constants(tmp_path: Path, constant: str) -> None:
    """JSON has no NaN or Infinity; Python's reader accepts them unless told not to."""
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        '"position": [864, 256]', f'"position": [{constant}, 256]'
    )
    assert constant in text
    rejects(write(tmp_path, text), constant.lstrip("-"), "not a valid number")


@pytest.mark.parametrize("bad_id", ["has space", "-leading-dash", "", "ünï", "x" * 129, "a/b"])
def test_invalid_element_id_characters(tmp_path: Path, bad_id: str) -> None:
    """IDs are restricted so they are safe in paths, SARIF and risk keys."""
    path, raw = example_with(tmp_path, lambda raw: raw["data_assets"].append({"id": bad_id}))
    rejects(path, f"at data_assets[{len(raw['data_assets']) - 1}].id", "not a valid id")


def test_invalid_design_id(tmp_path: Path) -> None:
    """The design's own ID follows the same rule."""
    path, _ = example_with(tmp_path, lambda raw: raw.update(id="my design!"))
    rejects(path, "at id", "not a valid id")


def test_bad_risk_tracking_key(tmp_path: Path) -> None:
    """Risk decisions are keyed RULE@SUBJECT; anything else is pointed at."""
    path, _ = example_with(
        tmp_path, lambda raw: raw.update(risk_tracking={"accepted-it": {"status": "accepted"}})
    )
    rejects(path, "at risk_tracking.accepted-it", "RULE-ID@SUBJECT-ID")


# ---------------------------------------------------------------------------------------------------------
# Limits and the file system
# ---------------------------------------------------------------------------------------------------------


def test_file_too_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A huge file is refused before it is read, with its size and the limit."""
    monkeypatch.setattr(design_file_module, "MAX_DESIGN_BYTES", 1000)
    path = write(tmp_path, EXAMPLE.read_bytes())
    rejects(path, "too large", f"{path.stat().st_size:,} bytes", "1,000")


def test_too_deeply_nested(tmp_path: Path) -> None:
    """100,000 nested lists in a property value must not crash the reader with RecursionError."""
    depth = 100_000
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        '"internet_facing": true', '"internet_facing": ' + "[" * depth + "]" * depth
    )
    assert len(text) > 2 * depth
    rejects(write(tmp_path, text), "nested too deeply")


def test_directory_instead_of_file(tmp_path: Path) -> None:
    """Opening a folder says it is a folder."""
    folder = tmp_path / "folder.caisa.json"
    folder.mkdir()
    rejects(folder, "folder")


def test_missing_file(tmp_path: Path) -> None:
    """A missing file is a DesignFileError (one line), not a bare FileNotFoundError."""
    missing = tmp_path / "missing.caisa.json"
    rejects(missing, "no such file")
    assert not missing.exists()


# ---------------------------------------------------------------------------------------------------------
# The command line
# ---------------------------------------------------------------------------------------------------------

CLI_CASES: dict[str, Callable[[Path], Path]] = {
    "not-json": lambda folder: write(folder, "{ not json", "broken.caisa.json"),
    "dangling-flow": lambda folder: example_with(
        folder, lambda raw: set_in(raw, "flows", "f-kb-ingest", "source", "ghost")
    )[0],
    "newer-version": lambda folder: write(folder, '{"schema_version": 7, "id": "x"}', "future.caisa.json"),
}


@pytest.mark.parametrize("case", sorted(CLI_CASES))
def test_cli_validate_bad_file_exits_2_with_one_line(tmp_path: Path, case: str) -> None:
    """`caisa validate` on a bad file: exit code 2, one stderr line naming the file, no traceback."""
    path = CLI_CASES[case](tmp_path)
    before = path.read_bytes()
    result = subprocess.run(
        [sys.executable, "-m", "caisa_studio.cli", "validate", str(path)],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert path.name in lines[0]
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert path.read_bytes() == before
