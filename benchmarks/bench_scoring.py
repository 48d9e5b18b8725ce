"""``score(profile)`` latency against a 1 M-profile reference index, and where the time goes.

The index (see ``_population.py``) holds 1,000,000 synthetic profiles with
precomputed photo hashes; it is built once and cached under /tmp. Query
profiles come from other seeds (never in the index), each with a precomputed
``photo_hash`` when it has a photo (2% of them reuse a photo that several
indexed profiles also use, so some look-ups find confirmed matches).

Timed, per call, after warm-up, in one process:

- ``score(profile, index=index)``: the public function on a validated
  ``Profile`` (the default model, cached scorer);
- ``score(dict, index=index)``: the same from a plain dict, validation included;
- the parts of one call: each signal's ``extract`` (the text signal includes
  signing the texts and the text look-ups, the photo signal parsing the hash
  and the photo look-up), the bare index look-ups on their own, and the
  model + reasons (``Scorer.explain`` on one row).

Wall time (``perf_counter``) and the thread's CPU time (``thread_time``) are
both reported: the machine is shared, so wall-clock tails include waiting for
a core.

Run: ``PYTHONPATH=. python benchmarks/bench_scoring.py`` (``--quick``: 20,000-profile
index, 300 calls, seconds once the index is cached).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _population import build_index, query_profiles
from common import machine, peak_rss_mib, table

from fakeprofile.features import ProfileEvidence
from fakeprofile.fingerprints.photo import PhotoFingerprint
from fakeprofile.fingerprints.text import name_mask, profile_texts, text_signature
from fakeprofile.index.store import ReferenceIndex
from fakeprofile.profile import Profile
from fakeprofile.scoring import Scorer, score
from fakeprofile.signals.base import Context


class Timer:
    """Wall and CPU milliseconds of repeated calls, one sample per call."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def __call__(self, fn: Callable[..., Any], *args: Any) -> Any:
        w, c = time.perf_counter(), time.thread_time()
        out = fn(*args)
        self.cpu.append((time.thread_time() - c) * 1e3)
        self.wall.append((time.perf_counter() - w) * 1e3)
        return out

    def row(self, name: str) -> list[object]:
        wall, cpu = np.array(self.wall), np.array(self.cpu)
        return [
            name,
            len(wall),
            float(np.percentile(wall, 50)),
            float(np.percentile(wall, 99)),
            float(wall.mean()),
            float(np.percentile(cpu, 50)),
            float(np.percentile(cpu, 99)),
            float(cpu.mean()),
        ]


HEADERS = [
    "what",
    "calls",
    "p50 ms",
    "p99 ms",
    "mean ms",
    "p50 CPU ms",
    "p99 CPU ms",
    "mean CPU ms",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="20,000-profile index, 300 calls")
    parser.add_argument("--index-size", type=int, default=None)
    parser.add_argument("--calls", type=int, default=None)
    args = parser.parse_args()
    size = args.index_size or (20_000 if args.quick else 1_000_000)
    calls = args.calls or (300 if args.quick else 3_000)

    print(machine())
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    path, record = build_index(size)
    how = "reused from cache" if record["cached"] else "built now"
    print(
        f"index {path} ({how}): built in {record['build_wall_s']:.0f} s wall, "
        f"{record['build_cpu_s']:.0f} s CPU, builder peak RSS {record['peak_rss_mib']:.0f} MiB"
    )
    start = time.perf_counter()
    index = ReferenceIndex(path, readonly=True)
    open_s = time.perf_counter() - start
    stats = index.stats()
    per = stats.profiles or 1
    print(
        f"opened in {open_s:.1f} s; {stats.profiles:,} profiles, {stats.photos:,} photos, "
        f"{stats.texts:,} text signatures; memory {stats.memory_bytes / 2**20:.0f} MiB = "
        f"{stats.memory_bytes / per:.0f} bytes/profile (photo "
        f"{stats.extra['photo_index_bytes'] / per:.0f}, text "
        f"{stats.extra['text_index_bytes'] / per:.0f}, ids and dates "
        f"{stats.extra['row_table_bytes'] / per:.0f}); file {stats.file_bytes / 2**20:.0f} MiB"
    )

    queries = query_profiles(calls + 50)
    warm, queries = queries[:50], queries[50:]
    dicts = [p.model_dump(mode="json", exclude_defaults=True) for p in queries]
    today = dt.datetime.now(dt.UTC).date()
    scorer = Scorer(None, index, today=today)
    for p in warm:
        score(p, index=index)
        scorer.score(p)
    gc.collect()
    gc.freeze()  # the loaded index and queries are long-lived: keep the collector off them

    whole = Timer()
    from_dict = Timer()
    for p, d in zip(queries, dicts, strict=True):
        whole(partial(score, index=index), p)
        from_dict(partial(score, index=index), d)

    # The parts of one call, as Scorer.score -> vectorize_one + explain does them.
    vec = scorer.vectorizer
    per_signal = {s.name: Timer() for s in vec.signals_}
    explain = Timer()
    model_only = Timer()
    photo_lookup = Timer()
    text_sign = Timer()
    text_lookup = Timer()
    photo_hits = 0
    text_hits: list[int] = []
    model = scorer.trained.model
    for p in queries:
        context = Context(today=today, index=index, invitation=None)
        row = np.empty(vec.n_features_out_)
        results: dict[str, Any] = {}
        col = 0
        for signal in vec.signals_:
            result = per_signal[signal.name](signal.extract, p, context)
            results[signal.name] = result
            for feature in signal.features:
                row[col] = result.values[feature.name]
                col += 1
        evidence = ProfileEvidence(p.id, results)
        explain(scorer.explain, row[None, :], [evidence])
        values = row[None, scorer.columns]
        model_only(_model_only, model, values)
        # The bare look-ups, outside the signals.
        if p.photo_hash is not None:
            fp = PhotoFingerprint.from_hex(p.photo_hash)
            found = photo_lookup(index.photo_matches, p.id, fp)
            photo_hits += bool(found)
        sigs = _signatures(p, text_sign)
        hits = 0
        for field, sig in sigs:
            got = text_lookup(index.text_matches, p.id, field, sig)
            hits += len(got)
        text_hits.append(hits)
    gc.unfreeze()

    rows = [
        whole.row("score(Profile), whole call"),
        from_dict.row("score(dict), validation included"),
        *[t.row(f"  signal {name}.extract") for name, t in per_signal.items()],
        explain.row("  model + reasons (Scorer.explain, 1 row)"),
        model_only.row("    of which model arithmetic + level"),
        text_sign.row("  text: signing one field (inside text.extract)"),
        text_lookup.row("  text: index.text_matches, one field (inside text.extract)"),
        photo_lookup.row("  photo: index.photo_matches (inside photo.extract)"),
    ]
    print()
    print(f"index {stats.profiles:,} profiles; {len(queries):,} query profiles")
    print(table(HEADERS, rows))
    per_query = np.array(text_hits)
    print()
    print(
        f"queries with a confirmed photo match: {photo_hits} of {len(photo_lookup.wall)} "
        f"with a photo hash; text matches per query: mean {per_query.mean():.1f}, "
        f"p99 {np.percentile(per_query, 99):.0f}, max {per_query.max()}, "
        f"share with any {np.mean(per_query > 0):.3f}"
    )
    fields = len(text_lookup.wall) / len(queries)
    print(f"text fields signed and looked up per query: {fields:.2f}")
    p50 = float(np.percentile(whole.wall, 50))
    verdict = "met" if p50 <= 1.0 else "NOT met"
    print(f"target score() p50 ≤ 1 ms at {stats.profiles:,} profiles: {p50:.3f} ms, {verdict}")
    print(f"peak RSS {peak_rss_mib():.0f} MiB; load average at end {os.getloadavg()[0]:.2f}")


def _model_only(model: Any, values: np.ndarray) -> Any:
    """The model's arithmetic for one row: contributions, logit, risk and level."""
    base, contributions = model.contributions(values)
    logits = base + contributions.sum(axis=1)
    return model.level(1.0 / (1.0 + np.exp(-logits)))


def _signatures(p: Profile, timer: Timer) -> list[tuple[str, Any]]:
    """Each text field's signature (as the text signal computes them), timing each."""
    mask = name_mask(p)
    out = []
    for field, text in profile_texts(p).items():
        sig = timer(partial(text_signature, mask=mask), text)
        if sig is not None:
            out.append((field, sig))
    return out


if __name__ == "__main__":
    main()
