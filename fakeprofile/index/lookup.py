"""What a reference index answers: the typed look-up protocol the signals use.

:class:`ReferenceLookup` is the whole contract between the signals and an
index: a chunk of photo look-ups and a chunk of text look-ups, each answered
with the matching profiles. :class:`~fakeprofile.index.ReferenceIndex`
implements it; so can any other store (a service, a test double), with no
method looked up by name.

:func:`find_copies` is "find this profile's copies" written once on top of the
protocol: the profile's look-ups are built by the fingerprint functions
(:func:`~fakeprofile.fingerprints.photo.query_photo`,
:func:`~fakeprofile.fingerprints.text.text_queries`), the very ones whose
results :meth:`~fakeprofile.index.ReferenceIndex.add` stores.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeAlias, runtime_checkable

from ..errors import InvalidProfileError, PhotoError
from ..fingerprints.photo import PhotoFingerprint, PhotoMatch, PhotoQuery, query_photo
from ..fingerprints.text import TextMatch, TextQuery, text_queries
from ..profile import Profile

__all__ = [
    "IndexLike",
    "ProfileCopies",
    "ReferenceLookup",
    "find_copies",
    "holds_keypoints",
    "open_index",
]


@runtime_checkable
class ReferenceLookup(Protocol):
    """Known profiles to look copies up in.

    Each method answers a chunk of queries at once (one answer per query, in
    order); a profile never matches itself (the query's ``profile_id``).
    """

    def photo_matches_many(self, queries: Sequence[PhotoQuery]) -> list[list[PhotoMatch]]:
        """Per query, the other profiles whose photo is the same photo, closest first."""
        ...

    def text_matches_many(self, queries: Sequence[TextQuery]) -> list[list[TextMatch]]:
        """Per query, the other profiles with a near-identical text, most similar first."""
        ...


#: A reference index, or the path of an index file (opened read-only).
IndexLike: TypeAlias = "ReferenceLookup | str | os.PathLike[str]"


def open_index(index: IndexLike | None) -> ReferenceLookup | None:
    """A reference index: the object itself, or a path opened read-only, or ``None``.

    Raises
    ------
    TypeError
        ``index`` is neither a path nor an object with the look-up methods.
    """
    if isinstance(index, str | os.PathLike):
        from .store import ReferenceIndex

        return ReferenceIndex(Path(index), readonly=True)
    if index is not None and not isinstance(index, ReferenceLookup):
        raise TypeError(
            "index must be a ReferenceIndex, a path to an index file, or an object with "
            f"photo_matches_many and text_matches_many; got {type(index).__name__}"
        )
    return index


def holds_keypoints(index: ReferenceLookup | None) -> bool:
    """Whether ``index`` stores photos' keypoints, so a photo file's look-up should carry its own.

    Only a :class:`~fakeprofile.index.ReferenceIndex` built with
    ``add(..., keypoints=True)`` does; computing a query's keypoints costs a
    few milliseconds, spent only then.
    """
    from .store import ReferenceIndex

    return isinstance(index, ReferenceIndex) and index.has_keypoints


@dataclass(frozen=True, slots=True)
class ProfileCopies:
    """A profile's copies in a reference index (:func:`find_copies`).

    Unknown stays unknown: a profile without a photo has ``photo`` ``None``
    and no photo matches, which says nothing about copies; a photo that
    could not be read has ``photo_error`` instead.
    """

    profile_id: str
    #: The fingerprint looked up, or ``None``: no photo given, or unreadable.
    photo: PhotoFingerprint | None
    #: Why the photo could not be read (``photo`` is then ``None``).
    photo_error: str | None
    #: Other profiles with the same photo, closest first (none for a photo
    #: too plain to identify anyone).
    photo_matches: tuple[PhotoMatch, ...]
    #: Per text field long enough to be signed (in the order of
    #: :data:`~fakeprofile.fingerprints.text.TEXT_FIELDS`), the other
    #: profiles with a near-identical text, most similar first. A field that
    #: is missing, or too short to compare, is absent.
    text_matches: Mapping[str, tuple[TextMatch, ...]]


def find_copies(index: ReferenceLookup, profile: Profile) -> ProfileCopies:
    """The other profiles of ``index`` that share ``profile``'s photo or one of its texts.

    The photo is looked up with its query probes (cropped or rotated copies),
    each text field with the profile's name masked, as the index stores them.
    A photo that cannot be read is reported in ``photo_error``; the texts are
    looked up all the same.

    Examples
    --------
    >>> from fakeprofile.index import ReferenceIndex
    >>> with ReferenceIndex("known.db") as index:  # doctest: +SKIP
    ...     copies = index.find(profile)  # the same as find_copies(index, profile)
    ...     [m.profile_id for m in copies.text_matches.get("about", ())]
    ['p-amara']
    """
    queries = text_queries(profile)
    answers = index.text_matches_many(queries) if queries else []
    texts = {q.field: tuple(m) for q, m in zip(queries, answers, strict=True)}
    try:
        fp, probes, keypoints = query_photo(profile, keypoints=holds_keypoints(index))
    except (PhotoError, InvalidProfileError) as exc:
        return ProfileCopies(profile.id, None, str(exc), (), texts)
    photos: tuple[PhotoMatch, ...] = ()
    if fp is not None:
        [found] = index.photo_matches_many([PhotoQuery(profile.id, fp, probes, keypoints)])
        photos = tuple(found)
    return ProfileCopies(profile.id, fp, None, photos, texts)
