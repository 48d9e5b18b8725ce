"""What :meth:`~fakeprofile.index.ReferenceIndex.add` takes, as profiles: files are read."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..errors import InvalidProfileError
from ..io import Item, ReadError, read_records
from ..profile import Profile, parse_profile

__all__ = ["profiles_of", "read_error"]


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
