"""Second population: the default model and vetting on a network export without experience,
education or skills.

The population comes from ``benchmarks/_network.py`` (its docstring lists every
assumption), written independently of :mod:`fakeprofile.synthetic`: a
LinkedIn-like export of one community whose records have no ``experience``,
``education`` or ``skills`` keys at all, photos drawn as files, many lurkers,
newcomers and lifetime activity totals, and two kinds of fake (copycats of a
member's photo and/or about text, some on aged accounts; likes-only farms).

Only the public API is used (``score_many``, ``vet``, ``Scorer``,
``ReferenceIndex``, dict input), and nothing assumes a feature list beyond the
copy features' prefixes, so the script keeps working while features, levels
and reasons change.

1. The genuine members (the network) go into a ``ReferenceIndex`` (a SQLite
   file in a temporary folder); fakes are not indexed.
2. Every profile is scored with ``score_many`` (default model, that index).
   Reported per class: the share at level medium or above and at high (false
   positives for genuine members, recall for fakes), and the ROC-AUC of risk.
3. Copycats: a copy is *found* when a reason naming it appears among *all*
   the risk-raising reasons (the same model and index scored again with no cap
   on reasons). A *copy reason* is one with a code starting ``photo_reuse`` or
   ``text_copy`` (or ``photo_min_distance``/``text_copied``), or whose evidence
   is a ``photo_match`` or ``text_match``. Among the found copycats: the share
   with a copy reason among the four reasons shown, and whose first reason is
   a copy. Also: whether the reason names the profile they copied; for the
   copycats not found, whether the match with their original appears among
   the (three) mitigating factors instead; and how many genuine members get a
   copy reason (false copy matches).
4. Every invitation (recipient's profile included) is vetted with ``vet`` and
   one ``Scorer`` bound to the same index; decline / ask / accept rates for
   genuine senders by note kind (personal, stock, none) and for fakes.
5. The reasons behind genuine members flagged medium or above: the five most
   frequent reason codes among their four reasons, with an example sentence
   (cut at 100 characters; sentences carry numbers and names, so they are
   grouped by code).

Run from the repo root: ``PYTHONPATH=. python benchmarks/bench_network.py``
(``--n`` profiles, default 2,000: about 2 minutes on 2 busy cores; ``--seed``).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

from sklearn.metrics import roc_auc_score

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _network import Member, Network, generate
from common import machine, table

from fakeprofile import (
    Reason,
    ReferenceIndex,
    RiskScore,
    Scorer,
    parse_profile,
    score_many,
    vet,
)

#: Reason codes that mean "copied from another profile" (prefixes, so that
#: new copy features are counted without editing this list).
COPY_PREFIXES = ("photo_reuse", "photo_min_distance", "text_copy", "text_copied")
#: Evidence kinds that cite a matching profile.
COPY_EVIDENCE = frozenset({"photo_match", "text_match"})
MEDIUM_UP = frozenset({"medium", "high"})


def is_copy(reason: Reason) -> bool:
    """Whether a reason states that the photo or a text is shared with another profile."""
    codes = reason.codes or (reason.code,)
    if any(c.startswith(COPY_PREFIXES) for c in codes):
        return True
    return any(e.kind in COPY_EVIDENCE for e in reason.evidence)


def names(reason: Reason, profile_id: str) -> bool:
    """Whether the reason's evidence cites ``profile_id``."""
    return any(e.detail.get("profile_id") == profile_id for e in reason.evidence)


def share(part: int, whole: int) -> str:
    return f"{part / whole:.3f} ({part}/{whole})" if whole else "n/a (0)"


def scored(results: Iterable[object]) -> list[RiskScore]:
    out = []
    for r in results:
        if not isinstance(r, RiskScore):
            raise SystemExit(f"a generated record did not score: {r}")
        out.append(r)
    return out


def class_rows(members: list[Member], scores: list[RiskScore]) -> list[list[object]]:
    """Per kind and per class: count, share ≥ medium, share high, mean risk."""
    groups: dict[str, list[RiskScore]] = defaultdict(list)
    for m, s in zip(members, scores, strict=True):
        groups[m.kind].append(s)
        groups["ALL genuine" if m.label == 0 else "ALL fake"].append(s)
    rows: list[list[object]] = []
    for kind in sorted(groups, key=lambda k: (k.startswith("ALL"), not k.startswith("gen"), k)):
        got = groups[kind]
        med = sum(s.level in MEDIUM_UP for s in got)
        high = sum(s.level == "high" for s in got)
        rows.append([kind, len(got), share(med, len(got)), share(high, len(got))])
    return rows


def copy_rows(members: list[Member], shown: list[RiskScore], full: list[RiskScore]) -> list[str]:
    """Lines about copycats: found, copy reason among the four, first, naming the original."""
    n = found = in_four = first = named = lowering = 0
    by_part: Counter[str] = Counter()
    found_by_part: Counter[str] = Counter()
    false_copy = genuine = 0
    for m, s, f in zip(members, shown, full, strict=True):
        if m.label == 0:
            genuine += 1
            false_copy += any(is_copy(r) for r in f.reasons)
            continue
        if m.copied_from is None:
            continue
        n += 1
        part = "+".join(m.copied) + (" (aged)" if m.kind.endswith("aged") else " (new)")
        by_part[part] += 1
        if not any(is_copy(r) for r in f.reasons):
            lowering += any(is_copy(r) and names(r, m.copied_from) for r in f.mitigating)
            continue
        found += 1
        found_by_part[part] += 1
        in_four += any(is_copy(r) for r in s.reasons)
        first += bool(s.reasons) and is_copy(s.reasons[0])
        named += any(is_copy(r) and names(r, m.copied_from) for r in f.reasons)
    return [
        table(
            ["copycats", "value"],
            [
                ["copycats", n],
                ["copy found (a copy reason among all risk-raising reasons)", share(found, n)],
                ["of those: a copy reason among the 4 shown", share(in_four, found)],
                ["of those: the first reason is a copy", share(first, found)],
                ["of those: a copy reason cites the original", share(named, found)],
                [
                    "not found, but a match with the original lowers the risk (top 3)",
                    share(lowering, n - found),
                ],
                ["genuine members with a copy reason (false match)", share(false_copy, genuine)],
            ],
        ),
        "",
        table(
            ["copied (account)", "copycats", "copy found"],
            [[p, by_part[p], share(found_by_part[p], by_part[p])] for p in sorted(by_part)],
        ),
    ]


def vet_rows(net: Network, scorer: Scorer) -> list[list[object]]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for inv in net.invitations:
        v = vet(inv.record, scorer=scorer)
        group = f"genuine, {inv.note}" if inv.sender_label == 0 else f"fake, {inv.note}"
        whole = "ALL genuine" if inv.sender_label == 0 else "ALL fake"
        for g in (group, whole):
            counts[g][v.decision] += 1
            counts[g][f"by {v.decided_by.split(':')[0]}"] += 1
    rows: list[list[object]] = []
    for g in sorted(counts, key=lambda k: (k.startswith("ALL"), not k.startswith("gen"), k)):
        c = counts[g]
        total = c["accept"] + c["ask"] + c["decline"]
        rows.append(
            [
                g,
                total,
                f"{c['decline'] / total:.3f}",
                f"{c['ask'] / total:.3f}",
                f"{c['accept'] / total:.3f}",
                f"{c['by rule'] / total:.3f}",
            ]
        )
    return rows


def fp_reason_rows(members: list[Member], scores: list[RiskScore]) -> list[list[object]]:
    flagged = [s for m, s in zip(members, scores, strict=True) if m.label == 0]
    flagged = [s for s in flagged if s.level in MEDIUM_UP]
    codes: Counter[str] = Counter()
    example: dict[str, str] = {}
    for s in flagged:
        for r in s.reasons:
            codes[r.code] += 1
            example.setdefault(r.code, r.text)
    return [
        [code, share(k, len(flagged)), example[code][:100].replace("|", "/")]
        for code, k in codes.most_common(5)
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=2000, help="profiles (default 2,000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=1, help="score_many worker processes")
    args = parser.parse_args(argv)

    print(f"Machine: {machine()}\n")
    with tempfile.TemporaryDirectory(prefix="bench-network-") as tmp:
        folder = Path(tmp)
        (folder / "photos").mkdir()
        t0 = time.perf_counter()
        net = generate(args.n, seed=args.seed, photos=folder / "photos")
        members = net.members
        records = [m.record for m in members]
        t1 = time.perf_counter()
        genuine = [m for m in members if m.label == 0]
        with ReferenceIndex(folder / "network.db") as index:
            report = index.add(parse_profile(m.record) for m in genuine)
            t2 = time.perf_counter()
            shown = scored(score_many(records, index=index, n_jobs=args.jobs))
            t3 = time.perf_counter()
            uncapped = Scorer(index=index, max_reasons=1_000)
            full = scored(score_many(records, scorer=uncapped, n_jobs=args.jobs))
            scorer = Scorer(index=index)
            t4 = time.perf_counter()
            vetting = vet_rows(net, scorer)
            t5 = time.perf_counter()

    labels = [m.label for m in members]
    auc = roc_auc_score(labels, [s.risk for s in shown])
    kinds = Counter(m.kind for m in members)
    notes = Counter(("genuine" if i.sender_label == 0 else "fake", i.note) for i in net.invitations)
    print(
        f"Population (seed {args.seed}): {len(members)} profiles, {len(genuine)} genuine, "
        f"{len(members) - len(genuine)} fake; {len(net.invitations)} invitations; "
        f"model {shown[0].model_version}"
    )
    print("Kinds: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    print("Notes: " + ", ".join(f"{a} {b} {v}" for (a, b), v in sorted(notes.items())))
    print(
        f"Index: {report.added} genuine members, {report.photos} photos, {report.texts} texts, "
        f"{len(report.photos_unreadable)} unreadable photos"
    )
    print(
        f"Time: generate {t1 - t0:.1f} s, index {t2 - t1:.1f} s, score {t3 - t2:.1f} s "
        f"({len(records) / (t3 - t2):.0f}/s), score uncapped {t4 - t3:.1f} s, "
        f"vet {t5 - t4:.1f} s ({len(net.invitations) / (t5 - t4):.0f}/s)\n"
    )
    print("### Scores by kind (genuine: false-positive rate; fake: recall)\n")
    print(table(["kind", "profiles", "medium or above", "high"], class_rows(members, shown)))
    print(f"\nROC-AUC of risk, genuine vs fake: {auc:.4f}\n")
    print("### Copycats\n")
    print("\n".join(copy_rows(members, shown, full)))
    print("\n### Vetting (rate of each decision; 'by rule': declined by a hard rule)\n")
    print(table(["sender, note", "invitations", "decline", "ask", "accept", "by rule"], vetting))
    print("\n### Most common reasons of genuine members flagged medium or above\n")
    print(table(["code", "share of flagged", "example"], fp_reason_rows(members, shown)))


if __name__ == "__main__":
    main()
