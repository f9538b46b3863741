"""The inspector form of one component: name, kind, catalog properties, data held, controls."""

from __future__ import annotations

from collections.abc import Hashable

from caisa_studio.model import Component, Design
from caisa_studio.model.edits import SetAttribute
from caisa_studio.ui.icons import svg_icon
from caisa_studio.ui.inspector.builders import add_assets, add_controls, add_name_row, add_properties
from caisa_studio.ui.inspector.fields import Choice, ChoiceCombo
from caisa_studio.ui.inspector.form import Form, InspectorContext
from caisa_studio.ui.inspector.header import HeaderValue


class ComponentForm(Form):
    def __init__(self, ctx: InspectorContext, component_id: str) -> None:
        super().__init__(ctx)
        self.element_id = component_id
        design = ctx.session.design
        self._kind = design.components[component_id].kind
        self.bind(self.header, self._header)

        def element(design: Design) -> Component:
            return design.components[component_id]

        properties = self.section("Properties")
        add_name_row(self, properties, component_id, element, "component")
        kind = ChoiceCombo(self._kind_choices(), self._set_kind)
        kind.setObjectName("kind")
        kind.setMaxVisibleItems(16)
        properties.add_row("Kind", kind, self._kind_tooltip())
        self.bind(kind, lambda design: element(design).kind)
        add_properties(self, properties, component_id, element)
        add_assets(self, component_id, element, "holds", "holds")
        add_controls(self, component_id, element, ctx.catalog.controls_for_kind(self._kind))
        self.finish()

    def _header(self, design: Design) -> HeaderValue:
        component = design.components[self.element_id]
        spec = self.ctx.catalog.kind(component.kind)
        kind_name = spec.name if spec else f"{component.kind} (not in the catalog)"
        category = self.ctx.catalog.categories.get(spec.category, "") if spec else ""
        subtitle = f"{kind_name} · {category}" if category else kind_name
        icon = svg_icon(component.kind, self.ctx.theme.text)
        return icon, component.name or component.id, subtitle

    def _kind_choices(self) -> list[Choice]:
        colour = self.ctx.theme.text
        choices: list[Choice] = [
            (kind.name, kind.id, svg_icon(kind.id, colour)) for kind in self.ctx.catalog.kinds.values()
        ]
        if self._kind not in self.ctx.catalog.kinds:
            choices.insert(0, (f"{self._kind} (not in the catalog)", self._kind, None))
        return choices

    def _kind_tooltip(self) -> str:
        spec = self.ctx.catalog.kind(self._kind)
        return spec.description if spec else "This kind is not in the catalog."

    def _set_kind(self, kind: object) -> None:
        if isinstance(kind, str) and kind != self.ctx.session.design.components[self.element_id].kind:
            self.push(SetAttribute(self.element_id, "kind", kind), "Change kind")

    def structure(self, design: Design) -> Hashable:
        return design.components[self.element_id].kind

    def exists(self, design: Design) -> bool:
        return self.element_id in design.components

    def refresh_findings(self) -> None:
        result = self.ctx.session.result
        self.header.set_findings([f for f in result.findings if f.subject == self.element_id])
