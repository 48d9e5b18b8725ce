"""The public API is exactly what ``__all__`` says, sorted, and every name exists."""

from __future__ import annotations

import fakeprofile

EXPECTED = {
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
}


def test_all_is_the_public_api() -> None:
    assert set(fakeprofile.__all__) == EXPECTED


def test_all_is_sorted_and_resolves() -> None:
    assert list(fakeprofile.__all__) == sorted(fakeprofile.__all__)
    for name in fakeprofile.__all__:
        assert hasattr(fakeprofile, name), name


def test_version_comes_from_metadata() -> None:
    from importlib.metadata import version

    assert fakeprofile.__version__ == version("fakeprofile")


def test_invalid_profile_error_is_a_value_error() -> None:
    assert issubclass(fakeprofile.InvalidProfileError, ValueError)
    assert issubclass(fakeprofile.InvalidProfileError, fakeprofile.FakeProfileError)


def test_import_is_light() -> None:
    """``import fakeprofile`` does not pull in scikit-learn or pandas (lazy API)."""
    import subprocess
    import sys

    code = "import sys, fakeprofile; print('sklearn' in sys.modules, 'pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_unknown_attribute() -> None:
    import pytest

    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        fakeprofile.nope  # noqa: B018
