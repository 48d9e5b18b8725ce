"""Photo fingerprints: safe loading, mirror-aware perceptual hashes, verification.

A copied profile photo is found in two stages:

1. **Candidates.** A 64-bit pHash (imagehash's pHash bits) of the
   photo and of its mirror image is looked up in the reference index within
   :data:`CANDIDATE_RADIUS` bits (a multi-index Hamming search).
2. **Verification.** Different photos come within 8 bits of each other on 64
   bits far too often for millions of profiles (about 1 pair in 20,000 face
   photos), so each candidate is confirmed with a 256-bit pHash within
   :data:`STRONG_THRESHOLD` bits (:func:`verify`).

The hashes are pHashes of the central part of the photo after a uniform
border is trimmed, so they equal ``imagehash.phash`` of that region (not of
the whole photo). Both hashes of the mirror image come almost for free: a
horizontal flip only changes the sign of the odd horizontal DCT coefficients,
so the mirror hashes are computed from the same transform.

A photo needs detail to identify anyone: a plain colour, a smooth gradient or
a near-blank image hashes to bits that are noise, and all such photos would
"match" each other. :func:`photo_detail` measures it (the median amplitude of
the 8×8 low-frequency DCT coefficients the 64-bit hash compares, in grey
levels); below :data:`MIN_DETAIL` a photo carries no identity: it is never
looked up, never stored in an index, and the photo signal says so.

A look-up of a photo *file* also computes query probes (:func:`probe_image`):
fingerprints of the regions a 10% or 20% crop, or a ±3° rotation, would have
moved the original's hashed region to. Stored fingerprints are never probed.

Loading is bounded (:data:`MAX_FILE_BYTES`, :data:`MAX_PIXELS`): a
decompression bomb is refused with :class:`~fakeprofile.errors.PhotoError`
before any pixel is decoded. Any mode (RGBA, palette, 16-bit, CMYK, EXIF
orientation) is normalised to 8-bit grey; JPEGs are decoded at reduced size
(``Image.draft``), which is what keeps hashing under a millisecond.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import math
import os
import stat
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
from PIL import Image, ImageOps

from ..errors import InvalidProfileError, PhotoError
from ._resample import lanczos_resize, rotated_region, unrounded_lanczos

if TYPE_CHECKING:
    from ..profile import Profile
    from .keypoints import KeypointMatch, KeypointQuery

__all__ = [
    "CANDIDATE_RADIUS",
    "CROP_PROBES",
    "MAX_FILE_BYTES",
    "MAX_PIXELS",
    "MIN_DETAIL",
    "PROBE_THRESHOLD",
    "ROTATION_PROBES",
    "STRONG_BITS",
    "STRONG_THRESHOLD",
    "PhotoFingerprint",
    "PhotoHash",
    "PhotoMatch",
    "PhotoQuery",
    "confirm",
    "fingerprint",
    "fingerprint_image",
    "hashing_view",
    "load_photo",
    "photo_detail",
    "probe_fingerprints",
    "probe_image",
    "profile_fingerprint",
    "query_fingerprints",
    "query_hashes",
    "query_photo",
    "same_photo",
    "verify",
]

logger = logging.getLogger(__name__)

#: Largest photo file accepted, in bytes (profile photos are far smaller).
MAX_FILE_BYTES = 32 * 2**20
#: Largest photo accepted, in pixels (width × height), checked before decoding.
MAX_PIXELS = 40_000_000
#: Hamming radius of the candidate stage on the 64-bit pHash. Measured on the
#: real photos (benchmarks/bench_photo_robustness.py): transformed copies lie
#: within it except most 10% crops and some 3° rotations; kept at 8 because
#: the multi-index search cost grows quickly beyond it.
CANDIDATE_RADIUS = 8
#: Most candidates one look-up hash reads (the first the search meets): a photo
#: with more near copies in the index is a photo used everywhere, and reading
#: thousands more of them (a stock photo in a 10 M index) says nothing more.
CANDIDATE_LIMIT = 256
#: Bits of the strong (verification) hash: a 256-bit pHash (16×16 DCT of 64×64).
STRONG_BITS = 256
#: Largest 256-bit distance that confirms a candidate. Measured on the real
#: photos (benchmarks/bench_photo_robustness.py): the closest pair of distinct
#: photos (the look-alike textures included) is 100 bits apart (mean 123, sd
#: 6.2). Resized, re-compressed, brightened, grey, overlaid, bordered and
#: mirrored copies stay within 42; crops and rotations that pass the candidate
#: stage spread from 20 to 110 and are left to the query probes
#: (:func:`probe_image`). 72 keeps a margin of 28 bits below the closest
#: distinct pair (normal-tail estimate of a false match ≈ 10⁻¹⁶ per pair),
#: because face photos resemble each other more than this varied set does.
STRONG_THRESHOLD = 72
#: A query *probe* (a crop or rotation hypothesis, :func:`probe_image`) must come
#: closer: it is one more chance to match, and nine of them per photo multiply
#: the chances of a false match. On the real photos every transformed copy found
#: by a probe is within 48 bits (recall 100% at 48, as at 72), while distinct
#: procedural portraits matched through probes lie around 60.
PROBE_THRESHOLD = 48
#: Least detail (:func:`photo_detail`, grey levels) a photo needs to identify
#: anyone. Measured (tests/test_fingerprints_photo_detail.py): solid colours and linear
#: gradients give 0, radial gradients and white images with up to 200 stray dark
#: pixels at most 0.032 (after JPEG q30); the real photos in ../shared/data/photos
#: and examples/photos at least 0.139 (0.082 for a face with its contrast cut
#: to 30%), so 0.05 sits between them.
MIN_DETAIL = 0.05

_ALLOWED_FORMATS = ("JPEG", "PNG", "GIF", "WEBP", "BMP", "TIFF")
_SMALL = 32  # side of the image the 64-bit pHash is computed on (as imagehash)
_LARGE = 64  # side of the image the 256-bit pHash is computed on
#: A frame whose pixels stay within this many grey levels of the corners is a border.
_BORDER_TOLERANCE = 10
#: At most this fraction of a side is trimmed as a border.
_MAX_BORDER = 0.2
#: The hashes see the central 70% of each side (after trimming a border):
#: overlays, rotation corners and borders mostly fall outside it. Chosen by
#: measurement (benchmarks/bench_photo_robustness.py: 100%, 90%, 80%, 70%).
_CENTRE = 0.7
#: JPEGs are decoded at reduced size, but large enough that the hashed central
#: region still has at least _LARGE pixels a side.
_MIN_DECODED = math.ceil(_LARGE / _CENTRE)


# --------------------------------------------------------------------------- hash value


class PhotoHash:
    """A perceptual hash: ``nbits`` bits held in an int, most significant bit first.

    ``a - b`` is the Hamming distance, ``str(h)`` the zero-padded hex, and
    :meth:`from_hex` reverses it. The bit order is imagehash's, so
    ``str(PhotoHash)`` equals ``str(imagehash.phash(...))`` for the 64-bit hash.

    Examples
    --------
    >>> a = PhotoHash.from_hex("ff00")
    >>> b = PhotoHash.from_hex("ff01")
    >>> a - b, str(a), a.nbits
    (1, 'ff00', 16)
    """

    __slots__ = ("bits", "nbits")

    def __init__(self, bits: int, nbits: int) -> None:
        if nbits <= 0 or nbits % 4:
            raise PhotoError(f"nbits must be a positive multiple of 4, got {nbits}")
        if not 0 <= bits < (1 << nbits):
            raise PhotoError(f"bits must fit in {nbits} bits, got {bits}")
        self.bits = bits
        self.nbits = nbits

    @classmethod
    def from_hex(cls, text: str) -> PhotoHash:
        """Parse the hex form written by ``str()``; its length gives ``nbits``."""
        try:
            bits = int(text, 16) if text and text.isascii() and text.isalnum() else -1
        except ValueError:
            bits = -1
        if bits < 0:
            raise PhotoError(f"a photo hash must be hex digits, got {text[:80]!r}")
        return cls(bits, 4 * len(text))

    def __sub__(self, other: PhotoHash) -> int:
        if not isinstance(other, PhotoHash):
            return NotImplemented
        if other.nbits != self.nbits:
            raise PhotoError(f"cannot compare a {self.nbits}-bit hash with a {other.nbits}-bit one")
        return (self.bits ^ other.bits).bit_count()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PhotoHash):
            return NotImplemented
        return self.bits == other.bits and self.nbits == other.nbits

    def __hash__(self) -> int:
        return hash((self.bits, self.nbits))

    def __str__(self) -> str:
        return format(self.bits, f"0{self.nbits // 4}x")

    def __repr__(self) -> str:
        return f"PhotoHash.from_hex({str(self)!r})"


@dataclass(frozen=True, slots=True)
class PhotoFingerprint:
    """Everything the index needs to know about one photo: two hashes, each also mirrored.

    ``phash`` (64 bits) finds candidates, ``strong`` (256 bits) confirms them;
    ``mirror_*`` are the same hashes of the horizontally flipped photo.

    The hex form (:meth:`to_hex`) is the format of ``Profile.photo_hash``:
    ``phash:strong:mirror_phash:mirror_strong``, 16, 64, 16 and 64 hex digits.
    """

    phash: PhotoHash
    strong: PhotoHash
    mirror_phash: PhotoHash
    mirror_strong: PhotoHash
    #: :func:`photo_detail` of the hashed region; ``None`` when unknown (parsed from hex).
    detail: float | None = field(default=None, compare=False)

    @property
    def has_detail(self) -> bool:
        """Whether the photo has enough detail to identify anyone (unknown counts as yes)."""
        return self.detail is None or self.detail >= MIN_DETAIL

    def to_hex(self) -> str:
        """``phash:strong:mirror_phash:mirror_strong`` in hex."""
        return ":".join(
            str(h) for h in (self.phash, self.strong, self.mirror_phash, self.mirror_strong)
        )

    @classmethod
    def from_hex(cls, text: str) -> PhotoFingerprint:
        """Parse :meth:`to_hex`'s form.

        Raises
        ------
        InvalidProfileError
            Naming ``photo_hash`` when the text is not four colon-separated
            hex parts of 16, 64, 16 and 64 digits.
        """
        parts = text.strip().split(":")
        sizes = (16, STRONG_BITS // 4, 16, STRONG_BITS // 4)
        if len(parts) != 4 or any(len(p) != n for p, n in zip(parts, sizes, strict=True)):
            got = "/".join(str(len(p)) for p in parts)
            raise InvalidProfileError.single(
                "photo_hash",
                "must be 4 colon-separated hex parts of 16:64:16:64 digits "
                f"(fingerprint hex), got parts of {got} digits",
            )
        try:
            hashes = [PhotoHash.from_hex(p) for p in parts]
        except PhotoError as exc:
            raise InvalidProfileError.single("photo_hash", str(exc)) from None
        phash, strong, mirror_phash, mirror_strong = hashes
        return cls(phash, strong, mirror_phash, mirror_strong)


# --------------------------------------------------------------------------- loading


def _check_pixels(size: tuple[int, int]) -> None:
    width, height = size
    if width <= 0 or height <= 0:
        raise PhotoError(f"photo has no pixels ({width}×{height})")
    if width * height > MAX_PIXELS:
        raise PhotoError(
            f"photo is too large: {width}×{height} = {width * height} pixels, "
            f"the limit is {MAX_PIXELS} (possible decompression bomb)"
        )


def _read_regular_file(path: str | Path, name: str) -> bytes:
    """The bytes of a regular file, read without ever blocking.

    Opened with ``O_NONBLOCK`` (a FIFO would otherwise wait for a writer
    forever) and checked with ``fstat`` on the open descriptor (no race with a
    swapped path): FIFOs, devices, sockets and folders are refused. A missing
    and an unreadable file read the same.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    unreadable = PhotoError(f"cannot read photo {name}: not a readable regular file")
    try:
        fd = os.open(path, flags)
    except (OSError, ValueError):
        raise unreadable from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise unreadable
        if info.st_size > MAX_FILE_BYTES:
            raise PhotoError(f"photo {name} is {info.st_size} bytes, the limit is {MAX_FILE_BYTES}")
        chunks = []
        left = MAX_FILE_BYTES + 1
        while left > 0 and (chunk := os.read(fd, min(left, 1 << 20))):
            chunks.append(chunk)
            left -= len(chunk)
    except OSError:
        raise unreadable from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > MAX_FILE_BYTES:  # the file grew after fstat
        raise PhotoError(f"photo {name} is over {MAX_FILE_BYTES} bytes, the limit")
    return data


def _open(source: str | Path | bytes) -> Image.Image:
    if isinstance(source, bytes | bytearray | memoryview):
        if len(source) > MAX_FILE_BYTES:
            raise PhotoError(f"photo is {len(source)} bytes, the limit is {MAX_FILE_BYTES}")
        fp: Any = io.BytesIO(source)
        name = "photo bytes"
    else:
        # Only the file's name in messages: its folder may be none of the reader's business.
        name = repr(Path(source).name[:80])
        data = _read_regular_file(source, name)
        fp = io.BytesIO(data)
    try:
        with warnings.catch_warnings():
            # Pillow's own bomb check warns above ~89 M pixels; ours is stricter anyway.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(fp, formats=_ALLOWED_FORMATS)
    except Image.DecompressionBombError as exc:
        raise PhotoError(f"{name}: refused as a decompression bomb ({exc})") from None
    except Exception as exc:  # Pillow's header parsers raise many types on garbage
        raise PhotoError(f"{name} is not a readable image ({type(exc).__name__}: {exc})") from None
    try:
        _check_pixels(image.size)
    except PhotoError:
        image.close()
        raise
    return image


def _to_grey(image: Image.Image) -> Image.Image:
    """8-bit grey, compositing transparency on white and scaling 16/32-bit and float data."""
    mode = image.mode
    if mode == "L":
        return image
    if mode.startswith("I") or mode == "F":
        values = np.asarray(image, dtype=np.float64)
        finite = np.isfinite(values)
        if not finite.all():  # float TIFFs may hold NaN and ±inf: NaN and -inf as the
            seen = values[finite]  # least value there is, +inf as the largest
            low, high = (float(seen.min()), float(seen.max())) if seen.size else (0.0, 0.0)
            values = np.nan_to_num(values, nan=low, posinf=high, neginf=low)
        if mode.startswith("I;16") or (mode == "I" and values.size and values.max() <= 65535):
            values = values / 257.0
        else:  # arbitrary range: stretch what is there
            lo, hi = float(values.min(initial=0.0)), float(values.max(initial=1.0))
            values = (values - lo) * (255.0 / (hi - lo if hi > lo else 1.0))
        return Image.fromarray(np.clip(values + 0.5, 0, 255).astype(np.uint8), "L")
    if mode in {"RGBA", "LA", "PA", "RGBa", "La"} or (mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, rgba).convert("L")
    if mode == "CMYK":
        return image.convert("RGB").convert("L")
    return image.convert("L")


def load_photo(source: str | Path | bytes, *, min_side: int = _MIN_DECODED) -> Image.Image:
    """Open a photo safely and return it as 8-bit grey, upright, possibly reduced.

    Parameters
    ----------
    source : str, Path or bytes
        A file path or the encoded image itself (JPEG, PNG, GIF, WebP, BMP, TIFF).
    min_side : int
        JPEGs are decoded at the smallest DCT scale (1/2, 1/4, 1/8) that keeps
        both sides at least this large; other formats are decoded in full.

    Raises
    ------
    PhotoError
        The file is missing, too large (:data:`MAX_FILE_BYTES`), has too many
        pixels (:data:`MAX_PIXELS`), or is not a decodable image.
    """
    with _open(source) as opened:  # closes the file even when decoding fails
        try:
            if opened.format == "JPEG":
                # Decoding at 1/4 or 1/8 scale is several times faster than a full
                # decode and loses nothing the 64×64 hash could see.
                mode = "L" if opened.mode == "RGB" else opened.mode
                opened.draft(mode, (min_side, min_side))
            opened.load()
            upright = ImageOps.exif_transpose(opened)
            grey = _to_grey(upright)
            if grey is opened:
                grey = opened.copy()  # outlive the ``with``
        except Exception as exc:
            # Pillow raises many types on corrupt data (OSError, ValueError,
            # SyntaxError, struct.error, EOFError...); all mean "unreadable".
            raise PhotoError(f"photo could not be decoded ({type(exc).__name__}: {exc})") from None
    return grey


# --------------------------------------------------------------------------- hashing


@cache
def _dct_rows(n: int, k: int) -> np.ndarray:
    """The first ``k`` rows of the unnormalised DCT-II matrix of size ``n``.

    Unnormalised like ``scipy.fftpack.dct`` (what imagehash uses), so that the
    comparison with the median gives exactly imagehash's bits.
    """
    u = np.arange(k)[:, None]
    x = np.arange(n)[None, :]
    return 2.0 * np.cos(np.pi * u * (2 * x + 1) / (2 * n))


@cache
def _mirror_signs(k: int) -> np.ndarray:
    # Flipping a row reverses x, which multiplies DCT coefficient v by (-1)**v.
    return np.where(np.arange(k) % 2 == 0, 1.0, -1.0)[None, :]


def _low_freq(pixels: np.ndarray, side: int, k: int) -> np.ndarray:
    """The ``k``×``k`` low DCT block of the region resized to ``side`` (as Pillow resizes it)."""
    small = lanczos_resize(pixels, side, side)
    rows = _dct_rows(side, k)
    return rows @ small @ rows.T  # type: ignore[no-any-return]


@lru_cache(maxsize=1024)
def _folded(n_in: int, n_out: int, k: int) -> np.ndarray:
    """Resampling ``n_in`` pixels to ``n_out`` (Pillow's Lanczos) and the DCT's first ``k`` rows.

    One ``(k, n_in)`` matrix, so a region's low frequencies are two matrix
    products (:func:`_pixels_low`), with no resized image in between.
    """
    folded: np.ndarray = _dct_rows(n_out, k) @ unrounded_lanczos(n_in, n_out)
    return folded


def _trim_border(pixels: np.ndarray) -> np.ndarray:
    """Cut away a uniform frame (a border added around a copy), if any.

    A row or column is part of the frame when all its pixels are within
    :data:`_BORDER_TOLERANCE` of the corners' median: its least and largest
    values are.
    """
    h, w = pixels.shape
    corners = sorted(int(pixels[i, j]) for i in (0, -1) for j in (0, -1))
    corner = (corners[1] + corners[2]) // 2  # int() of the median of four
    lo, hi = corner - _BORDER_TOLERANCE, corner + _BORDER_TOLERANCE
    rows = np.flatnonzero((pixels.min(axis=1) < lo) | (pixels.max(axis=1) > hi))
    cols = np.flatnonzero((pixels.min(axis=0) < lo) | (pixels.max(axis=0) > hi))
    if rows.size == 0 or cols.size == 0:
        return pixels  # a uniform image: nothing to trim
    top, bottom, left, right = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
    # Only a thin frame is a border; cutting more would hash a different picture.
    if (bottom - top) < h * (1 - _MAX_BORDER) or (right - left) < w * (1 - _MAX_BORDER):
        return pixels
    return pixels[top:bottom, left:right]


def _centre_box(width: int, height: int) -> tuple[int, int, int, int]:
    """The hashed central region of a ``width``×``height`` image: (left, top, right, bottom)."""
    dx, dy = width * (1 - _CENTRE) / 2, height * (1 - _CENTRE) / 2
    return round(dx), round(dy), round(width - dx), round(height - dy)


def _centre(pixels: np.ndarray) -> np.ndarray:
    left, top, right, bottom = _centre_box(pixels.shape[1], pixels.shape[0])
    return pixels[top:bottom, left:right]


def _prepare(grey: Image.Image) -> np.ndarray:
    """Grey, reduced (large images), border trimmed: what every hash region is cut from.

    Float64 pixels (whole numbers 0-255), from one copy out of Pillow.
    """
    if grey.mode != "L":
        grey = _to_grey(grey)
    factor = min(grey.size) // (4 * _LARGE)
    if factor >= 2:
        # A box reduction first (what Image.draft does for JPEGs) keeps large
        # PNGs from paying for a full-size border scan and Lanczos resize.
        grey = grey.reduce(factor)
    return _trim_border(np.asarray(grey)).astype(np.float64)


#: Low-frequency coefficients per side of the 256-bit hash (16 × 16).
_STRONG_K = math.isqrt(STRONG_BITS)


def _from_low(low8: np.ndarray, low16: np.ndarray) -> PhotoFingerprint:
    """The fingerprint of a region from its 8×8 and 16×16 low-frequency DCT blocks.

    Each hash bit says whether a coefficient is above the block's median
    (imagehash's bits); ``detail`` is the median amplitude of the 63 AC
    coefficients of the 8×8 block in grey levels (the unnormalised DCT of a
    ``_SMALL``² image scales an amplitude of one grey level by ``4 * _SMALL**2``).
    """
    return _from_low_many(low8[None], low16[None])[0]


def _row_medians(flat: np.ndarray) -> np.ndarray:
    """``np.median`` of each row of a 2-D array (the same values), all rows in one call.

    A sort, not a partition: NumPy sorts short rows with SIMD, several
    times faster than it selects two middle values of each.
    """
    half = flat.shape[1] // 2
    ordered = np.sort(flat, axis=1)
    if flat.shape[1] % 2:
        return ordered[:, half]
    return (ordered[:, half - 1] + ordered[:, half]) / 2  # type: ignore[no-any-return]


def _bits_many(lows: np.ndarray) -> list[PhotoHash]:
    """Each block of ``lows`` (shape ``(n, k, k)``) as a hash: a bit per coefficient, set
    when it is above its block's median (imagehash's bits), all blocks in one pass."""
    flat = lows.reshape(len(lows), -1)
    above = flat > _row_medians(flat)[:, None]
    return [
        PhotoHash(int.from_bytes(row.tobytes(), "big"), flat.shape[1])
        for row in np.packbits(above, axis=1)
    ]


def _from_low_many(low8s: np.ndarray, low16s: np.ndarray) -> list[PhotoFingerprint]:
    """:func:`_from_low` of each pair of stacked blocks, with the medians taken together.

    The same values as one by one (the median of an even count is the mean
    of the two middle values, as ``np.median`` takes it): a look-up hashes
    8 probes, and 36 separate medians cost more than the matrix products.
    The blocks and their mirror images are stacked, so all the medians take
    three sorts.
    """
    n = len(low8s)
    details = _row_medians(np.abs(low8s.reshape(n, -1)[:, 1:])) / (4 * _SMALL * _SMALL)
    small = _bits_many(np.concatenate([low8s, low8s * _mirror_signs(8)]))
    large = _bits_many(np.concatenate([low16s, low16s * _mirror_signs(_STRONG_K)]))
    return [
        PhotoFingerprint(small[i], large[i], small[n + i], large[n + i], float(details[i]))
        for i in range(n)
    ]


def _hash_region(region: np.ndarray) -> PhotoFingerprint:
    return _from_low(*_region_low(region))


def _region_low(region: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A region's 8×8 and 16×16 low-frequency DCT blocks (the stored hashes' way).

    ``region`` holds float64 grey pixels; it is resized exactly as Pillow's
    ``Image.resize(..., LANCZOS)`` would (:func:`._resample.lanczos_resize`).
    """
    return _low_freq(region, _SMALL, 8), _low_freq(region, _LARGE, _STRONG_K)


def _pixels_low(pixels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_region_low` of a region given as a float array, by matrix products.

    Pillow rounds to 8 bits between its two resampling passes; this does not,
    so a hash bit near the median may come out the other way: on the real
    photos and drawn portraits at three sizes, 0.2 of 64 bits and 0.9 of 256
    on average (at most 4 and 6), at a third of the time. Query probes only:
    an index stores :func:`fingerprint`, hashed by :func:`_region_low`.
    """
    h, w = pixels.shape
    low8 = _folded(h, _SMALL, 8) @ pixels @ _folded(w, _SMALL, 8).T
    low16 = _folded(h, _LARGE, _STRONG_K) @ pixels @ _folded(w, _LARGE, _STRONG_K).T
    return low8, low16


def photo_detail(grey: Image.Image) -> float:
    """How much detail the hashed region of a photo has, in grey levels.

    The median absolute value of the 63 AC coefficients of the 8×8
    low-frequency DCT that the 64-bit hash compares with their median,
    scaled to grey levels. When most coefficients are about zero (a plain
    colour, a smooth gradient, a blank page with a few specks), the hash bits
    are decided by rounding noise and every such photo hashes alike: below
    :data:`MIN_DETAIL` a photo carries no identity.

    Examples
    --------
    >>> from PIL import Image
    >>> photo_detail(Image.new("L", (200, 200), 255)) < MIN_DETAIL  # a plain white square
    True
    """
    detail = fingerprint_image(grey).detail
    assert detail is not None  # always measured from pixels
    return detail


def fingerprint_image(grey: Image.Image) -> PhotoFingerprint:
    """Hash an already loaded image (any mode; use :func:`load_photo` for files)."""
    return _hash_region(_centre(_prepare(grey)))


#: Crops a copier commonly makes, as (kept fraction of each side, x offset,
#: y offset) of the original: 10% off centred or from any corner, 20% centred.
CROP_PROBES: tuple[tuple[float, float, float], ...] = (
    (0.9, 0.05, 0.05),
    (0.9, 0.0, 0.0),
    (0.9, 0.1, 0.0),
    (0.9, 0.0, 0.1),
    (0.9, 0.1, 0.1),
    (0.8, 0.1, 0.1),
)
#: Small rotations a copier may have applied (degrees), undone by the probes.
ROTATION_PROBES: tuple[float, ...] = (-3.0, 3.0)


def probe_image(grey: Image.Image) -> tuple[PhotoFingerprint, ...]:
    """Extra fingerprints of a *query* photo, one per copy hypothesis.

    A stored fingerprint hashes the central 70% of the original. If the query
    is a crop of the original (:data:`CROP_PROBES`), the original's central
    70% lies elsewhere in the query: each probe hashes that region, so a
    cropped copy can still be found. Rotation probes (:data:`ROTATION_PROBES`)
    turn the query back by a few degrees. Probes are only for look-ups; an
    index stores the plain :func:`fingerprint`.
    """
    return _query_image(grey, probes=True)[1]


def _query_image(
    grey: Image.Image, *, probes: bool
) -> tuple[PhotoFingerprint, tuple[PhotoFingerprint, ...]]:
    """:func:`fingerprint_image` and (``probes``) :func:`probe_image`, from one preparation.

    The crop probes are hashed by matrix products (:func:`_pixels_low`), the
    rotation probes and the fingerprint as stored hashes are; the medians of
    all of them are taken together (:func:`_from_low_many`).
    """
    base = _prepare(grey)
    blocks = [_region_low(_centre(base))]
    if probes:
        h, w = base.shape
        lo, hi = (1 - _CENTRE) / 2, (1 + _CENTRE) / 2
        for kept, ox, oy in CROP_PROBES:
            left = round(max(0.0, (lo - ox) / kept) * w)
            top = round(max(0.0, (lo - oy) / kept) * h)
            right = round(min(1.0, (hi - ox) / kept) * w)
            bottom = round(min(1.0, (hi - oy) / kept) * h)
            blocks.append(_pixels_low(base[top:bottom, left:right]))
        # The base turned about its centre (as Image.rotate turns it), only
        # where the hashed central region lies.
        box = _centre_box(w, h)
        for angle in ROTATION_PROBES:
            blocks.append(_region_low(rotated_region(base, angle, box)))
    first, *rest = _from_low_many(
        np.stack([b[0] for b in blocks]), np.stack([b[1] for b in blocks])
    )
    return first, tuple(rest)


def hashing_view(grey: Image.Image) -> Image.Image:
    """A photo decoded large (e.g. for keypoints) reduced to what the hashes need.

    A look-up decodes a photo once, at the size keypoints need
    (:data:`~.keypoints.KEYPOINT_SIDE`), but hashing that large an image costs
    several times more than hashing the reduced decode :func:`load_photo`
    makes of a JPEG. This box-reduces it by the largest power of two (up to 8)
    that keeps the shorter side at least ``_MIN_DECODED`` pixels, as
    ``Image.draft`` would have. Query hashes only: an index stores
    :func:`fingerprint`, whose values this does not change.
    """
    factor = 1
    while factor < 8 and min(grey.size) // (2 * factor) >= _MIN_DECODED:
        factor *= 2
    return grey.reduce(factor) if factor > 1 else grey


def probe_fingerprints(source: str | Path | bytes) -> tuple[PhotoFingerprint, ...]:
    """:func:`probe_image` of a photo file or its bytes (raises :class:`PhotoError`)."""
    return probe_image(load_photo(source))


def fingerprint(source: str | Path | bytes) -> PhotoFingerprint:
    """The mirror-aware fingerprint of a photo file or its bytes.

    Raises
    ------
    PhotoError
        When the photo cannot be read safely (see :func:`load_photo`).

    Examples
    --------
    >>> from PIL import Image
    >>> buf = io.BytesIO()
    >>> Image.linear_gradient("L").save(buf, "PNG")
    >>> fp = fingerprint(buf.getvalue())
    >>> fp.phash.nbits, fp.strong.nbits
    (64, 256)
    """
    return fingerprint_image(load_photo(source))


def profile_fingerprint(profile: Profile) -> PhotoFingerprint | None:
    """The profile's fingerprint: from ``photo_hash`` if given, else from ``photo``, else None.

    Raises
    ------
    InvalidProfileError
        ``photo_hash`` is not a fingerprint in hex (see :meth:`PhotoFingerprint.from_hex`).
    PhotoError
        The ``photo`` file cannot be read safely.
    """
    if profile.photo_hash is not None:
        return _parse_hashes(profile)[0]
    if profile.photo is not None:
        return fingerprint(profile.photo)
    return None


def _parse_hashes(profile: Profile) -> tuple[PhotoFingerprint, ...]:
    """``photo_hash`` parsed: the fingerprint, then any query probes after ``;``."""
    assert profile.photo_hash is not None  # callers check
    try:
        return tuple(PhotoFingerprint.from_hex(part) for part in profile.photo_hash.split(";"))
    except InvalidProfileError as exc:
        raise InvalidProfileError(exc.problems, record_id=profile.id) from None


def query_hashes(source: str | Path | bytes) -> str:
    """A photo's fingerprint and its query probes as one ``photo_hash`` value.

    ``fp;probe;probe…``: scoring a profile whose ``photo_hash`` holds this finds
    exactly what scoring it with the photo file would, without decoding the
    photo again (batch scoring computes it in worker processes).
    """
    fp, probes = _query_image(load_photo(source), probes=True)
    return ";".join(f.to_hex() for f in (fp, *probes))


def query_fingerprints(
    profile: Profile, *, probes: bool = True
) -> tuple[PhotoFingerprint | None, tuple[PhotoFingerprint, ...]]:
    """What to look a profile's photo up with: its fingerprint, and probes when the file is known.

    With a ``photo`` file (and no ``photo_hash``), the photo is decoded once
    and :func:`probe_image` adds the crop and rotation hypotheses (unless
    ``probes`` is false: they serve only look-ups, and cost most of the
    time); a precomputed ``photo_hash`` carries probes only if it was made by
    :func:`query_hashes`.

    Raises
    ------
    InvalidProfileError, PhotoError
        As :func:`profile_fingerprint`.
    """
    fp, found, _ = query_photo(profile, probes=probes, keypoints=False)
    return fp, found


def query_photo(
    profile: Profile, *, probes: bool = True, keypoints: bool = True
) -> tuple[PhotoFingerprint | None, tuple[PhotoFingerprint, ...], KeypointQuery | None]:
    """:func:`query_fingerprints`, and the photo's keypoints when it is a file.

    The keypoints (:func:`~.keypoints.keypoint_query`) let an index find
    copies that were cropped, turned, framed or partly covered; they need the
    photo's pixels, so a precomputed ``photo_hash`` has none (``None``), and
    neither does a photo too plain to identify anyone. The file is read once;
    a JPEG is decoded twice (reduced for the hashes, larger for keypoints), so
    the fingerprint is exactly :func:`fingerprint`'s.

    Raises
    ------
    InvalidProfileError, PhotoError
        As :func:`profile_fingerprint`.
    """
    if profile.photo_hash is not None:
        first, *carried = _parse_hashes(profile)
        return first, tuple(carried), None
    if profile.photo is None:
        return None, (), None
    if not keypoints:
        return *_query_image(load_photo(profile.photo), probes=probes), None
    data = _read_regular_file(profile.photo, repr(Path(profile.photo).name[:80]))
    grey = load_photo(data)
    fp, found = _query_image(grey, probes=probes)
    if not fp.has_detail:
        return fp, found, None
    from .keypoints import KEYPOINT_SIDE, keypoint_query

    # Only JPEGs are decoded reduced (Image.draft); any other format is already whole.
    large = load_photo(data, min_side=KEYPOINT_SIDE) if _is_jpeg(data) else grey
    return fp, found, keypoint_query(large)


def _is_jpeg(data: bytes) -> bool:
    return data[:3] == b"\xff\xd8\xff"


def verify(
    query: PhotoFingerprint,
    phash: PhotoHash,
    strong: PhotoHash,
    *,
    threshold: int = STRONG_THRESHOLD,
) -> tuple[int, bool] | None:
    """Confirm a candidate: ``(strong distance, mirrored)`` if it is the same photo, else None.

    The candidate (a stored photo's ``phash`` and ``strong``) matches when, for
    the photo as is or its mirror image, the 64-bit distance is within
    :data:`CANDIDATE_RADIUS` and the 256-bit distance within ``threshold``
    (:data:`STRONG_THRESHOLD`; :data:`PROBE_THRESHOLD` for query probes). When
    both orientations match, the closer one wins.
    """
    best: tuple[int, bool] | None = None
    for mirrored, (p, s) in enumerate(
        ((query.phash, query.strong), (query.mirror_phash, query.mirror_strong))
    ):
        if p - phash <= CANDIDATE_RADIUS:
            distance = s - strong
            if distance <= threshold and (best is None or distance < best[0]):
                best = (distance, bool(mirrored))
    return best


def confirm(
    query: PhotoFingerprint,
    probes: Sequence[PhotoFingerprint],
    phash: PhotoHash,
    strong: PhotoHash,
) -> tuple[int, bool] | None:
    """Confirm a candidate for a look-up: ``(strong distance, mirrored)`` at its closest, or None.

    The photo itself is held to :data:`STRONG_THRESHOLD`, each query probe
    (:func:`probe_image`) to the stricter :data:`PROBE_THRESHOLD`: a probe is
    one more chance to match, so it must come closer.
    """
    checked = [verify(query, phash, strong)] + [
        verify(q, phash, strong, threshold=PROBE_THRESHOLD) for q in probes
    ]
    confirmed = [c for c in checked if c is not None]
    return min(confirmed) if confirmed else None


def same_photo(a: PhotoFingerprint, b: PhotoFingerprint) -> bool:
    """Whether two fingerprints are of the same photo (as is or mirrored).

    A photo without the detail to identify anyone is nobody's photo: it is the
    same as no other (:attr:`PhotoFingerprint.has_detail`).
    """
    return a.has_detail and b.has_detail and verify(a, b.phash, b.strong) is not None


# --------------------------------------------------------------------------- look-ups


class PhotoQuery(NamedTuple):
    """One photo look-up: whose photo (excluded from its own matches), its fingerprint, probes.

    ``keypoints`` (from :func:`query_photo`, for a photo file) lets an index
    that stores keypoints find cropped, turned or partly covered copies too.
    """

    profile_id: str | None
    fingerprint: PhotoFingerprint
    probes: tuple[PhotoFingerprint, ...] = ()
    keypoints: KeypointQuery | None = None


@dataclass(frozen=True, slots=True)
class PhotoMatch:
    """Another profile whose photo is the same photo (confirmed by the strong hash or keypoints)."""

    profile_id: str
    #: Distance of the 256-bit hashes (of :data:`STRONG_BITS`); for a match
    #: confirmed by keypoints alone, :data:`STRONG_THRESHOLD` (the hashes could
    #: not tell, so it counts as the farthest hash match would).
    distance: int
    #: Whether it matched the mirror image.
    mirrored: bool
    created_at: dt.date | None
    #: The matching profile's display name, if it was given.
    name: str | None = None
    #: How the keypoints confirmed it, when the hashes did not (a cropped,
    #: turned, framed or partly covered copy); ``None`` for a hash match.
    keypoints: KeypointMatch | None = None
