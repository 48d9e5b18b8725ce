"""Text signal: normalisation properties, signatures (golden, round trip, invariance), features."""

from __future__ import annotations

import datetime as dt
import random
import re
import sys
import unicodedata
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from text_helpers import BIO, OTHER_BIO, TAMPERED_BIO

import fakeprofile.fingerprints.text as text_module
from fakeprofile import Profile, parse_profile
from fakeprofile.errors import IndexFormatError
from fakeprofile.fingerprints.text import (
    _DROP_TABLE,
    _HOMOGLYPH_SMALL_TABLE,
    _HOMOGLYPH_TABLE,
    _SEPARATOR_RE,
    MIN_WORDS,
    NAME_PLACEHOLDER,
    SIGNATURE_BYTES,
    TEXT_FIELDS,
    TextSignature,
    _content_of,
    _normalize_general,
    content_words,
    name_mask,
    normalize,
    profile_texts,
    profile_words,
    signatures_of_normalized,
    text_queries,
    text_signature,
)
from fakeprofile.index.textsearch import DEFAULT_THRESHOLD

TODAY = dt.date(2026, 11, 25)


GOLDEN_TEXT = "Results-driven recruiter in fintech, passionate about hiring engineers in Leeds."
GOLDEN_HEX = (
    "020638c2ea008e8c8102e0689460ad056927888bc8eca181eb5717277c85a5017c17788c08b88872287a7867"
    "2ac2186420b7c08888600781803616001e84717ee58280d8c0787fc88878b08759787088b88a78886e785818"
    "7c6b80e6ce0cc87e0eb00ac01a1e2e8000686c75e756026a663a1d166250a9971c58759eb777085816b1d903"
    "460143d285916926295c4af6811e55dda6c84b52c5dadd77bb869ae807f7ee446161b922904616c6ff23f7e0"
    "e22b78a34b2996c14529f56c9e53a97660f1b7ddd17d2295e3edd93f6584fce6b6f50d32d483584597bc20ca"
    "d5cc12e464a68f34c52ba464e2b7e46808e8e5a70fded957743d313db9a6d7393783d774f3172b456733999a"
    "737364409cd074f7c78fad5cd0ef7325d6188d62ad3060f506"
)


def sig(text: str, mask: Sequence[str] = ()) -> TextSignature:
    s = text_signature(text, mask=mask)
    assert s is not None
    return s


# --------------------------------------------------------------------------- #
# normalize
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hello,   World!", "hello world"),
        ("ＦＵＬＬＷＩＤＴＨ ｔｅｘｔ", "fullwidth text"),  # NFKC
        ("zero\u200bwidth\u200d join\ufeff", "zerowidth join"),
        ("Rеsults-driven", "results driven"),  # Cyrillic е
        ("ΑΒΕ ΚΜΝ", "abe kmn"),  # Greek capitals
        ("𝐛𝐨𝐥𝐝 𝓈𝒸𝓇𝒾𝓅𝓉", "bold script"),  # mathematical alphanumerics
        ("Straße", "strasse"),  # case folding, not just lower()
        ("line\nbreak\ttab", "line break tab"),
        ("snake_case-and.dots", "snake case and dots"),
        ("stray\u0336 strike\u0336through", "stray strikethrough"),
        ("", ""),
        ("  !!! ", ""),
    ],
)
def test_normalize_examples(text: str, expected: str) -> None:
    assert normalize(text) == expected


def test_normalize_masks_name_and_parts_on_whole_words() -> None:
    text = "Dana Whitfield here. Dana loves data; Danaë and Whitfieldson do not."
    got = normalize(text, mask=["Dana Whitfield", "Dana", "Whitfield"])
    p = NAME_PLACEHOLDER
    assert got == f"{p} here {p} loves data danae and whitfieldson do not"  # accents folded


def test_normalize_mask_is_normalised_too() -> None:
    assert normalize("I am DANA", mask=["dаna"]) == f"i am {NAME_PLACEHOLDER}"  # Cyrillic а
    assert normalize("text", mask=["", "  ", "!"]) == "text"


def test_every_format_character_is_dropped() -> None:
    # The invisible-character list is hard-coded for speed; check it is complete.
    missing = [
        hex(c)
        for c in range(sys.maxunicode + 1)
        if unicodedata.category(chr(c)) == "Cf" and c not in _DROP_TABLE
    ]
    assert missing == []


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_normalize_is_idempotent_and_never_raises(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    assert once == once.strip()
    assert "  " not in once


@settings(max_examples=100, deadline=None)
@given(st.text(), st.lists(st.text(max_size=20), max_size=3))
def test_normalize_with_mask_is_idempotent(text: str, mask: list[str]) -> None:
    once = normalize(text, mask=mask)
    assert normalize(once, mask=mask) == once


_NAME_WORDS = st.sampled_from(["dana", "whitfield", "ann", "lee", "ann lee", "data", "x"])


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_NAME_WORDS, max_size=12).map(" ".join),
    st.lists(st.lists(_NAME_WORDS, min_size=1, max_size=3).map(" ".join), max_size=4),
)
def test_name_masking_equals_a_whole_word_regex(text: str, mask: list[str]) -> None:
    # The reference: one alternation, longest mask first, on whole words.
    words = normalize(text)
    masks = sorted({normalize(m) for m in mask if normalize(m)}, key=len, reverse=True)
    expected = words
    if masks:
        alternation = "|".join(re.escape(m) for m in masks)
        expected = re.sub(rf"(?<!\S)(?:{alternation})(?!\S)", NAME_PLACEHOLDER, words)
    assert normalize(text, mask=mask) == expected


ascii_text = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126))
# Mostly ASCII with a few other characters (a "£", an accent, a look-alike, a zero-width
# space): the text the run-by-run translation in normalize is there for.
mostly_ascii_text = st.lists(
    st.one_of(
        st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), min_size=1),
        st.sampled_from(["£", "é", "е", "Ν", "ν", "\u200b", "\u0301", "ß", "ℌ", "ﬁ", "_", "\n"]),
        st.characters(exclude_categories=["Cs"]),  # a lone surrogate is not valid text
    ),
    max_size=30,
).map("".join)


def spelt(run: re.Match[str]) -> str:
    return run.group().replace(" ", "")


def plain_normalize(text: str) -> str:
    """normalize without a mask, written as plainly as possible (whole-string translations)."""
    for _ in range(4):
        again = unicodedata.normalize("NFKC", text).translate(_DROP_TABLE)
        again = again.translate(_HOMOGLYPH_TABLE).casefold().translate(_HOMOGLYPH_SMALL_TABLE)
        again = unicodedata.normalize("NFKD", again).translate(_DROP_TABLE)
        again = unicodedata.normalize("NFC", again).translate(_DROP_TABLE)
        again = _SEPARATOR_RE.sub(" ", again)
        # Spelt-out letters joined (where gaps between words are wider, then all runs
        # left), leetspeak digits inside words read as letters.
        again = " ".join(re.sub(r"(?<!\S)\w(?: \w(?!\S))+", spelt, again).split())
        again = re.sub(r"(?<!\S)\w(?: \w(?!\S))+", spelt, again)
        again = " ".join(
            w.translate(str.maketrans("0123456789", "oizeasgtbg"))
            if any(c.isdigit() for c in w) and any(c.isalpha() for c in w)
            else w
            for w in again.split(" ")
        )
        if again == text:
            break
        text = again
    return text


def test_translation_tables_leave_printable_ascii_alone() -> None:
    # normalize translates only the runs of other characters (_translate).
    for table in (_DROP_TABLE, _HOMOGLYPH_TABLE, _HOMOGLYPH_SMALL_TABLE):
        assert not [chr(c) for c in table if 0x20 <= c <= 0x7E]


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(), mostly_ascii_text))
def test_normalize_equals_the_plain_whole_string_version(text: str) -> None:
    assert normalize(text) == plain_normalize(text)


@settings(max_examples=200, deadline=None)
@given(ascii_text)
def test_ascii_fast_path_matches_general_path(text: str) -> None:
    assert normalize(text) == _normalize_general(text)


@settings(max_examples=200, deadline=None)
@given(ascii_text)
def test_normalize_invariant_to_case(text: str) -> None:
    assert normalize(text.swapcase()) == normalize(text)
    assert normalize(text.upper()) == normalize(text)


@settings(max_examples=200, deadline=None)
@given(ascii_text, st.lists(st.sampled_from(["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff",
                                             "\u00ad", "\u180e", "\ufe0f"]), max_size=10),
       st.randoms(use_true_random=False))  # fmt: skip
def test_normalize_invariant_to_zero_width(
    text: str, inserts: list[str], rnd: random.Random
) -> None:
    chars = list(text)
    for z in inserts:
        chars.insert(rnd.randint(0, len(chars)), z)
    assert normalize("".join(chars)) == normalize(text)


_SIMPLE = sorted(chr(cp) for cp in text_module._SIMPLE_TABLE)
# Text dense in what the quick paths test for: single letters and digits (spelt-out
# words, "I'm a"), words mixing letters and digits, and a few non-ASCII characters
# that normalise to ASCII ("£" a separator, "é" an "e") or do not ("ж").
tricky_text = st.lists(
    st.sampled_from(["a", "b", "I", "m", "7", "0", "ab", "b2b", "3ng", "x1", "2016", "£", "é",
                     "ж", "É", "I'm", "-", " ", "  ", "\n", ".", "Q"]),
    max_size=40,
).map(" ".join)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.one_of(tricky_text, tricky_text.map(lambda t: t.replace(" ", ""))))
def test_quick_paths_match_the_plain_version_on_letters_and_digits(text: str) -> None:
    # The ASCII-only regexes, the leetspeak test rerun after joining letters, and the
    # ASCII tests on text that the Unicode steps fold to ASCII.
    assert normalize(text) == plain_normalize(text)
    folded = text.lower().translate(text_module._ASCII_SEPARATORS)
    if folded.isascii():
        fast = text_module._words_of(folded, ascii_only=True)
        assert fast == text_module._words_of(folded, ascii_only=False)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(tricky_text, ascii_text, st.lists(st.sampled_from(_SIMPLE)).map("a b".join)),
        min_size=2,
        max_size=4,
    )
)
def test_several_descriptions_joined_from_their_words_equal_the_whole_normalised(
    descriptions: list[str],
) -> None:
    whole = "\n".join(descriptions)
    words = [w for w in map(text_module._normalize_words, descriptions) if w]
    got = text_module._joined_words(whole, descriptions, words)
    assert got == text_module._normalize_words(whole) == plain_normalize(whole)


def test_simple_characters_normalise_the_same_whatever_surrounds_them() -> None:
    # The quick path for text of ASCII and these characters maps each on its own.
    assert {"£", "é", "’", "ß", "—"} <= set(_SIMPLE)
    steps = text_module.fold_lookalikes
    fold = text_module._fold_separators

    def image(text: str) -> str:
        return fold(steps(text))

    printable = [chr(c) for c in range(0x20, 0x7F)] + ["\n", "\t"]
    for c in _SIMPLE:
        alone = image(c)
        assert text_module._SIMPLE_TABLE[ord(c)] == alone
        for x in printable:
            assert image(x + c) == image(x) + alone, (x, c)
            assert image(c + x) == alone + image(x), (c, x)
        for d in _SIMPLE:
            assert image(c + d) == alone + image(d), (c, d)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(_SIMPLE),
            st.characters(min_codepoint=32, max_codepoint=126),
            st.sampled_from(["I m a ", "\n", "b2b", " x "]),
        ),
        max_size=40,
    ).map("".join)
)
def test_text_of_ascii_and_simple_characters_takes_the_quick_path_to_the_same_words(
    text: str,
) -> None:
    assert normalize(text) == plain_normalize(text) == _normalize_general(text)


LOOKALIKES = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "y": "у", "i": "і",
              "A": "Α", "B": "Β", "E": "Ε", "H": "Η", "K": "Κ", "M": "Μ", "N": "Ν", "O": "Ο",
              "P": "Р", "T": "Т", "X": "Χ"}  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(ascii_text, st.randoms(use_true_random=False))
def test_normalize_invariant_to_homoglyphs(text: str, rnd: random.Random) -> None:
    swapped = "".join(LOOKALIKES[c] if c in LOOKALIKES and rnd.random() < 0.5 else c for c in text)
    assert normalize(swapped) == normalize(text)


# --------------------------------------------------------------------------- #
# Signatures
# --------------------------------------------------------------------------- #


def test_golden_signature(monkeypatch: pytest.MonkeyPatch) -> None:
    # Signatures are stored in index files: a change here breaks every stored index.
    # The golden text (8 content words) predates the 10-word floor, which decides
    # only *whether* a text is signed, never its bytes.
    assert text_signature(GOLDEN_TEXT) is None
    monkeypatch.setattr(text_module, "MIN_WORDS", 6)
    assert sig(GOLDEN_TEXT).to_bytes().hex() == GOLDEN_HEX


_MASK = (1 << 64) - 1


def _mix(x: int) -> int:
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK
    return x ^ (x >> 31)


def python_signature(normalized: str) -> TextSignature:
    """The signature in plain Python integers (what the compiled kernel must reproduce)."""
    from fakeprofile import _kernels as kernels
    from fakeprofile.fingerprints import text as t

    data = normalized.replace(" ", "").encode("utf-8")
    windows = [data[i - 7 : i + 1] for i in range(7, len(data))] or [data]
    found: dict[int, int] = {}
    for w in windows:
        h = _mix((int.from_bytes(w, "big") + int(kernels._SEED)) & _MASK)
        k, v = h >> 56, h & ((1 << 56) - 1)
        found[k] = min(v, found.get(k, v))
    mins = []
    for k in range(t.SIGNATURE_SIZE):
        attempt = 0
        while k not in found:  # densification: the first filled bin of k's own sequence
            j = _mix(((k << 32) + attempt + int(kernels._BIN_SEED)) & _MASK) >> 56
            if j in found:
                mins.append(found[j])
                break
            attempt += 1
        else:
            mins.append(found[k])
    top = [((m * int(kernels._FINAL_MULT)) & _MASK) >> 60 for m in mins]
    values = bytes((top[k] << 4) | top[k + 1] for k in range(0, len(top), 2))
    keys = b"".join(
        (
            (
                sum(mins[b * t.BAND_ROWS + i] * int(t._BAND_MULT[i]) for i in range(t.BAND_ROWS))
                & _MASK
            )
            >> 32
        ).to_bytes(4, "little")
        for b in range(t.SIGNATURE_BANDS)
    )
    return TextSignature(values, keys)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(
            # Words as normalize leaves them: no whitespace or control characters.
            st.text(st.characters(blacklist_categories=("Z", "C")), min_size=1, max_size=12),
            min_size=MIN_WORDS,
            max_size=60,
        ).map(" ".join),
        max_size=4,
    )
)
def test_signatures_equal_plain_python(texts: list[str]) -> None:
    got = signatures_of_normalized(texts)
    pairs = zip(texts, got, strict=True)
    assert got == [python_signature(t) if s is not None else None for t, s in pairs]
    assert [s is None for s in got] == [len(_content_of(t)) < MIN_WORDS for t in texts]


def test_signature_round_trip() -> None:
    s = sig(BIO)
    data = s.to_bytes()
    assert len(data) == SIGNATURE_BYTES == 1 + 128 + 160
    back = TextSignature.from_bytes(data)
    assert back == s
    assert hash(back) == hash(s)
    assert back.similarity(s) == 1.0


def test_from_bytes_rejects_bad_data() -> None:
    data = sig(BIO).to_bytes()
    with pytest.raises(IndexFormatError, match="expected 289 bytes, got 10"):
        TextSignature.from_bytes(data[:10])
    with pytest.raises(IndexFormatError, match="format version 9 is not supported"):
        TextSignature.from_bytes(bytes([9]) + data[1:])


def test_tampered_bio_has_the_same_signature() -> None:
    assert normalize(TAMPERED_BIO) == normalize(BIO)
    assert sig(TAMPERED_BIO) == sig(BIO)


def test_signature_masks_the_name() -> None:
    mine = "Hi, I am Dana Whitfield. " + BIO + " Dana is always happy to chat."
    copy = "Hi, I am Li Wei. " + BIO + " Li is always happy to chat."
    assert sig(mine, ["Dana Whitfield", "Dana", "Whitfield"]) == sig(copy, ["Li Wei", "Li", "Wei"])
    assert sig(mine) != sig(copy)


def test_short_text_has_no_signature() -> None:
    assert text_signature("Senior recruiter at Northwind") is None
    assert text_signature("") is None
    words = [
        "alpha",
        "bravo",
        "charlie",
        "delta",
        "echo",
        "foxtrot",
        "golf",
        "hotel",
        "india",
        "juliett",
        "kilo",
        "lima",
    ]
    assert text_signature(" ".join(words[: MIN_WORDS - 1])) is None
    assert text_signature(" ".join(words[:MIN_WORDS])) is not None


def _eight_grams(text: str) -> set[bytes]:
    data = normalize(text).replace(" ", "").encode()
    return {data[i : i + 8] for i in range(len(data) - 7)}


def test_similarity_tracks_jaccard_of_character_shingles() -> None:
    a = sig(BIO)
    rng = random.Random(3)
    words = BIO.split()
    for i in rng.sample(range(len(words)), len(words) // 10):
        words[i] = f"changed{i}"
    edited = " ".join(words)
    sa, sb = _eight_grams(BIO), _eight_grams(edited)
    jaccard = len(sa & sb) / len(sa | sb)
    est = a.similarity(sig(edited))
    assert est == sig(edited).similarity(a)
    assert abs(est - jaccard) < 0.15
    assert est > 0.4
    assert a.similarity(sig(OTHER_BIO)) < 0.15


def test_content_words_drop_stopwords_and_repeats() -> None:
    assert content_words("The data, the DATA and the data scientists") == ["data", "scientists"]


# --------------------------------------------------------------------------- #
# Profiles and the signal
# --------------------------------------------------------------------------- #


def test_profile_texts_and_name_mask() -> None:
    p = parse_profile(
        {
            "id": "p-1",
            "name": "Dana J Whitfield",
            "headline": "Recruiter",
            "about": "   ",
            "experience": [{"description": "First job"}, {"title": "x"}, {"description": "Next"}],
        }
    )
    assert profile_texts(p) == {"headline": "Recruiter", "experience": "First job\nNext"}
    assert name_mask(p) == ("Dana J Whitfield", "Dana", "Whitfield")
    assert set(TEXT_FIELDS) == {"headline", "about", "experience"}


def _texts_profile(
    name: str | None, headline: str | None, about: str | None, descriptions: list[str | None]
) -> Profile:
    """A profile with these texts (each position titled, described or not)."""
    return parse_profile(
        {
            "id": "p",
            "name": name,
            "headline": headline,
            "about": about,
            "experience": [{"title": "t", "description": d} for d in descriptions],
        }
    )


@settings(max_examples=200, deadline=None)
@given(
    name=st.one_of(st.none(), st.sampled_from(["Dana Whitfield", "J Smith", "Zoë Ñúñez"])),
    headline=st.one_of(st.none(), mostly_ascii_text),
    about=st.one_of(st.none(), mostly_ascii_text),
    descriptions=st.lists(st.one_of(st.none(), mostly_ascii_text), max_size=4),
)
def test_profile_words_normalise_each_text_once_to_the_same_result(
    name: str | None, headline: str | None, about: str | None, descriptions: list[str | None]
) -> None:
    # The signal normalises each piece once and joins; that must be what
    # normalising each field (as the index does when it signs texts) gives.
    profile = _texts_profile(name, headline, about, descriptions)
    texts, _, fields, all_words = profile_words(profile)
    assert texts == profile_texts(profile)
    mask = name_mask(profile)
    assert fields == {f: normalize(t, mask=mask) for f, t in texts.items()}
    assert all_words == " ".join(w for w in map(normalize, texts.values()) if w)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_text_signature_never_raises(text: str) -> None:
    s = text_signature(text)
    if s is None:
        assert len(content_words(text)) < MIN_WORDS
    else:
        assert TextSignature.from_bytes(s.to_bytes()) == s
        assert s.similarity(s) == 1.0


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(sorted(set(normalize(BIO + " " + OTHER_BIO).split()))),
                min_size=8, max_size=40),
       st.randoms(use_true_random=False))  # fmt: skip
def test_signature_invariant_to_disguise(words: list[str], rnd: random.Random) -> None:
    text = " ".join(words)
    disguised = "".join(
        (LOOKALIKES.get(c, c) if rnd.random() < 0.3 else c.upper() if rnd.random() < 0.3 else c)
        + ("\u200b" if rnd.random() < 0.1 else "")
        for c in text
    )
    assert text_signature(disguised) == text_signature(text)


def test_signing_many_texts_at_once_equals_one_at_a_time() -> None:
    rng = random.Random(17)
    vocabulary = [
        "w" + str(i).translate(str.maketrans("0123456789", "abcdefghij")) for i in range(5000)
    ]
    # Sizes from too short to long.
    texts = [
        " ".join(rng.sample(vocabulary, rng.choice([0, 3, 8, 40, 400, 2000]))) for _ in range(40)
    ]
    together = signatures_of_normalized(texts)
    assert together == [signatures_of_normalized([t])[0] for t in texts]
    assert together == [text_signature(t) for t in texts]
    assert [sig is None for sig in together] == [len(set(t.split())) < MIN_WORDS for t in texts]
    assert any(sig is None for sig in together)


# --------------------------------------------------------------------------- #
# Copies that try to hide (issue 15)
# --------------------------------------------------------------------------- #

_BIO_WORDS = sorted(set(normalize(BIO + " " + OTHER_BIO).split()))
_LEET = str.maketrans("aeiost", "431057")


def _spaced(text: str) -> str:
    return "   ".join(" ".join(word) for word in text.split())


def _accented(text: str) -> str:
    return "".join(c + "\u0301" if c in "aeiouAEIOU" else c for c in text)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(_BIO_WORDS), min_size=1, max_size=30).map(" ".join),
    st.sampled_from(["accents", "spaced", "fullwidth", "spaced accents", "precomposed"]),
)
def test_disguises_map_to_the_same_normal_form(text: str, how: str) -> None:
    disguised = {
        "accents": _accented(text),
        "spaced": _spaced(text),
        "fullwidth": "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text),
        "spaced accents": _accented(_spaced(text)),
        "precomposed": unicodedata.normalize("NFC", _accented(text)),
    }[how]
    assert normalize(disguised) == normalize(text)
    assert normalize(normalize(disguised)) == normalize(disguised)
    assert text_signature(disguised) == text_signature(text)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_BIO_WORDS), min_size=1, max_size=30))
def test_leetspeak_maps_back_to_letters(words: list[str]) -> None:
    # A word keeps its meaning when a letter stays to show it is a word, not a number.
    words = [w for w in words if not w.translate(_LEET).isdigit()]
    text = " ".join(words)
    assert normalize(text.translate(_LEET).upper()) == normalize(text)
    assert normalize("S3n10r 3ng1n33r") == "senior engineer"
    assert normalize("since 2016, b2b") == "since 2016 bzb"  # numbers stay numbers


def test_spaced_letters_keep_word_boundaries_when_gaps_are_wider() -> None:
    assert normalize("S e n i o r   e n g i n e e r") == "senior engineer"
    assert normalize("S e n i o r e n g i n e e r") == "seniorengineer"
    assert normalize("U.S.A. based") == "usa based"
    # Either way the signature reads the letters without the spaces.
    assert sig(_spaced(BIO)) == sig(BIO)
    assert sig(" ".join(BIO.replace(" ", ""))).similarity(sig(BIO)) > 0.9


@pytest.mark.parametrize("seed", range(5))
def test_copies_with_one_word_in_five_misspelt_still_match(seed: int) -> None:
    rng = random.Random(seed)
    words = BIO.split()
    for i in rng.sample(range(len(words)), len(words) // 5):
        j = rng.randrange(len(words[i]))
        words[i] = words[i][:j] + words[i][j + 1 :]  # a letter dropped
    copy = " ".join(words)
    assert copy != BIO
    assert sig(copy).similarity(sig(BIO)) >= DEFAULT_THRESHOLD
    assert sig(copy).similarity(sig(OTHER_BIO)) < 0.15


def test_half_a_text_matches_the_whole() -> None:
    words = BIO.split()
    half = " ".join(words[: len(words) // 2 + 1])
    assert sig(half).similarity(sig(BIO)) >= DEFAULT_THRESHOLD


signable_text = st.one_of(
    st.lists(st.sampled_from(_BIO_WORDS), max_size=25).map(" ".join), mostly_ascii_text
)


@settings(max_examples=200, deadline=None)
@given(
    name=st.one_of(st.none(), st.sampled_from(["Dana Whitfield", "J Smith", "Zoë Ñúñez"])),
    headline=st.one_of(st.none(), signable_text),
    about=st.one_of(st.none(), signable_text),
    descriptions=st.lists(st.one_of(st.none(), signable_text), max_size=4),
)
def test_text_queries_sign_each_field_as_text_signature_does(
    name: str | None, headline: str | None, about: str | None, descriptions: list[str | None]
) -> None:
    # The index stores text_queries' signatures and looks texts up with them:
    # they must be byte for byte text_signature of each field, name masked.
    profile = _texts_profile(name, headline, about, descriptions)
    mask = name_mask(profile)
    expected = {
        f: sig.to_bytes()
        for f, t in profile_texts(profile).items()
        if (sig := text_signature(t, mask=mask)) is not None
    }
    queries = text_queries(profile)
    assert {q.field: q.signature.to_bytes() for q in queries} == expected
    assert [q.field for q in queries] == [f for f in TEXT_FIELDS if f in expected]
    assert {q.profile_id for q in queries} <= {"p"}
    only_about = text_queries(profile, fields=("about",))
    assert [q.field for q in only_about] == [f for f in ("about",) if f in expected]
