"""``caisa-studio``: starts the desktop studio on a design (the bundled example by default)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path


def main(argv: Sequence[str] | None = None) -> int:
    from PySide6.QtWidgets import QApplication

    from caisa_studio.catalog.resources import default_example
    from caisa_studio.ui.main_window import MainWindow

    arguments = list(sys.argv[1:] if argv is None else argv)
    app = QApplication.instance() or QApplication([sys.argv[0], *arguments])
    app.setApplicationName("CAISA Studio")
    app.setOrganizationName("CAISA")
    window = MainWindow()
    target = Path(arguments[0]) if arguments and not arguments[0].startswith("-") else default_example()
    window.open_path(target, confirm=False)
    window.show()
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main())
