"""The data model: validation rules, messages naming the field, derived totals."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import time
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fakeprofile import InvalidProfileError, Profile, parse_invitation, parse_profile


def test_only_id_is_required() -> None:
    p = parse_profile({"id": "p-1"})
    assert p.id == "p-1"
    assert p.activity is None
    assert p.activity_totals() is None
    assert p.photo_known is None


def test_missing_id_is_named() -> None:
    with pytest.raises(InvalidProfileError, match=r"^id: is required$"):
        parse_profile({"name": "x"})


def test_negative_count_names_the_field() -> None:
    with pytest.raises(InvalidProfileError, match=r"activity\.likes: must be ≥ 0, got -3"):
        parse_profile({"id": "p", "activity": {"likes": -3}})


def test_error_names_the_record_id() -> None:
    with pytest.raises(InvalidProfileError, match=r"^record 'p-9': connections") as info:
        parse_profile({"id": "p-9", "connections": "many"})
    assert info.value.record_id == "p-9"
    assert info.value.problems[0].path == "connections"


def test_every_bad_field_is_reported() -> None:
    with pytest.raises(InvalidProfileError) as info:
        parse_profile({"id": "p", "followers": -1, "following": -2})
    assert {p.path for p in info.value.problems} == {"followers", "following"}


def test_unknown_fields_are_rejected_but_meta_is_kept() -> None:
    with pytest.raises(InvalidProfileError, match=r"conections: unknown field"):
        parse_profile({"id": "p", "conections": 3})
    p = parse_profile({"id": "p", "meta": {"crm_id": 17, "tags": ["a"]}})
    assert p.meta == {"crm_id": 17, "tags": ["a"]}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019", dt.date(2019, 1, 1)),
        ("2019-03", dt.date(2019, 3, 1)),
        ("2019-03-14", dt.date(2019, 3, 14)),
    ],
)
def test_partial_dates(text: str, expected: dt.date) -> None:
    p = parse_profile({"id": "p", "experience": [{"start": text}]})
    assert p.experience is not None
    assert p.experience[0].start == expected


def test_bad_date_is_named() -> None:
    with pytest.raises(InvalidProfileError, match=r"experience\.0\.start: not a valid date"):
        parse_profile({"id": "p", "experience": [{"start": "2019-13"}]})


def test_future_dates_are_refused() -> None:
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    with pytest.raises(InvalidProfileError, match=r"created_at: is in the future"):
        parse_profile({"id": "p", "created_at": future})
    with pytest.raises(InvalidProfileError, match=r"events\.0\.at: is in the future"):
        parse_profile({"id": "p", "events": [{"type": "like", "at": future + "T00:00:00Z"}]})


def test_end_before_start_is_refused() -> None:
    with pytest.raises(
        InvalidProfileError, match=r"experience\.0: end \(2018-01-01\) is before start"
    ):
        parse_profile({"id": "p", "experience": [{"start": "2019", "end": "2018"}]})


def test_giant_text_is_refused_not_cut() -> None:
    with pytest.raises(
        InvalidProfileError, match=r"about: must be at most 20000 characters, got 10000000"
    ):
        parse_profile({"id": "p", "about": "x" * 10_000_000})


def test_numeric_id_becomes_text() -> None:
    assert parse_profile({"id": 42}).id == "42"


def test_not_an_object() -> None:
    with pytest.raises(InvalidProfileError, match="must be a JSON object, got list"):
        parse_profile([1, 2])


def test_totals_derived_from_events() -> None:
    p = parse_profile(
        {
            "id": "p",
            "events": [
                {"type": "like", "at": "2026-10-01T10:00:00Z"},
                {"type": "like", "at": "2026-10-03T10:00:00Z"},
                {"type": "comment", "at": "2026-10-31T09:00:00Z", "text": "Good point on rotas."},
                {"type": "share"},
            ],
        }
    )
    totals = p.activity_totals()
    assert totals is not None
    assert (totals.likes, totals.comments, totals.shares, totals.posts) == (2, 1, 1, 0)
    assert totals.comment_texts == ["Good point on rotas."]
    assert totals.window_days == 30  # 29 days 23 hours, rounded up


def test_totals_given_win_over_events() -> None:
    p = parse_profile({"id": "p", "activity": {"likes": 5}, "events": [{"type": "comment"}]})
    assert p.activity_totals() == p.activity


def test_photo_known() -> None:
    assert parse_profile({"id": "p", "has_photo": False}).photo_known is False
    assert parse_profile({"id": "p", "photo_hash": "ffee0011ffee0011"}).photo_known is True


def test_profiles_are_frozen() -> None:
    p = parse_profile({"id": "p"})
    with pytest.raises(ValueError, match="frozen"):
        p.id = "q"  # type: ignore[misc]


def test_invitation_errors_name_the_nested_path() -> None:
    with pytest.raises(InvalidProfileError, match=r"sender\.activity\.likes: must be ≥ 0"):
        parse_invitation({"sender": {"id": "s", "activity": {"likes": -1}}})
    with pytest.raises(InvalidProfileError, match=r"sender: is required"):
        parse_invitation({"message": "hi"})


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=20,
)
profile_keys = st.sampled_from(
    [
        "id",
        "name",
        "about",
        "connections",
        "created_at",
        "activity",
        "events",
        "experience",
        "photo_hash",
        "skills",
        "meta",
    ]
)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.dictionaries(profile_keys | st.text(max_size=8), json_values, max_size=8))
def test_random_json_gives_a_profile_or_invalid_profile_error(data: dict[str, Any]) -> None:
    try:
        p = parse_profile(data)
    except InvalidProfileError as exc:
        assert str(exc)
        assert exc.problems
    else:
        assert isinstance(p, Profile)
        # A valid profile survives a JSON round trip unchanged.
        assert parse_profile(json.loads(p.model_dump_json())) == p


@settings(max_examples=100, deadline=None)
@given(json_values)
def test_random_top_level_values_never_crash(data: Any) -> None:
    with contextlib.suppress(InvalidProfileError):
        parse_profile(data)


def _outcome(created_at: object) -> object:
    try:
        return parse_profile({"id": "p", "created_at": created_at}).created_at
    except InvalidProfileError as exc:
        return [str(p) for p in exc.problems]


_DATE_TEXTS = (
    st.dates(dt.date(1000, 1, 1), dt.date(2100, 12, 31)).map(dt.date.isoformat)
    | st.from_regex(r"\A ?[0-9]{4}(-[0-9]{1,2}(-[0-9]{1,2})?)? ?\Z")
    | st.text(max_size=12)
)


@settings(max_examples=300)
@given(st.lists(_DATE_TEXTS, min_size=1, max_size=4))
def test_dates_read_again_give_what_they_gave_the_first_time(texts: list[str]) -> None:
    """Dates read from text are remembered: the same text, the same date or the same error."""
    from fakeprofile import profile as module

    module._DATES_READ.clear()
    first = [_outcome(t) for t in texts]
    assert [_outcome(t) for t in texts] == first  # remembered where read
    module._DATES_READ.clear()
    assert [_outcome(t) for t in reversed(texts)] == first[::-1]


def test_dates_after_tomorrow_are_refused_each_time() -> None:
    today = dt.datetime.now(dt.UTC).date()
    for _ in range(2):  # the second time from what was remembered
        assert _outcome(today.isoformat()) == today
        assert _outcome((today + dt.timedelta(days=1)).isoformat()) == today + dt.timedelta(days=1)
        later = (today + dt.timedelta(days=2)).isoformat()
        assert _outcome(later) == [f"created_at: is in the future: {later}"]


def test_the_latest_date_follows_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The latest date allowed is worked out once a day: a clock past midnight moves it."""
    from fakeprofile import profile as module

    now = dt.datetime(2030, 5, 1, 23, 59, 59, tzinfo=dt.UTC)
    monkeypatch.setattr(module, "_today", lambda: now.date())
    monkeypatch.setattr(time, "time", lambda: now.timestamp())
    monkeypatch.setattr(module, "_LATEST_DATE", (0.0, 0.0, dt.date.min))
    assert module._latest_date() == dt.date(2030, 5, 2)
    now = dt.datetime(2030, 5, 2, 0, 0, 1, tzinfo=dt.UTC)  # a new day
    assert module._latest_date() == dt.date(2030, 5, 3)
    now = dt.datetime(2030, 5, 1, 12, 0, tzinfo=dt.UTC)  # the clock set back a day
    assert module._latest_date() == dt.date(2030, 5, 2)


def test_profiles_and_invitations_come_back_from_pickle_as_they_were() -> None:
    """Worker processes get profiles pickled as their fields: equal, frozen, fields set kept."""
    import pickle

    from fakeprofile import synthetic

    profiles = synthetic.generate(60, seed=3).profiles
    invitation = parse_invitation(
        {
            "sender": profiles[0].model_dump(exclude_none=True),
            "message": "Hi there",
            "sent_at": "2026-01-02T03:04:05Z",
        }
    )
    for model in [*profiles, invitation]:
        back = pickle.loads(pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL))
        assert back == model
        assert back.model_fields_set == model.model_fields_set
        assert back.model_dump_json() == model.model_dump_json()
        with pytest.raises(ValueError, match="frozen"):
            back.id = "other"
