"""Compiled inner loops of the index look-ups (Numba).

A look-up of one profile touches a few thousand array entries scattered over
hundreds of megabytes: one binary search per LSH band, each bucket's rows, a
128-byte signature per candidate. Written as NumPy, that is a few dozen calls
per band whose fixed cost (a few microseconds each) was most of a look-up;
written as one loop and compiled, only the memory accesses remain.

The functions are plain Python over NumPy arrays and integers, compiled on
first use and cached on disk next to this file (or in Numba's user cache
directory when that is not writable), so only the first process after an
install pays the compilation (about a second).
"""

from __future__ import annotations

import numba
import numpy as np
import numpy.typing as npt

__all__ = ["band_hits"]

_M1 = np.uint64(0x5555555555555555)
_M2 = np.uint64(0x3333333333333333)
_M4 = np.uint64(0x0F0F0F0F0F0F0F0F)
_H01 = np.uint64(0x0101010101010101)
_NIBBLE_LOW = np.uint64(0x1111111111111111)
_ONE, _TWO, _FOUR, _TOP = np.uint64(1), np.uint64(2), np.uint64(4), np.uint64(56)


@numba.njit(cache=True, nogil=True)
def _differing_nibbles(a: npt.NDArray[np.uint64], b: npt.NDArray[np.uint64]) -> int:
    """How many 4-bit values differ between two rows of packed nibbles."""
    differ = 0
    for w in range(a.size):
        # Fold each nibble of a ^ b onto its lowest bit (1 iff the values differ),
        # then count the bits (SWAR popcount).
        x = a[w] ^ b[w]
        x |= x >> _ONE
        x |= x >> _TWO
        x &= _NIBBLE_LOW
        x -= (x >> _ONE) & _M1
        x = (x & _M2) + ((x >> _TWO) & _M2)
        x = (x + (x >> _FOUR)) & _M4
        differ += int((x * _H01) >> _TOP)
    return differ


@numba.njit(cache=True, nogil=True)
def band_hits(
    band_keys: npt.NDArray[np.uint32],
    band_rows: npt.NDArray[np.uint32],
    directory: npt.NDArray[np.uint32],
    shift: int,
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

    For each query ``q`` and band ``b`` (``band_keys.shape[0]`` bands), the
    rows whose band key equals ``query_bands[q, b]`` (binary search in the
    sorted ``band_keys[b]``, within the range ``directory[b]`` gives for the
    key's top bits, ``key >> shift``; at most ``bucket_cap`` of them, the first), live
    (``alive``), and agreeing with ``query_sigs[q]`` on at least
    ``min_agree`` 4-bit values are written as (query, row, agreement), each
    (query, row) once, in the order found; ``out_*`` must hold
    ``len(query_bands) * bands * bucket_cap`` entries.
    """
    n_bands = band_keys.shape[0]
    nibbles = sigs.shape[1] * 16
    starts = np.empty(n_bands, dtype=np.int64)
    ends = np.empty(n_bands, dtype=np.int64)
    m = 0
    for q in range(query_bands.shape[0]):
        total = 0
        for b in range(n_bands):
            keys = band_keys[b]
            key = query_bands[q, b]
            top = key >> shift
            lo, hi = directory[b, top], directory[b, top + 1]
            start = lo + np.searchsorted(keys[lo:hi], key)
            end = min(lo + np.searchsorted(keys[lo:hi], key, side="right"), start + bucket_cap)
            starts[b], ends[b] = start, end
            total += end - start
        if total == 0:
            continue
        # The rows seen so far for this query, in an open-addressing hash set:
        # a near-copy shares most bands, and is verified (and written) once.
        slots = 2
        while slots < 2 * total:
            slots *= 2
        seen = np.full(slots, -1, dtype=np.int64)
        for b in range(n_bands):
            for i in range(starts[b], ends[b]):
                row = np.int64(band_rows[b, i])
                slot = (row * 0x9E3779B1) & (slots - 1)
                while seen[slot] != -1 and seen[slot] != row:
                    slot = (slot + 1) & (slots - 1)
                if seen[slot] == row or not alive[row]:
                    continue
                seen[slot] = row
                agree = nibbles - _differing_nibbles(sigs[row], query_sigs[q])
                if agree >= min_agree:
                    out_query[m] = q
                    out_row[m] = row
                    out_agree[m] = agree
                    m += 1
    return m
