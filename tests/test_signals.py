"""What every registered signal promises, written once and checked for each of ``SIGNALS``.

A signal added to the registry is held to these without a test of its own:
its features are declared once, with a direction and a range, and none encodes
an unknown; every value is in its range; a known value has a plain sentence;
its fact keys agree with its sentences; and a chunk extracted together gives
what one profile at a time gives. The signal's own behaviour (what a value
means, by hand) is in ``test_signals_<name>.py``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from photo_helpers import encode, synthetic_photo

from fakeprofile.features import ProfileVectorizer
from fakeprofile.fingerprints.photo import fingerprint
from fakeprofile.index import ReferenceIndex
from fakeprofile.profile import Profile, parse_invitation, parse_profile
from fakeprofile.signals import SIGNALS, Context, Signal, SignalResult, extract_many, fact_key_of

TODAY = dt.date(2026, 11, 25)
BY_NAME = {s.name: s for s in SIGNALS}
NAMES = sorted(BY_NAME)
#: Each feature's (signal, lead feature): the feature whose sentence states its fact.
FACT_OF = ProfileVectorizer().fit().fact_of()

BIO = (
    "Product designer with nine years in healthcare software. I lead research and design "
    "for the patient-facing apps at Brightwell Health, and mentor junior designers in Leeds."
)
OTHER_BIO = (
    "Marine biologist studying kelp forests off the coast of Tasmania, diving most weekends "
    "and teaching a field course on temperate reef ecology every southern summer."
)
#: Two photos: one is in the reference index, the other not.
PHOTOS = [fingerprint(encode(synthetic_photo(seed))).to_hex() for seed in (31, 32)]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReferenceIndex]:
    """Known profiles some drawn profiles copy: a bio and a photo, older and newer."""
    with ReferenceIndex(tmp_path_factory.mktemp("signals") / "i.db") as known:
        known.add(
            [
                Profile(id="k-old", about=BIO, photo_hash=PHOTOS[0], created_at="2012-05-01"),
                Profile(id="k-new", about=BIO, created_at="2026-11-01"),
                Profile(id="k-undated", experience=[{"description": OTHER_BIO}]),
            ]
        )
        yield known


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


# Texts from a few words, so that the drawn profiles often state the same fact; none
# of them spells "nan" or "e+" (a sentence may quote them).
words = st.sampled_from(["Ann", "Lee", "ann-lee-42", "xkqzvb", "Great post!", "Why?", "👏", ""])
texts = st.one_of(words, st.sampled_from([BIO, OTHER_BIO, BIO.replace("Leeds", "York")]))
counts = _maybe(st.one_of(st.integers(0, 3), st.sampled_from([40, 2210, 10**12])))
dates = st.dates(min_value=dt.date(1950, 1, 1), max_value=TODAY)


@st.composite
def activity(draw: st.DrawFn) -> dict[str, Any]:
    """Totals (any count unknown, any period), timed or untimed events, or nothing."""
    kind = draw(st.sampled_from(["none", "totals", "events"]))
    if kind == "events":
        start = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)
        return {
            "events": [
                {
                    "type": draw(st.sampled_from(["like", "comment", "share", "post", "article"])),
                    "at": None
                    if (m := draw(_maybe(st.integers(0, 60 * 24 * 50)))) is None
                    else (start + dt.timedelta(minutes=m)).isoformat(),
                    "text": draw(_maybe(words)),
                }
                for _ in range(draw(st.integers(0, 8)))
            ]
        }
    if kind == "none":
        return {}
    totals: dict[str, Any] = {
        k: draw(counts)
        for k in ("likes", "comments", "shares", "shares_with_comment", "posts", "articles")
        if draw(st.booleans())
    }
    if draw(st.booleans()):
        totals["comment_texts"] = draw(st.lists(words, max_size=4))
    totals["window_days"] = draw(st.sampled_from([30, 90, None]))
    return {"activity": totals}


@st.composite
def profiles(draw: st.DrawFn) -> Profile:
    """Profiles where every part any signal reads may be absent, empty or given."""
    position = st.fixed_dictionaries(
        {"title": words, "company": words},
        optional={"description": texts, "start": dates.map(dt.date.isoformat)},
    )
    data: dict[str, Any] = {
        "id": "h",
        "name": draw(_maybe(st.sampled_from(["Ann Lee", "Dana Whitfield", "x2"]))),
        "username": draw(_maybe(words)),
        "headline": draw(_maybe(words)),
        "about": draw(_maybe(texts)),
        "created_at": draw(_maybe(dates.map(dt.date.isoformat))),
        "connections": draw(counts),
        "followers": draw(counts),
        "following": draw(counts),
        "private": draw(_maybe(st.booleans())),
        "has_photo": draw(_maybe(st.booleans())),
        "photo_hash": draw(_maybe(st.sampled_from([*PHOTOS, "abc"]))),
        "experience": draw(_maybe(st.lists(position, max_size=3))),
        "education": draw(_maybe(st.lists(st.fixed_dictionaries({"school": words}), max_size=2))),
        "skills": draw(_maybe(st.lists(words, max_size=3))),
        **draw(activity()),
    }
    # An absent key and null are both unknown: drop some of the nulls.
    return parse_profile({k: v for k, v in data.items() if v is not None or draw(st.booleans())})


notes = st.sampled_from(
    [
        "Hi Ann, I see you looked at my profile. Let's talk on WhatsApp: bit.ly/3xYz",
        "Loved your talk on patient apps at Brightwell Health last week.",
        "I'd like to join your network.",
        "",
    ]
)


@st.composite
def contexts(draw: st.DrawFn, index: ReferenceIndex) -> Context:
    """A pinned date, with or without the index, with or without an invitation."""
    invitation = None
    if draw(st.booleans()):
        invitation = parse_invitation(
            {
                "sender": {"id": "h"},
                "message": draw(_maybe(notes)),
                "mutual_connections": draw(_maybe(st.integers(0, 30))),
                "recipient": draw(
                    _maybe(st.just({"id": "r", "name": "Ann Lee", "headline": "Designer"}))
                ),
            }
        )
    return Context(TODAY, index if draw(st.booleans()) else None, invitation)


def _members(signal: Signal) -> dict[str, list[str]]:
    """Each of the signal's facts (by its lead feature) and the features it states."""
    out: dict[str, list[str]] = {}
    for name, (owner, lead) in FACT_OF.items():
        if owner.name == signal.name:
            out.setdefault(lead, []).append(name)
    return out


def _same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == b


PROPERTY = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
per_signal = pytest.mark.parametrize("name", NAMES)


# --------------------------------------------------------------------------- declarations


def test_feature_names_are_unique_across_the_registry() -> None:
    names = [f.name for s in SIGNALS for f in s.features]
    assert len(names) == len(set(names))
    assert len(NAMES) == len(SIGNALS)
    assert set(FACT_OF) == set(names)  # every feature belongs to one fact of its signal


@per_signal
def test_features_are_named_after_their_signal(name: str) -> None:
    for f in BY_NAME[name].features:
        assert f.name.startswith(f"{name}_"), f.name


@per_signal
def test_every_feature_has_a_direction_and_a_range(name: str) -> None:
    for f in BY_NAME[name].features:
        assert f.direction in ("up", "down", "two-sided"), f.name
        assert f.low < f.high, f.name
        if f.direction == "two-sided":
            assert f.normal is not None, f.name
            assert f.low <= f.normal[0] <= f.normal[1] <= f.high, f.name
        else:
            assert f.normal is None, f.name


@per_signal
def test_no_feature_encodes_an_unknown(name: str) -> None:
    # "Not known" is not a fact: an unknown input makes its features nan instead.
    for f in BY_NAME[name].features:
        assert not f.name.endswith(("_missing", "_unknown", "_known")), f.name
        assert f.missing_ok, f.name


@per_signal
def test_a_sentence_is_refused_for_another_signals_feature(name: str) -> None:
    signal = BY_NAME[name]
    result = signal.extract(Profile(id="p"), Context(TODAY))
    other = next(f.name for s in SIGNALS if s.name != name for f in s.features)
    with pytest.raises(KeyError, match=re.escape(other)):  # the error names the feature
        signal.sentence(other, result)


# --------------------------------------------------------------------------- properties


@per_signal
@PROPERTY
@given(data=st.data())
def test_every_value_is_declared_in_range_and_known_ones_have_plain_sentences(
    name: str, index: ReferenceIndex, data: st.DataObject
) -> None:
    signal = BY_NAME[name]
    profile, context = data.draw(profiles()), data.draw(contexts(index))
    result = signal.extract(profile, context)
    assert set(result.values) == {f.name for f in signal.features}
    # Evidence is filed under declared features. (Not yet promised: no evidence for
    # an unknown. The photo and text signals file a fact's matches under each of
    # its features, and the text signal files description matches under
    # text_description_copy_older_count when the account's age is unknown.)
    assert set(result.evidence) <= set(result.values), result.evidence.keys()
    for f in signal.features:
        value = result.values[f.name]
        assert f.check(value), (f.name, value)
        if math.isnan(value):
            continue
        sentence = signal.sentence(f.name, result)
        assert sentence, f.name
        assert sentence == sentence.strip(), f.name
        assert not re.search(r"\bnan\b|\d[eE][+-]\d", sentence), (f.name, sentence)


@per_signal
@PROPERTY
@given(data=st.data())
def test_fact_keys_agree_with_sentences(
    name: str, index: ReferenceIndex, data: st.DataObject
) -> None:
    # Reasons merge features by fact key and write only the sentences they keep:
    # a key that disagreed with the sentences would merge two facts or state one twice.
    signal = BY_NAME[name]
    result = signal.extract(data.draw(profiles()), data.draw(contexts(index)))
    key_of = fact_key_of(signal)
    known = {
        lead: members
        for lead, members in _members(signal).items()
        if any(not math.isnan(result.values[m]) for m in members)
    }
    leads = list(known)
    keys = [key_of(lead, result) for lead in leads]
    sentences = [signal.sentence(lead, result) for lead in leads]
    for i in range(len(leads)):
        for j in range(i + 1, len(leads)):
            same_key, same_sentence = keys[i] == keys[j], sentences[i] == sentences[j]
            assert same_key == same_sentence, (leads[i], leads[j], sentences[i])
    # Every known feature of a fact has its fact's key and sentence.
    for lead, members in known.items():
        for m in members:
            if not math.isnan(result.values[m]):
                assert key_of(m, result) == key_of(lead, result), (m, lead)
                assert signal.sentence(m, result) == signal.sentence(lead, result), (m, lead)


@per_signal
@PROPERTY
@given(data=st.data())
def test_a_chunk_gives_what_one_profile_at_a_time_gives(
    name: str, index: ReferenceIndex, data: st.DataObject
) -> None:
    signal = BY_NAME[name]
    n = data.draw(st.integers(1, 4))
    drawn = data.draw(st.lists(profiles(), min_size=n, max_size=n))
    chunk: Sequence[Profile] = [p.model_copy(update={"id": f"h{i}"}) for i, p in enumerate(drawn)]
    ctxs = [data.draw(contexts(index)) for _ in chunk]
    together = extract_many(signal, chunk, ctxs)
    alone = [signal.extract(p, c) for p, c in zip(chunk, ctxs, strict=True)]
    for a, b in zip(together, alone, strict=True):
        assert a.values.keys() == b.values.keys()
        assert all(_same(a.values[k], b.values[k]) for k in a.values), (a.values, b.values)
        assert _evidence(a) == _evidence(b)


def _evidence(result: SignalResult) -> dict[str, list[dict[str, Any]]]:
    return {k: [e.to_dict() for e in v] for k, v in result.evidence.items()}


def test_the_properties_see_copies_in_the_index(index: ReferenceIndex) -> None:
    """The drawn profiles can copy the index's bio and photo: the copy features are exercised."""
    copier = parse_profile({"id": "h", "about": BIO, "photo_hash": PHOTOS[0]})
    context = Context(TODAY, index)
    values = {k: v for s in SIGNALS for k, v in s.extract(copier, context).values.items()}
    assert values["photo_reuse_count"] == 1.0
    assert values["text_copy_count"] == 2.0


def test_evidence_is_a_frozen_value_however_it_is_made() -> None:
    # Evidence sets its slots directly (quicker); it must still behave as a frozen dataclass.
    import dataclasses
    import pickle

    from fakeprofile.signals import Evidence

    e = Evidence("counts", {"likes": 3})
    assert e == Evidence(kind="counts", detail={"likes": 3})
    assert (e.kind, e.detail) == ("counts", {"likes": 3})
    assert pickle.loads(pickle.dumps(e)) == e
    assert dataclasses.replace(e, kind="sections") == Evidence("sections", {"likes": 3})
    assert [f.name for f in dataclasses.fields(e)] == ["kind", "detail"]
    assert repr(e) == "Evidence(kind='counts', detail={'likes': 3})"
    with pytest.raises(dataclasses.FrozenInstanceError):
        e.kind = "other"  # type: ignore[misc]
