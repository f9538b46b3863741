"""The built wheel, installed into a fresh venv, finds its catalog and bundled example by itself."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import REPO_ROOT

pytestmark = pytest.mark.slow


def _run(
    command: list[str], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False)


def test_wheel_installs_and_validates_its_bundled_example(tmp_path: Path) -> None:
    uv = shutil.which("uv")
    assert uv, "uv is required to run the tests (see README)"
    built = _run([uv, "build", "--wheel", "--out-dir", str(tmp_path / "dist"), "--quiet"], REPO_ROOT)
    assert built.returncode == 0, built.stderr
    wheel = next((tmp_path / "dist").glob("caisa_studio-*.whl"))
    venv = tmp_path / "venv"
    assert _run([uv, "venv", "--quiet", str(venv)], tmp_path).returncode == 0
    env = {**os.environ, "VIRTUAL_ENV": str(venv)}
    env.pop("PYTHONPATH", None)
    installed = _run([uv, "pip", "install", "--quiet", str(wheel)], tmp_path, env)
    assert installed.returncode == 0, installed.stderr

    # Run from an unrelated folder so nothing can be imported from the checkout.
    python = venv / "bin" / "python"
    located = _run(
        [
            str(python),
            "-c",
            "from caisa_studio.catalog.resources import default_example; print(default_example())",
        ],
        tmp_path,
    )
    example = Path(located.stdout.strip())
    assert str(example).startswith(str(venv)), located.stdout + located.stderr
    assert example.is_file()

    checked = _run([str(venv / "bin" / "caisa"), "catalog", "check"], tmp_path)
    assert checked.returncode == 0 and "39 component kinds" in checked.stdout, checked.stderr

    validated = _run([str(venv / "bin" / "caisa"), "validate", str(example), "--format", "json"], tmp_path)
    assert validated.returncode == 1, validated.stderr
    report = json.loads(validated.stdout)
    assert report["design"]["id"] == "example-rag-assistant"
    assert {f["rule"] for f in report["findings"]} >= {"R-ENC-01", "R-ENC-02"}
