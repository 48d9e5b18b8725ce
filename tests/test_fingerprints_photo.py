"""Photo fingerprints: hashes, safe loading, invariances, golden values, the candidate radius."""

from __future__ import annotations

import dataclasses
import io
import itertools
from pathlib import Path

import imagehash
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from photo_helpers import encode, synthetic_photo
from PIL import Image

from fakeprofile.errors import InvalidProfileError, PhotoError
from fakeprofile.fingerprints.photo import (
    CANDIDATE_RADIUS,
    MAX_FILE_BYTES,
    STRONG_THRESHOLD,
    PhotoFingerprint,
    PhotoHash,
    fingerprint,
    fingerprint_image,
    load_photo,
    profile_fingerprint,
    verify,
)
from fakeprofile.index import ReferenceIndex
from fakeprofile.profile import Profile

# --------------------------------------------------------------------------- PhotoHash


def test_photo_hash_value_object() -> None:
    a, b = PhotoHash.from_hex("00ff"), PhotoHash(0x01FF, 16)
    assert a - b == 1
    assert a - a == 0
    assert str(a) == "00ff"
    assert a == PhotoHash(255, 16)
    assert len({a, PhotoHash(255, 16), b}) == 2
    assert a != PhotoHash(255, 64)  # same bits, other size
    with pytest.raises(PhotoError, match="64-bit"):
        _ = PhotoHash(1, 64) - PhotoHash(1, 256)
    with pytest.raises(PhotoError, match="hex digits"):
        PhotoHash.from_hex("xyz")
    with pytest.raises(PhotoError, match="fit in 8 bits"):
        PhotoHash(256, 8)


@given(
    st.integers(min_value=1, max_value=64).flatmap(
        lambda n: st.tuples(st.just(4 * n), st.integers(min_value=0, max_value=2 ** (4 * n) - 1))
    )
)
def test_photo_hash_hex_round_trip(case: tuple[int, int]) -> None:
    nbits, bits = case
    h = PhotoHash(bits, nbits)
    assert PhotoHash.from_hex(str(h)) == h
    assert len(str(h)) == nbits // 4
    assert PhotoHash.from_hex(str(h)) - h == 0


@given(
    st.integers(0, 2**64 - 1),
    st.integers(0, 2**256 - 1),
    st.integers(0, 2**64 - 1),
    st.integers(0, 2**256 - 1),
)
def test_fingerprint_hex_round_trip(p: int, s: int, mp: int, ms: int) -> None:
    fp = PhotoFingerprint(
        PhotoHash(p, 64), PhotoHash(s, 256), PhotoHash(mp, 64), PhotoHash(ms, 256)
    )
    text = fp.to_hex()
    assert PhotoFingerprint.from_hex(text) == fp
    assert PhotoFingerprint.from_hex(text.upper()) == fp
    # The form the profile model accepts for photo_hash.
    assert Profile(id="p", photo_hash=text).photo_hash == text


@pytest.mark.parametrize(
    "bad", ["abcd", "0" * 16 + ":" + "0" * 63 + ":" + "0" * 16 + ":" + "0" * 64]
)
def test_bad_photo_hash_names_the_field(bad: str) -> None:
    with pytest.raises(InvalidProfileError, match="photo_hash"):
        PhotoFingerprint.from_hex(bad)
    with pytest.raises(InvalidProfileError, match=r"record 'p-9': photo_hash"):
        profile_fingerprint(Profile(id="p-9", photo_hash=bad))


# --------------------------------------------------------------------------- golden values

GOLDEN_SEED_0 = (
    "8e4a0af1f1b4b5b4:8e1c4aaf0aa8f1c7f1c3b438b1c7b03cf055f01e0e3c343cf1c79c71e3c70e3c:"
    "db1f5fa4a4e0e0e0:db491ffa5ffda496a496e16de412e545a505a5415b696149a492c925b6925b6d"
)


def test_golden_fingerprint() -> None:
    """A silent change of the hash would orphan every index built before it."""
    assert fingerprint(encode(synthetic_photo(0))).to_hex() == GOLDEN_SEED_0


def test_64_bit_hash_is_imagehash_phash_of_the_hashed_region() -> None:
    image = synthetic_photo(5).convert("L")
    w, h = image.size
    dx, dy = w * 0.15, h * 0.15  # the central 70% is what is hashed
    centre = image.crop((round(dx), round(dy), round(w - dx), round(h - dy)))
    assert str(fingerprint_image(image).phash) == str(imagehash.phash(centre))


def test_golden_real_photo(shared_data: Path) -> None:
    fp = fingerprint(shared_data / "photos" / "astronaut.png")
    assert str(fp.phash) == GOLDEN_ASTRONAUT


GOLDEN_ASTRONAUT = "f4b6cdc6642a325c"


# --------------------------------------------------------------------------- invariances


def _matches(copy: bytes | Image.Image, original: PhotoFingerprint) -> tuple[int, bool] | None:
    fp = fingerprint(copy) if isinstance(copy, bytes) else fingerprint_image(copy)
    return verify(fp, original.phash, original.strong)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_copies_match(seed: int) -> None:
    image = synthetic_photo(seed)
    original = fingerprint(encode(image))
    copies = {
        "jpeg q40": encode(image, "JPEG", quality=40),
        "resized": encode(image.resize((160, 160), Image.Resampling.BILINEAR)),
        "grey": encode(image.convert("L")),
        "webp": encode(image, "WEBP", quality=60),
    }
    for name, data in copies.items():
        found = _matches(data, original)
        assert found is not None, name
        assert found[1] is False, name
    mirrored = _matches(encode(image.transpose(Image.Transpose.FLIP_LEFT_RIGHT)), original)
    assert mirrored is not None
    assert mirrored[1] is True


def test_distinct_photos_do_not_match() -> None:
    fps = [fingerprint(encode(synthetic_photo(seed))) for seed in range(30)]
    for a, b in itertools.permutations(fps, 2):
        assert verify(a, b.phash, b.strong) is None
        assert a.strong - b.strong > STRONG_THRESHOLD


def test_real_photos_copies_match_and_distinct_do_not(shared_data: Path) -> None:
    files = sorted(p for p in (shared_data / "photos").iterdir() if p.suffix in {".png", ".jpg"})
    originals = {p.stem: fingerprint(p) for p in files}
    for p in files:
        image = Image.open(p).convert("RGB")
        fp = originals[p.stem]
        small = image.resize((image.width // 2, image.height // 2), Image.Resampling.BILINEAR)
        assert _matches(encode(image, "JPEG", quality=50), fp) is not None, p.stem
        assert _matches(small, fp) is not None, p.stem
        flipped = _matches(image.transpose(Image.Transpose.FLIP_LEFT_RIGHT), fp)
        assert flipped is not None
        assert flipped[1], p.stem
    # The look-alike textures (brick, grass, gravel) included.
    for a, b in itertools.permutations(originals, 2):
        assert verify(originals[a], originals[b].phash, originals[b].strong) is None, (a, b)


def test_rotation_by_90_degrees_is_another_photo() -> None:
    image = synthetic_photo(4)
    assert _matches(image.rotate(90), fingerprint_image(image)) is None


# --------------------------------------------------------------------------- safe loading


def test_decompression_bomb_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.png"
    Image.new("1", (9000, 9000)).save(bomb)  # 81 M pixels in a few kilobytes
    assert bomb.stat().st_size < 100_000
    with pytest.raises(PhotoError, match=r"too large.*decompression bomb"):
        fingerprint(bomb)


def test_oversized_file_refused(tmp_path: Path) -> None:
    with pytest.raises(PhotoError, match="limit"):
        fingerprint(b"\xff" * (MAX_FILE_BYTES + 1))
    big = tmp_path / "big.jpg"
    with big.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(PhotoError, match="limit"):
        fingerprint(big)


@pytest.mark.parametrize(
    "data",
    [b"", b"not an image at all", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, b"GIF89a\x00"],
)
def test_garbage_is_a_photo_error(data: bytes) -> None:
    with pytest.raises(PhotoError):
        fingerprint(data)


def test_truncated_jpeg_and_missing_file(tmp_path: Path) -> None:
    data = encode(synthetic_photo(1), "JPEG")
    with pytest.raises(PhotoError, match=r"decoded|readable"):
        fingerprint(data[: len(data) // 2])
    with pytest.raises(PhotoError, match="cannot read"):
        fingerprint(tmp_path / "nope.jpg")


def test_modes_are_normalised() -> None:
    image = synthetic_photo(6)
    reference = fingerprint(encode(image))
    grey16 = Image.fromarray(np.asarray(image.convert("L"), dtype=np.uint16) * 257)
    assert grey16.mode.startswith("I")
    rgba = image.convert("RGBA")
    variants = {
        "RGBA": encode(rgba),
        "palette": encode(image.quantize(256)),
        "16-bit": encode(grey16),
        "CMYK": encode(image.convert("CMYK"), "JPEG", quality=95),
        "LA": encode(image.convert("LA")),
        "TIFF": encode(image, "TIFF"),
    }
    for mode, data in variants.items():
        found = verify(fingerprint(data), reference.phash, reference.strong)
        assert found is not None, mode
        assert found[0] <= 24, mode
    # 16-bit is scaled, not clipped: the same grey levels as 8-bit.
    assert fingerprint(encode(grey16)).strong - fingerprint(encode(image.convert("L"))).strong <= 2


def test_transparency_is_composited_on_white() -> None:
    rgba = Image.new("RGBA", (200, 200), (0, 0, 0, 0))  # transparent black
    rgba.paste(synthetic_photo(7, (120, 120)).convert("RGBA"), (40, 40))
    flat = Image.new("RGB", (200, 200), "white")
    flat.paste(synthetic_photo(7, (120, 120)), (40, 40))
    assert fingerprint(encode(rgba)) == fingerprint(encode(flat))


def test_exif_rotation_is_applied() -> None:
    image = synthetic_photo(8, (320, 240))
    # Stored on its side with "rotate 90° clockwise to view" (orientation 6).
    stored = image.transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6
    data = encode(stored, "JPEG", quality=95, exif=exif.tobytes())
    upright = load_photo(data)
    assert upright.size[0] > upright.size[1]
    assert _matches(data, fingerprint(encode(image))) is not None


def test_jpeg_is_decoded_reduced() -> None:
    data = encode(synthetic_photo(9, (800, 800)), "JPEG")
    assert load_photo(data).size == (100, 100)  # 1/8 scale still ≥ 64 px
    assert load_photo(encode(synthetic_photo(9, (800, 800)))).size == (800, 800)


def test_border_is_trimmed() -> None:
    image = synthetic_photo(10)
    framed = Image.new("RGB", (340, 340), "white")
    framed.paste(image, (10, 10))
    found = _matches(framed, fingerprint_image(image))
    assert found is not None
    assert found[0] <= 16


@pytest.mark.parametrize("flipped", [0, CANDIDATE_RADIUS, CANDIDATE_RADIUS + 1])
def test_candidates_are_within_the_radius_on_the_64_bit_hash(tmp_path: Path, flipped: int) -> None:
    """The stored photo is a candidate (and, with equal strong hashes, a match) exactly
    when its 64-bit hash is within CANDIDATE_RADIUS bits: in verify and in the index."""
    stored = fingerprint(encode(synthetic_photo(16)))
    far_mirror = stored.mirror_phash - stored.phash > 2 * CANDIDATE_RADIUS + 1
    assert far_mirror  # so that only the photo as is can match
    bits = stored.phash.bits ^ ((1 << flipped) - 1)  # the lowest `flipped` bits changed
    query = dataclasses.replace(stored, phash=PhotoHash(bits, 64))
    assert query.phash - stored.phash == flipped
    within = flipped <= CANDIDATE_RADIUS
    assert (verify(query, stored.phash, stored.strong) is not None) == within
    with ReferenceIndex(tmp_path / "i.db") as index:
        index.add([Profile(id="stored", photo_hash=stored.to_hex())])
        found = [m.profile_id for m in index.photo_matches(None, query)]
    assert found == (["stored"] if within else [])


def test_fingerprint_accepts_bytes_and_paths(tmp_path: Path) -> None:
    data = encode(synthetic_photo(14), "JPEG")
    (tmp_path / "x.jpg").write_bytes(data)
    assert (
        fingerprint(data) == fingerprint(tmp_path / "x.jpg") == fingerprint(str(tmp_path / "x.jpg"))
    )
    assert fingerprint(io.BytesIO(data).getvalue()) == fingerprint(data)


_VALID = {fmt: encode(synthetic_photo(15, (96, 96)), fmt) for fmt in ("JPEG", "PNG", "GIF")}


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=2048))
def test_arbitrary_bytes_never_crash(data: bytes) -> None:
    try:
        fp = fingerprint(data)
    except PhotoError:
        return
    assert fp.phash.nbits == 64


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(sorted(_VALID)),
    st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=8),
    st.integers(0, 10**6),
)
def test_corrupted_images_are_a_photo_error_or_a_hash(
    fmt: str, edits: list[tuple[int, int]], cut: int
) -> None:
    data = bytearray(_VALID[fmt])
    for pos, value in edits:
        data[pos % len(data)] = value
    data = data[: max(8, cut % (len(data) + 1))]
    try:
        fp = fingerprint(bytes(data))
    except PhotoError:
        return
    assert fp.strong.nbits == 256


@given(
    st.lists(
        st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)
        | st.sampled_from([0.0, 1.5, -2.0]),
        min_size=1,
        max_size=300,
    )
)
def test_row_medians_equal_numpys(values: list[float]) -> None:
    # The hash bits compare each coefficient with the median: any difference would move bits.
    from fakeprofile.fingerprints.photo import _row_medians

    rows = np.array([values, values[::-1], sorted(values)], dtype=np.float64)
    assert _row_medians(rows).tolist() == np.median(rows, axis=1).tolist()


def test_probe_hashes_by_matrices_stay_within_a_few_bits_of_pillows(shared_data: Path) -> None:
    """Query probes fold the Lanczos resampling into the DCT (no 8-bit rounding between
    passes); on real photos at three sizes and three regions they agree with the stored
    hashes' way of hashing to within a few bits, and exactly on most."""
    from fakeprofile.fingerprints.photo import _from_low, _hash_region, _pixels_low, _prepare

    d64, d256 = [], []
    for path in sorted((shared_data / "photos").glob("*.[jp][pn]g")):
        with Image.open(path) as opened:
            rgb = opened.convert("RGB")
        for side in (200, 400, 800):
            base = _prepare(load_photo(encode(rgb.resize((side, side)), "JPEG")))
            h, w = base.shape
            for left, top, right, bottom in (
                (0, 0, w, h),
                (w // 20, h // 20, w * 17 // 20, h * 17 // 20),
            ):
                region = base[top:bottom, left:right]
                a = _hash_region(region)
                b = _from_low(*_pixels_low(region))
                d64.append(a.phash - b.phash)
                d256.append(a.strong - b.strong)
    assert len(d64) == 96
    assert max(d64) <= 4
    assert max(d256) <= 8
    assert np.mean(d256) <= 1.5
    assert np.mean([d == 0 for d in d64]) >= 0.8


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 9), st.integers(0, 2**32 - 1), st.booleans())
def test_medians_taken_together_give_each_hash_exactly(n: int, seed: int, ties: bool) -> None:
    """A look-up's fingerprint and probes take their medians in one pass: the same bits
    and detail as each block's hashes made one by one with ``np.median``."""
    from fakeprofile.fingerprints.photo import _from_low, _from_low_many

    def bits(low: np.ndarray) -> PhotoHash:
        above = (low > np.median(low)).ravel()
        return PhotoHash(int.from_bytes(np.packbits(above).tobytes(), "big"), above.size)

    rng = np.random.default_rng(seed)
    low8s, low16s = rng.normal(size=(n, 8, 8)) * 1e3, rng.normal(size=(n, 16, 16)) * 1e3
    if ties:  # equal values at the median, as plain regions give
        low8s, low16s = np.round(low8s / 500), np.round(low16s / 500)
    mirror = [np.where(np.arange(k) % 2, -1.0, 1.0)[None, :] for k in (8, 16)]
    expected = [
        (
            bits(a),
            bits(b),
            bits(a * mirror[0]),
            bits(b * mirror[1]),
            float(np.median(np.abs(a.ravel()[1:]))) / (4 * 32 * 32),
        )
        for a, b in zip(low8s, low16s, strict=True)
    ]
    together = _from_low_many(low8s, low16s)
    assert [(*dataclasses.astuple(f)[:4], f.detail) for f in together] == expected
    assert [_from_low(a, b) for a, b in zip(low8s, low16s, strict=True)] == together
