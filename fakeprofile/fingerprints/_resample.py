"""Pillow's Lanczos resize and bilinear rotation of 8-bit grey pixels, on arrays, to the bit.

A stored photo fingerprint is defined by Pillow: the hashed region is resized
with ``Image.resize(..., LANCZOS)`` and a rotation probe turned with
``Image.rotate(..., BILINEAR)``. Going through Pillow images costs more than
the arithmetic (an image per step, a copy in and out of NumPy each time), so
this module does the same arithmetic on float64 arrays, in compiled loops
(Numba), and gives the same bytes:

- :func:`lanczos_resize` follows Pillow 13's two-pass resampling of an ``L``
  image (``libImaging/Resample.c``): coefficients computed in double
  precision (``math.sin``, the C library's ``sin`` Pillow calls too),
  normalised, rounded to 22-bit fixed point; each pass rounded and clipped to
  8 bits; the same order of passes (vertical first only when the height
  shrinks by more than twice as many pixels as the width). The sums are of
  whole numbers below 2**53, so float64 computes them exactly, in any order.
- :func:`rotated_region` follows ``Image.rotate(angle, BILINEAR)`` (an affine
  transform, ``libImaging/Geometry.c``) for a window of the output only: the
  same matrix, the same per-pixel source coordinates, the same interpolation
  and truncation, in the same order of operations.

Both are tested equal to Pillow on random images, sizes, angles and windows,
and whole fingerprints against hashing Pillow's images
(``tests/test_fingerprints_resample.py``): a Pillow release that resampled
differently would fail there (and would have changed every fingerprint
hashed through Pillow too).
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import NamedTuple

import numba
import numpy as np
import numpy.typing as npt

__all__ = ["lanczos_resize", "rotated_region", "unrounded_lanczos"]

#: Fixed-point precision of Pillow's 8-bit resampling coefficients.
_PRECISION = 22
_HALF = float(1 << (_PRECISION - 1))
_SCALE = 1.0 / (1 << _PRECISION)


def _sinc(x: float) -> float:
    if x == 0.0:
        return 1.0
    x = x * math.pi
    return math.sin(x) / x


def _lanczos3(x: float) -> float:
    return _sinc(x) * _sinc(x / 3) if -3.0 <= x < 3.0 else 0.0


class _Pass(NamedTuple):
    """A resampling pass: output ``i`` weighs ``counts[i]`` inputs from ``starts[i]`` on."""

    starts: npt.NDArray[np.int64]
    counts: npt.NDArray[np.int64]
    #: Fixed-point weights (whole numbers, as float64: exact, and no integer overflow).
    weights: npt.NDArray[np.float64]


def _taps(n_in: int, n_out: int) -> list[tuple[int, list[float]]]:
    """Per output pixel of a pass, its first input and its Lanczos weights normalised, as Pillow's.

    Computed in double precision in Pillow's order (``math.sin``, the C library's
    ``sin`` Pillow calls too; each sum taken in order).
    """
    scale = n_in / n_out
    filterscale = max(scale, 1.0)
    support = 3.0 * filterscale
    inverse = 1.0 / filterscale
    out = []
    for i in range(n_out):
        centre = (i + 0.5) * scale
        lo = max(int(centre - support + 0.5), 0)
        hi = min(int(centre + support + 0.5), n_in)
        taps = [_lanczos3((x + lo - centre + 0.5) * inverse) for x in range(hi - lo)]
        total = 0.0
        for t in taps:  # summed in order, as Pillow does
            total += t
        out.append((lo, [t / total if total != 0.0 else t for t in taps]))
    return out


@lru_cache(maxsize=1024)
def _coefficients(n_in: int, n_out: int) -> _Pass:
    """The fixed-point Lanczos weights of a pass from ``n_in`` to ``n_out`` pixels, as Pillow's."""
    taps = _taps(n_in, n_out)
    starts = np.array([lo for lo, _ in taps], dtype=np.int64)
    counts = np.array([len(w) for _, w in taps], dtype=np.int64)
    weights = np.zeros((n_out, int(counts.max(initial=0))))
    for i, (_, normalised) in enumerate(taps):
        for j, k in enumerate(normalised):
            weights[i, j] = int(k * (1 << _PRECISION) + (0.5 if k >= 0 else -0.5))
    for array in (starts, counts, weights):
        array.setflags(write=False)
    return _Pass(starts, counts, weights)


@lru_cache(maxsize=1024)
def unrounded_lanczos(n_in: int, n_out: int) -> np.ndarray:
    """The ``(n_out, n_in)`` Lanczos weights of one pass, normalised but not rounded.

    Pillow's weights before fixed point: for the query probes that fold the
    resize into the DCT, which need not equal Pillow (an index stores hashes
    made by :func:`lanczos_resize`).
    """
    weights = np.zeros((n_out, n_in))
    for i, (lo, normalised) in enumerate(_taps(n_in, n_out)):
        weights[i, lo : lo + len(normalised)] = normalised
    return weights


def lanczos_resize(pixels: np.ndarray, width: int, height: int) -> np.ndarray:
    """``Image.resize((width, height), LANCZOS)`` of an ``L`` image given as float64 pixels.

    Returns float64 pixels (whole numbers 0-255) equal to Pillow's result.
    Compiled loops rather than matrix products: as fast, and a product large
    enough would run on several BLAS threads, which costs more CPU than it
    saves on a busy machine.
    """
    h, w = pixels.shape
    out = pixels
    # Pillow's order: vertical first only when the height shrinks by more
    # than twice as many pixels as the width does.
    if h - height > 0 and h - height > (w - width) * 2:
        out = _vertical(out, height)
        out = _horizontal(out, width) if width != w else out
    else:
        out = _horizontal(out, width) if width != w else out
        out = _vertical(out, height) if height != h else out
    return out if out is not pixels else pixels.copy()


def _horizontal(pixels: np.ndarray, width: int) -> np.ndarray:
    # The vertical pass on a transposed copy: its innermost loop then runs along
    # contiguous pixels of every row at once (twice as fast as one sum at a time).
    out = np.empty((width, pixels.shape[0]))
    _resample_columns(np.ascontiguousarray(pixels.T), *_coefficients(pixels.shape[1], width), out)
    return np.ascontiguousarray(out.T)


def _vertical(pixels: np.ndarray, height: int) -> np.ndarray:
    out = np.empty((height, pixels.shape[1]))
    _resample_columns(pixels, *_coefficients(pixels.shape[0], height), out)
    return out


@numba.njit(cache=True, nogil=True)
def _clip8(total: float) -> float:
    """Pillow's ``clip8`` of a fixed-point sum (the half already added)."""
    v = math.floor(total * _SCALE)
    return 0.0 if v < 0.0 else (255.0 if v > 255.0 else v)


@numba.njit(cache=True, nogil=True)
def _resample_columns(
    src: npt.NDArray[np.float64],
    starts: npt.NDArray[np.int64],
    counts: npt.NDArray[np.int64],
    weights: npt.NDArray[np.float64],
    out: npt.NDArray[np.float64],
) -> None:
    """A vertical pass: ``out[i, x]`` from ``src[starts[i]:starts[i] + counts[i], x]``.

    Row by row, so the innermost loop runs along contiguous pixels (the sums
    are of whole numbers below 2**53: exact in any order).
    """
    totals = np.empty(src.shape[1])
    for i in range(out.shape[0]):
        totals[:] = _HALF
        s = starts[i]
        for t in range(counts[i]):
            k = weights[i, t]
            row = src[s + t]
            for x in range(totals.size):
                totals[x] += row[x] * k
        for x in range(totals.size):
            out[i, x] = _clip8(totals[x])


@lru_cache(maxsize=256)
def _rotation_matrix(
    angle: float, width: int, height: int
) -> tuple[float, float, float, float, float, float]:
    """The inverse affine matrix ``Image.rotate(angle)`` uses (about the centre, not expanded)."""
    cx, cy = width / 2, height / 2
    turn = -math.radians(angle % 360.0)
    a, b = round(math.cos(turn), 15), round(math.sin(turn), 15)
    d, e = round(-math.sin(turn), 15), round(math.cos(turn), 15)
    c = a * -cx + b * -cy + 0.0
    f = d * -cx + e * -cy + 0.0
    return a, b, c + cx, d, e, f + cy


def rotated_region(pixels: np.ndarray, angle: float, box: tuple[int, int, int, int]) -> np.ndarray:
    """The ``box`` (left, top, right, bottom) of ``Image.rotate(angle, BILINEAR)``'s output.

    ``pixels`` is the ``L`` image as float64 (whole numbers 0-255); so is the
    result. Outside the turned image the output is 0, as Pillow fills it.
    Angles of 0, 90, 180 and 270 degrees, which Pillow turns by transposing,
    are not supported.
    """
    if angle % 90.0 == 0.0:
        raise ValueError(f"a right-angle rotation ({angle}) is a transpose, not supported")
    h, w = pixels.shape
    left, top, right, bottom = box
    out = np.empty((max(bottom - top, 0), max(right - left, 0)))
    source = np.ascontiguousarray(pixels, dtype=np.float64)
    _bilinear_affine(source, _rotation_matrix(angle, w, h), left, top, out)
    return out


@numba.njit(cache=True, nogil=True)
def _bilinear_affine(
    src: npt.NDArray[np.float64],
    matrix: tuple[float, float, float, float, float, float],
    left: int,
    top: int,
    out: npt.NDArray[np.float64],
) -> None:
    """Pillow's affine transform with bilinear filter, per output pixel, into ``out``.

    Output pixel ``(x, y)`` samples the source at ``matrix`` applied to its
    centre, interpolates along x on two rows (the lower one repeats the upper
    at the bottom edge), then along y, and truncates; a sample outside the
    source is 0. The operations and their order are Pillow's, so the doubles
    are the same.
    """
    a, b, c, d, e, f = matrix
    h, w = src.shape
    for j in range(out.shape[0]):
        yo = (top + j) + 0.5
        for i in range(out.shape[1]):
            xo = (left + i) + 0.5
            xin = a * xo + b * yo + c
            yin = d * xo + e * yo + f
            if xin < 0.0 or xin >= w or yin < 0.0 or yin >= h:
                out[j, i] = 0.0
                continue
            xin -= 0.5
            yin -= 0.5
            x = math.floor(xin)
            y = math.floor(yin)
            dx = xin - x
            dy = yin - y
            x0 = min(max(x, 0), w - 1)
            x1 = min(max(x + 1, 0), w - 1)
            row = min(max(y, 0), h - 1)
            v1 = src[row, x0] + (src[row, x1] - src[row, x0]) * dx
            below = min(max(y + 1, 0), h - 1)
            v2 = src[below, x0] + (src[below, x1] - src[below, x0]) * dx if below == y + 1 else v1
            v1 = v1 + (v2 - v1) * dy
            out[j, i] = float(int(v1))
