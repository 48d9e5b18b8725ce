"""The reference index's in-memory row table: each profile row's id and creation date.

A text look-up reads the matching profiles' ids and creation dates from here,
not from SQLite: :class:`RowTable` keeps them in compact NumPy arrays (one
UTF-8 blob of ids, int32 day codes), with the rows written since it was built
in a small overlay that is folded in once it grows. Its arrays can be saved
and mapped back from files (:meth:`RowTable.arrays`, :meth:`RowTable.from_arrays`).
"""

from __future__ import annotations

import bisect
import datetime as dt
import sys
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

__all__ = ["BAD_DAY", "UNKNOWN_DAY", "RowTable", "day_code"]

#: Day codes of the row table: a creation date is its proleptic ordinal (≥ 1).
UNKNOWN_DAY = 0  # no creation date stored
BAD_DAY = -1  # a stored value that is not a date (an error when it is needed)
NO_ROW = -2  # no profile has this row number
#: The row table keeps rows written since it was built in a dict, and folds them
#: into its arrays once there are more than this many (or an eighth of its rows).
OVERLAY_MIN = 4096


def day_code(text: object) -> int:
    """The row table's day code of a stored ``created_at``: its ordinal, or UNKNOWN_DAY, BAD_DAY.

    Examples
    --------
    >>> day_code("2013-09-02") == dt.date(2013, 9, 2).toordinal()
    True
    >>> day_code(None) == UNKNOWN_DAY, day_code("last year") == BAD_DAY
    (True, True)
    """
    if not text:
        return UNKNOWN_DAY
    if not isinstance(text, str):
        return BAD_DAY
    try:
        return dt.date.fromisoformat(text).toordinal()
    except ValueError:
        return BAD_DAY


class RowTable:
    """Each profile row's id and creation date, in compact arrays.

    The ids are one UTF-8 blob cut by int64 offsets, the creation dates int32
    day codes (a date's ordinal, or :data:`UNKNOWN_DAY`, :data:`BAD_DAY`).
    When the row numbers are dense (the usual case: SQLite numbers rows in
    order, and removals leave only gaps), position ``row`` of the arrays
    describes row ``row`` (gaps hold :data:`NO_ROW`); otherwise the arrays
    follow a sorted array of the row numbers. Rows written since are kept in
    an overlay dict (``None``: removed) until it grows large enough to be
    folded into new arrays.

    Parameters
    ----------
    rows : ndarray of int64
        The row numbers, strictly increasing.
    lengths : ndarray of int64
        Each row's id length in bytes, in the order of ``rows``.
    blob : bytes
        The ids, UTF-8, concatenated in the order of ``rows``.
    days : ndarray of int32
        Each row's day code, in the order of ``rows``.
    bad : dict of int to object
        The stored ``created_at`` of the rows whose day code is :data:`BAD_DAY`.
    """

    def __init__(
        self,
        rows: npt.NDArray[np.int64],
        lengths: npt.NDArray[np.int64],
        blob: bytes | memoryview,
        days: npt.NDArray[np.int32],
        bad: dict[int, object],
    ) -> None:
        self._count = int(rows.size)
        self._overlay: dict[int, tuple[str, int] | None] = {}
        size = int(rows[-1]) + 1 if rows.size else 0
        self._dense = rows.size == 0 or (int(rows[0]) >= 0 and size <= 2 * rows.size + 1024)
        if self._dense:
            slot_lengths = np.zeros(size, dtype=np.int64)
            slot_lengths[rows] = lengths
            slot_days = np.full(size, NO_ROW, dtype=np.int32)
            slot_days[rows] = days
            self._rows = np.empty(0, dtype=np.int64)
        else:
            slot_lengths, slot_days, self._rows = lengths, days, rows
        offsets = np.zeros(slot_lengths.size + 1, dtype=np.int64)
        np.cumsum(slot_lengths, out=offsets[1:])
        self._set(offsets, slot_days, self._rows, blob, bad)

    def _set(
        self,
        offsets: npt.NDArray[np.int64],
        days: npt.NDArray[np.int32],
        rows: npt.NDArray[np.int64],
        blob: bytes | memoryview,
        bad: dict[int, object],
    ) -> None:
        self._offsets, self._days, self._rows, self._blob = offsets, days, rows, blob
        # Python-level views: indexing one element gives an int, without a NumPy scalar.
        self._offset_at = self._offsets.data
        self._day_at = self._days.data
        self._row_at = self._rows.data
        self._bad = bad

    def arrays(self) -> dict[str, npt.NDArray[np.generic]]:
        """The table's arrays, to be saved (:meth:`from_arrays` maps them back).

        The overlay must be empty (:meth:`folded`); the rows whose stored
        date is not a date are listed in ``bad_rows`` (their text stays in the file).
        """
        if self._overlay:
            raise ValueError("fold the row table before saving it")
        return {
            "offsets": self._offsets,
            "days": self._days,
            "rows": self._rows,
            "blob": np.frombuffer(self._blob, dtype=np.uint8),
            "bad_rows": np.array(sorted(self._bad), dtype=np.int64),
            "shape": np.array([self._count, int(self._dense)], dtype=np.int64),
        }

    @classmethod
    def from_arrays(
        cls, arrays: dict[str, npt.NDArray[np.generic]], bad: dict[int, object]
    ) -> RowTable:
        """The table :meth:`arrays` gave (arrays used as they are: mapped files stay mapped).

        ``bad`` holds the stored dates of the rows listed in ``bad_rows``.
        """
        table = cls.__new__(cls)
        count, dense = (int(v) for v in arrays["shape"])
        table._count, table._dense = count, bool(dense)
        table._overlay = {}
        table._set(
            np.asarray(arrays["offsets"], dtype=np.int64),
            np.asarray(arrays["days"], dtype=np.int32),
            np.asarray(arrays["rows"], dtype=np.int64),
            np.ascontiguousarray(arrays["blob"], dtype=np.uint8).data,
            bad,
        )
        return table

    @classmethod
    def empty(cls) -> RowTable:
        """A table with no rows."""
        return cls(np.empty(0, np.int64), np.empty(0, np.int64), b"", np.empty(0, np.int32), {})

    @property
    def nbytes(self) -> int:
        """Bytes held: the arrays and blob, plus an estimate for the overlay."""
        total = len(self._blob) + self._offsets.nbytes + self._days.nbytes + self._rows.nbytes
        total += sys.getsizeof(self._overlay) + sys.getsizeof(self._bad)
        for entry in self._overlay.values():  # a tuple of an id and a small int
            if entry is not None:
                total += sys.getsizeof(entry) + sys.getsizeof(entry[0])
        return total

    def __len__(self) -> int:
        """Rows in the arrays (those written since, in the overlay, not counted)."""
        return self._count

    def _slot(self, row: int) -> int:
        """The position in the arrays that describes ``row``, or -1 if none does."""
        if self._dense:
            if 0 <= row < len(self._day_at) and self._day_at[row] != NO_ROW:
                return row
            return -1
        at = bisect.bisect_left(self._row_at, row)
        return at if at < len(self._row_at) and self._row_at[at] == row else -1

    def get(self, row: int) -> tuple[str, int] | None:
        """``(id, day code)`` of ``row``, or ``None`` if no profile has that row."""
        if self._overlay and row in self._overlay:
            return self._overlay[row]
        slot = self._slot(row)
        if slot < 0:
            return None
        pid = str(self._blob[self._offset_at[slot] : self._offset_at[slot + 1]], "utf-8")
        return pid, self._day_at[slot]

    def get_many(self, rows: Sequence[int]) -> list[tuple[str, int] | None]:
        """:meth:`get` of each of ``rows``, in order (the look-up's fast path)."""
        if not self._dense or self._overlay:
            return [self.get(row) for row in rows]
        blob, offset_at, day_at, size = self._blob, self._offset_at, self._day_at, len(self._day_at)
        out: list[tuple[str, int] | None] = []
        for row in rows:
            if 0 <= row < size and (day := day_at[row]) != NO_ROW:
                out.append((str(blob[offset_at[row] : offset_at[row + 1]], "utf-8"), day))
            else:
                out.append(None)
        return out

    def bad_text(self, row: int) -> object:
        """The stored ``created_at`` of a row whose day code is :data:`BAD_DAY`."""
        return self._bad[row]

    def put(self, row: int, pid: str, created: object) -> None:
        """Record (or replace) row ``row``: profile ``pid``, stored ``created_at`` ``created``."""
        day = day_code(created)
        self._overlay[row] = (pid, day)
        if day == BAD_DAY:
            self._bad[row] = created
        else:
            self._bad.pop(row, None)

    def drop(self, row: int) -> None:
        """Record that row ``row`` was removed."""
        self._overlay[row] = None
        self._bad.pop(row, None)

    def crowded(self) -> bool:
        """Whether the overlay has grown large enough to be folded into new arrays."""
        return len(self._overlay) > max(OVERLAY_MIN, self._count // 8)

    def folded(self) -> RowTable:
        """The same rows in a new table, with the overlay folded into its arrays (or this one)."""
        if not self._overlay:
            return self
        if self._dense:
            slots = np.flatnonzero(self._days != NO_ROW)
            rows = slots.astype(np.int64)
        else:
            slots = np.arange(self._rows.size)
            rows = self._rows
        changed = np.fromiter(self._overlay, dtype=np.int64, count=len(self._overlay))
        kept = ~np.isin(rows, changed)
        slots, rows = slots[kept], rows[kept]
        starts, ends = self._offsets[slots], self._offsets[slots + 1]
        pieces = [self._blob[a:b] for a, b in zip(starts.tolist(), ends.tolist(), strict=True)]
        new = [(row, entry) for row, entry in self._overlay.items() if entry is not None]
        pieces += [pid.encode() for _, (pid, _) in new]
        all_rows = np.concatenate([rows, np.array([r for r, _ in new], dtype=np.int64)])
        lengths = np.concatenate(
            [ends - starts, np.array([len(p) for p in pieces[len(rows) :]], dtype=np.int64)]
        )
        days = np.concatenate(
            [self._days[slots], np.array([day for _, (_, day) in new], dtype=np.int32)]
        )
        order = np.argsort(all_rows, kind="stable")
        return RowTable(
            all_rows[order],
            lengths[order],
            b"".join([pieces[i] for i in order.tolist()]),
            days[order],
            dict(self._bad),
        )
