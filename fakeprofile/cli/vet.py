"""``fakeprofile vet INVITATION…``: accept, ask a question first, or decline.

Exit codes: 0 done (with ``--exit-code``: 0 every invitation accepted); 1 some
records had errors; 2 usage error. With ``--exit-code`` the worst decision
sets the code: 3 ask, 4 decline, so scripts can branch without parsing.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .._format import json_text, printable
from ..index.lookup import open_index
from ..io import ReadError, read_invitations
from ..scoring import Scorer
from ..vetting import Policy, Vetting, vet
from ._common import add_model_arguments

#: Exit codes of ``--exit-code``, by decision.
EXIT_CODES = {"accept": 0, "ask": 3, "decline": 4}


def add_parser(sub: Any) -> None:
    """Register the subcommand."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "vet",
        help="vet connection invitations: accept, ask a question first, or decline",
        description=(
            "Vet each invitation in each FILE (one JSON object, or JSON Lines for a batch). "
            "Prints the decision, the reasons and, for 'ask', a question to send. "
            "With --exit-code: 0 accept, 3 ask, 4 decline (the worst decision wins); "
            "1 some records had errors; 2 usage error."
        ),
    )
    parser.add_argument("files", nargs="+", metavar="INVITATION")
    add_model_arguments(parser)
    parser.add_argument("--json", action="store_true", help="one JSON object per invitation")
    parser.add_argument("--exit-code", action="store_true", help="exit 3 for ask, 4 for decline")
    parser.add_argument(
        "--decline-at", type=float, default=None, help="decline at this risk or above"
    )
    parser.add_argument(
        "--ask-at", type=float, default=None, help="ask first at this risk or above"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Vet every invitation; print a verdict (or an error row) for each."""
    try:
        policy = Policy(decline_at=args.decline_at, ask_at=args.ask_at)
    except ValueError as exc:
        print(f"fakeprofile vet: error: {exc}", file=sys.stderr)
        return 2
    scorer = Scorer(args.model, open_index(args.index))
    worst, errors = 0, 0
    for path in args.files:
        for item in read_invitations(path, photo_root=args.photo_root):
            if isinstance(item, ReadError):
                errors += 1
                if args.json:
                    print(json_text(item.to_dict()))
                else:
                    print(printable(f"ERROR  {item}"))
                continue
            verdict: Vetting = vet(item.value, policy=policy, scorer=scorer)
            worst = max(worst, EXIT_CODES[verdict.decision])
            if args.json:
                print(json_text(verdict.to_dict()))
            else:
                print(verdict.explain() + "\n")
    if errors:
        return 1
    return worst if args.exit_code else 0
