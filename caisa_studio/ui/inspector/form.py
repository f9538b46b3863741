"""The base of every inspector form: bindings from model values to fields, and one push per change."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from caisa_studio.catalog import Catalog
from caisa_studio.model import Design
from caisa_studio.model.edit_support import Edit
from caisa_studio.render.style import Theme
from caisa_studio.ui.inspector.header import Header
from caisa_studio.ui.inspector.section import Section
from caisa_studio.ui.inspector.style import MARGIN, SECTION_GAP
from caisa_studio.ui.session import DesignSession


class ShowsValue(Protocol):
    def set_value(self, value: Any) -> None: ...


@dataclass(frozen=True)
class InspectorContext:
    session: DesignSession
    catalog: Catalog
    theme: Theme

    @property
    def rule_colour(self) -> str:
        return "#3A404B" if self.theme.dark else "#E3E6EB"


class Form(QWidget):
    """A form for one target. Built once; ``refresh`` updates values in place.

    ``structure`` names what the layout depends on (a component's kind decides its properties and
    controls): when it changes, the panel rebuilds the form instead of refreshing it.
    """

    select_requested = Signal(str)  # an element id the user wants to inspect (a flow's endpoint)
    assets_requested = Signal()  # open the data assets editor

    def __init__(self, ctx: InspectorContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.active = True
        self._bindings: list[tuple[ShowsValue, Callable[[Design], Any]]] = []
        self._flushers: list[Callable[[], None]] = []
        self.header = Header(ctx.theme)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        self.column.setSpacing(SECTION_GAP)
        self.column.addWidget(self.header)

    # -- building ---------------------------------------------------------------------------------
    def section(self, title: str) -> Section:
        section = Section(title, self.ctx.theme.muted_text, self.ctx.rule_colour)
        self.column.addWidget(section)
        return section

    def finish(self) -> None:
        self.column.addStretch(1)

    def bind(self, field: Any, getter: Callable[[Design], Any]) -> None:
        """Show ``getter(design)`` in ``field`` on every refresh (the panel refreshes a new form once)."""
        self._bindings.append((field, getter))
        flush = getattr(field, "flush", None)
        if callable(flush):
            self._flushers.append(flush)

    # -- life cycle -------------------------------------------------------------------------------
    def structure(self, design: Design) -> Hashable:
        return None

    def exists(self, design: Design) -> bool:
        return True

    def refresh(self, design: Design) -> None:
        for field, getter in self._bindings:
            field.set_value(getter(design))

    def refresh_findings(self) -> None:
        """Findings changed (validation finished): update what shows them."""

    def flush(self) -> None:
        """Commit text typed but not yet committed (the form is about to go away)."""
        for flush in self._flushers:
            flush()

    def push(self, edit: Edit, text: str | None = None) -> bool:
        """Every user change goes through here: one edit, one undo step."""
        if not self.active:
            return False
        return self.ctx.session.push(edit, text)
