"""The copy sweep on a Dask LocalCluster: wall time, peak memory per worker, recall against exact.

Usage::

    python benchmarks/bench_sweep.py --sizes 100000 300000 --workers 2 --sample 1000

The population is the benchmarks' reference population
(:mod:`benchmarks._population`: synthetic profiles in batches of 50,000, each
batch with its own copycats and template fakes, every photo a precomputed
random ``photo_hash``, 1% of them one of 2,000 shared fingerprints). It is
written once as Parquet (the columns the sweep reads: ``id``, ``name``,
``created_at``, ``about``, ``photo_hash``) under ``/tmp/fakeprofile-bench/``
and read back with ``dask.dataframe.read_parquet``, so that preparing the
profiles is the workers' job too.

The sweep runs on a ``distributed.LocalCluster`` of ``--workers`` processes
of one thread each. Peak memory per worker is each worker process's peak
resident set (``ru_maxrss``), read from the workers after the run; the
driver's is given too.

Recall: for ``--sample`` profiles drawn at random (and a fifth as many more
drawn among the profiles whose photo is one of the shared fingerprints, since
random profiles rarely share a photo), every pair they are in is
found by an exact search over the whole population (every other profile
compared: the 64-bit photo hashes within the candidate radius, then the
look-up's 256-bit verification; every about signature's agreement against the
text search's threshold): what a look-up with no blocking loss would find.
A pair counts as found when the sweep reports it, or puts both in one cluster.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _population import (
    BATCH,
    CACHE,
    GENERATOR,
    INDEX_REUSE,
    INDEX_SEED,
    _batches,
    shared_photos,
)
from common import machine

from fakeprofile import sweep
from fakeprofile.fingerprints.photo import CANDIDATE_RADIUS, PROBE_THRESHOLD, STRONG_THRESHOLD
from fakeprofile.sweep._stages import _M, _MIN_AGREE, _S, _V, _prepare

#: Rows per Parquet file (one Dask partition each).
PART_ROWS = 25_000
assert PROBE_THRESHOLD <= STRONG_THRESHOLD  # precomputed hashes carry no probes here


def population(n: int) -> Path:
    """The Parquet folder of the ``n``-profile population (written once, then reused)."""
    folder = CACHE / f"sweep-{n}-b{BATCH}-g{GENERATOR}"
    done = folder / "_done"
    if done.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    k = 0
    written = 0
    for part in _batches(n, prefix="ref", seed=INDEX_SEED, reuse=INDEX_REUSE, batch=BATCH):
        rows = [
            {
                "id": p.id,
                "name": p.name,
                "created_at": p.created_at.isoformat() if p.created_at else None,
                "about": p.about,
                "photo_hash": p.photo_hash,
            }
            for p in part
        ]
        for lo in range(0, len(rows), PART_ROWS):
            pd.DataFrame(rows[lo : lo + PART_ROWS]).to_parquet(folder / f"part-{k:05d}.parquet")
            k += 1
        written += len(rows)
        print(f"  wrote {written:,} profiles, {time.perf_counter() - start:.0f} s", flush=True)
    done.write_text(f"{n}\n")
    return folder


def _worker_peak() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _worker_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_sweep(folder: Path, workers: int) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The sweep of the Parquet folder on a LocalCluster; its result and measurements."""
    import importlib

    import dask.dataframe as dd

    distributed: Any = importlib.import_module("distributed")

    with (
        distributed.LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            memory_limit="8GiB",
            dashboard_address=":0",
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        frame = dd.read_parquet(str(folder / "part-*.parquet"))
        cpu_before = client.run(_worker_cpu)
        driver_cpu = _worker_cpu()
        load_before = os.getloadavg()[0]
        start = time.perf_counter()
        found = sweep(frame, scheduler=client)
        wall = time.perf_counter() - start
        peaks = client.run(_worker_peak)
        cpu = client.run(_worker_cpu)
    return found, {
        "wall_s": wall,
        # The machine is shared: CPU seconds say what the sweep cost, wall time what it took.
        "worker_cpu_s": sorted(cpu[w] - cpu_before[w] for w in cpu),
        "driver_cpu_s": _worker_cpu() - driver_cpu,
        "load_average_before_after": [load_before, os.getloadavg()[0]],
        "worker_peak_rss_mib": sorted(peaks.values()),
        "driver_peak_rss_mib": _worker_peak(),
        "partitions": len(list(folder.glob("part-*.parquet"))),
    }


def _arrays(folder: Path) -> pd.DataFrame:
    """Every profile's prepared hashes and signature (for the exact search)."""
    parts = []
    for k, path in enumerate(sorted(folder.glob("part-*.parquet"))):
        frame = pd.read_parquet(path)
        records = [
            {c: v for c, v in row.items() if isinstance(v, str)} for row in frame.to_dict("records")
        ]
        parts.append(_prepare(records, k))
    return pd.concat(parts, ignore_index=True)


def exact_pairs(prepared: pd.DataFrame, sample: np.ndarray) -> dict[str, set[frozenset[str]]]:
    """Every pair a sampled profile is in, by comparing it with every other profile."""
    ids = prepared["id"].to_numpy()
    ph = prepared["ph"].to_numpy()
    has_fp = prepared["fp"].to_numpy()
    strong = prepared[_S].to_numpy()
    mirror_strong = prepared[_M].to_numpy()
    mph = prepared["mph"].to_numpy()
    has_sig = prepared["sig"].to_numpy()
    values = prepared[_V].to_numpy()
    out: dict[str, set[frozenset[str]]] = {"photo": set(), "text": set()}
    for i in sample.tolist():
        if has_fp[i]:
            # i looks the others up (its photo and mirror), and the others look i up.
            hit = np.zeros(len(ph), bool)
            for key, s in ((ph[i], strong[i]), (mph[i], mirror_strong[i])):
                near = has_fp & (np.bitwise_count(ph ^ key) <= CANDIDATE_RADIUS)
                d = np.bitwise_count(strong[near] ^ s).sum(axis=1)
                hit[np.flatnonzero(near)[d <= STRONG_THRESHOLD]] = True
            for keys, s in ((ph, strong), (mph, mirror_strong)):
                near = has_fp & (np.bitwise_count(keys ^ ph[i]) <= CANDIDATE_RADIUS)
                d = np.bitwise_count(s[near] ^ strong[i]).sum(axis=1)
                hit[np.flatnonzero(near)[d <= STRONG_THRESHOLD]] = True
            out["photo"] |= {
                frozenset((ids[i], ids[j])) for j in np.flatnonzero(hit) if ids[j] != ids[i]
            }
        if has_sig[i]:
            x = values ^ values[i]
            x |= x >> np.uint64(1)
            x |= x >> np.uint64(2)
            x &= np.uint64(0x1111111111111111)
            agree = 256 - np.bitwise_count(x).sum(axis=1)
            hit = has_sig & (agree >= _MIN_AGREE)
            out["text"] |= {
                frozenset((ids[i], ids[j])) for j in np.flatnonzero(hit) if ids[j] != ids[i]
            }
    return out


def recall(found: pd.DataFrame, truth: set[frozenset[str]]) -> dict[str, Any]:
    """How many of the exact pairs the sweep reports (as a pair or within one cluster)."""
    pairs = found[found["cluster"].isna() & (found["kind"] != "error")]
    reported = {frozenset(p) for p in zip(pairs["id"], pairs["copied_from"], strict=True)}
    clusters = found[found["cluster"].notna()]
    member_of: dict[str, set[str]] = {}
    for cid, pid, orig in zip(
        clusters["cluster"], clusters["id"], clusters["copied_from"], strict=True
    ):
        member_of.setdefault(pid, set()).add(cid)
        if isinstance(orig, str):
            member_of.setdefault(orig, set()).add(cid)
    got = 0
    for pair in truth:
        a, b = tuple(pair)
        if pair in reported or member_of.get(a, set()) & member_of.get(b, set()):
            got += 1
    return {"exact_pairs": len(truth), "found": got, "recall": got / len(truth) if truth else 1.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sample", type=int, default=1000, help="0: no recall")
    parser.add_argument("--out", type=Path, default=CACHE / "bench_sweep.json")
    args = parser.parse_args()
    print(machine())
    results = []
    for n in args.sizes:
        start = time.perf_counter()
        folder = population(n)
        print(f"{n:,}: population ready in {time.perf_counter() - start:.0f} s", flush=True)
        found, measured = run_sweep(folder, args.workers)
        kinds = found[found["cluster"].isna()]["kind"].value_counts().to_dict()
        print(f"{n:,}: sweep {measured['wall_s']:.1f} s, {kinds}", flush=True)
        found.to_pickle(args.out.with_suffix(f".{n}.pkl"))  # to compare runs' results
        sample = np.empty(0, np.int64)
        by_kind: dict[str, Any] = {}
        if args.sample > 0:  # --sample 0: no recall (the exact search takes a while at 1 M)
            prepared = _arrays(folder)
            rng = random.Random(n)
            chosen = set(rng.sample(range(len(prepared)), min(args.sample, n)))
            # Random profiles rarely share a photo: a fifth more among those that do.
            files = sorted(folder.glob("part-*.parquet"))
            hashes = pd.concat(pd.read_parquet(f, columns=["photo_hash"]) for f in files)
            sharing = np.flatnonzero(hashes["photo_hash"].isin(shared_photos()).to_numpy())
            chosen |= set(rng.sample(sharing.tolist(), min(args.sample // 5, sharing.size)))
            sample = np.array(sorted(chosen))
            truth = exact_pairs(prepared, sample)
            by_kind = {kind: recall(found[found["kind"] == kind], truth[kind]) for kind in truth}
        result = {
            "profiles": n,
            **measured,
            "photo_pairs": int(kinds.get("photo", 0)),
            "text_pairs": int(kinds.get("text", 0)),
            "cluster_rows": int(found["cluster"].notna().sum()),
            "clusters": int(found["cluster"].nunique()),
            "errors": int((found["kind"] == "error").sum()),
            "sample": len(sample),
            "recall": by_kind,
        }
        print(json.dumps(result, indent=1), flush=True)
        results.append(result)
    args.out.write_text(json.dumps(results, indent=1) + "\n")
    print("| profiles | wall | CPU per worker | peak RSS per worker | driver peak | photo pairs "
          "| text pairs | clusters (rows) | recall photo | recall text |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        peaks = " / ".join(f"{p:,.0f}" for p in r["worker_peak_rss_mib"])
        rp, rt = r["recall"].get("photo"), r["recall"].get("text")
        recalls = " | ".join(
            f"{x['recall']:.4f} ({x['found']}/{x['exact_pairs']})" if x else "-" for x in (rp, rt)
        )
        print(
            f"| {r['profiles']:,} | {r['wall_s']:.0f} s "
            f"| {' / '.join(f'{c:,.0f}' for c in r['worker_cpu_s'])} s | {peaks} MiB "
            f"| {r['driver_peak_rss_mib']:,.0f} MiB | {r['photo_pairs']:,} | {r['text_pairs']:,} "
            f"| {r['clusters']} ({r['cluster_rows']:,}) | {recalls} |"
        )


if __name__ == "__main__":
    main()
