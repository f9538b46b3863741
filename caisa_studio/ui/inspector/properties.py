"""Catalog properties: the right editor for each property type (bool, enum, set, text).

A property that is not stated is removed from the element (``UNSET``), so "not set" and "false" stay
different, as the catalog intends (rules read a missing value as the catalog default).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QCheckBox, QGridLayout, QHBoxLayout, QToolButton, QWidget

from caisa_studio.catalog import Catalog
from caisa_studio.catalog.schema import PropertySpec
from caisa_studio.model import Component, DataFlow
from caisa_studio.model.edit_support import UNSET, Unset
from caisa_studio.ui.inspector.fields import ChoiceCombo, CommitLineEdit, plain, pretty
from caisa_studio.ui.inspector.style import NOT_SET, muted

OnValue = Callable[[Any], None]  # a property value, or UNSET to clear it


def specs_for(catalog: Catalog, element: Component | DataFlow) -> list[PropertySpec]:
    """The properties the catalog offers for this element, in catalog order."""
    if isinstance(element, DataFlow):
        return list(catalog.flow_properties.values())
    kind = catalog.kind(element.kind)
    if kind is None:
        return []
    return [catalog.component_properties[p] for p in kind.properties if p in catalog.component_properties]


class BoolField(QWidget):
    """A check box named after the property; while it is not stated, it shows the catalog default."""

    def __init__(self, spec: PropertySpec, on_value: OnValue, muted_colour: str) -> None:
        super().__init__()
        self._default = bool(spec.default)
        self.check = QCheckBox(plain(spec.name))
        self.check.setObjectName(f"check:{spec.id}")
        self.check.setToolTip(spec.description)
        self.check.clicked.connect(lambda checked: on_value(bool(checked)))
        self.hint = muted("not stated", muted_colour)
        self.hint.setToolTip(f"Not stated: the catalog default ({'yes' if self._default else 'no'}) applies")
        self.reset = QToolButton()
        self.reset.setObjectName(f"clear:{spec.id}")
        self.reset.setText("Clear")
        self.reset.setAutoRaise(True)
        self.reset.setToolTip("Clear the value: back to “not stated” (the catalog default applies)")
        self.reset.clicked.connect(lambda: on_value(UNSET))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.check)
        layout.addStretch(1)
        layout.addWidget(self.hint)
        layout.addWidget(self.reset)

    def set_value(self, value: Any) -> None:
        stated = not isinstance(value, Unset) and value is not None
        shown = bool(value) if stated else self._default
        if self.check.isChecked() != shown:
            self.check.blockSignals(True)
            self.check.setChecked(shown)
            self.check.blockSignals(False)
        self.hint.setVisible(not stated)
        self.reset.setVisible(stated)


class EnumField(ChoiceCombo):
    def __init__(self, spec: PropertySpec, on_value: OnValue) -> None:
        choices = [(NOT_SET, UNSET, None)] + [(pretty(v), v, None) for v in spec.values]
        super().__init__(choices, on_value)

    def set_value(self, value: Any) -> None:
        super().set_value(UNSET if value is None else value)


class SetField(QWidget):
    """One check box per allowed value, two columns; reports the whole chosen set."""

    def __init__(self, spec: PropertySpec, on_value: OnValue) -> None:
        super().__init__()
        self.boxes: dict[str, QCheckBox] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 2, 0, 2)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        for index, value in enumerate(spec.values):
            box = QCheckBox(plain(pretty(value)))
            box.setObjectName(f"{spec.id}:{value}")
            box.clicked.connect(lambda _checked=False: on_value(self.chosen()))
            self.boxes[value] = box
            grid.addWidget(box, index // 2, index % 2)

    def chosen(self) -> list[str]:
        return [value for value, box in self.boxes.items() if box.isChecked()]

    def set_value(self, value: Any) -> None:
        chosen = set(value) if isinstance(value, list) else set()
        for name, box in self.boxes.items():
            if box.isChecked() != (name in chosen):
                box.blockSignals(True)
                box.setChecked(name in chosen)
                box.blockSignals(False)


class TextField(CommitLineEdit):
    def __init__(self, spec: PropertySpec, on_value: OnValue) -> None:
        super().__init__(lambda text: on_value(text.strip() or UNSET), "not stated")

    def set_value(self, value: Any) -> None:
        super().set_value("" if isinstance(value, Unset) or value is None else str(value))


def property_field(spec: PropertySpec, on_value: OnValue, muted_colour: str) -> QWidget:
    """The editor for one property; its ``set_value`` takes the stored value or ``UNSET``."""
    field: QWidget
    if spec.type == "bool":
        field = BoolField(spec, on_value, muted_colour)
    elif spec.type == "enum":
        field = EnumField(spec, on_value)
    elif spec.type == "set":
        field = SetField(spec, on_value)
    else:
        field = TextField(spec, on_value)
    field.setObjectName(f"property:{spec.id}")
    field.setToolTip(spec.description)
    return field
