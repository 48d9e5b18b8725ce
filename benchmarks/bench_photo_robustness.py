"""Photo copies found on the real photos through the index: recall per transform, false matches.

Each real photo in ``../shared/data/photos`` is transformed the way a copier
would (the usual edits, then copies that try to hide: 25% crops from several
positions, 7° and 10° turns, a sticker, a large caption, frames, a collage, a
side-by-side). A :class:`~fakeprofile.index.ReferenceIndex` holds the 16
originals and ``--portraits`` synthetic portraits (``benchmarks/_portraits.py``:
half of them on one of 10 shared backdrops, different people on the same
background pixels, as with a company's headshot template), all added as photo
*files*, so the index stores their fingerprints and keypoints.

Every copy is looked up the two ways a user can:

* **before** (what main does): a profile with ``photo_hash`` =
  :func:`~fakeprofile.fingerprints.photo.query_hashes` of the copy (its
  fingerprint and query probes, no pixels, so no keypoints);
* **after**: a profile with the copy as its ``photo`` file
  (:meth:`~fakeprofile.index.ReferenceIndex.find`): hashes, probes, keypoint
  candidates and verification, hash matches re-checked by keypoints.

A copy is *found* when its original is among the matches; any other profile is
a *false match*. Every original and every portrait is also looked up (as a
JPEG file, its own profile excluded) against all the others: false matches
between distinct photos.

Run: ``python benchmarks/bench_photo_robustness.py [--portraits 1000]``; with
``--pairs 3000`` it checks instead every ordered pair of different people that
share a backdrop among the first 3,000 cached portraits, with no index between
(223,500 pairs, about 10 minutes).
"""

from __future__ import annotations

import argparse
import io
import math
import random
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageFont, ImageOps

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _portraits import portraits as cached_portraits
from common import machine, percentiles, table, time_calls

from fakeprofile.fingerprints.keypoints import (
    KEYPOINT_SIDE,
    descriptors,
    keypoint_query,
    verify_keypoints,
)
from fakeprofile.fingerprints.photo import (
    CANDIDATE_RADIUS,
    PROBE_THRESHOLD,
    STRONG_THRESHOLD,
    fingerprint_image,
    load_photo,
    probe_image,
    query_hashes,
)
from fakeprofile.index import ReferenceIndex
from fakeprofile.index.keypointstore import MAX_VERIFIED, RECHECK_BITS
from fakeprofile.profile import Profile
from fakeprofile.synthetic import draw_portrait

PHOTOS = Path(__file__).resolve().parents[2] / "shared" / "data" / "photos"

Transform = Callable[[Image.Image], Image.Image | bytes]


def _jpeg(quality: int) -> Transform:
    def apply(img: Image.Image) -> bytes:
        buf = io.BytesIO()
        img.convert("RGB").save(buf, "JPEG", quality=quality)
        return buf.getvalue()  # hashed through the library's JPEG path (reduced decode)

    return apply


def _overlay(img: Image.Image) -> Image.Image:
    out = img.convert("RGB")
    draw = ImageDraw.Draw(out)
    size = max(10, out.height // 12)
    font = ImageFont.load_default(size=size)
    draw.text((out.width // 20, out.height - 2 * size), "@hiring_now 2026", fill="white", font=font)
    return out


def _crop_centre(img: Image.Image) -> Image.Image:
    w, h = img.size
    dx, dy = round(w * 0.05), round(h * 0.05)
    return img.crop((dx, dy, w - dx, h - dy))


def _crop_corner(img: Image.Image) -> Image.Image:
    w, h = img.size
    return img.crop((0, 0, w - round(w * 0.1), h - round(h * 0.1)))


def _border(img: Image.Image) -> Image.Image:
    rgb = img.convert("RGB")
    out = Image.new("RGB", (rgb.width + 20, rgb.height + 20), "white")
    out.paste(rgb, (10, 10))
    return out


TRANSFORMS: dict[str, Transform] = {
    "resize 50%": lambda im: im.resize((im.width // 2, im.height // 2), Image.Resampling.BILINEAR),
    "jpeg q30": _jpeg(30),
    "jpeg q70": _jpeg(70),
    "brightness +25%": lambda im: ImageEnhance.Brightness(im.convert("RGB")).enhance(1.25),
    "grayscale": lambda im: im.convert("L"),
    "text overlay": _overlay,
    "crop 10% (5% each side)": _crop_centre,
    "mirror": lambda im: im.transpose(Image.Transpose.FLIP_LEFT_RIGHT),
    "10 px border": _border,
    "rotate 3°": lambda im: im.convert("RGB").rotate(3, resample=Image.Resampling.BILINEAR),
}


def _crop(kept: float, ox: float, oy: float) -> Transform:
    return lambda img: img.crop(_box(img.size, kept, ox, oy))


#: Reported beside the target set, not part of it: a crop from one corner, and
#: crops and rotations *between* the query probes' hypotheses (the probes are
#: built for 10%/20% crops and ±3°, so these show how well they generalise).
EXTRA: dict[str, Transform] = {
    "crop 10% (one corner)": _crop_corner,
    "crop 7% (off centre)": _crop(0.93, 0.02, 0.05),
    "crop 15% (centred)": _crop(0.85, 0.075, 0.075),
    "crop 25% (centred)": _crop(0.75, 0.125, 0.125),
    "rotate 1.5°": lambda im: im.convert("RGB").rotate(1.5, resample=Image.Resampling.BILINEAR),
    "rotate 5°": lambda im: im.convert("RGB").rotate(5, resample=Image.Resampling.BILINEAR),
}


def _rotate(angle: float) -> Transform:
    return lambda im: im.convert("RGB").rotate(angle, resample=Image.Resampling.BILINEAR)


def _box(size: tuple[int, int], kept: float, ox: float, oy: float) -> tuple[int, int, int, int]:
    w, h = size
    left, top = round(w * ox), round(h * oy)
    return (left, top, left + round(w * kept), top + round(h * kept))


def _random_crop(kept: float, seed: int) -> Transform:
    def apply(img: Image.Image) -> Image.Image:
        r = random.Random(f"{seed}-{img.size}-{img.getpixel((0, 0))}")
        return img.crop(_box(img.size, kept, r.uniform(0, 1 - kept), r.uniform(0, 1 - kept)))

    return apply


def _place(
    img: Image.Image, share: float, where: tuple[float, float] | None, tag: str
) -> tuple[float, float, float]:
    """Left, top and side of a square covering ``share`` of ``img``, centred at ``where``
    (fractions of the sides) or at a position drawn from the photo itself."""
    w, h = img.size
    side = math.sqrt(share * w * h)
    if where is None:
        r = random.Random(f"{tag}-{img.size}-{img.getpixel((0, 0))}")
        cx = r.uniform(side / 2, w - side / 2)
        cy = r.uniform(side / 2, h - side / 2)
    else:
        cx, cy = where[0] * w, where[1] * h
    return cx - side / 2, cy - side / 2, side


def _sticker(where: tuple[float, float] | None, share: float = 0.15) -> Transform:
    """A yellow smiley covering ``share`` of the photo, at ``where`` (fractions) or at random."""

    def apply(img: Image.Image) -> Image.Image:
        out = img.convert("RGB")
        left, top, side = _place(img, share, where, "sticker")
        draw = ImageDraw.Draw(out)
        draw.rounded_rectangle((left, top, left + side, top + side), side / 5, fill=(255, 204, 0))
        eye = side / 8
        for ex in (0.33, 0.67):
            x, y = left + ex * side, top + 0.38 * side
            draw.ellipse((x - eye / 2, y - eye / 2, x + eye / 2, y + eye / 2), fill=(40, 30, 0))
        draw.arc(
            (left + 0.25 * side, top + 0.4 * side, left + 0.75 * side, top + 0.8 * side),
            20,
            160,
            fill=(40, 30, 0),
            width=max(1, round(side / 20)),
        )
        return out

    return apply


def _emoji(share: float) -> Transform:
    """A round emoji-like disc (outlined, two dots, an arc) covering ``share``, at random."""

    def apply(img: Image.Image) -> Image.Image:
        out = img.convert("RGB")
        left, top, s = _place(img, share, None, "emoji")
        draw = ImageDraw.Draw(out)
        outline = max(1, round(s / 40))
        draw.ellipse((left, top, left + s, top + s), (250, 200, 40), (120, 80, 0), outline)
        for ex in (0.35, 0.65):
            x, y = left + ex * s, top + 0.38 * s
            draw.ellipse((x - s / 20, y - s / 10, x + s / 20, y + s / 10), fill=(60, 40, 10))
        mouth = (left + 0.25 * s, top + 0.35 * s, left + 0.75 * s, top + 0.78 * s)
        draw.arc(mouth, 20, 160, fill=(60, 40, 10), width=max(1, round(s / 18)))
        return out

    return apply


def _badge(img: Image.Image) -> Image.Image:
    """A dark blue logo badge with text ("HIRING #opentowork"), 15% of the photo, low centre."""
    out = img.convert("RGB")
    left, top, s = _place(img, 0.15, (0.45, 0.75), "badge")
    draw = ImageDraw.Draw(out)
    high = 0.7 * s
    box = (left, top, left + 1.2 * s, top + high)
    draw.rounded_rectangle(box, s / 8, (10, 60, 160), "white", max(1, round(s / 30)))
    big = ImageFont.load_default(size=max(8, round(s / 5)))
    small = ImageFont.load_default(size=max(6, round(s / 9)))
    draw.text((left + 0.6 * s, top + 0.35 * high), "HIRING", "white", big, "mm")
    draw.text((left + 0.6 * s, top + 0.72 * high), "#opentowork", (255, 210, 0), small, "mm")
    return out


def _veil(share: float) -> Transform:
    """A semi-transparent white square (55% opaque) covering ``share``, at random."""

    def apply(img: Image.Image) -> Image.Image:
        base = img.convert("RGBA")
        left, top, s = _place(img, share, None, "overlay")
        layer = Image.new("RGBA", base.size, (0, 0, 0, 0))
        ImageDraw.Draw(layer).rectangle((left, top, left + s, top + s), (255, 255, 255, 140))
        return Image.alpha_composite(base, layer).convert("RGB")

    return apply


def _caption(img: Image.Image) -> Image.Image:
    """A large white caption with a black outline across the middle."""
    out = img.convert("RGB")
    size = max(10, out.height // 8)
    draw = ImageDraw.Draw(out)
    font = ImageFont.load_default(size=size)
    draw.text(
        (out.width // 2, out.height // 2),
        "OPEN TO WORK",
        fill="white",
        font=font,
        anchor="mm",
        stroke_width=max(1, size // 10),
        stroke_fill="black",
    )
    return out


def _white_frame(img: Image.Image) -> Image.Image:
    rgb = img.convert("RGB")
    b = round(0.1 * max(rgb.size))
    out = Image.new("RGB", (rgb.width + 2 * b, rgb.height + 2 * b), "white")
    out.paste(rgb, (b, b))
    return out


def _patterned_frame(img: Image.Image) -> Image.Image:
    """A 10% frame of diagonal two-colour stripes."""
    rgb = img.convert("RGB")
    b = round(0.1 * max(rgb.size))
    height, width = rgb.height + 2 * b, rgb.width + 2 * b
    yy, xx = np.mgrid[0:height, 0:width]
    stripe = ((xx + yy) // max(4, b // 4)) % 2
    colours = np.array([[30, 100, 255], [230, 160, 75]], dtype=np.uint8)
    out = Image.fromarray(colours[stripe], "RGB")
    out.paste(rgb, (b, b))
    return out


def _others(img: Image.Image, n: int) -> list[Image.Image]:
    r = random.Random(f"others-{img.size}")
    return [draw_portrait(r.randrange(10**6), size=256) for _ in range(n)]


def _collage(img: Image.Image) -> Image.Image:
    """The photo, shrunk to fit a quarter, as one tile of a 2×2 collage of unrelated portraits."""
    tile = ImageOps.contain(img.convert("RGB"), (256, 256), Image.Resampling.BILINEAR)
    out = Image.new("RGB", (512, 512), "white")
    tiles = _others(img, 3)
    where = random.Random(f"collage-{img.size}").randrange(4)
    tiles.insert(where, tile)
    for i, t in enumerate(tiles):  # each tile centred in its quarter, its shape kept
        out.paste(t, (256 * (i % 2) + (256 - t.width) // 2, 256 * (i // 2) + (256 - t.height) // 2))
    return out


def _side_by_side(img: Image.Image) -> Image.Image:
    """The photo beside an unrelated portrait of the same height."""
    rgb = img.convert("RGB")
    other = _others(img, 1)[0].resize((rgb.height, rgb.height))
    out = Image.new("RGB", (rgb.width + other.width, rgb.height), "white")
    out.paste(other, (0, 0))
    out.paste(rgb, (other.width, 0))
    return out


#: Copies that try to hide (issue 15, "Harder copies"): the target is ≥ 90% each,
#: collage and side-by-side are reported.
HARD: dict[str, Transform] = {
    "crop 25% (centred)": _crop(0.75, 0.125, 0.125),
    "crop 25% (top left)": _crop(0.75, 0.0, 0.0),
    "crop 25% (bottom right)": _crop(0.75, 0.25, 0.25),
    "crop 25% (top)": _crop(0.75, 0.125, 0.0),
    "crop 25% (random position)": _random_crop(0.75, 1),
    "rotate 7°": _rotate(7),
    "rotate -7°": _rotate(-7),
    "rotate 10°": _rotate(10),
    "rotate -10°": _rotate(-10),
    "sticker 15% (centre)": _sticker((0.5, 0.5)),
    "sticker 15% (random position)": _sticker(None),
    "text overlay (large caption)": _caption,
    "white frame 10%": _white_frame,
    "patterned frame 10%": _patterned_frame,
    "collage (2×2)": _collage,
    "side by side": _side_by_side,
}
#: Reported, not part of the ≥ 90% target.
REPORTED = {"collage (2×2)", "side by side"}
#: Other things pasted over a photo, reported to check that what finds the 15%
#: sticker is not fitted to it (not part of the target, and not used to choose
#: the thresholds): other sizes, a round emoji, a badge with text, a veil.
OCCLUDERS: dict[str, Transform] = {
    "sticker 10% (random position)": _sticker(None, 0.10),
    "sticker 20% (random position)": _sticker(None, 0.20),
    "emoji disc 10% (random position)": _emoji(0.10),
    "emoji disc 20% (random position)": _emoji(0.20),
    "logo badge with text 15% (low centre)": _badge,
    "white veil 55% opaque, 15% (random position)": _veil(0.15),
    "white veil 55% opaque, 20% (random position)": _veil(0.20),
}


def _jpeg_bytes(img: Image.Image, quality: int = 85) -> bytes:
    buf = io.BytesIO()
    img.convert("RGB").save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def _write(made: Image.Image | bytes, path: Path) -> Path:
    """A copy as the file a user would give (PNG, or the JPEG bytes as made)."""
    if isinstance(made, bytes):
        path = path.with_suffix(".jpg")
        path.write_bytes(made)
    else:
        path = path.with_suffix(".png")
        made.save(path)
    return path


def _before(data: bytes) -> None:
    """A photo look-up's work before keypoints: decode, fingerprint, probes."""
    grey = load_photo(data)
    fingerprint_image(grey)
    probe_image(grey)


def _after(data: bytes) -> None:
    """The same with keypoints: the JPEG decoded again at the keypoint size."""
    _before(data)
    keypoint_query(load_photo(data, min_side=KEYPOINT_SIDE))


def _cpu_ms(fn: Callable[[], object], repeat: int = 60) -> float:
    """Median CPU time of ``fn`` in ms (this process, all threads): robust to a busy machine."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return 1000 * float(np.median(times))


def _timings() -> list[list[object]]:
    """Time per photo look-up (decode + hashes + probes, + keypoints) on portrait JPEGs."""
    rows: list[list[object]] = []
    for side in (200, 400, 800):
        data = _jpeg_bytes(draw_portrait(11, size=side))
        kq = keypoint_query(load_photo(data, min_side=KEYPOINT_SIDE))
        same = descriptors(draw_portrait(11, size=256))
        other = descriptors(draw_portrait(12, size=256))
        b = percentiles(time_calls(partial(_before, data), repeat=60))["p50"]
        a = percentiles(time_calls(partial(_after, data), repeat=60))["p50"]
        rows.append(
            [
                f"{side}×{side} JPEG",
                b,
                a,
                _cpu_ms(partial(_before, data)),
                _cpu_ms(partial(_after, data)),
                _cpu_ms(partial(verify_keypoints, kq, same)),
                _cpu_ms(partial(verify_keypoints, kq, other)),
            ]
        )
    return rows


def _found(index: ReferenceIndex, profile: Profile) -> set[str]:
    return {m.profile_id for m in index.find(profile).photo_matches}


def run(portraits: int = 1000) -> str:
    """Measure and return the Markdown report."""
    files = sorted(p for p in PHOTOS.iterdir() if p.suffix in {".png", ".jpg"})
    pixels = cached_portraits(portraits)
    work = Path(tempfile.mkdtemp(prefix="bench-robust-"))
    synth = []
    for i in range(portraits):
        path = work / f"portrait-{i}.png"
        Image.fromarray(np.asarray(pixels[i])).save(path)
        synth.append(path)
    names = [p.stem for p in files] + [p.stem for p in synth]
    index = ReferenceIndex(work / "index.db")
    start = time.perf_counter()
    index.add(
        [{"id": n, "photo": str(p)} for n, p in zip(names, [*files, *synth], strict=True)],
        keypoints=True,
    )
    build_s = time.perf_counter() - start
    stats = index.stats()
    keypoints = index._keypoints

    rows = []
    false_before = false_after = n_copies = 0
    false_copy_pairs: list[tuple[str, str, str]] = []
    hard_ok = True
    lookup_s = 0.0
    verified = 0
    lookups_before = keypoints.lookups
    for tname, fn in {**TRANSFORMS, **EXTRA, **HARD, **OCCLUDERS}.items():
        before = after = 0
        for path in files:
            img = Image.open(path)
            img.load()
            query = _write(fn(img), work / "query")
            found_before = _found(index, Profile(id="query", photo_hash=query_hashes(query)))
            t0 = time.perf_counter()
            v0 = keypoints.verified
            found_after = _found(index, Profile(id="query", photo=str(query)))
            verified += keypoints.verified - v0
            lookup_s += time.perf_counter() - t0
            before += path.stem in found_before
            after += path.stem in found_after
            false_before += len(found_before - {path.stem})
            false_after += len(found_after - {path.stem})
            false_copy_pairs += [(tname, path.stem, o) for o in sorted(found_after - {path.stem})]
            n_copies += 1
        n = len(files)
        if tname in HARD and tname not in REPORTED and after < 0.9 * n:
            hard_ok = False
        group = (
            "hard"
            if tname in HARD
            else "usual"
            if tname in TRANSFORMS
            else "extra"
            if tname in EXTRA
            else "occluder"
        )
        rows.append([tname, group, f"{before}/{n}", f"{after}/{n}", 100.0 * after / n])
    copy_lookups = keypoints.lookups - lookups_before

    # Distinct photos: every original and every portrait, as a JPEG, against all the others.
    distinct_before = distinct_after = 0
    distinct_pairs: list[tuple[str, str]] = []
    for name, src in zip(names, [*files, *synth], strict=True):
        img = Image.open(src)
        img.load()
        query = _write(_jpeg_bytes(img), work / "distinct")
        hashed = _found(index, Profile(id=name, photo_hash=query_hashes(query)))
        keyed = _found(index, Profile(id=name, photo=str(query)))
        distinct_before += len(hashed)
        distinct_after += len(keyed)
        distinct_pairs += [(name, o) for o in sorted(keyed)]
    index.close()

    n_refs = len(names)
    lines = [
        f"Machine: {machine()}",
        "",
        f"{len(files)} real photos transformed; the index holds the {len(files)} originals and "
        f"{portraits} synthetic portraits (half on one of 10 shared backdrops), added as photo "
        f"files. Hashes: candidate radius {CANDIDATE_RADIUS}/64, strong threshold "
        f"{STRONG_THRESHOLD}/256 ({PROBE_THRESHOLD}/256 for a query probe), mirror-aware. "
        f"Keypoints: the {MAX_VERIFIED} best-voted candidates verified; hash matches beyond "
        f"{RECHECK_BITS}/256 re-checked by keypoints.",
        "",
        table(
            ["transform", "set", "before (main: hashes + probes)", "after", "recall % (after)"],
            rows,
        ),
        "",
        f"Copies looked up: {n_copies}; false matches (another profile matched): "
        f"before {false_before}, after {false_after} {false_copy_pairs[:10]}.",
        f"Distinct photos: {n_refs} look-ups against {n_refs - 1} other profiles each "
        f"({n_refs * (n_refs - 1)} pairs): false matches before {distinct_before}, "
        f"after {distinct_after} {distinct_pairs[:10]}.",
        f"Keypoint candidates verified per copy look-up: {verified / max(1, copy_lookups):.2f}; "
        f"adding the {n_refs} photo files took {build_s:.1f} s; a copy's look-up through "
        f"`find` (decode, hashes, probes, keypoints, candidates, verification) "
        f"{1000 * lookup_s / n_copies:.1f} ms on average; index file "
        f"{stats.file_bytes / n_refs:.0f} bytes per photo.",
        f"Hard transforms ≥ 90% (collage and side by side aside): {hard_ok}.",
        "",
        "Time per photo look-up, decode included (ms; wall p50 and median CPU time, which a "
        "busy machine inflates less; keypoint verification is per candidate):",
        "",
        table(
            [
                "photo",
                "before: hashes + probes, wall",
                "after: + keypoints, wall",
                "before, CPU",
                "after, CPU",
                "verify_keypoints CPU, same photo",
                "verify_keypoints CPU, other photo",
            ],
            _timings(),
        ),
    ]
    return "\n".join(lines)


def same_backdrop_pairs(n: int) -> str:
    """Every ordered pair of different people sharing a backdrop, checked directly.

    The first ``n`` cached portraits (``_portraits.py``): the even ones share one
    of 10 backdrops. Each is the query (as a JPEG, decoded as a look-up decodes
    it) against every other one on its backdrop, with no index in between, so
    that the pairs the candidate search would never offer are checked too.
    """
    pixels = cached_portraits(n)
    shared = [i for i in range(n) if i % 2 == 0]
    stored = {i: descriptors(Image.fromarray(np.asarray(pixels[i]))) for i in shared}
    queries = {}
    for i in shared:
        jpeg = _jpeg_bytes(Image.fromarray(np.asarray(pixels[i])))
        queries[i] = keypoint_query(load_photo(jpeg, min_side=KEYPOINT_SIDE))
    pairs, accepted = 0, []
    start = time.process_time()
    for a in shared:
        for b in shared:
            if a != b and a % 20 == b % 20:
                pairs += 1
                match = verify_keypoints(queries[a], stored[b])
                if match is not None:
                    accepted.append((a, b, round(match.agreement, 3), match.inliers))
    cpu = time.process_time() - start
    return (
        f"Same-backdrop pairs of the first {n} portraits ({len(shared)} on 10 shared backdrops): "
        f"{pairs} ordered pairs verified directly, {len(accepted)} accepted as copies "
        f"(query, stored, agreement, inliers): {accepted}; {1000 * cpu / max(1, pairs):.2f} ms "
        "CPU per pair."
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--portraits", type=int, default=1000, help="synthetic portraits (1000)")
    parser.add_argument(
        "--pairs",
        type=int,
        default=0,
        help="instead, check every same-backdrop pair of this many cached portraits directly",
    )
    args = parser.parse_args()
    print(same_backdrop_pairs(args.pairs) if args.pairs else run(args.portraits))
