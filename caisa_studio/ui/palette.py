"""The palette: every catalog kind grouped by category, plus trust boundaries, searchable, draggable."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from caisa_studio.catalog import Catalog
from caisa_studio.ui.canvas.view import BOUNDARY_MIME, KIND_MIME
from caisa_studio.ui.icons import svg_icon

ROLE_MIME = Qt.ItemDataRole.UserRole
ROLE_VALUE = Qt.ItemDataRole.UserRole + 1
ROLE_SEARCH = Qt.ItemDataRole.UserRole + 2


class _PaletteTree(QTreeWidget):
    def mimeData(self, items: list[QTreeWidgetItem]) -> QMimeData:
        data = QMimeData()
        for item in items[:1]:
            mime, value = item.data(0, ROLE_MIME), item.data(0, ROLE_VALUE)
            if mime:
                data.setData(mime, value.encode("utf-8"))
                data.setText(item.text(0))
        return data

    def mimeTypes(self) -> list[str]:
        return [KIND_MIME, BOUNDARY_MIME]


class PaletteWidget(QWidget):
    """Drag an entry onto the canvas, or double-click it to add it in the middle of the view."""

    activated = Signal(str, str)  # mime type, value (kind id or zone)

    def __init__(self, catalog: Catalog, icon_colour: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search components…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.filter)
        self.tree = _PaletteTree()
        self.tree.setHeaderHidden(True)
        self.tree.setIconSize(QSize(24, 24))
        self.tree.setDragEnabled(True)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.tree.setRootIsDecorated(True)
        self.tree.setIndentation(12)
        self.tree.itemDoubleClicked.connect(self._activate)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.search)
        layout.addWidget(self.tree)
        self._populate(catalog, icon_colour)

    def _populate(self, catalog: Catalog, colour: str) -> None:
        groups: dict[str, QTreeWidgetItem] = {}
        for category_id, category_name in catalog.categories.items():
            group = QTreeWidgetItem([category_name])
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            self.tree.addTopLevelItem(group)
            groups[category_id] = group
        for kind in catalog.kinds.values():
            item = QTreeWidgetItem([kind.name])
            item.setIcon(0, svg_icon(kind.id, colour))
            item.setToolTip(0, f"<b>{kind.name}</b><br>{kind.description}")
            item.setData(0, ROLE_MIME, KIND_MIME)
            item.setData(0, ROLE_VALUE, kind.id)
            item.setData(0, ROLE_SEARCH, f"{kind.name} {kind.id} {kind.description}".lower())
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
            )
            groups[kind.category].addChild(item)
        boundaries = QTreeWidgetItem(["Trust boundaries"])
        boundaries.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = boundaries.font(0)
        font.setBold(True)
        boundaries.setFont(0, font)
        self.tree.addTopLevelItem(boundaries)
        for zone in catalog.classifications.zones:
            item = QTreeWidgetItem([f"{zone.name} ({zone.id.value})"])
            item.setIcon(0, svg_icon("trust_boundary", zone.colour, "ui"))
            item.setToolTip(0, f"<b>Trust boundary — {zone.name}</b><br>{zone.description}")
            item.setData(0, ROLE_MIME, BOUNDARY_MIME)
            item.setData(0, ROLE_VALUE, zone.id.value)
            item.setData(
                0, ROLE_SEARCH, f"boundary zone {zone.name} {zone.id.value} {zone.description}".lower()
            )
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
            )
            boundaries.addChild(item)
        self.tree.expandAll()

    def filter(self, text: str) -> None:
        """Show entries whose name, id or description contain every typed word."""
        words = text.lower().split()
        for index in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(index)
            visible = 0
            for child_index in range(group.childCount()):
                child = group.child(child_index)
                haystack = child.data(0, ROLE_SEARCH) or ""
                match = all(word in haystack for word in words)
                child.setHidden(not match)
                visible += int(match)
            group.setHidden(visible == 0)
            group.setExpanded(True)

    def entry(self, value: str) -> QTreeWidgetItem | None:
        for index in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(index)
            for child_index in range(group.childCount()):
                child = group.child(child_index)
                if child.data(0, ROLE_VALUE) == value:
                    return child
        return None

    def _activate(self, item: QTreeWidgetItem) -> None:
        mime = item.data(0, ROLE_MIME)
        if mime:
            self.activated.emit(mime, item.data(0, ROLE_VALUE))
