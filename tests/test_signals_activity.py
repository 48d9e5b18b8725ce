"""The activity signal: mix, rates, comments and timing, by hand and by property."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fakeprofile.features import ProfileVectorizer
from fakeprofile.profile import Profile, parse_profile
from fakeprofile.signals import activity
from fakeprofile.signals.activity import ActivitySignal, is_generic_comment
from fakeprofile.signals.base import Context, SignalResult

TODAY = dt.date(2026, 11, 25)
CTX = Context(today=TODAY)
SIGNAL = ActivitySignal()
NAMES = [f.name for f in SIGNAL.features]
FEATURES = {f.name: f for f in SIGNAL.features}
T0 = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)  # midnight UTC: hours of day are easy
COUNTS = ("likes", "comments", "shares", "shares_with_comment", "posts", "articles")
WRITTEN = ("comments", "shares_with_comment", "posts", "articles")
#: The counts each count-based feature needs; nan when one of them is unknown.
NEEDS: dict[str, tuple[str, ...]] = {
    "activity_none": COUNTS,
    "activity_likes_frac": COUNTS,
    "activity_comments_frac": COUNTS,
    "activity_bare_shares_frac": COUNTS,
    "activity_commented_shares_frac": COUNTS,
    "activity_posts_frac": COUNTS,
    "activity_articles_frac": COUNTS,
    "activity_written_frac": COUNTS,
    "activity_likes_only": ("likes", *WRITTEN),
    "activity_posts_log": ("posts", "articles"),
    "activity_actions_per_30d_log": COUNTS,
    "activity_likes_per_30d_log": ("likes",),
    "activity_written_per_30d_log": WRITTEN,
    "activity_comments_per_30d_log": ("comments",),
}
RATES = [n for n in NAMES if n.endswith("_per_30d_log")]
# Every count given, each of them 1 or more.
FULL = {
    "likes": 40,
    "comments": 6,
    "shares": 3,
    "shares_with_comment": 2,
    "posts": 4,
    "articles": 1,
}


def extract(data: dict[str, Any]) -> SignalResult:
    return SIGNAL.extract(parse_profile({"id": "t", **data}), CTX)


def at(seconds: float) -> str:
    return (T0 + dt.timedelta(seconds=seconds)).isoformat()


def same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == b


def test_declares_features_in_its_group() -> None:
    # Declarations every signal shares are checked once for all in test_signals.py.
    assert all(f.group == "activity" for f in SIGNAL.features)
    assert set(NEEDS) <= set(NAMES)


def test_every_feature_has_a_valid_direction() -> None:
    directions = {f.name: f.direction for f in SIGNAL.features}
    # What fakes do: like rather than write, repeat stock comments, act like scripts.
    assert directions["activity_likes_frac"] == "up"
    assert directions["activity_written_frac"] == "down"
    assert directions["activity_comment_generic_frac"] == "up"
    assert directions["activity_comment_length_log"] == "down"
    assert directions["activity_burst_max_log"] == "up"
    assert directions["activity_gap_cv"] == "down"
    assert directions["activity_quiet_hours"] == "down"


def test_likes_only_profile_by_hand() -> None:
    r = extract(
        {
            "activity": {
                "window_days": 90,
                "likes": 212,
                "shares": 3,
                "comments": 0,
                "shares_with_comment": 0,
                "posts": 0,
                "articles": 0,
            }
        }
    )
    v = r.values
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
    assert math.isnan(v["activity_gap_cv"])  # no timed events
    assert r.evidence["activity_likes_only"][0].to_dict() == {
        "kind": "counts",
        "likes": 212,
        "comments": 0,
        "shares": 3,
        "shares_with_comment": 0,
        "posts": 0,
        "articles": 0,
        "period": "window",
        "window_days": 90,
    }
    assert (
        SIGNAL.sentence("activity_likes_only", r) == "212 likes, 3 shares without comment and "
        "no comments, shares with a comment, posts or articles in the last 90 days"
    )
    assert SIGNAL.sentence("activity_likes_per_30d_log", r) == (
        "212 likes in the last 90 days, about 71 a month"
    )
    assert SIGNAL.sentence("activity_written_per_30d_log", r) == (
        "No written actions in the last 90 days"
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
    assert v["activity_posts_log"] == pytest.approx(math.log1p(2))
    assert v["activity_comments_per_30d_log"] == pytest.approx(math.log1p(5))
    assert SIGNAL.sentence("activity_written_frac", r) == (
        "10 likes, 5 comments, 1 share without comment, 2 shares with a comment, 1 post "
        "and 1 article in the last 30 days"
    )
    # Over 30 days the count is the monthly rate: no "about ... a month".
    assert SIGNAL.sentence("activity_comments_per_30d_log", r) == "5 comments in the last 30 days"


def test_no_activity_data_is_nan() -> None:
    r = extract({})
    for name in NAMES:
        assert math.isnan(r.values[name]), name
    assert r.evidence == {}


def test_zero_activity_is_a_fact() -> None:
    r = extract({"activity": {"window_days": 90, **dict.fromkeys(COUNTS, 0)}})
    assert r.values["activity_none"] == 1.0
    assert r.values["activity_likes_only"] == 0.0
    assert r.values["activity_actions_per_30d_log"] == 0.0
    assert r.values["activity_written_per_30d_log"] == 0.0
    assert r.values["activity_posts_log"] == 0.0
    # No action at all: no share of actions (0 of 0), the fact is activity_none.
    assert math.isnan(r.values["activity_likes_frac"])
    assert math.isnan(r.values["activity_written_frac"])
    assert SIGNAL.sentence("activity_none", r) == (
        "No likes, comments, shares, posts or articles in the last 90 days"
    )


def test_totals_without_counts_know_nothing() -> None:
    r = extract({"activity": {"window_days": 90}})
    for name in NAMES:
        assert math.isnan(r.values[name]), name
    assert SIGNAL.sentence("activity_none", r) == "No activity counts were given"


@pytest.mark.parametrize("count", COUNTS)
def test_an_absent_count_is_not_zero(count: str) -> None:
    given = extract({"activity": {"window_days": 90, **FULL, count: 0}})
    absent = extract(
        {"activity": {"window_days": 90, **{k: n for k, n in FULL.items() if k != count}}}
    )
    null = extract({"activity": {"window_days": 90, **FULL, count: None}})
    for name, needs in NEEDS.items():
        assert same(absent.values[name], null.values[name]), name
        if count in needs:
            assert not math.isnan(given.values[name]), name
            assert math.isnan(absent.values[name]), name
        else:
            assert absent.values[name] == given.values[name], name
    assert any(not same(given.values[n], absent.values[n]) for n in NAMES), (
        "an absent count and a count of 0 gave the same features"
    )
    # The sentences state the known counts only: the absent one is not mentioned,
    # the one known to be 0 is.
    mix = SIGNAL.sentence("activity_none", absent).removesuffix(" in the last 90 days")
    assert len(re.findall(r"\b\d+\b", mix)) == 5, mix
    assert " no " not in mix
    assert " no " in SIGNAL.sentence("activity_none", given)


def test_partly_known_counts_by_hand() -> None:
    # Likes and written counts known, bare shares not: likes-only is known, shares are not.
    r = extract(
        {
            "activity": {
                "window_days": 90,
                "likes": 212,
                "comments": 0,
                "shares_with_comment": 0,
                "posts": 0,
                "articles": 0,
            }
        }
    )
    assert r.values["activity_likes_only"] == 1.0
    assert math.isnan(r.values["activity_likes_frac"])
    assert math.isnan(r.values["activity_actions_per_30d_log"])
    assert r.values["activity_written_per_30d_log"] == 0.0
    assert SIGNAL.sentence("activity_likes_only", r) == (
        "212 likes and no comments, shares with a comment, posts or articles in the last 90 days"
    )
    assert SIGNAL.sentence("activity_actions_per_30d_log", r) == (
        "Not every kind of action was counted"
    )
    assert "activity_actions_per_30d_log" not in r.evidence


def test_lifetime_totals_cover_the_accounts_age() -> None:
    """Lifetime totals of an account of known age have a known period: its age."""
    r = extract({"created_at": "2025-11-25", "activity": {"window_days": None, **FULL}})
    days = (TODAY - dt.date(2025, 11, 25)).days  # 365
    assert r.values["activity_likes_per_30d_log"] == pytest.approx(math.log1p(40 * 30 / days))
    assert r.values["activity_likes_frac"] == pytest.approx(40 / 56)
    assert SIGNAL.sentence("activity_likes_per_30d_log", r) == (
        "40 likes over the account's life (365 days), about 3.3 a month"
    )
    assert SIGNAL.sentence("activity_none", r).endswith("over the account's life (365 days)")


def test_lifetime_totals_of_an_account_of_unknown_age_have_no_rates() -> None:
    r = extract({"activity": {"window_days": None, **FULL}})
    for name in RATES:
        assert math.isnan(r.values[name]), name
    assert SIGNAL.sentence("activity_likes_per_30d_log", r) == "40 likes over the account's life"


def test_unknown_period_has_no_rates_and_no_period_in_any_sentence() -> None:
    r = extract(
        {"created_at": "2016-11-25", "activity": {**FULL, "comment_texts": ["Great post!"]}}
    )
    for name in RATES:
        assert math.isnan(r.values[name]), name
    # The mix still counts: the shares of actions need no period.
    assert r.values["activity_written_frac"] == pytest.approx(13 / 56)
    words = re.compile(r"\b(day|days|month|months|year|years|life|lifetime|period|window)\b")
    for name in NAMES:
        sentence = SIGNAL.sentence(name, r)
        assert not words.search(sentence), (name, sentence)
    assert SIGNAL.sentence("activity_likes_per_30d_log", r) == "40 likes"


def test_events_give_totals_over_their_span() -> None:
    events = [{"type": "like", "at": at(0)}, {"type": "comment", "at": at(86_400 * 10)}]
    r = extract({"events": events})
    v = r.values
    # Two actions over a 10-day span; every count is known from events.
    assert v["activity_actions_per_30d_log"] == pytest.approx(math.log1p(2 * 30 / 10))
    assert v["activity_likes_only"] == 0.0
    assert v["activity_likes_frac"] == 0.5
    assert SIGNAL.sentence("activity_actions_per_30d_log", r) == (
        "2 actions over 10 days, about 6 a month"
    )


def test_untimed_events_have_an_unknown_period() -> None:
    r = extract({"events": [{"type": "like"}, {"type": "post"}]})
    assert r.values["activity_likes_frac"] == 0.5
    assert math.isnan(r.values["activity_likes_per_30d_log"])
    assert SIGNAL.sentence("activity_none", r) == (
        "1 like, 1 post and no comments, shares or articles"
    )


def test_small_and_large_rates_are_plain() -> None:
    small = extract({"activity": {"window_days": 365, "likes": 3}})
    assert SIGNAL.sentence("activity_likes_per_30d_log", small) == "3 likes in the last 365 days"
    large = extract({"activity": {"window_days": 1, "likes": 10**12}})
    assert SIGNAL.sentence("activity_likes_per_30d_log", large) == (
        "1,000,000,000,000 likes in the last day, about 30,000,000,000,000 a month"
    )


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
        "2 of the 4 comment texts repeat an earlier one; 'great post' appears 3 times"
    )
    assert SIGNAL.sentence("activity_comment_length_log", r) == (
        "The 4 comment texts are 38 characters long in all, about 9.5 each"
    )
    assert SIGNAL.sentence("activity_comment_generic_frac", r) == (
        "3 of the 4 comment texts are stock phrases or emoji only, such as 'Great post!', "
        "'great post', 'GREAT POST!!!'"
    )
    assert r.evidence["activity_comment_repeat_frac"][0].detail["most_repeated"] == "great post"


def test_no_generic_comment_is_said_for_zero_only() -> None:
    r = extract(
        {"activity": {"comments": 3, "comment_texts": ["Is it public?", "Which one?", "Why?"]}}
    )
    assert r.values["activity_comment_generic_frac"] == 0.0
    assert SIGNAL.sentence("activity_comment_generic_frac", r) == (
        "None of the 3 comment texts is a stock phrase or emoji only"
    )


@pytest.mark.parametrize("comments", [None, 0, 5])
def test_no_comment_texts_no_comment_features(comments: int | None) -> None:
    # An empty list of texts: with comments counted, the texts were left out; without,
    # there is nothing to judge. Either way the comment features are unknown.
    r = extract({"activity": {"comments": comments, "comment_texts": []}})
    for name in activity._COMMENT:
        assert math.isnan(r.values[name]), name
        assert SIGNAL.sentence(name, r) == "No comment texts were given"
    unknown = extract({"activity": {"comments": comments}})
    for name in activity._COMMENT:
        assert math.isnan(unknown.values[name]), name


def test_emoji_only_comments_repeat_as_themselves() -> None:
    r = extract({"activity": {"comments": 2, "comment_texts": ["👏👏", "🔥"]}})
    assert r.values["activity_comment_generic_frac"] == 1.0
    assert r.values["activity_comment_repeat_frac"] == 0.0  # different emoji are not repeats


def test_burst_of_actions_by_hand() -> None:
    # Four likes one minute apart, then one a day later.
    events = [{"type": "like", "at": at(s)} for s in (0, 60, 120, 180, 86_400)]
    r = extract({"events": events})
    v = r.values
    assert v["activity_burst_max_log"] == pytest.approx(math.log1p(4))
    assert v["activity_rapid_gap_frac"] == pytest.approx(3 / 4)
    gaps = [60, 60, 60, 86_220]
    mean = sum(gaps) / 4
    std = math.sqrt(sum((g - mean) ** 2 for g in gaps) / 4)
    assert v["activity_gap_cv"] == round(std / mean, 2)
    assert SIGNAL.sentence("activity_rapid_gap_frac", r) == (
        "3 of the 4 gaps between consecutive timed actions are shorter than 2 minutes"
    )
    assert SIGNAL.sentence("activity_gap_cv", r) == (
        "The gaps between 5 timed actions average 6 hours and typically differ from that by "
        "173% (0% would be clockwork regularity)"
    )


def test_clockwork_spacing_has_zero_cv() -> None:
    events = [{"type": "like", "at": at(600 * i)} for i in range(20)]
    r = extract({"events": events})
    assert r.values["activity_gap_cv"] == 0.0
    assert r.values["activity_rapid_gap_frac"] == 0.0
    assert r.values["activity_burst_max_log"] == pytest.approx(math.log1p(2))  # 0 and 600 s
    assert SIGNAL.sentence("activity_gap_cv", r) == (
        "The gaps between 20 timed actions all last about 10 minutes: clockwork regularity"
    )


def test_gap_cv_by_hand() -> None:
    events = [{"type": "like", "at": at(s)} for s in (0, 1000, 3000)]
    # 1/3, rounded to the whole percentage the sentence states.
    assert extract({"events": events}).values["activity_gap_cv"] == 0.33


def test_quiet_hours() -> None:
    round_the_clock = [{"type": "like", "at": at(3600 * h + 5)} for h in range(24)]
    r = extract({"events": round_the_clock})
    assert r.values["activity_quiet_hours"] == 0.0
    assert SIGNAL.sentence("activity_quiet_hours", r) == (
        "There are actions in every hour of the day (UTC), over 24 timed actions"
    )
    # Active at 09:xx, 12:xx and 17:xx: quiet from 18:00 to 09:00, 15 hours.
    office = [{"type": "like", "at": at(3600 * h)} for h in (9, 12, 17)]
    r = extract({"events": office})
    assert r.values["activity_quiet_hours"] == 15.0
    assert SIGNAL.sentence("activity_quiet_hours", r) == (
        "The longest stretch of the day without any action is 15 hours (UTC), over 3 timed "
        "actions in 3 different hours"
    )


def test_too_few_timed_events() -> None:
    r = extract({"events": [{"type": "like", "at": at(0)}, {"type": "like"}]})
    for name in activity._TIMING:
        assert math.isnan(r.values[name]), name
    assert SIGNAL.sentence("activity_gap_cv", r) == (
        "Only 1 action has a timestamp, too few to judge the timing"
    )


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
    golden = dict(GOLDEN["profiles"][profile_id])
    # Until the golden file is regenerated: gap_cv is now rounded to the whole
    # percentage its sentence states.
    if golden["activity_gap_cv"] is not None:
        golden["activity_gap_cv"] = round(golden["activity_gap_cv"], 2)
    for name in NAMES:
        assert _approx_equal(r.values[name], golden[name]), (profile_id, name, r.values[name])


# --------------------------------------------------------------------------- properties

# Small counts so that two random profiles often state the same fact.
counts = st.one_of(st.integers(0, 3), st.integers(0, 10**12))
# Texts that cannot spell "nan", "unknown" or "e+" on their own (the sentences quote them).
texts = st.lists(
    st.one_of(
        st.sampled_from(["Great post!", "great post", "👏", "Is the audit public?", "Why?"]),
        st.text(alphabet="abc !👏", max_size=30),
    ),
    max_size=6,
)
event_types = st.sampled_from(["like", "comment", "share", "share_with_comment", "post", "article"])
offsets = st.one_of(st.none(), st.integers(min_value=0, max_value=400 * 86_400))
ABSENT = object()


@st.composite
def profiles(draw: st.DrawFn) -> Profile:
    data: dict[str, Any] = {"id": "h"}
    if draw(st.booleans()):
        data["created_at"] = draw(
            st.dates(min_value=dt.date(1990, 1, 1), max_value=TODAY)
        ).isoformat()
    if draw(st.integers(0, 3)):
        totals: dict[str, Any] = {}
        window = draw(st.sampled_from([ABSENT, None, 1, 30, 90, 365, 36_500]))
        if window is not ABSENT:
            totals["window_days"] = window
        for key in COUNTS:
            n = draw(st.one_of(st.just(ABSENT), st.none(), counts))
            if n is not ABSENT:
                totals[key] = n
        t = draw(st.one_of(st.just(ABSENT), st.none(), texts))
        if t is not ABSENT:
            totals["comment_texts"] = t
        data["activity"] = totals
    if draw(st.booleans()):
        data["events"] = [
            {
                "type": draw(event_types),
                "at": None if (o := draw(offsets)) is None else at(o),
                "text": draw(st.one_of(st.none(), texts.map(" ".join))),
            }
            for _ in range(draw(st.integers(0, 12)))
        ]
    return parse_profile(data)


FACT_OF = ProfileVectorizer().fit().fact_of()
#: Each activity fact's stating feature and the features whose values it states.
MEMBERS: dict[str, list[str]] = {}
for _name, (_signal, _lead) in FACT_OF.items():
    if _signal.name == "activity":
        MEMBERS.setdefault(_lead, []).append(_name)


def _stated(r: SignalResult) -> dict[str, set[str]]:
    """Each sentence said for ``r`` and the features whose contributions it sums.

    Facts whose sentences are equal are merged into one reason, so a sentence
    states every feature of every fact that says it.
    """
    out: dict[str, set[str]] = {}
    for lead, members in MEMBERS.items():
        out.setdefault(SIGNAL.sentence(lead, r), set()).update(members)
    return out


@settings(max_examples=150, deadline=None)
@given(st.lists(profiles(), min_size=2, max_size=6))
def test_a_sentence_determines_its_values(batch: list[Profile]) -> None:
    """Equal sentences, equal values of every feature they state: never opposite signs.

    No sentence speaks of an unknown, "nan" or scientific notation.
    """
    results = [SIGNAL.extract(p, CTX) for p in batch]
    stated = [_stated(r) for r in results]
    for said in stated:
        for sentence in said:
            low = sentence.lower()
            for word in ("unknown", "nan", "e+"):
                assert word not in low, sentence
            assert not re.search(r"\d\.\d{3}", sentence), sentence  # no long decimals
    for i in range(len(results)):
        for j in range(i + 1, len(results)):
            for sentence in stated[i].keys() & stated[j].keys():
                a, b = stated[i][sentence], stated[j][sentence]
                for name in a & b:
                    va, vb = results[i].values[name], results[j].values[name]
                    assert same(va, vb), (sentence, name, va, vb)
                # A feature stated in one result only must add nothing there.
                for name in a - b:
                    assert math.isnan(results[i].values[name]), (sentence, name)
                for name in b - a:
                    assert math.isnan(results[j].values[name]), (sentence, name)


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


@settings(max_examples=80, deadline=None)
@given(profiles())
def test_unknown_counts_give_nan(profile: Profile) -> None:
    r = SIGNAL.extract(profile, CTX)
    totals = profile.activity_totals()
    for name, needs in NEEDS.items():
        unknown = totals is None or any(totals.counts[k] is None for k in needs)
        no_period = totals is not None and totals.window_days is None
        if no_period and totals is not None and totals.period == "lifetime":
            no_period = profile.created_at is None  # lifetime: the account's age
        if unknown or (name in RATES and no_period):
            assert math.isnan(r.values[name]), name
        else:
            assert not math.isnan(r.values[name]) or name.endswith("_frac"), name


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
