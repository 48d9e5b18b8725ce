"""The NumPy resize and rotation the photo hashes use give Pillow's pixels, to the bit.

A stored fingerprint is defined by Pillow's ``resize(LANCZOS)`` (and a rotation
probe by ``rotate(BILINEAR)``); if the arrays ever differed from Pillow, an
index built before would stop matching. These tests compare them on random
images, sizes, angles and windows, and whole fingerprints on the real photos.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from photo_helpers import encode
from PIL import Image

from fakeprofile.fingerprints._resample import lanczos_resize, rotated_region
from fakeprofile.fingerprints.photo import (
    CROP_PROBES,
    ROTATION_PROBES,
    PhotoFingerprint,
    fingerprint_image,
    load_photo,
    probe_image,
)


@st.composite
def grey_images(draw: st.DrawFn, max_side: int = 160) -> np.ndarray:
    """Grey pixels: noise, hard edges or smooth waves (the sums land on every kind of value)."""
    h = draw(st.integers(1, max_side))
    w = draw(st.integers(1, max_side))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    kind = draw(st.sampled_from(["noise", "edges", "waves"]))
    if kind == "noise":
        return rng.integers(0, 256, (h, w), dtype=np.uint8)
    if kind == "edges":
        return ((rng.random((h, w)) < 0.5) * 255).astype(np.uint8)
    y, x = np.mgrid[0:h, 0:w]
    waves = np.sin(x / rng.uniform(1, 9)) + np.cos(y / rng.uniform(1, 9))
    pixels: np.ndarray = (waves * 63 + 128).astype(np.uint8)
    return pixels


@settings(max_examples=300, deadline=None)
@given(grey_images(), st.integers(1, 130), st.integers(1, 130))
def test_lanczos_resize_is_pillows(pixels: np.ndarray, width: int, height: int) -> None:
    expected = Image.fromarray(pixels, "L").resize((width, height), Image.Resampling.LANCZOS)
    got = lanczos_resize(pixels.astype(np.float64), width, height)
    assert got.dtype == np.float64
    np.testing.assert_array_equal(got, np.asarray(expected, dtype=np.float64))


@settings(max_examples=200, deadline=None)
@given(
    grey_images(max_side=120),
    st.floats(-30, 30, allow_nan=False) | st.sampled_from([-3.0, 3.0, 45.0, 135.0, -100.0]),
    st.data(),
)
def test_rotated_region_is_pillows(pixels: np.ndarray, angle: float, data: st.DataObject) -> None:
    if angle % 90.0 == 0.0:
        with pytest.raises(ValueError, match="right-angle"):
            rotated_region(pixels.astype(np.float64), angle, (0, 0, 1, 1))
        return
    h, w = pixels.shape
    left = data.draw(st.integers(0, w))
    right = data.draw(st.integers(left, w))
    top = data.draw(st.integers(0, h))
    bottom = data.draw(st.integers(top, h))
    turned = Image.fromarray(pixels, "L").rotate(angle, resample=Image.Resampling.BILINEAR)
    expected = np.asarray(turned, dtype=np.float64)[top:bottom, left:right]
    got = rotated_region(pixels.astype(np.float64), angle, (left, top, right, bottom))
    np.testing.assert_array_equal(got, expected)


def _pillow_fingerprint(region: Image.Image) -> PhotoFingerprint:
    """A region's fingerprint by Pillow images (how the hashes were first defined)."""
    from fakeprofile.fingerprints.photo import _dct_rows, _from_low

    lows = []
    for side, k in ((32, 8), (64, 16)):
        small = np.asarray(region.resize((side, side), Image.Resampling.LANCZOS), np.float64)
        rows = _dct_rows(side, k)
        lows.append(rows @ small @ rows.T)
    return _from_low(*lows)


def _centre(image: Image.Image) -> Image.Image:
    """The central 70% of each side, rounded as the module rounds it (150 * 0.3 / 2 > 22.5)."""
    w, h = image.size
    dx, dy = w * (1 - 0.7) / 2, h * (1 - 0.7) / 2
    return image.crop((round(dx), round(dy), round(w - dx), round(h - dy)))


def test_fingerprints_and_rotation_probes_equal_pillows_on_real_photos(
    shared_data: Path,
) -> None:
    """The stored fingerprint and the rotation probes, hashed from arrays, equal hashing
    Pillow's resized and rotated images, at three sizes of each real photo."""
    from fakeprofile.fingerprints.photo import _prepare

    checked = 0
    for path in sorted((shared_data / "photos").glob("*.[jp][pn]g")):
        with Image.open(path) as opened:
            rgb = opened.convert("RGB")
        for side in (120, 400, 900):
            grey = load_photo(encode(rgb.resize((side, side * 3 // 4)), "JPEG"))
            base = Image.fromarray(_prepare(grey).astype(np.uint8), "L")
            expected = _pillow_fingerprint(_centre(base))
            got = fingerprint_image(grey)
            assert got == expected
            assert got.detail == expected.detail
            probes = probe_image(grey)[len(CROP_PROBES) :]
            for angle, probe in zip(ROTATION_PROBES, probes, strict=True):
                turned = base.rotate(angle, resample=Image.Resampling.BILINEAR)
                assert probe == _pillow_fingerprint(_centre(turned)), (path.name, side, angle)
            checked += 1
    assert checked == 48
