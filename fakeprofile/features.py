"""From profiles to a numeric matrix: :class:`ProfileVectorizer`, with the evidence kept beside it.

The vectorizer runs every registered signal (``fakeprofile.signals.SIGNALS``)
on each profile and lays their features out in one row, in registry order.
Unknown inputs stay ``nan`` (for example the copy features when no reference
index is given), never a silent zero; the model gives ``nan`` a contribution
of exactly 0.

An input may be a :class:`~fakeprofile.profile.Profile` (or a mapping that
validates as one, nested or flat with dotted keys as in CSV), or an
:class:`~fakeprofile.profile.Invitation`, in which case the sender is the
profile and the message signal sees the invitation; or a pandas DataFrame with
one profile per row and CSV-style columns (``activity.likes``, ``skills`` as
``a|b``).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from .errors import InputFormatError, check_fitted
from .index.lookup import open_index
from .io import FieldFilter, frame_cells, unflatten
from .profile import Invitation, Profile, parse_invitation, parse_profile
from .signals import SIGNALS, Context, Feature, Signal, SignalResult, extract_many

if TYPE_CHECKING:
    from .index.lookup import IndexLike, ReferenceLookup

__all__ = ["ProfileEvidence", "ProfileVectorizer", "as_subject"]


@dataclass(frozen=True, slots=True)
class ProfileEvidence:
    """Everything the signals found for one profile, kept beside its feature row.

    ``results`` maps a signal's name to its :class:`SignalResult`.
    """

    profile_id: str
    results: dict[str, SignalResult]


def as_subject(item: object) -> tuple[Profile, Invitation | None]:
    """The profile to score and the invitation around it (if any) for one input."""
    if isinstance(item, Invitation):
        return item.sender, item
    if isinstance(item, Profile):
        return item, None
    if isinstance(item, dict) and "sender" in item:
        invitation = parse_invitation(item)
        return invitation.sender, invitation
    return parse_profile(item), None


def _is_frame(X: object) -> bool:
    """Whether ``X`` is a pandas DataFrame (pandas is imported only if it already is)."""
    module = type(X).__module__
    return module.startswith("pandas") and hasattr(X, "itertuples") and hasattr(X, "columns")


def _frame_records(frame: Any) -> Iterable[dict[str, Any]]:
    """The rows of a DataFrame with CSV-style columns, as nested records."""
    for cells in frame_cells(frame):
        yield unflatten(cells)


def _records(X: object, fields: FieldFilter) -> Iterable[object]:
    """The inputs of ``X``: rows of a DataFrame, flat dicts unflattened, dicts filtered."""
    if _is_frame(X):
        return (fields(r) for r in _frame_records(X))
    if isinstance(X, str | bytes | Path):
        raise InputFormatError(
            "X must be profiles (or a DataFrame), not a path: read the file first, e.g. "
            "with fakeprofile.read_profiles or pandas.read_csv"
        )
    return (_record(item, fields) for item in X)  # type: ignore[attr-defined]


def _record(item: object, fields: FieldFilter) -> object:
    if isinstance(item, dict):
        if any(isinstance(k, str) and "." in k for k in item):  # flat, CSV-style keys
            item = unflatten((str(k), v) for k, v in item.items())
        return fields(item)
    return item


class ProfileVectorizer(TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """Turn profiles (or invitations) into a matrix of named signal features.

    Parameters
    ----------
    signals : sequence of Signal, optional
        The signals to run; the registry ``SIGNALS`` by default.
    index : str, Path or ReferenceIndex, optional
        Known profiles to look copied photos and text up in. Without it the
        copy features are ``nan`` (unknown: they contribute nothing).
        Give a path in a scikit-learn pipeline: the file is opened read-only on
        first use, so the vectorizer can be cloned (``cross_val_score``,
        ``GridSearchCV``) and pickled. An open index can be too: it is copied
        as its path, and the copy opens the file again read-only.
    today : datetime.date, optional
        Reference date for ages and windows; today (UTC) when ``None``.
    unknown_columns : {"keep", "drop"}, default="keep"
        ``"drop"``: ``fit`` notes the features unknown (``nan``) in every
        training row, and ``transform`` leaves them out, so the columns are the
        same in training and prediction. Estimators such as
        ``HistGradientBoostingClassifier`` fail on a column that is all
        ``nan``, and an export without (say) photos or activity has many.
    extra_fields : {"error", "meta", "ignore"}, default="error"
        Fields of dict or DataFrame inputs that are not profile fields: an
        error (the default), kept under ``meta`` or dropped (see
        :class:`fakeprofile.io.FieldFilter`). A ``label`` column is always
        ignored.

    Notes
    -----
    Inputs may be :class:`~fakeprofile.profile.Profile` objects, invitations,
    nested dicts, flat dicts with dotted keys (``{"activity.likes": 3}``), or a
    pandas DataFrame with one profile per row in the CSV convention
    (:func:`fakeprofile.io.unflatten`). A record that does not validate raises
    :class:`~fakeprofile.errors.InvalidProfileError` naming the field.

    Unknown inputs stay ``nan``. ``HistGradientBoostingClassifier`` takes
    ``nan`` as it is (with ``unknown_columns="drop"``); estimators that do not,
    such as ``LogisticRegression`` or a random forest, need an imputer after
    the vectorizer, still with ``unknown_columns="drop"`` (the imputer warns
    about columns with no value): ``SimpleImputer(strategy="median",
    add_indicator=True)`` keeps "unknown" as a feature of its own::

        from sklearn.ensemble import HistGradientBoostingClassifier
        from sklearn.model_selection import cross_val_score
        from sklearn.pipeline import make_pipeline

        frame = pandas.read_csv("labelled.csv")
        y = frame.pop("label")
        pipe = make_pipeline(
            ProfileVectorizer(index="known.db", unknown_columns="drop"),
            HistGradientBoostingClassifier(),
        )
        cross_val_score(pipe, frame, y, cv=5, scoring="roc_auc")

    Examples
    --------
    >>> from fakeprofile.profile import Profile
    >>> vec = ProfileVectorizer().fit([])
    >>> X = vec.transform([Profile(id="p-1")])
    >>> X.shape[1] == len(vec.get_feature_names_out())
    True
    >>> vec.transform([{"id": "p-2", "activity.likes": 40, "activity.comments": 0}]).shape[0]
    1
    """

    def __init__(
        self,
        signals: Sequence[Signal] | None = None,
        index: IndexLike | None = None,
        today: dt.date | None = None,
        unknown_columns: str = "keep",
        extra_fields: str = "error",
    ) -> None:
        self.signals = signals
        self.index = index
        self.today = today
        self.unknown_columns = unknown_columns
        self.extra_fields = extra_fields

    # ------------------------------------------------------------------ sklearn API

    def fit(self, X: Iterable[object] = (), y: object = None) -> ProfileVectorizer:
        """Record the feature layout; return ``self``.

        The signals need no fitting: ``X`` is read only with
        ``unknown_columns="drop"``, to note which features it leaves unknown.
        """
        self._fit_layout()
        if self.unknown_columns == "drop":
            self._fit_known(self._full_matrix(X)[0])
        return self

    def fit_transform(self, X: Iterable[object], y: object = None, **fit_params: Any) -> np.ndarray:
        """``fit(X).transform(X)``, computing the features once."""
        self._fit_layout()
        matrix = self._full_matrix(X)[0]
        if self.unknown_columns == "drop":
            self._fit_known(matrix)
            return matrix[:, self.kept_]
        return matrix

    def transform(self, X: Iterable[object]) -> np.ndarray:
        """The feature matrix (``float64``, ``nan`` where an input is missing)."""
        return self.transform_with_evidence(X)[0]

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """Names of the output columns, one per feature (the kept ones, when dropping)."""
        check_fitted(self, "feature_names_out_")
        return np.asarray(self.feature_names_out_, dtype=object)

    def _fit_layout(self) -> None:
        if self.unknown_columns not in ("keep", "drop"):
            raise InputFormatError(
                f"unknown_columns must be 'keep' or 'drop', got {self.unknown_columns!r}"
            )
        FieldFilter(self.extra_fields)  # checks the value
        signals = tuple(SIGNALS if self.signals is None else self.signals)
        self.signals_ = signals
        self.features_: tuple[Feature, ...] = tuple(f for s in signals for f in s.features)
        names = [f.name for f in self.features_]
        duplicated = sorted({n for n in names if names.count(n) > 1})
        if duplicated:
            raise ValueError(f"feature names must be unique across signals, repeated: {duplicated}")
        self.all_feature_names_ = np.asarray(names, dtype=object)
        self.kept_ = np.arange(len(names))
        self.feature_names_out_ = self.all_feature_names_
        self.n_features_out_ = len(names)
        self.n_all_features_ = len(names)

    def _fit_known(self, matrix: np.ndarray) -> None:
        """Keep the features known in at least one row of ``matrix``."""
        self.kept_ = np.flatnonzero(~np.isnan(matrix).all(axis=0))
        self.feature_names_out_ = self.all_feature_names_[self.kept_]
        self.n_features_out_ = len(self.kept_)

    # ------------------------------------------------------------------ the index, lazily

    def _index(self) -> ReferenceLookup | None:
        """The reference index: the object given, or the path's file opened read-only once."""
        if not isinstance(self.index, str | os.PathLike):
            return open_index(self.index)
        opened = self.__dict__.get("_opened_index")
        if opened is None or opened[0] != os.fspath(self.index):
            opened = (os.fspath(self.index), open_index(self.index))
            self.__dict__["_opened_index"] = opened
        return opened[1]

    def __getstate__(self) -> dict[str, Any]:
        # An index opened from a path is reopened on first use after unpickling.
        state: dict[str, Any] = dict(super().__getstate__())
        state.pop("_opened_index", None)
        return state

    # ------------------------------------------------------------------ with evidence

    def transform_with_evidence(
        self, X: Iterable[object]
    ) -> tuple[np.ndarray, list[ProfileEvidence]]:
        """The feature matrix and, for each row, the evidence behind it.

        Each signal sees the profiles together (see :func:`extract_many`), so
        index look-ups are answered a chunk at a time.
        """
        check_fitted(self, "features_")
        matrix, evidence = self._full_matrix(X)
        if self.n_features_out_ != self.n_all_features_:
            matrix = matrix[:, self.kept_]
        return matrix, evidence

    def _full_matrix(self, X: Iterable[object]) -> tuple[np.ndarray, list[ProfileEvidence]]:
        """Every feature of every input, with the evidence."""
        fields = FieldFilter(self.extra_fields)
        subjects = [as_subject(item) for item in _records(X, fields)]
        today = self.today or dt.datetime.now(dt.UTC).date()
        profiles = [profile for profile, _ in subjects]
        index = self._index()
        contexts = [
            Context(today=today, index=index, invitation=invitation) for _, invitation in subjects
        ]
        rows: list[list[float]] = [[] for _ in profiles]
        results: list[dict[str, SignalResult]] = [{} for _ in profiles]
        for signal in self.signals_:
            names = [f.name for f in signal.features]
            # The values of ``names`` in one call: a tuple, or one value for one name.
            pick: Callable[[dict[str, float]], Any] = itemgetter(*names) if names else lambda _: ()
            single = len(names) == 1
            for i, result in enumerate(extract_many(signal, profiles, contexts)):
                results[i][signal.name] = result
                if single:
                    rows[i].append(pick(result.values))
                else:
                    rows[i] += pick(result.values)
        matrix = np.array(rows, dtype=float).reshape(len(profiles), self.n_all_features_)
        evidence = [ProfileEvidence(p.id, r) for p, r in zip(profiles, results, strict=True)]
        return matrix, evidence

    def vectorize_one(self, item: object) -> tuple[np.ndarray, ProfileEvidence]:
        """One input's feature row and evidence (``fit`` must have been called)."""
        matrix, evidence = self.transform_with_evidence([item])
        return matrix[0], evidence[0]

    def directions(self) -> dict[str, str | tuple[float, float]]:
        """Each feature's declared direction, as :class:`~fakeprofile.model.RiskModel` takes it.

        ``"up"`` or ``"down"``, or the normal range ``(low, high)`` of a
        two-sided feature.
        """
        check_fitted(self, "features_")
        return {f.name: f.normal if f.normal is not None else f.direction for f in self.features_}

    def feature_groups(self) -> dict[str, str]:
        """Each feature's signal group (used for sub-scores)."""
        check_fitted(self, "features_")
        return {f.name: f.group for f in self.features_}

    def fact_of(self) -> dict[str, tuple[Signal, str]]:
        """Each feature's signal and the feature whose sentence states its fact.

        Features sharing a :attr:`Feature.fact` key state one fact, in the
        sentence of the feature named like the key, or else of the first of
        them that the signal declares.
        """
        check_fitted(self, "features_")
        out: dict[str, tuple[Signal, str]] = {}
        for signal in self.signals_:
            names = {f.name for f in signal.features}
            leads: dict[str, str] = {}
            for f in signal.features:
                key = f.fact or f.name
                lead = leads.setdefault(key, key if key in names else f.name)
                out[f.name] = (signal, lead)
        return out
