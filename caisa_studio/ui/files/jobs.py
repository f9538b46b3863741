"""Background jobs with a progress dialog that can cancel: the diagram and report exports.

The work runs on a ``QThread``; it gets a progress callback ``(fraction, message) -> keep_going`` (the
report job's protocol) that forwards values to the GUI thread through a queued signal and reads a
cancel flag. Widgets are only touched on the GUI thread. Whatever the work writes, it writes to a
temporary name and renames at the end, so cancelling or failing leaves no partial file behind.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog

from caisa_studio.export.report_progress import ReportCancelled

if TYPE_CHECKING:
    from caisa_studio.ui.main_window import MainWindow

ProgressCallback = Callable[[float, str], bool]
Work = Callable[[ProgressCallback], list[Path]]
JobState = Literal["running", "done", "failed", "cancelled"]
SHOW_AFTER_MS = 300  # quick exports finish without a dialog flashing up
STEPS = 1000


class JobCancelled(Exception):
    """The user cancelled; nothing was written."""


class _Runner(QThread):
    progressed = Signal(float, str)

    def __init__(self, work: Work, parent: QObject) -> None:
        super().__init__(parent)
        self._work = work
        self._cancel = threading.Event()
        self.written: list[Path] = []
        self.error: BaseException | None = None
        self.cancelled = False

    def run(self) -> None:
        try:
            self.written = self._work(self.report)
        except (ReportCancelled, JobCancelled):
            self.cancelled = True
        except Exception as error:  # reported to the user on the GUI thread
            self.error = error

    def report(self, fraction: float, message: str) -> bool:
        """The progress callback (worker thread): forward, and say whether to keep going."""
        self.progressed.emit(fraction, message)
        return not self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()


def describe_error(error: BaseException) -> str:
    """One line for the user: the file and the reason, without a traceback."""
    if isinstance(error, OSError) and error.strerror:
        where = error.filename or ""
        return f"{where}: {error.strerror}" if where else error.strerror
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return text or type(error).__name__


class BackgroundJob(QObject):
    """One export: a worker thread, a progress dialog (Cancel works), and a message at the end."""

    completed = Signal(str)  # the final state

    def __init__(
        self,
        window: MainWindow,
        title: str,
        work: Work,
        *,
        determinate: bool,
        target: Path,
        what: str,
    ) -> None:
        super().__init__(window)
        self.setObjectName("backgroundJob")
        self.window = window
        self.target = target
        self.what = what
        self.state: JobState = "running"
        self.message = ""
        self.written: list[Path] = []
        self.progress = QProgressDialog(f"{title}…", "Cancel", 0, STEPS if determinate else 0, window)
        self.progress.setObjectName("exportProgress")
        self.progress.setWindowTitle(title)
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.progress.setMinimumWidth(420)
        self.progress.setMinimumDuration(SHOW_AFTER_MS)
        self.progress.setValue(0)
        self.progress.canceled.connect(self.cancel)
        self.runner = _Runner(work, self)
        self.runner.progressed.connect(self._progressed)
        self.runner.finished.connect(self._finished)
        self.runner.start()

    @property
    def running(self) -> bool:
        return self.state == "running"

    def cancel(self) -> None:
        """Ask the worker to stop at its next checkpoint; the dialog goes away at once."""
        if self.state != "running":
            return
        self.runner.cancel()
        self.progress.hide()
        self.window.statusBar().showMessage(f"Cancelling the {self.what}…", 4000)

    def wait(self, timeout_ms: int = 30_000) -> bool:
        """Block until the worker is done (used when the window closes)."""
        return self.runner.wait(timeout_ms)

    def _progressed(self, fraction: float, message: str) -> None:
        if self.state != "running":
            return
        if message:
            self.progress.setLabelText(message if message.endswith("…") else f"{message}…")
        if self.progress.maximum() > 0:
            # Last: a window-modal progress dialog processes events inside setValue.
            self.progress.setValue(min(STEPS - 1, round(fraction * STEPS)))

    def _finished(self) -> None:
        if self.state != "running":  # already settled (the window closed and waited for it)
            return
        runner = self.runner
        runner.wait()
        self.written = list(runner.written)
        self.state = "cancelled" if runner.cancelled else "failed" if runner.error is not None else "done"
        self.progress.close()
        self.progress.deleteLater()
        if runner.cancelled:
            self.message = f"The {self.what} was cancelled; nothing was written."
            self.window.statusBar().showMessage(self.message, 6000)
        elif runner.error is not None:
            self.message = f"{self.target.name}: {describe_error(runner.error)}"
            self.window.report_error(f"The {self.what} failed", f"{self.message}\nNo file was written.")
        else:
            names = ", ".join(str(p) for p in self.written) or str(self.target)
            self.message = f"Exported {names}"
            self.window.statusBar().showMessage(self.message, 8000)
        runner.deleteLater()
        self.completed.emit(self.state)


def running_jobs(window: MainWindow) -> list[BackgroundJob]:
    return [job for job in window.findChildren(BackgroundJob) if job.running]


def stop_jobs(window: MainWindow) -> None:
    """Cancel every running export and wait for the threads (the window is closing)."""
    for job in running_jobs(window):
        job.runner.cancel()
        job.wait()
        job._finished()
