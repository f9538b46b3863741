"""Right-click menus on the canvas: what makes sense for the thing under the pointer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QMenu, QWidget

from caisa_studio.model.edit_support import Batch
from caisa_studio.model.edits import Disconnect, RemoveBoundary, RemoveComponent, SetAttribute
from caisa_studio.ui.canvas.items import BoundaryItem, ComponentItem, FlowItem

if TYPE_CHECKING:
    from caisa_studio.ui.canvas.scene import DesignScene


def build_menu(scene: DesignScene, item: object, point: QPointF, parent: QWidget | None = None) -> QMenu:
    menu = QMenu(parent)
    session = scene.session
    if isinstance(item, ComponentItem):
        menu.addAction("Rename", lambda: scene.start_rename(item))
        menu.addAction("Delete", lambda: session.push(RemoveComponent(item.element_id)))
    elif isinstance(item, FlowItem):
        flow = session.design.flows[item.element_id]
        menu.addAction(
            "Reverse direction",
            lambda: session.push(
                Batch(
                    (
                        SetAttribute(flow.id, "source", flow.target),
                        SetAttribute(flow.id, "target", flow.source),
                    ),
                    "Reverse flow",
                )
            ),
        )
        toggle = menu.addAction("Bidirectional")
        toggle.setCheckable(True)
        toggle.setChecked(flow.bidirectional)
        toggle.triggered.connect(
            lambda checked: session.push(SetAttribute(flow.id, "bidirectional", checked))
        )
        menu.addAction("Delete", lambda: session.push(Disconnect(flow.id)))
    elif isinstance(item, BoundaryItem):
        members = [c.id for c in session.design.components.values() if c.boundary == item.element_id]
        menu.addAction("Rename", lambda: scene.start_rename(item))
        menu.addAction("Select members", lambda: scene.select_ids(set(members))).setEnabled(bool(members))
        menu.addAction(
            "Delete boundary (keep members)", lambda: session.push(RemoveBoundary(item.element_id))
        )
    else:
        menu.addAction("Select all", lambda: scene.select_ids(set(scene.components) | set(scene.flows)))
    return menu
