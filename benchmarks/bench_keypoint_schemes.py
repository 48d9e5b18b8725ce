"""Local key schemes compared: is the original among the candidates verified, and at what cost.

For an index built by ``bench_keypoint_lookup.py`` (cached under
``/tmp/fakeprofile-bench/``), the stored signatures' keyed points are filed
under each scheme's keys (``tables × bits``, keys of more than ``cap`` entries
skipped; without a cap, more than 1% of the photos as before), and the same
look-ups as that benchmark (224 copies of the 16 real photos under the hard
transforms, 200 portraits not in the index) run the compiled vote
(:func:`fakeprofile._kernels.keypoint_votes`). Reported per scheme: copies
whose original is among the :data:`~fakeprofile.index.keypointstore.MAX_VERIFIED`
best voted (the verification, unchanged, sees only those), per transform, and
the thread CPU of the vote per look-up. The verification is not run: the
end-to-end numbers are ``bench_keypoint_lookup.py``'s.

Run: ``python benchmarks/bench_keypoint_schemes.py INDEX.db 4x18 8x22:32 ...``
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_keypoint_lookup import _queries
from common import machine, table

from fakeprofile._kernels import keypoint_votes
from fakeprofile.fingerprints.keypoints import KEYPOINT_SIDE, keypoint_query
from fakeprofile.fingerprints.photo import load_photo
from fakeprofile.index import keypointstore as ks

U8 = npt.NDArray[np.uint8]
U64 = npt.NDArray[np.uint64]
DIRECTORY_BITS = 16


def _stored(
    db: Path,
) -> tuple[npt.NDArray[np.int64], U8, U8, npt.NDArray[np.int64], dict[str, int]]:
    """Rows, first 64 descriptors and angles (zero-padded), their count, real photos' rows."""
    rows, descs, angles, counts = [], [], [], []
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        for row, data in conn.execute("SELECT row, data FROM photo_keypoints"):
            data = bytes(data)
            n = int.from_bytes(data[7:9], "big")
            start = 9 + 32 * 32
            m = min(ks.KEYED_POINTS, n)
            d = np.zeros((ks.KEYED_POINTS, 32), np.uint8)
            a = np.zeros(ks.KEYED_POINTS, np.uint8)
            a[:m] = np.frombuffer(data, np.uint8, m, start + 4 * n)
            d[:m] = np.frombuffer(data, np.uint8, 32 * m, start + 5 * n).reshape(m, 32)
            rows.append(row)
            descs.append(d)
            angles.append(a)
            counts.append(m)
        ids = dict(conn.execute("SELECT id, row FROM profiles WHERE id NOT LIKE 'portrait-%'"))
    return np.array(rows), np.stack(descs), np.stack(angles), np.array(counts), ids


def _keys(descriptors: U8, positions: npt.NDArray[Any]) -> U64:
    bits = np.unpackbits(descriptors, axis=1)[:, positions].astype(np.uint64)
    weights = np.left_shift(np.uint64(1), np.arange(positions.shape[1], dtype=np.uint64))
    return (bits * weights).sum(axis=2, dtype=np.uint64)  # type: ignore[no-any-return]


def run(db: Path, specs: list[str]) -> str:
    rows, descs, angles, counts, ids = _stored(db)
    copies, distinct = _queries(Path(tempfile.mkdtemp(prefix="bench-kps-")))
    queries = [
        (t, stem, keypoint_query(load_photo(p.read_bytes(), min_side=KEYPOINT_SIDE)))
        for t, stem, p in [*copies, *(("distinct", None, p) for p in distinct)]
    ]
    n_photos = len(rows)
    valid = (np.arange(ks.KEYED_POINTS)[None, :] < counts[:, None]).ravel()
    flat = descs.reshape(-1, 32)
    point = np.tile(np.arange(ks.KEYED_POINTS, dtype=np.uint64), n_photos)[valid]
    row = np.repeat(rows.astype(np.uint64), ks.KEYED_POINTS)[valid]
    low = (
        (angles.ravel().astype(np.uint64)[valid] << np.uint64(34)) | (point << np.uint64(28)) | row
    )
    scratch = np.zeros((int(rows.max()) + 1) * 32, np.uint8)
    out, transforms = [], list(dict.fromkeys(t for t, _, _ in copies))
    for spec in specs:
        shape, _, cap = spec.partition(":")
        tables, bits = map(int, shape.split("x"))
        positions = (
            np.random.default_rng(20261202).permutation(256)[: tables * bits].reshape(tables, bits)
        )
        keys = np.concatenate(
            [_keys(flat[i : i + 400_000], positions) for i in range(0, len(flat), 400_000)]
        )[valid]
        entries = np.stack([np.sort((keys[:, t] << np.uint64(42)) | low) for t in range(tables)])
        del keys
        shift = bits - DIRECTORY_BITS
        tops = np.arange(2**DIRECTORY_BITS + 1, dtype=np.uint64) << np.uint64(shift)
        directory = np.stack(
            [np.searchsorted(entries[t], tops << np.uint64(42)) for t in range(tables)]
        ).astype(np.int64)
        directory[:, -1] = entries.shape[1]
        stop = float(cap) if cap else float(max(16, 0.01 * n_photos))
        found = dict.fromkeys(transforms, 0)
        cpu = []
        for number, (tname, stem, q) in enumerate(queries):
            sides = (q.signature, q.mirror_signature)
            epoch = number % 63 + 1
            if epoch == 1:
                scratch[:] = 0
            c0 = time.thread_time_ns()
            qkeys = np.concatenate([_keys(s.descriptors, positions) for s in sides])
            qangles = np.concatenate([s.angles.astype(np.int64) for s in sides])
            qsides = np.concatenate(
                [np.full(len(s.angles), i, np.int64) for i, s in enumerate(sides)]
            )
            cells, votes, _ = keypoint_votes(
                entries,
                directory,
                np.ascontiguousarray(qkeys.T),
                qangles,
                qsides,
                shift,
                n_photos,
                stop,
                ks.MIN_KEY_HITS,
                16,
                scratch,
                epoch,
            )
            r = cells // 32
            order = np.lexsort((cells, -votes, r))
            best = order[np.r_[True, r[order][1:] != r[order][:-1]]] if cells.size else order
            top = set(r[best[np.lexsort((r[best], -votes[best]))][: ks.MAX_VERIFIED]].tolist())
            cpu.append((time.thread_time_ns() - c0) / 1e6)
            if stem is not None:
                found[tname] += ids[stem] in top
        per = len(copies) // len(transforms)
        out.append(
            [
                spec,
                f"{sum(found.values())}/{len(copies)}",
                float(np.percentile(cpu, 50)),
                float(np.percentile(cpu, 99)),
                entries.nbytes / n_photos,
                *(f"{found[t]}/{per}" for t in transforms),
            ]
        )
    head = ["scheme (tables × bits:cap)", "original in the 8", "vote p50 CPU ms"]
    head += ["vote p99 CPU ms", "entries bytes/photo", *transforms]
    return "\n".join(
        [f"Machine: {machine()}", "", f"{db.name}: {n_photos:,} photos", "", table(head, out)]
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("schemes", nargs="+", help="tables x bits[:cap], e.g. 8x22:32")
    args = parser.parse_args()
    print(run(args.index, args.schemes))
