"""The read-only context every rule's ``check`` receives."""

from __future__ import annotations

from dataclasses import dataclass

from caisa_studio.analysis import DesignFacts
from caisa_studio.catalog import Catalog
from caisa_studio.model import Design
from caisa_studio.rules.finding import Finding, RuleMeta, Severity


@dataclass
class RuleContext:
    design: Design
    catalog: Catalog
    facts: DesignFacts

    @classmethod
    def for_design(cls, design: Design, catalog: Catalog) -> RuleContext:
        return cls(design, catalog, DesignFacts(design, catalog))

    def finding(
        self,
        meta: RuleMeta,
        subject: str,
        message: str,
        *,
        severity: Severity | None = None,
        subjects: tuple[str, ...] | None = None,
        path: tuple[str, ...] | None = None,
        fix: str | None = None,
    ) -> Finding:
        """A finding of ``meta`` on ``subject`` with the rule's defaults filled in."""
        return Finding(
            rule=meta.id,
            subject=subject,
            severity=severity or meta.severity,
            title=meta.title,
            message=message,
            fix=fix or meta.fix,
            subjects=subjects or (subject,),
            references=meta.references,
            path=path,
        )
