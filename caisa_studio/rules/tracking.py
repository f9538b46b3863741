"""Risk tracking: the team's decisions (accepted, mitigated, false positive) applied to findings."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from caisa_studio.model import RiskEntry, RiskStatus
from caisa_studio.rules.finding import Finding


def apply_tracking(
    findings: Iterable[Finding], tracking: dict[str, RiskEntry], today: date
) -> tuple[list[Finding], list[str]]:
    """Findings with their tracked status, and the tracking keys whose finding no longer fires."""
    result: list[Finding] = []
    fired: set[str] = set()
    for finding in findings:
        fired.add(finding.id)
        entry = tracking.get(finding.id)
        if entry is None:
            result.append(finding)
            continue
        status = entry.status
        details: dict[str, str | None] = {
            "justification": entry.justification,
            "owner": entry.owner,
            "date": entry.date,
            "expires": entry.expires,
        }
        if status is RiskStatus.ACCEPTED and _expired(entry, today):
            status = RiskStatus.OPEN
            details["note"] = f"acceptance expired on {entry.expires}"
        result.append(finding.with_status(status, details))
    stale = sorted(key for key in tracking if key not in fired)
    return result, stale


def _expired(entry: RiskEntry, today: date) -> bool:
    if not entry.expires:
        return False
    try:
        return date.fromisoformat(entry.expires) < today
    except ValueError:
        return True  # an unreadable expiry date must not keep a risk accepted forever
