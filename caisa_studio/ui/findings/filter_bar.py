"""The filter bar above the findings table: severity chips with counts, status and framework
selectors, a search field and "n of m shown"."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from caisa_studio.model import RiskStatus
from caisa_studio.rules import Finding, Severity
from caisa_studio.ui.findings.docs import STATUS_LABELS
from caisa_studio.ui.findings.model import ALL
from caisa_studio.ui.icons import severity_icon
from caisa_studio.ui.severity_style import SEVERITY_COLOURS

CHIP_STYLE = """
QToolButton[chip="true"] {
    border: 1px solid palette(mid); border-radius: 11px; padding: 1px 8px 1px 5px;
    background: palette(base); color: palette(text);
}
QToolButton[chip="true"]:!checked { color: palette(mid); border-style: dashed; }
QToolButton[chip="true"][empty="true"] { color: palette(mid); }
QToolButton[chip="true"]:focus { border: 2px solid palette(highlight); }
"""
CHECKED_CHIP = (
    "QToolButton#chip-{name}:checked {{ border: 1px solid {colour}; background: palette(window); }}\n"
)


class FilterBar(QWidget):
    """Emits ``changed`` whenever a filter changes; the panel applies them to the proxy."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._quiet = False
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.chips: dict[Severity, QToolButton] = {}
        for severity in Severity:
            chip = QToolButton()
            chip.setObjectName(f"chip-{severity.value}")
            chip.setProperty("chip", True)
            chip.setCheckable(True)
            chip.setChecked(True)
            chip.setIcon(severity_icon(severity))
            chip.setIconSize(QSize(12, 12))
            chip.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            chip.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            chip.setToolTip(f"Show or hide {severity.value} findings")
            chip.toggled.connect(lambda _checked: self._emit())
            self.chips[severity] = chip
            layout.addWidget(chip)
        # One style sheet for the bar (not one per chip): cheaper to polish, same look.
        self.setStyleSheet(
            CHIP_STYLE
            + "".join(CHECKED_CHIP.format(name=s.value, colour=SEVERITY_COLOURS[s]) for s in Severity)
        )
        layout.addSpacing(8)
        self.status = QComboBox()
        self.status.setObjectName("status-filter")
        self.status.setToolTip("Show findings with this status")
        self.status.addItem("All statuses", ALL)
        for status in RiskStatus:
            self.status.addItem(STATUS_LABELS[status], status.value)
        self.status.currentIndexChanged.connect(lambda _i: self._emit())
        layout.addWidget(self.status)
        self.framework = QComboBox()
        self.framework.setObjectName("framework-filter")
        self.framework.setToolTip("Show findings that cite this framework")
        self.framework.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.framework.setMinimumContentsLength(20)
        self.framework.addItem("All frameworks", None)
        self.framework.currentIndexChanged.connect(lambda _i: self._emit())
        layout.addWidget(self.framework)
        self.search = QLineEdit()
        self.search.setObjectName("findings-search")
        self.search.setPlaceholderText("Search rule, subject, message  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(180)
        self.search.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.search.textChanged.connect(lambda _t: self._emit())
        layout.addWidget(self.search, 1)
        self.clear = QToolButton()
        self.clear.setObjectName("clear-filters")
        self.clear.setText("Reset")
        self.clear.setToolTip("Show every finding again")
        self.clear.clicked.connect(self.reset)
        layout.addWidget(self.clear)
        self.shown = QLabel()
        self.shown.setObjectName("shown-count")
        self.shown.setMinimumWidth(92)
        self.shown.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.shown)
        self._update_clear()

    # -- values ---------------------------------------------------------------------------------
    def severities(self) -> set[Severity]:
        return {severity for severity, chip in self.chips.items() if chip.isChecked()}

    def status_value(self) -> str:
        return str(self.status.currentData())

    def framework_value(self) -> str | None:
        value = self.framework.currentData()
        return value if isinstance(value, str) else None

    def text(self) -> str:
        return self.search.text()

    def active(self) -> bool:
        return (
            self.severities() != set(Severity)
            or self.status_value() != ALL
            or self.framework_value() is not None
            or bool(self.text().strip())
        )

    def reset(self) -> None:
        self._quiet = True
        for chip in self.chips.values():
            chip.setChecked(True)
        self.status.setCurrentIndex(0)
        self.framework.setCurrentIndex(0)
        self.search.clear()
        self._quiet = False
        self._emit()

    # -- what the panel tells it ----------------------------------------------------------------
    def set_counts(self, counts: dict[Severity, int], shown: int, total: int) -> None:
        for severity, chip in self.chips.items():
            count = counts.get(severity, 0)
            chip.setText(f"{severity.value.capitalize()} {count}")
            if chip.property("empty") != (count == 0):
                chip.setProperty("empty", count == 0)  # nothing of this severity: a quieter chip
                chip.style().unpolish(chip)
                chip.style().polish(chip)
        self.shown.setText(f"{shown} of {total} shown")

    def set_frameworks(self, findings: list[Finding], names: dict[str, str]) -> None:
        """Offer the frameworks the current findings cite, keeping the current choice."""
        cited = cited_frameworks(findings)
        current = self.framework_value()
        wanted = [None, *sorted(cited, key=lambda k: names.get(k, k).casefold())]
        existing = [self.framework.itemData(i) for i in range(self.framework.count())]
        if current is not None and current not in wanted:
            wanted.append(current)  # keep a chosen framework even when nothing cites it any more
        self.framework.blockSignals(True)
        if existing != wanted:
            self.framework.clear()
            self.framework.addItem("All frameworks", None)
            for key in wanted[1:]:
                self.framework.addItem(names.get(key, key), key)
            self.framework.setCurrentIndex(max(0, self.framework.findData(current)) if current else 0)
        for i in range(1, self.framework.count()):
            key = self.framework.itemData(i)
            self.framework.setItemText(i, f"{names.get(key, key)} ({cited.get(key, 0)})")
        view = self.framework.view()
        view.setMinimumWidth(view.sizeHintForColumn(0) + 32)  # the list shows whole names
        self.framework.blockSignals(False)

    def _emit(self) -> None:
        self._update_clear()
        if not self._quiet:
            self.changed.emit()

    def _update_clear(self) -> None:
        self.clear.setEnabled(self.active())


def cited_frameworks(findings: list[Finding]) -> Counter[str]:
    """How many findings cite each framework.

    Findings of one rule usually share one references tuple: count those tuples first, so a design
    with thousands of findings costs one pass instead of one per reference.
    """
    by_references: Counter[int] = Counter(id(f.references) for f in findings)
    references = {id(f.references): f.references for f in findings}
    cited: Counter[str] = Counter()
    for key, count in by_references.items():
        for framework in {r.framework for r in references[key]}:
            cited[framework] += count
    return cited
