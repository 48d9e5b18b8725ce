"""The copy sweep on the second population: are originals found, do pairs involve a fake?

Issue 16's check "on a held-out LinkedIn-like network": the sweep over every member of
``benchmarks/_network.py``'s population (genuine and fake, photos as files), then

* the share of copycats (the generator's ``copied_from``) paired with their original,
  in either direction (target ≥ 90%);
* the share of reported pairs with at least one fake in them (target ≥ 95%),

for all pairs, and again without the pairs whose about texts only share long passages
(``closeness`` "long passages shared", estimated similarity under 0.5), which a user can
drop by that column.

Run: ``PYTHONPATH=. python benchmarks/bench_sweep_network.py [--n 2000] [--seeds 1 2 3]``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _network import generate
from common import machine, table

from fakeprofile import sweep


def _measure(
    rows: list[tuple[str, str]], label: dict[str, int], copycats: dict[str, str]
) -> tuple[str, str]:
    linked: defaultdict[str, set[str]] = defaultdict(set)
    for a, b in rows:
        linked[a].add(b)
        linked[b].add(a)
    found = sum(original in linked[fake] for fake, original in copycats.items())
    with_fake = sum(label[a] == 1 or label[b] == 1 for a, b in rows)
    return (
        f"{found / len(copycats):.3f} ({found}/{len(copycats)})",
        f"{with_fake / len(rows):.3f} ({with_fake}/{len(rows)})",
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    args = parser.parse_args(argv)
    print(f"Machine: {machine()}\n")
    out_rows = []
    for seed in args.seeds:
        with tempfile.TemporaryDirectory(prefix="bench-sweep-network-") as tmp:
            folder = Path(tmp)
            (folder / "photos").mkdir()
            net = generate(args.n, seed=seed, photos=folder / "photos")
            found = sweep([m.record for m in net.members], scheduler="synchronous")
        label = {m.record["id"]: m.label for m in net.members}
        copycats = {m.record["id"]: m.copied_from for m in net.members if m.copied_from}
        pairs = found[found["copied_from"].notna() & (found["error"].isna())]
        every = list(zip(pairs["id"], pairs["copied_from"], strict=True))
        copies = pairs[pairs["closeness"] != "long passages shared"]
        kept = list(zip(copies["id"], copies["copied_from"], strict=True))
        false = Counter(
            (kind, closeness)
            for a, b, kind, closeness in zip(
                pairs["id"], pairs["copied_from"], pairs["kind"], pairs["closeness"], strict=True
            )
            if label[a] == 0 and label[b] == 0
        )
        out_rows.append([seed, "every pair", *_measure(every, label, copycats)])
        out_rows.append([seed, "without 'long passages shared'", *_measure(kept, label, copycats)])
        print(f"seed {seed}: pairs of two genuine members, by kind and closeness: {dict(false)}")
    headers = ("seed", "pairs", "copycats paired with their original", "pairs with a fake")
    print("\n" + table(headers, out_rows))


if __name__ == "__main__":
    main()
