"""Copies that try to hide: is a disguised copy of an indexed bio still found?

N generated bios (``_bios.py``, seeded) are indexed in a :class:`TextSearch`.
For each disguise in ``_bios.DISGUISES`` (case, punctuation, shuffled
sentences, Cyrillic homoglyphs, full-width letters, zero-width characters, half
the text, combining accents, spaced letters, leetspeak, misspellings of one
word in five, about 20 synonyms), ``--queries`` indexed bios are disguised and
looked up. Reported per disguise: *found* (the original is among the results),
*other matches* (any other bio returned: a false accusation) and the median
estimated similarity to the original. Then ``--queries`` fresh, unrelated bios
are looked up: every result is a false match.

Run: ``PYTHONPATH=. python benchmarks/bench_text_robustness.py --size 100000``
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _bios import DISGUISES, make_bio
from common import machine, table

from fakeprofile.fingerprints.text import text_signature
from fakeprofile.index.textsearch import TextSearch


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--size", type=int, default=100_000, help="bios indexed")
    parser.add_argument("--queries", type=int, default=1000, help="queries per disguise")
    parser.add_argument("--seed", type=int, default=20261202)
    args = parser.parse_args(argv)
    print(machine())
    rng = random.Random(args.seed)
    start = time.perf_counter()
    bios = [make_bio(rng) for _ in range(args.size)]
    search = TextSearch()
    sigs = [text_signature(b) for b in bios]
    search.add_many([i for i, s in enumerate(sigs) if s], [s for s in sigs if s])
    del sigs
    print(
        f"{args.size:,} bios generated, signed and indexed in {time.perf_counter() - start:.0f} s"
    )

    targets = rng.sample(range(args.size), args.queries)
    rows: list[list[object]] = []
    for name, disguise in DISGUISES.items():
        found = other = unsigned = 0
        sims: list[float] = []
        for t in targets:
            sig = text_signature(disguise(bios[t], rng))
            if sig is None:
                unsigned += 1
                continue
            result = dict(search.query(sig))
            found += t in result
            other += sum(1 for k in result if k != t)
            sims.append(result.get(t, 0.0))
        rows.append([name, args.queries, found / args.queries, other, float(np.median(sims))])
        print(" | ".join(map(str, rows[-1])), flush=True)
    false = 0
    for _ in range(args.queries):
        sig = text_signature(make_bio(rng))
        false += len(search.query(sig)) if sig is not None else 0
    rows.append(["unrelated bios", args.queries, "–", false, ""])
    print()
    headers = ["disguise", "queries", "found", "other matches", "median similarity"]
    print(table(headers, rows))


if __name__ == "__main__":
    main()
