"""Pair terms: two features weighed together, each an exact term with its own reason.

What a user relies on: the logit is still the base value plus the columns of
``contributions`` (the features', then the pairs'); a pair contributes exactly
0 when either of its features is unknown; the one-feature shapes still obey
their declared directions; a pair holds only what the two features say
together; a pair's reason names both facts and says which way they move the
risk, never the other; and model files record the pairs (format 3), while a
file written before pair terms (format 2) still loads.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import skops.io as sio
from sklearn.base import clone
from sklearn.metrics import roc_auc_score

from fakeprofile import ModelFileError
from fakeprofile.model import RiskModel
from fakeprofile.modelfile import FORMAT, ModelCard, load_model, save_model
from fakeprofile.scoring import Scorer
from fakeprofile.synthetic import generate
from fakeprofile.training import LabelledData, train

DIRECTIONS = {"likes": "up", "comments": "down", "age": "down"}


def _data(n: int, seed: int) -> tuple[pd.DataFrame, np.ndarray]:
    """Three features with monotone effects, and an interaction between two of them.

    Many likes are suspicious mostly on a young account: the risk depends on
    ``likes * (age < median)``, which no sum of one-feature shapes can give.
    Comments are sometimes unknown.
    """
    rng = np.random.default_rng(seed)
    likes = rng.exponential(1.0, n)
    comments = rng.exponential(1.0, n)
    age = rng.uniform(0.0, 10.0, n)
    young = (age < 5.0).astype(float)
    logit = 2.5 * likes * young - 1.0 * comments - 0.2 * age - 0.5
    y = (rng.random(n) < 1.0 / (1.0 + np.exp(-logit))).astype(int)
    comments[rng.random(n) < 0.2] = np.nan
    return pd.DataFrame({"likes": likes, "comments": comments, "age": age}), y


@pytest.fixture(scope="module")
def data() -> tuple[pd.DataFrame, np.ndarray]:
    return _data(4000, seed=0)


@pytest.fixture(scope="module")
def with_pairs(data: tuple[pd.DataFrame, np.ndarray]) -> RiskModel:
    X, y = data
    return RiskModel(directions=DIRECTIONS, n_pairs=3).fit(X.iloc[:3000], y[:3000])


def test_the_interaction_is_found_and_helps_on_held_out_data(
    data: tuple[pd.DataFrame, np.ndarray], with_pairs: RiskModel
) -> None:
    X, y = data
    assert ("likes", "age") in [tuple(t["features"]) for t in with_pairs.pair_terms_]
    assert "likes&age" in with_pairs.term_names()
    alone = RiskModel(directions=DIRECTIONS).fit(X.iloc[:3000], y[:3000])
    auc_alone = roc_auc_score(y[3000:], alone.predict_proba(X.iloc[3000:])[:, 1])
    auc_pairs = roc_auc_score(y[3000:], with_pairs.predict_proba(X.iloc[3000:])[:, 1])
    assert auc_pairs > auc_alone


def test_contributions_with_pairs_sum_exactly_to_the_logit(
    data: tuple[pd.DataFrame, np.ndarray], with_pairs: RiskModel
) -> None:
    X, _ = data
    base, contributions = with_pairs.contributions(X.iloc[3000:])
    n_pairs = len(with_pairs.pair_indices())
    assert contributions.shape == (1000, 3 + n_pairs)
    assert len(with_pairs.term_names()) == 3 + n_pairs
    np.testing.assert_allclose(
        base + contributions.sum(axis=1),
        with_pairs.decision_function(X.iloc[3000:]),
        rtol=0,
        atol=1e-10,
    )


def test_the_closed_form_is_the_fitted_regression(
    data: tuple[pd.DataFrame, np.ndarray], with_pairs: RiskModel
) -> None:
    """Scoring by bilinear tables gives what the fitted basis and weights give."""
    from fakeprofile.model import _pair_basis

    X, _ = data
    matrix = X.iloc[3000:].to_numpy(dtype=float)
    basis = np.hstack(
        [with_pairs._expand(matrix)] + [_pair_basis(matrix, t) for t in with_pairs.pair_terms_]
    )
    a, b = with_pairs.calibration_
    regression = a * (basis @ with_pairs.coef_ + with_pairs.intercept_) + b
    np.testing.assert_allclose(with_pairs.decision_function(matrix), regression, atol=1e-9)


def test_a_pair_with_an_unknown_feature_contributes_exactly_nothing(
    with_pairs: RiskModel,
) -> None:
    rows = np.array(
        [
            [np.nan, 0.5, 1.0],  # likes unknown
            [3.0, 0.5, np.nan],  # age unknown
            [np.nan, np.nan, np.nan],  # nothing known
        ]
    )
    base, contributions = with_pairs.contributions(rows)
    pairs = with_pairs.pair_indices()
    for k, (i, j) in enumerate(pairs):
        column = contributions[:, 3 + k]
        unknown = np.isnan(rows[:, i]) | np.isnan(rows[:, j])
        assert (column[unknown] == 0.0).all()
    assert (contributions[2] == 0.0).all()
    assert with_pairs.decision_function(rows)[2] == base


def test_one_feature_shapes_still_obey_their_directions(with_pairs: RiskModel) -> None:
    grid = np.linspace(0.0, 10.0, 101)
    assert (np.diff(with_pairs.shape("likes", grid)) >= -1e-12).all()
    assert (np.diff(with_pairs.shape("comments", grid)) <= 1e-12).all()
    assert (np.diff(with_pairs.shape("age", grid)) <= 1e-12).all()


def test_a_pair_holds_only_what_the_two_features_say_together(
    data: tuple[pd.DataFrame, np.ndarray], with_pairs: RiskModel
) -> None:
    """On the training profiles, a pair term has no part that one feature alone could carry."""
    from fakeprofile.model import _hats

    X, _ = data
    matrix = X.iloc[:3000].to_numpy(dtype=float)
    _, contributions = with_pairs.contributions(matrix)
    for k, term in enumerate(with_pairs.pair_terms_):
        i, j = term["index"]
        known = ~(np.isnan(matrix[:, i]) | np.isnan(matrix[:, j]))
        column = contributions[known, 3 + k]
        assert np.abs(column).max() > 0.01  # it does say something
        one_feature = np.hstack(
            [
                _hats(matrix[known, i], term["knots"][0]),
                _hats(matrix[known, j], term["knots"][1]),
            ]
        )
        fitted, *_ = np.linalg.lstsq(one_feature, column, rcond=None)
        assert np.abs(one_feature @ fitted).max() < 1e-8 * max(1.0, np.abs(column).max())


def test_pairs_are_chosen_on_the_data_given_and_clone_keeps_the_settings(
    data: tuple[pd.DataFrame, np.ndarray],
) -> None:
    X, y = data
    model = RiskModel(directions=DIRECTIONS, n_pairs=1, pair_knots=3)
    copy = clone(model)
    assert copy.get_params()["n_pairs"] == 1
    assert copy.get_params()["pair_knots"] == 3
    fitted = copy.fit(X.iloc[:3000], y[:3000])
    assert len(fitted.pair_indices()) == 1
    # Pure noise has no pair worth a term: the ranking asks for more than chance.
    rng = np.random.default_rng(5)
    noise = pd.DataFrame(rng.normal(size=(2000, 4)), columns=list("abcd"))
    labels = (rng.random(2000) < 0.3).astype(int)
    assert RiskModel(n_pairs=5).fit(noise, labels).pair_indices() == []


@pytest.mark.parametrize(("n_pairs", "pair_knots"), [(-1, 4), (2, 1)])
def test_bad_pair_settings_are_refused(
    data: tuple[pd.DataFrame, np.ndarray], n_pairs: int, pair_knots: int
) -> None:
    X, y = data
    with pytest.raises(ValueError, match=r"n_pairs|pair_knots"):
        RiskModel(n_pairs=n_pairs, pair_knots=pair_knots).fit(X, y)


# --------------------------------------------------------------------------- model files


def _card(model: RiskModel) -> ModelCard:
    return ModelCard(
        model_version="pairs-test",
        feature_names=[str(n) for n in model.feature_names_in_],
        training_data={"source": "tests"},
    )


def test_a_model_with_pairs_saves_and_loads_as_format_3(
    tmp_path: Path, data: tuple[pd.DataFrame, np.ndarray], with_pairs: RiskModel
) -> None:
    X, _ = data
    save_model(with_pairs, _card(with_pairs), tmp_path / "m")
    assert (
        json.loads((tmp_path / "m" / "card.json").read_text())["format"]
        == FORMAT
        == ("fakeprofile-model/3")
    )
    loaded = load_model(tmp_path / "m").model
    assert loaded.pair_indices() == with_pairs.pair_indices()
    np.testing.assert_array_equal(
        loaded.contributions(X.iloc[3000:])[1], with_pairs.contributions(X.iloc[3000:])[1]
    )


def test_a_format_2_file_without_pair_terms_still_loads(
    tmp_path: Path, data: tuple[pd.DataFrame, np.ndarray]
) -> None:
    """A model written before pair terms existed (no n_pairs, pair_knots, pair_terms_)."""
    X, y = data
    model = RiskModel(directions=DIRECTIONS).fit(X.iloc[:3000], y[:3000])
    expected = model.decision_function(X.iloc[3000:])
    for name in ("n_pairs", "pair_knots", "pair_terms_"):
        delattr(model, name)
    folder = tmp_path / "old"
    folder.mkdir()
    sio.dump(model, folder / "model.skops")
    from fakeprofile.modelfile import _sha256

    card = _card(model)
    card.sha256 = _sha256(folder / "model.skops")
    card.format = "fakeprofile-model/2"
    (folder / "card.json").write_text(card.to_json())
    loaded = load_model(folder).model
    assert loaded.pair_indices() == []
    assert loaded.get_params()["n_pairs"] == 0
    np.testing.assert_allclose(loaded.decision_function(X.iloc[3000:]), expected, atol=1e-12)


def test_a_pair_term_that_names_the_wrong_features_is_refused(
    tmp_path: Path, data: tuple[pd.DataFrame, np.ndarray]
) -> None:
    X, y = data
    model = RiskModel(directions=DIRECTIONS, n_pairs=1).fit(X.iloc[:3000], y[:3000])
    model.pair_terms_[0]["features"] = list(reversed(model.pair_terms_[0]["features"]))
    with pytest.raises(ModelFileError, match="pair term 0 does not name two of its features"):
        save_model(model, _card(model), tmp_path / "bad")


# --------------------------------------------------------------------------- reasons


@pytest.fixture(scope="module")
def scorer_with_pairs(tmp_path_factory: pytest.TempPathFactory) -> Scorer:
    population = generate(1200, seed=3)
    trained, _ = train(
        LabelledData(list(population.profiles), population.labels),
        progress=False,
        n_pairs=4,
    )
    folder = save_model(trained.model, trained.card, tmp_path_factory.mktemp("m") / "pairs")
    return Scorer(model=folder)


def test_train_selects_pairs_and_scores_stay_exact(scorer_with_pairs: Scorer) -> None:
    model = scorer_with_pairs.trained.model
    assert 0 < len(model.pair_indices()) <= 4
    assert scorer_with_pairs.trained.card.format == FORMAT
    for profile in generate(60, seed=11).profiles:
        result = scorer_with_pairs.score(profile)
        # Sub-scores hold every term (a pair half in each feature's group).
        assert result.base_value + sum(result.subscores.values()) == pytest.approx(
            result.logit, abs=1e-9
        )
        for reason in result.reasons:
            assert reason.contribution > 0
        for reason in result.mitigating:
            assert reason.contribution < 0


@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_a_pair_reason_states_both_facts_and_its_own_direction(
    scorer_with_pairs: Scorer, sign: float
) -> None:
    profile = generate(5, seed=12).profiles[0]
    row, evidence = scorer_with_pairs.vectorizer.vectorize_one(profile)
    values = row[scorer_with_pairs.columns][None, :]
    n = len(scorer_with_pairs.names)
    pairs = scorer_with_pairs.trained.model.pair_indices()
    contributions = np.zeros((1, n + len(pairs)))
    contributions[0, n] = sign * 0.8  # the first pair alone, either way
    reasons, mitigating, subscores = scorer_with_pairs.explainer.explain(
        contributions, values, [evidence]
    )[0]
    assert sum(subscores.values()) == pytest.approx(sign * 0.8)
    shown = reasons if sign > 0 else mitigating
    assert len(shown) == 1
    assert not (mitigating if sign > 0 else reasons)
    reason = shown[0]
    a, b = (scorer_with_pairs.names[f] for f in pairs[0])
    assert reason.code == f"{a}&{b}"
    assert reason.codes == (a, b)
    assert reason.contribution == pytest.approx(sign * 0.8)
    head = reason.text.split(": ", 1)[0]  # the facts themselves are quoted after it
    if sign > 0:
        assert head == "Taken together, two facts raise the risk more than each does alone"
    else:
        assert head == "Taken together, two facts lower the risk below what each says alone"
    assert reason.text.count('"') == 4  # both facts, quoted


def test_a_pair_with_an_unknown_feature_is_never_a_reason(scorer_with_pairs: Scorer) -> None:
    model = scorer_with_pairs.trained.model
    n = len(scorer_with_pairs.names)
    result = scorer_with_pairs.score({"id": "x"})  # nothing known
    assert not any("&" in r.code for r in (*result.reasons, *result.mitigating))
    for i, _ in model.pair_indices():
        row = np.full((1, n), np.nan)
        row[0, i] = 1.0  # only the pair's first feature known: the pair says nothing
        _, contributions = model.contributions(row)
        assert (contributions[0, n:] == 0.0).all()
