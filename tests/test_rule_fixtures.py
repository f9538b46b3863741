"""Every rule fires on its positive fixtures and stays silent on their negative variants."""

from __future__ import annotations

from datetime import date

import pytest

from caisa_studio.rules import Validator, builtin_rules
from caisa_studio.rules.builtin import BUILTIN_RULE_MODULES

from .rule_fixture_support import Case, apply_edits, build_design, load_cases

CASES = load_cases()
TODAY = date(2026, 1, 15)


def _case_id(case: Case) -> str:
    return f"{case.rule}:{case.name}"


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_positive_fixture_raises_the_rule(case: Case) -> None:
    result = Validator(today=TODAY).full(build_design(case.design))
    raised = {f.id for f in result.findings}
    missing = [expected for expected in case.expect if expected not in raised]
    assert not missing, f"not raised: {missing}; raised: {sorted(raised)}"
    for expected in case.expect:
        finding = result.get(expected)
        assert finding is not None and finding.rule == case.rule
        if case.severity:
            assert finding.severity.value == case.severity, finding.message
        assert finding.message and finding.fix
    if case.path is not None:
        first = result.get(case.expect[0])
        assert first is not None and first.path is not None
        assert list(first.path) == case.path


NEGATIVES = [(case, negative) for case in CASES for negative in case.negatives]


@pytest.mark.parametrize(
    ("case", "negative"), NEGATIVES, ids=[f"{c.rule}:{c.name}/{n.name}" for c, n in NEGATIVES]
)
def test_negative_variant_is_silent(case: Case, negative: object) -> None:
    design = apply_edits(build_design(case.design), negative.edits)  # type: ignore[attr-defined]
    result = Validator(today=TODAY).full(design)
    raised = {f.id for f in result.findings}
    assert not raised & set(case.expect), f"still raised: {sorted(raised & set(case.expect))}"


def test_every_rule_has_a_positive_and_a_negative_fixture() -> None:
    positives = {case.rule for case in CASES}
    negatives = {case.rule for case in CASES if case.negatives}
    rule_ids = {rule.meta.id for rule in builtin_rules()}
    assert rule_ids - positives == set(), "rules without a positive fixture"
    assert rule_ids - negatives == set(), "rules without a negative fixture"


def test_no_rule_is_a_placeholder() -> None:
    placeholders = [m.__name__ for m in BUILTIN_RULE_MODULES if getattr(m, "PLACEHOLDER", False)]
    assert placeholders == []
