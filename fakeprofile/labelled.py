"""Labelled data: reading profiles with a label, and checking there is enough of each class.

:func:`read_labelled` reads any file :mod:`fakeprofile.io` reads (or records
already in memory) whose records carry a label field (``1``/``fake``/``true``
… or ``0``/``genuine``/``false`` …). A missing or misspelt label field, a
single class or too little data is a :class:`~fakeprofile.errors.TrainingDataError`
whose message names the fix.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .errors import InvalidProfileError, TrainingDataError
from .io import Item, ReadError, iter_dicts
from .profile import Invitation, Profile, clip, parse_invitation, parse_profile

__all__ = [
    "FEW_PER_CLASS",
    "IMBALANCED_SHARE",
    "MIN_PER_CLASS",
    "LabelledData",
    "check_classes",
    "missing_label_message",
    "read_labelled",
]


_TRUE = {"1", "fake", "true", "yes", "bot", "spam"}
_FALSE = {"0", "genuine", "real", "false", "no", "human", "legit"}
#: Fewest profiles of each class that train (a split, a held-out test, and
#: cross-validation inside the training part) accepts.
MIN_PER_CLASS = 10
#: Below this many fakes (or genuine profiles) in a held-out part, its rates get a warning.
FEW_PER_CLASS = 50
#: A held-out part whose smaller class is under this share is "heavily imbalanced".
IMBALANCED_SHARE = 0.05
#: Field names that look like a label column (to suggest ``--label-field``).
_LABEL_LIKE = ("label", "fake", "bot", "spam", "class", "target", "genuine", "is_", "y")


@dataclass
class LabelledData:
    """Profiles (or invitations) with labels (1 = fake), and the records that failed."""

    items: list[Profile | Invitation]
    labels: np.ndarray
    errors: list[ReadError] = field(default_factory=list)


def _parse_label(value: object, label_field: str) -> int:
    if isinstance(value, bool):
        return int(value)
    # str() of an int of over 4,300 digits raises; no label is that long anyway
    text = "?" if isinstance(value, int) and not -10 < value < 10 else str(value).strip().lower()
    if text in _TRUE:
        return 1
    if text in _FALSE:
        return 0
    if isinstance(value, float | str) and text in ("1.0", "0.0"):
        return int(float(text))  # a label column written by pandas as floats
    raise InvalidProfileError.single(
        label_field, f"must be 1/0, fake/genuine or true/false, got {clip(value)}"
    )


#: Where records given in memory (dicts, profiles) come from, in error rows.
IN_MEMORY = "<data>"


def read_labelled(paths: str | Path | Iterable[Any], *, label_field: str = "label") -> LabelledData:
    """Read labelled profiles: files (any format :mod:`fakeprofile.io` reads) or records.

    ``paths`` is a file, or an iterable of files and records (dicts, as a
    file's records). Each record carries its label in ``label_field`` (1/0,
    fake/genuine, true/false). Records that fail validation are kept in
    ``errors`` (a record given in memory is located by its position, from 1);
    records with a ``sender`` are read as invitations.

    Raises
    ------
    TrainingDataError
        When no record has ``label_field`` at all (a misspelt or missing
        label column): the message lists the fields found and suggests one
        that looks like a label.
    """
    data, with_label, fields, _ = _read_records(paths, label_field, labels="required")
    if with_label == 0 and fields:
        raise TrainingDataError(missing_label_message(paths, label_field, fields))
    return data


def _raw_records(
    data: str | Path | Iterable[Any],
) -> Iterator[Item[dict[str, Any]] | Item[Profile | Invitation] | ReadError]:
    """Each record of ``data``: the files' records, dicts, or profiles already parsed."""
    for i, entry in enumerate([data] if isinstance(data, str | Path) else data, start=1):
        if isinstance(entry, str | Path):
            yield from iter_dicts(entry)
        elif isinstance(entry, Mapping):
            yield Item(IN_MEMORY, i, dict(entry))
        elif isinstance(entry, Profile | Invitation):
            yield Item(IN_MEMORY, i, entry)
        else:
            yield ReadError(
                IN_MEMORY,
                i,
                None,
                "must be a Profile, an Invitation, a dict or a file path, "
                f"got {type(entry).__name__}",
            )


def _read_records(
    data: str | Path | Iterable[Any], label_field: str, *, labels: str
) -> tuple[LabelledData, int, list[str], int]:
    """Records of ``data`` with labels; how many had ``label_field``; fields seen; records.

    ``labels="required"``: a record without ``label_field`` is an error row.
    ``labels="optional"``: it is read as genuine (label 0), as calibration
    on one's own network does; the caller checks that labels are all or none.
    A :class:`Profile` given as it is has no label field.
    """
    items: list[Profile | Invitation] = []
    label_list: list[int] = []
    errors: list[ReadError] = []
    fields: set[str] = set()
    with_label = 0
    records = 0
    for raw in _raw_records(data):
        if isinstance(raw, ReadError):
            errors.append(raw)
            continue
        records += 1
        if isinstance(raw.value, Profile | Invitation):
            if labels == "required":
                why = (
                    f"{label_field}: is required in labelled data (give labelled records as dicts)"
                )
                errors.append(ReadError(raw.source, raw.line, raw.value.id, why))
            else:
                items.append(raw.value)
                label_list.append(0)
            continue
        record = dict(raw.value)
        if len(fields) < 200:
            fields.update(str(k) for k in record)
        try:
            if label_field in record:
                with_label += 1
                label = _parse_label(record.pop(label_field), label_field)
            elif labels == "required":
                raise InvalidProfileError.single(label_field, "is required in labelled data")
            else:
                label = 0
            item: Profile | Invitation = (
                parse_invitation(record) if "sender" in record else parse_profile(record)
            )
        except InvalidProfileError as exc:
            errors.append(ReadError(raw.source, raw.line, exc.record_id, str(exc)))
            continue
        items.append(item)
        label_list.append(label)
    read = LabelledData(items, np.asarray(label_list, dtype=np.int8), errors)
    return read, with_label, sorted(fields), records


def _label_candidates(fields: Sequence[str]) -> list[str]:
    """Fields that are not profile fields and look like a label column."""
    known = set(Profile.model_fields) | set(Invitation.model_fields)
    out = []
    for name in fields:
        lower = name.lower()
        if name not in known and (lower == "y" or any(w in lower for w in _LABEL_LIKE if w != "y")):
            out.append(name)
    return out


def _describe_paths(paths: str | Path | Iterable[Any] | None) -> str:
    if paths is None:
        return "the data"
    if isinstance(paths, str | Path):
        paths = [paths]
    names = [str(p) for p in paths if isinstance(p, str | Path)]
    if not names:
        return "the records given"
    return ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")


def missing_label_message(
    paths: str | Path | Iterable[Any] | None, label_field: str, fields: Sequence[str]
) -> str:
    """One line saying the label field is missing, what fields there are, and the fix."""
    shown = ", ".join(fields[:30]) + (f" and {len(fields) - 30} more" if len(fields) > 30 else "")
    candidates = _label_candidates(fields)
    fix = (
        f"give it with --label-field {candidates[0]} (label_field={candidates[0]!r} in Python)"
        if candidates
        else "name the label column with --label-field NAME (label_field= in Python)"
    )
    return (
        f"no record in {_describe_paths(paths)} has the label field {label_field!r}; "
        f"fields found: {shown}; {fix}"
    )


def check_classes(
    labels: np.ndarray, *, minimum: int = MIN_PER_CLASS, what: str = "training"
) -> None:
    """Refuse labels with one class only, or fewer than ``minimum`` of either class.

    Raises
    ------
    TrainingDataError
        Naming the counts and the fix.
    """
    y = np.asarray(labels).astype(int)
    fake = int(y.sum())
    genuine = int(y.size - fake)
    if y.size == 0:
        raise TrainingDataError(
            "no readable labelled profile: every record was refused (see the skipped lines)"
        )
    if fake == 0 or genuine == 0:
        only = "genuine" if fake == 0 else "fake"
        raise TrainingDataError(
            f"all {y.size} labelled profiles are {only}: {what} needs both fake and genuine "
            f"ones (at least {minimum} of each); check the label values (1/0, fake/genuine, "
            "true/false) and --label-field"
        )
    if min(fake, genuine) < minimum:
        raise TrainingDataError(
            f"too little labelled data: {fake} fake and {genuine} genuine profiles; {what} "
            f"with a held-out test needs at least {minimum} of each (a few hundred of each give "
            "a report worth reading)"
        )
