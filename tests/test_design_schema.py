"""The shipped JSON Schema of the design file stays in step with the model and accepts real designs."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from caisa_studio.io.design_schema import SCHEMA_FILE_NAME, render_design_schema

from .conftest import REPO_ROOT

SHIPPED = REPO_ROOT / "resources" / "schema" / SCHEMA_FILE_NAME


def test_shipped_schema_is_current() -> None:
    """Regenerate with `uv run python -m caisa_studio.io.design_schema` when this fails."""
    assert SHIPPED.read_text(encoding="utf-8") == render_design_schema()


def test_schema_accepts_the_example_and_rejects_a_broken_copy(example_path: Path) -> None:
    schema = json.loads(SHIPPED.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    design = json.loads(example_path.read_text(encoding="utf-8"))
    assert list(validator.iter_errors(design)) == []
    design["components"][0]["position"] = "top left"
    design["flows"][0]["id"] = "bad id with spaces"
    assert len(list(validator.iter_errors(design))) == 2
