"""Multi-index Hamming search against brute force."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fakeprofile.index.hamming import MERGE_AT, HammingIndex, build_tables, search_tables


def _brute(keys: np.ndarray, ids: np.ndarray, key: int, radius: int) -> list[tuple[int, int]]:
    d = np.bitwise_count(keys ^ np.uint64(key)).astype(np.int64)
    near = d <= radius
    return sorted(zip(d[near].tolist(), ids[near].tolist(), strict=True))


def _pairs(result: tuple[np.ndarray, np.ndarray]) -> list[tuple[int, int]]:
    ids, distances = result
    return list(zip(distances.tolist(), ids.tolist(), strict=True))


def _clustered(seed: int, n: int) -> np.ndarray:
    """Keys near a few centres, as real photo hashes are, plus some random ones."""
    rng = np.random.default_rng(seed)
    centres = rng.integers(0, 2**64, size=8, dtype=np.uint64)
    keys = centres[rng.integers(0, 8, size=n)]
    for _ in range(4):
        keys ^= np.uint64(1) << rng.integers(0, 64, size=n).astype(np.uint64)
    keys[: n // 4] = rng.integers(0, 2**64, size=n // 4, dtype=np.uint64)
    return keys


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(0, 3000),
    radius=st.integers(0, 12),
    merged=st.booleans(),
)
def test_search_equals_brute_force(seed: int, n: int, radius: int, merged: bool) -> None:
    rng = np.random.default_rng(seed)
    keys = _clustered(seed, n)
    ids = rng.permutation(n).astype(np.int64) * 3
    index = HammingIndex()
    index.add(keys, ids)
    if merged:
        index.merge()
    queries = [int(k) for k in keys[:5]] + [int(q) for q in rng.integers(0, 2**64, 3, np.uint64)]
    expected = [_brute(keys, ids, q, radius) for q in queries]
    assert [_pairs(index.search(q, radius)) for q in queries] == expected
    # All at once (one pass over the tables): the same answers, in order.
    together = index.search_many(np.array(queries, dtype=np.uint64), radius)
    assert [_pairs(r) for r in together] == expected
    assert len(index) == n


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), removed=st.integers(0, 400))
def test_remove_then_search(seed: int, removed: int) -> None:
    rng = np.random.default_rng(seed)
    keys = _clustered(seed, 1000)
    ids = np.arange(1000, dtype=np.int64)
    index = HammingIndex()
    index.add(keys[:600], ids[:600])
    index.merge()
    index.add(keys[600:], ids[600:])  # stays in the delta
    gone = rng.choice(1000, size=removed, replace=False)
    assert index.remove(gone) == removed
    live = np.ones(1000, dtype=bool)
    live[gone] = False
    for q in keys[:10]:
        assert _pairs(index.search(int(q), 8)) == _brute(keys[live], ids[live], int(q), 8)
    index.merge()
    for q in keys[:10]:
        assert _pairs(index.search(int(q), 8)) == _brute(keys[live], ids[live], int(q), 8)
    assert len(index) == 1000 - removed


def test_pure_function_over_tables_and_search_many() -> None:
    keys = _clustered(3, 5000)
    ids = np.arange(5000, dtype=np.int64)
    tables = build_tables(keys, ids)
    index = HammingIndex()
    index.add(keys, ids)
    index.merge()
    results = index.search_many(keys[:20], 6)
    for k, got in zip(keys[:20], results, strict=True):
        assert (
            _pairs(got) == _pairs(search_tables(tables, int(k), 6)) == _brute(keys, ids, int(k), 6)
        )


def test_full_width_buckets_at_scale_and_auto_merge() -> None:
    n = MERGE_AT + 10
    rng = np.random.default_rng(1)
    keys = rng.integers(0, 2**64, size=n, dtype=np.uint64)
    index = HammingIndex()
    index.add(keys[:100], np.arange(100))
    index.add(keys[100:], np.arange(100, n))  # past MERGE_AT: merged on the spot
    assert len(index.tables.keys) == n
    assert index.tables.bucket_bits == (17, 17, 17)
    # Bytes per key: 8 (key) + 8 (id) + 2 × 4 (rows) + offsets.
    assert index.nbytes == n * 24 + 3 * 4 * (2**17 + 1)
    assert _pairs(index.search(int(keys[5]), 0)) == [(0, 5)]


def test_argument_checks() -> None:
    index = HammingIndex()
    with pytest.raises(ValueError, match="same length"):
        index.add(np.array([1], np.uint64), np.array([1, 2]))
    with pytest.raises(ValueError, match="ids must be ≥ 0"):
        index.add(np.array([1], np.uint64), np.array([-1]))
    with pytest.raises(ValueError, match=r"radius must be in \[0, 64\]"):
        index.search(1, 65)
    assert index.search(1, 8)[0].size == 0
    assert index.remove([1, 2]) == 0
