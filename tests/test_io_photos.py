"""The photo-path policy: an input file cannot open any local file (issue 15, defect 6)."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest
from photo_helpers import encode, synthetic_photo

from fakeprofile import Item, ReadError, read_profiles, score
from fakeprofile.cli import main
from fakeprofile.errors import InvalidProfileError, PhotoError
from fakeprofile.fingerprints.photo import load_photo
from fakeprofile.profile import Profile


def _input(folder: Path, *photos: str) -> Path:
    """A .jsonl file in ``folder`` with one profile per photo path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "profiles.jsonl"
    path.write_text(
        "".join(json.dumps({"id": f"p{i}", "photo": p}) + "\n" for i, p in enumerate(photos))
    )
    return path


def _rows(path: Path, photo_root: Path | None = None) -> list[Item[Profile] | ReadError]:
    return list(read_profiles(path, photo_root=photo_root))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An input folder holding one real photo, ``photos/ok.png``, a few levels below tmp_path."""
    inside = tmp_path / "a" / "b" / "in"
    (inside / "photos").mkdir(parents=True)
    (inside / "photos" / "ok.png").write_bytes(encode(synthetic_photo(1)))
    return inside


HOSTILE = [
    "../../../etc/hostname",
    "/etc/passwd",
    "/proc/self/environ",
    "../../../../../../etc/passwd",
]


@pytest.mark.parametrize("photo", HOSTILE)
def test_paths_leaving_the_input_folder_are_refused_without_showing_where(
    folder: Path, photo: str
) -> None:
    (row,) = _rows(_input(folder, photo))
    assert isinstance(row, ReadError)
    assert row.message.startswith("photo: ")
    assert "/etc" not in row.message.replace(photo, "")
    assert str(folder) not in row.message
    assert "/proc/self" not in row.message


def test_a_relative_path_inside_the_folder_is_accepted(folder: Path) -> None:
    (row,) = _rows(_input(folder, "photos/ok.png"))
    assert isinstance(row, Item)
    assert row.value.photo == str((folder / "photos" / "ok.png").resolve())


def test_a_symbolic_link_pointing_out_is_refused(folder: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret.png"
    outside.write_bytes(encode(synthetic_photo(2)))
    (folder / "photos" / "link.png").symlink_to(outside)
    (row,) = _rows(_input(folder, "photos/link.png"))
    assert isinstance(row, ReadError)
    assert "outside" in row.message
    assert str(tmp_path) not in row.message


def test_missing_and_not_regular_files_read_the_same(folder: Path) -> None:
    os.mkfifo(folder / "photos" / "pipe.png")
    (folder / "photos" / "dir.png").mkdir()
    rows = _rows(_input(folder, "photos/missing.png", "photos/pipe.png", "photos/dir.png"))
    messages = [
        r.message.replace(name, "X")
        for r, name in zip(
            rows, ["photos/missing.png", "photos/pipe.png", "photos/dir.png"], strict=True
        )
        if isinstance(r, ReadError)
    ]
    assert len(messages) == 3
    assert len(set(messages)) == 1
    assert str(folder) not in messages[0]


def test_photo_root_widens_the_policy_deliberately(folder: Path, tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "s.png").write_bytes(encode(synthetic_photo(3)))
    path = _input(folder, str(shared / "s.png"), "../../../shared/s.png", "/etc/passwd")
    refused = _rows(path)
    assert all(isinstance(r, ReadError) for r in refused)
    widened = _rows(path, photo_root=shared)
    assert [type(r) for r in widened] == [Item, Item, ReadError]  # /etc/passwd is still outside


def test_the_cli_takes_photo_root(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "s.png").write_bytes(encode(synthetic_photo(3)))
    path = _input(folder, "../../../shared/s.png")
    assert main(["score", str(path), "--format", "jsonl"]) == 1
    assert "outside the input's folder" in capsys.readouterr().out
    assert main(["score", str(path), "--format", "jsonl", "--photo-root", str(shared)]) == 0
    db = tmp_path / "net.db"
    assert main(["index", "add", str(path), "--db", str(db), "--photo-root", str(shared)]) == 0
    assert "with photo 1" in capsys.readouterr().out


def test_a_fifo_given_directly_does_not_hang(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.jpg"
    os.mkfifo(pipe)
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(score({"id": "p", "photo": str(pipe)}))
        except (InvalidProfileError, PhotoError) as exc:  # pragma: no cover - shown if it happens
            outcome.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout=60)
    if worker.is_alive():  # unblock the reader so the test process can end, then fail
        with open(pipe, "wb"):
            pass
        pytest.fail("score() hung on a FIFO given as the photo")
    with pytest.raises(PhotoError, match="not a readable regular file") as info:
        load_photo(pipe)
    assert str(tmp_path) not in str(info.value)
    with pytest.raises(PhotoError, match="not a readable regular file"):
        load_photo("/dev/zero")
