"""What the inspector shows for a multiple selection: a short summary, nothing to edit."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from caisa_studio.model import Design
from caisa_studio.ui.inspector.form import Form, InspectorContext
from caisa_studio.ui.inspector.header import HeaderValue
from caisa_studio.ui.inspector.style import design_icon, muted

MAX_LISTED = 12


class SummaryForm(Form):
    def __init__(self, ctx: InspectorContext, element_ids: frozenset[str]) -> None:
        super().__init__(ctx)
        self.element_ids = element_ids
        self.bind(self.header, self._header)
        section = self.section("Selection")
        listing = QLabel()
        listing.setObjectName("selection-list")
        listing.setWordWrap(True)
        listing.setTextFormat(Qt.TextFormat.RichText)
        listing.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        listing.linkActivated.connect(self.select_requested.emit)
        section.add_wide(listing)
        hint = muted("Select a single element to edit it.", ctx.theme.muted_text, 0.0)
        section.add_wide(hint)

        class _Listing:
            @staticmethod
            def set_value(html: str) -> None:
                listing.setText(html)

        self.bind(_Listing(), self._listing)
        self.finish()

    def _present(self, design: Design) -> list[str]:
        return sorted(
            (i for i in self.element_ids if i in design.all_ids()),
            key=lambda i: design.display_name(i).lower(),
        )

    def _header(self, design: Design) -> HeaderValue:
        present = self._present(design)
        components = sum(1 for i in present if i in design.components)
        flows = sum(1 for i in present if i in design.flows)
        boundaries = sum(1 for i in present if i in design.boundaries)
        parts = [
            _count(components, "component"),
            _count(flows, "flow"),
            _count(boundaries, "boundary", "boundaries"),
        ]
        subtitle = " · ".join(p for p in parts if p)
        return design_icon(self.ctx.theme.text), f"{len(present)} elements selected", subtitle

    def _listing(self, design: Design) -> str:
        present = self._present(design)
        shown = [f'<a href="{escape(i)}">{escape(design.display_name(i))}</a>' for i in present[:MAX_LISTED]]
        if len(present) > MAX_LISTED:
            shown.append(f"and {len(present) - MAX_LISTED} more")
        return "<br>".join(shown)

    def exists(self, design: Design) -> bool:
        return any(i in design.all_ids() for i in self.element_ids)

    def refresh_findings(self) -> None:
        result = self.ctx.session.result
        self.header.set_findings([f for f in result.findings if f.subject in self.element_ids])


def _count(number: int, singular: str, plural: str = "") -> str:
    if not number:
        return ""
    return f"{number} {singular if number == 1 else (plural or singular + 's')}"
