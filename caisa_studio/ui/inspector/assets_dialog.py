"""The design's data assets: add, rename, classify, tag and delete them (each change one undo step)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from caisa_studio.catalog import Catalog
from caisa_studio.model import Classification, DataAsset, Design
from caisa_studio.model.edits import AddDataAsset, RemoveDataAsset, SetAttribute
from caisa_studio.model.ids import new_id
from caisa_studio.render.style import Theme
from caisa_studio.ui.inspector.fields import ChoiceCombo, LiveLineEdit, plain, pretty
from caisa_studio.ui.inspector.section import Section
from caisa_studio.ui.inspector.style import MARGIN, muted
from caisa_studio.ui.session import DesignSession

ROLE_ID = Qt.ItemDataRole.UserRole
NEW_NAME = "New data asset"


class DataAssetsDialog(QDialog):
    """A list of the design's data assets beside the editor of the selected one. Not modal."""

    def __init__(
        self, session: DesignSession, catalog: Catalog, theme: Theme, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("data-assets-dialog")
        self.setWindowTitle("Data assets")
        self.session = session
        self.catalog = catalog
        self.list = QListWidget()
        self.list.setObjectName("asset-list")
        self.list.setStyleSheet("QListWidget::item { padding: 4px 6px; }")
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setMinimumWidth(220)
        self.list.currentItemChanged.connect(lambda *_: self._show_selected())
        self.add_button = QPushButton("Add")
        self.add_button.setObjectName("add-asset")
        self.add_button.clicked.connect(lambda _checked=False: self.add_asset())
        self.delete_button = QPushButton("Delete")
        self.delete_button.setObjectName("delete-asset")
        self.delete_button.clicked.connect(lambda _checked=False: self.delete_selected())
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addLayout(buttons)
        self.editor = self._build_editor(theme)
        body = QHBoxLayout()
        body.setSpacing(MARGIN + 4)
        body.addLayout(left, 2)
        body.addWidget(self.editor, 3)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(MARGIN + 4, MARGIN + 4, MARGIN + 4, MARGIN)
        layout.setSpacing(MARGIN)
        layout.addLayout(body, 1)
        layout.addWidget(close)
        self.resize(680, 440)
        session.changed.connect(self._model_changed)
        self.refresh()

    def _build_editor(self, theme: Theme) -> QWidget:
        section = Section("Data asset", theme.muted_text, "#3A404B" if theme.dark else "#E3E6EB")
        self.name = LiveLineEdit(self._rename, "Name this data asset")
        self.name.setObjectName("asset-name")
        section.add_row("Name", self.name)
        self.id_label = muted("", theme.muted_text, 0.0)
        self.id_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        section.add_row("ID", self.id_label)
        choices = [(spec.name, spec.id, None) for spec in self.catalog.classifications.classifications]
        self.classification = ChoiceCombo(choices, self._classify)
        self.classification.setObjectName("asset-classification")
        section.add_row("Classification", self.classification, _classification_tooltip(self.catalog))
        tags = QWidget()
        grid = QGridLayout(tags)
        grid.setContentsMargins(0, 2, 0, 2)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        self.tags: dict[str, QCheckBox] = {}
        for index, tag in enumerate(self.catalog.classifications.data_tags):
            box = QCheckBox(plain(tag.name))
            box.setObjectName(f"tag:{tag.id}")
            box.setToolTip(
                tag.description + ("\nSensitive: rules treat it with extra care." if tag.sensitive else "")
            )
            box.clicked.connect(lambda _checked=False: self._retag())
            self.tags[tag.id] = box
            grid.addWidget(box, index // 2, index % 2)
        section.add_row("Tags", tags)
        self.usage = muted("", theme.muted_text, 0.0)
        self.usage.setWordWrap(True)
        section.add_row("Used by", self.usage)
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(section)
        column.addStretch(1)
        return holder

    # -- reading the model ----------------------------------------------------------------------
    def selected_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(ROLE_ID) if item is not None else None

    def refresh(self, select: str | None = None) -> None:
        design = self.session.design
        wanted = select or self.selected_id()
        assets = sorted(design.data_assets.values(), key=lambda a: (a.name or a.id).lower())
        self.list.blockSignals(True)
        self.list.clear()
        for asset in assets:
            item = QListWidgetItem(asset.name or asset.id)
            item.setData(ROLE_ID, asset.id)
            item.setToolTip(f"{asset.name or asset.id}\n{asset.id} · {pretty(asset.classification.value)}")
            self.list.addItem(item)
            if asset.id == wanted:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        self.list.blockSignals(False)
        self._show_selected()

    def _show_selected(self) -> None:
        design = self.session.design
        asset = design.data_assets.get(self.selected_id() or "")
        self.editor.setEnabled(asset is not None)
        self.delete_button.setEnabled(asset is not None)
        if asset is None:
            self.name.set_value("")
            self.id_label.setText("")
            self.usage.setText("")
            return
        self.name.set_value(asset.name)
        self.id_label.setText(asset.id)
        self.classification.set_value(asset.classification)
        for tag_id, box in self.tags.items():
            box.blockSignals(True)
            box.setChecked(tag_id in asset.tags)
            box.blockSignals(False)
        self.usage.setText(_usage(design, asset.id))

    def _model_changed(self, _changes: object) -> None:
        if self.isVisible():
            self.refresh()

    # -- changing the model ---------------------------------------------------------------------
    def add_asset(self) -> str | None:
        asset_id = new_id(self.session.design, "da-new")
        asset = DataAsset(id=asset_id, name=NEW_NAME, classification=Classification.INTERNAL)
        if not self.session.push(AddDataAsset(asset), "Add data asset"):
            return None
        self.refresh(select=asset_id)
        self.name.setFocus()
        self.name.selectAll()
        return asset_id

    def delete_selected(self) -> None:
        asset_id = self.selected_id()
        if asset_id is not None:
            self.session.push(RemoveDataAsset(asset_id), "Delete data asset")

    def _rename(self, text: str) -> None:
        asset_id = self.selected_id()
        if asset_id is not None:
            self.session.push(SetAttribute(asset_id, "name", text), "Rename data asset")

    def _classify(self, value: object) -> None:
        asset_id = self.selected_id()
        if asset_id is not None and value != self.session.design.data_assets[asset_id].classification:
            self.session.push(SetAttribute(asset_id, "classification", value), "Classify data asset")

    def _retag(self) -> None:
        asset_id = self.selected_id()
        if asset_id is not None:
            chosen = [tag for tag, box in self.tags.items() if box.isChecked()]
            self.session.push(SetAttribute(asset_id, "tags", chosen), "Tag data asset")


def _usage(design: Design, asset_id: str) -> str:
    holders = [c.name or c.id for c in design.components.values() if asset_id in c.holds]
    carriers = [design.display_name(f.id) for f in design.flows.values() if asset_id in f.carries]
    parts = []
    if holders:
        parts.append("Held by " + ", ".join(sorted(holders)))
    if carriers:
        parts.append(f"carried on {len(carriers)} flow{'s' if len(carriers) != 1 else ''}")
    return "; ".join(parts) + "." if parts else "Not held or carried anywhere yet."


def _classification_tooltip(catalog: Catalog) -> str:
    return "\n".join(f"{c.name}: {c.description}" for c in catalog.classifications.classifications)
