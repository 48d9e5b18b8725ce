"""Copies that try to hide (issue 15): found by keypoints, while distinct photos never match.

The full table (every real photo, every transform, hundreds of portraits) is
``benchmarks/bench_photo_robustness.py``; these tests check each transform on a
few real photos and the no-false-match promise on real photos, the look-alike
textures and synthetic portraits that share backdrops.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from conftest import SHARED_DATA
from hypothesis import given, settings
from hypothesis import strategies as st
from photo_helpers import Transform, caption, crop, encode, frame, rotate, smiley, sticker
from PIL import Image

from fakeprofile.errors import PhotoError
from fakeprofile.fingerprints.keypoints import (
    KEYPOINT_SIDE,
    QUERY_SIDE,
    KeypointSignature,
    contradicts,
    descriptors,
    keypoint_query,
    verify_keypoints,
)
from fakeprofile.fingerprints.photo import (
    PROBE_THRESHOLD,
    STRONG_THRESHOLD,
    fingerprint,
    fingerprint_image,
    hashing_view,
    load_photo,
)
from fakeprofile.synthetic import draw_portrait

FEW = ("astronaut", "camera", "coffee", "chelsea")


HIDDEN: dict[str, Transform] = {
    "crop 25% centred": crop(0.75, 0.125, 0.125),
    "crop 25% top left": crop(0.75, 0.0, 0.0),
    "crop 25% bottom right": crop(0.75, 0.25, 0.25),
    "rotate 7°": rotate(7),
    "rotate -10°": rotate(-10),
    "sticker 15%": sticker,
    "smiley sticker 15% centred": smiley,
    "large caption": caption,
    "white frame 10%": frame(False),
    "patterned frame 10%": frame(True),
}


@pytest.fixture(scope="module")
def photos() -> dict[str, Path]:
    if not (SHARED_DATA / "photos").is_dir():
        pytest.skip("../shared/data is not present")
    folder = SHARED_DATA / "photos"
    return {p.stem: p for p in sorted(folder.iterdir()) if p.suffix in {".png", ".jpg"}}


@pytest.fixture(scope="module")
def stored(photos: dict[str, Path]) -> dict[str, bytes]:
    """What an index stores for each real photo."""
    return {name: descriptors(load_photo(p, min_side=KEYPOINT_SIDE)) for name, p in photos.items()}


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(
            n,
            marks=pytest.mark.xfail(
                strict=True,
                reason="a flat square whose grey matches what surrounds it on camera and "
                "coffee has no outline of its own there (benchmarks/README.md)",
            ),
        )
        if n == "sticker 15%"
        else n
        for n in HIDDEN
    ],
)
def test_hidden_copy_is_confirmed(
    name: str, photos: dict[str, Path], stored: dict[str, bytes]
) -> None:
    found = []
    for stem in FEW:
        with Image.open(photos[stem]) as img:
            copy = HIDDEN[name](img)
        # The copy travels as a JPEG and is decoded the way a look-up decodes it.
        query = load_photo(encode(copy.convert("RGB"), "JPEG", quality=85), min_side=KEYPOINT_SIDE)
        found.append(verify_keypoints(keypoint_query(query), stored[stem]) is not None)
    # The benchmark measures ≥ 90% over 16 photos; on these four, at most one may slip.
    assert sum(found) >= len(FEW) - 1, dict(zip(FEW, found, strict=True))


def test_mirrored_and_cropped_copy_reports_mirrored(
    photos: dict[str, Path], stored: dict[str, bytes]
) -> None:
    with Image.open(photos["astronaut"]) as img:
        copy = crop(0.8, 0.2, 0.0)(img.transpose(Image.Transpose.FLIP_LEFT_RIGHT))
    match = verify_keypoints(keypoint_query(copy), stored["astronaut"])
    assert match is not None
    assert match.mirrored
    # Stored: 512 px scaled to KEYPOINT_SIDE; query: 410 px scaled to QUERY_SIDE.
    expected = (KEYPOINT_SIDE / 512) / (QUERY_SIDE / round(512 * 0.8))
    assert match.scale == pytest.approx(expected, rel=0.05)


def _portraits() -> list[Image.Image]:
    # Twelve with a backdrop of their own, twelve sharing one of three (a company's
    # headshot template: the same background pixels behind different people).
    return [draw_portrait(s, size=320) for s in range(12)] + [
        draw_portrait(100 + s, style=s % 3, size=320) for s in range(12)
    ]


def test_distinct_photos_never_match(photos: dict[str, Path], stored: dict[str, bytes]) -> None:
    portraits = _portraits()
    names = list(stored) + [f"portrait {i}" for i in range(len(portraits))]
    blobs = list(stored.values()) + [descriptors(p) for p in portraits]
    images = [Image.open(p) for p in photos.values()] + portraits
    false = []
    for i, img in enumerate(images):
        query = keypoint_query(load_photo(encode(img.convert("RGB"), "JPEG", quality=85)))
        for j, blob in enumerate(blobs):
            if i != j and verify_keypoints(query, blob) is not None:
                false.append((names[i], names[j]))
    assert false == []


def test_same_backdrop_different_person_is_not_a_copy() -> None:
    a, b = draw_portrait(7, style=1), draw_portrait(8, style=1)
    assert verify_keypoints(keypoint_query(a), descriptors(b)) is None
    assert verify_keypoints(keypoint_query(a), descriptors(a)) is not None


def test_people_on_one_backdrop_are_not_taken_for_a_covered_copy() -> None:
    """A new face where the old one was differs in one patch, as a sticker does.

    Sixteen drawn people on each of three shared backdrops: no pair may be
    confirmed, by a clean alignment or as a copy partly covered.
    """
    groups = [
        [draw_portrait(300 + 16 * g + i, style=g, size=256) for i in range(16)] for g in (3, 5, 8)
    ]
    false = []
    for g, people in enumerate(groups):
        blobs = [descriptors(p) for p in people]
        for i, person in enumerate(people):
            query = keypoint_query(load_photo(encode(person, "JPEG", quality=85)))
            false += [
                (g, i, j)
                for j in range(len(people))
                if i != j and verify_keypoints(query, blobs[j])
            ]
    assert false == []


def test_a_covered_copy_is_not_refuted_as_another_photo(
    photos: dict[str, Path], stored: dict[str, bytes]
) -> None:
    """When the hashes match a copy under a sticker, the keypoints do not veto it."""
    with Image.open(photos["chelsea"]) as img:
        copy = smiley(img)
    query = keypoint_query(load_photo(encode(copy, "JPEG", quality=85), min_side=KEYPOINT_SIDE))
    assert verify_keypoints(query, stored["chelsea"]) is not None
    assert not contradicts(query, stored["chelsea"])


def test_keypoints_refute_the_hash_match_of_two_people_on_one_backdrop() -> None:
    """Two drawn people in front of the same blurred window: the hashes call them one photo."""
    a, b = draw_portrait(142, style=2), draw_portrait(202, style=2)
    assert fingerprint_image(a).strong - fingerprint_image(b).strong <= STRONG_THRESHOLD
    assert contradicts(keypoint_query(a), descriptors(b))
    assert contradicts(keypoint_query(b), descriptors(a))
    # A copy the hashes find is never refuted.
    copy = load_photo(encode(a.convert("RGB"), "JPEG", quality=30), min_side=KEYPOINT_SIDE)
    assert not contradicts(keypoint_query(copy), descriptors(a))


@pytest.mark.parametrize(
    "image",
    [
        Image.new("L", (200, 200), 128),
        Image.linear_gradient("L"),
        Image.new("RGB", (50, 9), "red"),
        Image.new("L", (1, 1)),
        Image.new("RGB", (3000, 10), "red"),
        Image.effect_noise((5, 400), 50),
        Image.new("RGBA", (64, 64)),
    ],
    ids=["grey", "gradient", "thin red", "one pixel", "strip", "thin noise", "transparent"],
)
def test_plain_pictures_match_nothing(image: Image.Image) -> None:
    blob = descriptors(image)
    sig = KeypointSignature.from_bytes(blob)
    assert len(sig.points) <= 128
    assert verify_keypoints(keypoint_query(image), blob) is None


def test_signature_round_trips(photos: dict[str, Path], stored: dict[str, bytes]) -> None:
    blob = stored["camera"]
    sig = KeypointSignature.from_bytes(blob)
    assert sig.to_bytes() == blob
    assert sig.descriptors.shape == (len(sig.points), 32)
    assert len(blob) < 8 * 1024


@given(st.binary(max_size=2000))
@settings(max_examples=200)
def test_damaged_signature_is_a_photo_error(data: bytes) -> None:
    """Any bytes: a signature or a PhotoError, never another exception."""
    try:
        sig = KeypointSignature.from_bytes(data)
    except PhotoError:
        return
    assert sig.to_bytes() == data


def test_truncated_signature_is_refused(stored: dict[str, bytes]) -> None:
    blob = stored["coins"]
    with pytest.raises(PhotoError, match="damaged"):
        KeypointSignature.from_bytes(blob[:-1])
    with pytest.raises(PhotoError):
        verify_keypoints(keypoint_query(Image.new("L", (64, 64))), b"KP1" + blob[3:40])


@cache
def _astronaut() -> tuple[Image.Image, bytes]:
    path = SHARED_DATA / "photos" / "astronaut.png"
    if not path.is_file():
        pytest.skip("../shared/data is not present")
    with Image.open(path) as img:
        img.load()
        return img.convert("RGB"), descriptors(load_photo(path, min_side=KEYPOINT_SIDE))


@given(
    angle=st.floats(-10.0, 10.0),
    kept=st.floats(0.75, 1.0),
    ox=st.floats(0.0, 1.0),
    oy=st.floats(0.0, 1.0),
)
@settings(max_examples=10, deadline=None)
def test_turned_and_cropped_copies_are_found(
    angle: float, kept: float, ox: float, oy: float
) -> None:
    """Invariance: any turn up to 10° then any crop of up to 25% at any position."""
    img, blob = _astronaut()
    copy = crop(kept, ox * (1 - kept), oy * (1 - kept))(rotate(angle)(img))
    match = verify_keypoints(keypoint_query(copy), blob)
    assert match is not None
    assert match.angle == pytest.approx(angle, abs=1.5)


@pytest.mark.parametrize("stem", ["retina", "rocket", "hubble_deep_field", "astronaut"])
def test_hashing_view_of_a_large_decode_hashes_like_the_index(
    photos: dict[str, Path], stem: str
) -> None:
    """A look-up decodes once, large; its hashes must still find the stored fingerprint."""
    stored_fp = fingerprint(photos[stem])
    large = load_photo(photos[stem], min_side=KEYPOINT_SIDE)
    query = fingerprint_image(hashing_view(large))
    assert query.phash - stored_fp.phash <= 8
    assert query.strong - stored_fp.strong <= PROBE_THRESHOLD
    assert min(hashing_view(large).size) >= 64
