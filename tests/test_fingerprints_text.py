"""Text fingerprints: normalisation, signatures (golden, round trip, invariance), look-ups."""

from __future__ import annotations

import random
import re
import sys
import unicodedata
from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fakeprofile import parse_profile
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
    _content_set,
    _normalize_general,
    content_words,
    name_mask,
    normalize,
    profile_texts,
    profile_words,
    signatures_of_word_sets,
    text_queries,
    text_signature,
)

BIO = (
    "Results-driven recruiter with over 12 years of experience in fintech and payments. "
    "I specialise in hiring backend engineers, data scientists and product managers for "
    "start-ups in Leeds, Manchester and Berlin. Previously at Northwind and Contoso, where I "
    "built the graduate programme from scratch. Outside work: fell running, sourdough and "
    "terrible puns."
)
OTHER_BIO = (
    "Paediatric nurse turned health-tech product owner. I spend my days translating between "
    "clinicians and developers, mapping care pathways and testing prototypes on the ward. "
    "Trustee of a children's hospice in Bristol; amateur cellist; occasional marathoner."
)
# The same bio disguised: Cyrillic а/е/о/р/с, zero-width spaces and joiners, soft
# hyphen, changed case, doubled spaces and different punctuation.
TAMPERED_BIO = (
    "RESULTS—DRIVEN  rеcruitеr with ovеr 12 yеаrs оf ехреriеnсе in FINTECH and payments!! "
    "I spe\u200bcialise in hir\u200ding backend engineers; data sci\u00adentists and product "
    "managers for start-ups in Leeds, Manchester and Berlin... Previously at Northwind and Contoso "
    "where I built the graduate programme from scratch. Outside work: fell-running, sourdough "
    "and terrible puns"
)

GOLDEN_TEXT = "Results-driven recruiter in fintech, passionate about hiring engineers in Leeds."
GOLDEN_HEX = (
    "01b2c393e01bfaa28b31cef5c93cc9e21fca4de605a16ccced95042382afd6a75ef798b486b501b08e04c26d"
    "bb2583ba72b641cd76e54415436d91d975c0e9e7b895afa6654bbd57056f5e4612736334043267b6749f0f0c"
    "cd12a80f99b61531e61b35bc0ab450828a2fdfd75192d12b24943b0d299ab5342137d0eb0ace5e820d95adf2"
    "44a50d63842827f04a41966bd7b0e04f0ef751177c64b161cc3d06d85ae152e4f0757c933ada3afc4131639f"
    "3dcc39970b9af4ddea1d8f831838c939b707e0deb3f2d0077d8f1271c99877d73aaa27bcc2b50137df9a239e"
    "770a087f429ae5d9e269a492015c02e330b42dd2a2d6a7231821ed9a6d830918c79ec73e6610cb600dfdf477"
    "27792d85bd5c7be4ec215c4b85a68eaa0aada53bed272ffb41"
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
    assert got == f"{p} here {p} loves data danaë and whitfieldson do not"


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
        st.characters(),
    ),
    max_size=30,
).map("".join)


def plain_normalize(text: str) -> str:
    """normalize without a mask, written as plainly as possible (whole-string translations)."""
    for _ in range(4):
        again = unicodedata.normalize("NFKC", text).translate(_DROP_TABLE)
        again = again.translate(_HOMOGLYPH_TABLE).casefold().translate(_HOMOGLYPH_SMALL_TABLE)
        again = unicodedata.normalize("NFKC", again).translate(_DROP_TABLE)
        again = " ".join(_SEPARATOR_RE.sub(" ", again).split())
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


def test_golden_signature() -> None:
    # Signatures are stored in index files: a change here breaks every stored index.
    assert sig(GOLDEN_TEXT).to_bytes().hex() == GOLDEN_HEX


def numpy_signature(words: list[str]) -> TextSignature:
    """The MinHash signature in plain NumPy (what the compiled kernel must reproduce)."""
    from fakeprofile.fingerprints import text as t

    mins = (t._word_hashes(words)[:, None] * t._MULT[None, :] + t._ADD[None, :]).min(axis=0)
    top = ((mins * t._FINAL_MULT) >> np.uint64(64 - t.SIGNATURE_BITS)).astype(np.uint8)
    values = (top[0::2] << np.uint8(4)) | top[1::2]
    rows = mins[: t.SIGNATURE_BANDS * t.BAND_ROWS].reshape(t.SIGNATURE_BANDS, t.BAND_ROWS)
    keys = ((rows * t._BAND_MULT[None, :]).sum(axis=1, dtype=np.uint64) >> np.uint64(32)).astype(
        "<u4"
    )
    return TextSignature(values.tobytes(), keys.tobytes())


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sets(
            # Words as normalize leaves them: no whitespace or control characters.
            st.text(st.characters(blacklist_categories=("Z", "C")), min_size=1, max_size=12),
            min_size=MIN_WORDS,
            max_size=80,
        )
    )
)
def test_signatures_of_word_sets_equal_plain_numpy(word_sets: list[set[str]]) -> None:
    got = signatures_of_word_sets([sorted(w) for w in word_sets])
    assert got == [numpy_signature(sorted(w)) for w in word_sets]


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
    words = " ".join(f"word{i}" for i in range(MIN_WORDS))
    assert text_signature(words) is not None


def test_similarity_tracks_jaccard() -> None:
    a = sig(BIO)
    rng = random.Random(3)
    words = BIO.split()
    for i in rng.sample(range(len(words)), len(words) // 10):
        words[i] = f"changed{i}"
    edited = " ".join(words)
    wa, wb = set(content_words(BIO)), set(content_words(edited))
    jaccard = len(wa & wb) / len(wa | wb)
    est = a.similarity(sig(edited))
    assert est == sig(edited).similarity(a)
    assert abs(est - jaccard) < 0.15
    assert est > 0.6
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
    profile = parse_profile(
        {
            "id": "p",
            "name": name,
            "headline": headline,
            "about": about,
            "experience": [{"title": "t", "description": d} for d in descriptions],
        }
    )
    texts, _, fields, all_words = profile_words(profile)
    assert texts == profile_texts(profile)
    mask = name_mask(profile)
    assert fields == {f: _content_set(t, mask) for f, t in texts.items()}
    assert all_words == normalize("\n".join(texts.values()))


#: Texts long enough to be signed (bio words, with a name in them) or not (any text).
_BIO_WORDS = [*sorted(set(normalize(BIO + " " + OTHER_BIO).split())), "Dana", "Whitfield"]
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
    profile = parse_profile(
        {
            "id": "p",
            "name": name,
            "headline": headline,
            "about": about,
            "experience": [{"title": "t", "description": d} for d in descriptions],
        }
    )
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


def test_signing_many_word_sets_at_once_equals_one_at_a_time() -> None:
    from fakeprofile.fingerprints.text import signature_of_words, signatures_of_word_sets

    rng = random.Random(17)
    vocabulary = [f"w{i}" for i in range(5000)]
    # Sizes from too short to long, more words in all than one batch holds.
    sets = [set(rng.sample(vocabulary, rng.choice([0, 3, 8, 40, 400, 2000]))) for _ in range(40)]
    together = signatures_of_word_sets(sets)
    assert together == [signature_of_words(s) for s in sets]
    assert sum(map(len, sets)) > 4 * 512  # several batches
    assert [sig is None for sig in together] == [len(s) < MIN_WORDS for s in sets]
    assert any(sig is None for sig in together)
