"""The reference index: known profiles' photo hashes and text signatures in one SQLite file.

SQLite is the source of truth (:mod:`.sqlfile`: the schema, format checks and
every statement). Every write is one transaction, so a writer killed
mid-``add`` leaves the file as it was before that ``add``.

In memory (:mod:`.memory`), the 64-bit photo hashes are in a
:class:`HammingIndex` (candidates), text signatures in a text search (keyed
by ``row * 8 + field code``), and each profile's id and creation date in a
compact row table (:mod:`.rows`), so that a text look-up reads nothing from
SQLite. These structures are saved as array files beside the SQLite file
(:mod:`.arrays`) and memory-mapped on open, which takes about the same time
at any size; the rows written since the arrays were saved are read from
SQLite on top of them. A writable index saves new arrays when they are
missing, unusable or far behind (see :meth:`ReferenceIndex.compact`); a
read-only one never writes them. A photo look-up reads the few candidates'
verification data back from SQLite, so memory holds no strong hashes. The
in-memory search structures are those of the file as it was when opened (or last
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
from collections.abc import Generator, Iterable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import numpy as np
from tqdm import tqdm

from ..errors import IndexFormatError, InvalidProfileError, PhotoError
from ..fingerprints.photo import (
    CANDIDATE_LIMIT,
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
    text_queries,
)
from ..io import Item, ReadError
from ..profile import Profile, parse_profile
from . import arrays, sqlfile
from .hamming import HammingIndex
from .inputs import Entry, Written, profiles_of
from .keypointstore import KeypointStore
from .lookup import ProfileCopies, find_copies
from .memory import FIELD_CODES as _FIELD_CODES
from .memory import FIELD_SLOTS as _FIELD_SLOTS
from .memory import Structures, load_file, open_saved, save
from .reports import AddReport, IndexStats
from .rows import BAD_DAY, UNKNOWN_DAY, RowTable, day_code
from .sqlfile import FORMAT_VERSION
from .textsearch import DEFAULT_BUCKET_CAP, LayeredTextSearch

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
#: Saved arrays are rewritten once more than this many profile rows were written
#: since: by a write, once they are also over a sixteenth of the arrays' rows
#: (so a bulk load rewrites them every so often, not at every batch); on a
#: writable open or close, over a 64th. Readers read those rows from SQLite on
#: every open (about 60 µs a row at 1 M profiles).
DELTA_MIN = 4096


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
        self._memory = Structures.empty()
        self._keypoints = KeypointStore()  # photo files' keypoints (own table, own memory)
        self._version = -1
        #: The file's generation the in-memory structures equal (None: unknown, or
        #: another connection wrote since), the saved arrays' row count, and how
        #: many profile rows were written since they were saved.
        self._generation: int | None = None
        self._base_rows = 0
        self._delta_rows = 0
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

    @property
    def _photos(self) -> HammingIndex:
        return self._memory.photos

    @property
    def _texts(self) -> LayeredTextSearch:
        return self._memory.texts

    @property
    def _profiles(self) -> RowTable:
        return self._memory.profiles

    def _check_or_create(self) -> None:
        #: What to select for the display name (NULL in an older read-only file).
        self._name_column = sqlfile.check_or_create(self._conn, self.path, readonly=self.readonly)

    def _load(self, *, force_save: bool = False) -> None:
        """(Re)load the in-memory structures: the saved arrays and the rows changed since.

        The whole file is read instead when there are no usable arrays (then
        a writable index saves them). One read transaction: the generation,
        the changed rows and their contents are of one state of the file.
        """
        conn = self._conn
        conn.execute("BEGIN")
        try:
            generation = sqlfile.generation(conn) if sqlfile.has_generations(conn) else None
            mapped = self._mapped(conn, generation) if generation is not None else None
            memory = mapped if mapped is not None else load_file(conn, self.path)
            version = self._data_version()
            conn.execute("COMMIT")
        except BaseException:
            sqlfile.rollback(conn)
            raise
        with self._memory_lock:
            self._memory = memory
        self._version = version
        self._generation = generation
        if mapped is None:
            self._base_rows, self._delta_rows = len(memory.profiles), 0
        if force_save or (mapped is None and generation is not None) or self._save_due(64):
            self._save()

    def _mapped(self, conn: sqlite3.Connection, generation: int) -> Structures | None:
        """The saved arrays (if of this file's history) brought up to the file, or None."""
        found = open_saved(conn, self.path, generation)
        if found is not None:
            memory, self._base_rows, self._delta_rows = found
            return memory
        return None

    def _save_due(self, share: int) -> bool:
        """Whether enough rows were written since the arrays were saved to save them again."""
        return self._delta_rows > max(DELTA_MIN, self._base_rows // share)

    def _save(self) -> None:
        """Save the in-memory structures as the arrays beside the file (a writer, if they equal it).

        A failure to write them (a read-only folder, a full disk) is logged:
        the index works without them, only slower to open.
        """
        generation = self._generation
        if self.readonly or generation is None:
            return
        conn = self._conn
        stamp = sqlfile.stamp_of(conn, generation)
        if stamp is None:
            return
        with self._memory_lock:
            saved = self._memory.arrays()
            bad = {int(r): self._profiles.bad_text(int(r)) for r in saved["rows"]["bad_rows"]}
        memory = save(conn, self.path, generation, stamp, saved, bad)
        if memory is not None:
            with self._memory_lock:
                self._memory = memory
            self._base_rows, self._delta_rows = len(memory.profiles), 0

    def compact(self) -> None:
        """Save the search structures as arrays beside the file now (they open mapped).

        An index saves them by itself when it is written to, every so
        often, and when it is closed or opened (for writing) with many rows
        written since; readers then read those rows from SQLite on top of the
        arrays. ``compact`` saves them now, so the next open maps everything.

        Raises
        ------
        IndexFormatError
            The index was opened read-only.
        """
        self._writable()
        with self._write_lock, self._sql("compact"):
            self._load(force_save=True)

    def check(self) -> list[str]:
        """Verify the saved arrays beside the file against their checksums.

        Opening checks only what is cheap (format, generation, dtypes and
        shapes: a truncated or missing file is caught, and the file read
        instead); this reads every array. Returns the problems found (none:
        an empty list). To rebuild damaged arrays from the SQLite file,
        delete the ``<index>.arrays`` folder and open the index for writing.
        """
        return arrays.verify(self.path)

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
        """Close the file (idempotent); look-ups under way in other threads finish first.

        A writable index saves its arrays first if many rows were written
        since they were saved.
        """
        with self._write_lock:
            if not self._closed and self._pid == os.getpid() and self._save_due(64):
                with self._sql("save the arrays"):
                    self._save()
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
        keypoints: bool = False,
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
        keypoints : bool, default=False
            Also store each photo *file*'s local keypoints (about 7 KB a
            photo), so that look-ups of photo files find copies the hashes
            miss: cropped by up to a quarter, turned, framed or captioned.
            Such look-ups cost more (tens to hundreds of milliseconds of CPU
            each, growing with the number of photos with keypoints;
            ``benchmarks/README.md``); an index without keypoints answers
            from the hashes alone. A profile added again without them loses
            its keypoints (they would describe its old photo).

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
            return self._add(profiles_of(profiles, photo_root), progress, keypoints)

    def _add(
        self, profiles: Iterable[Profile | Mapping[str, Any]], progress: bool, keypoints: bool
    ) -> AddReport:
        """Fingerprint each profile, write it, commit; then bring memory up to the file."""
        written = Written()
        conn = self._conn
        sqlfile.begin(conn)
        try:
            written.exact = self._data_version() == self._version  # no one wrote since
            for given in tqdm(profiles, disable=not progress, unit=" profiles"):
                # A dict is validated; a Profile is as is.
                entry = self._fingerprint(profile := parse_profile(given), written)
                row, new = self._write(conn, entry, written)
                self._keypoints.write(
                    conn, row, new, profile, keypoints and entry.photo is not None
                )
            written.generation = sqlfile.new_generation(conn)
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
    def _fingerprint(profile: Profile, written: Written) -> Entry:
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
        return Entry(profile.id, profile.name, created, fp, text_queries(profile))

    @staticmethod
    def _write(conn: sqlite3.Connection, entry: Entry, written: Written) -> tuple[int, bool]:
        """Write one profile's row and texts (inside the transaction), and note what changed.

        Returns the profile's row and whether the write created it.
        """
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
        return row, new

    def _remember(self, written: Written) -> None:
        """Bring the in-memory structures up to a committed write."""
        photos = written.photos
        text_items = [item for items in written.texts.values() for item in items]
        with self._memory_lock:
            self._memory.forget(sorted(written.stale))
            self._photos.add(
                np.fromiter(photos.values(), dtype=np.uint64, count=len(photos)),
                np.fromiter(photos.keys(), dtype=np.int64, count=len(photos)),
            )
            if text_items:
                self._texts.add_many((k for k, _ in text_items), (sig for _, sig in text_items))
            for row, (pid, created) in written.profiles.items():
                self._profiles.put(row, pid, created)
            self._memory.settle()
        self._wrote(written.generation, written.exact, len(written.profiles))

    def _wrote(self, generation: int, exact: bool, rows: int) -> None:
        """After a committed write of ``rows`` profile rows: the arrays are saved once due.

        ``exact``: memory equalled the file when the write began (no other
        connection had written since memory was last brought up to it).
        """
        self._version = self._data_version()
        exact = exact and self._generation is not None
        self._generation = generation if exact else None
        self._delta_rows += rows
        if self._save_due(16):
            self._save()

    def remove(self, ids: str | Iterable[str]) -> int:
        """Remove profiles by id, in one transaction; return how many were removed.

        ``ids`` is one id or several: a string is one id, never its letters.
        """
        self._writable()
        if isinstance(ids, str):
            ids = [ids]
        with self._write_lock, self._sql("write", values=False):
            return self._remove(ids)

    def _remove(self, ids: Iterable[str]) -> int:
        conn = self._conn
        sqlfile.begin(conn)
        try:
            exact = self._data_version() == self._version  # no one wrote since
            rows = sqlfile.delete_profiles(conn, list(dict.fromkeys(ids)))
            generation = sqlfile.new_generation(conn)
            sqlfile.commit(conn)
        except BaseException:
            sqlfile.rollback(conn)
            raise
        with self._memory_lock:
            self._memory.forget(rows)
            self._memory.settle()
        self._wrote(generation, exact, len(rows))
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
        on the 64-bit hash (at most
        :data:`~fakeprofile.fingerprints.photo.CANDIDATE_LIMIT` per look-up hash)
        are confirmed with the strong hash
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
            answers = self._photos.search_many(
                np.array(keys, dtype=np.uint64), CANDIDATE_RADIUS, limit=CANDIDATE_LIMIT
            )
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

    @property
    def has_keypoints(self) -> bool:
        """Whether photos' keypoints are stored (``add(..., keypoints=True)``)."""
        with self._reader("read keypoints") as conn:
            return self._keypoints.holds_any(conn)

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
