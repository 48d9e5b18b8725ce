"""Batch scoring: ``score_many`` and CLI throughput, streaming memory, photo hashing with jobs.

Four parts (``--parts``, all by default):

``throughput``
    ``score_many`` over generated, validated ``Profile`` objects with
    precomputed photo hashes, against the cached reference index
    (``_population.py``; 1 M profiles by default), in this process.
``cli``
    ``fakeprofile score FILE --index DB --format jsonl --out OUT`` on the same
    profiles written as JSON Lines, in a subprocess (parsing and validation
    included, as a user runs it).
``memory``
    The CLI streaming JSON Lines files of growing size (100 k and 1 M
    profiles by default) in a subprocess each; its resident memory (VmRSS,
    VmHWM from ``/proc``) is sampled once a second together with the rows
    written so far (also logged to ``OUT.memory.log`` as it goes); the peak
    is the highest VmHWM sampled (the high-water mark up to a second before exit).
``photos``
    ``score_many(n_jobs=1)`` and ``(n_jobs=2)`` on generated profiles with
    photo files (400×400 JPEG portraits) and no precomputed hash, beside the
    same profiles without photos, so the photo cost is the difference.

Wall time and CPU time (this process plus children) are both reported: the
machine is shared, so wall time includes waiting for a core.

Run: ``PYTHONPATH=. python benchmarks/bench_batch.py`` (``--quick``: 20,000-profile index,
2,000 profiles, memory files of 2,000 and 20,000, 200 photos).
"""

from __future__ import annotations

import argparse
import gc
import os
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _population import CACHE, build_index, query_profiles, write_jsonl
from common import machine, table

from fakeprofile.index.store import ReferenceIndex
from fakeprofile.profile import Profile
from fakeprofile.scoring import RiskScore, ScoreError, Scorer, score_many
from fakeprofile.synthetic import generate

REPO = Path(__file__).resolve().parent.parent
TARGET = 5_000  # profiles/s on 2 cores, photo hashing excluded (DESIGN.md)


def _cpu() -> float:
    """CPU seconds of this process and its finished children."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _drain(results: Iterable[RiskScore | ScoreError]) -> tuple[int, int]:
    scored = errors = 0
    for r in results:
        if isinstance(r, ScoreError):
            errors += 1
        else:
            scored += 1
    return scored, errors


def part_throughput(index_path: Path, n: int, jobs: list[int]) -> list[list[object]]:
    """score_many over validated profiles (default chunk size, 512), for each n_jobs."""
    profiles = query_profiles(n)
    index = ReferenceIndex(index_path, readonly=True)
    scorer = Scorer(None, index)
    _drain(score_many(profiles[:200], scorer=scorer))  # warm-up
    rows: list[list[object]] = []
    gc.collect()
    gc.freeze()  # the index and the input are long-lived; keep the collector off them
    for n_jobs in jobs:
        load = os.getloadavg()[0]
        w, c = time.perf_counter(), _cpu()
        scored, errors = _drain(score_many(profiles, scorer=scorer, n_jobs=n_jobs))
        wall, cpu = time.perf_counter() - w, _cpu() - c  # workers are reaped: their CPU counts
        rows.append(
            [
                f"score_many(Profile list), n_jobs={n_jobs}",
                n,
                scored,
                errors,
                wall,
                cpu,
                n / wall,
                n / cpu,
                load,
            ]
        )
        print(table(HEADERS, rows[-1:]), flush=True)
    gc.unfreeze()
    index.close()
    return rows


HEADERS = [
    "run",
    "profiles",
    "scored",
    "errors",
    "wall s",
    "CPU s",
    "profiles/s (wall)",
    "profiles/s (CPU)",
    "load avg",
]


def _cli(args: list[str], out: Path) -> dict[str, Any]:
    """Run ``fakeprofile score`` in a subprocess, sampling its memory and output rows."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    cmd = [sys.executable, "-m", "fakeprofile", "score", *args, "--out", str(out)]
    out.unlink(missing_ok=True)
    trace = out.with_suffix(".memory.log")
    trace.unlink(missing_ok=True)
    load = os.getloadavg()[0]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, text=True)
    samples: list[tuple[float, int, float, float]] = []  # (s, rows, rss MiB, hwm MiB)
    lines = 0
    offset = 0
    while True:
        # wait4 (not poll, which would reap the child) gives this child's own rusage.
        done_pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if done_pid:
            break
        time.sleep(1.0)
        try:
            info = Path(f"/proc/{proc.pid}/status").read_text()
        except OSError:
            continue
        mem = {
            k: float(v.split()[0]) / 1024
            for k, v in (line.split(":", 1) for line in info.splitlines() if ":" in line)
            if k in ("VmRSS", "VmHWM")
        }
        if "VmHWM" not in mem:  # exited (a zombie has no memory lines): nothing to sample
            continue
        if out.exists():
            with out.open("rb") as f:
                f.seek(offset)
                data = f.read()
            offset += len(data)
            lines += data.count(b"\n")
        samples.append(
            (time.perf_counter() - start, lines, mem.get("VmRSS", 0.0), mem.get("VmHWM", 0.0))
        )
        with trace.open("a") as f:  # written as it goes, so a long run can be followed
            at, done, rss, hwm = samples[-1]
            f.write(f"{at:.0f} s, {done} rows, VmRSS {rss:.0f} MiB, VmHWM {hwm:.0f} MiB\n")
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read() if proc.stderr else ""
    with out.open("rb") as f:
        total = sum(block.count(b"\n") for block in iter(lambda: f.read(1 << 20), b""))
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        # The highest VmHWM sampled, not wait4's ru_maxrss: a child forked from this (large)
        # process inherits its resident pages until exec, which ru_maxrss would count.
        "peak_mib": max((s[3] for s in samples), default=float("nan")),
        "rows": total,
        "exit": proc.returncode,
        "summary": stderr.strip().splitlines()[-1] if stderr.strip() else "",
        "samples": samples,
        "load": load,
    }


def part_cli(index_path: Path, n: int, jobs: list[int]) -> list[list[object]]:
    """The CLI on n profiles in JSON Lines against the index, for each --jobs."""
    path, gen_s = write_jsonl(CACHE / f"queries-{n}.jsonl", n)
    if gen_s:
        print(f"wrote {path} in {gen_s:.0f} s")
    rows: list[list[object]] = []
    for j in jobs:
        run = _cli(
            [str(path), "--index", str(index_path), "--format", "jsonl", "--jobs", str(j)],
            CACHE / f"out-cli-{n}.jsonl",
        )
        print(f"exit {run['exit']}; {run['summary']}")
        rows.append(
            [
                f"CLI score --index --format jsonl --out --jobs {j} (subprocess, start-up "
                "and index loading included)",
                n,
                run["rows"],
                "",
                run["wall"],
                run["cpu"],
                n / run["wall"],
                n / run["cpu"],
                run["load"],
            ]
        )
        print(table(HEADERS, rows[-1:]))
        print(f"CLI peak RSS {run['peak_mib']:.0f} MiB (the parent; workers share its pages)")
    return rows


def part_memory(sizes: list[int], index_path: Path | None) -> list[list[object]]:
    """Peak memory of the CLI streaming files of growing size."""
    rows: list[list[object]] = []
    checkpoints = [1_000, 10_000, 100_000, 250_000, 500_000, 750_000, 1_000_000]
    for n in sizes:
        path, gen_s = write_jsonl(CACHE / f"queries-{n}.jsonl", n)
        if gen_s:
            print(f"wrote {path} in {gen_s:.0f} s")
        args = [str(path), "--format", "jsonl"]
        if index_path is not None:
            args += ["--index", str(index_path)]
        run = _cli(args, CACHE / f"out-mem-{n}.jsonl")
        print(f"exit {run['exit']}; {run['summary']}")
        # VmHWM when the output first reached each checkpoint: flat means no growth with rows.
        seen = []
        for mark in checkpoints:
            hit = next((s for s in run["samples"] if s[1] >= mark), None)
            if hit is not None and mark <= n:
                seen.append(f"{mark:,}: {hit[3]:.0f}")
        rows.append(
            [
                n,
                run["rows"],
                run["wall"],
                run["cpu"],
                n / run["wall"],
                run["peak_mib"],
                "; ".join(seen),
                run["load"],
            ]
        )
        print(table(MEM_HEADERS, rows[-1:]), flush=True)
    return rows


MEM_HEADERS = [
    "input profiles",
    "rows written",
    "wall s",
    "CPU s",
    "profiles/s (wall)",
    "peak RSS MiB (VmHWM)",
    "VmHWM MiB by rows written",
    "load avg",
]


def part_photos(n: int) -> list[list[object]]:
    """score_many with photo files, n_jobs 1 and 2, beside the same profiles without photos.

    Without an index the photo signal decodes and fingerprints each file; with
    one (here a small index of profiles without photos, so nothing is found)
    it also computes the query probes (crops, rotations) it looks up.
    """
    photo_dir = CACHE / f"photos-{n}"
    start = time.perf_counter()
    population = generate(n, with_photos=True, photo_dir=photo_dir, seed=77)
    print(f"generated {n} profiles with photos in {time.perf_counter() - start:.0f} s")
    with_photo = [p for p in population.profiles if p.photo is not None]
    without: list[Profile] = [p.model_copy(update={"photo": None}) for p in with_photo]
    db = CACHE / f"photos-{n}-index.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    with ReferenceIndex(db) as writer:
        writer.add(p.model_copy(update={"id": f"known-{p.id}"}) for p in without[:200])
    index = ReferenceIndex(db, readonly=True)
    plain, indexed = Scorer(None, None), Scorer(None, index)
    _drain(score_many(without[:50], scorer=plain))
    rows: list[list[object]] = []
    runs: list[tuple[str, list[Profile], int, Scorer]] = [
        ("same profiles, photo removed (has_photo kept), no index", without, 1, plain),
        ("photo files, no index, n_jobs=1 (decode + fingerprint)", with_photo, 1, plain),
        ("photo files, no index, n_jobs=2", with_photo, 2, plain),
        ("photo files, with an index, n_jobs=1 (+ query probes)", with_photo, 1, indexed),
        ("photo files, with an index, n_jobs=2", with_photo, 2, indexed),
    ]
    for name, profiles, jobs, scorer in runs:
        load = os.getloadavg()[0]
        w, c = time.perf_counter(), _cpu()
        scored, errors = _drain(score_many(profiles, scorer=scorer, n_jobs=jobs))
        wall, cpu = time.perf_counter() - w, _cpu() - c  # workers are reaped: their CPU counts
        k = len(profiles)
        rows.append([name, k, scored, errors, wall, cpu, k / wall, k / cpu, load])
        print(table(HEADERS, rows[-1:]), flush=True)
    index.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, seconds to run")
    parser.add_argument("--parts", default="throughput,cli,memory,photos")
    parser.add_argument("--index-size", type=int, default=None)
    parser.add_argument("--profiles", type=int, default=None, help="for throughput and cli")
    parser.add_argument("--memory-sizes", type=int, nargs="+", default=None)
    parser.add_argument(
        "--memory-index", action="store_true", help="give the memory runs the index too"
    )
    parser.add_argument("--photos", type=int, default=None)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="n_jobs to compare")
    args = parser.parse_args()
    parts = set(args.parts.split(","))
    quick = args.quick
    index_size = args.index_size or (20_000 if quick else 1_000_000)
    n = args.profiles or (2_000 if quick else 100_000)
    sizes = args.memory_sizes or ([2_000, 20_000] if quick else [100_000, 1_000_000])
    photos = args.photos or (200 if quick else 3_000)

    print(machine())
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    index_path: Path | None = None
    if parts & {"throughput", "cli"} or args.memory_index:
        index_path, record = build_index(index_size)
        s = record["stats"]
        print(
            f"index {index_path}: {s['profiles']:,} profiles, "
            f"{s['memory_bytes'] / s['profiles']:.0f} bytes/profile in memory"
        )
    rows: list[list[object]] = []
    if "throughput" in parts and index_path is not None:
        rows += part_throughput(index_path, n, args.jobs)
    if "cli" in parts and index_path is not None:
        rows += part_cli(index_path, n, args.jobs)
    if rows:
        print("\n" + table(HEADERS, rows))
        best = max(float(str(r[6])) for r in rows)
        verdict = "met" if best >= TARGET else "NOT met"
        print(f"target ≥ {TARGET:,} profiles/s: best {best:,.0f} profiles/s (wall), {verdict}")
    if "memory" in parts:
        mem = part_memory(sizes, index_path if args.memory_index else None)
        print("\n" + table(MEM_HEADERS, mem))
    if "photos" in parts:
        print("\n" + table(HEADERS, part_photos(photos)))
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
