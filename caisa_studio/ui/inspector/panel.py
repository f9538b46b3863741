"""``InspectorPanel``: edits whatever is selected on the canvas, or the design when nothing is.

It follows the scene's selection and the session's changes. A change that keeps the form's layout
(typing a name, ticking a control) updates the fields in place, so focus and cursor stay where the
user is typing; a change of layout (another kind, another element) rebuilds the form and puts focus
and scroll position back where they were.
"""

from __future__ import annotations

from collections.abc import Hashable
from contextlib import suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtWidgets import QApplication, QFrame, QLineEdit, QScrollArea, QVBoxLayout, QWidget
from shiboken6 import isValid

from caisa_studio.catalog import Catalog
from caisa_studio.model import ChangeSet
from caisa_studio.render.style import LIGHT, Theme
from caisa_studio.ui.canvas.items import BoundaryItem, ComponentItem, FlowItem
from caisa_studio.ui.canvas.scene import DesignScene
from caisa_studio.ui.inspector.design_form import DesignForm, reference_choices
from caisa_studio.ui.inspector.form import Form, InspectorContext
from caisa_studio.ui.inspector.style import PANEL_WIDTH
from caisa_studio.ui.session import DesignSession

if TYPE_CHECKING:
    from caisa_studio.ui.inspector.assets_dialog import DataAssetsDialog


@dataclass(frozen=True)
class Target:
    """What the inspector edits: one element, several (a summary), or the design (``ids`` empty)."""

    ids: frozenset[str] = frozenset()


class InspectorPanel(QWidget):
    def __init__(self, catalog: Catalog, theme: Theme = LIGHT, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspector")
        self.catalog = catalog
        self.theme = theme
        self.session: DesignSession | None = None
        self.scene: DesignScene | None = None
        self.form: Form | None = None
        self.target: Target | None = None
        self._built_structure: Hashable = None
        self._connections: list[tuple[object, object]] = []
        self._busy = False
        self._again = False
        self._assets_dialog: DataAssetsDialog | None = None
        self.scroll = QScrollArea()
        self.scroll.setObjectName("inspector-scroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll)

    def sizeHint(self) -> QSize:
        return QSize(PANEL_WIDTH, 560)

    # -- binding to the open design ---------------------------------------------------------------
    def set_session(self, session: DesignSession, scene: DesignScene) -> None:
        self._disconnect()
        if self._assets_dialog is not None:
            self._assets_dialog.close()
            self._assets_dialog.deleteLater()
            self._assets_dialog = None
        self.session, self.scene = session, scene
        self._connect(session.changed, self._model_changed)
        self._connect(session.findings_changed, self._findings_changed)
        self._connect(scene.selectionChanged, self.follow_selection)
        self.target = None
        self.follow_selection()

    def _connect(self, signal: object, slot: object) -> None:
        signal.connect(slot)  # type: ignore[attr-defined]
        self._connections.append((signal, slot))

    def _disconnect(self) -> None:
        for signal, slot in self._connections:
            with suppress(RuntimeError, TypeError):  # the sender may already be gone
                signal.disconnect(slot)  # type: ignore[attr-defined]
        self._connections = []

    # -- what to show -----------------------------------------------------------------------------
    def selected_target(self) -> Target:
        if self.scene is None or not isValid(self.scene):  # the window is closing
            return Target()
        chosen = frozenset(
            item.element_id
            for item in self.scene.selectedItems()
            if isinstance(item, ComponentItem | FlowItem | BoundaryItem)
        )
        return Target(chosen)

    def follow_selection(self) -> None:
        target = self.selected_target()
        if target != self.target:
            self._show(target)

    def select_element(self, element_id: str) -> None:
        """Select one element on the canvas (a link in the inspector); the inspector follows."""
        if self.scene is None:
            return
        item = (
            self.scene.components.get(element_id)
            or self.scene.flows.get(element_id)
            or self.scene.boundaries.get(element_id)
        )
        if item is not None:
            self.scene.clearSelection()
            item.setSelected(True)
            for view in self.scene.views():
                view.ensureVisible(item)

    def _build(self, target: Target) -> Form:
        # The element forms load with the first selection: start-up shows the design form only.
        from caisa_studio.ui.inspector.boundary_form import BoundaryForm
        from caisa_studio.ui.inspector.component_form import ComponentForm
        from caisa_studio.ui.inspector.flow_form import FlowForm
        from caisa_studio.ui.inspector.summary_form import SummaryForm

        assert self.session is not None
        ctx = InspectorContext(self.session, self.catalog, self.theme)
        design = self.session.design
        if len(target.ids) > 1:
            form: Form = SummaryForm(ctx, target.ids)
        elif target.ids:
            (element_id,) = target.ids
            if element_id in design.components:
                form = ComponentForm(ctx, element_id)
            elif element_id in design.flows:
                form = FlowForm(ctx, element_id)
            elif element_id in design.boundaries:
                form = BoundaryForm(ctx, element_id)
            else:
                form = DesignForm(ctx)
        else:
            form = DesignForm(ctx)
        form.select_requested.connect(self.select_element)
        form.assets_requested.connect(self.open_assets)
        return form

    def _show(self, target: Target) -> None:
        """Replace the form; focus, cursor and scroll position survive when the target is the same."""
        assert self.session is not None
        same = target == self.target
        focus_name, cursor = self._focus_state() if same else ("", -1)
        scroll = self.scroll.verticalScrollBar().value() if same else 0
        old = self.form
        if old is not None:
            old.flush()  # commit text typed into the old form before it goes
            old.active = False
        self.target = target
        self.form = self._build(target)
        self._built_structure = self.form.structure(self.session.design)
        self.form.refresh(self.session.design)
        self.form.refresh_findings()
        if old is not None:
            taken = self.scroll.takeWidget()
            if taken is not None:
                taken.hide()
                taken.deleteLater()
        self.scroll.setWidget(self.form)
        if scroll:  # after the new form is laid out, so the scroll range is known
            bar = self.scroll.verticalScrollBar()
            QTimer.singleShot(0, bar, lambda: bar.setValue(scroll))
        if focus_name:
            self._restore_focus(focus_name, cursor)

    def _focus_state(self) -> tuple[str, int]:
        focused = QApplication.focusWidget()
        if self.form is None or focused is None or not self.form.isAncestorOf(focused):
            return "", -1
        holder = focused
        while holder is not None and not holder.objectName() and holder is not self.form:
            holder = holder.parentWidget()
        name = holder.objectName() if holder is not None and holder is not self.form else ""
        return name, focused.cursorPosition() if isinstance(focused, QLineEdit) else -1

    def _restore_focus(self, name: str, cursor: int) -> None:
        assert self.form is not None
        widget = self.form.findChild(QWidget, name)
        if widget is None or not widget.isVisibleTo(self.form):
            return
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(widget, QLineEdit) and cursor >= 0:
            widget.setCursorPosition(cursor)

    # -- keeping up with the model ----------------------------------------------------------------
    def _model_changed(self, _changes: ChangeSet | None = None) -> None:
        if self._busy:  # an edit committed while the form was being replaced: sync once more after
            self._again = True
            return
        self._busy = True
        try:
            self._again = True
            while self._again:
                self._again = False
                self._sync()
        finally:
            self._busy = False

    def _sync(self) -> None:
        if self.session is None or self.form is None or self.target is None:
            return
        design = self.session.design
        if not self.form.exists(design):
            self.target = None  # the element is gone (deleted, or undo of its creation)
            self.follow_selection()
            if self.target is None or self.form is None or not self.form.exists(design):
                self._show(Target())
            return
        if self.form.structure(design) != self._built_structure:
            self._show(self.target)
        else:
            self.form.refresh(design)

    def _findings_changed(self, _result: object = None, _delta: object = None) -> None:
        if self.form is not None:
            self.form.refresh_findings()

    def show_reference_titles(self) -> None:
        """Load the reference architectures' titles for the design form (the window calls this just
        after its first paint, so that start-up does not wait for six reference files)."""
        if isinstance(self.form, DesignForm):
            self.form.show_reference_titles()
        else:
            reference_choices()

    # -- the data assets editor -------------------------------------------------------------------
    def open_assets(self) -> DataAssetsDialog:
        from caisa_studio.ui.inspector.assets_dialog import DataAssetsDialog

        assert self.session is not None
        if self._assets_dialog is None:
            self._assets_dialog = DataAssetsDialog(self.session, self.catalog, self.theme, self.window())
        dialog = self._assets_dialog
        dialog.refresh()
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog
