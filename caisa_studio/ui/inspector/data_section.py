"""The Data section: which of the design's data assets a component holds or a flow carries."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from caisa_studio.model import Design
from caisa_studio.ui.inspector.fields import pretty
from caisa_studio.ui.inspector.style import muted

AssetRow = tuple[str, str, str, str, bool]  # id, name, classification, tooltip, checked


def asset_rows(design: Design, chosen: list[str]) -> tuple[AssetRow, ...]:
    """What the checklist shows for a component's ``holds`` or a flow's ``carries``."""
    rows = []
    for asset in sorted(design.data_assets.values(), key=lambda a: (a.name or a.id).lower()):
        tags = ", ".join(pretty(t) for t in asset.tags) or "no tags"
        tooltip = f"{asset.name or asset.id} ({asset.id})\n{pretty(asset.classification.value)} · {tags}"
        rows.append(
            (
                asset.id,
                asset.name or asset.id,
                pretty(asset.classification.value),
                tooltip,
                asset.id in chosen,
            )
        )
    return tuple(rows)


class AssetChecklist(QWidget):
    """One check box per data asset with its classification; reports the checked IDs."""

    def __init__(self, on_change: Callable[[list[str]], None], muted_colour: str, empty_text: str) -> None:
        super().__init__()
        self._on_change = on_change
        self._muted = muted_colour
        self._shown: tuple[AssetRow, ...] | None = None
        self.boxes: dict[str, QCheckBox] = {}
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(8)
        self.grid.setVerticalSpacing(4)
        self.grid.setColumnStretch(0, 1)
        self.empty = muted(empty_text, muted_colour)
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(self.grid)
        layout.addWidget(self.empty)

    def set_value(self, rows: tuple[AssetRow, ...]) -> None:
        if rows == self._shown:
            return
        layout_same = self._shown is not None and [r[:4] for r in rows] == [r[:4] for r in self._shown]
        self._shown = rows
        if not layout_same:
            self._rebuild(rows)
        for asset_id, _name, _classification, _tooltip, checked in rows:
            box = self.boxes[asset_id]
            if box.isChecked() != checked:
                box.blockSignals(True)
                box.setChecked(checked)
                box.blockSignals(False)

    def _rebuild(self, rows: tuple[AssetRow, ...]) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.boxes = {}
        for line, (asset_id, name, classification, tooltip, _checked) in enumerate(rows):
            box = QCheckBox(name)
            box.setObjectName(f"asset:{asset_id}")
            box.setToolTip(tooltip)
            box.clicked.connect(lambda _checked=False: self._on_change(self.chosen()))
            chip = muted(classification, self._muted)
            chip.setToolTip(tooltip)
            self.grid.addWidget(box, line, 0)
            self.grid.addWidget(chip, line, 1, Qt.AlignmentFlag.AlignRight)
            self.boxes[asset_id] = box
        self.empty.setVisible(not rows)

    def chosen(self) -> list[str]:
        return sorted(asset_id for asset_id, box in self.boxes.items() if box.isChecked())


def assets_button(on_click: Callable[[], None]) -> QWidget:
    """A right-aligned "Data assets…" button that opens the design's data asset editor."""
    button = QPushButton("Data assets…")
    button.setObjectName("open-assets")
    button.setToolTip("Add, rename, classify, tag or delete the design's data assets")
    button.clicked.connect(lambda _checked=False: on_click())
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 2, 0, 0)
    row.addStretch(1)
    row.addWidget(button)
    return holder
