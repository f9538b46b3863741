"""Light and dark themes for the whole studio, following the system colour scheme by default.

View → Theme chooses System (the default: ``QStyleHints.colorScheme``, followed live), Light or Dark;
View → Larger Text scales the interface font by 1.25 (for projectors and tired eyes). Both are
remembered in QSettings. The widgets get a QPalette built from the same design tokens as the canvas
(``render.style.LIGHT``/``DARK``) on the Fusion style, which honours palettes on every platform; the
canvas, palette icons and inspector are redrawn in the matching ``Theme`` by ``MainWindow.apply_theme``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSettings, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from caisa_studio.render.style import DARK, LIGHT, SELECTION_COLOUR, Theme
from caisa_studio.ui.icons import svg_icon

if TYPE_CHECKING:
    from caisa_studio.ui.main_window import MainWindow

ThemeMode = Literal["system", "light", "dark"]
MODES: tuple[ThemeMode, ...] = ("system", "light", "dark")
THEME_KEY = "view/theme"
LARGER_TEXT_KEY = "view/larger_text"
LARGER_TEXT_FACTOR = 1.25
_BASE_FONT_PROPERTY = "caisaBaseFont"

# Chrome colours around the canvas (the canvas's own colours live in render.style).
_CHROME = {
    "light": {
        "window": "#F3F4F6",
        "base": "#FFFFFF",
        "alternate": "#F7F8FA",
        "button": "#F7F8FA",
        "text": LIGHT.text,
        "muted": LIGHT.muted_text,
        "placeholder": "#7A8494",
        "disabled": "#9AA3AF",
        "light": "#FFFFFF",
        "midlight": "#E5E7EB",
        "mid": "#C4CAD4",
        "dark": "#9AA3AF",
        "shadow": "#6B7280",
        "highlight": SELECTION_COLOUR,
        "highlighted_text": "#FFFFFF",
        "link": "#1D4ED8",
        "visited": "#6D28D9",
        "tooltip": "#1F2937",
        "tooltip_text": "#F9FAFB",
    },
    "dark": {
        "window": "#1C1F25",
        "base": "#23272E",
        "alternate": "#272B33",
        "button": "#2B3039",
        "text": DARK.text,
        "muted": DARK.muted_text,
        "placeholder": "#8B93A1",
        "disabled": "#6B7280",
        "light": "#3A404B",
        "midlight": "#30353F",
        "mid": "#4A5260",
        "dark": "#111318",
        "shadow": "#000000",
        "highlight": SELECTION_COLOUR,
        "highlighted_text": "#FFFFFF",
        "link": "#8AB4FF",
        "visited": "#C4A7FF",
        "tooltip": "#2B3039",
        "tooltip_text": DARK.text,
    },
}


def system_prefers_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints is not None and hints.colorScheme() == Qt.ColorScheme.Dark


def resolve(mode: str) -> Theme:
    """The canvas theme for a mode ("system" asks the platform; unknown means light)."""
    if mode == "dark":
        return DARK
    if mode == "light":
        return LIGHT
    return DARK if system_prefers_dark() else LIGHT


def build_palette(theme: Theme) -> QPalette:
    c = _CHROME["dark" if theme.dark else "light"]
    palette = QPalette()
    Role, Group = QPalette.ColorRole, QPalette.ColorGroup
    roles = {
        Role.Window: c["window"],
        Role.WindowText: c["text"],
        Role.Base: c["base"],
        Role.AlternateBase: c["alternate"],
        Role.ToolTipBase: c["tooltip"],
        Role.ToolTipText: c["tooltip_text"],
        Role.PlaceholderText: c["placeholder"],
        Role.Text: c["text"],
        Role.Button: c["button"],
        Role.ButtonText: c["text"],
        Role.BrightText: "#FFFFFF",
        Role.Light: c["light"],
        Role.Midlight: c["midlight"],
        Role.Mid: c["mid"],
        Role.Dark: c["dark"],
        Role.Shadow: c["shadow"],
        Role.Highlight: c["highlight"],
        Role.HighlightedText: c["highlighted_text"],
        Role.Link: c["link"],
        Role.LinkVisited: c["visited"],
    }
    if hasattr(Role, "Accent"):
        roles[Role.Accent] = c["highlight"]
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    for role in (Role.WindowText, Role.Text, Role.ButtonText, Role.HighlightedText):
        palette.setColor(Group.Disabled, role, QColor(c["disabled"]))
    palette.setColor(Group.Disabled, Role.Highlight, QColor(c["mid"]))
    palette.setColor(Group.Disabled, Role.Base, QColor(c["window"]))
    # Selections stay visible when the window is not active (the findings table, the palette).
    palette.setColor(Group.Inactive, Role.Highlight, QColor(c["highlight"]))
    palette.setColor(Group.Inactive, Role.HighlightedText, QColor(c["highlighted_text"]))
    return palette


def base_font(app: QApplication) -> QFont:
    """The platform's interface font, remembered before the first change of text size."""
    saved = app.property(_BASE_FONT_PROPERTY)
    if isinstance(saved, QFont):
        return QFont(saved)
    font = QFont(app.font())
    app.setProperty(_BASE_FONT_PROPERTY, font)
    return QFont(font)


def scaled_font(base: QFont, larger: bool) -> QFont:
    font = QFont(base)
    factor = LARGER_TEXT_FACTOR if larger else 1.0
    if base.pointSizeF() > 0:
        font.setPointSizeF(base.pointSizeF() * factor)
    elif base.pixelSize() > 0:
        font.setPixelSize(round(base.pixelSize() * factor))
    return font


def apply_to_application(theme: Theme, larger_text: bool) -> bool:
    """Palette and font for the whole application; True when the font size changed.

    No application style sheet: it would route every widget's painting through the (slower) style
    sheet style and cost a quarter of a second at start. Each step is skipped when already in place.
    """
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return False
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")  # honours the palette (and so dark mode) the same way everywhere
    palette = build_palette(theme)
    palette_changed = app.palette() != palette
    if palette_changed:
        app.setPalette(palette)
    font = scaled_font(base_font(app), larger_text)
    font_changed = font != app.font()
    if font_changed:
        app.setFont(font)
    if palette_changed or font_changed:
        # Widgets learn of the change from posted events; deliver them now, so forms rebuilt next
        # (the inspector's) see the new font and colours.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.ApplicationFontChange)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.ApplicationPaletteChange)
        repolish_styled_widgets()
    return font_changed


def repolish_styled_widgets() -> None:
    """Widgets under a style sheet keep the palette and font they were polished with: polish again."""
    for widget in QApplication.allWidgets():
        sheet = widget.styleSheet()
        if sheet:
            widget.setStyleSheet(sheet)


class ThemeController(QObject):
    """Owns the theme choice of one window: reads and stores the settings, follows the system."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("themeController")
        self.window = window
        settings = QSettings()
        mode = str(settings.value(THEME_KEY, "system"))
        self.mode: ThemeMode = mode if mode in MODES else "system"  # type: ignore[assignment]
        self.larger_text = _as_bool(settings.value(LARGER_TEXT_KEY, False))
        hints = QGuiApplication.styleHints()
        if hints is not None:
            hints.colorSchemeChanged.connect(self._system_changed)
        self.apply()

    @property
    def theme(self) -> Theme:
        return resolve(self.mode)

    def set_mode(self, mode: ThemeMode) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown theme {mode!r}")
        self.mode = mode
        QSettings().setValue(THEME_KEY, mode)
        self.apply()

    def set_larger_text(self, on: bool) -> None:
        self.larger_text = bool(on)
        QSettings().setValue(LARGER_TEXT_KEY, self.larger_text)
        self.apply()

    def apply(self) -> None:
        theme = self.theme
        font_changed = apply_to_application(theme, self.larger_text)
        self.window.apply_theme(theme, force=font_changed)
        self._sync_actions()

    def _system_changed(self, _scheme: object = None) -> None:
        if self.mode == "system":
            self.apply()

    def _sync_actions(self) -> None:
        actions = self.window.actions_by_name
        for mode in MODES:
            action = actions.get(f"theme_{mode}")
            if action is not None:
                action.setChecked(mode == self.mode)
        larger = actions.get("larger_text")
        if larger is not None:
            larger.blockSignals(True)  # its toggled signal is what calls set_larger_text
            larger.setChecked(self.larger_text)
            larger.blockSignals(False)


def retheme_window(window: MainWindow, theme: Theme) -> None:
    """Redraw what was drawn in the old theme: the canvas items, the palette's icons, the inspector."""
    scene = window.scene
    if scene is not None:
        selected = window.selected_ids()
        scene.theme = theme
        scene.setBackgroundBrush(QColor(theme.canvas))
        scene.rebuild()
        scene.select_ids(selected)
        for view in scene.views():
            view.viewport().update()
    _recolour_palette(window, theme)
    inspector = window.inspector
    inspector.theme = theme
    if inspector.session is not None:
        inspector.target = None  # rebuild the form (its colours and fonts) for the same selection
        inspector.follow_selection()


def _recolour_palette(window: MainWindow, theme: Theme) -> None:
    from caisa_studio.ui.canvas.view import KIND_MIME
    from caisa_studio.ui.palette import ROLE_MIME, ROLE_VALUE

    tree = window.palette.tree
    for top in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(top)
        for index in range(group.childCount()):
            item = group.child(index)
            if item.data(0, ROLE_MIME) == KIND_MIME:
                item.setIcon(0, svg_icon(str(item.data(0, ROLE_VALUE)), theme.text))


def _as_bool(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)
