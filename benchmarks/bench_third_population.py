"""Issue 13's and issue 16's held-out checks on the third population (``benchmarks/_third.py``).

The third population was written apart from the training generator and from the
second population (see its docstring for what it assumes). For each seed:

1. generate ``--n`` members (about 15% fake), photos as files;
2. index the network: every genuine member's profile (``--index-all``: every member);
3. split the genuine members in two halves at random; ``calibrate`` the default model
   on one half, unlabelled (taken as genuine: one's own network), with the index;
4. score the other half and every fake with the default model (before) and the
   calibrated one (after); report the false-positive rate of the held-out genuine half
   and the recall of the fakes at *high* and at *medium* or above, with 95% Wilson
   intervals; recall by kind of fake; the false-positive rate by kind of genuine member;
   the most common first reasons of genuine members at *high* and of missed fakes;
5. run ``fakeprofile.sweep`` over the whole population and report the share of copycats
   (fakes copying a member of this network) whose original is in a reported pair (or
   cluster) with them, and the share of reported pairs that involve a fake.

Public API only. Run: ``PYTHONPATH=. python benchmarks/bench_third_population.py
[--n 2000] [--seeds 1 2 3] [--index-all] [--cluster-at 50] [--json out.json]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import math
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import machine, table

from fakeprofile import ReferenceIndex, RiskScore, Scorer, calibrate, score_many, sweep

LEVELS = ("high", "medium+")


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The 95% Wilson score interval of a proportion ``k / n``."""
    if n == 0:
        return (math.nan, math.nan)
    p = k / n
    den = 1 + z * z / n
    mid = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return (max(0.0, mid - half), min(1.0, mid + half))


def rate(k: int, n: int) -> str:
    """``k/n = p% [lo, hi]`` for tables."""
    if n == 0:
        return "n/a"
    lo, hi = wilson(k, n)
    return f"{k}/{n} = {100 * k / n:.1f}% [{100 * lo:.1f}, {100 * hi:.1f}]"


def at(level: str, result: RiskScore) -> bool:
    """Whether a score is at ``level`` (``high``) or above (``medium+``)."""
    return result.level == "high" if level == "high" else result.level in ("medium", "high")


def score_all(profiles: Sequence[dict[str, Any]], scorer: Scorer) -> list[RiskScore]:
    """Scores in input order; an error row is a bug here (the profiles validate)."""
    out: list[RiskScore] = []
    for r in score_many(profiles, scorer=scorer):
        if not isinstance(r, RiskScore):
            raise RuntimeError(f"error row: {r}")
        out.append(r)
    return out


def sweep_check(
    profiles: Sequence[dict[str, Any]], cluster_at: int, today: dt.date
) -> dict[str, Any]:
    """Sweep the population; recall of copycats' originals and the share of pairs with a fake.

    A pair row is a row outside any cluster (``cluster`` empty); rows of clusters
    (a ring's stock text, or a shared text that names no original) are counted apart.
    """
    label = {p["id"]: p["meta"]["label"] for p in profiles}
    start = time.perf_counter()
    found = sweep(profiles, scheduler="threads", cluster_at=cluster_at, today=today)
    seconds = time.perf_counter() - start
    rows = found[found["kind"] != "error"]
    pairs: set[frozenset[str]] = set()
    clusters: dict[str, set[str]] = {}
    n_rows = len(rows)
    with_fake = pair_rows = pair_rows_with_fake = shared_rows = 0
    for row in rows.itertuples(index=False):
        a, b = str(row.id), str(row.copied_from) if isinstance(row.copied_from, str) else ""
        fake = label.get(a) == "fake" or label.get(b) == "fake"
        if isinstance(row.cluster, str) and row.cluster:
            clusters.setdefault(row.cluster, set()).update({a, b} - {""})
            shared_rows += int(str(row.order) == "shared")
        else:
            pair_rows += 1
            pair_rows_with_fake += fake
        if b:
            pairs.add(frozenset((a, b)))
        with_fake += fake

    def together(a: str, b: str) -> bool:
        if frozenset((a, b)) in pairs:
            return True
        return any(a in m and b in m for m in clusters.values())

    copycats = [
        p for p in profiles if p["meta"]["label"] == "fake" and p["meta"].get("copied_from")
    ]
    hit = [p for p in copycats if together(p["id"], p["meta"]["copied_from"])]
    by_kind: dict[str, list[int]] = {}
    for p in copycats:
        k = f"{p['meta']['kind']}, {'photo' if 'photo' in p else 'no photo'}"
        k += ", about" if p.get("about") else ", no about"
        by_kind.setdefault(k, [0, 0])
        by_kind[k][1] += 1
        by_kind[k][0] += together(p["id"], p["meta"]["copied_from"])
    seconds_acc = [p for p in profiles if p["meta"]["kind"] == "second_account"]
    genuine_pairs = [
        (str(r.id), str(r.copied_from), str(r.kind), str(r.closeness))
        for r in rows.itertuples(index=False)
        if label.get(str(r.id)) == "genuine" and label.get(str(r.copied_from)) in ("genuine", None)
    ]
    meta = {p["id"]: p["meta"] for p in profiles}
    genuine_why: Counter[str] = Counter()
    for a, b, kind, _ in genuine_pairs:
        ma, mb = meta[a], meta.get(b, {})
        if "second_account" in (ma["kind"], mb.get("kind")):
            genuine_why[f"{kind}: second account"] += 1
        elif kind == "photo":
            genuine_why["photo: two different members"] += 1
        else:
            styles = sorted({str(ma.get("about_style")), str(mb.get("about_style"))})
            genuine_why[f"text: {' / '.join(styles)}"] += 1
    return {
        "seconds": seconds,
        "rows": n_rows,
        "photo_rows": int((rows["kind"] == "photo").sum()),
        "text_rows": int((rows["kind"] == "text").sum()),
        "clusters": len(clusters),
        "rows_with_fake": with_fake,
        "pair_rows": pair_rows,
        "pair_rows_with_fake": pair_rows_with_fake,
        "shared_rows": shared_rows,
        "copycats": len(copycats),
        "copycats_found": len(hit),
        "by_kind": by_kind,
        "second_accounts": len(seconds_acc),
        "second_accounts_found": sum(
            together(p["id"], p["meta"]["copied_from"]) for p in seconds_acc
        ),
        "genuine_only_rows": [
            g
            for g in genuine_pairs
            if g[2] == "photo"
            and "second_account" not in (meta[g[0]]["kind"], meta.get(g[1], {}).get("kind"))
        ][:12],
        "rows_company_blurb": genuine_why.get("text: company_blurb", 0),
        "genuine_only_count": len(genuine_pairs),
        "genuine_only_why": genuine_why.most_common(),
    }


def run(
    population: Any, n: int, seed: int, index_all: bool, cluster_at: int = 50
) -> dict[str, Any]:
    """One seed: generate, index, calibrate on half the genuine members, score, sweep."""
    today = population.REFERENCE
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        pop = population.generate(n, seed=seed, photo_dir=Path(tmp) / "photos")
        genuine = [p for p in pop.profiles if p["meta"]["label"] == "genuine"]
        fakes = [p for p in pop.profiles if p["meta"]["label"] == "fake"]
        order = list(genuine)
        random.Random(seed).shuffle(order)
        cal, test = order[: len(order) // 2], order[len(order) // 2 :]
        t_gen = time.perf_counter() - t0
        with ReferenceIndex(Path(tmp) / "network.db") as index:
            index.add(pop.profiles if index_all else genuine)
            model, report = calibrate(cal, index=index, today=today, progress=False)
            scored = test + fakes
            before = score_all(scored, Scorer(index=index, today=today))
            after = score_all(scored, Scorer(model, index=index, today=today))
        t_score = time.perf_counter() - t0 - t_gen
        sw = sweep_check(pop.profiles, cluster_at, today)
    kinds = [p["meta"]["kind"] for p in scored]
    is_fake = [p["meta"]["label"] == "fake" for p in scored]
    out: dict[str, Any] = {
        "seed": seed,
        "n": n,
        "genuine": len(genuine),
        "calibration": len(cal),
        "test_genuine": len(test),
        "fakes": len(fakes),
        "thresholds": {
            lv: (v.get("threshold_before"), v.get("threshold"))
            for lv, v in report.levels.items()
            if isinstance(v, dict)
        },
        "warnings": list(report.warnings),
        "seconds": {"generate": t_gen, "index_calibrate_score": t_score, "sweep": sw["seconds"]},
        "sweep": sw,
    }
    for name, res in (("before", before), ("after", after)):
        block: dict[str, Any] = {}
        for lv in LEVELS:
            fp = sum(at(lv, r) for r, f in zip(res, is_fake, strict=True) if not f)
            tp = sum(at(lv, r) for r, f in zip(res, is_fake, strict=True) if f)
            block[lv] = {"fp": fp, "tp": tp}
        by_kind: dict[str, dict[str, int]] = {}
        for r, k in zip(res, kinds, strict=True):
            d = by_kind.setdefault(k, {"n": 0, "high": 0, "medium+": 0})
            d["n"] += 1
            d["high"] += at("high", r)
            d["medium+"] += at("medium+", r)
        block["by_kind"] = by_kind
        out[name] = block
    first_fp: Counter[str] = Counter()
    first_miss: Counter[str] = Counter()
    examples: dict[str, str] = {}
    for r, f, k in zip(after, is_fake, kinds, strict=True):
        if not f and r.level == "high":
            code = r.reasons[0].code if r.reasons else "(none)"
            first_fp[f"{code} ({k})"] += 1
            examples.setdefault(f"fp:{code}", r.reasons[0].text if r.reasons else "")
        if f and r.level != "high":
            code = r.reasons[0].code if r.reasons else "(none)"
            first_miss[f"{code} ({k})"] += 1
            examples.setdefault(f"miss:{code}", r.reasons[0].text if r.reasons else "")
    out["first_reason_fp"] = first_fp.most_common(8)
    out["first_reason_missed"] = first_miss.most_common(10)
    out["examples"] = examples
    return out


def print_run(r: dict[str, Any]) -> None:
    """Tables of one seed."""
    print(
        f"\n### seed {r['seed']}: {r['n']} members, {r['genuine']} genuine "
        f"({r['calibration']} calibrate, {r['test_genuine']} held out), {r['fakes']} fake"
    )
    print(f"thresholds (before, after): {r['thresholds']}; warnings: {r['warnings']}")
    print(f"seconds: {json.dumps({k: round(v, 1) for k, v in r['seconds'].items()})}\n")
    rows = []
    for name in ("before", "after"):
        for lv in LEVELS:
            b = r[name][lv]
            rows.append([name, lv, rate(b["fp"], r["test_genuine"]), rate(b["tp"], r["fakes"])])
    print(
        table(["model", "level", "false-positive rate (held-out genuine)", "recall (fakes)"], rows)
    )
    print()
    rows = []
    for k, d in sorted(r["after"]["by_kind"].items()):
        d0 = r["before"]["by_kind"][k]
        rows.append(
            [
                k,
                d["n"],
                rate(d0["high"], d["n"]),
                rate(d["high"], d["n"]),
                rate(d["medium+"], d["n"]),
            ]
        )
    print(table(["kind", "n", "at high, before", "at high, after", "medium+, after"], rows))
    print("\nfirst reasons, genuine at high (after):", r["first_reason_fp"])
    print("first reasons, fakes not at high (after):", r["first_reason_missed"])
    for k, v in r["examples"].items():
        print(f"  {k}: {v}")
    s = r["sweep"]
    print(
        f"\nsweep: {s['rows']} rows ({s['photo_rows']} photo, {s['text_rows']} text, "
        f"{s['clusters']} clusters) in {s['seconds']:.1f} s; copycats' originals found "
        f"{rate(s['copycats_found'], s['copycats'])}; rows involving a fake "
        f"{rate(s['rows_with_fake'], s['rows'])}; pair rows (outside clusters) involving a "
        f"fake {rate(s['pair_rows_with_fake'], s['pair_rows'])}; shared-text rows "
        f"{s['shared_rows']}; second accounts found "
        f"{s['second_accounts_found']}/{s['second_accounts']}"
    )
    print(
        table(
            ["copycat kind", "found"],
            [[k, f"{v[0]}/{v[1]}"] for k, v in sorted(s["by_kind"].items())],
        )
    )
    cb = s["rows_company_blurb"]
    print(
        f"rows involving a fake, the company blurbs' {cb} rows left out: "
        f"{rate(s['rows_with_fake'], s['rows'] - cb)}"
    )
    print(f"genuine-only rows: {s['genuine_only_count']}: {s['genuine_only_why']}")
    print(f"  e.g. photo rows between two different members: {s['genuine_only_rows'][:6]}")


def main(argv: Sequence[str] | None = None) -> None:
    """Run the seeds and print Markdown tables (and ``--json``)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    ap.add_argument("--index-all", action="store_true", help="index every member, not only genuine")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--cluster-at", type=int, default=50, help="the sweep's cluster_at")
    ap.add_argument(
        "--population", choices=("third", "fourth", "fifth"), default="third",
        help="benchmarks/_third.py or benchmarks/_fourth.py",
    )  # fmt: skip
    args = ap.parse_args(argv)
    population = importlib.import_module(f"_{args.population}")
    idx = "all members" if args.index_all else "genuine members"
    print(
        f"Machine: {machine()}; population: {args.population}; index: {idx}; "
        f"sweep cluster_at={args.cluster_at}"
    )
    runs = []
    for seed in args.seeds:
        r = run(population, args.n, seed, args.index_all, args.cluster_at)
        print_run(r)
        runs.append(r)
    if len(runs) > 1:
        print("\n### all seeds pooled\n")
        tg = sum(r["test_genuine"] for r in runs)
        tf = sum(r["fakes"] for r in runs)
        rows = []
        for name in ("before", "after"):
            for lv in LEVELS:
                fp = sum(r[name][lv]["fp"] for r in runs)
                tp = sum(r[name][lv]["tp"] for r in runs)
                rows.append([name, lv, rate(fp, tg), rate(tp, tf)])
        print(
            table(
                ["model", "level", "false-positive rate (held-out genuine)", "recall (fakes)"], rows
            )
        )
        cc = sum(r["sweep"]["copycats"] for r in runs)
        cf = sum(r["sweep"]["copycats_found"] for r in runs)
        rw = sum(r["sweep"]["rows"] for r in runs)
        rf = sum(r["sweep"]["rows_with_fake"] for r in runs)
        cb = sum(r["sweep"]["rows_company_blurb"] for r in runs)
        pr = sum(r["sweep"]["pair_rows"] for r in runs)
        pf = sum(r["sweep"]["pair_rows_with_fake"] for r in runs)
        print(
            f"\nsweep pooled: copycats' originals found {rate(cf, cc)}; rows involving a fake "
            f"{rate(rf, rw)}; without the company blurbs' rows {rate(rf, rw - cb)}; pair rows "
            f"involving a fake {rate(pf, pr)}"
        )
    if args.json:
        args.json.write_text(json.dumps(runs, indent=1, default=str))


if __name__ == "__main__":
    main()
