"""The reference index: known profiles in a SQLite file, with in-memory search.

:class:`ReferenceIndex` is the store (SQLite is the source of truth);
:class:`HammingIndex` the multi-index Hamming search over 64-bit photo hashes,
:class:`TextSearch` the near-duplicate search over text signatures.
"""

from __future__ import annotations

from .hamming import HammingIndex
from .lookup import ProfileCopies, find_copies
from .store import FORMAT_VERSION, AddReport, IndexStats, PhotoMatch, ReferenceIndex, TextMatch
from .textsearch import TextSearch

__all__ = [
    "FORMAT_VERSION",
    "AddReport",
    "HammingIndex",
    "IndexStats",
    "PhotoMatch",
    "ProfileCopies",
    "ReferenceIndex",
    "TextMatch",
    "TextSearch",
    "find_copies",
]
