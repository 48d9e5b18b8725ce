"""``fakeprofile demo``: run the main job on the bundled examples."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..errors import InputFormatError
from ..io import Item, ReadError, read_invitations, read_profiles


def default_examples() -> Path:
    """The ``examples/`` folder of a source checkout (where ``make demo`` runs)."""
    return Path(__file__).resolve().parents[2] / "examples"


def add_parser(sub: Any) -> None:
    """Register the subcommand."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "demo", help="run fakeprofile on the bundled examples"
    )
    parser.add_argument(
        "--examples",
        type=Path,
        default=None,
        help="folder holding profiles.jsonl and invitations.jsonl (default: the repo's examples/)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Validate and summarise the example profiles and invitations."""
    folder: Path = args.examples or default_examples()
    if not (folder / "profiles.jsonl").is_file():
        raise InputFormatError(f"no examples in {folder}: pass --examples DIR")
    errors = 0
    print(f"Profiles in {folder / 'profiles.jsonl'}:")
    for item in read_profiles(folder / "profiles.jsonl"):
        if isinstance(item, ReadError):
            errors += 1
            print(f"  ERROR {item}")
            continue
        p = item.value
        totals = p.activity_totals()
        activity = (
            "no activity data"
            if totals is None
            else f"{totals.likes} likes, {totals.comments} comments, {totals.posts} posts"
        )
        photo = "photo" if p.photo_known else "no photo"
        print(f"  {p.id:<10} {p.name or '?':<18} {photo:<8} {activity}")
    print(f"Invitations in {folder / 'invitations.jsonl'}:")
    for inv in read_invitations(folder / "invitations.jsonl"):
        if isinstance(inv, ReadError):
            errors += 1
            print(f"  ERROR {inv}")
        elif isinstance(inv, Item):
            message = (inv.value.message or "")[:60]
            print(f"  {inv.value.sender.id:<10} -> {message!r}")
    return 1 if errors else 0
