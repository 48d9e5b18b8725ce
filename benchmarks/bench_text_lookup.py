"""Copied-text look-up: our b-bit MinHash + banded LSH (TextSearch) vs datasketch MinHashLSH.

For each index size N: N procedurally generated bios (seeded, see ``_bios.py``)
are indexed; then queries are run for copies of indexed bios with 10% and 30%
of their words replaced, for copies tampered with homoglyphs, zero-width
characters and case changes, and for fresh unrelated bios. Reported: build
time, bytes per profile, query p50/p99, recall (the original is among the
results) and false matches (any other profile returned; for unrelated bios,
any result at all).

Both indexes see the same normalised content-word sets (our ``normalize``),
so the comparison is of the index structures; datasketch uses 128 permutations
and threshold 0.5, as in the design's reference point.

For each query set, ``answers`` is the first 12 hex digits of the SHA-256 of
every answer (each query's keys and similarities, in order): equal digests for
two versions of the code, run with the same seed, mean they answered every
query identically. The bench uses only the public ``TextSearch`` API, so this
file can be run against an older checkout (``PYTHONPATH=<checkout>``).

Run: ``PYTHONPATH=. python benchmarks/bench_text_lookup.py --sizes 100000 1000000``
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import random
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _bios import edit_words, make_bio, tamper
from common import machine, percentiles, table

from fakeprofile.fingerprints.text import TextSignature, content_words, text_signature
from fakeprofile.index.textsearch import DEFAULT_THRESHOLD, TextSearch


def _rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096


def _signature(text: str) -> TextSignature:
    sig = text_signature(text)
    if sig is None:  # generated bios always have enough words
        raise RuntimeError("bio too short")
    return sig


def _time_queries(fn: Callable[[int], object], count: int) -> tuple[np.ndarray, np.ndarray]:
    """Wall and CPU (this thread) milliseconds of each call.

    CPU time is reported beside wall time because the machine is shared: wall
    time's tail includes time slices lost to other processes.
    """
    wall = np.empty(count)
    cpu = np.empty(count)
    gc.collect()
    gc.disable()  # as timeit does: a collection pass is not the query's cost
    try:
        _timed(fn, wall, cpu)
    finally:
        gc.enable()
    return wall, cpu


def _timed(fn: Callable[[int], object], wall: np.ndarray, cpu: np.ndarray) -> None:
    for i in range(wall.size):
        start, start_cpu = time.perf_counter(), time.thread_time()
        fn(i)
        wall[i] = (time.perf_counter() - start) * 1e3
        cpu[i] = (time.thread_time() - start_cpu) * 1e3


def _measure(
    query: Callable[[int], list[int]], count: int, expected: Sequence[int | None]
) -> tuple[dict[str, float], float, int]:
    """Timings, recall and false matches of ``count`` queries."""
    results: list[list[int]] = []
    wall, cpu = _time_queries(lambda i: results.append(query(i)), count)
    recall, false = _quality(results, expected)
    p = percentiles(wall)
    p["cpu_p99"] = float(np.percentile(cpu, 99))
    return p, recall, false


def _digest(answers: Sequence[object]) -> str:
    """First 12 hex digits of the SHA-256 of ``answers`` as JSON."""
    return hashlib.sha256(json.dumps(answers).encode()).hexdigest()[:12]


def _quality(results: Sequence[Sequence[int]], expected: Sequence[int | None]) -> tuple[float, int]:
    """Recall (expected key returned) and number of unexpected keys returned."""
    hits = 0
    false = 0
    wanted = [e for e in expected if e is not None]
    for keys, want in zip(results, expected, strict=True):
        if want is not None and want in keys:
            hits += 1
        false += sum(1 for k in keys if k != want)
    return (hits / len(wanted) if wanted else float("nan")), false


THRESHOLD = DEFAULT_THRESHOLD


def run(size: int, *, queries: int, with_datasketch: bool, seed: int) -> list[list[object]]:
    rng = random.Random(seed)
    print(f"\n# N = {size:,}: generating bios …", flush=True)
    start = time.perf_counter()
    bios = [make_bio(rng) for _ in range(size)]
    print(f"  generated in {time.perf_counter() - start:.1f} s", flush=True)

    targets = rng.sample(range(size), queries)
    query_sets: dict[str, tuple[list[str], list[int | None]]] = {
        "10% words changed": ([edit_words(bios[i], 0.10, rng) for i in targets], list(targets)),
        "30% words changed": ([edit_words(bios[i], 0.30, rng) for i in targets], list(targets)),
        "homoglyph + zero-width + case": ([tamper(bios[i], rng) for i in targets], list(targets)),
        "unrelated bios": ([make_bio(rng) for _ in range(queries)], [None] * queries),
    }

    # Signing speed on 100-word texts.
    hundred = [" ".join((bios[i] + " " + bios[i + 1]).split()[:100]) for i in range(200)]
    sign_ms, sign_cpu = _time_queries(lambda i: text_signature(hundred[i % 200]), 2000)

    rows: list[list[object]] = []

    # ---- ours
    gc.collect()
    rss0 = _rss_bytes()
    start = time.perf_counter()
    sigs = [_signature(b) for b in bios]
    sign_s = time.perf_counter() - start
    start = time.perf_counter()
    search = TextSearch(threshold=THRESHOLD)
    search.add_many(range(size), sigs)
    build_s = time.perf_counter() - start
    del sigs
    gc.collect()
    rss_delta = _rss_bytes() - rss0
    per_profile = search.nbytes / size
    print(
        f"  ours: signatures {sign_s:.1f} s, index build {build_s:.1f} s, "
        f"{per_profile:.0f} B/profile (RSS delta {rss_delta / size:.0f} B/profile)",
        flush=True,
    )
    for label, (texts, expected) in query_sets.items():
        qsigs = [_signature(t) for t in texts]
        p, recall, false = _measure(
            lambda i, q=qsigs: [k for k, _ in search.query(q[i])],  # type: ignore[misc]
            len(qsigs),
            expected,
        )
        answers = _digest([search.query(q) for q in qsigs])  # after timing: not timed
        rows.append(
            [
                "ours",
                f"{size:,}",
                label,
                p["p50"],
                p["p99"],
                p["cpu_p99"],
                recall,
                false,
                per_profile,
                build_s + sign_s,
                answers,
            ]
        )
        print("  " + " | ".join(map(str, rows[-1])), flush=True)  # in case a later step dies
    sign_row: list[object] = ["ours", f"{size:,}", "sign a 100-word bio (ms)"]
    sign_row += [float(np.median(sign_ms)), float(np.percentile(sign_ms, 99))]
    sign_row += [float(np.percentile(sign_cpu, 99)), "", "", "", "", ""]
    rows.append(sign_row)
    search = TextSearch()  # free the index before the next one is built
    gc.collect()

    if with_datasketch:
        rows += _run_datasketch(size, bios, query_sets)
    return rows


def _run_datasketch(
    size: int, bios: list[str], query_sets: dict[str, tuple[list[str], list[int | None]]]
) -> list[list[object]]:
    from datasketch import MinHash, MinHashLSH

    def minhash(text: str) -> MinHash:
        m = MinHash(num_perm=128, seed=1)
        m.update_batch([w.encode("utf-8") for w in content_words(text)])
        return m

    gc.collect()
    rss0 = _rss_bytes()
    start = time.perf_counter()
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    with lsh.insertion_session() as session:
        for i, bio in enumerate(bios):
            session.insert(i, minhash(bio), check_duplication=False)
    build_s = time.perf_counter() - start
    gc.collect()
    per_profile = (_rss_bytes() - rss0) / size
    print(
        f"  datasketch: build {build_s:.1f} s, {per_profile:.0f} B/profile (RSS delta)", flush=True
    )
    rows: list[list[object]] = []
    for label, (texts, expected) in query_sets.items():
        mhs = [minhash(t) for t in texts]
        p, recall, false = _measure(
            lambda i, q=mhs: list(lsh.query(q[i])),  # type: ignore[misc]
            len(mhs),
            expected,
        )
        rows.append(
            [
                "datasketch",
                f"{size:,}",
                label,
                p["p50"],
                p["p99"],
                p["cpu_p99"],
                recall,
                false,
                per_profile,
                build_s,
                "",
            ]
        )
        print("  " + " | ".join(map(str, rows[-1])), flush=True)
    return rows


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument(
        "--datasketch-max", type=int, default=100_000, help="largest N to run datasketch at"
    )
    parser.add_argument("--seed", type=int, default=20261125)
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    args = parser.parse_args(argv)
    global THRESHOLD
    THRESHOLD = args.threshold
    print(machine())
    rows: list[list[object]] = []
    for size in args.sizes:
        rows += run(
            size,
            queries=args.queries,
            with_datasketch=size <= args.datasketch_max,
            seed=args.seed,
        )
    headers = ["index", "N", "queries", "p50 ms", "p99 ms", "p99 CPU ms", "recall", "false matches",
               "bytes/profile", "build s", "answers"]  # fmt: skip
    print()
    print(table(headers, rows))


if __name__ == "__main__":
    main()
