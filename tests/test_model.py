"""The additive model: exact contributions, calibration, thresholds, sklearn conventions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.metrics import brier_score_loss, roc_auc_score
from sklearn.model_selection import cross_val_score

from fakeprofile.model import RiskModel, threshold_at_fpr


def _data(n: int = 3000, seed: int = 0) -> tuple[pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(seed)
    likes = rng.exponential(1.0, n)
    comments = rng.exponential(1.0, n)
    binary = (rng.random(n) < 0.3).astype(float)
    maybe = rng.normal(size=n)
    maybe[rng.random(n) < 0.25] = np.nan  # a feature that is sometimes missing
    logit = (
        1.5 * np.minimum(likes, 2.5) - 1.2 * comments + 1.0 * binary + np.nan_to_num(maybe) - 1.0
    )
    y = (rng.random(n) < 1.0 / (1.0 + np.exp(-logit))).astype(int)
    X = pd.DataFrame({"likes": likes, "comments": comments, "binary": binary, "maybe": maybe})
    return X, y


@pytest.fixture(scope="module")
def fitted() -> tuple[RiskModel, pd.DataFrame, np.ndarray]:
    X, y = _data()
    return RiskModel().fit(X.iloc[:2000], y[:2000]), X, y


def test_contributions_sum_exactly_to_the_logit(
    fitted: tuple[RiskModel, pd.DataFrame, np.ndarray],
) -> None:
    model, X, _ = fitted
    base, contributions = model.contributions(X.iloc[2000:])
    logit = model.decision_function(X.iloc[2000:])
    np.testing.assert_allclose(base + contributions.sum(axis=1), logit, rtol=0, atol=1e-10)
    assert contributions.shape == (1000, 4)


def test_probabilities_are_the_sigmoid_of_the_logit(
    fitted: tuple[RiskModel, pd.DataFrame, np.ndarray],
) -> None:
    model, X, _ = fitted
    proba = model.predict_proba(X.iloc[2000:2100])
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    np.testing.assert_allclose(
        proba[:, 1], 1 / (1 + np.exp(-model.decision_function(X.iloc[2000:2100])))
    )
    assert list(model.classes_) == [0, 1]


def test_it_learns_and_is_calibrated_on_held_out_data(
    fitted: tuple[RiskModel, pd.DataFrame, np.ndarray],
) -> None:
    model, X, y = fitted
    p = model.predict_proba(X.iloc[2000:])[:, 1]
    assert roc_auc_score(y[2000:], p) > 0.8
    # Calibrated: the mean prediction matches the observed rate, Brier beats the base rate.
    assert abs(p.mean() - y[2000:].mean()) < 0.05
    assert brier_score_loss(y[2000:], p) < brier_score_loss(
        y[2000:], np.full(1000, y[:2000].mean())
    )


def test_shapes_follow_the_data(fitted: tuple[RiskModel, pd.DataFrame, np.ndarray]) -> None:
    model, _, _ = fitted
    likes = model.shape("likes", [0.1, 1.0, 2.0])
    comments = model.shape("comments", [0.1, 1.0, 2.0])
    assert likes[0] < likes[1] < likes[2]  # more likes, more risk
    assert comments[0] > comments[1] > comments[2]  # more comments, less risk


def test_an_unknown_value_contributes_exactly_nothing(
    fitted: tuple[RiskModel, pd.DataFrame, np.ndarray],
) -> None:
    """Unknown is not empty: no indicator learns from missingness, nan adds 0 to the logit."""
    model, X, _ = fitted
    maybe = list(model.feature_names_in_).index("maybe")
    row = X.iloc[[0]].copy()
    row["maybe"] = np.nan
    base, contributions = model.contributions(row)
    assert contributions[0, maybe] == 0.0
    assert np.isclose(base + contributions.sum(), model.decision_function(row)[0])
    nothing_known = pd.DataFrame(np.nan, index=[0], columns=X.columns)
    assert model.decision_function(nothing_known)[0] == pytest.approx(model.base_value_)


def test_levels_follow_thresholds(fitted: tuple[RiskModel, pd.DataFrame, np.ndarray]) -> None:
    model, _, _ = fitted
    t = model.thresholds_
    assert 0 < t["medium"] <= t["high"] < 1
    assert model.level(t["high"]) == "high"
    assert model.level(np.nextafter(t["high"], 0)) == "medium"
    assert model.level(t["medium"]) == "medium"
    assert model.level(np.nextafter(t["medium"], 0)) == "low"
    assert list(model.level(np.array([0.0, 1.0]))) == ["low", "high"]


def test_threshold_at_fpr_is_exact() -> None:
    scores = np.array([0.1, 0.2, 0.3, 0.4, 0.9, 0.8])
    y = np.array([0, 0, 0, 0, 1, 1])
    t = threshold_at_fpr(scores, y, 0.25)  # one false positive of four allowed
    assert ((scores >= t) & (y == 0)).sum() == 1
    t0 = threshold_at_fpr(scores, y, 0.0)
    assert ((scores >= t0) & (y == 0)).sum() == 0
    assert (scores[y == 1] >= t0).all()


def test_sklearn_conventions() -> None:
    X, y = _data(600, seed=1)
    model = RiskModel(n_knots=4, C=0.5)
    assert model.get_params()["n_knots"] == 4
    copy = clone(model)
    assert copy.get_params() == model.get_params()
    assert not hasattr(copy, "coef_")
    scores = cross_val_score(RiskModel(), X, y, cv=3, scoring="roc_auc")
    assert scores.min() > 0.7
    assert model.fit(X, y) is model
    assert list(model.feature_names_in_) == list(X.columns)


def test_columns_are_matched_by_name(fitted: tuple[RiskModel, pd.DataFrame, np.ndarray]) -> None:
    model, X, _ = fitted
    shuffled = X.iloc[:5][["maybe", "binary", "likes", "comments"]]
    np.testing.assert_allclose(
        model.decision_function(shuffled), model.decision_function(X.iloc[:5])
    )
    with pytest.raises(ValueError, match=r"lacks features .*'likes'"):
        model.decision_function(X.iloc[:5].drop(columns="likes"))


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"n_knots": 1}, "n_knots must be ≥ 2"),
        ({"C": 0}, "C must be > 0"),
        ({"fpr_high": 2}, r"fpr_high must be in \[0, 1\]"),
    ],
)
def test_bad_parameters_are_named(params: dict[str, float], message: str) -> None:
    X, y = _data(100)
    with pytest.raises(ValueError, match=message):
        RiskModel(**params).fit(X, y)  # type: ignore[arg-type]


def test_one_class_is_refused() -> None:
    X, _ = _data(100)
    with pytest.raises(ValueError, match="both classes"):
        RiskModel().fit(X, np.zeros(100))


def test_a_value_never_missing_in_training_contributes_nothing_when_missing(
    fitted: tuple[RiskModel, pd.DataFrame, np.ndarray],
) -> None:
    model, X, _ = fitted
    row = X.iloc[[5]].copy()
    row["likes"] = np.nan  # "likes" had no missing values in training
    base, contributions = model.contributions(row)
    likes = list(model.feature_names_in_).index("likes")
    assert contributions[0, likes] == pytest.approx(0.0, abs=1e-12)
    assert base + contributions.sum() == pytest.approx(model.decision_function(row)[0], abs=1e-12)


def test_closed_form_shapes_equal_the_fitted_regression(
    fitted: tuple[RiskModel, pd.DataFrame, np.ndarray],
) -> None:
    """Scoring uses one interpolation per feature; it must equal the basis and the regression."""
    model, X, _ = fitted
    rows = X.iloc[2000:2300].copy()
    rows.iloc[::7, 3] = np.nan  # the sometimes-missing feature, missing here too
    rows.iloc[::11, 0] = np.nan  # and one never missing in training
    matrix = rows.to_numpy(dtype=float)
    basis = model._expand(matrix)
    a, b = model.calibration_
    regression = a * (basis @ model.coef_ + model.intercept_) + b
    np.testing.assert_allclose(model.decision_function(rows), regression, rtol=0, atol=1e-9)
    np.testing.assert_allclose(model._raw_fast(matrix), model._raw_contributions(basis), atol=1e-9)
    # Far outside the knots too: flat beyond the end knots.
    matrix = matrix.copy()
    matrix[::5] *= 1e6
    matrix[1::5] *= -1e6
    one_by_one = np.column_stack(
        [
            np.where(
                np.isnan(matrix[:, j]),
                model.shape_means_[j],
                np.interp(np.nan_to_num(matrix[:, j]), where, at),
            )
            for j, (where, at) in enumerate(model._shape_table())
        ]
    )
    np.testing.assert_allclose(model._raw_fast(matrix), one_by_one, rtol=1e-12, atol=1e-9)


def _wrong_way_data(n: int = 3000) -> tuple[pd.DataFrame, np.ndarray]:
    """Data in which 'up' truly lowers the risk and 'band' is U-shaped around 0."""
    rng = np.random.default_rng(3)
    up = rng.normal(size=n)
    band = rng.normal(size=n)
    free = rng.normal(size=n)
    logit = -1.0 * up + 1.5 * np.abs(band) + 0.8 * free - 1.0
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    return pd.DataFrame({"up": up, "band": band, "free": free}), y


def test_fitted_shapes_obey_declared_directions() -> None:
    """A constrained fit: the shape is monotone as declared even where the data disagree."""
    X, y = _wrong_way_data()
    model = RiskModel(directions={"up": "up", "band": (-0.5, 0.5), "free": "down"}).fit(X, y)
    grid = np.linspace(-3, 3, 61)
    assert (np.diff(model.shape("up", grid)) >= -1e-12).all()
    assert (np.diff(model.shape("free", grid)) <= 1e-12).all()
    band = model.shape("band", grid)
    below, inside, above = grid < -0.5, (grid >= -0.5) & (grid <= 0.5), grid > 0.5
    assert (np.diff(band[below]) <= 1e-12).all()  # falling towards the normal range
    assert (np.diff(band[above]) >= -1e-12).all()  # rising away from it
    assert np.ptp(band[inside]) < 1e-9  # flat inside it
    assert band[0] > band[30]
    assert band[-1] > band[30]
    # The data say 'up' lowers risk: the best the constraint allows is a flat shape.
    assert np.ptp(model.shape("up", grid)) < 0.05


def test_an_unconstrained_fit_follows_the_data_either_way() -> None:
    X, y = _wrong_way_data()
    model = RiskModel().fit(X, y)
    shape = model.shape("up", [-2.0, 0.0, 2.0])
    assert shape[0] > shape[1] > shape[2]


def test_a_feature_never_known_in_training_contributes_nothing() -> None:
    X, y = _wrong_way_data(300)
    X["never"] = np.nan
    model = RiskModel().fit(X, y)
    X["never"] = 1.0
    assert (model.contributions(X)[1][:, -1] == 0.0).all()
    assert "never" not in model.used_features()


def test_directions_are_checked() -> None:
    X, y = _wrong_way_data(300)
    with pytest.raises(ValueError, match=r"directions\['up'\] must be"):
        RiskModel(directions={"up": "sideways"}).fit(X, y)
    with pytest.raises(ValueError, match="names features X does not have"):
        RiskModel(directions={"nope": "up"}).fit(X, y)
