"""The reference index's search structures saved as array files beside its SQLite file.

Opening an index used to parse every SQLite row into NumPy and Python
structures (13-17 s at 1 M profiles). Instead, the structures' arrays (the row
table, the photo tables, the text search) are saved as ``.npy`` files in a
folder ``<index>.arrays/`` and memory-mapped on open: opening reads a small
manifest and maps the files, whatever their size, and every process that
opens the index shares the files' pages through the page cache.

The folder holds ``manifest.json`` and one sub-folder of arrays, the *base*,
named after the SQLite generation it holds (:mod:`.sqlfile`: one per write
transaction, with a random stamp). The manifest gives the arrays format
version, the generation and its stamp, and each array's file, dtype, shape
and SHA-256 (of its data). SQLite stays the source of truth: the index uses a
base only if the file still knows its generation with the same stamp, then
re-reads from SQLite the profile rows changed since (the *delta*, small), so
the base never has to be rewritten for a small write. A base is rewritten
when the delta has grown large, when it is missing or unusable, or on
:meth:`~fakeprofile.index.ReferenceIndex.compact`.

A base is written to a temporary folder, each file synced, then renamed into
place, and only then is the manifest replaced (written aside, synced,
renamed): a crash at any point leaves the old manifest and base, or none,
never a manifest naming half-written files. Opening checks what is cheap
(format, generation, stamp, each file's dtype and shape, which also catches a
truncated file); the checksums are verified by :func:`verify` (and
:meth:`~fakeprofile.index.ReferenceIndex.check`), not on every open.

Files are mapped copy-on-write (``mmap_mode="c"``): the files are never
written through a map, and a writer that tombstones a removed profile in a
mapped array gets a private copy of that page only.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = [
    "ARRAYS_VERSION",
    "Base",
    "folder_of",
    "open_base",
    "replace_json",
    "verify",
    "write_base",
    "write_npy",
]

logger = logging.getLogger(__name__)

#: Version of the arrays' layout; arrays of another version are not used (rebuilt).
#: 2: the text search's band entries are 4 bytes (26-bit keys, :mod:`.textsearch`), not 8,
#: and its sorted copy of the keys is gone.
ARRAYS_VERSION = 2
_MANIFEST = "manifest.json"
#: Temporary folders left by a writer that died are removed after this many seconds.
_STALE_TEMP_S = 3600.0

Arrays = dict[str, dict[str, npt.NDArray[Any]]]


@dataclass(frozen=True, slots=True)
class Base:
    """Saved search structures, mapped: the arrays of each group, and what they cover."""

    generation: int
    stamp: int
    #: group ("rows", "photos", "texts") -> array name -> array (mapped).
    arrays: Arrays


def folder_of(index_path: Path) -> Path:
    """The folder of an index file's arrays: ``<index>.arrays`` beside it."""
    return index_path.with_name(index_path.name + ".arrays")


def _digest(array: npt.NDArray[Any]) -> str:
    data = np.ascontiguousarray(array)
    return hashlib.sha256(data.data.cast("B") if data.size else b"").hexdigest()


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every file system syncs folders
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_npy(path: Path, array: npt.NDArray[Any]) -> None:
    """Write ``array`` as a ``.npy`` file and fsync it (no pickled objects)."""
    with path.open("wb") as f:
        np.lib.format.write_array(f, array, allow_pickle=False)
        f.flush()
        os.fsync(f.fileno())


def replace_json(target: Path, value: object, aside: Path) -> None:
    """Write ``value`` as JSON to ``aside``, fsync it, and rename it over ``target``."""
    with aside.open("w", encoding="utf-8") as f:
        json.dump(value, f, indent=1)
        f.flush()
        os.fsync(f.fileno())
    os.replace(aside, target)


def _read_manifest(folder: Path) -> dict[str, Any] | None:
    try:
        manifest = json.loads((folder / _MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    if not isinstance(manifest, dict):
        raise ValueError("the manifest is not a JSON object")
    return manifest


def write_base(index_path: Path, generation: int, stamp: int, arrays: Arrays) -> bool:
    """Save ``arrays`` as the base of ``index_path`` at ``generation`` (atomically).

    Returns False, writing nothing, if a newer base is already in place (a
    concurrent writer's). Old bases are removed, except the one the
    previous manifest named (a process may be mapping it right now).

    Raises
    ------
    OSError
        The folder or files cannot be written (nothing changes then).
    """
    folder = folder_of(index_path)
    folder.mkdir(exist_ok=True)
    name = f"g{generation}-{secrets.token_hex(4)}"
    temp = folder / f"tmp-{name}"
    temp.mkdir()
    entries: dict[str, dict[str, Any]] = {}
    try:
        for group, named in arrays.items():
            for key, array in named.items():
                data = np.ascontiguousarray(array)
                file = f"{group}.{key}.npy"
                write_npy(temp / file, data)
                entries[f"{group}.{key}"] = {
                    "file": file,
                    "dtype": data.dtype.str,
                    "shape": list(data.shape),
                    "sha256": _digest(data),
                }
        _fsync_folder(temp)
        previous = _previous(folder)
        if previous is not None and int(previous.get("generation", -1)) > generation:
            shutil.rmtree(temp, ignore_errors=True)
            return False
        os.rename(temp, folder / name)
        _fsync_folder(folder)
        manifest = {
            "format": ARRAYS_VERSION,
            "generation": generation,
            "stamp": stamp,
            "folder": name,
            "arrays": entries,
        }
        replace_json(folder / _MANIFEST, manifest, folder / f"{_MANIFEST}.{name}")
        _fsync_folder(folder)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    keep = {name, str(previous.get("folder")) if previous else ""}
    _tidy(folder, keep, generation)
    return True


def _previous(folder: Path) -> dict[str, Any] | None:
    try:
        return _read_manifest(folder)
    except (OSError, ValueError):  # damaged: replaced whatever it says
        return None


def _generation_of(name: str) -> int:
    """The generation in a base folder's name (``g<generation>-<token>``), or -1."""
    number = name[1:].partition("-")[0]
    return int(number) if number.isdigit() else -1


def _tidy(folder: Path, keep: set[str], generation: int) -> None:
    """Remove bases older than ``generation`` but those in ``keep``, and dead writers' temps.

    A base of the same generation (maybe a concurrent writer's, about to be
    named by its manifest) is removed only once it is an hour old.
    """
    now = time.time()
    for entry in folder.iterdir():
        with contextlib.suppress(OSError):
            if (
                entry.name.startswith("g")
                and entry.is_dir()
                and entry.name not in keep
                and (
                    _generation_of(entry.name) < generation
                    or now - entry.stat().st_mtime > _STALE_TEMP_S
                )
            ):
                shutil.rmtree(entry)
            elif entry.name.startswith(("tmp-", f"{_MANIFEST}.")) and (
                now - entry.stat().st_mtime > _STALE_TEMP_S
            ):
                if entry.is_dir():
                    shutil.rmtree(entry)
                else:
                    entry.unlink()


def open_base(index_path: Path) -> Base | None:
    """The base saved beside ``index_path``, mapped; None if there is none or it is unusable.

    Only cheap checks are made (format, each file's dtype and shape); why a
    base is not used is logged. Whether it is current is the caller's to
    check (its generation and stamp against the SQLite file).
    """
    folder = folder_of(index_path)
    try:
        manifest = _read_manifest(folder)
        if manifest is None:
            logger.info("index %s: no saved arrays; loading from the file", index_path)
            return None
        if manifest.get("format") != ARRAYS_VERSION:
            raise ValueError(f"arrays format {manifest.get('format')!r}, not {ARRAYS_VERSION}")
        base = folder / str(manifest["folder"])
        arrays: Arrays = {}
        for key, entry in manifest["arrays"].items():
            group, name = key.split(".", 1)
            array = np.load(base / entry["file"], mmap_mode="c", allow_pickle=False)
            if array.dtype.str != entry["dtype"] or list(array.shape) != entry["shape"]:
                raise ValueError(f"{entry['file']} is not the array the manifest describes")
            arrays.setdefault(group, {})[name] = np.asarray(array)
        return Base(int(manifest["generation"]), int(manifest["stamp"]), arrays)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        logger.warning(
            "index %s: saved arrays in %s unusable (%s); loading from the file",
            index_path,
            folder,
            exc,
        )
        return None


def verify(index_path: Path) -> list[str]:
    """Check every saved array against its manifest's SHA-256; return the problems found.

    An index without saved arrays has none (it is loaded from SQLite).
    """
    folder = folder_of(index_path)
    try:
        manifest = _read_manifest(folder)
    except (OSError, ValueError) as exc:
        return [f"{folder / _MANIFEST}: unreadable ({exc})"]
    if manifest is None:
        return []
    problems = []
    try:
        base = folder / str(manifest["folder"])
        for key, entry in manifest["arrays"].items():
            path = base / entry["file"]
            try:
                array = np.load(path, mmap_mode="r", allow_pickle=False)
                if _digest(array) != entry["sha256"]:
                    problems.append(f"{path}: checksum differs from the manifest")
                del array
            except (OSError, ValueError) as exc:
                problems.append(f"{path} ({key}): unreadable ({exc})")
    except (KeyError, TypeError, AttributeError) as exc:
        problems.append(f"{folder / _MANIFEST}: malformed ({exc!r})")
    return problems


def remove(index_path: Path) -> None:
    """Delete the saved arrays of ``index_path`` (they are rebuilt on the next writable open)."""
    shutil.rmtree(folder_of(index_path), ignore_errors=True)
