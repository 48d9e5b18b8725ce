"""``fakeprofile index add|stats|find|remove``: keep a reference index of known profiles."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .._format import json_text, printable
from ..fingerprints.photo import STRONG_BITS
from ..index import ReferenceIndex
from ..io import FieldFilter, ReadError, iter_dicts, parse_record
from ..profile import Profile
from ._common import add_extra_fields_arguments, add_photo_root_argument, extra_fields_notice


def add_parser(sub: Any) -> None:
    """Register the subcommand and its own subcommands."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "index",
        help="keep a reference index of known profiles (photo hashes, text signatures)",
        description="Register known profiles in a SQLite index file and look copies up in it.",
    )
    actions = parser.add_subparsers(dest="index_command", metavar="ACTION", required=True)

    def with_db(p: argparse.ArgumentParser) -> None:
        p.add_argument("--db", required=True, metavar="PATH", help="the index file")

    add = actions.add_parser("add", help="add or update profiles (by id)")
    add.add_argument("files", nargs="+", metavar="FILE")
    with_db(add)
    add.add_argument(
        "--keypoints",
        action="store_true",
        help="also store each photo file's keypoints, so look-ups of photo files find copies "
        "that were cropped, turned, framed or captioned (about 7 KB a photo; slower look-ups)",
    )
    add_photo_root_argument(add)
    add_extra_fields_arguments(add)
    add.set_defaults(run=run_add)

    stats = actions.add_parser("stats", help="counts and sizes")
    with_db(stats)
    stats.add_argument("--json", action="store_true", help="print JSON")
    stats.set_defaults(run=run_stats)

    find = actions.add_parser("find", help="each profile's matches in the index, with evidence")
    find.add_argument("file", metavar="FILE")
    with_db(find)
    find.add_argument("--json", action="store_true", help="one JSON object per profile")
    find.set_defaults(run=run_find)

    remove = actions.add_parser("remove", help="remove profiles by id")
    remove.add_argument("ids", nargs="+", metavar="ID")
    with_db(remove)
    remove.set_defaults(run=run_remove)


class _Profiles:
    """The valid profiles of some files; bad records are printed and counted.

    The label column of a training file is dropped, and other extra columns
    are handled as ``fields`` says (as ``score`` does).
    """

    def __init__(
        self, files: list[str], photo_root: Path | None = None, fields: FieldFilter | None = None
    ) -> None:
        self.files = files
        self.photo_root = photo_root
        self.fields = fields or FieldFilter()
        self.bad = 0

    def __iter__(self) -> Iterator[Profile]:
        for path in self.files:
            for raw in self.fields.items(iter_dicts(path, photo_root=self.photo_root)):
                item = raw if isinstance(raw, ReadError) else parse_record(raw, "profile")
                if isinstance(item, ReadError):
                    self.bad += 1
                    print(printable(f"ERROR {item}"), file=sys.stderr)
                elif isinstance(item.value, Profile):
                    yield item.value


def run_add(args: argparse.Namespace) -> int:
    """Add the profiles of each file; exit 1 if any record was bad."""
    fields = FieldFilter(args.extra_fields, label_field=args.label_field)
    profiles = _Profiles(args.files, args.photo_root, fields)
    with ReferenceIndex(args.db) as index:
        report = index.add(profiles, progress=sys.stderr.isatty(), keypoints=args.keypoints)
    extra_fields_notice(fields, "index add")
    print(
        f"added {report.added}, updated {report.updated}, with photo {report.photos}, "
        f"texts {report.texts}, unreadable photos {len(report.photos_unreadable)}, "
        f"bad records {profiles.bad}"
    )
    for pid in report.photos_unreadable:
        print(printable(f"unreadable photo: {pid}"))
    return 1 if profiles.bad else 0


def run_stats(args: argparse.Namespace) -> int:
    """Print the index's counts and sizes."""
    with ReferenceIndex(args.db, readonly=True) as index:
        stats = index.stats()
    facts = {
        "profiles": stats.profiles,
        "photos": stats.photos,
        "texts": stats.texts,
        "file_bytes": stats.file_bytes,
        "memory_bytes": stats.memory_bytes,
        "format_version": stats.format_version,
    }
    if args.json:
        print(json_text(facts))
    else:
        for key, value in facts.items():
            print(f"{key:15} {value}")
    return 0


def _find_one(index: ReferenceIndex, profile: Profile) -> dict[str, Any]:
    copies = index.find(profile)
    out: dict[str, Any] = {"id": profile.id, "photo_matches": [], "text_matches": []}
    out["text_matches"] = [
        {
            "field": field,
            "profile_id": m.profile_id,
            "matched_field": m.field,
            "similarity": round(m.similarity, 3),
            "created_at": m.created_at.isoformat() if m.created_at else None,
        }
        for field, matches in copies.text_matches.items()
        for m in matches
    ]
    if copies.photo_error is not None:
        out["photo_error"] = copies.photo_error
        return out
    if copies.photo is None:
        out["photo"] = None
        return out
    out["photo_matches"] = [
        {
            "profile_id": m.profile_id,
            "distance": m.distance,
            "bits": STRONG_BITS,
            "mirrored": m.mirrored,
            "created_at": m.created_at.isoformat() if m.created_at else None,
            # Confirmed by local keypoints, not the hashes (``distance`` is then the threshold).
            "confirmed_by": "keypoints" if m.keypoints is not None else "hashes",
        }
        for m in copies.photo_matches
    ]
    return out


def _found_lines(pid: str, found: dict[str, Any]) -> Iterator[str]:
    """One profile's matches as lines for a person (raw: the caller escapes them)."""
    if "photo_error" in found:
        yield f"{pid}: photo unreadable: {found['photo_error']}"
    matches = found["photo_matches"]
    if not matches:
        yield f"{pid}: no photo matches"
    for m in matches:
        how = "mirrored, " if m["mirrored"] else ""
        when = f", created {m['created_at']}" if m["created_at"] else ""
        close = (
            "an edited copy found by its keypoints"
            if m["confirmed_by"] == "keypoints"
            else f"distance {m['distance']}/{m['bits']}"
        )
        yield f"{pid}: photo matches {m['profile_id']} ({how}{close}{when})"
    for t in found["text_matches"]:
        when = f", created {t['created_at']}" if t["created_at"] else ""
        yield (
            f"{pid}: {t['field']} matches {t['profile_id']}'s {t['matched_field']}"
            f" (similarity {t['similarity']:.2f}{when})"
        )


def run_find(args: argparse.Namespace) -> int:
    """Print each profile's matches; exit 1 if any record was bad."""
    profiles = _Profiles([args.file])
    with ReferenceIndex(args.db, readonly=True) as index:
        for profile in profiles:
            found = _find_one(index, profile)
            if args.json:
                print(json_text(found))
                continue
            for line in _found_lines(profile.id, found):
                print(printable(line))
    return 1 if profiles.bad else 0


def run_remove(args: argparse.Namespace) -> int:
    """Remove profiles by id and say how many were found."""
    with ReferenceIndex(args.db) as index:
        removed = index.remove(args.ids)
    print(f"removed {removed} of {len(set(args.ids))}")
    return 0
