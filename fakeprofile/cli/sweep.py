"""``fakeprofile sweep FILE… --out pairs.csv``: every pair of profiles sharing a photo or text.

Runs :func:`fakeprofile.sweep` on Dask. Records that cannot be read or are
not valid profiles are error rows in the output (and counted on standard
error); the others are swept all the same.

Exit codes: 0 every record swept; 1 some records had errors; 2 usage error;
130 interrupted.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .._format import escape_csv_cell, printable
from ..io import FieldFilter, Item, ReadError, iter_dicts
from ._common import (
    add_extra_fields_arguments,
    add_photo_root_argument,
    extra_fields_notice,
    output_problem,
)

_DATE_COLUMNS = ("created_at", "copied_from_created_at")


def add_parser(sub: Any) -> None:
    """Register the subcommand."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "sweep",
        help="find every pair of profiles sharing a photo or an about text (on Dask)",
        description=(
            "Find, within the profiles of every FILE (JSON, JSONL or CSV; '-' for standard "
            "input), each pair that shares a photo or a copied about text, with no reference "
            "index: candidates are grouped by Dask on the index's blocking keys and verified as "
            "a look-up verifies them. One CSV row per pair (the older profile as copied_from), "
            "per member of a cluster (a photo or text shared by more than --cluster-at "
            "profiles, or one that four or more accounts over a year old show: a shared logo "
            "or blurb, no one's copy, order 'shared'), or per bad record (kind 'error'). "
            "Needs Dask: "
            "pip install 'fakeprofile[dask]'. Exit codes: 0 all swept, 1 some records had "
            "errors, 2 usage error, 130 interrupted."
        ),
    )
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument("--out", type=Path, required=True, help="the CSV file to write")
    parser.add_argument(
        "--scheduler",
        default=None,
        metavar="threads|processes|synchronous|ADDRESS",
        help="Dask scheduler: a local one by name, or a distributed scheduler's address "
        "(tcp://host:8786); default: Dask's (threads)",
    )
    parser.add_argument(
        "--cluster-at",
        type=int,
        default=50,
        metavar="N",
        help="report a photo or text shared by more than N profiles as one cluster, "
        "one row per member, rather than its pairs (default: 50)",
    )
    parser.add_argument(
        "--partition-size",
        type=int,
        default=20_000,
        metavar="N",
        help="records per Dask partition (default: 20000)",
    )
    add_photo_root_argument(parser)
    add_extra_fields_arguments(parser)
    parser.set_defaults(run=run)


def _records(
    files: list[str], photo_root: Path | None, fields: FieldFilter
) -> Iterator[Item[Any] | ReadError]:
    for path in files:
        yield from fields.items(iter_dicts(path, photo_root=photo_root))


def run(args: argparse.Namespace) -> int:
    """Sweep every record; write the CSV; summarise on standard error."""
    import pandas as pd

    from ..sweep import COLUMNS, sweep

    if args.cluster_at < 1 or args.partition_size < 1:
        print(
            "fakeprofile sweep: error: --cluster-at and --partition-size must be ≥ 1",
            file=sys.stderr,
        )
        return 2
    problem = output_problem(args.out, args.files)
    if problem is not None:
        print(printable(f"fakeprofile sweep: error: {problem}"), file=sys.stderr)
        return 2
    fields = FieldFilter(args.extra_fields, label_field=args.label_field)
    try:
        found = sweep(
            _records(args.files, args.photo_root, fields),
            scheduler=args.scheduler,
            cluster_at=args.cluster_at,
            partition_size=args.partition_size,
            extra_fields=args.extra_fields,
            label_field=args.label_field,
            progress=sys.stderr.isatty(),  # a bar for a person, not in a log
        )
    except KeyboardInterrupt:
        print("fakeprofile sweep: interrupted; nothing was written", file=sys.stderr)
        return 130
    with open(args.out, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(COLUMNS)
        for cells in found.to_dict("records"):
            out: list[str] = []
            for column in COLUMNS:
                value = cells[column]
                if pd.isna(value):
                    out.append("")
                elif column in _DATE_COLUMNS:
                    out.append(value.date().isoformat())
                elif column == "cluster_size":
                    out.append(str(int(value)))
                else:
                    out.append(escape_csv_cell("" if value is None else str(value)))
            writer.writerow(out)
    extra_fields_notice(fields, "sweep")
    same = int(found.attrs.get("same_id_pairs", 0))
    if same:
        example = found.attrs.get("same_id_example")
        print(
            printable(
                f"fakeprofile sweep: note: {same} matching pair(s) of records with the same id "
                f"(e.g. {example!r}) were not written: one profile given twice is no copy; "
                "if they are different profiles, give each its own id"
            ),
            file=sys.stderr,
        )
    kinds = found["kind"].value_counts()
    clusters = found["cluster"].dropna().nunique()
    shared = found.loc[found["order"] == "shared", "cluster"].nunique()
    errors = int(found.attrs.get("errors", kinds.get("error", 0)))
    records = int(found.attrs.get("records", 0))
    pairs = found[found["cluster"].isna() & (found["kind"] != "error")]
    print(
        f"swept {records - errors} of {records} records: "
        f"{int((pairs['kind'] == 'photo').sum())} photo pairs, "
        f"{int((pairs['kind'] == 'text').sum())} text pairs, {clusters} "
        f"cluster{'' if clusters == 1 else 's'} ({shared} of them shared photos or texts); "
        f"errors {errors}; written to {args.out}",
        file=sys.stderr,
    )
    return 1 if errors else 0
