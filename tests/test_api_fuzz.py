"""Hypothesis fuzzing of the Python API: on any JSON-like input only the library's errors escape.

``score``, ``score_many``, ``vet`` and ``ReferenceIndex.add`` take data from
untrusted sources; whatever shape it has, a caller must be able to rely on
``except FakeProfileError`` (and ``score_many`` must give exactly one result or
error row per input, in order).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from fakeprofile import (
    FakeProfileError,
    IndexFormatError,
    ReferenceIndex,
    RiskScore,
    ScoreError,
    Scorer,
    score,
    score_many,
    vet,
)

_ODD_TEXT = st.sampled_from(
    [
        "",
        " ",
        "\ud800",
        "\udcff",
        "\x00",
        "\u202e",
        "e\u0301",
        "１２",
        "1_000",
        " 7 ",
        "-1",
        "1e3",
        "NaN",
        "2020",
        "2020-13",
        "0001-01-01T00:00:00+01:00",
        "9999-12-31T23:59:59-01:00",
        "x" * 25_000,
        "like",
        "comment",
        "post",
    ]
)
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**12, max_value=10**4000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    _ODD_TEXT,
)
_JSON = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
_COUNT = st.one_of(st.integers(min_value=0, max_value=10**6), _SCALARS)
_TIME = st.one_of(
    _ODD_TEXT,
    st.datetimes(timezones=st.just(dt.UTC)).map(lambda t: t.isoformat()),
    st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(1, 1, 3)).map(
        lambda t: t.isoformat() + "+05:00"
    ),
)
_EVENT = st.fixed_dictionaries(
    {"type": st.sampled_from(["like", "comment", "post", "share", "bogus"])},
    optional={"at": _TIME, "text": _JSON},
)
#: Profiles close enough to valid to reach the signals, with hostile values in every field.
_PROFILE = st.fixed_dictionaries(
    {"id": st.one_of(st.text(min_size=1, max_size=12), st.text(min_size=1, max_size=12), _SCALARS)},
    optional={
        "name": st.one_of(st.text(max_size=30), st.text(max_size=30), _JSON),
        "username": st.one_of(st.text(max_size=30), _SCALARS),
        "headline": st.one_of(st.text(max_size=60), _SCALARS),
        "about": st.one_of(st.text(max_size=200), _SCALARS),
        "created_at": st.one_of(_TIME, _SCALARS),
        "connections": _COUNT,
        "followers": _COUNT,
        "following": _COUNT,
        "photo_hash": st.one_of(st.text("0123456789abcdef:;", max_size=40), _SCALARS),
        "skills": st.lists(st.text(max_size=20), max_size=4) | _JSON,
        "experience": st.lists(
            st.dictionaries(
                st.sampled_from(["title", "company", "description", "start", "end", "x"]),
                st.one_of(_TIME, _SCALARS),
                max_size=4,
            ),
            max_size=3,
        )
        | _JSON,
        "activity": st.dictionaries(
            st.sampled_from(
                ["window_days", "likes", "comments", "shares", "posts", "articles", "comment_texts"]
            ),
            _COUNT,
            max_size=5,
        )
        | _JSON,
        "events": st.lists(_EVENT, max_size=4) | _JSON,
        "meta": _JSON,
        "extra_field": _JSON,
    },
)
#: A record, never a bare string: ``score`` and ``vet`` read a string as a file's path.
_RECORD = st.one_of(_PROFILE, _JSON).filter(lambda r: not isinstance(r, str))
_INVITATION = st.one_of(
    st.fixed_dictionaries(
        {"sender": _RECORD},
        optional={
            "message": st.one_of(st.text(max_size=80), _SCALARS),
            "mutual_connections": _SCALARS,
            "links": _JSON,
            "recipient": _RECORD,
            "sent_at": _TIME,
        },
    ),
    _JSON.filter(lambda r: not isinstance(r, str)),
)
#: Inputs an adversarial pass found escaping as Python's own errors (issue 15), always tried.
_KNOWN_BAD: list[dict[str, Any]] = [
    {"id": "a", "events": [{"type": "like", "at": "0001-01-01T00:00:00+01:00"}]},
    {
        "id": "a",
        "events": [{"type": "like", "at": "1900-01-01"}, {"type": "post", "at": "2020-01-01"}],
    },
    {"id": "a", "connections": 10**5000},
    {"id": "a\ud800", "name": "\udcff"},
    {"id": "a", "activity": {"likes": True, "window_days": True}},
]
_FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer()


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReferenceIndex]:
    with ReferenceIndex(tmp_path_factory.mktemp("fuzz") / "net.db") as opened:
        yield opened


def _only_library_errors(call: Any, *args: Any, **kwargs: Any) -> object:
    try:
        return call(*args, **kwargs)
    except FakeProfileError:
        return None


@_FUZZ
@given(record=_RECORD)
@example(record=_KNOWN_BAD[0])
@example(record=_KNOWN_BAD[1])
@example(record=_KNOWN_BAD[2])
def test_score_raises_only_library_errors(scorer: Scorer, record: Any) -> None:
    for call in (score, scorer.score):  # the module function and a bound scorer
        result = _only_library_errors(call, record)
        assert result is None or isinstance(result, RiskScore)


@_FUZZ
@given(records=st.lists(st.one_of(_RECORD, _INVITATION), max_size=6))
@example(records=_KNOWN_BAD)
def test_score_many_gives_one_row_per_input(scorer: Scorer, records: list[Any]) -> None:
    results = list(score_many(records, scorer=scorer, chunk_size=4))
    assert len(results) == len(records)
    assert all(isinstance(r, RiskScore | ScoreError) for r in results)
    for position, result in enumerate(results, start=1):
        if isinstance(result, ScoreError):
            assert result.line == position
            result.to_dict()["error"].encode("utf-8")  # an error row can always be written


@_FUZZ
@given(invitation=_INVITATION)
@example(invitation={"sender": _KNOWN_BAD[0]})
@example(invitation={"sender": _KNOWN_BAD[1]})
def test_vet_raises_only_library_errors(scorer: Scorer, invitation: Any) -> None:
    verdict = _only_library_errors(vet, invitation, scorer=scorer)
    assert verdict is None or verdict.decision in {"accept", "ask", "decline"}  # type: ignore[attr-defined]


@_FUZZ
@given(records=st.lists(_RECORD, min_size=1, max_size=3))
@example(records=[_KNOWN_BAD[0]])
@example(records=[{"id": "ok"}, _KNOWN_BAD[1]])
def test_index_add_raises_only_library_errors(index: ReferenceIndex, records: list[Any]) -> None:
    before = index.stats()
    report = _only_library_errors(index.add, records)
    if report is None:  # refused as a whole: nothing was written
        assert index.stats() == before


def test_wrong_argument_types_are_type_errors_naming_the_argument() -> None:
    """Records are data (library errors); a wrong *argument* is a programming error."""
    with pytest.raises(TypeError, match="model must be a TrainedModel, a model folder's path"):
        score({"id": "a"}, model=5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="policy must be a Policy, got int"):
        vet({"sender": {"id": "s"}}, policy=5)  # type: ignore[arg-type]


def test_an_index_path_that_is_a_folder_says_so(tmp_path: Any) -> None:
    with pytest.raises(IndexFormatError, match="is a folder, not an index file"):
        score({"id": "a"}, index=tmp_path)
    with pytest.raises(IndexFormatError, match="is a folder, not an index file"):
        ReferenceIndex(tmp_path)
