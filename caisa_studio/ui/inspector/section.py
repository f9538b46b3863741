"""A titled section of the inspector (Properties, Data, Controls …): a quiet header over a form."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from caisa_studio.ui.inspector.style import LABEL_GAP, ROW_GAP, muted, semibold


class Section(QWidget):
    """Header (title, an optional note on the right, a hairline) and a two-column form below it."""

    def __init__(self, title: str, muted_colour: str, rule_colour: str) -> None:
        super().__init__()
        self.setObjectName(f"section:{title.lower()}")
        self.title = QLabel(title.upper())
        semibold(self.title, -1.0)
        self.title.setStyleSheet(f"color: {muted_colour}; letter-spacing: 0.6px;")
        self.note = muted("", muted_colour)
        self.note.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(self.note)
        rule = QFrame()
        rule.setFixedHeight(1)
        rule.setStyleSheet(f"background: {rule_colour}; border: none;")
        self.form = QFormLayout()
        self.form.setContentsMargins(0, 4, 0, 0)
        self.form.setHorizontalSpacing(LABEL_GAP)
        self.form.setVerticalSpacing(ROW_GAP)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(head)
        layout.addWidget(rule)
        layout.addLayout(self.form)

    def add_row(self, label: str, field: QWidget, tooltip: str = "") -> QLabel:
        """A labelled row; the tooltip (a catalog description) goes on both label and field."""
        caption = QLabel(label.replace("&", "&&"))
        caption.setBuddy(field)
        if tooltip:
            caption.setToolTip(tooltip)
            if not field.toolTip():
                field.setToolTip(tooltip)
        self.form.addRow(caption, field)
        return caption

    def add_wide(self, widget: QWidget) -> None:
        """A row spanning both columns (lists, hints, buttons)."""
        self.form.addRow(widget)

    def set_note(self, text: str) -> None:
        self.note.setText(text)
