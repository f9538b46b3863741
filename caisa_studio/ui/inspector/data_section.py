"""The Data section: which of the design's data assets a component holds or a flow carries."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from caisa_studio.model import Design
from caisa_studio.ui.inspector.fields import plain, pretty
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
        self.chips: dict[str, QLabel] = {}
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
        if self._shown is None or [r[0] for r in rows] != [r[0] for r in self._shown]:
            self._rebuild(rows)
        self._shown = rows
        for asset_id, name, classification, tooltip, checked in rows:
            box, chip = self.boxes[asset_id], self.chips[asset_id]
            box.setText(plain(name))
            chip.setText(classification)
            box.setToolTip(tooltip)
            chip.setToolTip(tooltip)
            if box.isChecked() != checked:
                box.blockSignals(True)
                box.setChecked(checked)
                box.blockSignals(False)

    def _rebuild(self, rows: tuple[AssetRow, ...]) -> None:
        """New rows when assets were added, removed or reordered (renamed rows only change text)."""
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()
        self.boxes, self.chips = {}, {}
        for line, row in enumerate(rows):
            asset_id = row[0]
            box = QCheckBox()
            box.setObjectName(f"asset:{asset_id}")
            box.clicked.connect(lambda _checked=False: self._on_change(self.chosen()))
            chip = muted("", self._muted)
            self.grid.addWidget(box, line, 0)
            self.grid.addWidget(chip, line, 1, Qt.AlignmentFlag.AlignRight)
            self.boxes[asset_id], self.chips[asset_id] = box, chip
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
