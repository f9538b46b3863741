"""Files in the studio: autosave and crash recovery, unsaved-changes prompts, bad files, recent files,
the start dialog, File → Import… and the background exports (diagram and report)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from caisa_studio.export.diagram_image import ExportOptions
from caisa_studio.export.report_job import ReportOptions
from caisa_studio.io import load_design
from caisa_studio.io.importers import import_model
from caisa_studio.model.edits import SetDesignInfo
from caisa_studio.reference import exercise_design, template_design
from caisa_studio.reference.schema import ReferenceArchitecture
from caisa_studio.render.diagram import diagram_bounds
from caisa_studio.render.view_model import build_view
from caisa_studio.ui.files import export_dialogs
from caisa_studio.ui.files.autosave import AUTOSAVE_INTERVAL_MS, AutosaveMeta, autosave_folder
from caisa_studio.ui.files.export_dialogs import (
    ExportDiagramDialog,
    start_diagram_export,
    start_report_export,
)
from caisa_studio.ui.files.import_dialog import DiagramChoiceDialog, ImportReportDialog, start_import
from caisa_studio.ui.files.jobs import BackgroundJob
from caisa_studio.ui.files.recovery import RecoveryDialog, find_recoverable, offer_recovery
from caisa_studio.ui.files.start_dialog import (
    StartChoice,
    StartDialog,
    apply_start_choice,
    load_references,
    show_start_dialog,
)
from caisa_studio.ui.main_window import MainWindow
from caisa_studio.ui.session import DesignSession

from .conftest import EXAMPLE, SHARED_DATA
from .ui_support import isolated_settings, open_window

Answer = QMessageBox.StandardButton


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Settings and the app-data folder live under tmp_path (QStandardPaths test mode, HOME moved)."""
    isolated_settings(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    QStandardPaths.setTestModeEnabled(True)
    yield
    QStandardPaths.setTestModeEnabled(False)


def _session(window: MainWindow) -> DesignSession:
    assert window.session is not None
    return window.session


def _modify(window: MainWindow, title: str = "Changed title") -> None:
    assert _session(window).push(SetDesignInfo("title", title))
    assert _session(window).modified


def _error_box(window: MainWindow) -> QMessageBox | None:
    boxes = [b for b in window.findChildren(QMessageBox, "errorBox") if b.isVisible()]
    return boxes[-1] if boxes else None


def _wait_for(qtbot: QtBot, job: BackgroundJob | None) -> BackgroundJob:
    assert job is not None
    qtbot.waitUntil(lambda: job.state != "running", timeout=30_000)
    return job


def _reference() -> ReferenceArchitecture:
    """A shipped reference architecture, or (while none is installed) a small one built from the example."""
    shipped, _problems = load_references()
    if shipped:
        return shipped[0]
    template = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    template.pop("schema_version")
    return ReferenceArchitecture.model_validate(
        {
            "id": "RA-90",
            "title": "Test reference",
            "summary": "A reference for the tests.",
            "roles": [],
            "template": template,
            "exercise": {
                "title": "Find the gaps",
                "goal": "Find the five gaps in the test reference.",
                "gaps": [{"description": "a gap", "edits": [], "expect": ["R-ENC-01"]}] * 5,
            },
        }
    )


# -- autosave -----------------------------------------------------------------------------------
def test_autosave_stays_in_the_test_folder() -> None:
    folder = autosave_folder()
    assert "qttest" in str(folder) and str(folder).startswith(str(Path.home()))


def test_autosave_writes_a_loadable_design_and_a_sidecar_while_modified(
    qtbot: QtBot, example_copy: Path
) -> None:
    window = open_window(qtbot, example_copy)
    autosave = window.autosave
    assert autosave.timer.interval() == AUTOSAVE_INTERVAL_MS == 30_000 and autosave.timer.isActive()
    autosave.tick()
    assert autosave.files is None  # nothing to protect while the design is unmodified
    _modify(window)
    autosave.timer.setInterval(20)  # the real timer path, just faster
    qtbot.waitUntil(lambda: autosave.files is not None, timeout=5000)
    assert autosave.files is not None
    design_path, meta_path = autosave.files
    assert design_path.parent == autosave_folder()
    assert load_design(design_path) == _session(window).design
    meta = AutosaveMeta.read(meta_path)
    assert meta.original_path == example_copy.resolve()
    assert meta.run == autosave.run_id and meta.title == "Changed title"
    assert load_design(example_copy).title != "Changed title"  # the real file is untouched


def test_saving_or_undoing_to_the_saved_state_removes_the_autosave(qtbot: QtBot, example_copy: Path) -> None:
    window = open_window(qtbot, example_copy)
    _modify(window)
    assert window.autosave.autosave_now() is not None
    files = window.autosave.files
    assert files is not None and all(p.exists() for p in files)
    assert window.save()
    assert not any(p.exists() for p in files) and window.autosave.files is None
    assert load_design(example_copy).title == "Changed title"
    _modify(window, "Again")
    window.autosave.autosave_now()
    files = window.autosave.files
    assert files is not None
    _session(window).undo_stack.undo()  # back to the saved state
    window.autosave.tick()
    assert not any(p.exists() for p in files)


def test_clean_close_leaves_nothing_to_recover(qtbot: QtBot, example_copy: Path) -> None:
    window = open_window(qtbot, example_copy)  # answers "Discard" when asked
    _modify(window)
    window.autosave.autosave_now()
    files = window.autosave.files
    assert files is not None
    assert window.close()
    assert not any(p.exists() for p in files)
    assert find_recoverable() == []


def test_the_autosave_of_a_running_window_is_not_offered(qtbot: QtBot, example_copy: Path) -> None:
    window = open_window(qtbot, example_copy)
    _modify(window)
    window.autosave.autosave_now()
    assert find_recoverable() == []


def _crash_with_unsaved_changes(path: Path) -> tuple[object, Path]:
    """A window with unsaved, autosaved changes that goes away without closing (as in a crash)."""
    crashed = MainWindow()
    assert crashed.open_path(path, confirm=False)
    _modify(crashed, "Work that must not be lost")
    crashed.autosave.autosave_now()
    expected = _session(crashed).design
    assert crashed.autosave.files is not None
    design_file = crashed.autosave.files[0]
    shiboken6.delete(crashed)  # no closeEvent, no clean-up: the lock goes, the autosave stays
    QApplication.processEvents()
    return expected, design_file


def test_after_a_crash_the_next_start_offers_recovery_and_recovers_that_design(
    qtbot: QtBot, example_copy: Path
) -> None:
    from caisa_studio.app import build_window

    expected, autosaved = _crash_with_unsaved_changes(example_copy)
    assert autosaved.exists()
    window = build_window([])  # the next start: the bundled example
    window.ask_unsaved_changes = lambda: Answer.Discard  # type: ignore[method-assign]
    qtbot.addWidget(window)
    window.show()
    dialog = offer_recovery(window)
    assert isinstance(dialog, RecoveryDialog) and dialog.isVisible()
    assert dialog.objectName() == "recoveryDialog"
    assert len(dialog.candidates) == 1
    assert dialog.candidates[0].meta.original_path == example_copy.resolve()
    qtbot.mouseClick(dialog.recover_button, Qt.MouseButton.LeftButton)
    session = _session(window)
    assert session.design == expected
    assert session.path == example_copy.resolve()
    assert session.modified and window.isWindowModified()
    assert load_design(example_copy).title != "Work that must not be lost"  # nothing written yet
    # The recovered design stays protected: its autosave now belongs to this run.
    assert window.autosave.files is not None and window.autosave.files[0] == autosaved
    assert AutosaveMeta.read(window.autosave.files[1]).run == window.autosave.run_id
    assert find_recoverable() == []
    assert window.save()
    assert load_design(example_copy) == expected
    assert not autosaved.exists()


@pytest.mark.parametrize("button", ["discard", "later"])
def test_recovery_can_be_declined(qtbot: QtBot, example_copy: Path, button: str) -> None:
    _expected, autosaved = _crash_with_unsaved_changes(example_copy)
    window = open_window(qtbot, EXAMPLE)
    dialog = offer_recovery(window)
    assert dialog is not None
    target = dialog.discard_button if button == "discard" else dialog.later_button
    qtbot.mouseClick(target, Qt.MouseButton.LeftButton)
    assert _session(window).path == EXAMPLE and not _session(window).modified
    assert autosaved.exists() == (button == "later")
    assert len(find_recoverable()) == (1 if button == "later" else 0)


def test_no_recovery_dialog_without_leftovers(qtbot: QtBot) -> None:
    window = open_window(qtbot, EXAMPLE)
    assert offer_recovery(window) is None


# -- unsaved changes ----------------------------------------------------------------------------
@pytest.mark.parametrize("answer", [Answer.Save, Answer.Discard, Answer.Cancel])
def test_new_open_and_close_ask_about_unsaved_changes(
    qtbot: QtBot, example_copy: Path, answer: QMessageBox.StandardButton
) -> None:
    window = open_window(qtbot, example_copy)
    asked: list[int] = []

    def ask() -> QMessageBox.StandardButton:
        asked.append(1)
        return answer

    window.ask_unsaved_changes = ask  # type: ignore[method-assign]
    _modify(window)
    modified_design = _session(window).design
    window.new_design()
    assert asked == [1]
    if answer == Answer.Cancel:
        assert _session(window).design == modified_design and _session(window).modified
        assert load_design(example_copy).title != "Changed title"
        assert not window.open_path(EXAMPLE)  # Open asks too
        assert _session(window).path == example_copy
        assert not window.close() and window.isVisible()  # so does closing
        window.ask_unsaved_changes = lambda: Answer.Discard  # type: ignore[method-assign]
        return
    assert _session(window).path is None and not _session(window).design.components
    saved = load_design(example_copy)
    assert (saved == modified_design) == (answer == Answer.Save)
    if answer == Answer.Discard:
        _modify(window)
        assert window.open_path(EXAMPLE)
        assert len(asked) == 2 and _session(window).path == EXAMPLE


# -- bad files ----------------------------------------------------------------------------------
def test_a_broken_file_shows_an_error_keeps_the_design_and_is_never_overwritten(
    qtbot: QtBot, example_copy: Path, tmp_path: Path
) -> None:
    window = open_window(qtbot, example_copy)
    _modify(window)
    before = _session(window).design
    title = window.windowTitle()
    broken = tmp_path / "broken.caisa.json"
    text = '{"schema_version": 1, "id": "x", "components": ['
    broken.write_text(text, encoding="utf-8")
    assert not window.open_path(broken)
    box = _error_box(window)
    assert box is not None and "broken.caisa.json" in box.text() and "not valid JSON" in box.text()
    assert _session(window).design == before and _session(window).path == example_copy
    assert window.windowTitle() == title
    assert window.save()  # saves the open design to its own file, never to the broken one
    assert broken.read_text(encoding="utf-8") == text
    assert str(broken.resolve()) not in window.recent_files()


def test_a_save_that_fails_says_why_and_keeps_the_changes(qtbot: QtBot, example_copy: Path) -> None:
    window = open_window(qtbot, example_copy)
    _modify(window)
    assert not window._write(example_copy.parent / "missing-folder" / "x.caisa.json")
    box = _error_box(window)
    assert box is not None and "missing-folder" in box.text()
    assert _session(window).modified and _session(window).path == example_copy


# -- recent files -------------------------------------------------------------------------------
def test_the_recent_files_menu_lists_opened_files_newest_first(
    qtbot: QtBot, example_copy: Path, tmp_path: Path
) -> None:
    window = open_window(qtbot, example_copy)
    second = tmp_path / "second.caisa.json"
    second.write_bytes(EXAMPLE.read_bytes())
    assert window.open_path(second)
    gone = tmp_path / "gone.caisa.json"
    gone.write_bytes(EXAMPLE.read_bytes())
    assert window.open_path(gone)
    gone.unlink()
    menu = window.findChild(QMenu, "menu-recent")
    assert menu is not None
    menu.aboutToShow.emit()
    entries = [a for a in menu.actions() if a.objectName() == "recent-file"]
    assert [a.data() for a in entries] == [str(p.resolve()) for p in (gone, second, example_copy)]
    assert "second.caisa.json" in entries[1].text() and entries[1].isEnabled()
    assert "(missing)" in entries[0].text() and not entries[0].isEnabled()
    entries[2].trigger()
    assert _session(window).path == example_copy.resolve()


# -- start dialog -------------------------------------------------------------------------------
def test_the_start_dialog_creates_a_blank_design(qtbot: QtBot, example_copy: Path) -> None:
    window = open_window(qtbot, example_copy)
    window.actions_by_name["new"].trigger()
    dialog = window.findChild(StartDialog, "startDialog")
    assert dialog is not None and dialog.isVisible()
    assert "recent:" + str(example_copy.resolve()) in dialog.tiles
    qtbot.mouseClick(dialog.tiles["blank"], Qt.MouseButton.LeftButton)
    session = _session(window)
    assert session.path is None and not session.design.components and not session.modified
    assert session.design.title == "Untitled design"


def test_the_start_dialog_starts_from_a_template_or_an_exercise(qtbot: QtBot) -> None:
    window = open_window(qtbot, EXAMPLE)
    reference = _reference()
    dialog = StartDialog(window, references=[reference])
    qtbot.addWidget(dialog)
    dialog.chosen.connect(lambda choice: apply_start_choice(window, choice))
    dialog.show()
    assert {f"template:{reference.id}", f"exercise:{reference.id}"} <= dialog.tiles.keys()
    qtbot.mouseClick(dialog.tiles[f"template:{reference.id}"], Qt.MouseButton.LeftButton)
    assert _session(window).design == template_design(reference)
    assert _session(window).path is None
    assert apply_start_choice(window, StartChoice("exercise", reference=reference))
    assert _session(window).design == exercise_design(reference)
    brief = window.findChild(QMessageBox, "exerciseBrief")
    assert brief is not None and brief.isVisible() and reference.exercise.goal in brief.informativeText()


def test_references_are_read_one_by_one(tmp_path: Path) -> None:
    folder = tmp_path / "refs"
    folder.mkdir()
    (folder / "RA-9.yaml").write_text("id: RA-9\ntitle: [unfinished", encoding="utf-8")
    references, problems = load_references(folder)
    assert references == [] and len(problems) == 1 and "RA-9.yaml" in problems[0]
    assert load_references(tmp_path / "absent") == ([], [])


def test_the_start_dialog_lists_installed_references(qtbot: QtBot) -> None:
    window = open_window(qtbot, EXAMPLE)
    dialog = show_start_dialog(window)
    shipped, _ = load_references()
    for reference in shipped:
        assert f"template:{reference.id}" in dialog.tiles and f"exercise:{reference.id}" in dialog.tiles
    dialog.reject()


# -- import -------------------------------------------------------------------------------------
OTM_EXAMPLE = SHARED_DATA / "otm" / "EXAMPLE.json"
TD_MULTI = SHARED_DATA / "threat-dragon" / "td-test-model.json"


@pytest.mark.skipif(not OTM_EXAMPLE.exists(), reason="needs ../shared/data/otm")
def test_importing_an_otm_model_creates_an_unsaved_design_and_shows_the_report(
    qtbot: QtBot, example_copy: Path
) -> None:
    window = open_window(qtbot, example_copy)
    dialog = start_import(window, OTM_EXAMPLE)
    assert isinstance(dialog, ImportReportDialog) and dialog.isVisible()
    expected, report = import_model(OTM_EXAMPLE)
    session = _session(window)
    assert session.design == expected and len(session.design.components) == 4
    assert session.path is None and session.modified  # closing it asks to save first
    assert "What became what" in dialog.text.toPlainText()
    assert report.summary() in window.statusBar().currentMessage()


@pytest.mark.skipif(not TD_MULTI.exists(), reason="needs ../shared/data/threat-dragon")
def test_a_file_with_several_diagrams_lets_the_user_choose(qtbot: QtBot) -> None:
    window = open_window(qtbot, EXAMPLE)
    chooser = start_import(window, TD_MULTI)
    assert isinstance(chooser, DiagramChoiceDialog) and chooser.list.count() == 4
    chooser.choose(3)
    assert _session(window).design == import_model(TD_MULTI, 3)[0]


def test_a_file_that_cannot_be_imported_shows_an_error(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_window(qtbot, EXAMPLE)
    junk = tmp_path / "junk.yaml"
    junk.write_text("just: [a, list\n", encoding="utf-8")
    assert start_import(window, junk) is None
    box = _error_box(window)
    assert box is not None and "junk.yaml" in box.text()
    assert _session(window).path == EXAMPLE


# -- exports ------------------------------------------------------------------------------------
@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
def test_diagram_export_runs_on_a_worker_and_writes_the_file(
    qtbot: QtBot, tmp_path: Path, suffix: str
) -> None:
    window = open_window(qtbot, EXAMPLE)
    out = tmp_path / "out" / f"diagram{suffix}"
    out.parent.mkdir()
    job = _wait_for(qtbot, start_diagram_export(window, out, ExportOptions(scale=1.5)))
    assert job.state == "done", job.message
    assert sorted(p.name for p in out.parent.iterdir()) == [out.name]  # no temporary files left
    design = _session(window).design
    if suffix == ".png":
        image = QImage(str(out))
        bounds = diagram_bounds(build_view(design, window.catalog))
        assert (image.width(), image.height()) == (round(bounds.width() * 1.5), round(bounds.height() * 1.5))
    elif suffix == ".svg":
        root = ElementTree.parse(out).getroot()
        groups = [g for g in root.iter() if g.get("class") == "component"]
        assert len(groups) == len(design.components)
    else:
        assert out.read_bytes().startswith(b"%PDF")
    assert out.name in window.statusBar().currentMessage()


def test_the_export_dialog_starts_a_job(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_window(qtbot, EXAMPLE)
    window.actions_by_name["export_diagram"].trigger()
    dialog = window.findChild(ExportDiagramDialog, "exportDiagramDialog")
    assert dialog is not None and dialog.isVisible()
    dialog.set_path(tmp_path / "chosen")  # no suffix: the chosen format's is added
    dialog.format.setCurrentIndex(dialog.format.findData(".svg"))
    assert not dialog.scale.isEnabled()  # scale is for PNG only
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    jobs = window.findChildren(BackgroundJob)
    assert len(jobs) == 1
    _wait_for(qtbot, jobs[0])
    assert (tmp_path / "chosen.svg").exists()


def test_a_failed_export_leaves_no_file_and_says_why(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(view: object, path: Path, options: object = None) -> None:
        path.write_bytes(b"\x89PNG half a file")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export_dialogs, "export_diagram", failing)
    window = open_window(qtbot, EXAMPLE)
    out = tmp_path / "out" / "diagram.png"
    out.parent.mkdir()
    job = _wait_for(qtbot, start_diagram_export(window, out))
    assert job.state == "failed"
    assert list(out.parent.iterdir()) == []
    box = _error_box(window)
    assert box is not None and "No space left on device" in box.text() and "diagram.png" in box.text()


def test_export_to_a_missing_folder_is_refused(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_window(qtbot, EXAMPLE)
    assert start_diagram_export(window, tmp_path / "nowhere" / "d.png") is None
    box = _error_box(window)
    assert box is not None and "does not exist" in box.text()


def test_report_export_writes_findings_json(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_window(qtbot, EXAMPLE)
    out = tmp_path / "findings.json"
    job = _wait_for(qtbot, start_report_export(window, out))
    assert job.state == "done", job.message
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document and out in job.written


def test_report_export_can_be_cancelled_and_leaves_no_file(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_window(qtbot, EXAMPLE)
    out = tmp_path / "report.pdf"
    job = start_report_export(window, out, ReportOptions(author="Tester"))
    assert job is not None
    job.cancel()
    _wait_for(qtbot, job)
    assert job.state == "cancelled"
    assert not out.exists() and not list(tmp_path.glob(".report.pdf*"))
    assert "cancelled" in window.statusBar().currentMessage()


def test_closing_the_window_waits_for_a_running_export(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_window(qtbot, EXAMPLE)
    job = start_report_export(window, tmp_path / "report.pdf")
    assert job is not None
    assert window.close()
    assert job.state in ("cancelled", "done")  # settled before the window went away


def test_saving_under_a_new_name_keeps_autosave_and_recent_in_step(
    qtbot: QtBot, example_copy: Path, tmp_path: Path
) -> None:
    window = open_window(qtbot, example_copy)
    _modify(window)
    window.autosave.autosave_now()
    target = tmp_path / "renamed.caisa.json"
    assert window._write(target)
    assert window.autosave.files is None
    assert window.recent_files()[0] == str(target.resolve())
    assert _session(window).path == target and not _session(window).modified
    assert load_design(target).title == "Changed title"


# -- the command line ---------------------------------------------------------------------------
def test_without_arguments_the_studio_opens_the_bundled_example(qtbot: QtBot) -> None:
    from caisa_studio.app import build_window
    from caisa_studio.catalog.resources import default_example

    window = build_window([])
    qtbot.addWidget(window)
    assert _session(window).path == default_example() and not _session(window).modified


def test_a_file_argument_is_opened_and_a_bad_one_explained(qtbot: QtBot, example_copy: Path) -> None:
    from caisa_studio.app import build_window

    window = build_window([str(example_copy)])
    qtbot.addWidget(window)
    assert _session(window).path == example_copy
    missing = build_window([str(example_copy.with_name("missing.caisa.json"))])
    qtbot.addWidget(missing)
    box = _error_box(missing)
    assert box is not None and "missing.caisa.json" in box.text() and "no such file" in box.text()


@pytest.mark.skipif(not OTM_EXAMPLE.exists(), reason="needs ../shared/data/otm")
def test_a_threat_model_argument_is_imported(qtbot: QtBot) -> None:
    from caisa_studio.app import build_window

    window = build_window([str(OTM_EXAMPLE)])
    qtbot.addWidget(window)
    window.ask_unsaved_changes = lambda: Answer.Discard  # type: ignore[method-assign]
    assert _session(window).design == import_model(OTM_EXAMPLE)[0]
    assert window.findChild(ImportReportDialog, "importReport") is not None


CRASHING_RUN = """
import os, sys
from pathlib import Path
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QApplication
app = QApplication([])
from tests.ui_support import isolated_settings
isolated_settings(Path(sys.argv[1]))
QStandardPaths.setTestModeEnabled(True)
from caisa_studio.model.edits import SetDesignInfo
from caisa_studio.ui.main_window import MainWindow
window = MainWindow()
assert window.open_path(Path(sys.argv[2]), confirm=False)
window.session.push(SetDesignInfo("title", "Unsaved when the process died"))
print(window.autosave.autosave_now(), flush=True)
os._exit(3)  # a hard crash: no clean-up of any kind
"""


def test_a_process_that_dies_leaves_a_recoverable_autosave(
    qtbot: QtBot, example_copy: Path, tmp_path: Path
) -> None:
    import os
    import subprocess
    import sys

    from .conftest import REPO_ROOT

    env = {**os.environ, "HOME": str(tmp_path / "home"), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", CRASHING_RUN, str(tmp_path), str(example_copy)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 3, done.stderr
    written = Path(done.stdout.strip().splitlines()[-1])
    assert written.parent == autosave_folder() and written.exists()
    assert list(autosave_folder().glob("*.lock"))  # the dead run's lock file is still there
    candidates = find_recoverable()
    assert [c.design_path for c in candidates] == [written]
    assert not list(autosave_folder().glob("*.lock"))  # stale locks are tidied away
    window = open_window(qtbot, EXAMPLE)
    dialog = offer_recovery(window)
    assert dialog is not None
    dialog.recover_selected()
    assert _session(window).design.title == "Unsaved when the process died"
    assert _session(window).path == example_copy.resolve()
