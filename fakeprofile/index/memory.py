"""The reference index's search structures: read from SQLite, or mapped and brought up to date.

:class:`Structures` holds the three structures a look-up reads: the photo
hashes (:class:`~.hamming.HammingIndex`, keyed by profile row), the text
signatures (:class:`~.textsearch.LayeredTextSearch`, keyed by ``row * 8 +
field code``) and the row table (:class:`~.rows.RowTable`). They are built
in one of two ways, which answer every look-up alike:

* :func:`load_file`: every row of the SQLite file parsed (slow at millions);
* :func:`from_base` then :func:`apply_delta`: the saved arrays
  (:mod:`.arrays`) used as mapped, then the rows changed since they were
  saved re-read from SQLite (:func:`read_delta`): their old entries are
  removed and their current ones, if any, added, as a write does
  (:func:`open_saved` does both).

:func:`save` writes them as the arrays beside the file.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import IndexFormatError
from ..fingerprints.text import TEXT_FIELDS, TextSignature, signature_arrays
from . import arrays, sqlfile
from .arrays import Arrays, Base
from .hamming import HammingIndex, Tables
from .rows import BAD_DAY, RowTable, day_code
from .textsearch import LayeredTextSearch, TextSearch

__all__ = ["FIELD_CODES", "FIELD_SLOTS", "Delta", "Structures"]

logger = logging.getLogger(__name__)

#: Text search keys are ``row * FIELD_SLOTS + field code`` (code = position in TEXT_FIELDS).
FIELD_SLOTS = 8
FIELD_CODES = {name: code for code, name in enumerate(TEXT_FIELDS)}


@dataclass
class Structures:
    """What a look-up reads in memory."""

    photos: HammingIndex
    texts: LayeredTextSearch
    profiles: RowTable

    @classmethod
    def empty(cls) -> Structures:
        """No profiles."""
        return cls(HammingIndex(), LayeredTextSearch(), RowTable.empty())

    def forget(self, rows: Sequence[int]) -> None:
        """Remove every entry of profile ``rows`` (photo, texts, row), as a removal does."""
        self.photos.remove(np.array(rows, dtype=np.int64))
        for row in rows:
            for code in range(len(TEXT_FIELDS)):
                self.texts.remove(row * FIELD_SLOTS + code)
            self.profiles.drop(row)

    def settle(self) -> None:
        """After a write: fold the row table's overlay into new arrays once it is large."""
        if self.profiles.crowded():
            self.profiles = self.profiles.folded()

    def arrays(self) -> Arrays:
        """Everything folded into plain arrays, to be saved (:func:`from_base` maps them back)."""
        self.photos.merge()
        self.profiles = self.profiles.folded()
        return {
            "rows": self.profiles.arrays(),
            "photos": self.photos.tables.arrays(),
            "texts": self.texts.folded().arrays(),
        }


def _field_code(path: Path, field: str) -> int:
    try:
        return FIELD_CODES[field]
    except KeyError:
        raise IndexFormatError(f"index file {path}: unknown text field {field!r}") from None


def _signatures(path: Path, blobs: list[bytes]) -> tuple[Any, Any]:
    try:
        return signature_arrays(blobs)
    except IndexFormatError as exc:
        raise IndexFormatError(f"index file {path}: {exc}") from None


def load_file(conn: sqlite3.Connection, path: Path) -> Structures:
    """Every profile of the file parsed into new structures."""
    photos = HammingIndex()
    rows: list[int] = []
    keys: list[int] = []
    # One pass over the profiles: the photo hashes, and the row table's columns.
    row_parts, length_parts, blob_parts, day_parts = [], [], [], []
    bad: dict[int, object] = {}
    day_of: dict[object, int] = {}  # creation dates repeat: each distinct one parsed once
    for batch in sqlfile.profile_batches(conn):
        # Columns by itemgetter, not zip(*batch): that makes an iterator per row, and
        # so many garbage-collector passes that the scan took twice as long.
        batch_rows, pids, created, phashes = (list(map(itemgetter(i), batch)) for i in range(4))
        try:
            encoded = list(map(str.encode, pids))
        except TypeError:
            raise IndexFormatError(f"index file {path}: a profile id is not text") from None
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
    for batch in sqlfile.text_batches(conn):
        keys_parts.append(
            np.array(
                [row * FIELD_SLOTS + _field_code(path, field) for row, field, _ in batch],
                dtype=np.int64,
            )
        )
        values, bands = _signatures(path, [sig for _, _, sig in batch])
        value_parts.append(values)
        band_parts.append(bands)
    texts = TextSearch()
    if keys_parts:
        texts.add_arrays(
            np.concatenate(keys_parts), np.concatenate(value_parts), np.concatenate(band_parts)
        )
    return Structures(photos, LayeredTextSearch(texts), profiles)


def from_base(base: Base, bad_dates: dict[int, object]) -> Structures:
    """The structures of a saved base, using its (mapped) arrays as they are.

    ``bad_dates``: the stored ``created_at`` of the base's ``rows.bad_rows``.

    Raises
    ------
    ValueError
        The arrays do not fit together (the base is unusable).
    """
    return Structures(
        HammingIndex.from_tables(Tables.from_arrays(base.arrays["photos"])),
        LayeredTextSearch(TextSearch.from_arrays(base.arrays["texts"])),
        RowTable.from_arrays(base.arrays["rows"], bad_dates),
    )


@dataclass
class Delta:
    """The current state, in the file, of some profile rows."""

    #: The rows asked for (changed since the base), whether or not they still exist.
    rows: list[int]
    #: (row, id, created_at) of those that exist.
    profiles: list[tuple[int, str, object]]
    #: (row, 64-bit photo hash) of those with a photo.
    photos: list[tuple[int, int]]
    #: (text search key, signature) of their texts, in the order written.
    texts: list[tuple[int, TextSignature]]


def read_delta(conn: sqlite3.Connection, path: Path, rows: list[int]) -> Delta:
    """Read rows ``rows`` from the file (inside the caller's read transaction)."""
    delta = Delta(rows, [], [], [])
    if not rows:
        return delta
    for batch in sqlfile.profile_batches(conn, rows):
        for row, pid, created, phash in batch:
            if not isinstance(pid, str):
                raise IndexFormatError(f"index file {path}: a profile id is not text")
            delta.profiles.append((row, pid, created))
            if phash is not None:
                delta.photos.append((row, int(phash) & ((1 << 64) - 1)))
    for batch in sqlfile.text_batches(conn, rows):
        _signatures(path, [sig for _, _, sig in batch])  # a clear error if one is damaged
        delta.texts += [
            (row * FIELD_SLOTS + _field_code(path, field), TextSignature.from_bytes(sig))
            for row, field, sig in batch
        ]
    return delta


def apply_delta(structures: Structures, delta: Delta) -> None:
    """Bring ``structures`` from the base up to the file: the delta's rows as they are now."""
    if not delta.rows:
        return
    structures.forget(delta.rows)
    structures.photos.add(
        np.array([h for _, h in delta.photos], dtype=np.uint64),
        np.array([r for r, _ in delta.photos], dtype=np.int64),
    )
    if delta.texts:
        structures.texts.add_many([k for k, _ in delta.texts], [s for _, s in delta.texts])
    for row, pid, created in delta.profiles:
        structures.profiles.put(row, pid, created)
    structures.settle()


def open_saved(
    conn: sqlite3.Connection, path: Path, generation: int
) -> tuple[Structures, int, int] | None:
    """The arrays saved beside ``path``, mapped and brought up to the file at ``generation``.

    Inside the caller's read transaction. Returns the structures, how many
    rows the arrays hold and how many were changed since (read from the
    file); None if there are no arrays, or they are unusable or not of this
    file's history (their generation unknown to it, or with another stamp).
    """
    base = arrays.open_base(path)
    if base is None:
        return None
    if base.generation > generation or sqlfile.stamp_of(conn, base.generation) != base.stamp:
        logger.warning(
            "index %s: saved arrays of generation %d do not match the file (at %d);"
            " loading from the file",
            path,
            base.generation,
            generation,
        )
        return None
    try:
        bad_rows = [int(r) for r in base.arrays["rows"]["bad_rows"]]
        memory = from_base(base, sqlfile.bad_dates(conn, bad_rows))
    except (KeyError, ValueError, TypeError) as exc:
        logger.warning("index %s: saved arrays unusable (%s); loading from the file", path, exc)
        return None
    changed = sqlfile.changed_since(conn, base.generation)
    base_rows = len(memory.profiles)
    apply_delta(memory, read_delta(conn, path, changed))
    return memory, base_rows, len(changed)


def save(
    conn: sqlite3.Connection,
    path: Path,
    generation: int,
    stamp: int,
    saved: Arrays,
    bad_dates: dict[int, object],
) -> Structures | None:
    """Write ``saved`` (:meth:`Structures.arrays`, of the file at ``generation``) beside ``path``.

    Then the file forgets the changes the arrays now hold. Returns the
    same structures mapped from the new files (their pages shared with
    other processes), or None if nothing was written: a failure to write
    (a read-only folder, a full disk) is logged, as the index works
    without arrays, only slower to open.
    """
    try:
        written = arrays.write_base(path, generation, stamp, saved)
    except OSError as exc:
        logger.warning("index %s: cannot save its arrays (%s)", path, exc)
        return None
    if not written:
        return None
    sqlfile.begin(conn)
    try:
        sqlfile.forget_changes(conn, generation)
        sqlfile.commit(conn)
    except BaseException:
        sqlfile.rollback(conn)
        raise
    base = arrays.open_base(path)
    if base is None or base.generation != generation:
        return None
    return from_base(base, bad_dates)
