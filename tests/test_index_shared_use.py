"""Shared use of one index and one scorer by many threads, and corrupted index files."""

from __future__ import annotations

import datetime as dt
import random
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from photo_helpers import encode, synthetic_photo

from fakeprofile import FakeProfileError, Item, read_profiles, score
from fakeprofile.errors import IndexFormatError
from fakeprofile.fingerprints.photo import PhotoFingerprint, fingerprint
from fakeprofile.fingerprints.text import TextSignature, text_signature
from fakeprofile.index import ReferenceIndex
from fakeprofile.profile import Profile
from fakeprofile.scoring import Scorer

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
THREADS = 8
TODAY = dt.date(2026, 12, 1)


def _examples() -> list[Profile]:
    return [i.value for i in read_profiles(EXAMPLES / "profiles.jsonl") if isinstance(i, Item)]


def _build(db: Path) -> list[Profile]:
    """An index of the examples plus 40 synthetic photos; returns the examples."""
    profiles = _examples()
    with ReferenceIndex(db) as index:
        index.add(profiles)
        index.add(
            Profile(id=f"s-{seed}", photo_hash=fingerprint(encode(synthetic_photo(seed))).to_hex())
            for seed in range(40)
        )
    return profiles


def _in_threads(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run every call on a pool of THREADS threads; results in order (errors re-raised)."""
    with ThreadPoolExecutor(THREADS) as pool:
        return list(pool.map(lambda call: call(), calls))


def _lookups(
    index: ReferenceIndex, profiles: list[Profile], *, counts: bool = True
) -> list[Callable[[], Any]]:
    """Photo and text look-ups of every profile, ten times over (and counts, if asked)."""

    def photo(fp: PhotoFingerprint) -> list[str]:
        return [m.profile_id for m in index.photo_matches(None, fp)]

    def text(pid: str, sig: TextSignature) -> list[tuple[str, str]]:
        return [(m.profile_id, m.field) for m in index.text_matches(pid, "about", sig)]

    calls: list[Callable[[], Any]] = []
    for _ in range(10):
        for p in profiles:
            if p.photo:
                calls.append(partial(photo, fingerprint(p.photo)))
            sig = text_signature(p.about or "")
            if sig is not None:
                calls.append(partial(text, p.id, sig))
            if counts:
                calls.append(index.__len__)
                calls.append(index.stats)
    return calls


def test_one_index_shared_by_threads_answers_as_sequential_calls(tmp_path: Path) -> None:
    db = tmp_path / "net.db"
    profiles = _build(db)
    with ReferenceIndex(db, readonly=True) as index:
        calls = _lookups(index, profiles)
        sequential = [call() for call in calls]
        assert any(isinstance(r, list) and r for r in sequential)  # some look-ups find something
        assert _in_threads(calls) == sequential


def test_writes_and_reads_from_threads_on_one_index(tmp_path: Path) -> None:
    db = tmp_path / "net.db"
    profiles = _build(db)
    with ReferenceIndex(db) as index:
        before = len(index)

        def write(k: int) -> int:
            return index.add([Profile(id=f"w-{k}", about=f"writer number {k} " * 10)]).added

        reads = _lookups(index, profiles, counts=False)
        expected = [call() for call in reads]
        writes: list[Callable[[], Any]] = [partial(write, k) for k in range(16)]
        calls = [c for pair in zip(writes, reads[:16], strict=True) for c in pair] + reads[16:]
        results = _in_threads(calls)
        assert results[0:32:2] == [1] * 16
        assert results[1:32:2] + results[32:] == expected  # the writes do not disturb the reads
        assert len(index) == before + 16
    with ReferenceIndex(db, readonly=True) as reopened:
        assert len(reopened) == before + 16


def test_one_scorer_shared_by_threads_scores_as_sequential_calls(tmp_path: Path) -> None:
    db = tmp_path / "net.db"
    profiles = _build(db)
    scorer = Scorer(index=ReferenceIndex(db, readonly=True), today=TODAY)
    calls: list[Callable[[], Any]] = [partial(scorer.score, p) for p in profiles * 8]
    sequential = [(s.profile_id, s.risk, s.reasons) for s in (call() for call in calls)]
    threaded = [(s.profile_id, s.risk, s.reasons) for s in _in_threads(calls)]
    assert threaded == sequential


def test_score_with_an_index_path_from_threads(tmp_path: Path) -> None:
    db = tmp_path / "net.db"
    profiles = _build(db)
    calls: list[Callable[[], Any]] = [partial(score, p, index=str(db)) for p in profiles * 8]
    sequential = [(s.profile_id, s.risk) for s in (call() for call in calls)]
    assert [(s.profile_id, s.risk) for s in _in_threads(calls)] == sequential


# --------------------------------------------------------------------------- corrupted files


def _corrupt(source: Path, target: Path, seed: int) -> None:
    """Copy ``source`` to ``target`` with random byte ranges overwritten, or truncated."""
    data = bytearray(source.read_bytes())
    rng = random.Random(seed)
    if seed % 5 == 0:
        data = data[: rng.randrange(len(data))]
    else:
        for _ in range(rng.randint(1, 6)):
            start = rng.randrange(len(data))
            length = rng.randint(1, 512)
            data[start : start + length] = rng.randbytes(min(length, len(data) - start))
    target.write_bytes(bytes(data))


def _use(db: Path, probes: list[Profile], readonly: bool) -> None:
    with ReferenceIndex(db, readonly=readonly) as index:
        len(index)
        index.stats()
        index.refresh()
        for p in probes:
            if p.photo:
                index.photo_matches(None, fingerprint(p.photo))
            sig = text_signature(p.about or "")
            if sig is not None:
                index.text_matches(None, "about", sig)
        if not readonly:
            index.add(probes[:2])
            index.remove([probes[0].id])
    score(probes[0], index=Path(db))


@pytest.fixture(scope="module")
def clean_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Profile]]:
    """A healthy index file (built once) and the profiles to look up in it."""
    clean = tmp_path_factory.mktemp("clean") / "clean.db"
    return clean, _build(clean)


@pytest.mark.parametrize("seed", range(40))
def test_a_corrupted_index_file_raises_only_the_library_error(
    tmp_path: Path, seed: int, clean_index: tuple[Path, list[Profile]]
) -> None:
    clean, probes = clean_index
    bad = tmp_path / f"bad-{seed}.db"
    _corrupt(clean, bad, seed)
    for readonly in (True, False):
        copy = tmp_path / f"copy-{readonly}.db"
        shutil.copyfile(bad, copy)
        try:
            _use(copy, probes, readonly)
        except IndexFormatError as exc:
            assert str(copy) in str(exc)  # names the file
        except FakeProfileError as exc:  # pragma: no cover - shown if it happens
            pytest.fail(f"a corrupted index gave {type(exc).__name__}, not IndexFormatError: {exc}")
