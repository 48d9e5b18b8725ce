"""False and true copy matches in the synthetic population, per archetype.

The default model is trained on :func:`fakeprofile.synthetic.generate` with the
whole population in a reference index (:mod:`fakeprofile.recipe`). If
unrelated genuine members match each other's photo or text there, the model
learns that a copy match is weak evidence. This benchmark builds the same kind
of index (photos drawn, every profile added) and looks every profile up the way
the photo and text signals do (:meth:`ReferenceIndex.find`): the photo file with
its query probes, each text field with the profile's name masked. It prints, per
archetype, the share of members with at least one photo match and with at least
one text match, then the same excluding the profile's own copy relations (a
genuine member matching the copycats that copied it, or a copycat its original,
is a true match), and for copycats the share whose *original* is found through
the part they copied.

Run ``PYTHONPATH=. python benchmarks/bench_synthetic_matches.py`` from the repo
root (``--n`` profiles, default 4,000: about 2 minutes on 2 cores).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import machine, table

from fakeprofile.index import ReferenceIndex
from fakeprofile.profile import Profile
from fakeprofile.recipe import TODAY
from fakeprofile.synthetic import FAKE_KINDS, GENUINE_KINDS, Population, generate

#: The parts of a copycat's profile whose copy the text signal can see.
TEXT_PARTS = frozenset({"about", "headline", "experience"})


def matches(index: ReferenceIndex, profile: Profile) -> tuple[set[str], set[str]]:
    """Ids of the other profiles whose photo matches, and whose text matches, this profile's."""
    copies = index.find(profile)
    by_photo = {m.profile_id for m in copies.photo_matches}
    return by_photo, {m.profile_id for ms in copies.text_matches.values() for m in ms}


def measure(pop: Population, index: ReferenceIndex) -> list[list[object]]:
    """One row per archetype (and a row for genuine members other than colleagues)."""
    members: dict[str, int] = defaultdict(int)
    photo: dict[str, int] = defaultdict(int)
    text: dict[str, int] = defaultdict(int)
    photo_other: dict[str, int] = defaultdict(int)
    text_other: dict[str, int] = defaultdict(int)
    copied_by: dict[str, set[str]] = defaultdict(set)
    for profile, source in zip(pop.profiles, pop.sources, strict=True):
        if source is not None:
            copied_by[source].add(profile.id)
    # Copycats: (copied the photo, found the original by photo), same for text.
    photo_copies = photo_found = text_copies = text_found = 0
    for profile, kind, source, parts in zip(
        pop.profiles, pop.kinds, pop.sources, pop.copied, strict=True
    ):
        by_photo, by_text = matches(index, profile)
        related = copied_by[profile.id] | ({source} if source is not None else set())
        groups = [kind]
        if kind.startswith("genuine_") and kind != "genuine_colleague":
            groups.append("genuine, not colleagues")
        for group in groups:
            members[group] += 1
            photo[group] += bool(by_photo)
            text[group] += bool(by_text)
            photo_other[group] += bool(by_photo - related)
            text_other[group] += bool(by_text - related)
        if source is not None and "photo" in parts:
            photo_copies += 1
            photo_found += source in by_photo
        if source is not None and TEXT_PARTS & set(parts):
            text_copies += 1
            text_found += source in by_text
    rows: list[list[object]] = []
    for group in [*GENUINE_KINDS, "genuine, not colleagues", *FAKE_KINDS]:
        m = members[group]
        if m:
            rows.append(
                [
                    group,
                    m,
                    photo[group] / m,
                    text[group] / m,
                    photo_other[group] / m,
                    text_other[group] / m,
                ]
            )
    rows.append(
        [
            "copycat finds its original",
            f"{photo_copies} photo / {text_copies} text copies",
            photo_found / max(photo_copies, 1),
            text_found / max(text_copies, 1),
            "",
            "",
        ]
    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=4000, help="profiles (default 4,000)")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    args = parser.parse_args()
    print(machine())
    with tempfile.TemporaryDirectory(prefix="bench-synthetic-matches-") as tmp:
        start = time.perf_counter()
        pop = generate(
            args.n, with_photos=True, photo_dir=Path(tmp) / "photos", today=TODAY, seed=args.seed
        )
        generated = time.perf_counter() - start
        start = time.perf_counter()
        with ReferenceIndex(Path(tmp) / "reference.db") as index:
            index.add(pop.profiles)  # the whole population, as recipe.py does
            indexed = time.perf_counter() - start
            start = time.perf_counter()
            rows = measure(pop, index)
            looked_up = time.perf_counter() - start
    print(
        f"\n{args.n} profiles (seed {args.seed}, photos drawn): generated in {generated:.1f} s, "
        f"indexed in {indexed:.1f} s, looked up in {looked_up:.1f} s\n"
    )
    print(
        table(
            [
                "archetype",
                "members",
                "photo match",
                "text match",
                "photo match, copies aside",
                "text match, copies aside",
            ],
            rows,
        )
    )


if __name__ == "__main__":
    main()
