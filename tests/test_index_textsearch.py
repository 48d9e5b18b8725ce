"""TextSearch: agrees with brute force, add/remove/replace, buffer vs merged, memory."""

from __future__ import annotations

import random

import numpy as np
import pytest

from fakeprofile.errors import IndexFormatError
from fakeprofile.fingerprints.text import (
    TextSignature,
    agreement_to_similarity,
    signature_arrays,
    text_signature,
)
from fakeprofile.index.textsearch import (
    DEFAULT_THRESHOLD,
    KEY_BITS,
    TextSearch,
    _decode_band,
    _directory_bits,
    _encode_band,
    _row_bits,
)

PROSE = (
    "data product growth hiring cloud python design sales brand teams leeds berlin fintech "
    "health retail energy coaching mentoring analytics strategy customers platform mobile "
    "payments logistics research marketing finance legal security people culture learning "
    "startups scale launch roadmap pipeline operations quality support community content"
)
WORDS = sorted(set(PROSE.split()))


def make_texts(count: int, seed: int) -> list[str]:
    """Unrelated texts over a shared small vocabulary, plus a private word or two each."""
    rng = random.Random(seed)
    return [
        " ".join([*rng.sample(WORDS, 12), f"unique{seed}x{i}", f"rare{seed}y{i}"])
        for i in range(count)
    ]


def edit(text: str, fraction: float, rng: random.Random) -> str:
    words = text.split()
    for i in rng.sample(range(len(words)), round(fraction * len(words))):
        words[i] = f"edit{rng.randrange(10**9)}"
    return " ".join(words)


def sig(text: str) -> TextSignature:
    s = text_signature(text)
    assert s is not None
    return s


def brute(sigs: dict[int, TextSignature], q: TextSignature, threshold: float) -> dict[int, float]:
    return {k: v.similarity(q) for k, v in sigs.items() if v.similarity(q) >= threshold}


@pytest.mark.parametrize("buffer_size", [1, 10_000])
def test_query_agrees_with_brute_force(buffer_size: int) -> None:
    rng = random.Random(0)
    texts = make_texts(400, seed=1)
    sigs = {i: sig(t) for i, t in enumerate(texts)}
    search = TextSearch(buffer_size=buffer_size)
    for k, s in sigs.items():
        search.add(k, s)
    assert len(search) == 400
    queries = [edit(texts[i], 0.1, rng) for i in range(0, 400, 10)] + make_texts(40, seed=2)
    found_high = 0
    for q in queries:
        qs = sig(q)
        got = dict(search.query(qs))
        want = brute(sigs, qs, DEFAULT_THRESHOLD)
        # Every result is verified: it is a brute-force match with the same similarity.
        assert set(got) <= set(want)
        for k, similarity in got.items():
            assert similarity == pytest.approx(want[k])
        # Near-duplicates (≥ 0.6) are practically always candidates (1 - 1e-4 per pair).
        high = {k for k, v in want.items() if v >= 0.6}
        assert high <= set(got)
        found_high += len(high)
    assert found_high >= 38  # the edited copies (one word in ten changed)


def test_results_sorted_by_similarity_then_key() -> None:
    search = TextSearch()
    base = make_texts(1, seed=3)[0]
    search.add(5, sig(base))
    search.add(2, sig(base))
    search.add(9, sig(edit(base, 0.1, random.Random(1))))
    got = search.query(sig(base))
    assert [k for k, _ in got] == [2, 5, 9]
    assert got[0][1] == got[1][1] == 1.0
    assert got[2][1] < 1.0


def test_add_replace_remove() -> None:
    a, b = make_texts(2, seed=4)
    search = TextSearch(buffer_size=1)  # merged arrays, not the buffer
    search.add_many([1, 2], [sig(a), sig(b)])
    assert [k for k, _ in search.query(sig(a))] == [1]
    search.add(1, sig(b))  # replace: key 1 now holds b
    assert len(search) == 2
    assert search.query(sig(a)) == []
    assert [k for k, _ in search.query(sig(b))] == [1, 2]
    search.remove(2)
    search.remove(2)  # removing twice is fine
    search.remove(12345)
    assert len(search) == 1
    assert [k for k, _ in search.query(sig(b))] == [1]


def test_many_removals_compact_and_stay_correct() -> None:
    texts = make_texts(3000, seed=5)
    search = TextSearch()
    search.add_many(range(3000), [sig(t) for t in texts])
    before = search.nbytes
    for k in range(0, 3000, 2):
        search.remove(k)
    search.merge()
    assert len(search) == 1500
    assert search.nbytes < before  # compacted
    for k in (0, 1, 2998, 2999):
        keys = [key for key, _ in search.query(sig(texts[k]))]
        assert (k in keys) == (k % 2 == 1)


def test_buffer_and_merged_give_the_same_answers() -> None:
    texts = make_texts(300, seed=6)
    rng = random.Random(2)
    queries = [sig(edit(t, 0.2, rng)) for t in texts[:30]]
    buffered = TextSearch(buffer_size=100_000)
    merged = TextSearch(buffer_size=1)
    for i, t in enumerate(texts):
        buffered.add(i, sig(t))
        merged.add(i, sig(t))
    merged.merge()
    for q in queries:
        want = brute({i: sig(t) for i, t in enumerate(texts)}, q, DEFAULT_THRESHOLD)
        got_buffered = dict(buffered.query(q))
        assert got_buffered == pytest.approx(want)  # brute force in the buffer: exact
        assert set(merged.query(q)) <= set(buffered.query(q))


def test_memory_per_text_is_within_budget() -> None:
    # 128 (values) + 40 * 4 (band entries) + 8 + 4 + 1 (keys, their order, alive)
    # + the directory (40 * 4 * 129 / 5000 = 4.1): 305 bytes per text.
    texts = make_texts(5000, seed=7)
    search = TextSearch()
    search.add_many(range(5000), [sig(t) for t in texts])
    assert search.nbytes / len(search) <= 310


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"threshold": 0.0}, r"threshold must be in \(0, 1\], got 0.0"),
        ({"threshold": 1.5}, r"threshold must be in \(0, 1\], got 1.5"),
        ({"bands": 0}, r"bands must be in \[1, 40\], got 0"),
        ({"bands": 41}, r"bands must be in \[1, 40\], got 41"),
        ({"buffer_size": 0}, "buffer_size must be ≥ 1"),
        ({"bucket_cap": 0}, "bucket_cap must be ≥ 1"),
    ],
)
def test_invalid_parameters(kwargs: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        TextSearch(**kwargs)  # type: ignore[arg-type]


def test_largest_band_key_is_found() -> None:
    # The band search looks up [key, key + 1); key + 1 wraps for the largest key.
    values = bytes(range(128))
    top = TextSignature(values, b"\xff" * 160)
    low = TextSignature(bytes(reversed(values)), b"\x00" * 160)
    search = TextSearch(buffer_size=1)
    search.add_many([1, 2], [top, low])
    assert search.query(top) == [(1, 1.0)]
    assert search.query(low) == [(2, 1.0)]


def test_agreement_count_paths_agree() -> None:
    # The popcount path (NumPy ≥ 2) and the table path (older NumPy) count the same.
    sigs = [sig(t) for t in make_texts(50, seed=8)]
    rows = np.stack([s.array for s in sigs])
    q = sigs[0].array
    fast = TextSearch._agreement(rows, q, popcount=True)
    table = TextSearch._agreement(rows, q, popcount=False)
    assert fast.tolist() == table.tolist()
    assert fast[0] == 256
    assert [round(s.similarity(sigs[0]), 9) for s in sigs] == [
        round(agreement_to_similarity(int(a)), 9) for a in fast
    ]


def test_query_limit_keeps_the_most_similar() -> None:
    from fakeprofile.fingerprints.text import text_signature
    from fakeprofile.index.textsearch import TextSearch

    bio = (
        "Data engineer building streaming pipelines for logistics companies with Kafka "
        "Flink and Postgres, mentoring juniors and writing about reliability"
    )
    base = bio.split(" ")
    search = TextSearch(buffer_size=4)  # most keys merged, a few still pending
    for i in range(40):
        words = list(base)
        for k in range(i % 6):  # 0 to 5 words changed: decreasing similarity
            words[2 + 3 * k] = f"other{i}x{k}"
        sig = text_signature(" ".join(words))
        assert sig is not None
        search.add(i, sig)
    query = text_signature(" ".join(base))
    assert query is not None
    everything = search.query(query)
    assert len(everything) > 10
    top = search.query(query, limit=10)
    assert top == everything[:10]
    assert search.query(query, limit=0) == []


def test_stock_text_buckets_are_read_to_the_cap_and_unique_texts_whole() -> None:
    stock = sig(
        "Results driven team player passionate about delivering real value to our customers daily"
    )
    texts = make_texts(30, seed=9)
    search = TextSearch(buffer_size=1, bucket_cap=16)
    search.add_many(range(300), [stock] * 300)  # one stock text, 300 profiles
    search.add_many(range(1000, 1030), [sig(t) for t in texts])
    # Every band of the stock text lands in a 300-text bucket: only the first
    # 16 added are read, and they are verified like any candidate.
    assert search.query(stock) == [(k, 1.0) for k in range(16)]
    assert TextSearch(buffer_size=1).query(stock) == []
    uncapped = TextSearch(buffer_size=1, bucket_cap=10**6)
    uncapped.add_many(range(300), [stock] * 300)
    assert len(uncapped.query(stock)) == 300
    # A text outside the stock buckets is still found whole.
    rng = random.Random(3)
    assert search.query(sig(edit(texts[4], 0.1, rng)))[0][0] == 1004


def test_search_many_equals_one_query_at_a_time() -> None:
    rng = random.Random(11)
    texts = make_texts(300, seed=12)
    stock = sig(
        "Results driven team player passionate about delivering real value to our customers daily"
    )
    search = TextSearch(buffer_size=50, bucket_cap=8)
    search.add_many(range(300), [sig(t) for t in texts])
    search.add_many(range(300, 340), [stock] * 40)  # buckets beyond the cap
    for k in range(0, 300, 7):
        search.remove(k)  # tombstones
    for k in range(400, 420):
        search.add(k, sig(edit(texts[k - 400], 0.1, rng)))  # still in the append buffer
    queries = [sig(edit(t, 0.2, rng)) for t in texts[:70]] + [stock] + make_texts_sigs(5)
    for limit in (None, 3):
        many = search.search_many(queries, limit=limit)  # more than one batch of queries
        assert len(many) == len(queries)
        for q, (keys, sims) in zip(queries, many, strict=True):
            one_keys, one_sims = search.search(q, limit=limit)
            assert keys.tolist() == one_keys.tolist()
            assert sims.tolist() == one_sims.tolist()
            pairs = list(zip(keys.tolist(), sims.tolist(), strict=True))
            assert search.query(q, limit=limit) == pairs
    assert search.search_many([]) == []


def make_texts_sigs(count: int) -> list[TextSignature]:
    return [sig(t) for t in make_texts(count, seed=99)]


def test_add_arrays_equals_add_many_and_replaces() -> None:
    texts = make_texts(200, seed=21)
    sigs = [sig(t) for t in texts]
    one = TextSearch(buffer_size=16)
    one.add_many(range(200), sigs)
    blobs = [s.to_bytes() for s in sigs]
    values, bands = signature_arrays(blobs)
    other = TextSearch(buffer_size=16)
    other.add_arrays(np.arange(200, dtype=np.int64), values, bands)
    rng = random.Random(5)
    queries = [sig(edit(t, 0.1, rng)) for t in texts[:40]]
    assert [other.query(q) for q in queries] == [one.query(q) for q in queries]
    # Adding a key again replaces it, as add() does.
    other.add_arrays(np.array([3], dtype=np.int64), values[[7]], bands[[7]])
    assert len(other) == 200
    assert (3, 1.0) not in other.query(sigs[3])  # key 3's old text is gone
    assert [k for k, s in other.query(sigs[7]) if s == 1.0] == [3, 7]  # it holds text 7
    with pytest.raises(ValueError, match="keys must be distinct"):
        other.add_arrays(np.array([1, 1], dtype=np.int64), values[:2], bands[:2])
    with pytest.raises(ValueError, match="expected values of shape"):
        other.add_arrays(np.array([1], dtype=np.int64), values[:2], bands[:2])


def test_signature_arrays_name_the_bad_blob() -> None:
    good = sig(make_texts(1, seed=4)[0]).to_bytes()
    with pytest.raises(IndexFormatError, match="text signature 1: expected 289 bytes, got 3"):
        signature_arrays([good, b"abc"])
    with pytest.raises(IndexFormatError, match="text signature 2: format version 9"):
        signature_arrays([good, good, b"\x09" + good[1:]])


@pytest.mark.parametrize("band_key", [0, 1, 0x7FFFFFFF, 0xFFFFFFFE, 0xFFFFFFFF])
def test_band_keys_at_the_ends_of_the_range_are_found(band_key: int) -> None:
    # Band entries pack key << 32 | row; the directory splits keys by their top
    # bits: the smallest and largest keys sit at its edges.
    rng = np.random.default_rng(band_key % 1000)
    n = 3000  # enough texts for a directory of several bits
    values = rng.integers(0, 256, size=(n, 128), dtype=np.uint8)
    bands = rng.integers(0, 2**32, size=(n, 40), dtype=np.uint64).astype(np.uint32)
    bands[7, 5] = band_key  # one text with the key in band 5 only
    search = TextSearch()
    search.add_arrays(np.arange(n, dtype=np.int64), values, bands)
    query_bands = rng.integers(0, 2**32, size=40, dtype=np.uint64).astype("<u4")
    query_bands[5] = band_key
    query = TextSignature(values[7].tobytes(), query_bands.tobytes())
    assert search.query(query) == [(7, 1.0)]


def _random_arrays(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    values = rng.integers(0, 256, size=(n, 128), dtype=np.uint8)
    bands = rng.integers(0, 2**32, size=(n, 40), dtype=np.uint64).astype(np.uint32)
    return values, bands


def _one_band_query(values: np.ndarray, bands: np.ndarray, band: int, key: int) -> TextSignature:
    """A query with ``values`` whose band ``band`` has ``key`` and every other band a fresh key."""
    query_bands = (~bands).astype("<u4")  # differs from the text's keys in their top bits
    query_bands[band] = key
    return TextSignature(values.tobytes(), query_bands.tobytes())


@pytest.mark.parametrize(
    "n", [0, 1, 2, 3, 64, 65, 127, 128, 129, 5000, 2**20 + 1, 2**31, 2**31 + 1, 2**32]
)
def test_band_entries_encode_and_decode_at_every_size(n: int) -> None:
    # Entries pack the key's bits below the directory's with a row in 32 bits;
    # the split moves with the number of rows: check both ends of each.
    rng = np.random.default_rng(n % 997)
    count = min(n, 3000)
    rows = np.unique(np.concatenate(([0, n - 1], rng.integers(0, n, size=count))))[:count]
    rows = rows[rows >= 0].astype(np.uint64)
    keys = rng.integers(0, 2**KEY_BITS, size=rows.size, dtype=np.uint64)
    keys[: min(2, keys.size)] = [0, 2**KEY_BITS - 1][: min(2, keys.size)]
    entries = np.sort((keys << np.uint64(32)) | rows)
    packed, directory = _encode_band(entries, n)
    assert packed.dtype == np.uint32
    assert directory.dtype == np.uint32
    assert directory.size == (1 << _directory_bits(n)) + 1
    assert directory[-1] == entries.size
    # Sorted within each directory range, which the look-up's binary search needs.
    starts = np.unique(directory)
    for lo, hi in zip(starts[:-1].tolist(), starts[1:].tolist(), strict=True):
        assert (np.diff(packed[lo:hi].astype(np.int64)) >= 0).all()
    assert _decode_band(packed, directory, n).tolist() == entries.tolist()
    assert _row_bits(n) + KEY_BITS - _directory_bits(n) <= 32


def test_band_keys_match_on_their_top_bits_and_are_verified() -> None:
    # The search keeps a band key's top KEY_BITS bits: a key differing only
    # below them makes the text a candidate (still verified), one differing
    # above them does not.
    n = 3000
    values, bands = _random_arrays(n, seed=3)
    search = TextSearch()
    search.add_arrays(np.arange(n, dtype=np.int64), values, bands)
    key = int(bands[7, 5])
    low = (1 << (32 - KEY_BITS)) - 1
    assert search.query(_one_band_query(values[7], bands[7], 5, key)) == [(7, 1.0)]
    assert search.query(_one_band_query(values[7], bands[7], 5, key ^ low)) == [(7, 1.0)]
    assert search.query(_one_band_query(values[7], bands[7], 5, key ^ (low + 1))) == []
    # A candidate is verified: other values, same band key, no match.
    assert search.query(_one_band_query(values[8], bands[7], 5, key)) == []


@pytest.mark.parametrize("buffer_size", [7, 300])
def test_growing_removing_and_compacting_keep_every_band_entry(buffer_size: int) -> None:
    # Rows are added a few at a time past several powers of two (each changes
    # how entries are packed), removed (tombstones, then a compaction that
    # renumbers the rows) and replaced: every live text is still found through
    # each band alone, and the search answers as one built at once from the
    # live texts does.
    n = 3300
    values, bands = _random_arrays(n, seed=4)
    search = TextSearch(buffer_size=buffer_size)
    for start in range(0, n, 50):
        search.add_many(
            range(start, min(n, start + 50)),
            [
                TextSignature(values[i].tobytes(), bands[i].astype("<u4").tobytes())
                for i in range(start, min(n, start + 50))
            ],
        )
    removed = set(range(0, n, 3)) | set(range(1000, 1200))
    for k in sorted(removed):
        search.remove(k)
    for k in (1, 2, 1000):  # replaced: key k now holds text k + 1
        search.add(k, TextSignature(values[k + 1].tobytes(), bands[k + 1].astype("<u4").tobytes()))
    search.merge()
    held = {k: k for k in range(n) if k not in removed} | {1: 2, 2: 3, 1000: 1001}
    assert len(search) == len(held)
    fresh = TextSearch()
    keys = np.array(sorted(held), dtype=np.int64)
    texts = np.array([held[k] for k in keys.tolist()])
    fresh.add_arrays(keys, values[texts], bands[texts])
    rng = random.Random(5)
    for k in rng.sample(sorted(held), 300):
        text = held[k]
        band = rng.randrange(40)
        query = _one_band_query(values[text], bands[text], band, int(bands[text, band]))
        got = search.query(query)
        assert (k, 1.0) in got
        assert got == fresh.query(query)
    for k in rng.sample(sorted(removed - {1, 2, 1000}), 50):
        query = TextSignature(values[k].tobytes(), bands[k].astype("<u4").tobytes())
        assert all(key != k for key, _ in search.query(query))


def test_arrays_of_another_layout_are_refused() -> None:
    # Saved arrays are mapped as they are: arrays of the previous layout (8-byte
    # band entries, no key-bits count) must be refused, never converted or misread.
    values, bands = _random_arrays(500, seed=6)
    search = TextSearch()
    search.add_arrays(np.arange(500, dtype=np.int64), values, bands)
    saved = search.arrays()
    query = TextSignature(values[9].tobytes(), bands[9].astype("<u4").tobytes())
    assert TextSearch.from_arrays(saved).query(query) == [(9, 1.0)]
    old_bands = dict(saved, bands=saved["bands"].astype(np.uint64))
    with pytest.raises(ValueError, match="bands is uint64"):
        TextSearch.from_arrays(old_bands)
    old_counts = dict(saved, counts=saved["counts"][:2])
    with pytest.raises(ValueError, match="of another layout"):
        TextSearch.from_arrays(old_counts)
    other_bits = dict(saved, counts=np.array([0, 40, KEY_BITS + 1], dtype=np.int64))
    with pytest.raises(ValueError, match="of another layout"):
        TextSearch.from_arrays(other_bits)
    small_directory = dict(saved, directory=saved["directory"][:, :3])
    with pytest.raises(ValueError, match="directory"):
        TextSearch.from_arrays(small_directory)


def _reference_hits(
    search: TextSearch, qbands: np.ndarray, qvalues: np.ndarray
) -> list[tuple[int, int, int]]:
    """``band_hits`` as its docstring states it, in plain Python: (query, row, agreement)."""
    n = search._keys.size
    decoded = [_decode_band(search._bands[b], search._directory[b], n) for b in range(search.bands)]
    out = []
    for q in range(len(qbands)):
        seen: set[int] = set()
        for b in range(search.bands):
            key = int(qbands[q, b]) >> (32 - KEY_BITS)
            bucket = [int(e) & 0xFFFFFFFF for e in decoded[b] if int(e) >> 32 == key]
            for row in bucket[: search.bucket_cap]:
                if row in seen or not search._alive[row]:
                    continue
                seen.add(row)
                agree = int(TextSearch._agreement(search._sigs[row : row + 1], qvalues[q])[0])
                if agree >= search._min_agree:
                    out.append((q, row, agree))
    return out


@pytest.mark.parametrize("bucket_cap", [1, 7, 256])
def test_band_hits_equal_a_plain_reference_in_order(bucket_cap: int) -> None:
    # The compiled look-up (prefetching, verifying after collecting a query's
    # rows) must find the same rows, with the same agreement, in the same order:
    # crowded buckets cut at the cap, rows in many bands verified once, removed
    # rows skipped, near-copies on both sides of the threshold.
    rng = np.random.default_rng(11)
    n = 2000
    values, bands = _random_arrays(n, seed=12)
    base = values[0].copy()
    for row in range(300):  # a templated text: shared band keys, values edited more and more
        noisy = base.copy()
        flip = rng.choice(128, size=row * 128 // 300, replace=False)
        noisy[flip] = rng.integers(0, 256, size=flip.size, dtype=np.uint8)
        values[row] = noisy
        shared = rng.choice(40, size=1 + row % 40, replace=False)
        bands[row, shared] = bands[0, shared]
    search = TextSearch(bucket_cap=bucket_cap)
    search.add_arrays(np.arange(n, dtype=np.int64), values, bands)
    for key in range(3, 300, 7):
        search.remove(key)
    queries = [0, 1, 150, 299, 500, 1999]
    qbands = np.ascontiguousarray(bands[queries])
    qvalues = np.ascontiguousarray(values[queries])
    qvalues[1] = base  # the template itself, not stored as such
    qid, keys, agree = search._query_merged(qbands, qvalues)
    found = list(zip(qid.tolist(), keys.tolist(), agree.tolist(), strict=True))
    expected = _reference_hits(search, qbands, qvalues)
    assert found == expected
    assert len(expected) >= len(queries)  # not an empty comparison
