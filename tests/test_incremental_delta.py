"""The delta ``Validator.update`` reports (what the findings panel applies) is exactly the difference
between the previous and the new result, after any sequence of edits."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caisa_studio.model import DesignDocument
from caisa_studio.render.view_model import BadgeBook, badges_from
from caisa_studio.rules import Validator
from caisa_studio.rules.results import diff_results

from .test_incremental_validation import SEED_DESIGNS, TODAY, _seed, random_edits


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), seed=st.integers(0, len(SEED_DESIGNS)))
def test_update_delta_is_the_difference_of_the_results(data: st.DataObject, seed: int) -> None:
    document = DesignDocument(_seed(seed))
    live = Validator(today=TODAY)
    previous = live.full(document.design)
    for edit, changes in random_edits(data, document):
        result, delta = live.update(document.design, changes)
        assert delta == diff_results(previous, result), f"after {edit!r}"
        previous = result


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), seed=st.integers(0, len(SEED_DESIGNS)))
def test_badges_followed_by_deltas_equal_badges_recomputed(data: st.DataObject, seed: int) -> None:
    """The canvas keeps its badges from deltas; they must always equal a fresh computation, and
    the subjects it reports as changed must be exactly those whose badge differs."""
    document = DesignDocument(_seed(seed))
    live = Validator(today=TODAY)
    result = live.full(document.design)
    book = BadgeBook()
    assert book.reset(result) == set(badges_from(result))
    for edit, changes in random_edits(data, document):
        before = dict(book.badges)
        result, delta = live.update(document.design, changes)
        changed = book.apply(result, delta)
        expected = badges_from(result)
        assert book.badges == expected, f"after {edit!r}"
        assert changed == {k for k in before.keys() | expected.keys() if before.get(k) != expected.get(k)}
