"""The JSON and JSON Lines readers: a stream of text in, records or error rows out.

A JSON document (one object, an array of objects, or concatenated objects) is
decoded element by element, so a file of a million profiles is never held in
memory at once; a JSON Lines file is read line by line, and a malformed line
is one error row.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from typing import Any

from ..profile import record_id
from .items import _BAD_BYTE, Item, ReadError, _bad_byte, _TextReader

_CHUNK = 1 << 16
#: What ends a top-level JSON scalar, and the characters that matter in a value.
_SCALAR_END = re.compile(r"[,\]}\s]")
_STRUCTURE = re.compile(r'[\[\]{}"]')
_IN_STRING = re.compile(r'["\\]')


class _DuplicateKeyError(ValueError):
    """A JSON object with one key twice: ``json`` would keep the last value silently."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.message = (
            f"the key {key[:40]!r} appears twice in one object: which value is meant cannot be told"
        )


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object as a dict, refusing a key given twice (:class:`_DuplicateKeyError`)."""
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKeyError(key)
            seen.add(key)
    return obj


#: Decodes records (C scanner), refusing duplicate keys.
_DECODER = json.JSONDecoder(object_pairs_hook=_object)


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
    decoder = _DECODER
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
            except _DuplicateKeyError as exc:
                unreadable = exc.message
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
        record = _jsonl_record(text, number, source)
        if record is not None:
            yield record


def _jsonl_record(text: str, number: int, source: str) -> Item[dict[str, Any]] | ReadError | None:
    """Line ``number`` of a JSON Lines file as a record or an error row (``None``: blank)."""
    text = text.strip()
    if not text:
        return None
    bad = None if text.isascii() else _BAD_BYTE.search(text)  # bad bytes are not ASCII
    if bad is not None:
        return ReadError(
            source,
            number,
            None,
            f"not UTF-8 text: the byte {_bad_byte(bad[0])} at column {bad.start() + 1} "
            "is not valid",
        )
    try:
        value = _DECODER.decode(text)
    except json.JSONDecodeError as exc:
        return ReadError(source, number, None, f"malformed JSON: {exc.msg} (column {exc.colno})")
    except RecursionError:
        return ReadError(
            source, number, None, "malformed JSON: the record is nested too deeply to read"
        )
    except _DuplicateKeyError as exc:
        return ReadError(source, number, None, exc.message)
    except ValueError:  # Python's limit on the digits of an integer
        return ReadError(
            source,
            number,
            None,
            "a number in the record is too long to read "
            f"(more than {sys.get_int_max_str_digits():,} digits)",
        )
    if isinstance(value, dict):
        return Item(source, number, value)
    return ReadError(
        source, number, None, f"a record must be a JSON object, got {_json_type(value)}"
    )
