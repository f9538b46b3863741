"""The quick-fix action of the findings panel: its label, tooltip and enabled state follow the
selected finding, and a fix is offered only once ``QuickFixer`` has verified it on the current design.

Edits often come in bursts (typing a name, a drag): after an edit the fix is re-verified once the
edits settle (``RECHECK_DELAY_MS``), not after every one. A click verifies it again before applying.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QToolButton

from caisa_studio.catalog import Catalog
from caisa_studio.rules import Finding
from caisa_studio.ui.findings.docs import subject_name
from caisa_studio.ui.findings.quick_fixes import NO_FIX_LABEL, QuickFix, QuickFixer
from caisa_studio.ui.session import DesignSession

RECHECK_DELAY_MS = 150  # the quick fix of the selected finding is re-verified this long after an edit


class QuickFixAction(QObject):
    """Keeps ``action`` (and the tooltip of ``button``, which shows it) in step with the selected
    finding's quick fix; ``current`` is the fix as last verified."""

    def __init__(
        self,
        action: QAction,
        button: QToolButton,
        catalog: Catalog,
        session: Callable[[], DesignSession | None],
        selected: Callable[[], Finding | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.action = action
        self.button = button
        self.catalog = catalog
        self._session = session
        self._selected = selected
        self.current: QuickFix | None = None
        self._fixer: QuickFixer | None = None
        self._recheck = QTimer(self)
        self._recheck.setSingleShot(True)
        self._recheck.setInterval(RECHECK_DELAY_MS)
        self._recheck.timeout.connect(self.refresh)

    def forget_rules(self) -> None:
        """Another session may validate with other rules: the next check builds a new fixer."""
        self._fixer = None

    def evaluate(self) -> QuickFix | None:
        """The selected finding's quick fix, verified against the current design."""
        session, finding = self._session(), self._selected()
        if session is None or finding is None:
            return None
        if self._fixer is None:
            self._fixer = QuickFixer(self.catalog, session.validator.rules)
        return self._fixer.evaluate(session.design, finding, session.document.revision)

    def refresh_soon(self) -> None:
        """Re-verify once the edits settle."""
        self._recheck.start()

    def refresh(self) -> None:
        """Re-verify now and show the result on the action."""
        self._recheck.stop()
        self.current = self.evaluate()
        action = self.action
        if self.current is None:
            action.setText(NO_FIX_LABEL)
            action.setIconText(NO_FIX_LABEL)
            action.setEnabled(False)
            action.setToolTip("Select a finding to see whether one control fixes it")
        else:
            action.setText(self.current.label)
            action.setIconText(self.current.label)
            action.setEnabled(self.current.available)
            action.setToolTip(self.current.reason)
        self.button.setToolTip(action.toolTip())

    def apply(self) -> bool:
        """Set the control that clears the selected finding: one undo step. Re-verified first."""
        session, finding = self._session(), self._selected()
        fix = self.evaluate()
        if session is None or finding is None or fix is None or fix.edit is None:
            return False
        name = self.catalog.controls[fix.edit.control_id].name
        subject = subject_name(session.design, finding.subject)
        return session.push(fix.edit, f"Quick fix {finding.rule}: {name} on {subject}")
