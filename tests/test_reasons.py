"""Reasons a person can trust, end to end with the shipped default model.

* Unknown is not empty: an absent section or count is neither a fact nor a
  reason, and adds nothing to the logit; an explicit empty one may be.
* Every sentence states a fact the input gave, and one sentence never appears
  both raising and lowering the risk.
* The fitted shape of every feature obeys the direction its signal declares.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest

from fakeprofile import ReferenceIndex, score
from fakeprofile.modelfile import default_model
from fakeprofile.recipe import TODAY
from fakeprofile.scoring import RiskScore, Scorer
from fakeprofile.signals import SIGNALS
from fakeprofile.synthetic import generate

#: Words no reason may use: an unknown is never stated, and no jargon.
_JARGON = re.compile(r"\b(?:nan|unknown|entropy|similarity)\b|\de\+", re.IGNORECASE)


def _all(result: RiskScore) -> list[tuple[str, float]]:
    return [(r.text, r.contribution) for r in (*result.reasons, *result.mitigating)]


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(today=TODAY)


def test_nothing_known_is_the_base_value(scorer: Scorer) -> None:
    result = scorer.score({"id": "a"})
    assert result.logit == pytest.approx(result.base_value, abs=1e-12)
    assert not result.reasons
    assert not result.mitigating
    assert all(v == 0.0 for v in result.subscores.values())


@pytest.mark.parametrize(
    ("section", "empty"),
    [
        ("experience", []),
        ("education", []),
        ("skills", []),
        ("about", ""),
        ("connections", 0),
        ("followers", 0),
        ("following", 0),
        ("has_photo", False),
    ],
)
def test_missing_is_not_empty(scorer: Scorer, section: str, empty: object) -> None:
    """An absent field adds nothing; an explicit empty one is a fact the model may weigh."""
    base = {"id": "a", "created_at": "2024-01-01", "headline": "Nurse at St Mary's"}
    absent = scorer.score(base)
    null = scorer.score({**base, section: None})
    assert null.logit == absent.logit  # null is unknown, like an absent key
    vectorize = scorer.vectorizer.transform
    unknown_row, known_row = vectorize([base, {**base, section: empty}])
    changed = ~np.isnan(known_row) & np.isnan(unknown_row)
    assert changed.any()  # the known absence is a value where the unknown was nan
    names = scorer.vectorizer.get_feature_names_out()
    codes = {c for r in (*absent.reasons, *absent.mitigating) for c in r.codes}
    assert not codes & set(names[changed]), codes


@pytest.mark.parametrize("count", ["likes", "comments", "shares", "posts"])
def test_an_absent_count_is_unknown_not_zero(scorer: Scorer, count: str) -> None:
    activity = {"window_days": 90, "likes": 40, "comments": 3, "shares": 1, "posts": 1}
    activity |= {"shares_with_comment": 0, "articles": 0}
    with_zero, without = scorer.vectorizer.transform(
        [
            {"id": "a", "activity": {**activity, count: 0}},
            {"id": "a", "activity": {k: v for k, v in activity.items() if k != count}},
        ]
    )
    # A 0 is a value the mix and rates are computed from; an absent count leaves them unknown.
    assert (~np.isnan(with_zero) & np.isnan(without)).any()
    assert not (np.isnan(with_zero) & ~np.isnan(without)).any()


def test_an_unknown_window_invents_no_period(scorer: Scorer) -> None:
    activity = {"likes": 212, "comments": 0, "shares": 0, "shares_with_comment": 0}
    activity |= {"posts": 0, "articles": 0}
    unknown = scorer.score({"id": "a", "activity": activity})
    texts = " ".join(t for t, _ in _all(unknown))
    for word in ("days", "per 30", "a month", "month", "lifetime", "in all"):
        assert word not in texts, texts
    lifetime = scorer.score({"id": "a", "activity": {**activity, "window_days": None}})
    assert "days" not in " ".join(t for t, _ in _all(lifetime))


def test_a_network_export_without_sections_is_not_blamed_for_them(scorer: Scorer) -> None:
    """The false reason behind most false alarms on real exports can no longer be said."""
    member = {
        "id": "m-1",
        "name": "Ines Duarte",
        "headline": "Physiotherapist",
        "about": "Physiotherapist in Porto, mostly sports injuries. Cyclist on weekends.",
        "created_at": "2016-05-01",
        "connections": 230,
    }
    result = scorer.score(member)
    texts = " ".join(t.lower() for t, _ in _all(result))
    for word in ("experience", "education", "skills", "position"):
        assert word not in texts, texts


def test_fitted_shapes_obey_declared_directions() -> None:
    model = default_model().model
    declared = {f.name: f for s in SIGNALS for f in s.features}
    for (knots, values), name in zip(model._shape_table(), model.feature_names_in_, strict=True):
        feature = declared[str(name)]
        steps = np.diff(values)
        if feature.direction == "up":
            assert (steps >= -1e-9).all(), name
        elif feature.direction == "down":
            assert (steps <= 1e-9).all(), name
        else:
            assert feature.normal is not None
            low, high = feature.normal
            mids = (knots[:-1] + knots[1:]) / 2
            assert (steps[mids < low] <= 1e-9).all(), name
            assert (steps[mids > high] >= -1e-9).all(), name
            assert (np.abs(steps[(mids > low) & (mids < high)]) <= 1e-9).all(), name


@pytest.mark.slow
def test_no_sentence_appears_with_both_signs(tmp_path: Path) -> None:
    """Over a synthetic sample, with an index: a sentence always pushes the same way."""
    population = generate(600, seed=11)
    signs: dict[str, set[bool]] = defaultdict(set)
    with ReferenceIndex(tmp_path / "ref.db") as index:
        index.add(population.references)
        scorer = Scorer(index=index, today=TODAY)
        items = [
            inv if inv is not None and k % 2 else p
            for k, (p, inv) in enumerate(
                zip(population.profiles, population.invitations, strict=True)
            )
        ]
        for item in items:
            for text, contribution in _all(scorer.score(item)):
                signs[text].add(contribution > 0)
                assert not _JARGON.search(text), text
    both = [text for text, s in signs.items() if len(s) == 2]
    assert not both, both[:5]


def test_reasons_are_exact(examples: Path) -> None:
    result = score(json.loads((examples / "invitation.json").read_text()))
    total = result.base_value + sum(result.subscores.values())
    assert math.isclose(total, result.logit, rel_tol=0, abs_tol=1e-9)
    assert not math.isnan(result.risk)


def test_every_reason_cites_its_evidence(examples: Path) -> None:
    """A reason rests on what the input said: each one carries the evidence it states."""
    for line in (examples / "profiles.jsonl").read_text(encoding="utf-8").splitlines():
        result = score(json.loads(line), photo_root=examples)
        for reason in (*result.reasons, *result.mitigating):
            assert reason.evidence, (result.profile_id, reason.code)
            assert reason.code in reason.codes, (result.profile_id, reason.code)


def test_a_copy_reason_names_the_profile_it_copies(tmp_path: Path) -> None:
    bio = (
        "Product designer with nine years in healthcare software. I lead research and design "
        "for the patient-facing apps at Brightwell Health, and mentor junior designers in Leeds."
    )
    with ReferenceIndex(tmp_path / "ref.db") as index:
        index.add([{"id": "p-amara", "about": bio, "created_at": "2013-09-02"}])
        result = Scorer(index=index, today=TODAY).score(
            {"id": "p-copy", "about": bio, "created_at": "2026-09-30"}
        )
    [copied] = [r for r in result.reasons if r.group == "text"]
    assert copied.contribution > 0
    assert "p-amara" in copied.text
    assert {e.detail["profile_id"] for e in copied.evidence} == {"p-amara"}
