"""Options and helpers shared by the subcommands."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def add_model_arguments(parser: argparse.ArgumentParser) -> None:
    """``--model`` and ``--index``, as every scoring command takes them."""
    parser.add_argument(
        "--model", type=Path, default=None, help="model folder (default: the bundled model)"
    )
    parser.add_argument(
        "--index", type=Path, default=None, help="reference index (SQLite file) to find copies in"
    )


def progress(items: Iterable[T], *, unit: str, total: int | None = None) -> Iterator[T]:
    """A progress bar with rate and ETA on standard error, only when it is a terminal."""
    if not sys.stderr.isatty():
        yield from items
        return
    from tqdm import tqdm

    yield from tqdm(items, total=total, unit=unit, file=sys.stderr, dynamic_ncols=True)
