"""The six shipped secure reference architectures (``reference_architectures/RA-*.yaml``).

Each file must load through the strict schema; its template must validate with no open critical or high
finding (and nothing a blocking rule reports) when it declares its own reference, score 100 % conformance
and be laid out as a tidy diagram; each exercise gap must raise the findings it lists; and removing the
components of any required role must be reported as that role missing.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
import yaml

from caisa_studio.analysis import DesignFacts
from caisa_studio.catalog import default_catalog
from caisa_studio.model import Design, DesignDocument
from caisa_studio.model.edits import RemoveComponent
from caisa_studio.reference import (
    ReferenceError,
    all_rules,
    check_conformance,
    exercise_design,
    load_reference,
    shipped_references,
    template_design,
)
from caisa_studio.reference import loader as reference_loader
from caisa_studio.reference.edit_ops import to_edit
from caisa_studio.reference.gate import Gate
from caisa_studio.reference.schema import ReferenceArchitecture
from caisa_studio.rules import Severity, ValidationResult, Validator

REPO_ROOT = Path(__file__).resolve().parents[1]
REFERENCE_DIR = REPO_ROOT / "reference_architectures"
REFERENCE_IDS = ["RA-1", "RA-2", "RA-3", "RA-4", "RA-5", "RA-6"]

BOX_WIDTH, BOX_HEIGHT = 168, 64  # caisa_studio.render.style COMPONENT_WIDTH / COMPONENT_HEIGHT
PADDING, TOP_PADDING, GRID = 40, 56, 8
# "Few" medium/low findings a template may keep (each must be defensible; today there are none).
MAX_MINOR_FINDINGS = 3


def reference(reference_id: str) -> ReferenceArchitecture:
    return shipped_references()[reference_id]


def validate(design: Design) -> ValidationResult:
    """What the studio and ``caisa validate`` run: every built-in rule plus conformance."""
    return Validator(rules=all_rules()).full(design)


def finding_ids(design: Design) -> set[str]:
    return {finding.id for finding in validate(design).open_findings}


def apply_ops(design: Design, ops: list[Any]) -> Design:
    document = DesignDocument(design)
    for op in ops:
        document.apply(to_edit(document.design, op))
    return document.design


def raw_reference(reference_id: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((REFERENCE_DIR / f"{reference_id}.yaml").read_text("utf-8"))
    return data


def write_reference(tmp_path: Path, data: dict[str, Any], name: str) -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


GAPS = [
    pytest.param(ref_id, index, id=f"{ref_id}-gap{index + 1}")
    for ref_id in REFERENCE_IDS
    for index in range(len(load_reference(REFERENCE_DIR / f"{ref_id}.yaml").exercise.gaps))
]
REQUIRED_ROLES = [
    pytest.param(ref_id, role.id, id=f"{ref_id}-{role.id}")
    for ref_id in REFERENCE_IDS
    for role in load_reference(REFERENCE_DIR / f"{ref_id}.yaml").roles
    if role.min_count >= 1
]


# -- the files ------------------------------------------------------------------------------------------
def test_exactly_the_six_references_ship() -> None:
    assert sorted(path.stem for path in REFERENCE_DIR.glob("RA-*.yaml")) == REFERENCE_IDS
    assert list(shipped_references()) == REFERENCE_IDS


@pytest.mark.parametrize("reference_id", REFERENCE_IDS)
def test_file_passes_the_schema(reference_id: str) -> None:
    path = REFERENCE_DIR / f"{reference_id}.yaml"
    parsed = ReferenceArchitecture.model_validate(raw_reference(reference_id))
    loaded = load_reference(path)
    assert loaded == parsed
    assert loaded.id == reference_id == path.stem
    assert loaded.title and loaded.summary and loaded.sources
    assert all(source.title and source.url.startswith("https://") for source in loaded.sources)
    assert loaded.required_zones and loaded.blocking_rules and loaded.required_flows


@pytest.mark.parametrize("reference_id", REFERENCE_IDS)
def test_blocking_rules_and_controls_exist(reference_id: str) -> None:
    rule_ids = {rule.meta.id for rule in all_rules()}
    ref = reference(reference_id)
    assert set(ref.blocking_rules) <= rule_ids
    catalog = default_catalog()
    for role in ref.roles:
        assert set(role.controls) <= set(catalog.controls)


def test_schema_rejects_an_unknown_field(tmp_path: Path) -> None:
    data = raw_reference("RA-1")
    data["colour"] = "red"
    path = write_reference(tmp_path, data, "RA-1.yaml")
    with pytest.raises(ReferenceError) as error:
        load_reference(path)
    assert str(path) in str(error.value)
    assert "colour" in str(error.value)


def test_schema_rejects_an_unknown_field_in_a_role(tmp_path: Path) -> None:
    data = raw_reference("RA-2")
    data["roles"][0]["weight"] = 3
    path = write_reference(tmp_path, data, "RA-2.yaml")
    with pytest.raises(ReferenceError, match="weight"):
        load_reference(path)


def test_role_pointing_at_an_unknown_kind_is_rejected(tmp_path: Path) -> None:
    data = raw_reference("RA-3")
    data["roles"][1]["select"] = {"type": "kinds", "kinds": ["data_pipeline", "quantum_pipeline"]}
    path = write_reference(tmp_path, data, "RA-3.yaml")
    with pytest.raises(ReferenceError) as error:
        load_reference(path)
    message = str(error.value)
    assert str(path) in message
    assert "roles[1].select.kinds" in message
    assert "quantum_pipeline" in message


def test_loader_requires_the_file_name_to_match_the_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "RA-7.yaml").write_bytes((REFERENCE_DIR / "RA-1.yaml").read_bytes())
    monkeypatch.setattr(reference_loader, "reference_architectures_dir", lambda: tmp_path)
    shipped_references.cache_clear()
    try:
        with pytest.raises(ReferenceError) as error:
            shipped_references()
    finally:
        shipped_references.cache_clear()
    assert "RA-7.yaml" in str(error.value)
    assert "file name must be RA-1.yaml" in str(error.value)


# -- the templates ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("reference_id", REFERENCE_IDS)
def test_template_declares_its_reference(reference_id: str) -> None:
    design = template_design(reference(reference_id))
    assert design.properties.reference == reference_id


@pytest.mark.parametrize("reference_id", REFERENCE_IDS)
def test_template_validates_clean(reference_id: str) -> None:
    design = template_design(reference(reference_id))
    result = validate(design)
    serious = [f.id for f in result.open_at_or_above(Severity.HIGH)]
    assert serious == []
    assert Gate.for_design(design, Severity.HIGH).failing(result) == [], "a blocking rule reports something"
    minor = [f.id for f in result.open_findings]
    assert len(minor) <= MAX_MINOR_FINDINGS, minor


@pytest.mark.parametrize("reference_id", REFERENCE_IDS)
def test_template_conforms_fully(reference_id: str) -> None:
    ref = reference(reference_id)
    design = template_design(ref)
    report = check_conformance(DesignFacts(design, default_catalog()), ref)
    assert report.score == 1.0, [r.id for r in report.requirements if not r.met]
    assert report.findings == ()
    assert not any(f.rule.startswith("R-RA") for f in validate(design).findings)


@pytest.mark.parametrize("reference_id", REFERENCE_IDS)
def test_template_draws_every_required_zone(reference_id: str) -> None:
    ref = reference(reference_id)
    design = template_design(ref)
    assert set(ref.required_zones) <= {boundary.zone for boundary in design.boundaries.values()}
    assert all(component.boundary for component in design.components.values())


@pytest.mark.parametrize("reference_id", REFERENCE_IDS)
def test_template_has_data_assets_on_stores_and_flows(reference_id: str) -> None:
    design = template_design(reference(reference_id))
    assert design.data_assets
    assert all(flow.carries for flow in design.flows.values()), "every flow says what it carries"
    catalog = default_catalog()
    for component in design.components.values():
        for control in component.controls:
            assert catalog.control_applies(control, component.kind), (component.id, control)


def overlaps(a: tuple[float, ...], b: tuple[float, ...], gap: float = 0) -> bool:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    return ax < bx + bw + gap and bx < ax + aw + gap and ay < by + bh + gap and by < ay + ah + gap


@pytest.mark.parametrize("reference_id", REFERENCE_IDS)
def test_template_layout_is_tidy(reference_id: str) -> None:
    """Boxes on the 8 px grid, inside their boundary with padding, apart from each other; boundaries
    apart from each other."""
    design = template_design(reference(reference_id))
    boxes = {c.id: (*c.position, BOX_WIDTH, BOX_HEIGHT) for c in design.components.values()}
    for component in design.components.values():
        x, y = component.position
        assert x % GRID == 0 and y % GRID == 0, component.id
        assert component.boundary is not None
        bx, by, bw, bh = design.boundaries[component.boundary].rect
        assert x - bx >= PADDING and bx + bw - (x + BOX_WIDTH) >= PADDING, component.id
        assert y - by >= TOP_PADDING and by + bh - (y + BOX_HEIGHT) >= PADDING, component.id
    for (a, box_a), (b, box_b) in itertools.combinations(boxes.items(), 2):
        assert not overlaps(box_a, box_b, PADDING), (a, b)
    for a, b in itertools.combinations(design.boundaries.values(), 2):
        assert not overlaps(a.rect, b.rect, PADDING), (a.id, b.id)
        assert all(value % GRID == 0 for value in (*a.rect, *b.rect))


# -- the exercises ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("reference_id", "index"), GAPS)
def test_each_gap_raises_what_it_lists(reference_id: str, index: int) -> None:
    ref = reference(reference_id)
    gap = ref.exercise.gaps[index]
    assert gap.description and gap.edits
    before = finding_ids(template_design(ref))
    after = finding_ids(apply_ops(template_design(ref), list(gap.edits)))
    assert set(gap.expect) <= after, sorted(set(gap.expect) - after)
    assert not set(gap.expect) & before, "the template already raises it"


@pytest.mark.parametrize("reference_id", REFERENCE_IDS)
def test_exercise_variant_raises_every_gap_and_fails(reference_id: str) -> None:
    ref = reference(reference_id)
    assert 5 <= len(ref.exercise.gaps) <= 10
    design = exercise_design(ref)
    result = validate(design)
    raised = {finding.id for finding in result.open_findings}
    listed = {expected for gap in ref.exercise.gaps for expected in gap.expect}
    assert listed <= raised, sorted(listed - raised)
    assert Gate.for_design(design, Severity.HIGH).failing(result)


@pytest.mark.parametrize(("reference_id", "role_id"), REQUIRED_ROLES)
def test_removing_a_required_role_is_reported(reference_id: str, role_id: str) -> None:
    ref = reference(reference_id)
    design = template_design(ref)
    members = check_conformance(DesignFacts(design, default_catalog()), ref).roles[role_id]
    role = next(r for r in ref.roles if r.id == role_id)
    assert len(members) >= role.min_count
    document = DesignDocument(design)
    for member in members:
        document.apply(RemoveComponent(member))
    assert f"R-RA-01@{reference_id}:{role_id}" in finding_ids(document.design)
