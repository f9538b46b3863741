"""Undo commands: the only way the UI changes a design (each wraps one pure model ``Edit``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from caisa_studio.model.edit_support import Edit
from caisa_studio.model.edits import SetAttribute, SetDesignInfo

if TYPE_CHECKING:
    from caisa_studio.model import ChangeSet, DesignDocument

_MERGE_ID = 0x0CA15A


class EditCommand(QUndoCommand):
    """Applies an edit on redo and its exact inverse on undo.

    The edit is applied *before* the command is pushed (``applied``), so an edit the model refuses
    never reaches the undo stack; the stack's first ``redo`` call is therefore a no-op.
    Consecutive text edits of one field (typing a name) merge into a single undo step.
    """

    def __init__(
        self, document: DesignDocument, edit: Edit, applied: ChangeSet, text: str | None = None
    ) -> None:
        super().__init__(text or edit.label)
        self._document = document
        self._redo_edit = edit
        self._undo_edit: Edit | None = applied.inverse
        self._already_applied = True
        self._merge_key = _merge_key(edit)

    def redo(self) -> None:
        if self._already_applied:
            self._already_applied = False
            return
        changes = self._document.apply(self._redo_edit)
        self._undo_edit = changes.inverse

    def undo(self) -> None:
        assert self._undo_edit is not None
        changes = self._document.apply(self._undo_edit)
        self._redo_edit = changes.inverse

    def id(self) -> int:
        return _MERGE_ID if self._merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditCommand) or other._merge_key != self._merge_key:
            return False
        if self._merge_key is None:
            return False
        # Keep our undo (the value before the first keystroke); adopt the latest value for redo.
        self._redo_edit = other._redo_edit
        return True


def _merge_key(edit: Edit) -> tuple[str, str] | None:
    if isinstance(edit, SetAttribute) and edit.field == "name":
        return (edit.element_id, "name")
    if isinstance(edit, SetDesignInfo) and edit.field in ("title", "description"):
        return ("<design>", edit.field)
    return None
