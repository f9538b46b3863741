"""`caisa-studio` starts (on the example, or on a broken file) and keeps running: never a crash."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import REPO_ROOT


@pytest.mark.parametrize("argument", [None, "broken"])
def test_studio_starts_and_stays_up(tmp_path: Path, argument: str | None) -> None:
    args = [sys.executable, "-m", "caisa_studio.app"]
    if argument == "broken":
        broken = tmp_path / "broken.caisa.json"
        broken.write_text("{not json", encoding="utf-8")
        args.append(str(broken))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    process = subprocess.Popen(args, cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.2)
        assert process.poll() is None, process.communicate()[1].decode(errors="replace")
    finally:
        process.kill()
        _, stderr = process.communicate()
    assert b"Traceback" not in stderr
