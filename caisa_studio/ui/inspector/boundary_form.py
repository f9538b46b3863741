"""The inspector form of one trust boundary: name, zone, members and boundary controls."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from caisa_studio.model import Design, TrustBoundary, Zone
from caisa_studio.model.edits import SetAttribute
from caisa_studio.render.style import ZONE_COLOURS
from caisa_studio.ui.icons import svg_icon
from caisa_studio.ui.inspector.builders import add_controls, add_name_row
from caisa_studio.ui.inspector.fields import Choice, ChoiceCombo
from caisa_studio.ui.inspector.form import Form, InspectorContext
from caisa_studio.ui.inspector.header import HeaderValue


class MemberLinks(QLabel):
    """The components inside the boundary, each a link that inspects it."""

    def __init__(self, form: Form, muted_colour: str) -> None:
        super().__init__()
        self._shown: tuple[tuple[str, str], ...] | None = None
        self._muted = muted_colour
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.linkActivated.connect(form.select_requested.emit)

    def set_value(self, members: tuple[tuple[str, str], ...]) -> None:
        if members == self._shown:
            return
        self._shown = members
        if not members:
            self.setText(f'<span style="color:{self._muted}">No components inside yet.</span>')
            return
        self.setText(", ".join(f'<a href="{escape(i)}">{escape(name)}</a>' for i, name in members))


class BoundaryForm(Form):
    def __init__(self, ctx: InspectorContext, boundary_id: str) -> None:
        super().__init__(ctx)
        self.element_id = boundary_id
        self.bind(self.header, self._header)

        def element(design: Design) -> TrustBoundary:
            return design.boundaries[boundary_id]

        properties = self.section("Properties")
        add_name_row(self, properties, boundary_id, element, "boundary")
        zone = ChoiceCombo(self._zone_choices(), self._set_zone)
        zone.setObjectName("zone")
        properties.add_row("Zone", zone, "The trust zone of everything inside this boundary")
        self.bind(zone, lambda design: element(design).zone)
        members = MemberLinks(self, ctx.theme.muted_text)
        members.setObjectName("members")
        properties.add_row("Members", members)
        self.bind(members, self._members)
        add_controls(self, boundary_id, element, ctx.catalog.controls_for_boundaries())
        self.finish()

    def _zone_choices(self) -> list[Choice]:
        return [
            (f"{spec.name} ({spec.id.value})", spec.id, svg_icon("trust_boundary", spec.colour, "ui"))
            for spec in self.ctx.catalog.classifications.zones
        ]

    def _members(self, design: Design) -> tuple[tuple[str, str], ...]:
        inside = [c for c in design.components.values() if c.boundary == self.element_id]
        return tuple((c.id, c.name or c.id) for c in sorted(inside, key=lambda c: (c.name or c.id).lower()))

    def _header(self, design: Design) -> HeaderValue:
        boundary = design.boundaries[self.element_id]
        spec = next((z for z in self.ctx.catalog.classifications.zones if z.id is boundary.zone), None)
        zone_name = spec.name if spec else boundary.zone.value
        icon = svg_icon("trust_boundary", ZONE_COLOURS[boundary.zone], "ui")
        return icon, boundary.name or boundary.id, f"Trust boundary · {zone_name} zone"

    def _set_zone(self, zone: object) -> None:
        current = self.ctx.session.design.boundaries[self.element_id].zone
        if isinstance(zone, Zone) and zone is not current:
            self.push(SetAttribute(self.element_id, "zone", zone), "Change zone")

    def exists(self, design: Design) -> bool:
        return self.element_id in design.boundaries

    def refresh_findings(self) -> None:
        result = self.ctx.session.result
        self.header.set_findings([f for f in result.findings if f.subject == self.element_id])
