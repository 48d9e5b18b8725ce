"""The message signal: canned openers, personalisation, links and off-platform requests."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fakeprofile.profile import Invitation, parse_invitation, parse_profile
from fakeprofile.signals._normalise import fold, tokens
from fakeprofile.signals.base import Context, SignalResult
from fakeprofile.signals.message import (
    CANNED_OPENERS,
    CANNED_THRESHOLD,
    MessageSignal,
    canned_similarity,
    message_findings,
)

TODAY = dt.date(2026, 11, 25)
SIGNAL = MessageSignal()
NAMES = [f.name for f in SIGNAL.features]
JORDAN: dict[str, Any] = {
    "id": "p-jordan",
    "name": "Jordan Reyes",
    "location": "Manchester, United Kingdom",
    "headline": "Engineering Manager at Brightwell Health",
    "about": "I run the platform team behind Brightwell's patient apps.",
    "experience": [{"title": "Engineering Manager", "company": "Brightwell Health"}],
    "education": [{"school": "University of Manchester"}],
    "skills": ["Kubernetes"],
}


def invitation(text: str | None, **extra: Any) -> Invitation:
    data: dict[str, Any] = {"sender": {"id": "s"}, "message": text, "recipient": JORDAN}
    data.update(extra)
    return parse_invitation(data)


def extract(inv: Invitation | None) -> SignalResult:
    sender = inv.sender if inv is not None else parse_profile({"id": "s"})
    return SIGNAL.extract(sender, Context(today=TODAY, invitation=inv))


def load_examples(examples: Path) -> dict[str, Invitation]:
    lines = (examples / "invitations.jsonl").read_text().splitlines()
    return {i.id or "": i for i in (parse_invitation(json.loads(line)) for line in lines)}


def test_declares_features_in_its_group() -> None:
    # Declarations every signal shares are checked once for all in test_signals.py.
    assert all(f.group == "message" for f in SIGNAL.features)
    assert "message_mutual_connections_log" in NAMES
    directions = {f.name: f.direction for f in SIGNAL.features}
    assert directions["message_personalisation"] == "down"  # a personal note reassures
    assert directions["message_words_log"] == "down"
    assert directions["message_canned"] == "up"


# --------------------------------------------------------------------------- the examples


def test_fakes_opener_is_canned_and_impersonal(examples: Path) -> None:
    f = message_findings(load_examples(examples)["inv-amelia"])
    assert f.canned
    assert f.opener == "I see you looked at my profile"
    assert f.personalised is False
    assert f.matched_terms == (("name", "jordan"),)  # only the name: counts weakly
    assert f.personalisation == 0.25


def test_priyas_message_is_personalised_not_canned(examples: Path) -> None:
    inv = load_examples(examples)["inv-priya"]
    f = message_findings(inv)
    assert not f.canned
    assert f.canned_similarity < CANNED_THRESHOLD
    assert f.personalised is True
    assert ("employer", "brightwell") in f.matched_terms
    r = extract(inv)
    assert r.values["message_canned"] == 0.0
    assert r.values["message_personalisation"] == 1.0
    assert SIGNAL.sentence("message_personalisation", r) == (
        "The note mentions the recipient's employer (“brightwell”)"
    )


def test_georges_default_note_is_canned_and_generic(examples: Path) -> None:
    inv = load_examples(examples)["inv-george"]
    f = message_findings(inv)
    assert f.canned
    assert f.opener == "I'd like to add you to my professional network"
    assert f.personalised is False
    assert f.personalisation == 0.0
    r = extract(inv)
    assert r.values["message_mutual_connections_log"] == 0.0
    assert SIGNAL.sentence("message_personalisation", r) == (
        "The note mentions nothing from the recipient's profile"
    )


GOLDEN = json.loads((Path(__file__).parent / "golden" / "behaviour_features.json").read_text())


@pytest.mark.parametrize("inv_id", sorted(GOLDEN["invitations"]))
def test_golden_vectors_for_examples(examples: Path, inv_id: str) -> None:
    r = extract(load_examples(examples)[inv_id])
    golden = GOLDEN["invitations"][inv_id]
    for name in NAMES:
        if golden[name] is None:  # null stands for nan
            assert math.isnan(r.values[name]), name
        else:
            assert r.values[name] == pytest.approx(golden[name], rel=1e-9, abs=1e-12), name


# --------------------------------------------------------------------------- canned openers


@pytest.mark.parametrize(
    "text",
    [
        "I'd like to add you to my professional network.",
        "HELLO SARAH!!! I'd like to add you to my professional network :)",
        "Dear Mr. Okafor - i would like to add you to my professional network",
        "Hi Tom, I’d like to add you to my professional network on LinkedIn.",
        "hi jordan i see u looked at my profile",
        "Maria, based on your FASCINATING background, I think we should connect!",
        "Hey Ravi 👋 I came across your profile and wanted to reach out.",
        "Please accept my invitation to connect, Ahmed.",
    ],
)
def test_reworded_openers_are_canned(text: str) -> None:
    f = message_findings(invitation(text))
    assert f.canned, canned_similarity(text)
    assert f.opener in CANNED_OPENERS


@pytest.mark.parametrize(
    "text",
    [
        "Hi Jordan, we met at the Brightwell platform review last week. I'd like to follow up "
        "on the triage app's offline mode your team is building.",
        "Jordan, your Kubernetes talk at the Manchester meetup answered a question we had "
        "for months. Could I ask you about the autoscaler settings?",
        "Loved your post on patient apps and accessibility; we are hiring for a similar team.",
    ],
)
def test_personalised_messages_are_not_canned(text: str) -> None:
    f = message_findings(invitation(text))
    assert not f.canned
    assert f.personalised is True


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(CANNED_OPENERS),
    st.sampled_from(["", "Hi ", "Hello ", "Dear ", "Hey "]),
    st.text(alphabet=st.characters(categories=["Lu", "Ll"]), min_size=1, max_size=12),
    st.sampled_from(["", ",", "!", " -", "..."]),
    st.sampled_from(["", ".", "!!", " 🙂", "?"]),
    st.booleans(),
)
def test_opener_with_any_name_case_and_punctuation_is_canned(
    opener: str, greeting: str, name: str, sep: str, end: str, upper: bool
) -> None:
    text = f"{greeting}{name}{sep} {opener}{end}"
    text = text.upper() if upper else text
    similarity, which = canned_similarity(text)
    assert similarity >= CANNED_THRESHOLD
    assert which is not None


# --------------------------------------------------------------------------- links and requests


def test_links_attachments_and_shorteners() -> None:
    inv = invitation(
        "See my portfolio at https://example.org/work and www.bit.ly/abc",
        links=["https://tinyurl.com/xyz"],
        attachments=["cv.pdf"],
    )
    f = message_findings(inv)
    assert f.links == ("https://tinyurl.com/xyz", "https://example.org/work", "www.bit.ly/abc")
    assert f.shortened_links == ("https://tinyurl.com/xyz", "www.bit.ly/abc")
    r = extract(inv)
    assert r.values["message_links_log"] == pytest.approx(math.log1p(3))
    assert r.values["message_shortened_link"] == 1.0
    assert r.values["message_attachments_log"] == pytest.approx(math.log1p(1))
    assert SIGNAL.sentence("message_attachments_log", r) == (
        "The invitation carries 1 attachment: cv.pdf"
    )


def test_plain_links_are_not_shortened() -> None:
    r = extract(invitation("My site: https://www.example.com/about"))
    assert r.values["message_links_log"] == pytest.approx(math.log1p(1))
    assert r.values["message_shortened_link"] == 0.0


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Let's continue on WhatsApp", "whatsapp"),
        ("Message me on Telegram please", "telegram"),
        ("Email me at dana.w@example.com", "email me"),
        ("Call me: +44 7700 900123", "call me"),
        ("What is your personal email address?", "personal email address"),
    ],
)
def test_off_platform_requests(text: str, phrase: str) -> None:
    f = message_findings(invitation(text))
    assert phrase in f.off_platform
    assert extract(invitation(text)).values["message_off_platform"] == 1.0


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("I can double your savings in Bitcoin", "bitcoin"),
        ("Please buy two gift cards for the client", "gift cards"),
        ("Send me your passport copy for the visa", "passport"),
        ("Confirm the verification code I sent you", "verification code"),
    ],
)
def test_money_or_personal_data_requests(text: str, phrase: str) -> None:
    f = message_findings(invitation(text))
    assert phrase in f.money_or_data
    assert extract(invitation(text)).values["message_money_or_data"] == 1.0


def test_ordinary_note_asks_for_nothing() -> None:
    r = extract(invitation("Enjoyed your Brightwell talk on patient apps."))
    assert r.values["message_off_platform"] == 0.0
    assert r.values["message_money_or_data"] == 0.0
    assert r.values["message_links_log"] == 0.0
    assert SIGNAL.sentence("message_off_platform", r) == (
        "The note does not ask to move the conversation off the platform"
    )


# --------------------------------------------------------------------------- missing parts


def test_no_invitation_is_all_nan() -> None:
    r = extract(None)
    for name in NAMES:
        assert math.isnan(r.values[name]), name
    with pytest.raises(KeyError, match="without an invitation"):
        SIGNAL.sentence("message_canned", r)


def test_no_recipient_makes_personalisation_unknown() -> None:
    inv = parse_invitation({"sender": {"id": "s"}, "message": "Great to meet you at PyCon!"})
    r = extract(inv)
    assert math.isnan(r.values["message_personalisation"])  # unknown: contributes nothing
    assert message_findings(inv).personalised is None


def test_no_note() -> None:
    r = extract(invitation(None, mutual_connections=3))
    assert r.values["message_no_note"] == 1.0
    for name in ("message_canned", "message_words_log", "message_off_platform"):
        assert math.isnan(r.values[name]), name
    assert r.values["message_mutual_connections_log"] == pytest.approx(math.log1p(3))
    assert SIGNAL.sentence("message_canned", r) == "The invitation came without a note"


def test_mutual_connections_never_change_other_features() -> None:
    # By design mutual connections are one additive feature: many of them must not
    # soften any other warning (fakes collect connections to borrow credibility).
    text = "I see you looked at my profile. Let's talk on WhatsApp: bit.ly/3xYz"
    few = extract(invitation(text, mutual_connections=0)).values
    many = extract(invitation(text, mutual_connections=500)).values
    assert many["message_mutual_connections_log"] == pytest.approx(math.log1p(500))
    for name in NAMES:
        if name != "message_mutual_connections_log":
            assert few[name] == many[name] or (math.isnan(few[name]) and math.isnan(many[name]))
    assert math.isnan(extract(invitation(text)).values["message_mutual_connections_log"])


def test_findings_are_immutable() -> None:
    f = message_findings(invitation("Hello"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.canned = True  # type: ignore[misc]


# --------------------------------------------------------------------------- properties


@settings(max_examples=150, deadline=None)
@given(
    st.one_of(st.none(), st.text(max_size=300)),
    st.lists(st.text(max_size=30), max_size=3),
    st.one_of(st.none(), st.integers(min_value=0, max_value=10**12)),
    st.booleans(),
)
def test_every_feature_in_range_with_a_sentence(
    text: str | None, links: list[str], mutual: int | None, with_recipient: bool
) -> None:
    data: dict[str, Any] = {
        "sender": {"id": "s"},
        "message": text,
        "links": links,
        "mutual_connections": mutual,
    }
    if with_recipient:
        data["recipient"] = JORDAN
    r = extract(parse_invitation(data))
    assert set(r.values) == set(NAMES)
    for f in SIGNAL.features:
        assert f.check(r.values[f.name]), (f.name, r.values[f.name])
        assert SIGNAL.sentence(f.name, r)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_fold_is_idempotent_and_plain(text: str) -> None:
    folded = fold(text)
    assert fold(folded) == folded
    assert folded == folded.strip()
    assert "  " not in folded
    # Letters, digits and single spaces; a combining mark only as part of a word.
    for i, c in enumerate(folded):
        if unicodedata.category(c).startswith("M"):
            assert i > 0
            assert folded[i - 1] != " "
        else:
            assert c == " " or c.isalnum()


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz '.,!?", max_size=80))
def test_fold_ignores_ascii_case_and_punctuation(text: str) -> None:
    assert fold(text.upper()) == fold(text)
    assert fold(text.replace(",", " ").replace("!", " . ")) == fold(text)


def test_evidence_is_json_ready(examples: Path) -> None:
    for inv in load_examples(examples).values():
        r = extract(inv)
        json.dumps({k: [e.to_dict() for e in v] for k, v in r.evidence.items()})
        assert "message_canned" in r.evidence


@pytest.mark.parametrize("text", ["ﷺ" * 10_000, "㏂" * 10_000, "a " * 5_000])
def test_longest_notes_stay_in_range(text: str) -> None:
    r = extract(invitation(text))
    for f in SIGNAL.features:
        assert f.check(r.values[f.name]), (f.name, r.values[f.name])


def test_mentioning_the_recipients_post_is_personal() -> None:
    recipient = {
        "id": "r",
        "name": "Priya Raman",
        "events": [
            {"type": "post", "text": "Six months of the new triage flow: what worked."},
            {"type": "like"},
        ],
    }
    inv = parse_invitation(
        {
            "sender": {"id": "s"},
            "message": "Your write-up on the triage flow was useful for our ward.",
            "recipient": recipient,
        }
    )
    f = message_findings(inv)
    assert f.personalised is True
    assert ("topic", "triage") in f.matched_terms


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("ภาษาไทย สวัสดี", ["ภาษาไทย", "สวัสดี"]),
        ("हिन्दी भाषा!", ["हिन्दी", "भाषा"]),
        ("Great post!", ["great", "post"]),
        ("_a_b_", ["a", "b"]),
    ],
)
def test_words_keep_their_combining_marks(text: str, words: list[str]) -> None:
    # A combining mark is not a word character to a regular expression, but it is part
    # of a Thai or Devanagari word: the words were cut there ("สว", "สด").
    assert tokens(text) == words


_THAI_CONSONANTS = "".join(chr(c) for c in range(0x0E01, 0x0E2F))
_THAI_MARKS = "\u0e31" + "".join(chr(c) for c in range(0x0E34, 0x0E3B))


@given(
    st.lists(
        st.tuples(
            st.sampled_from(_THAI_CONSONANTS),
            st.text(alphabet=_THAI_CONSONANTS + _THAI_MARKS, max_size=8),
        ).map("".join),
        min_size=1,
        max_size=5,
    ),
    st.sampled_from([" ", ", ", "! ", " - "]),
)
def test_thai_words_are_never_cut(words: list[str], gap: str) -> None:
    # (NFKC puts a word's marks in their canonical order.)
    assert tokens(gap.join(words)) == [unicodedata.normalize("NFKC", w) for w in words]
