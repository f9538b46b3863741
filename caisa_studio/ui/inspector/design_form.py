"""The inspector form of the design itself (nothing selected): title, description, risk class, reference."""

from __future__ import annotations

from functools import cache

from caisa_studio.catalog import CatalogError
from caisa_studio.model import Design, RiskClass
from caisa_studio.model.edits import SetDesignInfo
from caisa_studio.reference import shipped_references
from caisa_studio.ui.inspector.data_section import assets_button
from caisa_studio.ui.inspector.fields import Choice, ChoiceCombo, LiveLineEdit, LiveTextEdit, pretty
from caisa_studio.ui.inspector.form import Form, InspectorContext
from caisa_studio.ui.inspector.header import HeaderValue
from caisa_studio.ui.inspector.style import design_icon, muted

RISK_CLASSES: list[Choice] = [
    ("Not declared", None, None),
    ("High risk", RiskClass.HIGH, None),
    ("Limited risk", RiskClass.LIMITED, None),
    ("Minimal risk", RiskClass.MINIMAL, None),
]
RISK_TOOLTIP = (
    "The EU AI Act risk class this system declares. High-risk systems need human oversight, logging, "
    "documentation and a conformity assessment; limited-risk systems need transparency to users."
)
REFERENCE_TOOLTIP = (
    "The secure reference architecture this design follows; conformance is checked against it."
)
REFERENCE_IDS = tuple(f"RA-{n}" for n in range(1, 7))


@cache
def reference_choices() -> tuple[tuple[str, str], ...]:
    """(id, label) for RA-1 … RA-6: "RA-1 · Secure RAG assistant" when shipped, else just the ID.

    Loading the six references for their titles takes ~60 ms, so the studio does it after its first
    paint (``InspectorPanel.show_reference_titles``) or when the list is opened, whichever comes first.
    """
    try:
        titles = {ref_id: ref.title for ref_id, ref in shipped_references().items()}
    except (CatalogError, OSError):  # a broken reference file is reported by the reference layer, not here
        titles = {}
    ids = sorted(set(REFERENCE_IDS) | set(titles), key=lambda i: (len(i), i))
    return tuple((i, f"{i} · {titles[i]}" if titles.get(i) else i) for i in ids)


def _reference_list(titled: bool) -> list[Choice]:
    """The reference combo's entries; until the titles are loaded, the same values labelled by ID."""
    choices = reference_choices() if titled else tuple((i, i) for i in REFERENCE_IDS)
    return [("None", None, None), *[(label, ref_id, None) for ref_id, label in choices]]


def reference_titles_loaded() -> bool:
    return reference_choices.cache_info().currsize > 0


class DesignForm(Form):
    def __init__(self, ctx: InspectorContext) -> None:
        super().__init__(ctx)
        self.bind(self.header, self._header)
        about = self.section("Design")
        title = LiveLineEdit(lambda text: self.push(SetDesignInfo("title", text), "Change title"), "Title")
        title.setObjectName("title")
        about.add_row("Title", title)
        self.bind(title, lambda design: design.title)
        description = LiveTextEdit(
            lambda text: self._set_info("description", text, "Change description"),
            "What the system does, for whom, and what matters most",
        )
        description.setObjectName("description")
        about.add_row("Description", description)
        self.bind(description, lambda design: design.description)
        risk = ChoiceCombo(
            RISK_CLASSES, lambda value: self._set_info("risk_class", value, "Change risk class")
        )
        risk.setObjectName("risk_class")
        about.add_row("Risk class", risk, RISK_TOOLTIP)
        self.bind(risk, lambda design: design.properties.risk_class)
        self._titled = reference_titles_loaded()
        reference = ChoiceCombo(
            _reference_list(self._titled),
            lambda value: self._set_info("reference", value, "Change reference architecture"),
            before_popup=self.show_reference_titles,
        )
        reference.setObjectName("reference")
        self._reference = reference
        about.add_row("Reference", reference, REFERENCE_TOOLTIP)
        self.bind(reference, lambda design: design.properties.reference)
        self._add_data_overview()
        self.finish()

    def show_reference_titles(self) -> None:
        """Label each reference with its title (loads the references the first time)."""
        if not self._titled:
            self._titled = True
            self._reference.set_choices(_reference_list(True))

    def _add_data_overview(self) -> None:
        data = self.section("Data assets")
        overview = muted("", self.ctx.theme.muted_text, 0.0)
        overview.setObjectName("assets-overview")
        overview.setWordWrap(True)
        data.add_wide(overview)
        data.add_wide(assets_button(self.assets_requested.emit))

        class _Overview:
            @staticmethod
            def set_value(text: str) -> None:
                overview.setText(text)

        self.bind(_Overview(), _assets_overview)

    def _set_info(self, field: str, value: object, text: str) -> None:
        design = self.ctx.session.design
        current = (
            getattr(design, field) if field in ("title", "description") else getattr(design.properties, field)
        )
        if value != current:
            self.push(SetDesignInfo(field, value), text)

    def _header(self, design: Design) -> HeaderValue:
        counts = (
            f"{len(design.components)} components · {len(design.flows)} flows · "
            f"{len(design.boundaries)} boundaries"
        )
        return design_icon(self.ctx.theme.text), design.title or "Untitled design", counts

    def refresh_findings(self) -> None:
        self.header.set_findings(self.ctx.session.result.findings)


def _assets_overview(design: Design) -> str:
    if not design.data_assets:
        return "No data assets yet. Name the data this system handles, then tick where it is held or carried."
    by_class: dict[str, int] = {}
    for asset in design.data_assets.values():
        by_class[asset.classification.value] = by_class.get(asset.classification.value, 0) + 1
    parts = ", ".join(f"{count} {pretty(name).lower()}" for name, count in sorted(by_class.items()))
    noun = "asset" if len(design.data_assets) == 1 else "assets"
    return f"{len(design.data_assets)} data {noun}: {parts}."
