"""The reference index's SQLite file: its schema, format checks, migration and SQL.

The file holds, per profile, its id, display name, creation date and photo
hashes (the 64-bit pHash as a signed integer, the 256-bit verification hash as
big-endian bytes) in ``profiles``, and its text signatures in ``texts``: never
photos or full texts. It carries a format version (``PRAGMA user_version``) and
an application id, and runs in WAL mode so that several processes can read
while one writes.

Since format 3 it also keeps the bookkeeping that lets the search structures
be saved beside it (:mod:`.arrays`): every write transaction ends by adding
one row to ``generations`` (its number is the file's *generation*, with a
random ``stamp``), and triggers record each profile row written or deleted
(in ``profiles`` or ``texts``, by this library or any other SQLite client)
in ``changed``, under the generation that follows the last one. Arrays saved
at generation ``g`` are brought up to date by re-reading the rows changed
after ``g``. Format 2 files are migrated when opened for writing and read as
before (without arrays) when read-only.

Every statement the index runs is here; transactions (one per write), locks
and the in-memory structures are :class:`~fakeprofile.index.ReferenceIndex`'s.
Nothing here turns SQLite's errors into the library's: the index does, naming
what it was doing.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from operator import itemgetter
from pathlib import Path
from typing import Any, TypeVar

from ..errors import IndexFormatError

__all__ = ["APPLICATION_ID", "FORMAT_VERSION"]

logger = logging.getLogger(__name__)

#: Version of the file layout; a file of another version is refused (version 2
#: is migrated: it lacks the ``generations`` and ``changed`` tables).
FORMAT_VERSION = 3
#: The previous version, still read (and migrated when opened for writing).
_MIGRATED_VERSION = 2
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
#: Added in format 3 (created in a migrated format 2 file too).
_BOOKKEEPING = """
CREATE TABLE IF NOT EXISTS generations (
    generation INTEGER PRIMARY KEY,  -- one per write transaction, increasing
    stamp INTEGER NOT NULL           -- random: tells apart two histories of one file
);
CREATE TABLE IF NOT EXISTS changed (
    row INTEGER PRIMARY KEY,         -- a profile row written or deleted ...
    generation INTEGER NOT NULL      -- ... last by this generation
);
CREATE INDEX IF NOT EXISTS changed_by_generation ON changed (generation);
""" + "".join(
    f"""
CREATE TRIGGER IF NOT EXISTS {table}_{event.lower()}_{side.lower()} AFTER {event} ON {table}
BEGIN
    INSERT OR REPLACE INTO changed (row, generation)
    VALUES ({side}.row, (SELECT coalesce(max(generation), 0) + 1 FROM generations));
END;
"""
    for table in ("profiles", "texts")
    for event, sides in (("INSERT", ("NEW",)), ("UPDATE", ("OLD", "NEW")), ("DELETE", ("OLD",)))
    for side in sides
)
_CHUNK = 500  # ids per "IN (...)" statement, well under SQLite's variable limit
_BATCH = 100_000  # rows fetched at a time when the whole file is read

_T = TypeVar("_T")


# --------------------------------------------------------------------------- opening


def connect(path: Path, *, readonly: bool) -> sqlite3.Connection:
    """A connection to the index file (created if missing, unless ``readonly``).

    Raises
    ------
    IndexFormatError
        The file is missing (read-only) or cannot be opened.
    """
    if path.is_dir():
        raise IndexFormatError(f"{path} is a folder, not an index file")
    if readonly and not path.is_file():
        raise IndexFormatError(f"index file {path} does not exist")
    uri = f"{path.resolve().as_uri()}?mode={'ro' if readonly else 'rwc'}"
    try:
        # isolation_level=None: we issue BEGIN/COMMIT ourselves, one per write.
        # check_same_thread=False: a connection is used by one thread at a
        # time (under a lock, or borrowed from the pool), not always the same one.
        conn = sqlite3.connect(
            uri, uri=True, isolation_level=None, timeout=30.0, check_same_thread=False
        )
        # Index files may come from others: never run SQL that a file's schema carries.
        conn.execute("PRAGMA trusted_schema=OFF")
    except sqlite3.Error as exc:
        raise IndexFormatError(f"cannot open index file {path}: {exc}") from None
    return conn


def check_or_create(conn: sqlite3.Connection, path: Path, *, readonly: bool) -> str:
    """Check the file is a fakeprofile index of this version (an empty one is set up).

    An older file without the display-name column gets it, unless opened
    read-only.

    Returns
    -------
    str
        What to select for the display name: ``"name"``, or ``"NULL"`` in an
        older file opened read-only.

    Raises
    ------
    IndexFormatError
        The file is not an SQLite file, not a fakeprofile index, or of
        another format version.
    """
    try:
        app = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise IndexFormatError(
            f"{path} is not a fakeprofile index (not an SQLite file: {exc})"
        ) from None
    if tables == 0 and app == 0 and not readonly:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.executescript(
            f"BEGIN IMMEDIATE; {_SCHEMA}; {_BOOKKEEPING}; PRAGMA application_id={APPLICATION_ID};"
            f" PRAGMA user_version={FORMAT_VERSION}; COMMIT;"
        )
        _first_generation(conn)
        logger.info("created index %s", path)
        return "name"
    if app != APPLICATION_ID:
        raise IndexFormatError(f"{path} is an SQLite file but not a fakeprofile index")
    if version == _MIGRATED_VERSION and not readonly:
        conn.executescript(
            f"BEGIN IMMEDIATE; {_BOOKKEEPING}; PRAGMA user_version={FORMAT_VERSION}; COMMIT;"
        )
        _first_generation(conn)
        logger.info("migrated index %s to format %d", path, FORMAT_VERSION)
        version = FORMAT_VERSION
    if version not in (FORMAT_VERSION, _MIGRATED_VERSION):
        raise IndexFormatError(
            f"{path} has index format version {version}; this fakeprofile reads "
            f"version {FORMAT_VERSION} (rebuild the index with `fakeprofile index add`)"
        )
    columns = {row[1] for row in conn.execute("PRAGMA table_info(profiles)")}
    if "name" not in columns and not readonly:
        # Files written before display names were kept: add the (optional) column.
        conn.execute("ALTER TABLE profiles ADD COLUMN name TEXT")
        columns.add("name")
    if not readonly:
        conn.execute("PRAGMA journal_mode=WAL")
    return "name" if "name" in columns else "NULL"


def _first_generation(conn: sqlite3.Connection) -> None:
    """Give a new (or just migrated) file its first generation, if it has none."""
    begin(conn)
    try:
        if conn.execute("SELECT count(*) FROM generations").fetchone()[0] == 0:
            new_generation(conn)
        commit(conn)
    except BaseException:
        rollback(conn)
        raise


def has_generations(conn: sqlite3.Connection) -> bool:
    """Whether the file keeps generations (format 3; a format 2 file read-only does not)."""
    found = conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'generations'"
    ).fetchone()[0]
    return bool(found)


def generation(conn: sqlite3.Connection) -> int:
    """The file's generation: the number of its last write transaction."""
    return int(conn.execute("SELECT max(generation) FROM generations").fetchone()[0] or 0)


def stamp_of(conn: sqlite3.Connection, number: int) -> int | None:
    """The stamp of generation ``number``, or None if the file no longer knows it."""
    found = conn.execute("SELECT stamp FROM generations WHERE generation = ?", (number,)).fetchone()
    return None if found is None else int(found[0])


def changed_since(conn: sqlite3.Connection, number: int) -> list[int]:
    """The profile rows written or deleted after generation ``number``, in order."""
    return [
        int(row)
        for (row,) in conn.execute(
            "SELECT row FROM changed WHERE generation > ? ORDER BY row", (number,)
        )
    ]


def forget_changes(conn: sqlite3.Connection, number: int) -> None:
    """Drop the bookkeeping of generations up to ``number`` (arrays now cover them).

    Generation ``number`` itself stays known (:func:`stamp_of`), so arrays
    written at it can still be checked; older arrays can no longer be
    brought up to date and are loaded from SQLite instead.
    """
    conn.execute("DELETE FROM changed WHERE generation <= ?", (number,))
    conn.execute("DELETE FROM generations WHERE generation < ?", (number,))


def data_version(conn: sqlite3.Connection) -> int:
    """SQLite's ``data_version``: it changes when another connection commits."""
    return int(conn.execute("PRAGMA data_version").fetchone()[0])


def file_bytes(path: Path) -> int:
    """Size of the file and its write-ahead log."""
    size = 0
    for suffix in ("", "-wal"):
        with contextlib.suppress(OSError):  # no WAL file after a clean close
            size += os.path.getsize(f"{path}{suffix}")
    return size


# --------------------------------------------------------------------------- reading


def profile_batches(
    conn: sqlite3.Connection, rows: Sequence[int] | None = None
) -> Iterator[list[Any]]:
    """Every profile's ``(row, id, created_at, photo_phash)``, by row, a batch at a time.

    With ``rows``, only those profiles (the ones that exist).
    """
    select = "SELECT row, id, created_at, photo_phash FROM profiles"
    if rows is not None:
        found = sorted(_select_in(conn, select, rows), key=itemgetter(0))
        yield from _batched(found)
        return
    cursor = conn.execute(f"{select} ORDER BY row")
    while batch := cursor.fetchmany(_BATCH):
        yield batch


def text_batches(
    conn: sqlite3.Connection, rows: Sequence[int] | None = None
) -> Iterator[list[Any]]:
    """Every text signature's ``(row, field, signature)``, a batch at a time.

    In the order they were written (their rowid), as a scan of the table
    gives them; with ``rows``, only those profiles' texts, in the same order.
    """
    if rows is not None:
        found = _select_in(conn, "SELECT rowid, row, field, signature FROM texts", rows)
        found.sort(key=itemgetter(0))
        yield from _batched([t[1:] for t in found])
        return
    cursor = conn.execute("SELECT row, field, signature FROM texts")
    while batch := cursor.fetchmany(_BATCH):
        yield batch


def _select_in(conn: sqlite3.Connection, select: str, rows: Sequence[int]) -> list[tuple[Any, ...]]:
    """``select`` (of ``profiles`` or ``texts``) of the profiles numbered ``rows``."""
    out: list[tuple[Any, ...]] = []
    for part in _chunks(rows):
        marks = ",".join("?" * len(part))
        out += conn.execute(f"{select} WHERE row IN ({marks})", part).fetchall()
    return out


def _batched(found: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(found), _BATCH):
        yield found[start : start + _BATCH]


def bad_dates(conn: sqlite3.Connection, rows: Sequence[int]) -> dict[int, object]:
    """The stored ``created_at`` of the profiles numbered ``rows``."""
    return {int(r): c for r, c in _select_in(conn, "SELECT row, created_at FROM profiles", rows)}


def select_rows(
    conn: sqlite3.Connection, columns: str, rows: Sequence[int], where: str = ""
) -> list[tuple[Any, ...]]:
    """``row`` and ``columns`` of the profiles numbered ``rows`` (and matching ``where``)."""
    condition = f" AND {where}" if where else ""
    out: list[tuple[Any, ...]] = []
    for part in _chunks(rows):
        marks = ",".join("?" * len(part))
        out += conn.execute(
            f"SELECT row, {columns} FROM profiles WHERE row IN ({marks}){condition}", part
        ).fetchall()
    return out


def counts(conn: sqlite3.Connection) -> tuple[int, int, int]:
    """How many profiles, photos and text signatures the file holds."""
    profiles = count_profiles(conn)
    photos = int(
        conn.execute("SELECT count(*) FROM profiles WHERE photo_phash IS NOT NULL").fetchone()[0]
    )
    texts = int(conn.execute("SELECT count(*) FROM texts").fetchone()[0])
    return profiles, photos, texts


def count_profiles(conn: sqlite3.Connection) -> int:
    """How many profiles the file holds."""
    return int(conn.execute("SELECT count(*) FROM profiles").fetchone()[0])


# --------------------------------------------------------------------------- writing


def begin(conn: sqlite3.Connection) -> None:
    """Start a write transaction (the file's one writer until it ends)."""
    conn.execute("BEGIN IMMEDIATE")


def new_generation(conn: sqlite3.Connection) -> int:
    """End the write transaction's changes with a new generation; return its number.

    Called last before :func:`commit`: the rows written were recorded (by
    triggers) under the generation that follows the last one, this one.
    """
    stamp = int.from_bytes(os.urandom(8), "big") >> 1  # fits SQLite's signed integers
    cursor = conn.execute("INSERT INTO generations (stamp) VALUES (?)", (stamp,))
    return int(cursor.lastrowid or 0)


def commit(conn: sqlite3.Connection) -> None:
    """Commit the write transaction."""
    conn.execute("COMMIT")


def rollback(conn: sqlite3.Connection) -> None:
    """Roll back after a failed write (a damaged file may refuse even that)."""
    with contextlib.suppress(sqlite3.Error):
        conn.execute("ROLLBACK")


def signed64(bits: int) -> int:
    """A 64-bit hash as the signed integer SQLite stores.

    >>> signed64(2**64 - 1), signed64(5)
    (-1, 5)
    """
    return bits - (1 << 64) if bits >= 1 << 63 else bits


def write_profile(
    conn: sqlite3.Connection,
    profile_id: str,
    name: str | None,
    created_at: str | None,
    photo: tuple[int, bytes] | None,
    texts: Iterable[tuple[str, bytes]],
) -> tuple[int, bool]:
    """Insert or replace (by id) one profile's row and its texts, inside a transaction.

    Parameters
    ----------
    photo : (int, bytes), optional
        The signed 64-bit pHash and the verification hash's bytes.
    texts : iterable of (str, bytes)
        Each field's signature bytes; they replace any stored before.

    Returns
    -------
    (int, bool)
        The profile's row, and whether the row is new.
    """
    phash, strong = photo if photo is not None else (None, None)
    found = conn.execute("SELECT row FROM profiles WHERE id = ?", (profile_id,)).fetchone()
    if found is None:
        cursor = conn.execute(
            "INSERT INTO profiles (id, name, created_at, photo_phash, photo_strong)"
            " VALUES (?, ?, ?, ?, ?)",
            (profile_id, name, created_at, phash, strong),
        )
        row = int(cursor.lastrowid or 0)  # an INSERT always sets it
    else:
        row = int(found[0])
        conn.execute(
            "UPDATE profiles SET name = ?, created_at = ?, photo_phash = ?,"
            " photo_strong = ? WHERE row = ?",
            (name, created_at, phash, strong, row),
        )
        conn.execute("DELETE FROM texts WHERE row = ?", (row,))
    for field, signature in texts:
        conn.execute(
            "INSERT INTO texts (row, field, signature) VALUES (?, ?, ?)",
            (row, field, signature),
        )
    return row, found is None


def delete_profiles(conn: sqlite3.Connection, ids: Sequence[str]) -> list[int]:
    """Delete the profiles ``ids`` (and their texts) inside a transaction; return their rows."""
    rows: list[int] = []
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        found = conn.execute(
            f"SELECT row FROM profiles WHERE id IN ({marks})", tuple(chunk)
        ).fetchall()
        rows += [int(r) for (r,) in found]
    for part in _chunks(rows):
        marks = ",".join("?" * len(part))
        conn.execute(f"DELETE FROM texts WHERE row IN ({marks})", part)
        conn.execute(f"DELETE FROM profiles WHERE row IN ({marks})", part)
    return rows


def _chunks(items: Sequence[_T]) -> Iterator[Sequence[_T]]:
    """``items`` in slices small enough for one ``IN (...)`` statement."""
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]
