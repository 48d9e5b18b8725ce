"""Model files: a skops file with an explicit trusted-type list, and a model card.

A saved model is a folder::

    model.skops   the fitted RiskModel, written by skops (never pickle or joblib)
    card.json     the model card: version, features, training data, metrics,
                  thresholds, and the SHA-256 of model.skops
    card.md       the same card for people

Loading checks, in order: the folder has a card of our format, every field of
the right type; the SHA-256 of ``model.skops`` matches the card (a file
changed or swapped after the card was written is refused: an integrity check,
not a signature — whoever can rewrite both files can pass it); skops finds no
type in the file beyond :data:`TRUSTED_TYPES`, so loading never runs code from
the file; the object is a fitted :class:`~fakeprofile.model.RiskModel` whose
features are those of the card *in the card's order*, each shape fitted on the
feature it is named for (a model whose ``feature_names_in_`` were reordered
after fitting would score every profile with the wrong shapes), and which
scores a row of unknowns and a row of zeros. Every failure is a
:class:`~fakeprofile.errors.ModelFileError` naming the file and what was wrong;
:func:`save_model` refuses to write what loading would refuse.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import sys
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .errors import ModelFileError
from .model import RiskModel

__all__ = [
    "DEFAULT_MODEL_DIR",
    "FORMAT",
    "TRUSTED_TYPES",
    "ModelCard",
    "TrainedModel",
    "default_model",
    "load_model",
    "save_model",
]

#: Version 2 records, with each fitted shape, the feature it was fitted on; version 3
#: adds pair terms (two features weighed together, each naming its features).
FORMAT = "fakeprofile-model/3"
#: Formats this version reads: a version-2 file is a model without pair terms.
READABLE_FORMATS = frozenset({"fakeprofile-model/2", FORMAT})
#: The only non-builtin type a fakeprofile model file may hold (skops trusts
#: scikit-learn's own estimators and numpy arrays by default).
TRUSTED_TYPES: list[str] = ["fakeprofile.model.RiskModel"]
#: Where the default model lives in a source checkout; ``FAKEPROFILE_MODEL`` overrides it.
DEFAULT_MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "default"
#: Where a wheel installs it (``[tool.setuptools.data-files]`` in pyproject.toml).
_INSTALLED_MODEL_DIR = Path(sys.prefix) / "share" / "fakeprofile" / "models" / "default"


@dataclass
class ModelCard:
    """What a model is, what it was trained on, and how well it did on held-out data."""

    model_version: str
    feature_names: list[str]
    training_data: dict[str, Any]
    metrics: dict[str, Any] = field(default_factory=dict)
    thresholds: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    #: Set by :func:`fakeprofile.calibrate`: the population the levels were moved to.
    calibration: dict[str, Any] = field(default_factory=dict)
    library_version: str = ""
    created_at: str = ""
    sha256: str = ""
    format: str = FORMAT

    def to_json(self) -> str:
        """The card as JSON."""
        return json.dumps(asdict(self), indent=2, ensure_ascii=False, default=_jsonable)

    @classmethod
    def from_json(cls, text: str) -> ModelCard:
        """Parse a card written by :meth:`to_json`, checking each field's type.

        Fields this version does not know are ignored.

        Raises
        ------
        ModelFileError
            When ``text`` is not JSON, not an object, lacks a required field or
            holds a field of the wrong type (the message names the field).
        """
        try:
            data = json.loads(text)
        except (ValueError, RecursionError) as exc:  # RecursionError: absurdly deep nesting
            raise ModelFileError(f"not a fakeprofile model card (malformed JSON: {exc})") from None
        if not isinstance(data, dict):
            raise ModelFileError(
                f"not a fakeprofile model card (a JSON object is needed, got {_kind(data)})"
            )
        for name, (check, wanted) in _CARD_FIELDS.items():
            if name not in data:
                if name in _REQUIRED_CARD_FIELDS:
                    raise ModelFileError(f"not a fakeprofile model card: {name}: missing")
                continue
            if not check(data[name]):
                raise ModelFileError(
                    f"not a fakeprofile model card: {name}: must be {wanted}, "
                    f"got {_kind(data[name])}"
                )
        return cls(**{k: v for k, v in data.items() if k in _CARD_FIELDS})

    def to_markdown(self) -> str:
        """The card for people."""
        lines = [
            f"# Model card: {self.model_version}",
            "",
            f"- fakeprofile {self.library_version}, written {self.created_at}",
            f"- model file SHA-256: `{self.sha256}`",
            f"- {len(self.feature_names)} features (see `docs/features.md`)",
            "",
            "## Notes",
            "",
            *[f"- {n}" for n in self.notes],
            "",
            "## Training data",
            "",
        ]
        for key, value in self.training_data.items():
            if isinstance(value, list):
                lines.append(f"- **{key}**:")
                lines.extend(f"  - {v}" for v in value)
            else:
                lines.append(f"- **{key}**: {value}")
        lines += ["", "## Risk levels", ""]
        lines += _levels_table(self.thresholds)
        if self.calibration:
            lines += ["", "## Calibration on your own population", ""]
            for key, value in self.calibration.items():
                if key == "levels":
                    continue
                if isinstance(value, dict):
                    inner = ", ".join(f"{k} {_number(v)}" for k, v in value.items())
                    lines.append(f"- **{key}**: {inner}")
                elif isinstance(value, list):
                    lines.append(f"- **{key}**:")
                    lines.extend(f"  - {v}" for v in value)
                else:
                    lines.append(f"- **{key}**: {_number(value)}")
            if isinstance(self.calibration.get("levels"), dict):
                lines += ["", "Measured on the calibration population:", ""]
                lines += _levels_table(self.calibration["levels"])
        mattered = self.metrics.get("what_mattered") if self.metrics else None
        if isinstance(mattered, dict) and mattered.get("groups"):
            lines += [
                "",
                "## What mattered",
                "",
                f"Mean absolute contribution to the log-odds on {mattered.get('n')} held-out "
                "profiles.",
                "",
                "| signal group | mean abs. contribution |",
                "|---|---|",
                *[f"| {g} | {_number(v)} |" for g, v in mattered["groups"].items()],
                "",
                "| feature | group | mean abs. contribution | known for |",
                "|---|---|---|---|",
                *[
                    f"| {f.get('feature')} | {f.get('group')} | "
                    f"{_number(f.get('mean_abs_contribution'))} | {_number(f.get('known_share'))} |"
                    for f in mattered.get("features", [])
                    if isinstance(f, dict)
                ],
            ]
        if self.metrics:
            lines += [
                "",
                "## Held-out metrics",
                "",
                "```json",
                json.dumps(self.metrics, indent=2, default=_jsonable),
                "```",
            ]
        return "\n".join(lines) + "\n"


def _number(value: Any) -> str:
    """A card value for people: probabilities with the digits they need, pairs as ranges."""
    if isinstance(value, bool) or not isinstance(value, int | float | list):
        return str(value)
    if isinstance(value, list):
        return "–".join(_number(v) for v in value) if len(value) == 2 else str(value)
    if isinstance(value, int):
        return str(value)
    from .training import format_threshold

    return format_threshold(value) if 0.0 < value < 1.0 else f"{value:g}"


def _levels_table(levels: dict[str, Any]) -> list[str]:
    """The levels as a Markdown table, one row a level, one column a recorded value."""
    rows = {k: v for k, v in levels.items() if isinstance(v, dict)}
    if not rows:
        return [f"- **{k}**: {v}" for k, v in levels.items()]
    columns: list[str] = []
    for spec in rows.values():
        columns += [c for c in spec if c not in columns]
    out = [
        "| level | "
        + " | ".join(c.replace("_95", " 95% interval").replace("_", " ") for c in columns)
        + " |",
        "|---|" + "---|" * len(columns),
    ]
    for level, spec in rows.items():
        out.append(
            f"| {level} | "
            + " | ".join(_number(spec[c]) if c in spec else "" for c in columns)
            + " |"
        )
    return out


def _is_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _kind(value: Any) -> str:
    """A value's JSON type, with a short excerpt (never a whole, possibly huge, value)."""
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}
    kind = names.get(type(value)) or ("null" if value is None else "a number")
    text = json.dumps(value, ensure_ascii=True, default=str)
    return f"{kind} {text if len(text) <= 40 else text[:37] + '...'}"


#: Each card field: a check of its JSON value and what it must be.
_CARD_FIELDS: dict[str, tuple[Any, str]] = {
    "model_version": (lambda v: isinstance(v, str), "a string"),
    "feature_names": (_is_str_list, "an array of strings"),
    "training_data": (lambda v: isinstance(v, dict), "an object"),
    "metrics": (lambda v: isinstance(v, dict), "an object"),
    "thresholds": (lambda v: isinstance(v, dict), "an object"),
    "notes": (_is_str_list, "an array of strings"),
    "calibration": (lambda v: isinstance(v, dict), "an object"),
    "library_version": (lambda v: isinstance(v, str), "a string"),
    "created_at": (lambda v: isinstance(v, str), "a string"),
    "sha256": (lambda v: isinstance(v, str), "a string"),
    "format": (lambda v: isinstance(v, str), "a string"),
}
_REQUIRED_CARD_FIELDS = frozenset({"model_version", "feature_names", "training_data", "format"})
_SHA256 = re.compile(r"[0-9a-f]{64}")


def _jsonable(value: Any) -> Any:
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


@dataclass(frozen=True)
class TrainedModel:
    """A fitted :class:`RiskModel` with its card."""

    model: RiskModel
    card: ModelCard

    @property
    def version(self) -> str:
        """The model's version string (from its card)."""
        return self.card.model_version


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _first_difference(ours: list[str], theirs: list[str]) -> str:
    for i, (a, b) in enumerate(zip(ours, theirs, strict=False)):
        if a != b:
            return f"feature {i} is {a!r} against {b!r}"
    return f"{len(ours)} features against {len(theirs)}"


def _check_model(model: object, feature_names: list[str]) -> None:
    """Refuse a model that is not a fitted RiskModel scoring ``feature_names``, in that order.

    Raises
    ------
    ModelFileError
        Saying what is wrong (the caller adds the file).
    """
    if not isinstance(model, RiskModel) or not all(
        hasattr(model, a)
        for a in ("coef_", "terms_", "feature_names_in_", "calibration_", "shape_means_")
    ):
        raise ModelFileError("does not hold a fitted RiskModel")
    try:
        names = [str(n) for n in model.feature_names_in_]
        shaped = [t.get("feature") if isinstance(t, dict) else None for t in model.terms_]
    except TypeError:
        raise ModelFileError(
            "does not hold a fitted RiskModel (its features are not a list)"
        ) from None
    if len(set(names)) != len(names):
        raise ModelFileError("names a feature twice")
    if names != feature_names:
        raise ModelFileError(
            "its features are not its card's, in the card's order: "
            + _first_difference(names, feature_names)
        )
    if shaped != names or getattr(model, "n_features_in_", None) != len(names):
        detail = (
            "it does not record the feature each shape was fitted on (written before "
            "fakeprofile-model/2: retrain it)"
            if all(s is None for s in shaped)
            else _first_difference([str(s) for s in shaped], names)
        )
        raise ModelFileError(
            f"its {len(shaped)} fitted shapes do not follow its {len(names)} feature names "
            f"(reordered or renamed after fitting?): {detail}"
        )
    pairs = _check_pairs(model, names)
    try:  # a model that cannot score a row of unknowns and a row of zeros is broken
        rows = np.vstack([np.full(len(names), np.nan), np.zeros(len(names))])
        base, contributions = model.contributions(rows)
        risks = model.predict_proba(rows)[:, 1]
        model.level(risks)
        finite = np.isfinite(base) and np.isfinite(contributions).all()
    except Exception as exc:  # any failure here means a broken file
        raise ModelFileError(f"cannot score ({type(exc).__name__}: {exc})") from None
    if not finite or contributions.shape != (2, len(names) + pairs):
        raise ModelFileError("cannot score (its contributions are not finite numbers)")


def _check_pairs(model: RiskModel, names: list[str]) -> int:
    """Refuse pair terms that do not name two of the model's features by their columns.

    Returns the number of pair terms.
    """
    terms = getattr(model, "pair_terms_", [])
    if not isinstance(terms, list):
        raise ModelFileError("does not hold a fitted RiskModel (its pair terms are not a list)")
    for k, term in enumerate(terms):
        try:
            i, j = (int(v) for v in term["index"])
            features = [str(f) for f in term["features"]]
            ok = 0 <= i < len(names) and 0 <= j < len(names) and i != j
            ok = ok and features == [names[i], names[j]]
        except (TypeError, KeyError, ValueError):
            ok = False
        if not ok:
            raise ModelFileError(
                f"its pair term {k} does not name two of its features by their columns "
                "(reordered or renamed after fitting?)"
            )
    return len(terms)


def save_model(model: RiskModel, card: ModelCard, folder: str | Path) -> Path:
    """Write ``model`` and ``card`` into ``folder`` (created if needed); return the folder.

    The card's ``feature_names`` are the model's, in its order (filled in
    when the card has none).

    Raises
    ------
    ModelFileError
        When :func:`load_model` would refuse the result: ``model`` is not a
        fitted :class:`RiskModel`, its shapes do not follow its feature names,
        or the card lists other features or another order.
    """
    import skops.io as sio

    from . import __version__

    names = [str(n) for n in getattr(model, "feature_names_in_", [])]
    _check_model(model, list(card.feature_names) or names)
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    # Each file is written beside its final name, then moved over it: a failure or
    # an interrupt while writing leaves the folder's previous model whole (``--out``
    # may be the very model being calibrated). The three moves are not one step: an
    # interrupt between them (microseconds) leaves a new model beside the old card,
    # which load_model refuses by the card's SHA-256, never loads.
    temporary = {name: out / f".{name}.{os.getpid()}.tmp" for name in _FILES}
    try:
        sio.dump(model, temporary["model.skops"])
        card.sha256 = _sha256(temporary["model.skops"])
        card.library_version = __version__
        card.created_at = card.created_at or dt.datetime.now(dt.UTC).date().isoformat()
        card.feature_names = names
        card.format = FORMAT
        temporary["card.json"].write_text(card.to_json() + "\n", encoding="utf-8")
        temporary["card.md"].write_text(card.to_markdown(), encoding="utf-8")
        for name in _FILES:
            os.replace(temporary[name], out / name)
    finally:
        for path in temporary.values():
            path.unlink(missing_ok=True)
    return out


#: A model folder's files, in the order they are moved into place.
_FILES = ("model.skops", "card.json", "card.md")


def load_model(folder: str | Path) -> TrainedModel:
    """Load a model folder written by :func:`save_model`, checking it is ours and intact.

    Raises
    ------
    ModelFileError
        For every reason the folder cannot be used, named: it is not a
        fakeprofile model (missing or unreadable files, a card that is not
        JSON or has a field of the wrong type, another format), the file was
        changed after its card was written, it holds types outside
        :data:`TRUSTED_TYPES`, or the model's features differ from the card's
        (another order included) or cannot be scored.
    """
    import skops.io as sio

    path = Path(folder)
    if path.is_file() and path.name in {"model.skops", "card.json"}:
        path = path.parent
    card_path, model_path = path / "card.json", path / "model.skops"
    if not card_path.is_file() or not model_path.is_file():
        raise ModelFileError(f"{path}: not a fakeprofile model (needs card.json and model.skops)")
    try:
        card = ModelCard.from_json(card_path.read_text(encoding="utf-8"))
    except ModelFileError as exc:
        raise ModelFileError(f"{card_path}: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ModelFileError(f"{card_path}: not a fakeprofile model card ({exc})") from None
    if card.format not in READABLE_FORMATS:
        hint = " (retrain it with this version)" if card.format.startswith("fakeprofile-") else ""
        raise ModelFileError(
            f"{card_path}: format {card.format!r} is not one this version reads "
            f"({', '.join(sorted(READABLE_FORMATS))}){hint}"
        )
    if not _SHA256.fullmatch(card.sha256):
        raise ModelFileError(f"{card_path}: sha256: must be 64 hexadecimal digits")
    try:
        actual = _sha256(model_path)
    except OSError as exc:
        raise ModelFileError(f"{model_path}: cannot be read ({exc})") from None
    if actual != card.sha256:
        raise ModelFileError(
            f"{model_path}: SHA-256 {actual[:12]}… does not match the card's "
            f"{card.sha256[:12]}…; the file was changed after it was written"
        )
    try:
        untrusted = sio.get_untrusted_types(file=model_path)
    except Exception as exc:  # skops raises several types for a file it cannot read
        raise ModelFileError(f"{model_path}: not a skops file ({exc})") from None
    refused = sorted(set(untrusted) - set(TRUSTED_TYPES))
    if refused:
        raise ModelFileError(f"{model_path}: holds types that are not trusted: {refused}")
    try:
        model = sio.load(model_path, trusted=TRUSTED_TYPES)
    except Exception as exc:  # skops raises several types for a file it cannot load
        raise ModelFileError(f"{model_path}: cannot be loaded ({exc})") from None
    try:
        _check_model(model, card.feature_names)
    except ModelFileError as exc:
        raise ModelFileError(f"{model_path}: {exc}") from None
    return TrainedModel(model, card)


_default_lock = threading.Lock()
_default: TrainedModel | None = None


def default_model() -> TrainedModel:
    """The default model, loaded once, lazily and thread-safely.

    It is read from ``$FAKEPROFILE_MODEL`` when set, else from ``models/default``
    of a source checkout, else from where a wheel installs it
    (``<prefix>/share/fakeprofile/models/default``).
    """
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                folder = os.environ.get("FAKEPROFILE_MODEL") or (
                    DEFAULT_MODEL_DIR if DEFAULT_MODEL_DIR.is_dir() else _INSTALLED_MODEL_DIR
                )
                _default = load_model(folder)
    return _default
