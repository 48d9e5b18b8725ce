"""Text signal: copied text (near-duplicates in the reference index), text repeated
inside the profile, and generic boilerplate.

The pieces, in the order a profile goes through them:

1. :func:`profile_texts` picks the text fields (:data:`TEXT_FIELDS`).
2. :func:`normalize` makes a copy that was disguised look like its original:
   Unicode NFKC, homoglyphs mapped to Latin, case folded, invisible characters
   removed, punctuation and whitespace folded, the profile's own name masked.
3. :func:`text_signature` turns the set of normalised content words (stop
   words dropped) into a compact :class:`TextSignature`: 256 four-bit MinHash
   values, whose :meth:`~TextSignature.similarity` estimates the Jaccard
   similarity of two texts' word sets, plus 40 LSH band keys for
   :class:`fakeprofile.index.textsearch.TextSearch`. Word sets rather than
   word n-grams or character shingles: measured on generated bios, they kept
   the widest gap between 30%-edited copies and unrelated bios that share
   stock phrases (benchmarks/README.md, "Text").
4. :class:`TextSignal` looks each field's signature up in the reference index
   (``context.index.text_matches``) and turns the matches into features,
   evidence and sentences.

Signatures are stored in SQLite and compared in later processes, so every hash
here is deterministic across processes and machines (CRC-32 and fixed 64-bit
constants; never Python's salted ``hash()``).
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import re
import unicodedata
import zlib
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Final, Protocol

import numpy as np
import numpy.typing as npt

from .._kernels import minhash
from ..errors import IndexFormatError
from .base import MAX_EVIDENCE, Context, Evidence, Feature, SignalResult, ask_index, known_newer

if TYPE_CHECKING:
    from ..profile import Profile

__all__ = [
    "BOILERPLATE_PHRASES",
    "MIN_WORDS",
    "NAME_PLACEHOLDER",
    "SIGNATURE_BANDS",
    "SIGNATURE_BYTES",
    "SIGNATURE_SIZE",
    "TEXT_FIELDS",
    "TextMatch",
    "TextSignal",
    "TextSignature",
    "boilerplate_score",
    "normalize",
    "profile_texts",
    "text_signature",
]

logger = logging.getLogger(__name__)

#: The text fields compared, in a fixed order.
TEXT_FIELDS: Final[tuple[str, ...]] = ("headline", "about", "experience")

#: What a masked name becomes in normalised text (letters only, so it survives
#: a second normalisation unchanged).
NAME_PLACEHOLDER: Final[str] = "qqnameqq"

# --------------------------------------------------------------------------- #
# Normalisation
# --------------------------------------------------------------------------- #

# Format (Cf) characters, variation selectors, the combining grapheme joiner and
# Hangul fillers: all invisible, all usable to make a copy look different to a
# byte comparison. The Cf list is checked against unicodedata in the tests.
_INVISIBLE_RANGES: Final[tuple[tuple[int, int], ...]] = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
    (0xE0100, 0xE01EF),
)
# Stray combining marks (after NFKC has composed what it can): a copier can
# sprinkle them over letters without changing how the text reads.
_MARK_RANGES: Final[tuple[tuple[int, int], ...]] = (
    (0x0300, 0x036F),
    (0x1AB0, 0x1AFF),
    (0x1DC0, 0x1DFF),
    (0x20D0, 0x20FF),
    (0xFE20, 0xFE2F),
)


_DROP_TABLE: Final = {
    cp: None for lo, hi in _INVISIBLE_RANGES + _MARK_RANGES for cp in range(lo, hi + 1)
}
# Anything that is not a letter or digit (punctuation, symbols, whitespace,
# control characters, underscore) separates words.
_SEPARATOR_RE: Final = re.compile(r"[\W_]+")
# The same rule for ASCII text, as a translation table (much faster than the regex).
_ASCII_SEPARATORS: Final = str.maketrans({chr(c): " " for c in range(128) if not chr(c).isalnum()})
# Runs of non-ASCII characters: mostly-ASCII text is folded run by run.
_NON_ASCII_RUN_RE: Final = re.compile(r"([^\x00-\x7f]+)")
# Runs of characters a translation table below may change: none of the tables
# maps printable ASCII (a test checks it), so only these are translated.
_TRANSLATABLE_RUN_RE: Final = re.compile(r"[^\x20-\x7e]+")

# Look-alikes of Latin letters, mapped *before* case folding so that a Greek
# capital Nu (looks like N) and a small nu (looks like v) each go to the letter
# they imitate. A deliberately small, common set (Cyrillic, Greek, Armenian, IPA).
_HOMOGLYPHS_CASED: Final[dict[str, str]] = {
    # Cyrillic capitals
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "Х": "X", "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S", "Ԛ": "Q",
    "Ԝ": "W", "Ӏ": "I",
    # Cyrillic small
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i",
    "ј": "j", "ѕ": "s", "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l", "ɡ": "g",
    "ь": "b", "ѵ": "v", "ү": "y", "ꙇ": "i",
    # Greek capitals
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    # Greek small
    "α": "a", "ο": "o", "ρ": "p", "ι": "i", "κ": "k", "ν": "v", "υ": "u", "χ": "x",
    "ϲ": "c", "ϳ": "j", "ε": "e", "τ": "t",
    # Armenian and Latin IPA look-alikes
    "օ": "o", "ս": "u", "ց": "g", "ɑ": "a", "ı": "i", "ȷ": "j",
}  # fmt: skip
_HOMOGLYPH_TABLE: Final = str.maketrans(_HOMOGLYPHS_CASED)
# Case folding can turn an unmapped capital into a mapped small letter, so the
# small-letter part of the table is applied once more afterwards.
_HOMOGLYPH_SMALL_TABLE: Final = str.maketrans(
    {k: v for k, v in _HOMOGLYPHS_CASED.items() if v.islower()}
)


def _translate(text: str, table: Mapping[int, str | None]) -> str:
    """``text.translate(table)`` for the tables above, translating only the runs they can change.

    ``str.translate`` with a dict costs about 0.1 µs a character on non-ASCII
    text; a bio with one "£" in it paid that for every character.
    """
    return _TRANSLATABLE_RUN_RE.sub(lambda run: run.group().translate(table), text)


def _fold_separators(text: str) -> str:
    """Every non-alphanumeric character replaced by a space (``_SEPARATOR_RE``), run by run."""
    parts = _NON_ASCII_RUN_RE.split(text)  # ASCII, non-ASCII, ASCII, ...
    parts[0::2] = [part.translate(_ASCII_SEPARATORS) for part in parts[0::2]]
    parts[1::2] = [_SEPARATOR_RE.sub(" ", part) for part in parts[1::2]]
    return "".join(parts)


def _normalize_once(text: str) -> str:
    text = _translate(unicodedata.normalize("NFKC", text), _DROP_TABLE)
    text = _translate(_translate(text, _HOMOGLYPH_TABLE).casefold(), _HOMOGLYPH_SMALL_TABLE)
    text = _translate(unicodedata.normalize("NFKC", text), _DROP_TABLE)
    return " ".join(_fold_separators(text).split())


def _normalize_words(text: str) -> str:
    if text.isascii():
        # Same result as the general path (tested), which is a no-op on ASCII
        # but for case and separators.
        return " ".join(text.lower().translate(_ASCII_SEPARATORS).split())
    return _normalize_general(text)


def _normalize_general(text: str) -> str:
    # One pass is a fixed point for practically all text; the loop makes
    # idempotence hold for the rare sequences where NFKC and case folding
    # interact (e.g. a folded letter that NFKC then composes differently).
    for _ in range(4):
        again = _normalize_once(text)
        if again == text:
            break
        if again.isascii():  # what is left to do is the ASCII path's (NFKC can leave capitals)
            return _normalize_words(again)
        text = again
    return text


def normalize(text: str, *, mask: Sequence[str] = ()) -> str:
    """Normalise text so that disguised copies compare equal to their original.

    Steps: Unicode NFKC; zero-width, format and control characters and stray
    combining marks removed; common homoglyphs (Cyrillic, Greek, Armenian
    look-alikes) mapped to the Latin letters they imitate; case folded;
    punctuation and whitespace folded to single spaces; each ``mask`` string
    (normalised the same way and matched on whole words, longest first)
    replaced by :data:`NAME_PLACEHOLDER`, because a copier changes the name.

    Parameters
    ----------
    text : str
        Any text.
    mask : sequence of str
        Strings to mask, typically the profile's full name and its parts.

    Returns
    -------
    str
        Lower-case words separated by single spaces; idempotent
        (``normalize(normalize(t)) == normalize(t)``).

    Examples
    --------
    >>> normalize("Rеsults-driven\\u200b  LEADER!")  # Cyrillic е, zero-width space
    'results driven leader'
    >>> normalize("I am Dana Whitfield; Dana loves data.", mask=["Dana Whitfield", "Dana"])
    'i am qqnameqq qqnameqq loves data'
    """
    return _mask_words(_normalize_words(text), mask)


def _mask_words(words: str, mask: Sequence[str]) -> str:
    """The masking step of :func:`normalize`, on text it has already normalised."""
    if not mask or not words:
        return words
    # Whole-word matching on the tokens, longest mask first at each position:
    # what a regex alternation would do, without compiling a pattern per name.
    phrases, starts = _mask_phrases(tuple(mask))
    if not phrases:
        return words
    tokens = words.split(" ")
    if starts.isdisjoint(tokens):  # the usual case: the text does not name its author
        return words
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if tokens[i] in starts:
            for phrase in phrases:
                if tuple(tokens[i : i + len(phrase)]) == phrase:
                    out.append(NAME_PLACEHOLDER)
                    i += len(phrase)
                    break
            else:
                out.append(tokens[i])
                i += 1
        else:
            out.append(tokens[i])
            i += 1
    return " ".join(out)


@lru_cache(maxsize=256)
def _mask_phrases(
    mask: tuple[str, ...],
) -> tuple[tuple[tuple[str, ...], ...], frozenset[str]]:
    """The mask strings normalised into word tuples, longest first, and their first words.

    Cached: one profile's texts are normalised several times with its one mask.
    """
    masks = sorted({m for m in (_normalize_words(s) for s in mask) if m}, key=len, reverse=True)
    phrases = tuple(tuple(m.split(" ")) for m in masks)
    return phrases, frozenset(p[0] for p in phrases)


def profile_texts(profile: Profile) -> dict[str, str]:
    """The profile's text fields, raw, keyed by field name (only non-empty ones).

    ``experience`` is the descriptions of all positions joined by newlines.

    Examples
    --------
    >>> from fakeprofile import parse_profile
    >>> profile_texts(parse_profile({"id": "p", "headline": "Recruiter", "about": " "}))
    {'headline': 'Recruiter'}
    """
    out: dict[str, str] = {}
    if profile.headline and profile.headline.strip():
        out["headline"] = profile.headline
    if profile.about and profile.about.strip():
        out["about"] = profile.about
    descriptions = [
        e.description for e in (profile.experience or ()) if e.description and e.description.strip()
    ]
    if descriptions:
        out["experience"] = "\n".join(descriptions)
    return out


def name_mask(profile: Profile) -> tuple[str, ...]:
    """The strings to mask in ``profile``'s texts: its full name and each name part."""
    if not profile.name or not profile.name.strip():
        return ()
    parts = [p for p in profile.name.split() if len(p) > 1]
    return (profile.name, *parts)


# --------------------------------------------------------------------------- #
# Signatures
# --------------------------------------------------------------------------- #

#: Number of MinHash values (permutations) behind a signature.
SIGNATURE_SIZE: Final[int] = 256
#: Bits kept of each value for verification (b-bit MinHash). Two different
#: minima agree by chance 1 time in 16, which :meth:`TextSignature.similarity`
#: corrects for; per byte of memory, 256 four-bit values estimate Jaccard more
#: precisely than 128 eight-bit ones (standard error 0.033 against 0.043 at
#: J = 0.4), which is what separates edited copies from unrelated texts.
SIGNATURE_BITS: Final[int] = 4
#: Bytes of packed verification values (two 4-bit values a byte).
VALUES_BYTES: Final[int] = SIGNATURE_SIZE * SIGNATURE_BITS // 8
#: LSH band keys carried by a signature: each packs ``BAND_ROWS`` *full*
#: 64-bit MinHash values into 32 bits, so bands are as selective as plain MinHash.
SIGNATURE_BANDS: Final[int] = 40
BAND_ROWS: Final[int] = 4
#: Fewer distinct content words than this and a text is too short to tell a
#: copy from a coincidence (e.g. "Software engineer at Google").
MIN_WORDS: Final[int] = 6
_FORMAT_VERSION: Final[int] = 1

# Function words carry no evidence of copying but make unrelated texts look
# alike, so the shingles are the *content* words (a set, so order and
# repetition don't matter). Measured on generated bios: dropping them raised
# the gap between 30%-edited copies and unrelated bios (benchmarks/README.md).
STOPWORDS: Final[frozenset[str]] = frozenset(
    (
        "a", "an", "and", "the", "of", "in", "at", "to", "for", "with", "on", "by", "or", "as",
        "i", "my", "me", "is", "am", "are", "be", "was", "were", "have", "has", "had", "from",
        "this", "that", "it", "its", "you", "your", "our", "we", "us", "into", "over", "about",
        "so", "but", "not", "also", "all", "any", "can", "will", "just", "their", "they", "them",
        "he", "she", "his", "her", "who", "which", "what", "when", "where", "how", "than", "then",
        "there", "here", "more", "most", "very", "s",
    )
)  # fmt: skip

_MASK64: Final = (1 << 64) - 1


def _seeded_constants(count: int, seed: int) -> npt.NDArray[np.uint64]:
    # splitmix64 sequence: fixed forever, so stored signatures stay comparable.
    out = np.empty(count, dtype=np.uint64)
    state = seed
    for i in range(count):
        state = (state + 0x9E3779B97F4A7C15) & _MASK64
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK64
        out[i] = z ^ (z >> 31)
    return out


# Multiply-add permutations of the 64-bit word hashes (odd multipliers make
# each a bijection mod 2**64); word hashes are mixed first, so high bits order
# them like a random permutation would.
_MULT: Final = _seeded_constants(SIGNATURE_SIZE, 0x5EED0001) | np.uint64(1)
_ADD: Final = _seeded_constants(SIGNATURE_SIZE, 0x5EED0002)
_FINAL_MULT: Final = np.uint64(0x9E3779B97F4A7C15)


def _word_hashes(words: Iterable[str]) -> npt.NDArray[np.uint64]:
    """64-bit hashes of ``words``: CRC-32 of the UTF-8 bytes through the splitmix64 finaliser.

    One ``encode`` of the joined words and a ``split`` is cheaper than
    encoding word by word (measured: 7 µs for 70 words against 16 µs).
    """
    data = "\n".join(words).encode("utf-8")
    z = np.array([zlib.crc32(w) for w in data.split(b"\n")], dtype=np.uint64)
    z *= np.uint64(0xBF58476D1CE4E5B9)
    z ^= z >> np.uint64(29)
    z *= np.uint64(0x94D049BB133111EB)
    z ^= z >> np.uint64(32)
    return z


def _content_set(text: str, mask: Sequence[str]) -> set[str]:
    return _content_of(normalize(text, mask=mask))


def _content_of(words: str) -> set[str]:
    """The content words of normalised text."""
    return {w for w in words.split() if w not in STOPWORDS}


def content_words(text: str, *, mask: Sequence[str] = ()) -> list[str]:
    """The distinct content words of ``text`` after :func:`normalize`, sorted.

    This is the set a :class:`TextSignature` summarises.
    """
    return sorted(_content_set(text, mask))


@dataclass(frozen=True, slots=True)
class TextSignature:
    """A compact near-duplicate signature of a text.

    ``values`` holds :data:`SIGNATURE_SIZE` 4-bit MinHash values (packed, 128
    bytes) used to estimate similarity; ``bands`` holds
    :data:`SIGNATURE_BANDS` 32-bit LSH band keys (little-endian, 160 bytes)
    used to find candidates. Immutable and hashable; compare two with
    :meth:`similarity`, store with :meth:`to_bytes` and read back with
    :meth:`from_bytes`.

    Examples
    --------
    >>> a = text_signature("Results-driven recruiter passionate about building great teams")
    >>> b = text_signature("RESULTS-DRIVEN recruiter, passionate about building great teams!")
    >>> a == b, a.similarity(b)
    (True, 1.0)
    >>> TextSignature.from_bytes(a.to_bytes()) == a
    True
    """

    values: bytes
    bands: bytes

    def __post_init__(self) -> None:
        if len(self.values) != VALUES_BYTES:
            raise IndexFormatError(
                f"text signature values: expected {VALUES_BYTES} bytes, got {len(self.values)}"
            )
        if len(self.bands) != 4 * SIGNATURE_BANDS:
            raise IndexFormatError(
                f"text signature bands: expected {4 * SIGNATURE_BANDS} bytes, got {len(self.bands)}"
            )

    @property
    def array(self) -> npt.NDArray[np.uint8]:
        """The packed 4-bit values as a read-only ``uint8`` array."""
        return np.frombuffer(self.values, dtype=np.uint8)

    @property
    def band_keys(self) -> npt.NDArray[np.uint32]:
        """The LSH band keys as a read-only ``uint32`` array."""
        return np.frombuffer(self.bands, dtype="<u4")

    def to_bytes(self) -> bytes:
        """A stable binary form: one format-version byte, the values, the band keys."""
        return bytes((_FORMAT_VERSION,)) + self.values + self.bands

    @classmethod
    def from_bytes(cls, data: bytes) -> TextSignature:
        """Parse :meth:`to_bytes` output.

        Raises
        ------
        IndexFormatError
            If ``data`` has the wrong length or format version.
        """
        if len(data) != SIGNATURE_BYTES:
            raise IndexFormatError(
                f"text signature: expected {SIGNATURE_BYTES} bytes, got {len(data)}"
            )
        if data[0] != _FORMAT_VERSION:
            raise IndexFormatError(
                f"text signature: format version {data[0]} is not supported "
                f"(this version reads {_FORMAT_VERSION})"
            )
        return cls(bytes(data[1 : 1 + VALUES_BYTES]), bytes(data[1 + VALUES_BYTES :]))

    def similarity(self, other: TextSignature) -> float:
        """Estimated Jaccard similarity of the two texts' content-word sets, in [0, 1]."""
        agree = int(EQUAL_NIBBLES[self.array ^ other.array].sum())
        return agreement_to_similarity(agree)

    def __repr__(self) -> str:
        return f"TextSignature({self.values[:8].hex()}…)"


def signature_arrays(
    blobs: Sequence[bytes],
) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.uint32]]:
    """Many :meth:`TextSignature.to_bytes` blobs parsed at once: (values, band keys) arrays.

    Raises
    ------
    IndexFormatError
        Naming the first blob with the wrong length or format version.
    """
    for i, blob in enumerate(blobs):
        if len(blob) != SIGNATURE_BYTES:
            raise IndexFormatError(
                f"text signature {i}: expected {SIGNATURE_BYTES} bytes, got {len(blob)}"
            )
    table = np.frombuffer(b"".join(blobs), dtype=np.uint8).reshape(len(blobs), SIGNATURE_BYTES)
    wrong = np.flatnonzero(table[:, 0] != _FORMAT_VERSION)
    if wrong.size:
        raise IndexFormatError(
            f"text signature {int(wrong[0])}: format version {int(table[wrong[0], 0])} is not "
            f"supported (this version reads {_FORMAT_VERSION})"
        )
    values = np.ascontiguousarray(table[:, 1 : 1 + VALUES_BYTES])
    bands = np.ascontiguousarray(table[:, 1 + VALUES_BYTES :]).view("<u4").astype(np.uint32)
    return values, bands


#: Length of :meth:`TextSignature.to_bytes`.
SIGNATURE_BYTES: Final[int] = 1 + VALUES_BYTES + 4 * SIGNATURE_BANDS
#: For each byte ``a ^ b`` of two packed signatures: how many of its two 4-bit
#: values agree (0, 1 or 2).
EQUAL_NIBBLES: Final[npt.NDArray[np.uint8]] = np.array(
    [((v & 0x0F) == 0) + ((v >> 4) == 0) for v in range(256)], dtype=np.uint8
)
_CHANCE: Final[float] = 1.0 / (1 << SIGNATURE_BITS)


def agreement_to_similarity(agree: int | float) -> float:
    """Estimated Jaccard from how many of the :data:`SIGNATURE_SIZE` values agree.

    b-bit MinHash: P(values agree) = J + (1 - J) / 2**b, solved for J and
    clipped to [0, 1].
    """
    p = agree / SIGNATURE_SIZE
    return min(1.0, max(0.0, (p - _CHANCE) / (1.0 - _CHANCE)))


_BAND_MULT: Final = _seeded_constants(BAND_ROWS, 0x5EED0003) | np.uint64(1)


def signature_of_words(words: Collection[str]) -> TextSignature | None:
    """The signature of a set of (already normalised) words; ``None`` below :data:`MIN_WORDS`."""
    return signatures_of_word_sets([words])[0]


def signatures_of_word_sets(
    word_sets: Sequence[Collection[str]],
) -> list[TextSignature | None]:
    """:func:`signature_of_words` for many sets at once (one compiled pass over all their words)."""
    out: list[TextSignature | None] = [None] * len(word_sets)
    todo = [i for i, words in enumerate(word_sets) if len(words) >= MIN_WORDS]
    if not todo:
        return out
    values, keys = minhash(
        _word_hashes([w for i in todo for w in word_sets[i]]),
        np.array([len(word_sets[i]) for i in todo], dtype=np.int64),
        _MULT,
        _ADD,
        _FINAL_MULT,
        SIGNATURE_BITS,
        _BAND_MULT,
        SIGNATURE_BANDS,
    )
    keys = keys.astype("<u4", copy=False)
    for j, i in enumerate(todo):
        out[i] = TextSignature(values[j].tobytes(), keys[j].tobytes())
    return out


def text_signature(text: str, *, mask: Sequence[str] = ()) -> TextSignature | None:
    """The near-duplicate signature of ``text``, or ``None`` if it is too short to compare.

    A b-bit MinHash (:data:`SIGNATURE_SIZE` values of :data:`SIGNATURE_BITS`
    bits, plus :data:`SIGNATURE_BANDS` LSH band keys) of the set of content
    words of ``normalize(text, mask=mask)``:
    :data:`STOPWORDS` dropped, order and repetition ignored. Deterministic
    across processes and machines.

    Parameters
    ----------
    text : str
        Any text.
    mask : sequence of str
        Strings to mask first (the profile's name and its parts).

    Returns
    -------
    TextSignature or None
        ``None`` when fewer than :data:`MIN_WORDS` distinct content words remain.
    """
    return signature_of_words(_content_set(text, mask))


# --------------------------------------------------------------------------- #
# Boilerplate
# --------------------------------------------------------------------------- #

#: Stock phrases of generic, filler profile text, normalised. Each found in a
#: text counts; :func:`boilerplate_score` saturates at four. A small list on
#: purpose: phrases so common in fakes and templates that one alone says
#: little, several together say "filler".
BOILERPLATE_PHRASES: Final[tuple[str, ...]] = (
    "results driven",
    "passionate about",
    "team player",
    "proven track record",
    "self motivated",
    "highly motivated",
    "detail oriented",
    "think outside the box",
    "go getter",
    "hard working",
    "dynamic professional",
    "seasoned professional",
    "strong work ethic",
    "excellent communication skills",
    "fast paced environment",
    "dedicated professional",
    "open to new opportunities",
    "always eager to learn",
    "synergy",
    "thought leader",
)
_BOILERPLATE_SATURATION: Final[int] = 4
_BOILERPLATE_RE: Final = re.compile(
    r"(?<!\S)(?:" + "|".join(re.escape(p) for p in BOILERPLATE_PHRASES) + r")(?!\S)"
)


def boilerplate_score(text: str) -> tuple[float, list[str]]:
    """How much of ``text`` is generic boilerplate: 0 (none) to 1 (four or more stock phrases).

    Returns the score and the distinct :data:`BOILERPLATE_PHRASES` found, in order.

    Examples
    --------
    >>> boilerplate_score("Results-driven team player, passionate about growth.")
    (0.75, ['results driven', 'team player', 'passionate about'])
    """
    return _boilerplate_in(normalize(text))


def _boilerplate_in(words: str) -> tuple[float, list[str]]:
    """:func:`boilerplate_score` of text :func:`normalize` has already normalised."""
    found = list(dict.fromkeys(_BOILERPLATE_RE.findall(words)))
    return min(1.0, len(found) / _BOILERPLATE_SATURATION), found


# --------------------------------------------------------------------------- #
# The signal
# --------------------------------------------------------------------------- #


@dataclass(frozen=True, slots=True)
class TextMatch:
    """One profile in the index whose text nearly matches one of ours.

    Parameters
    ----------
    profile_id : str
        The matching profile.
    field : str
        The field of the matching profile's text (one of :data:`TEXT_FIELDS`).
    similarity : float
        Estimated Jaccard similarity of the two texts' content words, in [0, 1].
    created_at : date, optional
        When the matching account was created, if known.
    """

    profile_id: str
    field: str
    similarity: float
    created_at: dt.date | None = None


class TextIndex(Protocol):
    """What :class:`TextSignal` needs from a reference index."""

    def text_matches(
        self, profile_id: str, field: str, signature: TextSignature
    ) -> Sequence[TextMatch]:
        """Profiles (other than ``profile_id``) with text near-identical to ``signature``."""
        ...


#: The copy features state one fact (who else has this text): one reason says it.
_COPY: Final[str] = "text_copy_count"
#: The field in a profile's own words. Job descriptions are looked up apart (staff
#: paste their company's blurb there), and headlines not at all: "Staff Nurse at
#: Harbour Infirmary" is shared by every staff nurse there.
_OWN_FIELDS: Final[tuple[str, ...]] = ("about",)
#: The fields looked up in the index.
_LOOKED_UP: Final[tuple[str, ...]] = ("about", "experience")
_FEATURES: Final[tuple[Feature, ...]] = (
    Feature("text_copy_count", "text",
            "Other profiles in the index sharing near-identical text with this profile's own "
            "words (its about text; a headline is a job title many share), not counting "
            "profiles known to be newer (they "
            "copied it, if anyone did); nan without an index or without such text (each "
            "field's look-up counts at most the 50 most similar; of a stock text shared by "
            "very many profiles, it reads the first 256 indexed).",
            0.0, math.inf, missing_ok=True, fact=_COPY),
    Feature("text_copy_max_similarity", "text",
            "Highest estimated similarity (Jaccard of content words) of a matching text; "
            "0 when there is no match.", missing_ok=True, fact=_COPY),
    Feature("text_copy_older_count", "text",
            "Matching profiles whose account is older than this one (the likely originals).",
            0.0, math.inf, missing_ok=True, fact=_COPY),
    Feature("text_description_copy_older_count", "text",
            "Older profiles sharing one of this profile's job descriptions. Weaker than a "
            "copied about text: a company's blurb is often pasted by its staff. nan without "
            "an index or without job descriptions.", 0.0, math.inf, missing_ok=True),
    Feature("text_internal_duplication", "text",
            "Highest similarity between two of this profile's own texts (headline, about, "
            "each experience description) when it reaches the threshold at which they count "
            "as the same text pasted twice, else 0; nan with fewer than two texts.",
            missing_ok=True),
    Feature("text_boilerplate", "text",
            "Share of generic stock phrases ('results-driven', 'team player'...), "
            "0 none to 1 four or more; nan without any text.", missing_ok=True),
)  # fmt: skip

#: Similarity from which two of a profile's own texts count as the same text.
INTERNAL_DUPLICATE_THRESHOLD: Final[float] = 0.8


#: How a text field is named in sentences.
_FIELD_WORDS: Final[dict[str, str]] = {
    "headline": "headline",
    "about": "about text",
    "experience": "job descriptions",
}


def _alike(similarity: float) -> str:
    """How alike two texts are, in words (estimated share of content words in common)."""
    if similarity >= 0.9:
        return "is word for word the same as"
    if similarity >= 0.7:
        return "is nearly the same as"
    return "closely copies"


def _years_between(older: dt.date, newer: dt.date) -> int:
    years = newer.year - older.year
    if (newer.month, newer.day) < (older.month, older.day):
        years -= 1
    return years


def _pieces(profile: Profile) -> list[tuple[str, str]]:
    """The profile's texts one by one: headline, about, each position's description."""
    pieces: list[tuple[str, str]] = []
    if profile.headline:
        pieces.append(("headline", profile.headline))
    if profile.about:
        pieces.append(("about", profile.about))
    for i, e in enumerate(profile.experience or ()):
        if e.description:
            pieces.append((f"experience.{i}.description", e.description))
    return pieces


def _profile_words(
    profile: Profile,
) -> tuple[dict[str, str], dict[str, set[str]], dict[str, set[str]], str]:
    """What the text signal reads of ``profile``, each text normalised once.

    Returns :func:`profile_texts`; the content words (name masked) of each
    of :func:`_pieces` and of each field, as :func:`text_signature` takes
    them; and all the texts joined and normalised, unmasked, as
    :func:`boilerplate_score` reads them. A field joining several pieces
    (experience) is their normalised words joined: newlines normalise to
    spaces, so that is the field normalised (tested).
    """
    texts = profile_texts(profile)
    mask = name_mask(profile)
    normalized = {where: _normalize_words(text) for where, text in _pieces(profile)}
    joined = {f: normalized[f] for f in texts if f in normalized}
    if "experience" in texts:
        joined["experience"] = " ".join(
            w for where, w in normalized.items() if where.startswith("experience.") and w
        )
    pieces = {where: _content_of(_mask_words(w, mask)) for where, w in normalized.items()}
    fields = {
        f: pieces[f] if f in pieces else _content_of(_mask_words(joined[f], mask)) for f in texts
    }
    return texts, pieces, fields, " ".join(w for w in joined.values() if w)


class TextSignal:
    """Copied, repeated and generic text: the ``text`` signal.

    Copy features need a reference index (``context.index`` with a
    ``text_matches(profile_id, field, signature)`` method); without one they
    are ``nan`` (unknown, so they add nothing). The profile's own name (and
    each part of it) is masked before signatures are computed, since a copier
    changes the name.
    """

    name = "text"
    features: Sequence[Feature] = _FEATURES

    def extract(self, profile: Profile, context: Context) -> SignalResult:
        """Compute every text feature of ``profile``; see :attr:`features`."""
        return self.extract_many([profile], [context])[0]

    def extract_many(
        self, profiles: Sequence[Profile], contexts: Sequence[Context]
    ) -> list[SignalResult]:
        """:meth:`extract` for a chunk of profiles: the index answers their look-ups together.

        An index with ``text_matches_many`` gets one call for the chunk; one
        with only ``text_matches``, a call per text.
        """
        signed = []
        fields: list[tuple[int, str]] = []
        word_sets: list[set[str]] = []
        for k, (profile, context) in enumerate(zip(profiles, contexts, strict=True)):
            texts, pieces, field_words, all_words = _profile_words(profile)
            if context.index is not None:  # signatures serve only the look-ups
                for f in texts:
                    if f not in _LOOKED_UP:
                        continue
                    fields.append((k, f))
                    word_sets.append(field_words[f])
            signed.append((texts, pieces, all_words, dict[str, TextSignature | None]()))
        # Every text of the chunk signed in one pass.
        for (k, f), sig in zip(fields, signatures_of_word_sets(word_sets), strict=True):
            signed[k][3][f] = sig
        found = self._look_up(profiles, contexts, [sigs for *_, sigs in signed])
        return [
            self._result(profile, texts, pieces, all_words, matches)
            for profile, (texts, pieces, all_words, _), matches in zip(
                profiles, signed, found, strict=True
            )
        ]

    @staticmethod
    def _look_up(
        profiles: Sequence[Profile],
        contexts: Sequence[Context],
        signatures: Sequence[dict[str, TextSignature | None]],
    ) -> list[dict[str, Sequence[TextMatch]] | None]:
        """Each profile's matches per text field (``None`` without an index)."""
        queries = [
            (i, field, sig)
            for i, sigs in enumerate(signatures)
            if contexts[i].index is not None
            for field in _LOOKED_UP
            if (sig := sigs.get(field)) is not None
        ]
        found: list[dict[str, Sequence[TextMatch]] | None] = [
            None if c.index is None else {} for c in contexts
        ]

        def one(index: TextIndex, query: tuple[str, str, TextSignature]) -> Sequence[TextMatch]:
            return index.text_matches(*query)

        answers = ask_index(
            contexts,
            [(i, (profiles[i].id, field, sig)) for i, field, sig in queries],
            "text_matches_many",
            one,
        )
        for (i, field, _), matches in zip(queries, answers, strict=True):
            table = found[i]
            assert table is not None  # only profiles with an index were queried
            table[field] = matches
        return found

    def _result(
        self,
        profile: Profile,
        texts: dict[str, str],
        pieces: dict[str, set[str]],
        all_words: str,
        found: dict[str, Sequence[TextMatch]] | None,
    ) -> SignalResult:
        values: dict[str, float] = {}
        evidence: dict[str, list[Evidence]] = {}
        facts: dict[str, Any] = {"fields": sorted(texts, key=TEXT_FIELDS.index)}
        for name in ("text_copy_count", "text_copy_max_similarity", "text_copy_older_count",
                     "text_description_copy_older_count"):  # fmt: skip
            values[name] = math.nan  # nothing looked up: unknown, not "no copy"
        if found is not None:
            self._copies(profile, texts, found, values, evidence, facts)

        values["text_internal_duplication"] = self._internal(pieces, evidence, facts)

        score, phrases = _boilerplate_in(all_words)  # boilerplate_score of all texts joined
        values["text_boilerplate"] = score if all_words else math.nan
        facts["boilerplate_phrases"] = phrases
        if phrases:
            evidence["text_boilerplate"] = [Evidence("boilerplate", {"phrases": phrases})]
        return SignalResult(values=values, evidence=evidence, facts=facts)

    @staticmethod
    def _copies(
        profile: Profile,
        texts: dict[str, str],
        found: dict[str, Sequence[TextMatch]],
        values: dict[str, float],
        evidence: dict[str, list[Evidence]],
        facts: dict[str, Any],
    ) -> None:
        matches: list[tuple[str, TextMatch]] = []
        own = profile.created_at
        for field in TEXT_FIELDS:
            for m in found.get(field, ()):
                # A newer profile with this text copied it from this one (or both
                # from a third): it says nothing against this profile.
                if m.profile_id != profile.id and not known_newer(m.created_at, own):
                    matches.append((field, m))
        matches.sort(key=lambda fm: (-fm[1].similarity, fm[1].profile_id, fm[0]))
        facts["created_at"] = own
        # Job descriptions apart: a company blurb pasted by its staff is common.
        described = [m for f, m in matches if f == "experience"]
        facts["description_matches"] = described
        if "experience" in texts and own is not None:  # "older" needs our own date
            prior = {m.profile_id for m in described if m.created_at and m.created_at < own}
            values["text_description_copy_older_count"] = float(len(prior))
        matches = [(f, m) for f, m in matches if f in _OWN_FIELDS]
        if not any(f in texts for f in _OWN_FIELDS):
            return
        others = {m.profile_id for _, m in matches}
        created = {m.profile_id: m.created_at for _, m in matches}
        older = {
            pid
            for pid, when in created.items()
            if when is not None and profile.created_at is not None and when < profile.created_at
        }
        values["text_copy_count"] = float(len(others))
        values["text_copy_max_similarity"] = max((m.similarity for _, m in matches), default=0.0)
        # Which came first is unknown without our own creation date.
        values["text_copy_older_count"] = float(len(older)) if own is not None else math.nan
        items = [
            Evidence(
                "text_match",
                {
                    "field": field,
                    "profile_id": m.profile_id,
                    "matched_field": m.field,
                    "similarity": round(m.similarity, 3),
                    "created_at": m.created_at.isoformat() if m.created_at else None,
                    "older": m.profile_id in older,
                },
            )
            for field, m in matches[:MAX_EVIDENCE]  # the closest (sorted above)
        ]
        for name in ("text_copy_count", "text_copy_max_similarity",
                     "text_copy_older_count"):  # fmt: skip
            if items:
                evidence[name] = items
        facts["matches"] = matches
        if described:
            evidence["text_description_copy_older_count"] = [
                Evidence("text_match", {"field": "experience", "profile_id": m.profile_id,
                                        "similarity": round(m.similarity, 3),
                                        "created_at": m.created_at.isoformat()
                                        if m.created_at else None})
                for m in described[:MAX_EVIDENCE]
            ]  # fmt: skip

    @staticmethod
    def _internal(
        pieces: dict[str, set[str]],
        evidence: dict[str, list[Evidence]],
        facts: dict[str, Any],
    ) -> float:
        # Each piece separately: the same description under two positions
        # is the tell, which the joined "experience" field would hide.
        words = [(where, w) for where, w in pieces.items() if w]
        if len(words) < 2:
            facts["internal_pairs"] = []
            return math.nan
        best = 0.0
        pairs: list[tuple[str, str, float]] = []
        for i in range(len(words)):
            for j in range(i + 1, len(words)):
                a, b = words[i][1], words[j][1]
                if not a or not b:
                    continue
                sim = len(a & b) / len(a | b)
                best = max(best, sim)
                if sim >= INTERNAL_DUPLICATE_THRESHOLD:
                    pairs.append((words[i][0], words[j][0], sim))
        facts["internal_pairs"] = pairs
        if pairs:
            evidence["text_internal_duplication"] = [
                Evidence("internal_duplicate", {"fields": [a, b], "similarity": round(s, 3)})
                for a, b, s in pairs
            ]
        # Below the threshold the texts are different texts: one value (0), one sentence.
        return best if pairs else 0.0

    def sentence(self, feature: str, result: SignalResult) -> str:
        """One plain sentence stating the fact behind ``feature``."""
        v = result.values
        f = result.facts
        matches: list[tuple[str, TextMatch]] = f.get("matches", [])
        if feature in ("text_copy_count", "text_copy_max_similarity", "text_copy_older_count"):
            if not matches:
                return "The about text matches no other known profile's text."
            field, best = matches[0]
            age = ""
            own: dt.date | None = f.get("created_at")
            if best.created_at is not None and own is not None:
                years = _years_between(best.created_at, own)
                if best.created_at < own:
                    age = (
                        f", whose account is {years} year{'s' if years != 1 else ''} older"
                        if years >= 1
                        else ", whose account is older"
                    )
            lead = (
                f"The {_FIELD_WORDS.get(field, field)} {_alike(best.similarity)} that of "
                f"profile {best.profile_id}{age}."
            )
            n = int(v["text_copy_count"])
            if n > 1:
                older_value = v["text_copy_older_count"]
                older = 0 if math.isnan(older_value) else int(older_value)
                lead += f" {n} other profiles share near-identical text"
                lead += f", {older} of them older." if older else "."
            return lead
        if feature == "text_description_copy_older_count":
            older = int(v[feature])
            if not older:
                return "No job description matches an older profile's text."
            own_date: dt.date | None = f.get("created_at")
            first = next(
                m for m in f["description_matches"]
                if m.created_at and own_date and m.created_at < own_date
            )  # fmt: skip
            lead = f"A job description {_alike(first.similarity)} one of profile {first.profile_id}"
            if older == 1:
                return f"{lead}, an older account."
            return f"{lead}; {older} older profiles share it."
        if feature == "text_internal_duplication":
            pairs = f.get("internal_pairs", [])
            if pairs:
                a, b, s = max(pairs, key=lambda p: p[2])
                return (
                    f"The profile repeats its own text: '{a}' and '{b}' are "
                    f"{round(s * 100)}% identical."
                )
            return "The profile's texts are all different from each other."
        if feature == "text_boilerplate":
            phrases = f.get("boilerplate_phrases", [])
            if phrases:
                quoted = ", ".join(f"'{p}'" for p in phrases)
                plural = "s" if len(phrases) != 1 else ""
                return f"The text uses {len(phrases)} stock phrase{plural}: {quoted}."
            return "The text uses none of the usual stock phrases."
        raise KeyError(f"feature: {feature!r} is not a text feature")
