"""Procedurally drawn portraits, and the copies copycats make of them."""

from __future__ import annotations

import random
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ._sampling import _int

if TYPE_CHECKING:
    from PIL import Image

_PHOTO_SIZE = 400


def _smooth_field(rng: random.Random, grid: int, side: int) -> np.ndarray:
    """A smooth random field of values in about [-1, 1], ``side`` × ``side``.

    A ``grid`` × ``grid`` array of random values upsampled bicubically: the
    larger the grid, the finer the blotches.
    """
    from PIL import Image

    values = np.array([rng.uniform(-1.0, 1.0) for _ in range(grid * grid)], dtype=np.float32)
    img = Image.fromarray(values.reshape(grid, grid), "F")
    return np.asarray(img.resize((side, side), Image.Resampling.BICUBIC))


def _colour(rng: random.Random, low: int = 0, high: int = 255) -> tuple[int, int, int]:
    return (rng.randrange(low, high), rng.randrange(low, high), rng.randrange(low, high))


def _jitter(rng: random.Random, base: tuple[int, int, int], amount: int) -> tuple[int, int, int]:
    r, g, b = (min(255, max(0, c + rng.randrange(-amount, amount + 1))) for c in base)
    return (r, g, b)


_SKINS = (
    (255, 224, 189),
    (241, 194, 125),
    (234, 192, 134),
    (224, 172, 105),
    (198, 134, 66),
    (161, 102, 94),
    (141, 85, 36),
    (92, 56, 30),
)
_HAIRS = (
    (20, 15, 10),
    (45, 30, 20),
    (90, 56, 37),
    (140, 90, 50),
    (180, 140, 80),
    (215, 185, 120),
    (120, 120, 120),
    (200, 200, 200),
    (60, 30, 20),
    (150, 50, 30),
)


def _background(srng: random.Random, b: int) -> Image.Image:
    """The style's backdrop at ``b`` × ``b`` pixels: a scene over a textured gradient."""
    from PIL import Image, ImageDraw, ImageFilter

    # Dark, mid-tone or bright (a white office, a high-key studio): the person is
    # not always the brightest thing in the frame.
    key = srng.choice(((10, 150), (30, 235), (150, 250)))
    top = np.array(_colour(srng, *key), dtype=np.float32)
    bottom = np.array(_colour(srng, max(10, key[0] - 40), key[1]), dtype=np.float32)
    angle = srng.uniform(0, 2 * np.pi)
    yy, xx = np.mgrid[0:b, 0:b] / (b - 1)
    t = (xx - 0.5) * np.cos(angle) + (yy - 0.5) * np.sin(angle) + 0.5
    t = np.clip(t, 0.0, 1.0)[:, :, None]
    pixels = top * (1 - t) + bottom * t
    # Texture: smooth blotches (a painted wall, foliage, a room out of focus), tinted.
    for grid, amplitude in (
        (srng.randrange(3, 6), srng.uniform(25, 60)),
        (
            srng.randrange(7, 13),
            srng.uniform(8, 25),
        ),
    ):
        tint = np.array([srng.uniform(0.4, 1.0) for _ in range(3)], dtype=np.float32)
        pixels += _smooth_field(srng, grid, b)[:, :, None] * amplitude * tint
    back = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(back)
    scene = srng.randrange(5)
    if scene == 0:  # a window: bright panes behind a frame
        x0, y0 = srng.randrange(-10, b - 30), srng.randrange(-10, b // 2)
        w, h = srng.randrange(30, 70), srng.randrange(30, 80)
        sky = _jitter(srng, (215, 230, 245), 30)
        draw.rectangle([x0, y0, x0 + w, y0 + h], fill=sky)
        frame = _colour(srng, 20, 240)
        draw.line([x0 + w // 2, y0, x0 + w // 2, y0 + h], fill=frame, width=3)
        draw.line([x0, y0 + h // 2, x0 + w, y0 + h // 2], fill=frame, width=3)
    elif scene == 1:  # a bookshelf: books of many colours on shelves
        x0 = srng.randrange(-20, b - 20)
        shelf = _colour(srng, 40, 200)
        for row in range(srng.randrange(2, 5)):
            y = row * srng.randrange(18, 30)
            x = x0
            while x < x0 + srng.randrange(30, 80):
                width = srng.randrange(2, 6)
                draw.rectangle([x, y + 2, x + width, y + 18], fill=_colour(srng, 20, 240))
                x += width + 1
            draw.rectangle([x0, y + 18, x, y + 21], fill=shelf)
    elif scene == 2:  # outdoors: a horizon, trees or buildings
        horizon = srng.randrange(b // 4, 3 * b // 4)
        ground = _colour(srng, 20, 150)
        draw.rectangle([0, horizon, b, b], fill=ground)
        for _ in range(srng.randrange(2, 8)):
            x, r = srng.randrange(b), srng.randrange(6, 24)
            shade = _jitter(srng, (60, 110, 50), 50)
            if srng.random() < 0.5:
                draw.ellipse([x - r, horizon - 2 * r, x + r, horizon], fill=shade)
            else:
                draw.rectangle([x - r, horizon - 3 * r, x + r, horizon], fill=_colour(srng))
    elif scene == 3:  # an office: a wall band, a door, a lamp, bokeh
        x0 = srng.randrange(0, b - 15)
        draw.rectangle([x0, 0, x0 + srng.randrange(10, 50), b], fill=_colour(srng, 30, 240))
        for _ in range(srng.randrange(3, 10)):
            x, y, r = srng.randrange(b), srng.randrange(b), srng.randrange(4, 20)
            draw.ellipse([x - r, y - r, x + r, y + r], fill=_colour(srng, 60, 255))
    # scene 4: a studio backdrop, the texture alone
    back = back.filter(ImageFilter.GaussianBlur(srng.uniform(1.0, 2.5)))
    # Light falloff from a point of the frame (a lamp, a window out of view).
    lx, ly, strength = srng.uniform(-0.3, 1.3), srng.uniform(-0.3, 1.3), srng.uniform(0.2, 0.6)
    falloff = 1.0 - strength * np.clip(np.hypot(xx - lx, yy - ly) / 1.4, 0.0, 1.0)
    lit = np.asarray(back, dtype=np.float32) * falloff[:, :, None].astype(np.float32)
    return Image.fromarray(np.clip(lit, 0, 255).astype(np.uint8), "RGB")


def _person(prng: random.Random, s: int) -> Image.Image:
    """The person on a transparent layer ``s`` wide and ``1.5 s`` tall, lit from one side."""
    from PIL import Image, ImageChops, ImageDraw

    # Taller than the frame, so that tilting never shows where the shoulders end.
    layer = Image.new("RGBA", (s, s * 3 // 2), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    skin = _jitter(prng, prng.choice(_SKINS), 14)
    hair = _jitter(prng, prng.choice(_HAIRS), 12)
    jacket = _colour(prng, 10, 245)
    shirt = _colour(prng, 60, 255) if prng.random() < 0.6 else (242, 242, 238)
    cx = s // 2 + prng.randrange(-12, 13)
    hw, hh = prng.randrange(60, 96), prng.randrange(85, 126)
    top = prng.randrange(70, 110)  # top of the face
    chin = top + 2 * hh
    hair_style = prng.randrange(6)
    if hair_style == 1:  # long hair, behind the shoulders
        draw.rectangle(
            [cx - hw - 16, top + 30, cx + hw + 16, chin + prng.randrange(20, 90)], fill=hair
        )
    elif hair_style == 3:  # curly volume
        draw.ellipse([cx - hw - 40, top - 45, cx + hw + 40, top + hh + 50], fill=hair)
    shoulder = prng.randrange(120, 180)
    neck_top = chin - 40
    draw.ellipse([cx - shoulder, chin + 10, cx + shoulder, chin + 400], fill=jacket)
    collar = prng.randrange(22, 45)
    draw.polygon(
        [(cx - collar, chin + 12), (cx + collar, chin + 12), (cx, chin + prng.randrange(60, 120))],
        fill=shirt,
    )
    if prng.random() < 0.25:  # a tie
        tie = _colour(prng, 10, 230)
        draw.polygon([(cx - 8, chin + 20), (cx + 8, chin + 20), (cx, chin + 100)], fill=tie)
    draw.rectangle([cx - 28, neck_top, cx + 28, chin + 22], fill=skin)  # neck
    if hair_style in (0, 1, 2, 5):  # a cap of hair over the head
        draw.ellipse([cx - hw - 8, top - 20, cx + hw + 8, top + 2 * hh - 40], fill=hair)
    if hair_style == 2:  # a bun
        r = prng.randrange(25, 40)
        draw.ellipse([cx - r, top - 20 - 2 * r + 10, cx + r, top - 10], fill=hair)
    draw.ellipse([cx - hw - 10, top + hh - 20, cx - hw + 10, top + hh + 20], fill=skin)  # ears
    draw.ellipse([cx + hw - 10, top + hh - 20, cx + hw + 10, top + hh + 20], fill=skin)
    draw.ellipse([cx - hw, top, cx + hw, chin], fill=skin)  # face
    if hair_style == 5:  # a fringe, parted to one side
        side = prng.choice((-1, 1))
        draw.chord([cx - hw, top - 10, cx + hw, top + prng.randrange(50, 90)], 180, 360, fill=hair)
        draw.polygon(
            [(cx + side * hw, top + 20), (cx - side * 10, top), (cx + side * hw, top + 60)],
            fill=hair,
        )
    ey = top + hh - prng.randrange(0, 20)
    gap = hw // 2 + prng.randrange(-6, 7)
    brow = _jitter(prng, hair, 20)
    for dx in (-gap, gap):
        draw.ellipse([cx + dx - 9, ey - 6, cx + dx + 9, ey + 6], fill=(250, 250, 250))
        iris = prng.choice(((60, 40, 20), (40, 80, 120), (70, 100, 60), (30, 30, 30)))
        draw.ellipse([cx + dx - 4, ey - 4, cx + dx + 4, ey + 4], fill=iris)
        draw.line([cx + dx - 12, ey - 14, cx + dx + 12, ey - 16], fill=brow, width=4)
    nose = (max(0, skin[0] - 35), max(0, skin[1] - 35), max(0, skin[2] - 35))
    draw.arc([cx - 10, ey + 10, cx + 10, ey + 40], 300, 60, fill=nose, width=3)
    mouth_y = ey + prng.randrange(45, 65)
    lips = _jitter(prng, (150, 60, 60), 30)
    width = prng.randrange(22, 40)
    if prng.random() < 0.7:  # a smile
        draw.arc([cx - width, mouth_y - 20, cx + width, mouth_y + 10], 20, 160, fill=lips, width=4)
    else:
        draw.line([cx - width + 8, mouth_y, cx + width - 8, mouth_y], fill=lips, width=4)
    if prng.random() < 0.22:  # a beard
        draw.chord([cx - hw + 6, ey + 10, cx + hw - 6, chin + 12], 20, 160, fill=hair)
    elif prng.random() < 0.1:  # a moustache
        draw.rectangle([cx - 22, mouth_y - 14, cx + 22, mouth_y - 6], fill=hair)
    if prng.random() < 0.45:  # glasses
        frame = _colour(prng, 0, 160)
        lens = prng.randrange(16, 24)
        shape = draw.ellipse if prng.random() < 0.5 else draw.rectangle
        for dx in (-gap, gap):
            shape(
                [cx + dx - lens, ey - lens + 4, cx + dx + lens, ey + lens - 4],
                outline=frame,
                width=3,
            )
    # Key light from one side: the other side of the person falls into shadow.
    angle, depth = prng.uniform(0, 2 * np.pi), prng.uniform(0.15, 0.5)
    q = s // 4
    yy, xx = np.mgrid[0:q, 0:q] / (q - 1)
    ramp = (xx - 0.5) * np.cos(angle) + (yy - 0.5) * np.sin(angle) + 0.5
    light = Image.fromarray((255 * (1 - depth * np.clip(ramp, 0, 1))).astype(np.uint8), "L")
    light = light.resize(layer.size, Image.Resampling.BILINEAR)
    rgb = ImageChops.multiply(layer.convert("RGB"), Image.merge("RGB", (light, light, light)))
    rgb.putalpha(layer.getchannel("A"))
    return rgb


def draw_portrait(seed: int, *, style: int | None = None, size: int = _PHOTO_SIZE) -> Image.Image:
    """Draw a stylised head-and-shoulders portrait, procedurally.

    Parameters
    ----------
    seed : int
        Chooses the person: skin, hair (colour and cut), clothes, face shape and
        features, glasses, the side the light comes from, pose and framing.
    style : int, optional
        Chooses the background: a scene (window, bookshelf, outdoors, office or
        studio backdrop) over a textured gradient, with its colours and light
        falloff. Members of one company share a style, as a company headshot
        template does; by default the style follows ``seed``, so every person
        has a background of their own.
    size : int
        Width and height in pixels.

    Returns
    -------
    PIL.Image.Image
        An RGB image.

    Examples
    --------
    >>> draw_portrait(7, size=128).size
    (128, 128)
    """
    from PIL import Image

    s = _PHOTO_SIZE
    srng = random.Random(f"style-{seed if style is None else style}")
    prng = random.Random(f"person-{seed}")
    # Perceptual hashes look at the low frequencies of the central 70%: backgrounds
    # and lighting vary in layout as much as in colour, so that unrelated portraits
    # do not share them. Drawn at a quarter of the size: blurred anyway, 16x cheaper.
    img = _background(srng, s // 4).resize((s, s), Image.Resampling.BILINEAR)
    layer = _person(prng, s)
    # Scaled, tilted a little (about the chest) and placed in one affine transform,
    # computed for the frame's pixels only: each (X, Y) of the frame reads the layer at
    # the rotated and scaled position of (X - ox, Y - oy).
    tilt = np.radians(prng.uniform(-10, 10))
    scale = prng.uniform(0.6, 1.35)
    side = int(s * scale)
    k = s / side
    cu, cv, cx, cy = side / 2, 3 * side / 4, s / 2, 3 * s / 4
    a, b = k * np.cos(tilt), k * np.sin(tilt)
    ox = (s - side) // 2 + prng.randrange(-100, 101)
    oy = (s - side) // 2 + prng.randrange(-30, 61)
    c, f = cx - a * cu - b * cv, cy + b * cu - a * cv
    layer = layer.transform(
        (s, s),
        Image.Transform.AFFINE,
        (a, b, c - a * ox - b * oy, -b, a, f + b * ox - a * oy),
        Image.Resampling.BILINEAR,
    )
    img.paste(layer, (0, 0), layer)
    if size != s:
        img = img.resize((size, size))
    return img


def _copy_photo(original: Path, target: Path, r: random.Random) -> None:
    """Save a copycat's version of ``original``: mirrored and/or cropped, resized, re-compressed."""
    from PIL import Image, ImageOps

    with Image.open(original) as opened:
        img = opened.convert("RGB")
    if r.random() < 0.6:
        img = ImageOps.mirror(img)
    w, h = img.size
    frac = r.uniform(0.02, 0.08)  # always some crop, so the file never equals the original
    dx, dy = int(w * frac), int(h * frac)
    left, top = _int(r, 0, dx), _int(r, 0, dy)
    img = img.crop((left, top, w - (dx - left), h - (dy - top)))
    side = _int(r, 300, 400)
    img = img.resize((side, side))
    img.save(target, quality=_int(r, 60, 85))


# ----------------------------------------------------------------------------- text helpers
