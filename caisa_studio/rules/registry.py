"""Rules as values: the metadata plus the pure check function of each rule module."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from caisa_studio.rules.builtin import BUILTIN_RULE_MODULES
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, RuleMeta

CheckFunction = Callable[[RuleContext, Any], Iterator[Finding]]
# Optional: the IDs of the only subjects ``check`` can raise a finding on (a superset is fine), so
# that a full run does not call ``check`` on every component or flow of a large design. It must read
# through ``ctx.facts`` like ``check`` (structure, or memoised values whose reads are replayed).
CandidatesFunction = Callable[[RuleContext], Collection[str]]


@dataclass(frozen=True)
class Rule:
    meta: RuleMeta
    check: CheckFunction
    candidates: CandidatesFunction | None = None

    @classmethod
    def from_module(cls, module: ModuleType) -> Rule:
        return cls(meta=module.META, check=module.check, candidates=getattr(module, "candidates", None))


def builtin_rules() -> tuple[Rule, ...]:
    return tuple(Rule.from_module(module) for module in BUILTIN_RULE_MODULES)


def rules_by_id(rules: Iterable[Rule]) -> dict[str, Rule]:
    return {rule.meta.id: rule for rule in rules}
