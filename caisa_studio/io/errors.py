"""The one error type every reader of user files raises: it names the file, the spot and the problem."""

from __future__ import annotations

from pathlib import Path


class DesignFileError(ValueError):
    """A design (or imported model) cannot be read. ``str()`` is one line fit for a user."""

    def __init__(self, source: str | Path, problem: str, path: str | None = None) -> None:
        self.source = str(source)
        self.problem = problem
        self.json_path = path
        where = f" at {path}" if path else ""
        super().__init__(f"{self.source}{where}: {problem}")
