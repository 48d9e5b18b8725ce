"""``fakeprofile train``, ``evaluate`` and ``calibrate``: fit, report, fit to your population."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .._format import json_text, printable
from ..index.lookup import open_index
from ..modelfile import TrainedModel, default_model, load_model, save_model
from ..training import evaluate, metrics_markdown, read_labelled, train
from ._common import model_folder_problem

#: Skipped records listed one by one before the rest are only counted.
_SHOWN_ERRORS = 10


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
    parser.add_argument(
        "--pairs",
        type=int,
        default=None,
        metavar="N",
        help="most pair terms (two features weighed together, each its own reason) the "
        "model may select on the training part (default 0: one feature a term; more "
        "accuracy, but a pair's reason can read against its facts' own directions)",
    )
    parser.add_argument(
        "--no-refit",
        dest="refit",
        action="store_false",
        help="keep the model fitted on the training part (default: refit on all the data "
        "after the held-out report)",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.set_defaults(run=run_train)

    ev: argparse.ArgumentParser = sub.add_parser(
        "evaluate",
        help="evaluate a model on labelled profiles it was not trained on",
    )
    ev.add_argument("files", nargs="+", metavar="FILE")
    ev.add_argument(
        "--model", default="default", help="model folder, or 'default' (the bundled model)"
    )
    ev.add_argument("--label-field", default="label", help="name of the label field")
    ev.add_argument("--index", type=Path, default=None, help="reference index for copy signals")
    ev.add_argument(
        "--baselines",
        action="store_true",
        help="also show a random forest and gradient boosting, 5-fold cross-validated on FILE",
    )
    ev.add_argument("--json", action="store_true", help="print the metrics as JSON")
    ev.set_defaults(run=run_evaluate)

    cal: argparse.ArgumentParser = sub.add_parser(
        "calibrate",
        help="move a model's risk levels to your own population (and prevalence)",
        description=(
            "Score your own profiles (your network: taken as genuine when they carry no "
            "label) and set the levels' thresholds so the model card's false-positive rates "
            "(1% high, 10% medium) hold on them. Labelled files use both classes. "
            "--prevalence re-weights risks to the share of fakes you expect (the reasons "
            "stay exact). Writes a new model folder."
        ),
    )
    cal.add_argument("files", nargs="+", metavar="FILE")
    cal.add_argument(
        "--model", default="default", help="model folder to start from (default: the bundled one)"
    )
    cal.add_argument("--out", type=Path, required=True, help="model folder to write")
    cal.add_argument("--index", type=Path, default=None, help="reference index for copy signals")
    cal.add_argument(
        "--label-field", default="label", help="name of the label field, when FILEs have one"
    )
    cal.add_argument(
        "--prevalence",
        type=float,
        default=None,
        metavar="P",
        help="expected share of fakes in your population, in (0, 1)",
    )
    cal.add_argument("--version", dest="model_version", default=None, help="model version")
    cal.add_argument("--json", action="store_true", help="print the report as JSON")
    cal.set_defaults(run=run_calibrate)


def run_train(args: argparse.Namespace) -> int:
    """Train, save, print the held-out report."""
    problem = model_folder_problem(args.out)
    if problem is not None:
        print(printable(f"fakeprofile train: error: {problem}"), file=sys.stderr)
        return 2
    if args.synthetic is not None:
        if args.files:
            print("fakeprofile train: error: give FILEs or --synthetic, not both", file=sys.stderr)
            return 2
        from ..recipe import build_default_model

        trained, report = build_default_model(
            args.out,
            n=args.synthetic,
            seed=args.seed,
            **({} if args.pairs is None else {"n_pairs": args.pairs}),
        )
    else:
        if not args.files:
            print("fakeprofile train: error: give labelled FILEs or --synthetic N", file=sys.stderr)
            return 2
        data = read_labelled(args.files, label_field=args.label_field)
        _print_skipped(data.errors)
        trained, report = train(
            data,
            index=open_index(args.index),
            test_size=args.test_size,
            random_state=args.seed,
            model_version=args.model_version,
            refit=args.refit,
            **({} if args.pairs is None else {"n_pairs": args.pairs}),
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
        _print_lines(report.to_markdown().splitlines())
        print(f"model written to {args.out}", file=sys.stderr)
    return 0


def _print_skipped(errors: list[Any]) -> None:
    """The first skipped records on standard error, then how many more."""
    for error in errors[:_SHOWN_ERRORS]:
        print(printable(f"skipped {error}"), file=sys.stderr)
    if len(errors) > _SHOWN_ERRORS:
        print(f"skipped {len(errors) - _SHOWN_ERRORS} more records", file=sys.stderr)


def _print_lines(lines: list[str]) -> None:
    """Lines for people, each escaped on its own (an escaped newline would join them)."""
    for line in lines:
        print(printable(line))


def _model(name: str) -> TrainedModel:
    """``default`` (unless a folder of that name exists) or a model folder."""
    if name == "default" and not Path(name).exists():
        return default_model()
    return load_model(name)


def run_evaluate(args: argparse.Namespace) -> int:
    """Print a model's metrics on labelled data."""
    trained = _model(args.model)
    data = read_labelled(args.files, label_field=args.label_field)
    _print_skipped(data.errors)
    metrics = evaluate(trained, data, index=open_index(args.index), baselines=args.baselines)
    if args.json:
        print(
            json_text(
                {
                    **metrics.summary(),
                    "n": metrics.n,
                    "n_fake": metrics.n_fake,
                    "intervals_95": metrics.intervals,
                    "at_levels": metrics.at_levels,
                    "what_mattered": metrics.what_mattered,
                    "warnings": metrics.warnings,
                    "baselines": {b.name: b.summary() for b in metrics.baselines},
                    "reliability": metrics.reliability,
                },
                indent=2,
            )
        )
    else:
        print(
            printable(
                f"{trained.version} on {metrics.n} profiles ({metrics.n_fake} fake, "
                f"{metrics.n - metrics.n_fake} genuine) it was not trained on:"
            )
        )
        print()
        _print_lines(metrics_markdown(metrics, metrics.baselines))
    return 0


def run_calibrate(args: argparse.Namespace) -> int:
    """Calibrate a model on the user's own profiles; write the new model folder."""
    from ..calibration import calibrate

    problem = model_folder_problem(args.out)
    if problem is not None:
        print(printable(f"fakeprofile calibrate: error: {problem}"), file=sys.stderr)
        return 2

    trained, report = calibrate(
        [str(f) for f in args.files],
        model=_model(args.model),
        label_field=args.label_field,
        index=open_index(args.index),
        prevalence=args.prevalence,
        model_version=args.model_version,
        files=[str(f) for f in args.files],
    )
    _print_skipped(report.errors)
    save_model(trained.model, trained.card, args.out)
    if args.json:
        print(json_text(report.to_dict(), indent=2))
    else:
        _print_lines(report.to_markdown().splitlines())
    print(printable(f"model {trained.version} written to {args.out}"), file=sys.stderr)
    return 0
