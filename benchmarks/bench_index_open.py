"""Opening a reference index: parsed from SQLite (before) against mapped arrays (after).

For each size (10 k, 100 k and 1 M profiles by default, from the cached
populations of :mod:`_population`), in the same run and on the same file:

* **open**: wall and CPU time of ``ReferenceIndex(path, readonly=True)`` in a
  new process, and its resident memory after opening (all of it, and the part
  that is file pages, shared with every other process mapping the same
  arrays), with the saved arrays moved aside (*before*: every row parsed from
  SQLite, as every open did until now) and in place (*after*: mapped);
* **first look-ups**: the time of the first 50 ``find`` calls after opening
  (pages of the mapped arrays are read in on first touch), and the resident
  memory after them (all of it, and the private part: the pages of mapped
  arrays that look-ups touched are file pages, shared, and counted in the
  total and in the peak);
* **score_frame**: the first and the second ``score_frame(df100, index=path)``
  call of a new process (the first opens the index; the second reuses the
  process's cached scorer, :func:`fakeprofile.scoring.cached_scorer`);
* the ratio of the 100 k open time to the 10 k one.

Each measurement is the median of ``--repeat`` new processes, with the files
in the page cache (a warm machine, as for a worker that starts beside
others). The indexes are copies of the cached populations, in ``--work``; the
first writable open of a copy migrates it (format 2 to 3) and saves its
arrays, which is timed too.

Run: ``python benchmarks/bench_index_open.py [--sizes 10000 100000 1000000]``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from _population import BATCH, CACHE, GENERATOR, build_index
from common import machine

REPO = Path(__file__).resolve().parents[1]

_CHILD = r"""
import json, resource, sys, time
from pathlib import Path

def status():
    out = {}
    for line in open("/proc/self/status"):
        key, _, value = line.partition(":")
        if key in ("VmRSS", "RssAnon", "RssFile", "RssShmem"):
            out[key] = int(value.split()[0]) / 1024
    return out

path, mode, queries_file = sys.argv[1], sys.argv[2], sys.argv[3]
import pandas as pd
import fakeprofile
from fakeprofile import score_frame
from fakeprofile.index import ReferenceIndex
from fakeprofile.profile import Profile
queries = [Profile.model_validate_json(line) for line in open(queries_file)]
before = status()
out = {"rss_before_mib": before["VmRSS"]}
if mode == "open":
    wall, cpu = time.perf_counter(), time.process_time()
    index = ReferenceIndex(path, readonly=True)
    out["open_wall_s"] = time.perf_counter() - wall
    out["open_cpu_s"] = time.process_time() - cpu
    after = status()
    out["rss_after_mib"] = after["VmRSS"]
    out["rss_file_mib"] = after["RssFile"]
    out["rss_anon_mib"] = after["RssAnon"]
    wall = time.perf_counter()
    found = sum(bool(c.photo_matches) + len(c.text_matches) for c in map(index.find, queries))
    out["first_finds_s"] = time.perf_counter() - wall
    out["found"] = found
    finds = status()
    out["rss_after_finds_mib"] = finds["VmRSS"]
    out["rss_anon_after_finds_mib"] = finds["RssAnon"]
else:
    def flat(p):
        row = {}
        for key, value in p.model_dump(mode="json", exclude_none=True).items():
            if isinstance(value, dict):
                row.update({f"{key}.{k}": v for k, v in value.items()
                            if not isinstance(v, (dict, list))})
            elif not isinstance(value, list):
                row[key] = value
        return row
    frame = pd.DataFrame([flat(p) for p in queries])
    for name in ("first", "second"):
        wall = time.perf_counter()
        scored = score_frame(frame, index=path)
        out[f"score_frame_{name}_s"] = time.perf_counter() - wall
    out["scored"] = int(scored["error"].isna().sum())
out["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def _child(path: Path, mode: str, queries: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), mode, str(queries)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(done.stderr)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _median(runs: list[dict[str, Any]]) -> dict[str, Any]:
    return {key: statistics.median(r[key] for r in runs) for key in runs[0]}


def _prepare(n: int, work: Path) -> tuple[Path, float | None]:
    """A copy of the cached index of ``n`` profiles with its arrays saved; the saving's seconds."""
    from fakeprofile.index import ReferenceIndex, arrays

    work.mkdir(parents=True, exist_ok=True)
    path = work / f"index-{n}.db"
    if (arrays.folder_of(path) / "manifest.json").exists():
        return path, None
    # The cached population: of this format, or of format 2 (migrated on the first open).
    found = sorted(CACHE.glob(f"index-{n}-b{BATCH}-g{GENERATOR}-v*.db"), reverse=True)
    source = found[0] if found else build_index(n)[0]
    arrays.remove(path)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
        if Path(f"{source}{suffix}").exists():
            shutil.copy(f"{source}{suffix}", f"{path}{suffix}")
    start = time.perf_counter()
    with ReferenceIndex(path):  # migrates, reads every row, saves the arrays
        pass
    return path, time.perf_counter() - start


def _queries(work: Path, count: int) -> Path:
    from _population import query_profiles

    work.mkdir(parents=True, exist_ok=True)
    path = work / f"queries-{count}.jsonl"
    if not path.exists():
        with path.open("w", encoding="utf-8") as f:
            for profile in query_profiles(count):
                f.write(profile.model_dump_json(exclude_defaults=True) + "\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/fakeprofile-bench/open"))
    args = parser.parse_args()
    from fakeprofile.index import arrays

    print(machine())
    with open("/proc/loadavg") as f:
        print("load average at start:", f.read().split()[:3])
    queries = _queries(args.work, 100)
    finds = args.work / "queries-50.jsonl"
    finds.write_text("".join(queries.read_text().splitlines(keepends=True)[:50]))
    rows = {}
    for n in args.sizes:
        path, saving = _prepare(n, args.work)
        folder, aside = arrays.folder_of(path), args.work / f"aside-{n}"
        result: dict[str, Any] = {"first_writable_open_s": saving}
        for label in ("before", "after"):
            if label == "before":
                folder.rename(aside)
            try:
                for mode, q in (("open", finds), ("frame", queries)):
                    runs = [_child(path, mode, q) for _ in range(args.repeat)]
                    result[f"{label}_{mode}"] = _median(runs)
            finally:
                if label == "before":
                    aside.rename(folder)
        result["arrays_mib"] = sum(p.stat().st_size for p in folder.rglob("*.npy")) / 2**20
        rows[n] = result
        print(json.dumps({str(n): result}, indent=1), flush=True)
    print(
        "\n| profiles | open before (wall / CPU) | open after (wall / CPU) | RSS added by"
        " open before / after | private RSS after 50 finds before / after |"
        " first 50 finds before / after | score_frame 1st before / after | 2nd before / after |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for n, r in rows.items():
        b, a = r["before_open"], r["after_open"]
        bf, af = r["before_frame"], r["after_frame"]
        print(
            f"| {n:,} | {b['open_wall_s']:.3f} / {b['open_cpu_s']:.3f} s"
            f" | {a['open_wall_s']:.4f} / {a['open_cpu_s']:.4f} s"
            f" | {b['rss_after_mib'] - b['rss_before_mib']:.0f} /"
            f" {a['rss_after_mib'] - a['rss_before_mib']:.0f} MiB"
            f" | {b['rss_anon_after_finds_mib']:.0f} / {a['rss_anon_after_finds_mib']:.0f} MiB"
            f" | {b['first_finds_s']:.3f} / {a['first_finds_s']:.3f} s"
            f" | {bf['score_frame_first_s']:.2f} / {af['score_frame_first_s']:.2f} s"
            f" | {bf['score_frame_second_s']:.3f} / {af['score_frame_second_s']:.3f} s |"
        )
    if 10_000 in rows and 100_000 in rows:
        for label in ("before", "after"):
            ratio = (
                rows[100_000][f"{label}_open"]["open_wall_s"]
                / rows[10_000][f"{label}_open"]["open_wall_s"]
            )
            print(f"100 k / 10 k open time, {label}: {ratio:.2f}x")
    with open("/proc/loadavg") as f:
        print("load average at end:", f.read().split()[:3])


if __name__ == "__main__":
    main()
