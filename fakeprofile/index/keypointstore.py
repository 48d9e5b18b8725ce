"""Keypoint data of indexed photos: stored in SQLite, searched by local keys.

A photo *file* added to a :class:`~fakeprofile.index.ReferenceIndex` gets its
keypoint signature (:func:`~fakeprofile.fingerprints.keypoints.descriptors`)
stored in a table of its own, ``photo_keypoints`` (created with ``CREATE TABLE
IF NOT EXISTS``: older files gain it on their next write, and an index
without it simply has no keypoint data). A profile given only a
``photo_hash`` has none either: unknown, never a mismatch.

**Candidates.** Each stored photo files its :data:`KEYED_POINTS` strongest
keypoints under :data:`KEY_TABLES` *local keys*: ``KEY_BITS`` descriptor bits
picked at fixed positions (locality-sensitive hashing of the 256-bit ORB
descriptors), so a keypoint seen again in a copy lands on the same key with a
fair probability, and two unrelated keypoints rarely do. A look-up of a photo
file hashes every query keypoint (both orientations) the same way and reads
the exactly equal keys from one sorted array (:class:`LocalKeys`). A key hit
votes for its photo with the weight ``log(photos / photos under that key)``
(common keys, such as a plain edge's, weigh little; keys under more than
:data:`STOP_FRACTION` of the photos are skipped), and only votes that agree
on the turn between query and stored keypoint count together (a copy turns
all its keypoints alike; chance hits point every which way). Each stored
keypoint votes once. The :data:`MAX_VERIFIED` photos with the highest votes,
and at least :data:`MIN_KEY_HITS` distinct keypoints hit, are verified with
:func:`~fakeprofile.fingerprints.keypoints.verify_keypoints` on their stored
signatures, read from SQLite.

**Memory.** The local keys are built from the file lazily, on the first
keypoint look-up, and follow later writes by the table's ``seq`` column (rows
written after the last one read). A removed or replaced photo's old keys stay
in memory until :meth:`KeypointStore.reset` (they may make a candidate that
verification then rejects; they never make a match).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import numpy.typing as npt

from ..errors import PhotoError
from ..fingerprints.photo import STRONG_THRESHOLD, PhotoMatch, PhotoQuery, load_photo

if TYPE_CHECKING:
    from ..fingerprints.keypoints import KeypointMatch, KeypointQuery, KeypointSignature
    from ..profile import Profile

__all__ = [
    "KEYED_POINTS",
    "KEY_BITS",
    "KEY_TABLES",
    "MAX_VERIFIED",
    "MIN_KEY_HITS",
    "KeypointStore",
    "LocalKeys",
    "signature_keys",
]

logger = logging.getLogger(__name__)

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]

#: Stored keypoints (the strongest of each grid cell first) filed under local keys.
KEYED_POINTS = 64
#: Local keys per keypoint (independent sets of descriptor bits).
KEY_TABLES = 4
#: Descriptor bits per local key.
KEY_BITS = 18
#: Photos verified per look-up at most (the best voted).
MAX_VERIFIED = 8
#: Least number of distinct stored keypoints hit (in the best turn) to be verified.
MIN_KEY_HITS = 3
#: Keys shared by more than this fraction of the stored photos (and at least 16 photos) are skipped.
STOP_FRACTION = 0.01
#: Hash matches farther than this (of 256 bits; "nearly identical" and closer
#: are not) are checked again by keypoints when both photos have them, and
#: dropped when the keypoints show a region that differs
#: (:func:`~fakeprofile.fingerprints.keypoints.contradicts`).
RECHECK_BITS = 24
#: Turn bins of the vote (a full turn in 16 bins of 22.5°, each vote in its two nearest).
_TURN_BINS = 16
#: The fixed descriptor bit positions of each key table (never change: stored keys use them).
_POSITIONS = (
    np.random.default_rng(20261202)
    .permutation(256)[: KEY_TABLES * KEY_BITS]
    .reshape(KEY_TABLES, KEY_BITS)
)
#: Which key scheme the stored ``local`` column holds; rows of another are re-keyed from ``data``.
KEY_SCHEME = 1
# An entry of the sorted array: key (table and bits) | stored angle (8) | keypoint (6) | row (28).
_ROW_BITS = 28
_POINT_SHIFT = _ROW_BITS
_ANGLE_SHIFT = _ROW_BITS + 6
_KEY_SHIFT = _ROW_BITS + 6 + 8
assert KEYED_POINTS <= 64
assert KEY_TABLES.bit_length() + KEY_BITS <= 64 - _KEY_SHIFT

_SCHEMA = """
CREATE TABLE IF NOT EXISTS photo_keypoints (
    row INTEGER PRIMARY KEY,  -- the profile's row
    seq INTEGER NOT NULL,     -- order of writing: memory catches up by it
    scheme INTEGER NOT NULL,  -- KEY_SCHEME of ``local``
    local BLOB NOT NULL,      -- angles (1 byte) then keys (4 bytes each) of the keyed points
    data BLOB NOT NULL        -- the keypoint signature (fingerprints.keypoints)
);
CREATE INDEX IF NOT EXISTS photo_keypoints_seq ON photo_keypoints (seq);
CREATE TRIGGER IF NOT EXISTS photo_keypoints_gone AFTER DELETE ON profiles
BEGIN DELETE FROM photo_keypoints WHERE row = OLD.row; END;
"""


def _key_values(descriptors: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint32]:
    """(n, KEY_TABLES) local keys of ``n`` descriptors, each with its table number on top."""
    bits = np.unpackbits(descriptors, axis=1)[:, _POSITIONS].astype(np.uint32)
    weights = np.left_shift(np.uint32(1), np.arange(KEY_BITS, dtype=np.uint32))
    values = (bits * weights).sum(axis=2, dtype=np.uint32)
    tables = np.arange(KEY_TABLES, dtype=np.uint32) << np.uint32(KEY_BITS)
    return (values | tables).astype(np.uint32)  # type: ignore[no-any-return]


def signature_keys(sig: KeypointSignature) -> bytes:
    """What the ``local`` column holds for a signature: angles, then keys (big-endian uint32)."""
    n = min(KEYED_POINTS, len(sig.descriptors))
    angles = np.asarray(sig.angles[:n], dtype=np.uint8)
    if len(angles) < n:  # a signature without angles: nothing to vote with
        return b""
    keys = _key_values(sig.descriptors[:n]).astype(">u4")
    return angles.tobytes() + keys.tobytes()


def _entries(row: int, local: bytes) -> U64:
    """The sorted-array entries of one stored photo from its ``local`` column."""
    n = len(local) // (1 + 4 * KEY_TABLES)
    if n == 0 or len(local) != n * (1 + 4 * KEY_TABLES) or not 0 <= row < 1 << _ROW_BITS:
        return np.zeros(0, np.uint64)
    angles = np.frombuffer(local, np.uint8, n).astype(np.uint64)
    keys = np.frombuffer(local, ">u4", n * KEY_TABLES, n).astype(np.uint64).reshape(n, KEY_TABLES)
    point = np.arange(n, dtype=np.uint64)
    low = (angles << np.uint64(_ANGLE_SHIFT)) | (point << np.uint64(_POINT_SHIFT)) | np.uint64(row)
    return ((keys << np.uint64(_KEY_SHIFT)) | low[:, None]).ravel()


class LocalKeys:
    """The local keys of stored photos: one sorted ``uint64`` array, searched by equal keys.

    Added entries wait in a small list and are merged into the sorted array
    when a search needs them. The arrays are plain NumPy, so they can be saved
    and memory-mapped like the index's other arrays.
    """

    def __init__(self) -> None:
        self.entries: U64 = np.zeros(0, np.uint64)
        self._pending: list[U64] = []
        #: Stored photos whose keys were added (a replaced photo counts again).
        self.photos = 0

    @property
    def nbytes(self) -> int:
        """Bytes of the arrays."""
        return int(self.entries.nbytes + sum(p.nbytes for p in self._pending))

    def add(self, entries: U64, photos: int = 1) -> None:
        """File more entries (from :func:`_entries`) of ``photos`` stored photos."""
        if entries.size:
            self._pending.append(entries)
        self.photos += photos

    def _merged(self) -> U64:
        if self._pending:
            self.entries = np.sort(np.concatenate([self.entries, *self._pending]))
            self._pending = []
        return self.entries

    def search(self, query: KeypointQuery) -> list[tuple[float, int, int]]:
        """Candidate rows for a query, best first: ``(vote, distinct keypoints hit, row)``.

        At most :data:`MAX_VERIFIED`, each with at least :data:`MIN_KEY_HITS`
        distinct stored keypoints hit in its best turn (see the module docstring).
        """
        entries = self._merged()
        if not entries.size or self.photos == 0:
            return []
        keys, angles, sides = [], [], []
        for mirrored, sig in enumerate((query.signature, query.mirror_signature)):
            n = len(sig.descriptors)
            if n == 0 or len(sig.angles) != n:
                continue
            keys.append(_key_values(sig.descriptors).astype(np.uint64).ravel())
            angles.append(np.repeat(sig.angles.astype(np.int64), KEY_TABLES))
            sides.append(np.full(n * KEY_TABLES, mirrored, np.int64))
        if not keys:
            return []
        qkeys = np.concatenate(keys) << np.uint64(_KEY_SHIFT)
        lo = np.searchsorted(entries, qkeys, "left")
        hi = np.searchsorted(entries, qkeys + (np.uint64(1) << np.uint64(_KEY_SHIFT)), "left")
        counts = hi - lo
        stop = max(16, STOP_FRACTION * self.photos)
        use = (counts > 0) & (counts <= stop)
        if not use.any():
            return []
        counts, lo = counts[use], lo[use]
        weight = np.log(max(self.photos, 2) / counts)
        total = int(counts.sum())
        starts = np.repeat(np.cumsum(counts) - counts, counts)
        found = entries[np.repeat(lo, counts) + (np.arange(total) - starts)]
        qangle = np.repeat(np.concatenate(angles)[use], counts)
        side = np.repeat(np.concatenate(sides)[use], counts)
        w = np.repeat(weight, counts)
        row = (found & np.uint64((1 << _ROW_BITS) - 1)).astype(np.int64)
        point = ((found >> np.uint64(_POINT_SHIFT)) & np.uint64(63)).astype(np.int64)
        sangle = ((found >> np.uint64(_ANGLE_SHIFT)) & np.uint64(255)).astype(np.int64)
        # The turn from stored to query keypoint, voted into its two nearest bins.
        turn = (qangle - sangle) % 256
        width = 256 // _TURN_BINS
        near = turn // width
        other = np.where(turn % width >= width // 2, near + 1, near - 1) % _TURN_BINS
        group = np.concatenate([near, other])
        row, point, side, w = (np.tile(a, 2) for a in (row, point, side, w))
        # One vote per (row, side, turn bin, stored keypoint): its heaviest.
        cell = ((row * 2 + side) * _TURN_BINS + group) * 64 + point
        order = np.lexsort((-w, cell))
        cell, w = cell[order], w[order]
        first = np.ones(len(cell), bool)
        first[1:] = cell[1:] != cell[:-1]
        cell, w = cell[first], w[first]
        bins, inverse = np.unique(cell // 64, return_inverse=True)
        votes = np.bincount(inverse, weights=w)
        hits = np.bincount(inverse)
        enough = hits >= MIN_KEY_HITS
        if not enough.any():
            return []
        bins, votes, hits = bins[enough], votes[enough], hits[enough]
        rows = bins // (2 * _TURN_BINS)
        best: dict[int, tuple[float, int]] = {}
        for r, v, h in zip(rows.tolist(), votes.tolist(), hits.tolist(), strict=True):
            if r not in best or v > best[r][0]:
                best[r] = (v, h)
        ranked = sorted(((v, h, r) for r, (v, h) in best.items()), key=lambda t: (-t[0], t[2]))
        return ranked[:MAX_VERIFIED]


class _Index(Protocol):
    """What :meth:`KeypointStore.matches` uses of a :class:`~.store.ReferenceIndex`."""

    _name_column: str

    def _reader(self, doing: str) -> contextlib.AbstractContextManager[sqlite3.Connection]: ...

    def _select_rows(self, columns: str, rows: Sequence[int]) -> list[tuple[Any, ...]]: ...

    def _date(self, text: object) -> dt.date | None: ...


class KeypointStore:
    """The ``photo_keypoints`` table of one index file, and its local keys in memory.

    Thread-safe: the local keys are read and caught up under a lock of their own.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._keys: LocalKeys | None = None
        self._seq = 0
        #: Whether the file has the table (false for an older file opened read-only).
        self.present = False
        #: Whether any photo's keypoints are stored (None: not read since the last change).
        self._any: bool | None = None
        #: Look-ups with keypoints, and candidates verified for them (for benchmarks).
        self.lookups = 0
        self.verified = 0

    # ------------------------------------------------------------------ writing

    def open(self, conn: sqlite3.Connection, *, readonly: bool) -> None:
        """Create the table (writable files), or note whether it exists (read-only ones)."""
        if not readonly:
            conn.executescript(_SCHEMA)
            self.present = True
        else:
            found = conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?",
                ("photo_keypoints",),
            ).fetchone()[0]
            self.present = bool(found)
        self.reset()

    def reset(self) -> None:
        """Forget the local keys in memory: the next keypoint look-up rebuilds them."""
        with self._lock:
            self._keys = None
            self._seq = 0
            self._any = None

    def holds_any(self, conn: sqlite3.Connection) -> bool:
        """Whether any photo's keypoints are stored (read once until the next write or reset)."""
        with self._lock:
            if self._any is None:
                self._any = self.present and bool(
                    conn.execute("SELECT EXISTS (SELECT 1 FROM photo_keypoints)").fetchone()[0]
                )
            return self._any

    def write(
        self, conn: sqlite3.Connection, row: int, new: bool, profile: Profile, has_photo: bool
    ) -> bool:
        """Store (or clear) the keypoint data of ``profile``'s photo, inside the add's transaction.

        ``row`` is the profile's row as just written, ``new`` whether the add
        created it (a new row has no keypoint data to clear: a removed
        profile's went with it, by the trigger). Only a photo *file* whose
        fingerprint was stored (``has_photo``: readable, with detail) gets
        keypoint data; any other profile's row has none. Returns whether data
        was stored.
        """
        data = None
        if has_photo and profile.photo_hash is None and profile.photo is not None:
            data = _photo_data(profile.photo)
        if data is None and new:
            return False  # nothing stored, nothing to clear
        with self._lock:
            self._any = None  # read again once this transaction is over
        if data is None:
            conn.execute("DELETE FROM photo_keypoints WHERE row = ?", (row,))
            return False
        blob, local = data
        conn.execute(
            "INSERT OR REPLACE INTO photo_keypoints (row, seq, scheme, local, data) VALUES"
            " (?, (SELECT coalesce(max(seq), 0) + 1 FROM photo_keypoints), ?, ?, ?)",
            (row, KEY_SCHEME, local, blob),
        )
        return True

    # ------------------------------------------------------------------ reading

    def _catch_up(self, conn: sqlite3.Connection) -> LocalKeys:
        """The local keys, built or brought up to the file's last written row (under the lock)."""
        keys = self._keys if self._keys is not None else LocalKeys()
        cursor = conn.execute(
            "SELECT row, seq, scheme, local, data FROM photo_keypoints WHERE seq > ? ORDER BY seq",
            (self._seq,),
        )
        parts: list[U64] = []
        photos = 0
        last = self._seq
        while batch := cursor.fetchmany(10_000):
            for row, seq, scheme, local, data in batch:
                keyed = bytes(local) if scheme == KEY_SCHEME else _rekey(data)
                parts.append(_entries(int(row), keyed))
                photos += 1
                last = int(seq)
        if parts:
            keys.add(np.concatenate(parts), photos)
        self._keys, self._seq = keys, last
        return keys

    def candidates(
        self, conn: sqlite3.Connection, queries: Sequence[KeypointQuery | None]
    ) -> list[list[tuple[float, int, int]]]:
        """Per query, its candidate rows (:meth:`LocalKeys.search`); none for a ``None`` query."""
        if not self.present or not any(q is not None for q in queries):
            return [[] for _ in queries]
        with self._lock:
            keys = self._catch_up(conn)
            found = [keys.search(q) if q is not None else [] for q in queries]
            self.lookups += sum(q is not None for q in queries)
            self.verified += sum(map(len, found))
            return found

    @property
    def nbytes(self) -> int:
        """Bytes of the local keys in memory (0 until the first keypoint look-up)."""
        keys = self._keys
        return keys.nbytes if keys is not None else 0

    def matches(
        self, index: _Index, queries: Sequence[PhotoQuery], found: list[list[PhotoMatch]]
    ) -> list[list[PhotoMatch]]:
        """``found`` (the hash matches of ``queries``) with the keypoint-confirmed photos added.

        Queries without keypoints (a precomputed hash, a plain photo) are
        answered by the hashes alone. Each list stays sorted by distance, then id.
        """
        wanted = [q.keypoints if q.fingerprint.has_detail else None for q in queries]
        if not self.present or not any(k is not None for k in wanted):
            return found
        from ..fingerprints.keypoints import contradicts, verify_keypoints

        doubtful = sorted(
            {m.profile_id for k, ms in zip(wanted, found, strict=True) if k for m in ms}
            if RECHECK_BITS < STRONG_THRESHOLD
            else set()
        )
        with index._reader("read keypoints") as conn:
            candidates = self.candidates(conn, wanted)
            rows = sorted({r for cands in candidates for _, _, r in cands})
            blobs = dict(_select_data(conn, rows))
            by_id = dict(_select_data_by_id(conn, doubtful))
        selected = index._select_rows(f"id, {index._name_column}, created_at", sorted(blobs))
        # Creation dates are read only for confirmed matches: a damaged one among
        # mere candidates must not cost the look-up (as with the hash candidates).
        profiles = {row: (pid, name, made) for row, pid, name, made in selected}

        def verified(kq: KeypointQuery, data: bytes, where: object) -> KeypointMatch | None:
            try:
                return verify_keypoints(kq, data)
            except PhotoError as exc:
                logger.warning("keypoint data of %s is damaged: %s", where, exc)
                return None

        def refuted(kq: KeypointQuery, data: bytes, where: object) -> bool:
            try:
                return contradicts(kq, data)
            except PhotoError as exc:
                logger.warning("keypoint data of %s is damaged: %s", where, exc)
                return False

        out = []
        for query, kq, cands, matches in zip(queries, wanted, candidates, found, strict=True):
            if kq is None:
                out.append(matches)
                continue
            # A hash match that is not nearly identical is dropped when the keypoints
            # align the two photos and see a whole region differ: another person on
            # the same backdrop can come within the hash threshold.
            kept = [
                m
                for m in matches
                if m.distance <= RECHECK_BITS
                or m.profile_id not in by_id
                or not refuted(kq, by_id[m.profile_id], m.profile_id)
            ]
            # A refuted hash match may still be confirmed by the keypoints below.
            have = {m.profile_id for m in kept}
            for _, _, row in cands:
                if row not in blobs or row not in profiles:
                    continue
                pid, name, created = profiles[row]
                if pid == query.profile_id or pid in have:
                    continue
                confirmed = verified(kq, blobs[row], f"row {row}")
                if confirmed is not None:
                    kept.append(
                        PhotoMatch(
                            pid,
                            STRONG_THRESHOLD,
                            confirmed.mirrored,
                            index._date(created),
                            name,
                            confirmed,
                        )
                    )
            out.append(sorted(kept, key=lambda m: (m.distance, m.profile_id)))
        return out


def _select_data_by_id(conn: sqlite3.Connection, ids: Sequence[str]) -> Iterator[tuple[str, bytes]]:
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        marks = ",".join("?" * len(part))
        for pid, data in conn.execute(
            "SELECT p.id, k.data FROM profiles AS p JOIN photo_keypoints AS k ON k.row = p.row"
            f" WHERE p.id IN ({marks})",
            tuple(part),
        ):
            yield str(pid), bytes(data)


def _select_data(conn: sqlite3.Connection, rows: Sequence[int]) -> Iterator[tuple[int, bytes]]:
    for start in range(0, len(rows), 500):
        part = rows[start : start + 500]
        marks = ",".join("?" * len(part))
        for row, data in conn.execute(
            f"SELECT row, data FROM photo_keypoints WHERE row IN ({marks})", tuple(part)
        ):
            yield int(row), bytes(data)


def _photo_data(source: str) -> tuple[bytes, bytes] | None:
    """The keypoint signature's bytes and local keys of a photo file, or None if unreadable."""
    from ..fingerprints.keypoints import keypoint_signature

    try:
        sig = keypoint_signature(load_photo(source, min_side=_keypoint_side()))
    except PhotoError as exc:  # the fingerprint read it a moment ago; it may have changed
        logger.info("photo %s: no keypoints: %s", source, exc)
        return None
    if not len(sig.descriptors):
        return None
    return sig.to_bytes(), signature_keys(sig)


def _rekey(data: bytes) -> bytes:
    from ..fingerprints.keypoints import KeypointSignature

    try:
        return signature_keys(KeypointSignature.from_bytes(bytes(data)))
    except PhotoError:
        return b""


def _keypoint_side() -> int:
    from ..fingerprints.keypoints import KEYPOINT_SIDE

    return KEYPOINT_SIDE
