"""What can be done to the selected finding, offered three ways: as actions (with the one shortcut),
as the buttons under the details pane and as the table's context menu. The panel enables them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFontMetrics, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QMenu, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from caisa_studio.ui.findings.quick_fixes import NO_FIX_LABEL

if TYPE_CHECKING:
    from caisa_studio.ui.findings_panel import FindingsPanel

TOOLTIPS = {
    "accept": "Accept the risk with a justification and an optional expiry date",
    "mitigated": "Record that the risk is mitigated outside what the design shows",
    "false_positive": "Record that the finding does not apply, with a justification",
    "reopen": "Forget the decision: the finding counts as open again",
}
# Rows of buttons under the details pane: the primary action alone, then the decisions.
BUTTON_ROWS = (("quick_fix",), ("accept", "mitigated", "false_positive", "reopen"))
MENU_ITEMS = ("show", None, "quick_fix", "accept", "mitigated", "false_positive", "reopen", None, "copy_id")
PRIMARY_STYLE = (
    "QToolButton:enabled { background: palette(highlight); color: palette(highlighted-text);"
    " border: 1px solid palette(highlight); border-radius: 4px; padding: 3px 10px;"
    " font-weight: 600; }"
    " QToolButton:enabled:pressed { background: palette(dark); }"
)


def build_actions(panel: FindingsPanel) -> dict[str, QAction]:
    """The panel's actions by name; a shortcut works anywhere inside the panel."""
    specs: tuple[tuple[str, str, Callable[[], object], str | None], ...] = (
        ("quick_fix", NO_FIX_LABEL, panel.apply_quick_fix, "Ctrl+Return"),
        ("accept", "Accept…", panel.accept_finding, None),
        ("mitigated", "Mark mitigated", panel.mark_mitigated, None),
        ("false_positive", "False positive…", panel.mark_false_positive, None),
        ("reopen", "Reopen", panel.reopen, None),
        ("show", "Show on canvas", panel.show_selected_on_canvas, None),
        ("copy_id", "Copy finding ID", panel.copy_selected_id, None),
    )
    actions: dict[str, QAction] = {}
    for name, text, slot, shortcut in specs:
        action = QAction(text, panel)
        action.setIconText(text)  # tool buttons would drop the "…" that says a dialog follows
        action.setObjectName(f"finding-{name}")
        action.triggered.connect(lambda _checked=False, s=slot: s())
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            panel.addAction(action)
        actions[name] = action
    for name, tip in TOOLTIPS.items():
        actions[name].setToolTip(tip)
    return actions


def build_buttons(
    actions: dict[str, QAction], metrics: QFontMetrics
) -> tuple[QVBoxLayout, dict[str, QToolButton]]:
    """The button rows and the buttons by action name; the quick fix is accent-filled while it is
    available, since it is the primary action."""
    rows = QVBoxLayout()
    rows.setSpacing(6)
    buttons: dict[str, QToolButton] = {}
    for names in BUTTON_ROWS:
        row = QHBoxLayout()
        row.setSpacing(6)
        for name in names:
            button = QToolButton()
            button.setObjectName(f"button-{name}")
            button.setDefaultAction(actions[name])
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setMinimumHeight(metrics.height() + 12)
            buttons[name] = button
            row.addWidget(button)
        rows.addLayout(row)
    buttons["quick_fix"].setStyleSheet(PRIMARY_STYLE)
    return rows, buttons


def build_context_menu(actions: dict[str, QAction], parent: QWidget) -> QMenu:
    """The right-click menu on a finding's row (deleted when it closes)."""
    menu = QMenu(parent)
    menu.setObjectName("findings-context-menu")
    menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    for name in MENU_ITEMS:
        menu.addSeparator() if name is None else menu.addAction(actions[name])
    return menu
