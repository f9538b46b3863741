"""The executive summary in plain language: rating, headline, top risks and next steps.

Plain strings only (each output format escapes and styles them). Written for a reader who will not
read the rest of the report: short sentences, numbers with their meaning, no rule jargon.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from caisa_studio.export.report_coverage import Cell, ControlMatrix, component_matrix
from caisa_studio.export.report_data import SEVERITY_ORDER, ReportData, join_words, plural
from caisa_studio.model import RiskStatus
from caisa_studio.rules import Finding, Severity

TOP_RISKS = 5
EXPIRY_WARNING = timedelta(days=90)
CROWN_JEWEL_WORDS = "model weights, training data, credentials or personal data"

# Open findings are also counted by area: the part of the system a rule family protects.
RULE_AREAS: dict[str, str] = {
    "R-LLM": "Prompts & model output",
    "R-RAG": "Retrieval (RAG)",
    "R-AGT": "Agents & tools",
    "R-ID": "Identity & access",
    "R-ENC": "Encryption",
    "R-NET": "Network exposure",
    "R-PRIV": "Privacy",
    "R-DATA": "Training data",
    "R-SUP": "Supply chain",
    "R-GOV": "Governance",
    "R-LOG": "Logging & response",
    "R-INF": "Model abuse",
    "R-EDGE": "Edge & federated",
    "R-RA": "Reference conformance",
}

RATINGS: dict[Severity | None, str] = {
    Severity.CRITICAL: "Critical risk",
    Severity.HIGH: "High risk",
    Severity.MEDIUM: "Moderate risk",
    Severity.LOW: "Low risk",
    Severity.INFO: "Low risk",
    None: "No open issues",
}


def lower_first(text: str) -> str:
    """Lower-case the first letter for use mid-sentence, unless the first word is an acronym ("AI")."""
    first = text.split(" ", 1)[0]
    if not text or (len(first) > 1 and first[:2].isupper()):
        return text
    return text[0].lower() + text[1:]


def area(rule_id: str) -> str:
    prefix = rule_id.rsplit("-", 1)[0] if rule_id.count("-") >= 2 else rule_id
    return RULE_AREAS.get(prefix, "Other")


@dataclass(frozen=True)
class TopRisk:
    severity: Severity
    rule: str
    title: str
    count: int
    example: str  # the message of the worst instance, a full sentence

    @property
    def where(self) -> str:
        return "1 place" if self.count == 1 else f"{self.count} places"


@dataclass(frozen=True)
class ExecutiveSummary:
    rating: str
    worst: Severity | None
    headline: str
    scope: str
    counts: dict[Severity, int]
    open_total: int
    by_area: tuple[tuple[str, int], ...]
    top_risks: tuple[TopRisk, ...]
    attack_paths: str
    conformance: str
    conformance_score: float | None
    control_coverage: float | None  # implemented share of the applicable, not waived component controls
    coverage: str
    decisions: str
    next_steps: tuple[str, ...]


def executive_summary(data: ReportData) -> ExecutiveSummary:
    counts = data.open_counts
    worst = next((s for s in SEVERITY_ORDER if counts[s]), None)
    matrix = component_matrix(data.facts)
    totals = matrix.totals()
    considered = totals[Cell.IMPLEMENTED] + totals[Cell.PLANNED] + totals[Cell.MISSING]
    coverage = totals[Cell.IMPLEMENTED] / considered if considered else None
    score = data.reference.report.score if data.reference.report is not None else None
    return ExecutiveSummary(
        rating=RATINGS[worst],
        worst=worst,
        headline=_headline(data, counts),
        scope=_scope(data),
        counts=counts,
        open_total=sum(counts.values()),
        by_area=_by_area(data.open_findings),
        top_risks=_top_risks(data),
        attack_paths=_attack_paths(data),
        conformance=conformance_sentence(data),
        conformance_score=score,
        control_coverage=coverage,
        coverage=_coverage(totals, coverage),
        decisions=_decisions(data),
        next_steps=_next_steps(data, matrix),
    )


def _headline(data: ReportData, counts: dict[Severity, int]) -> str:
    critical, high = counts[Severity.CRITICAL], counts[Severity.HIGH]
    medium, low = counts[Severity.MEDIUM], counts[Severity.LOW] + counts[Severity.INFO]
    if critical:
        more = f", and {plural(high, 'more issue')} rated high" if high else ""
        return (
            f"The design has {plural(critical, 'critical issue')}{more}. It should not go live until the "
            "critical issues are fixed and every high-severity issue has an owner and a date."
        )
    if high:
        return (
            f"The design has no critical issues, but {plural(high, 'high-severity issue')} leave "
            f"significant exposure{f' (and {medium} more rated medium)' if medium else ''}. "
            "They should be fixed, or formally accepted by a named owner, before the system goes live."
        )
    if medium:
        return (
            f"The design has no critical or high-severity issues. {plural(medium, 'medium-severity issue')} "
            "should be planned into normal engineering work."
        )
    if low:
        return (
            "The design has no critical, high or medium-severity issues; "
            f"{plural(low, 'low-severity item')} {'is an improvement' if low == 1 else 'are improvements'} "
            "rather than a risk."
        )
    return (
        f"No open issues were found: all {len(data.metas)} rules passed, or their findings have been "
        "resolved or formally accepted."
    )


def _scope(data: ReportData) -> str:
    design = data.design
    return (
        f"CAISA Studio checked “{data.title}” — {plural(len(design.components), 'component')}, "
        f"{plural(len(design.flows), 'data flow')}, "
        f"{plural(len(design.boundaries), 'trust boundary', 'trust boundaries')} "
        f"and {plural(len(design.data_assets), 'data asset')} — against {len(data.metas)} security rules "
        f"for AI "
        "systems, mapped to MITRE ATLAS, the OWASP Top 10 lists, the NIST AI RMF, the EU AI Act and "
        "ISO/IEC 42001."
    )


def _by_area(findings: tuple[Finding, ...]) -> tuple[tuple[str, int], ...]:
    counts: dict[str, int] = {}
    for finding in findings:
        counts[area(finding.rule)] = counts.get(area(finding.rule), 0) + 1
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def _top_risks(data: ReportData) -> tuple[TopRisk, ...]:
    risks = []
    for rule, findings in list(data.open_by_rule.items())[:TOP_RISKS]:
        first = findings[0]
        meta = data.meta(rule)
        risks.append(
            TopRisk(first.severity, rule, meta.title if meta else first.title, len(findings), first.message)
        )
    return tuple(risks)


def _defence_names(data: ReportData, control_ids: tuple[str, ...]) -> str:
    controls = data.catalog.controls
    return join_words((lower_first(controls[c].name) if c in controls else c for c in control_ids), "or")


def _attack_paths(data: ReportData) -> str:
    paths = data.attack_paths
    if not paths:
        return (
            "No attack paths were found: no entry point an attacker controls reaches a component holding "
            f"{CROWN_JEWEL_WORDS} along the drawn data flows."
        )
    first = paths[0]
    route = " → ".join(data.name(n) for n in first.path[0::2])
    lacking = (
        f" and meets no {_defence_names(data, first.missing)} on the way"
        if first.missing
        else ", although every standard defence appears somewhere along it"
    )
    return (
        f"{plural(len(paths), 'attack path')} lead from an entry point an attacker controls to a crown jewel "
        f"(a component holding {CROWN_JEWEL_WORDS}). The most exposed runs {route} in "
        f"{plural(first.hops, 'hop')}{lacking}."
    )


def conformance_sentence(data: ReportData) -> str:
    status = data.reference
    if not status.requested:
        return (
            "No secure reference architecture was chosen for this design, so it was checked against the "
            "rules only, not against a known-good blueprint."
        )
    if status.report is None:
        return (
            f"The design names reference architecture {status.requested}, but {status.problem}; "
            "conformance was not checked."
        )
    report = status.report
    met = sum(1 for r in report.requirements if r.met)
    return (
        f"Against {report.reference_id} ({report.title}) the design meets {met} of "
        f"{plural(len(report.requirements), 'requirement')} ({report.score:.0%})."
    )


def _coverage(totals: dict[Cell, int], coverage: float | None) -> str:
    if coverage is None:
        return "No catalog control applies to the components of this design."
    missing, planned = totals[Cell.MISSING], totals[Cell.PLANNED]
    waived = totals[Cell.NOT_APPLICABLE]
    text = (
        f"{coverage:.0%} of the controls the catalog lists for these components are recorded as in place "
        f"({totals[Cell.IMPLEMENTED]} implemented, {planned} planned, {missing} not in place"
    )
    if waived:
        text += f"; {waived} declared not applicable"
    return text + ")."


def _decisions(data: ReportData) -> str:
    accepted = data.with_status(RiskStatus.ACCEPTED)
    expired = data.expired_acceptances
    parts = []
    if accepted:
        parts.append(f"The team has formally accepted {plural(len(accepted), 'risk')}")
        soon = [f for f in accepted if _expires_within(f, data.generated, EXPIRY_WARNING)]
        if soon:
            parts[-1] += (
                f"; {plural(len(soon), 'acceptance')} expire{'s' if len(soon) == 1 else ''} within 90 days"
            )
        parts[-1] += "."
    if expired:
        parts.append(
            f"{plural(len(expired), 'acceptance')} {'has' if len(expired) == 1 else 'have'} expired and "
            f"{'counts' if len(expired) == 1 else 'count'} as open again."
        )
    return " ".join(parts) if parts else "No risks have been formally accepted."


def _expires_within(finding: Finding, today: date, window: timedelta) -> bool:
    expires = finding.tracking.get("expires")
    if not expires:
        return False
    try:
        return date.fromisoformat(expires) <= today + window
    except ValueError:
        return True


def _next_steps(data: ReportData, matrix: ControlMatrix) -> tuple[str, ...]:
    steps = []
    counts = data.open_counts
    urgent = counts[Severity.CRITICAL] + counts[Severity.HIGH]
    if urgent:
        first_rule = next(iter(data.open_by_rule))
        meta = data.meta(first_rule)
        lead = (meta.title if meta else first_rule).rstrip(".")
        words = "critical and high-severity" if counts[Severity.CRITICAL] else "high-severity"
        steps.append(
            f"Fix the {plural(urgent, words + ' issue')} listed under Findings, starting with: "
            f"{lower_first(lead)}."
        )
    gaps = matrix.missing_by_control()[:3]
    if gaps:
        listed = join_words(f"{lower_first(control.name)} (missing on {count})" for control, count in gaps)
        steps.append(f"Close the most common control gaps: {listed}.")
    if data.attack_paths:
        missing: dict[str, int] = {}
        for path in data.attack_paths:
            for control in path.missing:
                missing[control] = missing.get(control, 0) + 1
        if missing:
            top = max(sorted(missing), key=missing.__getitem__)
            steps.append(
                f"Break the attack paths to the crown jewels: {_defence_names(data, (top,))} is absent from "
                f"{missing[top]} of {plural(len(data.attack_paths), 'path')} (see Attack paths)."
            )
    if not data.reference.requested:
        steps.append(
            "Choose a secure reference architecture so the design is also measured against a known-good "
            "blueprint."
        )
    elif data.reference.report is not None and data.reference.report.score < 1:
        gaps_left = sum(1 for r in data.reference.report.requirements if not r.met)
        steps.append(
            f"Close the {plural(gaps_left, 'gap')} to {data.reference.report.reference_id} listed under "
            f"Reference-architecture conformance."
        )
    if data.expired_acceptances:
        steps.append("Renew or revoke the expired risk acceptances (see Accepted risks).")
    if not steps:
        steps.append("Keep the design under review: re-run this report after every significant change.")
    return tuple(steps[:4])
