"""The reference index: known profiles' photo hashes and text signatures in one SQLite file.

SQLite is the source of truth. The file holds, per profile, its id, creation
date, photo hashes (the 64-bit pHash and the 256-bit verification hash) and
text signatures: never photos or full texts. It carries a format version
(``PRAGMA user_version``) and an application id, runs in WAL mode so that
several processes can read while one writes, and every write is one
transaction, so a writer killed mid-``add`` leaves the file as it was before
that ``add``.

On open, the 64-bit photo hashes are loaded into a :class:`HammingIndex`
(candidates), and text signatures into a :class:`TextSearch` (keyed by
``row * 8 + field code``). A look-up reads the
few candidates' verification data back from SQLite, so memory holds only the
candidate structures. A reader sees the file as it was when opened (or last
:meth:`ReferenceIndex.refresh`-ed).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

import numpy as np
from tqdm import tqdm

from ..errors import IndexFormatError, InvalidProfileError, PhotoError
from ..profile import Profile
from ..signals.photo import (
    CANDIDATE_RADIUS,
    PROBE_THRESHOLD,
    STRONG_BITS,
    PhotoFingerprint,
    PhotoHash,
    profile_fingerprint,
    verify,
)
from ..signals.text import (
    TEXT_FIELDS,
    TextMatch,
    TextSignature,
    name_mask,
    profile_texts,
    signature_arrays,
    text_signature,
)
from .hamming import HammingIndex
from .textsearch import DEFAULT_BUCKET_CAP, TextSearch

__all__ = [
    "FORMAT_VERSION",
    "AddReport",
    "IndexStats",
    "PhotoMatch",
    "ReferenceIndex",
    "TextMatch",
]

logger = logging.getLogger(__name__)

#: Version of the file layout; a file of another version is refused.
FORMAT_VERSION = 1
#: ``PRAGMA application_id`` of a fakeprofile index ("FPIX").
APPLICATION_ID = 0x46504958

_SCHEMA = """
CREATE TABLE profiles (
    row INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    name TEXT,             -- display name, to name the profile in evidence
    created_at TEXT,
    photo_phash INTEGER,   -- 64-bit pHash as a signed integer
    photo_strong BLOB      -- 256-bit verification hash, big-endian
);
CREATE TABLE texts (
    row INTEGER NOT NULL,
    field TEXT NOT NULL,
    signature BLOB NOT NULL,
    PRIMARY KEY (row, field)
);
"""
_CHUNK = 500  # ids per "IN (...)" statement, well under SQLite's variable limit
#: Most profiles one text look-up returns (the most similar ones). The text
#: search reads a stock text's band buckets only to DEFAULT_BUCKET_CAP texts,
#: which must leave room for this many (plus the profile itself).
MAX_TEXT_MATCHES = 50
assert DEFAULT_BUCKET_CAP > MAX_TEXT_MATCHES
#: Text search keys are ``row * _FIELD_SLOTS + field code`` (code = position in TEXT_FIELDS).
_FIELD_SLOTS = 8
_FIELD_CODES = {name: code for code, name in enumerate(TEXT_FIELDS)}


@dataclass(frozen=True, slots=True)
class PhotoMatch:
    """Another profile whose photo is the same photo (confirmed by the strong hash)."""

    profile_id: str
    #: Distance of the 256-bit hashes (of :data:`~fakeprofile.signals.photo.STRONG_BITS`).
    distance: int
    #: Whether it matched the mirror image.
    mirrored: bool
    created_at: dt.date | None
    #: The matching profile's display name, if it was given.
    name: str | None = None


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


def _to_signed(bits: int) -> int:
    return bits - (1 << 64) if bits >= 1 << 63 else bits


_T = TypeVar("_T")


def _chunks(items: Sequence[_T]) -> Iterator[Sequence[_T]]:
    """``items`` in slices small enough for one ``IN (...)`` statement."""
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


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
    >>> from fakeprofile.signals.photo import fingerprint
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
        self._connection = self._connect()
        self._pid = os.getpid()
        self._forked_from: list[sqlite3.Connection] = []
        self._photos = HammingIndex()
        self._texts = TextSearch()
        self._version = -1
        try:
            self._check_or_create()
            self._load()
        except BaseException:
            self._connection.close()
            raise

    @property
    def _conn(self) -> sqlite3.Connection:
        """This process's SQLite connection.

        A connection must not be used across ``fork``: a forked process (a
        worker of :func:`fakeprofile.score_many`, say) opens its own on first
        use. The in-memory structures are shared with the parent, copy on write.
        """
        if self._pid != os.getpid():
            self._forked_from.append(self._connection)  # the parent's: never used nor closed here
            self._connection = self._connect()
            self._pid = os.getpid()
        return self._connection

    # ----------------------------------------------------------------- opening

    def _connect(self) -> sqlite3.Connection:
        if self.readonly and not self.path.is_file():
            raise IndexFormatError(f"index file {self.path} does not exist")
        uri = f"{self.path.resolve().as_uri()}?mode={'ro' if self.readonly else 'rwc'}"
        try:
            # isolation_level=None: we issue BEGIN/COMMIT ourselves, one per write.
            conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=30.0)
        except sqlite3.Error as exc:
            raise IndexFormatError(f"cannot open index file {self.path}: {exc}") from None
        # Index files may come from others: never run SQL that a file's schema carries.
        conn.execute("PRAGMA trusted_schema=OFF")
        return conn

    def _date(self, text: str | None) -> dt.date | None:
        """A stored creation date, or a clear error naming the file if it is not one."""
        if not text:
            return None
        try:
            return dt.date.fromisoformat(text)
        except (TypeError, ValueError):
            raise IndexFormatError(
                f"index file {self.path}: created_at {text!r} is not a date"
            ) from None

    def _field_code(self, field: str) -> int:
        try:
            return _FIELD_CODES[field]
        except KeyError:
            raise IndexFormatError(
                f"index file {self.path}: unknown text field {field!r}"
            ) from None

    def _check_or_create(self) -> None:
        try:
            app = self._conn.execute("PRAGMA application_id").fetchone()[0]
            version = self._conn.execute("PRAGMA user_version").fetchone()[0]
            tables = self._conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise IndexFormatError(
                f"{self.path} is not a fakeprofile index (not an SQLite file: {exc})"
            ) from None
        if tables == 0 and app == 0 and not self.readonly:
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.executescript(
                f"BEGIN IMMEDIATE; {_SCHEMA}; PRAGMA application_id={APPLICATION_ID};"
                f" PRAGMA user_version={FORMAT_VERSION}; COMMIT;"
            )
            logger.info("created index %s", self.path)
            self._name_column = "name"
            return
        if app != APPLICATION_ID:
            raise IndexFormatError(f"{self.path} is an SQLite file but not a fakeprofile index")
        if version != FORMAT_VERSION:
            raise IndexFormatError(
                f"{self.path} has index format version {version}; this fakeprofile reads "
                f"version {FORMAT_VERSION} (rebuild the index with `fakeprofile index add`)"
            )
        columns = {row[1] for row in self._conn.execute("PRAGMA table_info(profiles)")}
        if "name" not in columns and not self.readonly:
            # Files written before display names were kept: add the (optional) column.
            self._conn.execute("ALTER TABLE profiles ADD COLUMN name TEXT")
            columns.add("name")
        #: What to select for the display name (NULL in an older read-only file).
        self._name_column = "name" if "name" in columns else "NULL"
        if not self.readonly:
            self._conn.execute("PRAGMA journal_mode=WAL")

    def _load(self) -> None:
        """(Re)load the in-memory candidate structures from the file."""
        photos = HammingIndex()
        rows: list[int] = []
        keys: list[int] = []
        cursor = self._conn.execute(
            "SELECT row, photo_phash FROM profiles WHERE photo_phash IS NOT NULL"
        )
        while batch := cursor.fetchmany(100_000):
            rows.extend(r for r, _ in batch)
            keys.extend(k for _, k in batch)
            if len(rows) >= 1_000_000:
                photos.add(np.array(keys, dtype=np.int64).view(np.uint64), np.array(rows))
                rows, keys = [], []
        photos.add(np.array(keys, dtype=np.int64).view(np.uint64), np.array(rows, dtype=np.int64))
        photos.merge()
        # Texts: parsed a batch at a time into arrays, then merged in one go.
        keys_parts, value_parts, band_parts = [], [], []
        cursor = self._conn.execute("SELECT row, field, signature FROM texts")
        while batch := cursor.fetchmany(100_000):
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
        self._photos = photos
        self._texts = texts
        self._version = self._data_version()

    def _data_version(self) -> int:
        return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def refresh(self) -> bool:
        """Reload the in-memory structures if another connection changed the file.

        Returns whether a reload happened.
        """
        if self._data_version() == self._version:
            return False
        self._load()
        return True

    # ----------------------------------------------------------------- context

    def close(self) -> None:
        """Close the file (idempotent)."""
        self._conn.close()

    def __enter__(self) -> ReferenceIndex:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __len__(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM profiles").fetchone()[0])

    # ----------------------------------------------------------------- writing

    def _writable(self) -> None:
        if self.readonly:
            raise IndexFormatError(f"index {self.path} was opened read-only")

    def add(self, profiles: Iterable[Profile], *, progress: bool = False) -> AddReport:
        """Add or update (by id) profiles, in one transaction.

        The photo is fingerprinted from ``photo_hash`` or the ``photo`` file; a
        photo that cannot be read is reported in ``photos_unreadable`` and the
        profile is indexed without one.

        Returns
        -------
        AddReport
        """
        self._writable()
        added = updated = photos = 0
        unreadable: list[str] = []
        # The final state of each row written, keyed by row: an id given twice in
        # one batch must leave only its last version in memory, as in the file.
        photo_of: dict[int, int] = {}
        texts_of: dict[int, list[tuple[int, TextSignature]]] = {}
        stale_rows: set[int] = set()
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            for profile in tqdm(profiles, disable=not progress, unit=" profiles"):
                fp: PhotoFingerprint | None = None
                try:
                    fp = profile_fingerprint(profile)
                except (PhotoError, InvalidProfileError) as exc:
                    logger.info("profile %s: photo unreadable: %s", profile.id, exc)
                    unreadable.append(profile.id)
                phash = _to_signed(fp.phash.bits) if fp is not None else None
                strong = fp.strong.bits.to_bytes(STRONG_BITS // 8, "big") if fp else None
                created = profile.created_at.isoformat() if profile.created_at else None
                found = conn.execute(
                    "SELECT row FROM profiles WHERE id = ?", (profile.id,)
                ).fetchone()
                if found is None:
                    cursor = conn.execute(
                        "INSERT INTO profiles (id, name, created_at, photo_phash, photo_strong)"
                        " VALUES (?, ?, ?, ?, ?)",
                        (profile.id, profile.name, created, phash, strong),
                    )
                    row = int(cursor.lastrowid or 0)  # an INSERT always sets it
                    added += 1
                else:
                    row = int(found[0])
                    conn.execute(
                        "UPDATE profiles SET name = ?, created_at = ?, photo_phash = ?,"
                        " photo_strong = ? WHERE row = ?",
                        (profile.name, created, phash, strong, row),
                    )
                    conn.execute("DELETE FROM texts WHERE row = ?", (row,))
                    stale_rows.add(row)
                    photo_of.pop(row, None)
                    updated += 1
                if fp is not None:
                    photos += 1
                    photo_of[row] = fp.phash.bits
                texts_of[row] = []
                # Texts are signed with the profile's own name masked: a copier changes it.
                mask = name_mask(profile)
                for field_name, text in profile_texts(profile).items():
                    sig = text_signature(text, mask=mask)
                    if sig is None or field_name not in _FIELD_CODES:
                        continue
                    conn.execute(
                        "INSERT INTO texts (row, field, signature) VALUES (?, ?, ?)",
                        (row, field_name, sig.to_bytes()),
                    )
                    texts_of[row].append((row * _FIELD_SLOTS + _FIELD_CODES[field_name], sig))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        # Memory follows the file only once the transaction is committed.
        self._photos.remove(np.fromiter(stale_rows, dtype=np.int64, count=len(stale_rows)))
        self._photos.add(
            np.fromiter(photo_of.values(), dtype=np.uint64, count=len(photo_of)),
            np.fromiter(photo_of.keys(), dtype=np.int64, count=len(photo_of)),
        )
        self._forget_texts(stale_rows)
        text_items = [item for items in texts_of.values() for item in items]
        if text_items:
            self._texts.add_many((k for k, _ in text_items), (sig for _, sig in text_items))
        self._version = self._data_version()
        return AddReport(
            added=added,
            updated=updated,
            photos=photos,
            texts=len(text_items),
            photos_unreadable=tuple(unreadable),
        )

    def _forget_texts(self, rows: Iterable[int]) -> None:
        for row in rows:
            for code in range(len(TEXT_FIELDS)):
                self._texts.remove(row * _FIELD_SLOTS + code)

    def remove(self, ids: Iterable[str]) -> int:
        """Remove profiles by id, in one transaction; return how many were removed."""
        self._writable()
        wanted = list(dict.fromkeys(ids))
        rows: list[int] = []
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            for chunk in _chunks(wanted):
                marks = ",".join("?" * len(chunk))
                found = conn.execute(
                    f"SELECT row FROM profiles WHERE id IN ({marks})", tuple(chunk)
                ).fetchall()
                rows += [int(r) for (r,) in found]
            for part in _chunks(rows):
                marks = ",".join("?" * len(part))
                conn.execute(f"DELETE FROM texts WHERE row IN ({marks})", part)
                conn.execute(f"DELETE FROM profiles WHERE row IN ({marks})", part)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        self._photos.remove(np.array(rows, dtype=np.int64))
        self._forget_texts(rows)
        self._version = self._data_version()
        return len(rows)

    # ----------------------------------------------------------------- reading

    def photo_matches(
        self,
        profile_id: str | None,
        fp: PhotoFingerprint,
        *,
        probes: Sequence[PhotoFingerprint] = (),
    ) -> list[PhotoMatch]:
        """Other profiles whose photo is the same as ``fp`` (as is or mirrored).

        Candidates within :data:`~fakeprofile.signals.photo.CANDIDATE_RADIUS`
        on the 64-bit hash are confirmed with the strong hash
        (:func:`~fakeprofile.signals.photo.verify`). ``probes`` (from
        :func:`~fakeprofile.signals.photo.probe_image`) are looked up too, to
        find cropped or rotated copies; each profile is reported once, at its
        smallest distance. The profile ``profile_id`` itself is never
        returned. Sorted by distance, then id.
        """
        return self.photo_matches_many([(profile_id, fp, probes)])[0]

    def _select_rows(
        self, columns: str, rows: Sequence[int], where: str = ""
    ) -> Iterator[tuple[Any, ...]]:
        """``row`` and ``columns`` of the profiles numbered ``rows`` (and matching ``where``)."""
        condition = f" AND {where}" if where else ""
        for part in _chunks(rows):
            marks = ",".join("?" * len(part))
            yield from self._conn.execute(
                f"SELECT row, {columns} FROM profiles WHERE row IN ({marks}){condition}", part
            )

    def photo_matches_many(
        self,
        queries: Sequence[tuple[str | None, PhotoFingerprint, Sequence[PhotoFingerprint]]],
    ) -> list[list[PhotoMatch]]:
        """:meth:`photo_matches` for many ``(profile_id, fingerprint, probes)`` at once.

        The hash index answers every look-up together and the candidates are
        read from the file in one pass: the way to look up a chunk of profiles.
        """
        owners: list[int] = []
        keys: list[int] = []
        for q, (_, fp, probes) in enumerate(queries):
            for query in (fp, *probes):
                owners += [q, q]
                keys += [query.phash.bits, query.mirror_phash.bits]
        answers = self._photos.search_many(np.array(keys, dtype=np.uint64), CANDIDATE_RADIUS)
        candidates: list[set[int]] = [set() for _ in queries]
        for q, (found, _) in zip(owners, answers, strict=True):
            candidates[q].update(found.tolist())
        wanted = sorted(set().union(*candidates))
        if not wanted:  # the usual case: no photo within the radius, nothing to read
            return [[] for _ in queries]
        stored = {
            row: (
                pid,
                name,
                self._date(created),
                PhotoHash(int(phash) & ((1 << 64) - 1), 64),
                PhotoHash(int.from_bytes(strong, "big"), STRONG_BITS),
            )
            for row, pid, name, created, phash, strong in self._select_rows(
                f"id, {self._name_column}, created_at, photo_phash, photo_strong",
                wanted,
                "photo_phash IS NOT NULL",
            )
        }
        out = []
        for (profile_id, fp, probes), rows in zip(queries, candidates, strict=True):
            matches = []
            for row in sorted(rows):
                if row not in stored or stored[row][0] == profile_id:
                    continue
                pid, name, created, phash, strong = stored[row]
                checked = [verify(fp, phash, strong)] + [
                    verify(q, phash, strong, threshold=PROBE_THRESHOLD) for q in probes
                ]
                confirmed = [c for c in checked if c is not None]
                if confirmed:
                    distance, mirrored = min(confirmed)
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
        return self.text_matches_many([(profile_id, field, sig)], limit=limit)[0]

    def text_matches_many(
        self,
        queries: Sequence[tuple[str | None, str, TextSignature]],
        *,
        limit: int = MAX_TEXT_MATCHES,
    ) -> list[list[TextMatch]]:
        """:meth:`text_matches` for many ``(profile_id, field, signature)`` queries at once.

        The text search answers them together and the matching profiles are
        read from the file in one pass: the way to look up a chunk of profiles.
        """
        # Enough keys for limit + 1 profiles (the spare: the profile itself), each
        # of which may match in every text field.
        answers = self._texts.search_many(
            [sig for _, _, sig in queries], limit=(limit + 1) * len(TEXT_FIELDS)
        )
        hits: list[list[tuple[int, int, float]]] = []
        for keys, similarities in answers:
            rows = keys // _FIELD_SLOTS
            _, first = np.unique(rows, return_index=True)  # each profile's most similar text
            first = np.sort(first)[: limit + 1]  # best first, as the search sorted them
            hits.append(
                list(
                    zip(
                        rows[first].tolist(),
                        (keys[first] % _FIELD_SLOTS).tolist(),
                        similarities[first].tolist(),
                        strict=True,
                    )
                )
            )
        wanted = sorted({row for found in hits for row, _, _ in found})
        profiles = {
            row: (pid, self._date(created))
            for row, pid, created in self._select_rows("id, created_at", wanted)
        }
        out = []
        for (profile_id, _, _), found in zip(queries, hits, strict=True):
            matches = [
                TextMatch(profiles[row][0], TEXT_FIELDS[code], similarity, profiles[row][1])
                for row, code, similarity in found
                if row in profiles and profiles[row][0] != profile_id
            ]
            matches.sort(key=lambda m: (-m.similarity, m.profile_id))
            out.append(matches[:limit])
        return out

    def stats(self) -> IndexStats:
        """Counts, file size (with the WAL) and memory of the in-memory structures."""
        conn = self._conn
        profiles = int(conn.execute("SELECT count(*) FROM profiles").fetchone()[0])
        photos = int(
            conn.execute("SELECT count(*) FROM profiles WHERE photo_phash IS NOT NULL").fetchone()[
                0
            ]
        )
        texts = int(conn.execute("SELECT count(*) FROM texts").fetchone()[0])
        size = 0
        for suffix in ("", "-wal"):
            with contextlib.suppress(OSError):  # no WAL file after a clean close
                size += os.path.getsize(f"{self.path}{suffix}")
        return IndexStats(
            profiles=profiles,
            photos=photos,
            texts=texts,
            file_bytes=size,
            memory_bytes=self._photos.nbytes + self._texts.nbytes,
            extra={
                "photo_index_bytes": self._photos.nbytes,
                "text_index_bytes": self._texts.nbytes,
            },
        )
