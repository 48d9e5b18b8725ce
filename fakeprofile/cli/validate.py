"""``fakeprofile validate FILE…``: check records, one line each, exit 1 if any is bad."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from typing import Any, Literal

from .._format import printable
from ..io import FieldFilter, Item, ReadError, iter_dicts, parse_record
from ..profile import Invitation, Profile
from ._common import add_extra_fields_arguments, extra_fields_notice


def add_parser(sub: Any) -> None:
    """Register the subcommand."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "validate",
        help="check profile / invitation files record by record",
        description=(
            "Validate each record of each FILE (JSON, JSONL or CSV; '-' for standard input) "
            "and print OK or the error for each. Exits 1 if any record is bad."
        ),
    )
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument(
        "--kind",
        choices=["auto", "profile", "invitation"],
        default="auto",
        help="what the records are (auto: records with a 'sender' are invitations)",
    )
    add_extra_fields_arguments(parser)
    parser.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    parser.set_defaults(run=run)


def check_files(
    files: list[str],
    kind: Literal["auto", "profile", "invitation"] = "auto",
    fields: FieldFilter | None = None,
) -> Iterator[Item[Profile | Invitation] | ReadError]:
    """Validate every record of every file, in order (through ``fields``: labels dropped)."""
    fields = fields or FieldFilter()
    for path in files:
        for item in fields.items(iter_dicts(path)):
            yield item if isinstance(item, ReadError) else parse_record(item, kind)


def run(args: argparse.Namespace) -> int:
    """Print one line per record and a summary; 1 if any record was bad."""
    good = bad = 0
    fields = FieldFilter(args.extra_fields, label_field=args.label_field)
    for result in check_files(args.files, args.kind, fields):
        if isinstance(result, ReadError):
            bad += 1
            print(printable(f"ERROR {result}"))
        else:
            good += 1
            if not args.quiet:
                what = "invitation" if isinstance(result.value, Invitation) else "profile"
                rid = (
                    result.value.id if isinstance(result.value, Profile) else result.value.sender.id
                )
                print(printable(f"OK    {result.source}:{result.line} {what} {rid}"))
    extra_fields_notice(fields, "validate")
    print(f"{good} valid, {bad} invalid", file=sys.stderr)
    return 1 if bad else 0
