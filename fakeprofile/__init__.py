"""fakeprofile: how likely a social-network profile is fake, and why.

>>> from fakeprofile import parse_profile
>>> parse_profile({"id": "p-1", "activity": {"likes": 212}}).activity.likes
212
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

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

try:
    __version__ = version("fakeprofile")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0+unknown"

__all__ = [
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
]
