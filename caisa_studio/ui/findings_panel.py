"""The findings dock: a filterable table of findings, a details pane with the rule's documentation,
and the actions that change a finding — quick fix, accept, mitigated, false positive, reopen.

Selecting a finding emits ``finding_selected``; the main window selects and centres its subject and
highlights its path. Every change goes through ``DesignSession.push`` (one undo step each). The pieces
live in ``caisa_studio.ui.findings``: the table model and proxy, the filter bar, the documentation
text, the quick-fix table and the status dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, QSettings, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QKeyEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from caisa_studio.catalog import Catalog, default_catalog
from caisa_studio.model import ChangeSet, Design, RiskEntry, RiskStatus
from caisa_studio.model.edit_support import Batch, Edit
from caisa_studio.model.edits import SetAttribute, SetRiskEntry
from caisa_studio.rules import Finding, FindingsDelta, ValidationResult
from caisa_studio.ui.findings.dialogs import StatusDialog
from caisa_studio.ui.findings.docs import details_html, framework_names, subject_name
from caisa_studio.ui.findings.filter_bar import FilterBar
from caisa_studio.ui.findings.model import (
    COLUMNS,
    MESSAGE,
    RULE,
    SEVERITY,
    STATUS,
    SUBJECT,
    FindingsFilterProxy,
    FindingsTableModel,
)
from caisa_studio.ui.findings.quick_fixes import NO_FIX_LABEL, QuickFix, QuickFixer
from caisa_studio.ui.session import DesignSession

__all__ = ["COLUMNS", "FindingsPanel"]

SessionProvider = Callable[[], DesignSession | None]
DialogFactory = Callable[..., StatusDialog]
OWNER_KEY = "findings/owner"
RECHECK_DELAY_MS = 150  # the quick fix of the selected finding is re-verified this long after an edit


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
        self.quick_fix: QuickFix | None = None
        self._quick_fixer: QuickFixer | None = None
        self._connected: DesignSession | None = None
        self._names = framework_names(self.catalog)
        self._resolved_note = ""

        self.model = FindingsTableModel(self)
        self.proxy = FindingsFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.filters = FilterBar()
        self.filters.changed.connect(self._filters_changed)
        self.table = self._build_table()
        self.details = QTextBrowser()
        self.details.setObjectName("finding-details")
        self.details.setOpenLinks(False)
        self.details.setOpenExternalLinks(False)
        self.details.anchorClicked.connect(self._link_clicked)
        self.details.setPlaceholderText("Select a finding to see why it matters and how to fix it.")
        self.actions = self._build_actions()
        details_box = QWidget()
        details_layout = QVBoxLayout(details_box)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.setSpacing(6)
        details_layout.addWidget(self.details, 1)
        details_layout.addLayout(self._build_buttons())
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
        self._recheck = QTimer(self)
        self._recheck.setSingleShot(True)
        self._recheck.setInterval(RECHECK_DELAY_MS)
        self._recheck.timeout.connect(self._update_quick_fix)
        for watched in (self, self.table, self.details, self.filters.search):
            watched.installEventFilter(self)
        self._update_actions()
        self._update_counts()

    # -- construction ---------------------------------------------------------------------------
    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("findings-table")
        table.setModel(self.proxy)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setSortingEnabled(True)
        table.sortByColumn(SEVERITY, Qt.SortOrder.AscendingOrder)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._show_context_menu)
        table.activated.connect(lambda _index: self._activate())
        table.verticalHeader().setVisible(False)
        # Fixed row heights: the view never measures thousands of rows.
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(MESSAGE, QHeaderView.ResizeMode.Stretch)
        self._size_table(table)
        table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        return table

    @staticmethod
    def _size_table(table: QTableView) -> None:
        """Row height and column widths from the font (again when the text size changes)."""
        metrics = table.fontMetrics()
        table.verticalHeader().setDefaultSectionSize(metrics.height() + 10)
        em = metrics.horizontalAdvance("M")
        severity_width = metrics.horizontalAdvance("Critical") + 16 + 3 * em  # icon, sort arrow, padding
        widths = {SEVERITY: severity_width, RULE: 7 * em, SUBJECT: 13 * em, STATUS: 10 * em}
        header = table.horizontalHeader()
        header.setMinimumSectionSize(4 * em)
        for column, width in widths.items():
            header.resizeSection(column, width)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if not hasattr(self, "table"):  # during construction
            return
        kind = event.type()
        if kind == QEvent.Type.FontChange:
            self._size_table(self.table)
        if kind in (QEvent.Type.FontChange, QEvent.Type.PaletteChange) and self.selected_finding():
            self._show_details()  # the secondary text colour follows the theme

    def _build_actions(self) -> dict[str, QAction]:
        specs = (
            ("quick_fix", NO_FIX_LABEL, self.apply_quick_fix, "Ctrl+Return"),
            ("accept", "Accept…", self.accept_finding, None),
            ("mitigated", "Mark mitigated", self.mark_mitigated, None),
            ("false_positive", "False positive…", self.mark_false_positive, None),
            ("reopen", "Reopen", self.reopen, None),
            ("show", "Show on canvas", self._activate, None),
            ("copy_id", "Copy finding ID", self._copy_id, None),
        )
        actions: dict[str, QAction] = {}
        for name, text, slot, shortcut in specs:
            action = QAction(text, self)
            action.setIconText(text)  # tool buttons would drop the "…" that says a dialog follows
            action.setObjectName(f"finding-{name}")
            action.triggered.connect(lambda _checked=False, s=slot: s())
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                self.addAction(action)
            actions[name] = action
        actions["accept"].setToolTip("Accept the risk with a justification and an optional expiry date")
        actions["mitigated"].setToolTip("Record that the risk is mitigated outside what the design shows")
        actions["false_positive"].setToolTip("Record that the finding does not apply, with a justification")
        actions["reopen"].setToolTip("Forget the decision: the finding counts as open again")
        return actions

    def _build_buttons(self) -> QVBoxLayout:
        rows = QVBoxLayout()
        rows.setSpacing(6)
        self.buttons: dict[str, QToolButton] = {}
        for names in (("quick_fix",), ("accept", "mitigated", "false_positive", "reopen")):
            row = QHBoxLayout()
            row.setSpacing(6)
            for name in names:
                button = QToolButton()
                button.setObjectName(f"button-{name}")
                button.setDefaultAction(self.actions[name])
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
                button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
                button.setMinimumHeight(self.fontMetrics().height() + 12)
                self.buttons[name] = button
                row.addWidget(button)
            rows.addLayout(row)
        # The primary action: accent-filled while it is available.
        self.buttons["quick_fix"].setStyleSheet(
            "QToolButton:enabled { background: palette(highlight); color: palette(highlighted-text);"
            " border: 1px solid palette(highlight); border-radius: 4px; padding: 3px 10px;"
            " font-weight: 600; }"
            " QToolButton:enabled:pressed { background: palette(dark); }"
        )
        return rows

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
            self._recheck.start()  # re-verifying the quick fix can wait until the edits settle
        elif self._resolved_note:
            note, self._resolved_note = self._resolved_note, ""
            self.table.clearSelection()
            self.details.setHtml(
                f"<p><b>Resolved:</b> {_esc(note)} no longer applies.</p><p>Undo (Ctrl+Z) brings it back.</p>"
            )
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

    def _activate(self) -> None:
        """Enter or double-click: centre the subject again (the view may have been panned away)."""
        finding = self.selected_finding()
        if finding is not None:
            self.finding_selected.emit(finding)

    def _show_details(self) -> None:
        finding = self.selected_finding()
        if finding is None or self.design is None:
            self.details.clear()
            return
        self.details.setHtml(details_html(self.design, finding, self.catalog, self._muted_colour()))

    def _muted_colour(self) -> str:
        """Secondary text: the text colour moved 45 % towards the background (light and dark)."""
        palette = self.details.palette()
        text = palette.color(QPalette.ColorRole.Text)
        base = palette.color(QPalette.ColorRole.Base)
        mix = [round(t + (b - t) * 0.45) for t, b in zip(text.getRgb()[:3], base.getRgb()[:3], strict=True)]
        return "#{:02x}{:02x}{:02x}".format(*mix)

    def _link_clicked(self, url: QUrl) -> None:
        """Links open in the browser only when clicked, and only web pages."""
        if url.scheme() in ("http", "https"):
            self.open_url(url)

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
    def _session(self) -> DesignSession | None:
        return self._session_provider()

    def _fixer(self, session: DesignSession) -> QuickFixer:
        if self._quick_fixer is None:
            self._quick_fixer = QuickFixer(self.catalog, session.validator.rules)
        return self._quick_fixer

    def evaluate_quick_fix(self) -> QuickFix | None:
        """The selected finding's quick fix, verified against the current design."""
        session, finding = self._session(), self.selected_finding()
        if session is None or finding is None:
            return None
        return self._fixer(session).evaluate(session.design, finding, session.document.revision)

    def _update_actions(self) -> None:
        self._update_status_actions()
        self._update_quick_fix()

    def _update_status_actions(self) -> None:
        session, finding = self._session(), self.selected_finding()
        has = session is not None and finding is not None
        tracked = has and finding.id in session.design.risk_tracking  # type: ignore[union-attr]
        status = finding.status if finding is not None else None
        expired = finding is not None and bool(finding.tracking.get("note"))
        self.actions["accept"].setEnabled(has and (status is not RiskStatus.ACCEPTED or expired))
        self.actions["mitigated"].setEnabled(has and status is not RiskStatus.MITIGATED)
        self.actions["false_positive"].setEnabled(has and status is not RiskStatus.FALSE_POSITIVE)
        self.actions["reopen"].setEnabled(bool(tracked))
        self.actions["show"].setEnabled(finding is not None)
        self.actions["copy_id"].setEnabled(finding is not None)

    def _update_quick_fix(self) -> None:
        self._recheck.stop()
        self.quick_fix = self.evaluate_quick_fix()
        action = self.actions["quick_fix"]
        if self.quick_fix is None:
            action.setText(NO_FIX_LABEL)
            action.setIconText(NO_FIX_LABEL)
            action.setEnabled(False)
            action.setToolTip("Select a finding to see whether one control fixes it")
        else:
            action.setText(self.quick_fix.label)
            action.setIconText(self.quick_fix.label)
            action.setEnabled(self.quick_fix.available)
            action.setToolTip(self.quick_fix.reason)
        self.buttons["quick_fix"].setToolTip(action.toolTip())

    def apply_quick_fix(self) -> bool:
        """Set the control that clears the selected finding: one undo step. Re-verified first."""
        session, finding = self._session(), self.selected_finding()
        fix = self.evaluate_quick_fix()
        if session is None or finding is None or fix is None or fix.edit is None:
            return False
        name = self.catalog.controls[fix.edit.control_id].name
        subject = subject_name(session.design, finding.subject)
        return session.push(fix.edit, f"Quick fix {finding.rule}: {name} on {subject}")

    def accept_finding(self) -> StatusDialog | None:
        return self._open_dialog(RiskStatus.ACCEPTED)

    def mark_false_positive(self) -> StatusDialog | None:
        return self._open_dialog(RiskStatus.FALSE_POSITIVE)

    def _open_dialog(self, status: RiskStatus) -> StatusDialog | None:
        session, finding = self._session(), self.selected_finding()
        if session is None or finding is None:
            return None
        owner = finding.tracking.get("owner") or str(QSettings().value(OWNER_KEY, "") or "")
        dialog = self.dialog_factory(
            finding, subject_name(session.design, finding.subject), status, self.today(), owner, self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._dialog_done(dialog, finding.id))
        dialog.finished.connect(lambda _result: self._forget_dialog(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _dialog_done(self, dialog: StatusDialog, finding_id: str) -> None:
        entry = dialog.entry()
        if entry.owner:
            QSettings().setValue(OWNER_KEY, entry.owner)
        verb = "Accept" if entry.status is RiskStatus.ACCEPTED else "Mark false positive:"
        self._push_entry(finding_id, entry, f"{verb} {finding_id}")

    def _forget_dialog(self, dialog: StatusDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def mark_mitigated(self) -> bool:
        session, finding = self._session(), self.selected_finding()
        if session is None or finding is None:
            return False
        previous = session.design.risk_tracking.get(finding.id)
        owner = previous.owner if previous else str(QSettings().value(OWNER_KEY, "") or "")
        entry = RiskEntry(
            status=RiskStatus.MITIGATED,
            justification=previous.justification if previous else "",
            owner=owner,
            date=self.today().isoformat(),
        )
        return self._push_entry(finding.id, entry, f"Mark mitigated: {finding.id}")

    def reopen(self) -> bool:
        session, finding = self._session(), self.selected_finding()
        if session is None or finding is None or finding.id not in session.design.risk_tracking:
            return False
        return session.push(SetRiskEntry(finding.id, None), f"Reopen {finding.id}")

    def _push_entry(self, finding_id: str, entry: RiskEntry, text: str) -> bool:
        session = self._session()
        if session is None:
            return False
        return session.push(SetRiskEntry(finding_id, entry), text)

    def _copy_id(self) -> None:
        from PySide6.QtGui import QGuiApplication

        finding = self.selected_finding()
        if finding is not None:
            QGuiApplication.clipboard().setText(finding.id)

    def _show_context_menu(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        if not index.isValid():
            return
        if self.selected_id() != self._id_at(index):
            self.table.selectRow(index.row())
        menu = QMenu(self)
        menu.setObjectName("findings-context-menu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for name in ("show", None, "quick_fix", "accept", "mitigated", "false_positive", "reopen", None):
            menu.addSeparator() if name is None else menu.addAction(self.actions[name])
        menu.addAction(self.actions["copy_id"])
        self.context_menu = menu
        menu.popup(self.table.viewport().mapToGlobal(position))

    def _id_at(self, index: QModelIndex) -> str:
        return self.model.finding_at(self.proxy.mapToSource(index).row()).id

    # -- the session ----------------------------------------------------------------------------
    def _follow_session(self) -> None:
        """Watch the open session's edits (renames change subject names without a new result)."""
        session = self._session()
        if session is self._connected:
            return
        self._connected = session
        self._quick_fixer = None
        if session is not None:
            session.changed.connect(self._design_changed)

    def _design_changed(self, changes: ChangeSet) -> None:
        """Keep subject names current: a rename repaints the rows about the renamed elements only
        (a control edit none), since every repainted row is filtered again."""
        if changes.geometry_only:
            return
        session = self._session()
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


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# A flow reads "source → target": re-attaching it, or renaming either end, renames it too.
NAME_FIELDS = frozenset({"name", "source", "target"})


def renamed_subjects(design: Design, edit: Edit) -> set[str]:
    """The elements whose displayed name an edit may have changed (flows at a renamed component
    included)."""
    if isinstance(edit, Batch):
        return set().union(*(renamed_subjects(design, part) for part in edit.edits))
    if not (isinstance(edit, SetAttribute) and edit.field in NAME_FIELDS):
        return set()
    subjects = {edit.element_id}
    if edit.element_id in design.components:
        subjects |= {f.id for f in design.flows.values() if edit.element_id in (f.source, f.target)}
    return subjects
