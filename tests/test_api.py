"""The public API is exactly what ``__all__`` says, sorted, and every name exists."""

from __future__ import annotations

import fakeprofile

EXPECTED = {
    "FakeProfileError",
    "IndexFormatError",
    "InputFormatError",
    "InvalidProfileError",
    "Invitation",
    "Item",
    "ModelFileError",
    "PhotoError",
    "Profile",
    "ReadError",
    "__version__",
    "json_schema",
    "parse_invitation",
    "parse_profile",
    "read_invitations",
    "read_profiles",
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
