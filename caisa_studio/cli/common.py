"""Shared pieces of the ``caisa`` command line: exit codes, errors, output."""

from __future__ import annotations

import sys
from pathlib import Path

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2


class BadInput(Exception):
    """A user-facing problem with the command's input; printed as one line, exit code 2."""


def emit(text: str, output: Path | None) -> None:
    """Print to stdout, or write ``output`` atomically (a failed run never leaves half a report)."""
    text = text if text.endswith("\n") else text + "\n"
    if output is None:
        sys.stdout.write(text)
        return
    from caisa_studio.io.atomic import write_atomically

    write_atomically(output, text.encode("utf-8"))
