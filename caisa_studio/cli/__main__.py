"""``python -m caisa_studio.cli``."""

from __future__ import annotations

from caisa_studio.cli import run

run()
