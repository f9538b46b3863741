"""Shared test setup: Qt runs offscreen, and every test gets the paths it needs."""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if "CAISA_CACHE_DIR" not in os.environ:  # the catalog's parse cache: this run's own, not the user's
    _CACHE = tempfile.mkdtemp(prefix="caisa-test-cache-")
    os.environ["CAISA_CACHE_DIR"] = _CACHE
    atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)

REPO_ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXAMPLE = REPO_ROOT / "resources" / "examples" / "rag-assistant.caisa.json"
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"


@pytest.fixture
def example_path() -> Path:
    return EXAMPLE


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled example."""
    target = tmp_path / "example.caisa.json"
    target.write_bytes(EXAMPLE.read_bytes())
    return target


@pytest.fixture(autouse=True)
def _clear_clipboard_after_test() -> Iterator[None]:
    """Qt's offscreen clipboard crashes at interpreter exit if it still owns data: empty it."""
    yield
    if "PySide6.QtGui" not in sys.modules:
        return
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is not None:
        QGuiApplication.clipboard().clear()
