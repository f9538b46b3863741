"""The JSON shape of ``caisa validate --format json`` (a contract other tools parse)."""

from __future__ import annotations

from typing import Any

from caisa_studio.model import Design
from caisa_studio.rules import Finding, Severity, ValidationResult


def finding_to_json(finding: Finding) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": finding.id,
        "rule": finding.rule,
        "severity": finding.severity.value,
        "title": finding.title,
        "message": finding.message,
        "fix": finding.fix,
        "subjects": list(finding.subjects),
        "path": list(finding.path) if finding.path is not None else None,
        "references": [{"framework": r.framework, "id": r.id} for r in finding.references],
        "status": finding.status.value,
    }
    if finding.tracking:
        data["tracking"] = dict(finding.tracking)
    return data


def design_summary(design: Design, source: str | None = None) -> dict[str, Any]:
    return {
        "id": design.id,
        "title": design.title,
        "file": source,
        "schema_version": design.schema_version,
        "reference": design.properties.reference,
        "risk_class": design.properties.risk_class.value if design.properties.risk_class else None,
        "counts": {
            "components": len(design.components),
            "flows": len(design.flows),
            "boundaries": len(design.boundaries),
            "data_assets": len(design.data_assets),
        },
    }


def result_summary(
    result: ValidationResult, fail_on: Severity | None, failing: list[Finding] | None = None
) -> dict[str, Any]:
    if failing is None:
        failing = result.open_at_or_above(fail_on) if fail_on else []
    return {
        "total": len(result.findings),
        "open": len(result.open_findings),
        "open_by_severity": result.counts_by_severity(open_only=True),
        "by_status": result.counts_by_status(),
        "stale_tracking": list(result.stale_tracking),
        "fail_on": fail_on.value if fail_on else "never",
        "failing": len(failing),
        "passed": not failing,
    }


def validation_document(
    design: Design,
    result: ValidationResult,
    fail_on: Severity | None,
    source: str | None = None,
    *,
    failing: list[Finding] | None = None,
    blocking_rules: frozenset[str] = frozenset(),
    conformance: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The contract shape; ``blocking`` on findings and ``conformance`` are optional additions."""
    findings = []
    for finding in result.findings:
        data = finding_to_json(finding)
        if finding.rule in blocking_rules:
            data["blocking"] = True
        findings.append(data)
    document: dict[str, Any] = {
        "design": design_summary(design, source),
        "findings": findings,
        "summary": result_summary(result, fail_on, failing),
    }
    if conformance is not None:
        document["summary"]["conformance"] = conformance
    return document
