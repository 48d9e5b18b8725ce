"""Reasons on a held-out synthetic population: are copies shown, and do sentences keep one sign?

A population the default model never saw (another seed), with photos, is
registered whole in a reference index (as ``fakeprofile.recipe`` does
for training) and scored. Reported:

* detection: ROC-AUC, and the false-positive rate and recall at each level;
* copycats whose copy was *found* (a photo or text match with a profile that
  is not newer: ``photo_reuse_count`` or ``text_copy_count`` above 0): the
  share with a copy reason among the four shown, and with a copy as the first
  reason (issue 12's target: a copy reason among the four for ≥ 95%);
* sentences: how many distinct reason sentences appeared, and how many with
  both signs (target: none).

Run ``PYTHONPATH=. python benchmarks/bench_reasons.py`` from the repo root
(``--n`` profiles, default 4,000; ``--seed``, default 1; ``--model DIR`` for another
model than the bundled one).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from sklearn.metrics import roc_auc_score

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import machine, table

from fakeprofile import ReferenceIndex
from fakeprofile.recipe import TODAY
from fakeprofile.scoring import Scorer
from fakeprofile.synthetic import generate

#: Reason codes that state a copy.
COPY_CODES = ("photo_reuse", "photo_min_distance", "text_copy", "text_copied")


def _is_copy(codes: tuple[str, ...]) -> bool:
    return any(c.startswith(COPY_CODES) for c in codes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--model", default=None, help="a model folder (default: the bundled one)")
    args = parser.parse_args()
    print(machine())
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        pop = generate(
            args.n, with_photos=True, photo_dir=Path(tmp) / "photos", today=TODAY, seed=args.seed
        )
        with ReferenceIndex(Path(tmp) / "ref.db") as index:
            index.add(pop.profiles)
            scorer = Scorer(args.model, index=index, today=TODAY)
            rows, evidence = scorer.vectorizer.transform_with_evidence(pop.profiles)
            names = list(scorer.vectorizer.get_feature_names_out())
            scores = scorer.explain(rows, evidence)
    print(
        f"generated, indexed and scored {args.n:,} profiles in {time.perf_counter() - start:.0f} s"
    )

    y = np.asarray(pop.true_labels)
    risk = np.array([s.risk for s in scores])
    levels = np.array([s.level for s in scores])
    print(f"\nROC-AUC (true labels): {roc_auc_score(y, risk):.4f}\n")
    detection = []
    for name, flagged in (
        ("medium or above", levels != "low"),
        ("high", levels == "high"),
    ):
        detection.append((name, f"{flagged[y == 0].mean():.4f}", f"{flagged[y == 1].mean():.4f}"))
    print(table(("level", "false-positive rate", "recall"), detection))

    photo = rows[:, names.index("photo_reuse_count")]
    text = rows[:, names.index("text_copy_count")]
    found = (np.nan_to_num(photo) > 0) | (np.nan_to_num(text) > 0)
    copycats = np.array([k == "fake_copycat" for k in pop.kinds])
    shown = np.array([any(_is_copy(r.codes) for r in s.reasons) for s in scores])
    first = np.array([bool(s.reasons) and _is_copy(s.reasons[0].codes) for s in scores])
    genuine_copy = shown & (y == 0)
    both = copycats & found
    print(
        "\n"
        + table(
            ("copycats", "value"),
            [
                ("copycats", int(copycats.sum())),
                ("copy found", f"{both.sum() / copycats.sum():.3f}"),
                ("found: a copy reason among the four", f"{shown[both].mean():.3f}"),
                ("found: the first reason is a copy", f"{first[both].mean():.3f}"),
                ("found: median risk", f"{np.median(risk[both]):.3f}"),
                ("found: level high", f"{(levels[both] == 'high').mean():.3f}"),
                (
                    "genuine members with a copy reason",
                    f"{genuine_copy.sum() / (y == 0).sum():.3f}",
                ),
            ],
        )
    )

    signs: dict[str, set[bool]] = defaultdict(set)
    for s in scores:
        for r in (*s.reasons, *s.mitigating):
            signs[r.text].add(r.contribution > 0)
    both_signs = [t for t, v in signs.items() if len(v) == 2]
    print(f"\nreason sentences: {len(signs):,} distinct, {len(both_signs)} with both signs")
    for sentence in both_signs[:5]:
        print("  both signs:", sentence[:120])


if __name__ == "__main__":
    main()
