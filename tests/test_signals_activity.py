"""The activity signal: mix, rates, comments and timing, by hand and by property."""

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
from fakeprofile.signals import activity
from fakeprofile.signals.activity import ActivitySignal, is_generic_comment
from fakeprofile.signals.base import Context, SignalResult

TODAY = dt.date(2026, 11, 25)
CTX = Context(today=TODAY)
SIGNAL = ActivitySignal()
NAMES = [f.name for f in SIGNAL.features]
T0 = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)  # midnight UTC: hours of day are easy


def extract(data: dict[str, Any]) -> SignalResult:
    return SIGNAL.extract(parse_profile({"id": "t", **data}), CTX)


def at(seconds: float) -> str:
    return (T0 + dt.timedelta(seconds=seconds)).isoformat()


def test_doctests() -> None:
    assert doctest.testmod(activity).failed == 0


def test_declares_features_in_its_group() -> None:
    assert SIGNAL.name == "activity"
    assert len(set(NAMES)) == len(NAMES)
    assert all(f.group == "activity" and f.name.startswith("activity_") for f in SIGNAL.features)
    # Only activity_missing is always known; the rest are nan without data.
    assert [f.name for f in SIGNAL.features if not f.missing_ok] == ["activity_missing"]


def test_likes_only_profile_by_hand() -> None:
    r = extract({"activity": {"window_days": 90, "likes": 212, "shares": 3}})
    v = r.values
    assert v["activity_missing"] == 0.0
    assert v["activity_none"] == 0.0
    assert v["activity_likes_frac"] == pytest.approx(212 / 215)
    assert v["activity_bare_shares_frac"] == pytest.approx(3 / 215)
    assert v["activity_written_frac"] == 0.0
    assert v["activity_comments_frac"] == 0.0
    assert v["activity_likes_only"] == 1.0
    assert v["activity_actions_per_30d_log"] == pytest.approx(math.log1p(215 / 3))
    assert v["activity_likes_per_30d_log"] == pytest.approx(math.log1p(212 / 3))
    assert v["activity_written_per_30d_log"] == 0.0
    assert math.isnan(v["activity_comment_generic_frac"])  # no comment texts
    assert v["activity_timing_missing"] == 1.0
    assert r.evidence["activity_likes_only"][0].to_dict() == {
        "kind": "counts",
        "likes": 212,
        "comments": 0,
        "shares": 3,
        "shares_with_comment": 0,
        "posts": 0,
        "articles": 0,
        "window_days": 90.0,
    }
    assert (
        SIGNAL.sentence("activity_likes_only", r) == "212 likes, 3 shares without comment and "
        "no comments, shares with a comment, posts or articles in the last 90 days"
    )


def test_writer_profile_by_hand() -> None:
    r = extract(
        {
            "activity": {
                "window_days": 30,
                "likes": 10,
                "comments": 5,
                "shares": 1,
                "shares_with_comment": 2,
                "posts": 1,
                "articles": 1,
            }
        }
    )
    v = r.values
    assert v["activity_written_frac"] == pytest.approx(9 / 20)
    assert v["activity_posts_frac"] == pytest.approx(1 / 20)
    assert v["activity_articles_frac"] == pytest.approx(1 / 20)
    assert v["activity_commented_shares_frac"] == pytest.approx(2 / 20)
    assert v["activity_likes_only"] == 0.0
    assert v["activity_comments_per_30d_log"] == pytest.approx(math.log1p(5))
    assert SIGNAL.sentence("activity_written_frac", r) == (
        "10 likes, 5 comments, 1 share without comment, 2 shares with a comment, 1 post "
        "and 1 article in the last 30 days"
    )


def test_no_activity_data_is_nan_not_zero() -> None:
    r = extract({})
    assert r.values["activity_missing"] == 1.0
    for name in NAMES[1:]:
        assert math.isnan(r.values[name]), name
    assert SIGNAL.sentence("activity_likes_only", r) == "No activity data is known for this profile"


def test_zero_activity() -> None:
    r = extract({"activity": {"window_days": 90}})
    assert r.values["activity_none"] == 1.0
    assert r.values["activity_likes_only"] == 0.0
    assert r.values["activity_likes_frac"] == 0.0
    assert r.values["activity_actions_per_30d_log"] == 0.0
    assert SIGNAL.sentence("activity_none", r) == (
        "No likes, comments, shares, posts or articles in the last 90 days"
    )


def test_lifetime_totals_use_account_age_so_windows_compare() -> None:
    # 730 days of lifetime totals at the same pace as 90 days of windowed totals.
    life = extract(
        {"created_at": "2024-11-25", "activity": {"window_days": None, "likes": 730 * 2}}
    )
    window = extract({"activity": {"window_days": 90, "likes": 90 * 2}})
    assert life.values["activity_likes_per_30d_log"] == pytest.approx(math.log1p(60))
    assert window.values["activity_likes_per_30d_log"] == pytest.approx(math.log1p(60))
    assert "over the account's lifetime (2.0 years)" in SIGNAL.sentence(
        "activity_likes_per_30d_log", life
    )


def test_lifetime_totals_without_age_have_unknown_rates() -> None:
    r = extract({"activity": {"window_days": None, "likes": 50, "comments": 1}})
    assert math.isnan(r.values["activity_likes_per_30d_log"])
    assert r.values["activity_likes_frac"] == pytest.approx(50 / 51)
    assert "unknown length" in SIGNAL.sentence("activity_likes_per_30d_log", r)


@pytest.mark.parametrize(
    "text",
    [
        "Great post!",
        "GREAT POST, John!!",
        "great post 🔥🔥",
        "👏👏👏",
        "!!!",
        "Thanks for sharing 🙏",
        "Great post. Thanks for sharing!",
        "Congrats Maria Lopez!",
        "Thank you for sharing, Dr. Ng",
    ],
)
def test_generic_comments(text: str) -> None:
    assert is_generic_comment(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "Great post about timber decks, the bolt detail is clever",
        "Congratulations Priya, the triage redesign was a huge piece of work.",
        "We saw the same thing when we moved booking reminders to SMS.",
        "Is the audit checklist public?",
    ],
)
def test_specific_comments(text: str) -> None:
    assert not is_generic_comment(text)


def test_comment_features_by_hand() -> None:
    texts = ["Great post!", "great post", "GREAT POST!!!", "abcd"]
    r = extract({"activity": {"likes": 1, "comments": 4, "comment_texts": texts}})
    v = r.values
    assert v["activity_comment_length_log"] == pytest.approx(math.log1p((11 + 10 + 13 + 4) / 4))
    assert v["activity_comment_generic_frac"] == pytest.approx(3 / 4)
    # Three texts fold to "great post": two of the four repeat an earlier one.
    assert v["activity_comment_repeat_frac"] == pytest.approx(2 / 4)
    assert SIGNAL.sentence("activity_comment_repeat_frac", r) == (
        "2 of 4 comment texts repeat an earlier one; 'great post' appears 3 times"
    )
    assert r.evidence["activity_comment_repeat_frac"][0].detail["most_repeated"] == "great post"


def test_emoji_only_comments_repeat_as_themselves() -> None:
    r = extract({"activity": {"comments": 2, "comment_texts": ["👏👏", "🔥"]}})
    assert r.values["activity_comment_generic_frac"] == 1.0
    assert r.values["activity_comment_repeat_frac"] == 0.0  # different emoji are not repeats


def test_burst_of_actions_by_hand() -> None:
    # Four likes one minute apart, then one a day later.
    events = [{"type": "like", "at": at(s)} for s in (0, 60, 120, 180, 86_400)]
    v = extract({"events": events}).values
    assert v["activity_timing_missing"] == 0.0
    assert v["activity_burst_max_log"] == pytest.approx(math.log1p(4))
    assert v["activity_rapid_gap_frac"] == pytest.approx(3 / 4)
    gaps = [60, 60, 60, 86_220]
    mean = sum(gaps) / 4
    std = math.sqrt(sum((g - mean) ** 2 for g in gaps) / 4)
    assert v["activity_gap_cv"] == pytest.approx(std / mean)


def test_clockwork_spacing_has_zero_cv() -> None:
    events = [{"type": "like", "at": at(600 * i)} for i in range(20)]
    r = extract({"events": events})
    assert r.values["activity_gap_cv"] == pytest.approx(0.0)
    assert r.values["activity_rapid_gap_frac"] == 0.0
    assert r.values["activity_burst_max_log"] == pytest.approx(math.log1p(2))  # 0 and 600 s


def test_gap_cv_by_hand() -> None:
    events = [{"type": "like", "at": at(s)} for s in (0, 1000, 3000)]
    assert extract({"events": events}).values["activity_gap_cv"] == pytest.approx(1 / 3)


def test_quiet_hours() -> None:
    round_the_clock = [{"type": "like", "at": at(3600 * h + 5)} for h in range(24)]
    assert extract({"events": round_the_clock}).values["activity_quiet_hours"] == 0.0
    # Active at 09:xx, 12:xx and 17:xx: quiet from 18:00 to 09:00, 15 hours.
    office = [{"type": "like", "at": at(3600 * h)} for h in (9, 12, 17)]
    r = extract({"events": office})
    assert r.values["activity_quiet_hours"] == 15.0
    assert SIGNAL.sentence("activity_quiet_hours", r).startswith(
        "The longest stretch of the day without any action is 15 hours"
    )


def test_too_few_timed_events() -> None:
    r = extract({"events": [{"type": "like", "at": at(0)}, {"type": "like"}]})
    assert r.values["activity_timing_missing"] == 1.0
    assert math.isnan(r.values["activity_gap_cv"])
    assert SIGNAL.sentence("activity_gap_cv", r) == (
        "Only 1 action has a timestamp, too few to judge the timing"
    )


def test_events_give_totals_over_their_span() -> None:
    events = [{"type": "like", "at": at(0)}, {"type": "comment", "at": at(86_400 * 10)}]
    v = extract({"events": events}).values
    # Two actions over a 10-day span.
    assert v["activity_actions_per_30d_log"] == pytest.approx(math.log1p(2 * 30 / 10))
    assert v["activity_likes_only"] == 0.0


def test_unknown_feature_sentence_is_refused() -> None:
    with pytest.raises(KeyError, match="not an activity feature"):
        SIGNAL.sentence("account_age_years", extract({}))


# --------------------------------------------------------------------------- golden vectors

GOLDEN = json.loads((Path(__file__).parent / "golden" / "behaviour_features.json").read_text())


def _approx_equal(a: float, b: float | None) -> bool:
    if b is None:  # JSON has no nan: None stands for nan in the golden file
        return math.isnan(a)
    return a == pytest.approx(b, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("profile_id", sorted(GOLDEN["profiles"]))
def test_golden_vectors_for_examples(examples: Path, profile_id: str) -> None:
    profiles = {
        p.id: p
        for p in (
            parse_profile(json.loads(line))
            for line in (examples / "profiles.jsonl").read_text().splitlines()
        )
    }
    r = SIGNAL.extract(profiles[profile_id], CTX)
    golden = GOLDEN["profiles"][profile_id]
    for name in NAMES:
        assert _approx_equal(r.values[name], golden[name]), (profile_id, name, r.values[name])


# --------------------------------------------------------------------------- properties

counts = st.integers(min_value=0, max_value=10**12)
texts = st.lists(st.text(max_size=60), max_size=8)
event_types = st.sampled_from(["like", "comment", "share", "share_with_comment", "post", "article"])
offsets = st.one_of(st.none(), st.integers(min_value=0, max_value=400 * 86_400))


@st.composite
def profiles(draw: st.DrawFn) -> Profile:
    data: dict[str, Any] = {"id": "h"}
    if draw(st.booleans()):
        data["created_at"] = draw(
            st.dates(min_value=dt.date(1990, 1, 1), max_value=TODAY)
        ).isoformat()
    if draw(st.booleans()):
        data["activity"] = {
            "window_days": draw(st.one_of(st.none(), st.integers(1, 36_500))),
            "likes": draw(counts),
            "comments": draw(counts),
            "shares": draw(counts),
            "shares_with_comment": draw(counts),
            "posts": draw(counts),
            "articles": draw(counts),
            "comment_texts": draw(texts),
        }
    if draw(st.booleans()):
        data["events"] = [
            {
                "type": draw(event_types),
                "at": None if (o := draw(offsets)) is None else at(o),
                "text": draw(st.one_of(st.none(), st.text(max_size=40))),
            }
            for _ in range(draw(st.integers(0, 30)))
        ]
    return parse_profile(data)


@settings(max_examples=150, deadline=None)
@given(profiles())
def test_fact_keys_follow_sentences(profile: Profile) -> None:
    assert_fact_keys_follow_sentences(SIGNAL, SIGNAL.extract(profile, CTX))


@settings(max_examples=80, deadline=None)
@given(profiles())
def test_every_feature_in_range_with_a_sentence(profile: Profile) -> None:
    r = SIGNAL.extract(profile, CTX)
    assert set(r.values) == set(NAMES)
    for f in SIGNAL.features:
        assert f.check(r.values[f.name]), (f.name, r.values[f.name])
        sentence = SIGNAL.sentence(f.name, r)
        assert sentence
        assert sentence == sentence.strip()


@settings(max_examples=60, deadline=None)
@given(profiles(), st.data())
def test_invariant_to_event_order(profile: Profile, data: st.DataObject) -> None:
    if not profile.events:
        return
    events = data.draw(st.permutations(profile.events))
    shuffled = profile.model_copy(update={"events": events})
    a = SIGNAL.extract(profile, CTX).values
    b = SIGNAL.extract(shuffled, CTX).values
    for name in NAMES:
        if math.isnan(a[name]):
            assert math.isnan(b[name]), name
        else:
            assert b[name] == pytest.approx(a[name], rel=1e-12, abs=1e-12), name
