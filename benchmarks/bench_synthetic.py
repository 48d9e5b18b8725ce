"""Synthetic population: generation speed (target: 100,000 profiles without photos well under
a minute) and quality (class overlap, missing-data rates, copy closeness, photo distances).

Run ``python benchmarks/bench_synthetic.py`` from the repo root (``--quick`` for a smaller run).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import machine, peak_rss_mib, table

from fakeprofile.profile import Profile
from fakeprofile.synthetic import (
    Population,
    _summary,
    _word_overlap,
    generate,
    reference_profiles,
)

TODAY = dt.date(2026, 11, 25)


def statistics(p: Profile) -> list[float]:
    """Simple per-profile statistics a single rule could threshold."""
    a = p.activity_totals()
    total = a.total if a is not None else None
    return [
        a.likes / total if a is not None and a.likes is not None and total else np.nan,
        float(a.comments) if a is not None and a.comments is not None else np.nan,
        float((TODAY - p.created_at).days) if p.created_at else np.nan,
        float(p.connections or 0),
        (p.followers or 0) / max(p.connections or 0, 1),
        (p.following or 0) / max(p.followers or 0, 1),
        float(p.photo_known is True),
        float(len(p.about or "")),
        float(len(p.experience)) if p.experience is not None else np.nan,
        float(len(p.skills)) if p.skills is not None else np.nan,
        float(sum(c.isdigit() for c in p.username or "")),
    ]


NAMES = [
    "likes share",
    "comments",
    "account age",
    "connections",
    "followers/connections",
    "following/followers",
    "has photo",
    "about length",
    "experience items",
    "skills",
    "username digits",
]


def quality(pop: Population) -> None:
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import train_test_split

    y = pop.true_labels
    x = np.array([statistics(p) for p in pop.profiles])
    rows = []
    for j, name in enumerate(NAMES):
        known = ~np.isnan(x[:, j])
        auc = roc_auc_score(y[known], x[known, j])
        rows.append([name, max(auc, 1 - auc)])
    print("\nSingle statistics, ROC-AUC against the true labels (0.5 = no information):\n")
    print(table(["statistic", "ROC-AUC"], rows))
    # All simple statistics together, gradient boosting on a held-out split: how far
    # behaviour and account data alone get, without the copy and message signals.
    xtr, xte, _, yte, ltr, _ = train_test_split(
        x, y, pop.labels, test_size=0.3, random_state=0, stratify=y
    )
    clf = HistGradientBoostingClassifier(random_state=0).fit(xtr, ltr)
    auc_all = roc_auc_score(yte, clf.predict_proba(xte)[:, 1])
    print(
        f"\nAll {len(NAMES)} statistics together (gradient boosting, trained on noisy labels, "
        f"30% held out): ROC-AUC {auc_all:.3f}"
    )
    rates = _summary(pop)
    print("\nMissing data by class:\n")
    print(
        table(
            ["class", "no activity", "no photo", "no about"],
            [[k, v["no_activity"], v["no_photo"], v["no_about"]] for k, v in rates.items()],
        )
    )
    by_id = {p.id: p for p in pop.profiles}
    overlaps = [
        _word_overlap(p.about or "", by_id[s].about or "")
        for p, s, c in zip(pop.profiles, pop.sources, pop.copied, strict=True)
        if s and "about" in c
    ]
    print(
        f"\nCopied about texts: {len(overlaps)}; word overlap with the original "
        f"min {min(overlaps):.3f}, median {np.median(overlaps):.3f}"
    )
    kinds = Counter(pop.kinds)
    print("\nArchetypes:\n")
    print(table(["kind", "count"], sorted(kinds.items())))
    noise = float(np.mean(pop.labels != pop.true_labels))
    print(
        f"\nfake share {pop.true_labels.mean():.4f}, flipped labels {noise:.4f}, "
        f"reference profiles {len(reference_profiles(pop))}, "
        f"invitations {sum(i is not None for i in pop.invitations)}"
    )


def photos(n: int) -> None:
    import imagehash
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        pop = generate(n, fake_rate=0.5, with_photos=True, photo_dir=tmp, seed=3)
        elapsed = time.perf_counter() - start
        hashes: dict[str, tuple[imagehash.ImageHash, imagehash.ImageHash]] = {}
        for p in pop.profiles:
            if p.photo:
                with Image.open(p.photo) as img:
                    mirror = img.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
                    hashes[p.id] = (imagehash.phash(img), imagehash.phash(mirror))

        def dist(a: str, b: str) -> int:
            return int(min(hashes[a][0] - hashes[b][0], hashes[a][1] - hashes[b][0]))

        copies = np.array(
            [
                dist(p.id, s)
                for p, s, c in zip(pop.profiles, pop.sources, pop.copied, strict=True)
                if s and "photo" in c and s in hashes
            ]
        )
        ids = list(hashes)
        rng = np.random.default_rng(0)
        pairs = rng.integers(0, len(ids), size=(20_000, 2))
        randoms = np.array([dist(ids[a], ids[b]) for a, b in pairs if a != b])
    print(
        f"\nWith photos: {n} profiles in {elapsed:.1f} s ({elapsed / n * 1e3:.1f} ms per profile)"
    )
    print("\n64-bit pHash distance (mirror-aware), copies vs unrelated pairs:\n")
    print(
        table(
            ["pairs", "count", "p50", "p90", "max", "share ≤ 8", "share ≤ 12"],
            [
                [
                    name,
                    len(d),
                    float(np.median(d)),
                    float(np.percentile(d, 90)),
                    int(d.max()),
                    float(np.mean(d <= 8)),
                    float(np.mean(d <= 12)),
                ]
                for name, d in (("copy, original", copies), ("unrelated", randoms))
            ],
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="10,000 profiles, 1 repeat")
    args = parser.parse_args()
    n = 10_000 if args.quick else 100_000
    repeats = 1 if args.quick else 3
    print(machine())
    times, cpu = [], []
    pop = None
    for seed in range(repeats):
        pop = None  # free the previous population before timing the next
        start, start_cpu = time.perf_counter(), time.process_time()
        pop = generate(n, seed=seed)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    assert pop is not None
    med = float(np.median(times))
    print("\nGeneration without photos (every profile validated with Profile.model_validate):\n")
    print(
        table(
            [
                "profiles",
                "runs",
                "median wall s",
                "min wall s",
                "max wall s",
                "median CPU s",
                "profiles/s (wall)",
                "peak RSS MiB",
            ],
            [
                [
                    n,
                    repeats,
                    med,
                    min(times),
                    max(times),
                    float(np.median(cpu)),
                    n / med,
                    peak_rss_mib(),
                ]
            ],
        )
    )
    print(f"load average during the run: {os.getloadavg()[0]:.1f} (2 cores)")
    quality(pop)
    photos(300 if args.quick else 1000)


if __name__ == "__main__":
    main()
