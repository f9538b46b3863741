"""The findings table's model and its filter proxy.

``FindingsTableModel`` keeps one row per finding, in display order (open findings first, then worst
severity first, or the column the user sorted by). It sorts itself in Python with one key per row —
a Qt proxy sort would call back into Python for every comparison, tens of thousands of calls for a
few thousand findings — and follows ``FindingsDelta``s row by row: removed rows go in contiguous
runs, added rows are inserted where they sort, changed rows are updated in place (moved when their
sort key changed). Only a large or inconsistent delta resets the model, which is a list sort.

``FindingsFilterProxy`` filters by severity, status, framework and text and keeps the source order.
Nothing here creates a widget per row.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from html import escape
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from caisa_studio.model import Design, RiskStatus
from caisa_studio.rules import Finding, FindingsDelta, Severity, ValidationResult
from caisa_studio.ui.findings.docs import status_text, subject_name
from caisa_studio.ui.icons import severity_icon

COLUMNS = ("Severity", "Rule", "Subject", "Message", "Status")
SEVERITY, RULE, SUBJECT, MESSAGE, STATUS = range(len(COLUMNS))
ID_ROLE = Qt.ItemDataRole.UserRole + 2
# Deltas touching more rows than this are applied as a reset (a sort of the whole list).
MAX_INCREMENTAL = 200
STATUS_ORDER = {
    RiskStatus.OPEN: 0,
    RiskStatus.ACCEPTED: 1,
    RiskStatus.MITIGATED: 2,
    RiskStatus.FALSE_POSITIVE: 3,
}
ALL = "all"

Index = QModelIndex | QPersistentModelIndex
SortKey = tuple[Any, ...]


class FindingsTableModel(QAbstractTableModel):
    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.design: Design | None = None
        self._rows: list[Finding] = []
        self._keys: list[SortKey] = []
        self._row_of: dict[str, int] = {}
        self.sort_column = SEVERITY
        self.descending = False
        self.muted = QColor("#667085")
        self._italic = QFont()
        self._italic.setItalic(True)

    # -- order ----------------------------------------------------------------------------------
    def sort_key(self, finding: Finding) -> SortKey:
        """Open findings first and the worst first, within whatever column is sorted."""
        decided = not finding.is_open
        worse = -finding.severity.rank
        column = self.sort_column
        if column == SEVERITY:
            return (decided, worse, finding.rule, finding.subject)
        if column == RULE:
            return (finding.rule, decided, worse, finding.subject)
        if column == SUBJECT:
            return (self.subject_name(finding).casefold(), decided, worse, finding.rule)
        if column == MESSAGE:
            return (finding.message.casefold(), finding.id)
        return (STATUS_ORDER.get(finding.status, 9), worse, finding.rule, finding.subject)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        before = list(self._rows)
        self.sort_column, self.descending = column, order == Qt.SortOrder.DescendingOrder
        self._sort_rows()
        # Selection and current row follow their findings.
        moved_from, moved_to = [], []
        for index in self.persistentIndexList():
            if index.isValid() and index.row() < len(before):
                moved_from.append(index)
                moved_to.append(self.index(self._row_of[before[index.row()].id], index.column()))
        self.changePersistentIndexList(moved_from, moved_to)
        self.layoutChanged.emit()

    def _sort_rows(self) -> None:
        keyed = sorted(((self.sort_key(f), f) for f in self._rows), key=_first, reverse=self.descending)
        self._keys = [key for key, _ in keyed]
        self._rows = [finding for _, finding in keyed]
        self._reindex()

    def _position(self, key: SortKey) -> int:
        """Where a row with ``key`` belongs (after equal keys)."""
        keys, low, high = self._keys, 0, len(self._keys)
        before: Callable[[SortKey, SortKey], bool] = (
            (lambda a, b: a > b) if self.descending else (lambda a, b: a < b)
        )
        while low < high:
            middle = (low + high) // 2
            if before(key, keys[middle]):
                high = middle
            else:
                low = middle + 1
        return low

    # -- contents -------------------------------------------------------------------------------
    def reset(self, design: Design, result: ValidationResult) -> None:
        self.beginResetModel()
        self.design = design
        self._rows = list(result.findings)
        self._sort_rows()
        self.endResetModel()

    def apply_delta(
        self, design: Design, result: ValidationResult, delta: FindingsDelta, tracking_changed: bool = True
    ) -> bool:
        """Follow a delta row by row; resets instead when it is large or does not fit what is shown.
        Returns True when it was applied incrementally. ``tracking_changed=False`` says the design's
        risk decisions are as they were (no row can carry new tracking details beyond the delta)."""
        self.design = design
        touched = len(delta.added) + len(delta.removed) + len(delta.changed)
        consistent = (
            all(f.id not in self._row_of for f in delta.added)
            and all(i in self._row_of for i in delta.removed)
            and all(f.id in self._row_of for f in delta.changed)
            and len(self._rows) + len(delta.added) - len(delta.removed) == len(result.findings)
        )
        if not consistent or touched > MAX_INCREMENTAL:
            self.reset(design, result)
            return False
        self._remove(delta.removed)
        for finding in delta.changed:
            self._replace(self._row_of[finding.id], finding)
        for finding in delta.added:
            self._insert(finding)
        if tracking_changed:
            self._sync_tracking(result)
        return True

    def _sync_tracking(self, result: ValidationResult) -> None:
        """Take the result's finding objects. A delta compares findings without their tracking
        details, so an acceptance that expired, or a new justification, arrives only this way."""
        for row, old in enumerate(self._rows):
            new = result.get(old.id)
            if new is None or new is old:
                continue
            if new.tracking != old.tracking or new != old:
                self._replace(row, new)
            else:
                self._rows[row] = new

    def _insert(self, finding: Finding) -> None:
        key = self.sort_key(finding)
        row = self._position(key)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.insert(row, finding)
        self._keys.insert(row, key)
        self._reindex()
        self.endInsertRows()

    def _replace(self, row: int, finding: Finding) -> None:
        """Update a row in place, or move it when it now sorts elsewhere."""
        key = self.sort_key(finding)
        self._rows[row] = finding
        if key != self._keys[row]:
            del self._keys[row]
            target = self._position(key)  # among the other rows
            self._keys.insert(row, key)
            if target != row:
                # beginMoveRows counts the destination before the row leaves its place.
                destination = target if target < row else target + 1
                self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination)
                self._rows.insert(target, self._rows.pop(row))
                self._keys.insert(target, self._keys.pop(row))
                self._reindex()
                self.endMoveRows()
                row = target
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def _remove(self, ids: Iterable[str]) -> None:
        rows = sorted((self._row_of[i] for i in ids), reverse=True)
        if not rows:
            return
        # Contiguous runs, last first, so earlier row numbers stay valid.
        start = end = rows[0]
        runs: list[tuple[int, int]] = []
        for row in rows[1:]:
            if row == start - 1:
                start = row
            else:
                runs.append((start, end))
                start = end = row
        runs.append((start, end))
        for first, last in runs:
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._rows[first : last + 1]
            del self._keys[first : last + 1]
            self.endRemoveRows()
        self._reindex()

    def _reindex(self) -> None:
        self._row_of = {finding.id: row for row, finding in enumerate(self._rows)}

    def refresh_names(self, subjects: Collection[str] | None = None) -> None:
        """Element names changed (a rename): repaint the subject column, re-sort if sorted by it.

        ``subjects`` limits the repaint to the rows about those elements (all rows when ``None``):
        a rename on a large design touches a few rows, and every repainted row is filtered again.
        """
        if self.sort_column == SUBJECT:
            self.sort(
                SUBJECT, Qt.SortOrder.DescendingOrder if self.descending else Qt.SortOrder.AscendingOrder
            )
        if not self._rows:
            return
        if subjects is None:
            self.dataChanged.emit(self.index(0, SUBJECT), self.index(len(self._rows) - 1, SUBJECT))
            return
        wanted = set(subjects)
        for row, finding in enumerate(self._rows):
            if finding.subject in wanted:
                self.dataChanged.emit(self.index(row, SUBJECT), self.index(row, SUBJECT))

    # -- lookups --------------------------------------------------------------------------------
    def finding_at(self, row: int) -> Finding:
        return self._rows[row]

    def row_of(self, finding_id: str) -> int | None:
        return self._row_of.get(finding_id)

    def findings(self) -> list[Finding]:
        return self._rows

    def subject_name(self, finding: Finding) -> str:
        return subject_name(self.design, finding.subject) if self.design is not None else finding.subject

    # -- QAbstractTableModel ---------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default argument
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = 0) -> object:
        if not index.isValid():
            return None
        finding = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(finding, column)
        if role == Qt.ItemDataRole.DecorationRole and column == SEVERITY:
            return severity_icon(finding.severity)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(finding, column)
        if role == ID_ROLE:
            return finding.id
        if not finding.is_open:
            if role == Qt.ItemDataRole.ForegroundRole:
                return self.muted
            if role == Qt.ItemDataRole.FontRole and column == STATUS:
                return self._italic
        return None

    def _display(self, finding: Finding, column: int) -> str:
        if column == SEVERITY:
            return finding.severity.value.capitalize()
        if column == RULE:
            return finding.rule
        if column == SUBJECT:
            return self.subject_name(finding)
        if column == MESSAGE:
            return finding.message.replace("\n", " ")
        return status_text(finding)

    def _tooltip(self, finding: Finding, column: int) -> str:
        if column == SUBJECT:
            return f"{self.subject_name(finding)} ({finding.subject})"
        if column == SEVERITY:
            return f"{finding.severity.value.capitalize()} — {finding.title}"
        # Rich text, so long messages wrap instead of running off the screen.
        return f"<p><b>{escape(finding.title)}</b></p><p>{escape(finding.message)}</p>"


def _first(pair: tuple[SortKey, Finding]) -> SortKey:
    return pair[0]


class FindingsFilterProxy(QSortFilterProxyModel):
    """Severity, status, framework and free-text filters over the source's own order.

    Sorting (a header click) is passed to the source model, which sorts in one Python pass."""

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.severities: set[Severity] = set(Severity)
        self.status: str = ALL
        self.framework: str | None = None
        self.text: str = ""
        # What the search looks in, per finding: built once, not at every keystroke.
        self._haystacks: dict[str, tuple[str, str]] = {}
        self.setDynamicSortFilter(True)

    def source(self) -> FindingsTableModel:
        model = self.sourceModel()
        assert isinstance(model, FindingsTableModel)
        return model

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.source().sort(column, order)

    def set_filters(self, severities: set[Severity], status: str, framework: str | None, text: str) -> None:
        """Set every filter (``framework=None``: all frameworks) and re-filter once.

        ``invalidate`` rebuilds the mapping in one layout change; a filter change would instead tell
        the view about every run of hidden rows, which is slow when a keystroke hides thousands."""
        self.severities = set(severities)
        self.status = status
        self.framework = framework
        self.text = text.strip().casefold()
        self.invalidate()

    def begin_filter_change(self) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10+; invalidateFilter is deprecated there
            self.beginFilterChange()

    def end_filter_change(self) -> None:
        if hasattr(self, "endFilterChange"):
            self.endFilterChange()
        else:  # pragma: no cover - older Qt
            self.invalidateFilter()

    def refilter(self) -> None:
        """Filter again with the same settings (what a row's text is made of changed)."""
        self._haystacks.clear()
        self.begin_filter_change()
        self.end_filter_change()

    def accepts(self, finding: Finding, ignore_severity: bool = False) -> bool:
        if not ignore_severity and finding.severity not in self.severities:
            return False
        if self.status != ALL and finding.status.value != self.status:
            return False
        if self.framework is not None and all(r.framework != self.framework for r in finding.references):
            return False
        return not self.text or self.text in self._haystack(finding)

    def _haystack(self, finding: Finding) -> str:
        cached = self._haystacks.get(finding.id)
        if cached is not None and cached[0] is finding.message:
            return cached[1]
        name = self.source().subject_name(finding)
        text = f"{finding.rule}\n{finding.subject}\n{name}\n{finding.message}".casefold()
        self._haystacks[finding.id] = (finding.message, text)
        return text

    def forget_text(self, subjects: Collection[str] | None = None) -> None:
        """Names changed: the search text of those subjects' rows (or every row) is built again."""
        if subjects is None:
            self._haystacks.clear()
            return
        wanted = set(subjects)
        for key in [key for key in self._haystacks if key.partition("@")[2] in wanted]:
            del self._haystacks[key]

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        return self.accepts(self.source().finding_at(source_row))

    def severity_counts(self) -> dict[Severity, int]:
        """Findings per severity that pass the other filters (the numbers on the severity chips)."""
        counts = dict.fromkeys(Severity, 0)
        for finding in self.source().findings():
            if self.accepts(finding, ignore_severity=True):
                counts[finding.severity] += 1
        return counts
