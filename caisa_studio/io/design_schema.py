"""The JSON Schema of ``*.caisa.json``, generated from the pydantic model so it cannot drift.

Regenerate with ``uv run python -m caisa_studio.io.design_schema`` (a test fails when the shipped copy
in ``resources/schema/`` is stale).
"""

from __future__ import annotations

import sys
from typing import Any

from caisa_studio.catalog.resources import schema_dir
from caisa_studio.io.json_text import dumps_stable
from caisa_studio.model import Design

SCHEMA_FILE_NAME = "caisa-design.schema.json"
SCHEMA_ID = "https://caisa.studio/schema/caisa-design-1.schema.json"


def design_json_schema() -> dict[str, Any]:
    generated = Design.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "CAISA Studio design (schema_version 1)",
        "description": (
            "A secure AI system design. Component kinds, control IDs and property values are further "
            "checked against the CAISA catalog when a design is loaded."
        ),
        **{key: value for key, value in generated.items() if key not in ("title", "description")},
    }


def render_design_schema() -> str:
    return dumps_stable(design_json_schema())


def main() -> int:
    target = schema_dir() / SCHEMA_FILE_NAME
    target.write_text(render_design_schema(), encoding="utf-8")
    sys.stdout.write(f"wrote {target}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
