"""Loads rule fixtures (``tests/rule_fixtures/*.yaml``): small designs that must raise a rule, and
variants (a few edits away) that must not.

Fixture shape::

    rule: R-ENC-01
    cases:
      - name: vector index with confidential articles
        design: {components: [...], flows: [...], boundaries: [...], data_assets: [...]}
        expect: [R-ENC-01@vdb]          # finding IDs that must be raised
        severity: high                  # optional: severity of each expected finding
        path: [user, f1, app]           # optional: exact path of the first expected finding
        negatives:                      # variants that must not raise the expected IDs
          - name: encrypted at rest
            edits:
              - set_control: {element: vdb, control: enc_at_rest, status: implemented}

Edit operations: set_control, clear_control, set_property, remove (any element), connect (a flow),
add_component, set_field, assign (boundary membership). They become model edits, so a negative differs
from its positive exactly by what it lists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from caisa_studio.catalog.safe_yaml import load_yaml_file
from caisa_studio.model import Design, DesignDocument
from caisa_studio.model.edit_support import Edit
from caisa_studio.reference.edit_ops import EDIT_OPS
from caisa_studio.reference.edit_ops import to_edit as edit_for

FIXTURE_DIR = Path(__file__).resolve().parent / "rule_fixtures"


@dataclass
class Negative:
    name: str
    edits: list[dict[str, Any]]


@dataclass
class Case:
    rule: str
    name: str
    design: dict[str, Any]
    expect: list[str]
    severity: str | None = None
    path: list[str] | None = None
    negatives: list[Negative] = field(default_factory=list)


def build_design(compact: dict[str, Any]) -> Design:
    data = {"schema_version": 1, "id": "fixture", **compact}
    return Design.model_validate(data)


def load_cases(directory: Path = FIXTURE_DIR) -> list[Case]:
    cases: list[Case] = []
    for path in sorted(directory.glob("*.yaml")):
        raw = load_yaml_file(path)
        rule = raw["rule"]
        assert path.stem == rule, f"{path.name} must be named after its rule ({rule}.yaml)"
        for entry in raw["cases"]:
            negatives = [Negative(n["name"], list(n["edits"])) for n in entry.get("negatives", [])]
            cases.append(
                Case(
                    rule=rule,
                    name=entry["name"],
                    design=entry["design"],
                    expect=list(entry["expect"]),
                    severity=entry.get("severity"),
                    path=entry.get("path"),
                    negatives=negatives,
                )
            )
    return cases


def apply_edits(design: Design, operations: list[dict[str, Any]]) -> Design:
    document = DesignDocument(design)
    for operation in operations:
        document.apply(to_edit(document.design, operation))
    return document.design


def to_edit(design: Design, operation: dict[str, Any]) -> Edit:
    """A fixture edit (``{set_control: {...}}``) as the product's typed edit operation."""
    ((name, args),) = operation.items()
    if name == "connect":
        data: dict[str, Any] = {"op": name, "flow": args}
    elif name == "add_component":
        data = {"op": name, "component": args}
    elif name == "set_property" and "value" not in args:
        data = {"op": name, **args, "remove": True}
    else:
        data = {"op": name, **args}
    if name == "set_control":
        data.setdefault("justification", "fixture")
    (op,) = EDIT_OPS.validate_python([data])
    return edit_for(design, op)
