"""Compiled inner loops (Numba): text signatures, index look-ups, the model's shape functions.

A look-up of one profile touches a few thousand array entries scattered over
hundreds of megabytes: one binary search per LSH band, each bucket's rows, a
128-byte signature per candidate. Written as NumPy, that is a few dozen calls
per band whose fixed cost (a few microseconds each) was most of a look-up;
written as one loop and compiled, only the memory accesses remain. The same
holds, at a smaller scale, for evaluating the model's ~70 shape functions on
one row.

The functions are plain Python over NumPy arrays and integers, compiled on
first use and cached on disk next to this file (or in Numba's user cache
directory when that is not writable), so only the first process after an
install pays the compilation (a few seconds).
"""

from __future__ import annotations

from typing import Any

import numba
import numpy as np
import numpy.typing as npt
from llvmlite import ir  # type: ignore[import-untyped]
from numba import types
from numba.core import cgutils
from numba.extending import intrinsic

__all__ = [
    "band_hits",
    "byte_gram_minhash",
    "hamming_hits",
    "key_rows",
    "keypoint_votes",
    "pair_values",
    "shape_values",
]

#: Numba's code-generation helpers (untyped), for :func:`_prefetch_typing`.
_cgutils: Any = cgutils

_M1 = np.uint64(0x5555555555555555)
_M2 = np.uint64(0x3333333333333333)
_M4 = np.uint64(0x0F0F0F0F0F0F0F0F)
_H01 = np.uint64(0x0101010101010101)
_NIBBLE_LOW = np.uint64(0x1111111111111111)
_ONE, _TWO, _FOUR, _TOP = np.uint64(1), np.uint64(2), np.uint64(4), np.uint64(56)


@numba.njit(cache=True, nogil=True)
def _popcount(x: np.uint64) -> int:
    """Set bits of a 64-bit value (SWAR popcount)."""
    x -= (x >> _ONE) & _M1
    x = (x & _M2) + ((x >> _TWO) & _M2)
    x = (x + (x >> _FOUR)) & _M4
    return int((x * _H01) >> _TOP)


@numba.njit(cache=True, nogil=True)
def _differing_nibbles(a: npt.NDArray[np.uint64], b: npt.NDArray[np.uint64]) -> int:
    """How many 4-bit values differ between two rows of packed nibbles."""
    differ = 0
    for w in range(a.size):
        # Fold each nibble of a ^ b onto its lowest bit (1 iff the values differ),
        # then count the bits.
        x = a[w] ^ b[w]
        x |= x >> _ONE
        x |= x >> _TWO
        differ += _popcount(x & _NIBBLE_LOW)
    return differ


#: Signatures :func:`band_hits` prefetches ahead of the one it verifies.
_VERIFY_AHEAD = 16


def _prefetch_typing(typingctx: Any, array: Any, index: Any) -> Any:
    """``_prefetch(array, index)``: ask the processor to load the cache line of ``array[index]``.

    For a 1-D array, in compiled code only. A hint (LLVM's ``llvm.prefetch``:
    a read, kept in every cache level), not a load: it never faults, changes
    no result, and the loop goes on while the line arrives.
    """
    if not (isinstance(array, types.Array) and array.ndim == 1) or not isinstance(
        index, types.Integer
    ):
        return None

    def codegen(context: Any, builder: Any, signature: Any, args: Any) -> Any:
        array_type = signature.args[0]
        view = context.make_array(array_type)(context, builder, args[0])
        pointer = _cgutils.get_item_pointer2(
            context,
            builder,
            data=view.data,
            shape=_cgutils.unpack_tuple(builder, view.shape),
            strides=_cgutils.unpack_tuple(builder, view.strides),
            layout=array_type.layout,
            inds=[context.cast(builder, args[1], signature.args[1], types.intp)],
            wraparound=False,
            boundscheck=False,
        )
        byte_pointer = ir.IntType(8).as_pointer()
        i32 = ir.IntType(32)
        hint = ir.FunctionType(ir.VoidType(), [byte_pointer, i32, i32, i32])
        function = _cgutils.get_or_insert_function(builder.module, hint, "llvm.prefetch.p0")
        builder.call(function, [builder.bitcast(pointer, byte_pointer), i32(0), i32(3), i32(1)])
        return context.get_dummy_value()

    return types.void(array, index), codegen


_prefetch: Any = intrinsic(_prefetch_typing)


@numba.njit(cache=True, nogil=True)
def band_hits(
    bands: npt.NDArray[np.uint32],
    directory: npt.NDArray[np.uint32],
    row_bits: int,
    key_bits: int,
    sigs: npt.NDArray[np.uint64],
    alive: npt.NDArray[np.bool_],
    query_bands: npt.NDArray[np.uint32],
    query_sigs: npt.NDArray[np.uint64],
    bucket_cap: int,
    min_agree: int,
    out_query: npt.NDArray[np.int64],
    out_row: npt.NDArray[np.int64],
    out_agree: npt.NDArray[np.int64],
) -> int:
    """Verified LSH candidates of each query; returns how many were written to ``out_*``.

    A band key is looked up by its top ``key_bits`` bits (of 32). Band ``b``'s
    entries are ``bands[b]``, sorted, each ``low << row_bits | row``: ``low``
    is the key's bits below its top ``bits``, the ones ``directory[b]`` (its
    ``2**bits + 1`` columns) gives the entries' range for. For each query
    ``q`` and band ``b``, the rows whose key equals ``query_bands[q, b]`` on
    those bits (binary search within the range; at most ``bucket_cap`` of
    them, the first), live (``alive``), and agreeing with ``query_sigs[q]`` on
    at least ``min_agree`` 4-bit values are written as (query, row,
    agreement), each (query, row) once, in the order found; ``out_*`` must
    hold ``len(query_bands) * bands * bucket_cap`` entries. ``sigs`` must be
    C-contiguous.

    Notes
    -----
    Nearly all the time goes to memory far apart: a look-up at a million
    texts reads one range of entries per band and a few hundred signatures
    (templated texts crowd the buckets), each a cache (and TLB) miss. So a
    query's work is in passes whose loads do not depend on one another, and
    the loads of the next pass are prefetched: the directory ranges of
    every band (prefetching each range's middle, where its binary search
    starts), then the buckets and their distinct rows (a hash set), then the
    verification of those rows, prefetching both cache lines of the
    signature :data:`_VERIFY_AHEAD` rows ahead. The rows are verified, and
    written, in the order they were first found, as one loop did before.
    """
    n_bands = bands.shape[0]
    words = sigs.shape[1]
    nibbles = words * 16
    flat = sigs.reshape(-1)
    dir_bits = 0
    while (1 << dir_bits) < directory.shape[1] - 1:
        dir_bits += 1
    drop = np.uint64(32 - key_bits)
    low_bits = np.uint64(key_bits - dir_bits)
    low_mask = (_ONE << low_bits) - _ONE
    shift = np.uint64(row_bits)
    row_mask = (_ONE << shift) - _ONE
    los = np.empty(n_bands, dtype=np.int64)
    his = np.empty(n_bands, dtype=np.int64)
    starts = np.empty(n_bands, dtype=np.int64)
    ends = np.empty(n_bands, dtype=np.int64)
    # A query's distinct rows in the order found, and an open-addressing hash
    # set of them (a near-copy shares most bands, and is verified once).
    found = np.empty(n_bands * bucket_cap, dtype=np.int64)
    most_slots = 2
    while most_slots < 2 * n_bands * bucket_cap:
        most_slots *= 2
    seen = np.empty(most_slots, dtype=np.int64)
    m = 0
    for q in range(query_bands.shape[0]):
        for b in range(n_bands):
            top = np.int64((np.uint64(query_bands[q, b]) >> drop) >> low_bits)
            lo, hi = np.int64(directory[b, top]), np.int64(directory[b, top + 1])
            los[b], his[b] = lo, hi
            if hi > lo:
                _prefetch(bands[b], (lo + hi) >> 1)
        total = 0
        for b in range(n_bands):
            entries = bands[b]
            low = (np.uint64(query_bands[q, b]) >> drop) & low_mask
            lo, hi = los[b], his[b]
            start = lo + np.searchsorted(entries[lo:hi], np.uint32(low << shift))
            end = start
            while end < hi and end - start < bucket_cap and np.uint64(entries[end]) >> shift == low:
                end += 1
            starts[b], ends[b] = start, end
            total += int(end - start)
        if total == 0:
            continue
        slots = 2
        while slots < 2 * total:
            slots *= 2
        seen[:slots] = -1
        k = 0
        for b in range(n_bands):
            for i in range(starts[b], ends[b]):
                row = np.int64(np.uint64(bands[b, i]) & row_mask)
                slot = (row * 0x9E3779B1) & (slots - 1)
                while seen[slot] != -1 and seen[slot] != row:
                    slot = (slot + 1) & (slots - 1)
                if seen[slot] != row:
                    seen[slot] = row
                    found[k] = row
                    k += 1
        for j in range(min(k, _VERIFY_AHEAD)):
            _prefetch(flat, found[j] * words)
            _prefetch(flat, found[j] * words + 8)
        for j in range(k):
            if j + _VERIFY_AHEAD < k:
                _prefetch(flat, found[j + _VERIFY_AHEAD] * words)
                _prefetch(flat, found[j + _VERIFY_AHEAD] * words + 8)
            row = found[j]
            if not alive[row]:
                continue
            agree = nibbles - _differing_nibbles(sigs[row], query_sigs[q])
            if agree >= min_agree:
                out_query[m] = q
                out_row[m] = row
                out_agree[m] = agree
                m += 1
    return m


@numba.njit(cache=True, nogil=True)
def key_rows(
    keys: npt.NDArray[np.int64],
    order: npt.NDArray[np.uint32],
    alive: npt.NDArray[np.bool_],
    wanted: npt.NDArray[np.int64],
) -> npt.NDArray[np.int64]:
    """The live row holding each of ``wanted`` (the first such, by row), or -1.

    ``order`` sorts ``keys`` (ties by row): a binary search through it, so no
    sorted copy of the keys has to be kept.
    """
    out = np.full(wanted.size, -1, dtype=np.int64)
    for w in range(wanted.size):
        key = wanted[w]
        lo, hi = 0, order.size
        while lo < hi:
            mid = (lo + hi) >> 1
            if keys[order[mid]] < key:
                lo = mid + 1
            else:
                hi = mid
        while lo < order.size and keys[order[lo]] == key:
            if alive[order[lo]]:
                out[w] = order[lo]
                break
            lo += 1
    return out


@numba.njit(cache=True, nogil=True)
def hamming_hits(
    keys: npt.NDArray[np.uint64],
    ids: npt.NDArray[np.int64],
    rows: tuple[npt.NDArray[np.uint32], npt.NDArray[np.uint32]],
    offsets: tuple[npt.NDArray[np.uint32], npt.NDArray[np.uint32], npt.NDArray[np.uint32]],
    probes: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]],
    shifts: tuple[int, int, int],
    widths: tuple[int, int, int],
    dropped: tuple[int, int, int],
    queries: npt.NDArray[np.uint64],
    radius: int,
    sub: int,
    cap: int,
    out_query: npt.NDArray[np.int64],
    out_position: npt.NDArray[np.int64],
    out_distance: npt.NDArray[np.int64],
) -> int:
    """Live keys within ``radius`` bits of each query, by multi-index hashing.

    Returns how many (query, position, distance) hits there are; the first
    ``len(out_query)`` of them are written to ``out_*`` (call again with
    larger arrays when the count is larger).

    Parameters
    ----------
    keys, ids : ndarray
        The tables' keys (sorted by the first chunk's bucket) and their ids;
        an id of -1 (tombstone) is never returned.
    rows : tuple of ndarray
        Positions sorted by the second and the third chunk's bucket.
    offsets : tuple of ndarray
        Where each bucket of each chunk starts (in ``keys`` for the first
        chunk, in ``rows`` for the others).
    probes : tuple of ndarray
        Per chunk, the distinct values XORed into a query's bucket to probe
        every bucket within ``sub`` bits of it.
    shifts, widths, dropped : tuple of int
        Per chunk, its position in the key, its width in bits, and how many of
        its low bits the bucket ignores.
    queries : ndarray
        The query keys.
    radius, sub : int
        The search radius and the sub-radius of a chunk (``radius // 3``).
    cap : int
        Most hits of one query (the first found); 0 for every hit.
    out_query, out_position, out_distance : ndarray
        The hits: query number, position in ``keys``, Hamming distance.

    Notes
    -----
    A key near a query in several chunks is reported once: by the first chunk
    whose bucket the query probes, i.e. the first whose bucket bits differ in
    at most ``sub`` bits. Hits are in query order, then chunk and probe order.
    """
    capacity = out_query.size
    m = 0
    for q in range(queries.size):
        query = queries[q]
        left = cap if cap > 0 else -1  # hits this query may still have (-1: no cap)
        for c in range(len(offsets)):
            if left == 0:
                break
            chunk_offsets = offsets[c]
            chunk_probes = probes[c]
            mask = np.uint64((1 << widths[c]) - 1)
            bucket = np.int64(((query >> np.uint64(shifts[c])) & mask) >> np.uint64(dropped[c]))
            # Three passes, so that the scattered loads of each are independent of
            # one another and the processor can have many in flight: bucket
            # bounds, then the candidates' positions, then their keys.
            starts = np.empty(chunk_probes.size, dtype=np.int64)
            ends = np.empty(chunk_probes.size, dtype=np.int64)
            total = 0
            for j in range(chunk_probes.size):
                b = bucket ^ chunk_probes[j]
                starts[j] = chunk_offsets[b]
                ends[j] = chunk_offsets[b + 1]
                total += ends[j] - starts[j]
            positions = np.empty(total, dtype=np.int64)
            k = 0
            for j in range(chunk_probes.size):
                for slot in range(starts[j], ends[j]):
                    positions[k] = slot if c == 0 else rows[c - 1][slot]
                    k += 1
            for position in positions:
                x = keys[position] ^ query
                distance = _popcount(x)
                if distance > radius or ids[position] < 0:
                    continue
                seen = False
                for e in range(c):
                    e_mask = np.uint64((1 << widths[e]) - 1)
                    e_bits = ((x >> np.uint64(shifts[e])) & e_mask) >> np.uint64(dropped[e])
                    if _popcount(e_bits) <= sub:
                        seen = True
                if seen:
                    continue
                if m < capacity:
                    out_query[m] = q
                    out_position[m] = position
                    out_distance[m] = distance
                m += 1
                left -= 1
                if left == 0:
                    break
    return m


@numba.njit(cache=True, nogil=True)
def shape_values(
    x: npt.NDArray[np.float64],
    knots: npt.NDArray[np.float64],
    values: npt.NDArray[np.float64],
    slope: npt.NDArray[np.float64],
    intercept: npt.NDArray[np.float64],
    when_missing: npt.NDArray[np.float64],
) -> npt.NDArray[np.float64]:
    """Every feature's piecewise-linear shape at ``x`` (rows of features): the raw contributions.

    Feature ``j`` interpolates linearly between its knots ``knots[j]``
    (ascending, padded with ``+inf``) and values ``values[j]``, flat beyond
    the ends, plus ``slope[j] * x + intercept[j]``; ``nan`` gives
    ``when_missing[j]``.
    """
    n_rows, n_features = x.shape
    width = knots.shape[1]
    out = np.empty((n_rows, n_features))
    for i in range(n_rows):
        for j in range(n_features):
            v = x[i, j]
            if np.isnan(v):
                out[i, j] = when_missing[j]
                continue
            above = 0  # knots at or below v
            while above < width and v >= knots[j, above]:
                above += 1
            hi = min(above, width - 1)
            lo = max(above - 1, 0)
            span = knots[j, hi] - knots[j, lo]
            t = (v - knots[j, lo]) / span if np.isfinite(span) and span > 0 else 0.0
            y = values[j, lo] + t * (values[j, hi] - values[j, lo])
            out[i, j] = y + ((slope[j] * v if slope[j] != 0 else 0.0) + intercept[j])
    return out


@numba.njit(cache=True, nogil=True)
def _hat_interval(v: float, knots: npt.NDArray[np.float64], size: int) -> tuple[int, float]:
    """The knot interval of ``v`` (its lower knot) and the weight of the upper knot, flat beyond."""
    if v <= knots[0]:
        return 0, 0.0
    if v >= knots[size - 1]:
        return size - 2, 1.0
    lo = 0
    while v >= knots[lo + 1]:
        lo += 1
    return lo, (v - knots[lo]) / (knots[lo + 1] - knots[lo])


@numba.njit(cache=True, nogil=True)
def pair_values(
    x: npt.NDArray[np.float64],
    first: npt.NDArray[np.int64],
    second: npt.NDArray[np.int64],
    knots_a: npt.NDArray[np.float64],
    sizes_a: npt.NDArray[np.int64],
    knots_b: npt.NDArray[np.float64],
    sizes_b: npt.NDArray[np.int64],
    grids: npt.NDArray[np.float64],
) -> npt.NDArray[np.float64]:
    """Every pair term's bilinear surface at ``x`` (rows of features); 0 where either is unknown.

    Pair ``p`` interpolates bilinearly over the grid ``grids[p]`` at the knots
    ``knots_a[p, :sizes_a[p]]`` of feature ``first[p]`` and
    ``knots_b[p, :sizes_b[p]]`` of feature ``second[p]``, flat beyond the ends
    (what the products of the two features' hat functions give).
    """
    n_rows = x.shape[0]
    n_pairs = first.shape[0]
    out = np.zeros((n_rows, n_pairs))
    for i in range(n_rows):
        for p in range(n_pairs):
            a = x[i, first[p]]
            b = x[i, second[p]]
            if np.isnan(a) or np.isnan(b):
                continue
            ia, wa = _hat_interval(a, knots_a[p], sizes_a[p])
            ib, wb = _hat_interval(b, knots_b[p], sizes_b[p])
            g = grids[p]
            out[i, p] = (1.0 - wa) * ((1.0 - wb) * g[ia, ib] + wb * g[ia, ib + 1]) + wa * (
                (1.0 - wb) * g[ia + 1, ib] + wb * g[ia + 1, ib + 1]
            )
    return out


_SEED = np.uint64(0x5EED0001)
_BIN_SEED = np.uint64(0x5EED0002)
_FINAL_MULT = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_EMPTY = np.uint64(0xFFFFFFFFFFFFFFFF)
_LOW56 = np.uint64(0x00FFFFFFFFFFFFFF)
_U8, _U30, _U27, _U31 = np.uint64(8), np.uint64(30), np.uint64(27), np.uint64(31)
_U32, _U56 = np.uint64(32), np.uint64(56)


@numba.njit(cache=True, nogil=True)
def _mix(x: np.uint64) -> np.uint64:
    """The splitmix64 finaliser: a fixed 64-bit bijection that scatters every input bit."""
    x = (x ^ (x >> _U30)) * _MIX1
    x = (x ^ (x >> _U27)) * _MIX2
    return x ^ (x >> _U31)


@numba.njit(cache=True, nogil=True)
def byte_gram_minhash(
    data: npt.NDArray[np.uint8],
    offsets: npt.NDArray[np.int64],
    band_mult: npt.NDArray[np.uint64],
    bands: int,
    values: npt.NDArray[np.uint8],
    band_keys: npt.NDArray[np.uint32],
) -> None:
    """One-permutation MinHash of each text's byte 8-grams (as ``text_signature`` signs).

    Text ``s`` is ``data[offsets[s]:offsets[s + 1]]`` (at least one byte). Each
    8-byte window (the whole text, zero-padded, if shorter) is hashed once
    (splitmix64 of the window read as a number); the top 8 bits of the hash
    pick one of 256 bins, which keeps the smallest of the other 56 bits. An
    empty bin takes the minimum of the first non-empty bin in a fixed
    pseudo-random sequence of bins of its own (densification), so both texts
    of a pair fill it alike. Value ``k`` is the top 4 bits of ``minimum[k] *
    _FINAL_MULT``, packed two a byte; band ``b``'s key is the top 32 bits of
    the sum of ``minimum[b * r + i] * band_mult[i]`` (``r = band_mult.size``).
    """
    size = values.shape[1] * 2
    rows = band_mult.size
    found = np.empty(size, dtype=np.uint64)
    mins = np.empty(size, dtype=np.uint64)
    drop = np.uint64(60)
    for s in range(offsets.size - 1):
        found[:] = _EMPTY
        lo, hi = offsets[s], offsets[s + 1]
        window = np.uint64(0)
        for i in range(lo, hi):
            window = (window << _U8) | np.uint64(data[i])
            if i - lo >= 7 or (i == hi - 1):
                h = _mix(window + _SEED)
                slot = h >> _U56
                v = h & _LOW56
                if v < found[slot]:
                    found[slot] = v
        for k in range(size):
            if found[k] != _EMPTY:
                mins[k] = found[k]
                continue
            attempt = np.uint64(0)
            while True:
                j = _mix((np.uint64(k) << _U32) + attempt + _BIN_SEED) >> _U56
                if found[j] != _EMPTY:
                    mins[k] = found[j]
                    break
                attempt += np.uint64(1)
        for k in range(0, size, 2):
            high = (mins[k] * _FINAL_MULT) >> drop
            low = (mins[k + 1] * _FINAL_MULT) >> drop
            values[s, k // 2] = np.uint8((high << np.uint64(4)) | low)
        for b in range(bands):
            combined = np.uint64(0)
            for i in range(rows):
                combined += mins[b * rows + i] * band_mult[i]
            band_keys[s, b] = np.uint32(combined >> _U32)


#: Entry layout of the local keys (see ``keypointstore``): key | angle (8) | point (6) | row (28).
_ROW_BITS_K = 28
_POINT_SHIFT_K = np.uint64(28)
_ANGLE_SHIFT_K = np.uint64(34)
_KEY_SHIFT_K = np.uint64(42)


@numba.njit(cache=True, nogil=True)
def _cell_pair(
    e: np.uint64, qa: int, side: int, turn_bins: int, row_mask: np.uint64
) -> tuple[int, int]:
    """The two vote cells of entry ``e`` hit by a query keypoint of angle ``qa`` on ``side``."""
    width = 256 // turn_bins
    base = (np.int64(e & row_mask) * 2 + side) * turn_bins
    turn = (qa - np.int64((e >> _ANGLE_SHIFT_K) & np.uint64(255))) % 256
    near = turn // width
    other = (near + 1 if turn % width >= width // 2 else near - 1) % turn_bins
    return int(base + near), int(base + other)


@numba.njit(cache=True, nogil=True)
def keypoint_votes(
    entries: npt.NDArray[np.uint64],
    directory: npt.NDArray[np.int64],
    query_keys: npt.NDArray[np.uint64],
    query_angles: npt.NDArray[np.int64],
    query_sides: npt.NDArray[np.int64],
    dir_shift: int,
    photos: int,
    stop: float,
    min_hits: int,
    turn_bins: int,
    counts: npt.NDArray[np.uint8],
    epoch: int,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    """The turn-consistent votes of a keypoint query's local keys (``LocalKeys.search``).

    ``entries[t]`` holds key table ``t``'s entries, sorted; an entry is ``key
    << 42 | stored angle << 34 | stored keypoint << 28 | row``, and
    ``directory[t, k]`` is where the keys whose top bits (``key >> dir_shift``)
    are ``k`` start. Query keypoint ``i``'s key in table ``t``
    (``query_keys[t, i]``) hits the entries of equal key; a key with more than
    ``stop`` entries is skipped, and each hit weighs ``log(photos / entries of
    its key)``. A hit votes in a *cell* ``(row * 2 + side) * turn_bins + bin``
    for the two bins nearest the turn from stored to query angle; within a
    cell each stored keypoint counts once, with its heaviest hit. Returns the
    cells with at least ``min_hits`` keypoints: cell, summed vote and
    keypoints, in no particular order.

    ``counts`` is scratch of at least ``(largest row + 1) * 2 * turn_bins``
    bytes. Hits are counted there first (a cheap upper bound of each cell's
    keypoints), so that only the few cells that can reach ``min_hits`` enter
    the hash table of exact votes. A byte is ``epoch << 2 | hits`` (hits
    saturating at 3, so ``min_hits`` is at most 3): a byte of another epoch
    counts as 0, so the caller need not clear the scratch between calls, only
    pass a new ``epoch`` (1 to 63) each time and clear it before reusing one.
    """
    row_mask = (np.uint64(1) << np.uint64(_ROW_BITS_K)) - np.uint64(1)
    tables, n = query_keys.shape
    starts = np.empty(tables * n, dtype=np.int64)
    sizes = np.zeros(tables * n, dtype=np.int64)
    for t in range(tables):
        table = entries[t]
        for i in range(n):
            key = query_keys[t, i]
            top = np.int64(key >> np.uint64(dir_shift))
            lo, hi = directory[t, top], directory[t, top + 1]
            first = key << _KEY_SHIFT_K
            start = lo + np.searchsorted(table[lo:hi], first)
            end = start
            while end < hi and end - start <= stop and table[end] >> _KEY_SHIFT_K == key:
                end += 1
            starts[t * n + i] = start
            if end > start and end - start <= stop:
                sizes[t * n + i] = end - start
    # The heaviest (rarest) keys first: a stored keypoint's first vote in a cell is its heaviest.
    order = np.argsort(sizes, kind="mergesort")
    skip = 0
    while skip < order.size and sizes[order[skip]] == 0:
        skip += 1
    order = order[skip:]
    # Pass 1: hits per cell (saturating), and how many cells reach min_hits.
    fresh = np.uint8(epoch << 2)
    full = np.uint8(epoch << 2 | min_hits)
    crowded = 0
    per_row = 2 * turn_bins
    rows = counts.size // per_row
    hot = np.zeros(rows, dtype=np.bool_)  # rows with a crowded cell
    for k in order:
        table = entries[k // n]
        qa, side = query_angles[k % n], query_sides[k % n]
        for j in range(starts[k], starts[k] + sizes[k]):
            if np.int64(table[j] & row_mask) >= rows:
                raise ValueError("a local key's row is beyond the scratch (damaged keys?)")
            for c in _cell_pair(table[j], qa, side, turn_bins, row_mask):
                v = counts[c]
                if v >> 2 != epoch:
                    v = fresh
                if v != full:
                    v += np.uint8(1)
                    if v == full:
                        crowded += 1
                        hot[c // per_row] = True
                counts[c] = v
    slots = 2
    while slots < 2 * crowded:
        slots *= 2
    cells = np.full(slots, -1, dtype=np.int64)
    votes = np.zeros(slots, dtype=np.float64)
    hits = np.zeros(slots, dtype=np.int64)
    masks = np.zeros(slots, dtype=np.uint64)
    # Pass 2: exact votes of the crowded cells.
    for k in order if crowded else order[:0]:
        table = entries[k // n]
        qa, side = query_angles[k % n], query_sides[k % n]
        w = np.log(max(photos, 2) / sizes[k])
        for j in range(starts[k], starts[k] + sizes[k]):
            e = table[j]
            if not hot[np.int64(e & row_mask)]:
                continue  # most hits: a row none of whose cells can reach min_hits
            bit = np.uint64(1) << ((e >> _POINT_SHIFT_K) & np.uint64(63))
            for c in _cell_pair(e, qa, side, turn_bins, row_mask):
                if counts[c] != full:
                    continue
                slot = (c * 0x9E3779B1) & (slots - 1)
                while cells[slot] != -1 and cells[slot] != c:
                    slot = (slot + 1) & (slots - 1)
                cells[slot] = c
                if not masks[slot] & bit:
                    masks[slot] |= bit
                    votes[slot] += w
                    hits[slot] += 1
    keep = hits >= min_hits
    return cells[keep], votes[keep], hits[keep]
