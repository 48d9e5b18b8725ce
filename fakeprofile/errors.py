"""Exceptions raised by fakeprofile.

Every exception the library raises on purpose derives from
:class:`FakeProfileError`, so callers can catch the whole family at once::

    FakeProfileError
    ├── InvalidProfileError (also ValueError)   a record failed validation
    ├── InputFormatError (also ValueError)      a file could not be parsed at all
    ├── PhotoError (also ValueError)            a photo could not be read or was refused
    ├── IndexFormatError                        a reference index file is unusable
    ├── ModelFileError                          a model file is not a (trusted) fakeprofile model
    └── TrainingDataError (also ValueError)     labelled or calibration data cannot be used as given

Messages are built in ``__init__`` from structured arguments, so they read the
same everywhere and the parts stay available as attributes.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "FakeProfileError",
    "FieldProblem",
    "IndexFormatError",
    "InputFormatError",
    "InvalidProfileError",
    "ModelFileError",
    "PhotoError",
    "TrainingDataError",
]


class FakeProfileError(Exception):
    """Root of every error raised by fakeprofile."""


class FieldProblem:
    """One problem with one field: where it is and what was wrong.

    Parameters
    ----------
    path : str
        Dotted path of the field, e.g. ``"activity.likes"`` or ``"experience.0.start"``.
        Empty for a problem with the record as a whole.
    message : str
        What was wrong, e.g. ``"must be ≥ 0, got -3"``.
    """

    __slots__ = ("message", "path")

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.message = message

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    def __repr__(self) -> str:
        return f"FieldProblem({self.path!r}, {self.message!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FieldProblem):
            return NotImplemented
        return (self.path, self.message) == (other.path, other.message)

    def __hash__(self) -> int:
        return hash((self.path, self.message))


class InvalidProfileError(FakeProfileError, ValueError):
    """A profile or invitation failed validation.

    The message names each field path and what was wrong with it, e.g.
    ``activity.likes: must be ≥ 0, got -3``.

    Parameters
    ----------
    problems : sequence of FieldProblem
        The problems found (at least one).
    record_id : str, optional
        The record's ``id`` when it could be read.
    """

    def __init__(self, problems: Sequence[FieldProblem], *, record_id: str | None = None) -> None:
        self.problems = tuple(problems)
        self.record_id = record_id
        where = f"record {record_id!r}: " if record_id is not None else ""
        super().__init__(where + "; ".join(str(p) for p in self.problems))

    @classmethod
    def single(
        cls, path: str, message: str, *, record_id: str | None = None
    ) -> InvalidProfileError:
        """Build an error with exactly one problem."""
        return cls([FieldProblem(path, message)], record_id=record_id)


class InputFormatError(FakeProfileError, ValueError):
    """A whole input could not be read (unknown format, unreadable file)."""


class PhotoError(FakeProfileError, ValueError):
    """A photo could not be decoded or was refused (too large, not an image)."""


class IndexFormatError(FakeProfileError):
    """A reference index file is unusable: wrong format version or not an index."""


class ModelFileError(FakeProfileError):
    """A model file is not a fakeprofile model, was tampered with, or holds untrusted types."""


class TrainingDataError(FakeProfileError, ValueError):
    """Data given to train, evaluate or calibrate cannot be used as given.

    The label field is missing or misspelt, only one class is present, or
    there is too little data; the message names the fix (``--label-field``,
    the fields found, how much data is needed).
    """


def check_fitted(estimator: object, attribute: str) -> None:
    """scikit-learn's ``check_is_fitted(estimator, attribute)``, costing a ``hasattr`` when fitted.

    The library's own check inspects the estimator's tags on every call, a few
    microseconds that every ``score()`` paid three times.

    Raises
    ------
    sklearn.exceptions.NotFittedError
        When ``estimator`` has no ``attribute`` (scikit-learn's own error and message).
    """
    if not hasattr(estimator, attribute):
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(estimator, attribute)
