"""Many distinct synthetic portraits as grey 256×256 pixels, cached for the keypoint benchmarks.

Drawing a portrait (:func:`fakeprofile.synthetic.draw_portrait`) costs about
10 ms, far more than its keypoints, so the pixels are drawn once and kept in a
memory-mapped ``.npy`` under ``/tmp/fakeprofile-bench/`` (never in the
repository). Portrait ``i`` is ``draw_portrait(SEED0 + i, style=...)``: even
``i`` share one of 10 backdrops (different people on the same background
pixels, as with a company's headshot template), odd ``i`` have their own.

Run ``python benchmarks/_portraits.py N`` to fill the cache ahead of time.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fakeprofile.synthetic import draw_portrait

CACHE = Path("/tmp/fakeprofile-bench")
SIDE = 256
#: Seeds start here, away from the seeds the robustness benchmark draws (0-999).
SEED0 = 1_000_000


def style(i: int) -> int | None:
    """The backdrop of portrait ``i``: one of 10 shared ones for even ``i``, its own otherwise."""
    return None if i % 2 else i % 20


def portrait(i: int) -> Image.Image:
    """Portrait ``i``, drawn (not cached)."""
    return draw_portrait(SEED0 + i, style=style(i), size=SIDE).convert("L")


def portraits(n: int, *, log: bool = True) -> np.ndarray:
    """The first ``n`` portraits' pixels, shape (n, SIDE, SIDE), drawing the missing ones."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"portraits-{SIDE}.npy"
    done_path = CACHE / f"portraits-{SIDE}.done"
    have = int(done_path.read_text()) if done_path.exists() and path.exists() else 0
    if path.exists():
        old = np.load(path, mmap_mode="r")
        size = old.shape[0]
    else:
        old, size = None, 0
    if size < n:  # grow the file, keeping what is drawn
        grown = np.lib.format.open_memmap(
            CACHE / f"portraits-{SIDE}.tmp.npy", "w+", np.uint8, (n, SIDE, SIDE)
        )
        if old is not None and have:
            grown[:have] = old[:have]
        grown.flush()
        del grown, old
        (CACHE / f"portraits-{SIDE}.tmp.npy").replace(path)
    pixels = np.load(path, mmap_mode="r+")
    for i in range(have, n):
        pixels[i] = np.asarray(portrait(i), dtype=np.uint8)
        if (i + 1) % 1000 == 0 or i + 1 == n:
            pixels.flush()
            done_path.write_text(str(i + 1))
            if log:
                print(f"portraits: {i + 1}/{n}", file=sys.stderr, flush=True)
    done: np.ndarray = np.load(path, mmap_mode="r")
    return done[:n]


if __name__ == "__main__":
    portraits(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
