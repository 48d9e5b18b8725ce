"""The text signal: copies in the index, internal duplication, boilerplate; its sentences."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

import pytest
from text_helpers import BIO, OTHER_BIO, TAMPERED_BIO

from fakeprofile import parse_profile
from fakeprofile.fingerprints.photo import PhotoMatch, PhotoQuery
from fakeprofile.fingerprints.text import (
    TextMatch,
    TextQuery,
    content_words,
    text_signature,
)
from fakeprofile.index.lookup import ReferenceLookup
from fakeprofile.index.textsearch import TextSearch
from fakeprofile.signals import Context
from fakeprofile.signals.text import INTERNAL_DUPLICATE_THRESHOLD, TextSignal, boilerplate_score

TODAY = dt.date(2026, 11, 25)


def test_boilerplate_score() -> None:
    assert boilerplate_score(OTHER_BIO) == (0.0, [])
    score, found = boilerplate_score(
        "Self-motivated, results driven TEAM PLAYER with a proven track record. Team player!"
    )
    assert found == ["self motivated", "results driven", "team player", "proven track record"]
    assert score == 1.0


def _check_ranges(signal: TextSignal, values: dict[str, float]) -> None:
    assert set(values) == {f.name for f in signal.features}
    for f in signal.features:
        assert f.check(values[f.name]), (f.name, values[f.name])


def test_features_without_index_are_nan_not_zero() -> None:
    signal = TextSignal()
    p = parse_profile({"id": "p-1", "about": BIO})
    result = signal.extract(p, Context(today=TODAY))
    _check_ranges(signal, result.values)
    for name in ("text_copy_count", "text_copy_max_similarity", "text_copy_older_count",
                 "text_description_copy_older_count"):  # fmt: skip
        assert math.isnan(result.values[name])  # not looked up: unknown, not "no copy"
    assert {f.direction for f in signal.features} == {"up"}


def test_internal_duplication_boilerplate_and_missing() -> None:
    signal = TextSignal()
    dup = parse_profile(
        {
            "id": "p-2",
            "headline": "Team player, passionate about growth",
            "about": OTHER_BIO,
            "experience": [{"description": BIO}, {"description": BIO.upper()}],
        }
    )
    r = signal.extract(dup, Context(today=TODAY))
    _check_ranges(signal, r.values)
    assert r.values["text_internal_duplication"] == 1.0
    assert r.evidence["text_internal_duplication"][0].detail["fields"] == [
        "experience.0.description",
        "experience.1.description",
    ]
    # "team player", "passionate about" (headline) and "results driven" (BIO): 3 of the 4
    # phrases that saturate the score.
    assert r.values["text_boilerplate"] == 0.75
    assert (
        "3 stock phrases: 'team player', 'passionate about', 'results driven'"
        in signal.sentence("text_boilerplate", r)
    )
    assert "100% identical" in signal.sentence("text_internal_duplication", r)
    assert math.isnan(r.values["text_copy_count"])  # no index

    clean = signal.extract(parse_profile({"id": "p-3", "about": BIO, "headline": "Recruiter"}),
                           Context(today=TODAY))  # fmt: skip
    # "recruiter" is one of the bio's content words, but far below the threshold of
    # "the same text": one value, 0, and one sentence for every pair of different texts.
    assert 0 < 1 / len(content_words(BIO)) < INTERNAL_DUPLICATE_THRESHOLD
    assert clean.values["text_internal_duplication"] == 0.0
    assert "all different" in signal.sentence("text_internal_duplication", clean)

    # No text known: nothing to judge, so unknown (nan), never "no stock phrases".
    empty = signal.extract(parse_profile({"id": "p-4"}), Context(today=TODAY))
    _check_ranges(signal, empty.values)
    assert all(math.isnan(v) for v in empty.values.values())
    one = signal.extract(parse_profile({"id": "p-5", "about": BIO}), Context(today=TODAY))
    assert math.isnan(one.values["text_internal_duplication"])  # one text repeats nothing


class TinyIndex:
    """A real, minimal reference index over TextSearch, as the SQLite store will be."""

    def __init__(self) -> None:
        self.search = TextSearch()
        self.rows: list[tuple[str, str, dt.date | None]] = []

    def add(self, profile_id: str, created_at: dt.date | None, texts: dict[str, str],
            mask: Sequence[str] = ()) -> None:  # fmt: skip
        for field, text in texts.items():
            s = text_signature(text, mask=mask)
            if s is not None:
                self.search.add(len(self.rows), s)
                self.rows.append((profile_id, field, created_at))

    def text_matches_many(self, queries: Sequence[TextQuery]) -> list[list[TextMatch]]:
        out: list[list[TextMatch]] = []
        for profile_id, _, signature in queries:
            found = []
            for key, similarity in self.search.query(signature):
                pid, matched_field, created = self.rows[key]
                if pid != profile_id:
                    found.append(TextMatch(pid, matched_field, similarity, created))
            out.append(found)
        return out

    def photo_matches_many(self, queries: Sequence[PhotoQuery]) -> list[list[PhotoMatch]]:
        return [[] for _ in queries]  # a text-only index knows no photos


def test_copy_features_with_an_index() -> None:
    index = TinyIndex()
    index.add("p-amara", dt.date(2012, 3, 1), {"about": "I am Amara Obi. " + BIO},
              mask=["Amara Obi", "Amara", "Obi"])  # fmt: skip
    index.add("p-later", dt.date(2026, 1, 1), {"experience": TAMPERED_BIO})
    index.add("p-other", dt.date(2015, 1, 1), {"about": OTHER_BIO})
    index.add("p-self", dt.date(2024, 1, 1), {"about": BIO})  # same id as the query below

    signal = TextSignal()
    copy = parse_profile(
        {"id": "p-self", "name": "Jo Bloggs", "created_at": "2024-06-01",
         "headline": "Recruiter", "about": "I am Jo Bloggs. " + BIO}
    )  # fmt: skip
    r = signal.extract(copy, Context(today=TODAY, index=index))
    _check_ranges(signal, r.values)
    # p-amara; never itself, and not p-later: a newer profile with our text copied
    # it from us (or both from a third), which says nothing against this profile.
    assert r.values["text_copy_count"] == 1.0
    assert r.values["text_copy_older_count"] == 1.0  # p-amara
    assert r.values["text_copy_max_similarity"] == 1.0
    ids = [e.detail["profile_id"] for e in r.evidence["text_copy_count"]]
    assert ids == ["p-amara"]
    amara = next(e for e in r.evidence["text_copy_count"] if e.detail["profile_id"] == "p-amara")
    assert amara.detail["created_at"] == "2012-03-01"
    assert amara.detail["older"] is True
    assert amara.detail["field"] == "about"
    sentence = signal.sentence("text_copy_count", r)
    assert sentence.startswith(
        "The about text is word for word the same as that of profile p-amara, "
        "whose account is 12 years older."
    )
    assert "other profiles share" not in sentence

    # The original, scored against an index holding its newer copy, is not a copy.
    original = parse_profile({"id": "p-orig", "created_at": "2010-01-01", "about": BIO})
    victim = signal.extract(original, Context(today=TODAY, index=index))
    assert victim.values["text_copy_count"] == 0.0
    assert victim.values["text_copy_older_count"] == 0.0
    # p-amara (2012) and p-self (2024) share its text, both newer than its 2010 account;
    # p-amara only two years newer: the dates hardly settle who took it first.
    assert victim.values["text_copy_newer_chance"] == pytest.approx(
        (TODAY - dt.date(2012, 3, 1)).days / (2 * (TODAY - dt.date(2010, 1, 1)).days)
    )
    newer_sentence = signal.sentence("text_copy_newer_chance", victim)
    assert newer_sentence == signal.sentence("text_copy_count", victim)  # one fact
    assert newer_sentence.startswith("The about text is word for word the same as that of ")
    assert "newer" in newer_sentence
    assert "matches no other known profile" not in newer_sentence
    assert "16 years newer (2 more newer profiles share it). The account dates" in newer_sentence
    chance = victim.values["text_copy_newer_chance"]
    assert newer_sentence.endswith(f"took it later at about {chance:.0%}.")
    # p-later (2026) has p-self's (2024) text in a job description: a newer copy.
    assert r.values["text_copy_newer_chance"] == pytest.approx(
        (TODAY - dt.date(2026, 1, 1)).days / (2 * (TODAY - dt.date(2024, 6, 1)).days)
    )
    assert [e.detail["profile_id"] for e in r.evidence["text_copy_newer_chance"]] == ["p-later"]

    alone = signal.extract(parse_profile({"id": "p-9", "about": OTHER_BIO + " Extra words here."}),
                           Context(today=TODAY, index=TinyIndex()))  # fmt: skip
    assert alone.values["text_copy_count"] == 0.0
    assert alone.values["text_copy_max_similarity"] == 0.0
    assert "matches no other known profile" in signal.sentence("text_copy_count", alone)


def test_ask_index_asks_each_index_once_for_its_queries() -> None:
    from fakeprofile.signals.base import ask_index

    class Counting(TinyIndex):
        def __init__(self) -> None:
            super().__init__()
            self.batches: list[list[str]] = []

    def ask(index: ReferenceLookup, queries: list[str]) -> list[str]:
        assert isinstance(index, Counting)
        index.batches.append(queries)
        return [q.upper() for q in queries]

    a, b = Counting(), Counting()
    contexts = [Context(today=TODAY, index=a), Context(today=TODAY, index=a)]
    assert ask_index(contexts, [(0, "x"), (1, "y")], ask) == ["X", "Y"]
    assert a.batches == [["x", "y"]]
    # Two indexes: each answers its own queries in one call, answers stay in order.
    mixed = [
        Context(today=TODAY, index=b),
        Context(today=TODAY, index=a),
        Context(today=TODAY, index=b),
    ]
    assert ask_index(mixed, [(0, "p"), (1, "q"), (2, "r")], ask) == ["P", "Q", "R"]
    assert b.batches == [["p", "r"]]
    assert a.batches == [["x", "y"], ["q"]]
    assert ask_index(contexts, [], ask) == []
    with pytest.raises(ValueError, match="no index"):
        ask_index([Context(today=TODAY)], [(0, "x")], ask)
    with pytest.raises(ValueError, match="answered 1 of 2"):
        ask_index(contexts, [(0, "x"), (1, "y")], lambda ix, qs: qs[:1])


def _group(index: TinyIndex, prefix: str, dates: Sequence[dt.date | None], text: str) -> None:
    for k, when in enumerate(dates):
        index.add(f"{prefix}-{k}", when, {"about": text})


def test_a_text_many_established_accounts_show_is_shared_not_copied() -> None:
    signal = TextSignal()
    index = TinyIndex()
    # A company's blurb: four staff over a year old, one newer colleague (and the new hire).
    _group(index, "staff", [dt.date(y, 3, 1) for y in (2011, 2015, 2019, 2023)], BIO)
    _group(index, "staff-new", [dt.date(2026, 6, 1)], BIO)
    hire = parse_profile({"id": "hire", "created_at": "2026-10-01", "about": BIO})
    r = signal.extract(hire, Context(today=TODAY, index=index))
    _check_ranges(signal, r.values)
    # Not a copy: the values of "no copy", whatever the dates of the sharers.
    assert r.values["text_copy_count"] == 0.0
    assert r.values["text_copy_max_similarity"] == 0.0
    assert r.values["text_copy_older_count"] == 0.0
    assert r.values["text_copy_newer_chance"] == 0.0
    (shared,) = r.evidence["text_copy_count"]
    assert shared.kind == "shared_text"
    assert shared.detail["profiles"] == 5
    assert shared.detail["established"] == 4
    assert shared.detail["profile_ids"][0].startswith("staff")
    sentence = signal.sentence("text_copy_max_similarity", r)
    assert sentence == signal.sentence("text_copy_count", r)  # one fact, one sentence
    assert sentence == (
        "The about text is shown by 6 profiles, this one and profile staff-0 among them; 4 of "
        "them are accounts over a year old: a common text, such as a company's blurb, not one "
        "person's copied."
    )
    # The oldest of the staff, scored, is no original of a copy either.
    first = parse_profile({"id": "staff-0", "created_at": "2011-03-01", "about": BIO})
    assert (
        signal.extract(first, Context(today=TODAY, index=index)).values["text_copy_newer_chance"]
        == 0.0
    )


@pytest.mark.parametrize(
    ("established", "new"),
    [
        (1, 4),  # a victim and its copies: one person's text
        (3, 0),  # three established accounts: below the four a shared text needs
        (3, 4),  # more new accounts than established ones (the copy among them)
        (0, 6),  # a ring of new accounts with one stock bio
    ],
)
def test_a_text_new_accounts_mostly_share_stays_a_copy(established: int, new: int) -> None:
    signal = TextSignal()
    index = TinyIndex()
    _group(index, "old", [dt.date(2014 + k, 1, 1) for k in range(established)], BIO)
    _group(index, "new", [dt.date(2026, 1 + k, 1) for k in range(new)], BIO)
    _group(index, "undated", [None] * 3, BIO)  # unknown dates count neither way
    copy = parse_profile({"id": "copy", "created_at": "2026-11-01", "about": BIO})
    r = signal.extract(copy, Context(today=TODAY, index=index))
    assert r.values["text_copy_count"] == established + new + 3
    assert r.values["text_copy_max_similarity"] == 1.0
    assert "shared_text" not in r.facts
    assert signal.sentence("text_copy_count", r).startswith("The about text is word for word")


def test_a_look_up_at_its_limit_needs_25_established_holders() -> None:
    # As many holders came back as a look-up returns: who else shows the text (a ring of
    # new accounts, say) is unknown. 20 established, 10 new and 20 undated would make it
    # shared were they all; at the limit only 25 established holders do, whatever the rest.
    from fakeprofile.index.store import MAX_TEXT_MATCHES
    from fakeprofile.signals.base import SHARED_ANYWAY

    signal = TextSignal()
    copy = parse_profile({"id": "copy", "created_at": "2026-11-01", "about": BIO})

    def holders(old: int, new: int, undated: int) -> TinyIndex:
        index = TinyIndex()
        _group(index, "old", [dt.date(2015, 1, 1)] * old, BIO)
        _group(index, "new", [dt.date(2026, 9, 1)] * new, BIO)
        _group(index, "undated", [None] * undated, BIO)
        return index

    assert MAX_TEXT_MATCHES == 50
    at_limit = signal.extract(copy, Context(today=TODAY, index=holders(20, 10, 20)))
    assert "shared_text" not in at_limit.facts
    assert at_limit.values["text_copy_count"] == MAX_TEXT_MATCHES
    below = signal.extract(copy, Context(today=TODAY, index=holders(20, 10, 19)))
    assert below.facts["shared_text"].established == 20
    many = signal.extract(copy, Context(today=TODAY, index=holders(SHARED_ANYWAY, 25, 0)))
    assert many.facts["shared_text"].established == SHARED_ANYWAY
    # Counted up to the limit only: the sentence says "at least", the evidence "complete".
    assert many.facts["shared_text"].complete is False
    assert signal.sentence("text_copy_count", many).startswith(
        "The about text is shown by at least 51 profiles, this one and profile "
    )
    assert below.facts["shared_text"].complete is True
    assert "at least" not in signal.sentence("text_copy_count", below)
