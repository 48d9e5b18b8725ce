"""A platform-wide copy sweep on Dask: every pair of profiles sharing a photo or an about text.

:func:`sweep` finds copies *within* a population, with no single machine
holding an index of all of it. Candidate pairs come from the blocking the
reference index uses, grouped by Dask (a shuffle on the blocking key), and
each candidate is verified by the rule an index look-up applies:

**Photos.** A 64-bit pHash is cut into the index's three chunks
(:data:`~fakeprofile.index.hamming.CHUNK_BITS`). Two hashes within
:data:`~fakeprofile.signals.photo.CANDIDATE_RADIUS` (8) bits agree within 2
bits on at least one chunk (pigeonhole). A hash is filed under a *block* per
chunk: the chunk's top :data:`TOP_BITS` bits, and a copy under each value one
bit away from them, so two chunks within 2 bits meet in at least one block (a
meet-in-the-middle over the top bits). Inside a block, the stored hashes
(each profile's photo) go into the index's own multi-index tables
(:func:`~fakeprofile.index.hamming.build_tables`) and every query hash (the
photo, its mirror image and, for photo files, the crop and rotation query
probes) is searched within the candidate radius; each candidate is confirmed
on the 256-bit hash within :data:`~fakeprofile.signals.photo.STRONG_THRESHOLD`
bits (:data:`~fakeprofile.signals.photo.PROBE_THRESHOLD` for probes), exactly
what :func:`~fakeprofile.signals.photo.verify` checks. A photo too plain to
identify anyone is never compared, as in the index; an unreadable photo file
is unknown (the profile is swept for text only).

**Texts.** The about text is signed as the index signs it (the profile's own
name masked: the signature :func:`~fakeprofile.signals.text.text_signature` gives). Each of the
signature's 40 LSH band keys is a block; profiles sharing a band key are
candidates, verified on the 4-bit MinHash values at the text search's
threshold (:data:`~fakeprofile.index.textsearch.DEFAULT_THRESHOLD`, estimated
Jaccard 0.45 of content words).

**Stock texts and photos.** A block (a band key, or one exact photo hash)
holding more than ``block_cap`` profiles is not compared pair by pair: every
member is compared with its first :data:`PIVOTS` members (by input order),
which keeps the work and memory linear. A group of profiles connected by
verified pairs that has more than ``cluster_at`` members is reported as one
cluster (one row per member, pointing at its oldest member), not as its
pairs.

Output, one row per pair (see :data:`COLUMNS`): ``id`` is the newer profile
and ``copied_from`` the older when both creation dates are known and differ
(``order == "older"``); otherwise ``order`` says ``"same day"`` or
``"unknown"`` and the two are in id order, which claims nothing. A cluster
row names its cluster (``photo-1``, ``text-1``… numbered by size) and points
at the cluster's oldest member with a known creation date (none if no member
has one). A record that is not a valid profile (or whose ``photo_hash`` is not
a fingerprint) is an error row; the others are swept.

Scope: the about text is compared with other profiles' about texts (the
text signal's own-words copy; a headline is a job title many share, and a
job description may be a company's blurb). An index look-up compares it with
every text field of the indexed profiles, so a bio pasted into another
profile's job description is found by a look-up, not by the sweep. A pair is
reported once, at its smallest photo distance (or highest text similarity)
found in either direction, as an index look-up from either profile would.

Memory: an iterable is cut into partitions on the calling machine, so its
records are held there until the sweep ends; give a large population as a
Dask DataFrame (``dask.dataframe.read_parquet``, ``read_csv``). The result
(pairs, cluster rows and errors) is gathered on the calling machine.
"""

from __future__ import annotations

import datetime as dt
import importlib
import itertools
import math
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

# --------------------------------------------------------------------------- #
# Everything sweep needs from the fingerprint, text and index code: one place,
# so that these lines are all there is to repoint when that code moves.
# --------------------------------------------------------------------------- #
from .errors import InvalidProfileError, PhotoError
from .index.hamming import CHUNK_BITS, build_tables, search_tables_many
from .index.textsearch import DEFAULT_BUCKET_CAP, DEFAULT_THRESHOLD
from .io import FieldFilter, Item, ReadError, unflatten
from .profile import Profile, parse_profile
from .signals.photo import (
    CANDIDATE_RADIUS,
    PROBE_THRESHOLD,
    STRONG_BITS,
    STRONG_THRESHOLD,
    PhotoFingerprint,
    query_fingerprints,
)
from .signals.text import (
    SIGNATURE_BANDS,
    SIGNATURE_BITS,
    SIGNATURE_SIZE,
    VALUES_BYTES,
    agreement_to_similarity,
    content_words,
    name_mask,
    profile_texts,
    signatures_of_word_sets,
)

if TYPE_CHECKING:
    import dask.dataframe as dd

__all__ = ["COLUMNS", "DEFAULT_CLUSTER_AT", "PIVOTS", "TOP_BITS", "sweep"]

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
#: Top bits of a photo-hash chunk that name its block (3 chunks × 2**TOP_BITS blocks).
TOP_BITS = 3
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

# Words the photo and text signals use for how alike two copies are (their
# thresholds too: the signals keep them private, so they are restated here).
_SAME_BITS = 8
_NEARLY_BITS = 24
# The text search's verification: at least this many of the 4-bit values agree.
_CHANCE = 1.0 / (1 << SIGNATURE_BITS)
_MIN_AGREE = math.ceil(
    (DEFAULT_THRESHOLD + (1.0 - DEFAULT_THRESHOLD) * _CHANCE) * SIGNATURE_SIZE - 1e-9
)
_SIMILARITY = np.array([agreement_to_similarity(a) for a in range(SIGNATURE_SIZE + 1)])


def _photo_closeness(distance: int, mirrored: bool) -> str:
    """How alike two photos are, in the photo signal's words (256-bit distance)."""
    if distance <= _SAME_BITS:
        return "the same photo, mirrored" if mirrored else "the same photo"
    turned = ", mirrored" if mirrored else ""
    if distance <= _NEARLY_BITS:
        return f"a nearly identical{turned} copy"
    return f"an edited{turned} copy"


def _text_closeness(similarity: float) -> str:
    """How alike two about texts are, in the text signal's words."""
    if similarity >= 0.9:
        return "word for word"
    if similarity >= 0.7:
        return "nearly the same"
    return "closely copied"


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
    word_sets: list[list[str]] = []
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
        if about is not None:
            signed.append(i)
            word_sets.append(content_words(about, mask=name_mask(profile)))
    # Every about text of the chunk signed in one pass (as text_signature signs one).
    for i, sig in zip(signed, signatures_of_word_sets(word_sets), strict=True):
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
    columns = [str(c) for c in frame.columns]
    records: list[Item[Any] | ReadError] = []
    for label, row in zip(frame.index, frame.itertuples(index=False, name=None), strict=True):
        source = f"<frame> row {label}"
        # pd.NA (missing in pandas' nullable and string dtypes) is a blank cell, as NaN is.
        cells = (
            (c, None if v is pd.NA else v.item() if isinstance(v, np.generic) else v)
            for c, v in zip(columns, row, strict=True)
        )
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


def _photo_rows(prepared: pd.DataFrame) -> pd.DataFrame:
    """Each photo hash of ``prepared`` filed under its blocks (see the module docstring).

    Per photo: the hash (stored, and a query), its mirror image (a query) and
    each query probe's two (queries, verified at the probe threshold); each
    under 3 × (1 + :data:`TOP_BITS`) blocks.
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
    flips = np.array([0] + [1 << b for b in range(TOP_BITS)], np.int64)
    for ppos, keys, strong, thr, mirrored, stored in parts:
        keys = keys.astype(np.uint64)
        for c in range(len(CHUNK_BITS)):
            top = _chunk_values(keys, c) >> (CHUNK_BITS[c] - TOP_BITS)
            blocks = (c << TOP_BITS) + (top[:, None] ^ flips[None, :])
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


def _photo_hits(part: pd.DataFrame, block_cap: int) -> pd.DataFrame:
    """Verified photo matches among the rows of one shuffled partition (one or more blocks)."""
    if not len(part):
        return _hits_meta()
    part = part.sort_values(["block", "pos"], kind="stable")
    blocks = part["block"].to_numpy()
    edges = np.flatnonzero(np.diff(blocks)) + 1
    bounds = [0, *edges.tolist(), len(part)]
    found: list[pd.DataFrame] = []
    for lo, hi in itertools.pairwise(bounds):
        found.append(_block_hits(part.iloc[lo:hi], block_cap))
    return _best_pairs(pd.concat(found, ignore_index=True))


def _block_hits(block: pd.DataFrame, block_cap: int) -> pd.DataFrame:
    stored = block[block["stored"].to_numpy()]
    if not len(stored):
        return _hits_meta()
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
        answers = search_tables_many(tables, qkeys[q0 : q0 + _QUERY_BATCH], CANDIDATE_RADIUS)
        lens = np.array([len(ids) for ids, _ in answers], np.int64)
        if not lens.sum():
            continue
        q = np.repeat(np.arange(q0, q0 + len(answers)), lens)
        r = np.concatenate([ids for ids, _ in answers]).astype(np.int64)
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


def _band_rows(prepared: pd.DataFrame) -> pd.DataFrame:
    """Each about signature filed under its band keys: block ``band << 32 | key``."""
    have = prepared[prepared["sig"].to_numpy()]
    keys = have[_K].to_numpy().astype(np.int64)
    band = np.arange(SIGNATURE_BANDS, dtype=np.int64)
    return pd.DataFrame(
        {
            "block": ((band[None, :] << 32) | keys).ravel(),
            "pos": np.repeat(have["pos"].to_numpy(), SIGNATURE_BANDS),
        }
    )


def _pairs_meta() -> pd.DataFrame:
    return pd.DataFrame({"a": np.empty(0, np.int64), "b": np.empty(0, np.int64)})


def _text_candidates(part: pd.DataFrame, block_cap: int) -> pd.DataFrame:
    """Candidate pairs of one shuffled partition: pairs within each band bucket.

    A bucket of more than ``block_cap`` texts (a stock text) pairs each of its
    members with its first :data:`PIVOTS` only.
    """
    if not len(part):
        return _pairs_meta()
    part = part.sort_values(["block", "pos"], kind="stable")
    blocks = part["block"].to_numpy()
    pos = part["pos"].to_numpy()
    starts = np.flatnonzero(np.concatenate([[True], blocks[1:] != blocks[:-1]]))
    sizes = np.diff(np.concatenate([starts, [len(part)]]))
    size_of = np.repeat(sizes, sizes)  # each row's bucket size
    first = np.repeat(starts, sizes)  # each row's bucket start
    a_parts: list[_I64] = []
    b_parts: list[_I64] = []
    # Buckets within the cap: every pair, as (row, row + k) for each offset k.
    rows = np.flatnonzero((size_of > 1) & (size_of <= block_cap))
    k = 1
    while rows.size:
        rows = rows[rows + k < first[rows] + size_of[rows]]
        a_parts.append(pos[rows])
        b_parts.append(pos[rows + k])
        k += 1
    # Over-full buckets: each member with the bucket's first PIVOTS members.
    for start, size in zip(starts[sizes > block_cap].tolist(), sizes[sizes > block_cap].tolist(),
                           strict=True):  # fmt: skip
        members = pos[start : start + size]
        for pivot in range(PIVOTS):
            a_parts.append(np.repeat(members[pivot], size - pivot - 1))
            b_parts.append(members[pivot + 1 :])
    if not a_parts:
        return _pairs_meta()
    pairs = pd.DataFrame({"a": np.concatenate(a_parts), "b": np.concatenate(b_parts)})
    return pairs.drop_duplicates().reset_index(drop=True)


def _unique_pairs(pairs: pd.DataFrame) -> pd.DataFrame:
    return pairs.drop_duplicates().reset_index(drop=True)


def _verify_text(merged: pd.DataFrame) -> pd.DataFrame:
    """The candidates whose signatures agree enough: (a, b, similarity)."""
    if not len(merged):
        return pd.DataFrame(
            {"a": np.empty(0, np.int64), "b": np.empty(0, np.int64), "similarity": np.empty(0)}
        )
    x = merged[[f"a_{c}" for c in _V]].to_numpy().astype(np.uint64) ^ merged[
        [f"b_{c}" for c in _V]
    ].to_numpy().astype(np.uint64)
    # A 4-bit value differs when any of its bits does: fold each nibble onto its lowest bit.
    x |= x >> np.uint64(1)
    x |= x >> np.uint64(2)
    x &= np.uint64(0x1111111111111111)
    agree = SIGNATURE_SIZE - np.bitwise_count(x).sum(axis=1).astype(np.int64)
    ok = agree >= _MIN_AGREE
    return pd.DataFrame(
        {
            "a": merged["a"].to_numpy()[ok],
            "b": merged["b"].to_numpy()[ok],
            "similarity": _SIMILARITY[agree[ok]],
        }
    )


# --------------------------------------------------------------------------- #
# The sweep
# --------------------------------------------------------------------------- #


def _module(name: str) -> Any:
    """An optional dependency (Dask, distributed), imported when first needed."""
    return importlib.import_module(name)


def _scheduler(scheduler: Any) -> tuple[Any, Any]:
    """(what to pass as ``scheduler=``, a client to close afterwards or None)."""
    if scheduler is None:
        return None, None
    if isinstance(scheduler, str):
        if scheduler in ("threads", "processes", "synchronous", "sync", "single-threaded"):
            return scheduler, None
        client = _module("distributed").Client(scheduler)
        return client, client
    return scheduler, None


def _as_dask(profiles: Any, partition_size: int, extra_fields: str, label_field: str | None) -> Any:
    """The prepared rows of ``profiles`` as a Dask DataFrame (nothing computed yet)."""
    dd = _module("dask.dataframe")
    meta = _prepared_meta()
    if isinstance(profiles, pd.DataFrame):
        profiles = dd.from_pandas(profiles, chunksize=max(1, partition_size), sort=False)
    if isinstance(profiles, dd.DataFrame):
        return profiles.map_partitions(
            _prepare_frame, extra_fields, label_field, meta=meta, enforce_metadata=False
        )
    if isinstance(profiles, str | bytes | Mapping | Profile):
        raise TypeError(
            "profiles must be a DataFrame or an iterable of profiles, "
            f"got one {type(profiles).__name__}"
        )
    fields = FieldFilter(extra_fields, label_field=label_field)
    chunks: list[tuple[int, list[Any]]] = []
    chunk: list[Any] = []
    for record in profiles:
        if isinstance(record, Item) and isinstance(record.value, dict):
            record = Item(record.source, record.line, fields(record.value))
        elif isinstance(record, Mapping):
            record = fields(dict(record))
        chunk.append(record)
        if len(chunk) >= partition_size:
            chunks.append((len(chunks), chunk))
            chunk = []
    if chunk or not chunks:
        chunks.append((len(chunks), chunk))
    return dd.from_map(_prepare_chunk, chunks, meta=meta, enforce_metadata=False)


def _components(a: _I64, b: _I64) -> tuple[_I64, _I64]:
    """The nodes of the graph of edges (a, b), and each one's component number."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    nodes, inverse = np.unique(np.concatenate([a, b]), return_inverse=True)
    m = a.size
    graph = coo_matrix(
        (np.ones(m, np.int8), (inverse[:m], inverse[m:])), shape=(nodes.size, nodes.size)
    )
    _, labels = connected_components(graph, directed=False)
    return nodes, labels.astype(np.int64)


def _date(day: int) -> dt.date | None:
    return dt.date.fromordinal(day) if day > 0 else None


def _rows(
    kind: str,
    pairs: pd.DataFrame,
    words: Iterator[str],
    who: Mapping[int, tuple[str | None, int]],
    cluster_at: int,
) -> list[dict[str, Any]]:
    """Output rows of one kind: a row per pair, or per member of a cluster."""
    out: list[dict[str, Any]] = []
    if not len(pairs):
        return out
    a = pairs["a"].to_numpy()
    b = pairs["b"].to_numpy()
    nodes, labels = _components(a, b)
    sizes = np.bincount(labels)
    big = sizes > cluster_at
    label_of = dict(zip(nodes.tolist(), labels.tolist(), strict=True))
    for pa, pb, text in zip(a.tolist(), b.tolist(), words, strict=True):
        if big[label_of[pa]]:
            continue
        (ida, daya), (idb, dayb) = who[pa], who[pb]
        if ida is None or idb is None or ida == idb:
            continue  # the same profile given twice is no copy
        if daya > 0 and dayb > 0 and daya != dayb:
            order = "older"
            # The newer profile is the row's id, the older one what it copied from.
            (ida, daya), (idb, dayb) = sorted([(ida, daya), (idb, dayb)], key=lambda m: -m[1])
        else:
            order = "same day" if daya > 0 and daya == dayb else "unknown"
            # No direction is known: the pair in id order (the larger id as the row's id).
            (ida, daya), (idb, dayb) = sorted([(ida, daya), (idb, dayb)], reverse=True)
        out.append(
            {
                "id": ida,
                "copied_from": idb,
                "kind": kind,
                "closeness": text,
                "created_at": _date(daya),
                "copied_from_created_at": _date(dayb),
                "order": order,
            }
        )
    # Clusters, largest first: one row per member, pointing at the oldest dated member.
    number = 0
    shared = "a photo" if kind == "photo" else "an about text"
    for label in sorted(np.flatnonzero(big).tolist(), key=lambda k: (-sizes[k], k)):
        members = sorted(
            (who[p] for p in nodes[labels == label].tolist() if who[p][0] is not None),
            key=lambda m: (m[1] <= 0, m[1], m[0] or ""),
        )
        number += 1
        name = f"{kind}-{number}"
        oldest = members[0] if members and members[0][1] > 0 else None
        for pid, day in members:
            if oldest is not None and pid == oldest[0]:
                continue
            if oldest is None or day <= 0:
                order = "unknown"
            else:
                order = "same day" if day == oldest[1] else "older"
            out.append(
                {
                    "id": pid,
                    "copied_from": oldest[0] if oldest is not None else None,
                    "kind": kind,
                    "closeness": f"{shared} shared by {len(members)} profiles",
                    "created_at": _date(day),
                    "copied_from_created_at": _date(oldest[1]) if oldest is not None else None,
                    "order": order,
                    "cluster": name,
                    "cluster_size": len(members),
                }
            )
    return out


def sweep(
    profiles: pd.DataFrame
    | dd.DataFrame
    | Iterable[Profile | Mapping[str, Any] | Item[Any] | ReadError],
    *,
    scheduler: Any = None,
    cluster_at: int = DEFAULT_CLUSTER_AT,
    block_cap: int = DEFAULT_BUCKET_CAP,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    extra_fields: str = "error",
    label_field: str | None = "label",
    progress: bool = False,
) -> pd.DataFrame:
    """Find every pair of profiles that share a photo or an about text, on Dask.

    No index of the whole population is built: candidates come from the
    reference index's blocking (photo-hash chunks, text LSH band keys), grouped
    by a Dask shuffle, and are verified as an index look-up verifies them
    (module docstring). Needs Dask (``pip install 'fakeprofile[dask]'``).

    Parameters
    ----------
    profiles : pandas or Dask DataFrame, or iterable
        A DataFrame with flat dotted columns as :func:`fakeprofile.score_frame`
        takes (``id``, ``about``, ``photo_hash``, ``created_at``…), or an
        iterable of :class:`~fakeprofile.Profile`, dicts, or the items of
        :func:`fakeprofile.read_profiles` / ``io.read_records`` (error items
        become error rows).
    scheduler : str or distributed.Client, optional
        ``"threads"``, ``"processes"``, ``"synchronous"``, a scheduler's
        address (``"tcp://host:8786"``) or a ``distributed.Client``; by
        default Dask's (an active client, else threads).
    cluster_at : int, default=50
        A group of more than this many profiles sharing one photo or text is
        reported as a cluster: one row per member, not its pairs.
    block_cap : int, default=256
        A block (band key, exact photo hash) with more profiles than this is
        compared only against its first :data:`PIVOTS` members.
    partition_size : int, default=20,000
        Records per partition for iterable and pandas input.
    extra_fields, label_field
        As for :func:`fakeprofile.score_frame`: columns that are not profile
        fields make their record an error (``"error"``), or are kept under
        ``meta`` or ignored; the label column is dropped.
    progress : bool, default=False
        A progress bar on standard error.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS`. A pair row: ``kind`` ``"photo"`` or
        ``"text"``, ``closeness`` in the signals' words ("the same photo",
        "an edited copy", "word for word"…), both creation dates (NaT when
        unknown), and ``order``: ``"older"`` (``copied_from`` is the older
        account: the likely original), ``"same day"`` or ``"unknown"`` (a date
        is missing; the pair is then in id order and claims no direction). A
        cluster row: ``cluster`` names the cluster, ``cluster_size`` counts its
        members, and ``copied_from`` is its oldest member with a known date
        (empty if none has one). An error row: ``kind == "error"``, ``id`` if
        known, and ``error`` (where the record is, and why). ``attrs``
        holds ``records`` (how many were read) and ``errors``.

    Raises
    ------
    ValueError
        For ``cluster_at``, ``block_cap`` or ``partition_size`` below 1 (or
        ``block_cap`` not above :data:`PIVOTS`).

    Examples
    --------
    >>> found = sweep([{"id": "a", "about": "..."}, {"id": "b"}])  # doctest: +SKIP
    """
    dask = _module("dask")
    if cluster_at < 1:
        raise ValueError(f"cluster_at must be ≥ 1, got {cluster_at}")
    if block_cap <= PIVOTS:
        raise ValueError(f"block_cap must be > {PIVOTS} (the pivots), got {block_cap}")
    if partition_size < 1:
        raise ValueError(f"partition_size must be ≥ 1, got {partition_size}")
    prepared = _as_dask(profiles, partition_size, extra_fields, label_field)
    chosen, client = _scheduler(scheduler)
    options: dict[str, Any] = {} if chosen is None else {"scheduler": chosen}
    try:
        with _ProgressBar(progress, client):
            (prepared,) = dask.persist(prepared, **options)
            if client is not None:
                _wait(prepared, client, progress)
            n_parts = prepared.npartitions
            photo = (
                prepared.map_partitions(_photo_rows, meta=_photo_meta())
                .shuffle(on="block", npartitions=n_parts)
                .map_partitions(_photo_hits, block_cap, meta=_hits_meta())
            )
            cands = (
                prepared.map_partitions(_band_rows, meta=pd.DataFrame(
                    {"block": np.empty(0, np.int64), "pos": np.empty(0, np.int64)}))
                .shuffle(on="block", npartitions=n_parts)
                .map_partitions(_text_candidates, block_cap, meta=_pairs_meta())
                # A pair shares several band keys (a stock text: all 40): once each.
                .shuffle(on=["a", "b"], npartitions=n_parts)
                .map_partitions(_unique_pairs, meta=_pairs_meta())
            )  # fmt: skip
            sigs = prepared[prepared["sig"]][["pos", *_V]]
            merged = cands.merge(
                sigs.rename(columns={"pos": "a", **{c: f"a_{c}" for c in _V}}), on="a"
            ).merge(sigs.rename(columns={"pos": "b", **{c: f"b_{c}" for c in _V}}), on="b")
            texts = merged.map_partitions(
                _verify_text,
                meta=pd.DataFrame(
                    {"a": np.empty(0, np.int64), "b": np.empty(0, np.int64),
                     "similarity": np.empty(0)}),
            )  # fmt: skip
            photo_pairs, text_pairs, counts = dask.compute(
                photo, texts, prepared.map_partitions(len), **options
            )
            photo_pairs = _best_pairs(photo_pairs)
            text_pairs = (
                text_pairs.sort_values(["a", "b", "similarity"], ascending=[True, True, False])
                .drop_duplicates(["a", "b"])
                .reset_index(drop=True)
            )
            needed = np.unique(
                np.concatenate(
                    [photo_pairs["a"], photo_pairs["b"], text_pairs["a"], text_pairs["b"]]
                ).astype(np.int64)
            )
            (people,) = dask.compute(
                prepared.map_partitions(
                    _who, needed, meta=pd.DataFrame(
                        {"pos": np.empty(0, np.int64), "id": pd.Series([], dtype=object),
                         "day": np.empty(0, np.int32), "error": pd.Series([], dtype=object)})
                ),
                **options,
            )  # fmt: skip
    finally:
        if client is not None:
            client.close()
    return _assemble(photo_pairs, text_pairs, people, int(sum(counts)), cluster_at)


def _who(prepared: pd.DataFrame, needed: _I64) -> pd.DataFrame:
    """Id, creation day and error of the rows at ``needed`` positions, and of every error row."""
    keep = np.isin(prepared["pos"].to_numpy(), needed) | prepared["error"].notna().to_numpy()
    return prepared.loc[keep, ["pos", "id", "day", "error"]]


def _assemble(
    photo_pairs: pd.DataFrame,
    text_pairs: pd.DataFrame,
    people: pd.DataFrame,
    records: int,
    cluster_at: int,
) -> pd.DataFrame:
    ok = people[people["error"].isna()]
    who: dict[int, tuple[str | None, int]] = {
        int(p): (i, int(d))
        for p, i, d in zip(ok["pos"].tolist(), ok["id"].tolist(), ok["day"].tolist(), strict=True)
    }
    photo_words = (
        _photo_closeness(int(d), bool(m))
        for d, m in zip(photo_pairs["distance"].tolist(), photo_pairs["mirrored"].tolist(),
                        strict=True)
    )  # fmt: skip
    text_words = (_text_closeness(float(s)) for s in text_pairs["similarity"].tolist())
    rows = _rows("photo", photo_pairs, photo_words, who, cluster_at)
    rows += _rows("text", text_pairs, text_words, who, cluster_at)
    out = pd.DataFrame(rows, columns=list(COLUMNS))
    if len(out):
        out = (
            out.assign(_rank=out["kind"].map({"photo": 0, "text": 1}))
            .sort_values(["_rank", "cluster", "copied_from", "id"], na_position="first")
            .drop(columns="_rank")
        )
    bad = people[people["error"].notna()].sort_values("pos")  # errors in input order
    errors = pd.DataFrame(
        {"id": bad["id"].tolist(), "kind": "error", "error": bad["error"].tolist()},
        columns=list(COLUMNS),
    )
    out = pd.concat([out, errors], ignore_index=True) if len(errors) else out
    out = out.reset_index(drop=True)
    for column in ("created_at", "copied_from_created_at"):
        out[column] = pd.to_datetime(out[column])
    out["cluster_size"] = out["cluster_size"].astype("Int64")
    for column in ("id", "copied_from", "kind", "closeness", "order", "cluster", "error"):
        out[column] = out[column].astype(object).where(out[column].notna(), None)
    out.attrs["records"] = records
    out.attrs["errors"] = len(bad)
    return out


class _ProgressBar:
    """Dask's progress bar on standard error, for the local schedulers."""

    def __init__(self, enabled: bool, client: Any) -> None:
        self.bar: Any = None
        if enabled and client is None:
            self.bar = _module("dask.diagnostics").ProgressBar(out=sys.stderr)

    def __enter__(self) -> None:
        if self.bar is not None:
            self.bar.__enter__()

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


def _wait(collection: Any, client: Any, progress: bool) -> None:
    """Wait for a persisted collection on a cluster, with a bar of its partitions."""
    distributed = _module("distributed")
    futures = distributed.futures_of(collection)
    if not progress:
        client.gather(futures)
        return
    from tqdm import tqdm

    for _ in tqdm(
        distributed.as_completed(futures),
        total=len(futures),
        unit=" partitions",
        file=sys.stderr,
    ):
        pass
