"""Reading a file (or standard input) as raw records, and as validated profiles or invitations."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any, Literal, NamedTuple, TypeVar, cast

from ..errors import InputFormatError, InvalidProfileError
from ..profile import Invitation, Profile, parse_invitation, parse_profile, record_id
from .csvfile import _read_csv
from .items import Format, Item, ReadError, _TextReader, detect_format
from .jsonfile import _jsonl_record, _read_json, _read_jsonl
from .photos import _resolve_photos

__all__ = [
    "iter_dicts",
    "parse_record",
    "read_invitations",
    "read_one",
    "read_profiles",
]

T = TypeVar("T")


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
    records = _records(path, format=format, stdin=stdin, photo_root=photo_root, raw=False)
    return cast(Iterator[Item[dict[str, Any]] | ReadError], records)  # no _RawLine without raw


class _RawLine(NamedTuple):
    """A line of a JSON Lines file as read, decoded later (where it is scored).

    Decoding it (:meth:`decoded`) gives exactly the record or error row that
    :func:`iter_dicts` gives for the line: the command line sends these to its
    worker processes, which decode them in parallel, and a line costs far less
    to pickle than the dict made of it.
    """

    source: str
    line: int
    text: str
    base: Path
    photo_root: str | Path | None

    def decoded(self) -> Item[dict[str, Any]] | ReadError:
        """The line's record (photo paths resolved) or its error row."""
        record = _jsonl_record(self.text, self.line, self.source)
        if record is None:
            raise ValueError(f"{self.source}:{self.line} is blank: it holds no record")
        if isinstance(record, Item):
            problem = _resolve_photos(record.value, self.base, self.photo_root)
            if problem is not None:
                return ReadError(self.source, self.line, record_id(record.value), problem)
        return record


def _raw_records(
    path: str | Path, *, photo_root: str | Path | None = None
) -> Iterator[_RawLine | Item[dict[str, Any]] | ReadError]:
    """:func:`iter_dicts`, with each record of a JSON Lines input as its :class:`_RawLine`."""
    return _records(path, format=None, stdin=None, photo_root=photo_root, raw=True)


def _records(
    path: str | Path,
    *,
    format: Format | None,
    stdin: IO[str] | None,
    photo_root: str | Path | None,
    raw: bool,
) -> Iterator[_RawLine | Item[dict[str, Any]] | ReadError]:
    source = str(path)
    if source == "-":
        stream = stdin if stdin is not None else _stdin()
        # A byte-order mark (Windows tools write one) is no part of the first record,
        # as for files, which are read as utf-8-sig.
        first = stream.readline().removeprefix("\ufeff")
        fmt = format or _sniff(first)
        yield from _read_stream(
            _Chained(first, stream), fmt, "<stdin>", Path.cwd(), photo_root, raw=raw
        )
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
        yield from _read_stream(
            handle, fmt, source, Path(source).resolve().parent, photo_root, raw=raw
        )


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
    stream: _TextReader,
    fmt: Format,
    source: str,
    base: Path,
    photo_root: str | Path | None,
    *,
    raw: bool = False,
) -> Iterator[_RawLine | Item[dict[str, Any]] | ReadError]:
    """The records of a stream (with ``raw``, a JSON Lines stream's lines as :class:`_RawLine`)."""
    empty = True
    try:
        if raw and fmt == "jsonl":
            for number, text in enumerate(stream, start=1):
                if text.strip():  # a blank line is no record (_read_jsonl skips it too)
                    empty = False
                    yield _RawLine(source, number, text, base, photo_root)
        else:
            reader = {"json": _read_json, "jsonl": _read_jsonl, "csv": _read_csv}[fmt]
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
