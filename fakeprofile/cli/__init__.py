"""The ``fakeprofile`` command line: a thin layer over the library.

Each subcommand is one small module with ``add_parser(subparsers)`` and
``run(args) -> int``; adding a subcommand is one module plus one line in
``_COMMAND_MODULES``. Logging is configured here and nowhere in the library.

Exit codes: 0 success, 1 some records had errors (or a check failed),
2 usage error, 130 interrupted.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence
from types import ModuleType

from .. import __version__
from .._format import printable
from ..errors import FakeProfileError

__all__ = ["main"]

#: The subcommands' modules, imported by :func:`main` (they bring in scikit-learn, pandas
#: and Numba: seconds in which Ctrl-C must still end the command without a traceback).
_COMMAND_MODULES = (
    "schema",
    "features",
    "validate",
    "score",
    "vet",
    "index",
    "sweep",
    "train",
    "demo",
)


def _commands() -> tuple[ModuleType, ...]:
    return tuple(importlib.import_module(f".{name}", __name__) for name in _COMMAND_MODULES)


class _PrintableFormatter(logging.Formatter):
    """Log lines with control characters escaped: a logged id cannot drive the terminal.

    Only the message line is escaped; a traceback keeps its own lines.
    """

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 (logging's name)
        return printable(super().formatMessage(record))


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="fakeprofile",
        description="How likely is a social-network profile fake, and why.",
    )
    parser.add_argument("--version", action="version", version=f"fakeprofile {__version__}")
    parser.add_argument(
        "-v", "--verbose", action="count", default=0, help="more log output (repeatable)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in _commands():
        command.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (``sys.argv[1:]`` by default); return the exit code."""
    try:
        return _main(argv)
    except KeyboardInterrupt:  # while the commands are imported, or a parser is built
        print("fakeprofile: interrupted", file=sys.stderr)
        return 130


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help, --version and usage errors
        return int(exc.code) if isinstance(exc.code, int) else 2
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_PrintableFormatter("%(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.WARNING - 10 * min(args.verbose, 2), handlers=[handler])
    try:
        code: int = args.run(args)
    except FakeProfileError as exc:
        print(printable(f"fakeprofile: error: {exc}"), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("fakeprofile: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `fakeprofile schema | head`
        return 0
    return code


def _entry_point() -> None:  # pragma: no cover - exercised through the console script
    sys.exit(main())
