"""The findings dock: a filterable table of findings, a details pane with the rule's documentation,
and the actions that change a finding — quick fix, accept, mitigated, false positive, reopen.

Selecting a finding emits ``finding_selected``; the main window selects and centres its subject and
highlights its path. Every change goes through ``DesignSession.push`` (one undo step each). The pieces
live in ``caisa_studio.ui.findings``: the table model and proxy, the table's look, the filter bar, the
details pane and its documentation text, the actions and buttons, the quick fix, the risk decisions
with their status dialog, and which rows a rename concerns. This module wires them together.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QMenu, QSplitter, QVBoxLayout, QWidget

from caisa_studio.catalog import Catalog, default_catalog
from caisa_studio.model import ChangeSet, Design, RiskEntry, RiskStatus
from caisa_studio.rules import Finding, FindingsDelta, ValidationResult
from caisa_studio.ui.findings import risk_decisions
from caisa_studio.ui.findings.actions import build_actions, build_buttons, build_context_menu
from caisa_studio.ui.findings.details_pane import FindingDetails
from caisa_studio.ui.findings.dialogs import StatusDialog
from caisa_studio.ui.findings.docs import framework_names, subject_name
from caisa_studio.ui.findings.filter_bar import FilterBar
from caisa_studio.ui.findings.model import COLUMNS, FindingsFilterProxy, FindingsTableModel
from caisa_studio.ui.findings.quick_fix_action import QuickFixAction
from caisa_studio.ui.findings.quick_fixes import QuickFix
from caisa_studio.ui.findings.renames import renamed_subjects
from caisa_studio.ui.findings.table_view import build_findings_table, size_table
from caisa_studio.ui.session import DesignSession

__all__ = ["COLUMNS", "FindingsPanel"]

SessionProvider = Callable[[], DesignSession | None]
DialogFactory = Callable[..., StatusDialog]


class FindingsPanel(QWidget):
    finding_selected = Signal(object)  # Finding | None

    def __init__(
        self,
        session: SessionProvider | None = None,
        catalog: Catalog | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("findings-panel")
        self._session_provider: SessionProvider = session or (lambda: None)
        self.catalog = catalog or default_catalog()
        self.result: ValidationResult | None = None
        self.design: Design | None = None
        self._tracking_seen: dict[str, RiskEntry] = {}  # risk decisions as the table last showed them
        # Replaceable for tests and embedders: today's date, how links open, how dialogs are made.
        self.today: Callable[[], date] = date.today
        self.open_url: Callable[[QUrl], object] = QDesktopServices.openUrl
        self.dialog_factory: DialogFactory = StatusDialog
        self.dialog: StatusDialog | None = None
        self.context_menu: QMenu | None = None
        self._connected: DesignSession | None = None
        self._names = framework_names(self.catalog)
        self._resolved_note = ""

        self.model = FindingsTableModel(self)
        self.proxy = FindingsFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.filters = FilterBar()
        self.filters.changed.connect(self._filters_changed)
        self.table = build_findings_table(self.proxy)
        self.table.customContextMenuRequested.connect(self._show_context_menu)
        self.table.activated.connect(lambda _index: self.show_selected_on_canvas())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.details = FindingDetails()
        self.details.web_link_clicked.connect(lambda url: self.open_url(url))
        self.actions = build_actions(self)
        buttons_layout, self.buttons = build_buttons(self.actions, self.fontMetrics())
        self.quick_fixes = QuickFixAction(
            self.actions["quick_fix"],
            self.buttons["quick_fix"],
            self.catalog,
            self.current_session,
            self.selected_finding,
            self,
        )
        details_box = QWidget()
        details_layout = QVBoxLayout(details_box)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.setSpacing(6)
        details_layout.addWidget(self.details, 1)
        details_layout.addLayout(buttons_layout)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(details_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addWidget(self.filters)
        layout.addWidget(self.splitter, 1)
        for watched in (self, self.table, self.details, self.filters.search):
            watched.installEventFilter(self)
        self._update_actions()
        self._update_counts()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if not hasattr(self, "table"):  # during construction
            return
        kind = event.type()
        if kind == QEvent.Type.FontChange:
            size_table(self.table)
        if kind in (QEvent.Type.FontChange, QEvent.Type.PaletteChange) and self.selected_finding():
            self._show_details()  # the secondary text colour follows the theme

    # -- results ------------------------------------------------------------------------------
    def show_result(self, design: Design, result: ValidationResult) -> None:
        """Show a whole result (a newly opened design): resets the table, keeps the selection."""
        self._follow_session()
        selected = self.selected_id()
        self.design, self.result = design, result
        self._tracking_seen = dict(design.risk_tracking)
        self.model.reset(design, result)
        self._after_update(selected)

    def apply_delta(self, design: Design, result: ValidationResult, delta: object) -> None:
        """Follow one validation step: only the rows the delta names change (anything but a
        ``FindingsDelta`` shows the whole result)."""
        if not isinstance(delta, FindingsDelta):
            self.show_result(design, result)
            return
        self._follow_session()
        selected = self.selected_id()
        self.design, self.result = design, result
        tracking = dict(design.risk_tracking)
        self.model.apply_delta(design, result, delta, tracking != self._tracking_seen)
        self._tracking_seen = tracking
        if selected is not None and result.get(selected) is None:
            self._resolved_note = self._finding_named(selected)
        self._after_update(selected)

    def _finding_named(self, finding_id: str) -> str:
        rule, _, subject = finding_id.partition("@")
        name = subject_name(self.design, subject) if self.design is not None else subject
        return f"{rule} on {name}"

    def _after_update(self, selected: str | None) -> None:
        self.filters.set_frameworks(self.model.findings(), self._names)
        self._update_counts()
        if selected is not None and self.result is not None and self.result.get(selected) is not None:
            if self.selected_id() != selected:
                self.select(selected)
            self._show_details()
            self._update_status_actions()
            self.quick_fixes.refresh_soon()  # re-verifying the quick fix can wait until the edits settle
        elif self._resolved_note:
            note, self._resolved_note = self._resolved_note, ""
            self.table.clearSelection()
            self.details.show_resolved(note)
            self._update_actions()

    # -- selection ----------------------------------------------------------------------------
    def selected_id(self) -> str | None:
        finding = self.selected_finding()
        return finding.id if finding else None

    def selected_finding(self) -> Finding | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        source = self.proxy.mapToSource(rows[0])
        return self.model.finding_at(source.row()) if source.isValid() else None

    def select(self, finding_id: str) -> bool:
        """Select a finding's row (False when it is not there or hidden by a filter)."""
        row = self.model.row_of(finding_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        flags = (
            self.table.selectionModel().SelectionFlag.ClearAndSelect
            | self.table.selectionModel().SelectionFlag.Rows
        )
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        return True

    def visible_ids(self) -> list[str]:
        """Finding IDs in the order the table shows them."""
        return [
            self.model.finding_at(self.proxy.mapToSource(self.proxy.index(row, 0)).row()).id
            for row in range(self.proxy.rowCount())
        ]

    def _selection_changed(self) -> None:
        self._show_details()
        self._update_actions()
        self.finding_selected.emit(self.selected_finding())

    def show_selected_on_canvas(self) -> None:
        """Enter or double-click: centre the subject again (the view may have been panned away)."""
        finding = self.selected_finding()
        if finding is not None:
            self.finding_selected.emit(finding)

    def _show_details(self) -> None:
        self.details.show_finding(self.design, self.selected_finding(), self.catalog)

    # -- filters ------------------------------------------------------------------------------
    def _filters_changed(self) -> None:
        self.proxy.set_filters(
            severities=self.filters.severities(),
            status=self.filters.status_value(),
            framework=self.filters.framework_value(),
            text=self.filters.text(),
        )
        self._update_counts()

    def _update_counts(self) -> None:
        self.filters.set_counts(self.proxy.severity_counts(), self.proxy.rowCount(), self.model.rowCount())

    # -- actions ------------------------------------------------------------------------------
    def current_session(self) -> DesignSession | None:
        """The open session, asked for each time: the main window replaces it."""
        return self._session_provider()

    @property
    def quick_fix(self) -> QuickFix | None:
        """The selected finding's quick fix as last verified."""
        return self.quick_fixes.current

    def evaluate_quick_fix(self) -> QuickFix | None:
        """The selected finding's quick fix, verified against the current design."""
        return self.quick_fixes.evaluate()

    def apply_quick_fix(self) -> bool:
        """Set the control that clears the selected finding: one undo step. Re-verified first."""
        return self.quick_fixes.apply()

    def accept_finding(self) -> StatusDialog | None:
        return risk_decisions.open_status_dialog(self, RiskStatus.ACCEPTED)

    def mark_false_positive(self) -> StatusDialog | None:
        return risk_decisions.open_status_dialog(self, RiskStatus.FALSE_POSITIVE)

    def mark_mitigated(self) -> bool:
        return risk_decisions.mark_mitigated(self)

    def reopen(self) -> bool:
        return risk_decisions.reopen(self)

    def copy_selected_id(self) -> None:
        finding = self.selected_finding()
        if finding is not None:
            QGuiApplication.clipboard().setText(finding.id)

    def _update_actions(self) -> None:
        self._update_status_actions()
        self.quick_fixes.refresh()

    def _update_status_actions(self) -> None:
        session, finding = self.current_session(), self.selected_finding()
        has = session is not None and finding is not None
        tracked = has and finding.id in session.design.risk_tracking  # type: ignore[union-attr]
        for name, enabled in risk_decisions.decision_states(finding if has else None, tracked).items():
            self.actions[name].setEnabled(enabled)
        self.actions["show"].setEnabled(finding is not None)
        self.actions["copy_id"].setEnabled(finding is not None)

    def _show_context_menu(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        if not index.isValid():
            return
        if self.selected_id() != self._id_at(index):
            self.table.selectRow(index.row())
        menu = build_context_menu(self.actions, self)
        self.context_menu = menu
        menu.popup(self.table.viewport().mapToGlobal(position))

    def _id_at(self, index: QModelIndex) -> str:
        return self.model.finding_at(self.proxy.mapToSource(index).row()).id

    # -- the session ----------------------------------------------------------------------------
    def _follow_session(self) -> None:
        """Watch the open session's edits (renames change subject names without a new result)."""
        session = self.current_session()
        if session is self._connected:
            return
        self._connected = session
        self.quick_fixes.forget_rules()
        if session is not None:
            session.changed.connect(self._design_changed)

    def _design_changed(self, changes: ChangeSet) -> None:
        """Keep subject names current: a rename repaints the rows about the renamed elements only
        (a control edit none), since every repainted row is filtered again."""
        if changes.geometry_only:
            return
        session = self.current_session()
        if session is None:
            return
        if changes.added or changes.removed or changes.design_modified:
            subjects: set[str] | None = None  # anything may read differently: all rows
        else:
            subjects = renamed_subjects(session.design, changes.edit)
            if not subjects:
                return
        self.model.design = session.design  # names as they are now, before the next result
        self.proxy.forget_text(subjects)  # first: the repainted rows are filtered on their new text
        self.model.refresh_names(subjects)
        if self.filters.text().strip():
            self._update_counts()

    # -- keyboard -----------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) and isinstance(event, QKeyEvent):
            if event.matches(QKeySequence.StandardKey.Find):
                # Ctrl+F inside the panel searches the findings, not the palette.
                event.accept()
                if kind == QEvent.Type.KeyPress:
                    self.focus_search()
                return True
            if watched is self.filters.search and kind == QEvent.Type.KeyPress:
                if event.key() == Qt.Key.Key_Down:
                    self.table.setFocus()
                    if not self.table.selectionModel().hasSelection() and self.proxy.rowCount():
                        self.table.selectRow(0)
                    return True
                if event.key() == Qt.Key.Key_Escape and self.filters.search.text():
                    self.filters.search.clear()
                    return True
        return super().eventFilter(watched, event)

    def focus_search(self) -> None:
        self.filters.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filters.search.selectAll()
