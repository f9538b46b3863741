"""Shared test setup: Qt runs offscreen, and every test gets the paths it needs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

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
