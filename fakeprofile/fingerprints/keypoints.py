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
   agree, and it must cover at least :data:`MIN_COVERAGE` of them. A sticker
   or caption spoils a few cells; a different person spoils most of the middle.
   When both the inlier fraction and the agreement are only just enough, one
   must be clearly met (:data:`STRONG_INLIER_FRACTION`, :data:`STRONG_AGREEMENT`).

The thresholds were chosen on the 16 real photos and synthetic portraits
(``benchmarks/bench_photo_robustness.py``), different people on identical
backdrops being the closest distinct pairs; that is a small sample, not a
measured false-match rate at millions of photos.

What an index stores per photo is :func:`descriptors` (``bytes``, about
5.5 KiB: the thumbnail and :data:`STORED_KEYPOINTS` keypoints with their
positions) and, to find candidates that the 64-bit pHash misses, the
:func:`local_keys` of it in a 64-bit Hamming index (searched within
:data:`LOCAL_RADIUS`; a photo is a candidate when :data:`MIN_KEY_HITS` query
keys hit it). A look-up computes :func:`keypoint_query` once from the decoded
photo (both orientations) and calls :func:`verify_keypoints` on each
candidate's stored bytes.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Sequence
from dataclasses import dataclass, field

import cv2
import numpy as np
import numpy.typing as npt
from PIL import Image

from ..errors import PhotoError

__all__ = [
    "KEYPOINT_SIDE",
    "LOCAL_KEYS",
    "LOCAL_RADIUS",
    "MIN_AGREEMENT",
    "MIN_COVERAGE",
    "MIN_INLIERS",
    "MIN_INLIER_FRACTION",
    "MIN_KEY_HITS",
    "QUERY_KEYPOINTS",
    "QUERY_SIDE",
    "STORED_KEYPOINTS",
    "STRONG_AGREEMENT",
    "STRONG_INLIER_FRACTION",
    "KeypointMatch",
    "KeypointQuery",
    "KeypointSignature",
    "descriptors",
    "keypoint_query",
    "keypoint_signature",
    "local_keys",
    "query_local_keys",
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
#: query: a copy keeps most of its keypoints, a shared backdrop only a few.
MIN_INLIER_FRACTION = 0.15
#: Least fraction of covered thumbnail cells that must agree after alignment.
MIN_AGREEMENT = 0.75
#: Near the two least values above, one of them must be clearly met: measured
#: different people on the same backdrop reach (0.20 inliers per keypoint, 0.77
#: agreement) and (0.16, 0.79), while copies with a sticker keep most keypoints
#: (≥ 0.3) and framed or cropped ones agree almost everywhere (≥ 0.9).
STRONG_INLIER_FRACTION = 0.25
STRONG_AGREEMENT = 0.85
#: Least fraction of the stored photo's thumbnail the aligned query must cover.
MIN_COVERAGE = 0.35
#: Stored keypoints whose first 64 descriptor bits go into the Hamming index.
LOCAL_KEYS = 64
#: Hamming radius of the local-key candidate search (on 64 bits).
LOCAL_RADIUS = 5
#: A stored photo is a candidate when at least this many query keys come
#: within :data:`LOCAL_RADIUS` of one of its local keys. Measured on 316
#: references (benchmarks/README.md): 1 hit makes 9% of them candidates of
#: every look-up, 2 hits 3.8%, 3 hits 2%, each costing recall; none of these
#: scales to millions of photos (ORB descriptor bits are far from uniform).
MIN_KEY_HITS = 1
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


def _key_bits(desc: U8) -> U64:
    return np.frombuffer(np.ascontiguousarray(desc[:, :8]).tobytes(), ">u8").astype(np.uint64)


def local_keys(stored: bytes | KeypointSignature) -> U64:
    """64-bit keys to file a stored photo under in a Hamming index (its strongest keypoints).

    The first 64 bits of the descriptors of the first :data:`LOCAL_KEYS`
    keypoints (the strongest of each grid cell first). A query looks up its
    :func:`query_local_keys` within :data:`LOCAL_RADIUS`; the photos hit are
    candidates for :func:`verify_keypoints`.
    """
    sig = stored if isinstance(stored, KeypointSignature) else KeypointSignature.from_bytes(stored)
    return _key_bits(sig.descriptors[:LOCAL_KEYS])


def query_local_keys(query: KeypointQuery) -> U64:
    """The keys a look-up searches for: those of every query keypoint, both orientations."""
    return np.concatenate(
        [_key_bits(query.signature.descriptors), _key_bits(query.mirror_signature.descriptors)]
    )


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


def _agreement(
    image: U8, model: npt.NDArray[np.float64], stored: KeypointSignature
) -> tuple[float, float]:
    """(agreement, coverage) of the query warped into the stored frame, on the thumbnail grid."""
    size = (stored.width, stored.height)
    warped = cv2.warpAffine(image, model, size, flags=cv2.INTER_LINEAR, borderValue=0)
    ones = np.full(image.shape, 255, np.uint8)
    mask = cv2.warpAffine(ones, model, size, flags=cv2.INTER_LINEAR, borderValue=0)
    small = cv2.resize(warped, (_THUMB, _THUMB), interpolation=cv2.INTER_AREA).astype(np.float64)
    cover = cv2.resize(mask, (_THUMB, _THUMB), interpolation=cv2.INTER_AREA) >= 250
    coverage = float(cover.mean())
    if cover.sum() < 8:
        return 0.0, coverage
    x = small[cover]
    y = stored.thumbnail.astype(np.float64)[cover]
    tol = max(_MIN_TOLERANCE, _TOLERANCE * float(y.std()))
    # A brightness/contrast fit that a sticker cannot drag: start from "unchanged",
    # from the quartiles and from a plain least-squares fit, refit each on the
    # cells that agree with it, and keep the start that ends with the most.
    qx, qy = np.percentile(x, [25, 50, 75]), np.percentile(y, [25, 50, 75])
    spread = (qy[2] - qy[0]) / (qx[2] - qx[0]) if qx[2] > qx[0] else 1.0
    starts = [(1.0, 0.0), (spread, qy[1] - spread * qx[1])]
    if np.ptp(x) > 0:
        a, b = np.polyfit(x, y, 1)
        starts.append((float(a), float(b)))
    best = 0.0
    for a, b in starts:
        for _ in range(3):
            if not 0.3 <= a <= 3.0:  # inverted or flattened: not the same picture
                break
            keep = np.abs(a * x + b - y) <= tol
            best = max(best, float(keep.mean()))
            if keep.sum() < 8 or np.ptp(x[keep]) == 0:
                break
            a, b = np.polyfit(x[keep], y[keep], 1)
    return best, coverage


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
        agreement, coverage = _agreement(image, model, sig)
        if agreement < MIN_AGREEMENT or coverage < MIN_COVERAGE or fraction < MIN_INLIER_FRACTION:
            continue
        if fraction < STRONG_INLIER_FRACTION and agreement < STRONG_AGREEMENT:
            continue  # both only just enough: what a shared backdrop looks like
        angle = math.degrees(math.atan2(model[1, 0], model[0, 0]))
        found = KeypointMatch(inliers, fraction, agreement, coverage, bool(mirrored), scale, angle)
        if best is None or (found.agreement, found.inliers) > (best.agreement, best.inliers):
            best = found
    return best
