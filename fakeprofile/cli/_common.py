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
    add_photo_root_argument(parser)


def add_photo_root_argument(parser: argparse.ArgumentParser) -> None:
    """``--photo-root DIR``: one more folder that photo paths in the input may point into."""
    parser.add_argument(
        "--photo-root",
        type=Path,
        default=None,
        metavar="DIR",
        help="also let photo paths point into DIR (by default a photo must be inside the "
        "input file's folder, given by a relative path)",
    )


def progress(items: Iterable[T], *, unit: str, total: int | None = None) -> Iterator[T]:
    """A progress bar with rate and ETA on standard error, only when it is a terminal."""
    if not sys.stderr.isatty():
        yield from items
        return
    from tqdm import tqdm

    yield from tqdm(items, total=total, unit=unit, file=sys.stderr, dynamic_ncols=True)
