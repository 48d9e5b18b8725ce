"""The CSV reader: one record per row, dotted column names for nested fields.

Nested fields use dotted column names (``activity.likes``,
``experience.0.title``, ``sender.name``); list-of-text fields
(:data:`CSV_LIST_FIELDS`) hold several values separated by ``|``. Empty cells
are missing values.
"""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np

from ..errors import InputFormatError
from ..profile import LIMITS
from .items import _BAD_BYTE, Item, ReadError, _bad_byte, _TextReader

__all__ = ["CSV_LIST_FIELDS", "frame_cells", "unflatten"]

#: Fields that CSV cells hold as several values separated by ``|``.
CSV_LIST_FIELDS = frozenset({"skills", "comment_texts", "links", "attachments"})
_INDEX = re.compile(r"[0-9]+")


def _list_index(part: str, column: str) -> int | None:
    """The list index a part of a dotted column names, or None if it is a field name.

    Raises
    ------
    InputFormatError
        For an index at or above the list limit: ``experience.100000000.title``
        would otherwise build a hundred million empty positions.
    """
    if _INDEX.fullmatch(part) is None:
        return None
    limit = LIMITS["list"]
    if len(part) > 9 or int(part) >= limit:
        raise InputFormatError(
            f"column {_shown(column)}: the list index {_shown(part)} is too large; "
            f"a list holds at most {limit:,} items (indices 0 to {limit - 1:,})"
        )
    return int(part)


def _shown(text: str) -> str:
    """A column name or index as shown in a message: quoted, cut at 40 characters."""
    return repr(text if len(text) <= 40 else text[:40] + "…")


def _set_path(record: dict[str, Any], column: str, value: object) -> None:
    """Place one flat cell into a nested record following the dotted column name."""
    parts = column.split(".")
    indices = [_list_index(part, column) for part in parts]
    node: Any = record
    for i in range(len(parts) - 1):
        index = indices[i]
        key: Any = index if index is not None and isinstance(node, list) else parts[i]
        child_is_list = indices[i + 1] is not None
        if isinstance(node, list):
            while len(node) <= key:
                node.append({})
            if not node[key] and child_is_list:
                node[key] = []
            node = node[key]
        else:
            node = node.setdefault(key, [] if child_is_list else {})
    leaf, index = parts[-1], indices[-1]
    if leaf in CSV_LIST_FIELDS and isinstance(value, str):
        value = [v.strip() for v in value.split("|") if v.strip()]
    if isinstance(node, list) and index is not None:
        while len(node) <= index:
            node.append(None)
        node[index] = value
    else:
        node[leaf] = value


def _is_blank(value: object) -> bool:
    if value is None:
        return True
    pandas = sys.modules.get("pandas")  # only a frame's cells can be pandas' NA
    if pandas is not None and value is pandas.NA:
        return True  # a missing cell of a string or nullable column (Dask gives these)
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(value != value)  # NaN and NaT, as pandas gives for empty cells
    except (TypeError, ValueError):  # e.g. an array, which is not blank
        return False


def unflatten(cells: Iterable[tuple[str, object]]) -> dict[str, Any]:
    """Build a nested record from flat ``(dotted column, value)`` pairs.

    Blank cells (empty text, ``None``, NaN) are missing values and left out;
    list-of-text fields given as text are split on ``|``. This is the CSV
    column convention, shared by :func:`fakeprofile.score_frame`.

    Raises
    ------
    InputFormatError
        For a column given twice (which value would be meant?) or a list index
        at or above ``LIMITS["list"]`` (``experience.100000000.title``); the
        message names the column.

    Examples
    --------
    >>> unflatten([("id", "a"), ("activity.likes", "4"), ("skills", "SQL|Go"), ("name", "")])
    {'id': 'a', 'activity': {'likes': '4'}, 'skills': ['SQL', 'Go']}
    """
    record: dict[str, Any] = {}
    seen: set[str] = set()
    for column, value in cells:
        if column in seen:
            raise InputFormatError(
                f"the column {_shown(column)} appears twice: which value is meant cannot be told"
            )
        seen.add(column)
        if _is_blank(value):
            continue
        _set_path(record, column, value.strip() if isinstance(value, str) else value)
    return record


def frame_cells(frame: Any) -> Iterator[list[tuple[str, object]]]:
    """The rows of a pandas DataFrame as ``(column, value)`` cells for :func:`unflatten`.

    NumPy scalars become Python values; blanks (NaN, ``None``, pandas' ``NA``)
    are left for :func:`unflatten` to drop.
    """
    columns = [str(c) for c in frame.columns]
    for values in frame.itertuples(index=False, name=None):
        yield [
            (c, v.item() if isinstance(v, np.generic) else v)
            for c, v in zip(columns, values, strict=True)
        ]


def _read_csv(stream: _TextReader, source: str) -> Iterator[Item[dict[str, Any]] | ReadError]:
    reader = csv.reader(stream)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as exc:
        yield ReadError(source, 1, None, f"malformed CSV header: {exc}")
        return
    header = [h.strip() for h in header]
    bad = _BAD_BYTE.search("".join(header))
    if bad is not None:
        yield ReadError(
            source, 1, None, f"not UTF-8 text: the header holds the byte {_bad_byte(bad[0])}"
        )
        return
    id_column = header.index("id") if "id" in header else None
    while True:
        line = reader.line_num + 1  # a record's line is its first: a cell may span lines
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield ReadError(source, line, None, f"malformed CSV: {exc}")
            continue
        if not any(cell.strip() for cell in row):
            continue
        rid = None
        if id_column is not None and id_column < len(row):
            rid = row[id_column].strip()[: LIMITS["id"]] or None
        if len(row) != len(header):
            yield ReadError(
                source,
                line,
                rid,
                f"the row has {len(row)} cells but the header has {len(header)} columns",
            )
            continue
        bad = _BAD_BYTE.search("".join(row))
        if bad is not None:
            yield ReadError(
                source,
                line,
                rid,
                f"not UTF-8 text: the record holds the byte {_bad_byte(bad[0])}, "
                "which is not valid",
            )
            continue
        try:
            record = unflatten(zip(header, row, strict=True))
        except InputFormatError as exc:
            yield ReadError(source, line, rid, str(exc))
            continue
        except (TypeError, ValueError, IndexError, AttributeError) as exc:
            yield ReadError(source, line, rid, f"cannot place a column: {exc}")
            continue
        yield Item(source, line, record)
