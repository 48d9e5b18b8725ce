"""What a reference index answers: the typed look-up protocol the signals use.

:class:`ReferenceLookup` is the whole contract between the signals and an
index: a chunk of photo look-ups and a chunk of text look-ups, each answered
with the matching profiles. :class:`~fakeprofile.index.ReferenceIndex`
implements it; so can any other store (a service, a test double), with no
method looked up by name.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, TypeAlias, runtime_checkable

from ..fingerprints.photo import PhotoMatch, PhotoQuery
from ..fingerprints.text import TextMatch, TextQuery

__all__ = ["IndexLike", "ReferenceLookup", "open_index"]


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
