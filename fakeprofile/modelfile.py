"""Model files: a skops file with an explicit trusted-type list, and a model card.

A saved model is a folder::

    model.skops   the fitted RiskModel, written by skops (never pickle or joblib)
    card.json     the model card: version, features, training data, metrics,
                  thresholds, and the SHA-256 of model.skops
    card.md       the same card for people

Loading checks, in order: the folder has a card of our format; the SHA-256 of
``model.skops`` matches the card (a file changed or swapped after the card was
written is refused: an integrity check, not a signature — whoever can rewrite
both files can pass it); skops finds no type in the file beyond
:data:`TRUSTED_TYPES`, so loading never runs code from the file; the object is
a fitted :class:`~fakeprofile.model.RiskModel` whose features match the card.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sys
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

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

FORMAT = "fakeprofile-model/1"
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
    library_version: str = ""
    created_at: str = ""
    sha256: str = ""
    format: str = FORMAT

    def to_json(self) -> str:
        """The card as JSON."""
        return json.dumps(asdict(self), indent=2, ensure_ascii=False, default=_jsonable)

    @classmethod
    def from_json(cls, text: str) -> ModelCard:
        """Parse a card written by :meth:`to_json`."""
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError(f"a model card is a JSON object, got {type(data).__name__}")
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})

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
        for level, spec in self.thresholds.items():
            lines.append(f"- **{level}**: {spec}")
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


def save_model(model: RiskModel, card: ModelCard, folder: str | Path) -> Path:
    """Write ``model`` and ``card`` into ``folder`` (created if needed); return the folder."""
    import skops.io as sio

    from . import __version__

    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    model_path = out / "model.skops"
    sio.dump(model, model_path)
    card.sha256 = _sha256(model_path)
    card.library_version = __version__
    card.created_at = card.created_at or dt.datetime.now(dt.UTC).date().isoformat()
    card.feature_names = [str(n) for n in model.feature_names_in_]
    (out / "card.json").write_text(card.to_json() + "\n", encoding="utf-8")
    (out / "card.md").write_text(card.to_markdown(), encoding="utf-8")
    return out


def load_model(folder: str | Path) -> TrainedModel:
    """Load a model folder written by :func:`save_model`, checking it is ours and intact.

    Raises
    ------
    ModelFileError
        When the folder is not a fakeprofile model, the file was changed after
        its card was written, or it holds types outside :data:`TRUSTED_TYPES`.
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
    except (ValueError, TypeError) as exc:
        raise ModelFileError(f"{card_path}: not a fakeprofile model card ({exc})") from None
    if card.format != FORMAT:
        raise ModelFileError(f"{card_path}: format {card.format!r} is not {FORMAT!r}")
    actual = _sha256(model_path)
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
    if not isinstance(model, RiskModel) or not hasattr(model, "coef_"):
        raise ModelFileError(f"{model_path}: does not hold a fitted RiskModel")
    if [str(n) for n in model.feature_names_in_] != card.feature_names:
        raise ModelFileError(f"{model_path}: its features do not match its card")
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
