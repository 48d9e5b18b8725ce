"""``fakeprofile demo``: the main job on the bundled examples.

Builds a reference index from the example profiles (in a temporary folder),
scores every example profile against it, and vets the example invitations,
printing each for a person (or as JSON with ``--json``).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

from .._format import json_text, printable
from ..errors import InputFormatError
from ..io import Item, ReadError, read_invitations, read_profiles
from ..scoring import Scorer
from ..vetting import vet
from ._common import add_model_arguments
from .score import format_score


def default_examples() -> Path:
    """The ``examples/`` folder of a source checkout (where ``make demo`` runs)."""
    return Path(__file__).resolve().parents[2] / "examples"


def add_parser(sub: Any) -> None:
    """Register the subcommand."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "demo", help="score and vet the bundled examples"
    )
    parser.add_argument(
        "--examples",
        type=Path,
        default=None,
        help="folder holding profiles.jsonl and invitations.jsonl (default: the repo's examples/)",
    )
    add_model_arguments(parser)
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Index the example profiles, score them, vet the example invitations."""
    from ..index import ReferenceIndex

    folder: Path = args.examples or default_examples()
    profiles_file, invitations_file = folder / "profiles.jsonl", folder / "invitations.jsonl"
    if not profiles_file.is_file():
        raise InputFormatError(f"no examples in {folder}: pass --examples DIR")
    items = list(read_profiles(profiles_file))
    profiles = [i.value for i in items if isinstance(i, Item)]
    errors = [i for i in items if isinstance(i, ReadError)]
    with tempfile.TemporaryDirectory(prefix="fakeprofile-demo-") as tmp:
        db = Path(tmp) / "examples.db"
        with ReferenceIndex(db) as index:
            index.add(profiles)
        with ReferenceIndex(db, readonly=True) as index:
            scorer = Scorer(args.model, index)
            scores = [scorer.score(p) for p in profiles]
            verdicts = (
                [
                    vet(i.value, scorer=scorer)
                    for i in read_invitations(invitations_file)
                    if isinstance(i, Item)
                ]
                if invitations_file.is_file()
                else []
            )
    if args.json:
        print(
            json_text(
                {
                    "scores": [s.to_dict() for s in scores],
                    "vetting": [v.to_dict() for v in verdicts],
                    "errors": [e.to_dict() for e in errors],
                },
                indent=2,
            )
        )
    else:
        print(
            printable(f"Reference index: the {len(profiles)} example profiles of {profiles_file}")
        )
        print(printable(f"Model: {scorer.trained.version}") + "\n")
        print(
            "== Scores (each reason's number is its exact effect on the log-odds of being fake)\n"
        )
        for s in scores:
            print(format_score(s) + "\n")
        print("== Invitations\n")
        for v in verdicts:
            print(v.explain() + "\n")
    for e in errors:
        print(printable(f"ERROR {e}"), file=sys.stderr)
    return 1 if errors else 0
