"""``python -m fakeprofile``: the same as the ``fakeprofile`` command."""

from .cli import _entry_point

_entry_point()
