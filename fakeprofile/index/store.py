"""The reference index: known profiles' photo hashes and text signatures in one SQLite file.

SQLite is the source of truth (:mod:`.sqlfile`: the schema, format checks and
every statement). Every write is one transaction, so a writer killed
mid-``add`` leaves the file as it was before that ``add``.

On open, the 64-bit photo hashes are loaded into a :class:`HammingIndex`
(candidates), and text signatures into a :class:`TextSearch` (keyed by
``row * 8 + field code``), and each profile's id and creation date into a
compact row table (:mod:`.rows`), so that a text look-up reads nothing from
SQLite. A photo look-up reads the few candidates' verification data back from
SQLite, so memory holds no strong hashes. The in-memory search structures are
those of the file as it was when opened (or last
:meth:`ReferenceIndex.refresh`-ed); the candidates' verification rows are read
from the file as it is. What is stored of a profile, and what a look-up asks
with, come from the same fingerprint functions (:mod:`fakeprofile.fingerprints`).

One :class:`ReferenceIndex` may be shared by any number of threads (a web
service's request threads). Writes (``add``, ``remove``, ``refresh``) go
through one connection, one writer at a time; each look-up borrows a reading
connection of its own from a small pool (SQLite connections must not be used
by two threads at once); the in-memory structures are read and swapped under a
lock. Any SQLite failure (a damaged or truncated file) becomes an
:class:`~fakeprofile.errors.IndexFormatError` naming the file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import sqlite3
import threading
from collections.abc import Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from types import TracebackType
from typing import Any

import numpy as np
from tqdm import tqdm

from ..errors import IndexFormatError, InvalidProfileError, PhotoError
from ..fingerprints.photo import (
    CANDIDATE_RADIUS,
    STRONG_BITS,
    PhotoFingerprint,
    PhotoHash,
    PhotoMatch,
    PhotoQuery,
    confirm,
    query_fingerprints,
)
from ..fingerprints.text import (
    TEXT_FIELDS,
    TextMatch,
    TextQuery,
    TextSignature,
    signature_arrays,
    text_queries,
)
from ..io import Item, ReadError, read_records
from ..profile import Profile, parse_profile
from . import sqlfile
from .hamming import HammingIndex
from .keypointstore import KeypointStore
from .lookup import ProfileCopies, find_copies
from .rows import BAD_DAY, UNKNOWN_DAY, RowTable, day_code
from .sqlfile import FORMAT_VERSION
from .textsearch import DEFAULT_BUCKET_CAP, TextSearch

__all__ = [
    "FORMAT_VERSION",
    "AddReport",
    "IndexStats",
    "PhotoMatch",
    "ProfileCopies",
    "ReferenceIndex",
    "TextMatch",
]

logger = logging.getLogger(__name__)

#: Most profiles one text look-up returns (the most similar ones). The text
#: search reads a stock text's band buckets only to DEFAULT_BUCKET_CAP texts,
#: which must leave room for this many (plus the profile itself).
MAX_TEXT_MATCHES = 50
assert DEFAULT_BUCKET_CAP > MAX_TEXT_MATCHES
#: Text search keys are ``row * _FIELD_SLOTS + field code`` (code = position in TEXT_FIELDS).
_FIELD_SLOTS = 8
_FIELD_CODES = {name: code for code, name in enumerate(TEXT_FIELDS)}


@dataclass(frozen=True, slots=True)
class AddReport:
    """What :meth:`ReferenceIndex.add` did."""

    added: int = 0
    updated: int = 0
    photos: int = 0
    #: Text signatures stored (one per field long enough to sign).
    texts: int = 0
    #: Ids of the profiles whose photo could not be read (indexed without a photo).
    photos_unreadable: tuple[str, ...] = ()
    #: Ids of the profiles whose photo is too plain to identify anyone (a plain
    #: colour, a gradient; see :data:`~fakeprofile.fingerprints.photo.MIN_DETAIL`):
    #: indexed without a photo, so nothing ever matches it.
    photos_without_detail: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class IndexStats:
    """Counts and sizes of an index."""

    profiles: int
    photos: int
    texts: int
    file_bytes: int
    memory_bytes: int
    format_version: int = FORMAT_VERSION
    extra: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Entry:
    """What the index stores of one profile: its fingerprints, ready to write."""

    profile_id: str
    name: str | None
    #: The creation date as stored (ISO), or None.
    created_at: str | None
    #: The photo's fingerprint, or None: no photo, unreadable, or too plain.
    photo: PhotoFingerprint | None
    #: One per text field long enough to be signed.
    texts: list[TextQuery]


@dataclass
class _Written:
    """What one :meth:`ReferenceIndex.add` wrote, by row: memory follows it once committed.

    Each row holds its final state: an id given twice in one batch must leave
    only its last version in memory, as in the file.
    """

    added: int = 0
    updated: int = 0
    #: Profiles written with a photo (an id given twice counts twice).
    with_photo: int = 0
    unreadable: list[str] = field(default_factory=list)
    plain: list[str] = field(default_factory=list)
    #: The 64-bit photo hash of each row written with a photo.
    photos: dict[int, int] = field(default_factory=dict)
    #: The text search keys and signatures of each row written.
    texts: dict[int, list[tuple[int, TextSignature]]] = field(default_factory=dict)
    #: The id and stored creation date of each row written.
    profiles: dict[int, tuple[str, str | None]] = field(default_factory=dict)
    #: Rows that were in the file before: their old photo and texts leave memory.
    stale: set[int] = field(default_factory=set)


def _read_error(error: ReadError) -> InvalidProfileError:
    return InvalidProfileError.single(
        "", f"{error.source}:{error.line}: {error.message}", record_id=error.record_id
    )


def _profiles_of(
    given: str | Path | Iterable[Profile | Mapping[str, Any] | str | Path | Item[Any] | ReadError],
    photo_root: str | Path | None,
) -> Iterator[Profile | Mapping[str, Any]]:
    """Profiles and dicts from what :meth:`ReferenceIndex.add` takes: files are read."""
    things: Iterable[Any] = [given] if isinstance(given, str | Path) else given
    for thing in things:
        if isinstance(thing, str | Path):
            for record in read_records(thing, photo_root=photo_root):
                if isinstance(record, ReadError):
                    raise _read_error(record)
                try:
                    yield parse_profile(record.value)
                except InvalidProfileError as exc:
                    where = f"{record.source}:{record.line}"
                    problems = "; ".join(map(str, exc.problems))
                    raise InvalidProfileError.single(
                        "", f"{where}: {problems}", record_id=exc.record_id
                    ) from None
        elif isinstance(thing, Item):
            yield thing.value
        elif isinstance(thing, ReadError):
            raise _read_error(thing)
        else:
            yield thing


class ReferenceIndex:
    """A reference index of known profiles in a SQLite file.

    Parameters
    ----------
    path : str or Path
        The index file; created (with its folder's permission) unless ``readonly``.
    readonly : bool
        Open for look-ups only; the file must exist.

    Raises
    ------
    IndexFormatError
        The file is not a fakeprofile index, or has another format version.

    Examples
    --------
    >>> from fakeprofile import read_profiles, Item
    >>> from fakeprofile.fingerprints.photo import fingerprint
    >>> with ReferenceIndex("known.db") as index:  # doctest: +SKIP
    ...     report = index.add(
    ...         item.value for item in read_profiles("profiles.jsonl") if isinstance(item, Item)
    ...     )
    ...     matches = index.photo_matches(None, fingerprint("new-photo.jpg"))
    ...     [(m.profile_id, m.distance, m.mirrored) for m in matches]
    [('p-amara', 6, True)]
    """

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        #: Held by whoever uses the writing connection (writes, loads, refresh).
        self._write_lock = threading.RLock()
        #: Held to read or replace the in-memory structures (briefly).
        self._memory_lock = threading.RLock()
        #: Held to take a reading connection from the pool or put one back.
        self._pool_lock = threading.Lock()
        self._connection = self._connect()
        self._pid = os.getpid()
        self._forked_from: list[sqlite3.Connection] = []
        #: Idle reading connections, each used by one thread at a time.
        self._readers: list[sqlite3.Connection] = []
        self._closed = False
        self._photos = HammingIndex()
        self._texts = TextSearch()
        self._profiles = RowTable.empty()
        self._keypoints = KeypointStore()  # photo files' keypoints (own table, own memory)
        self._version = -1
        try:
            with self._sql("open"):
                self._check_or_create()
                self._keypoints.open(self._conn, readonly=self.readonly)
                self._load()
        except BaseException:
            self._connection.close()
            raise

    @contextlib.contextmanager
    def _sql(self, doing: str, *, values: bool = True) -> Generator[None, None, None]:
        """Turn a failure of SQLite (or of a damaged file's values) into IndexFormatError.

        A damaged file can fail in SQLite (``database disk image is malformed``,
        text that is not UTF-8) or hand back values of the wrong type; both
        mean the same to a caller: this file is unusable.
        """
        try:
            yield
        except sqlite3.Error as exc:
            if self._closed:
                raise IndexFormatError(f"index file {self.path} is closed") from None
            raise IndexFormatError(
                f"index file {self.path}: cannot {doing} ({type(exc).__name__}: {exc});"
                " the file may be damaged"
            ) from None
        except (ValueError, TypeError, OverflowError, UnicodeError) as exc:
            # values=False: a write, where such errors come from the caller's profiles.
            if not values or isinstance(exc, IndexFormatError | InvalidProfileError | PhotoError):
                raise
            raise IndexFormatError(
                f"index file {self.path}: cannot {doing}: a stored value is damaged"
                f" ({type(exc).__name__}: {exc})"
            ) from None

    def _same_process(self) -> None:
        """After ``fork``: leave the parent's connections alone and open our own.

        A connection must not be used across ``fork``: a forked process (a
        worker of :func:`fakeprofile.score_many`, say) opens its own on first
        use. The in-memory structures are shared with the parent, copy on write.
        """
        if self._pid != os.getpid():
            # The parent's: never used nor closed here.
            self._forked_from += [self._connection, *self._readers]
            self._readers = []
            self._connection = self._connect()
            self._pid = os.getpid()

    @property
    def _conn(self) -> sqlite3.Connection:
        """The writing connection; use it only while holding ``_write_lock``."""
        self._same_process()
        return self._connection

    @contextlib.contextmanager
    def _reader(self, doing: str) -> Generator[sqlite3.Connection, None, None]:
        """A reading connection for this thread alone, returned to the pool afterwards.

        A pool rather than one connection per thread: a server that starts a
        thread per request would otherwise leave a connection behind per thread.
        """
        with self._pool_lock:
            self._same_process()
            if self._closed:
                raise IndexFormatError(f"index file {self.path} is closed")
            conn = self._readers.pop() if self._readers else None
        with self._sql(doing):
            if conn is None:
                conn = self._connect()
            try:
                yield conn
            finally:
                with self._pool_lock:
                    if self._closed or self._pid != os.getpid():
                        conn.close()
                    else:
                        self._readers.append(conn)

    # ----------------------------------------------------------------- opening

    def _connect(self) -> sqlite3.Connection:
        return sqlfile.connect(self.path, readonly=self.readonly)

    def _date(self, text: object) -> dt.date | None:
        """A stored creation date, or a clear error naming the file if it is not one."""
        day = day_code(text)
        if day == BAD_DAY:
            raise IndexFormatError(f"index file {self.path}: created_at {text!r} is not a date")
        return dt.date.fromordinal(day) if day != UNKNOWN_DAY else None

    def _field_code(self, field: str) -> int:
        try:
            return _FIELD_CODES[field]
        except KeyError:
            raise IndexFormatError(
                f"index file {self.path}: unknown text field {field!r}"
            ) from None

    def _check_or_create(self) -> None:
        #: What to select for the display name (NULL in an older read-only file).
        self._name_column = sqlfile.check_or_create(self._conn, self.path, readonly=self.readonly)

    def _load(self) -> None:
        """(Re)load the in-memory structures from the file."""
        photos = HammingIndex()
        rows: list[int] = []
        keys: list[int] = []
        # One pass over the profiles: the photo hashes, and the row table's columns.
        row_parts, length_parts, blob_parts, day_parts = [], [], [], []
        bad: dict[int, object] = {}
        day_of: dict[object, int] = {}  # creation dates repeat: each distinct one parsed once
        for batch in sqlfile.profile_batches(self._conn):
            # Columns by itemgetter, not zip(*batch): that makes an iterator per row, and
            # so many garbage-collector passes that the scan took twice as long.
            batch_rows, pids, created, phashes = (list(map(itemgetter(i), batch)) for i in range(4))
            try:
                encoded = list(map(str.encode, pids))
            except TypeError:
                raise IndexFormatError(
                    f"index file {self.path}: a profile id is not text"
                ) from None
            row_parts.append(np.array(batch_rows, dtype=np.int64))
            length_parts.append(np.fromiter(map(len, encoded), np.int64, len(encoded)))
            blob_parts.append(b"".join(encoded))
            for text in set(created).difference(day_of):
                day_of[text] = day_code(text)
            day_parts.append(np.fromiter(map(day_of.__getitem__, created), np.int32, len(batch)))
            if BAD_DAY in day_parts[-1]:
                bad.update((r, c) for r, c in zip(batch_rows, created, strict=True)
                           if day_of[c] == BAD_DAY)  # fmt: skip
            for row, phash in zip(batch_rows, phashes, strict=True):
                if phash is not None:
                    rows.append(row)
                    keys.append(phash)
            if len(rows) >= 1_000_000:
                photos.add(np.array(keys, dtype=np.int64).view(np.uint64), np.array(rows))
                rows, keys = [], []
        photos.add(np.array(keys, dtype=np.int64).view(np.uint64), np.array(rows, dtype=np.int64))
        photos.merge()
        if row_parts:
            profiles = RowTable(
                np.concatenate(row_parts),
                np.concatenate(length_parts),
                b"".join(blob_parts),
                np.concatenate(day_parts),
                bad,
            )
        else:
            profiles = RowTable.empty()
        # Texts: parsed a batch at a time into arrays, then merged in one go.
        keys_parts, value_parts, band_parts = [], [], []
        for batch in sqlfile.text_batches(self._conn):
            keys_parts.append(
                np.array(
                    [row * _FIELD_SLOTS + self._field_code(field) for row, field, _ in batch],
                    dtype=np.int64,
                )
            )
            try:
                values, bands = signature_arrays([sig for _, _, sig in batch])
            except IndexFormatError as exc:
                raise IndexFormatError(f"index file {self.path}: {exc}") from None
            value_parts.append(values)
            band_parts.append(bands)
        texts = TextSearch()
        if keys_parts:
            texts.add_arrays(
                np.concatenate(keys_parts), np.concatenate(value_parts), np.concatenate(band_parts)
            )
        with self._memory_lock:
            self._photos = photos
            self._texts = texts
            self._profiles = profiles
        self._version = self._data_version()

    def _data_version(self) -> int:
        return sqlfile.data_version(self._conn)

    def refresh(self) -> bool:
        """Reload the in-memory structures if another connection changed the file.

        Returns whether a reload happened.
        """
        with self._write_lock, self._sql("reload"):
            if self._data_version() == self._version:
                return False
            self._load()
            self._keypoints.reset()
            return True

    # ----------------------------------------------------------------- context

    def close(self) -> None:
        """Close the file (idempotent); look-ups under way in other threads finish first."""
        with self._write_lock, self._pool_lock:
            self._closed = True
            if self._pid == os.getpid():
                self._connection.close()
                for conn in self._readers:
                    conn.close()
            self._readers = []

    def __enter__(self) -> ReferenceIndex:
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled (and deep-copied, as :func:`sklearn.base.clone` does) as its path.

        A connection cannot be pickled: the copy opens the same file again,
        read-only (a copy is for look-ups; writes go through the original).
        The file must exist where the copy is loaded.
        """
        return (_reopen, (str(self.path),))

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __len__(self) -> int:
        with self._reader("count the profiles") as conn:
            return sqlfile.count_profiles(conn)

    # ----------------------------------------------------------------- writing

    def _writable(self) -> None:
        if self.readonly:
            raise IndexFormatError(f"index {self.path} was opened read-only")

    def add(
        self,
        profiles: str
        | Path
        | Iterable[Profile | Mapping[str, Any] | str | Path | Item[Any] | ReadError],
        *,
        progress: bool = False,
        photo_root: str | Path | None = None,
    ) -> AddReport:
        """Add or update (by id) profiles, in one transaction.

        The photo is fingerprinted from ``photo_hash`` or the ``photo`` file; a
        photo that cannot be read is reported in ``photos_unreadable`` and the
        profile is indexed without one.

        Parameters
        ----------
        profiles : path, or iterable of Profile, dict, path or Item
            What :func:`fakeprofile.score` takes, many at a time: profiles,
            dicts (validated), the items of :func:`fakeprofile.read_profiles`,
            or paths of JSON, JSON Lines or CSV files (every record of each;
            a label column is ignored). One path may be given on its own.
        progress : bool, default=False
            A progress bar on standard error.
        photo_root : str or Path, optional
            For files: one more folder their ``photo`` paths may point into.

        Returns
        -------
        AddReport

        Raises
        ------
        InvalidProfileError
            When a dict or a file's record does not validate (the message
            names the record and the field); nothing is added then.
        InputFormatError
            When a file cannot be opened or its format told.

        Examples
        --------
        >>> with ReferenceIndex("known.db") as index:  # doctest: +SKIP
        ...     index.add("my-network.csv")
        ...     index.add([{"id": "p-9", "about": "…"}, "colleagues.jsonl"])
        """
        self._writable()
        with self._write_lock, self._sql("write", values=False):
            return self._add(_profiles_of(profiles, photo_root), progress)

    def _add(self, profiles: Iterable[Profile | Mapping[str, Any]], progress: bool) -> AddReport:
        """Fingerprint each profile, write it, commit; then bring memory up to the file."""
        written = _Written()
        conn = self._conn
        sqlfile.begin(conn)
        try:
            for given in tqdm(profiles, disable=not progress, unit=" profiles"):
                # A dict is validated; a Profile is as is.
                entry = self._fingerprint(profile := parse_profile(given), written)
                self._write(conn, entry, written)
                self._keypoints.write(conn, profile, entry.photo is not None)
            sqlfile.commit(conn)
        except BaseException:
            sqlfile.rollback(conn)
            raise
        # Memory follows the file only once the transaction is committed.
        self._remember(written)
        return AddReport(
            added=written.added,
            updated=written.updated,
            photos=written.with_photo,
            texts=sum(map(len, written.texts.values())),
            photos_unreadable=tuple(written.unreadable),
            photos_without_detail=tuple(written.plain),
        )

    @staticmethod
    def _fingerprint(profile: Profile, written: _Written) -> _Entry:
        """What is stored of ``profile``: as :meth:`find` looks it up (photo without probes)."""
        fp: PhotoFingerprint | None = None
        try:
            fp = query_fingerprints(profile, probes=False)[0]
        except (PhotoError, InvalidProfileError) as exc:
            logger.info("profile %s: photo unreadable: %s", profile.id, exc)
            written.unreadable.append(profile.id)
        if fp is not None and not fp.has_detail:
            written.plain.append(profile.id)
            fp = None
        created = profile.created_at.isoformat() if profile.created_at else None
        # Texts are signed with the profile's own name masked: a copier changes it.
        return _Entry(profile.id, profile.name, created, fp, text_queries(profile))

    @staticmethod
    def _write(conn: sqlite3.Connection, entry: _Entry, written: _Written) -> None:
        """Write one profile's row and texts (inside the transaction), and note what changed."""
        fp = entry.photo
        photo = None
        if fp is not None:
            photo = (
                sqlfile.signed64(fp.phash.bits),
                fp.strong.bits.to_bytes(STRONG_BITS // 8, "big"),
            )
        row, new = sqlfile.write_profile(
            conn,
            entry.profile_id,
            entry.name,
            entry.created_at,
            photo,
            [(q.field, q.signature.to_bytes()) for q in entry.texts],
        )
        if new:
            written.added += 1
        else:
            written.stale.add(row)
            written.photos.pop(row, None)
            written.updated += 1
        if fp is not None:
            written.with_photo += 1
            written.photos[row] = fp.phash.bits
        written.texts[row] = [
            (row * _FIELD_SLOTS + _FIELD_CODES[q.field], q.signature) for q in entry.texts
        ]
        written.profiles[row] = (entry.profile_id, entry.created_at)

    def _remember(self, written: _Written) -> None:
        """Bring the in-memory structures up to a committed write."""
        stale, photos = written.stale, written.photos
        text_items = [item for items in written.texts.values() for item in items]
        with self._memory_lock:
            self._photos.remove(np.fromiter(stale, dtype=np.int64, count=len(stale)))
            self._photos.add(
                np.fromiter(photos.values(), dtype=np.uint64, count=len(photos)),
                np.fromiter(photos.keys(), dtype=np.int64, count=len(photos)),
            )
            self._forget_texts(stale)
            if text_items:
                self._texts.add_many((k for k, _ in text_items), (sig for _, sig in text_items))
            for row, (pid, created) in written.profiles.items():
                self._profiles.put(row, pid, created)
            self._settle_profiles()
        self._version = self._data_version()

    def _settle_profiles(self) -> None:
        """After a write: fold the row table's overlay into new arrays once it is large."""
        if self._profiles.crowded():
            self._profiles = self._profiles.folded()

    def _forget_texts(self, rows: Iterable[int]) -> None:
        for row in rows:
            for code in range(len(TEXT_FIELDS)):
                self._texts.remove(row * _FIELD_SLOTS + code)

    def remove(self, ids: Iterable[str]) -> int:
        """Remove profiles by id, in one transaction; return how many were removed."""
        self._writable()
        with self._write_lock, self._sql("write", values=False):
            return self._remove(ids)

    def _remove(self, ids: Iterable[str]) -> int:
        conn = self._conn
        sqlfile.begin(conn)
        try:
            rows = sqlfile.delete_profiles(conn, list(dict.fromkeys(ids)))
            sqlfile.commit(conn)
        except BaseException:
            sqlfile.rollback(conn)
            raise
        with self._memory_lock:
            self._photos.remove(np.array(rows, dtype=np.int64))
            self._forget_texts(rows)
            for row in rows:
                self._profiles.drop(row)
            self._settle_profiles()
        self._version = self._data_version()
        return len(rows)

    # ----------------------------------------------------------------- reading

    def find(self, profile: Profile | Mapping[str, Any]) -> ProfileCopies:
        """The other profiles that share ``profile``'s photo or one of its texts.

        "Find this profile's copies" in one place (:func:`~.lookup.find_copies`):
        the photo with its query probes, and each text field that can be
        signed, looked up as :meth:`add` stores them.

        Parameters
        ----------
        profile : Profile or dict
            The profile (a dict is validated).

        Returns
        -------
        ProfileCopies
            The photo's matches (or why the photo could not be read) and the
            matches of each text field.

        Raises
        ------
        InvalidProfileError
            When a dict does not validate.
        """
        return find_copies(self, parse_profile(profile))

    def photo_matches(
        self,
        profile_id: str | None,
        fp: PhotoFingerprint,
        *,
        probes: Sequence[PhotoFingerprint] = (),
    ) -> list[PhotoMatch]:
        """Other profiles whose photo is the same as ``fp`` (as is or mirrored).

        Candidates within :data:`~fakeprofile.fingerprints.photo.CANDIDATE_RADIUS`
        on the 64-bit hash are confirmed with the strong hash
        (:func:`~fakeprofile.fingerprints.photo.confirm`). ``probes`` (from
        :func:`~fakeprofile.fingerprints.photo.probe_image`) are looked up too, to
        find cropped or rotated copies; each profile is reported once, at its
        smallest distance. The profile ``profile_id`` itself is never
        returned. Sorted by distance, then id.
        """
        return self.photo_matches_many([PhotoQuery(profile_id, fp, tuple(probes))])[0]

    def _select_rows(
        self, columns: str, rows: Sequence[int], where: str = ""
    ) -> list[tuple[Any, ...]]:
        """``row`` and ``columns`` of the profiles numbered ``rows`` (and matching ``where``)."""
        with self._reader("read profiles") as conn:
            return sqlfile.select_rows(conn, columns, rows, where)

    def photo_matches_many(self, queries: Sequence[PhotoQuery]) -> list[list[PhotoMatch]]:
        """:meth:`photo_matches` for many ``(profile_id, fingerprint, probes, keypoints)`` at once.

        The hash index answers every look-up together and the candidates are
        read from the file in one pass: the way to look up a chunk of profiles.
        A query with keypoints (a photo file) also finds copies the hashes miss.
        """
        return self._keypoints.matches(self, queries, self._hash_matches_many(queries))

    def _hash_matches_many(self, queries: Sequence[PhotoQuery]) -> list[list[PhotoMatch]]:
        owners: list[int] = []
        keys: list[int] = []
        for q, (_, fp, probes, *_) in enumerate(queries):
            if not fp.has_detail:  # too plain to identify anyone: it matches nothing
                continue
            for query in (fp, *probes):
                owners += [q, q]
                keys += [query.phash.bits, query.mirror_phash.bits]
        with self._memory_lock:
            answers = self._photos.search_many(np.array(keys, dtype=np.uint64), CANDIDATE_RADIUS)
        candidates: list[set[int]] = [set() for _ in queries]
        for q, (found, _) in zip(owners, answers, strict=True):
            candidates[q].update(found.tolist())
        wanted = sorted(set().union(*candidates))
        if not wanted:  # the usual case: no photo within the radius, nothing to read
            return [[] for _ in queries]
        selected = self._select_rows(
            f"id, {self._name_column}, created_at, photo_phash, photo_strong",
            wanted,
            "photo_phash IS NOT NULL",
        )
        try:
            stored = {
                row: (
                    pid,
                    name,
                    self._date(created),
                    PhotoHash(int(phash) & ((1 << 64) - 1), 64),
                    PhotoHash(int.from_bytes(strong, "big"), STRONG_BITS),
                )
                for row, pid, name, created, phash, strong in selected
            }
        except (TypeError, ValueError, PhotoError) as exc:
            if isinstance(exc, IndexFormatError):
                raise
            raise IndexFormatError(
                f"index file {self.path}: a stored photo hash is damaged ({exc})"
            ) from None
        out = []
        for (profile_id, fp, probes, *_), rows in zip(queries, candidates, strict=True):
            matches = []
            for row in sorted(rows):
                if row not in stored or stored[row][0] == profile_id:
                    continue
                pid, name, created, phash, strong = stored[row]
                confirmed = confirm(fp, probes, phash, strong)
                if confirmed is not None:
                    distance, mirrored = confirmed
                    matches.append(PhotoMatch(pid, distance, mirrored, created, name))
            matches.sort(key=lambda m: (m.distance, m.profile_id))
            out.append(matches)
        return out

    def text_matches(
        self,
        profile_id: str | None,
        field: str,
        sig: TextSignature,
        *,
        limit: int = MAX_TEXT_MATCHES,
    ) -> list[TextMatch]:
        """Other profiles with a near-identical text, in any of their text fields.

        ``field`` is the field of the query text (it is not used to restrict
        the search: a bio copied into an experience description is still a
        copy). One match per profile, naming its most similar field; the
        similarity is the text search's verified estimate of Jaccard
        similarity. The profile ``profile_id`` itself is never returned. At
        most ``limit`` profiles, the most similar, sorted by similarity
        (highest first), then id: a stock text shared by thousands of
        profiles must not make every look-up read thousands of rows.
        """
        return self.text_matches_many([TextQuery(profile_id, field, sig)], limit=limit)[0]

    def text_matches_many(
        self,
        queries: Sequence[TextQuery],
        *,
        limit: int = MAX_TEXT_MATCHES,
    ) -> list[list[TextMatch]]:
        """:meth:`text_matches` for many ``(profile_id, field, signature)`` queries at once.

        The text search answers them together, and the matching profiles' ids
        and creation dates come from the in-memory row table: the way to look
        up a chunk of profiles.

        Raises
        ------
        IndexFormatError
            A returned profile's stored creation date is not a date.
        """
        # Enough keys for limit + 1 profiles (the spare: the profile itself), each
        # of which may match in every text field.
        with self._memory_lock:
            profiles = self._profiles
            answers = self._texts.search_many(
                [sig for _, _, sig in queries], limit=(limit + 1) * len(TEXT_FIELDS)
            )
        out: list[list[TextMatch]] = []
        for (profile_id, _, _), (keys, similarities) in zip(queries, answers, strict=True):
            if not keys.size:  # the usual answer
                out.append([])
                continue
            # Each profile once, at its most similar text (the search sorted them best
            # first): the first limit + 1 profiles, one of which may be the profile itself.
            rows: list[int] = []
            codes: list[int] = []
            sims: list[float] = []
            seen: set[int] = set()
            for key, similarity in zip(keys.tolist(), similarities.tolist(), strict=True):
                row = key // _FIELD_SLOTS
                if row not in seen:
                    seen.add(row)
                    rows.append(row)
                    codes.append(key - row * _FIELD_SLOTS)
                    sims.append(similarity)
                    if len(rows) > limit:
                        break
            # (-similarity, id, ...): sorted without a key function, ids unique.
            found = [
                (-similarity, entry[0], entry[1], code, row)
                for row, code, similarity, entry in zip(
                    rows, codes, sims, self._profile_rows(profiles, rows), strict=True
                )
                if entry is not None and entry[0] != profile_id
            ]
            found.sort()
            out.append(
                [
                    TextMatch(
                        pid,
                        TEXT_FIELDS[code],
                        -negated,
                        dt.date.fromordinal(day) if day > 0 else self._odd_date(row, day),
                    )
                    for negated, pid, day, code, row in found[:limit]
                ]
            )
        return out

    def _profile_rows(
        self, profiles: RowTable, rows: Sequence[int]
    ) -> list[tuple[str, int] | None]:
        """``profiles.get_many(rows)``, safe from a concurrent write (it may fold the table)."""
        with self._memory_lock:
            try:
                return profiles.get_many(rows)
            except UnicodeDecodeError:
                raise IndexFormatError(
                    f"index file {self.path}: a stored profile id is damaged"
                ) from None

    def _odd_date(self, row: int, day: int) -> dt.date | None:
        """The creation date of ``row`` whose day code ``day`` is not a date: none, or an error."""
        if day == BAD_DAY:
            return self._date(self._profiles.bad_text(row))  # raises, naming the file
        return None

    def stats(self) -> IndexStats:
        """Counts, file size (with the WAL) and memory of the in-memory structures."""
        with self._reader("count the profiles") as conn:
            profiles, photos, texts = sqlfile.counts(conn)
        size = sqlfile.file_bytes(self.path)
        with self._memory_lock:
            extra = {
                "photo_index_bytes": self._photos.nbytes,
                "text_index_bytes": self._texts.nbytes,
                "row_table_bytes": self._profiles.nbytes,
                "keypoint_keys_bytes": self._keypoints.nbytes,
            }
        return IndexStats(
            profiles=profiles,
            photos=photos,
            texts=texts,
            file_bytes=size,
            memory_bytes=sum(extra.values()),
            extra=extra,
        )


def _reopen(path: str) -> ReferenceIndex:
    """An unpickled :class:`ReferenceIndex`: its file opened again, read-only."""
    return ReferenceIndex(path, readonly=True)
