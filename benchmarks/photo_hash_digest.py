"""A digest of photo hashes, to check that a change to the hashing code changed no bit.

Hashes 496 encodings and prints SHA-256 prefixes of what a look-up and an index
compute from them: ``query_hashes`` (the fingerprint and its 8 query probes)
and ``fingerprint`` (what an index stores).

- the 16 real photos in ``../shared/data/photos``;
- 100 drawn portraits (``draw_portrait``) as JPEG at 200, 400 and 640 pixels
  a side and as PNG;
- 40 more portraits at odd sizes (400×300, 300×420, 50×60, 1200×900, 97×203),
  half of them framed by a uniform border, as JPEG or PNG, each also as a
  semi-transparent RGBA PNG.

Run it on the code before and after a change (``python
benchmarks/photo_hash_digest.py --tree <checkout>``, by default this one):
equal digests mean byte-identical hashes.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import io
import sys
from pathlib import Path

from PIL import Image, ImageOps

PHOTOS = Path(__file__).resolve().parents[2] / "shared" / "data" / "photos"


def _encoded(image: Image.Image, fmt: str, **options: object) -> bytes:
    buf = io.BytesIO()
    image.save(buf, fmt, **options)
    return buf.getvalue()


def encodings() -> tuple[list[bytes], list[bytes]]:
    """The real photos and square portraits; the odd-sized, framed and transparent ones."""
    draw_portrait = importlib.import_module("fakeprofile.synthetic").draw_portrait
    main = [p.read_bytes() for p in sorted(PHOTOS.iterdir()) if p.suffix in (".png", ".jpg")]
    for i in range(100):
        portrait = draw_portrait(i * 7 + 3)
        for side in (200, 400, 640):
            main.append(_encoded(portrait.convert("RGB").resize((side, side)), "JPEG", quality=85))
        main.append(_encoded(portrait, "PNG"))
    extra = []
    for i in range(40):
        w, h = [(400, 300), (300, 420), (50, 60), (1200, 900), (97, 203)][i % 5]
        image = draw_portrait(5000 + i).convert("RGB").resize((w, h))
        if i % 2:
            colour = (250, 250, 250) if i % 3 else (0, 0, 0)
            image = ImageOps.expand(
                image, border=[3, 8, 12, 5][i % 4] * max(1, w // 100), fill=colour
            )
        extra.append(_encoded(image, "JPEG" if i % 3 else "PNG"))
        rgba = image.convert("RGBA")
        rgba.putalpha(200)
        extra.append(_encoded(rgba, "PNG"))
    return main, extra


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tree", type=Path, default=Path(__file__).resolve().parents[1])
    tree = parser.parse_args().tree.resolve()
    sys.path.insert(0, str(tree))
    photo = importlib.import_module("fakeprofile.fingerprints.photo")
    if not Path(str(photo.__file__)).is_relative_to(tree):
        raise SystemExit(f"fakeprofile was imported from {photo.__file__}, not from {tree}")
    fingerprint, query_hashes = photo.fingerprint, photo.query_hashes
    square, odd = encodings()
    queries, stored, more = hashlib.sha256(), hashlib.sha256(), hashlib.sha256()
    for data in square:
        queries.update(query_hashes(data).encode() + b"\n")
        stored.update(fingerprint(data).to_hex().encode())
    for data in odd:
        more.update(query_hashes(data).encode() + fingerprint(data).to_hex().encode())
    print(
        f"{len(square)} encodings: query_hashes {queries.hexdigest()[:16]}, "
        f"fingerprint {stored.hexdigest()[:16]}; "
        f"{len(odd)} odd-sized/framed/RGBA: {more.hexdigest()[:16]}"
    )


if __name__ == "__main__":
    main()
