"""Hamming-radius search over 64-bit hashes by multi-index hashing.

A 64-bit key is split into three chunks of 22, 21 and 21 bits. If two keys
are within ``r`` bits, at least one chunk differs in at most ``r // 3`` bits
(pigeonhole), so a query enumerates, for each chunk, every value within that
sub-radius (254 values of 22 bits at sub-radius 2, i.e. radius 8), reads the
keys filed under those values, and verifies the full distance with a popcount.
A key found in several chunks is kept only by the first, so there is nothing
to deduplicate; the whole look-up is one compiled loop (Numba).

Memory is a few flat NumPy arrays (CSR buckets), about 27 bytes per hash at
10 M hashes (plus 32 MiB of bucket offsets; small tables use coarser buckets,
so their offsets stay small):

* ``keys`` (8 B) and ``ids`` (8 B), sorted by the first chunk, so that chunk
  needs no row array of its own: its bucket *is* a slice;
* ``rows1`` and ``rows2`` (4 B each): positions sorted by the second and third
  chunk;
* ``offsets0..2``: where each chunk value's bucket starts.

Added keys go to a small unsorted *delta* searched by brute force, removed
ones are tombstoned (their id set to -1); :meth:`HammingIndex.merge` rebuilds
the sorted tables, and happens by itself when the delta grows. The search over
the tables is a pure function (:func:`search_tables`), so the tables can be
sharded by hash prefix and searched anywhere, or saved and mapped back from
files (:meth:`Tables.arrays`, :meth:`Tables.from_arrays`).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt

from .._kernels import hamming_hits

__all__ = ["HammingIndex", "Tables", "build_tables", "search_tables", "search_tables_many"]

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]
U32 = npt.NDArray[np.uint32]

#: Bit widths of the chunks, most significant first; they add up to 64.
CHUNK_BITS = (22, 21, 21)
_SHIFTS = (42, 21, 0)
#: Sub-radius above which enumerating chunk values costs more than a scan.
_MAX_SUB_RADIUS = 3
#: The delta is merged into the sorted tables once it holds this many keys.
MERGE_AT = 32_768


@dataclass(frozen=True, slots=True)
class Tables:
    """The sorted, immutable part of an index (see the module docstring)."""

    keys: U64
    ids: I64
    rows1: U32
    rows2: U32
    offsets: tuple[U32, U32, U32]
    #: Bits of each chunk value that select its bucket (all of them at millions
    #: of keys; fewer for small tables, so that the offsets stay small).
    bucket_bits: tuple[int, int, int]

    @property
    def nbytes(self) -> int:
        """Bytes held by the arrays."""
        return int(
            self.keys.nbytes
            + self.ids.nbytes
            + self.rows1.nbytes
            + self.rows2.nbytes
            + sum(o.nbytes for o in self.offsets)
        )

    def arrays(self) -> dict[str, npt.NDArray[np.generic]]:
        """The tables as named arrays, to be saved (:meth:`from_arrays` reads them back)."""
        return {
            "keys": self.keys,
            "ids": self.ids,
            "rows1": self.rows1,
            "rows2": self.rows2,
            "offsets0": self.offsets[0],
            "offsets1": self.offsets[1],
            "offsets2": self.offsets[2],
            "bucket_bits": np.array(self.bucket_bits, dtype=np.int64),
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, npt.NDArray[np.generic]]) -> Tables:
        """The tables :meth:`arrays` gave, using the arrays as they are (mapped files stay mapped).

        Raises
        ------
        ValueError
            The arrays do not make tables (wrong sizes).
        """
        keys = np.asarray(arrays["keys"], dtype=np.uint64)
        ids = np.asarray(arrays["ids"], dtype=np.int64)
        rows1 = np.asarray(arrays["rows1"], dtype=np.uint32)
        rows2 = np.asarray(arrays["rows2"], dtype=np.uint32)
        offsets = tuple(np.asarray(arrays[f"offsets{c}"], dtype=np.uint32) for c in range(3))
        bb = tuple(int(b) for b in arrays["bucket_bits"])
        n = keys.size
        if (
            len(bb) != 3
            or not ids.size == rows1.size == rows2.size == n
            or any(
                o.size != (1 << b) + 1 or int(o[-1]) != n for o, b in zip(offsets, bb, strict=True)
            )
        ):
            raise ValueError("the photo tables' arrays do not fit together")
        return cls(
            keys, ids, rows1, rows2, (offsets[0], offsets[1], offsets[2]), (bb[0], bb[1], bb[2])
        )


def _chunk(keys: U64, c: int) -> npt.NDArray[np.int64]:
    mask = np.uint64((1 << CHUNK_BITS[c]) - 1)
    return ((keys >> np.uint64(_SHIFTS[c])) & mask).astype(np.int64)


def _offsets(values: npt.NDArray[np.int64], bits: int) -> U32:
    counts = np.bincount(values, minlength=1 << bits)
    out = np.zeros((1 << bits) + 1, dtype=np.uint32)
    np.cumsum(counts, out=out[1:])
    return out


def build_tables(keys: U64, ids: I64) -> Tables:
    """Build the sorted tables of ``keys`` (uint64) with their ``ids`` (int64 ≥ 0)."""
    keys = np.ascontiguousarray(keys, dtype=np.uint64)
    ids = np.ascontiguousarray(ids, dtype=np.int64)
    if len(keys) >= 2**32:
        raise ValueError(f"at most 2**32 - 1 keys per table, got {len(keys)}")
    wanted = max(8, len(keys).bit_length() + 1)
    bb = tuple(min(bits, wanted) for bits in CHUNK_BITS)
    c0 = _chunk(keys, 0) >> (CHUNK_BITS[0] - bb[0])
    order = np.argsort(c0, kind="stable")
    keys, ids, c0 = keys[order], ids[order], c0[order]
    rows = []
    offsets = [_offsets(c0, bb[0])]
    for c in (1, 2):
        values = _chunk(keys, c) >> (CHUNK_BITS[c] - bb[c])
        rows.append(np.argsort(values, kind="stable").astype(np.uint32))
        offsets.append(_offsets(values, bb[c]))
    return Tables(
        keys, ids, rows[0], rows[1], (offsets[0], offsets[1], offsets[2]), (bb[0], bb[1], bb[2])
    )


@cache
def _masks(bits: int, radius: int) -> npt.NDArray[np.int64]:
    """Every ``bits``-wide value of at most ``radius`` set bits."""
    out = [0]
    for k in range(1, radius + 1):
        out += [sum(1 << b for b in combo) for combo in itertools.combinations(range(bits), k)]
    return np.array(out, dtype=np.int64)


@cache
def _shifted_masks(bits: int, radius: int, dropped: int) -> npt.NDArray[np.int64]:
    """The distinct values of :func:`_masks` shifted right by ``dropped`` bits."""
    return np.unique(_masks(bits, radius) >> dropped)


def search_tables(
    tables: Tables, key: int, radius: int, *, limit: int = 0
) -> tuple[I64, npt.NDArray[np.int64]]:
    """Ids and distances of the live keys of ``tables`` within ``radius`` bits of ``key``.

    A pure function of its arguments (tombstoned ids, ``-1``, are skipped).
    Results are sorted by distance, then id. With ``limit`` > 0, at most that
    many: the first the search meets, not the nearest (a hash with more near
    copies than that is a photo used everywhere, and more of them say no more).
    """
    return search_tables_many(tables, np.array([key], dtype=np.uint64), radius, limit=limit)[0]


def search_tables_many(
    tables: Tables, keys: U64, radius: int, *, limit: int = 0
) -> list[tuple[I64, npt.NDArray[np.int64]]]:
    """:func:`search_tables` for each of ``keys``, together: one pass over the tables."""
    queries = np.ascontiguousarray(keys, dtype=np.uint64).ravel()
    sub = radius // len(CHUNK_BITS)
    nothing = (np.empty(0, np.int64), np.empty(0, np.int64))
    if not len(tables.keys):
        return [nothing] * queries.size
    if sub > _MAX_SUB_RADIUS:  # so wide that a scan is cheaper: one query at a time
        return [_scan(tables, int(k), radius, limit) for k in queries]
    qid, positions, distances = _hits(tables, queries, radius, sub, limit)
    if not qid.size:
        return [nothing] * queries.size
    ids = tables.ids[positions]
    order = np.lexsort((ids, distances, qid))  # per query: by distance, then id
    qid, ids, distances = qid[order], ids[order], distances[order]
    edges = np.searchsorted(qid, np.arange(queries.size + 1)).tolist()
    return [(ids[a:b], distances[a:b]) for a, b in itertools.pairwise(edges)]


@cache
def _probes(
    bucket_bits: tuple[int, int, int], sub: int
) -> tuple[
    tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]], tuple[int, int, int]
]:
    """Per chunk, the values XORed into a query's bucket, and the chunk bits its bucket ignores.

    XORing the probes into a query's bucket gives every bucket within ``sub``
    bits of it. A coarser bucket holds several chunk values; (v ^ m) >> d ==
    (v >> d) ^ (m >> d), so probing the distinct shifted masks probes each
    bucket once.
    """
    d0, d1, d2 = (bits - bb for bits, bb in zip(CHUNK_BITS, bucket_bits, strict=True))
    probes = (
        _shifted_masks(CHUNK_BITS[0], sub, d0),
        _shifted_masks(CHUNK_BITS[1], sub, d1),
        _shifted_masks(CHUNK_BITS[2], sub, d2),
    )
    return probes, (d0, d1, d2)


#: Hits written per query before the compiled search must be run again, larger.
_HITS_PER_QUERY = 64


def _hits(
    tables: Tables, queries: U64, radius: int, sub: int, limit: int = 0
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """(query number, position, distance) of each live key within ``radius`` of a query, once
    (at most ``limit`` per query, the first found, when ``limit`` > 0).

    The candidate enumeration and the verification are one compiled loop
    (:func:`~fakeprofile._kernels.hamming_hits`): as NumPy, the few
    dozen small calls of a look-up cost more than its memory accesses.
    """
    probes, dropped = _probes(tables.bucket_bits, sub)
    size = _HITS_PER_QUERY * queries.size
    while True:
        qid = np.empty(size, dtype=np.int64)
        positions = np.empty(size, dtype=np.int64)
        distances = np.empty(size, dtype=np.int64)
        found = hamming_hits(
            tables.keys,
            tables.ids,
            (tables.rows1, tables.rows2),
            tables.offsets,
            probes,
            _SHIFTS,
            CHUNK_BITS,
            dropped,
            queries,
            radius,
            sub,
            limit,
            qid,
            positions,
            distances,
        )
        if found <= size:
            return qid[:found], positions[:found], distances[:found]
        size = found  # the arrays were too small: again, with room for every hit


def _scan(tables: Tables, key: int, radius: int, limit: int) -> tuple[I64, npt.NDArray[np.int64]]:
    distances = np.bitwise_count(tables.keys ^ np.uint64(key)).astype(np.int64)
    near = np.flatnonzero((distances <= radius) & (tables.ids >= 0))
    if limit > 0:
        near = near[:limit]
    return _sorted(tables.ids[near], distances[near])


def _sorted(ids: I64, distances: npt.NDArray[np.int64]) -> tuple[I64, npt.NDArray[np.int64]]:
    order = np.lexsort((ids, distances))
    return ids[order], distances[order]


class HammingIndex:
    """Find 64-bit hashes within a Hamming radius, at millions of hashes.

    Examples
    --------
    >>> index = HammingIndex()
    >>> index.add(np.array([0b1011, 0xFFFF], dtype=np.uint64), np.array([7, 8]))
    >>> ids, distances = index.search(0b0011, radius=2)
    >>> ids.tolist(), distances.tolist()
    ([7], [1])
    """

    def __init__(self) -> None:
        self._tables = build_tables(np.empty(0, np.uint64), np.empty(0, np.int64))
        self._delta_keys: U64 = np.empty(0, np.uint64)
        self._delta_ids: I64 = np.empty(0, np.int64)
        self._live = 0

    def __len__(self) -> int:
        return self._live

    @classmethod
    def from_tables(cls, tables: Tables) -> HammingIndex:
        """An index whose sorted tables are ``tables`` (used as they are), with an empty delta."""
        index = cls()
        index._tables = tables
        index._live = int(np.count_nonzero(tables.ids >= 0))
        return index

    @property
    def nbytes(self) -> int:
        """Bytes held by the index's arrays."""
        return self._tables.nbytes + int(self._delta_keys.nbytes + self._delta_ids.nbytes)

    @property
    def tables(self) -> Tables:
        """The sorted tables (after :meth:`merge`, all keys), e.g. to ship to a shard."""
        return self._tables

    def add(self, keys: U64 | npt.ArrayLike, ids: I64 | npt.ArrayLike) -> None:
        """Add ``keys`` (uint64) with their ``ids`` (int64 ≥ 0), one id per key.

        An id added twice is held twice; remove it first to replace it.
        """
        k = np.asarray(keys, dtype=np.uint64).ravel()
        i = np.asarray(ids, dtype=np.int64).ravel()
        if k.shape != i.shape:
            raise ValueError(f"keys and ids must have the same length, got {len(k)} and {len(i)}")
        if i.size and int(i.min()) < 0:
            raise ValueError(f"ids must be ≥ 0, got {int(i.min())}")
        self._delta_keys = np.concatenate([self._delta_keys, k])
        self._delta_ids = np.concatenate([self._delta_ids, i])
        self._live += len(k)
        if len(self._delta_keys) >= MERGE_AT:
            self.merge()

    def remove(self, ids: I64 | npt.ArrayLike) -> int:
        """Remove every key filed under one of ``ids``; return how many were removed."""
        gone = np.asarray(ids, dtype=np.int64).ravel()
        if gone.size == 0 or self._live == 0:
            return 0
        removed = 0
        hit = np.isin(self._tables.ids, gone) & (self._tables.ids >= 0)
        if hit.any():
            self._tables.ids[hit] = -1  # tombstone; dropped at the next merge
            removed += int(hit.sum())
        keep = ~np.isin(self._delta_ids, gone)
        removed += int(len(keep) - keep.sum())
        self._delta_keys, self._delta_ids = self._delta_keys[keep], self._delta_ids[keep]
        self._live -= removed
        return removed

    def merge(self) -> None:
        """Fold the delta into the sorted tables and drop tombstones."""
        live = self._tables.ids >= 0
        keys = np.concatenate([self._tables.keys[live], self._delta_keys])
        ids = np.concatenate([self._tables.ids[live], self._delta_ids])
        self._tables = build_tables(keys, ids)
        self._delta_keys = np.empty(0, np.uint64)
        self._delta_ids = np.empty(0, np.int64)

    def search(self, key: int, radius: int, *, limit: int = 0) -> tuple[I64, npt.NDArray[np.int64]]:
        """Ids and distances of the keys within ``radius`` bits of ``key``, nearest first.

        With ``limit`` > 0, at most ``limit`` of them: the first the search meets,
        not the nearest (see :func:`search_tables`).
        """
        if not 0 <= key < 1 << 64:
            raise ValueError(f"key must be an unsigned 64-bit integer, got {key}")
        return self.search_many(np.array([key], dtype=np.uint64), radius, limit=limit)[0]

    def search_many(
        self, keys: U64 | npt.ArrayLike, radius: int, *, limit: int = 0
    ) -> list[tuple[I64, npt.NDArray[np.int64]]]:
        """:meth:`search` for each of ``keys``, in order, looked up together."""
        if not 0 <= radius <= 64:
            raise ValueError(f"radius must be in [0, 64], got {radius}")
        if limit < 0:
            raise ValueError(f"limit must be ≥ 0, got {limit}")
        queries = np.asarray(keys, dtype=np.uint64).ravel()
        out = search_tables_many(self._tables, queries, radius, limit=limit)
        if not len(self._delta_keys):
            return out
        for q, key in enumerate(queries):
            d = np.bitwise_count(self._delta_keys ^ key).astype(np.int64)
            near = np.flatnonzero(d <= radius)
            ids, distances = out[q]
            if limit > 0:
                near = near[: limit - ids.size]
            if near.size:
                out[q] = _sorted(
                    np.concatenate([ids, self._delta_ids[near]]),
                    np.concatenate([distances, d[near]]),
                )
        return out
