"""SARIF 2.1.0 output for code-scanning in CI (GitHub, Azure DevOps, SonarQube ...)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from caisa_studio import __version__
from caisa_studio.model import Design, RiskStatus
from caisa_studio.rules import Finding, Rule, RuleMeta, Severity, ValidationResult

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"

_LEVEL = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}
# GitHub code scanning maps this number to its own critical/high/medium/low badges.
_SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "0.0",
}
_SUPPRESSION_STATUS = {
    RiskStatus.ACCEPTED: "accepted",
    RiskStatus.MITIGATED: "accepted",
    RiskStatus.FALSE_POSITIVE: "accepted",
}


def sarif_log(
    design: Design, result: ValidationResult, rules: Iterable[Rule | RuleMeta], source_uri: str
) -> dict[str, Any]:
    """``rules``: the rules that ran (or their METAs); rule descriptors follow their order."""
    metas = [rule.meta if isinstance(rule, Rule) else rule for rule in rules]
    rule_index = {meta.id: position for position, meta in enumerate(metas)}
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "CAISA Studio",
                        "semanticVersion": __version__,
                        "version": __version__,
                        "informationUri": "https://github.com/caisa-studio/caisa-studio",
                        "rules": [_rule_descriptor(meta) for meta in metas],
                    }
                },
                "artifacts": [{"location": {"uri": source_uri}}],
                "results": [_result(design, finding, rule_index, source_uri) for finding in result.findings],
                "properties": {"design": {"id": design.id, "title": design.title}},
            }
        ],
    }


def _tags(meta: RuleMeta) -> list[str]:
    return ["security", "ai", *(f"{ref.framework}:{ref.id}" for ref in meta.references)]


def _rule_descriptor(meta: RuleMeta) -> dict[str, Any]:
    references = ", ".join(f"{ref.framework} {ref.id}" for ref in meta.references)
    return {
        "id": meta.id,
        "name": meta.title,
        "shortDescription": {"text": meta.title},
        "fullDescription": {"text": meta.why},
        "help": {
            "text": f"{meta.why}\n\nFix: {meta.fix}\n\nReferences: {references}",
            "markdown": f"{meta.why}\n\n**Fix:** {meta.fix}\n\n**References:** {references}",
        },
        "defaultConfiguration": {"level": _LEVEL[meta.severity]},
        "properties": {
            "tags": _tags(meta),
            "security-severity": _SECURITY_SEVERITY[meta.severity],
            "precision": "high",
            "scope": meta.scope,
            "status": meta.status,
        },
    }


def _result(design: Design, finding: Finding, rule_index: dict[str, int], uri: str) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "level": _LEVEL[finding.severity],
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {"artifactLocation": {"uri": uri}},
                "logicalLocations": [_logical_location(design, subject) for subject in finding.subjects],
            }
        ],
        "partialFingerprints": {"caisaFindingId/v1": finding.id},
        "properties": {
            "severity": finding.severity.value,
            "security-severity": _SECURITY_SEVERITY[finding.severity],
            "subject": finding.subject,
            "status": finding.status.value,
            "fix": finding.fix,
        },
    }
    if finding.rule in rule_index:
        result["ruleIndex"] = rule_index[finding.rule]
    if finding.path is not None:
        result["properties"]["path"] = list(finding.path)
    if finding.status in _SUPPRESSION_STATUS:
        result["suppressions"] = [
            {
                "kind": "external",
                "status": _SUPPRESSION_STATUS[finding.status],
                "justification": str(finding.tracking.get("justification") or finding.status.value),
            }
        ]
    return result


def _logical_location(design: Design, element_id: str) -> dict[str, Any]:
    for table, kind in (("components", "component"), ("flows", "flow"), ("boundaries", "boundary")):
        element = getattr(design, table).get(element_id)
        if element is not None:
            name = getattr(element, "name", "") or element_id
            return {"name": name, "fullyQualifiedName": f"{design.id}/{table}/{element_id}", "kind": kind}
    return {"name": design.title or element_id, "fullyQualifiedName": design.id, "kind": "design"}
