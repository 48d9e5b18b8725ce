"""Keypoint look-ups at scale: cost, candidates verified, recall and false matches, 10 k-100 k.

An index of N photos: the 16 real photos of ``../shared/data/photos`` (added
as files) and N - 16 drawn portraits (``benchmarks/_portraits.py``; half on one
of 10 shared backdrops, so each of those has thousands of look-alikes: different
people on the same background pixels). To keep the build to minutes, the
portraits' rows are written as :meth:`ReferenceIndex.add` would write them for a
photo file, from the pixels: the fingerprint as ``photo_hash``, then the
keypoint row (:func:`~fakeprofile.index.keypointstore.signature_keys` and the
signature bytes) with the same SQL as the index. Built indexes are cached under
``/tmp/fakeprofile-bench/``.

Look-ups go through :meth:`ReferenceIndex.find` with a photo *file*, as a user's:

* copies of the 16 real photos (the hard transforms of
  ``bench_photo_robustness.py``): found or not, other profiles matched;
* 200 portraits that are *not* in the index, drawn with other seeds, half on
  the shared backdrops: any match is a false match.

Reported per size: wall p50/p99 and CPU p50/p99 (this thread) of ``find``, CPU
p50/p99 of the candidate search alone (``LocalKeys.search``), the keypoint
candidates verified per look-up, the first keypoint look-up of a writable open
(which builds the local keys from the file and saves them, unless saved keys
are there) and of a read-only open after it (which maps the saved keys),
memory of the local keys and SQLite bytes per photo.

An index cached for another key scheme (same signatures) is copied and its
``local`` column re-keyed rather than built again.

Run: ``python benchmarks/bench_keypoint_lookup.py [--sizes 10000 100000]``
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _portraits import CACHE, SIDE, portraits, style
from bench_photo_robustness import HARD, PHOTOS, REPORTED
from common import machine, table

from fakeprofile.fingerprints import keypoints as kp
from fakeprofile.fingerprints.photo import fingerprint_image
from fakeprofile.index import ReferenceIndex
from fakeprofile.index import keypointstore as ks
from fakeprofile.profile import Profile
from fakeprofile.synthetic import draw_portrait

QUERIES_DISTINCT = 200


def _code_digest() -> str:
    """What the stored rows depend on: the signature format and the local keys' scheme."""
    stored = (
        kp._MAGIC,
        kp.KEYPOINT_SIDE,
        kp.STORED_KEYPOINTS,
        kp._SCALE_FACTOR,
        kp._LEVELS,
        ks.KEY_SCHEME,
        ks.KEY_TABLES,
        ks.KEY_BITS,
        ks.KEYED_POINTS,
    )
    return hashlib.sha256(repr(stored).encode()).hexdigest()[:8]


def build(n: int) -> Path:
    """The index of the 16 real photos and n - 16 portraits (cached), its local keys saved."""
    path = CACHE / f"kp-index-{n}-{_code_digest()}.db"
    if path.exists():
        return path
    tmp = path.with_suffix(".tmp.db")
    tmp.unlink(missing_ok=True)
    start = time.perf_counter()
    if not _derive(n, tmp):
        _build_rows(n, tmp)
    tmp.rename(path)
    print(f"index of {n} built in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    return path


def _derive(n: int, tmp: Path) -> bool:
    """Copy a cached index of ``n`` photos with the same signatures, re-keying its rows.

    The signatures (``data``) do not depend on the local keys' scheme: an index
    built for another scheme gets this one's ``local`` column, as
    :func:`~fakeprofile.index.keypointstore.signature_keys` writes it.
    """
    for source in sorted(CACHE.glob(f"kp-index-{n}-*.db")):
        if source.name.endswith(".tmp.db"):
            continue
        # The same signatures: a real photo's stored one is what this code computes.
        sample = sorted(p for p in PHOTOS.iterdir() if p.suffix in {".png", ".jpg"})[0]
        with contextlib.closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as conn:
            stored = conn.execute(
                "SELECT k.data FROM photo_keypoints AS k JOIN profiles AS p ON p.row = k.row"
                " WHERE p.id = ?",
                (sample.stem,),
            ).fetchone()
        made = ks._photo_data(str(sample))
        if stored is None or made is None or bytes(stored[0]) != made[0]:
            continue  # signatures of another format or other parameters
        shutil.copyfile(source, tmp)
        # Closed before the rename: its write-ahead log is folded in and removed.
        with contextlib.closing(sqlite3.connect(tmp)) as conn, conn:
            done = conn.execute("SELECT row, data FROM photo_keypoints").fetchall()
            conn.executemany(
                "UPDATE photo_keypoints SET scheme = ?, local = ? WHERE row = ?",
                (
                    (ks.KEY_SCHEME, ks.signature_keys(kp.KeypointSignature.from_bytes(d)), r)
                    for r, d in done
                ),
            )
        print(f"re-keyed {len(done)} rows of {source.name}", file=sys.stderr)
        return True
    return False


def _build_rows(n: int, tmp: Path) -> None:
    files = sorted(p for p in PHOTOS.iterdir() if p.suffix in {".png", ".jpg"})
    pixels = portraits(n - len(files))
    with ReferenceIndex(tmp) as index:
        index.add([{"id": p.stem, "photo": str(p)} for p in files], keypoints=True)
        chunk = 5000
        for lo in range(0, n - len(files), chunk):
            ids, hashes, blobs = [], [], []
            for i in range(lo, min(n - len(files), lo + chunk)):
                grey = Image.fromarray(np.asarray(pixels[i]))
                ids.append(f"portrait-{i}")
                hashes.append(fingerprint_image(grey).to_hex())
                sig = kp.keypoint_signature(grey)
                blobs.append((ks.signature_keys(sig), sig.to_bytes()))
            index.add([{"id": i, "photo_hash": h} for i, h in zip(ids, hashes, strict=True)])
            # What KeypointStore.write does per photo file (closed: no log left behind).
            with contextlib.closing(sqlite3.connect(tmp)) as conn, conn:
                for pid, (local, blob) in zip(ids, blobs, strict=True):
                    conn.execute(
                        "INSERT OR REPLACE INTO photo_keypoints (row, seq, scheme, local, data)"
                        " SELECT row, (SELECT coalesce(max(seq), 0) + 1 FROM photo_keypoints),"
                        " ?, ?, ? FROM profiles WHERE id = ?",
                        (ks.KEY_SCHEME, local, blob, pid),
                    )
            print(f"built {lo + chunk + len(files)}/{n}", file=sys.stderr, flush=True)


def _queries(work: Path) -> tuple[list[tuple[str, str, Path]], list[Path]]:
    """Copies of the real photos (transform, original, file) and distinct portrait files."""
    files = sorted(p for p in PHOTOS.iterdir() if p.suffix in {".png", ".jpg"})
    copies: list[tuple[str, str, Path]] = []
    for tname, fn in HARD.items():
        if tname in REPORTED:
            continue
        for path in files:
            with Image.open(path) as img:
                img.load()
                made = fn(img)
            out = work / f"{len(copies)}.png"
            if isinstance(made, bytes):
                out = out.with_suffix(".jpg")
                out.write_bytes(made)
            else:
                made.save(out)
            copies.append((tname, path.stem, out))
    distinct = []
    for i in range(QUERIES_DISTINCT):
        out = work / f"distinct-{i}.jpg"
        draw_portrait(3_000_000 + i, style=style(i), size=SIDE).convert("RGB").save(out, quality=85)
        distinct.append(out)
    return copies, distinct


#: Thread CPU seconds of each candidate search (LocalKeys.search), appended by the wrapper.
SEARCH_CPU: list[float] = []
_search = ks.LocalKeys.search


def _timed_search(self: ks.LocalKeys, query: kp.KeypointQuery) -> list[tuple[float, int, int]]:
    c0 = time.thread_time_ns()
    try:
        return _search(self, query)
    finally:
        SEARCH_CPU.append((time.thread_time_ns() - c0) / 1e6)


ks.LocalKeys.search = _timed_search  # type: ignore[method-assign]


def _timed(index: ReferenceIndex, path: Path) -> tuple[list[str], float, float, int]:
    before = index._keypoints.verified
    c0, w0 = time.thread_time_ns(), time.perf_counter_ns()
    found = index.find(Profile(id="query", photo=str(path)))
    wall = (time.perf_counter_ns() - w0) / 1e6
    cpu = (time.thread_time_ns() - c0) / 1e6
    return (
        [m.profile_id for m in found.photo_matches],
        wall,
        cpu,
        index._keypoints.verified - before,
    )


def run(sizes: list[int]) -> str:
    work = Path(tempfile.mkdtemp(prefix="bench-kp-"))
    copies, distinct = _queries(work)
    rows, recall_rows = [], []
    for n in sizes:
        path = build(n)
        # A writable open: the first keypoint look-up reads the keys (building them
        # from SQLite if none are saved, then saving them beside the file).
        with ReferenceIndex(path) as index:
            t0 = time.perf_counter()
            _timed(index, distinct[0])
            writable_first_s = time.perf_counter() - t0
        with ReferenceIndex(path, readonly=True) as index:
            t0 = time.perf_counter()
            _timed(index, distinct[0])  # the first keypoint look-up reads the local keys
            first_s = time.perf_counter() - t0
            SEARCH_CPU.clear()
            walls, cpus, verified = [], [], []
            found_by: dict[str, int] = {}
            false_copies = 0
            false_names: list[str] = []
            for tname, stem, q in copies:
                ids, wall, cpu, v = _timed(index, q)
                walls.append(wall)
                cpus.append(cpu)
                verified.append(v)
                found_by[tname] = found_by.get(tname, 0) + (stem in ids)
                false_copies += len(set(ids) - {stem})
            false_distinct = []
            for q in distinct:
                ids, wall, cpu, v = _timed(index, q)
                walls.append(wall)
                cpus.append(cpu)
                verified.append(v)
                false_distinct += ids
                false_names += [f"{q.stem} → {i}" for i in ids]
            stats = index.stats()
        photos = stats.photos
        rows.append(
            [
                f"{n:,}",
                len(walls),
                float(np.percentile(walls, 50)),
                float(np.percentile(walls, 99)),
                float(np.percentile(cpus, 50)),
                float(np.percentile(cpus, 99)),
                float(np.percentile(SEARCH_CPU, 50)),
                float(np.percentile(SEARCH_CPU, 99)),
                float(np.mean(verified)),
                int(np.max(verified)),
                writable_first_s,
                first_s,
                stats.extra["keypoint_keys_bytes"] / photos,
                stats.file_bytes / photos,
                f"{false_copies} / {len(false_distinct)}",
            ]
        )
        print(f"{n}: false matches of distinct portraits: {false_names}", file=sys.stderr)
        per = len(copies) // len(found_by)
        recall_rows.append([f"{n:,}", *(f"{found_by[t]}/{per}" for t in found_by)])
    lines = [
        f"Machine: {machine()}",
        "",
        f"Look-ups through `find` with a photo file: {len(copies)} copies of the 16 real photos "
        f"(hard transforms) and {len(distinct)} portraits not in the index (half on the "
        f"shared backdrops). Candidates verified: at most {ks.MAX_VERIFIED}, with at least "
        f"{ks.MIN_KEY_HITS} keypoints hit; local keys: {ks.KEYED_POINTS} keypoints × "
        f"{ks.KEY_TABLES} tables × {ks.KEY_BITS} bits, keys over "
        f"{getattr(ks, 'MAX_BUCKET', 'STOP_FRACTION of the photos')} entries skipped.",
        "",
        table(
            [
                "photos in the index",
                "look-ups",
                "p50 ms",
                "p99 ms",
                "p50 CPU ms",
                "p99 CPU ms",
                "candidate search p50 CPU ms",
                "candidate search p99 CPU ms",
                "verified per look-up (mean)",
                "verified (max)",
                "first keypoint look-up s, writable open",
                "first keypoint look-up s, read-only open after",
                "local keys bytes/photo (memory)",
                "SQLite bytes/photo",
                "false matches: copies / distinct",
            ],
            rows,
        ),
        "",
        "Copies found, per transform:",
        "",
        table(["photos in the index", *found_by], recall_rows),
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    print(run(parser.parse_args().sizes))
