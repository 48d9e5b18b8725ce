"""Options and helpers shared by the subcommands."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TypeVar

from .._format import printable
from ..io import FieldFilter

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


def add_extra_fields_arguments(parser: argparse.ArgumentParser) -> None:
    """``--extra-fields`` and ``--label-field``: reading real exports and labelled files."""
    parser.add_argument(
        "--extra-fields",
        choices=["meta", "ignore", "error"],
        default="error",
        help="columns that are not profile fields (an export's email, last_login...): "
        "'error' makes each such record an error row (default), 'meta' keeps them under "
        "meta, 'ignore' drops them; they are named once, on standard error",
    )
    parser.add_argument(
        "--label-field",
        default="label",
        metavar="NAME",
        help="the label column of labelled (training) files, ignored here (default: label)",
    )


def extra_fields_notice(fields: FieldFilter, command: str) -> None:
    """Name, once, the columns that were not profile fields (on standard error)."""
    notice = fields.notice("--extra-fields ")
    if notice is not None:
        print(printable(f"fakeprofile {command}: note: {notice}"), file=sys.stderr)


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


def output_problem(out: Path, inputs: Iterable[str]) -> str | None:
    """Why ``out`` cannot take a command's output file, or ``None`` when it can.

    Checked before anything is read: an output that is one of the inputs would
    be emptied before it is read, and a missing folder would fail only after
    all the work.
    """
    if out.is_dir():
        return f"--out {out} is a folder; give a file to write"
    if not out.parent.is_dir():
        return f"--out {out}: the folder {out.parent} does not exist"
    for name in inputs:
        if name != "-" and out.exists() and Path(name).exists() and out.samefile(name):
            return f"--out {out} is one of the input files: it would be emptied before it is read"
    return None


def model_folder_problem(out: Path) -> str | None:
    """Why ``out`` cannot take a model folder (checked before any training), or ``None``."""
    if out.exists() and not out.is_dir():
        return f"--out {out} is a file; give a folder to write the model in"
    return None


def progress(items: Iterable[T], *, unit: str, total: int | None = None) -> Iterator[T]:
    """A progress bar with rate and ETA on standard error, only when it is a terminal."""
    if not sys.stderr.isatty():
        yield from items
        return
    from tqdm import tqdm

    yield from tqdm(items, total=total, unit=unit, file=sys.stderr, dynamic_ncols=True)
