"""From profiles to a numeric matrix: :class:`ProfileVectorizer`, with the evidence kept beside it.

The vectorizer runs every registered signal (``fakeprofile.signals.SIGNALS``)
on each profile and lays their features out in one row, in registry order.
Missing inputs stay ``nan`` (for example the copy features when no reference
index is given); the model turns them into an explicit "missing" term, never a
silent zero.

An input may be a :class:`~fakeprofile.profile.Profile` (or a mapping that
validates as one), or an :class:`~fakeprofile.profile.Invitation`, in which
case the sender is the profile and the message signal sees the invitation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from .errors import check_fitted
from .profile import Invitation, Profile, parse_invitation, parse_profile
from .signals import SIGNALS, Context, Feature, Signal, SignalResult, extract_many

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


class ProfileVectorizer(TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """Turn profiles (or invitations) into a matrix of named signal features.

    Parameters
    ----------
    signals : sequence of Signal, optional
        The signals to run; the registry ``SIGNALS`` by default.
    index : ReferenceIndex, optional
        Known profiles to look copied photos and text up in. Without it the
        copy features are ``nan`` and their ``*_lookup_missing`` features are 1.
    today : datetime.date, optional
        Reference date for ages and windows; today (UTC) when ``None``.

    Examples
    --------
    >>> from fakeprofile.profile import Profile
    >>> vec = ProfileVectorizer().fit([])
    >>> X = vec.transform([Profile(id="p-1")])
    >>> X.shape[1] == len(vec.get_feature_names_out())
    True
    """

    def __init__(
        self,
        signals: Sequence[Signal] | None = None,
        index: Any | None = None,
        today: dt.date | None = None,
    ) -> None:
        self.signals = signals
        self.index = index
        self.today = today

    # ------------------------------------------------------------------ sklearn API

    def fit(self, X: Iterable[object] = (), y: object = None) -> ProfileVectorizer:
        """Record the feature layout (the signals need no fitting); return ``self``."""
        signals = tuple(SIGNALS if self.signals is None else self.signals)
        self.signals_ = signals
        self.features_: tuple[Feature, ...] = tuple(f for s in signals for f in s.features)
        names = [f.name for f in self.features_]
        duplicated = sorted({n for n in names if names.count(n) > 1})
        if duplicated:
            raise ValueError(f"feature names must be unique across signals, repeated: {duplicated}")
        self.feature_names_out_ = np.asarray(names, dtype=object)
        self.n_features_out_ = len(names)
        return self

    def transform(self, X: Iterable[object]) -> np.ndarray:
        """The feature matrix (``float64``, ``nan`` where an input is missing)."""
        return self.transform_with_evidence(X)[0]

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """Names of the output columns, one per feature."""
        check_fitted(self, "feature_names_out_")
        return np.asarray(self.feature_names_out_, dtype=object)

    # ------------------------------------------------------------------ with evidence

    def transform_with_evidence(
        self, X: Iterable[object]
    ) -> tuple[np.ndarray, list[ProfileEvidence]]:
        """The feature matrix and, for each row, the evidence behind it.

        Each signal sees the profiles together (see :func:`extract_many`), so
        index look-ups are answered a chunk at a time.
        """
        check_fitted(self, "features_")
        subjects = [as_subject(item) for item in X]
        today = self.today or dt.datetime.now(dt.UTC).date()
        profiles = [profile for profile, _ in subjects]
        contexts = [
            Context(today=today, index=self.index, invitation=invitation)
            for _, invitation in subjects
        ]
        rows: list[list[float]] = [[] for _ in profiles]
        results: list[dict[str, SignalResult]] = [{} for _ in profiles]
        for signal in self.signals_:
            names = [f.name for f in signal.features]
            for i, result in enumerate(extract_many(signal, profiles, contexts)):
                results[i][signal.name] = result
                got = result.values
                rows[i] += [got[n] for n in names]
        matrix = np.array(rows, dtype=float).reshape(len(profiles), self.n_features_out_)
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
