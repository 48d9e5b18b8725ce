"""Reading profiles and invitations from JSON, JSON Lines and CSV, streamed.

Formats, chosen by the file's extension (or sniffed for standard input, ``-``):

``.json``
    One object, or an array of objects. Arrays are decoded element by element,
    so a file of a million profiles is never held in memory at once.
``.jsonl`` / ``.ndjson``
    One object per line. A malformed line is an error row; reading goes on.
``.csv``
    One record per row, with a header. Nested fields use dotted column names:
    ``activity.likes``, ``experience.0.title``, ``sender.name`` (invitations).
    List-of-text fields (``skills``, ``activity.comment_texts``, ``links``,
    ``attachments``) hold several values separated by ``|``. Empty cells are
    missing values.

Relative ``photo`` paths are resolved against the input file's folder (the
working directory for standard input). Input files may come from strangers, so
a photo path is confined (:func:`resolve_photo_path`): it may not leave the
input's folder (``../``, or a symbolic link pointing out), an absolute path is
refused, and it must name a readable regular file; ``photo_root`` names one
more folder that photos may come from. A photo path that breaks these rules or
names no readable file is an error on that record, worded the same whether the
file is missing or unreadable, and never showing where outside the folder it led.

Every reader yields, in input order, either a parsed value wrapped in
:class:`Item` or a :class:`ReadError` for a bad record, and never stops at a bad
record: a record nested too deeply, holding a number too long for Python to
read, or holding bytes that are not UTF-8 is one error row and reading goes on.
(A JSON document with a syntax error mid-array cannot be resynchronised; that
error ends the file, is reported as soon as it is met, and says so.)

The package's modules: :mod:`.items` (the records and error rows a reader
yields, the formats), :mod:`.readers` (files and standard input, validated
profiles and invitations), :mod:`.jsonfile` and :mod:`.csvfile` (the format
readers), :mod:`.photos` (the photo-path policy) and :mod:`.fields` (real
exports' extra columns). Everything is imported from here.
"""

from __future__ import annotations

from .csvfile import CSV_LIST_FIELDS, frame_cells, unflatten
from .fields import EXTRA_FIELDS, ExtraFields, FieldFilter, read_records
from .items import Format, Item, ReadError, detect_format
from .photos import resolve_photo_path
from .readers import _parse_invitation as _parse_invitation  # for vetting
from .readers import (
    iter_dicts,
    parse_record,
    read_invitations,
    read_one,
    read_profiles,
)

__all__ = [
    "CSV_LIST_FIELDS",
    "EXTRA_FIELDS",
    "ExtraFields",
    "FieldFilter",
    "Format",
    "Item",
    "ReadError",
    "detect_format",
    "frame_cells",
    "iter_dicts",
    "parse_record",
    "read_invitations",
    "read_one",
    "read_profiles",
    "read_records",
    "resolve_photo_path",
    "unflatten",
]
