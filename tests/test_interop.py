"""ProfileVectorizer in scikit-learn and pandas: frames with dotted columns, flat dicts,
an index given as a path (clone, pickle), and a Pipeline under ``cross_val_score``."""

from __future__ import annotations

import datetime as dt
import json
import pickle
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from fakeprofile import (
    InputFormatError,
    InvalidProfileError,
    ProfileVectorizer,
    ReferenceIndex,
    synthetic,
)
from fakeprofile.profile import ActivityTotals, Profile

TODAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def labelled(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, np.ndarray, Path]:
    """A labelled synthetic population as a frame with dotted columns, and its index file."""
    folder = tmp_path_factory.mktemp("interop")
    population = synthetic.generate(240, seed=11, today=TODAY)
    population.write_jsonl(folder / "labelled.jsonl")
    with ReferenceIndex(folder / "reference.db") as index:
        index.add(synthetic.reference_profiles(population))
    lines = (folder / "labelled.jsonl").read_text(encoding="utf-8").splitlines()
    frame = pd.json_normalize([json.loads(line) for line in lines])  # activity.likes, …
    y = frame.pop("label").to_numpy()
    return frame, y, folder / "reference.db"


def test_a_frame_with_dotted_columns_equals_the_profiles(
    labelled: tuple[pd.DataFrame, np.ndarray, Path],
) -> None:
    frame, _, db = labelled
    assert "activity.likes" in frame.columns
    population = synthetic.generate(240, seed=11, today=TODAY)

    # In a frame, as in CSV, an empty cell is unknown: an empty about text too, and a
    # lifetime window (null) reads as an unknown period.
    def as_in_a_frame(p: Profile) -> Profile:
        update: dict[str, Any] = {"about": None} if p.about == "" else {}
        if p.activity is not None and p.activity.period == "lifetime":
            counts = p.activity.model_dump(exclude={"window_days"})
            update["activity"] = ActivityTotals.model_validate(counts)
        return p.model_copy(update=update) if update else p

    profiles = [as_in_a_frame(p) for p in population.profiles[:40]]
    assert profiles != population.profiles[:40]  # the case is met
    vec = ProfileVectorizer(index=db, today=TODAY).fit()
    from_frame = vec.transform(frame.head(40))
    from_profiles = vec.transform(profiles)
    np.testing.assert_array_equal(from_frame, from_profiles)
    assert np.isfinite(from_frame).any(axis=0).sum() > 30  # real features, not all unknown


def test_flat_dicts_and_the_label_column() -> None:
    vec = ProfileVectorizer(today=TODAY).fit()
    nested = {"id": "a", "activity": {"window_days": 90, "likes": 200, "comments": 0}}
    flat = {"id": "a", "activity.window_days": 90, "activity.likes": 200, "activity.comments": 0}
    labelled = {**flat, "label": 1}  # a known training field: ignored
    rows = vec.transform([nested, flat, labelled])
    np.testing.assert_array_equal(rows[0], rows[1])
    np.testing.assert_array_equal(rows[0], rows[2])
    with pytest.raises(InvalidProfileError, match="email: unknown field"):
        vec.transform([{**flat, "email": "a@example.com"}])
    kept = ProfileVectorizer(today=TODAY, extra_fields="meta").fit()
    np.testing.assert_array_equal(kept.transform([{**flat, "email": "a@example.com"}])[0], rows[0])
    with pytest.raises(InputFormatError, match="not a path"):
        vec.transform("profiles.csv")


def test_clone_and_pickle_with_an_index_path(
    labelled: tuple[pd.DataFrame, np.ndarray, Path],
) -> None:
    frame, _, db = labelled
    vec = ProfileVectorizer(index=str(db), today=TODAY, unknown_columns="drop").fit(frame)
    expected = vec.transform(frame.head(30))  # the index is open now
    copied = pickle.loads(pickle.dumps(vec))
    np.testing.assert_array_equal(copied.transform(frame.head(30)), expected)
    cloned = clone(vec)
    assert cloned.get_params()["index"] == str(db)
    np.testing.assert_array_equal(cloned.fit(frame).transform(frame.head(30)), expected)
    # The copy features come from the index: known for some profiles, so kept.
    names = list(vec.get_feature_names_out())
    assert "photo_min_distance" in names or "text_copy_max_similarity" in names


def test_clone_and_pickle_with_an_open_index(
    labelled: tuple[pd.DataFrame, np.ndarray, Path],
) -> None:
    frame, _, db = labelled
    with ReferenceIndex(db) as index:
        vec = ProfileVectorizer(index=index, today=TODAY, unknown_columns="drop").fit(frame)
        expected = vec.transform(frame.head(30))
        copied = pickle.loads(pickle.dumps(vec))
        cloned = clone(vec)
    # The copies hold indexes of their own, open on the same file (read-only):
    # closing the original leaves them working.
    for other in (copied, cloned):
        reopened = other.get_params()["index"]
        assert isinstance(reopened, ReferenceIndex)
        assert reopened is not index
        assert (reopened.path, reopened.readonly) == (db, True)
    np.testing.assert_array_equal(copied.transform(frame.head(30)), expected)
    np.testing.assert_array_equal(cloned.fit(frame).transform(frame.head(30)), expected)
    # The index was used: copy features are known for some profiles, so kept.
    names = list(vec.get_feature_names_out())
    assert "photo_min_distance" in names or "text_copy_max_similarity" in names


def test_unknown_columns_drop_is_consistent(
    labelled: tuple[pd.DataFrame, np.ndarray, Path],
) -> None:
    frame, _, _ = labelled
    sparse = frame[["id", "connections", "followers", "following"]]  # an export with few columns
    keep = ProfileVectorizer(today=TODAY).fit()
    drop = ProfileVectorizer(today=TODAY, unknown_columns="drop")
    fitted = drop.fit_transform(sparse)
    full = keep.transform(sparse)
    known = ~np.isnan(full).all(axis=0)
    assert 0 < fitted.shape[1] == known.sum() < full.shape[1]
    np.testing.assert_array_equal(fitted, full[:, known])
    # New rows get the same columns, even where a kept one is unknown for them all.
    later = drop.transform(pd.DataFrame({"id": ["n-1"]}))
    assert later.shape == (1, fitted.shape[1])
    assert list(drop.get_feature_names_out()) == list(keep.get_feature_names_out()[known])
    with pytest.raises(InputFormatError, match="unknown_columns must be 'keep' or 'drop'"):
        ProfileVectorizer(unknown_columns="impute").fit()


def test_pipeline_with_gradient_boosting_runs_cross_val_score(
    labelled: tuple[pd.DataFrame, np.ndarray, Path],
) -> None:
    frame, y, db = labelled
    pipe = make_pipeline(
        ProfileVectorizer(index=str(db), today=TODAY, unknown_columns="drop"),
        HistGradientBoostingClassifier(max_iter=60, random_state=0),
    )
    with threadpool_limits(1, user_api="openmp"):
        scores = cross_val_score(pipe, frame, y, cv=3, scoring="roc_auc")
    assert scores.shape == (3,)
    assert scores.min() > 0.7  # it learns: fakes are told apart on held-out folds


def test_pipeline_with_logistic_regression_needs_an_imputer(
    labelled: tuple[pd.DataFrame, np.ndarray, Path],
) -> None:
    frame, y, _ = labelled
    bare = make_pipeline(
        ProfileVectorizer(today=TODAY, unknown_columns="drop"), LogisticRegression()
    )
    with pytest.raises(ValueError, match="NaN"):
        bare.fit(frame, y)
    pipe = make_pipeline(
        ProfileVectorizer(today=TODAY, unknown_columns="drop"),
        SimpleImputer(strategy="median", add_indicator=True),
        StandardScaler(),
        LogisticRegression(max_iter=2000),
    )
    scores = cross_val_score(pipe, frame, y, cv=3, scoring="roc_auc")
    assert scores.min() > 0.7
