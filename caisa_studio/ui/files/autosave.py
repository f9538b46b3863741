"""Autosave: while the open design has unsaved changes, a copy goes to the app-data folder every 30 s.

Each autosave is two files, both written atomically into ``<AppDataLocation>/autosave``:
``<name>.caisa.json`` (an ordinary design file) and ``<name>.meta.json`` (the original path, the title,
the time and the run that wrote it). ``<name>`` is stable for as long as one design is open, so each
tick replaces the previous copy. From its first autosave until it closes cleanly, a window holds a lock
file ``<run>.lock`` (``QLockFile``). Saving the design, undoing back to the saved state, opening another
design and closing cleanly remove the autosave; whatever is left behind by a run whose lock is no
longer held (the process died, or the window went away without closing) is offered for recovery on the
next start (``recovery.py``).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLockFile, QObject, QStandardPaths, QTimer

from caisa_studio.io import dumps_design
from caisa_studio.io.atomic import write_atomically
from caisa_studio.model import Design

if TYPE_CHECKING:
    from caisa_studio.ui.main_window import MainWindow
    from caisa_studio.ui.session import DesignSession

AUTOSAVE_INTERVAL_MS = 30_000
DESIGN_SUFFIX = ".caisa.json"
META_SUFFIX = ".meta.json"
LOCK_SUFFIX = ".lock"
META_FORMAT = "caisa-autosave"
META_VERSION = 1


def autosave_folder() -> Path:
    """``<AppDataLocation>/autosave`` (QStandardPaths; its test mode keeps tests out of real folders)."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base) / "autosave"


@dataclass(frozen=True)
class AutosaveMeta:
    """The sidecar of one autosave: where the design came from and who wrote it when."""

    name: str
    run: str
    title: str
    original_path: Path | None
    saved_at: datetime

    def to_json(self) -> str:
        data: dict[str, Any] = {
            "format": META_FORMAT,
            "version": META_VERSION,
            "name": self.name,
            "run": self.run,
            "title": self.title,
            "original_path": str(self.original_path) if self.original_path else None,
            "saved_at": self.saved_at.isoformat(timespec="seconds"),
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def read(cls, path: Path) -> AutosaveMeta:
        """Parse a sidecar; ``ValueError`` (or ``OSError``) when it is not one of ours."""
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("format") != META_FORMAT:
            raise ValueError(f"{path}: not an autosave sidecar")
        name, run = data.get("name"), data.get("run")
        if not isinstance(name, str) or not isinstance(run, str) or not name or not run:
            raise ValueError(f"{path}: the sidecar names no autosave or run")
        original = data.get("original_path")
        saved_at = datetime.fromisoformat(str(data.get("saved_at")))
        if saved_at.tzinfo is None:
            saved_at = saved_at.replace(tzinfo=UTC)
        return cls(
            name=name,
            run=run,
            title=str(data.get("title") or ""),
            original_path=Path(original) if isinstance(original, str) and original else None,
            saved_at=saved_at,
        )


def design_file(folder: Path, name: str) -> Path:
    return folder / f"{name}{DESIGN_SUFFIX}"


def meta_file(folder: Path, name: str) -> Path:
    return folder / f"{name}{META_SUFFIX}"


def lock_file(folder: Path, run: str) -> Path:
    return folder / f"{run}{LOCK_SUFFIX}"


def remove_autosave(folder: Path, name: str) -> None:
    """Delete one autosave (both files); missing files are fine."""
    for path in (meta_file(folder, name), design_file(folder, name)):
        with contextlib.suppress(OSError):
            path.unlink()


def autosave_name(design: Design, path: Path | None) -> str:
    """``<readable part>-<random>``: recognisable in the folder, unique per open design."""
    base = path.name.removesuffix(DESIGN_SUFFIX).removesuffix(".json") if path else design.id
    slug = re.sub(r"[^a-z0-9]+", "-", base.lower()).strip("-")[:40] or "design"
    return f"{slug}-{uuid.uuid4().hex[:10]}"


class _RunLock:
    """The lock file that says "this run is alive"; released when the window goes away however it goes."""

    def __init__(self) -> None:
        self.lock: QLockFile | None = None

    def acquire(self, path: Path) -> None:
        if self.lock is not None:
            return
        lock = QLockFile(str(path))
        lock.setStaleLockTime(0)  # never "stale" by age: only when the owning process is gone
        if lock.tryLock(0):
            self.lock = lock

    def release(self, *_args: object) -> None:
        if self.lock is not None:
            self.lock.unlock()
            self.lock = None


class Autosave(QObject):
    """Writes the window's open design to the autosave folder every 30 s while it has unsaved changes."""

    def __init__(
        self, window: MainWindow, folder: Path | None = None, interval_ms: int = AUTOSAVE_INTERVAL_MS
    ) -> None:
        super().__init__(window)
        self.setObjectName("autosave")
        self.window = window
        self._folder = folder
        self.run_id = f"run-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.name: str | None = None
        self.last_error: str | None = None
        self._session: DesignSession | None = None
        self._written: Design | None = None  # the design the files on disk hold, if any
        self._has_files = False
        self._lock = _RunLock()
        # A window destroyed without a clean close leaves its autosave for the next start to offer.
        window.destroyed.connect(self._lock.release)
        self.timer = QTimer(self)
        self.timer.setObjectName("autosave-timer")
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        if window.session is not None:
            self.track(window.session)

    @property
    def folder(self) -> Path:
        return self._folder or autosave_folder()

    @property
    def files(self) -> tuple[Path, Path] | None:
        """The autosave's design file and sidecar while they exist."""
        if not self._has_files or self.name is None:
            return None
        return design_file(self.folder, self.name), meta_file(self.folder, self.name)

    # -- following the window's design ---------------------------------------------------------
    def track(self, session: DesignSession | None, name: str | None = None, write_now: bool = False) -> None:
        """Follow a newly shown design; the previous design's autosave is no longer needed.

        ``name`` continues an existing autosave (a recovered one) instead of starting a new one.
        """
        if session is not self._session:
            self.discard()
            self._session = session
            self.name = None
        if session is not None and (name or self.name is None):
            self.name = name or autosave_name(session.design, session.path)
        if write_now:
            self.autosave_now()

    def tick(self) -> None:
        """The timer: write when there are unsaved changes not yet autosaved; tidy up when there are none."""
        session = self.window.session
        if session is not self._session:
            self.track(session)
        if session is None:
            return
        if session.modified:
            if session.design is not self._written:
                self.autosave_now()
        elif self._has_files:
            self.discard()

    def autosave_now(self) -> Path | None:
        """Write the design and its sidecar now; the design file's path, or None if writing failed."""
        session = self.window.session
        if session is None:
            return None
        if session is not self._session or self.name is None:
            self.track(session)
        assert self.name is not None
        folder = self.folder
        design = session.design
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._lock.acquire(lock_file(folder, self.run_id))
            target = design_file(folder, self.name)
            write_atomically(target, dumps_design(design).encode("utf-8"))
            meta = AutosaveMeta(
                name=self.name,
                run=self.run_id,
                title=design.title or design.id,
                original_path=session.path.resolve() if session.path else None,
                saved_at=datetime.now(UTC),
            )
            write_atomically(meta_file(folder, self.name), meta.to_json().encode("utf-8"))
        except OSError as error:
            self.last_error = f"{folder}: {error.strerror or error}"
            self.window.statusBar().showMessage(f"Autosave failed — {self.last_error}", 8000)
            return None
        self.last_error = None
        self._written = design
        self._has_files = True
        return target

    def discard(self) -> None:
        """Remove this design's autosave (after a save, or when the design is closed on purpose)."""
        if self._has_files and self.name is not None:
            remove_autosave(self.folder, self.name)
        self._has_files = False
        self._written = None

    def closed_cleanly(self) -> None:
        """The window closed normally: nothing is left to recover."""
        self.timer.stop()
        self.discard()
        self._lock.release()
