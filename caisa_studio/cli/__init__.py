"""``caisa``: the headless command line. Never imports Qt.

Exit codes: 0 success (for ``validate``: no open finding at or above ``--fail-on``), 1 findings at or
above the threshold, 2 bad input (one line on stderr naming the file and the problem).
Each command lives in its own module with a ``register(subparsers)`` function.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from caisa_studio import __version__
from caisa_studio.cli import catalog, export, interop, paths, reference, report, rules, validate
from caisa_studio.cli.common import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK, BadInput

__all__ = ["EXIT_BAD_INPUT", "EXIT_FINDINGS", "EXIT_INTERNAL", "EXIT_OK", "main", "run"]

EXIT_INTERNAL = 3

COMMAND_MODULES = (validate, paths, rules, catalog, export, reference, interop, report)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_BAD_INPUT
    try:
        return int(args.handler(args))
    except BadInput as error:
        print(f"caisa: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return EXIT_OK
    except (ValueError, OSError) as error:
        # DesignFileError, CatalogError and I/O errors all carry a one-line, user-facing message.
        print(f"caisa: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as error:  # a bug: say so in one line; CAISA_DEBUG=1 shows the traceback
        if os.environ.get("CAISA_DEBUG"):
            raise
        print(f"caisa: internal error ({type(error).__name__}: {error}); please report it", file=sys.stderr)
        return EXIT_INTERNAL


def run() -> NoReturn:
    """The process entry point (``python -m caisa_studio.cli``): ``main()``, then exit at once.

    By the time ``main`` returns, a command has written and closed everything it produces (files are
    written atomically), so the process skips the interpreter's teardown — freeing every module and
    object one at a time, about a tenth of a second once pydantic, reportlab and Qt are loaded — and
    leaves that to the operating system. ``main`` itself never exits: tests call it in-process.
    """
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, OSError):  # the reader went away; the exit code still counts
        pass
    os._exit(code)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="caisa", description="CAISA Studio command line: validate secure AI system designs."
    )
    parser.add_argument("--version", action="version", version=f"caisa {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(commands)
    return parser
