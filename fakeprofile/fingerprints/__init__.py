"""Fingerprints: what makes two profiles' photos or texts the same, below signals and index.

:mod:`.photo` loads photos safely and turns them into mirror-aware perceptual
hashes, verified against each other; :mod:`.keypoints` (OpenCV ORB, imported
only when used) confirms copies that were cropped, turned, framed or partly
covered; :mod:`.text` normalises disguised text
and signs it with MinHash. Photo and text define the look-up types the reference index
answers (:class:`PhotoQuery` → :class:`PhotoMatch`, :class:`TextQuery` →
:class:`TextMatch`). The signals (:mod:`fakeprofile.signals`) and the index
(:mod:`fakeprofile.index`) both build on this package; it imports neither.
"""

from __future__ import annotations

from .photo import PhotoFingerprint, PhotoHash, PhotoMatch, PhotoQuery, fingerprint, same_photo
from .text import TextMatch, TextQuery, TextSignature, normalize, text_signature

__all__ = [
    "PhotoFingerprint",
    "PhotoHash",
    "PhotoMatch",
    "PhotoQuery",
    "TextMatch",
    "TextQuery",
    "TextSignature",
    "fingerprint",
    "normalize",
    "same_photo",
    "text_signature",
]
