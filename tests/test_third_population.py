"""The third population (benchmarks/_third.py): it generates, the library reads it, labels in meta.

The population is the benchmark's held-out check of issue 13 and 16 (benchmarks/README.md,
"Third population"); this smoke test only checks that a small one is valid input.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from _third import FAKE_MIX, generate

from fakeprofile import Item, RiskScore, read_profiles, score_many


def test_a_small_population_is_valid_input_with_labels_in_meta(tmp_path: Path) -> None:
    pop = generate(80, seed=4, photo_dir=tmp_path / "photos")
    assert len(pop.profiles) == 80
    path = pop.write_jsonl(tmp_path / "people.jsonl")

    items = list(read_profiles(path))
    errors = [i for i in items if not isinstance(i, Item)]
    assert errors == []
    profiles = [i.value for i in items if isinstance(i, Item)]
    assert [p.id for p in profiles] == [p["id"] for p in pop.profiles]
    # the labels travel in meta, and agree with the label list
    assert [p.meta["label"] for p in profiles] == pop.labels
    counts = Counter(pop.labels)
    assert counts["fake"] >= len(FAKE_MIX)
    assert counts["genuine"] > counts["fake"]
    assert set(pop.kinds()) >= set(FAKE_MIX) | {"member"}
    # every copycat names a member of the population as its original
    ids = {p["id"] for p in pop.profiles}
    for p in pop.profiles:
        if p["meta"].get("copied_from"):
            assert p["meta"]["copied_from"] in ids
    # photos are real image files the library reads
    with_photo = [p for p in profiles if p.photo]
    assert with_photo
    with Image.open(path.parent / str(with_photo[0].photo)) as img:
        assert img.size[0] > 0
    results = list(score_many(path))
    assert all(isinstance(r, RiskScore) for r in results)
    assert len(results) == 80


def test_the_same_seed_gives_the_same_population(tmp_path: Path) -> None:
    a = generate(40, seed=2, photo_dir=tmp_path / "a")
    b = generate(40, seed=2, photo_dir=tmp_path / "b")
    strip = [{k: v for k, v in p.items() if k != "photo"} for p in a.profiles]
    assert strip == [{k: v for k, v in p.items() if k != "photo"} for p in b.profiles]
    assert (tmp_path / "a").exists()
