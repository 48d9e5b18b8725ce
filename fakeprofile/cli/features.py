"""``fakeprofile features``: every feature with its group, direction and meaning."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..signals.docs import feature_list


def add_parser(sub: Any) -> None:
    """Register the subcommand."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "features",
        help="list every feature with its group, direction (up/down/two-sided) and meaning",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="a JSON list of objects with name, group, direction, normal, description",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the features as a table or as JSON."""
    features = feature_list()
    if args.json:
        print(json.dumps(features, indent=2, ensure_ascii=False))
        return 0
    width = max(len(f["name"]) for f in features)
    for f in features:
        direction = f["direction"]
        if f["normal"] is not None:
            direction += " ({:.3g} … {:.3g})".format(*f["normal"])
        print(f"{f['name']:<{width}}  {f['group']:<8}  {direction:<10}  {f['description']}")
    return 0
