"""The Controls section: every control that applies, with its status and, when needed, why.

A row is the control's name (its description as tooltip and behind an info glyph), a status selector
(— / Implemented / Planned / Not applicable) and, for planned or not-applicable controls, a
justification field. Each choice or committed justification is one ``SetControl``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from caisa_studio.catalog.schema import ControlSpec
from caisa_studio.model import ControlState, ControlStatus
from caisa_studio.ui.inspector.fields import ChoiceCombo, CommitLineEdit
from caisa_studio.ui.inspector.style import STATUS_COLOURS, STATUS_LABELS, STATUS_WIDTH, dot_icon, info_icon

OnState = Callable[[str, ControlState | None], None]  # control id, new state (None clears it)

PLACEHOLDERS = {
    ControlStatus.PLANNED: "When and how it will be in place",
    ControlStatus.NOT_APPLICABLE: "Why it does not apply here",
}


def status_choices(muted_colour: str) -> list[tuple[str, ControlStatus | None, QIcon | None]]:
    choices: list[tuple[str, ControlStatus | None, QIcon | None]] = [
        ("—", None, dot_icon(muted_colour, True))
    ]
    for status in ControlStatus:
        choices.append((STATUS_LABELS[status], status, dot_icon(STATUS_COLOURS[status])))
    return choices


class ControlRow:
    """The widgets of one control, laid out by ``ControlsGrid`` on two grid rows."""

    def __init__(self, spec: ControlSpec, on_state: OnState, muted_colour: str) -> None:
        self.spec = spec
        self._state: ControlState | None = None
        self.name = QLabel(spec.name)
        self.name.setWordWrap(True)
        self.name.setToolTip(_tooltip(spec))
        self.info = QLabel()
        self.info.setPixmap(info_icon(muted_colour).pixmap(16, 16))
        self.info.setToolTip(_tooltip(spec))
        self.info.setCursor(Qt.CursorShape.WhatsThisCursor)
        self.status = ChoiceCombo(status_choices(muted_colour), self._choose)
        self.status.setObjectName(f"control:{spec.id}")
        self.status.setFixedWidth(STATUS_WIDTH)
        self.status.setToolTip(f"Status of “{spec.name}” here")
        self.justification = CommitLineEdit(self._justify)
        self.justification.setObjectName(f"justification:{spec.id}")
        self._on_state = on_state

    def _choose(self, status: ControlStatus | None) -> None:
        if status is None:
            self._on_state(self.spec.id, None)
            return
        kept = self._state.justification if self._state is not None else ""
        self._on_state(self.spec.id, ControlState(status=status, justification=kept))

    def _justify(self, text: str) -> None:
        if self._state is not None:
            self._on_state(self.spec.id, ControlState(status=self._state.status, justification=text.strip()))

    def set_value(self, state: ControlState | None) -> None:
        self._state = state
        self.status.set_value(state.status if state is not None else None)
        needs_reason = state is not None and state.status in PLACEHOLDERS
        self.justification.setVisible(needs_reason)
        if state is not None and needs_reason:
            self.justification.setPlaceholderText(PLACEHOLDERS[state.status])
        self.justification.set_value(state.justification if state is not None else "")

    def flush(self) -> None:
        self.justification.flush()


class ControlsGrid(QWidget):
    """Control rows: name and info on the left, the status selector right-aligned, reasons below."""

    def __init__(self, specs: Sequence[ControlSpec], on_state: OnState, muted_colour: str) -> None:
        super().__init__()
        self.rows = [ControlRow(spec, on_state, muted_colour) for spec in specs]
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(6)
        for index, row in enumerate(self.rows):
            line = index * 2
            grid.addWidget(row.name, line, 0)
            grid.addWidget(row.info, line, 1, Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(row.status, line, 2)
            grid.addWidget(row.justification, line + 1, 0, 1, 3)
        grid.setColumnStretch(0, 1)

    def row(self, control_id: str) -> ControlRow:
        return next(row for row in self.rows if row.spec.id == control_id)


def implemented_note(states: Sequence[ControlState | None]) -> str:
    done = sum(1 for s in states if s is not None and s.status is ControlStatus.IMPLEMENTED)
    return f"{done} of {len(states)} implemented" if states else ""


def _tooltip(spec: ControlSpec) -> str:
    return f"<b>{spec.name}</b><br>{spec.description}"
