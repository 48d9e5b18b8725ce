"""The sweep's stages: each record to a row of hashes and signatures, then the candidate
pairs of each photo block and text band, verified as an index look-up verifies them.

See :mod:`fakeprofile.sweep` for the method; these are the functions Dask runs.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

# --------------------------------------------------------------------------- #
# Everything sweep needs from the fingerprint, text and index code: one place,
# so that these lines are all there is to repoint when that code moves.
# --------------------------------------------------------------------------- #
from .._kernels import hamming_hits
from ..errors import InvalidProfileError, PhotoError
from ..fingerprints.photo import (
    CANDIDATE_RADIUS,
    PROBE_THRESHOLD,
    STRONG_BITS,
    STRONG_THRESHOLD,
    PhotoFingerprint,
    query_fingerprints,
)
from ..fingerprints.text import (
    SIGNATURE_BANDS,
    SIGNATURE_SIZE,
    SIMILARITY_BY_AGREEMENT,
    VALUES_BYTES,
    min_agreement,
    name_mask,
    normalize,
    profile_texts,
    signatures_of_normalized,
)
from ..index.hamming import CHUNK_BITS, Tables, build_tables
from ..index.textsearch import DEFAULT_THRESHOLD
from ..io import FieldFilter, Item, ReadError, frame_cells, unflatten
from ..profile import parse_profile

#: Columns of :func:`sweep`'s result, in order.
COLUMNS: tuple[str, ...] = (
    "id",
    "copied_from",
    "kind",
    "closeness",
    "created_at",
    "copied_from_created_at",
    "order",
    "cluster",
    "cluster_size",
    "error",
)
#: A group of profiles sharing one photo or text is reported as a cluster above this size.
DEFAULT_CLUSTER_AT = 50
#: Members of an over-full block each compared with this many of its first members.
PIVOTS = 8
#: Top bits of a photo-hash chunk that name its block, at the least (3 chunks × 2**TOP_BITS
#: blocks); more for a large population (:func:`top_bits_for`).
TOP_BITS = 3
#: At most this many top bits (3 × 4,096 blocks).
MAX_TOP_BITS = 12
#: Stored photo hashes a block is sized for: more top bits once a block would hold more.
BLOCK_HASHES = 1_000_000
#: Records per partition when the input is an iterable or a pandas DataFrame.
DEFAULT_PARTITION_SIZE = 20_000

_STRONG_WORDS = STRONG_BITS // 64
_VALUE_WORDS = VALUES_BYTES // 8
_S = [f"s{i}" for i in range(_STRONG_WORDS)]
_M = [f"m{i}" for i in range(_STRONG_WORDS)]
_V = [f"v{i}" for i in range(_VALUE_WORDS)]
_K = [f"k{i}" for i in range(SIGNATURE_BANDS)]
_U64 = npt.NDArray[np.uint64]
_I64 = npt.NDArray[np.int64]

# The text search's verification: at least this many of the 4-bit values agree.
_MIN_AGREE = min_agreement(DEFAULT_THRESHOLD)


# --------------------------------------------------------------------------- #
# Stage 1: each record to one row of hashes and signatures
# --------------------------------------------------------------------------- #


def _prepared_meta() -> pd.DataFrame:
    """The (empty) frame :func:`_prepare` returns: its columns and dtypes."""
    columns: dict[str, Any] = {
        "pos": np.empty(0, np.int64),
        "id": pd.Series([], dtype=object),
        "day": np.empty(0, np.int32),
        "error": pd.Series([], dtype=object),
        "fp": np.empty(0, bool),
        "ph": np.empty(0, np.uint64),
        "mph": np.empty(0, np.uint64),
    }
    columns.update({c: np.empty(0, np.uint64) for c in [*_S, *_M]})
    columns["probes"] = pd.Series([], dtype=object)
    columns["sig"] = np.empty(0, bool)
    columns.update({c: np.empty(0, np.uint64) for c in _V})
    columns.update({c: np.empty(0, np.uint32) for c in _K})
    return pd.DataFrame(columns)


def _words(bits: int, count: int) -> list[int]:
    """``bits`` as ``count`` 64-bit words, most significant first."""
    return [(bits >> (64 * (count - 1 - i))) & ((1 << 64) - 1) for i in range(count)]


def _where(source: str, line: int) -> str:
    return source if source.startswith("<frame> row") else f"{source}:{line}"


def _prepare(records: Sequence[Any], partition: int) -> pd.DataFrame:
    """Hashes and signatures of ``records`` (Items, ReadErrors, Profiles or dicts).

    Row ``i`` gets the position ``partition << 32 | i``, unique in the sweep.
    A record that is not a valid profile becomes a row with its ``error``.
    """
    n = len(records)
    ids: list[str | None] = [None] * n
    errors: list[str | None] = [None] * n
    days = np.zeros(n, np.int32)
    fp_ok = np.zeros(n, bool)
    photo = np.zeros((n, 2 + 2 * _STRONG_WORDS), np.uint64)
    probes: list[str] = [""] * n
    sig_ok = np.zeros(n, bool)
    values = np.zeros((n, VALUES_BYTES), np.uint8)
    bands = np.zeros((n, SIGNATURE_BANDS), np.uint32)
    signed: list[int] = []
    abouts: list[str] = []
    for i, record in enumerate(records):
        where = f"record {i + 1}"
        value: Any = record
        if isinstance(record, ReadError):
            ids[i] = record.record_id
            errors[i] = f"{_where(record.source, record.line)}: {record.message}"
            continue
        if isinstance(record, Item):
            where, value = _where(record.source, record.line), record.value
        try:
            profile = parse_profile(value)
        except InvalidProfileError as exc:
            ids[i] = exc.record_id
            errors[i] = f"{where}: {'; '.join(map(str, exc.problems))}"
            continue
        ids[i] = profile.id
        if profile.created_at is not None:
            days[i] = profile.created_at.toordinal()
        try:
            fp, extra = query_fingerprints(profile)
        except InvalidProfileError as exc:  # a photo_hash that is not a fingerprint
            errors[i] = f"{where}: {'; '.join(map(str, exc.problems))}"
            continue
        except PhotoError:  # an unreadable photo file: unknown, as in the index
            fp, extra = None, ()
        if fp is not None and fp.has_detail:  # too plain a photo is never compared
            fp_ok[i] = True
            photo[i] = [
                fp.phash.bits,
                fp.mirror_phash.bits,
                *_words(fp.strong.bits, _STRONG_WORDS),
                *_words(fp.mirror_strong.bits, _STRONG_WORDS),
            ]
            probes[i] = ";".join(p.to_hex() for p in extra)
        about = profile_texts(profile).get("about")
        if about is not None:  # normalised with the name masked, as text_signature signs it
            signed.append(i)
            abouts.append(normalize(about, mask=name_mask(profile)))
    # Every about text of the chunk signed in one pass (as text_signature signs one).
    for i, sig in zip(signed, signatures_of_normalized(abouts), strict=True):
        if sig is not None:
            sig_ok[i] = True
            values[i] = np.frombuffer(sig.values, np.uint8)
            bands[i] = sig.band_keys
    frame: dict[str, Any] = {
        "pos": (np.int64(partition) << np.int64(32)) | np.arange(n, dtype=np.int64),
        "id": pd.Series(ids, dtype=object),
        "day": days,
        "error": pd.Series(errors, dtype=object),
        "fp": fp_ok,
        "ph": photo[:, 0],
        "mph": photo[:, 1],
    }
    for j, name in enumerate([*_S, *_M]):
        frame[name] = photo[:, 2 + j]
    frame["probes"] = pd.Series(probes, dtype=object)
    frame["sig"] = sig_ok
    words = values.view(np.uint64)
    for j, name in enumerate(_V):
        frame[name] = words[:, j]
    for j, name in enumerate(_K):
        frame[name] = bands[:, j]
    return pd.DataFrame(frame)


def _prepare_frame(
    frame: pd.DataFrame,
    extra_fields: str,
    label_field: str | None,
    partition_info: dict[str, Any] | None = None,
) -> pd.DataFrame:
    """:func:`_prepare` of a DataFrame partition (flat dotted columns, as score_frame takes)."""
    number = int(partition_info["number"]) if partition_info else 0
    fields = FieldFilter(extra_fields, label_field=label_field)
    records: list[Item[Any] | ReadError] = []
    for label, cells in zip(frame.index, frame_cells(frame), strict=True):
        source = f"<frame> row {label}"
        try:
            records.append(Item(source, 0, fields(unflatten(cells))))
        except (TypeError, ValueError, IndexError, AttributeError) as exc:
            records.append(ReadError(source, 0, None, f"cannot place a column: {exc}"))
    return _prepare(records, number)


def _prepare_chunk(chunk: tuple[int, Sequence[Any]]) -> pd.DataFrame:
    return _prepare(chunk[1], chunk[0])


# --------------------------------------------------------------------------- #
# Stage 2a: photos, blocked on hash chunks
# --------------------------------------------------------------------------- #


def _photo_meta() -> pd.DataFrame:
    columns: dict[str, Any] = {
        "block": np.empty(0, np.int64),
        "pos": np.empty(0, np.int64),
        "key": np.empty(0, np.uint64),
    }
    columns.update({c: np.empty(0, np.uint64) for c in _S})
    columns.update(
        {"thr": np.empty(0, np.int16), "mirrored": np.empty(0, bool), "stored": np.empty(0, bool)}
    )
    return pd.DataFrame(columns)


def _hits_meta() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "a": np.empty(0, np.int64),
            "b": np.empty(0, np.int64),
            "distance": np.empty(0, np.int64),
            "mirrored": np.empty(0, bool),
        }
    )


def _chunk_values(keys: _U64, c: int) -> _I64:
    shift = 64 - sum(CHUNK_BITS[: c + 1])
    mask = np.uint64((1 << CHUNK_BITS[c]) - 1)
    return ((keys >> np.uint64(shift)) & mask).astype(np.int64)


def top_bits_for(photos: int) -> int:
    """Top bits that name a photo block, for ``photos`` stored photo hashes.

    A stored hash is filed under ``1 + t`` of its chunk's ``2**t`` blocks, so a
    block holds about ``(1 + t) / 2**t`` of them: the fewest bits from
    :data:`TOP_BITS` up that keep that within :data:`BLOCK_HASHES` (each bit
    more files every hash under 3 blocks more, so no more are taken than needed).
    """
    t = TOP_BITS
    while t < MAX_TOP_BITS and (1 + t) * photos > BLOCK_HASHES << t:
        t += 1
    return t


def _photo_rows(prepared: pd.DataFrame, top_bits: int) -> pd.DataFrame:
    """Each photo hash of ``prepared`` filed under its blocks (see the module docstring).

    Per photo: the hash (stored, and a query), its mirror image (a query) and
    each query probe's two (queries, verified at the probe threshold); each
    under 3 × (1 + ``top_bits``) blocks.
    """
    have = prepared[prepared["fp"].to_numpy()]
    pos = have["pos"].to_numpy()
    parts = [
        (pos, have["ph"].to_numpy(), have[_S].to_numpy(), STRONG_THRESHOLD, False, True),
        (pos, have["mph"].to_numpy(), have[_M].to_numpy(), STRONG_THRESHOLD, True, False),
    ]
    probe_rows: list[tuple[int, PhotoFingerprint]] = [
        (int(p), PhotoFingerprint.from_hex(h))
        for p, text in zip(pos.tolist(), have["probes"].tolist(), strict=True)
        if text
        for h in text.split(";")
    ]
    if probe_rows:
        ppos = np.array([p for p, _ in probe_rows], np.int64)
        fps = [f for _, f in probe_rows]
        for mirrored in (False, True):
            keys = np.array(
                [(f.mirror_phash if mirrored else f.phash).bits for f in fps], np.uint64
            )
            strong = np.array(
                [_words((f.mirror_strong if mirrored else f.strong).bits, _STRONG_WORDS)
                 for f in fps],
                np.uint64,
            )  # fmt: skip
            parts.append((ppos, keys, strong, PROBE_THRESHOLD, mirrored, False))
    out = []
    flips = np.array([0] + [1 << b for b in range(top_bits)], np.int64)
    for ppos, keys, strong, thr, mirrored, stored in parts:
        keys = keys.astype(np.uint64)
        for c in range(len(CHUNK_BITS)):
            top = _chunk_values(keys, c) >> (CHUNK_BITS[c] - top_bits)
            blocks = (c << top_bits) + (top[:, None] ^ flips[None, :])
            reps = flips.size
            frame: dict[str, Any] = {
                "block": blocks.ravel(),
                "pos": np.repeat(ppos, reps),
                "key": np.repeat(keys, reps),
            }
            for j, name in enumerate(_S):
                frame[name] = np.repeat(strong[:, j].astype(np.uint64), reps)
            m = blocks.size
            frame["thr"] = np.full(m, thr, np.int16)
            frame["mirrored"] = np.full(m, mirrored)
            frame["stored"] = np.full(m, stored)
            out.append(pd.DataFrame(frame))
    if not out:
        return _photo_meta()
    return pd.concat(out, ignore_index=True)


#: Query hashes searched together in one block (bounds the memory of their hits).
_QUERY_BATCH = 65_536


def _photo_hits(part: pd.DataFrame, block_cap: int, top_bits: int) -> pd.DataFrame:
    """Verified photo matches among the rows of one shuffled partition (one or more blocks)."""
    if not len(part):
        return _hits_meta()
    part = part.sort_values(["block", "pos"], kind="stable")
    blocks = part["block"].to_numpy()
    edges = np.flatnonzero(np.diff(blocks)) + 1
    bounds = [0, *edges.tolist(), len(part)]
    found: list[pd.DataFrame] = []
    for lo, hi in itertools.pairwise(bounds):
        found.append(_block_hits(part.iloc[lo:hi], block_cap, top_bits))
    return _best_pairs(pd.concat(found, ignore_index=True))


def _chunk_probes(c: int, dropped: int) -> _I64:
    """The values XORed into a chunk-``c`` bucket to reach every bucket within 2 bits of it."""
    sub = CANDIDATE_RADIUS // len(CHUNK_BITS)
    masks = [0]
    for k in range(1, sub + 1):
        combos = itertools.combinations(range(CHUNK_BITS[c]), k)
        masks += [sum(1 << b for b in bits) for bits in combos]
    return np.unique(np.array(masks, np.int64) >> dropped)


def _chunk_hits(tables: Tables, c: int, queries: _U64) -> tuple[_I64, _I64]:
    """(query number, stored id) of the stored keys within the candidate radius of a query
    whose chunk ``c`` differs in at most 2 bits and no earlier chunk does.

    A block of chunk ``c`` needs only those: a pair whose earlier chunk is that
    close meets in a block of that earlier chunk and is found there (module
    docstring). Only chunk ``c``'s buckets are probed, a third of a full
    search of the tables.
    """
    sub = CANDIDATE_RADIUS // len(CHUNK_BITS)
    shifts = (64 - CHUNK_BITS[0], CHUNK_BITS[2], 0)
    d = CHUNK_BITS[c] - tables.bucket_bits[c]
    empty = np.empty(0, np.int64)
    mine = _chunk_probes(c, d)
    probes = (mine if c == 0 else empty, mine if c == 1 else empty, mine if c == 2 else empty)
    # Earlier chunks are checked on all their bits (not their buckets'): exactly the rule above.
    dropped = (d if c == 0 else 0, d if c == 1 else 0, d if c == 2 else 0)
    size = 16 * queries.size + 1024
    while True:
        qid = np.empty(size, np.int64)
        position = np.empty(size, np.int64)
        distance = np.empty(size, np.int64)
        found = hamming_hits(
            tables.keys, tables.ids, (tables.rows1, tables.rows2), tables.offsets, probes,
            shifts, CHUNK_BITS, dropped, queries, CANDIDATE_RADIUS, sub, 0, qid, position,
            distance,
        )  # fmt: skip
        if found <= size:
            return qid[:found], tables.ids[position[:found]]
        size = found


def _block_hits(block: pd.DataFrame, block_cap: int, top_bits: int) -> pd.DataFrame:
    stored = block[block["stored"].to_numpy()]
    if not len(stored):
        return _hits_meta()
    c = int(block["block"].iloc[0]) >> top_bits  # the chunk this block is of
    # Exact duplicates (one photo hash on many profiles) are searched once: their
    # representative's matches stand for them all.
    skey = stored[["key", *_S]].to_numpy()
    uniq, inverse = np.unique(skey, axis=0, return_inverse=True)
    inverse = inverse.ravel()
    spos = stored["pos"].to_numpy()
    order = np.argsort(inverse, kind="stable")
    counts = np.bincount(inverse, minlength=len(uniq))
    starts = np.concatenate([[0], np.cumsum(counts)])
    tables = build_tables(uniq[:, 0].astype(np.uint64), np.arange(len(uniq), dtype=np.int64))
    rep_strong = uniq[:, 1:].astype(np.uint64)
    qkeys = block["key"].to_numpy().astype(np.uint64)
    qstrong = block[_S].to_numpy().astype(np.uint64)
    qpos = block["pos"].to_numpy()
    qthr = block["thr"].to_numpy().astype(np.int64)
    qmirror = block["mirrored"].to_numpy()
    out: list[pd.DataFrame] = []
    for q0 in range(0, len(block), _QUERY_BATCH):
        q, r = _chunk_hits(tables, c, qkeys[q0 : q0 + _QUERY_BATCH])
        if not q.size:
            continue
        q = q + q0
        distance = np.bitwise_count(qstrong[q] ^ rep_strong[r]).sum(axis=1).astype(np.int64)
        ok = distance <= qthr[q]
        q, r, distance = q[ok], r[ok], distance[ok]
        if not q.size:
            continue
        # Each representative stands for its members (its first PIVOTS beyond block_cap).
        size = counts[r]
        take = np.where(size > block_cap, np.minimum(size, PIVOTS), size)
        q = np.repeat(q, take)
        distance = np.repeat(distance, take)
        offsets = np.arange(int(take.sum())) - np.repeat(np.cumsum(take) - take, take)
        member = order[np.repeat(starts[r], take) + offsets]
        b = spos[member]
        a = qpos[q]
        keep = a != b
        out.append(
            pd.DataFrame(
                {
                    "a": a[keep],
                    "b": b[keep],
                    "distance": distance[keep],
                    "mirrored": qmirror[q][keep],
                }
            )
        )
    if not out:
        return _hits_meta()
    return pd.concat(out, ignore_index=True)


def _best_pairs(hits: pd.DataFrame) -> pd.DataFrame:
    """One row per unordered pair, at its smallest distance (as a look-up reports it)."""
    if not len(hits):
        return _hits_meta()
    a = hits["a"].to_numpy()
    b = hits["b"].to_numpy()
    hits = hits.assign(a=np.minimum(a, b), b=np.maximum(a, b))
    hits = hits.sort_values(["a", "b", "distance", "mirrored"], kind="stable")
    return hits.drop_duplicates(["a", "b"]).reset_index(drop=True)


# --------------------------------------------------------------------------- #
# Stage 2b: about texts, blocked on LSH band keys
# --------------------------------------------------------------------------- #


def _band_meta() -> pd.DataFrame:
    columns: dict[str, Any] = {"block": np.empty(0, np.int64), "pos": np.empty(0, np.int64)}
    columns.update({c: np.empty(0, np.uint64) for c in _V})
    return pd.DataFrame(columns)


def _band_rows(prepared: pd.DataFrame) -> pd.DataFrame:
    """Each about signature filed under its band keys: block ``band << 32 | key``.

    The row carries the signature's values, so that a bucket's candidates are
    verified where the bucket is (no join of candidates with signatures).
    """
    have = prepared[prepared["sig"].to_numpy()]
    keys = have[_K].to_numpy().astype(np.int64)
    band = np.arange(SIGNATURE_BANDS, dtype=np.int64)
    frame: dict[str, Any] = {
        "block": ((band[None, :] << 32) | keys).ravel(),
        "pos": np.repeat(have["pos"].to_numpy(), SIGNATURE_BANDS),
    }
    for c in _V:
        frame[c] = np.repeat(have[c].to_numpy().astype(np.uint64), SIGNATURE_BANDS)
    return pd.DataFrame(frame)


def _text_meta() -> pd.DataFrame:
    return pd.DataFrame(
        {"a": np.empty(0, np.int64), "b": np.empty(0, np.int64), "similarity": np.empty(0)}
    )


def _candidate_rows(blocks: _I64, block_cap: int) -> tuple[_I64, _I64]:
    """Row pairs (i, j) of candidates among rows sorted by block: pairs within each bucket.

    A bucket of more than ``block_cap`` rows (a stock text) pairs each of its
    members with its first :data:`PIVOTS` only.
    """
    n = blocks.size
    starts = np.flatnonzero(np.concatenate([[True], blocks[1:] != blocks[:-1]]))
    sizes = np.diff(np.concatenate([starts, [n]]))
    size_of = np.repeat(sizes, sizes)  # each row's bucket size
    end = np.repeat(starts, sizes) + size_of  # each row's bucket end
    i_parts: list[_I64] = []
    j_parts: list[_I64] = []
    # Buckets within the cap: every pair, as (row, row + k) for each offset k.
    rows = np.flatnonzero((size_of > 1) & (size_of <= block_cap))
    k = 1
    while rows.size:
        rows = rows[rows + k < end[rows]]
        i_parts.append(rows)
        j_parts.append(rows + k)
        k += 1
    # Over-full buckets: each member with the bucket's first PIVOTS members.
    for start, size in zip(starts[sizes > block_cap].tolist(), sizes[sizes > block_cap].tolist(),
                           strict=True):  # fmt: skip
        for pivot in range(PIVOTS):
            i_parts.append(np.full(size - pivot - 1, start + pivot, np.int64))
            j_parts.append(np.arange(start + pivot + 1, start + size, dtype=np.int64))
    if not i_parts:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    return np.concatenate(i_parts).astype(np.int64), np.concatenate(j_parts).astype(np.int64)


def _agreement(x: _U64, y: _U64) -> _I64:
    """How many of the 4-bit MinHash values agree, row by row (values as 64-bit words)."""
    d = x ^ y
    # A 4-bit value differs when any of its bits does: fold each nibble onto its lowest bit.
    d |= d >> np.uint64(1)
    d |= d >> np.uint64(2)
    d &= np.uint64(0x1111111111111111)
    agree: _I64 = SIGNATURE_SIZE - np.bitwise_count(d).sum(axis=1).astype(np.int64)
    return agree


#: Candidate pairs verified together (bounds the memory of their gathered values).
_VERIFY_BATCH = 262_144


def _text_pairs(part: pd.DataFrame, block_cap: int, cluster_at: int) -> pd.DataFrame:
    """Verified text pairs among the rows of one shuffled partition (one or more band buckets).

    Each bucket's candidates (:func:`_candidate_rows`) are verified on the
    signatures' values at the text search's threshold. Verified pairs that
    connect more than ``cluster_at`` profiles here already belong to a
    cluster, whatever the other partitions find (a group only grows), and a
    cluster is reported by its members, not its pairs: such a group is
    returned as a star (each member with its smallest position, similarity
    NaN), which keeps it connected in :func:`sweep`'s final grouping without
    materialising all its pairs.
    """
    if not len(part):
        return _text_meta()
    part = part.sort_values(["block", "pos"], kind="stable")
    pos = part["pos"].to_numpy()
    values = part[_V].to_numpy().astype(np.uint64)
    i, j = _candidate_rows(part["block"].to_numpy(), block_cap)
    a_parts: list[_I64] = []
    b_parts: list[_I64] = []
    agree_parts: list[_I64] = []
    for lo in range(0, i.size, _VERIFY_BATCH):
        bi, bj = i[lo : lo + _VERIFY_BATCH], j[lo : lo + _VERIFY_BATCH]
        agree = _agreement(values[bi], values[bj])
        ok = agree >= _MIN_AGREE
        pa, pb = pos[bi[ok]], pos[bj[ok]]
        a_parts.append(np.minimum(pa, pb))
        b_parts.append(np.maximum(pa, pb))
        agree_parts.append(agree[ok])
    if not a_parts:
        return _text_meta()
    a = np.concatenate(a_parts)
    b = np.concatenate(b_parts)
    agree = np.concatenate(agree_parts)
    keep = a != b  # the same profile twice in one bucket cannot happen; kept safe
    a, b, agree = a[keep], b[keep], agree[keep]
    if not a.size:
        return _text_meta()
    # One row per pair, at its highest agreement (a pair shares several band keys).
    order = np.lexsort((-agree, b, a))
    a, b, agree = a[order], b[order], agree[order]
    first = np.concatenate([[True], (a[1:] != a[:-1]) | (b[1:] != b[:-1])])
    a, b, agree = a[first], b[first], agree[first]
    similarity = SIMILARITY_BY_AGREEMENT[agree].astype(np.float64)
    # Groups already bigger than a cluster: a star instead of their pairs.
    nodes, labels = components(a, b)
    sizes = np.bincount(labels)
    if not (sizes > cluster_at).any():
        return pd.DataFrame({"a": a, "b": b, "similarity": similarity})
    label_of_a = labels[np.searchsorted(nodes, a)]
    small = sizes[label_of_a] <= cluster_at
    big_nodes = sizes[labels] > cluster_at
    # Each group's hub: its smallest position (nodes are sorted: the first of its label).
    _, first_of = np.unique(labels, return_index=True)
    hub = nodes[first_of]
    star_nodes = nodes[big_nodes]
    star_hubs = hub[labels[big_nodes]]
    spoke = star_nodes != star_hubs
    return pd.DataFrame(
        {
            "a": np.concatenate([a[small], star_hubs[spoke]]),
            "b": np.concatenate([b[small], star_nodes[spoke]]),
            "similarity": np.concatenate([similarity[small], np.full(int(spoke.sum()), np.nan)]),
        }
    )


def components(a: _I64, b: _I64) -> tuple[_I64, _I64]:
    """The nodes (sorted) of the graph of edges (a, b), and each one's component number."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    nodes, inverse = np.unique(np.concatenate([a, b]), return_inverse=True)
    m = a.size
    graph = coo_matrix(
        (np.ones(m, np.int8), (inverse[:m], inverse[m:])), shape=(nodes.size, nodes.size)
    )
    _, labels = connected_components(graph, directed=False)
    return nodes, labels.astype(np.int64)
