"""The records a reader yields (:class:`Item`, :class:`ReadError`) and the input formats."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, Literal, Protocol, TypeVar

from ..errors import InputFormatError

__all__ = ["Format", "Item", "ReadError", "detect_format"]

Format = Literal["json", "jsonl", "csv"]
T = TypeVar("T")

_EXTENSIONS: dict[str, Format] = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
}
#: Files are decoded with ``errors="surrogateescape"``: a byte that is not UTF-8
#: becomes one of these characters, so the record holding it can be told apart
#: (a UTF-8 file can hold no other surrogate) and refused alone.
_BAD_BYTE = re.compile("[\udc80-\udcff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


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


class _TextReader(Protocol):
    """What the readers need of a text stream."""

    def read(self, size: int = -1, /) -> str: ...
    def readline(self, size: int = -1, /) -> str: ...
    def __iter__(self) -> Iterator[str]: ...
