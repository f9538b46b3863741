"""Start-up: the window paints first, then does what nothing on screen needed; icons draw on demand.

What moved off the first paint must still be there right after it (and sooner when asked for), and the
window must be complete and usable before: these tests hold both.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from caisa_studio.render.style import SELECTION_COLOUR
from caisa_studio.ui.icons import SvgIconEngine, svg_icon
from caisa_studio.ui.inspector.design_form import DesignForm, reference_choices
from caisa_studio.ui.inspector.fields import ChoiceCombo
from caisa_studio.ui.main_window import MainWindow

from .conftest import REPO_ROOT
from .ui_support import isolated_settings


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, example_path: Path) -> MainWindow:
    isolated_settings(tmp_path)
    reference_choices.cache_clear()  # as at start-up: no reference loaded yet
    main = MainWindow()
    main.ask_unsaved_changes = lambda: QMessageBox.StandardButton.Discard  # type: ignore[method-assign]
    qtbot.addWidget(main)
    assert main.open_path(example_path, confirm=False)
    return main


def _reference_combo(window: MainWindow) -> ChoiceCombo:
    form = window.inspector.form
    assert isinstance(form, DesignForm)
    combo = form.findChild(ChoiceCombo, "reference")
    assert combo is not None
    return combo


def _labels(combo: ChoiceCombo) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count())]


def test_before_its_first_paint_the_window_is_complete_and_references_are_listed_by_id(
    window: MainWindow,
) -> None:
    assert not window.ready
    assert window.findings.model.rowCount() > 0  # validated: findings are there for the first paint
    combo = _reference_combo(window)
    assert _labels(combo) == ["None", "RA-1", "RA-2", "RA-3", "RA-4", "RA-5", "RA-6"]
    assert combo.index_of("RA-3") == 3  # every value can be chosen already


def test_a_window_that_is_never_painted_still_finishes_its_start_up(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Started minimised, say: the deadline finishes start-up (collector back on, recovery offered)."""
    from caisa_studio.ui import main_window

    monkeypatch.setattr(main_window, "STARTUP_DEADLINE_MS", 50)
    monkeypatch.setattr(window, "paintEvent", lambda event: None)  # as if no paint ever came
    finished: list[bool] = []
    window.startup_finished.connect(lambda: finished.append(True))
    window.show()
    qtbot.waitUntil(lambda: window.ready, timeout=2000)
    qtbot.wait(100)
    assert finished == [True]  # once, whichever of paint and deadline comes first


def test_after_the_first_paint_the_titles_follow_and_the_window_says_it_is_ready(
    qtbot: QtBot, window: MainWindow
) -> None:
    finished: list[bool] = []
    window.startup_finished.connect(lambda: finished.append(True))
    window.show()
    qtbot.waitUntil(lambda: window.ready)
    assert finished == [True]
    labels = _labels(_reference_combo(window))
    assert labels[0] == "None" and all(
        label.startswith(f"RA-{n} · ") for n, label in enumerate(labels[1:], 1)
    )
    window.update()
    qtbot.wait(20)
    assert finished == [True]  # once, not at every paint


def test_opening_the_list_before_that_shows_the_titles_at_once(window: MainWindow) -> None:
    combo = _reference_combo(window)
    combo.set_value(None)
    combo.showPopup()
    try:
        assert _labels(combo)[1].startswith("RA-1 · ")
        assert combo.value() is None  # the shown value survives the relabelling
    finally:
        combo.hidePopup()


def test_a_form_built_after_the_titles_loaded_shows_them_directly(qtbot: QtBot, window: MainWindow) -> None:
    reference_choices()
    window.new_design(confirm=False)
    assert _labels(_reference_combo(window))[1].startswith("RA-1 · ")


# -- icons ----------------------------------------------------------------------------------------
def _pixel(pixmap: QPixmap, x: int, y: int) -> QColor:
    return pixmap.toImage().pixelColor(x, y)


def test_svg_icons_render_at_the_size_and_ratio_asked_for(qapp: QApplication) -> None:
    icon = svg_icon("guardrail", "#ff0000")
    assert not icon.isNull()
    assert QSize(24, 24) in icon.availableSizes()
    for ratio in (1.0, 2.0):
        pixmap = icon.pixmap(QSize(24, 24), ratio)
        assert pixmap.size() == QSize(round(24 * ratio), round(24 * ratio))
        assert pixmap.devicePixelRatio() == ratio
        assert any(
            _pixel(pixmap, x, y).red() > 200 for x in range(pixmap.width()) for y in (pixmap.height() // 2,)
        )
    assert svg_icon("guardrail", "#ff0000") is icon  # one icon (and one pixmap cache) per colour
    assert svg_icon("no-such-icon", "#ff0000").isNull()


def test_a_disabled_icon_is_derived_by_the_style(qapp: QApplication) -> None:
    icon = svg_icon("guardrail", "#ff0000")
    normal = icon.pixmap(QSize(32, 32), 1.0, QIcon.Mode.Normal).toImage()
    disabled = icon.pixmap(QSize(32, 32), 1.0, QIcon.Mode.Disabled).toImage()
    assert normal != disabled


def test_painting_an_icon_draws_its_cached_pixmap(qapp: QApplication) -> None:
    image = QImage(32, 32, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    svg_icon("guardrail", SELECTION_COLOUR).paint(painter, 0, 0, 32, 32)
    painter.end()
    assert any(image.pixelColor(x, 16).alpha() > 0 for x in range(32))


def test_changing_a_copy_of_an_icon_clones_its_engine_safely(qapp: QApplication) -> None:
    icon = QIcon(SvgIconEngine("guardrail", "#00ff00", "kinds"))
    copy = QIcon(icon)
    copy.addPixmap(QPixmap(8, 8))  # detaches: Qt asks the engine for a clone
    del icon
    gc.collect()
    assert copy.pixmap(QSize(16, 16), 1.0).size() == QSize(16, 16)


# -- the application's start ----------------------------------------------------------------------
START_SCRIPT = """
import gc
import caisa_studio.app as studio
studio.ORGANISATION = "CAISA-tests"
app, window = studio.start([])
print("collecting during start:", gc.isenabled())
while not window.ready:
    app.processEvents()
print("collecting after:", gc.isenabled(), gc.get_freeze_count() > 0)
print("design:", window.session.design.id, window.isVisible())
"""


@pytest.mark.skipif(sys.platform == "win32", reason="settings isolation below uses XDG folders")
def test_the_collector_pauses_until_the_first_paint_then_start_up_objects_are_frozen(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    done = subprocess.run(
        [sys.executable, "-c", START_SCRIPT],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "collecting during start: False",
        "collecting after: True True",
        "design: example-rag-assistant True",
    ]
