"""The risk model: an additive classifier whose per-feature contributions are exact.

:class:`RiskModel` is a logistic regression on a piecewise-linear expansion of
each feature (ramps between knots at the feature's training quantiles). The
logit is therefore a sum of one *shape function* per feature::

    logit(x) = base_value + Σ_j f_j(x_j)

and :meth:`RiskModel.contributions` returns those ``f_j`` exactly (the test
suite checks ``base_value + Σ contributions == decision_function`` to
floating-point precision).

Three rules make the contributions something a person can read:

* **Directions.** Each feature may declare how risk moves with it
  (``directions``): ``"up"``, ``"down"``, or a normal range ``(low, high)``
  outside which risk rises on both sides. The fit is *constrained* to it
  (every ramp's weight is bounded at zero: a bounded fit by projected
  Newton steps, not a post-hoc filter), so the fitted shape is monotone as declared.
* **Centred on the average.** Each shape is centred on the mean over the
  training profiles for which the feature was known, so a positive
  contribution means "more suspicious than the average profile", and with a
  monotone shape the same value can never push both ways.
* **Unknown contributes nothing.** A missing value (``nan``) takes the average
  known profile's basis during the fit and contributes exactly 0 when
  scoring: no indicator learns from missingness, so a section an export did
  not have can neither raise nor lower a risk.

**Pair terms** (``n_pairs > 0``, what :func:`fakeprofile.train` uses): a few
interactions between two features, each a term of its own::

    logit(x) = base_value + Σ_j f_j(x_j) + Σ_(a,b) g_ab(x_a, x_b)

selected on the training data only (FAST-style: after fitting the shapes,
every pair of features is ranked by how much a four-quadrant step function of
the two reduces the loss, and the best ``n_pairs`` are kept). Each ``g_ab`` is
a bilinear surface over the two features' quantile knots with every
one-feature part removed (orthogonal, on the training profiles where both are
known, to any shape of ``x_a`` alone or ``x_b`` alone), so it holds only what
the two features say *together*: the declared directions stay with the
one-feature shapes, which are fitted under them as before. A pair term is
unconstrained, contributes exactly 0 when either feature is unknown, and is
returned by :meth:`RiskModel.contributions` as a column after the features'.

Probabilities are calibrated with Platt scaling fitted on out-of-fold logits
(``cv``-fold cross-validation on the training data), which is an affine map of
the logit (with a positive slope) and so keeps the model exactly additive and
the directions intact. Risk levels (low / medium / high) use thresholds chosen
on the same out-of-fold predictions at given false-positive rates.

Why this model: reasons must be faithful, so the model is additive by
construction rather than explained after the fact; piecewise-linear shapes
capture the non-linear effects (a few likes is normal, hundreds with no
comments is not) that a plain logistic regression would miss.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from ._kernels import pair_values, shape_values
from .errors import check_fitted

__all__ = ["LEVELS", "RiskModel", "threshold_at_fpr"]

#: Risk levels, lowest first.
LEVELS: tuple[str, str, str] = ("low", "medium", "high")
_LEVEL_NAMES = np.array(LEVELS)
#: Smallest Platt slope kept: a non-positive one would turn every direction around.
_MIN_SLOPE = 1e-3

#: A feature's declared direction: "up", "down", or a normal range (low, high).
DirectionSpec = str | tuple[float, float]


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


def _ramps(knots: np.ndarray, spec: DirectionSpec | None) -> tuple[np.ndarray, np.ndarray]:
    """The basis of one feature as its values at the knots, and each column's lower bound.

    Column ``c`` of the basis is ``np.interp(x, knots, at_knots[:, c])``: a
    ramp over one interval between two knots, flat beyond it. Oriented so
    that a non-negative weight moves the risk the declared way: rising
    (``"up"``), falling (``"down"``), or rising away from a normal range on
    either side. Unconstrained (``None``): rising ramps with free weights.
    """
    k = knots.size
    columns: list[np.ndarray] = []
    for i in range(1, k):
        rising = (np.arange(k) >= i).astype(float)  # 0 up to knot i-1, 1 from knot i
        if spec is None or spec == "up":
            columns.append(rising)
        elif spec == "down":
            columns.append(-rising)
        elif isinstance(spec, tuple):
            low, high = spec
            if knots[i] <= low:  # below the normal range: risk rises as x falls
                columns.append(1.0 - rising)
            elif knots[i - 1] >= high:  # above it: risk rises as x rises
                columns.append(rising)
    at_knots = np.column_stack(columns) if columns else np.empty((k, 0))
    bounds = np.full(at_knots.shape[1], -np.inf if spec is None else 0.0)
    return at_knots, bounds


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
    directions : mapping, optional
        Feature name to ``"up"`` (risk rises with the value), ``"down"``, or a
        normal range ``(low, high)`` (risk rises outside it on both sides).
        The fitted shapes obey them; features not named are unconstrained.
    n_pairs : int, default=0
        At most this many pair terms (interactions of two features), selected
        on the training data; 0 keeps the model purely one feature a term.
        A fit holds fewer on little data (one pair per 150 profiles of the
        smaller class) and only pairs whose ranking gain beats chance.
    pair_knots : int, default=4
        Knots per feature (at its training quantiles) of a pair's surface.

    Attributes
    ----------
    feature_names_in_ : ndarray of str
    terms_ : list of dict
        Per feature, in the order of ``feature_names_in_``: the feature's name
        (``"feature"``) and its fitted shape (knots, basis, bounds, mean basis).
    base_value_ : float
        Calibrated logit of a profile of which nothing is known (every shape
        at the training average).
    thresholds_ : dict
        ``{"medium": p, "high": p}`` probability thresholds.
    classes_ : ndarray
        ``[0, 1]``; 1 means fake.
    coef_, intercept_ : ndarray, float
        The weights of the basis (the features' shapes, then the pair terms')
        and the intercept of the logistic regression.
    pair_terms_ : list of dict
        Per pair term: its two features (``"features"``, ``"index"``), knots,
        and the fixed projection and scaling of its basis.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(400, 2)); y = (X[:, 0] + rng.normal(size=400) > 0).astype(int)
    >>> m = RiskModel(directions={"x0": "up"}).fit(X, y)
    >>> base, contrib = m.contributions(X[:3])
    >>> np.allclose(base + contrib.sum(axis=1), m.decision_function(X[:3]))
    True
    >>> bool(np.all(np.diff(m.shape("x0", [-2.0, -1.0, 0.0, 1.0, 2.0])) >= 0))
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
        directions: Mapping[str, DirectionSpec] | None = None,
        n_pairs: int = 0,
        pair_knots: int = 4,
    ) -> None:
        self.n_knots = n_knots
        self.C = C
        self.cv = cv
        self.fpr_high = fpr_high
        self.fpr_medium = fpr_medium
        self.random_state = random_state
        self.directions = directions
        self.n_pairs = n_pairs
        self.pair_knots = pair_knots

    # ------------------------------------------------------------------ basis

    def _validate_params_(self) -> None:
        if self.n_knots < 2:
            raise ValueError(f"n_knots must be ≥ 2, got {self.n_knots}")
        if not self.C > 0:
            raise ValueError(f"C must be > 0, got {self.C}")
        if self.cv < 2:
            raise ValueError(f"cv must be ≥ 2, got {self.cv}")
        if self.n_pairs < 0:
            raise ValueError(f"n_pairs must be ≥ 0, got {self.n_pairs}")
        if self.pair_knots < 2:
            raise ValueError(f"pair_knots must be ≥ 2, got {self.pair_knots}")
        for name in ("fpr_high", "fpr_medium"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be in [0, 1], got {value}")
        for feature, spec in (self.directions or {}).items():
            ok = spec in ("up", "down") or (
                isinstance(spec, tuple | list) and len(spec) == 2 and spec[0] <= spec[1]
            )
            if not ok:
                raise ValueError(
                    f"directions[{feature!r}] must be 'up', 'down' or a normal range "
                    f"(low, high), got {spec!r}"
                )

    def _spec(self, name: str) -> DirectionSpec | None:
        spec = (self.directions or {}).get(name)
        if isinstance(spec, tuple | list):
            return (float(spec[0]), float(spec[1]))
        return spec

    def _fit_terms(self, X: np.ndarray) -> list[dict[str, Any]]:
        """For each column: its feature, knots, basis at the knots, weight bounds and mean basis.

        Each term names the feature it was fitted on, so a model whose
        ``feature_names_in_`` were renamed or reordered afterwards can be told
        apart from one whose shapes follow them (a model file checks it).
        """
        terms: list[dict[str, Any]] = []
        for j, name in enumerate(self.feature_names_in_):
            col = X[:, j]
            seen = col[~np.isnan(col)]
            spec = self._spec(str(name))
            if seen.size == 0:  # never known in training: nothing to learn
                terms.append({"kind": "none", "feature": str(name)})
                continue
            knots = np.unique(np.quantile(seen, np.linspace(0.0, 1.0, self.n_knots)))
            if isinstance(spec, tuple):  # the normal range's ends are knots too
                inside = [v for v in spec if knots[0] < v < knots[-1]]
                knots = np.unique(np.concatenate([knots, inside]))
            at_knots, bounds = _ramps(knots, spec) if knots.size >= 2 else (None, None)
            if at_knots is None or at_knots.shape[1] == 0:
                terms.append({"kind": "none", "feature": str(name)})
                continue
            term = {
                "kind": "pl",
                "feature": str(name),
                "knots": knots,
                "at_knots": at_knots,
                "bounds": bounds,
            }
            term["mean_basis"] = self._expand_term(seen, term).mean(axis=0)
            terms.append(term)
        return terms

    @staticmethod
    def _term_width(term: dict[str, Any]) -> int:
        return 0 if term["kind"] == "none" else int(term["at_knots"].shape[1])

    @staticmethod
    def _expand_term(col: np.ndarray, term: dict[str, Any]) -> np.ndarray:
        if term["kind"] == "none":
            return np.empty((col.size, 0))
        missing = np.isnan(col)
        knots, at_knots = term["knots"], term["at_knots"]
        x = np.where(missing, knots[0], col)
        basis = np.column_stack(
            [np.interp(x, knots, at_knots[:, c]) for c in range(at_knots.shape[1])]
        )
        if missing.any() and "mean_basis" in term:
            # Unknown: the average known profile's basis, so its contribution is exactly 0.
            basis[missing] = term["mean_basis"]
        return basis

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
            Feature values; ``nan`` marks an unknown input.
        y : array of shape (n_samples,)
            1 for fake, 0 for genuine.
        """
        self._validate_params_()
        self._shapes: list[tuple[np.ndarray, np.ndarray]] | None = None
        self._knots: tuple[np.ndarray, ...] | None = None
        self._pair_tables: tuple[np.ndarray, ...] | None = None
        matrix = self._as_matrix(X, fitting=True)
        labels = np.asarray(y).astype(int).ravel()
        if labels.shape[0] != matrix.shape[0]:
            raise ValueError(f"y has {labels.shape[0]} labels for {matrix.shape[0]} rows of X")
        if set(np.unique(labels)) != {0, 1}:
            raise ValueError("y must contain both classes, 0 (genuine) and 1 (fake)")
        unknown = sorted(set(self.directions or {}) - {str(n) for n in self.feature_names_in_})
        if unknown:
            raise ValueError(f"directions names features X does not have: {unknown}")
        self.n_features_in_ = matrix.shape[1]
        self.classes_ = np.array([0, 1])
        self.terms_ = self._fit_terms(matrix)
        basis = self._expand(matrix)
        bounds = np.concatenate(
            [t["bounds"] for t in self.terms_ if t["kind"] != "none"] or [np.empty(0)]
        )
        self.pair_terms_: list[dict[str, Any]] = []
        if self.n_pairs > 0:
            # Shapes alone first: the pairs are ranked on what they leave unexplained.
            coef, intercept = _fit_bounded(basis, labels, bounds, self.C)
            self.pair_terms_ = self._fit_pairs(matrix, labels, basis @ coef + intercept)
            if self.pair_terms_:
                blocks = [basis] + [_pair_basis(matrix, t) for t in self.pair_terms_]
                basis = np.hstack(blocks)
                free = np.full(basis.shape[1] - bounds.size, -np.inf)
                bounds = np.concatenate([bounds, free])

        # Out-of-fold logits: honest inputs for calibration and thresholds.
        folds = StratifiedKFold(
            n_splits=min(self.cv, int(np.bincount(labels).min())),
            shuffle=True,
            random_state=self.random_state,
        )
        oof = np.empty(labels.size)
        for train, test in folds.split(basis, labels):
            coef, intercept = _fit_bounded(basis[train], labels[train], bounds, self.C)
            oof[test] = basis[test] @ coef + intercept
        platt = LogisticRegression(C=1e6, max_iter=1000).fit(oof[:, None], labels)
        # A positive slope keeps every shape's direction (it cannot be negative
        # for a model that learned anything; the floor guards a useless one).
        slope = max(float(platt.coef_[0, 0]), _MIN_SLOPE)
        self.calibration_ = (slope, float(platt.intercept_[0]))

        self.coef_, self.intercept_ = _fit_bounded(basis, labels, bounds, self.C)
        self.oof_proba_ = _sigmoid(self.calibration_[0] * oof + self.calibration_[1])
        self.thresholds_ = {
            "medium": threshold_at_fpr(self.oof_proba_, labels, self.fpr_medium),
            "high": threshold_at_fpr(self.oof_proba_, labels, self.fpr_high),
        }
        if self.thresholds_["medium"] > self.thresholds_["high"]:
            self.thresholds_["medium"] = self.thresholds_["high"]

        # Centre each shape on the training profiles for which it was known:
        # the mean basis is what an unknown value takes, so this is its value too.
        self.shape_means_ = np.array(
            [
                float(t["mean_basis"] @ c) if t["kind"] != "none" else 0.0
                for t, c in zip(self.terms_, self._coef_blocks(), strict=True)
            ]
        )
        a, b = self.calibration_
        self.base_value_ = float(a * (self.intercept_ + self.shape_means_.sum()) + b)
        return self

    def _coef_blocks(self) -> list[np.ndarray]:
        """The weights of each feature's basis columns."""
        blocks = []
        start = 0
        for term in self.terms_:
            width = self._term_width(term)
            blocks.append(self.coef_[start : start + width])
            start += width
        return blocks

    def _fit_pairs(
        self, matrix: np.ndarray, labels: np.ndarray, logits: np.ndarray
    ) -> list[dict[str, Any]]:
        """The pair terms: the best-ranked pairs of used features, each with its basis."""
        usable = [j for j, t in enumerate(self.terms_) if t["kind"] != "none"]
        ranked = _rank_pairs(matrix, labels, logits, usable)
        # A pair term needs data: _PER_PAIR profiles of the smaller class for each.
        wanted = min(self.n_pairs, int(np.bincount(labels).min()) // _PER_PAIR)
        terms: list[dict[str, Any]] = []
        names = [str(n) for n in self.feature_names_in_]
        uses: dict[int, int] = {}
        for i, j in ranked:
            if len(terms) >= wanted:
                break
            if max(uses.get(i, 0), uses.get(j, 0)) >= _PAIRS_PER_FEATURE:
                continue  # varied pairs: one feature's slopes should not take every term
            term = _fit_pair(matrix, i, j, self.pair_knots)
            if term is not None:
                term["features"] = [names[i], names[j]]
                terms.append(term)
                uses[i], uses[j] = uses.get(i, 0) + 1, uses.get(j, 0) + 1
        return terms

    def _pair_coef_blocks(self) -> list[np.ndarray]:
        """The weights of each pair term's basis columns (after the features')."""
        start = sum(self._term_width(t) for t in self.terms_)
        blocks = []
        for term in getattr(self, "pair_terms_", []):
            width = int(term["whitening"].shape[1])
            blocks.append(self.coef_[start : start + width])
            start += width
        return blocks

    def _pair_table(self) -> tuple[np.ndarray, ...]:
        """Every pair term in closed form: its values at the grid of its two features' knots.

        The basis is the bilinear hat functions' products less their
        projection on one-feature functions, scaled; weighted, that is one
        bilinear surface whose values at the knots are computed here (cached,
        padded into arrays for :func:`~fakeprofile._kernels.pair_values`), so
        scoring is one bilinear interpolation per pair.
        """
        cached: tuple[np.ndarray, ...] | None = getattr(self, "_pair_tables", None)
        if cached is not None:
            return cached
        terms = getattr(self, "pair_terms_", [])
        width = max([2] + [k.size for t in terms for k in t["knots"]])
        first = np.array([int(t["index"][0]) for t in terms], dtype=np.int64)
        second = np.array([int(t["index"][1]) for t in terms], dtype=np.int64)
        knots = [np.full((len(terms), width), np.inf) for _ in range(2)]
        sizes = [np.zeros(len(terms), dtype=np.int64) for _ in range(2)]
        grids = np.zeros((len(terms), width, width))
        for p, (term, w) in enumerate(zip(terms, self._pair_coef_blocks(), strict=True)):
            ka, kb = term["knots"][0].size, term["knots"][1].size
            v = term["whitening"] @ w  # weights of the tensor products, before projection
            c = term["projection"] @ v  # the one-feature part removed: constant, a's, b's
            grids[p, :ka, :kb] = v.reshape(ka, kb) - c[1 : 1 + ka, None] - c[None, 1 + ka :] - c[0]
            for side, k in enumerate(term["knots"]):
                knots[side][p, : k.size] = k
                sizes[side][p] = k.size
        self._pair_tables = (first, second, knots[0], sizes[0], knots[1], sizes[1], grids)
        return self._pair_tables

    def _raw_pairs(self, matrix: np.ndarray) -> np.ndarray:
        """Each pair term's (uncalibrated) value; exactly 0 where either feature is unknown."""
        out: np.ndarray = pair_values(np.ascontiguousarray(matrix), *self._pair_table())
        return out

    def pair_indices(self) -> list[tuple[int, int]]:
        """The two feature columns of each pair term, in the order of its contribution columns."""
        return [(int(t["index"][0]), int(t["index"][1])) for t in getattr(self, "pair_terms_", [])]

    def term_names(self) -> list[str]:
        """One name per contribution column: the features, then each pair as ``"a&b"``."""
        check_fitted(self, "coef_")
        names = [str(n) for n in self.feature_names_in_]
        return names + [f"{names[i]}&{names[j]}" for i, j in self.pair_indices()]

    # ------------------------------------------------------------------ predict

    def _raw_contributions(self, basis: np.ndarray) -> np.ndarray:
        """Each feature's uncentred, uncalibrated shape, from the basis (the fit's view)."""
        out = np.empty((basis.shape[0], len(self.terms_)))
        start = 0
        for j, c in enumerate(self._coef_blocks()):
            out[:, j] = basis[:, start : start + c.size] @ c
            start += c.size
        return out

    def __getstate__(self) -> dict[str, Any]:
        """The fitted state without the shape tables cached for speed.

        A saved model then holds only what was fitted, and a loaded one
        rebuilds its tables from those numbers: a table in a file could
        disagree with the weights beside it.
        """
        state: dict[str, Any] = dict(super().__getstate__())
        state.pop("_shapes", None)
        state.pop("_knots", None)
        state.pop("_pair_tables", None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Restore a fitted state; one written before pair terms existed has none."""
        state = dict(state)
        state.setdefault("n_pairs", 0)
        state.setdefault("pair_knots", 4)
        if "coef_" in state:
            state.setdefault("pair_terms_", [])
        super().__setstate__(state)

    def _shape_table(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per feature, its shape in closed form: knots and values there (cached).

        A basis of ramps weighted by its coefficients is itself piecewise
        linear, with the values ``at_knots @ coef`` at the knots and flat
        beyond them. So one ``np.interp`` per feature gives what the basis
        expansion and the dot product give, much faster for a single row.
        """
        cached: list[tuple[np.ndarray, np.ndarray]] | None = getattr(self, "_shapes", None)
        if cached is not None:
            return cached
        table = []
        for term, c in zip(self.terms_, self._coef_blocks(), strict=True):
            if term["kind"] == "none":
                table.append((np.zeros(1), np.zeros(1)))
            else:
                table.append((term["knots"], term["at_knots"] @ c))
        self._shapes = table
        return table

    def _knot_table(self) -> tuple[np.ndarray, ...]:
        """Every feature's closed-form shape as rows of one padded table (cached).

        Row ``j`` holds feature ``j``'s knots (padded with ``+inf``) and its
        values there (padded with the last value), so all features interpolate
        together; an unknown value takes the shape's training mean, which the
        centring subtracts: its contribution is exactly 0.
        """
        cached: tuple[np.ndarray, ...] | None = getattr(self, "_knots", None)
        if cached is not None:
            return cached
        shapes = self._shape_table()
        width = max(2, *(where.size for where, _ in shapes))
        knots = np.full((len(shapes), width), np.inf)
        values = np.zeros((len(shapes), width))
        for j, (where, at) in enumerate(shapes):
            knots[j, : where.size] = where
            values[j, : where.size] = at
            values[j, where.size :] = at[-1]
        zeros = np.zeros(len(shapes))
        self._knots = (knots, values, zeros, zeros, np.asarray(self.shape_means_, dtype=float))
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
        contributions : ndarray of shape (n_samples, n_features + n_pair_terms)
            One column per feature (``feature_names_in_``), then one per pair
            term (:meth:`pair_indices`, named by :meth:`term_names`);
            ``base_value + contributions.sum(axis=1) == decision_function(X)``.
        """
        check_fitted(self, "coef_")
        matrix = self._as_matrix(X, fitting=False)
        raw = self._raw_fast(matrix)
        a = self.calibration_[0]
        if not getattr(self, "pair_terms_", []):
            return self.base_value_, a * (raw - self.shape_means_)
        return self.base_value_, np.hstack(
            [a * (raw - self.shape_means_), a * self._raw_pairs(matrix)]
        )

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
        check_fitted(self, "coef_")
        in_pairs = {
            n
            for t, c in zip(getattr(self, "pair_terms_", []), self._pair_coef_blocks(), strict=True)
            if np.any(c != 0.0)
            for n in t["features"]
        }
        return [
            str(name)
            for name, c in zip(self.feature_names_in_, self._coef_blocks(), strict=True)
            if np.any(c != 0.0) or str(name) in in_pairs
        ]

    def shape(self, feature: str, values: Sequence[float] | np.ndarray) -> np.ndarray:
        """The centred shape function of one feature at ``values`` (for plots)."""
        check_fitted(self, "coef_")
        names = list(self.feature_names_in_)
        j = names.index(feature)
        grid = np.full((len(values), len(names)), np.nan)
        grid[:, j] = values
        return self.contributions(grid)[1][:, j]  # pair terms are 0: the others are unknown


#: Profiles of the smaller class needed for each pair term: on less data, fewer pairs
#: (on 1,400 synthetic training profiles ten pairs cost 1.2 points of ROC-AUC; one is neutral).
_PER_PAIR = 150
#: Most pair terms one feature takes part in.
_PAIRS_PER_FEATURE = 2
#: Quantile bins per feature when ranking pairs.
_PAIR_BINS = 16
#: Fewest training profiles with both features known for a pair to be ranked.
_PAIR_MIN_ROWS = 50


def _quantile_bins(col: np.ndarray) -> tuple[np.ndarray, int, np.ndarray]:
    """Each value's quantile bin, the number of bins, and where the value is known."""
    known = ~np.isnan(col)
    if not known.any():
        return np.zeros(col.size, dtype=np.intp), 1, known
    inner = np.linspace(0.0, 1.0, _PAIR_BINS + 1)[1:-1]
    edges = np.unique(np.quantile(col[known], inner))
    bins = np.searchsorted(edges, np.where(known, col, edges[0]), side="right")
    return bins, int(edges.size) + 1, known


def _rank_pairs(
    matrix: np.ndarray, y: np.ndarray, logits: np.ndarray, usable: Sequence[int]
) -> list[tuple[int, int]]:
    """Pairs of features, best first, by what a four-quadrant step of the two would add.

    FAST-style (Lou et al., 2013): with the gradient and Hessian of the
    log-loss at the shapes-only ``logits``, each pair's best split into four
    quadrants (one cut on each feature, over quantile bins, on the profiles
    where both are known) is scored by its Newton gain. A pair is kept only
    when that gain is more than chance would give: every extra cell of a
    step function gains about 1 under no interaction (the gain is a score
    statistic), so the gain must exceed ``2 * log(number of cuts tried) + 3``
    (a Bonferroni-like allowance for picking the best cut).
    """
    p = _sigmoid(logits)
    g, h = y - p, p * (1.0 - p)
    bins = {j: _quantile_bins(matrix[:, j]) for j in usable}
    scored: list[tuple[float, int, int]] = []
    for x, i in enumerate(usable):
        bi, ni, ki = bins[i]
        if ni < 2:
            continue
        for j in usable[x + 1 :]:
            bj, nj, kj = bins[j]
            if nj < 2:
                continue
            both = ki & kj
            if int(both.sum()) < _PAIR_MIN_ROWS:
                continue
            cell = bi[both] * nj + bj[both]
            G = np.bincount(cell, g[both], ni * nj).reshape(ni, nj).cumsum(0).cumsum(1)
            H = np.bincount(cell, h[both], ni * nj).reshape(ni, nj).cumsum(0).cumsum(1)
            # Quadrants of the cut after row bin r and column bin c (r, c < last).
            g00, h00 = G[:-1, :-1], H[:-1, :-1]
            g01, h01 = G[:-1, -1:] - g00, H[:-1, -1:] - h00
            g10, h10 = G[-1:, :-1] - g00, H[-1:, :-1] - h00
            g11, h11 = G[-1, -1] - g00 - g01 - g10, H[-1, -1] - h00 - h01 - h10
            gain = sum(
                gq * gq / (hq + 1.0) for gq, hq in ((g00, h00), (g01, h01), (g10, h10), (g11, h11))
            )
            best = float(np.max(gain))
            if best > 2.0 * math.log((ni - 1) * (nj - 1)) + 3.0:
                scored.append((best, i, j))
    scored.sort(key=lambda s: -s[0])
    return [(i, j) for _, i, j in scored]


def _hats(x: np.ndarray, knots: np.ndarray) -> np.ndarray:
    """Piecewise-linear hat functions at ``knots`` (they sum to 1), flat beyond the ends."""
    k = knots.size
    out = np.empty((x.size, k))
    identity = np.eye(k)
    for c in range(k):
        out[:, c] = np.interp(x, knots, identity[c])
    return out


def _pair_parts(
    matrix: np.ndarray, term: dict[str, Any]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The tensor products of two features' hats, the one-feature design, where both are known."""
    i, j = term["index"]
    a, b = matrix[:, i], matrix[:, j]
    known = ~(np.isnan(a) | np.isnan(b))
    ka, kb = term["knots"]
    ha = _hats(np.where(known, a, ka[0]), ka)
    hb = _hats(np.where(known, b, kb[0]), kb)
    tensor = (ha[:, :, None] * hb[:, None, :]).reshape(matrix.shape[0], -1)
    design = np.hstack([np.ones((matrix.shape[0], 1)), ha, hb])
    return tensor, design, known


def _fit_pair(matrix: np.ndarray, i: int, j: int, n_knots: int) -> dict[str, Any] | None:
    """A pair term's basis: bilinear surfaces with every one-feature part projected out.

    On the profiles where both features are known, the tensor products of the
    two features' hat functions are made orthogonal to a constant and to any
    piecewise-linear function of either feature alone (least squares), then
    scaled to unit variance (so the L2 penalty weighs every direction alike).
    ``None`` when nothing is left (a feature with one value).
    """
    knots = []
    for c in (i, j):
        col = matrix[:, c]
        seen = col[~np.isnan(col)]
        knots.append(np.unique(np.quantile(seen, np.linspace(0.0, 1.0, n_knots))))
    if knots[0].size < 2 or knots[1].size < 2:
        return None
    term: dict[str, Any] = {"kind": "pair", "index": [int(i), int(j)], "knots": knots}
    tensor, design, known = _pair_parts(matrix, term)
    projection, *_ = np.linalg.lstsq(design[known], tensor[known], rcond=None)
    residual = tensor[known] - design[known] @ projection
    _, singular, vt = np.linalg.svd(residual, full_matrices=False)
    if singular.size == 0 or singular[0] <= 1e-9:
        return None
    keep = singular > 1e-6 * singular[0]
    term["projection"] = projection
    term["whitening"] = vt[keep].T / singular[keep] * math.sqrt(matrix.shape[0])
    return term


def _pair_basis(matrix: np.ndarray, term: dict[str, Any]) -> np.ndarray:
    """A pair term's basis columns (0 where either feature is unknown)."""
    tensor, design, known = _pair_parts(matrix, term)
    basis: np.ndarray = (tensor - design @ term["projection"]) @ term["whitening"]
    basis[~known] = 0.0
    return basis


def _fit_bounded(
    basis: np.ndarray, y: np.ndarray, lower: np.ndarray, C: float, *, max_iter: int = 100
) -> tuple[np.ndarray, float]:
    """L2-penalised logistic regression whose weights are bounded below (the intercept free).

    Minimises ``C * Σ log-loss + ½‖w‖²`` (scikit-learn's scaling of ``C``);
    a bound of 0 keeps a ramp's weight non-negative, which is what makes the
    fitted shape monotone in its declared direction. Solved by projected
    Newton steps (a few hundred columns: the Hessian is small, and about ten
    steps converge where a quasi-Newton method takes hundreds): weights held
    at their bound by a gradient pushing outwards stay there, the others take
    a Newton step, and a backtracking line search projects onto the bounds.
    """
    n, p = basis.shape
    X = np.hstack([basis, np.ones((n, 1))])
    floor = np.concatenate([lower, [-np.inf]])
    ridge = np.concatenate([np.ones(p), [0.0]])  # the intercept is not penalised
    sign = 2.0 * y - 1.0

    def objective(theta: np.ndarray) -> float:
        margin = sign * (X @ theta)
        return C * float(np.logaddexp(0.0, -margin).sum()) + 0.5 * float((ridge * theta) @ theta)

    theta = np.zeros(p + 1)
    prior = float(np.clip(y.mean(), 1e-6, 1 - 1e-6))
    theta[p] = math.log(prior / (1.0 - prior))
    value = objective(theta)
    for _ in range(max_iter):
        proba = _sigmoid(X @ theta)
        grad = C * (X.T @ (proba - y)) + ridge * theta
        held = (theta - floor <= 1e-10) & (grad > 0)
        if np.abs(np.where(held, 0.0, grad)).max() <= 1e-8 * max(1.0, abs(value)):
            break
        free = ~held
        weights = C * proba * (1.0 - proba)
        Xf = X[:, free]
        hessian = (Xf * weights[:, None]).T @ Xf + np.diag(ridge[free] + 1e-10)
        step = np.zeros(p + 1)
        step[free] = -np.linalg.solve(hessian, grad[free])
        scale = 1.0
        while True:
            candidate = np.maximum(floor, theta + scale * step)
            new_value = objective(candidate)
            if new_value <= value + 1e-4 * float(grad @ (candidate - theta)) or scale < 1e-10:
                break
            scale *= 0.5
        converged = value - new_value <= 1e-12 * max(1.0, abs(value))
        if new_value <= value:
            theta, value = candidate, new_value
        if converged:
            break
    return theta[:p], float(theta[p])


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(z, -500, 500))))
