"""Deterministic, photo-like test images drawn with Pillow (no files outside the repo needed)."""

from __future__ import annotations

import io
import math
import random
from collections.abc import Callable

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from fakeprofile.fingerprints.photo import STRONG_BITS, PhotoFingerprint, PhotoHash


def synthetic_photo(seed: int, size: tuple[int, int] = (320, 320)) -> Image.Image:
    """A smooth random scene with a few shapes: distinct seeds give distinct pictures."""
    rng = np.random.default_rng(seed)
    coarse = rng.integers(0, 256, size=(6, 6, 3), dtype=np.uint8)
    image = Image.fromarray(coarse, "RGB").resize(size, Image.Resampling.BICUBIC)
    draw = ImageDraw.Draw(image)
    w, h = size
    for _ in range(6):
        x0, y0 = int(rng.integers(0, w - 40)), int(rng.integers(0, h - 40))
        x1, y1 = x0 + int(rng.integers(30, w // 2)), y0 + int(rng.integers(30, h // 2))
        colour = tuple(int(c) for c in rng.integers(0, 256, size=3))
        if rng.random() < 0.5:
            draw.ellipse((x0, y0, x1, y1), fill=colour)
        else:
            draw.rectangle((x0, y0, x1, y1), fill=colour)
    return image


def encode(image: Image.Image, fmt: str = "PNG", **options: object) -> bytes:
    """The image encoded in memory."""
    buf = io.BytesIO()
    image.save(buf, fmt, **options)
    return buf.getvalue()


# --------------------------------------------------------------------------- #
# Copies that try to hide: the transforms of the robustness tests
# --------------------------------------------------------------------------- #

Transform = Callable[[Image.Image], Image.Image]


def crop(kept: float, ox: float, oy: float) -> Transform:
    """Keep a ``kept`` share of each side, from the offset (``ox``, ``oy``) in shares."""

    def apply(img: Image.Image) -> Image.Image:
        w, h = img.size
        left, top = round(w * ox), round(h * oy)
        return img.crop((left, top, left + round(w * kept), top + round(h * kept)))

    return apply


def rotate(angle: float) -> Transform:
    """Turn by ``angle`` degrees, keeping the size (corners filled black)."""
    return lambda im: im.convert("RGB").rotate(angle, resample=Image.Resampling.BILINEAR)


def sticker(img: Image.Image) -> Image.Image:
    """A flat yellow square covering 15% of the photo, a little off centre."""
    out = img.convert("RGB")
    w, h = out.size
    side = math.sqrt(0.15 * w * h)
    left, top = 0.55 * w - side / 2, 0.45 * h - side / 2
    ImageDraw.Draw(out).rectangle((left, top, left + side, top + side), fill=(255, 204, 0))
    return out


def smiley(img: Image.Image, share: float = 0.15) -> Image.Image:
    """A yellow rounded-square smiley covering ``share`` of the photo, at its centre."""
    out = img.convert("RGB")
    w, h = out.size
    side = math.sqrt(share * w * h)
    left, top = (w - side) / 2, (h - side) / 2
    draw = ImageDraw.Draw(out)
    draw.rounded_rectangle((left, top, left + side, top + side), side / 5, fill=(255, 204, 0))
    for ex in (0.33, 0.67):
        x, y, r = left + ex * side, top + 0.38 * side, side / 16
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(40, 30, 0))
    mouth = (left + 0.25 * side, top + 0.4 * side, left + 0.75 * side, top + 0.8 * side)
    draw.arc(mouth, 20, 160, fill=(40, 30, 0), width=max(1, round(side / 20)))
    return out


def caption(img: Image.Image) -> Image.Image:
    """A large "OPEN TO WORK" across the middle, white with a black outline."""
    out = img.convert("RGB")
    size = max(10, out.height // 8)
    ImageDraw.Draw(out).text(
        (out.width // 2, out.height // 2),
        "OPEN TO WORK",
        fill="white",
        font=ImageFont.load_default(size=size),
        anchor="mm",
        stroke_width=max(1, size // 10),
        stroke_fill="black",
    )
    return out


def frame(patterned: bool) -> Transform:
    """A frame a tenth of the photo's side wide: white, or a two-colour diagonal pattern."""

    def apply(img: Image.Image) -> Image.Image:
        rgb = img.convert("RGB")
        b = round(0.1 * max(rgb.size))
        height, width = rgb.height + 2 * b, rgb.width + 2 * b
        if patterned:
            yy, xx = np.mgrid[0:height, 0:width]
            colours = np.array([[30, 100, 255], [230, 160, 75]], dtype=np.uint8)
            out = Image.fromarray(colours[((xx + yy) // max(4, b // 4)) % 2], "RGB")
        else:
            out = Image.new("RGB", (width, height), "white")
        out.paste(rgb, (b, b))
        return out

    return apply


def random_fingerprint(rng: random.Random) -> PhotoFingerprint:
    """A fingerprint of independent random hashes (no photo behind it)."""
    return PhotoFingerprint(
        PhotoHash(rng.getrandbits(64), 64),
        PhotoHash(rng.getrandbits(STRONG_BITS), STRONG_BITS),
        PhotoHash(rng.getrandbits(64), 64),
        PhotoHash(rng.getrandbits(STRONG_BITS), STRONG_BITS),
    )
