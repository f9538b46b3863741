"""Rows shared by the element forms: name, catalog properties, data assets held/carried, controls."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from caisa_studio.catalog.schema import ControlSpec
from caisa_studio.model import ControlState, Design
from caisa_studio.model.edit_support import UNSET
from caisa_studio.model.edits import SetAttribute, SetControl, SetProperty
from caisa_studio.ui.inspector.controls import ControlsGrid, implemented_note
from caisa_studio.ui.inspector.data_section import AssetChecklist, asset_rows, assets_button
from caisa_studio.ui.inspector.fields import LiveLineEdit
from caisa_studio.ui.inspector.form import Form
from caisa_studio.ui.inspector.properties import property_field, specs_for
from caisa_studio.ui.inspector.section import Section
from caisa_studio.ui.inspector.style import muted

Element = Callable[[Design], Any]  # reads the inspected element from the current design


def add_name_row(form: Form, section: Section, element_id: str, element: Element, what: str) -> LiveLineEdit:
    """The name field: pushes on every keystroke; the undo stack merges them into one step."""
    field = LiveLineEdit(
        lambda text: form.push(SetAttribute(element_id, "name", text), f"Rename {what}"), f"Name this {what}"
    )
    field.setObjectName("name")
    section.add_row("Name", field)
    form.bind(field, lambda design: element(design).name)
    return field


def add_properties(form: Form, section: Section, element_id: str, element: Element) -> None:
    """One row per catalog property offered for the element, with the editor its type needs."""
    design = form.ctx.session.design
    specs = specs_for(form.ctx.catalog, element(design))
    for spec in specs:

        def on_value(value: Any, key: str = spec.id, name: str = spec.name) -> None:
            current = element(form.ctx.session.design).properties.get(key, UNSET)
            if value is UNSET and current is UNSET:
                return
            if value == current:
                return
            form.push(SetProperty(element_id, key, value), f"Set {name}")

        field = property_field(spec, on_value, form.ctx.theme.muted_text)
        if spec.type == "bool":
            section.add_wide(field)  # the check box carries the name: the label column stays narrow
        else:
            section.add_row(spec.name, field, spec.description)
        form.bind(field, lambda design, key=spec.id: element(design).properties.get(key, UNSET))


def add_assets(form: Form, element_id: str, element: Element, field_name: str, verb: str) -> None:
    """The Data section: the design's data assets, checked where held (component) or carried (flow)."""
    section = form.section("Data")
    section.setToolTip(f"The data assets this element {verb}; findings about sensitive data read these.")
    checklist = AssetChecklist(
        lambda chosen: form.push(SetAttribute(element_id, field_name, chosen), f"Change data {verb}"),
        form.ctx.theme.muted_text,
        "This design has no data assets yet. Add them with “Data assets…”.",
    )
    checklist.setObjectName(f"assets-{field_name}")
    caption = muted(f"Data assets this element {verb}:", form.ctx.theme.muted_text, 0.0)
    section.add_wide(caption)
    section.add_wide(checklist)
    section.add_wide(assets_button(form.assets_requested.emit))
    form.bind(checklist, lambda design: asset_rows(design, list(getattr(element(design), field_name))))


def add_controls(form: Form, element_id: str, element: Element, specs: Sequence[ControlSpec]) -> None:
    """The Controls section: every applicable control, each status change one ``SetControl``."""
    section = form.section("Controls")
    if not specs:
        section.add_wide(muted("No catalog control applies here.", form.ctx.theme.muted_text, 0.0))
        return

    def on_state(control_id: str, state: ControlState | None) -> None:
        if element(form.ctx.session.design).controls.get(control_id) == state:
            return
        name = form.ctx.catalog.controls[control_id].name
        form.push(SetControl(element_id, control_id, state), f"Set control {name}")

    grid = ControlsGrid(specs, on_state, form.ctx.theme.muted_text)
    section.add_wide(grid)
    for row in grid.rows:
        form.bind(row, lambda design, cid=row.spec.id: element(design).controls.get(cid))

    class _Note:
        @staticmethod
        def set_value(states: list[ControlState | None]) -> None:
            section.set_note(implemented_note(states))

    form.bind(_Note(), lambda design: [element(design).controls.get(s.id) for s in specs])
