"""The risk model: an additive classifier whose per-feature contributions are exact.

:class:`RiskModel` is a logistic regression on a piecewise-linear expansion of
each feature (a degree-1 B-spline, or "tent", basis over knots at the feature's
training quantiles) plus an indicator for each feature that can be missing. The
logit is therefore a sum of one *shape function* per feature::

    logit(x) = base_value + Σ_j f_j(x_j)

and :meth:`RiskModel.contributions` returns those ``f_j`` exactly (the test
suite checks ``base_value + Σ contributions == decision_function`` to
floating-point precision). Each shape function is centred on the training
data, so a contribution says how far that feature moved this profile's risk
away from the average profile's.

Probabilities are calibrated with Platt scaling fitted on out-of-fold logits
(``cv``-fold cross-validation on the training data), which is an affine map of
the logit and so keeps the model exactly additive. Risk levels (low / medium /
high) use thresholds chosen on the same out-of-fold predictions at given
false-positive rates.

Why this model: reasons must be faithful, so the model is additive by
construction rather than explained after the fact; piecewise-linear shapes
capture the non-linear effects (a few likes is normal, hundreds with no
comments is not) that a plain logistic regression would miss.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from ._kernels import shape_values
from .errors import check_fitted

__all__ = ["LEVELS", "RiskModel", "threshold_at_fpr"]

#: Risk levels, lowest first.
LEVELS: tuple[str, str, str] = ("low", "medium", "high")
_LEVEL_NAMES = np.array(LEVELS)


def threshold_at_fpr(scores: np.ndarray, y: np.ndarray, fpr: float) -> float:
    """The smallest score threshold whose false-positive rate is at most ``fpr``.

    A profile is flagged when ``score >= threshold``.
    """
    negatives = np.sort(scores[y == 0])[::-1]
    if negatives.size == 0:
        return float(np.min(scores))
    allowed = math.floor(fpr * negatives.size)
    if allowed >= negatives.size:
        return float(negatives[-1])
    # Flag strictly above the (allowed+1)-th highest negative score.
    return float(np.nextafter(negatives[allowed], np.inf))


class RiskModel(ClassifierMixin, BaseEstimator):  # type: ignore[misc]
    """Additive, calibrated classifier with exact per-feature contributions.

    Parameters
    ----------
    n_knots : int, default=6
        Knots per continuous feature (at training quantiles) for its shape function.
    C : float, default=1.0
        Inverse L2 regularisation strength of the logistic regression.
    cv : int, default=5
        Folds used for the out-of-fold logits that fit calibration and thresholds.
    fpr_high, fpr_medium : float
        False-positive rates (on out-of-fold predictions) at which the
        ``high`` and ``medium`` levels start.
    random_state : int, default=0
        Seed for the cross-validation split.

    Attributes
    ----------
    feature_names_in_ : ndarray of str
    base_value_ : float
        Calibrated logit of the average training profile.
    thresholds_ : dict
        ``{"medium": p, "high": p}`` probability thresholds.
    classes_ : ndarray
        ``[0, 1]``; 1 means fake.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(400, 2)); y = (X[:, 0] + rng.normal(size=400) > 0).astype(int)
    >>> m = RiskModel().fit(X, y)
    >>> base, contrib = m.contributions(X[:3])
    >>> np.allclose(base + contrib.sum(axis=1), m.decision_function(X[:3]))
    True
    """

    def __init__(
        self,
        n_knots: int = 6,
        C: float = 1.0,
        cv: int = 5,
        fpr_high: float = 0.01,
        fpr_medium: float = 0.10,
        random_state: int = 0,
    ) -> None:
        self.n_knots = n_knots
        self.C = C
        self.cv = cv
        self.fpr_high = fpr_high
        self.fpr_medium = fpr_medium
        self.random_state = random_state

    # ------------------------------------------------------------------ basis

    def _validate_params_(self) -> None:
        if self.n_knots < 2:
            raise ValueError(f"n_knots must be ≥ 2, got {self.n_knots}")
        if not self.C > 0:
            raise ValueError(f"C must be > 0, got {self.C}")
        if self.cv < 2:
            raise ValueError(f"cv must be ≥ 2, got {self.cv}")
        for name in ("fpr_high", "fpr_medium"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be in [0, 1], got {value}")

    @staticmethod
    def _fit_terms(X: np.ndarray, n_knots: int) -> list[dict[str, Any]]:
        """For each column: its knots (or a linear scale), imputation value, missingness."""
        terms: list[dict[str, Any]] = []
        for j in range(X.shape[1]):
            col = X[:, j]
            seen = col[~np.isnan(col)]
            has_missing = bool(np.isnan(col).any())
            if seen.size == 0:
                terms.append({"kind": "none", "fill": 0.0, "has_missing": has_missing})
                continue
            knots = np.unique(np.quantile(seen, np.linspace(0.0, 1.0, n_knots)))
            if knots.size < 3:  # binary or nearly constant: a straight line is all it can be
                spread = float(seen.std()) or 1.0
                terms.append(
                    {
                        "kind": "linear" if knots.size == 2 else "none",
                        "center": float(seen.mean()),
                        "scale": spread,
                        "fill": float(np.median(seen)),
                        "has_missing": has_missing,
                    }
                )
            else:
                terms.append(
                    {
                        "kind": "tent",
                        "knots": knots,
                        "fill": float(np.median(seen)),
                        "has_missing": has_missing,
                    }
                )
        return terms

    @staticmethod
    def _term_width(term: dict[str, Any]) -> int:
        width = {"none": 0, "linear": 1}.get(term["kind"])
        if width is None:
            width = int(term["knots"].size) - 1  # first tent dropped: it is the intercept's
        return width + int(term["has_missing"])

    @staticmethod
    def _expand_term(col: np.ndarray, term: dict[str, Any]) -> np.ndarray:
        missing = np.isnan(col)
        x = np.where(missing, term["fill"], col)
        parts: list[np.ndarray] = []
        if term["kind"] == "linear":
            parts.append(((x - term["center"]) / term["scale"])[:, None])
        elif term["kind"] == "tent":
            knots = term["knots"]
            eye = np.eye(knots.size)
            # Tent k is 1 at knot k, 0 at the other knots, linear between; constant outside.
            parts.append(
                np.column_stack([np.interp(x, knots, eye[k]) for k in range(1, knots.size)])
            )
        if parts and missing.any() and not term["has_missing"] and "mean_basis" in term:
            # Never missing in training, so the model knows nothing of "unknown": give
            # it the average training profile's basis, so its contribution is exactly 0
            # (no reason can then claim that the unknown value moved the risk).
            parts[0][missing] = term["mean_basis"]
        if term["has_missing"]:
            parts.append(missing.astype(float)[:, None])
        if not parts:
            return np.empty((col.size, 0))
        return np.hstack(parts)

    def _expand(self, X: np.ndarray) -> np.ndarray:
        blocks = [self._expand_term(X[:, j], t) for j, t in enumerate(self.terms_)]
        return np.hstack(blocks) if blocks else np.empty((X.shape[0], 0))

    # ------------------------------------------------------------------ input

    def _as_matrix(self, X: Any, *, fitting: bool) -> np.ndarray:
        if isinstance(X, pd.DataFrame):
            names = np.asarray([str(c) for c in X.columns], dtype=object)
            if fitting:
                self.feature_names_in_ = names
            elif hasattr(self, "feature_names_in_") and list(names) != list(self.feature_names_in_):
                missing = sorted(set(self.feature_names_in_) - set(names))
                if missing:
                    raise ValueError(f"X lacks features the model was trained on: {missing}")
                X = X[list(self.feature_names_in_)]
            matrix = np.asarray(X.to_numpy(dtype=float))
        else:
            matrix = np.asarray(X, dtype=float)
            if fitting:
                self.feature_names_in_ = np.asarray(
                    [f"x{j}" for j in range(matrix.shape[1])], dtype=object
                )
        if matrix.ndim != 2:
            raise ValueError(f"X must be 2-dimensional, got shape {matrix.shape}")
        if np.isinf(matrix).any():
            raise ValueError("X must not contain infinite values")
        if not fitting and matrix.shape[1] != self.n_features_in_:
            raise ValueError(
                f"X has {matrix.shape[1]} features, but the model was trained on "
                f"{self.n_features_in_}"
            )
        return matrix

    # ------------------------------------------------------------------ fit

    def fit(self, X: Any, y: Any) -> RiskModel:
        """Fit shapes, calibration and level thresholds; return ``self``.

        Parameters
        ----------
        X : DataFrame or array of shape (n_samples, n_features)
            Feature values; ``nan`` marks a missing input.
        y : array of shape (n_samples,)
            1 for fake, 0 for genuine.
        """
        self._validate_params_()
        self._shapes: list[tuple[str, np.ndarray, np.ndarray, float, float]] | None = None
        self._knots: tuple[np.ndarray, ...] | None = None
        matrix = self._as_matrix(X, fitting=True)
        labels = np.asarray(y).astype(int).ravel()
        if labels.shape[0] != matrix.shape[0]:
            raise ValueError(f"y has {labels.shape[0]} labels for {matrix.shape[0]} rows of X")
        if set(np.unique(labels)) != {0, 1}:
            raise ValueError("y must contain both classes, 0 (genuine) and 1 (fake)")
        self.n_features_in_ = matrix.shape[1]
        self.classes_ = np.array([0, 1])
        self.terms_ = self._fit_terms(matrix, self.n_knots)
        for j, term in enumerate(self.terms_):
            if not term["has_missing"] and term["kind"] != "none":
                term["mean_basis"] = self._expand_term(matrix[:, j], term).mean(axis=0)
        basis = self._expand(matrix)

        # Out-of-fold logits: honest inputs for calibration and thresholds.
        folds = StratifiedKFold(
            n_splits=min(self.cv, int(np.bincount(labels).min())),
            shuffle=True,
            random_state=self.random_state,
        )
        oof = np.empty(labels.size)
        for train, test in folds.split(basis, labels):
            oof[test] = (
                self._new_lr().fit(basis[train], labels[train]).decision_function(basis[test])
            )
        platt = LogisticRegression(C=1e6, max_iter=1000).fit(oof[:, None], labels)
        self.calibration_ = (float(platt.coef_[0, 0]), float(platt.intercept_[0]))

        self.lr_ = self._new_lr().fit(basis, labels)
        self.oof_proba_ = _sigmoid(self.calibration_[0] * oof + self.calibration_[1])
        self.thresholds_ = {
            "medium": threshold_at_fpr(self.oof_proba_, labels, self.fpr_medium),
            "high": threshold_at_fpr(self.oof_proba_, labels, self.fpr_high),
        }
        if self.thresholds_["medium"] > self.thresholds_["high"]:
            self.thresholds_["medium"] = self.thresholds_["high"]

        # Centre each shape function on the training data.
        raw = self._raw_contributions(basis)
        self.shape_means_ = raw.mean(axis=0)
        a, b = self.calibration_
        self.base_value_ = float(a * (self.lr_.intercept_[0] + self.shape_means_.sum()) + b)
        return self

    def _new_lr(self) -> LogisticRegression:
        # Newton-Cholesky: few, exact steps for a basis of a few hundred columns.
        return LogisticRegression(C=self.C, solver="newton-cholesky", max_iter=200, tol=1e-6)

    # ------------------------------------------------------------------ predict

    def _raw_contributions(self, basis: np.ndarray) -> np.ndarray:
        coef = self.lr_.coef_[0]
        out = np.empty((basis.shape[0], len(self.terms_)))
        start = 0
        for j, term in enumerate(self.terms_):
            width = self._term_width(term)
            out[:, j] = basis[:, start : start + width] @ coef[start : start + width]
            start += width
        return out

    def _shape_table(self) -> list[tuple[str, np.ndarray, np.ndarray, float, float]]:
        """Per feature, its shape function in closed form (computed once, then cached).

        A tent basis weighted by its coefficients is itself piecewise linear:
        the values ``[0, c_1, …, c_k]`` at the knots (the first tent is the
        intercept's). So one ``np.interp`` per feature gives what the basis
        expansion and the dot product give, much faster for a single row.
        Entries: (kind, knots or [center, scale], values or [coef], missing
        term, value when missing).
        """
        cached: list[tuple[str, np.ndarray, np.ndarray, float, float]] | None = getattr(
            self, "_shapes", None
        )
        if cached is not None:
            return cached
        coef = self.lr_.coef_[0]
        table = []
        start = 0
        for term in self.terms_:
            width = self._term_width(term)
            c = coef[start : start + width]
            start += width
            kind = term["kind"]
            if kind == "tent":
                knots = term["knots"]
                where, values = knots, np.concatenate([[0.0], c[: knots.size - 1]])
            elif kind == "linear":
                where, values = np.array([term["center"], term["scale"]]), c[:1]
            else:
                where, values = np.empty(0), np.empty(0)
            at_fill = float(self._shape_at(kind, where, values, np.array([term["fill"]]))[0])
            if term["has_missing"]:
                when_missing = at_fill + float(c[-1])
            elif "mean_basis" in term:
                when_missing = float(term["mean_basis"] @ c)
            else:
                when_missing = at_fill
            table.append(
                (kind, where, values, float(c[-1]) if term["has_missing"] else 0.0, when_missing)
            )
        self._shapes = table
        return table

    @staticmethod
    def _shape_at(kind: str, where: np.ndarray, values: np.ndarray, x: np.ndarray) -> np.ndarray:
        if kind == "tent":
            out: np.ndarray = np.interp(x, where, values)
        elif kind == "linear":
            out = values[0] * (x - where[0]) / where[1]
        else:
            out = np.zeros(x.shape)
        return out

    def _knot_table(self) -> tuple[np.ndarray, ...]:
        """Every feature's closed-form shape as rows of one padded table (cached).

        Row ``j`` holds feature ``j``'s knots (padded with ``+inf``) and its
        values there (padded with the last value), so all features interpolate
        together; a linear term is a slope and an intercept beside a flat
        shape, and a term without a basis is flat at 0.
        """
        cached: tuple[np.ndarray, ...] | None = getattr(self, "_knots", None)
        if cached is not None:
            return cached
        shapes = self._shape_table()
        width = max([2] + [where.size for kind, where, *_ in shapes if kind == "tent"])
        knots = np.full((len(shapes), width), np.inf)
        knots[:, 0] = 0.0
        values = np.zeros((len(shapes), width))
        slope = np.zeros(len(shapes))
        intercept = np.zeros(len(shapes))
        when_missing = np.array([shape[4] for shape in shapes])
        for j, (kind, where, at, _, _) in enumerate(shapes):
            if kind == "tent":
                knots[j, : where.size] = where
                values[j, : where.size] = at
                values[j, where.size :] = at[-1]
            elif kind == "linear":
                slope[j] = at[0] / where[1]
                intercept[j] = -at[0] * where[0] / where[1]
        self._knots = (knots, values, slope, intercept, when_missing)
        return self._knots

    def _raw_fast(self, matrix: np.ndarray) -> np.ndarray:
        """Raw (uncentred, uncalibrated) contributions: every feature's shape at once.

        What ``np.interp`` gives feature by feature (flat beyond the end
        knots), in one compiled loop over the rows and features
        (:func:`~fakeprofile._kernels.shape_values`).
        """
        out: np.ndarray = shape_values(np.ascontiguousarray(matrix), *self._knot_table())
        return out

    def contributions(self, X: Any) -> tuple[float, np.ndarray]:
        """The base value and each feature's exact contribution to the calibrated logit.

        Returns
        -------
        base_value : float
        contributions : ndarray of shape (n_samples, n_features)
            ``base_value + contributions.sum(axis=1) == decision_function(X)``.
        """
        check_fitted(self, "lr_")
        raw = self._raw_fast(self._as_matrix(X, fitting=False))
        a = self.calibration_[0]
        return self.base_value_, a * (raw - self.shape_means_)

    def decision_function(self, X: Any) -> np.ndarray:
        """The calibrated logit of being fake."""
        base, contributions = self.contributions(X)
        logits: np.ndarray = base + contributions.sum(axis=1)
        return logits

    def predict_proba(self, X: Any) -> np.ndarray:
        """Calibrated probabilities, columns following ``classes_`` (genuine, fake)."""
        p = _sigmoid(self.decision_function(X))
        return np.column_stack([1.0 - p, p])

    def predict(self, X: Any) -> np.ndarray:
        """1 (fake) where the calibrated probability is at least 0.5."""
        return (self.predict_proba(X)[:, 1] >= 0.5).astype(int)

    def level(self, risk: float | np.ndarray) -> Any:
        """The level ("low", "medium", "high") of one risk or an array of them."""
        check_fitted(self, "thresholds_")
        risks = np.asarray(risk, dtype=float)
        step = (risks >= self.thresholds_["medium"]).astype(np.intp)
        step += risks >= self.thresholds_["high"]
        out = _LEVEL_NAMES[step]
        return str(out) if out.ndim == 0 else out

    def used_features(self) -> list[str]:
        """Features the model actually uses (a feature constant in training has no effect)."""
        check_fitted(self, "lr_")
        return [
            str(name)
            for name, term in zip(self.feature_names_in_, self.terms_, strict=True)
            if self._term_width(term) > 0
        ]

    def shape(self, feature: str, values: Sequence[float]) -> np.ndarray:
        """The centred shape function of one feature at ``values`` (for plots)."""
        check_fitted(self, "lr_")
        names = list(self.feature_names_in_)
        j = names.index(feature)
        grid = np.full((len(values), len(names)), np.nan)
        for k, term in enumerate(self.terms_):
            grid[:, k] = term["fill"]
        grid[:, j] = values
        return self.contributions(grid)[1][:, j]


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(z, -500, 500))))
