"""A platform-wide copy sweep on Dask: every pair of profiles sharing a photo or an about text.

:func:`sweep` finds copies *within* a population, with no single machine
holding an index of all of it. Candidate pairs come from the blocking the
reference index uses, grouped by Dask (a shuffle on the blocking key), and
each candidate is verified by the rule an index look-up applies:

**Photos.** A 64-bit pHash is cut into the index's three chunks
(:data:`~fakeprofile.index.hamming.CHUNK_BITS`). Two hashes within
:data:`~fakeprofile.fingerprints.photo.CANDIDATE_RADIUS` (8) bits agree within 2
bits on at least one chunk (pigeonhole). A hash is filed under a *block* per
chunk: the chunk's top bits (:data:`TOP_BITS`, more in a population whose
blocks would otherwise hold more than a million hashes: each bit more nearly
halves them), and a copy under each value one bit away from them, so two chunks
within 2 bits meet in at least one block (a meet-in-the-middle over the top
bits). Inside a block, the stored hashes (each profile's photo) go into the
index's own multi-index tables (:func:`~fakeprofile.index.hamming.build_tables`)
and every query hash (the photo, its mirror image and, for photo files, the
crop and rotation query probes) is searched within the candidate radius,
probing only the block's own chunk: a pair whose chunk is within 2 bits is
found in a block of the first such chunk, and only there (an earlier chunk
that close leaves the pair to that chunk's blocks, checked on all its bits).
Each candidate is confirmed on the 256-bit hash within
:data:`~fakeprofile.fingerprints.photo.STRONG_THRESHOLD`
bits (:data:`~fakeprofile.fingerprints.photo.PROBE_THRESHOLD` for probes), exactly
what :func:`~fakeprofile.fingerprints.photo.verify` checks. A photo too plain to
identify anyone is never compared, as in the index; an unreadable photo file
is unknown (the profile is swept for text only).

**Texts.** The about text is signed as the index signs it (the profile's own
name masked: the signature :func:`~fakeprofile.fingerprints.text.text_signature` gives). Each of the
signature's 40 LSH band keys is a block; profiles sharing a band key are
candidates, verified on the 4-bit MinHash values at the text search's
threshold (:data:`~fakeprofile.index.textsearch.DEFAULT_THRESHOLD`, estimated
Jaccard 0.38 of the texts' byte 8-grams). Each band row carries its
signature's values, so candidates are verified where their bucket is: no
candidate pair is shuffled or joined with the signatures.

**Stock texts and photos.** A block (a band key, or one exact photo hash)
holding more than ``block_cap`` profiles is not compared pair by pair: every
member is compared with its first :data:`PIVOTS` members (by input order),
which keeps the work and memory linear. A group of profiles connected by
verified pairs that has more than ``cluster_at`` members is reported as one
cluster (one row per member, pointing at its oldest member), not as its
pairs. A group of verified text pairs already that big within one shuffled
partition is sent on as a star (each member linked to one of them) rather than
as its pairs, since a group only grows: the clusters and the pairs reported
are the same, and a stock or template text's pairs, which grow as the square
of its copies, are never all gathered.

Output, one row per pair (see :data:`COLUMNS`): ``id`` is the newer profile
and ``copied_from`` the older when both creation dates are known and differ
(``order == "older"``); otherwise ``order`` says ``"same day"`` or
``"unknown"`` and the two are in id order, which claims nothing. A cluster
row names its cluster (``photo-1``, ``text-1``… numbered by size) and points
at the cluster's oldest member with a known creation date (none if no member
has one). A group showing a shared photo or text
(:func:`~fakeprofile.signals.base.is_shared`: a company's logo or blurb, a
stock picture, a template colleagues pass round) is a shared cluster
(``shared-photo-1``, ``shared-text-1``…) whatever its size, one row per member
naming no original, since the signals count no copy of such a photo or text.
A record that is not a valid profile (or
whose ``photo_hash`` is not a fingerprint) is an error row; the others are
swept.

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
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..index.textsearch import DEFAULT_BUCKET_CAP
from ..io import FieldFilter, Item, ReadError
from ..profile import Profile
from ..signals.base import ESTABLISHED_DAYS, is_shared
from ..signals.photo import photo_closeness
from ..signals.text import text_closeness
from ._stages import (
    _I64,
    COLUMNS,
    DEFAULT_CLUSTER_AT,
    DEFAULT_PARTITION_SIZE,
    PIVOTS,
    TOP_BITS,
    _band_meta,
    _band_rows,
    _best_pairs,
    _hits_meta,
    _photo_hits,
    _photo_meta,
    _photo_rows,
    _prepare_chunk,
    _prepare_frame,
    _prepared_meta,
    _text_meta,
    _text_pairs,
    components,
    top_bits_for,
)

if TYPE_CHECKING:
    import dask.dataframe as dd

__all__ = ["COLUMNS", "DEFAULT_CLUSTER_AT", "PIVOTS", "TOP_BITS", "sweep"]

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
        if isinstance(record, Item):
            record = fields.item(record)
        elif isinstance(record, Mapping):
            record = fields(dict(record))
        chunk.append(record)
        if len(chunk) >= partition_size:
            chunks.append((len(chunks), chunk))
            chunk = []
    if chunk or not chunks:
        chunks.append((len(chunks), chunk))
    return dd.from_map(_prepare_chunk, chunks, meta=meta, enforce_metadata=False)


def _date(day: int) -> dt.date | None:
    return dt.date.fromordinal(day) if day > 0 else None


def _rows(
    kind: str,
    pairs: pd.DataFrame,
    words: Callable[[int], str],
    who: Mapping[int, tuple[str | None, int]],
    cluster_at: int,
    same_id: list[str],
    today: dt.date,
) -> list[dict[str, Any]]:
    """Output rows of one kind: a row per pair, or per member of a cluster.

    ``words(i)`` is how close the pair in row ``i`` of ``pairs`` is, in words.
    The id of each pair left out because both records have it is added to ``same_id``.
    A group that :func:`~fakeprofile.signals.base.is_shared` calls shared (its
    accounts' ages as of ``today``) is a shared cluster (:func:`_shared_rows`),
    whatever its size.
    """
    out: list[dict[str, Any]] = []
    if not len(pairs):
        return out
    a = pairs["a"].to_numpy()
    b = pairs["b"].to_numpy()
    nodes, labels = components(a, b)
    groups = _groups(nodes, labels, who)
    # Profiles, not records, are listed and counted (one id given twice is one profile,
    # and alone no group); a cluster is still a group of over ``cluster_at`` records, as
    # a partition already sends such a group on as a star (_stages._text_pairs).
    sizes = np.array([len(g) for g in groups], np.int64)
    records = np.bincount(labels)
    since = today.toordinal() - ESTABLISHED_DAYS
    established = [sum(0 < day <= since for _, day in g) for g in groups]
    dated = [sum(day > 0 for _, day in g) for g in groups]
    rule = np.array([is_shared(e, k) for e, k in zip(established, dated, strict=True)], bool)
    shared = rule & (sizes > 1)
    out += _shared_rows(kind, groups, shared, established)
    big = (records > cluster_at) | shared | (sizes < 2)  # a lone id's pairs are no rows
    # Pairs within a cluster are not rows (the cluster's members are): set aside at once,
    # counting the pairs of one id given twice as the pair rows below do.
    inside = big[labels[np.searchsorted(nodes, a)]]
    for pa, pb in zip(a[inside].tolist(), b[inside].tolist(), strict=True):
        same = who[pa][0]
        if same is not None and same == who[pb][0]:
            same_id.append(same)
    kept = np.flatnonzero(~inside)
    for i, pa, pb in zip(kept.tolist(), a[kept].tolist(), b[kept].tolist(), strict=True):
        (ida, daya), (idb, dayb) = who[pa], who[pb]
        if ida is None or idb is None:
            continue
        if ida == idb:  # the same profile given twice is no copy (but say so: see attrs)
            same_id.append(ida)
            continue
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
                "closeness": words(i),
                "created_at": _date(daya),
                "copied_from_created_at": _date(dayb),
                "order": order,
            }
        )
    # Clusters, largest first: one row per member, pointing at the oldest dated member.
    number = 0
    what = "a photo" if kind == "photo" else "an about text"
    clusters = big & ~shared & (sizes > 1)
    for label in sorted(np.flatnonzero(clusters).tolist(), key=lambda k: (-sizes[k], k)):
        members = groups[label]
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
                    "closeness": f"{what} shared by {len(members)} profiles",
                    "created_at": _date(day),
                    "copied_from_created_at": _date(oldest[1]) if oldest is not None else None,
                    "order": order,
                    "cluster": name,
                    "cluster_size": len(members),
                }
            )
    return out


def _groups(
    nodes: _I64, labels: _I64, who: Mapping[int, tuple[str | None, int]]
) -> list[list[tuple[str, int]]]:
    """Each connected group's profiles, oldest first (unknown dates last), each id once.

    A profile given twice (two records, one id) is one account: it is listed
    once, with the creation day of its first record.
    """
    firsts: list[dict[str, int]] = [{} for _ in range(int(labels.max()) + 1 if labels.size else 0)]
    for node, label in zip(nodes.tolist(), labels.tolist(), strict=True):
        pid, day = who[node]
        if pid is not None:
            firsts[label].setdefault(pid, day)
    return [sorted(first.items(), key=lambda m: (m[1] <= 0, m[1], m[0])) for first in firsts]


def _shared_rows(
    kind: str,
    groups: list[list[tuple[str, int]]],
    shared: np.ndarray,
    established: list[int],
) -> list[dict[str, Any]]:
    """One row per member of each shared photo's or text's group, largest first: nobody's copy.

    A shared photo or text (a company's logo or blurb, a stock picture, a
    template colleagues pass round) is no copy of anyone's, so its rows name
    no original (``copied_from`` empty, ``order`` ``"shared"``).
    """
    out: list[dict[str, Any]] = []
    ranked = sorted(
        ((groups[k], established[k]) for k in np.flatnonzero(shared).tolist()),
        key=lambda g: (-len(g[0]), g[0][:1]),
    )
    for number, (members, count) in enumerate(ranked, start=1):
        what = "photo" if kind == "photo" else "about text"
        words = (
            f"a common {what} shown by {len(members)} profiles, {count} of them over a "
            "year old: no one's copy"
        )
        out += [
            {
                "id": pid,
                "copied_from": None,
                "kind": kind,
                "closeness": words,
                "created_at": _date(day),
                "copied_from_created_at": None,
                "order": "shared",
                "cluster": f"shared-{kind}-{number}",
                "cluster_size": len(members),
            }
            for pid, day in members
        ]
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
    today: dt.date | None = None,
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
    today : datetime.date, optional
        The day accounts' ages are counted to (default: the current date), for
        shared photos and texts: a group of profiles showing one photo or about
        text that :func:`~fakeprofile.signals.base.is_shared` calls shared
        (four or more accounts over a year old, at least half of those with a
        creation date, or 25 such accounts whatever else) is reported as a
        shared cluster, not as copies, as the signals do not count it as a
        copy. The sweep sees a whole group; a profile's look-up sees at most
        50 texts (128 photo matches), and when it stops there the signal
        calls a text shared only if 25 of those are established, so on a
        large group with many undated or new holders the two can differ.

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
        (empty if none has one). A shared row (``cluster``
        ``shared-photo-1``, ``shared-text-1``…, ``order`` ``"shared"``) is a
        member of a group showing a common photo or about text, such as a
        company's logo or blurb, and names no original: no one copied anyone's.
        An error row: ``kind == "error"``, ``id`` if
        known, and ``error`` (where the record is, and why). ``attrs``
        holds ``records`` (how many were read), ``errors``, and
        ``same_id_pairs``: pairs left out because both records have the same
        id (a profile given twice is no copy; two profiles need two ids), with
        ``same_id_example`` one such id.

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
            (photos,) = dask.compute(prepared["fp"].sum(), **options)
            top_bits = top_bits_for(int(photos))
            photo = (
                prepared.map_partitions(_photo_rows, top_bits, meta=_photo_meta())
                .shuffle(on="block", npartitions=n_parts)
                .map_partitions(_photo_hits, block_cap, top_bits, meta=_hits_meta())
            )
            texts = (
                prepared.map_partitions(_band_rows, meta=_band_meta())
                .shuffle(on="block", npartitions=n_parts)
                .map_partitions(_text_pairs, block_cap, cluster_at, meta=_text_meta())
            )
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
    today = dt.datetime.now(dt.UTC).date() if today is None else today
    return _assemble(photo_pairs, text_pairs, people, int(sum(counts)), cluster_at, today)


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
    today: dt.date,
) -> pd.DataFrame:
    ok = people[people["error"].isna()]
    who: dict[int, tuple[str | None, int]] = {
        int(p): (i, int(d))
        for p, i, d in zip(ok["pos"].tolist(), ok["id"].tolist(), ok["day"].tolist(), strict=True)
    }
    distance = photo_pairs["distance"].to_numpy()
    mirrored = photo_pairs["mirrored"].to_numpy()
    similarity = text_pairs["similarity"].to_numpy()

    def photo_words(i: int) -> str:
        return photo_closeness(int(distance[i]), bool(mirrored[i]))

    def text_words(i: int) -> str:
        return text_closeness(float(similarity[i]))

    same_id: list[str] = []
    rows = _rows("photo", photo_pairs, photo_words, who, cluster_at, same_id, today)
    rows += _rows("text", text_pairs, text_words, who, cluster_at, same_id, today)
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
    out.attrs["same_id_pairs"] = len(same_id)
    out.attrs["same_id_example"] = min(same_id) if same_id else None
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
