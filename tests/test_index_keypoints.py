"""Copies that try to hide, found by a user's index look-ups (issue 15, "Harder copies").

Real photos from ``../shared/data/photos`` and drawn portraits are added to a
:class:`~fakeprofile.index.ReferenceIndex` as photo files; copies are written
to files and looked up with :meth:`~fakeprofile.index.ReferenceIndex.find`, as
a user would.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import sqlite3
from pathlib import Path

import numpy as np
import pytest
from conftest import SHARED_DATA
from hypothesis import given, settings
from hypothesis import strategies as st
from photo_helpers import Transform, caption, crop, frame, rotate, sticker
from PIL import Image

from fakeprofile.errors import IndexFormatError
from fakeprofile.fingerprints.keypoints import KeypointQuery, KeypointSignature
from fakeprofile.fingerprints.photo import fingerprint, query_hashes
from fakeprofile.index import ReferenceIndex
from fakeprofile.index import keypointstore as ks
from fakeprofile.index.arrays import folder_of
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
    """Stated limit: a plain 15% square is not found on every photo (one whose grey matches
    what surrounds it has no outline of its own there; benchmarks/README.md)."""
    with ReferenceIndex(tmp_path / "sticker.db") as index:
        index.add([{"id": s, "photo": str(photos[s])} for s in FEW], keypoints=True)
        found = 0
        for stem in FEW:
            with Image.open(photos[stem]) as img:
                found += _found(index, _copy_file(tmp_path, sticker(img), stem)) == [stem]
    assert found < len(FEW)  # when this fails, stickers are found: update README and tests


def _reference_candidates(
    stored: dict[int, KeypointSignature], query: KeypointQuery
) -> list[tuple[float, int, int]]:
    """The candidate search written plainly (dicts): what LocalKeys.search must answer."""
    bins = 16
    width = 256 // bins
    buckets: dict[tuple[int, int], list[tuple[int, int, int]]] = {}
    for row, sig in stored.items():
        n = min(ks.KEYED_POINTS, len(sig.descriptors))
        keys = ks._key_values(sig.descriptors[:n])
        for point in range(n):
            for t in range(ks.KEY_TABLES):
                buckets.setdefault((t, int(keys[point, t])), []).append(
                    (row, point, int(sig.angles[point]))
                )
    best: dict[tuple[int, int, int], dict[int, float]] = {}
    for side, sig in enumerate((query.signature, query.mirror_signature)):
        keys = ks._key_values(sig.descriptors)
        for i in range(len(sig.descriptors)):
            for t in range(ks.KEY_TABLES):
                bucket = buckets.get((t, int(keys[i, t])), [])
                if not 0 < len(bucket) <= ks.MAX_BUCKET:
                    continue
                w = math.log(max(len(stored), 2) / len(bucket))
                for row, point, angle in bucket:
                    turn = (int(sig.angles[i]) - angle) % 256
                    near = turn // width
                    other = (near + 1 if turn % width >= width // 2 else near - 1) % bins
                    for b in (near, other):
                        cell = best.setdefault((row, side, b), {})
                        cell[point] = max(cell.get(point, -math.inf), w)
    per_row: dict[int, tuple[float, int, tuple[int, int]]] = {}
    for (row, side, b), points in best.items():
        vote, hits = round(sum(sorted(points.values())), 9), len(points)
        if hits < ks.MIN_KEY_HITS:
            continue
        old = per_row.get(row)
        if old is None or vote > old[0] or (vote == old[0] and (side, b) < old[2]):
            per_row[row] = (vote, hits, (side, b))
    ranked = sorted(per_row.items(), key=lambda item: (-item[1][0], item[0]))
    return [(vote, hits, row) for row, (vote, hits, _) in ranked[: ks.MAX_VERIFIED]]


def _signature(descriptors: np.ndarray, angles: np.ndarray) -> KeypointSignature:
    n = len(descriptors)
    points = np.zeros((n, 2), np.float32)
    return KeypointSignature(256, 256, points, descriptors, np.zeros((32, 32), np.uint8), angles)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), photos=st.integers(1, 60), flips=st.integers(0, 12))
def test_the_compiled_candidate_search_answers_as_the_plain_one(
    seed: int, photos: int, flips: int
) -> None:
    """Stored photos share keypoints with the query (some bits flipped, turned), or do not."""
    rng = np.random.default_rng(seed)
    query_desc = rng.integers(0, 256, (40, 32), dtype=np.uint8)
    query_angles = rng.integers(0, 256, 40, dtype=np.uint8)
    mirror_desc = rng.integers(0, 256, (40, 32), dtype=np.uint8)
    query = KeypointQuery(
        np.zeros((8, 8), np.uint8),
        _signature(query_desc, query_angles),
        np.zeros((8, 8), np.uint8),
        _signature(mirror_desc, rng.integers(0, 256, 40, dtype=np.uint8)),
    )
    stored: dict[int, KeypointSignature] = {}
    keys = ks.LocalKeys()
    for p in range(photos):
        row = int(rng.integers(0, 5000))
        n = int(rng.integers(1, 70))
        desc = rng.integers(0, 256, (n, 32), dtype=np.uint8)
        angles = rng.integers(0, 256, n, dtype=np.uint8)
        shared = rng.random(n) < (0.8 if p % 3 else 0.0)  # a third share nothing
        source = rng.integers(0, 40, n)
        turn = int(rng.integers(0, 256))
        for k in np.flatnonzero(shared):
            desc[k] = query_desc[source[k]] if p % 2 else mirror_desc[source[k]]
            for bit in rng.integers(0, 256, flips):
                desc[k, bit // 8] ^= np.uint8(1 << (bit % 8))
            angles[k] = (int(query_angles[source[k]]) - turn + int(rng.integers(-6, 7))) % 256
        sig = _signature(desc, angles)
        if row in stored:
            continue  # one photo per row
        stored[row] = sig
        keys.add(ks._entries(row, ks.signature_keys(sig)))
        if p == photos // 2:
            keys.search(query)  # entries merged into the sorted arrays, later ones pending
    found = keys.search(query)
    expected = _reference_candidates(stored, query)
    # Searches leave their counts behind in a scratch array, under an epoch of their own.
    assert all(keys.search(query) == found for _ in range(64))
    assert [(h, r) for _, h, r in found] == [(h, r) for _, h, r in expected]
    assert np.allclose([v for v, _, _ in found], [v for v, _, _ in expected])


def _count_rows_read(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Patch the store to count the keypoint rows it reads from SQLite."""
    read: list[int] = []
    entries = ks._entries

    def counting(row: int, local: bytes) -> np.ndarray:
        read.append(row)
        return entries(row, local)

    monkeypatch.setattr(ks, "_entries", counting)
    return read


def test_local_keys_are_saved_and_the_next_open_reads_no_rows(
    photos: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copies = {}
    for stem in FEW:
        with Image.open(photos[stem]) as img:
            copies[stem] = _copy_file(tmp_path, rotate(-7)(img), stem)
    db = tmp_path / "saved.db"
    read = _count_rows_read(monkeypatch)
    with ReferenceIndex(db) as index:
        index.add([{"id": s, "photo": str(photos[s])} for s in FEW], keypoints=True)
        found = {s: _found(index, q) for s, q in copies.items()}
    assert len(read) == len(FEW)  # built from the file, once
    assert (folder_of(db) / "keypoints.json").is_file()
    read.clear()
    with ReferenceIndex(db, readonly=True) as index:
        assert {s: _found(index, q) for s, q in copies.items()} == found
    assert read == []  # mapped from the saved file
    assert sum(found[s] == [s] for s in FEW) >= len(FEW) - 1, found


def test_saved_local_keys_follow_writes_made_after_them(
    photos: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows written after the save are read on top; a removed photo's row reused is read too."""
    turned = {}
    for stem in ("coffee", "rocket", "camera"):
        with Image.open(photos[stem]) as img:
            turned[stem] = _copy_file(tmp_path, rotate(10)(img), stem)
    db = tmp_path / "follow.db"
    with ReferenceIndex(db) as index:
        index.add([{"id": "coffee", "photo": str(photos["coffee"])}], keypoints=True)
        index.add([{"id": "rocket", "photo": str(photos["rocket"])}], keypoints=True)
        assert _found(index, turned["rocket"]) == ["rocket"]  # keys built and saved
        # The last photo written goes and another comes: its row and its seq are reused.
        index.remove(["rocket"])
        index.add([{"id": "camera", "photo": str(photos["camera"])}], keypoints=True)
    read = _count_rows_read(monkeypatch)
    with ReferenceIndex(db, readonly=True) as index:
        assert _found(index, turned["camera"]) == ["camera"]
        assert _found(index, turned["coffee"]) == ["coffee"]
        assert _found(index, turned["rocket"]) == []
    assert len(read) == 1  # only the row written since the save


def test_damaged_or_foreign_saved_keys_are_not_used(
    photos: dict[str, Path], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with Image.open(photos["chelsea"]) as img:
        turned = _copy_file(tmp_path, rotate(7)(img), "chelsea")
    db = tmp_path / "damaged.db"
    with ReferenceIndex(db) as index:
        index.add([{"id": "chelsea", "photo": str(photos["chelsea"])}], keypoints=True)
        assert _found(index, turned) == ["chelsea"]
    [saved] = folder_of(db).glob("keypoints-*.npy")
    saved.write_bytes(saved.read_bytes()[:-40])  # truncated
    with caplog.at_level(logging.WARNING), ReferenceIndex(db, readonly=True) as index:
        assert _found(index, turned) == ["chelsea"]  # rebuilt from the file
    assert "saved keypoint keys unusable" in caplog.text
    # Another file at the same path (a new history): its own photos, not the saved keys'.
    db.unlink()
    with ReferenceIndex(db) as index:
        index.add([{"id": "other", "photo": str(photos["coffee"])}], keypoints=True)
    with ReferenceIndex(db, readonly=True) as index:
        assert _found(index, turned) == []


def test_saved_keys_beyond_their_stated_rows_are_an_error_naming_the_file(
    photos: dict[str, Path], tmp_path: Path
) -> None:
    with Image.open(photos["coffee"]) as img:
        turned = _copy_file(tmp_path, rotate(7)(img), "coffee")
    db = tmp_path / "rows.db"
    with ReferenceIndex(db) as index:
        index.add([{"id": "filler", "photo_hash": fingerprint(photos["camera"]).to_hex()}])
        index.add([{"id": "coffee", "photo": str(photos["coffee"])}], keypoints=True)
        assert _found(index, turned) == ["coffee"]
    manifest = folder_of(db) / "keypoints.json"
    text = manifest.read_text()
    assert '"max_row": 2' in text  # the filler's row 1, then coffee's
    manifest.write_text(text.replace('"max_row": 2', '"max_row": 0'))
    with (
        ReferenceIndex(db, readonly=True) as index,
        pytest.raises(IndexFormatError, match=r"rows\.db"),
    ):
        _found(index, turned)
