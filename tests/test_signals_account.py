"""The account signal: age, network counts and ratios, completeness, experience, names."""

from __future__ import annotations

import datetime as dt
import doctest
import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from signal_helpers import assert_fact_keys_follow_sentences

from fakeprofile.profile import Profile, parse_profile
from fakeprofile.signals import account
from fakeprofile.signals.account import AccountSignal, name_username_mismatch
from fakeprofile.signals.base import Context, SignalResult

TODAY = dt.date(2026, 11, 25)
CTX = Context(today=TODAY)
SIGNAL = AccountSignal()
NAMES = [f.name for f in SIGNAL.features]


def extract(data: dict[str, Any]) -> SignalResult:
    return SIGNAL.extract(parse_profile({"id": "t", **data}), CTX)


def test_doctests() -> None:
    assert doctest.testmod(account).failed == 0


def test_declares_features_in_its_group() -> None:
    assert SIGNAL.name == "account"
    assert len(set(NAMES)) == len(NAMES)
    assert all(f.group == "account" and f.name.startswith("account_") for f in SIGNAL.features)
    for key in ("age", "connections", "followers", "following"):
        assert f"account_{key}_missing" in NAMES


def test_age_in_years() -> None:
    r = extract({"created_at": "2024-11-25"})
    assert r.values["account_age_years"] == pytest.approx(730 / 365.25)
    assert r.values["account_age_missing"] == 0.0
    assert SIGNAL.sentence("account_age_years", r) == (
        "The account was created on 2024-11-25, 2.0 years ago"
    )
    young = extract({"created_at": "2026-09-30"})
    assert young.values["account_age_years"] == pytest.approx(56 / 365.25)
    assert SIGNAL.sentence("account_age_years", young).endswith("2 months ago")


def test_counts_and_ratios_by_hand() -> None:
    r = extract({"connections": 487, "followers": 40, "following": 2210})
    v = r.values
    assert v["account_connections_log"] == pytest.approx(math.log1p(487))
    assert v["account_followers_log"] == pytest.approx(math.log1p(40))
    assert v["account_following_log"] == pytest.approx(math.log1p(2210))
    assert v["account_following_followers_log_ratio"] == pytest.approx(math.log(2211 / 41))
    assert v["account_followers_connections_log_ratio"] == pytest.approx(math.log(41 / 488))
    assert SIGNAL.sentence("account_following_followers_log_ratio", r) == (
        "Follows 2,210 accounts and is followed by 40"
    )
    assert r.evidence["account_following_log"][0].to_dict() == {
        "kind": "counts",
        "connections": 487,
        "followers": 40,
        "following": 2210,
    }


def test_missing_counts_are_explicit() -> None:
    r = extract({"connections": 604})
    v = r.values
    assert v["account_connections_missing"] == 0.0
    assert v["account_followers_missing"] == 1.0
    assert v["account_following_missing"] == 1.0
    assert v["account_age_missing"] == 1.0
    for name in (
        "account_followers_log",
        "account_following_log",
        "account_following_followers_log_ratio",
        "account_followers_connections_log_ratio",
        "account_age_years",
    ):
        assert math.isnan(v[name]), name
    assert (
        SIGNAL.sentence("account_following_log", r) == "The number of accounts followed is unknown"
    )


def test_completeness() -> None:
    full = extract(
        {
            "photo": "x.jpg",
            "about": "Hi.",
            "experience": [{"title": "Nurse"}],
            "education": [{"school": "Leeds"}],
            "skills": ["Triage"],
        }
    )
    assert full.values["account_completeness"] == 1.0
    partial = extract({"has_photo": True, "about": "Hi.", "experience": [{"title": "Nurse"}]})
    assert partial.values["account_completeness"] == pytest.approx(2 / 4)
    assert SIGNAL.sentence("account_completeness", partial) == (
        "The profile has an about text and experience but no education or skills"
    )
    # The photo is the photo signal's business, not completeness's.
    assert extract({"about": "Hi."}).values["account_completeness"] == pytest.approx(1 / 4)
    assert extract({}).values["account_completeness"] == 0.0


def test_overlapping_full_time_positions() -> None:
    r = extract(
        {
            "experience": [
                {"company": "A", "start": "2018-01", "end": "2022-01", "full_time": True},
                {"company": "B", "start": "2020-01", "full_time": True},
            ]
        }
    )
    # 2020-01-01 .. 2022-01-01 is 731 days, less 92 days of grace.
    assert r.values["account_experience_overlap_years"] == pytest.approx((731 - 92) / 365.25)
    assert SIGNAL.sentence("account_experience_overlap_years", r) == (
        "The full-time positions at A and B overlap by 1.7 years beyond three months"
    )
    assert r.evidence["account_experience_overlap_years"][0].detail["overlapping"] == ["A", "B"]


def test_overlap_ignores_part_time_and_short_handovers() -> None:
    part_time = extract(
        {
            "experience": [
                {"company": "A", "start": "2018-01", "end": "2022-01"},
                {"company": "B", "start": "2020-01", "full_time": False},
            ]
        }
    )
    assert part_time.values["account_experience_overlap_years"] == 0.0
    handover = extract(
        {
            "experience": [
                {"company": "A", "start": "2018-01", "end": "2020-03"},
                {"company": "B", "start": "2020-01"},
            ]
        }
    )
    assert handover.values["account_experience_overlap_years"] == 0.0  # 60 days < 92


def test_overlap_uses_the_longest_running_earlier_position() -> None:
    r = extract(
        {
            "experience": [
                {"company": "Long", "start": "2000-01", "end": "2020-01"},
                {"company": "Short", "start": "2001-01", "end": "2001-06"},
                {"company": "Late", "start": "2010-01", "end": "2012-01"},
            ]
        }
    )
    # Late overlaps Long for all of 2010-01-01 .. 2012-01-01 (730 days).
    assert r.values["account_experience_overlap_years"] == pytest.approx((730 - 92) / 365.25)


def test_undescribed_positions_and_implausible_dates() -> None:
    r = extract(
        {
            "experience": [
                {"company": "Old Co", "start": "1950-01", "description": "Did things."},
                {"company": "New Co", "start": "2020-01"},
            ],
            "education": [{"school": "Ancient U", "start": "1940"}],
        }
    )
    assert r.values["account_experience_undescribed_frac"] == pytest.approx(1 / 2)
    assert r.values["account_implausible_dates"] == 2.0  # before 1966 = 2026 - 60
    assert SIGNAL.sentence("account_experience_undescribed_frac", r) == (
        "1 of 2 positions has no description (New Co)"
    )
    assert math.isnan(extract({}).values["account_experience_undescribed_frac"])


def test_name_and_username_oddities() -> None:
    r = extract({"name": "Amelia Oakes", "username": "amelia-oakes-83920"})
    v = r.values
    assert v["account_name_digits"] == 0.0
    assert v["account_username_digit_run"] == 5.0
    assert v["account_name_username_mismatch"] == 0.0
    assert v["account_username_consonant_run"] == 1.0
    odd = extract({"name": "J0hn Smith", "username": "xkqzvb"}).values
    assert odd["account_name_digits"] == 1.0
    assert odd["account_username_consonant_run"] == 6.0
    assert odd["account_name_username_mismatch"] == 1.0


def test_username_entropy_by_hand() -> None:
    assert extract({"username": "aaaa"}).values["account_username_entropy"] == 0.0
    assert extract({"username": "ab-cd"}).values["account_username_entropy"] == pytest.approx(2)
    # "aab": p = 2/3, 1/3.
    h = -(2 / 3) * math.log2(2 / 3) - (1 / 3) * math.log2(1 / 3)
    assert extract({"username": "aab"}).values["account_username_entropy"] == pytest.approx(h)


@pytest.mark.parametrize(
    ("name", "username", "expected"),
    [
        ("George Lindqvist", "glindqvist", 0.0),
        ("Priya Raman", "priyaraman", 0.0),
        ("José Álvarez", "jose.alvarez", 0.0),
        ("Priya Raman", "priya-xq", 2 / 7),
        ("Priya Raman", "zzzz", 1.0),
        ("Priya Raman", "12345", None),
    ],
)
def test_name_username_mismatch(name: str, username: str, expected: float | None) -> None:
    got = name_username_mismatch(name, username)
    if expected is None:
        assert got is None
    else:
        assert got == pytest.approx(expected)


def test_no_name_or_username() -> None:
    r = extract({})
    for name in (
        "account_name_digits",
        "account_username_digit_run",
        "account_username_consonant_run",
        "account_username_entropy",
        "account_name_username_mismatch",
    ):
        assert math.isnan(r.values[name])
    assert SIGNAL.sentence("account_username_entropy", r) == "The profile has no username"


def test_unknown_feature_sentence_is_refused() -> None:
    with pytest.raises(KeyError, match="not an account feature"):
        SIGNAL.sentence("activity_none", extract({}))


# --------------------------------------------------------------------------- golden vectors

GOLDEN = json.loads((Path(__file__).parent / "golden" / "behaviour_features.json").read_text())


@pytest.mark.parametrize("profile_id", sorted(GOLDEN["profiles"]))
def test_golden_vectors_for_examples(examples: Path, profile_id: str) -> None:
    lines = (examples / "profiles.jsonl").read_text().splitlines()
    profile = next(p for p in map(parse_profile, map(json.loads, lines)) if p.id == profile_id)
    r = SIGNAL.extract(profile, CTX)
    golden = GOLDEN["profiles"][profile_id]
    for name in NAMES:
        if golden[name] is None:  # null stands for nan
            assert math.isnan(r.values[name]), name
        else:
            assert r.values[name] == pytest.approx(golden[name], rel=1e-9, abs=1e-12), name


def test_golden_values_agree_with_hand_computation() -> None:
    amelia = GOLDEN["profiles"]["p-amelia"]
    assert amelia["account_following_followers_log_ratio"] == pytest.approx(math.log(2211 / 41))
    assert amelia["account_following_posts_log_ratio"] == pytest.approx(math.log(2211 / 1))
    assert amelia["account_completeness"] == pytest.approx(2 / 4)  # about and experience
    assert amelia["account_username_digit_run"] == 5.0
    assert amelia["account_age_years"] == pytest.approx(56 / 365.25)
    assert amelia["activity_likes_only"] == 1.0


# --------------------------------------------------------------------------- properties

optional_count = st.one_of(st.none(), st.integers(min_value=0, max_value=10**12))
dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY)
short = st.text(max_size=40)


@st.composite
def positions(draw: st.DrawFn) -> dict[str, Any]:
    start = draw(st.one_of(st.none(), dates))
    end = draw(st.one_of(st.none(), dates))
    if start is not None and end is not None and end < start:
        start, end = end, start
    return {
        "company": draw(st.one_of(st.none(), short)),
        "description": draw(st.one_of(st.none(), short)),
        "start": None if start is None else start.isoformat(),
        "end": None if end is None else end.isoformat(),
        "full_time": draw(st.one_of(st.none(), st.booleans())),
    }


@st.composite
def profiles(draw: st.DrawFn) -> Profile:
    created = draw(st.one_of(st.none(), dates))
    return parse_profile(
        {
            "id": "h",
            "name": draw(st.one_of(st.none(), short)),
            "username": draw(st.one_of(st.none(), short)),
            "about": draw(st.one_of(st.none(), short)),
            "created_at": None if created is None else created.isoformat(),
            "connections": draw(optional_count),
            "followers": draw(optional_count),
            "following": draw(optional_count),
            "has_photo": draw(st.one_of(st.none(), st.booleans())),
            "experience": draw(st.lists(positions(), max_size=6)),
            "education": [
                {"school": s, "start": d.isoformat()}
                for s, d in draw(st.lists(st.tuples(short, dates), max_size=3))
            ],
            "skills": draw(st.lists(short, max_size=3)),
        }
    )


@settings(max_examples=150, deadline=None)
@given(profiles())
def test_fact_keys_follow_sentences(profile: Profile) -> None:
    assert_fact_keys_follow_sentences(SIGNAL, SIGNAL.extract(profile, CTX))


@settings(max_examples=120, deadline=None)
@given(profiles())
def test_every_feature_in_range_with_a_sentence(profile: Profile) -> None:
    r = SIGNAL.extract(profile, CTX)
    assert set(r.values) == set(NAMES)
    for f in SIGNAL.features:
        assert f.check(r.values[f.name]), (f.name, r.values[f.name])
        assert SIGNAL.sentence(f.name, r)


@settings(max_examples=60, deadline=None)
@given(profiles(), st.data())
def test_invariant_to_order_of_positions(profile: Profile, data: st.DataObject) -> None:
    shuffled = profile.model_copy(
        update={"experience": data.draw(st.permutations(profile.experience))}
    )
    a = SIGNAL.extract(profile, CTX).values
    b = SIGNAL.extract(shuffled, CTX).values
    for name in NAMES:
        assert (math.isnan(a[name]) and math.isnan(b[name])) or a[name] == pytest.approx(b[name]), (
            name
        )


@pytest.mark.parametrize("username", ["ß" * 300, "ﬃ" * 300, "İ" * 300, "x" * 300])
def test_longest_usernames_that_expand_when_folded(username: str) -> None:
    r = extract({"name": "Ann Lee", "username": username})
    for f in SIGNAL.features:
        assert f.check(r.values[f.name]), f.name
    assert r.values["account_username_entropy"] >= 0.0
