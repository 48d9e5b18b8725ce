"""Photo copies found on the real photos: recall per transform at zero false matches.

Each real photo in ``../shared/data/photos`` is transformed the way a copier
would; a copy is *found* when :func:`fakeprofile.fingerprints.photo.verify` confirms
the original (64-bit candidate within ``CANDIDATE_RADIUS``, 256-bit within
``STRONG_THRESHOLD``, either orientation). Every transformed copy is also
checked against every *other* original: those are the false matches.

Run: ``python benchmarks/bench_photo_robustness.py``
"""

from __future__ import annotations

import io
import math
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageFont

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import machine, table

from fakeprofile.fingerprints.photo import (
    CANDIDATE_RADIUS,
    PROBE_THRESHOLD,
    STRONG_THRESHOLD,
    PhotoFingerprint,
    fingerprint,
    fingerprint_image,
    load_photo,
    probe_image,
    verify,
)

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
    def apply(img: Image.Image) -> Image.Image:
        w, h = img.size
        left, top = round(w * ox), round(h * oy)
        return img.crop((left, top, left + round(w * kept), top + round(h * kept)))

    return apply


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


def run() -> str:
    """Measure and return the Markdown report."""
    files = sorted(p for p in PHOTOS.iterdir() if p.suffix in {".png", ".jpg"})
    originals = {p.stem: fingerprint(p) for p in files}
    names = list(originals)
    copies: dict[tuple[str, str], PhotoFingerprint] = {}
    probes: dict[tuple[str, str], tuple[PhotoFingerprint, ...]] = {}
    for p in files:
        img = Image.open(p)
        img.load()
        for tname, fn in {**TRANSFORMS, **EXTRA}.items():
            made = fn(img)
            copy = load_photo(made) if isinstance(made, bytes) else made
            copies[(p.stem, tname)] = fingerprint_image(copy)
            probes[(p.stem, tname)] = probe_image(copy)

    def found_by_probes(key: tuple[str, str], o: PhotoFingerprint) -> bool:
        return any(
            verify(q, o.phash, o.strong, threshold=PROBE_THRESHOLD) is not None for q in probes[key]
        )

    rows = []
    found_total = n_total = probed_total = 0
    true_strong: list[int] = []
    true_p64: list[int] = []
    for tname in [*TRANSFORMS, *EXTRA]:
        found = probed = 0
        worst = 0
        for name in names:
            q, o = copies[(name, tname)], originals[name]
            hit = verify(q, o.phash, o.strong)
            found += hit is not None
            probed += hit is not None or found_by_probes((name, tname), o)
            p64 = min(q.phash - o.phash, q.mirror_phash - o.phash)
            s256 = min(q.strong - o.strong, q.mirror_strong - o.strong)
            true_p64.append(p64)
            true_strong.append(s256)
            worst = max(worst, s256)
        if tname in TRANSFORMS:
            found_total += found
            probed_total += probed
            n_total += len(names)
        rows.append(
            [
                tname,
                f"{found}/{len(names)}",
                100.0 * found / len(names),
                f"{probed}/{len(names)}",
                100.0 * probed / len(names),
                worst,
            ]
        )

    # False matches: every copy (and original) of photo i against the original of j != i.
    false = 0
    pairs = 0
    distinct_strong: list[int] = []
    distinct_p64: list[int] = []
    close_pairs: list[tuple[str, str, int, int]] = []
    probe_pairs = probe_false = 0
    for (name, tname), q in [
        *copies.items(),
        *(((n, "original"), f) for n, f in originals.items()),
    ]:
        for other in names:
            if other == name:
                continue
            o = originals[other]
            pairs += 1
            false += verify(q, o.phash, o.strong) is not None
            if tname != "original":
                probe_pairs += len(probes[(name, tname)])
                probe_false += found_by_probes((name, tname), o)
            p64 = min(q.phash - o.phash, q.mirror_phash - o.phash)
            s256 = min(q.strong - o.strong, q.mirror_strong - o.strong)
            distinct_p64.append(p64)
            distinct_strong.append(s256)
            if p64 <= CANDIDATE_RADIUS:
                close_pairs.append((name, other, p64, s256))

    ds = np.array(distinct_strong, dtype=float)
    # Tail estimate of a false match: normal fit of the 256-bit distance between
    # distinct photos, P(d ≤ threshold) (the sample is far too small to count 1e-6).
    z = (STRONG_THRESHOLD + 0.5 - ds.mean()) / ds.std()
    tail = 0.5 * math.erfc(-z / math.sqrt(2))
    p64_rate = float(np.mean(np.array(distinct_p64) <= CANDIDATE_RADIUS))

    lines = [
        f"Machine: {machine()}",
        "",
        f"{len(names)} real photos; candidate radius {CANDIDATE_RADIUS}/64, "
        f"strong threshold {STRONG_THRESHOLD}/256 ({PROBE_THRESHOLD}/256 for a query probe), "
        "mirror-aware.",
        "",
        table(
            [
                "transform",
                "found (fingerprint)",
                "recall %",
                "found (+ query probes)",
                "recall %",
                "worst 256-bit distance (fingerprint)",
            ],
            rows,
        ),
        "",
        f"Overall recall (target set, {n_total} copies): fingerprint alone {found_total}/"
        f"{n_total} = {100.0 * found_total / n_total:.1f}%; with query probes "
        f"{probed_total}/{n_total} = {100.0 * probed_total / n_total:.1f}%",
        "",
        f"Distinct-photo pairs compared: {pairs}; false matches: {false}. "
        f"With probes: {probe_pairs} probe comparisons, {probe_false} false matches.",
        f"64-bit candidates among distinct pairs (≤ {CANDIDATE_RADIUS} bits): "
        f"{int(p64_rate * pairs)} ({p64_rate:.2e}); their 256-bit distances: "
        f"{sorted(c[3] for c in close_pairs)[:10]}",
        f"256-bit distance between distinct photos: min {int(ds.min())}, "
        f"mean {ds.mean():.1f}, sd {ds.std():.1f}; true copies: max "
        f"{max(true_strong)} (found or not), 64-bit max {max(true_p64)}.",
        f"Normal-tail estimate of P(distinct pair ≤ {STRONG_THRESHOLD}/256): {tail:.1e}.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(run())
