"""Validation rules (one module each) and the engine that runs them. No Qt."""

from __future__ import annotations

from caisa_studio.rules.engine import Validator
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity
from caisa_studio.rules.registry import Rule, builtin_rules
from caisa_studio.rules.results import FindingsDelta, ValidationResult

__all__ = [
    "Finding",
    "FindingsDelta",
    "Reference",
    "Rule",
    "RuleMeta",
    "Severity",
    "ValidationResult",
    "Validator",
    "builtin_rules",
]
