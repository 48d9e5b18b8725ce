"""Text fingerprints: normalisation that undoes disguises, and MinHash signatures.

The pieces, in the order a profile goes through them:

1. :func:`profile_texts` picks the text fields (:data:`TEXT_FIELDS`).
2. :func:`normalize` makes a copy that was disguised look like its original:
   Unicode NFKC, homoglyphs mapped to Latin, case folded, invisible characters
   removed, punctuation and whitespace folded, the profile's own name masked.
   :func:`profile_words` does it once for all of a profile's texts.
3. :func:`text_signature` turns the normalised text, spaces removed, into a
   compact :class:`TextSignature`: a one-permutation MinHash of its byte
   8-grams (256 four-bit values), whose :meth:`~TextSignature.similarity`
   estimates the Jaccard similarity of two texts' 8-gram sets, plus 40 LSH
   band keys for :class:`fakeprofile.index.textsearch.TextSearch`. 8-grams
   rather than word sets: measured on generated bios, word sets could not tell
   a copy from two bios built of the same template sentences (every false match
   at 300,000 bios was such a pair), while 8-grams keep them apart and survive
   misspellings; the price is that heavily reworded copies (30% of words
   replaced) are no longer found (benchmarks/README.md, "Text").
4. A look-up (:class:`TextQuery`) in the reference index answers with
   :class:`TextMatch` es; the text signal (:mod:`fakeprofile.signals.text`)
   turns them into features, evidence and sentences.

Signatures are stored in SQLite and compared in later processes, so every hash
here is deterministic across processes and machines (CRC-32 and fixed 64-bit
constants; never Python's salted ``hash()``).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Final, NamedTuple

import numpy as np
import numpy.typing as npt

from .._kernels import byte_gram_minhash
from ..errors import IndexFormatError

if TYPE_CHECKING:
    from ..profile import Profile

__all__ = [
    "MIN_WORDS",
    "NAME_PLACEHOLDER",
    "SIGNATURE_BANDS",
    "SIGNATURE_BYTES",
    "SIGNATURE_SIZE",
    "SIMILARITY_BY_AGREEMENT",
    "TEXT_FIELDS",
    "ProfileWords",
    "TextMatch",
    "TextQuery",
    "TextSignature",
    "content_words",
    "fold_lookalikes",
    "min_agreement",
    "name_mask",
    "normalize",
    "profile_texts",
    "profile_words",
    "signatures_of_normalized",
    "text_queries",
    "text_signature",
]

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
# Combining marks: a copier can sprinkle them over letters, or write every
# accented letter as letter + mark, without changing how the text reads.
_MARK_RANGES: Final[tuple[tuple[int, int], ...]] = (
    (0x0300, 0x036F),
    (0x1AB0, 0x1AFF),
    (0x1DC0, 0x1DFF),
    (0x20D0, 0x20FF),
    (0xFE20, 0xFE2F),
)


_DROP_TABLE: Final = {
    cp: None for lo, hi in _INVISIBLE_RANGES + _MARK_RANGES for cp in range(lo, hi + 1)
} | {  # and every other combining mark (Mn; beyond U+1F000 only the ranges above hold any)
    cp: None for cp in range(0x0300, 0x1F000) if unicodedata.category(chr(cp)) == "Mn"
}
# Anything that is not a letter or digit (punctuation, symbols, whitespace,
# control characters, underscore) separates words.
_SEPARATOR_RE: Final = re.compile(r"[\W_]")  # one space per character: gaps keep their width
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


# Runs of two or more single letters or digits one space apart: "S e n i o r"
# (words spelt out letter by letter, a wider gap between words).
_SPACED_RE: Final = re.compile(r"(?<!\S)\w(?: \w(?!\S))+")
# Words mixing letters and digits ("S3n10r", "3ng1n33r"): leetspeak, whose
# digits stand for the letters they look like. Numbers alone ("2016") stay.
_MIXED_RE: Final = re.compile(r"\b(?:[^\W\d]+\d|\d+[^\W\d])\w*")
_LEET_DIGITS: Final = str.maketrans("0123456789", "oizeasgtbg")
# Quick tests on lower-case ASCII text for the two regexes above (whose scans
# cost several times what the rest of the ASCII path does): two single letters
# or digits in a row; a digit next to a letter, with letters read as "a" and
# digits as "0" ("0a" or "a0").
_SINGLES_RE: Final = re.compile(r" [a-z0-9] [a-z0-9] ")
_KIND_TABLE: Final = bytes.maketrans(b"abcdefghijklmnopqrstuvwxyz0123456789", b"a" * 26 + b"0" * 10)
# The two regexes above for text of lower-case ASCII letters, digits and spaces
# only, where ``\b`` says what the look-arounds say (and ASCII classes are
# quicker to match): the same matches on such text (tested).
_SPACED_ASCII_RE: Final = re.compile(r"\b\w(?: \w\b)+", re.ASCII)
_MIXED_ASCII_RE: Final = re.compile(r"\b(?:[a-z]+[0-9]|[0-9]+[a-z])[a-z0-9]*")


def _join_spaced(run: re.Match[str]) -> str:
    return run.group().replace(" ", "")


def _unleet(word: re.Match[str]) -> str:
    return word.group().translate(_LEET_DIGITS)


def _words_of(folded: str, ascii_only: bool = False) -> str:
    """Words of text whose separators are already spaces (one per character).

    Letters spelt out one by one are joined into words, first where the gaps
    between words are wider than those between letters, then any run left;
    leetspeak digits inside words become letters; spaces are folded.
    ``ascii_only`` says the text is lower-case ASCII (quicker tests apply).
    """
    words = " ".join(folded.split())
    if ascii_only:  # a run in ``folded`` is still one in ``words``
        if _SINGLES_RE.search(f" {words} ") is not None:
            words = " ".join(_SPACED_ASCII_RE.sub(_join_spaced, folded).split())
            words = _SPACED_ASCII_RE.sub(_join_spaced, words)
        if _has_mixed_ascii(words):  # checked after joining: that may make a mixed word
            words = _MIXED_ASCII_RE.sub(_unleet, words)
        return words
    words = " ".join(_SPACED_RE.sub(_join_spaced, folded).split())
    words = _SPACED_RE.sub(_join_spaced, words)
    return _MIXED_RE.sub(_unleet, words)


def _has_mixed_ascii(words: str) -> bool:
    """Whether lower-case ASCII ``words`` has a letter next to a digit (a possible leet word)."""
    kinds = words.encode().translate(_KIND_TABLE)
    return b"0a" in kinds or b"a0" in kinds


def fold_lookalikes(text: str) -> str:
    """NFKC, invisible characters and marks dropped, homoglyphs mapped, case and accents folded.

    What a reader would take for the same letters reads the same: the first step of
    :func:`normalize`, and how the message signal reads a link's host.
    """
    text = _translate(unicodedata.normalize("NFKC", text), _DROP_TABLE)
    text = _translate(_translate(text, _HOMOGLYPH_TABLE).casefold(), _HOMOGLYPH_SMALL_TABLE)
    # Accents folded: decomposed, every combining mark (Mn) dropped, recomposed
    # (Hangul). "é" and "e" + U+0301 both become "e".
    text = _translate(unicodedata.normalize("NFKD", text), _DROP_TABLE)
    return _translate(unicodedata.normalize("NFC", text), _DROP_TABLE)


def _simple_characters() -> dict[int, str]:
    """Common non-ASCII characters whose normal form is ASCII whatever surrounds them.

    Latin-1 and Latin Extended-A, general punctuation and currency signs that are
    neither invisible, nor marks, nor look-alikes, each with what the Unicode
    steps and separator folding make of it ("é" -> "e", "£" and "’" -> " ",
    "ß" -> "ss"), when that is lower-case ASCII. The tests check, for every
    one, that this holds next to any printable ASCII character and any other
    of them.
    """
    table: dict[int, str] = {}
    for block in (range(0xA0, 0x180), range(0x2010, 0x205F), range(0x20A0, 0x20C1)):
        for cp in block:
            c = chr(cp)
            if cp in _DROP_TABLE or cp in _HOMOGLYPH_TABLE or unicodedata.combining(c):
                continue
            image = _fold_separators(fold_lookalikes(c))
            if image and image.isascii() and image == image.lower():
                table[cp] = image
    return table


#: :func:`_simple_characters`: text of printable ASCII and these normalises as
#: the ASCII text they map it to does.
_SIMPLE_TABLE: Final = _simple_characters()


def _normalize_once(text: str) -> str:
    folded = _fold_separators(fold_lookalikes(text))
    # Folded to lower-case ASCII (the "£" of a bio was a separator, its "é" an
    # "e"): the quicker tests of the ASCII path apply.
    return _words_of(folded, ascii_only=folded.isascii() and folded == folded.lower())


def _normalize_words(text: str) -> str:
    if text.isascii():
        # Same result as the general path (tested), which is a no-op on ASCII
        # but for case, separators, spelt-out letters and leetspeak.
        return _words_of(text.lower().translate(_ASCII_SEPARATORS), ascii_only=True)
    mapped = _translate(text, _SIMPLE_TABLE)
    if mapped.isascii():
        # Only characters whose normal form does not depend on their neighbours
        # (a "£", an "é", a "’"): the general path's first pass gives the ASCII
        # path's words of ``mapped``, and its second changes nothing (tested).
        return _words_of(mapped.lower().translate(_ASCII_SEPARATORS), ascii_only=True)
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
    return _masked_tokens(tokens, phrases, starts)


def _masked_tokens(
    tokens: list[str], phrases: tuple[tuple[str, ...], ...], starts: frozenset[str]
) -> str:
    """The words ``tokens`` with each of ``phrases`` masked (``starts``: their first words)."""
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


def _masked_content(
    words: str, phrases: tuple[tuple[str, ...], ...], starts: frozenset[str]
) -> tuple[str, set[str]]:
    """``_mask_words`` of normalised ``words`` and the content words of the result."""
    tokens = words.split()
    if starts.isdisjoint(tokens):
        return words, set(tokens).difference(STOPWORDS)
    masked = _masked_tokens(tokens, phrases, starts)
    return masked, _content_of(masked)


@lru_cache(maxsize=256)
def _mask_phrases(
    mask: tuple[str, ...],
) -> tuple[tuple[tuple[str, ...], ...], frozenset[str]]:
    """The mask strings normalised into word tuples, longest first, and their first words.

    Cached: one profile's texts are normalised several times with its one mask.
    """
    masks = sorted({m for m in map(_normalized_name, mask) if m}, key=len, reverse=True)
    phrases = tuple(tuple(m.split(" ")) for m in masks)
    return phrases, frozenset(p[0] for p in phrases)


@lru_cache(maxsize=8192)
def _normalized_name(name: str) -> str:
    """``_normalize_words`` of a name or a part of one (a few thousand names are most names)."""
    return _normalize_words(name)


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
BAND_ROWS: Final[int] = 3
#: Fewer distinct content words than this and a text is too short to tell a
#: copy from a coincidence: "Software engineer at Google", or the stock lines
#: many genuine members write ("mostly here to keep up with the research crowd
#: tbh", 6 content words; "Not very active here but happy to connect", 4).
#: Such a text carries no identity, so it is never looked up as a copy.
MIN_WORDS: Final[int] = 10
_FORMAT_VERSION: Final[int] = 2

# Function words carry no evidence of copying: a text needs MIN_WORDS distinct
# *content* words to be compared at all (:func:`content_words`).
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


def _content_set(text: str, mask: Sequence[str]) -> set[str]:
    return _content_of(normalize(text, mask=mask))


def _content_of(words: str) -> set[str]:
    """The content words of normalised text."""
    return set(words.split()).difference(STOPWORDS)


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
    >>> bio = "Recruiter building fintech teams for startups in Leeds, Bristol and York since 2015"
    >>> a = text_signature(bio)
    >>> b = text_signature(bio.upper().replace(",", "") + "!")
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
        """Estimated Jaccard similarity of the two texts' byte 8-gram sets, in [0, 1]."""
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


#: :func:`agreement_to_similarity` of every count of agreeing values, 0 to
#: :data:`SIGNATURE_SIZE` (an array to index with counts).
SIMILARITY_BY_AGREEMENT: Final[npt.NDArray[np.float64]] = np.array(
    [agreement_to_similarity(a) for a in range(SIGNATURE_SIZE + 1)]
)


def min_agreement(threshold: float) -> int:
    """Fewest agreeing values whose estimated similarity reaches ``threshold``.

    >>> min_agreement(0.0), min_agreement(1.0) == SIGNATURE_SIZE
    (16, True)
    """
    agree = threshold + (1.0 - threshold) * _CHANCE
    return math.ceil(agree * SIGNATURE_SIZE - 1e-9)


_BAND_MULT: Final = _seeded_constants(BAND_ROWS, 0x5EED0003) | np.uint64(1)


def signatures_of_normalized(texts: Sequence[str]) -> list[TextSignature | None]:
    """:func:`text_signature` of texts already normalised (and masked), in one compiled pass.

    ``None`` for each text with fewer than :data:`MIN_WORDS` distinct content words.
    """
    out: list[TextSignature | None] = [None] * len(texts)
    todo = [i for i, text in enumerate(texts) if len(_content_of(text)) >= MIN_WORDS]
    if not todo:
        return out
    # Spaces dropped: spelt-out letters, split or run-together words read the same.
    blobs = [texts[i].replace(" ", "").encode("utf-8") for i in todo]
    offsets = np.zeros(len(blobs) + 1, dtype=np.int64)
    np.cumsum([len(blob) for blob in blobs], out=offsets[1:])
    values = np.empty((len(todo), VALUES_BYTES), dtype=np.uint8)
    keys = np.empty((len(todo), SIGNATURE_BANDS), dtype=np.uint32)
    data = np.frombuffer(b"".join(blobs), dtype=np.uint8)
    byte_gram_minhash(data, offsets, _BAND_MULT, SIGNATURE_BANDS, values, keys)
    keys = keys.astype("<u4", copy=False)
    for j, i in enumerate(todo):
        out[i] = TextSignature(values[j].tobytes(), keys[j].tobytes())
    return out


def text_signature(text: str, *, mask: Sequence[str] = ()) -> TextSignature | None:
    """The near-duplicate signature of ``text``, or ``None`` if it is too short to compare.

    A one-permutation b-bit MinHash (:data:`SIGNATURE_SIZE` values of
    :data:`SIGNATURE_BITS` bits, plus :data:`SIGNATURE_BANDS` LSH band keys of
    :data:`BAND_ROWS` values each) of the set of byte 8-grams of
    ``normalize(text, mask=mask)`` with its spaces removed. Deterministic
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
        ``None`` when fewer than :data:`MIN_WORDS` distinct content words
        (:func:`content_words`) remain.
    """
    return signatures_of_normalized([normalize(text, mask=mask)])[0]


def profile_pieces(profile: Profile) -> list[tuple[str, str]]:
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


class ProfileWords(NamedTuple):
    """A profile's texts, each normalised once (:func:`profile_words`)."""

    #: :func:`profile_texts`: the raw text of each non-empty field.
    texts: dict[str, str]
    #: The content words (name masked) of each of :func:`profile_pieces`.
    pieces: dict[str, set[str]]
    #: Each field normalised, name masked: ``normalize(texts[f], mask=name_mask(profile))``.
    fields: dict[str, str]
    #: Each field normalised, unmasked, joined by spaces (as boilerplate is looked for).
    joined: str


def profile_words(profile: Profile) -> ProfileWords:
    """What is compared of ``profile``'s texts, each text normalised once.

    A field joining several pieces (experience) is normalised whole, and
    :func:`signatures_of_normalized` of ``fields[f]`` is :func:`text_signature`
    of ``profile_texts(profile)[f]`` (name masked).
    """
    texts = profile_texts(profile)
    mask = name_mask(profile)
    raw = profile_pieces(profile)
    normalized = {where: _normalize_words(text) for where, text in raw}
    phrases, starts = _mask_phrases(mask)
    masked: dict[str, str] = {}
    pieces: dict[str, set[str]] = {}
    for where, w in normalized.items():
        masked[where], pieces[where] = _masked_content(w, phrases, starts)
    # A field of one piece is that piece normalised (and masked).
    joined = {f: normalized[f] for f in texts if f in normalized}
    fields = {f: masked[f] for f in texts if f in masked}
    if "experience" in texts:
        described = [
            (where, w) for where, w in normalized.items() if w and where.startswith("experience.")
        ]
        if len(described) > 1:
            # Several descriptions: normalised joined, as letters spelt out across
            # the line break join up there (the pieces' words when none can).
            words = _joined_words(
                texts["experience"],
                [text for where, text in raw if where.startswith("experience.")],
                [w for _, w in described],
            )
            joined["experience"] = words
            fields["experience"] = _mask_words(words, mask)
        else:
            joined["experience"] = described[0][1] if described else ""
            fields["experience"] = masked[described[0][0]] if described else ""
    fields = {f: fields[f] for f in texts}  # in the order of the texts
    return ProfileWords(texts, pieces, fields, " ".join(w for w in joined.values() if w))


def _joined_words(text: str, pieces: Sequence[str], words: Sequence[str]) -> str:
    """``_normalize_words(text)``, where ``text`` joins ``pieces`` and ``words`` are theirs.

    ``words`` are the non-empty ``_normalize_words`` of ``pieces``, in order.
    For ASCII pieces (or pieces whose other characters are all in
    :data:`_SIMPLE_TABLE`) where no two single letters or digits meet across a
    line break, normalising the whole text changes nothing the pieces did not:
    it is their words, joined (tested against normalising whole).
    """
    # Characters of _SIMPLE_TABLE read as what they map to (as _normalize_words does).
    mapped = [piece if piece.isascii() else _translate(piece, _SIMPLE_TABLE) for piece in pieces]
    if not all(piece.isascii() for piece in mapped):
        return _normalize_words(text)
    last_single = False
    for piece in mapped:
        tokens = piece.lower().translate(_ASCII_SEPARATORS).split()
        if not tokens:
            continue
        if last_single and len(tokens[0]) == 1:
            return _normalize_words(text)
        last_single = len(tokens[-1]) == 1
    return " ".join(words)


def text_queries(profile: Profile, *, fields: Collection[str] = TEXT_FIELDS) -> list[TextQuery]:
    """The look-ups of ``profile``'s texts: one per field in ``fields`` that can be signed."""
    words = profile_words(profile).fields
    wanted = [f for f in TEXT_FIELDS if f in fields and f in words]
    signed = signatures_of_normalized([words[f] for f in wanted])
    return [TextQuery(profile.id, f, sig) for f, sig in zip(wanted, signed, strict=True) if sig]


# --------------------------------------------------------------------------- #
# Look-ups
# --------------------------------------------------------------------------- #


class TextQuery(NamedTuple):
    """One text look-up: whose text (excluded from its own matches), which field, its signature."""

    profile_id: str | None
    field: str
    signature: TextSignature


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
        Estimated Jaccard similarity of the two texts (their byte 8-grams), in [0, 1].
    created_at : date, optional
        When the matching account was created, if known.
    """

    profile_id: str
    field: str
    similarity: float
    created_at: dt.date | None = None
