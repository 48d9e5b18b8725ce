"""Smoke test of the fifth held-out population (benchmarks/_fifth.py): it is valid input."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import _fifth

from fakeprofile import Item, RiskScore, read_profiles, score_many


def test_small_population_is_valid_input(tmp_path: Path) -> None:
    pop = _fifth.generate(80, seed=3, photo_dir=tmp_path / "photos")
    path = pop.write_jsonl(tmp_path / "pop.jsonl")
    items = list(read_profiles(path))
    assert len(items) == 80
    assert all(isinstance(item, Item) for item in items), [
        item for item in items if not isinstance(item, Item)
    ]
    assert pop.labels == [p["meta"]["label"] for p in pop.profiles]
    assert set(pop.labels) == {"genuine", "fake"}
    ids = {p["id"] for p in pop.profiles}
    assert len(ids) == 80
    copied = [p["meta"]["copied_from"] for p in pop.profiles]
    assert all(c is None or c in ids for c in copied)
    for kind, label in zip(pop.kinds(), pop.labels, strict=True):
        assert (kind in _fifth.FAKE_MIX) == (label == "fake")
    lines = path.read_text(encoding="utf-8").splitlines()
    for line in lines:
        record = json.loads(line)
        if "photo" in record:
            photo = tmp_path / record["photo"]
            assert photo.is_file()
            with Image.open(photo) as img:
                img.load()
                assert img.size[0] > 50
        for key in ("created_at",):
            assert record[key] <= _fifth.REFERENCE.isoformat()
    results = list(score_many(path))
    assert len(results) == 80
    assert all(isinstance(r, RiskScore) for r in results)


def test_same_seed_same_population(tmp_path: Path) -> None:
    a = _fifth.generate(60, seed=5, photo_dir=tmp_path / "a")
    b = _fifth.generate(60, seed=5, photo_dir=tmp_path / "b")
    strip = [{k: v for k, v in p.items() if k != "photo"} for p in a.profiles]
    assert strip == [{k: v for k, v in p.items() if k != "photo"} for p in b.profiles]
    for pa, pb in zip(a.profiles, b.profiles, strict=True):
        if "photo" in pa:
            assert Path(pa["photo"]).read_bytes() == Path(pb["photo"]).read_bytes()
    c = _fifth.generate(60, seed=6, photo_dir=tmp_path / "c")
    assert [p["id"] for p in c.profiles] != [p["id"] for p in a.profiles]


def test_mix_and_copies_at_default_size(tmp_path: Path) -> None:
    pop = _fifth.generate(400, seed=1, photo_dir=tmp_path / "photos")
    assert abs(pop.labels.count("fake") / 400 - 0.15) < 0.01
    kinds = pop.kinds()
    assert set(kinds) >= set(_fifth.FAKE_MIX)
    member = [p for p in pop.profiles if p["meta"]["kind"] == "member_copycat"]
    assert member
    assert all(p["meta"]["copied_from"] is not None for p in member)
    outsiders = [p for p in pop.profiles if p["meta"]["kind"] == "outsider_copycat"]
    assert all(p["meta"]["copied_from"] is None for p in outsiders)
