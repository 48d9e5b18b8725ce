"""Local keypoints: find a copied photo that was cropped, turned, framed or partly covered.

The perceptual hashes of :mod:`.photo` describe the whole central region of a
photo, so a sticker, a large caption, a 25% crop from one corner or a turn of
10° moves them past any safe threshold. Local features survive such damage:
what is left of the photo still has the same corners and edges, in the same
arrangement. A copy is confirmed in three steps (:func:`verify_keypoints`):

1. **Match.** ORB keypoints (OpenCV) of the query are matched to the stored
   ones by Hamming distance of their 256-bit descriptors, keeping a match only
   when it is clearly better than the second best (Lowe's ratio test).
2. **Geometry.** A similarity transform (turn, uniform scale, shift) is fitted
   to the matches with RANSAC; at least :data:`MIN_INLIERS` matches must agree
   with it, and at least :data:`MIN_INLIER_FRACTION` of the stored keypoints
   that fall inside the aligned query. Matches between unrelated photos point
   every which way.
3. **Content.** Two different people photographed against the same backdrop
   share keypoints in a consistent arrangement too, so the query is warped
   into the stored photo's frame with that transform and compared with the
   stored photo's 32×32 thumbnail, cell by cell after a brightness/contrast
   fit: at least :data:`MIN_AGREEMENT` of the cells the query covers must
   agree, it must cover at least :data:`MIN_COVERAGE` of them, no connected
   patch of disagreeing cells may exceed :data:`MAX_PATCH` of them, and the
   disagreeing cells may hold at most :data:`MAX_EDGES_LOST` of the stored
   thumbnail's edges. A caption or a small sticker spoils a few cells; a
   different person spoils a whole region, and the edges in it.
4. **Covered.** A sticker, badge or emoji of 15-20% spoils a whole region
   too. Such a pair is still a copy when everything outside that one patch
   agrees (:data:`MIN_OUTSIDE`), the patch is at most :data:`MAX_OCCLUDED`
   of the cells, and the *query's own* outline surrounds it: crossing the
   patch's edge, the query steps sharply at :data:`MIN_OUTLINE` of the
   crossings. What is pasted on top brings its outline with it; where a
   different person stands in the stored one's place, part of the patch's
   edge is the stored person's outline, across which the query shows the
   same background on both sides.

The thresholds were chosen on the 16 real photos and synthetic portraits
(4,260 pairs of different people on an identical backdrop among 1,000 that
passed the geometry, and the closest ones an index of 10,000 offered as
candidates: ``benchmarks/bench_keypoint_lookup.py``), a small sample, not a
measured false-match rate at millions of photos. Step 4 was checked on all
223,500 ordered pairs of 1,500 drawn people sharing 10 backdrops: it accepts
two of them (a new head drawn exactly where the old one was, which is what a
sticker is), the clean check three near-identical drawings. A sticker whose
grey matches what surrounds it has no outline there and is still missed
(``benchmarks/README.md``).

What an index stores per photo is :func:`descriptors` (``bytes``, about
5.7 KiB: the thumbnail and :data:`STORED_KEYPOINTS` keypoints with their
positions and angles; :mod:`fakeprofile.index.keypointstore` finds the
candidates). A look-up computes :func:`keypoint_query` once from the decoded
photo (both orientations) and calls :func:`verify_keypoints` on each
candidate's stored bytes.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt
from PIL import Image

from ..errors import PhotoError

__all__ = [
    "KEYPOINT_SIDE",
    "MAX_EDGES_LOST",
    "MAX_OCCLUDED",
    "MAX_PATCH",
    "MIN_AGREEMENT",
    "MIN_COVERAGE",
    "MIN_INLIERS",
    "MIN_INLIER_FRACTION",
    "MIN_OUTLINE",
    "MIN_OUTSIDE",
    "QUERY_KEYPOINTS",
    "QUERY_SIDE",
    "STORED_KEYPOINTS",
    "KeypointMatch",
    "KeypointQuery",
    "KeypointSignature",
    "contradicts",
    "descriptors",
    "keypoint_query",
    "keypoint_signature",
    "verify_keypoints",
]

U8 = npt.NDArray[np.uint8]
F32 = npt.NDArray[np.float32]
U64 = npt.NDArray[np.uint64]

#: Keypoints are found on the photo scaled so that its longer side has this many pixels.
KEYPOINT_SIDE = 256
#: A query is scaled to at most this longer side (never enlarged beyond
#: :data:`KEYPOINT_SIDE`'s scale): the copied photo may fill only part of it
#: (a frame, a collage), and needs about as many pixels as the stored one had.
QUERY_SIDE = 288
#: Keypoints kept for a stored photo (spread over a 4×4 grid, strongest first).
STORED_KEYPOINTS = 128
#: Keypoints of a query: more than stored, so that a caption or a patterned
#: frame, which attract many strong corners, cannot crowd out the photo's own.
QUERY_KEYPOINTS = 448
#: Least number of matches consistent with one similarity transform.
MIN_INLIERS = 12
#: Least number of inliers per stored keypoint that lies inside the aligned
#: query: a copy keeps many of its keypoints, unrelated photos few.
MIN_INLIER_FRACTION = 0.1
#: Least fraction of covered thumbnail cells that must agree after alignment.
#: Measured: crops, turns, frames and captions ≥ 0.886; the closest different
#: person on a shared backdrop among 100,000 portraits 0.853.
MIN_AGREEMENT = 0.87
#: Largest connected patch of disagreeing cells, per covered cell. Measured:
#: copies (crops, turns, frames, captions) ≤ 0.115; 15% stickers 0.07-0.19;
#: different people on the same backdrop from 0.04, typically 0.4.
MAX_PATCH = 0.15
#: A copy partly covered by something pasted over it (a sticker, a badge, a
#: caption box) is accepted with one larger patch when everything else agrees
#: and the query's own outline surrounds the patch: the patch is at most
#: MAX_OCCLUDED of the covered cells, at least MIN_OUTSIDE of the cells outside
#: it agree, and the query steps sharply across at least MIN_OUTLINE of the
#: patch's edge (:func:`_outline`). Measured on the 16 real photos: 15% and
#: 20% stickers, emojis and badges make a patch of 0.08-0.19 with 0.98-1.0
#: agreeing outside it, and an outline of 0.6-1.0 (median 0.98); of 30,388 pairs
#: of different drawn people on a shared backdrop that align, 1,284 differ in one
#: patch of at most 0.26 with 0.97 agreeing outside it, their outline median
#: 0.58, and 7 reach 0.95 (one with a patch within 0.22). Set before measuring,
#: not swept: 0.9 would find one to five more stickers of 16 and accept three
#: more of those pairs.
MAX_OCCLUDED = 0.22
MIN_OUTSIDE = 0.97
MIN_OUTLINE = 0.95
#: A hash match is refuted (:func:`contradicts`) beyond these, or below
#: :data:`VETO_AGREEMENT`: the copies the hashes find (resized, re-encoded,
#: brightened, grey, overlaid, cropped 10%, mirrored, bordered, turned 3°)
#: stay within 0.06, 0.20 and from 0.83.
VETO_PATCH = 0.12
VETO_EDGES_LOST = 0.25
VETO_AGREEMENT = 0.75
#: A hash match is refuted, too, by a mid-sized patch that holds many edges.
VETO_SMALL_PATCH = 0.08
VETO_SMALL_EDGES = 0.15
#: Keypoints both photos need before "they do not align" refutes a hash match.
REFUTE_POINTS = 48
#: Largest share of the stored thumbnail's edges in disagreeing cells.
#: Measured: copies ≤ 0.16 (stickers up to 0.28); different people on the same
#: backdrop from 0.16, typically 0.53.
MAX_EDGES_LOST = 0.2
#: Least fraction of the stored photo's thumbnail the aligned query must cover.
MIN_COVERAGE = 0.35
#: Side of the stored thumbnail, in cells.
_THUMB = 32
#: A thumbnail cell agrees when it is within this many standard deviations
#: (of the stored thumbnail) of the fitted value, or within _MIN_TOLERANCE grey levels.
_TOLERANCE = 0.25
_MIN_TOLERANCE = 6.0
#: Lowe's ratio: the best match must be this much closer than the second best.
_RATIO = 0.8
#: Descriptor distance (of 256 bits) beyond which a match is never kept.
_MAX_DESCRIPTOR_DISTANCE = 64
#: RANSAC reprojection threshold, in pixels of the stored photo's keypoint frame.
_RANSAC_PIXELS = 4.0
#: Scale of the query in the stored frame outside this range is not a copy.
_SCALES = (0.25, 4.0)
_GRID = 4
#: ORB's image pyramid: levels and the scale between them.
_SCALE_FACTOR = 1.2
_LEVELS = 7
#: Images with a shorter side below this (pixels) get no keypoints (hashes only).
_MIN_SIDE = 96
_MAGIC = b"KP2"
#: Bytes per stored keypoint: x, y (float16), angle (uint8), descriptor (32).
_POINT_BYTES = 2 + 2 + 1 + 32
_HEADER = struct.Struct(">3sHHH")


@dataclass(frozen=True, slots=True)
class KeypointSignature:
    """Keypoints of one photo: positions (pixels of its keypoint frame), descriptors, thumbnail."""

    width: int
    height: int
    points: F32
    descriptors: U8
    thumbnail: U8
    #: Each keypoint's orientation (ORB's intensity centroid), in 256ths of a turn.
    angles: U8 = field(default_factory=lambda: np.zeros(0, np.uint8))

    def to_bytes(self) -> bytes:
        """The stored form: header, thumbnail, x and y (float16), angle (uint8), descriptor."""
        n = len(self.points)
        header = _HEADER.pack(_MAGIC, self.width, self.height, n)
        points = self.points.astype(">f2").tobytes()
        angles = np.asarray(self.angles, np.uint8)
        if len(angles) != n:
            angles = np.zeros(n, np.uint8)
        return (
            header
            + self.thumbnail.tobytes()
            + points
            + angles.tobytes()
            + self.descriptors.tobytes()
        )

    @classmethod
    def from_bytes(cls, data: bytes) -> KeypointSignature:
        """Parse :meth:`to_bytes`' form.

        Raises
        ------
        PhotoError
            When the bytes are not a keypoint signature (damaged or another format).
        """
        if len(data) < _HEADER.size + _THUMB * _THUMB:
            raise PhotoError(f"keypoint signature is too short ({len(data)} bytes)")
        magic, width, height, n = _HEADER.unpack_from(data)
        start = _HEADER.size + _THUMB * _THUMB
        if magic != _MAGIC or len(data) != start + n * _POINT_BYTES or not width or not height:
            raise PhotoError("keypoint signature is damaged or of another format")
        thumb = np.frombuffer(data, np.uint8, _THUMB * _THUMB, _HEADER.size)
        points = np.frombuffer(data, ">f2", 2 * n, start).astype(np.float32).reshape(n, 2)
        angles = np.frombuffer(data, np.uint8, n, start + 4 * n)
        desc = np.frombuffer(data, np.uint8, 32 * n, start + 5 * n).reshape(n, 32)
        if not np.isfinite(points).all():
            raise PhotoError("keypoint signature is damaged (positions are not numbers)")
        return cls(
            width,
            height,
            points,
            desc.copy(),
            thumb.reshape(_THUMB, _THUMB).copy(),
            angles.copy(),
        )


@dataclass(frozen=True, slots=True)
class KeypointQuery:
    """A photo prepared for look-ups: its keypoint image and signature, as is and mirrored."""

    image: U8
    signature: KeypointSignature
    mirror_image: U8
    mirror_signature: KeypointSignature


@dataclass(frozen=True, slots=True)
class KeypointMatch:
    """A stored photo confirmed by keypoints."""

    #: Matches consistent with the fitted transform.
    inliers: int
    #: Inliers per stored keypoint inside the (aligned) query.
    inlier_fraction: float
    #: Fraction of covered thumbnail cells that agree after alignment.
    agreement: float
    #: Fraction of the stored photo's thumbnail the query covers.
    coverage: float
    #: Whether the mirror image of the query matched.
    mirrored: bool
    #: Scale of the query in the stored photo's frame, and its turn in degrees.
    scale: float
    angle: float


def _keypoint_image(grey: Image.Image, side: int = KEYPOINT_SIDE) -> U8:
    """``grey`` scaled so that its longer side is ``KEYPOINT_SIDE``, or up to ``side``.

    A stored photo is always scaled to :data:`KEYPOINT_SIDE`; a query
    (``side`` = :data:`QUERY_SIDE`) gets the same scale when it is smaller,
    keeps its own between the two, and is reduced to ``side`` when larger.
    """
    if grey.mode != "L":
        grey = grey.convert("L")
    w, h = grey.size
    longest = max(w, h)
    factor = max(KEYPOINT_SIDE / longest, min(1.0, side / longest))
    size = (max(1, round(w * factor)), max(1, round(h * factor)))
    if size != grey.size:
        grey = grey.resize(size, Image.Resampling.BILINEAR, reducing_gap=2.0)
    return np.ascontiguousarray(np.asarray(grey, dtype=np.uint8))


def _orb(n: int) -> cv2.ORB:
    return cv2.ORB.create(
        nfeatures=4 * n,
        scaleFactor=_SCALE_FACTOR,
        nlevels=_LEVELS,
        edgeThreshold=15,
        patchSize=31,
        fastThreshold=10,
    )


def _spread(
    points: F32, responses: npt.NDArray[np.float32], shape: tuple[int, int], n: int
) -> npt.NDArray[np.intp]:
    """Indices of at most ``n`` keypoints: the strongest of every grid cell, then the next..."""
    h, w = shape
    col = np.minimum(points[:, 0] * _GRID // w, _GRID - 1)
    row = np.minimum(points[:, 1] * _GRID // h, _GRID - 1)
    cell = (row * _GRID + col).astype(np.intp)
    by_cell = np.lexsort((-responses, cell))  # by cell, strongest first within it
    starts = np.searchsorted(cell[by_cell], np.arange(_GRID * _GRID))
    rank = np.empty(len(cell), np.intp)
    rank[by_cell] = np.arange(len(cell)) - starts[cell[by_cell]]
    return np.lexsort((-responses, rank))[:n]


def _signature(image: U8, n: int) -> KeypointSignature:
    h, w = image.shape
    found: Sequence[cv2.KeyPoint] = ()
    desc = None
    if min(h, w) >= _MIN_SIDE:  # smaller: the pyramid's top levels would be empty
        try:
            found, desc = _orb(n).detectAndCompute(image, None)
        except cv2.error:  # never expected; a photo without keypoints is the safe answer
            found, desc = (), None
    thumb = np.asarray(
        cv2.resize(image, (_THUMB, _THUMB), interpolation=cv2.INTER_AREA), dtype=np.uint8
    )
    if desc is None or not found:
        empty = np.zeros((0, 2), np.float32)
        return KeypointSignature(w, h, empty, np.zeros((0, 32), np.uint8), thumb)
    points = np.array([k.pt for k in found], np.float32).reshape(-1, 2)
    responses = np.array([k.response for k in found], np.float32)
    turns = np.array([k.angle for k in found], np.float64) / 360.0
    angles = (np.round(turns * 256) % 256).astype(np.uint8)
    keep = _spread(points, responses, (h, w), n)
    return KeypointSignature(
        w, h, points[keep], np.ascontiguousarray(desc[keep]), thumb, angles[keep]
    )


def keypoint_signature(grey: Image.Image, *, n: int = STORED_KEYPOINTS) -> KeypointSignature:
    """The keypoint signature of a loaded photo (see :func:`~.photo.load_photo`)."""
    return _signature(_keypoint_image(grey), n)


def descriptors(grey: Image.Image) -> bytes:
    """What an index stores for a photo: :func:`keypoint_signature` as bytes (about 5.5 KiB).

    Examples
    --------
    >>> from fakeprofile.synthetic import draw_portrait
    >>> data = descriptors(draw_portrait(3, size=200))
    >>> KeypointSignature.from_bytes(data).descriptors.shape[1]
    32
    """
    return keypoint_signature(grey).to_bytes()


def keypoint_query(grey: Image.Image, *, n: int = QUERY_KEYPOINTS) -> KeypointQuery:
    """Prepare a loaded query photo for :func:`verify_keypoints` (both orientations)."""
    image = _keypoint_image(grey, QUERY_SIDE)
    mirror = np.ascontiguousarray(image[:, ::-1])
    return KeypointQuery(image, _signature(image, n), mirror, _signature(mirror, n))


_MATCHER = cv2.BFMatcher(cv2.NORM_HAMMING)


def _fit(
    query: KeypointSignature, stored: KeypointSignature
) -> tuple[npt.NDArray[np.float64], int] | None:
    if len(query.descriptors) < 2 or len(stored.descriptors) < 2:
        return None
    pairs = _MATCHER.knnMatch(query.descriptors, stored.descriptors, k=2)
    good = [
        p[0]
        for p in pairs
        if len(p) == 2
        and p[0].distance < _RATIO * p[1].distance
        and p[0].distance < _MAX_DESCRIPTOR_DISTANCE
    ]
    if len(good) < MIN_INLIERS:
        return None
    src = query.points[[m.queryIdx for m in good]]
    dst = stored.points[[m.trainIdx for m in good]]
    model, inliers = cv2.estimateAffinePartial2D(
        src, dst, method=cv2.RANSAC, ransacReprojThreshold=_RANSAC_PIXELS, maxIters=500
    )
    if model is None or inliers is None:
        return None
    count = int(inliers.sum())
    if count < MIN_INLIERS:
        return None
    return model.astype(np.float64), count


@dataclass(frozen=True, slots=True)
class _Agreement:
    """How the aligned query agrees with the stored thumbnail (see :func:`_agreement`)."""

    #: Fraction of covered cells that agree.
    agreement: float
    #: Fraction of the thumbnail the query covers.
    coverage: float
    #: The largest connected patch of disagreeing cells, per covered cell.
    largest: float
    #: Share of the stored thumbnail's edges (gradient) that lie in disagreeing cells.
    edges_lost: float
    #: Fraction of the covered cells outside the largest patch that agree.
    outside: float = 0.0
    #: Share of the largest patch's outline where the query steps sharply (see
    #: :func:`_outline`); measured only for a patch an occluder could make.
    outline: float = 0.0


def _agreement(image: U8, model: npt.NDArray[np.float64], stored: KeypointSignature) -> _Agreement:
    """The query warped into the stored frame, compared on the thumbnail grid."""
    size = (stored.width, stored.height)
    warped = cv2.warpAffine(image, model, size, flags=cv2.INTER_LINEAR, borderValue=0)
    ones = np.full(image.shape, 255, np.uint8)
    mask = cv2.warpAffine(ones, model, size, flags=cv2.INTER_LINEAR, borderValue=0)
    small = cv2.resize(warped, (_THUMB, _THUMB), interpolation=cv2.INTER_AREA).astype(np.float64)
    cover = cv2.resize(mask, (_THUMB, _THUMB), interpolation=cv2.INTER_AREA) >= 250
    coverage = float(cover.mean())
    if cover.sum() < 8:
        return _Agreement(0.0, coverage, 1.0, 1.0)
    x = small[cover]
    thumb = stored.thumbnail.astype(np.float64)
    y = thumb[cover]
    tol = max(_MIN_TOLERANCE, _TOLERANCE * float(y.std()))
    # A brightness/contrast fit that a sticker cannot drag: start from "unchanged",
    # from the quartiles and from a plain least-squares fit, refit each on the
    # cells that agree with it, and keep the fit that agrees with the most.
    qx, qy = np.percentile(x, [25, 50, 75]), np.percentile(y, [25, 50, 75])
    spread = (qy[2] - qy[0]) / (qx[2] - qx[0]) if qx[2] > qx[0] else 1.0
    starts = [(1.0, 0.0), (spread, qy[1] - spread * qx[1])]
    if np.ptp(x) > 0:
        a, b = np.polyfit(x, y, 1)
        starts.append((float(a), float(b)))
    best, fit = 0.0, (1.0, 0.0)
    for a, b in starts:
        for _ in range(3):
            if not 0.3 <= a <= 3.0:  # inverted or flattened: not the same picture
                break
            keep = np.abs(a * x + b - y) <= tol
            if float(keep.mean()) > best:
                best, fit = float(keep.mean()), (float(a), float(b))
            if keep.sum() < 8 or np.ptp(x[keep]) == 0:
                break
            a, b = np.polyfit(x[keep], y[keep], 1)
    differ = cover & (np.abs(fit[0] * small + fit[1] - thumb) > tol)
    count, labels = cv2.connectedComponents(differ.astype(np.uint8), connectivity=8)
    sizes = np.bincount(labels[differ].ravel(), minlength=count) if count > 1 else np.zeros(1)
    edges = np.hypot(cv2.Sobel(thumb, cv2.CV_64F, 1, 0), cv2.Sobel(thumb, cv2.CV_64F, 0, 1))
    covered_edges = float(edges[cover].sum())
    lost = float(edges[differ].sum()) / covered_edges if covered_edges > 0 else 1.0
    n_cover = int(cover.sum())
    largest = int(sizes.max())
    rest = n_cover - largest
    outside = 1.0 - float(differ.sum() - largest) / rest if rest > 0 else 0.0
    outline = 0.0
    if largest and largest <= MAX_OCCLUDED * n_cover and outside >= MIN_OUTSIDE:
        patch = labels == int(np.argmax(sizes))
        outline = _outline(warped, patch, cover, abs(fit[0]), tol)
    return _Agreement(best, coverage, largest / n_cover, lost, outside, outline)


#: Pixels per thumbnail cell side on the grid :func:`_outline` reads the query at.
_CELL = 8
#: A step is sharp when the query's grey level changes by this many tolerances
#: (of the agreement test) within _STEP_SPAN pixels of that grid.
_STEP = 2.0
_STEP_SPAN = 6


def _outline(
    warped: npt.NDArray[Any],
    patch: npt.NDArray[np.bool_],
    cover: npt.NDArray[np.bool_],
    gain: float,
    tol: float,
) -> float:
    """Share of the patch's outline crossings where the query itself steps sharply.

    A crossing is two patch cells and two covered cells beyond it, in a row or
    a column, across the patch's edge. Something pasted over the photo (a
    sticker, a badge, a caption box) brings its own outline: the query changes
    sharply all the way round the patch. Where another person replaces the
    stored one, part of the patch's edge is the *stored* person's outline,
    across which the query shows the same background on both sides.
    """
    # Cells the patch encloses belong to it: a sticker's inside may happen to
    # agree with what it hides, and its edge is the patch's outer edge only.
    around = np.pad(~patch, 1, constant_values=True).astype(np.uint8)
    _, parts = cv2.connectedComponents(around, connectivity=4)
    patch = patch | (parts[1:-1, 1:-1] != parts[0, 0])
    side = _THUMB * _CELL
    grid = cv2.resize(warped, (side, side), interpolation=cv2.INTER_AREA).astype(np.float64)
    need = _STEP * tol / max(gain, 1e-6)
    span = 4 * _CELL - _STEP_SPAN  # steps that start and end within four cells
    crossings = sharp = 0
    # rows: profiles along x, one per cell row; columns: along y, one per cell column
    for profiles, inside, covered in (
        (grid.reshape(_THUMB, _CELL, side).mean(axis=1), patch, cover),
        (grid.reshape(side, _THUMB, _CELL).mean(axis=2).T, patch.T, cover.T),
    ):
        steps = np.abs(profiles[:, _STEP_SPAN:] - profiles[:, :-_STEP_SPAN])
        # window s covers cells s..s+3: inside-inside-outside-outside, or the reverse
        a, b, c, d = (inside[:, i : _THUMB - 3 + i] for i in range(4))
        ca, cb, cc, cd = (covered[:, i : _THUMB - 3 + i] for i in range(4))
        out_c, out_d = ~c & cc, ~d & cd
        forward = a & b & out_c & out_d
        backward = d & c & ~b & cb & ~a & ca
        where = forward | backward
        if not where.any():
            continue
        # the sharpest step within each window's four cells
        windows = np.lib.stride_tricks.sliding_window_view(steps, span, axis=1)[:, ::_CELL]
        best = windows.max(axis=2)[where]
        crossings += len(best)
        sharp += int((best >= need).sum())
    return sharp / crossings if crossings else 0.0


def _occluded(found: _Agreement) -> bool:
    """Whether one patch differs, as something pasted over the photo makes it differ.

    Everything outside the patch agrees (:data:`MIN_OUTSIDE`), the patch is
    not too large (:data:`MAX_OCCLUDED`) and the query's own sharp outline
    surrounds it (:data:`MIN_OUTLINE`): what the query shows there was put on
    top of the photo, rather than the photo replaced by another.
    """
    return (
        found.largest <= MAX_OCCLUDED
        and found.outside >= MIN_OUTSIDE
        and found.outline >= MIN_OUTLINE
    )


def _inlier_fraction(
    model: npt.NDArray[np.float64], shape: tuple[int, int], inliers: int, stored: KeypointSignature
) -> float:
    """Inliers per stored keypoint that falls inside the query (once aligned)."""
    back = cv2.invertAffineTransform(model)
    pts = stored.points @ back[:, :2].T + back[:, 2]
    h, w = shape
    inside = (pts[:, 0] >= 0) & (pts[:, 0] < w) & (pts[:, 1] >= 0) & (pts[:, 1] < h)
    return min(1.0, inliers / max(1, int(inside.sum())))


def verify_keypoints(
    query: KeypointQuery, stored: bytes | KeypointSignature
) -> KeypointMatch | None:
    """Whether a stored photo is the query's photo (as is or mirrored), by keypoints.

    Parameters
    ----------
    query : KeypointQuery
        From :func:`keypoint_query`.
    stored : bytes or KeypointSignature
        What the index stored for the candidate (:func:`descriptors`).

    Returns
    -------
    KeypointMatch or None
        The better of the two orientations that passes all three checks (see
        the module docstring), else None.

    Raises
    ------
    PhotoError
        When ``stored`` is not a keypoint signature.
    """
    sig = stored if isinstance(stored, KeypointSignature) else KeypointSignature.from_bytes(stored)
    if float(sig.thumbnail.std()) < 1.0:
        return None  # a plain picture identifies nobody
    best: KeypointMatch | None = None
    for mirrored, (image, qsig) in enumerate(
        ((query.image, query.signature), (query.mirror_image, query.mirror_signature))
    ):
        fitted = _fit(qsig, sig)
        if fitted is None:
            continue
        model, inliers = fitted
        scale = math.hypot(model[0, 0], model[1, 0])
        if not _SCALES[0] <= scale <= _SCALES[1]:
            continue
        fraction = _inlier_fraction(model, image.shape[:2], inliers, sig)
        if fraction < MIN_INLIER_FRACTION:
            continue
        found = _agreement(image, model, sig)
        agreement, coverage = found.agreement, found.coverage
        if coverage < MIN_COVERAGE:
            continue
        clean = (
            agreement >= MIN_AGREEMENT
            and found.largest <= MAX_PATCH
            and found.edges_lost <= MAX_EDGES_LOST
        )
        if not clean and not _occluded(found):
            continue  # a whole region differs: another person on the same backdrop, say
        angle = math.degrees(math.atan2(model[1, 0], model[0, 0]))
        match = KeypointMatch(inliers, fraction, agreement, coverage, bool(mirrored), scale, angle)
        if best is None or (match.agreement, match.inliers) > (best.agreement, best.inliers):
            best = match
    return best


def contradicts(query: KeypointQuery, stored: bytes | KeypointSignature) -> bool:
    """Whether keypoints show that a photo the hashes matched is another photo.

    Two ways to tell: the two photos align (the geometry of
    :func:`verify_keypoints` passes, as it does for different people on one
    backdrop) and, so aligned, a whole region differs (a connected patch of
    more than :data:`VETO_PATCH` of the cells, more than
    :data:`VETO_EDGES_LOST` of the stored photo's edges, or less than
    :data:`VETO_AGREEMENT` of the cells agreeing, or a patch over
    :data:`VETO_SMALL_PATCH` with over :data:`VETO_SMALL_EDGES` of the edges);
    or both photos have
    plenty of keypoints (:data:`REFUTE_POINTS` each) and they do not align at
    all, which a copy close enough for the hashes always does. With fewer
    keypoints nothing is known, and the answer is False.

    Raises
    ------
    PhotoError
        When ``stored`` is not a keypoint signature.
    """
    sig = stored if isinstance(stored, KeypointSignature) else KeypointSignature.from_bytes(stored)
    verdicts = []
    for image, qsig in (
        (query.image, query.signature),
        (query.mirror_image, query.mirror_signature),
    ):
        fitted = _fit(qsig, sig)
        if fitted is None:
            continue
        model, inliers = fitted
        if not _SCALES[0] <= math.hypot(model[0, 0], model[1, 0]) <= _SCALES[1]:
            continue
        if _inlier_fraction(model, image.shape[:2], inliers, sig) < MIN_INLIER_FRACTION:
            continue
        found = _agreement(image, model, sig)
        if found.coverage < MIN_COVERAGE:
            continue
        differs = (
            found.largest > VETO_PATCH
            or found.edges_lost > VETO_EDGES_LOST
            or found.agreement < VETO_AGREEMENT
            or (found.largest > VETO_SMALL_PATCH and found.edges_lost > VETO_SMALL_EDGES)
        )
        verdicts.append(differs and not _occluded(found))
    if not verdicts:  # nothing aligns: telling only when both have detail to align
        plenty = min(len(sig.descriptors), len(query.signature.descriptors)) >= REFUTE_POINTS
        return plenty and float(sig.thumbnail.std()) >= 1.0
    # Aligned in both orientations (a symmetric photo): it takes both to refute.
    return all(verdicts)
