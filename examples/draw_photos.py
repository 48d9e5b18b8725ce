"""Draw the example profile photos procedurally (no photo from elsewhere is committed).

Run ``python examples/draw_photos.py`` to regenerate ``examples/photos/``. Each
portrait is a stylised head-and-shoulders drawing from a fixed seed; the
copycat's photo is the active member's portrait mirrored, slightly cropped and
re-compressed, the way a fake profile reuses a real member's photo.
"""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageOps

HERE = Path(__file__).resolve().parent / "photos"
SIZE = 400


def portrait(seed: int) -> Image.Image:
    """A head-and-shoulders drawing whose colours, shapes and background come from ``seed``."""
    rng = random.Random(seed)
    top = tuple(rng.randrange(60, 200) for _ in range(3))
    bottom = tuple(rng.randrange(20, 120) for _ in range(3))
    img = Image.new("RGB", (SIZE, SIZE))
    draw = ImageDraw.Draw(img)
    for y in range(SIZE):  # vertical gradient background
        t = y / (SIZE - 1)
        draw.line(
            [(0, y), (SIZE, y)],
            fill=tuple(int(a * (1 - t) + b * t) for a, b in zip(top, bottom, strict=True)),
        )
    for _ in range(rng.randrange(3, 8)):  # out-of-focus background shapes
        x, y, r = rng.randrange(SIZE), rng.randrange(SIZE // 2), rng.randrange(20, 90)
        shade = tuple(rng.randrange(40, 230) for _ in range(3))
        draw.ellipse([x - r, y - r, x + r, y + r], fill=shade)
    img = img.filter(ImageFilter.GaussianBlur(6))
    draw = ImageDraw.Draw(img)
    skin = rng.choice(
        [(241, 194, 125), (224, 172, 105), (198, 134, 66), (141, 85, 36), (255, 219, 172)]
    )
    shirt = tuple(rng.randrange(0, 256) for _ in range(3))
    hair = rng.choice([(20, 15, 10), (90, 56, 37), (180, 140, 80), (120, 120, 120), (60, 30, 20)])
    cx = SIZE // 2 + rng.randrange(-30, 30)
    draw.ellipse([cx - 150, 290, cx + 150, 520], fill=shirt)  # shoulders
    draw.rectangle([cx - 30, 240, cx + 30, 310], fill=skin)  # neck
    hw, hh = rng.randrange(70, 90), rng.randrange(95, 115)
    draw.ellipse([cx - hw - 8, 70, cx + hw + 8, 70 + 2 * hh - 40], fill=hair)  # hair
    draw.ellipse([cx - hw, 90, cx + hw, 90 + 2 * hh], fill=skin)  # face
    ey = 90 + hh - 10
    for dx in (-hw // 2, hw // 2):
        draw.ellipse([cx + dx - 9, ey - 6, cx + dx + 9, ey + 6], fill=(255, 255, 255))
        draw.ellipse([cx + dx - 4, ey - 4, cx + dx + 4, ey + 4], fill=(30, 30, 30))
    draw.arc([cx - 35, ey + 35, cx + 35, ey + 75], 20, 160, fill=(120, 40, 40), width=4)
    if rng.random() < 0.5:  # glasses
        for dx in (-hw // 2, hw // 2):
            draw.ellipse(
                [cx + dx - 20, ey - 16, cx + dx + 20, ey + 16], outline=(10, 10, 10), width=3
            )
    return img


def main() -> None:
    HERE.mkdir(exist_ok=True)
    people = {"amara": 11, "george": 23, "jordan": 37, "priya": 41}
    for name, seed in people.items():
        portrait(seed).save(HERE / f"{name}.jpg", quality=88)
    # The copycat: Amara's photo, mirrored, 4% cropped, resized and re-compressed.
    original = Image.open(HERE / "amara.jpg")
    copy = ImageOps.mirror(original).crop((8, 8, SIZE - 8, SIZE - 8)).resize((360, 360))
    copy.save(HERE / "amelia_copy.jpg", quality=70)


if __name__ == "__main__":
    main()
