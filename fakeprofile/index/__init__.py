"""The reference index: known profiles in a SQLite file, with in-memory search.

:class:`ReferenceIndex` is the store (SQLite is the source of truth);
:class:`HammingIndex` the multi-index Hamming search over 64-bit photo hashes,
:class:`TextSearch` the near-duplicate search over text signatures.
:class:`ReferenceLookup` is what the signals ask of an index (any object with
its two methods will do), :func:`open_index` opens a path read-only.
"""

from __future__ import annotations

from .hamming import HammingIndex
from .lookup import IndexLike, ProfileCopies, ReferenceLookup, find_copies, open_index
from .store import FORMAT_VERSION, AddReport, IndexStats, PhotoMatch, ReferenceIndex, TextMatch
from .textsearch import TextSearch

__all__ = [
    "FORMAT_VERSION",
    "AddReport",
    "HammingIndex",
    "IndexLike",
    "IndexStats",
    "PhotoMatch",
    "ProfileCopies",
    "ReferenceIndex",
    "ReferenceLookup",
    "TextMatch",
    "TextSearch",
    "find_copies",
    "open_index",
]
