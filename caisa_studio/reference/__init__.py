"""Secure reference architectures: loading, conformance checking, templates and exercises. No Qt."""

from __future__ import annotations

from caisa_studio.reference.conformance import ConformanceReport, check_conformance
from caisa_studio.reference.loader import (
    ReferenceError,
    exercise_design,
    load_reference,
    reference_by_id,
    shipped_references,
    template_design,
)
from caisa_studio.reference.rule import all_rules, conformance_rule

__all__ = [
    "ConformanceReport",
    "ReferenceError",
    "all_rules",
    "check_conformance",
    "conformance_rule",
    "exercise_design",
    "load_reference",
    "reference_by_id",
    "shipped_references",
    "template_design",
]
