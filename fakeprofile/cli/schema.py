"""``fakeprofile schema``: print the JSON Schema of a profile or an invitation."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..profile import json_schema


def add_parser(sub: Any) -> None:
    """Register the subcommand."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "schema", help="print the JSON Schema of a profile or an invitation"
    )
    parser.add_argument(
        "kind",
        nargs="?",
        choices=["profile", "invitation", "all"],
        default="all",
        help="which schema (default: both, as one JSON object keyed by kind)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the schema(s) as JSON."""
    if args.kind == "all":
        out: dict[str, Any] = {k: json_schema(k) for k in ("profile", "invitation")}
    else:
        out = json_schema(args.kind)
    print(json.dumps(out, indent=2, ensure_ascii=False))
    return 0
