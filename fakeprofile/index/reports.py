"""What the reference index reports: of an ``add``, and of itself."""

from __future__ import annotations

from dataclasses import dataclass, field

from .sqlfile import FORMAT_VERSION

__all__ = ["AddReport", "IndexStats"]


@dataclass(frozen=True, slots=True)
class AddReport:
    """What :meth:`ReferenceIndex.add` did."""

    added: int = 0
    updated: int = 0
    photos: int = 0
    #: Text signatures stored (one per field long enough to sign).
    texts: int = 0
    #: Ids of the profiles whose photo could not be read (indexed without a photo).
    photos_unreadable: tuple[str, ...] = ()
    #: Ids of the profiles whose photo is too plain to identify anyone (a plain
    #: colour, a gradient; see :data:`~fakeprofile.fingerprints.photo.MIN_DETAIL`):
    #: indexed without a photo, so nothing ever matches it.
    photos_without_detail: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class IndexStats:
    """Counts and sizes of an index."""

    profiles: int
    photos: int
    texts: int
    file_bytes: int
    memory_bytes: int
    format_version: int = FORMAT_VERSION
    extra: dict[str, int] = field(default_factory=dict)
