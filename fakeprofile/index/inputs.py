"""What :meth:`~fakeprofile.index.ReferenceIndex.add` takes, and what it writes of a profile."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InvalidProfileError
from ..fingerprints.photo import PhotoFingerprint
from ..fingerprints.text import TextQuery, TextSignature
from ..io import Item, ReadError, read_records
from ..profile import Profile, parse_profile

__all__ = ["Entry", "Written", "profiles_of", "read_error"]


def read_error(error: ReadError) -> InvalidProfileError:
    """A record that could not be read, as the error ``add`` raises (naming where)."""
    return InvalidProfileError.single(
        "", f"{error.source}:{error.line}: {error.message}", record_id=error.record_id
    )


def profiles_of(
    given: str | Path | Iterable[Profile | Mapping[str, Any] | str | Path | Item[Any] | ReadError],
    photo_root: str | Path | None,
) -> Iterator[Profile | Mapping[str, Any]]:
    """Profiles and dicts from what :meth:`ReferenceIndex.add` takes: files are read."""
    things: Iterable[Any] = [given] if isinstance(given, str | Path) else given
    for thing in things:
        if isinstance(thing, str | Path):
            for record in read_records(thing, photo_root=photo_root):
                if isinstance(record, ReadError):
                    raise read_error(record)
                try:
                    yield parse_profile(record.value)
                except InvalidProfileError as exc:
                    where = f"{record.source}:{record.line}"
                    problems = "; ".join(map(str, exc.problems))
                    raise InvalidProfileError.single(
                        "", f"{where}: {problems}", record_id=exc.record_id
                    ) from None
        elif isinstance(thing, Item):
            yield thing.value
        elif isinstance(thing, ReadError):
            raise read_error(thing)
        else:
            yield thing


@dataclass(frozen=True, slots=True)
class Entry:
    """What the index stores of one profile: its fingerprints, ready to write."""

    profile_id: str
    name: str | None
    #: The creation date as stored (ISO), or None.
    created_at: str | None
    #: The photo's fingerprint, or None: no photo, unreadable, or too plain.
    photo: PhotoFingerprint | None
    #: One per text field long enough to be signed.
    texts: list[TextQuery]


@dataclass
class Written:
    """What one :meth:`ReferenceIndex.add` wrote, by row: memory follows it once committed.

    Each row holds its final state: an id given twice in one batch must leave
    only its last version in memory, as in the file.
    """

    added: int = 0
    updated: int = 0
    #: Profiles written with a photo (an id given twice counts twice).
    with_photo: int = 0
    unreadable: list[str] = field(default_factory=list)
    plain: list[str] = field(default_factory=list)
    #: The 64-bit photo hash of each row written with a photo.
    photos: dict[int, int] = field(default_factory=dict)
    #: The text search keys and signatures of each row written.
    texts: dict[int, list[tuple[int, TextSignature]]] = field(default_factory=dict)
    #: The id and stored creation date of each row written.
    profiles: dict[int, tuple[str, str | None]] = field(default_factory=dict)
    #: Rows that were in the file before: their old photo and texts leave memory.
    stale: set[int] = field(default_factory=set)
    #: The write transaction's generation (:func:`.sqlfile.new_generation`), and
    #: whether memory equalled the file when it began.
    generation: int = 0
    exact: bool = False
