"""Training and honest evaluation: held-out metrics only, beside strong black-box baselines.

:func:`train` splits the labelled data once (stratified), fits the additive
:class:`~fakeprofile.model.RiskModel` on the training part (its calibration and
level thresholds come from out-of-fold predictions *within* that part), and
reports every metric on the held-out part only. A random forest and a
gradient-boosted model are trained on the same features and split, so the
price of explainability is visible.

:func:`evaluate` scores a trained model on labelled data it has not seen.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    brier_score_loss,
    matthews_corrcoef,
    roc_auc_score,
    roc_curve,
)
from sklearn.model_selection import train_test_split
from threadpoolctl import threadpool_limits

from .errors import InvalidProfileError
from .features import ProfileVectorizer
from .io import ReadError, iter_dicts
from .model import RiskModel
from .modelfile import ModelCard, TrainedModel
from .profile import Invitation, Profile, parse_invitation, parse_profile

__all__ = [
    "EvaluationReport",
    "LabelledData",
    "Metrics",
    "evaluate",
    "metrics_for",
    "read_labelled",
    "train",
]

log = logging.getLogger(__name__)

_TRUE = {"1", "fake", "true", "yes", "bot", "spam"}
_FALSE = {"0", "genuine", "real", "false", "no", "human", "legit"}


@dataclass
class LabelledData:
    """Profiles (or invitations) with labels (1 = fake), and the records that failed."""

    items: list[Profile | Invitation]
    labels: np.ndarray
    errors: list[ReadError] = field(default_factory=list)


def _parse_label(value: object, label_field: str) -> int:
    text = str(value).strip().lower()
    if isinstance(value, bool):
        return int(value)
    if text in _TRUE:
        return 1
    if text in _FALSE:
        return 0
    raise InvalidProfileError.single(
        label_field, f"must be 1/0, fake/genuine or true/false, got {value!r}"
    )


def read_labelled(
    paths: str | Path | Sequence[str | Path], *, label_field: str = "label"
) -> LabelledData:
    """Read labelled profile files (any format :mod:`fakeprofile.io` reads).

    Each record carries its label in ``label_field`` (1/0, fake/genuine,
    true/false). Records that fail validation are kept in ``errors``; records
    with a ``sender`` are read as invitations.
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    items: list[Profile | Invitation] = []
    labels: list[int] = []
    errors: list[ReadError] = []
    for path in paths:
        for raw in iter_dicts(path):
            if isinstance(raw, ReadError):
                errors.append(raw)
                continue
            record = dict(raw.value)
            try:
                if label_field not in record:
                    raise InvalidProfileError.single(label_field, "is required in labelled data")
                label = _parse_label(record.pop(label_field), label_field)
                item: Profile | Invitation = (
                    parse_invitation(record) if "sender" in record else parse_profile(record)
                )
            except InvalidProfileError as exc:
                errors.append(ReadError(raw.source, raw.line, exc.record_id, str(exc)))
                continue
            items.append(item)
            labels.append(label)
    return LabelledData(items, np.asarray(labels, dtype=np.int8), errors)


# --------------------------------------------------------------------------- metrics


@dataclass
class Metrics:
    """Held-out metrics of one model's probabilities."""

    name: str
    n: int
    n_fake: int
    roc_auc: float
    pr_auc: float
    accuracy: float
    mcc: float
    brier: float
    recall_at_fpr_1: float
    recall_at_fpr_5: float
    reliability: list[dict[str, Any]]
    at_levels: dict[str, dict[str, float]] = field(default_factory=dict)

    def summary(self) -> dict[str, float]:
        """The headline numbers, rounded."""
        return {
            "roc_auc": round(self.roc_auc, 4),
            "pr_auc": round(self.pr_auc, 4),
            "accuracy": round(self.accuracy, 4),
            "mcc": round(self.mcc, 4),
            "brier": round(self.brier, 4),
            "recall_at_fpr_1": round(self.recall_at_fpr_1, 4),
            "recall_at_fpr_5": round(self.recall_at_fpr_5, 4),
        }


def _recall_at_fpr(y: np.ndarray, p: np.ndarray, fpr: float) -> float:
    fprs, tprs, _ = roc_curve(y, p)
    ok = fprs <= fpr
    return float(tprs[ok].max()) if ok.any() else 0.0


def _reliability(y: np.ndarray, p: np.ndarray, bins: int = 10) -> list[dict[str, Any]]:
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    table = []
    for b in range(bins):
        mask = which == b
        if mask.any():
            table.append(
                {
                    "bin": f"{edges[b]:.1f}-{edges[b + 1]:.1f}",
                    "n": int(mask.sum()),
                    "mean_predicted": round(float(p[mask].mean()), 4),
                    "observed_fake_rate": round(float(y[mask].mean()), 4),
                }
            )
    return table


def metrics_for(
    name: str,
    y: np.ndarray,
    p: np.ndarray,
    *,
    thresholds: dict[str, float] | None = None,
    cutoff: float = 0.5,
) -> Metrics:
    """Metrics of probabilities ``p`` against labels ``y`` (held-out data only!).

    ``accuracy`` and ``mcc`` use ``cutoff``; ``at_levels`` gives the
    false-positive rate and recall at each of the model's own level thresholds,
    which were chosen before seeing these labels.
    """
    y = np.asarray(y).astype(int)
    p = np.asarray(p, dtype=float)
    predicted = (p >= cutoff).astype(int)
    at_levels: dict[str, dict[str, float]] = {}
    for level, t in (thresholds or {}).items():
        flagged = p >= t
        at_levels[level] = {
            "threshold": round(float(t), 6),
            "false_positive_rate": round(
                float(flagged[y == 0].mean()) if (y == 0).any() else 0.0, 4
            ),
            "recall": round(float(flagged[y == 1].mean()) if (y == 1).any() else 0.0, 4),
        }
    both = len(np.unique(y)) == 2
    return Metrics(
        name=name,
        n=int(y.size),
        n_fake=int(y.sum()),
        roc_auc=float(roc_auc_score(y, p)) if both else float("nan"),
        pr_auc=float(average_precision_score(y, p)) if both else float("nan"),
        accuracy=float(accuracy_score(y, predicted)),
        mcc=float(matthews_corrcoef(y, predicted)),
        brier=float(brier_score_loss(y, p)),
        recall_at_fpr_1=_recall_at_fpr(y, p, 0.01) if both else float("nan"),
        recall_at_fpr_5=_recall_at_fpr(y, p, 0.05) if both else float("nan"),
        reliability=_reliability(y, p),
        at_levels=at_levels,
    )


@dataclass
class EvaluationReport:
    """Held-out evaluation of the additive model beside the baselines."""

    model: Metrics
    baselines: list[Metrics]
    n_train: int
    n_test: int
    feature_names: list[str]
    errors: list[ReadError] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form (the model card's ``metrics``)."""
        return {
            "held_out": {"n_train": self.n_train, "n_test": self.n_test},
            "model": {**self.model.summary(), "at_levels": self.model.at_levels},
            "baselines": {b.name: b.summary() for b in self.baselines},
            "reliability": self.model.reliability,
            "unreadable_records": len(self.errors),
        }

    def to_markdown(self) -> str:
        """Tables for people: metrics side by side, then the reliability table."""
        cols = [
            "roc_auc",
            "pr_auc",
            "accuracy",
            "mcc",
            "brier",
            "recall_at_fpr_1",
            "recall_at_fpr_5",
        ]
        rows = [self.model, *self.baselines]
        lines = [
            f"Held-out evaluation: trained on {self.n_train}, tested on {self.n_test} "
            f"({self.model.n_fake} fake).",
            "",
            "| model | " + " | ".join(cols) + " |",
            "|---|" + "---|" * len(cols),
        ]
        for m in rows:
            s = m.summary()
            lines.append(f"| {m.name} | " + " | ".join(f"{s[c]:.4f}" for c in cols) + " |")
        if self.model.at_levels:
            lines += [
                "",
                "| level | threshold | false-positive rate | recall |",
                "|---|---|---|---|",
            ]
            for level, v in self.model.at_levels.items():
                fpr, recall = v["false_positive_rate"], v["recall"]
                lines.append(f"| {level} | {v['threshold']:.4f} | {fpr:.4f} | {recall:.4f} |")
        lines += [
            "",
            "Reliability (additive model):",
            "",
            "| bin | n | mean predicted | observed |",
            "|---|---|---|---|",
        ]
        for r in self.model.reliability:
            observed = r["observed_fake_rate"]
            lines.append(f"| {r['bin']} | {r['n']} | {r['mean_predicted']:.4f} | {observed:.4f} |")
        return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- train / evaluate


def _vectorize(
    items: Sequence[Profile | Invitation], index: Any | None, today: dt.date | None, progress: bool
) -> tuple[np.ndarray, list[str]]:
    """The feature matrix of ``items`` and the feature names."""
    vectorizer = ProfileVectorizer(index=index, today=today).fit()
    iterable: Iterable[Profile | Invitation] = items
    if progress and sys.stderr.isatty():
        from tqdm import tqdm

        iterable = tqdm(items, desc="features", unit="profile", file=sys.stderr)
    X = vectorizer.transform(iterable)
    return X, [str(n) for n in vectorizer.get_feature_names_out()]


def _baselines(
    X_train: np.ndarray, y_train: np.ndarray, X_test: np.ndarray, y_test: np.ndarray, seed: int
) -> list[Metrics]:
    # Columns never observed in training carry nothing (and trip some estimators).
    seen = ~np.isnan(X_train).all(axis=0)
    X_train, X_test = X_train[:, seen], X_test[:, seen]
    rf = RandomForestClassifier(n_estimators=300, min_samples_leaf=2, n_jobs=1, random_state=seed)
    filled_train = np.nan_to_num(X_train, nan=-1.0)
    filled_test = np.nan_to_num(X_test, nan=-1.0)
    rf.fit(filled_train, y_train)
    # One OpenMP thread: on a busy 2-core machine HistGradientBoosting's spinning
    # threads made a 900-row fit take 100 s instead of 2 s.
    with threadpool_limits(limits=1, user_api="openmp"):
        gb = HistGradientBoostingClassifier(random_state=seed).fit(X_train, y_train)
    return [
        metrics_for("random_forest", y_test, rf.predict_proba(filled_test)[:, 1]),
        metrics_for("gradient_boosting", y_test, gb.predict_proba(X_test)[:, 1]),
    ]


def train(
    data: LabelledData | str | Path | Sequence[str | Path],
    *,
    label_field: str = "label",
    index: Any | None = None,
    test_size: float = 0.25,
    random_state: int = 0,
    today: dt.date | None = None,
    model_version: str | None = None,
    training_data: dict[str, Any] | None = None,
    progress: bool = True,
    **model_params: Any,
) -> tuple[TrainedModel, EvaluationReport]:
    """Fit a model on labelled data and evaluate it on a held-out split.

    Parameters
    ----------
    data : LabelledData or path(s)
        Labelled profiles (see :func:`read_labelled` for the file format).
    index : ReferenceIndex, optional
        Reference profiles for the copy signals during feature extraction.
    test_size : float, default=0.25
        Share of the data held out for the report (stratified).
    today : date, optional
        Reference date for account ages (pin it for reproducible training).
    model_version, training_data : optional
        Recorded in the model card.
    **model_params
        Passed to :class:`~fakeprofile.model.RiskModel`.

    Returns
    -------
    (TrainedModel, EvaluationReport)
        The model (fitted on the training part only) with its card, and the
        held-out report (also stored in the card's ``metrics``).
    """
    if not 0.0 < test_size < 1.0:
        raise ValueError(f"test_size must be in (0, 1), got {test_size}")
    labelled = (
        data if isinstance(data, LabelledData) else read_labelled(data, label_field=label_field)
    )
    y = np.asarray(labelled.labels).astype(int)
    if len(np.unique(y)) != 2 or np.bincount(y).min() < 4:
        raise ValueError("labelled data needs at least 4 fake and 4 genuine profiles")
    X, names = _vectorize(labelled.items, index, today, progress)
    idx_train, idx_test = train_test_split(
        np.arange(y.size), test_size=test_size, stratify=y, random_state=random_state
    )
    # Every shape obeys the direction its signal declares (unless the caller says otherwise).
    directions = ProfileVectorizer().fit().directions()
    model = RiskModel(random_state=random_state, **{"directions": directions, **model_params})
    import pandas as pd

    model.fit(pd.DataFrame(X[idx_train], columns=names), y[idx_train])
    p_test = model.predict_proba(pd.DataFrame(X[idx_test], columns=names))[:, 1]
    report = EvaluationReport(
        model=metrics_for(
            "additive (fakeprofile)", y[idx_test], p_test, thresholds=model.thresholds_
        ),
        baselines=_baselines(X[idx_train], y[idx_train], X[idx_test], y[idx_test], random_state),
        n_train=int(idx_train.size),
        n_test=int(idx_test.size),
        feature_names=names,
        errors=labelled.errors,
    )
    card = ModelCard(
        model_version=model_version or f"custom-{dt.datetime.now(dt.UTC):%Y%m%d%H%M%S}",
        feature_names=names,
        training_data=training_data
        or {
            "records": int(y.size),
            "fake": int(y.sum()),
            "unreadable_records": len(labelled.errors),
        },
        metrics=report.to_dict(),
        thresholds={
            level: {
                "probability": round(model.thresholds_[level], 6),
                "target_false_positive_rate": fpr,
                "held_out_false_positive_rate": report.model.at_levels[level][
                    "false_positive_rate"
                ],
                "held_out_recall": report.model.at_levels[level]["recall"],
            }
            for level, fpr in (("medium", model.fpr_medium), ("high", model.fpr_high))
        },
    )
    return TrainedModel(model, card), report


def evaluate(
    model: TrainedModel,
    data: LabelledData | str | Path | Sequence[str | Path],
    *,
    label_field: str = "label",
    index: Any | None = None,
    today: dt.date | None = None,
    progress: bool = True,
) -> Metrics:
    """Metrics of a trained model on labelled data it was not trained on.

    Parameters
    ----------
    model : TrainedModel
    data : LabelledData or path(s)
        Labelled profiles the model has not seen (see :func:`read_labelled`).
    index : ReferenceIndex, optional
        Reference profiles for the copy signals.
    today : date, optional
        Reference date for account ages.

    Returns
    -------
    Metrics
        ROC-AUC, PR-AUC, accuracy, MCC, Brier, recall at 1% and 5%
        false-positive rate, a reliability table, and the false-positive rate
        and recall at the model's own level thresholds.
    """
    labelled = (
        data if isinstance(data, LabelledData) else read_labelled(data, label_field=label_field)
    )
    X, names = _vectorize(labelled.items, index, today, progress)
    import pandas as pd

    frame = pd.DataFrame(X, columns=names)
    p = model.model.predict_proba(frame)[:, 1]
    return metrics_for(model.version, labelled.labels, p, thresholds=model.model.thresholds_)
