"""Where an input's ``photo`` paths may lead: confined to the input's folder (or ``photo_root``).

Input files may come from strangers, so a photo path is confined
(:func:`resolve_photo_path`): it may not leave the input's folder (``../``, or
a symbolic link pointing out), an absolute path is refused, and it must name a
readable regular file; ``photo_root`` names one more folder that photos may
come from.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

__all__ = ["resolve_photo_path"]


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _shown_path(text: str) -> str:
    """A photo path as the input gave it, cut short, for an error message."""
    return repr(text if len(text) <= 80 else text[:77] + "...")


def resolve_photo_path(
    text: str, base: Path | None, photo_root: str | Path | None = None
) -> tuple[str | None, str | None]:
    """Where an input's ``photo`` path leads: ``(absolute path, None)`` or ``(None, why not)``.

    Parameters
    ----------
    text : str
        The path as the input gave it.
    base : Path or None
        The input's folder (relative paths start there); ``None`` for a
        profile given directly as an object, whose relative paths start at
        ``photo_root``.
    photo_root : str or Path, optional
        One more folder photos may come from.

    The path, with every symbolic link followed, must lie inside ``base`` or
    ``photo_root``; an absolute path only inside ``photo_root``. It must name a
    regular file that can be read (checked with ``stat`` and ``access``, which
    never block, so a FIFO cannot hang the reader). The message never shows
    the resolved path, and reads the same for a missing and an unreadable file.
    """
    root = Path(photo_root).resolve() if photo_root is not None else None
    given = Path(text)
    allowed = [p for p in (base, root) if p is not None]
    if given.is_absolute():
        if root is None:
            return None, (
                "is an absolute path: photo paths in an input must be "
                "relative to its folder (or inside the folder given as photo_root / --photo-root)"
            )
        candidate = given
    else:
        start = base if base is not None else root
        candidate = (start / given) if start is not None else given
    try:
        resolved = candidate.resolve()
    except (OSError, RuntimeError, ValueError):  # a symlink loop, a NUL byte
        return None, f"no readable photo file at {_shown_path(text)}"
    if not any(_inside(resolved, folder.resolve()) for folder in allowed):
        return None, (
            f"{_shown_path(text)} leads outside the input's folder: photos must be inside it "
            "(or inside the folder given as photo_root / --photo-root)"
        )
    try:
        info = os.stat(resolved)
        readable = stat.S_ISREG(info.st_mode) and os.access(resolved, os.R_OK)
    except (OSError, ValueError):
        readable = False
    if not readable:
        return None, f"no readable photo file at {_shown_path(text)}"
    return str(resolved), None


def _resolve_photos(
    record: dict[str, Any], base: Path, photo_root: str | Path | None = None
) -> str | None:
    """Confine and resolve photo paths (:func:`resolve_photo_path`); a message if one is refused."""
    for owner, prefix in (
        (record, ""),
        (record.get("sender"), "sender."),
        (record.get("recipient"), "recipient."),
    ):
        if not isinstance(owner, dict):
            continue
        photo = owner.get("photo")
        if not isinstance(photo, str) or not photo.strip():
            continue
        resolved, problem = resolve_photo_path(photo.strip(), base, photo_root)
        if resolved is None:
            return f"{prefix}photo: {problem}"
        owner["photo"] = resolved
    return None
