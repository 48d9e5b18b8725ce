"""Reading profiles and invitations from JSON, JSON Lines and CSV, streamed.

Formats, chosen by the file's extension (or sniffed for standard input, ``-``):

``.json``
    One object, or an array of objects. Arrays are decoded element by element,
    so a file of a million profiles is never held in memory at once.
``.jsonl`` / ``.ndjson``
    One object per line. A malformed line is an error row; reading goes on.
``.csv``
    One record per row, with a header. Nested fields use dotted column names:
    ``activity.likes``, ``experience.0.title``, ``sender.name`` (invitations).
    List-of-text fields (``skills``, ``activity.comment_texts``, ``links``,
    ``attachments``) hold several values separated by ``|``. Empty cells are
    missing values.

Relative ``photo`` paths are resolved against the input file's folder (the
working directory for standard input). Input files may come from strangers, so
a photo path is confined (:func:`resolve_photo_path`): it may not leave the
input's folder (``../``, or a symbolic link pointing out), an absolute path is
refused, and it must name a readable regular file; ``photo_root`` names one
more folder that photos may come from. A photo path that breaks these rules or
names no readable file is an error on that record, worded the same whether the
file is missing or unreadable, and never showing where outside the folder it led.

Every reader yields, in input order, either a parsed value wrapped in
:class:`Item` or a :class:`ReadError` for a bad record, and never stops at a bad
record: a record nested too deeply, holding a number too long for Python to
read, or holding bytes that are not UTF-8 is one error row and reading goes on.
(A JSON document with a syntax error mid-array cannot be resynchronised; that
error ends the file, is reported as soon as it is met, and says so.)
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Generic, Literal, Protocol, TypeVar

from .errors import InputFormatError, InvalidProfileError
from .profile import LIMITS, Invitation, Profile, parse_invitation, parse_profile, record_id

__all__ = [
    "EXTRA_FIELDS",
    "ExtraFields",
    "FieldFilter",
    "Format",
    "Item",
    "ReadError",
    "detect_format",
    "iter_dicts",
    "parse_record",
    "read_invitations",
    "read_one",
    "read_profiles",
    "read_records",
    "resolve_photo_path",
    "unflatten",
]

Format = Literal["json", "jsonl", "csv"]
T = TypeVar("T")

_EXTENSIONS: dict[str, Format] = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
}
#: Fields that CSV cells hold as several values separated by ``|``.
CSV_LIST_FIELDS = frozenset({"skills", "comment_texts", "links", "attachments"})
_CHUNK = 1 << 16
#: Files are decoded with ``errors="surrogateescape"``: a byte that is not UTF-8
#: becomes one of these characters, so the record holding it can be told apart
#: (a UTF-8 file can hold no other surrogate) and refused alone.
_BAD_BYTE = re.compile("[\udc80-\udcff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
#: What ends a top-level JSON scalar, and the characters that matter in a value.
_SCALAR_END = re.compile(r"[,\]}\s]")
_STRUCTURE = re.compile(r'[\[\]{}"]')
_IN_STRING = re.compile(r'["\\]')
_INDEX = re.compile(r"[0-9]+")


def _printable(text: str) -> str:
    """``text`` with lone surrogates written as ``\\udXXX``, so it can be written as UTF-8."""
    if _SURROGATE.search(text) is None:
        return text
    return _SURROGATE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


def _bad_byte(ch: str) -> str:
    return f"0x{ord(ch) - 0xDC00:02x}"


@dataclass(frozen=True, slots=True)
class Item(Generic[T]):
    """A record read without error: where it came from and its parsed value."""

    source: str
    line: int
    value: T


@dataclass(frozen=True, slots=True)
class ReadError:
    """A record that could not be read: where it is, its id if known, and why."""

    source: str
    line: int
    record_id: str | None
    message: str

    def __post_init__(self) -> None:
        # Error rows carry what the input said, and a lone surrogate (JSON's
        # "\ud800", or a byte that is not UTF-8) cannot be written as UTF-8:
        # it is shown escaped, so the row (and every row after it) is written.
        for name in ("source", "record_id", "message"):
            value = getattr(self, name)
            if isinstance(value, str):
                object.__setattr__(self, name, _printable(value))

    def __str__(self) -> str:
        rid = f" (id {self.record_id!r})" if self.record_id else ""
        return f"{self.source}:{self.line}{rid}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form, as written in error rows."""
        return {
            "source": self.source,
            "line": self.line,
            "id": self.record_id,
            "error": self.message,
        }


def detect_format(path: str | Path) -> Format:
    """The format of ``path`` by its extension.

    Raises
    ------
    InputFormatError
        For an extension that is not ``.json``, ``.jsonl``, ``.ndjson`` or ``.csv``.
    """
    suffix = Path(path).suffix.lower()
    try:
        return _EXTENSIONS[suffix]
    except KeyError:
        raise InputFormatError(
            f"{path}: cannot tell the format from the extension {suffix!r}; "
            "use .json, .jsonl, .ndjson or .csv"
        ) from None


# --------------------------------------------------------------------------- raw records


def iter_dicts(
    path: str | Path,
    *,
    format: Format | None = None,
    stdin: IO[str] | None = None,
    photo_root: str | Path | None = None,
) -> Iterator[Item[dict[str, Any]] | ReadError]:
    """Yield each raw record of a file as a ``dict`` (or a :class:`ReadError`).

    Parameters
    ----------
    path : str or Path
        A file, or ``"-"`` for standard input.
    format : {"json", "jsonl", "csv"}, optional
        Overrides detection by extension (or sniffing, for standard input).
    stdin : text stream, optional
        What ``"-"`` reads; ``sys.stdin`` by default.
    photo_root : str or Path, optional
        A folder that ``photo`` paths may also point into (relative to the
        input's folder, or absolute), besides the input's own folder.

    Raises
    ------
    InputFormatError
        When the file cannot be opened or its format cannot be told.
    """
    source = str(path)
    if source == "-":
        stream = stdin if stdin is not None else _stdin()
        first = stream.readline()
        fmt = format or _sniff(first)
        yield from _read_stream(_Chained(first, stream), fmt, "<stdin>", Path.cwd(), photo_root)
        return
    fmt = format or detect_format(source)
    try:
        handle = open(  # noqa: SIM115
            source,
            encoding="utf-8-sig",
            errors="surrogateescape",  # a bad byte fails its record, not the file
            newline="" if fmt == "csv" else None,
        )
    except OSError as exc:
        raise InputFormatError(f"{source}: cannot open: {exc.strerror or exc}") from None
    with handle:
        yield from _read_stream(handle, fmt, source, Path(source).resolve().parent, photo_root)


def _stdin() -> IO[str]:
    """Standard input, decoded so that a byte that is not UTF-8 fails only its record."""
    stream = sys.stdin
    if isinstance(stream, io.TextIOWrapper) and stream.encoding.lower().replace("-", "") in {
        "utf8",
        "utf8sig",
    }:
        stream.reconfigure(errors="surrogateescape")
    return stream


def _read_stream(
    stream: _TextReader, fmt: Format, source: str, base: Path, photo_root: str | Path | None
) -> Iterator[Item[dict[str, Any]] | ReadError]:
    reader = {"json": _read_json, "jsonl": _read_jsonl, "csv": _read_csv}[fmt]
    empty = True
    try:
        for item in reader(stream, source):
            empty = False
            if isinstance(item, Item):
                problem = _resolve_photos(item.value, base, photo_root)
                if problem is not None:
                    yield ReadError(source, item.line, record_id(item.value), problem)
                    continue
            yield item
    except UnicodeDecodeError as exc:  # a stream given decoded strictly: cannot go on
        yield ReadError(source, 0, None, f"not UTF-8 text: {exc.reason}; the rest cannot be read")
        return
    if empty:
        yield ReadError(source, 0, None, "the input is empty: no records")


class _TextReader(Protocol):
    """What the readers need of a text stream."""

    def read(self, size: int = -1, /) -> str: ...
    def readline(self, size: int = -1, /) -> str: ...
    def __iter__(self) -> Iterator[str]: ...


class _Chained:
    """A text stream that yields ``head`` (a line read to sniff) and then the rest."""

    def __init__(self, head: str, rest: IO[str]) -> None:
        self._head = head
        self._rest = rest

    def read(self, size: int = -1, /) -> str:
        head, self._head = self._head, ""
        if size < 0:
            return head + self._rest.read()
        if len(head) > size:
            head, self._head = head[:size], head[size:]
            return head
        return head + self._rest.read(size - len(head))

    def readline(self, size: int = -1, /) -> str:
        if self._head:
            head, self._head = self._head, ""
            return head if head.endswith("\n") else head + self._rest.readline()
        return self._rest.readline()

    def __iter__(self) -> Iterator[str]:
        while line := self.readline():
            yield line


def _sniff(first_line: str) -> Format:
    """Tell JSON, JSON Lines and CSV apart from the first line of a stream."""
    stripped = first_line.strip()
    if stripped.startswith("["):
        return "json"
    if stripped.startswith("{"):
        try:
            json.loads(stripped)
        except json.JSONDecodeError:
            return "json"  # an object spread over several lines
        except (RecursionError, ValueError):
            return "jsonl"  # a whole line, too deep or with too long a number: its error row
        return "jsonl"
    return "csv" if stripped else "jsonl"


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _shown_path(text: str) -> str:
    """A photo path as the input gave it, cut short, for an error message."""
    return repr(text if len(text) <= 80 else text[:77] + "...")


def resolve_photo_path(
    text: str, base: Path | None, photo_root: str | Path | None = None
) -> tuple[str | None, str | None]:
    """Where an input's ``photo`` path leads: ``(absolute path, None)`` or ``(None, why not)``.

    Parameters
    ----------
    text : str
        The path as the input gave it.
    base : Path or None
        The input's folder (relative paths start there); ``None`` for a
        profile given directly as an object, whose relative paths start at
        ``photo_root``.
    photo_root : str or Path, optional
        One more folder photos may come from.

    The path, with every symbolic link followed, must lie inside ``base`` or
    ``photo_root``; an absolute path only inside ``photo_root``. It must name a
    regular file that can be read (checked with ``stat`` and ``access``, which
    never block, so a FIFO cannot hang the reader). The message never shows
    the resolved path, and reads the same for a missing and an unreadable file.
    """
    root = Path(photo_root).resolve() if photo_root is not None else None
    given = Path(text)
    allowed = [p for p in (base, root) if p is not None]
    if given.is_absolute():
        if root is None:
            return None, (
                "is an absolute path: photo paths in an input must be "
                "relative to its folder (or inside the folder given as photo_root / --photo-root)"
            )
        candidate = given
    else:
        start = base if base is not None else root
        candidate = (start / given) if start is not None else given
    try:
        resolved = candidate.resolve()
    except (OSError, RuntimeError, ValueError):  # a symlink loop, a NUL byte
        return None, f"no readable photo file at {_shown_path(text)}"
    if not any(_inside(resolved, folder.resolve()) for folder in allowed):
        return None, (
            f"{_shown_path(text)} leads outside the input's folder: photos must be inside it "
            "(or inside the folder given as photo_root / --photo-root)"
        )
    try:
        info = os.stat(resolved)
        readable = stat.S_ISREG(info.st_mode) and os.access(resolved, os.R_OK)
    except (OSError, ValueError):
        readable = False
    if not readable:
        return None, f"no readable photo file at {_shown_path(text)}"
    return str(resolved), None


def _resolve_photos(
    record: dict[str, Any], base: Path, photo_root: str | Path | None = None
) -> str | None:
    """Confine and resolve photo paths (:func:`resolve_photo_path`); a message if one is refused."""
    for owner, prefix in (
        (record, ""),
        (record.get("sender"), "sender."),
        (record.get("recipient"), "recipient."),
    ):
        if not isinstance(owner, dict):
            continue
        photo = owner.get("photo")
        if not isinstance(photo, str) or not photo.strip():
            continue
        resolved, problem = resolve_photo_path(photo.strip(), base, photo_root)
        if resolved is None:
            return f"{prefix}photo: {problem}"
        owner["photo"] = resolved
    return None


# --------------------------------------------------------------------------- JSON


def _line_of(text: str, pos: int, start_line: int, start_pos: int) -> int:
    return start_line + text.count("\n", start_pos, pos)


def _may_be_incomplete(exc: json.JSONDecodeError, size: int) -> bool:
    """Whether a decoding error may only mean that the buffer ends mid-value.

    A value cut by the buffer's end fails at (or a token's length before) the
    end, or as a string not yet closed (reported where the string starts). Any
    other error is in the text itself and is reported at once, without reading
    the rest of the file.
    """
    return exc.msg.startswith("Unterminated string") or exc.pos >= size - 16


def _read_json(stream: _TextReader, source: str) -> Iterator[Item[dict[str, Any]] | ReadError]:
    """Stream a JSON document: one object, an array of objects, or concatenated objects.

    Each value is decoded by the C decoder from a buffer that grows by doubling
    while the value is incomplete, so reading is linear in the file's size even
    for one huge value. A value that cannot be decoded for a reason other than
    its syntax (nested too deeply, a number too long) is skipped by its
    brackets: one error row, and reading goes on.
    """
    decoder = json.JSONDecoder()
    buf = ""
    pos = 0
    line = 1  # line number at ``pos``
    eof = False
    in_array = False
    started = False

    def fill(at_least: int = _CHUNK) -> bool:
        """Read at least ``at_least`` more characters (fewer at the end); keep ``buf[pos:]``."""
        nonlocal buf, pos, eof
        if eof:
            return False
        chunk = stream.read(max(_CHUNK, at_least))
        if not chunk:
            eof = True
            return False
        buf = buf[pos:] + chunk
        pos = 0
        return True

    def skip_ws() -> None:
        nonlocal pos, line
        while True:
            while pos < len(buf) and buf[pos] in " \t\r\n":
                if buf[pos] == "\n":
                    line += 1
                pos += 1
            if pos < len(buf) or not fill():
                return

    def advance(to: int) -> None:
        nonlocal pos, line
        line += buf.count("\n", pos, to)
        pos = to

    def skip_value() -> bool:
        """Move past the value at ``pos`` by its brackets and quotes; False if the file ends."""
        nonlocal pos
        depth = 0
        in_string = escaped = False
        scalar = buf[pos] not in '[{"'
        while True:
            if pos >= len(buf) and not fill():
                return False
            if scalar:
                found = _SCALAR_END.search(buf, pos)
                advance(len(buf) if found is None else found.start())
                if found is not None:
                    return True
            elif escaped:
                escaped = False
                advance(pos + 1)
            elif in_string:
                found = _IN_STRING.search(buf, pos)
                advance(len(buf) if found is None else found.end())
                if found is not None:
                    escaped = found[0] == "\\"
                    in_string = escaped
                    if not in_string and depth == 0:
                        return True
            else:
                found = _STRUCTURE.search(buf, pos)
                advance(len(buf) if found is None else found.end())
                if found is None:
                    continue
                if found[0] == '"':
                    in_string = True
                elif found[0] in "[{":
                    depth += 1
                else:
                    depth -= 1
                    if depth <= 0:
                        return True

    while True:
        skip_ws()
        if pos >= len(buf):
            if in_array:
                yield ReadError(source, line, None, "malformed JSON: the array is not closed")
            return
        ch = buf[pos]
        if not started and ch == "[":
            in_array = started = True
            pos += 1
            continue
        started = True
        if in_array and ch == "]":
            pos += 1
            skip_ws()
            if pos < len(buf):
                yield ReadError(source, line, None, "malformed JSON: text after the closing ']'")
            return
        if in_array and ch == ",":
            pos += 1
            continue
        # Decode one value, reading more of the stream while it may be incomplete.
        start_line = line
        unreadable: str | None = None
        while True:
            try:
                value, end = decoder.raw_decode(buf, pos)
            except json.JSONDecodeError as exc:
                if _may_be_incomplete(exc, len(buf)) and fill(len(buf) - pos):
                    continue  # doubling what is held: linear however long the value
                bad_line = _line_of(buf, exc.pos, line, pos)
                yield ReadError(
                    source,
                    bad_line,
                    None,
                    f"malformed JSON: {exc.msg} (line {bad_line}); the rest of the file "
                    "cannot be read reliably",
                )
                return
            except RecursionError:
                unreadable = "malformed JSON: the record is nested too deeply to read"
            except ValueError:  # Python's limit on the digits of an integer
                unreadable = (
                    "a number in the record is too long to read "
                    f"(more than {sys.get_int_max_str_digits():,} digits)"
                )
            else:
                if end >= len(buf) and fill():
                    continue  # the value ends where the buffer does: a number may go on
            break
        if unreadable is not None:
            if not skip_value():
                yield ReadError(source, start_line, None, f"{unreadable}; the file ends inside it")
                return
            yield ReadError(source, start_line, None, unreadable)
            continue
        bad = _BAD_BYTE.search(buf, pos, end)
        if bad is not None:
            at = _line_of(buf, bad.start(), line, pos)
            advance(end)
            yield ReadError(
                source,
                start_line,
                record_id(value),
                f"not UTF-8 text: the byte {_bad_byte(bad[0])} on line {at} is not valid",
            )
            continue
        advance(end)
        if isinstance(value, dict):
            yield Item(source, start_line, value)
        else:
            yield ReadError(
                source,
                start_line,
                None,
                f"a record must be a JSON object, got {_json_type(value)}",
            )


def _json_type(value: object) -> str:
    return {
        list: "an array",
        str: "a string",
        int: "a number",
        float: "a number",
        bool: "a boolean",
        type(None): "null",
    }.get(type(value), type(value).__name__)


def _read_jsonl(stream: _TextReader, source: str) -> Iterator[Item[dict[str, Any]] | ReadError]:
    for number, text in enumerate(stream, start=1):
        text = text.strip()
        if not text:
            continue
        bad = _BAD_BYTE.search(text)
        if bad is not None:
            yield ReadError(
                source,
                number,
                None,
                f"not UTF-8 text: the byte {_bad_byte(bad[0])} at column {bad.start() + 1} "
                "is not valid",
            )
            continue
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            yield ReadError(source, number, None, f"malformed JSON: {exc.msg} (column {exc.colno})")
            continue
        except RecursionError:
            yield ReadError(
                source, number, None, "malformed JSON: the record is nested too deeply to read"
            )
            continue
        except ValueError:  # Python's limit on the digits of an integer
            yield ReadError(
                source,
                number,
                None,
                "a number in the record is too long to read "
                f"(more than {sys.get_int_max_str_digits():,} digits)",
            )
            continue
        if isinstance(value, dict):
            yield Item(source, number, value)
        else:
            yield ReadError(
                source, number, None, f"a record must be a JSON object, got {_json_type(value)}"
            )


# --------------------------------------------------------------------------- CSV


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


# --------------------------------------------------------------------------- typed readers


def _parse_item(item: Item[dict[str, Any]], parse: Callable[[object], T]) -> Item[T] | ReadError:
    try:
        return Item(item.source, item.line, parse(item.value))
    except InvalidProfileError as exc:
        return ReadError(item.source, item.line, exc.record_id, "; ".join(map(str, exc.problems)))


def parse_record(
    item: Item[dict[str, Any]], kind: Literal["auto", "profile", "invitation"] = "auto"
) -> Item[Profile | Invitation] | ReadError:
    """Validate a raw record as a profile or an invitation, or make it an error row.

    With ``kind="auto"``, a record that has a ``sender`` is an invitation.
    """
    is_invitation = kind == "invitation" or (kind == "auto" and "sender" in item.value)
    parse: Callable[[object], Profile | Invitation] = (
        parse_invitation if is_invitation else parse_profile
    )
    return _parse_item(item, parse)


def _parsed(
    items: Iterable[Item[dict[str, Any]] | ReadError], parse: Callable[[object], T]
) -> Iterator[Item[T] | ReadError]:
    for item in items:
        yield item if isinstance(item, ReadError) else _parse_item(item, parse)


def read_profiles(
    path: str | Path,
    *,
    format: Format | None = None,
    stdin: IO[str] | None = None,
    photo_root: str | Path | None = None,
) -> Iterator[Item[Profile] | ReadError]:
    """Stream the profiles of a file, with an error row for each bad record.

    Examples
    --------
    >>> for item in read_profiles("examples/profiles.jsonl"):  # doctest: +SKIP
    ...     print(item.value.id if isinstance(item, Item) else item)
    """
    return _parsed(
        iter_dicts(path, format=format, stdin=stdin, photo_root=photo_root), parse_profile
    )


#: Fields of a profile that an invitation does not have: a record with an ``id``, one
#: of these and no ``sender`` is a profile given where an invitation was expected.
_PROFILE_ONLY_FIELDS = frozenset(Profile.model_fields) - frozenset(Invitation.model_fields)


def _parse_invitation(data: object) -> Invitation:
    """:func:`parse_invitation`, with a clear error for a bare profile (a common slip).

    Without this, a profile read as an invitation fails with "sender: is
    required" and one "unknown field" per profile field.

    Raises
    ------
    InvalidProfileError
        For a bare profile, one problem on ``sender`` that says how to wrap it.
    """
    if (
        isinstance(data, Mapping)
        and "sender" not in data
        and "id" in data
        and not _PROFILE_ONLY_FIELDS.isdisjoint(data)
    ):
        raise InvalidProfileError.single(
            "sender",
            "is required: this looks like a profile, not an invitation: "
            'wrap it as {"sender": {...}}',
            record_id=record_id(data),
        )
    return parse_invitation(data)


def read_invitations(
    path: str | Path,
    *,
    format: Format | None = None,
    stdin: IO[str] | None = None,
    photo_root: str | Path | None = None,
) -> Iterator[Item[Invitation] | ReadError]:
    """Stream the invitations of a file, with an error row for each bad record.

    A record that looks like a profile (an ``id`` and profile fields, no
    ``sender``) is an error row that says to wrap it as ``{"sender": {...}}``.
    """
    return _parsed(
        iter_dicts(path, format=format, stdin=stdin, photo_root=photo_root), _parse_invitation
    )


def read_one(
    path: str | Path, parse: Callable[[object], T], *, photo_root: str | Path | None = None
) -> T:
    """The single record of a file, parsed (for APIs that take a path to one record).

    Raises
    ------
    InvalidProfileError
        When the file holds no record, several, or one that does not validate
        (the message names the field).
    InputFormatError
        When the file cannot be opened or its format told.
    """
    items = list(_parsed(iter_dicts(path, photo_root=photo_root), parse))
    if len(items) != 1:
        raise InvalidProfileError.single(
            "", f"{path} holds {len(items)} records; exactly one is expected here"
        )
    (item,) = items
    if isinstance(item, ReadError):
        raise InvalidProfileError.single("", str(item), record_id=item.record_id)
    return item.value


# --------------------------------------------------------------------------- exports' extra columns

#: What to do with a record's fields that are not profile fields (``--extra-fields``).
ExtraFields = Literal["meta", "ignore", "error"]
EXTRA_FIELDS: tuple[ExtraFields, ...] = ("meta", "ignore", "error")

_INVITATION_FIELDS = frozenset(Invitation.model_fields)
_PROFILE_FIELDS = frozenset(Profile.model_fields)


class FieldFilter:
    """Prepare raw records from real exports: drop the label, keep or drop other columns.

    A labelled training file (or an export) holds columns that are not profile
    fields. The label column is a known training field: it is dropped without
    a word, so a labelled file can be scored or validated as it is. Any other
    column that is not a profile field is, by ``extra_fields``:

    ``"error"`` (the default)
        left in place, so the record fails validation naming the field (a
        misspelt field must not be silently ignored);
    ``"meta"``
        moved under the record's ``meta`` (kept beside the score, never scored);
    ``"ignore"``
        dropped.

    The names met are counted in :attr:`extra`, so a caller can say once which
    columns were kept or dropped (:meth:`notice`), not once per record. For an
    invitation, the top level and the ``sender`` and ``recipient`` profiles are
    checked (``sender.email``).

    Parameters
    ----------
    extra_fields : {"error", "meta", "ignore"}
    label_field : str or None, default="label"
        The label column of labelled data, dropped; ``None`` keeps it (then it
        is an extra field like any other).

    Raises
    ------
    InputFormatError
        For an ``extra_fields`` that is not one of the three.

    Examples
    --------
    >>> keep = FieldFilter("meta")
    >>> keep({"id": "a", "label": 1, "email": "a@example.com"})
    {'id': 'a', 'meta': {'email': 'a@example.com'}}
    >>> keep.notice()
    "1 field is not a profile field and was kept under 'meta': email (in 1 record)"
    """

    def __init__(self, extra_fields: str = "error", *, label_field: str | None = "label") -> None:
        if extra_fields not in EXTRA_FIELDS:
            raise InputFormatError(
                f"extra_fields must be one of {', '.join(map(repr, EXTRA_FIELDS))}, "
                f"got {extra_fields!r}"
            )
        self.extra_fields: ExtraFields = extra_fields
        self.label_field = label_field or None
        #: Each extra field met, with the number of records that had it.
        self.extra: dict[str, int] = {}
        self.records_with_extra = 0

    def __call__(self, record: dict[str, Any]) -> dict[str, Any]:
        """The record ready to validate (a new dict when anything changed)."""
        is_invitation = "sender" in record
        known = _INVITATION_FIELDS if is_invitation else _PROFILE_FIELDS
        label = self.label_field
        out = record
        if label is not None and label in out and label not in known:
            out = {k: v for k, v in out.items() if k != label}
        names = self._extras(out, known, "")
        if is_invitation:
            for part in ("sender", "recipient"):
                if isinstance(out.get(part), dict):
                    names += self._extras(out[part], _PROFILE_FIELDS, f"{part}.")
        if not names:
            return out
        self.records_with_extra += 1
        for name in names:
            self.extra[name] = self.extra.get(name, 0) + 1
        if self.extra_fields == "error":
            return out
        out = self._moved(out, known)
        if is_invitation:
            for part in ("sender", "recipient"):
                if isinstance(out.get(part), dict):
                    out[part] = self._moved(out[part], _PROFILE_FIELDS)
        return out

    @staticmethod
    def _extras(record: Mapping[str, Any], known: frozenset[str], prefix: str) -> list[str]:
        return [f"{prefix}{k}" for k in record if k not in known]

    def _moved(self, record: dict[str, Any], known: frozenset[str]) -> dict[str, Any]:
        """``record`` with its extra fields moved under ``meta`` or dropped."""
        kept = {k: v for k, v in record.items() if k in known}
        if self.extra_fields == "meta":
            meta = kept.get("meta", {})
            if isinstance(meta, dict):  # else: left for validation to refuse
                extra = {k: v for k, v in record.items() if k not in known}
                kept["meta"] = {**extra, **meta}  # a field given in meta wins
        return kept

    def notice(self, option: str = "extra_fields=") -> str | None:
        """One sentence naming the extra fields met and what became of them (None if none).

        ``option`` is how the caller spells the setting in the hint given with
        ``"error"`` (``"--extra-fields "`` on the command line).
        """
        if not self.extra:
            return None
        names = sorted(self.extra)
        shown = ", ".join(_printable(n) for n in names[:20])
        if len(names) > 20:
            shown += f" and {len(names) - 20} more"
        one = len(names) == 1
        head = (
            f"{len(names)} field{'' if one else 's'} "
            f"{'is not a profile field' if one else 'are not profile fields'}"
        )
        records = (
            f"in {self.records_with_extra:,} record{'' if self.records_with_extra == 1 else 's'}"
        )
        if self.extra_fields == "error":
            return (
                f"{head}, so the records holding {'it' if one else 'them'} are errors: {shown} "
                f"({records}); {option}meta keeps such fields under 'meta', "
                f"{option}ignore drops them"
            )
        done = "kept under 'meta'" if self.extra_fields == "meta" else "ignored"
        return f"{head} and {'was' if one else 'were'} {done}: {shown} ({records})"

    def items(
        self, records: Iterable[Item[dict[str, Any]] | ReadError]
    ) -> Iterator[Item[dict[str, Any]] | ReadError]:
        """Apply the filter to each record of a reader's stream (error rows pass as they are)."""
        for item in records:
            if isinstance(item, Item) and isinstance(item.value, dict):
                yield Item(item.source, item.line, self(item.value))
            else:
                yield item


def read_records(
    path: str | Path,
    *,
    photo_root: str | Path | None = None,
    extra_fields: str = "error",
    label_field: str | None = "label",
) -> Iterator[Item[dict[str, Any]] | ReadError]:
    """The raw records of a file as :func:`iter_dicts` reads them, through a :class:`FieldFilter`.

    The label column is dropped and other extra columns handled as
    ``extra_fields`` says; the records are not validated yet.
    """
    return FieldFilter(extra_fields, label_field=label_field).items(
        iter_dicts(path, photo_root=photo_root)
    )
