"""The additive model against the trees, on three populations, with and without pair terms.

Where does the additive model lose to a random forest or gradient boosting, and
how much do pair terms (two features weighed together) win back? For each
population, the same feature matrix (every signal, as ``train`` computes it) is
split several times (stratified, 75/25); on each split, fitted on the training
part only and measured on the held-out part:

* ``additive, directions``: :class:`~fakeprofile.model.RiskModel` as ``train``
  fitted it before pair terms (every shape obeys its declared direction);
* ``additive, no directions``: the same, unconstrained (the price of directions);
* ``additive, directions + pairs``: what ``train`` fits now (``n_pairs=10``);
* ``boosted GAM``: gradient boosting restricted to one feature per tree
  (``interaction_cst="no_interactions"``), a second additive model;
* ``random forest`` and ``gradient boosting`` as ``train`` reports them.

Populations:

1. ``synthetic``: the default model's recipe (:mod:`fakeprofile.recipe`:
   the whole population indexed, 40% scored with their invitation, 30% as
   section-less exports), ``--n`` profiles (default 10,000) with photos;
2. ``network``: ``benchmarks/_network.py``, written apart from the synthetic
   generator (genuine members indexed, fakes scored against them), ``--network-n``
   profiles (default 3,000), trained and tested within that population;
3. ``instagram``: the 975 hand-labelled accounts of ``bench_instagram.py``.

Feature matrices are cached in ``--cache`` (default ``/tmp/fakeprofile-gap``),
so a rerun only fits. Run: ``PYTHONPATH=. python benchmarks/bench_additive_gap.py``
(about 10 minutes on 2 busy cores the first time, most of it generating photos).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.metrics import roc_auc_score, roc_curve
from sklearn.model_selection import train_test_split
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import machine, table

from fakeprofile.features import ProfileVectorizer
from fakeprofile.model import RiskModel
from fakeprofile.training import DEFAULT_PAIRS, _vectorize


def synthetic_matrix(n: int, seed: int) -> tuple[np.ndarray, np.ndarray, list[str]]:
    from fakeprofile import synthetic
    from fakeprofile.index import ReferenceIndex
    from fakeprofile.recipe import TODAY, _as_exports, _with_invitations

    with tempfile.TemporaryDirectory() as tmp:
        pop = synthetic.generate(
            n, with_photos=True, photo_dir=Path(tmp) / "photos", today=TODAY, seed=seed
        )
        with ReferenceIndex(Path(tmp) / "r.db") as index:
            index.add(pop.profiles)
            items = _as_exports(_with_invitations(pop, seed=seed), pop.labels, seed=seed)
            X, names = _vectorize(items, index, TODAY, False)
    return X, np.asarray(pop.labels, dtype=int), names


def network_matrix(n: int, seed: int) -> tuple[np.ndarray, np.ndarray, list[str]]:
    from _network import generate

    from fakeprofile.index import ReferenceIndex
    from fakeprofile.profile import parse_profile
    from fakeprofile.recipe import TODAY

    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "photos").mkdir()
        net = generate(n, seed=seed, photos=Path(tmp) / "photos", today=TODAY)
        with ReferenceIndex(Path(tmp) / "n.db") as index:
            index.add(parse_profile(m.record) for m in net.members if m.label == 0)
            items = [
                parse_profile({k: v for k, v in m.record.items() if k != "meta"})
                for m in net.members
            ]
            X, names = _vectorize(items, index, TODAY, False)
    return X, np.array([m.label for m in net.members]), names


def instagram_matrix() -> tuple[np.ndarray, np.ndarray, list[str]]:
    from bench_instagram import load

    profiles, y = load()
    X, names = _vectorize(profiles, None, None, False)
    return X, np.asarray(y, dtype=int), names


def cached(
    path: Path, build: Callable[[], tuple[np.ndarray, np.ndarray, list[str]]]
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    if path.exists():
        z = np.load(path, allow_pickle=False)
        return z["X"], z["y"], [str(n) for n in z["names"]]
    X, y, names = build()
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, X=X, y=y, names=np.array(names))
    return X, y, names


def recall_at_1(y: np.ndarray, p: np.ndarray) -> float:
    fpr, tpr, _ = roc_curve(y, p)
    return float(tpr[fpr <= 0.01].max())


def compare(
    X: np.ndarray, y: np.ndarray, names: list[str], seeds: list[int]
) -> dict[str, np.ndarray]:
    """Per model: (accuracy, ROC-AUC, recall at 1% FPR, seconds) per split."""
    directions = {n: d for n, d in ProfileVectorizer().fit().directions().items() if n in names}
    seen = ~np.isnan(X).all(axis=0)
    Xs = X[:, seen]

    def additive(**params: Any) -> Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]:
        def fit(tr: np.ndarray, yt: np.ndarray, te: np.ndarray) -> np.ndarray:
            model = RiskModel(**params).fit(pd.DataFrame(X[tr], columns=names), yt)
            return np.asarray(model.predict_proba(pd.DataFrame(X[te], columns=names))[:, 1])

        return fit

    def forest(tr: np.ndarray, yt: np.ndarray, te: np.ndarray) -> np.ndarray:
        rf = RandomForestClassifier(n_estimators=300, min_samples_leaf=2, random_state=0)
        rf.fit(np.nan_to_num(X[tr], nan=-1.0), yt)
        return np.asarray(rf.predict_proba(np.nan_to_num(X[te], nan=-1.0))[:, 1])

    def boosting(**params: Any) -> Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]:
        def fit(tr: np.ndarray, yt: np.ndarray, te: np.ndarray) -> np.ndarray:
            gb = HistGradientBoostingClassifier(random_state=0, **params)
            return np.asarray(gb.fit(Xs[tr], yt).predict_proba(Xs[te])[:, 1])

        return fit

    models = {
        "additive, directions": additive(directions=directions),
        "additive, no directions": additive(),
        f"additive, directions + pairs (n_pairs={DEFAULT_PAIRS})": additive(
            directions=directions, n_pairs=DEFAULT_PAIRS
        ),
        "boosted GAM (one feature a tree)": boosting(
            interaction_cst="no_interactions", max_iter=500, learning_rate=0.05
        ),
        "random forest": forest,
        "gradient boosting": boosting(),
    }
    out: dict[str, list[tuple[float, float, float, float]]] = {m: [] for m in models}
    for seed in seeds:
        tr, te = train_test_split(np.arange(y.size), test_size=0.25, stratify=y, random_state=seed)
        for name, fit in models.items():
            start = time.perf_counter()
            with threadpool_limits(limits=1):
                p = fit(tr, y[tr], te)
            out[name].append(
                (
                    float(((p >= 0.5) == y[te]).mean()),
                    float(roc_auc_score(y[te], p)),
                    recall_at_1(y[te], p),
                    time.perf_counter() - start,
                )
            )
    return {m: np.array(v) for m, v in out.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="synthetic profiles")
    parser.add_argument("--network-n", type=int, default=3_000, help="network profiles")
    parser.add_argument("--seeds", default="0,1,2", help="split seeds")
    parser.add_argument("--only", default="synthetic,network,instagram")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/fakeprofile-gap"))
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    builders = {
        "synthetic": (f"synthetic_{args.n}.npz", lambda: synthetic_matrix(args.n, 0)),
        "network": (f"network_{args.network_n}.npz", lambda: network_matrix(args.network_n, 0)),
        "instagram": ("instagram.npz", instagram_matrix),
    }
    print(f"Machine: {machine()}")
    for population in args.only.split(","):
        file, build = builders[population]
        X, y, names = cached(args.cache / file, build)
        results = compare(X, y, names, seeds)
        print(
            f"\n{population}: {y.size} profiles ({int(y.sum())} fake), held-out 25% over "
            f"{len(seeds)} splits (seeds {args.seeds}); mean (min-max)\n"
        )
        rows = []
        for name, r in results.items():
            cells = [
                f"{r[:, c].mean():.4f} ({r[:, c].min():.4f}-{r[:, c].max():.4f})" for c in range(3)
            ]
            rows.append([name, *cells, f"{r[:, 3].mean():.1f}"])
        print(table(["model", "accuracy", "ROC-AUC", "recall at 1% FPR", "fit s"], rows))


if __name__ == "__main__":
    main()
