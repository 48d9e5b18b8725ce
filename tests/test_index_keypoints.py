"""Copies that try to hide, found by a user's index look-ups (issue 15, "Harder copies").

Real photos from ``../shared/data/photos`` and drawn portraits are added to a
:class:`~fakeprofile.index.ReferenceIndex` as photo files; copies are written
to files and looked up with :meth:`~fakeprofile.index.ReferenceIndex.find`, as
a user would.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from conftest import SHARED_DATA
from photo_helpers import Transform, caption, crop, frame, rotate, sticker
from PIL import Image

from fakeprofile.fingerprints.photo import fingerprint, query_hashes
from fakeprofile.index import ReferenceIndex
from fakeprofile.profile import Profile
from fakeprofile.signals import Context
from fakeprofile.signals.photo import PhotoSignal, photo_lookup
from fakeprofile.synthetic import draw_portrait

FEW = ("astronaut", "camera", "coffee", "chelsea", "rocket")


FAMILIES: dict[str, Transform] = {
    "crop 25% (top left)": crop(0.75, 0.0, 0.0),
    "crop 25% (bottom right)": crop(0.75, 0.25, 0.25),
    "rotate 10°": rotate(10),
    "rotate -7°": rotate(-7),
    "large caption": caption,
    "patterned frame 10%": frame(True),
}


def _portraits() -> list[Image.Image]:
    """Six with a backdrop of their own, six sharing one of two (different people, same pixels)."""
    own = [draw_portrait(s, size=320) for s in range(6)]
    shared = [draw_portrait(300 + s, style=s % 2, size=320) for s in range(6)]
    # The pair the hashes confused (same blurred window behind two people).
    return [*own, *shared, draw_portrait(142, style=2), draw_portrait(202, style=2)]


@pytest.fixture(scope="module")
def photos() -> dict[str, Path]:
    folder = SHARED_DATA / "photos"
    if not folder.is_dir():
        pytest.skip("../shared/data is not present")
    return {p.stem: p for p in sorted(folder.iterdir()) if p.suffix in {".png", ".jpg"}}


@pytest.fixture(scope="module")
def indexed(
    tmp_path_factory: pytest.TempPathFactory, photos: dict[str, Path]
) -> tuple[Path, dict[str, Path]]:
    """An index file of the real photos and the portraits, added as files."""
    folder = tmp_path_factory.mktemp("keypoint-index")
    files = dict(photos)
    for i, img in enumerate(_portraits()):
        files[f"portrait-{i}"] = folder / f"portrait-{i}.png"
        img.save(files[f"portrait-{i}"])
    with ReferenceIndex(folder / "index.db") as index:
        report = index.add(
            [{"id": name, "photo": str(p)} for name, p in files.items()], keypoints=True
        )
    assert report.photos == len(files)
    return folder / "index.db", files


def _copy_file(folder: Path, img: Image.Image, name: str) -> Path:
    path = folder / f"{name}.jpg"
    img.convert("RGB").save(path, "JPEG", quality=85)
    return path


def _found(index: ReferenceIndex, path: Path, pid: str = "query") -> list[str]:
    return [m.profile_id for m in index.find(Profile(id=pid, photo=str(path))).photo_matches]


@pytest.mark.parametrize("family", list(FAMILIES))
def test_hidden_copies_are_found_through_the_index(
    family: str, indexed: tuple[Path, dict[str, Path]], tmp_path: Path
) -> None:
    path, files = indexed
    found = {}
    with ReferenceIndex(path, readonly=True) as index:
        for stem in FEW:
            with Image.open(files[stem]) as img:
                query = _copy_file(tmp_path, FAMILIES[family](img), stem)
            found[stem] = _found(index, query)
            # The hashes alone (a precomputed photo_hash, as main looked up) do not see it,
            # or see it too: either way, never another photo.
            hashed = index.find(Profile(id="query", photo_hash=query_hashes(query)))
            assert {m.profile_id for m in hashed.photo_matches} <= {stem}
    assert all(ids in ([], [stem]) for stem, ids in found.items()), found
    # The benchmark measures ≥ 90% over 16 photos; on these five, at most one may slip.
    assert sum(ids == [stem] for stem, ids in found.items()) >= len(FEW) - 1, found


def test_keypoint_match_is_explained_in_plain_words(
    indexed: tuple[Path, dict[str, Path]], tmp_path: Path
) -> None:
    path, files = indexed
    with Image.open(files["astronaut"]) as img:
        query = _copy_file(tmp_path, rotate(10)(crop(0.75, 0.0, 0.0)(img)), "astronaut")
    profile = Profile(id="copycat", photo=str(query))
    with ReferenceIndex(path, readonly=True) as index:
        signal = PhotoSignal()
        result = signal.extract(profile, Context(today=dt.date(2026, 12, 1), index=index))
    lookup = photo_lookup(result)
    [match] = lookup.matches
    assert match.profile_id == "astronaut"
    assert match.keypoints is not None
    [evidence] = result.evidence["photo_reuse_count"]
    assert evidence.detail["confirmed_by"] == "keypoints"
    assert evidence.detail["keypoint_inliers"] >= 12
    sentence = signal.sentence("photo_reuse_count", result)
    assert "profile astronaut" in sentence
    assert "cropped, turned, framed or partly covered" in sentence


def test_distinct_photos_and_shared_backdrops_never_match(
    indexed: tuple[Path, dict[str, Path]], tmp_path: Path
) -> None:
    path, files = indexed
    false = {}
    with ReferenceIndex(path, readonly=True) as index:
        for name, src in files.items():
            with Image.open(src) as img:
                query = _copy_file(tmp_path, img, name)
            # Its own profile is excluded: any match is another photo.
            found = _found(index, query, pid=name)
            if found:
                false[name] = found
    assert false == {}


def test_a_profile_with_only_a_hash_behaves_as_before(
    photos: dict[str, Path], tmp_path: Path
) -> None:
    with Image.open(photos["camera"]) as img:
        cropped = _copy_file(tmp_path, crop(0.75, 0.0, 0.0)(img), "cropped")
        exact = _copy_file(tmp_path, img, "exact")
    with ReferenceIndex(tmp_path / "hash-only.db") as index:
        index.add([{"id": "camera", "photo_hash": fingerprint(photos["camera"]).to_hex()}])
        with sqlite3.connect(tmp_path / "hash-only.db") as conn:
            assert conn.execute("SELECT count(*) FROM photo_keypoints").fetchone() == (0,)
        # No keypoints stored: unknown, so the hashes decide, as before.
        assert _found(index, exact) == ["camera"]
        assert _found(index, cropped) == []


def test_keypoints_are_stored_only_when_asked(photos: dict[str, Path], tmp_path: Path) -> None:
    with Image.open(photos["coffee"]) as img:
        turned = _copy_file(tmp_path, rotate(-10)(img), "turned")
    with ReferenceIndex(tmp_path / "plain.db") as index:
        index.add([{"id": "coffee", "photo": str(photos["coffee"])}])
        assert not index.has_keypoints
        assert _found(index, turned) == []  # the hashes alone miss a 10-degree turn
        index.add([{"id": "coffee", "photo": str(photos["coffee"])}], keypoints=True)
        assert index.has_keypoints
        assert _found(index, turned) == ["coffee"]
        # Added again without them: its keypoints (of the old photo, perhaps) go.
        index.add([{"id": "coffee", "photo": str(photos["coffee"])}])
        assert not index.has_keypoints
        assert _found(index, turned) == []


def test_keypoints_survive_close_and_reopen_and_follow_writes(
    photos: dict[str, Path], tmp_path: Path
) -> None:
    with Image.open(photos["coffee"]) as img:
        turned = _copy_file(tmp_path, rotate(-10)(img), "turned")
    db = tmp_path / "reopen.db"
    with ReferenceIndex(db) as index:
        index.add([{"id": "coffee", "photo": str(photos["coffee"])}], keypoints=True)
        assert _found(index, turned) == ["coffee"]
    with ReferenceIndex(db, readonly=True) as index:
        assert _found(index, turned) == ["coffee"]
    with ReferenceIndex(db) as writer, ReferenceIndex(db, readonly=True) as reader:
        assert _found(reader, turned) == ["coffee"]  # the reader's keys are built now
        writer.add([{"id": "coffee-2", "photo": str(photos["coffee"])}], keypoints=True)
        assert _found(reader, turned) == ["coffee", "coffee-2"]  # caught up with the file
        # Replaced by a hash only: its keypoints go, and the turned copy is not found.
        writer.add([{"id": "coffee-2", "photo_hash": fingerprint(photos["coffee"]).to_hex()}])
        writer.remove(["coffee"])
        assert _found(writer, turned) == []
        with sqlite3.connect(db) as conn:
            assert conn.execute("SELECT count(*) FROM photo_keypoints").fetchone() == (0,)


def test_plain_photo_files_store_no_keypoints_and_match_nothing(tmp_path: Path) -> None:
    paths = []
    colours: list[str | tuple[int, int, int]] = ["red", "white", (40, 40, 40)]
    for i, colour in enumerate(colours):
        paths.append(tmp_path / f"plain-{i}.png")
        Image.new("RGB", (300, 300), colour).save(paths[-1])
    with ReferenceIndex(tmp_path / "plain.db") as index:
        report = index.add(
            [{"id": f"p{i}", "photo": str(p)} for i, p in enumerate(paths)], keypoints=True
        )
        assert len(report.photos_without_detail) == 3
        assert all(_found(index, p) == [] for p in paths)
        with sqlite3.connect(tmp_path / "plain.db") as conn:
            assert conn.execute("SELECT count(*) FROM photo_keypoints").fetchone() == (0,)


def test_a_sticker_is_not_yet_found(photos: dict[str, Path], tmp_path: Path) -> None:
    """Stated limit: a 15% sticker is refused like another person on the same backdrop."""
    with ReferenceIndex(tmp_path / "sticker.db") as index:
        index.add([{"id": s, "photo": str(photos[s])} for s in FEW], keypoints=True)
        found = 0
        for stem in FEW:
            with Image.open(photos[stem]) as img:
                found += _found(index, _copy_file(tmp_path, sticker(img), stem)) == [stem]
    assert found < len(FEW)  # when this fails, stickers are found: update README and tests
