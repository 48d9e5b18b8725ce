"""Draw the example profile photos procedurally (no photo from elsewhere is committed).

Run ``python examples/draw_photos.py`` to regenerate ``examples/photos/``. Each
portrait is drawn by :func:`fakeprofile.synthetic.draw_portrait` from a fixed
seed; the copycat's photo is the active member's portrait mirrored, slightly
cropped and re-compressed, the way a fake profile reuses a real member's photo.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageOps

from fakeprofile.synthetic import draw_portrait

HERE = Path(__file__).resolve().parent / "photos"
PEOPLE = {"amara": 11, "george": 23, "jordan": 37, "priya": 41}


def main() -> None:
    """Write the portraits and the copycat's copy of Amara's photo."""
    HERE.mkdir(exist_ok=True)
    for name, seed in PEOPLE.items():
        draw_portrait(seed).save(HERE / f"{name}.jpg", quality=88)
    # The copycat: Amara's photo, mirrored, 4% cropped, resized and re-compressed.
    original = Image.open(HERE / "amara.jpg")
    side = original.width
    copy = ImageOps.mirror(original).crop((8, 8, side - 8, side - 8)).resize((360, 360))
    copy.save(HERE / "amelia_copy.jpg", quality=70)


if __name__ == "__main__":
    main()
