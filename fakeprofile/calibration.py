"""Your own population: levels that hold there, and risks at your own share of fakes.

A model's levels are set at false-positive rates on its training data (1% of
genuine profiles *high*, 10% *medium*). On another population (your network,
your platform's export) those rates do not hold: the data's shape and its
share of fakes differ. :func:`calibrate` moves them:

* **Thresholds.** The genuine profiles of the calibration data (all of it
  when it has no labels: one's own network is mostly genuine) are scored, and
  each level's threshold is set where the card's false-positive rate holds
  on them. The rate before, the rate after (in-sample, so at most the target
  by construction), a 2-fold cross-check (thresholds set on one half,
  measured on the other) and a 95% Wilson interval are recorded; a set too
  small to pin a 1% rate down gets a warning.
* **Labelled data** (a label on every record) uses both classes: the
  calibration map is refitted on it (Platt scaling of the model's logit,
  an affine change of the log-odds) when it has at least
  :data:`~fakeprofile.training.MIN_PER_CLASS` of each class, and recall at
  each level is measured on its fakes.
* **Prevalence.** ``prevalence=p`` states the share of fakes expected where
  the model will be used; risks are shifted by the prior-shift correction
  ``logit(p) − logit(p0)`` (``p0``: the training share, or the calibration
  sample's when labelled data re-fitted the map). It is added to the
  model's base value and calibration intercept, so every contribution stays
  the same and ``base value + contributions == logit`` still holds: the
  reasons stay exact.

The result is a model folder like any other (``save_model``); ``score``,
``vet`` and :class:`~fakeprofile.vetting.Policy` use its thresholds, and its
card records the calibration population beside the original training.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .errors import ModelFileError, TrainingDataError
from .io import ReadError
from .labelled import (
    MIN_PER_CLASS,
    LabelledData,
    _label_candidates,
    _read_records,
    missing_label_message,
)
from .model import _MIN_SLOPE, RiskModel, threshold_at_fpr
from .modelfile import ModelCard, TrainedModel
from .training import _vectorize, format_threshold, wilson_interval

if TYPE_CHECKING:
    from .index.lookup import IndexLike

__all__ = ["CalibrationReport", "calibrate"]

#: A rate counts as known when its 95% interval ends within this factor of the target.
_PRECISION = 2.0


@dataclass
class CalibrationReport:
    """What calibration measured on the population and what it changed.

    Attributes
    ----------
    n, n_genuine, n_fake : int
        Profiles read, and how many of each class (all genuine without labels).
    labelled : bool
        Whether the data carried labels.
    recalibrated : bool
        Whether the calibration map was refitted on labelled data.
    prevalence : dict
        ``training`` (the share of fakes the risks assumed before), ``stated``
        (after) and ``log_odds_shift`` (added to every logit), when a prevalence
        was given.
    levels : dict
        Per level: the thresholds before and now, the target false-positive
        rate, the rate on this population before and now (in-sample), its 95%
        Wilson interval, the 2-fold cross-checked rate, and recall when labelled.
    recalibration : dict
        When labelled data refitted the risks: ``slope`` and ``intercept`` of
        the affine map applied to the logit, and the sample's share of fakes.
    warnings : list of str
    errors : list of ReadError
        Records that could not be read (skipped).
    """

    n: int
    n_genuine: int
    n_fake: int
    labelled: bool
    recalibrated: bool
    prevalence: dict[str, float]
    levels: dict[str, dict[str, Any]]
    recalibration: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    errors: list[ReadError] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form (also what the model card's ``calibration`` holds)."""
        return {
            "records": self.n,
            "genuine": self.n_genuine,
            "fake": self.n_fake,
            "labelled": self.labelled,
            "recalibrated": self.recalibrated,
            "prevalence": dict(self.prevalence),
            "recalibration": dict(self.recalibration),
            "levels": self.levels,
            "warnings": list(self.warnings),
            "unreadable_records": len(self.errors),
        }

    def to_markdown(self) -> str:
        """A table for people: each level's threshold and false-positive rate, before and now."""
        kind = (
            f"labelled profiles ({self.n_fake} fake, {self.n_genuine} genuine)"
            if self.labelled
            else "profiles (no labels: all taken as genuine)"
        )
        lines = [f"Calibrated on {self.n} {kind}.", ""]
        lines += [f"WARNING: {w}" for w in self.warnings]
        if self.warnings:
            lines.append("")
        if self.recalibration:
            r = self.recalibration
            lines += [
                f"Risks refitted on these labelled profiles: logit × {r['slope']:.3f} "
                f"{r['intercept']:+.3f} (every contribution scales with it, so reasons stay "
                f"exact); they now assume this sample's share of fakes, {r['share_fake']:.1%}.",
                "",
            ]
        if self.prevalence:
            p = self.prevalence
            lines += [
                f"Prevalence: risks assumed {p['training']:.2%} fake, now {p['stated']:.2%} "
                f"(log-odds {p['log_odds_shift']:+.3f} on every profile; contributions unchanged).",
                "",
            ]
        head = (
            "| level | target | threshold before | false-positive rate before | threshold now "
            "| false-positive rate now (in-sample) | 95% interval | cross-checked |"
        )
        lines += [
            head + (" recall now |" if self.labelled else ""),
            "|---" * (8 + self.labelled) + "|",
        ]
        for level, v in self.levels.items():
            cross = v.get("cross_checked_false_positive_rate")
            row = (
                f"| {level} | {v['target_false_positive_rate']:.0%} "
                f"| {format_threshold(v['threshold_before'])} "
                f"| {v['false_positive_rate_before']:.4f} "
                f"| {format_threshold(v['threshold'])} | {v['false_positive_rate']:.4f} "
                f"| {v['false_positive_rate_95'][0]:.4f}–{v['false_positive_rate_95'][1]:.4f} "
                f"| {'n/a' if cross is None else f'{cross:.4f}'} |"
            )
            if self.labelled:
                row += f" {v['recall']:.4f} |"
            lines.append(row)
        return "\n".join(lines) + "\n"


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


def _read(
    data: LabelledData | str | Path | Sequence[Any] | Iterable[Any], label_field: str
) -> tuple[LabelledData, bool]:
    """The calibration profiles and whether they carry labels (all of them, or none)."""
    if isinstance(data, LabelledData):
        return data, True
    items = [data] if isinstance(data, str | Path) else list(data)
    read, with_label, fields, records = _read_records(items, label_field, labels="optional")
    if 0 < with_label < records:
        raise _partly_labelled(with_label, records, label_field)
    refused = [e for e in read.errors if "unknown field" in e.message]
    if not with_label and records and len(refused) == records and _label_candidates(fields):
        # Every record refused for a field that looks like a label: a misspelt --label-field.
        raise TrainingDataError(missing_label_message(items, label_field, fields))
    return read, with_label > 0


def _partly_labelled(labelled: int, records: int, label_field: str) -> TrainingDataError:
    return TrainingDataError(
        f"{labelled} of the {records} records have the label field {label_field!r} "
        "and the others do not: label every record (both classes are then used) or "
        "none (all are taken as genuine)"
    )


def _training_prevalence(card: ModelCard) -> float:
    """The share of fakes the model's risks currently assume."""
    for section, key in (("prevalence", "stated"), ("recalibration", "share_fake")):
        previous = card.calibration.get(section) if card.calibration else None
        if isinstance(previous, dict) and isinstance(previous.get(key), int | float):
            return float(previous[key])
    records, fake = card.training_data.get("records"), card.training_data.get("fake")
    if not isinstance(records, int) or not isinstance(fake, int) or not 0 < fake < records:
        raise ModelFileError(
            f"the card of {card.model_version} does not record its training prevalence "
            "(training_data.records and .fake), so a prevalence cannot be stated against it"
        )
    return fake / records


def _needed(target: float) -> int:
    """Genuine profiles needed before a rate at ``target`` is known within a factor 2."""
    n = 50
    while wilson_interval(math.floor(target * n), n)[1] > _PRECISION * target and n < 10**7:
        n = int(n * 1.25)
    return n


def calibrate(
    data: LabelledData | str | Path | Sequence[Any] | Iterable[Any],
    *,
    model: TrainedModel | str | Path | None = None,
    label_field: str = "label",
    index: IndexLike | None = None,
    prevalence: float | None = None,
    today: dt.date | None = None,
    model_version: str | None = None,
    files: Sequence[str] | None = None,
    random_state: int = 0,
    progress: bool = True,
) -> tuple[TrainedModel, CalibrationReport]:
    """Move a model's levels (and, optionally, its prevalence) to your own population.

    Parameters
    ----------
    data : path(s), LabelledData, or profiles
        Your own profiles: files (any format :mod:`fakeprofile.io` reads),
        :class:`~fakeprofile.training.LabelledData`, or profiles and dicts.
        Records without ``label_field`` are taken as genuine (one's own
        network); with it on every record, both classes are used.
    model : TrainedModel, path, or None
        The model to calibrate (the default model when ``None``); it is not changed.
    label_field : str, default="label"
    index : ReferenceIndex or path, optional
        Known profiles for the copy signals, as when scoring.
    prevalence : float, optional
        Expected share of fakes where the model will be used, in (0, 1).
    today : date, optional
        Reference date for account ages.
    model_version : str, optional
        The new model's version (default: the old one with ``+calibrated-<date>``).
    files : sequence of str, optional
        What to record as the calibration data's source in the card.
    random_state : int, default=0
        Seed of the 2-fold cross-check.

    Returns
    -------
    (TrainedModel, CalibrationReport)
        The calibrated model (save it with :func:`~fakeprofile.save_model`) and
        what was measured; the card's ``calibration`` holds the report.

    Raises
    ------
    TrainingDataError
        No genuine profile to calibrate on, labels on some records only, a
        misspelt label field, or a prevalence outside (0, 1).
    ModelFileError
        ``prevalence`` given for a model whose card does not record its own.

    Examples
    --------
    >>> from fakeprofile import synthetic
    >>> network = synthetic.generate(300, fake_rate=0.0, seed=4).profiles
    >>> calibrated, report = calibrate(network, prevalence=0.02, progress=False)
    >>> report.labelled, report.n_genuine, report.prevalence["stated"]
    (False, 300, 0.02)
    >>> calibrated.model.thresholds_["high"] >= calibrated.model.thresholds_["medium"]
    True
    """
    from .index.lookup import open_index
    from .scoring import _resolve_model

    if prevalence is not None and not (
        isinstance(prevalence, int | float) and 0.0 < prevalence < 1.0
    ):
        raise TrainingDataError(f"prevalence must be in (0, 1), got {prevalence!r}")
    trained = _resolve_model(model)
    labelled_data, labelled = _read(data, label_field)
    y = np.asarray(labelled_data.labels).astype(int)
    n_fake = int(y.sum())
    n_genuine = int(y.size - n_fake)
    if n_genuine == 0:
        raise TrainingDataError(
            "no genuine profile to calibrate on"
            + (f" (all {y.size} are labelled fake)" if y.size else ": no readable record")
            + "; the levels are set on genuine profiles of your own population"
        )
    fitted: RiskModel = copy.deepcopy(trained.model)
    X, names = _vectorize(labelled_data.items, open_index(index), today, progress)
    import pandas as pd

    absent = sorted({str(n) for n in fitted.feature_names_in_} - set(names))
    if absent:
        raise ModelFileError(
            f"the model uses features that no registered signal produces: {absent}"
        )
    frame = pd.DataFrame(X, columns=names)[[str(n) for n in fitted.feature_names_in_]]
    logits = fitted.decision_function(frame)
    old = {k: float(v) for k, v in fitted.thresholds_.items()}
    risks_before = 1.0 / (1.0 + np.exp(-logits))
    warnings: list[str] = []

    # Labelled data with enough of both classes: refit the calibration map on it.
    recalibrated = False
    current = None
    recalibration: dict[str, float] = {}
    if labelled and min(n_fake, n_genuine) >= MIN_PER_CLASS:
        from sklearn.linear_model import LogisticRegression

        platt = LogisticRegression(C=1e6, max_iter=1000).fit(logits[:, None], y)
        alpha = float(platt.coef_[0, 0])
        if alpha <= _MIN_SLOPE:
            raise TrainingDataError(
                "on these labelled profiles the model's risk does not rise with being fake "
                f"(slope {alpha:.3g}): check the labels and --label-field before calibrating"
            )
        beta = float(platt.intercept_[0])
        a, b = fitted.calibration_
        fitted.calibration_ = (a * alpha, b * alpha + beta)
        fitted.base_value_ = alpha * fitted.base_value_ + beta
        logits = alpha * logits + beta
        recalibrated = True
        current = n_fake / y.size
        recalibration = {
            "slope": round(alpha, 6),
            "intercept": round(beta, 6),
            "share_fake": round(current, 6),
        }
    elif labelled and n_fake:
        warnings.append(
            f"only {n_fake} fake and {n_genuine} genuine labelled profiles: the risks were not "
            f"refitted (that needs {MIN_PER_CLASS} of each); only the thresholds moved"
        )

    shift: dict[str, float] = {}
    if prevalence is not None:
        before = current if current is not None else _training_prevalence(trained.card)
        delta = _logit(float(prevalence)) - _logit(before)
        a, b = fitted.calibration_
        fitted.calibration_ = (a, b + delta)
        fitted.base_value_ = fitted.base_value_ + delta
        logits = logits + delta
        shift = {
            "training": round(before, 6),
            "stated": float(prevalence),
            "log_odds_shift": round(delta, 6),
        }
    elif current is not None:
        warnings.append(
            f"the risks now assume this sample's share of fakes ({current:.1%}); "
            "state your population's with --prevalence if it differs"
        )
    risks = 1.0 / (1.0 + np.exp(-logits))

    genuine = risks[y == 0]
    targets = {"medium": float(fitted.fpr_medium), "high": float(fitted.fpr_high)}
    thresholds = {
        level: threshold_at_fpr(genuine, np.zeros(genuine.size, dtype=int), target)
        for level, target in targets.items()
    }
    thresholds["medium"] = min(thresholds["medium"], thresholds["high"])
    fitted.thresholds_ = thresholds
    cross = _cross_checked(genuine, targets, random_state)

    levels: dict[str, dict[str, Any]] = {}
    for level, target in targets.items():
        t = thresholds[level]
        false_alarms = int((genuine >= t).sum())
        lo, hi = wilson_interval(false_alarms, n_genuine)
        entry: dict[str, Any] = {
            "target_false_positive_rate": target,
            "threshold_before": round(old[level], 10),
            "false_positive_rate_before": round(
                float((risks_before[y == 0] >= old[level]).mean()), 4
            ),
            "threshold": round(t, 10),
            "false_positive_rate": round(false_alarms / n_genuine, 4),
            "false_positive_rate_95": [round(lo, 4), round(hi, 4)],
            "cross_checked_false_positive_rate": cross.get(level),
        }
        if labelled and n_fake:
            caught = int((risks[y == 1] >= t).sum())
            entry["recall"] = round(caught / n_fake, 4)
            entry["recall_95"] = [round(v, 4) for v in wilson_interval(caught, n_fake)]
        levels[level] = entry
        if hi > _PRECISION * target:
            warnings.append(
                f"only {n_genuine} genuine profiles: at {level} the false-positive rate on "
                f"profiles like these is known only to within {lo:.1%}–{hi:.1%} (95% Wilson "
                f"interval) against a target of {target:.0%}; about {_needed(target)} are "
                "needed to pin it within a factor of 2"
            )

    report = CalibrationReport(
        n=int(y.size),
        n_genuine=n_genuine,
        n_fake=n_fake,
        labelled=labelled,
        recalibrated=recalibrated,
        prevalence=shift,
        levels=levels,
        recalibration=recalibration,
        warnings=warnings,
        errors=list(labelled_data.errors),
    )
    return TrainedModel(
        fitted, _calibrated_card(trained.card, report, model_version, files)
    ), report


def _cross_checked(
    genuine: np.ndarray, targets: dict[str, float], seed: int
) -> dict[str, float | None]:
    """Each level's false-positive rate with thresholds set on one half, measured on the other."""
    if genuine.size < 20:
        return dict.fromkeys(targets)
    order = np.random.default_rng(seed).permutation(genuine.size)
    halves = (genuine[order[: genuine.size // 2]], genuine[order[genuine.size // 2 :]])
    out: dict[str, float | None] = {}
    for level, target in targets.items():
        rates = []
        for fit_half, check_half in (halves, halves[::-1]):
            t = threshold_at_fpr(fit_half, np.zeros(fit_half.size, dtype=int), target)
            rates.append(float((check_half >= t).mean()))
        out[level] = round(float(np.mean(rates)), 4)
    return out


def _calibrated_card(
    card: ModelCard,
    report: CalibrationReport,
    model_version: str | None,
    files: Sequence[str] | None,
) -> ModelCard:
    """The old card with the calibration recorded beside the training, and the new levels."""
    today = dt.datetime.now(dt.UTC).date().isoformat()
    calibration: dict[str, Any] = {"date": today, "calibrated_from": card.model_version}
    if files:
        calibration["files"] = list(files)
    calibration |= report.to_dict()
    thresholds: dict[str, Any] = {}
    for level, v in report.levels.items():
        before = card.thresholds.get(level) if isinstance(card.thresholds, dict) else None
        thresholds[level] = {
            "probability": v["threshold"],
            "target_false_positive_rate": v["target_false_positive_rate"],
            "set_on": f"calibration population ({report.n_genuine} genuine, {today})",
            "calibration_false_positive_rate": v["false_positive_rate"],
            "calibration_false_positive_rate_95": v["false_positive_rate_95"],
            "cross_checked_false_positive_rate": v["cross_checked_false_positive_rate"],
            **({"calibration_recall": v["recall"]} if "recall" in v else {}),
            "training_probability": v["threshold_before"],
            **(
                {"training_held_out_false_positive_rate": before["held_out_false_positive_rate"]}
                if isinstance(before, dict) and "held_out_false_positive_rate" in before
                else {}
            ),
        }
    note = (
        f"Calibrated on {today} on {report.n} profiles of the user's own population "
        f"({'labelled' if report.labelled else 'unlabelled, taken as genuine'}): the levels' "
        "thresholds were moved so the target false-positive rates hold there"
        + (
            f"; risks shifted to a prevalence of {report.prevalence['stated']:.2%}"
            if report.prevalence
            else ""
        )
        + ". The held-out metrics below are the original training's."
    )
    return ModelCard(
        model_version=model_version or f"{card.model_version}+calibrated-{today.replace('-', '')}",
        feature_names=list(card.feature_names),
        training_data=copy.deepcopy(card.training_data),
        metrics=copy.deepcopy(card.metrics),
        thresholds=thresholds,
        notes=[*card.notes, note],
        calibration=calibration,
    )
