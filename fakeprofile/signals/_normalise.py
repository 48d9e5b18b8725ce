"""Small text helpers shared by the behaviour signals (activity, account, message).

Kept private and dependency-free on purpose: the text signal (copy detection)
has its own, heavier normalisation; these only need to compare short phrases.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["fold", "tokens"]

# Typographic apostrophes become ASCII so that contractions expand the same way.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})

# Contractions are expanded before punctuation is dropped, so "I'd like" and
# "I would like" produce the same tokens (a common rewording of canned openers).
_CONTRACTIONS = (
    (re.compile(r"\b(i|you|we|they|he|she)'d\b"), r"\1 would"),
    (re.compile(r"\b(i|you|we|they)'ve\b"), r"\1 have"),
    (re.compile(r"\b(i|you|we|they|he|she|it|that)'ll\b"), r"\1 will"),
    (re.compile(r"\bi'm\b"), "i am"),
    (re.compile(r"\b(you|we|they)'re\b"), r"\1 are"),
    (re.compile(r"\blet's\b"), "let us"),
    (re.compile(r"\b(it|that|there|he|she)'s\b"), r"\1 is"),
    (re.compile(r"\bcan't\b"), "cannot"),
    (re.compile(r"\b(do|does|did|is|are|was|were|would|could|should|have|has)n't\b"), r"\1 not"),
)

# Anything that is not a letter or a digit separates words; emoji and
# punctuation vanish. ``_`` counts as a separator, unlike in ``\w``.
_NON_WORD = re.compile(r"[\W_]+")


def _separator(run: re.Match[str]) -> str:
    """A run of non-word characters as a word gap, keeping the combining marks that end a word.

    A word character in a regular expression is not a combining mark (category M), though
    marks are part of words in Thai, Devanagari and other scripts: splitting there made
    "สวัสดี" the two fragments "สว" and "สด".
    """
    chars = run.group()
    kept = 0  # the marks that close the word before the gap (none at the very start)
    while run.start() and kept < len(chars) and unicodedata.category(chars[kept])[0] == "M":
        kept += 1
    return chars[:kept] + (" " if kept < len(chars) else "")


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Case-fold, NFKC-normalise, expand contractions and reduce to space-separated words.

    Cached: comments and messages are short and often canned ("Great post!"),
    so the same texts come back profile after profile.

    Examples
    --------
    >>> fold("I'd like to add YOU… 🙂")
    'i would like to add you'
    >>> fold("🔥🔥")
    ''
    >>> fold("สวัสดี ครับ!")
    'สวัสดี ครับ'
    """
    ascii_only = text.isascii()
    if ascii_only:  # fast path: nothing to normalise, no typographic apostrophes
        text = text.lower()
    else:
        text = unicodedata.normalize("NFKC", text).casefold().translate(_APOSTROPHES)
    if "'" in text:
        for pattern, repl in _CONTRACTIONS:
            text = pattern.sub(repl, text)
    return _NON_WORD.sub(" " if ascii_only else _separator, text).strip()


def tokens(text: str) -> list[str]:
    """The words of :func:`fold` ``(text)``."""
    folded = fold(text)
    return folded.split() if folded else []
