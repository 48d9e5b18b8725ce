"""Multi-index Hamming search against brute force."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fakeprofile._kernels import hamming_hits
from fakeprofile.index import hamming
from fakeprofile.index.hamming import (
    MERGE_AT,
    HammingIndex,
    build_tables,
    search_tables,
    search_tables_many,
)


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


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 4000))
def test_compiled_search_equals_brute_force_with_tombstones(seed: int, n: int) -> None:
    """The compiled look-up, at every radius it serves (and beyond), tombstones skipped."""
    rng = np.random.default_rng(seed)
    keys = _clustered(seed, n)
    ids = rng.permutation(n).astype(np.int64)
    tables = build_tables(keys, ids)
    dead = rng.random(n) < 0.2
    tables.ids[dead] = -1  # as HammingIndex.remove does
    live = tables.ids >= 0
    sample = tables.keys[: min(n, 6)]
    queries = np.concatenate([sample, rng.integers(0, 2**64, 3, np.uint64)])
    for radius in (0, 1, 2, 3, 5, 8, 9, 11, 12):
        got = search_tables_many(tables, queries, radius)
        assert len(got) == len(queries)
        for q, result in zip(queries, got, strict=True):
            assert result[0].dtype == result[1].dtype == np.int64
            assert _pairs(result) == _brute(tables.keys[live], tables.ids[live], int(q), radius)


def test_compiled_search_reports_each_key_once_and_counts_past_its_arrays() -> None:
    rng = np.random.default_rng(7)
    centre = np.uint64(0x0123456789ABCDEF)
    # 300 keys within 3 bits of one centre: close in every chunk, so each is a
    # candidate of all three chunks, and more hits than _HITS_PER_QUERY.
    flips = rng.integers(0, 64, size=(300, 3)).astype(np.uint64)
    near = centre ^ (np.uint64(1) << flips[:, 0]) ^ (np.uint64(1) << flips[:, 1])
    near ^= np.uint64(1) << flips[:, 2]
    keys = np.concatenate([near, rng.integers(0, 2**64, 50_000, np.uint64)])
    ids = np.arange(keys.size, dtype=np.int64)
    tables = build_tables(keys, ids)
    probes, dropped = hamming._probes(tables.bucket_bits, 2)
    queries = np.array([centre, centre ^ np.uint64(1)], dtype=np.uint64)
    expected = [_brute(keys, ids, int(q), 8) for q in queries]
    total = sum(len(e) for e in expected)
    assert total > 2 * hamming._HITS_PER_QUERY

    def run(capacity: int) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
        qid, positions, distances = (np.full(capacity, -7, dtype=np.int64) for _ in range(3))
        found = hamming_hits(
            tables.keys,
            tables.ids,
            (tables.rows1, tables.rows2),
            tables.offsets,
            probes,
            hamming._SHIFTS,
            hamming.CHUNK_BITS,
            dropped,
            queries,
            8,
            2,
            0,  # no cap
            qid,
            positions,
            distances,
        )
        return int(found), qid, positions, distances

    found, qid, positions, distances = run(total)
    assert found == total  # no duplicates, nothing missed
    for q in range(len(queries)):
        mine = qid == q
        pairs = zip(distances[mine].tolist(), tables.ids[positions[mine]].tolist(), strict=True)
        assert sorted(pairs) == expected[q]
    small, qid, _, _ = run(10)  # too small: the full count, only ten written
    assert small == total
    assert (qid >= 0).all()
    assert [_pairs(r) for r in search_tables_many(tables, queries, 8)] == expected


def test_search_of_empty_tables_and_no_queries() -> None:
    empty = build_tables(np.empty(0, np.uint64), np.empty(0, np.int64))
    for radius in (0, 8, 12, 64):
        results = search_tables_many(empty, np.array([0, 2**64 - 1], dtype=np.uint64), radius)
        assert [_pairs(r) for r in results] == [[], []]
    tables = build_tables(_clustered(0, 100), np.arange(100, dtype=np.int64))
    assert search_tables_many(tables, np.empty(0, np.uint64), 8) == []
    assert _pairs(search_tables(tables, int(tables.keys[0]), 64))[0][0] == 0


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


def test_a_limit_keeps_the_first_hits_of_a_photo_used_everywhere() -> None:
    # 600 near copies of one hash (a stock photo on 600 profiles), 50 unrelated hashes,
    # and a few copies added after the tables were built (the delta).
    rng = np.random.default_rng(5)
    centre = np.uint64(0x0123_4567_89AB_CDEF)
    flips = rng.integers(0, 64, size=(600, 3))
    copies = np.array(
        [centre ^ np.uint64(sum(1 << int(b) for b in set(row))) for row in flips], dtype=np.uint64
    )
    others = rng.integers(0, 2**63, size=50, dtype=np.int64).astype(np.uint64)
    index = HammingIndex.from_tables(build_tables(np.concatenate([copies, others]), np.arange(650)))
    every, _ = index.search(int(centre), 8)
    assert sorted(every.tolist()) == list(range(600))
    for limit in (1, 256, 599, 600, 1000):
        ids, dist = index.search(int(centre), 8, limit=limit)
        assert ids.size == min(limit, 600)
        assert set(ids.tolist()) <= set(every.tolist())
        assert (dist <= 8).all()
        assert (np.diff(dist) >= 0).all()  # nearest first among them
    index.add(np.array([centre, centre], dtype=np.uint64), np.array([700, 701]))
    assert index.search(int(centre), 8)[0].size == 602
    assert index.search(int(centre), 8, limit=256)[0].size == 256
    assert index.search(int(centre), 8, limit=601)[0].size == 601
    with pytest.raises(ValueError, match="limit"):
        index.search(int(centre), 8, limit=-1)
