"""``fakeprofile train`` and ``fakeprofile evaluate``: fit on labelled data, report honestly."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .._format import json_text, printable
from ..modelfile import load_model, save_model
from ..scoring import open_index
from ..training import evaluate, read_labelled, train


def add_parser(sub: Any) -> None:
    """Register ``train`` and ``evaluate``."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "train",
        help="train a model on labelled profiles (or the synthetic population)",
        description=(
            "Train the additive model on labelled profile files (a 'label' field: 1/0, "
            "fake/genuine), hold out a test split, and print the held-out report beside a "
            "random forest and gradient boosting. With --synthetic N, train the default "
            "model's recipe on N generated profiles instead."
        ),
    )
    parser.add_argument("files", nargs="*", metavar="FILE")
    parser.add_argument("--out", type=Path, required=True, help="model folder to write")
    parser.add_argument("--label-field", default="label", help="name of the label field")
    parser.add_argument("--index", type=Path, default=None, help="reference index for copy signals")
    parser.add_argument(
        "--test-size", type=float, default=0.25, help="held-out share (default 0.25)"
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--version", dest="model_version", default=None, help="model version")
    parser.add_argument(
        "--synthetic",
        type=int,
        default=None,
        metavar="N",
        help="train on N synthetic profiles (the default model's recipe)",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.set_defaults(run=run_train)

    ev: argparse.ArgumentParser = sub.add_parser(
        "evaluate",
        help="evaluate a model on labelled profiles it was not trained on",
    )
    ev.add_argument("files", nargs="+", metavar="FILE")
    ev.add_argument("--model", type=Path, required=True, help="model folder")
    ev.add_argument("--label-field", default="label", help="name of the label field")
    ev.add_argument("--index", type=Path, default=None, help="reference index for copy signals")
    ev.add_argument("--json", action="store_true", help="print the metrics as JSON")
    ev.set_defaults(run=run_evaluate)


def run_train(args: argparse.Namespace) -> int:
    """Train, save, print the held-out report."""
    if args.synthetic is not None:
        if args.files:
            print("fakeprofile train: error: give FILEs or --synthetic, not both", file=sys.stderr)
            return 2
        from ..default_model import build_default_model

        trained, report = build_default_model(args.out, n=args.synthetic, seed=args.seed)
    else:
        if not args.files:
            print("fakeprofile train: error: give labelled FILEs or --synthetic N", file=sys.stderr)
            return 2
        data = read_labelled(args.files, label_field=args.label_field)
        for error in data.errors:
            print(printable(f"skipped {error}"), file=sys.stderr)
        trained, report = train(
            data,
            index=open_index(args.index),
            test_size=args.test_size,
            random_state=args.seed,
            model_version=args.model_version,
            training_data={
                "files": [str(f) for f in args.files],
                "records": int(data.labels.size),
                "fake": int(data.labels.sum()),
                "unreadable_records": len(data.errors),
            },
        )
        save_model(trained.model, trained.card, args.out)
    if args.json:
        print(json_text(report.to_dict(), indent=2))
    else:
        print(report.to_markdown())
        print(f"model written to {args.out}", file=sys.stderr)
    return 0


def run_evaluate(args: argparse.Namespace) -> int:
    """Print a model's metrics on labelled data."""
    trained = load_model(args.model)
    data = read_labelled(args.files, label_field=args.label_field)
    for error in data.errors:
        print(printable(f"skipped {error}"), file=sys.stderr)
    metrics = evaluate(trained, data, index=open_index(args.index))
    if args.json:
        print(
            json_text(
                {
                    **metrics.summary(),
                    "n": metrics.n,
                    "n_fake": metrics.n_fake,
                    "at_levels": metrics.at_levels,
                    "reliability": metrics.reliability,
                },
                indent=2,
            )
        )
    else:
        print(printable(f"{trained.version} on {metrics.n} profiles ({metrics.n_fake} fake):"))
        for key, value in metrics.summary().items():
            print(f"  {key:<16} {value:.4f}")
        for level, v in metrics.at_levels.items():
            print(
                f"  at {level:<6} threshold {v['threshold']:.4f}: "
                f"false-positive rate {v['false_positive_rate']:.4f}, recall {v['recall']:.4f}"
            )
    return 0
