"""Two models side by side on the third population: separation and recall after ``calibrate``.

For each seed of ``benchmarks/_third.py`` (or ``_fourth.py``: ``--population fourth``;
2,000 members), the genuine members (or every
member, ``--index-all``) are indexed, half the genuine members are the calibration set and
the other half plus every fake are scored. Reported per model, the three seeds pooled:
ROC-AUC and recall at fixed false-positive rates of the held-out genuine half (thresholds
set on its own scores, so calibration noise is left out), and the false-positive rate and
recall at *high* after ``calibrate`` on the other half.

Run: ``PYTHONPATH=. python benchmarks/bench_third_models.py OLD_MODEL_DIR models/default
[--index-all] [--population third|fourth]`` (a model folder each; about 1 minute a seed).
With ``PYTHONPATH`` naming another checkout, that checkout's code scores: a change of
code and model together is measured by running this once on each.
"""

from __future__ import annotations

import argparse
import importlib
import random
import sys
import tempfile
from pathlib import Path

import numpy as np
from sklearn.metrics import roc_auc_score

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import machine, table

from fakeprofile import ReferenceIndex, RiskScore, Scorer, calibrate, load_model, score_many

_RATES = (0.005, 0.01, 0.015, 0.05)


def _scores(profiles: list[dict[str, object]], scorer: Scorer) -> list[RiskScore]:
    out = list(score_many(profiles, scorer=scorer))
    scores = [r for r in out if isinstance(r, RiskScore)]
    if len(scores) != len(out):  # the third population is valid input throughout
        raise SystemExit(f"{len(out) - len(scores)} error rows: {out}")
    return scores


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("models", nargs="+", help="model folders")
    parser.add_argument("--index-all", action="store_true", help="index fakes too")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--population", choices=("third", "fourth", "fifth"), default="third")
    args = parser.parse_args(argv)
    population = importlib.import_module(f"_{args.population}")
    today = population.REFERENCE
    print(f"Machine: {machine()}; population: {args.population}\n")
    risks: dict[str, list[tuple[np.ndarray, np.ndarray, list[str], list[str]]]] = {
        m: [] for m in args.models
    }
    for seed in args.seeds:
        with tempfile.TemporaryDirectory() as tmp:
            pop = population.generate(2000, seed=seed, photo_dir=Path(tmp) / "photos")
            genuine = [p for p in pop.profiles if p["meta"]["label"] == "genuine"]
            fakes = [p for p in pop.profiles if p["meta"]["label"] == "fake"]
            order = list(genuine)
            random.Random(seed).shuffle(order)
            half = len(order) // 2
            with ReferenceIndex(Path(tmp) / "network.db") as index:
                index.add(pop.profiles if args.index_all else genuine)
                for path in args.models:
                    model = load_model(path)
                    tuned, _ = calibrate(
                        order[:half], model=model, index=index, today=today, progress=False
                    )
                    plain = Scorer(model, index=index, today=today)
                    calibrated = Scorer(tuned, index=index, today=today)
                    risks[path].append(
                        (
                            np.array([r.risk for r in _scores(order[half:], plain)]),
                            np.array([r.risk for r in _scores(fakes, plain)]),
                            [r.level for r in _scores(order[half:], calibrated)],
                            [r.level for r in _scores(fakes, calibrated)],
                        )
                    )
    rows = []
    for path, runs in risks.items():
        g = np.concatenate([r[0] for r in runs])
        f = np.concatenate([r[1] for r in runs])
        g_levels = [lv for r in runs for lv in r[2]]
        f_levels = [lv for r in runs for lv in r[3]]
        auc = roc_auc_score(np.r_[np.zeros(g.size), np.ones(f.size)], np.r_[g, f])
        fixed = [f"{(f > np.quantile(g, 1 - x)).mean():.3f}" for x in _RATES]
        high_fp = np.mean([lv == "high" for lv in g_levels])
        high_recall = np.mean([lv == "high" for lv in f_levels])
        rows.append([path, f"{auc:.4f}", *fixed, f"{high_fp:.4f}", f"{high_recall:.3f}"])
    headers = (
        "model",
        "ROC-AUC",
        *(f"recall at {x:.1%} FPR" for x in _RATES),
        "calibrated: high FPR",
        "calibrated: high recall",
    )
    print(f"index: {'every member' if args.index_all else 'genuine members'}")
    print(table(headers, rows))


if __name__ == "__main__":
    main()
