"""The dialog that records a decision on a finding: accept (justification, owner, optional expiry)
or false positive (justification, owner).

Window-modal but opened with ``open()``, never ``exec()``: the studio keeps its event loop and tests
fill the fields and call ``accept()`` on the dialog the panel exposes as ``FindingsPanel.dialog``.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from caisa_studio.model import RiskEntry, RiskStatus
from caisa_studio.rules import Finding

DEFAULT_EXPIRY_DAYS = 90


class StatusDialog(QDialog):
    """Asks why (required), who owns the decision and, for an acceptance, until when it holds."""

    def __init__(
        self,
        finding: Finding,
        subject_name: str,
        status: RiskStatus,
        today: date,
        owner: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("finding-status-dialog")
        self.finding = finding
        self.status = status
        self.today = today
        accepting = status is RiskStatus.ACCEPTED
        self.setWindowTitle("Accept risk" if accepting else "Mark as false positive")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(440)
        intro = QLabel(f"<b>{finding.rule}</b> on <b>{_esc(subject_name)}</b><br>{_esc(finding.title)}")
        intro.setWordWrap(True)
        explain = QLabel(
            "An accepted risk stops counting as open until it expires; record why it is acceptable."
            if accepting
            else "The finding does not apply to this design; record why, so reviewers can check it."
        )
        explain.setWordWrap(True)
        self.justification = QPlainTextEdit()
        self.justification.setObjectName("justification")
        self.justification.setPlaceholderText("Required")
        self.justification.setTabChangesFocus(True)
        self.justification.setFixedHeight(84)
        self.owner = QLineEdit(owner)
        self.owner.setObjectName("owner")
        self.owner.setPlaceholderText("Who owns this decision (optional)")
        self.expires_check = QCheckBox("Expires on")
        self.expires_check.setObjectName("expires-check")
        self.expires = QDateEdit()
        self.expires.setObjectName("expires")
        self.expires.setCalendarPopup(True)
        self.expires.setDisplayFormat("yyyy-MM-dd")
        self.expires.setMinimumDate(_qdate(today))
        self.expires.setDate(_qdate(today).addDays(DEFAULT_EXPIRY_DAYS))
        self.expires.setEnabled(False)
        self.expires_check.toggled.connect(self.expires.setEnabled)
        form = QFormLayout()
        form.addRow("Justification", self.justification)
        form.addRow("Owner", self.owner)
        if accepting:
            expiry_row = QHBoxLayout()
            expiry_row.addWidget(self.expires_check)
            expiry_row.addWidget(self.expires)
            expiry_row.addStretch(1)
            form.addRow("Expiry", expiry_row)
            existing = finding.tracking.get("expires")
            if existing:
                self.set_expiry(date.fromisoformat(existing) if _iso(existing) else None)
        else:
            self.expires_check.hide()
            self.expires.hide()
        previous = finding.tracking.get("justification")
        if previous:
            self.justification.setPlainText(previous)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Accept risk" if accepting else "Mark false positive")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.justification.textChanged.connect(self._update_ok)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._update_ok()
        self.justification.setFocus()

    def set_expiry(self, expires: date | None) -> None:
        self.expires_check.setChecked(expires is not None)
        if expires is not None:
            # An acceptance that already ran out is renewed from today, not back-dated.
            if expires < self.today:
                expires = date.fromordinal(self.today.toordinal() + DEFAULT_EXPIRY_DAYS)
            self.expires.setDate(_qdate(expires))

    def valid(self) -> bool:
        return bool(self.justification.toPlainText().strip())

    def accept(self) -> None:
        if not self.valid():  # Enter with an empty justification does nothing
            self.justification.setFocus()
            return
        super().accept()

    def entry(self) -> RiskEntry:
        """The decision as the design records it (dated today)."""
        expires = None
        if self.status is RiskStatus.ACCEPTED and self.expires_check.isChecked():
            expires = self.expires.date().toString("yyyy-MM-dd")
        return RiskEntry(
            status=self.status,
            justification=self.justification.toPlainText().strip(),
            owner=self.owner.text().strip(),
            date=self.today.isoformat(),
            expires=expires,
        )

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.valid())


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _iso(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
