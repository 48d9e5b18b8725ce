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
the exactly equal keys from one sorted array per table (:class:`LocalKeys`). A
key hit votes for its photo with the weight ``log(photos / keypoints under
that key)``; keys filed by more than :data:`MAX_BUCKET` keypoints (a plain
edge's, a backdrop many photos share) are skipped, so a look-up reads at most
``MAX_BUCKET`` entries per key whatever the index's size. Only votes that
agree on the turn between query and stored keypoint count together (a copy
turns all its keypoints alike; chance hits point every which way), and each
stored keypoint votes once. The :data:`MAX_VERIFIED` photos with the highest
votes, and at least :data:`MIN_KEY_HITS` distinct keypoints hit, are verified
with :func:`~fakeprofile.fingerprints.keypoints.verify_keypoints` on their
stored signatures, read from SQLite. The vote is compiled
(:func:`fakeprofile._kernels.keypoint_votes`).

**Memory.** The local keys are built from the file on the first keypoint
look-up, and a writable index then saves them beside it (``keypoints.json``
and a ``.npy`` in the ``<index>.arrays`` folder, written aside and renamed);
later opens map that file and read from SQLite only the rows written since
(by the table's ``seq`` column and the file's changed rows since the saved
generation; keys of a generation the file no longer knows, or of another
scheme, are not used). Later writes are followed by ``seq``. A removed or
replaced photo's old keys stay in memory until :meth:`KeypointStore.reset`
(they may make a candidate that verification then rejects; they never make a
match).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import secrets
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import numpy.typing as npt

from .._kernels import keypoint_votes
from ..errors import PhotoError
from ..fingerprints.photo import STRONG_THRESHOLD, PhotoMatch, PhotoQuery, load_photo
from . import arrays, sqlfile

if TYPE_CHECKING:
    from ..fingerprints.keypoints import KeypointMatch, KeypointQuery, KeypointSignature
    from ..profile import Profile

__all__ = [
    "KEYED_POINTS",
    "KEY_BITS",
    "KEY_TABLES",
    "MAX_BUCKET",
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
KEY_TABLES = 8
#: Descriptor bits per local key.
KEY_BITS = 22
#: Photos verified per look-up at most (the best voted).
MAX_VERIFIED = 8
#: Least number of distinct stored keypoints hit (in the best turn) to be verified (at most 3).
MIN_KEY_HITS = 3
#: Keys filed by more than this many stored keypoints are skipped (whatever the index's size).
MAX_BUCKET = 64
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
KEY_SCHEME = 2
# An entry of a table's sorted array: key | stored angle (8) | keypoint (6) | row (28)
# (the layout fakeprofile._kernels.keypoint_votes reads).
_ROW_BITS = 28
_POINT_SHIFT = _ROW_BITS
_ANGLE_SHIFT = _ROW_BITS + 6
_KEY_SHIFT = _ROW_BITS + 6 + 8
#: Each table's directory: where the keys of each value of their top bits start.
_DIRECTORY_BITS = 16
assert KEYED_POINTS <= 64
assert KEY_BITS <= 64 - _KEY_SHIFT
assert _DIRECTORY_BITS <= KEY_BITS
assert 1 <= MIN_KEY_HITS <= 3  # the vote's scratch counts hits up to 3
#: Version of the saved local keys' files (with the key scheme, what a saved file must match).
_SAVED_FORMAT = 1
_SAVED_MANIFEST = "keypoints.json"

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
    """(n, KEY_TABLES) local keys of ``n`` descriptors: ``KEY_BITS`` bits each."""
    bits = np.unpackbits(descriptors, axis=1)[:, _POSITIONS].astype(np.uint32)
    weights = np.left_shift(np.uint32(1), np.arange(KEY_BITS, dtype=np.uint32))
    return (bits * weights).sum(axis=2, dtype=np.uint32)  # type: ignore[no-any-return]


def signature_keys(sig: KeypointSignature) -> bytes:
    """What the ``local`` column holds for a signature: angles, then keys (big-endian uint32)."""
    n = min(KEYED_POINTS, len(sig.descriptors))
    angles = np.asarray(sig.angles[:n], dtype=np.uint8)
    if len(angles) < n:  # a signature without angles: nothing to vote with
        return b""
    keys = _key_values(sig.descriptors[:n]).astype(">u4")
    return angles.tobytes() + keys.tobytes()


def _entries(row: int, local: bytes) -> U64:
    """The entries of one stored photo from its ``local`` column: (KEY_TABLES, keypoints)."""
    n = len(local) // (1 + 4 * KEY_TABLES)
    if n == 0 or len(local) != n * (1 + 4 * KEY_TABLES) or not 0 <= row < 1 << _ROW_BITS:
        return np.zeros((KEY_TABLES, 0), np.uint64)
    angles = np.frombuffer(local, np.uint8, n).astype(np.uint64)
    keys = np.frombuffer(local, ">u4", n * KEY_TABLES, n).astype(np.uint64).reshape(n, KEY_TABLES)
    keys &= np.uint64((1 << KEY_BITS) - 1)
    point = np.arange(n, dtype=np.uint64)
    low = (angles << np.uint64(_ANGLE_SHIFT)) | (point << np.uint64(_POINT_SHIFT)) | np.uint64(row)
    return (keys.T << np.uint64(_KEY_SHIFT)) | low[None, :]


def _directory(entries: U64) -> I64:
    """Per table, where the entries of each value of the keys' top bits start (and the end)."""
    tops = np.arange((1 << _DIRECTORY_BITS) + 1, dtype=np.uint64)
    bounds = (tops << np.uint64(KEY_BITS - _DIRECTORY_BITS)) << np.uint64(_KEY_SHIFT)
    bounds[-1] = np.uint64(2**64 - 1)  # past the last key (its bound overflows)
    out = np.empty((entries.shape[0], len(tops)), np.int64)
    for t in range(entries.shape[0]):
        out[t] = np.searchsorted(entries[t], bounds)
        out[t, -1] = entries.shape[1]
    return out


class LocalKeys:
    """The local keys of stored photos: one sorted ``uint64`` array per key table.

    Added entries wait in a small list and are merged into the sorted arrays
    when a search needs them. The arrays are plain NumPy, so they can be saved
    and memory-mapped (:meth:`KeypointStore.candidates` does, beside the index
    file). The vote is compiled (:func:`~fakeprofile._kernels.keypoint_votes`)
    and uses scratch of 32 bytes per row.
    """

    def __init__(self, entries: U64 | None = None, photos: int = 0, max_row: int = -1) -> None:
        if entries is None:
            entries = np.zeros((KEY_TABLES, 0), np.uint64)
        if entries.ndim != 2 or entries.shape[0] != KEY_TABLES:
            raise ValueError(f"local keys of shape {entries.shape}, not ({KEY_TABLES}, n)")
        #: (KEY_TABLES, entries) sorted by row.
        self.entries: U64 = entries
        self._directory = _directory(entries)
        self._pending: list[U64] = []
        #: Stored photos whose keys were added (a replaced photo counts again).
        self.photos = photos
        #: The largest row of an entry (-1: none).
        self.max_row = max_row
        self._counts = np.zeros(0, np.uint8)
        self._epoch = 0

    @property
    def nbytes(self) -> int:
        """Bytes of the arrays: entries (mapped or not), directories, the vote's scratch."""
        fixed = self.entries.nbytes + self._directory.nbytes + self._counts.nbytes
        return int(fixed + sum(p.nbytes for p in self._pending))

    def add(self, entries: U64, photos: int = 1) -> None:
        """File more entries (from :func:`_entries`) of ``photos`` stored photos."""
        if entries.size:
            self._pending.append(entries)
            top = int((entries & np.uint64((1 << _ROW_BITS) - 1)).max())
            self.max_row = max(self.max_row, top)
        self.photos += photos

    def _merged(self) -> U64:
        if self._pending:
            added = np.sort(np.concatenate(self._pending, axis=1), axis=1)
            if self.entries.shape[1] < 4 * added.shape[1]:
                merged = np.sort(np.concatenate([self.entries, added], axis=1), axis=1)
            else:  # a few added to many: insert them, a copy rather than a sort
                merged = np.stack(
                    [
                        np.insert(
                            self.entries[t], np.searchsorted(self.entries[t], added[t]), added[t]
                        )
                        for t in range(KEY_TABLES)
                    ]
                )
            self.entries, self._pending = merged, []
            self._directory = _directory(merged)
        return self.entries

    def search(self, query: KeypointQuery) -> list[tuple[float, int, int]]:
        """Candidate rows for a query, best first: ``(vote, distinct keypoints hit, row)``.

        At most :data:`MAX_VERIFIED`, each with at least :data:`MIN_KEY_HITS`
        distinct stored keypoints hit in its best turn (see the module docstring).
        Not thread-safe (a scratch array is shared): :class:`KeypointStore`
        searches under its lock.
        """
        entries = self._merged()
        if not entries.size or self.photos == 0:
            return []
        keys, angles, sides = [], [], []
        for mirrored, sig in enumerate((query.signature, query.mirror_signature)):
            n = len(sig.descriptors)
            if n == 0 or len(sig.angles) != n:
                continue
            keys.append(_key_values(sig.descriptors))
            angles.append(sig.angles.astype(np.int64))
            sides.append(np.full(n, mirrored, np.int64))
        if not keys:
            return []
        cells_needed = (self.max_row + 1) * 2 * _TURN_BINS
        if self._counts.size < cells_needed:
            self._counts = np.zeros(cells_needed + cells_needed // 8, np.uint8)
            self._epoch = 0
        # Each search counts in the scratch under an epoch of its own (1-63; see the kernel).
        self._epoch = self._epoch % 63 + 1
        if self._epoch == 1:
            self._counts[:] = 0
        cells, votes, hits = keypoint_votes(
            entries,
            self._directory,
            np.ascontiguousarray(np.concatenate(keys).T.astype(np.uint64)),
            np.concatenate(angles),
            np.concatenate(sides),
            KEY_BITS - _DIRECTORY_BITS,
            self.photos,
            float(MAX_BUCKET),
            MIN_KEY_HITS,
            _TURN_BINS,
            self._counts,
            self._epoch,
        )
        if not cells.size:
            return []
        # Each row's best cell (the lowest of equal votes), then rows by vote, then row;
        # votes rounded, so that equal sums added in another order stay equal.
        votes = np.round(votes, 9)
        rows = cells // (2 * _TURN_BINS)
        order = np.lexsort((cells, -votes, rows))
        best = order[np.r_[True, rows[order][1:] != rows[order][:-1]]]
        ranked = best[np.lexsort((rows[best], -votes[best]))][:MAX_VERIFIED]
        return [(float(votes[i]), int(hits[i]), int(rows[i])) for i in ranked]


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
        self._readonly = True
        #: The index file (where the local keys are saved, beside it), once opened.
        self._path: Path | None = None
        #: Look-ups with keypoints, and candidates verified for them (for benchmarks).
        self.lookups = 0
        self.verified = 0

    # ------------------------------------------------------------------ writing

    def open(self, conn: sqlite3.Connection, *, readonly: bool) -> None:
        """Create the table (writable files), or note whether it exists (read-only ones)."""
        self._readonly = readonly
        self._path = _database_path(conn)
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
        """The local keys, loaded or built, brought up to the file's last written row.

        Under the lock, in one read transaction. The first call uses the keys
        saved beside the file if they are of its history (:func:`_load_saved`),
        reading on top the rows written since; without them it reads every
        row, and a writable index then saves the keys for the next open.
        """
        own = not conn.in_transaction
        if own:
            conn.execute("BEGIN")
        try:
            keys, fresh = self._keys, None
            changed: list[int] = []
            generation = _generation(conn)
            if keys is None:
                loaded = self._load_saved(conn)
                if loaded is not None:
                    keys, self._seq, changed = loaded
                else:
                    keys, self._seq = LocalKeys(), 0
                fresh = loaded is None
            read = self._read_rows(conn, keys, changed)
            if own:
                conn.execute("COMMIT")
        except BaseException:
            if own and conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        self._keys = keys
        # Saved after a first call, which read every row (all, or the saved keys and the
        # rows changed since): built from the file, or many rows on top of the saved keys.
        if (
            fresh is not None
            and generation is not None
            and (fresh or read > max(4096, keys.photos // 16))
            and read > 0
        ):
            self._save(keys, generation)
        return keys

    def _read_rows(self, conn: sqlite3.Connection, keys: LocalKeys, changed: list[int]) -> int:
        """Add to ``keys`` the rows written after ``self._seq``, and rows ``changed``."""
        cursor = conn.execute(
            "SELECT row, seq, scheme, local, data FROM photo_keypoints WHERE seq > ? ORDER BY seq",
            (self._seq,),
        )
        batches: list[list[tuple[Any, ...]]] = []
        while batch := cursor.fetchmany(10_000):
            batches.append(batch)
        wanted = sorted(set(changed))
        for start in range(0, len(wanted), 500):
            part = wanted[start : start + 500]
            marks = ",".join("?" * len(part))
            batches.append(
                conn.execute(
                    "SELECT row, seq, scheme, local, data FROM photo_keypoints"
                    f" WHERE row IN ({marks}) AND seq <= ?",
                    (*part, self._seq),
                ).fetchall()
            )
        parts: list[U64] = []
        photos = 0
        last = self._seq
        for batch in batches:
            for row, seq, scheme, local, data in batch:
                keyed = bytes(local) if scheme == KEY_SCHEME else _rekey(data)
                parts.append(_entries(int(row), keyed))
                photos += 1
                last = max(last, int(seq))
        if parts:
            keys.add(np.concatenate(parts, axis=1), photos)
        self._seq = last
        return photos

    def _load_saved(self, conn: sqlite3.Connection) -> tuple[LocalKeys, int, list[int]] | None:
        """The keys saved beside the file, the last ``seq`` they hold, and rows changed since.

        None when there are none, or they are unusable or not of this file's
        history (their generation unknown to the file, or with another stamp).
        """
        if self._path is None or not sqlfile.has_generations(conn):
            return None
        folder = arrays.folder_of(self._path)
        try:
            manifest = json.loads((folder / _SAVED_MANIFEST).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            logger.warning("index %s: saved keypoint keys unreadable (%s)", self._path, exc)
            return None
        try:
            layout = [manifest["format"], manifest["scheme"], manifest["tables"], manifest["bits"]]
            if layout != [_SAVED_FORMAT, KEY_SCHEME, KEY_TABLES, KEY_BITS]:
                logger.info("index %s: saved keypoint keys of another scheme", self._path)
                return None
            generation = int(manifest["generation"])
            if sqlfile.stamp_of(conn, generation) != int(manifest["stamp"]):
                logger.info("index %s: saved keypoint keys are of an older state", self._path)
                return None
            entries = np.load(folder / str(manifest["file"]), mmap_mode="c", allow_pickle=False)
            if entries.dtype != np.uint64 or list(entries.shape) != manifest["shape"]:
                raise ValueError(f"{manifest['file']} is not the array the manifest describes")
            keys = LocalKeys(np.asarray(entries), int(manifest["photos"]), int(manifest["max_row"]))
            return keys, int(manifest["seq"]), sqlfile.changed_since(conn, generation)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            logger.warning("index %s: saved keypoint keys unusable (%s)", self._path, exc)
            return None

    def _save(self, keys: LocalKeys, generation: tuple[int, int]) -> None:
        """Save ``keys`` beside a writable index's file (atomically; a failure is logged)."""
        if self._readonly or self._path is None:
            return
        folder = arrays.folder_of(self._path)
        entries = keys._merged()
        name = f"keypoints-g{generation[0]}-{secrets.token_hex(4)}.npy"
        manifest = {
            "format": _SAVED_FORMAT,
            "scheme": KEY_SCHEME,
            "tables": KEY_TABLES,
            "bits": KEY_BITS,
            "generation": generation[0],
            "stamp": generation[1],
            "seq": self._seq,
            "photos": keys.photos,
            "max_row": keys.max_row,
            "file": name,
            "shape": list(entries.shape),
        }
        try:
            folder.mkdir(exist_ok=True)
            arrays.write_npy(folder / name, np.ascontiguousarray(entries))
            arrays.replace_json(
                folder / _SAVED_MANIFEST, manifest, folder / f"{_SAVED_MANIFEST}.{name}"
            )
        except OSError as exc:
            logger.warning("index %s: cannot save the keypoint keys (%s)", self._path, exc)
            with contextlib.suppress(OSError):
                (folder / name).unlink()
            return
        for old in folder.glob("keypoints-g*.npy"):  # older saves (a reader may map one: unlinked)
            if old.name != name:
                with contextlib.suppress(OSError):
                    old.unlink()

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


def _database_path(conn: sqlite3.Connection) -> Path | None:
    """The file of the connection's main database (None: in memory)."""
    for _, name, file in conn.execute("PRAGMA database_list"):
        if name == "main" and file:
            return Path(file)
    return None


def _generation(conn: sqlite3.Connection) -> tuple[int, int] | None:
    """The file's generation and its stamp (None: a file without generations)."""
    if not sqlfile.has_generations(conn):
        return None
    number = sqlfile.generation(conn)
    stamp = sqlfile.stamp_of(conn, number)
    return None if stamp is None else (number, stamp)


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
