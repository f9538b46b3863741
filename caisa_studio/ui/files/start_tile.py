"""The start dialog's cards: a button laid out as kicker, title and text, elided to its width.

Apart from the dialog because the wrapping and eliding by hand (so a tile keeps a fixed height
whatever the summary's length) is its own small problem, and the dialog only places tiles.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout

SUMMARY_LINES = 3


def elide_lines(text: str, metrics: QFontMetrics, width: int, max_lines: int) -> str:
    """Word-wrap ``text`` to ``width`` pixels; more than ``max_lines`` lines end in an ellipsis."""
    if max_lines == 1:  # file paths: keep both ends
        return metrics.elidedText(text, Qt.TextElideMode.ElideMiddle, width)
    words = text.split()
    lines: list[str] = []
    current = ""
    fit = width - 4  # elidedText measures a little wider than horizontalAdvance: keep clear of the edge
    for index, word in enumerate(words):
        candidate = f"{current} {word}" if current else word
        if not current or metrics.horizontalAdvance(candidate) <= fit:
            current = candidate
            continue
        lines.append(current)
        current = word
        if len(lines) == max_lines:
            rest = " ".join([lines.pop(), *words[index:]])
            lines.append(metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width))
            return "\n".join(lines)
    if current:
        lines.append(current)
    if len(lines) > max_lines:  # only when a single word is wider than the tile
        lines = lines[:max_lines]
    return "\n".join(metrics.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in lines)


class Tile(QPushButton):
    """A card: a small kicker line, a title and up to three lines of text; click or Enter chooses it."""

    def __init__(
        self, kicker: str, title: str, text: str, muted: str, tooltip: str = "", lines: int = SUMMARY_LINES
    ) -> None:
        super().__init__()
        self.full_text = " ".join(text.split())
        self.full_title = title
        self.max_lines = lines
        self.setObjectName("tile")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(tooltip)
        self.setAccessibleName(title)
        self.setAccessibleDescription(text)
        self.kicker = QLabel(kicker.upper())
        self.kicker.setObjectName("tileKicker")
        kicker_font = self.kicker.font()
        kicker_font.setPointSizeF(kicker_font.pointSizeF() * 0.85)
        kicker_font.setWeight(QFont.Weight.DemiBold)
        kicker_font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 106)
        self.kicker.setFont(kicker_font)
        self.kicker.setStyleSheet(f"color: {muted};")
        self.title = QLabel(title)
        self.title.setObjectName("tileTitle")
        self.title.setMinimumWidth(1)
        title_font = self.title.font()
        title_font.setWeight(QFont.Weight.DemiBold)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.08)
        self.title.setFont(title_font)
        self.text = QLabel(self.full_text)
        self.text.setObjectName("tileText")
        self.text.setMinimumWidth(1)  # the text is wrapped and elided to the tile's width by hand
        self.text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.text.setStyleSheet(f"color: {muted};")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 12)
        layout.setSpacing(3)
        for label in (self.kicker, self.title, self.text):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            layout.addWidget(label)
        layout.addStretch(1)
        # As tall as the three labels with ``lines`` lines of text need (the layout measures them).
        self.text.setText("\n".join(["Xg"] * lines) if text else "")
        self._height = layout.sizeHint().height() + 2
        self.text.setText(self.full_text)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(self._height)

    def sizeHint(self) -> QSize:
        return QSize(260, self._height)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, self._height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        margins = self.layout().contentsMargins()
        width = max(40, event.size().width() - margins.left() - margins.right())
        self.text.setText(elide_lines(self.full_text, QFontMetrics(self.text.font()), width, self.max_lines))
        self.title.setText(
            QFontMetrics(self.title.font()).elidedText(self.full_title, Qt.TextElideMode.ElideRight, width)
        )
