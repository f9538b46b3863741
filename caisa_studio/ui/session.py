"""One open design in the studio: document, undo stack, file, validation and the signals views need.

Views never change the model themselves; they call ``push`` with a pure edit.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from caisa_studio.analysis import DesignFacts
from caisa_studio.catalog import default_catalog
from caisa_studio.io.design_checks import catalog_integrity_check
from caisa_studio.model import ChangeSet, Design, DesignDocument, InvariantError
from caisa_studio.model.edit_support import Edit
from caisa_studio.reference import ConformanceReport, all_rules, check_conformance, reference_by_id
from caisa_studio.rules import ValidationResult, Validator
from caisa_studio.rules.results import diff_results
from caisa_studio.ui.commands import EditCommand

VALIDATION_DELAY_MS = 40


class DesignSession(QObject):
    """Owns one design while it is open. Signals are emitted on the GUI thread."""

    changed = Signal(object)  # ChangeSet, after every applied edit (including undo/redo)
    findings_changed = Signal(object, object)  # ValidationResult, FindingsDelta
    path_changed = Signal(object)  # Path | None
    modified_changed = Signal(bool)
    edit_rejected = Signal(str)  # an edit broke an invariant: the message for the status bar

    def __init__(self, design: Design, path: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = DesignDocument(design, integrity_check=catalog_integrity_check(default_catalog()))
        self.undo_stack = QUndoStack(self)
        self.path = path
        self.validator = Validator(rules=all_rules())
        self.result: ValidationResult = self.validator.full(design)
        self._pending: list[ChangeSet] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(VALIDATION_DELAY_MS)
        self._timer.timeout.connect(self.validate_now)
        self.document.subscribe(self._on_change)
        self.undo_stack.cleanChanged.connect(self._clean_changed)

    @property
    def design(self) -> Design:
        return self.document.design

    @property
    def modified(self) -> bool:
        return not self.undo_stack.isClean()

    def push(self, edit: Edit, text: str | None = None) -> bool:
        """Apply an edit as one undo step; False (and a message) when the model refuses it."""
        try:
            applied = self.document.apply(edit)
        except InvariantError as error:
            self.edit_rejected.emit(str(error))
            return False
        self.undo_stack.push(EditCommand(self.document, edit, applied, text))
        return True

    def mark_saved(self, path: Path) -> None:
        self.undo_stack.setClean()
        if path != self.path:
            self.path = path
            self.path_changed.emit(path)

    def conformance(self) -> ConformanceReport | None:
        """Conformance to the design's declared reference architecture, if it names a known one."""
        reference_id = self.design.properties.reference
        reference = reference_by_id(reference_id) if reference_id else None
        if reference is None:
            return None
        return check_conformance(DesignFacts(self.design, self.validator.catalog), reference)

    def validate_now(self) -> None:
        """Run the pending incremental validations and tell the views once."""
        self._timer.stop()
        if not self._pending:
            return
        pending, self._pending = self._pending, []
        previous = self.result
        for changes in pending:
            self.result, _ = self.validator.update(self.design, changes)
        if self.result is not previous:
            self.findings_changed.emit(self.result, diff_results(previous, self.result))

    def _clean_changed(self, clean: bool) -> None:
        self.modified_changed.emit(not clean)

    def _on_change(self, changes: ChangeSet) -> None:
        self.changed.emit(changes)
        self._pending.append(changes)
        self._timer.start()
