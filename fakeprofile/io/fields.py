"""Real exports' extra columns: the label dropped, other columns kept, dropped or refused."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Literal

from ..errors import InputFormatError
from ..profile import Invitation, Profile
from .items import Item, ReadError, _printable
from .readers import iter_dicts

__all__ = ["EXTRA_FIELDS", "ExtraFields", "FieldFilter", "read_records"]

#: What to do with a record's fields that are not profile fields (``--extra-fields``).
ExtraFields = Literal["meta", "ignore", "error"]
EXTRA_FIELDS: tuple[ExtraFields, ...] = ("meta", "ignore", "error")

_INVITATION_FIELDS = frozenset(Invitation.model_fields)
_PROFILE_FIELDS = frozenset(Profile.model_fields)


class FieldFilter:
    """Prepare raw records from real exports: drop the label, keep or drop other columns.

    A labelled training file (or an export) holds columns that are not profile
    fields. The label column is a known training field: it is dropped without
    a word, so a labelled file can be scored or validated as it is. Any other
    column that is not a profile field is, by ``extra_fields``:

    ``"error"`` (the default)
        left in place, so the record fails validation naming the field (a
        misspelt field must not be silently ignored);
    ``"meta"``
        moved under the record's ``meta`` (kept beside the score, never scored);
    ``"ignore"``
        dropped.

    The names met are counted in :attr:`extra`, so a caller can say once which
    columns were kept or dropped (:meth:`notice`), not once per record. For an
    invitation, the top level and the ``sender`` and ``recipient`` profiles are
    checked (``sender.email``).

    Parameters
    ----------
    extra_fields : {"error", "meta", "ignore"}
    label_field : str or None, default="label"
        The label column of labelled data, dropped; ``None`` keeps it (then it
        is an extra field like any other).

    Raises
    ------
    InputFormatError
        For an ``extra_fields`` that is not one of the three.

    Examples
    --------
    >>> keep = FieldFilter("meta")
    >>> keep({"id": "a", "label": 1, "email": "a@example.com"})
    {'id': 'a', 'meta': {'email': 'a@example.com'}}
    >>> keep.notice()
    "1 field is not a profile field and was kept under 'meta': email (in 1 record)"
    """

    def __init__(self, extra_fields: str = "error", *, label_field: str | None = "label") -> None:
        if extra_fields not in EXTRA_FIELDS:
            raise InputFormatError(
                f"extra_fields must be one of {', '.join(map(repr, EXTRA_FIELDS))}, "
                f"got {extra_fields!r}"
            )
        self.extra_fields: ExtraFields = extra_fields
        self.label_field = label_field or None
        #: Each extra field met, with the number of records that had it.
        self.extra: dict[str, int] = {}
        self.records_with_extra = 0

    def __call__(self, record: dict[str, Any]) -> dict[str, Any]:
        """The record ready to validate (a new dict when anything changed)."""
        is_invitation = "sender" in record
        known = _INVITATION_FIELDS if is_invitation else _PROFILE_FIELDS
        label = self.label_field
        out = record
        if label is not None and label in out and label not in known:
            out = {k: v for k, v in out.items() if k != label}
        names = self._extras(out, known, "")
        if is_invitation:
            for part in ("sender", "recipient"):
                if isinstance(out.get(part), dict):
                    names += self._extras(out[part], _PROFILE_FIELDS, f"{part}.")
        if not names:
            return out
        self.records_with_extra += 1
        for name in names:
            self.extra[name] = self.extra.get(name, 0) + 1
        if self.extra_fields == "error":
            return out
        out = self._moved(out, known)
        if is_invitation:
            for part in ("sender", "recipient"):
                if isinstance(out.get(part), dict):
                    out[part] = self._moved(out[part], _PROFILE_FIELDS)
        return out

    @staticmethod
    def _extras(record: Mapping[str, Any], known: frozenset[str], prefix: str) -> list[str]:
        return [f"{prefix}{k}" for k in record if k not in known]

    def _moved(self, record: dict[str, Any], known: frozenset[str]) -> dict[str, Any]:
        """``record`` with its extra fields moved under ``meta`` or dropped."""
        kept = {k: v for k, v in record.items() if k in known}
        if self.extra_fields == "meta":
            meta = kept.get("meta", {})
            if isinstance(meta, dict):  # else: left for validation to refuse
                extra = {k: v for k, v in record.items() if k not in known}
                kept["meta"] = {**extra, **meta}  # a field given in meta wins
        return kept

    def notice(self, option: str = "extra_fields=") -> str | None:
        """One sentence naming the extra fields met and what became of them (None if none).

        ``option`` is how the caller spells the setting in the hint given with
        ``"error"`` (``"--extra-fields "`` on the command line).
        """
        if not self.extra:
            return None
        names = sorted(self.extra)
        shown = ", ".join(_printable(n) for n in names[:20])
        if len(names) > 20:
            shown += f" and {len(names) - 20} more"
        one = len(names) == 1
        head = (
            f"{len(names)} field{'' if one else 's'} "
            f"{'is not a profile field' if one else 'are not profile fields'}"
        )
        records = (
            f"in {self.records_with_extra:,} record{'' if self.records_with_extra == 1 else 's'}"
        )
        if self.extra_fields == "error":
            return (
                f"{head}, so the records holding {'it' if one else 'them'} are errors: {shown} "
                f"({records}); {option}meta keeps such fields under 'meta', "
                f"{option}ignore drops them"
            )
        done = "kept under 'meta'" if self.extra_fields == "meta" else "ignored"
        return f"{head} and {'was' if one else 'were'} {done}: {shown} ({records})"

    def fresh(self) -> FieldFilter:
        """A filter with the same settings that has met no extra field yet."""
        return FieldFilter(self.extra_fields, label_field=self.label_field)

    def count_from(self, other: FieldFilter) -> None:
        """Add the extra fields that ``other`` met to those this one met (for :meth:`notice`).

        For records filtered elsewhere (a worker process's copy of a
        :meth:`fresh` filter), counted here in input order.
        """
        for name, n in other.extra.items():
            self.extra[name] = self.extra.get(name, 0) + n
        self.records_with_extra += other.records_with_extra

    def item(self, item: Item[Any]) -> Item[Any]:
        """A reader's record through the filter (a record that is not a dict as it is)."""
        if isinstance(item.value, dict):
            return Item(item.source, item.line, self(item.value))
        return item

    def items(
        self, records: Iterable[Item[dict[str, Any]] | ReadError]
    ) -> Iterator[Item[dict[str, Any]] | ReadError]:
        """Apply the filter to each record of a reader's stream (error rows pass as they are)."""
        for item in records:
            yield self.item(item) if isinstance(item, Item) else item


def read_records(
    path: str | Path,
    *,
    photo_root: str | Path | None = None,
    extra_fields: str = "error",
    label_field: str | None = "label",
) -> Iterator[Item[dict[str, Any]] | ReadError]:
    """The raw records of a file as :func:`iter_dicts` reads them, through a :class:`FieldFilter`.

    The label column is dropped and other extra columns handled as
    ``extra_fields`` says; the records are not validated yet.
    """
    return FieldFilter(extra_fields, label_field=label_field).items(
        iter_dicts(path, photo_root=photo_root)
    )
