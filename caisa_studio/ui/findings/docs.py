"""What the details pane says about a finding: the rule's documentation, reference links to the
frameworks' public pages, the path as "A → B → C", and the team's tracking decision. No Qt here.

Links are only written into the text; the studio never opens a connection by itself (the pane opens a
link in the browser only when the user clicks it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from html import escape
from urllib.parse import quote

from caisa_studio.catalog import Catalog
from caisa_studio.model import Design, RiskStatus
from caisa_studio.reference.conformance import CONFORMANCE_METAS
from caisa_studio.rules import Finding, Reference, RuleMeta, builtin_rules
from caisa_studio.ui.severity_style import SEVERITY_COLOURS

STATUS_LABELS: dict[RiskStatus, str] = {
    RiskStatus.OPEN: "Open",
    RiskStatus.ACCEPTED: "Accepted",
    RiskStatus.MITIGATED: "Mitigated",
    RiskStatus.FALSE_POSITIVE: "False positive",
}


@cache
def _metas() -> dict[str, RuleMeta]:
    metas = {rule.meta.id: rule.meta for rule in builtin_rules()}
    metas.update((meta.id, meta) for meta in CONFORMANCE_METAS)
    return metas


def rule_meta(rule_id: str) -> RuleMeta | None:
    """The documentation of a built-in rule or of a conformance check (R-RA-0n)."""
    return _metas().get(rule_id)


@dataclass(frozen=True)
class ReferenceLink:
    framework: str
    framework_name: str
    item_id: str
    item_name: str
    url: str | None

    @property
    def text(self) -> str:
        return f"{self.framework_name} {self.item_id}"


def reference_link(catalog: Catalog, reference: Reference) -> ReferenceLink:
    """The public page of a cited framework item: its own URL, the framework's item URL pattern, or
    the framework's home page."""
    spec = catalog.frameworks.get(reference.framework)
    if spec is None:
        return ReferenceLink(reference.framework, reference.framework, reference.id, "", None)
    item = catalog.framework_item(reference.framework, reference.id)
    if item is not None and item.url:
        url: str | None = item.url
    elif spec.item_url and "{id}" in spec.item_url:
        url = spec.item_url.replace("{id}", quote(reference.id, safe=".:"))
    else:
        url = spec.url or None
    if url is not None and not url.startswith(("https://", "http://")):
        url = None
    name = item.name if item is not None else ""
    return ReferenceLink(
        reference.framework, short_name(reference.framework, spec.name), reference.id, name, url
    )


# Short labels for the frameworks the catalog ships (combo boxes and reference lists stay readable);
# any other framework shows its own name.
SHORT_NAMES = {
    "atlas": "MITRE ATLAS",
    "cosai": "CoSAI Risk Map",
    "eu-ai-act": "EU AI Act",
    "iso-42001": "ISO/IEC 42001",
    "nist-ai-600-1": "NIST AI 600-1",
    "nist-ai-rmf": "NIST AI RMF",
    "nist-aml": "NIST AI 100-2",
    "owasp-agentic-threats": "OWASP Agentic Threats",
    "owasp-agentic": "OWASP Agentic Top 10",
    "owasp-llm": "OWASP LLM Top 10",
    "owasp-ml": "OWASP ML Top 10",
}


def short_name(framework: str, full_name: str) -> str:
    return SHORT_NAMES.get(framework, full_name)


def framework_names(catalog: Catalog) -> dict[str, str]:
    return {key: short_name(key, spec.name) for key, spec in catalog.frameworks.items()}


def subject_name(design: Design, subject: str) -> str:
    """How a finding's subject reads: an element's name, or "Whole design" for design-wide findings."""
    if subject == design.id and design.element(subject) is None:
        return "Whole design"
    return design.display_name(subject)


def path_text(design: Design, path: tuple[str, ...] | None) -> str:
    """The components along a path, "A → B → C" (flows are the arrows)."""
    if not path:
        return ""
    names = [design.display_name(element) for element in path if element not in design.flows]
    return " → ".join(names)


def status_text(finding: Finding) -> str:
    if finding.status is RiskStatus.OPEN and finding.tracking.get("note"):
        return "Open (acceptance expired)"
    return STATUS_LABELS.get(finding.status, finding.status.value)


def acceptance_expired(finding: Finding) -> bool:
    return bool(finding.tracking.get("note")) and finding.status is RiskStatus.OPEN


def expires_soon(finding: Finding, today: date, days: int = 14) -> bool:
    expires = finding.tracking.get("expires")
    if finding.status is not RiskStatus.ACCEPTED or not expires:
        return False
    try:
        return (date.fromisoformat(expires) - today).days <= days
    except ValueError:
        return False


def details_html(design: Design, finding: Finding, catalog: Catalog, muted: str = "#5B6472") -> str:
    """The details pane: title, message, why, how to fix, path, references, tracking."""
    meta = rule_meta(finding.rule)
    colour = SEVERITY_COLOURS[finding.severity]
    subject = escape(subject_name(design, finding.subject))
    parts = [
        f"<p style='margin:0 0 2px 0'><span style='background:{colour}; color:white;'>"
        f"&nbsp;{escape(finding.severity.value.upper())}&nbsp;</span>"
        f"&nbsp;&nbsp;<b>{escape(finding.rule)}</b>"
        f"&nbsp;·&nbsp;<span style='color:{muted}'>{escape(status_text(finding))}</span></p>",
        f"<h3 style='margin:4px 0 2px 0'>{escape(finding.title)}</h3>",
        f"<p style='margin:0 0 6px 0; color:{muted}'>On <b>{subject}</b>"
        f" <span style='color:{muted}'>({escape(finding.subject)})</span></p>",
        f"<p style='margin:0 0 6px 0'>{escape(finding.message)}</p>",
    ]
    if finding.path:
        parts.append(_section("Path", escape(path_text(design, finding.path))))
    tracking = _tracking_html(finding, muted)
    if tracking:
        parts.append(tracking)
    if meta is not None:
        parts.append(_section("Why it matters", escape(meta.why)))
    parts.append(_section("How to fix", escape(finding.fix)))
    links = [reference_link(catalog, reference) for reference in finding.references]
    if links:
        items = "".join(f"<li>{_link_html(link, muted)}</li>" for link in links)
        parts.append(
            "<p style='margin:8px 0 0 0'><b>References</b></p>"
            f"<ul style='margin:2px 0 0 0; -qt-list-indent:1'>{items}</ul>"
        )
    return "".join(parts)


def _section(title: str, body: str) -> str:
    return f"<p style='margin:8px 0 0 0'><b>{escape(title)}</b><br>{body}</p>"


def _link_html(link: ReferenceLink, muted: str) -> str:
    label = escape(link.text)
    name = f" <span style='color:{muted}'>— {escape(link.item_name)}</span>" if link.item_name else ""
    if link.url is None:
        return label + name
    return f"<a href='{escape(link.url, quote=True)}'>{label}</a>{name}"


def _tracking_html(finding: Finding, muted: str) -> str:
    tracking = finding.tracking
    if not tracking:
        return ""
    rows = [("Status", status_text(finding))]
    for key, title in (("owner", "Owner"), ("justification", "Justification"), ("date", "Decided")):
        value = tracking.get(key)
        if value:
            rows.append((title, value))
    expires = tracking.get("expires")
    if finding.status is RiskStatus.ACCEPTED or tracking.get("note"):
        rows.append(("Expires", expires or "never"))
    body = "<br>".join(f"<span style='color:{muted}'>{escape(k)}:</span> {escape(v)}" for k, v in rows)
    note = tracking.get("note")
    if note:
        body += (
            f"<br><span style='color:{SEVERITY_COLOURS[finding.severity]}'><b>Acceptance expired</b>"
            f" — {escape(note)}; the finding counts as open again.</span>"
        )
    return _section("Tracking", body)
