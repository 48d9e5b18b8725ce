"""Calibrating the default model on one's own network: the second population, half and half.

Issue 13's check, run on the population of ``benchmarks/_network.py`` (written apart
from the training generator: an export without experience, education or skills).
The genuine members are split in two at random: ``calibrate`` sees one half, unlabelled
(taken as genuine, the usual case: one's own network), and only moves the levels'
thresholds; the other half and every fake are then scored with the calibrated model.
Reported: the false-positive rate of the held-out genuine half and the recall of the
fakes at *medium* and *high*, before (default model) and after calibration, with 95%
Wilson intervals. Genuine members are indexed (all of them, as a network would be);
fakes are not.

Run: ``PYTHONPATH=. python benchmarks/bench_calibrate_network.py [--n 2000] [--seed 1]``.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _network import generate
from common import machine, table

from fakeprofile import ReferenceIndex, Scorer, calibrate, parse_profile, score_many
from fakeprofile.scoring import RiskScore


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson score interval of a proportion k/n."""
    if n == 0:
        return (math.nan, math.nan)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (max(0.0, centre - half), min(1.0, centre + half))


def rate(scores: list[RiskScore], levels: tuple[str, ...]) -> str:
    k = sum(s.level in levels for s in scores)
    lo, hi = wilson(k, len(scores))
    return f"{k / len(scores):.3f} ({k}/{len(scores)}; {lo:.3f}-{hi:.3f})"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    print(f"Machine: {machine()}\n")
    with tempfile.TemporaryDirectory(prefix="bench-calibrate-") as tmp:
        folder = Path(tmp)
        (folder / "photos").mkdir()
        net = generate(args.n, seed=args.seed, photos=folder / "photos")
        genuine = [m for m in net.members if m.label == 0]
        fakes = [m for m in net.members if m.label == 1]
        shuffled = genuine[:]
        random.Random(args.seed).shuffle(shuffled)
        half = len(shuffled) // 2
        seen, held = shuffled[:half], shuffled[half:]
        with ReferenceIndex(folder / "network.db") as index:
            index.add(parse_profile(m.record) for m in genuine)
            calibrated, report = calibrate([m.record for m in seen], index=index, progress=False)
            rows = []
            for name, model in (("default", None), ("calibrated", calibrated)):
                scorer = Scorer(model, index)
                g = [s for s in score_many([m.record for m in held], scorer=scorer)
                     if isinstance(s, RiskScore)]  # fmt: skip
                f = [s for s in score_many([m.record for m in fakes], scorer=scorer)
                     if isinstance(s, RiskScore)]  # fmt: skip
                assert len(g) + len(f) == len(held) + len(fakes)  # no error rows
                rows.append([name, "genuine (held-out half): false-positive rate",
                             rate(g, ("high",)), rate(g, ("medium", "high"))])  # fmt: skip
                rows.append([name, "fakes: recall", rate(f, ("high",)),
                             rate(f, ("medium", "high"))])  # fmt: skip
    print(
        f"Population seed {args.seed}: {len(net.members)} profiles, {len(genuine)} genuine "
        f"({len(seen)} to calibrate on, {len(held)} held out), {len(fakes)} fake\n"
    )
    print(report.to_markdown())
    print()
    print(table(["model", "who", "high", "medium or above"], rows))


if __name__ == "__main__":
    main()
