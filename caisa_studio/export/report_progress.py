"""Progress reporting and cancellation for report jobs that run off the GUI thread.

The callback receives the overall fraction done (0.0–1.0, never decreasing) and a short message, and
returns ``False`` to cancel; the job then raises ``ReportCancelled`` at its next checkpoint and leaves
no file behind. The callback runs on the worker thread: a GUI should only forward the values to its
own thread (a queued signal) and read a cancel flag, never touch widgets from it.
"""

from __future__ import annotations

from collections.abc import Callable

ProgressCallback = Callable[[float, str], bool]


class ReportCancelled(Exception):
    """The progress callback asked to stop; nothing was written."""

    def __init__(self) -> None:
        super().__init__("the report was cancelled")


class Progress:
    """Maps the steps of one stage onto a slice ``[start, end]`` of the overall progress."""

    def __init__(self, callback: ProgressCallback | None, start: float = 0.0, end: float = 1.0) -> None:
        self._callback = callback
        self._start = start
        self._end = end
        self._last = start
        self._message = ""

    def update(self, fraction: float, message: str = "") -> None:
        """Report ``fraction`` of this stage as done; raises ``ReportCancelled`` if the callback says so."""
        fraction = min(max(fraction, 0.0), 1.0)
        overall = max(self._last, self._start + (self._end - self._start) * fraction)
        self._last = overall
        self._message = message or self._message
        if self._callback is not None and self._callback(overall, self._message) is False:
            raise ReportCancelled()

    def stage(self, start: float, end: float) -> Progress:
        """A child covering ``start``–``end`` (fractions of this stage)."""
        span = self._end - self._start
        return Progress(self._callback, self._start + span * start, self._start + span * end)

    def check(self) -> None:
        """A cancellation checkpoint that does not move the bar."""
        self.update((self._last - self._start) / ((self._end - self._start) or 1.0))
