"""Photo hashing throughput per photo size, decode included: ours vs plain imagehash.phash.

Ours is :func:`fakeprofile.fingerprints.photo.fingerprint`: safe loading, reduced-size
JPEG decode (``Image.draft``), border trim, and four hashes (64- and 256-bit
pHash, each also of the mirror image). The reference is
``imagehash.phash(Image.open(...))``: one 64-bit hash, full decode, no mirror.
The last column adds the 8 query probes (crops, rotations) that a look-up of a
photo file computes (:func:`fakeprofile.fingerprints.photo.probe_image`).
Input: the real photo ``astronaut.png`` resized to each size, encoded in memory.

Run: ``python benchmarks/bench_photo_hashing.py``
"""

from __future__ import annotations

import functools
import io
import sys
from pathlib import Path

import imagehash
from common import machine, percentiles, table, time_calls
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fakeprofile.fingerprints.photo import fingerprint, fingerprint_image, load_photo, probe_image

PHOTO = Path(__file__).resolve().parents[2] / "shared" / "data" / "photos" / "astronaut.png"


def _with_probes(data: bytes) -> object:
    grey = load_photo(data)
    return fingerprint_image(grey), probe_image(grey)


def _imagehash(data: bytes) -> object:
    return imagehash.phash(Image.open(io.BytesIO(data)))


def run(repeat: int = 300) -> str:
    """Measure and return the Markdown report."""
    source = Image.open(PHOTO).convert("RGB")
    rows = []
    for side in (200, 400, 800, 1600):
        for fmt in ("JPEG", "PNG"):
            buf = io.BytesIO()
            source.resize((side, side), Image.Resampling.LANCZOS).save(buf, fmt, quality=85)
            data = buf.getvalue()
            n = repeat if side <= 800 else repeat // 3
            ours = percentiles(time_calls(functools.partial(fingerprint, data), repeat=n))
            ref = percentiles(time_calls(functools.partial(_imagehash, data), repeat=n))
            probed = percentiles(time_calls(functools.partial(_with_probes, data), repeat=n // 3))
            rows.append(
                [
                    f"{side}×{side} {fmt}",
                    len(data) // 1024,
                    ours["p50"],
                    1000 / ours["mean"],
                    ref["p50"],
                    1000 / ref["mean"],
                    ref["p50"] / ours["p50"],
                    probed["p50"],
                ]
            )
    return "\n".join(
        [
            f"Machine: {machine()}",
            "",
            table(
                [
                    "photo",
                    "KiB",
                    "ours p50 ms (4 hashes, mirror-aware)",
                    "ours photos/s",
                    "imagehash.phash p50 ms (1 hash)",
                    "imagehash photos/s",
                    "speed-up",
                    "ours + 8 query probes p50 ms",
                ],
                rows,
            ),
        ]
    )


if __name__ == "__main__":
    print(run())
