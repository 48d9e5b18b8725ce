"""Near-duplicate search over text signatures: banded LSH in flat NumPy arrays.

:class:`TextSearch` keeps, for ``n`` signatures:

* their packed 4-bit MinHash values, one 128-byte ``uint8`` row each, used to
  *verify* every candidate (estimated Jaccard ≥ ``threshold``) before it is
  returned;
* for each of ``bands`` LSH bands, the signatures' band keys (3 full MinHash
  values hashed to 32 bits), of which the top :data:`KEY_BITS` are kept,
  with each text's row number, in one sorted ``uint32`` per text: a
  *directory* gives, for each value of the key's top ``d`` bits, where the
  entries with those bits start, so an entry holds only the key's next
  ``KEY_BITS - d`` bits above the row (``r`` bits for ``n`` rows; ``d = r -
  6``, about 32 to 64 entries a range). A query finds its band key in each
  band by binary search within its range, and its candidates are verified,
  in one compiled loop (:func:`~fakeprofile._kernels.band_hits`);
* the caller's keys (``int64``), and the order that sorts them (``uint32``),
  for removal and replacement (a binary search through the order);
* an append buffer: new signatures wait in Python lists and are compared by
  brute force until there are more than ``buffer_size`` of them, when they are
  merged into the sorted arrays.

With the defaults (40 bands) that is 128 + 40·4 + 8 + 4 + 1 = 301 bytes per
text, plus the directory (40 · 4 bytes per 32 to 64 texts: 2.5 to 5 bytes per
text), independent of text length. Removal leaves a tombstone until a quarter
of the rows are dead, then the arrays are compacted.

Keeping 26 of the band key's 32 bits makes a band also match texts whose
key differs only in its 6 low bits: at ``n`` texts, ``n / 2**26`` extra
candidates per band (0.03 at 2 M texts, about one per look-up over the 40
bands). Every candidate is verified against the stored signature as before,
so such a candidate is returned only if it is a near-duplicate: the answers
are those of full keys, plus (rarely) a verified near-duplicate that no full
band key had matched. (One more difference, rarer still: in a bucket beyond
``bucket_cap``, the texts of two keys that share their top bits are read in
row order together.) On the text look-up benchmark (100 k and 1 M bios, 4,000
queries each) every answer was the same as with full keys.

A text is a candidate when it agrees with the query on all 3 values of at
least one band; the probability is ``1 - (1 - J**3)**40`` for Jaccard ``J``:
0.92 for J = 0.4, 0.995 for J = 0.5, 0.99994 for J = 0.6.

A band bucket (the texts sharing one band key) holding more than
``bucket_cap`` texts is read only up to its first ``bucket_cap`` (the earliest
added). Such a bucket is a stock text shared by very many profiles; reading it
whole made a look-up verify tens of thousands of candidates (17,000 at the
median on a templated 1 M-profile index) to report what the first few hundred
already show: the text is everywhere. Every text in a bucket within the cap,
which is every text for texts that are not stock, is still verified. The cap
costs recall where templated texts crowd the buckets: on 1 M generated bios
signed with the earlier word shingles, 30%-edited copies were found 90.0% of
the time uncapped, 88.9% at 256 (the default) and 85.6% at 64. With today's
8-character pieces such a copy is as far from its original as template
siblings are from each other and is found about 1% of the time at any cap
(benchmarks/README.md, "Text").

The merged arrays can be saved and mapped back from files
(:meth:`TextSearch.arrays`, :meth:`TextSearch.from_arrays`);
:class:`LayeredTextSearch` searches such a large, mapped search and a small
one of the texts added since, together, as one.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Final

import numpy as np
import numpy.typing as npt

from .._kernels import band_hits, key_rows
from ..fingerprints.text import (
    EQUAL_NIBBLES,
    SIGNATURE_BANDS,
    SIGNATURE_SIZE,
    SIMILARITY_BY_AGREEMENT,
    VALUES_BYTES,
    TextSignature,
    min_agreement,
)

__all__ = [
    "DEFAULT_BUCKET_CAP",
    "DEFAULT_THRESHOLD",
    "KEY_BITS",
    "LayeredTextSearch",
    "TextSearch",
]

logger = logging.getLogger(__name__)

#: Estimated Jaccard similarity (of the texts' character 8-grams) at which a
#: candidate is called a match; chosen by measurement for no false match among
#: unrelated bios (benchmarks/README.md, "Text", "Copies that try to hide").
DEFAULT_THRESHOLD: Final[float] = 0.38

#: Most texts read from one LSH band bucket per query (module docstring).
DEFAULT_BUCKET_CAP: Final[int] = 256

#: Top bits of each 32-bit band key that the search keeps (and matches on).
KEY_BITS: Final[int] = 26
_KEY_DROP: Final = np.uint64(32 - KEY_BITS)
_LOW_32: Final = np.uint64(0xFFFFFFFF)
_32: Final = np.uint64(32)

#: Queries whose candidates are gathered and verified together (bounds memory:
#: the hits of at most _QUERY_BATCH * bands * bucket_cap candidates, 7.5 MiB).
_QUERY_BATCH: Final[int] = 32
_HAS_POPCOUNT: Final[bool] = hasattr(np, "bitwise_count")


class TextSearch:
    """An in-memory index of text signatures answering "which texts are near-duplicates?".

    Parameters
    ----------
    threshold : float
        Smallest estimated Jaccard similarity returned, in (0, 1].
    bands : int
        How many of the signature's :data:`SIGNATURE_BANDS` LSH bands to index
        (fewer: less memory, fewer candidates, lower recall).
    buffer_size : int
        How many added signatures may wait unmerged (searched by brute force).
    bucket_cap : int
        Most texts read from one band bucket per query (see the module docstring).

    Examples
    --------
    >>> from fakeprofile.fingerprints.text import text_signature
    >>> search = TextSearch()
    >>> bio = "Fintech recruiter, keen on hiring engineers for fast-growing teams in Leeds, York"
    >>> search.add(7, text_signature(bio))
    >>> search.query(text_signature(bio.upper()))
    [(7, 1.0)]
    """

    def __init__(
        self,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        bands: int = SIGNATURE_BANDS,
        buffer_size: int = 2048,
        bucket_cap: int = DEFAULT_BUCKET_CAP,
    ) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {threshold}")
        if not 1 <= bands <= SIGNATURE_BANDS:
            raise ValueError(f"bands must be in [1, {SIGNATURE_BANDS}], got {bands}")
        if buffer_size < 1:
            raise ValueError(f"buffer_size must be ≥ 1, got {buffer_size}")
        if bucket_cap < 1:
            raise ValueError(f"bucket_cap must be ≥ 1, got {bucket_cap}")
        self.bucket_cap = bucket_cap
        self.threshold = threshold
        self.bands = bands
        self.buffer_size = buffer_size
        # Merged part: row i holds _keys[i], _sigs[i]; _alive[i] is False once removed.
        self._keys: npt.NDArray[np.int64] = np.empty(0, dtype=np.int64)
        self._sigs: npt.NDArray[np.uint8] = _aligned_rows(0)
        self._alive: npt.NDArray[np.bool_] = np.empty(0, dtype=np.bool_)
        self._key_order: npt.NDArray[np.uint32] = np.empty(0, dtype=np.uint32)
        # Per band: sorted entries (module docstring) and their directory.
        self._bands: npt.NDArray[np.uint32] = np.empty((bands, 0), dtype=np.uint32)
        self._directory: npt.NDArray[np.uint32] = np.zeros(
            (bands, (1 << _directory_bits(0)) + 1), dtype=np.uint32
        )
        self._dead = 0
        # Append buffer: key -> signature, in insertion order.
        self._pending: dict[int, TextSignature] = {}
        self._pending_array: npt.NDArray[np.uint8] | None = None
        # Agreement count needed to pass verification (b-bit corrected threshold).
        self._min_agree = min_agreement(threshold)

    # ------------------------------------------------------------------ #
    # Size
    # ------------------------------------------------------------------ #
    def __len__(self) -> int:
        return int(self._keys.size - self._dead + len(self._pending))

    @property
    def nbytes(self) -> int:
        """Bytes held by the search structures (arrays, plus an estimate for the buffer)."""
        arrays = (
            self._keys,
            self._sigs,
            self._alive,
            self._key_order,
            self._bands,
            self._directory,
        )
        total = sum(a.nbytes for a in arrays)
        # A dict entry with an int key and a bytes value: ~100 bytes of overhead.
        total += len(self._pending) * (VALUES_BYTES + 4 * SIGNATURE_BANDS + 150)
        if self._pending_array is not None:
            total += self._pending_array.nbytes
        return int(total)

    # ------------------------------------------------------------------ #
    # Saving
    # ------------------------------------------------------------------ #
    _ARRAYS = ("keys", "sigs", "alive", "key_order", "bands", "directory")

    def arrays(self) -> dict[str, npt.NDArray[np.generic]]:
        """The merged arrays, to be saved (:meth:`from_arrays` maps them back); merges first."""
        self.merge()
        out: dict[str, npt.NDArray[np.generic]] = {
            name: getattr(self, f"_{name}") for name in self._ARRAYS
        }
        out["counts"] = np.array([self._dead, self.bands, KEY_BITS], dtype=np.int64)
        return out

    @classmethod
    def from_arrays(cls, arrays: dict[str, npt.NDArray[np.generic]]) -> TextSearch:
        """The search :meth:`arrays` gave, with the default settings and the arrays as they are.

        Arrays mapped from files stay mapped: nothing is copied. An array
        written to in place (a removal's tombstone) must be writable (a
        copy-on-write map).

        Raises
        ------
        ValueError
            The arrays do not fit together, or are of another layout (their
            dtypes are checked, never converted).
        """
        counts = np.asarray(arrays["counts"])
        if counts.shape != (3,) or int(counts[2]) != KEY_BITS:
            raise ValueError(f"the text search's counts {counts.tolist()} are of another layout")
        dead, bands = int(counts[0]), int(counts[1])
        search = cls(bands=bands)
        n = np.asarray(arrays["keys"]).shape[0]
        layout = {
            "keys": ((n,), np.int64),
            "sigs": ((n, VALUES_BYTES), np.uint8),
            "alive": ((n,), np.bool_),
            "key_order": ((n,), np.uint32),
            "bands": ((bands, n), np.uint32),
            "directory": ((bands, (1 << _directory_bits(n)) + 1), np.uint32),
        }
        for name in cls._ARRAYS:
            array = np.asarray(arrays[name])
            shape, dtype = layout[name]
            if array.dtype != dtype or array.shape != shape:
                raise ValueError(
                    f"the text search's {name} is {array.dtype} {array.shape}, "
                    f"not {np.dtype(dtype)} {shape}"
                )
            setattr(search, f"_{name}", array)
        if bands and int(search._directory[0, -1]) != n:
            raise ValueError("the text search's directory does not fit its bands")
        search._dead = dead
        return search

    # ------------------------------------------------------------------ #
    # Updates
    # ------------------------------------------------------------------ #
    def add(self, key: int, signature: TextSignature) -> None:
        """Add (or replace) the signature stored under ``key``."""
        self._remove_merged(np.array([key], dtype=np.int64))
        self._pending.pop(key, None)
        self._pending[key] = signature
        self._pending_array = None
        if len(self._pending) > self.buffer_size:
            self.merge()

    def add_many(self, keys: Iterable[int], signatures: Iterable[TextSignature]) -> None:
        """Add many signatures at once, then merge: the fast way to build an index."""
        for key, signature in zip(keys, signatures, strict=True):
            self._remove_merged(np.array([key], dtype=np.int64))
            self._pending.pop(key, None)
            self._pending[key] = signature
        self._pending_array = None
        self.merge()

    def remove(self, key: int) -> None:
        """Remove ``key`` if present (no error if it is not)."""
        if self._pending.pop(key, None) is not None:
            self._pending_array = None
        self._remove_merged(np.array([key], dtype=np.int64))
        if self._dead > max(1024, self._keys.size // 4):
            self._compact()

    def _remove_merged(self, keys: npt.NDArray[np.int64]) -> None:
        """Tombstone the merged live rows of ``keys`` (distinct; absent ones are skipped)."""
        if self._keys.size == 0:
            return
        rows = key_rows(self._keys, self._key_order, self._alive, keys)
        rows = rows[rows >= 0]
        self._alive[rows] = False
        self._dead += int(rows.size)

    def add_arrays(
        self,
        keys: npt.NDArray[np.int64],
        values: npt.NDArray[np.uint8],
        bands: npt.NDArray[np.uint32],
    ) -> None:
        """Add many signatures given as arrays, merged at once: the fast way to load an index.

        Parameters
        ----------
        keys : ndarray of int64, shape (n,)
            Distinct keys; a key already present is replaced.
        values : ndarray of uint8, shape (n, VALUES_BYTES)
            The packed MinHash values (:attr:`TextSignature.values`).
        bands : ndarray of uint32, shape (n, SIGNATURE_BANDS)
            The band keys (:attr:`TextSignature.band_keys`).
        """
        keys = np.asarray(keys, dtype=np.int64)
        if values.shape != (keys.size, VALUES_BYTES) or bands.shape != (
            keys.size,
            SIGNATURE_BANDS,
        ):
            raise ValueError(
                f"expected values of shape ({keys.size}, {VALUES_BYTES}) and bands of shape "
                f"({keys.size}, {SIGNATURE_BANDS}), got {values.shape} and {bands.shape}"
            )
        ordered = np.sort(keys)
        if (ordered[1:] == ordered[:-1]).any():
            raise ValueError("keys must be distinct")
        self.merge()
        self._remove_merged(keys)  # replacing: tombstone the old rows of these keys
        self._merge_arrays(keys, values, bands.astype(np.uint32, copy=False))

    def merge(self) -> None:
        """Merge the append buffer into the sorted arrays (done automatically when needed)."""
        if not self._pending:
            return
        new_keys = np.fromiter(self._pending.keys(), dtype=np.int64, count=len(self._pending))
        pending = list(self._pending.values())
        new_sigs = np.frombuffer(b"".join(p.values for p in pending), dtype=np.uint8).reshape(
            -1, VALUES_BYTES
        )
        band_keys = np.frombuffer(b"".join(p.bands for p in pending), dtype="<u4").reshape(
            -1, SIGNATURE_BANDS
        )
        del pending
        self._pending.clear()
        self._pending_array = None
        self._merge_arrays(new_keys, new_sigs, band_keys)

    def _merge_arrays(
        self,
        new_keys: npt.NDArray[np.int64],
        new_sigs: npt.NDArray[np.uint8],
        band_keys: npt.NDArray[np.uint32],
    ) -> None:
        start = self._keys.size
        n = start + new_keys.size
        if n > 1 << 32:
            raise ValueError(f"a text search holds at most 2**32 texts, not {n}")
        self._keys = np.concatenate((self._keys, new_keys))
        sigs = _aligned_rows(n)
        sigs[:start], sigs[start:] = self._sigs, new_sigs
        self._sigs = sigs
        self._alive = np.concatenate((self._alive, np.ones(new_keys.size, dtype=np.bool_)))
        # Ordered by key, then row: equal keys keep the order they were added in.
        self._key_order = np.argsort(self._keys, kind="stable").astype(np.uint32)
        new_rows = np.arange(start, n, dtype=np.uint64)
        merged = np.empty((self.bands, n), dtype=np.uint32)
        directory = np.empty((self.bands, (1 << _directory_bits(n)) + 1), dtype=np.uint32)
        for b in range(self.bands):
            # Ordered by key, then row: equal keys keep the order they were added
            # in (new rows are numbered after the old ones).
            entries = np.concatenate(
                (
                    _decode_band(self._bands[b], self._directory[b], start),
                    (band_keys[:, b].astype(np.uint64) >> _KEY_DROP) << _32 | new_rows,
                )
            )
            entries.sort()
            merged[b], directory[b] = _encode_band(entries, n)
        self._bands, self._directory = merged, directory
        if self._dead > max(1024, self._keys.size // 4):
            self._compact()

    def _compact(self) -> None:
        """Drop removed rows and renumber: rebuilds every array."""
        n = self._keys.size
        live = np.flatnonzero(self._alive)
        renumber = np.full(n, -1, dtype=np.int64)
        renumber[live] = np.arange(live.size)
        merged = np.empty((self.bands, live.size), dtype=np.uint32)
        directory = np.empty((self.bands, (1 << _directory_bits(live.size)) + 1), dtype=np.uint32)
        for b in range(self.bands):
            entries = _decode_band(self._bands[b], self._directory[b], n)
            rows = renumber[(entries & _LOW_32).astype(np.intp)]
            kept = rows >= 0
            # Renumbering keeps the rows' order: the entries stay sorted.
            entries = (entries[kept] >> _32) << _32 | rows[kept].astype(np.uint64)
            merged[b], directory[b] = _encode_band(entries, live.size)
        self._keys = self._keys[live]
        sigs = _aligned_rows(live.size)
        sigs[:] = self._sigs[live]
        self._sigs = sigs
        self._alive = np.ones(live.size, dtype=np.bool_)
        self._key_order = np.argsort(self._keys, kind="stable").astype(np.uint32)
        self._bands, self._directory = merged, directory
        self._dead = 0
        self.merge()

    # ------------------------------------------------------------------ #
    # Query
    # ------------------------------------------------------------------ #
    def query(
        self, signature: TextSignature, *, limit: int | None = None
    ) -> list[tuple[int, float]]:
        """Keys whose texts are near-duplicates of ``signature``'s, most similar first.

        Returns ``(key, similarity)`` pairs with the estimated Jaccard
        similarity ≥ ``threshold`` (ties by key); every candidate from the LSH
        bands is verified against the stored signature first. With ``limit``,
        only the ``limit`` most similar. :meth:`search` gives the same as arrays.
        """
        keys, similarities = self.search(signature, limit=limit)
        return list(zip(keys.tolist(), similarities.tolist(), strict=True))

    def search(
        self, signature: TextSignature, *, limit: int | None = None
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
        """:meth:`query` as two arrays (keys, similarities), most similar first."""
        return self.search_many([signature], limit=limit)[0]

    def search_many(
        self, signatures: Sequence[TextSignature], *, limit: int | None = None
    ) -> list[tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]]:
        """:meth:`search` for many signatures at once, one answer each, in order.

        The band look-ups, the verification, the selection and the ordering
        run over the queries together, a few dozen at a time (to bound the
        memory the candidates take): the way to look up a chunk of profiles.
        """
        if limit is not None and limit < 0:
            raise ValueError(f"limit must be ≥ 0, got {limit}")
        if len(self._pending) > self.buffer_size:
            self.merge()
        out: list[tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]] = []
        for start in range(0, len(signatures), _QUERY_BATCH):
            batch = signatures[start : start + _QUERY_BATCH]
            qvalues = np.frombuffer(b"".join(s.values for s in batch), dtype=np.uint8)
            qvalues = qvalues.reshape(len(batch), VALUES_BYTES)
            parts = []
            if self._keys.size:
                qbands = np.frombuffer(b"".join(s.bands for s in batch), dtype="<u4")
                parts.append(self._query_merged(qbands.reshape(len(batch), -1), qvalues))
            if self._pending:
                parts.append(self._query_pending(qvalues))
            if not parts:
                out += [(np.empty(0, np.int64), np.empty(0, np.float64)) for _ in batch]
                continue
            if len(parts) == 1:
                qid, keys, agree = parts[0]
            else:
                qid = np.concatenate([q for q, _, _ in parts])
                keys = np.concatenate([k for _, k, _ in parts])
                agree = np.concatenate([a for _, _, a in parts])
            order = np.lexsort((keys, -agree, qid))  # per query: most agreement first, then key
            qid, keys, sims = qid[order], keys[order], SIMILARITY_BY_AGREEMENT[agree[order]]
            edges = np.searchsorted(qid, np.arange(len(batch) + 1)).tolist()
            for q in range(len(batch)):
                lo, hi = edges[q], edges[q + 1]
                if limit is not None:
                    hi = min(hi, lo + limit)
                out.append((keys[lo:hi], sims[lo:hi]))
        return out

    def _query_merged(
        self, qbands: npt.NDArray[np.uint32], qvalues: npt.NDArray[np.uint8]
    ) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.int64], npt.NDArray[np.intp]]:
        """Verified hits among merged rows: (query number, key, agreement), each pair once."""
        size = qbands.shape[0] * self.bands * self.bucket_cap
        qid = np.empty(size, dtype=np.int64)
        rows = np.empty(size, dtype=np.int64)
        agree = np.empty(size, dtype=np.int64)
        found = band_hits(
            self._bands,
            self._directory,
            _row_bits(self._keys.size),
            KEY_BITS,
            self._sigs.view(np.uint64),
            self._alive,
            np.ascontiguousarray(qbands[:, : self.bands]),
            np.ascontiguousarray(qvalues).view(np.uint64),
            self.bucket_cap,
            self._min_agree,
            qid,
            rows,
            agree,
        )
        return qid[:found], self._keys[rows[:found]], agree[:found]

    def _query_pending(
        self, qvalues: npt.NDArray[np.uint8]
    ) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.int64], npt.NDArray[np.intp]]:
        """Verified hits in the append buffer, by brute force: (query number, key, agreement)."""
        if self._pending_array is None:
            self._pending_array = np.frombuffer(
                b"".join(p.values for p in self._pending.values()), dtype=np.uint8
            ).reshape(-1, VALUES_BYTES)
        keys = np.fromiter(self._pending.keys(), dtype=np.int64, count=len(self._pending))
        found = [
            np.flatnonzero(self._agreement(self._pending_array, q) >= self._min_agree)
            for q in qvalues
        ]
        hit = np.concatenate(found)
        qid = np.repeat(np.arange(len(found)), [f.size for f in found])
        agree = self._agreement(self._pending_array[hit], qvalues[qid])
        return qid, keys[hit], agree

    @staticmethod
    def _agreement(
        sigs: npt.NDArray[np.uint8], q: npt.NDArray[np.uint8], *, popcount: bool = _HAS_POPCOUNT
    ) -> npt.NDArray[np.intp]:
        """How many 4-bit values of each row agree with the query's."""
        if not popcount:  # NumPy < 2.0 has no bitwise_count: a table lookup per byte
            table: npt.NDArray[np.intp] = EQUAL_NIBBLES[sigs ^ q].sum(axis=1, dtype=np.intp)
            return table
        # 64 bits at a time: fold each nibble of a ^ b onto its lowest bit, so
        # that bit is 1 exactly when the two 4-bit values differ, then count.
        x = (np.ascontiguousarray(sigs) ^ q).view(np.uint64)
        x |= x >> np.uint64(1)
        x |= x >> np.uint64(2)
        x &= np.uint64(0x1111111111111111)
        differ = np.bitwise_count(x).sum(axis=1, dtype=np.intp)
        counts: npt.NDArray[np.intp] = SIGNATURE_SIZE - differ
        return counts


class LayeredTextSearch:
    """A large :class:`TextSearch` (a *base*, mapped from files) and a small one added to since.

    Added texts go to the small search (merged at once: each add costs the
    size of the small one, not of the base); replaced or removed ones are
    tombstoned in the base. A look-up searches both and answers as one
    search holding every text would, except that a band bucket's
    ``bucket_cap`` applies to each part (for stock texts only).

    Parameters
    ----------
    base : TextSearch, optional
        The large search (an empty one if not given).
    """

    def __init__(self, base: TextSearch | None = None) -> None:
        self.base = base if base is not None else TextSearch()
        self.delta = TextSearch()
        #: The live texts of ``delta``, by key (to fold them into the base).
        self._added: dict[int, TextSignature] = {}

    def __len__(self) -> int:
        return len(self.base) + len(self.delta)

    @property
    def nbytes(self) -> int:
        """Bytes held by both searches."""
        return self.base.nbytes + self.delta.nbytes

    @property
    def layered(self) -> bool:
        """Whether texts were added since the base (the delta holds some)."""
        return bool(self._added)

    def add_many(self, keys: Iterable[int], signatures: Iterable[TextSignature]) -> None:
        """Add (or replace) signatures: to the small search, tombstoning the base's."""
        items = list(zip(keys, signatures, strict=True))
        for key, _ in items:
            self.base.remove(key)
        self._added.update(items)
        self.delta.add_many([k for k, _ in items], [sig for _, sig in items])

    def remove(self, key: int) -> None:
        """Remove ``key`` if present (no error if it is not)."""
        self.base.remove(key)
        if self._added.pop(key, None) is not None:
            self.delta.remove(key)

    def folded(self) -> TextSearch:
        """One search holding every text: the base with the delta merged in (the base changes)."""
        if self._added:
            self.base.add_many(self._added.keys(), self._added.values())
            self._added = {}
            self.delta = TextSearch()
        return self.base

    def search_many(
        self, signatures: Sequence[TextSignature], *, limit: int | None = None
    ) -> list[tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]]:
        """:meth:`TextSearch.search_many` over both searches (most similar first, then key)."""
        out = self.base.search_many(signatures, limit=limit)
        if not self._added:
            return out
        for q, (keys, sims) in enumerate(self.delta.search_many(signatures, limit=limit)):
            if keys.size:
                all_keys = np.concatenate((out[q][0], keys))
                all_sims = np.concatenate((out[q][1], sims))
                # SIMILARITY_BY_AGREEMENT rises strictly with agreement: the same order.
                order = np.lexsort((all_keys, -all_sims))[:limit]
                out[q] = (all_keys[order], all_sims[order])
        return out


def _aligned_rows(n: int) -> npt.NDArray[np.uint8]:
    """An uninitialised (n, VALUES_BYTES) array whose rows start on 128-byte boundaries.

    A large NumPy array starts 16 bytes into a page, so every 128-byte row
    straddled three cache lines; aligned, a verification reads two.
    """
    size = n * VALUES_BYTES
    buffer = np.empty(size + 128, dtype=np.uint8)
    start = -buffer.ctypes.data % 128
    return buffer[start : start + size].reshape(n, VALUES_BYTES)


def _row_bits(n: int) -> int:
    """Bits that hold a row number below ``n`` (at least 1)."""
    return max(1, (n - 1).bit_length())


def _directory_bits(n: int) -> int:
    """Top key bits the directory of ``n`` texts splits each band by.

    An entry holds the key's other ``KEY_BITS - bits`` bits and a row
    (:func:`_row_bits`) in 32 bits, so ``bits`` is the least that leaves room:
    32 to 64 entries a range, and 2.5 to 5 bytes of directory per text (40 bands).
    """
    return max(1, _row_bits(n) + KEY_BITS - 32)


def _encode_band(
    entries: npt.NDArray[np.uint64], n: int
) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.uint32]]:
    """A band's sorted ``key << 32 | row`` (``KEY_BITS``-bit keys) as stored, with its directory.

    Returns the ``uint32`` entries (``low << row_bits | row``, ``low`` the
    key's bits below its top ``bits``) and the directory: where the entries
    with each value of the top bits start, ``2**bits + 1`` columns (the last
    is the number of entries), for ``n`` rows.
    """
    bits = _directory_bits(n)
    low_bits = np.uint64(KEY_BITS - bits)
    starts = np.arange((1 << bits) + 1, dtype=np.uint64) << (low_bits + _32)
    directory = entries.searchsorted(starts[:-1]).astype(np.uint32)
    directory = np.append(directory, np.uint32(entries.size))
    low = (entries >> _32) & ((np.uint64(1) << low_bits) - np.uint64(1))
    packed = (low << np.uint64(_row_bits(n))) | (entries & _LOW_32)
    return packed.astype(np.uint32), directory


def _decode_band(
    packed: npt.NDArray[np.uint32], directory: npt.NDArray[np.uint32], n: int
) -> npt.NDArray[np.uint64]:
    """:func:`_encode_band`'s entries as ``key << 32 | row`` again (for ``n`` rows)."""
    bits = _directory_bits(n)
    low_bits = np.uint64(KEY_BITS - bits)
    shift = np.uint64(_row_bits(n))
    sizes = directory[1:].astype(np.int64) - directory[:-1].astype(np.int64)
    top = np.repeat(np.arange(1 << bits, dtype=np.uint64), sizes)
    wide = packed.astype(np.uint64)
    keys = (top << low_bits) | (wide >> shift)
    rows = wide & ((np.uint64(1) << shift) - np.uint64(1))
    out: npt.NDArray[np.uint64] = (keys << _32) | rows
    return out
