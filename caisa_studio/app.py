"""``caisa-studio [FILE]``: starts the desktop studio on a design (the bundled example by default).

FILE may be a ``*.caisa.json`` design or another tool's threat model (Threat Dragon, OTM, Microsoft
TMT, Threagile), which is imported. A file that cannot be read is reported in a message box and the
studio starts anyway. When a previous run did not close cleanly and left autosaves behind, the studio
offers to recover them once the window has painted.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from caisa_studio.ui.main_window import MainWindow

APP_NAME = "CAISA Studio"
ORGANISATION = "CAISA"
DESIGN_SUFFIXES = (".caisa.json",)


def main(argv: Sequence[str] | None = None) -> int:
    app, _window = start(argv)
    return int(app.exec())


def start(argv: Sequence[str] | None = None) -> tuple[QApplication, MainWindow]:
    """Everything up to the main window shown; ``main`` then runs the event loop.

    Python's cyclic garbage collector is paused until the window has painted: start-up creates some
    65,000 long-lived objects (modules, classes, pydantic validators, Qt wrappers) and the collector
    would scan them over and over, about 50 ms of the start. Just after the first paint they are
    frozen (left out of every later collection) and the collector runs again (``_after_first_paint``).
    """
    gc.disable()
    from PySide6.QtWidgets import QApplication

    arguments = list(sys.argv[1:] if argv is None else argv)
    existing = QApplication.instance()
    app = existing or QApplication([sys.argv[0], *arguments])
    if existing is None:
        arguments = app.arguments()[1:]  # Qt has taken out its own options (-platform …, -style …)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(ORGANISATION)
    app.setDesktopFileName("caisa-studio")
    from caisa_studio.render.style import SELECTION_COLOUR
    from caisa_studio.ui.icons import svg_icon

    app.setWindowIcon(svg_icon("guardrail", SELECTION_COLOUR))  # a shield, drawn at the sizes asked for
    window = build_window(arguments)
    window.startup_finished.connect(lambda: _after_first_paint(window))
    window.show()
    return app, window


def _after_first_paint(window: MainWindow) -> None:
    """Collect start-up's garbage once, freeze the survivors, resume collecting; then offer recovery."""
    gc.collect()
    gc.freeze()
    gc.enable()
    offer_recovery_later(window)


def build_window(arguments: Sequence[str]) -> MainWindow:
    """The main window on the file named in ``arguments`` (or the bundled example)."""
    from caisa_studio.catalog.resources import default_example
    from caisa_studio.io import DesignFileError, load_design
    from caisa_studio.ui.main_window import MainWindow

    files = [a for a in arguments if not a.startswith("-")]
    target = Path(files[0]) if files else default_example()
    if target.name.lower().endswith(DESIGN_SUFFIXES):
        try:
            design = load_design(target)
        except DesignFileError as error:  # a blank window that says why (the file is read once)
            window = MainWindow()
            window.report_error("Cannot open design", str(error))
            return window
        window = MainWindow(design, target)  # straight onto the design, no blank one built first
        window.remember_recent(target)
        return window
    window = MainWindow()
    open_target(window, target)
    return window


def open_target(window: MainWindow, target: Path) -> None:
    """Open a design; another tool's model (detected from its content) is imported instead."""
    if not target.name.lower().endswith(DESIGN_SUFFIXES) and target.is_file():
        from caisa_studio.io import DesignFileError
        from caisa_studio.io.importers import diagram_titles

        try:
            diagram_titles(target)
        except (DesignFileError, ValueError, OSError):
            pass  # not a model another tool wrote: open it as a design (which explains the problem)
        else:
            from caisa_studio.ui.files.import_dialog import start_import

            start_import(window, target)
            return
    window.open_path(target, confirm=False)


def offer_recovery_later(window: MainWindow) -> None:
    from caisa_studio.ui.files.recovery import offer_recovery

    offer_recovery(window)


if __name__ == "__main__":
    sys.exit(main())
