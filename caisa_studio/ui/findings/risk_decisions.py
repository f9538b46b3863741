"""The team's decision on the selected finding: accept or false positive (asked for in
``StatusDialog``), mitigated (no dialog: the previous justification stays), reopen (the decision is
forgotten and the finding counts as open again).

Each decision is one ``SetRiskEntry`` pushed on the session, so one undo step. The owner entered last
is remembered in QSettings and offered again. The functions read the panel's replaceable parts
(``today``, ``dialog_factory``) when they run, so tests and embedders can swap them at any time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt

from caisa_studio.model import RiskEntry, RiskStatus
from caisa_studio.model.edits import SetRiskEntry
from caisa_studio.rules import Finding
from caisa_studio.ui.findings.dialogs import StatusDialog
from caisa_studio.ui.findings.docs import subject_name

if TYPE_CHECKING:
    from caisa_studio.ui.findings_panel import FindingsPanel

OWNER_KEY = "findings/owner"


def decision_states(finding: Finding | None, tracked: bool) -> dict[str, bool]:
    """Which decision actions are enabled (``finding`` None: nothing selected or no open design).
    A decision is not offered again while it stands, except an acceptance that has expired."""
    status = finding.status if finding is not None else None
    expired = finding is not None and bool(finding.tracking.get("note"))
    has = finding is not None
    return {
        "accept": has and (status is not RiskStatus.ACCEPTED or expired),
        "mitigated": has and status is not RiskStatus.MITIGATED,
        "false_positive": has and status is not RiskStatus.FALSE_POSITIVE,
        "reopen": tracked,
    }


def open_status_dialog(panel: FindingsPanel, status: RiskStatus) -> StatusDialog | None:
    """Ask for the justification of an acceptance or a false positive; the decision is pushed when the
    dialog is accepted. The dialog is window-modal but not blocking (``open()``, not ``exec()``)."""
    session, finding = panel.current_session(), panel.selected_finding()
    if session is None or finding is None:
        return None
    owner = finding.tracking.get("owner") or _remembered_owner()
    dialog = panel.dialog_factory(
        finding, subject_name(session.design, finding.subject), status, panel.today(), owner, panel
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(lambda: _dialog_done(panel, dialog, finding.id))
    dialog.finished.connect(lambda _result: _forget_dialog(panel, dialog))
    panel.dialog = dialog
    dialog.open()
    return dialog


def mark_mitigated(panel: FindingsPanel) -> bool:
    session, finding = panel.current_session(), panel.selected_finding()
    if session is None or finding is None:
        return False
    previous = session.design.risk_tracking.get(finding.id)
    owner = previous.owner if previous else _remembered_owner()
    entry = RiskEntry(
        status=RiskStatus.MITIGATED,
        justification=previous.justification if previous else "",
        owner=owner,
        date=panel.today().isoformat(),
    )
    return _push_entry(panel, finding.id, entry, f"Mark mitigated: {finding.id}")


def reopen(panel: FindingsPanel) -> bool:
    session, finding = panel.current_session(), panel.selected_finding()
    if session is None or finding is None or finding.id not in session.design.risk_tracking:
        return False
    return session.push(SetRiskEntry(finding.id, None), f"Reopen {finding.id}")


def _dialog_done(panel: FindingsPanel, dialog: StatusDialog, finding_id: str) -> None:
    entry = dialog.entry()
    if entry.owner:
        QSettings().setValue(OWNER_KEY, entry.owner)
    verb = "Accept" if entry.status is RiskStatus.ACCEPTED else "Mark false positive:"
    _push_entry(panel, finding_id, entry, f"{verb} {finding_id}")


def _forget_dialog(panel: FindingsPanel, dialog: StatusDialog) -> None:
    if panel.dialog is dialog:
        panel.dialog = None


def _push_entry(panel: FindingsPanel, finding_id: str, entry: RiskEntry, text: str) -> bool:
    session = panel.current_session()
    if session is None:
        return False
    return session.push(SetRiskEntry(finding_id, entry), text)


def _remembered_owner() -> str:
    return str(QSettings().value(OWNER_KEY, "") or "")
