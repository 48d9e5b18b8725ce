"""score(), score_many() and score_frame() with the shipped default model and a real index."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import fakeprofile
from fakeprofile import InvalidProfileError, Profile, RiskScore, score, score_frame, score_many
from fakeprofile.index import ReferenceIndex
from fakeprofile.io import Item, read_profiles
from fakeprofile.modelfile import default_model
from fakeprofile.scoring import ScoreError, Scorer
from fakeprofile.signals.photo import photo_lookup

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def profiles(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Profile]:

    return {
        i.value.id: i.value
        for i in read_profiles(EXAMPLES / "profiles.jsonl")
        if isinstance(i, Item)
    }


@pytest.fixture(scope="module")
def index(profiles: dict[str, Profile], tmp_path_factory: pytest.TempPathFactory) -> ReferenceIndex:
    db = tmp_path_factory.mktemp("index") / "examples.db"
    with ReferenceIndex(db) as writer:
        writer.add(profiles.values())
    return ReferenceIndex(db, readonly=True)


@pytest.fixture(scope="module")
def scorer(index: ReferenceIndex) -> Scorer:
    return Scorer(index=index)


def test_contributions_add_up_to_the_logit(scorer: Scorer, profiles: dict[str, Profile]) -> None:
    for profile in profiles.values():
        result = scorer.score(profile)
        assert result.base_value + sum(result.subscores.values()) == pytest.approx(
            result.logit, abs=1e-9
        )
        assert result.risk == pytest.approx(1 / (1 + np.exp(-result.logit)), abs=1e-12)
        assert set(result.subscores) <= {"activity", "account", "text", "photo", "message"}


def test_the_copycat_is_high_risk_and_the_copy_reasons_cite_their_evidence(
    index: ReferenceIndex, profiles: dict[str, Profile]
) -> None:
    # Every risk-raising fact, not only the top four: with the default (synthetic)
    # model the copied photo and text raise the copycat's risk but rank 8th and 9th,
    # after its account and activity facts (see the model card's notes).
    wide = Scorer(index=index, max_reasons=50)
    result = wide.score(profiles["p-amelia"])
    assert result.level == "high"
    by_group = {r.group: r for r in result.reasons}
    photo, text = by_group["photo"], by_group["text"]
    assert photo.contribution > 0
    assert "p-amara" in photo.text
    assert any(
        e.kind == "photo_match" and e.detail["profile_id"] == "p-amara" for e in photo.evidence
    )
    assert text.contribution > 0
    assert "p-amara" in text.text
    assert any(e.detail.get("profile_id") == "p-amara" for e in text.evidence)
    assert result.subscores["photo"] > 0
    assert result.subscores["text"] > 0


@pytest.mark.parametrize("pid", ["p-amara", "p-priya", "p-george"])
def test_genuine_members_are_low_risk(
    scorer: Scorer, profiles: dict[str, Profile], pid: str
) -> None:
    result = scorer.score(profiles[pid])
    assert result.level == "low", [r.text for r in result.reasons]


def test_reasons_only_name_features_the_model_uses(
    scorer: Scorer, profiles: dict[str, Profile]
) -> None:
    used = set(scorer.trained.model.used_features())
    for profile in profiles.values():
        result = scorer.score(profile)
        assert len(result.reasons) <= 4
        for reason in (*result.reasons, *result.mitigating):
            assert set(reason.codes) <= used
            assert reason.code in reason.codes
        assert all(r.contribution > 0 for r in result.reasons)
        assert all(r.contribution < 0 for r in result.mitigating)
        assert [r.contribution for r in result.reasons] == sorted(
            (r.contribution for r in result.reasons), reverse=True
        )


def test_without_an_index_copy_features_are_missing_not_zero(profiles: dict[str, Profile]) -> None:
    lonely = Scorer()
    row, _ = lonely.vectorizer.vectorize_one(profiles["p-amelia"])
    names = list(lonely.vectorizer.get_feature_names_out())
    assert np.isnan(row[names.index("photo_reuse_count")])
    assert np.isnan(row[names.index("text_copy_count")])
    result = lonely.score(profiles["p-amelia"])
    assert not any("p-amara" in r.text for r in result.reasons)


def test_score_takes_a_profile_a_dict_or_a_path(
    tmp_path: Path, profiles: dict[str, Profile]
) -> None:
    p = profiles["p-george"]
    by_profile = score(p)
    by_dict = score(p.model_dump(mode="json"))
    f = tmp_path / "one.json"
    f.write_text(p.model_dump_json())
    by_path = score(f, photo_root=EXAMPLES)  # the photo's absolute path, allowed deliberately
    assert by_profile.risk == pytest.approx(by_dict.risk) == pytest.approx(by_path.risk)
    assert by_profile.model_version == default_model().version


def test_score_rejects_a_bad_profile_naming_the_field() -> None:
    with pytest.raises(InvalidProfileError, match=r"activity\.likes: must be ≥ 0, got -3"):
        score({"id": "x", "activity": {"likes": -3}})


def test_to_dict_is_json(scorer: Scorer, profiles: dict[str, Profile]) -> None:
    data = json.loads(scorer.score(profiles["p-amelia"]).to_json())
    assert data["id"] == "p-amelia"
    assert data["level"] == "high"
    assert data["reasons"][0]["evidence"] is not None
    assert isinstance(fakeprofile.RiskScore, type)


def test_default_model_loads_once_across_threads() -> None:
    seen: list[int] = []
    threads = [threading.Thread(target=lambda: seen.append(id(default_model()))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(seen)) == 1


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_score_many_keeps_order_and_count_with_bad_records(
    scorer: Scorer, profiles: dict[str, Profile], n_jobs: int
) -> None:
    records: list[object] = [
        profiles["p-amara"],
        {"id": "bad", "connections": -1},
        profiles["p-amelia"].model_dump(mode="json"),
        {"no_id": True},
        profiles["p-priya"],
    ]
    results = list(score_many(records, scorer=scorer, chunk_size=2, n_jobs=n_jobs))  # type: ignore[arg-type]
    assert len(results) == 5
    assert [isinstance(r, RiskScore) for r in results] == [True, False, True, False, True]
    assert [r.line for r in results] == [1, 2, 3, 4, 5]
    assert isinstance(results[1], ScoreError)
    assert results[1].record_id == "bad"
    assert results[1].line == 2
    assert "connections: must be ≥ 0" in results[1].message
    assert [r.profile_id for r in results if isinstance(r, RiskScore)] == [
        "p-amara",
        "p-amelia",
        "p-priya",
    ]
    # Scoring in chunks changes nothing.
    single = [
        scorer.score(p).risk
        for p in (profiles["p-amara"], profiles["p-amelia"], profiles["p-priya"])
    ]
    assert [r.risk for r in results if isinstance(r, RiskScore)] == pytest.approx(single)


def test_workers_give_exactly_the_results_of_one_process(
    index: ReferenceIndex, profiles: dict[str, Profile]
) -> None:
    # Three chunks of two in flight at once, in two forked workers, each opening
    # its own connection to the index (the copycat's evidence is read from it).
    scorer = Scorer(index=index, max_reasons=50)
    records: list[object] = [*profiles.values(), {"id": "bad", "likes": 1}]
    one = list(score_many(records, scorer=scorer, chunk_size=2))  # type: ignore[arg-type]
    two = list(score_many(records, scorer=scorer, chunk_size=2, n_jobs=2))  # type: ignore[arg-type]
    assert [r.to_dict() if isinstance(r, RiskScore) else r for r in two] == [
        r.to_dict() if isinstance(r, RiskScore) else r for r in one
    ]
    copycat = next(r for r in two if isinstance(r, RiskScore) and r.profile_id == "p-amelia")
    assert any(e.kind == "photo_match" for r in copycat.reasons for e in r.evidence)


def test_profiles_held_in_a_list_reach_forked_workers_as_positions(
    scorer: Scorer, profiles: dict[str, Profile], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A list's profiles exist before the fork: each goes to a worker as its position,
    # dicts (which could change after the fork) and items whole.
    from fakeprofile import scoring

    records: list[object] = [
        profiles["p-amara"],
        {"id": "raw", "connections": 3},
        profiles["p-priya"],
        Item("f.jsonl", 9, {"id": "item"}),
    ]
    chunk = list(enumerate(records, start=1))
    sent, inherited = scoring._outgoing(chunk, tuple(records))  # type: ignore[arg-type]
    assert inherited == [0, 2]
    assert sent == [(1, None), chunk[1], (3, None), chunk[3]]
    # Another object equal to an input is not the input: sent whole.
    twin = profiles["p-amara"].model_copy()
    assert scoring._outgoing([(1, twin)], tuple(records))[1] == []  # type: ignore[arg-type]
    assert scoring._outgoing(chunk, None) == (chunk, [])  # type: ignore[arg-type]

    # End to end: what the workers score is what the caller gave, in order; the
    # list is read once, when the run starts (what is appended later is not scored).
    outgoing = scoring._outgoing
    seen: list[list[int]] = []

    def spy(chunk: Any, inputs: Any) -> Any:
        out = outgoing(chunk, inputs)
        seen.append(out[1])
        return out

    monkeypatch.setattr(scoring, "_outgoing", spy)
    batch = score_many(records, scorer=scorer, chunk_size=2, n_jobs=2)  # type: ignore[arg-type]
    first = next(batch)
    records.append(profiles["p-amelia"])
    results = [first, *batch]
    one = list(score_many(records[:4], scorer=scorer, chunk_size=2))  # type: ignore[arg-type]
    assert [r.to_dict() if isinstance(r, RiskScore) else r for r in results] == [
        r.to_dict() if isinstance(r, RiskScore) else r for r in one
    ]
    assert seen == [[0], [0]]


def test_score_frame_equals_score_row_by_row(index: ReferenceIndex) -> None:
    frame = pd.DataFrame(
        {
            "id": ["p-amelia", "p-george", "broken"],
            "created_at": ["2026-09-30", "2010-04-19", "2010-01-01"],
            "connections": [487, 143, -5],
            "following": [2210, 38, 1],
            "followers": [40, 150, 1],
            "activity.likes": [212, 41, 3],
            "activity.comments": [0, 1, np.nan],
            "skills": ["", "Structural analysis|Eurocodes", None],
            "meta.crm_note": ["x", "y", "z"],
        }
    )
    # The same two profiles written out by hand, nested as score() takes them.
    by_hand: list[dict[str, object]] = [
        {
            "id": "p-amelia",
            "created_at": "2026-09-30",
            "connections": 487,
            "following": 2210,
            "followers": 40,
            "activity": {"likes": 212, "comments": 0},
            "meta": {"crm_note": "x"},
        },
        {
            "id": "p-george",
            "created_at": "2010-04-19",
            "connections": 143,
            "following": 38,
            "followers": 150,
            "activity": {"likes": 41, "comments": 1},
            "skills": ["Structural analysis", "Eurocodes"],
            "meta": {"crm_note": "y"},
        },
    ]
    out = score_frame(frame, index=index)
    assert len(out) == 3
    assert list(out.columns[: len(frame.columns)]) == list(frame.columns)  # input kept
    assert out["meta.crm_note"].tolist() == ["x", "y", "z"]
    assert str(out["error"].iloc[2]).startswith("connections: must be ≥ 0")
    assert np.isnan(float(out["risk"].iloc[2]))
    for i, record in enumerate(by_hand):
        expected = score(record, index=index)
        assert float(out["risk"].iloc[i]) == pytest.approx(expected.risk)
        assert out["level"].iloc[i] == expected.level
        assert out["reason_codes"].iloc[i] == "|".join(r.code for r in expected.reasons)
        assert out["error"].iloc[i] is None


def test_score_frame_refuses_to_overwrite_columns() -> None:
    with pytest.raises(ValueError, match=r"already has columns .*'risk'"):
        score_frame(pd.DataFrame({"id": ["a"], "risk": [0.1]}))


def test_score_frame_survives_odd_cells() -> None:
    frame = pd.DataFrame(
        {
            "id": ["a", "b"],
            "created_at": [pd.Timestamp("2015-03-01"), pd.NaT],  # a NaT cell
            "connections": [12, 40],
        }
    )
    out = score_frame(frame)
    assert out["error"].isna().all(), out["error"].tolist()
    assert out["risk"].between(0, 1).all()


def test_a_corrupt_index_row_costs_only_its_own_records(
    tmp_path: Path, profiles: dict[str, Profile]
) -> None:
    import sqlite3

    db = tmp_path / "idx.db"
    with ReferenceIndex(db) as writer:
        writer.add(profiles.values())
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE profiles SET created_at = 'garbage' WHERE id = 'p-amara'")
    broken = Scorer(index=ReferenceIndex(db, readonly=True))
    results = list(
        score_many([profiles["p-george"], profiles["p-amelia"], profiles["p-priya"]], scorer=broken)
    )
    assert len(results) == 3
    assert isinstance(results[0], RiskScore)
    assert isinstance(results[2], RiskScore)
    assert isinstance(results[1], ScoreError)  # its photo matches the corrupt row
    assert results[1].record_id == "p-amelia"
    assert "could not be scored" in results[1].message


def test_the_shipped_model_uses_todays_features() -> None:
    """A stale default model (trained before a signal changed) is caught here."""
    from fakeprofile.features import ProfileVectorizer

    produced = list(ProfileVectorizer().fit().get_feature_names_out())
    trained = default_model()
    assert trained.card.feature_names == produced
    assert "synthetic" in " ".join(trained.card.notes).lower()


def test_a_chunk_gives_what_one_profile_at_a_time_gives(
    index: ReferenceIndex, profiles: dict[str, Profile]
) -> None:
    # The text and photo signals look a chunk up in the index together.
    vectorizer = Scorer(index=index).vectorizer
    chunk = list(profiles.values())
    matrix, evidence = vectorizer.transform_with_evidence(chunk)
    for i, profile in enumerate(chunk):
        row, alone = vectorizer.vectorize_one(profile)
        np.testing.assert_array_equal(matrix[i], row)
        assert evidence[i] == alone
    copycat = evidence[[p.id for p in chunk].index("p-amelia")]
    assert photo_lookup(copycat.results["photo"]).matches
    assert copycat.results["text"].facts["matches"]


def test_scores_survive_pickling(scorer: Scorer, profiles: dict[str, Profile]) -> None:
    # Worker processes send scores back pickled: every part must come back equal.
    import pickle

    result = scorer.score(profiles["p-amelia"])
    back = pickle.loads(pickle.dumps(result))
    assert back == result
    assert back.to_dict() == result.to_dict()
    assert all(isinstance(e, type(result.reasons[0].evidence[0])) for e in back.reasons[0].evidence)


def test_a_batch_hides_long_lived_objects_from_the_collector_only_while_it_runs() -> None:
    import gc

    profiles = [Profile(id=f"p{i}", headline="Engineer") for i in range(5)]
    before = gc.get_freeze_count()
    thresholds = gc.get_threshold()
    batch = score_many(profiles, chunk_size=2)
    first = next(batch)
    assert gc.get_freeze_count() > before  # frozen while the batch is under way
    # Young collections less often while it runs, and as before afterwards.
    assert gc.get_threshold()[0] > thresholds[0]
    assert gc.get_threshold()[1:] == thresholds[1:]
    rest = list(batch)
    assert gc.get_freeze_count() == before
    assert gc.get_threshold() == thresholds
    assert [r.profile_id for r in [first, *rest] if isinstance(r, RiskScore)] == [
        p.id for p in profiles
    ]
    # Abandoned half way, the batch gives the objects back too.
    partial = score_many(profiles, chunk_size=2)
    next(partial)
    del partial  # a generator dropped half way is closed
    assert gc.get_freeze_count() == before
    assert gc.get_threshold() == thresholds


def test_workers_parent_collects_less_often_only_while_the_batch_runs() -> None:
    import gc

    profiles = [Profile(id=f"p{i}", headline="Engineer") for i in range(9)]
    thresholds = gc.get_threshold()
    batch = score_many(profiles, chunk_size=2, n_jobs=2)
    first = next(batch)
    assert gc.get_threshold()[0] > thresholds[0]  # the parent unpickles every result
    rest = list(batch)
    assert gc.get_threshold() == thresholds
    assert [r.profile_id for r in [first, *rest] if isinstance(r, RiskScore)] == [
        p.id for p in profiles
    ]


def test_score_frame_reads_pandas_na_as_unknown() -> None:
    # Dask and pandas' string columns mark a missing cell with pd.NA, not NaN.
    frame = pd.DataFrame({"id": ["a", "b"], "headline": pd.array(["Nurse", pd.NA], dtype="string")})
    out = score_frame(frame)
    assert out["error"].isna().all(), out["error"].tolist()
    assert out.loc[1, "level"] in {"low", "medium", "high"}
