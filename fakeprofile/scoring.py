"""Scoring: ``score(profile)`` returns a calibrated risk with faithful reasons.

:class:`Scorer` binds a model and (optionally) a reference index once; the
module-level :func:`score` is a convenience over it that uses the default
model, loaded lazily and once.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import logging
import multiprocessing
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from .errors import InvalidProfileError, ModelFileError
from .features import ProfileEvidence, ProfileVectorizer, as_subject
from .index.lookup import IndexLike, open_index
from .io import FieldFilter, Item, ReadError, frame_cells, iter_dicts, read_one, unflatten
from .io.readers import _RawLine
from .modelfile import TrainedModel, default_model, load_model
from .profile import Invitation, Profile, parse_profile
from .reasons import Explainer, Reason

log = logging.getLogger(__name__)

__all__ = [
    "FRAME_COLUMNS",
    "RiskScore",
    "ScoreError",
    "Scorer",
    "score",
    "score_frame",
    "score_many",
]


@dataclass(frozen=True)
class RiskScore:
    """How likely a profile is fake, and why.

    Attributes
    ----------
    profile_id : str
    risk : float
        Calibrated probability (0–1) that the profile is fake.
    level : {"low", "medium", "high"}
        From the model card's thresholds (chosen by false-positive rate).
    reasons : tuple of Reason
        The strongest factors raising the risk (at most four by default).
    mitigating : tuple of Reason
        The strongest factors lowering it.
    subscores : dict
        Contribution of each signal group (activity, account, text, photo,
        message) to the log-odds; ``base_value + Σ subscores == logit``.
    base_value, logit : float
        The average profile's log-odds and this profile's.
    model_version : str
    """

    profile_id: str
    risk: float
    level: str
    reasons: tuple[Reason, ...]
    mitigating: tuple[Reason, ...]
    subscores: dict[str, float]
    base_value: float
    logit: float
    model_version: str
    #: Where the profile came from, when it was read from a file (else None).
    source: str | None = None
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return {
            "id": self.profile_id,
            "risk": round(self.risk, 6),
            "level": self.level,
            "reasons": [r.to_dict() for r in self.reasons],
            "mitigating": [r.to_dict() for r in self.mitigating],
            "subscores": {k: round(v, 4) for k, v in self.subscores.items()},
            "base_value": round(self.base_value, 6),
            "logit": round(self.logit, 6),
            "model_version": self.model_version,
            "source": self.source,
            "line": self.line,
        }

    def reasons_line(self) -> str:
        """Every reason, then every mitigating fact, with its signed contribution.

        One line for a CSV cell or a DataFrame column, e.g.
        ``"+1.39 The account was created on 2026-09-30, 2 months ago | -0.76 …"``.
        """
        return " | ".join(
            f"{r.contribution:+.2f} {r.text}" for r in (*self.reasons, *self.mitigating)
        )

    def to_json(self) -> str:
        """The score as one line of JSON."""
        return json.dumps(self.to_dict(), ensure_ascii=False)


class Scorer:
    """A model bound to an optional reference index, ready to score many profiles.

    Parameters
    ----------
    model : TrainedModel, path, or None
        A loaded model, a model folder, or ``None`` for the default model.
    index : ReferenceIndex, path, or None
        Known profiles to look copies up in (a path is opened read-only).
    today : date, optional
        Reference date for ages; today (UTC) by default.
    max_reasons : int, default=4
    """

    def __init__(
        self,
        model: TrainedModel | str | Path | None = None,
        index: IndexLike | None = None,
        *,
        today: dt.date | None = None,
        max_reasons: int = 4,
    ) -> None:
        self.trained = _resolve_model(model)
        self.index = open_index(index)
        self.max_reasons = max_reasons
        self.vectorizer = ProfileVectorizer(index=self.index, today=today).fit()
        produced = list(self.vectorizer.get_feature_names_out())
        needed = [str(n) for n in self.trained.model.feature_names_in_]
        absent = [n for n in needed if n not in produced]
        if absent:
            raise ModelFileError(
                f"the model uses features that no registered signal produces: {absent}"
            )
        self.columns = np.array([produced.index(n) for n in needed])
        self.names = needed
        self.groups = self.vectorizer.feature_groups()
        self.fact_of = self.vectorizer.fact_of()
        self.explainer = Explainer(
            self.names,
            self.fact_of,
            self.groups,
            max_reasons=max_reasons,
            pairs=self.trained.model.pair_indices(),
        )

    def warm_up(self) -> None:
        """Build now what is otherwise built on first use (the model's shape tables)."""
        self.trained.model.contributions(np.full((1, len(self.names)), np.nan))

    def score(self, profile: Profile | Invitation | Mapping[str, Any]) -> RiskScore:
        """Score one profile (or the sender of one invitation).

        Parameters
        ----------
        profile : Profile, Invitation or dict
            A dict is validated first; an invitation's message is checked too.

        Returns
        -------
        RiskScore

        Raises
        ------
        InvalidProfileError
            When a dict does not validate.
        """
        return self.score_with_evidence(profile)[0]

    def score_with_evidence(
        self, profile: Profile | Invitation | Mapping[str, Any]
    ) -> tuple[RiskScore, ProfileEvidence]:
        """The score and everything the signals found (facts beyond the reasons)."""
        row, evidence = self.vectorizer.vectorize_one(profile)
        return self.explain(row[None, :], [evidence])[0], evidence

    def explain(self, rows: np.ndarray, evidence: list[ProfileEvidence]) -> list[RiskScore]:
        """Scores for feature rows (as the vectorizer lays them out) and their evidence."""
        return self._explain(rows, evidence, None)

    def _explain(
        self,
        rows: np.ndarray,
        evidence: list[ProfileEvidence],
        where: list[tuple[str, int]] | None,
    ) -> list[RiskScore]:
        """:meth:`explain`, each score with where its profile came from (``where``), if given."""
        values = rows[:, self.columns]
        model = self.trained.model
        base, contributions = model.contributions(values)
        logits = base + contributions.sum(axis=1)
        risks = 1.0 / (1.0 + np.exp(-logits))
        levels = model.level(risks)
        out = []
        explained = self.explainer.explain(contributions, values, evidence)
        risk_list, logit_list = risks.tolist(), logits.tolist()
        base_value, version = float(base), self.trained.version
        for i, (found, (reasons, mitigating, subscores)) in enumerate(
            zip(evidence, explained, strict=True)
        ):
            source, line = (None, None) if where is None else where[i]
            out.append(
                RiskScore(
                    profile_id=found.profile_id,
                    risk=risk_list[i],
                    level=str(levels[i]),
                    reasons=tuple(reasons),
                    mitigating=tuple(mitigating),
                    subscores=subscores,
                    base_value=base_value,
                    logit=logit_list[i],
                    model_version=version,
                    source=source,
                    line=line,
                )
            )
        return out


def _resolve_model(model: TrainedModel | str | Path | None) -> TrainedModel:
    if model is None:
        return default_model()
    if isinstance(model, TrainedModel):
        return model
    if not isinstance(model, str | Path):
        raise TypeError(
            "model must be a TrainedModel, a model folder's path or 'default'; "
            f"got {type(model).__name__}"
        )
    return load_model(model)


def score(
    profile: Profile | Invitation | Mapping[str, Any] | str | Path,
    *,
    model: TrainedModel | str | Path | None = None,
    index: IndexLike | None = None,
    photo_root: str | Path | None = None,
) -> RiskScore:
    """How likely ``profile`` is fake, with the reasons and their evidence.

    Parameters
    ----------
    profile : Profile, dict, or path
        The profile (a dict is validated; a path names a JSON/JSONL/CSV file
        holding exactly one profile).
    model : TrainedModel or path, optional
        The default model (trained on synthetic data) when omitted.
    index : ReferenceIndex or path, optional
        Known profiles to look copied photos and text up in.
    photo_root : str or Path, optional
        For a profile read from a file: one more folder its ``photo`` may
        point into (by default only the file's own folder, by a relative path).

    Returns
    -------
    RiskScore

    Raises
    ------
    InvalidProfileError
        When the profile does not validate (the message names the field), or
        a file's ``photo`` path is refused (see the README's Input section).

    Examples
    --------
    >>> from fakeprofile import score
    >>> result = score({"id": "p-1", "activity": {"likes": 212}})  # doctest: +SKIP
    >>> result.level, [r.text for r in result.reasons]  # doctest: +SKIP
    """
    if isinstance(profile, str | Path):
        profile = read_one(profile, parse_profile, photo_root=photo_root)
    scorer = cached_scorer(model, index)
    return scorer.score(profile)


_scorers: dict[tuple[object, object, int], Scorer] = {}
_scorers_lock = threading.Lock()


def _key(thing: Any) -> object:
    """A cache key: a file's path and identity, or the identity of an object.

    A path's key holds the inode, size and modification time of the file (for
    a model folder, of its card and model file; for an index, of the SQLite
    file and its write-ahead log), so a file changed or replaced since it was
    opened is opened again rather than served stale.
    """
    if isinstance(thing, str | Path):
        path = Path(thing).resolve()
        parts = [path / "card.json", path / "model.skops"] if path.is_dir() else [path]
        stamps: list[tuple[int, ...] | None] = []
        for part in parts:
            try:
                st = part.stat()
            except OSError:
                stamps.append(None)
            else:
                stamps.append((st.st_ino, st.st_size, st.st_mtime_ns))
        if not path.is_dir():
            # A write lands in the write-ahead log first (reading only creates it empty).
            try:
                wal = path.with_name(path.name + "-wal").stat()
            except OSError:
                stamps.append((0,))
            else:
                stamps.append((wal.st_size, wal.st_mtime_ns) if wal.st_size else (0,))
        return (str(path), tuple(stamps))
    return id(thing)


def cached_scorer(
    model: TrainedModel | str | Path | None, index: IndexLike | None, *, max_reasons: int = 4
) -> Scorer:
    """A Scorer for this model and index, reused across calls in this process.

    Models and indexes given as paths are opened once per process (loading an
    index reads every hash into memory), and again only when their files
    change; objects are keyed by identity, and the Scorer keeps them alive, so
    an identity is never reused while cached. This is what makes
    :func:`score_frame` with paths cheap as a Dask or Spark task: each worker
    process opens the files once.
    """
    key = (_key(model), _key(index), max_reasons)
    with _scorers_lock:
        scorer = _scorers.get(key)
        if scorer is None:
            if len(_scorers) >= 16:  # a long-running process scoring against many indexes
                _scorers.pop(next(iter(_scorers)))
            scorer = _scorers[key] = Scorer(model, index, max_reasons=max_reasons)
    return scorer


# --------------------------------------------------------------------------- many profiles


#: A record that could not be scored: the same row as a reader's error row
#: (source, line, the record's id if known, and the message).
ScoreError = ReadError


Scorable = Profile | Invitation | Mapping[str, Any] | Item[Any] | ReadError


def _subject(
    record: Scorable, position: int
) -> tuple[Profile | Invitation | None, ScoreError | None, tuple[str, int]]:
    """The profile in one input record (or the error standing in for it) and where it was."""
    where = ("<input>", position)
    if isinstance(record, ReadError):
        error = ScoreError(record.source, record.line, record.record_id, record.message)
        return None, error, (record.source, record.line)
    if isinstance(record, Item):
        where = (record.source, record.line)
        record = record.value
    if isinstance(record, Profile | Invitation):
        return record, None, where
    try:
        subject, invitation = as_subject(record)
    except InvalidProfileError as exc:
        message = "; ".join(map(str, exc.problems))
        return None, ScoreError(*where, exc.record_id, message), where
    return (invitation or subject), None, where


def score_many(
    profiles: Iterable[Scorable] | str | Path,
    *,
    model: TrainedModel | str | Path | None = None,
    index: IndexLike | None = None,
    chunk_size: int = 512,
    n_jobs: int = 1,
    scorer: Scorer | None = None,
    photo_root: str | Path | None = None,
    extra_fields: str = "error",
    label_field: str | None = "label",
) -> Iterator[RiskScore | ScoreError]:
    """Score a stream of profiles, yielding exactly one result per input, in order.

    Profiles are read and scored a chunk at a time (the model's arithmetic
    runs once per chunk), and at most a few chunks are held at once, so a file
    of any size streams. A record that is not a valid profile yields a
    :class:`ScoreError` in its place; the run goes on.

    Parameters
    ----------
    profiles : iterable, or path
        Profiles, invitations, dicts, or the items and error rows of
        :func:`fakeprofile.read_profiles` (raw dicts are validated in the
        workers, so validation runs in parallel too); or the path of a JSON,
        JSON Lines or CSV file (``str`` or ``Path``), whose records are read
        and scored as a stream.
    model, index : optional
        As for :func:`score`.
    chunk_size : int, default=512
    n_jobs : int, default=1
        Processes that score chunks (validation, photo hashing, features,
        model and reasons), each a fork of this one: they share its loaded
        model and index rather than loading their own. Results are identical
        to ``n_jobs=1`` and come in input order. Where processes cannot be
        forked (Windows), chunks are scored in this process. At most four
        per CPU are started (more only compete for the same cores). A list
        or tuple of profiles is read once when the run starts, and the
        workers take its profiles from their forked copy rather than having
        each one pickled to them (cheaper, at the cost of up to the list's
        memory again in the workers).
    scorer : Scorer, optional
        A ready scorer (overrides ``model`` and ``index``).
    photo_root : str or Path, optional
        For a path: one more folder its records' ``photo`` paths may point into.
    extra_fields : {"error", "meta", "ignore"}, default="error"
        What becomes of fields of raw records (dicts, or a file's records) that
        are not profile fields: each is an error row naming the field (the
        default), kept under ``meta``, or dropped (see
        :class:`fakeprofile.io.FieldFilter`).
    label_field : str or None, default="label"
        The label column of labelled data: dropped from raw records, so a
        training file can be scored as it is.

    Examples
    --------
    >>> for result in score_many("examples/profiles.jsonl"):  # doctest: +SKIP
    ...     print(result.profile_id, result.level)
    """
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be ≥ 1, got {chunk_size}")
    if n_jobs < 1:
        raise ValueError(f"n_jobs must be ≥ 1, got {n_jobs}")
    fields = FieldFilter(extra_fields, label_field=label_field)
    records: Iterable[Scorable] = (
        iter_dicts(profiles, photo_root=photo_root)
        if isinstance(profiles, str | Path)
        else profiles
    )
    inputs: tuple[Scorable, ...] | None = None
    if n_jobs > 1 and isinstance(records, list | tuple):
        # Held in memory already: the forked workers inherit them (see _score_in_workers).
        records = inputs = tuple(records)
    bound = scorer or cached_scorer(model, index)
    chunks = _chunked(_filtered(records, fields), chunk_size)
    yield from _scored(chunks, bound, n_jobs, None, inputs)


#: What a render function (see :func:`_rendered_many`) makes of a score.
_Row = TypeVar("_Row")
#: A record to chunk.
_Record = TypeVar("_Record")


def _rendered_many(
    records: Iterable[Scorable | _RawLine],
    scorer: Scorer,
    n_jobs: int,
    render: Callable[[RiskScore], _Row],
    fields: FieldFilter | None = None,
) -> Iterator[_Row | ScoreError]:
    """:func:`score_many` with each score passed through ``render`` where it was scored.

    For the command line: with workers, ``render`` (a picklable callable) runs
    in them, so finished output rows travel back to this process instead of
    ``RiskScore`` objects, which cost far more to pickle and unpickle than
    the text made of them. Error rows come back as they are. ``records`` are
    taken as they are: the command line has already put them through its
    :class:`~fakeprofile.io.FieldFilter`, except JSON Lines lines not decoded
    yet (``_RawLine``, from ``_raw_records``): those are decoded where they
    are scored, in the workers too, and put through ``fields`` (in a worker,
    through a fresh copy whose counts are added to ``fields`` as its chunk
    comes back, so :meth:`~fakeprofile.io.FieldFilter.notice` counts them all).
    """
    if n_jobs < 1:
        raise ValueError(f"n_jobs must be ≥ 1, got {n_jobs}")
    yield from _scored(_chunked(records, 512), scorer, n_jobs, render, fields=fields)


def _scored(
    chunks: Iterator[list[tuple[int, Any]]],
    bound: Scorer,
    n_jobs: int,
    render: Callable[[RiskScore], Any] | None,
    inputs: Sequence[Scorable] | None = None,
    *,
    fields: FieldFilter | None = None,
) -> Iterator[Any]:
    """The chunks' results in order (rendered if ``render`` is given), here or in workers.

    ``inputs``, if given, are the records as a sequence that exists before the
    workers are forked (a chunk's position ``k`` is ``inputs[k - 1]``): see
    :func:`_score_in_workers`. ``fields`` filters the records of lines decoded
    where they are scored (see :func:`_rendered_many`).
    """
    if n_jobs == 1 or "fork" not in multiprocessing.get_all_start_methods():
        with _long_lived_frozen():
            for chunk in chunks:
                if fields is not None:
                    chunk = _decoded(chunk, fields)
                if render is None:
                    yield from _score_chunk(chunk, bound)
                else:
                    yield from _render_chunk(_score_chunk(chunk, bound), render)
        return
    workers = min(n_jobs, 4 * (os.cpu_count() or 1))
    yield from _score_in_workers(chunks, bound, workers, render, inputs, fields)


def _decoded(chunk: list[tuple[int, Any]], fields: FieldFilter) -> list[tuple[int, Scorable]]:
    """The chunk with each ``_RawLine`` decoded and put through ``fields``."""
    out: list[tuple[int, Scorable]] = []
    for position, record in chunk:
        if isinstance(record, _RawLine):
            item = record.decoded()
            record = item if isinstance(item, ReadError) else fields.item(item)
        out.append((position, record))
    return out


def _render_chunk(
    results: Iterable[RiskScore | ScoreError], render: Callable[[RiskScore], Any]
) -> list[Any]:
    return [r if isinstance(r, ScoreError) else render(r) for r in results]


#: Net new container objects between two young collections during a batch
#: (Python's default is 700): a chunk's working objects are mostly freed
#: before a collection sees them, rather than walked once per 700.
_BATCH_GC_THRESHOLD = 100_000


@contextmanager
def _long_lived_frozen() -> Iterator[None]:
    """Keep the collector off what existed before a batch, and off a chunk's short-lived objects.

    A full collection walks every tracked object; during a batch those are
    mostly long-lived (measured: 30-40% of a batch's CPU time went to walking
    them). ``gc.freeze`` moves them out of the collector's sight until the
    batch ends; what the batch itself creates is collected as usual, but
    young collections run after :data:`_BATCH_GC_THRESHOLD` new objects rather
    than 700 (measured: the collector took 14% of a batch's CPU time, 2% with
    this). The threshold is restored when the batch ends.
    """
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(thresholds[0], _BATCH_GC_THRESHOLD), *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def _filtered(records: Iterable[Scorable], fields: FieldFilter) -> Iterator[Scorable]:
    """Raw records (dicts, items of dicts) through ``fields``; the others as they are."""
    for record in records:
        if isinstance(record, Item):
            yield fields.item(record)
        elif isinstance(record, dict):
            yield fields(record)
        else:
            yield record


def _chunked(profiles: Iterable[_Record], size: int) -> Iterator[list[tuple[int, _Record]]]:
    """The records with their 1-based positions, ``size`` at a time."""
    chunk: list[tuple[int, _Record]] = []
    for position, record in enumerate(profiles, start=1):
        chunk.append((position, record))
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


#: The scorer of a worker process, inherited from its parent when forked.
_worker_scorer: Scorer | None = None
#: The input records of a worker process, inherited from its parent when forked (or None).
_worker_inputs: Sequence[Scorable] | None = None


def _start_worker(scorer: Scorer, inputs: Sequence[Scorable] | None = None) -> None:
    global _worker_scorer, _worker_inputs
    _worker_scorer = scorer
    _worker_inputs = inputs
    # The workers already use every core: no native thread pools on top.
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1)
    # A worker only scores chunks: young collections as in a batch in one process.
    first, *rest = gc.get_threshold()
    gc.set_threshold(max(first, _BATCH_GC_THRESHOLD), *rest)
    # Ctrl-C reaches the whole process group: the parent stops the run and
    # writes what is complete; a worker just finishes its chunk.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _score_chunk_in_worker(
    chunk: list[tuple[int, Any]],
    render: Callable[[RiskScore], Any] | None = None,
    inherited: Sequence[int] = (),
    fields: FieldFilter | None = None,
) -> Any:
    """A chunk's results (and, with ``fields``, the filter that its lines went through)."""
    if _worker_scorer is None:  # pragma: no cover - only if the initializer did not run
        raise RuntimeError("worker process has no scorer")
    if fields is not None:
        scored = _score_chunk_in_worker(_decoded(chunk, fields), render, inherited)
        return scored, fields
    if inherited:
        if _worker_inputs is None:  # pragma: no cover - only if the initializer did not run
            raise RuntimeError("worker process has no inputs")
        for k in inherited:  # sent as their positions only: this process has them
            position = chunk[k][0]
            chunk[k] = (position, _worker_inputs[position - 1])
    results = _score_chunk(chunk, _worker_scorer)
    return list(results) if render is None else _render_chunk(results, render)


def _outgoing(
    chunk: list[tuple[int, Scorable]], inputs: Sequence[Scorable] | None
) -> tuple[list[tuple[int, Scorable]], list[int]]:
    """A chunk as sent to a worker, and which of its entries the worker takes from ``inputs``.

    A profile or invitation that is ``inputs[position - 1]`` itself (the
    workers have a copy of ``inputs`` from the fork) is sent as its position
    only, with ``None`` in its place: pickling a profile and unpickling it
    again cost about 45 µs, most of what a worker's copy of it saves. Only
    these immutable records are sent so (a dict could be changed after the
    fork); every other record is sent whole.
    """
    if inputs is None:
        return chunk, []
    known = len(inputs)
    inherited = [
        k
        for k, (position, record) in enumerate(chunk)
        if isinstance(record, Profile | Invitation)
        and position <= known
        and inputs[position - 1] is record
    ]
    if not inherited:
        return chunk, []
    sent: list[tuple[int, Any]] = list(chunk)
    for k in inherited:
        sent[k] = (sent[k][0], None)
    return sent, inherited


def _score_in_workers(
    chunks: Iterator[list[tuple[int, Any]]],
    bound: Scorer,
    n_jobs: int,
    render: Callable[[RiskScore], Any] | None = None,
    inputs: Sequence[Scorable] | None = None,
    fields: FieldFilter | None = None,
) -> Iterator[Any]:
    """Chunks scored by ``n_jobs`` forked workers, a few in flight, yielded in order.

    With ``inputs`` (records held in memory before the fork, immutable from
    then on), a profile or invitation among them reaches a worker as its
    position: the worker reads it from its inherited copy (:func:`_outgoing`).
    The cost is memory: a worker reading a profile writes its reference
    counts, so the pages of the profiles it scores become its own copies
    (at most the inputs' size again, across the workers, until they exit).
    """
    bound.warm_up()  # lazily built tables: built once here, not once per worker
    gc.collect()
    gc.freeze()  # what the workers inherit stays shared: their collector never writes to it
    pool = ProcessPoolExecutor(
        max_workers=n_jobs,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start_worker,
        initargs=(bound, inputs),  # forked: inherited, never pickled
    )
    pending: deque[Future[Any]] = deque()

    def done(future: Future[Any]) -> list[Any]:
        """A chunk's results, its filter's counts added to ``fields``."""
        if fields is None:
            results: list[Any] = future.result()
            return results
        results, used = future.result()
        fields.count_from(used)
        return results

    # The parent unpickles every result: young collections as in a batch (restored
    # after; measured at 1 M: its CPU 1.7-2.1 s -> 1.3 s per 12,000 profiles).
    thresholds = gc.get_threshold()
    forked = False
    try:
        for chunk in chunks:
            sent, inherited = _outgoing(chunk, inputs)
            fresh = None if fields is None else fields.fresh()
            pending.append(pool.submit(_score_chunk_in_worker, sent, render, inherited, fresh))
            if not forked:  # the workers are forked by the first submit
                forked = True
                gc.unfreeze()
                gc.set_threshold(max(thresholds[0], _BATCH_GC_THRESHOLD), *thresholds[1:])
            if len(pending) > 2 * n_jobs:
                yield from done(pending.popleft())
        while pending:
            yield from done(pending.popleft())
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
        pool.shutdown(wait=True, cancel_futures=True)


def _score_chunk(
    chunk: list[tuple[int, Scorable]], bound: Scorer
) -> Iterator[RiskScore | ScoreError]:
    """Score one chunk; one result per record, in order."""
    # One slot per input, in order: an error row, or where a profile to score came from.
    slots: list[ScoreError | tuple[str, int]] = []
    subjects: list[Profile | Invitation] = []
    for position, record in chunk:
        subject, error, where = _subject(record, position)
        if error is not None or subject is None:
            slots.append(error or ScoreError(*where, None, "no profile in the record"))
        else:
            slots.append(where)
            subjects.append(subject)
    try:  # the whole chunk at once: the index answers its look-ups together
        matrix, found = bound.vectorizer.transform_with_evidence(subjects)
    except Exception:  # a record the signals cannot take: find it, one by one
        matrix, found = _vectorize_one_by_one(slots, subjects, bound)
    places = [slot for slot in slots if not isinstance(slot, ScoreError)]
    scores = iter(bound._explain(matrix, found, places)) if found else iter(())
    for slot in slots:
        yield slot if isinstance(slot, ScoreError) else next(scores)


def _vectorize_one_by_one(
    slots: list[ScoreError | tuple[str, int]], subjects: list[Profile | Invitation], bound: Scorer
) -> tuple[np.ndarray, list[ProfileEvidence]]:
    """Rows and evidence of the subjects that can be scored; the others' slots become errors."""
    rows: list[np.ndarray] = []
    found: list[ProfileEvidence] = []
    todo = iter(subjects)
    for k, slot in enumerate(slots):
        if isinstance(slot, ScoreError):
            continue
        subject = next(todo)
        try:
            row, evidence = bound.vectorizer.vectorize_one(subject)
        except InvalidProfileError as exc:  # e.g. a malformed precomputed photo hash
            slots[k] = ScoreError(*slot, exc.record_id, "; ".join(map(str, exc.problems)))
        except Exception as exc:
            sid = subject.sender.id if isinstance(subject, Invitation) else subject.id
            log.warning("record %s:%s (%s) could not be scored", *slot, sid, exc_info=True)
            slots[k] = ScoreError(*slot, sid, f"could not be scored: {type(exc).__name__}: {exc}")
        else:
            rows.append(row)
            found.append(evidence)
    return (np.vstack(rows) if rows else np.empty((0, 0))), found


#: Columns ``score_frame`` adds to the input frame.
FRAME_COLUMNS = ("risk", "level", "reason_codes", "reasons", "error")


def score_frame(
    frame: pd.DataFrame,
    *,
    model: TrainedModel | str | Path | None = None,
    index: IndexLike | None = None,
    max_reasons: int = 4,
    extra_fields: str = "error",
    label_field: str | None = "label",
) -> pd.DataFrame:
    """Score every row of a DataFrame; return it with risk, level, reasons and error columns.

    Columns follow the CSV convention of :mod:`fakeprofile.io` (``id``,
    ``activity.likes``, ``experience.0.title``, ``skills`` as ``a|b``…). The
    result has one row per input row, in order, with the input's own columns
    kept and :data:`FRAME_COLUMNS` added; a row that is not a valid profile
    gets its message in ``error`` and nothing else.

    This is a pure function of its inputs plus the model and index files, so
    it is the unit of work for a distributed engine, e.g. with Dask::

        meta = score_frame(ddf.head(0), index="known.db")  # the output's columns
        ddf.map_partitions(score_frame, index="known.db", meta=meta)

    or Spark's ``mapInPandas``. Pass model and index as paths: each worker
    process opens them once and reuses them for every partition, until their
    files change (see :func:`cached_scorer`; ``tests/test_dask.py`` runs this
    on Dask's process scheduler; install with ``pip install 'fakeprofile[dask]'``).

    Parameters
    ----------
    frame : pandas.DataFrame
        One profile per row, columns as in a CSV file.
    model, index : optional
        As for :func:`score` (paths are best for distributed use).
    max_reasons : int, default=4
        Reasons kept per row.
    extra_fields : {"error", "meta", "ignore"}, default="error"
        Columns that are not profile fields (an export's ``email``,
        ``last_login``…): each makes its row an error naming it (the default:
        a misspelt column must not be silently ignored), or is kept under
        ``meta``, or is ignored. The columns are named once, in one log
        message (a warning with ``"error"``), not once per row. The output
        keeps every input column either way.
    label_field : str or None, default="label"
        The label column of labelled data, ignored (``None``: an extra field
        like any other).

    Returns
    -------
    pandas.DataFrame
        ``frame``'s rows and columns, plus ``risk``, ``level``,
        ``reason_codes`` (``|``-separated), ``reasons`` (each reason and
        mitigating fact with its signed contribution, see
        :meth:`RiskScore.reasons_line`) and ``error``.
    """
    clash = sorted(set(FRAME_COLUMNS) & {str(c) for c in frame.columns})
    if clash:
        raise ValueError(f"the frame already has columns that score_frame adds: {clash}")
    fields = FieldFilter(extra_fields, label_field=label_field)
    records: list[Scorable] = []
    for position, cells in enumerate(frame_cells(frame), start=1):
        try:
            records.append(Item("<frame>", position, fields(unflatten(cells))))
        except (TypeError, ValueError, IndexError, AttributeError) as exc:
            records.append(ReadError("<frame>", position, None, f"cannot place a column: {exc}"))
    notice = fields.notice()
    if notice is not None:  # once for the frame, not once per row
        log.log(logging.WARNING if extra_fields == "error" else logging.INFO, "%s", notice)
    scorer = cached_scorer(model, index, max_reasons=max_reasons)
    risk: list[float] = []
    level: list[str | None] = []
    codes: list[str | None] = []
    texts: list[str | None] = []
    errors: list[str | None] = []
    for result in score_many(records, scorer=scorer, label_field=None):
        if isinstance(result, ScoreError):
            risk.append(np.nan)
            level.append(None)
            codes.append(None)
            texts.append(None)
            errors.append(result.message)
        else:
            risk.append(result.risk)
            level.append(result.level)
            codes.append("|".join(r.code for r in result.reasons))
            texts.append(result.reasons_line())
            errors.append(None)
    out = frame.copy()
    out["risk"] = np.asarray(risk, dtype=float)
    out["level"] = pd.Series(level, index=frame.index, dtype="object")
    out["reason_codes"] = pd.Series(codes, index=frame.index, dtype="object")
    out["reasons"] = pd.Series(texts, index=frame.index, dtype="object")
    out["error"] = pd.Series(errors, index=frame.index, dtype="object")
    return out
