"""Qt widgets stay in the UI: the renderer and exporters use QtGui/QtSvg only, so exports run headless."""

from __future__ import annotations

import re

from .conftest import REPO_ROOT

WIDGETS_IMPORT = re.compile(r"^\s*(from|import)\s+PySide6\.QtWidgets", re.MULTILINE)


def test_only_ui_modules_import_qt_widgets() -> None:
    package = REPO_ROOT / "caisa_studio"
    offenders = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if path.relative_to(package).parts[0] not in ("ui", "app.py")
        and WIDGETS_IMPORT.search(path.read_text("utf-8"))
    ]
    assert offenders == []
