"""Training and honest evaluation: held-out metrics only, beside strong black-box baselines.

:func:`train` splits the labelled data once (stratified), fits the additive
:class:`~fakeprofile.model.RiskModel` on the training part (its calibration and
level thresholds come from out-of-fold predictions *within* that part), and
reports every metric on the held-out part only. A random forest and a
gradient-boosted model are trained on the same features and split, so the
price of explainability is visible.

:func:`train` then refits the same recipe on *all* the data (``refit=True``,
the default), so no labelled profile is wasted; the card says which model it
holds and that the held-out numbers describe the split model.

:func:`evaluate` scores a trained model on labelled data it has not seen.
Reports say what mattered (each signal group's and the top features' mean
absolute contribution), give each level's false-positive rate and recall
against the targets, with 95% Wilson intervals, and warn when the labelled
part is too small or too imbalanced for its rates to mean much.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

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

from .errors import TrainingDataError
from .features import ProfileVectorizer
from .io import ReadError
from .labelled import (
    FEW_PER_CLASS,
    IMBALANCED_SHARE,
    LabelledData,
    check_classes,
    read_labelled,
)
from .model import RiskModel
from .modelfile import ModelCard, TrainedModel
from .profile import Invitation, Profile

if TYPE_CHECKING:
    from .index.lookup import IndexLike

__all__ = [
    "EvaluationReport",
    "LabelledData",
    "Metrics",
    "evaluate",
    "metrics_for",
    "read_labelled",
    "train",
    "what_mattered",
    "wilson_interval",
]

log = logging.getLogger(__name__)

#: Pair terms (two features weighed together) :func:`train` lets the model select by
#: default: none. Pairs win back accuracy (``n_pairs=10``: benchmarks/README.md), but a
#: pair's reason ("taken together, an old account and a busy one raise the risk")
#: can point against each of its facts' own direction, and a fact's sentence can then
#: weigh both ways across profiles: they are for those who choose accuracy over that.
DEFAULT_PAIRS = 0

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
    at_levels: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: 95% intervals: ``accuracy`` (Wilson) and ``roc_auc`` (bootstrap), when computed.
    intervals: dict[str, tuple[float, float]] = field(default_factory=dict)
    #: Why these numbers may not mean much (too few fakes, heavy imbalance).
    warnings: list[str] = field(default_factory=list)
    #: Mean absolute contributions per signal group and top feature (see :func:`what_mattered`).
    what_mattered: dict[str, Any] = field(default_factory=dict)
    #: Black-box models compared on the same data (``evaluate(..., baselines=True)``).
    baselines: list[Metrics] = field(default_factory=list)

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


def wilson_interval(successes: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    """The Wilson score interval (95% by default) of a proportion ``successes / n``.

    Unlike the normal approximation it stays inside [0, 1] and is honest for
    0 or a handful of successes, the usual case for a false-positive rate of 1%.

    Examples
    --------
    >>> lo, hi = wilson_interval(0, 100)
    >>> lo, round(hi, 4)
    (0.0, 0.037)
    """
    if n <= 0:
        return (0.0, 1.0)
    p = successes / n
    denominator = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return (max(0.0, float(centre - half)), min(1.0, float(centre + half)))


def format_threshold(value: float) -> str:
    """A probability threshold with the digits it needs (4 significant, never "0.0000").

    Examples
    --------
    >>> format_threshold(0.188581), format_threshold(0.0000123456), format_threshold(0.999987)
    ('0.1886', '0.00001235', '0.999987')
    """
    value = float(value)
    if value <= 0.0 or value >= 1.0:
        return f"{value:g}"
    if value > 0.5:  # near 1 what matters is the distance to 1
        digits = max(4, int(np.ceil(-np.log10(1.0 - value))) + 2)
        return f"{value:.{digits}f}".rstrip("0")
    return np.format_float_positional(value, precision=4, unique=False, fractional=False, trim="-")


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
    targets: dict[str, float] | None = None,
    cutoff: float = 0.5,
    intervals: bool = False,
) -> Metrics:
    """Metrics of probabilities ``p`` against labels ``y`` (held-out data only!).

    ``accuracy`` and ``mcc`` use ``cutoff``; ``at_levels`` gives the
    false-positive rate and recall at each of the model's own level thresholds,
    which were chosen before seeing these labels, each with its 95% Wilson
    interval and, from ``targets``, the false-positive rate it aimed at.
    ``intervals`` adds 95% intervals of accuracy (Wilson) and ROC-AUC
    (bootstrap). ``warnings`` says when there are too few profiles of a class
    or too few of one for the rates to mean much.
    """
    y = np.asarray(y).astype(int)
    p = np.asarray(p, dtype=float)
    predicted = (p >= cutoff).astype(int)
    n_fake = int(y.sum())
    n_genuine = int(y.size - n_fake)
    at_levels: dict[str, dict[str, Any]] = {}
    for level, t in (thresholds or {}).items():
        flagged = p >= t
        false_alarms = int(flagged[y == 0].sum())
        caught = int(flagged[y == 1].sum())
        entry: dict[str, Any] = {"threshold": round(float(t), 10)}
        if targets and level in targets:
            entry["target_false_positive_rate"] = targets[level]
        entry |= {
            "false_positive_rate": round(false_alarms / n_genuine, 4) if n_genuine else 0.0,
            "false_positive_rate_95": [
                round(v, 4) for v in wilson_interval(false_alarms, n_genuine)
            ],
            "recall": round(caught / n_fake, 4) if n_fake else 0.0,
            "recall_95": [round(v, 4) for v in wilson_interval(caught, n_fake)],
        }
        at_levels[level] = entry
    both = len(np.unique(y)) == 2
    found: dict[str, tuple[float, float]] = {}
    if intervals:
        correct = int((predicted == y).sum())
        found["accuracy"] = wilson_interval(correct, int(y.size))
        if both:
            found["roc_auc"] = _bootstrap_auc(y, p)
    return Metrics(
        name=name,
        n=int(y.size),
        n_fake=n_fake,
        roc_auc=float(roc_auc_score(y, p)) if both else float("nan"),
        pr_auc=float(average_precision_score(y, p)) if both else float("nan"),
        accuracy=float(accuracy_score(y, predicted)),
        mcc=float(matthews_corrcoef(y, predicted)),
        brier=float(brier_score_loss(y, p)),
        recall_at_fpr_1=_recall_at_fpr(y, p, 0.01) if both else float("nan"),
        recall_at_fpr_5=_recall_at_fpr(y, p, 0.05) if both else float("nan"),
        reliability=_reliability(y, p),
        at_levels=at_levels,
        intervals=found,
        warnings=_sample_warnings(n_fake, n_genuine),
    )


def _bootstrap_auc(y: np.ndarray, p: np.ndarray, rounds: int = 200) -> tuple[float, float]:
    """A 95% percentile-bootstrap interval of ROC-AUC (fixed seed: reproducible)."""
    rng = np.random.default_rng(0)
    values = []
    for _ in range(rounds):
        pick = rng.integers(0, y.size, y.size)
        if 0 < y[pick].sum() < y.size:
            values.append(roc_auc_score(y[pick], p[pick]))
    if not values:
        return (float("nan"), float("nan"))
    lo, hi = np.percentile(values, [2.5, 97.5])
    return (float(lo), float(hi))


def _sample_warnings(n_fake: int, n_genuine: int) -> list[str]:
    """Warnings for labelled data too small or too imbalanced for its rates to mean much."""
    out = []
    n = n_fake + n_genuine
    if n_fake < FEW_PER_CLASS:
        out.append(
            f"only {n_fake} fake profiles: recall and the other rates are uncertain "
            "(see the 95% intervals); at least 50 are needed for numbers worth acting on"
        )
    if n_genuine < 100:
        out.append(
            f"only {n_genuine} genuine profiles: a false-positive rate of 1% cannot be "
            "measured on fewer than 100 (see the 95% intervals)"
        )
    if n and min(n_fake, n_genuine) / n < IMBALANCED_SHARE:
        out.append(
            f"heavily imbalanced: {n_fake / n:.1%} fake; accuracy says little here, "
            "read recall and the false-positive rate"
        )
    return out


def what_mattered(
    model: RiskModel, X: Any, groups: dict[str, str], *, top: int = 10
) -> dict[str, Any]:
    """What the model's risks rested on: mean absolute contributions to the log-odds.

    Parameters
    ----------
    model : RiskModel
        A fitted additive model.
    X : DataFrame or array
        Feature rows (held-out data: what the model did on profiles it had not seen).
    groups : dict
        Feature name to signal group (``ProfileVectorizer.feature_groups()``).
    top : int, default=10
        How many features to list.

    Returns
    -------
    dict
        ``groups``: each signal group's mean absolute sub-score (its features'
        contributions summed per profile), largest first; ``features``: the
        ``top`` features (and pair terms, ``"a&b"``, whose contribution counts
        half in each feature's group) by mean absolute contribution, with
        their group and the share of profiles for which the feature (both
        features) was known (an unknown contributes exactly 0).
    """
    _, contributions = model.contributions(X)
    names = [str(n) for n in model.feature_names_in_]
    if hasattr(X, "columns"):  # the model's column order, as its contributions are
        X = X[names]
    matrix = np.asarray(X.to_numpy(dtype=float) if hasattr(X, "to_numpy") else X, dtype=float)
    pairs = model.pair_indices()
    terms = model.term_names()
    term_groups = [groups.get(n, "other") for n in names] + [
        "+".join(dict.fromkeys((groups.get(names[i], "other"), groups.get(names[j], "other"))))
        for i, j in pairs
    ]
    known_matrix = ~np.isnan(matrix)
    known = np.concatenate(
        [known_matrix.mean(axis=0)]
        + [[(known_matrix[:, i] & known_matrix[:, j]).mean()] for i, j in pairs]
    )
    by_group: dict[str, np.ndarray] = {}
    for j, name in enumerate(names):
        group = groups.get(name, "other")
        by_group[group] = by_group.get(group, 0.0) + contributions[:, j]
    for k, (i, j) in enumerate(pairs):  # half of a pair term to each of its features' groups
        column = contributions[:, len(names) + k]
        for f in (i, j):
            group = groups.get(names[f], "other")
            by_group[group] = by_group.get(group, 0.0) + column / 2.0
    group_rows = sorted(
        ((g, float(np.abs(v).mean())) for g, v in by_group.items()), key=lambda r: -r[1]
    )
    mean_abs = np.abs(contributions).mean(axis=0)
    order = np.argsort(-mean_abs, kind="stable")[:top]
    return {
        "n": int(contributions.shape[0]),
        "groups": {g: round(v, 4) for g, v in group_rows},
        "features": [
            {
                "feature": terms[j],
                "group": term_groups[j],
                "mean_abs_contribution": round(float(mean_abs[j]), 4),
                "known_share": round(float(known[j]), 4),
            }
            for j in order
            if mean_abs[j] > 0
        ],
    }


@dataclass
class EvaluationReport:
    """Held-out evaluation of the additive model beside the baselines.

    ``refit`` says whether the model returned with it was refitted on all the
    data after this report (the numbers here describe the model fitted on
    the ``n_train`` training profiles, tested on the ``n_test`` others).
    """

    model: Metrics
    baselines: list[Metrics]
    n_train: int
    n_test: int
    feature_names: list[str]
    errors: list[ReadError] = field(default_factory=list)
    refit: bool = False

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form (the model card's ``metrics``)."""
        return {
            "held_out": {"n_train": self.n_train, "n_test": self.n_test},
            "final_model": _final_model_text(self.refit, self.n_train, self.n_test),
            "model": {
                **self.model.summary(),
                "intervals_95": {
                    k: [round(v, 4) for v in iv] for k, iv in self.model.intervals.items()
                },
                "at_levels": self.model.at_levels,
            },
            "baselines": {b.name: b.summary() for b in self.baselines},
            "what_mattered": self.model.what_mattered,
            "warnings": list(self.model.warnings),
            "reliability": self.model.reliability,
            "unreadable_records": len(self.errors),
        }

    def to_markdown(self) -> str:
        """Tables for people: metrics side by side, levels, what mattered, reliability."""
        lines = [
            f"Held-out evaluation: trained on {self.n_train}, tested on {self.n_test} "
            f"({self.model.n_fake} fake, {self.n_test - self.model.n_fake} genuine).",
            "",
        ]
        lines += metrics_markdown(self.model, self.baselines)
        lines += ["", _final_model_text(self.refit, self.n_train, self.n_test) + "."]
        return "\n".join(lines) + "\n"


def _final_model_text(refit: bool, n_train: int, n_test: int) -> str:
    if refit:
        return (
            f"Final model: refitted on all {n_train + n_test} profiles after this report "
            f"(the held-out numbers are those of the same recipe fitted on {n_train})"
        )
    return f"Final model: the one fitted on the {n_train} training profiles (no refit)"


def _interval(pair: Sequence[float]) -> str:
    return f"{pair[0]:.3f}–{pair[1]:.3f}"


def metrics_markdown(metrics: Metrics, baselines: Sequence[Metrics] = ()) -> list[str]:
    """Markdown lines: warnings, metrics beside baselines, levels, what mattered, reliability."""
    lines = [f"WARNING: {w}" for w in metrics.warnings]
    if lines:
        lines.append("")
    cols = ["roc_auc", "pr_auc", "accuracy", "mcc", "brier", "recall_at_fpr_1", "recall_at_fpr_5"]
    lines += ["| model | " + " | ".join(cols) + " |", "|---|" + "---|" * len(cols)]
    for m in (metrics, *baselines):
        s = m.summary()
        lines.append(f"| {m.name} | " + " | ".join(f"{s[c]:.4f}" for c in cols) + " |")
    if metrics.intervals:
        shown = ", ".join(f"{k} {_interval(v)}" for k, v in metrics.intervals.items())
        lines += ["", f"95% intervals ({metrics.name}): {shown}"]
    if metrics.at_levels:
        lines += [
            "",
            "| level | threshold | false-positive rate (target) | 95% interval "
            "| recall | 95% interval |",
            "|---|---|---|---|---|---|",
        ]
        for level, v in metrics.at_levels.items():
            target = v.get("target_false_positive_rate")
            aim = f" ({target:.0%})" if target is not None else ""
            lines.append(
                f"| {level} | {format_threshold(v['threshold'])} | "
                f"{v['false_positive_rate']:.4f}{aim} | {_interval(v['false_positive_rate_95'])} | "
                f"{v['recall']:.4f} | {_interval(v['recall_95'])} |"
            )
    lines += what_mattered_markdown(metrics.what_mattered)
    lines += [
        "",
        "Reliability (additive model):",
        "",
        "| bin | n | mean predicted | observed |",
        "|---|---|---|---|",
    ]
    for r in metrics.reliability:
        observed = r["observed_fake_rate"]
        lines.append(f"| {r['bin']} | {r['n']} | {r['mean_predicted']:.4f} | {observed:.4f} |")
    return lines


def what_mattered_markdown(found: dict[str, Any]) -> list[str]:
    """Markdown lines for :func:`what_mattered`'s result (none when it is empty)."""
    if not found:
        return []
    lines = [
        "",
        f"What mattered (mean absolute contribution to the log-odds, on {found['n']} profiles):",
        "",
        "| signal group | mean abs. contribution |",
        "|---|---|",
    ]
    lines += [f"| {g} | {v:.3f} |" for g, v in found["groups"].items()]
    lines += [
        "",
        "| feature | group | mean abs. contribution | known for |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {f['feature']} | {f['group']} | {f['mean_abs_contribution']:.3f} | "
        f"{f['known_share']:.0%} |"
        for f in found["features"]
    ]
    return lines


# --------------------------------------------------------------------------- train / evaluate


def _vectorize(
    items: Sequence[Profile | Invitation],
    index: IndexLike | None,
    today: dt.date | None,
    progress: bool,
) -> tuple[np.ndarray, list[str]]:
    """The feature matrix of ``items`` and the feature names."""
    vectorizer = ProfileVectorizer(index=index, today=today).fit()
    iterable: Iterable[Profile | Invitation] = items
    if progress and sys.stderr.isatty():
        from tqdm import tqdm

        iterable = tqdm(items, desc="features", unit="profile", file=sys.stderr)
    X = vectorizer.transform(iterable)
    return X, [str(n) for n in vectorizer.get_feature_names_out()]


def _baseline_probabilities(
    X_train: np.ndarray, y_train: np.ndarray, X_test: np.ndarray, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Random forest's and gradient boosting's probabilities of ``X_test``."""
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
        p_gb = gb.predict_proba(X_test)[:, 1]
    return rf.predict_proba(filled_test)[:, 1], p_gb


def _baselines(
    X_train: np.ndarray, y_train: np.ndarray, X_test: np.ndarray, y_test: np.ndarray, seed: int
) -> list[Metrics]:
    p_rf, p_gb = _baseline_probabilities(X_train, y_train, X_test, seed)
    return [
        metrics_for("random_forest", y_test, p_rf),
        metrics_for("gradient_boosting", y_test, p_gb),
    ]


def train(
    data: LabelledData | str | Path | Iterable[Any],
    *,
    label_field: str = "label",
    index: IndexLike | None = None,
    test_size: float = 0.25,
    random_state: int = 0,
    today: dt.date | None = None,
    model_version: str | None = None,
    training_data: dict[str, Any] | None = None,
    progress: bool = True,
    refit: bool = True,
    **model_params: Any,
) -> tuple[TrainedModel, EvaluationReport]:
    """Fit a model on labelled data, report on a held-out split, then refit on all of it.

    Parameters
    ----------
    data : LabelledData, path(s) or records
        Labelled profiles: files, or dicts each with its label (see
        :func:`read_labelled`).
    index : ReferenceIndex, optional
        Reference profiles for the copy signals during feature extraction.
    test_size : float, default=0.25
        Share of the data held out for the report (stratified).
    today : date, optional
        Reference date for account ages (pin it for reproducible training).
    model_version, training_data : optional
        Recorded in the model card.
    refit : bool, default=True
        After the report, fit the same recipe on *all* the data and return
        that model (its calibration and thresholds from out-of-fold
        predictions on all of it). ``False`` returns the model fitted on the
        training part, the one the report describes. The card says which.
    **model_params
        Passed to :class:`~fakeprofile.model.RiskModel`; by default every
        shape obeys its signal's declared direction and the model has no
        pair terms (:data:`DEFAULT_PAIRS`; ``n_pairs=10`` lets it select up
        to ten on the training part).

    Returns
    -------
    (TrainedModel, EvaluationReport)
        The model with its card, and the held-out report (also stored in the
        card's ``metrics``).

    Raises
    ------
    TrainingDataError
        When the label field is missing, only one class is present, or there
        are fewer than :data:`MIN_PER_CLASS` profiles of a class.

    Examples
    --------
    >>> from fakeprofile import synthetic
    >>> pop = synthetic.generate(300, seed=1)
    >>> trained, report = train(LabelledData(list(pop.profiles), pop.labels), progress=False)
    >>> report.n_test, trained.card.training_data["final_model"].startswith("refitted on all 300")
    (75, True)
    """
    if not 0.0 < test_size < 1.0:
        raise TrainingDataError(f"test_size must be in (0, 1), got {test_size}")
    labelled = (
        data if isinstance(data, LabelledData) else read_labelled(data, label_field=label_field)
    )
    y = np.asarray(labelled.labels).astype(int)
    check_classes(y)
    X, names = _vectorize(labelled.items, index, today, progress)
    idx_train, idx_test = train_test_split(
        np.arange(y.size), test_size=test_size, stratify=y, random_state=random_state
    )
    # Every shape obeys the direction its signal declares (unless the caller says otherwise).
    vectorizer = ProfileVectorizer().fit()
    params = {"directions": vectorizer.directions(), "n_pairs": DEFAULT_PAIRS, **model_params}
    import pandas as pd

    model = RiskModel(random_state=random_state, **params)
    model.fit(pd.DataFrame(X[idx_train], columns=names), y[idx_train])
    test_frame = pd.DataFrame(X[idx_test], columns=names)
    p_test = model.predict_proba(test_frame)[:, 1]
    targets = {"medium": model.fpr_medium, "high": model.fpr_high}
    held_out = metrics_for(
        "additive (fakeprofile)",
        y[idx_test],
        p_test,
        thresholds=model.thresholds_,
        targets=targets,
        intervals=True,
    )
    held_out.what_mattered = what_mattered(model, test_frame, vectorizer.feature_groups())
    report = EvaluationReport(
        model=held_out,
        baselines=_baselines(X[idx_train], y[idx_train], X[idx_test], y[idx_test], random_state),
        n_train=int(idx_train.size),
        n_test=int(idx_test.size),
        feature_names=names,
        errors=labelled.errors,
        refit=refit,
    )
    final = model
    if refit:
        final = RiskModel(random_state=random_state, **params)
        final.fit(pd.DataFrame(X, columns=names), y)
    described = dict(
        training_data
        or {
            "records": int(y.size),
            "fake": int(y.sum()),
            "unreadable_records": len(labelled.errors),
        }
    )
    described["final_model"] = _final_model_text(refit, report.n_train, report.n_test)[
        len("Final model: ") :
    ]
    card = ModelCard(
        model_version=model_version or f"custom-{dt.datetime.now(dt.UTC):%Y%m%d%H%M%S}",
        feature_names=names,
        training_data=described,
        metrics=report.to_dict(),
        thresholds=_card_thresholds(final, held_out, refit=refit),
    )
    return TrainedModel(final, card), report


def _card_thresholds(final: RiskModel, held_out: Metrics, *, refit: bool) -> dict[str, Any]:
    """The card's levels: the final model's thresholds, and how the split model did at its own."""
    out: dict[str, Any] = {}
    for level, fpr in (("medium", final.fpr_medium), ("high", final.fpr_high)):
        measured = held_out.at_levels[level]
        entry: dict[str, Any] = {
            "probability": round(final.thresholds_[level], 10),
            "target_false_positive_rate": fpr,
            "held_out_false_positive_rate": measured["false_positive_rate"],
            "held_out_false_positive_rate_95": measured["false_positive_rate_95"],
            "held_out_recall": measured["recall"],
            "held_out_recall_95": measured["recall_95"],
        }
        if refit:  # the held-out rates were measured at the split model's own threshold
            entry["held_out_at_probability"] = measured["threshold"]
        out[level] = entry
    return out


def evaluate(
    model: TrainedModel,
    data: LabelledData | str | Path | Iterable[Any],
    *,
    label_field: str = "label",
    index: IndexLike | None = None,
    today: dt.date | None = None,
    progress: bool = True,
    baselines: bool = False,
    random_state: int = 0,
) -> Metrics:
    """Metrics of a trained model on labelled data it was not trained on.

    Parameters
    ----------
    model : TrainedModel
    data : LabelledData, path(s) or records
        Labelled profiles the model has not seen: files, or dicts each with its
        label (see :func:`read_labelled`).
    index : ReferenceIndex, optional
        Reference profiles for the copy signals.
    today : date, optional
        Reference date for account ages.
    baselines : bool, default=False
        Also fit a random forest and gradient boosting on this data, 5-fold
        cross-validated (each profile scored by models that did not see it),
        and return their metrics in ``baselines``: what black-box models
        *trained on this population* reach, beside a model that was not.

    Returns
    -------
    Metrics
        ROC-AUC, PR-AUC, accuracy, MCC, Brier, recall at 1% and 5%
        false-positive rate, a reliability table, the false-positive rate and
        recall at the model's own level thresholds against their targets
        (with 95% intervals), what mattered, and warnings when the data is
        too small or imbalanced for its rates to mean much.

    Raises
    ------
    TrainingDataError
        When the label field is missing from every record, or (with
        ``baselines``) a class has fewer than 5 profiles.
    """
    labelled = (
        data if isinstance(data, LabelledData) else read_labelled(data, label_field=label_field)
    )
    y = np.asarray(labelled.labels).astype(int)
    if y.size == 0:
        check_classes(y, what="evaluation")
    if baselines:
        check_classes(y, minimum=5, what="a cross-validated comparison")
    vectorizer = ProfileVectorizer().fit()
    X, names = _vectorize(labelled.items, index, today, progress)
    import pandas as pd

    frame = pd.DataFrame(X, columns=names)
    fitted = model.model
    p = fitted.predict_proba(frame)[:, 1]
    targets = {"medium": float(fitted.fpr_medium), "high": float(fitted.fpr_high)}
    metrics = metrics_for(
        model.version, y, p, thresholds=fitted.thresholds_, targets=targets, intervals=True
    )
    metrics.what_mattered = what_mattered(fitted, frame, vectorizer.feature_groups())
    if baselines:
        metrics.baselines = _cross_validated_baselines(X, y, random_state)
    return metrics


def _cross_validated_baselines(X: np.ndarray, y: np.ndarray, seed: int) -> list[Metrics]:
    """Random forest and gradient boosting, 5-fold cross-validated on ``X``, ``y``."""
    from sklearn.model_selection import StratifiedKFold

    folds = StratifiedKFold(
        n_splits=min(5, int(np.bincount(y).min())), shuffle=True, random_state=seed
    )
    p_rf = np.empty(y.size)
    p_gb = np.empty(y.size)
    for fit_idx, test_idx in folds.split(X, y):
        rf, gb = _baseline_probabilities(X[fit_idx], y[fit_idx], X[test_idx], seed)
        p_rf[test_idx], p_gb[test_idx] = rf, gb
    return [
        metrics_for("random_forest (5-fold cross-validated here)", y, p_rf),
        metrics_for("gradient_boosting (5-fold cross-validated here)", y, p_gb),
    ]
