"""The details pane beside the findings table: the selected finding's documentation, in colours that
follow the theme, or the note that the finding just resolved.

Links in the text never open by themselves: a click on a web link emits ``web_link_clicked`` and the
panel decides how to open it; any other scheme is ignored.
"""

from __future__ import annotations

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QTextBrowser, QWidget

from caisa_studio.catalog import Catalog
from caisa_studio.model import Design
from caisa_studio.rules import Finding
from caisa_studio.ui.findings.docs import details_html

WEB_SCHEMES = ("http", "https")


class FindingDetails(QTextBrowser):
    web_link_clicked = Signal(QUrl)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("finding-details")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._link_clicked)
        self.setPlaceholderText("Select a finding to see why it matters and how to fix it.")

    def show_finding(self, design: Design | None, finding: Finding | None, catalog: Catalog) -> None:
        """The finding's documentation (cleared when there is no finding or no design)."""
        if finding is None or design is None:
            self.clear()
            return
        self.setHtml(details_html(design, finding, catalog, self.muted_colour()))

    def show_resolved(self, note: str) -> None:
        """Say that the finding the user had selected is gone, and how to get it back."""
        self.setHtml(
            f"<p><b>Resolved:</b> {_esc(note)} no longer applies.</p><p>Undo (Ctrl+Z) brings it back.</p>"
        )

    def muted_colour(self) -> str:
        """Secondary text: the text colour moved 45 % towards the background (light and dark)."""
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.Text)
        base = palette.color(QPalette.ColorRole.Base)
        mix = [round(t + (b - t) * 0.45) for t, b in zip(text.getRgb()[:3], base.getRgb()[:3], strict=True)]
        return "#{:02x}{:02x}{:02x}".format(*mix)

    def _link_clicked(self, url: QUrl) -> None:
        """Links open in the browser only when clicked, and only web pages."""
        if url.scheme() in WEB_SCHEMES:
            self.web_link_clicked.emit(url)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
