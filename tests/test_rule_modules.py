"""House rules for rule modules: documented META, pure checks that read through ``DesignFacts``.

Reading controls and properties only through ``ctx.facts`` lets the engine record what each rule
depends on, which is what makes incremental re-validation exact.
"""

from __future__ import annotations

import inspect
import re

import pytest

from caisa_studio.catalog import default_catalog
from caisa_studio.rules import builtin_rules
from caisa_studio.rules.builtin import BUILTIN_RULE_MODULES

RULE_ID = re.compile(r"^R-[A-Z]+-\d\d$")
DIRECT_ACCESS = re.compile(r"(?<!design)\.(properties|controls)\b")
FORBIDDEN_CALLS = re.compile(r"\b(open|eval|exec|print|setattr)\(|import (os|sys|subprocess|PySide6)")


@pytest.mark.parametrize("module", BUILTIN_RULE_MODULES, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_rule_module_reads_through_facts_only(module: object) -> None:
    source = inspect.getsource(module)  # type: ignore[arg-type]
    assert not DIRECT_ACCESS.search(source), "use ctx.facts.prop / has / satisfied, not .properties/.controls"
    assert not FORBIDDEN_CALLS.search(source)


def test_rule_ids_are_unique_well_formed_and_documented() -> None:
    rules = builtin_rules()
    ids = [rule.meta.id for rule in rules]
    assert len(ids) == len(set(ids)) == 49
    catalog = default_catalog()
    for rule in rules:
        meta = rule.meta
        assert RULE_ID.match(meta.id), meta.id
        assert meta.why.strip() and meta.fix.strip() and meta.title.strip(), meta.id
        assert meta.references, f"{meta.id} cites no framework"
        unknown = [
            f"{r.framework}:{r.id}" for r in meta.references if not catalog.has_reference(r.framework, r.id)
        ]
        assert unknown == [], f"{meta.id} cites unknown IDs"
        if meta.path_rule:
            assert meta.reach == "global", f"{meta.id}: path rules search beyond the neighbourhood"
