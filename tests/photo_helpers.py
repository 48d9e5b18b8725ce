"""Deterministic, photo-like test images drawn with Pillow (no files outside the repo needed)."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageDraw


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
