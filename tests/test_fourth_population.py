"""Smoke test of the fourth held-out population (``benchmarks/_fourth.py``).

It checks that the population is valid input and reproducible, not how the
detector scores it (that is the evaluation's job).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from _fourth import FAKE_MIX, GENUINE_MIX, REFERENCE, Population, generate

from fakeprofile import Item, RiskScore, read_profiles, score_many

N = 80


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Population, Path]:
    """A small population and the JSON Lines file it was written to."""
    folder = tmp_path_factory.mktemp("fourth")
    population = generate(N, seed=5, photo_dir=folder / "photos")
    return population, population.write_jsonl(folder / "fourth.jsonl")


def _records(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def test_mixes_are_shares() -> None:
    assert math.isclose(sum(FAKE_MIX.values()), 1.0)
    assert math.isclose(sum(GENUINE_MIX.values()), 1.0)
    assert not set(FAKE_MIX) & set(GENUINE_MIX)


def test_every_record_validates(written: tuple[Population, Path]) -> None:
    population, path = written
    items = list(read_profiles(path))
    assert len(items) == N
    bad = [item for item in items if not isinstance(item, Item)]
    assert bad == []
    assert [item.value.id for item in items if isinstance(item, Item)] == [
        p["id"] for p in population.profiles
    ]


def test_labels_kinds_and_share(written: tuple[Population, Path]) -> None:
    population, _ = written
    assert population.labels == [p["meta"]["label"] for p in population.profiles]
    assert len(population.kinds()) == N
    for label, kind in zip(population.labels, population.kinds(), strict=True):
        assert kind in (FAKE_MIX if label == "fake" else GENUINE_MIX)
    assert Counter(population.labels) == {"fake": round(N * 0.15), "genuine": N - round(N * 0.15)}
    assert len({p["id"] for p in population.profiles}) == N


def test_copied_from_names_a_member(written: tuple[Population, Path]) -> None:
    population, _ = written
    by_id = {p["id"]: p for p in population.profiles}
    copies = [p for p in population.profiles if p["meta"]["copied_from"] is not None]
    assert copies, "some fakes copy members of this network"
    for copy in copies:
        assert copy["meta"]["label"] == "fake"
        original = by_id[copy["meta"]["copied_from"]]
        assert original["meta"]["label"] == "genuine"
        assert copy["id"] != original["id"]
    outsiders = [
        p for p in population.profiles if p["meta"]["kind"] in ("outsider_copycat", "scam_ring")
    ]
    assert all(p["meta"]["copied_from"] is None for p in outsiders)


def test_photos_open_and_lie_below_the_file(written: tuple[Population, Path]) -> None:
    _, path = written
    records = _records(path)
    with_photo = [r for r in records if "photo" in r]
    assert len(with_photo) > N // 2
    for record in with_photo:
        assert not Path(record["photo"]).is_absolute()
        photo = path.parent / record["photo"]
        with Image.open(photo) as img:
            img.verify()
        with Image.open(photo) as img:
            assert min(img.size) >= 64
        assert record["has_photo"] is True


def test_copied_photo_is_an_edited_file(written: tuple[Population, Path]) -> None:
    population, _ = written
    by_id = {p["id"]: p for p in population.profiles}
    pairs = [
        (p["photo"], by_id[p["meta"]["copied_from"]]["photo"])
        for p in population.profiles
        if p["meta"]["copied_from"] is not None and "photo" in p
    ]
    assert pairs
    for copy, original in pairs:
        assert Path(copy).read_bytes() != Path(original).read_bytes()


def test_no_date_after_the_export(written: tuple[Population, Path]) -> None:
    population, _ = written

    def day(text: str) -> dt.date:
        parts = [int(x) for x in text.split("-")] + [1, 1]
        return dt.date(parts[0], parts[1], parts[2])

    for profile in population.profiles:
        dates = [profile.get("created_at")]
        for part in (profile.get("experience") or []) + (profile.get("education") or []):
            dates += [part.get("start"), part.get("end")]
        for text in dates:
            if text is not None:
                assert day(text) <= REFERENCE, (profile["id"], text)


def test_score_many_gives_one_score_per_record(written: tuple[Population, Path]) -> None:
    _, path = written
    results = list(score_many(path))
    assert len(results) == N
    assert all(isinstance(r, RiskScore) for r in results)


def test_same_seed_same_population(tmp_path: Path) -> None:
    first = generate(30, seed=2, photo_dir=tmp_path / "a" / "photos")
    again = generate(30, seed=2, photo_dir=tmp_path / "b" / "photos")
    other = generate(30, seed=3, photo_dir=tmp_path / "c" / "photos")
    one = first.write_jsonl(tmp_path / "a" / "p.jsonl").read_text(encoding="utf-8")
    two = again.write_jsonl(tmp_path / "b" / "p.jsonl").read_text(encoding="utf-8")
    three = other.write_jsonl(tmp_path / "c" / "p.jsonl").read_text(encoding="utf-8")
    assert one == two
    assert one != three
    for name in sorted(p.name for p in (tmp_path / "a" / "photos").iterdir()):
        left = (tmp_path / "a" / "photos" / name).read_bytes()
        assert left == (tmp_path / "b" / "photos" / name).read_bytes()


def test_write_refuses_photos_outside_its_folder(tmp_path: Path) -> None:
    population = generate(20, seed=1, photo_dir=tmp_path / "photos")
    (tmp_path / "elsewhere").mkdir()
    with pytest.raises(ValueError, match="not below"):
        population.write_jsonl(tmp_path / "elsewhere" / "p.jsonl")


def test_arguments_are_checked(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="fake_share"):
        generate(10, photo_dir=tmp_path, fake_share=1.5)
    with pytest.raises(ValueError, match="n must be"):
        generate(0, photo_dir=tmp_path)
