"""Field widgets that show a model value without echoing it back as an edit.

Every field has ``set_value(value)``: it updates the widget in place with its signals blocked, and does
nothing when the value is already shown (so the cursor of a field being typed in never jumps). User
changes leave through a callback, which the form turns into exactly one ``session.push``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon, QWheelEvent
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit

Choice = tuple[str, Any, QIcon | None]  # label, value, optional icon


class LiveLineEdit(QLineEdit):
    """Reports every keystroke (names, titles: the undo stack merges them into one step)."""

    def __init__(self, on_text: Callable[[str], None], placeholder: str = "") -> None:
        super().__init__()
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(False)
        self.textEdited.connect(on_text)

    def set_value(self, value: str) -> None:
        if self.text() != value:
            position = self.cursorPosition()
            self.blockSignals(True)
            self.setText(value)
            self.setCursorPosition(min(position, len(value)))
            self.blockSignals(False)


class CommitLineEdit(QLineEdit):
    """Reports the text once, when editing finishes (Enter or leaving the field) and it changed."""

    def __init__(self, on_commit: Callable[[str], None], placeholder: str = "") -> None:
        super().__init__()
        self._shown = ""
        self._on_commit = on_commit
        self.setPlaceholderText(placeholder)
        self.editingFinished.connect(self.flush)

    def set_value(self, value: str) -> None:
        typing = self.hasFocus() and self.pending()  # never overwrite what the user is typing
        self._shown = value
        if self.text() != value and not typing:
            self.blockSignals(True)
            self.setText(value)
            self.blockSignals(False)

    def pending(self) -> bool:
        return self.text() != self._shown

    def flush(self) -> None:
        if self.pending():
            self._shown = self.text()
            self._on_commit(self.text())


class LiveTextEdit(QPlainTextEdit):
    """A few lines of text reported on every keystroke (the design description; merged undo)."""

    def __init__(self, on_text: Callable[[str], None], placeholder: str = "", lines: int = 4) -> None:
        super().__init__()
        self.setPlaceholderText(placeholder)
        self.setTabChangesFocus(True)
        line = self.fontMetrics().lineSpacing()
        self.setFixedHeight(line * lines + 2 * int(self.document().documentMargin()) + 6)
        self.textChanged.connect(lambda: on_text(self.toPlainText()))

    def set_value(self, value: str) -> None:
        if self.toPlainText() != value:
            cursor = self.textCursor()
            position = cursor.position()
            self.blockSignals(True)
            self.setPlainText(value)
            cursor = self.textCursor()
            cursor.setPosition(min(position, len(value)))
            self.setTextCursor(cursor)
            self.blockSignals(False)


class ChoiceCombo(QComboBox):
    """A fixed list of choices; ``activated`` (a user choice) reports the chosen value.

    The wheel only changes the value when the combo has focus, so scrolling the inspector never edits.
    ``before_popup`` runs just before the list opens (to complete labels that are costly to compute).
    """

    def __init__(
        self,
        choices: Sequence[Choice],
        on_choose: Callable[[Any], None],
        before_popup: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self.before_popup = before_popup
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(8)
        self._values: list[Any] = []
        self.set_choices(choices)
        self.activated.connect(lambda index: on_choose(self._values[index]))

    def set_choices(self, choices: Sequence[Choice]) -> None:
        current = self.value()
        self.blockSignals(True)
        self.clear()
        self._values = []
        for label, value, icon in choices:
            if icon is None:
                self.addItem(label)
            else:
                self.addItem(icon, label)
            self._values.append(value)
        self.blockSignals(False)
        if current is not None:
            self.set_value(current)

    def value(self) -> Any:
        index = self.currentIndex()
        return self._values[index] if 0 <= index < len(self._values) else None

    def index_of(self, value: Any) -> int:
        for index, candidate in enumerate(self._values):
            if candidate is value or candidate == value:
                return index
        return -1

    def set_value(self, value: Any) -> None:
        index = self.index_of(value)
        if index != self.currentIndex():
            self.blockSignals(True)
            self.setCurrentIndex(index)
            self.blockSignals(False)

    def showPopup(self) -> None:
        if self.before_popup is not None:
            self.before_popup()
        super().showPopup()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


class EditableCombo(QComboBox):
    """Free text with suggestions (a flow's protocol); reported once when editing finishes."""

    def __init__(self, suggestions: Sequence[str], on_commit: Callable[[str], None]) -> None:
        super().__init__()
        self.setEditable(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addItems(list(suggestions))
        self._shown = ""
        self._on_commit = on_commit
        edit = self.lineEdit()
        assert edit is not None
        edit.editingFinished.connect(self.flush)
        self.activated.connect(lambda _index: self.flush())

    def set_value(self, value: str) -> None:
        typing = self.hasFocus() and self.pending()
        self._shown = value
        if self.currentText() != value and not typing:
            self.blockSignals(True)
            self.setEditText(value)
            self.blockSignals(False)

    def pending(self) -> bool:
        return self.currentText().strip() != self._shown

    def flush(self) -> None:
        if self.pending():
            self._shown = self.currentText().strip()
            self._on_commit(self._shown)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


def pretty(value: str) -> str:
    """``send_external`` → ``Send external`` (catalog values as people read them)."""
    text = value.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def plain(text: str) -> str:
    """Text for a check box or buddy label, where ``&`` would otherwise mark a keyboard mnemonic."""
    return text.replace("&", "&&")
