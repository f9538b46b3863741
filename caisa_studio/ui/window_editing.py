"""Selection, clipboard, find and rename on the canvas: the Edit menu's half of ``MainWindow``.

A mixin so the window keeps these as its own methods (menus, tests and the theme call
``window.copy_selection()`` and friends) while the window module stays about wiring.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication

from caisa_studio.model.edit_support import Batch, Edit
from caisa_studio.model.edits import Disconnect, RemoveBoundary, RemoveComponent
from caisa_studio.model.fragments import extract_fragment, paste_fragment
from caisa_studio.ui.canvas.items import BoundaryItem, ComponentItem, FlowItem

if TYPE_CHECKING:
    from caisa_studio.ui.main_window import MainWindow

FRAGMENT_MIME = "application/x-caisa-fragment"


class SelectionEditing:
    """Mixin of ``MainWindow``: works on its ``session``, ``scene``, ``view`` and status bar."""

    def selected_ids(self: MainWindow) -> set[str]:
        assert self.scene is not None
        return {
            item.element_id
            for item in self.scene.selectedItems()
            if isinstance(item, ComponentItem | FlowItem | BoundaryItem)
        }

    def delete_selection(self: MainWindow) -> None:
        assert self.session is not None and self.scene is not None
        design = self.session.design
        chosen = self.selected_ids()
        components = [i for i in chosen if i in design.components]
        flows = [
            i
            for i in chosen
            if i in design.flows
            and design.flows[i].source not in components
            and design.flows[i].target not in components
        ]
        boundaries = [i for i in chosen if i in design.boundaries]
        edits: list[Edit] = [Disconnect(f) for f in sorted(flows)]
        edits += [RemoveComponent(c) for c in sorted(components)]
        edits += [RemoveBoundary(b) for b in sorted(boundaries)]
        if edits:
            self.session.push(Batch(tuple(edits), "Delete"))

    def copy_selection(self: MainWindow) -> bool:
        assert self.session is not None
        fragment = extract_fragment(self.session.design, self.selected_ids())
        if not fragment["components"]:
            return False
        from PySide6.QtCore import QMimeData

        data = QMimeData()
        text = json.dumps(fragment)
        data.setData(FRAGMENT_MIME, text.encode("utf-8"))
        data.setText(text)
        QGuiApplication.clipboard().setMimeData(data)
        return True

    def cut_selection(self: MainWindow) -> None:
        if self.copy_selection():
            self.delete_selection()

    def paste(self: MainWindow) -> None:
        assert self.session is not None and self.scene is not None
        data = QGuiApplication.clipboard().mimeData()
        if data is None or not data.hasFormat(FRAGMENT_MIME):
            return
        try:
            fragment = json.loads(bytes(data.data(FRAGMENT_MIME).data()).decode("utf-8"))
            edit, created = paste_fragment(self.session.design, fragment, (32.0, 32.0))
        except (ValueError, KeyError) as error:
            self.statusBar().showMessage(f"Cannot paste: {error}", 6000)
            return
        if self.session.push(edit, "Paste"):
            self.scene.clearSelection()
            for component_id in created:
                self.scene.components[component_id].setSelected(True)

    def find_component(self: MainWindow, text: str) -> bool:
        """Select and centre the first component whose name (or ID) contains ``text``."""
        assert self.session is not None and self.scene is not None and self.view is not None
        words = text.lower().split()
        if not words:
            return False
        for component in sorted(
            self.session.design.components.values(), key=lambda c: (c.name.lower(), c.id)
        ):
            haystack = f"{component.name} {component.id}".lower()
            if all(word in haystack for word in words):
                self.scene.select_ids({component.id})
                self.view.centerOn(self.scene.components[component.id])
                return True
        self.statusBar().showMessage(f"Nothing on the canvas matches “{text}”", 4000)
        return False

    def ask_find(self: MainWindow) -> None:
        from PySide6.QtWidgets import QInputDialog

        text, ok = QInputDialog.getText(self, "Find", "Component name:")
        if ok:
            self.find_component(text)

    def rename_selection(self: MainWindow) -> None:
        assert self.scene is not None
        items = [i for i in self.scene.selectedItems() if isinstance(i, ComponentItem | BoundaryItem)]
        if len(items) == 1:
            self.scene.start_rename(items[0])

    def select_all(self: MainWindow) -> None:
        assert self.scene is not None
        for item in self.scene.items():
            if isinstance(item, ComponentItem | FlowItem):
                item.setSelected(True)
