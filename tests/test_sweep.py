"""The copy sweep on Dask: the same pairs as look-ups against a full reference index."""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pandas as pd
import pytest
from photo_helpers import random_fingerprint

from fakeprofile import Profile, ReferenceIndex, read_profiles, sweep
from fakeprofile.cli import main
from fakeprofile.fingerprints.photo import (
    PhotoFingerprint,
    PhotoHash,
    query_fingerprints,
    verify,
)
from fakeprofile.fingerprints.text import name_mask, profile_texts, text_signature
from fakeprofile.synthetic import generate

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

Pairs = set[frozenset[str]]


@pytest.fixture(scope="module")
def population(tmp_path_factory: pytest.TempPathFactory) -> list[Profile]:
    """A small synthetic population with photo files (copycats copy photos and texts)."""
    folder = tmp_path_factory.mktemp("photos")
    return generate(240, with_photos=True, photo_dir=folder, seed=5).profiles


@pytest.fixture(scope="module")
def oracle(population: list[Profile], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Pairs]:
    """The pairs that look-ups against a full index of the same profiles find.

    The index holds each profile's about text only (the sweep compares about
    texts), so a text match is an about-to-about match.
    """
    path = tmp_path_factory.mktemp("index") / "all.db"
    about_only = [p.model_copy(update={"headline": None, "experience": None}) for p in population]
    found: dict[str, Pairs] = {"photo": set(), "text": set()}
    with ReferenceIndex(path) as index:
        index.add(about_only)
        for profile in population:
            fp, probes = query_fingerprints(profile)
            if fp is not None and fp.has_detail:
                for m in index.photo_matches(profile.id, fp, probes=probes):
                    found["photo"].add(frozenset((profile.id, m.profile_id)))
            about = profile_texts(profile).get("about")
            sig = text_signature(about, mask=name_mask(profile)) if about else None
            if sig is not None:
                for t in index.text_matches(profile.id, "about", sig):
                    found["text"].add(frozenset((profile.id, t.profile_id)))
    return found


def pairs(found: pd.DataFrame, kind: str) -> Pairs:
    rows = found[(found["kind"] == kind) & found["cluster"].isna()]
    return {frozenset(p) for p in zip(rows["id"], rows["copied_from"], strict=True)}


def copies(found: pd.DataFrame, oracle: Pairs) -> Pairs:
    """The look-ups' text pairs the sweep reports as copies: all but a shared text's."""
    shared = set(found.loc[found["order"] == "shared", "id"])
    return {pair for pair in oracle if not pair <= shared}


def flat(profile: Profile) -> dict[str, Any]:
    """The columns of a profile the sweep reads, as a flat frame row."""
    return {
        "id": profile.id,
        "name": profile.name,
        "created_at": profile.created_at.isoformat() if profile.created_at else None,
        "about": profile.about,
        "photo": profile.photo,
    }


def test_same_pairs_as_index_look_ups_on_a_local_cluster(
    population: list[Profile], oracle: dict[str, Pairs]
) -> None:
    # The population has copies of both kinds.
    assert oracle["photo"]
    assert oracle["text"]
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        found = sweep(population, scheduler=client, partition_size=60)
    assert pairs(found, "photo") == oracle["photo"]
    assert pairs(found, "text") == copies(found, oracle["text"])
    assert found["error"].isna().all()
    assert found.attrs["records"] == len(population)
    # Every pair points from the newer account to the older (all dates are known here).
    assert (found["order"] == "older").all()
    assert (found["created_at"] > found["copied_from_created_at"]).all()
    words = {"the same photo", "a nearly identical copy", "an edited copy"}
    photo_words = set(found.loc[found["kind"] == "photo", "closeness"])
    assert photo_words <= words | {f"{w[:-5]}, mirrored copy" for w in words} | {
        "the same photo, mirrored",
        "an edited, mirrored copy",
        "a nearly identical, mirrored copy",
    }
    assert set(found.loc[found["kind"] == "text", "closeness"]) <= {
        "word for word",
        "nearly the same",
        "closely copied",
        "long passages shared",
    }


def test_pandas_dask_and_iterable_input_agree_on_threads(
    population: list[Profile], oracle: dict[str, Pairs]
) -> None:
    frame = pd.DataFrame([flat(p) for p in population])
    from_pandas = sweep(frame, scheduler="threads", partition_size=100)
    from_dask = sweep(dd.from_pandas(frame, npartitions=3), scheduler="threads")
    from_dicts = sweep(
        ({k: v for k, v in row.items() if v is not None} for row in map(flat, population)),
        scheduler="threads",
        partition_size=70,
    )
    assert pairs(from_pandas, "photo") == oracle["photo"]
    assert pairs(from_pandas, "text") == copies(from_pandas, oracle["text"])
    pd.testing.assert_frame_equal(from_pandas, from_dask)
    pd.testing.assert_frame_equal(from_pandas, from_dicts)


def flipped(h: PhotoHash, bits: int, rng: random.Random) -> PhotoHash:
    return PhotoHash(h.bits ^ sum(1 << b for b in rng.sample(range(h.nbits), bits)), h.nbits)


def test_photo_blocking_misses_nothing_near_the_radius() -> None:
    """Hashes 0 to 12 bits apart (the radius is 8): the sweep finds what a brute force finds."""
    rng = random.Random(11)
    fps: list[PhotoFingerprint] = []
    for _ in range(12):
        base = random_fingerprint(rng)
        fps.append(base)
        for _ in range(12):
            fps.append(
                PhotoFingerprint(
                    flipped(base.phash, rng.randint(0, 12), rng),
                    flipped(base.strong, rng.choice([0, 30, 70, 74, 110]), rng),
                    flipped(base.mirror_phash, rng.randint(0, 12), rng),
                    flipped(base.mirror_strong, rng.choice([0, 40, 100]), rng),
                )
            )
    profiles = [
        {"id": f"h{i}", "photo_hash": fp.to_hex(), "created_at": f"2016-01-{1 + i % 15:02d}"}
        for i, fp in enumerate(fps)
    ]
    expected = _brute_force_pairs(fps, "h")
    found = sweep(
        profiles, scheduler="synchronous", partition_size=50, cluster_at=1000, today=TODAY
    )
    assert len(expected) > 50
    assert pairs(found, "photo") == expected


def _brute_force_pairs(fps: list[PhotoFingerprint], prefix: str) -> Pairs:
    """Every pair of fingerprints a look-up's check accepts, by trying them all."""
    return {
        frozenset((f"{prefix}{i}", f"{prefix}{j}"))
        for i, a in enumerate(fps)
        for j, b in enumerate(fps)
        if i != j and verify(a, b.phash, b.strong) is not None
    }


STOCK = (
    "Seasoned growth marketer helping brands scale through data driven campaigns, "
    "creative storytelling and relentless experimentation across every channel"
)


#: The day the stock populations' accounts are aged to: a stock text shown by weeks-old
#: accounts is a ring's (copies), by years-old ones a shared text (no one's copy).
TODAY = dt.date(2016, 9, 1)


def stock_population(n: int, first: dt.date = dt.date(2016, 1, 1)) -> list[dict[str, Any]]:
    """``n`` accounts showing one stock text, opened a day apart from ``first``, and one pair."""
    rng = random.Random(3)
    names = ["Ana Silva", "Bo Chen", "Cy Diaz", "Di Egan", "Ed Fox", "Flo Gil"]
    out = [
        {
            "id": f"s{i:03d}",
            "name": f"{rng.choice(names)} {i}",
            "about": STOCK,
            "created_at": (first + dt.timedelta(days=i)).isoformat(),
        }
        for i in range(n)
    ]
    # One genuine pair beside the stock text.
    own = "Marine biologist mapping kelp forests along rocky coasts with volunteer divers"
    out += [
        {"id": "k-old", "about": own, "created_at": "2012-05-01"},
        {"id": "k-new", "about": own + ".", "created_at": "2014-05-01"},
    ]
    return out


@pytest.mark.parametrize("block_cap", [256, 16])
def test_a_stock_text_is_one_cluster_not_pairs(block_cap: int) -> None:
    n = 80
    found = sweep(stock_population(n), scheduler="synchronous", block_cap=block_cap, today=TODAY)
    clustered = found[found["cluster"].notna()]
    assert clustered["cluster"].nunique() == 1
    assert len(clustered) == n - 1  # every member but the original
    assert set(clustered["cluster_size"]) == {n}
    assert set(clustered["copied_from"]) == {"s000"}  # the oldest member
    assert set(clustered["id"]) == {f"s{i:03d}" for i in range(1, n)}
    assert clustered["closeness"].iloc[0] == f"an about text shared by {n} profiles"
    assert pairs(found, "text") == {frozenset(("k-old", "k-new"))}


@pytest.mark.parametrize("n", [6, 80])
def test_a_text_years_old_accounts_show_is_shared_not_copied(n: int) -> None:
    # The same stock text, on accounts opened from 2010: a company's blurb, not a ring.
    people = stock_population(n, first=dt.date(2010, 1, 1))
    found = sweep(people, scheduler="synchronous", today=TODAY)
    shared = found[found["cluster"].notna()]
    assert set(shared["cluster"]) == {"shared-text-1"}
    assert set(shared["id"]) == {f"s{i:03d}" for i in range(n)}  # every member, none an original
    assert shared["copied_from"].isna().all()
    assert shared["copied_from_created_at"].isna().all()
    assert set(shared["order"]) == {"shared"}
    assert set(shared["cluster_size"]) == {n}
    assert set(shared["closeness"]) == {
        f"a common about text shown by {n} profiles, {n} of them over a year old: no one's copy"
    }
    assert pairs(found, "text") == {frozenset(("k-old", "k-new"))}
    # Three years-old accounts and a new one: an original and copies, reported as pairs.
    few = sweep(
        [*people[:3], {**people[3], "created_at": "2016-08-01"}], scheduler="synchronous",
        today=TODAY,
    )  # fmt: skip
    assert few["cluster"].isna().all()
    assert len(pairs(few, "text")) == 6


def test_a_group_at_the_cluster_size_stays_pairs() -> None:
    found = sweep(stock_population(6), scheduler="synchronous", cluster_at=6, today=TODAY)
    assert found["cluster"].isna().all()
    assert len(pairs(found, "text")) == 6 * 5 // 2 + 1


def test_unknown_creation_dates_stay_unknown() -> None:
    text = (
        "Freelance luthier restoring vintage violins, cellos and mandolins for orchestras, "
        "from a small workshop near Cremona"
    )
    profiles = [
        {"id": "u-dated", "about": text, "created_at": "2019-03-01"},
        {"id": "u-undated", "about": text},
        {"id": "v-a", "about": text + " abroad", "created_at": "2021-06-01"},
    ]
    found = sweep(profiles, scheduler="synchronous")
    rows = {frozenset((r["id"], r["copied_from"])): r for r in found.to_dict("records")}
    undated = rows[frozenset(("u-dated", "u-undated"))]
    assert undated["order"] == "unknown"
    # In id order: no claim about who copied whom.
    assert (undated["id"], undated["copied_from"]) == ("u-undated", "u-dated")
    assert undated["created_at"] is pd.NaT
    assert undated["copied_from_created_at"] == pd.Timestamp("2019-03-01")
    dated = rows[frozenset(("u-dated", "v-a"))]
    assert (dated["id"], dated["copied_from"], dated["order"]) == ("v-a", "u-dated", "older")


def test_a_cluster_without_any_date_names_no_original() -> None:
    profiles = [{"id": f"n{i}", "about": STOCK} for i in range(5)]
    found = sweep(profiles, scheduler="synchronous", cluster_at=3)
    assert len(found) == 5
    assert found["copied_from"].isna().all()
    assert (found["order"] == "unknown").all()


def test_a_bad_record_is_an_error_row_and_the_rest_is_swept() -> None:
    text = (
        "Wedding photographer capturing candid moments across Tuscany vineyards and villas, "
        "twenty years on from my first season in Siena"
    )
    profiles: list[Any] = [
        {"id": "ok-1", "about": text, "created_at": "2016-01-01"},
        {"id": "bad-1", "about": text, "connections": -3},
        {"id": "bad-2", "photo_hash": "not-hex"},
        {"id": "ok-2", "about": text, "created_at": "2023-01-01"},
    ]
    found = sweep(profiles, scheduler="synchronous")
    errors = found[found["kind"] == "error"]
    assert errors["id"].tolist() == ["bad-1", "bad-2"]
    assert "connections" in errors["error"].iloc[0]
    assert "photo_hash" in errors["error"].iloc[1]
    assert pairs(found, "text") == {frozenset(("ok-1", "ok-2"))}
    assert found.attrs["errors"] == 2


def test_bad_arguments_are_named() -> None:
    with pytest.raises(ValueError, match="cluster_at"):
        sweep([], cluster_at=0)
    with pytest.raises(ValueError, match="block_cap"):
        sweep([], block_cap=2)
    with pytest.raises(TypeError, match="iterable"):
        sweep(cast(Any, {"id": "a"}))


def test_read_items_are_swept_with_their_errors(tmp_path: Path) -> None:
    text = (
        "Sommelier pairing natural wines with regional tasting menus in small bistros, "
        "twenty years on from my first season in Siena"
    )
    path = tmp_path / "p.jsonl"
    path.write_text(
        f'{{"id": "r1", "about": "{text}", "created_at": "2011-01-01"}}\n'
        "{broken\n"
        f'{{"id": "r2", "about": "{text}", "created_at": "2020-01-01"}}\n',
        encoding="utf-8",
    )
    found = sweep(read_profiles(path), scheduler="synchronous")
    assert pairs(found, "text") == {frozenset(("r1", "r2"))}
    (error,) = found.loc[found["kind"] == "error", "error"]
    assert error.startswith(f"{path}:2: ")


def csv_rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        yield from csv.DictReader(f)


def test_cli_writes_the_pairs_csv(
    population: list[Profile], oracle: dict[str, Pairs], tmp_path: Path
) -> None:
    records = [flat(p) for p in population]
    text = (
        "Organic chemist scaling green solvents for pharmaceutical manufacturing plants, "
        "twenty years on from my first season in Siena"
    )
    records += [
        {"id": "=cmd", "about": text, "created_at": "2025-01-01"},  # a formula-like id
        {"id": "plain", "about": text, "created_at": "2014-01-01"},
    ]
    frame = pd.DataFrame(records)
    source = tmp_path / "profiles.csv"
    frame.to_csv(source, index=False)
    with source.open("a", encoding="utf-8") as f:
        f.write("bad-row,,2020-13-45,,\n")
    out = tmp_path / "pairs.csv"
    photos = next(Path(p.photo).parent for p in population if p.photo)
    code = main(
        ["sweep", str(source), "--out", str(out), "--scheduler", "synchronous",
         "--photo-root", str(photos)]
    )  # fmt: skip
    assert code == 1  # one record had an error
    rows = list(csv_rows(out))
    assert list(rows[0]) == [
        "id",
        "copied_from",
        "kind",
        "closeness",
        "created_at",
        "copied_from_created_at",
        "order",
        "cluster",
        "cluster_size",
        "error",
    ]
    found = {kind: {frozenset((r["id"], r["copied_from"])) for r in rows if r["kind"] == kind}
             for kind in ("photo", "text")}  # fmt: skip
    assert found["photo"] == oracle["photo"]
    assert found["text"] == oracle["text"] | {frozenset(("'=cmd", "plain"))}
    escaped = next(r for r in rows if r["copied_from"] == "plain")
    assert (escaped["id"], escaped["created_at"], escaped["order"]) == (
        "'=cmd",
        "2025-01-01",
        "older",
    )
    (error,) = [r for r in rows if r["kind"] == "error"]
    assert error["id"] == "bad-row"
    assert "created_at" in error["error"]


def stock_photo_population(first: dt.date) -> list[dict[str, Any]]:
    """60 accounts showing one stock photo, opened over 20 days from ``first``, and one other."""
    rng = random.Random(8)
    stock = random_fingerprint(rng).to_hex()
    profiles: list[dict[str, Any]] = [
        {"id": f"ph{i:02d}", "photo_hash": stock,
         "created_at": (first + dt.timedelta(days=i % 20)).isoformat()}
        for i in range(60)
    ]  # fmt: skip
    return [*profiles, {"id": "lone", "photo_hash": random_fingerprint(rng).to_hex()}]


@pytest.mark.parametrize("block_cap", [256, 16])
def test_a_stock_photo_is_one_cluster(block_cap: int) -> None:
    profiles = stock_photo_population(dt.date(2016, 2, 3))  # a ring of new accounts
    found = sweep(profiles, scheduler="synchronous", block_cap=block_cap, today=TODAY)
    assert set(found["cluster"]) == {"photo-1"}
    assert len(found) == 59
    assert set(found["copied_from"]) == {"ph00"}  # created first, the oldest
    same_day = found[found["order"] == "same day"]["id"]
    assert set(same_day) == {"ph20", "ph40"}
    assert found["closeness"].iloc[0] == "a photo shared by 60 profiles"


def test_a_photo_years_old_accounts_show_is_shared_not_copied() -> None:
    # The same photo on accounts years old: a company's logo, nobody's face.
    found = sweep(stock_photo_population(dt.date(2010, 2, 3)), scheduler="synchronous", today=TODAY)
    assert set(found["cluster"]) == {"shared-photo-1"}
    assert set(found["id"]) == {f"ph{i:02d}" for i in range(60)}
    assert found["copied_from"].isna().all()
    assert set(found["order"]) == {"shared"}
    assert set(found["closeness"]) == {
        "a common photo shown by 60 profiles, 60 of them over a year old: no one's copy"
    }


def components_of(edges: Pairs) -> list[set[str]]:
    """The connected groups of a set of pairs (a plain union-find)."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for pair in edges:
        a, b = tuple(pair)
        parent[root(a)] = root(b)
    groups: dict[str, set[str]] = {}
    for x in list(parent):
        groups.setdefault(root(x), set()).add(x)
    return list(groups.values())


@pytest.mark.parametrize("cluster_at", [1, 2, 4])
def test_small_cluster_sizes_give_the_look_ups_groups(
    population: list[Profile], oracle: dict[str, Pairs], cluster_at: int
) -> None:
    """Groups over ``cluster_at`` are clusters of exactly the look-ups' connected profiles.

    With small sizes, groups are found over the cluster size inside one bucket
    too (and sent on as a star, not pairs): the result must not change.
    """
    found = sweep(population, scheduler="synchronous", partition_size=80, cluster_at=cluster_at)
    assert any(len(g) > cluster_at for g in components_of(oracle["text"]))
    for kind in ("photo", "text"):
        big = [g for g in components_of(oracle[kind]) if len(g) > cluster_at]
        small_pairs = {p for p in oracle[kind] if not any(p <= g for g in big)}
        assert pairs(found, kind) == small_pairs
        rows = found[(found["kind"] == kind) & found["cluster"].notna()]
        clusters = [
            set(g["id"]) | {x for x in g["copied_from"] if isinstance(x, str)}
            for _, g in rows.groupby("cluster")
        ]
        assert sorted(map(sorted, clusters)) == sorted(map(sorted, big))


def test_photo_pairs_found_whichever_chunk_is_the_close_one() -> None:
    """Hashes whose differing bits are spread over the three chunks in every way up to 10 bits.

    Each block searches only its own chunk's buckets and leaves a pair whose
    earlier chunk is within 2 bits to that chunk's blocks: nothing may fall
    between them.
    """
    rng = random.Random(21)
    widths = (22, 21, 21)  # the index's chunks, most significant first
    offsets = (42, 21, 0)
    fps: list[PhotoFingerprint] = []
    for _ in range(3):
        base = random_fingerprint(rng)
        fps.append(base)
        for d0 in range(5):
            for d1 in range(5):
                for d2 in range(5):
                    if d0 + d1 + d2 > 10:
                        continue
                    bits = 0
                    for d, w, o in zip((d0, d1, d2), widths, offsets, strict=True):
                        bits |= sum(1 << (o + b) for b in rng.sample(range(w), d))
                    fps.append(
                        PhotoFingerprint(
                            PhotoHash(base.phash.bits ^ bits, 64),
                            flipped(base.strong, rng.choice([0, 60]), rng),
                            flipped(base.mirror_phash, 20, rng),
                            base.mirror_strong,
                        )
                    )
    profiles = [{"id": f"c{i}", "photo_hash": fp.to_hex()} for i, fp in enumerate(fps)]
    expected = _brute_force_pairs(fps, "c")
    found = sweep(profiles, scheduler="synchronous", partition_size=40, cluster_at=10_000)
    assert len(expected) > 100
    assert pairs(found, "photo") == expected


@pytest.mark.parametrize("block_hashes", [20, 1])
def test_photo_blocks_forced_small_find_the_same_pairs(
    monkeypatch: pytest.MonkeyPatch, block_hashes: int
) -> None:
    """More top bits (as a large population gets): the same pairs as a brute force."""
    from fakeprofile.sweep import _stages

    rng = random.Random(5)
    fps: list[PhotoFingerprint] = []
    for _ in range(10):
        base = random_fingerprint(rng)
        fps += [base] + [
            PhotoFingerprint(
                flipped(base.phash, rng.randint(0, 10), rng),
                flipped(base.strong, rng.choice([0, 50]), rng),
                flipped(base.mirror_phash, rng.randint(0, 10), rng),
                base.mirror_strong,
            )
            for _ in range(10)
        ]
    expected: Pairs = {
        frozenset((f"f{i}", f"f{j}"))
        for i, a in enumerate(fps)
        for j, b in enumerate(fps)
        if i != j and verify(a, b.phash, b.strong) is not None
    }
    profiles = [{"id": f"f{i}", "photo_hash": fp.to_hex()} for i, fp in enumerate(fps)]
    monkeypatch.setattr(_stages, "BLOCK_HASHES", block_hashes)
    bits = _stages.top_bits_for(len(fps))
    assert bits > _stages.TOP_BITS  # the blocks are smaller than they would be
    found = sweep(profiles, scheduler="synchronous", partition_size=30, cluster_at=10_000)
    assert len(expected) > 50
    assert pairs(found, "photo") == expected


def test_cli_refuses_an_output_it_would_lose_work_or_input_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Checked before the sweep runs: the input itself, a folder, a missing folder."""
    source = tmp_path / "profiles.jsonl"
    source.write_text('{"id": "a"}\n')
    for out in (source, tmp_path, tmp_path / "missing" / "pairs.csv"):
        assert main(["sweep", str(source), "--out", str(out), "--scheduler", "synchronous"]) == 2
        assert "fakeprofile sweep: error: --out" in capsys.readouterr().err
    assert source.read_text() == '{"id": "a"}\n'


def test_cli_piped_has_no_progress_bar(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Standard error that is not a terminal (a log, a pipe) gets the summary, not a bar."""
    source = tmp_path / "profiles.jsonl"
    source.write_text('{"id": "a"}\n{"id": "b"}\n')
    code = main(
        ["sweep", str(source), "--out", str(tmp_path / "p.csv"), "--scheduler", "synchronous"]
    )
    assert code == 0
    err = capsys.readouterr().err
    assert "% Completed" not in err
    assert err.strip().startswith("swept 2 of 2 records")


def test_cli_counts_shared_clusters(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "logo.jsonl"
    people = stock_photo_population(dt.date(2010, 2, 3))  # years old by any today after 2011
    source.write_text("".join(json.dumps(p) + "\n" for p in people))
    out = tmp_path / "p.csv"
    code = main(["sweep", str(source), "--out", str(out), "--scheduler", "synchronous"])
    assert code == 0
    err = capsys.readouterr().err
    assert "0 photo pairs, 0 text pairs, 1 cluster (1 of them shared photos or texts)" in err
    rows = list(csv_rows(out))
    assert {r["cluster"] for r in rows} == {"shared-photo-1"}
    assert {r["copied_from"] for r in rows} == {""}


def test_a_profile_given_twice_counts_once_toward_a_shared_text() -> None:
    text = STOCK
    twice = [
        {"id": "a", "about": text, "created_at": "2010-01-01"},
        {"id": "a", "about": text, "created_at": "2010-01-01"},
        {"id": "b", "about": text, "created_at": "2011-01-01"},
        {"id": "b", "about": text, "created_at": "2011-01-01"},
        {"id": "c", "about": text, "created_at": "2016-08-01"},
    ]
    found = sweep(twice, scheduler="synchronous", today=TODAY)
    # Two established accounts, not four: c copies a and b, and a and b share it.
    assert found["cluster"].isna().all()
    assert pairs(found, "text") == {frozenset(p) for p in (("c", "a"), ("c", "b"), ("a", "b"))}
    assert found.attrs["same_id_pairs"] == 2
    # Four established accounts, one given twice: one shared cluster, each profile once.
    four = [*twice[:4], {"id": "d", "about": text, "created_at": "2012-01-01"},
            {"id": "e", "about": text, "created_at": "2013-01-01"}]  # fmt: skip
    shared = sweep(four, scheduler="synchronous", today=TODAY)
    assert list(shared["id"]) == ["a", "b", "d", "e"]
    assert set(shared["cluster"]) == {"shared-text-1"}
    assert set(shared["cluster_size"]) == {4}
    assert shared.attrs["same_id_pairs"] == 2


def test_a_profile_given_many_times_is_no_group() -> None:
    # One profile given 60 times (over cluster_at 50 records) is no cluster of one: no row,
    # and its pairs are counted as same-id pairs.
    alone = sweep([stock_population(1)[0]] * 60, scheduler="synchronous", today=TODAY)
    assert len(alone) == 0
    assert alone.attrs["same_id_pairs"] > 0
