"""Themes: light and dark follow the system by default, View → Theme overrides it, Larger Text scales the
interface font; every choice is remembered, and the canvas, palette icons and inspector follow."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from caisa_studio.render.style import DARK, LIGHT
from caisa_studio.ui import theme as theme_module
from caisa_studio.ui.canvas.view import KIND_MIME
from caisa_studio.ui.icons import svg_icon
from caisa_studio.ui.main_window import MainWindow
from caisa_studio.ui.palette import ROLE_MIME, ROLE_VALUE
from caisa_studio.ui.theme import LARGER_TEXT_FACTOR, apply_to_application, base_font, resolve

from .conftest import EXAMPLE
from .ui_support import isolated_settings, open_window


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path) -> Iterator[None]:
    isolated_settings(tmp_path)
    yield
    apply_to_application(LIGHT, False)  # leave the application as the next test expects it


def _app() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app


def _canvas_colour(window: MainWindow) -> str:
    assert window.scene is not None
    return window.scene.backgroundBrush().color().name().upper()


def _first_kind_item(window: MainWindow) -> tuple[object, str]:
    tree = window.palette.tree
    for top in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(top)
        for index in range(group.childCount()):
            item = group.child(index)
            if item.data(0, ROLE_MIME) == KIND_MIME:
                return item, str(item.data(0, ROLE_VALUE))
    raise AssertionError("the palette lists no kinds")


def test_system_mode_follows_the_platform_colour_scheme(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(theme_module, "system_prefers_dark", lambda: True)
    assert resolve("system") is DARK and resolve("light") is LIGHT and resolve("dark") is DARK
    window = open_window(qtbot, EXAMPLE)
    assert window.themes.mode == "system" and window.actions_by_name["theme_system"].isChecked()
    assert window.theme is DARK and _canvas_colour(window) == DARK.canvas.upper()
    monkeypatch.setattr(theme_module, "system_prefers_dark", lambda: False)
    window.themes._system_changed()  # QStyleHints.colorSchemeChanged
    assert window.theme is LIGHT and _canvas_colour(window) == LIGHT.canvas.upper()


def test_switching_to_dark_redraws_the_canvas_and_is_remembered(qtbot: QtBot) -> None:
    window = open_window(qtbot, EXAMPLE)
    styled = QLabel("12 of 20 shown", window.findings)  # widgets under a style sheet follow too
    styled.setStyleSheet("QLabel { padding: 0 4px; }")
    styled.ensurePolished()
    assert window.scene is not None
    window.scene.select_ids({"llm"})
    undo_index = window.session.undo_stack.index()  # type: ignore[union-attr]
    assert _canvas_colour(window) == LIGHT.canvas.upper()
    window.actions_by_name["theme_dark"].trigger()
    assert window.theme is DARK and window.scene.theme is DARK
    assert _canvas_colour(window) == DARK.canvas.upper()
    assert all(item.theme is DARK for item in window.scene.components.values())
    assert window.selected_ids() == {"llm"}  # the selection survives the redraw
    assert window.session.undo_stack.index() == undo_index  # type: ignore[union-attr]
    assert window.inspector.theme is DARK
    item, kind = _first_kind_item(window)
    assert item.icon(0).cacheKey() == svg_icon(kind, DARK.text).cacheKey()  # type: ignore[attr-defined]
    window_colour = _app().palette().color(QPalette.ColorRole.Window)
    assert window_colour.lightness() < 60
    text = _app().palette().color(QPalette.ColorRole.WindowText)
    assert text.lightness() > 200
    assert styled.palette().color(QPalette.ColorRole.WindowText) == text
    # the view really paints the dark background
    assert window.view is not None
    window.view.set_zoom(0.2)  # the diagram small in the middle: mostly bare canvas around it
    image = window.view.viewport().grab().toImage()
    colours = Counter(
        QColor(image.pixel(x, y)).name().upper()
        for x in range(0, image.width(), 7)
        for y in range(0, image.height(), 7)
    )
    assert colours.most_common(1)[0][0] == DARK.canvas.upper()
    assert QSettings().value("view/theme") == "dark"
    again = MainWindow()
    qtbot.addWidget(again)
    assert again.theme is DARK and again.actions_by_name["theme_dark"].isChecked()
    window.actions_by_name["theme_light"].trigger()
    assert window.theme is LIGHT and _canvas_colour(window) == LIGHT.canvas.upper()
    assert _app().palette().color(QPalette.ColorRole.Window).lightness() > 200


def test_larger_text_scales_the_interface_font_and_is_remembered(qtbot: QtBot) -> None:
    window = open_window(qtbot, EXAMPLE)
    styled = QPushButton("styled", window.findings)  # widgets under a style sheet follow too
    styled.setStyleSheet("QPushButton { border: 1px solid palette(mid); }")
    styled.ensurePolished()
    base = base_font(_app()).pointSizeF()
    assert _app().font().pointSizeF() == pytest.approx(base)
    window.actions_by_name["larger_text"].trigger()
    assert styled.font().pointSizeF() == pytest.approx(base * LARGER_TEXT_FACTOR)
    assert window.actions_by_name["larger_text"].isChecked()
    assert _app().font().pointSizeF() == pytest.approx(base * LARGER_TEXT_FACTOR)
    assert window.palette.search.font().pointSizeF() == pytest.approx(base * LARGER_TEXT_FACTOR)
    # the inspector was rebuilt at the new size (its labels set their fonts explicitly)
    title = window.inspector.findChild(QLineEdit, "title")
    assert title is not None and title.font().pointSizeF() == pytest.approx(base * LARGER_TEXT_FACTOR)
    assert str(QSettings().value("view/larger_text")).lower() == "true"
    again = MainWindow()
    qtbot.addWidget(again)
    assert again.themes.larger_text and again.actions_by_name["larger_text"].isChecked()
    window.actions_by_name["larger_text"].trigger()
    assert _app().font().pointSizeF() == pytest.approx(base)


def test_the_palettes_keep_text_readable() -> None:
    """WCAG contrast of at least 4.5:1 for body text, muted text and selected text in both themes."""

    def luminance(colour: QColor) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(colour.redF())
            + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF())
        )

    def contrast(a: QColor, b: QColor) -> float:
        high, low = sorted((luminance(a), luminance(b)), reverse=True)
        return (high + 0.05) / (low + 0.05)

    Role = QPalette.ColorRole
    for canvas_theme in (LIGHT, DARK):
        palette = theme_module.build_palette(canvas_theme)
        for text, background in (
            (Role.Text, Role.Base),
            (Role.WindowText, Role.Window),
            (Role.ButtonText, Role.Button),
            (Role.HighlightedText, Role.Highlight),
            (Role.ToolTipText, Role.ToolTipBase),
        ):
            assert contrast(palette.color(text), palette.color(background)) >= 4.5, (canvas_theme.name, text)
        muted = QColor(canvas_theme.muted_text)
        assert contrast(muted, palette.color(Role.Window)) >= 4.5, canvas_theme.name
        assert contrast(muted, palette.color(Role.Base)) >= 4.5, canvas_theme.name
