"""The inspector's header: the element's icon, name and kind, and its open findings at a glance."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from caisa_studio.render.style import SEVERITY_COLOURS, Theme
from caisa_studio.rules import Finding, Severity
from caisa_studio.ui.inspector.style import muted, semibold

ICON_SIZE = 32
TOOLTIP_LINES = 15  # the design header counts every finding: list a few, not thousands
HeaderValue = tuple[QIcon, str, str]  # icon, title, subtitle


class Header(QWidget):
    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self.setObjectName("inspector-header")
        self._theme = theme
        self._shown: tuple[int, str, str] | None = None
        self.icon = QLabel()
        self.icon.setFixedSize(QSize(ICON_SIZE + 4, ICON_SIZE + 4))
        self.icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel()
        self.title.setObjectName("inspector-title")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        semibold(self.title, 2.0)
        self.subtitle = muted("", theme.muted_text, 0.0)
        self.subtitle.setWordWrap(True)
        self.findings = QLabel()
        self.findings.setObjectName("inspector-findings")
        self.findings.setTextFormat(Qt.TextFormat.RichText)
        self.findings.setWordWrap(True)  # never wider than the dock: many severities wrap
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        grid.addWidget(self.icon, 0, 0, 2, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.title, 0, 1)
        grid.addWidget(self.subtitle, 1, 1)
        grid.addWidget(self.findings, 2, 1)
        grid.setColumnStretch(1, 1)

    def set_value(self, value: HeaderValue) -> None:
        icon, title, subtitle = value
        key = (icon.cacheKey(), title, subtitle)
        if key == self._shown:
            return
        self._shown = key
        self.icon.setPixmap(icon.pixmap(QSize(ICON_SIZE, ICON_SIZE)) if not icon.isNull() else icon.pixmap(0))
        self.title.setText(title)
        self.subtitle.setText(subtitle)

    def set_findings(self, findings: Sequence[Finding]) -> None:
        """``● 2 high  ● 1 medium`` for the open findings, or a quiet "No open findings"."""
        open_findings = [f for f in findings if f.is_open]
        if not open_findings:
            self.findings.setText(f'<span style="color:{self._theme.muted_text}">No open findings</span>')
            return
        counts = Counter(f.severity for f in open_findings)
        parts = []
        for severity in Severity:
            count = counts[severity]
            if count:
                colour = SEVERITY_COLOURS[severity]
                parts.append(f'<span style="color:{colour}">●</span>&nbsp;{count}&nbsp;{severity.value}')
        noun = "finding" if len(open_findings) == 1 else "findings"
        summary = "&nbsp; ".join(parts)
        self.findings.setText(f"{len(open_findings)}&nbsp;open&nbsp;{noun}&nbsp;&nbsp; {summary}")
        lines = [f"{f.rule}: {f.title}" for f in open_findings[:TOOLTIP_LINES]]
        if len(open_findings) > TOOLTIP_LINES:
            lines.append(f"… and {len(open_findings) - TOOLTIP_LINES} more (see the Findings panel)")
        self.findings.setToolTip("\n".join(lines))
