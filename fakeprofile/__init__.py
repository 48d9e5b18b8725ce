"""fakeprofile: how likely a social-network profile is fake, and why.

>>> from fakeprofile import parse_profile
>>> parse_profile({"id": "p-1", "activity": {"likes": 212}}).activity.likes
212

The scoring API (``score``, ``score_many``, ``score_frame``, ``vet``,
``train``, ``evaluate``, ``calibrate``, ``sweep`` and their types) is imported on first use, so that
``import fakeprofile`` and the light commands (``validate``, ``schema``) do
not pay for scikit-learn and pandas.
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from .errors import (
    FakeProfileError,
    IndexFormatError,
    InputFormatError,
    InvalidProfileError,
    ModelFileError,
    PhotoError,
)
from .io import Item, ReadError, read_invitations, read_profiles
from .profile import Invitation, Profile, json_schema, parse_invitation, parse_profile

if TYPE_CHECKING:
    from .calibration import calibrate
    from .features import ProfileVectorizer
    from .index import ReferenceIndex
    from .model import RiskModel
    from .modelfile import TrainedModel, load_model, save_model
    from .reasons import Reason
    from .scoring import RiskScore, ScoreError, Scorer, score, score_frame, score_many
    from .sweep import sweep
    from .training import EvaluationReport, LabelledData, evaluate, read_labelled, train
    from .vetting import Policy, Vetting, vet

try:
    __version__ = version("fakeprofile")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0+unknown"

#: Names imported on first use, and the module each lives in.
_LAZY = {
    "EvaluationReport": "training",
    "LabelledData": "training",
    "Policy": "vetting",
    "ProfileVectorizer": "features",
    "Reason": "reasons",
    "ReferenceIndex": "index",
    "RiskModel": "model",
    "RiskScore": "scoring",
    "ScoreError": "scoring",
    "Scorer": "scoring",
    "TrainedModel": "modelfile",
    "Vetting": "vetting",
    "evaluate": "training",
    "load_model": "modelfile",
    "read_labelled": "training",
    "save_model": "modelfile",
    "score": "scoring",
    "score_frame": "scoring",
    "score_many": "scoring",
    "train": "training",
    "vet": "vetting",
    "calibrate": "calibration",
    "sweep": "sweep",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'fakeprofile' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "EvaluationReport",
    "FakeProfileError",
    "IndexFormatError",
    "InputFormatError",
    "InvalidProfileError",
    "Invitation",
    "Item",
    "LabelledData",
    "ModelFileError",
    "PhotoError",
    "Policy",
    "Profile",
    "ProfileVectorizer",
    "ReadError",
    "Reason",
    "ReferenceIndex",
    "RiskModel",
    "RiskScore",
    "ScoreError",
    "Scorer",
    "TrainedModel",
    "Vetting",
    "__version__",
    "calibrate",
    "evaluate",
    "json_schema",
    "load_model",
    "parse_invitation",
    "parse_profile",
    "read_invitations",
    "read_labelled",
    "read_profiles",
    "save_model",
    "score",
    "score_frame",
    "score_many",
    "sweep",
    "train",
    "vet",
]
