"""The index's search structures saved as arrays beside the SQLite file, mapped on open.

Whatever state the arrays are in (current, behind the file, missing, from an
older format, truncated, of another history of the file, left by a writer
killed between its commit and the array write), an index answers every
look-up exactly as one loaded from the SQLite file alone.
"""

from __future__ import annotations

import json
import mmap
import random
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from photo_helpers import random_fingerprint

from fakeprofile.index import FORMAT_VERSION, ProfileCopies, ReferenceIndex, arrays
from fakeprofile.profile import Profile
from fakeprofile.synthetic import generate

REPO = Path(__file__).resolve().parents[1]


def _population(n: int, seed: int, prefix: str = "p") -> list[Profile]:
    """Generated profiles (with their copycats' copied texts) and photo hashes, some shared."""
    rng = random.Random(seed)
    shared = [random_fingerprint(rng).to_hex() for _ in range(5)]
    out = []
    for i, profile in enumerate(generate(n, seed=seed).profiles):
        update: dict[str, Any] = {"id": f"{prefix}{seed}-{i}"}
        if profile.has_photo:
            update["photo_hash"] = (
                rng.choice(shared) if rng.random() < 0.1 else random_fingerprint(rng).to_hex()
            )
        out.append(profile.model_copy(update=update))
    return out


def _answers(index: ReferenceIndex, queries: Iterable[Profile]) -> list[ProfileCopies]:
    return [index.find(profile) for profile in queries]


def _fresh(db: Path, tmp_path: Path) -> Path:
    """A copy of the index file alone (no arrays): opening it reads every row."""
    copy = tmp_path / "fresh" / db.name
    copy.parent.mkdir(exist_ok=True)
    shutil.copy(db, copy)
    for suffix in ("-wal", "-shm"):
        if Path(f"{db}{suffix}").exists():
            shutil.copy(f"{db}{suffix}", f"{copy}{suffix}")
    arrays.remove(copy)
    return copy


def _assert_same_as_fresh(db: Path, tmp_path: Path, queries: Sequence[Profile]) -> None:
    """Opened as it is (arrays and all), ``db`` answers as its SQLite file alone does."""
    with ReferenceIndex(db, readonly=True) as index:
        got = _answers(index, queries)
    with ReferenceIndex(_fresh(db, tmp_path), readonly=True) as index:
        expected = _answers(index, queries)
    assert got == expected
    assert any(c.photo_matches for c in expected)
    assert any(c.text_matches for c in expected)


def _manifest(db: Path) -> dict[str, Any]:
    manifest: dict[str, Any] = json.loads(
        (arrays.folder_of(db) / "manifest.json").read_text(encoding="utf-8")
    )
    return manifest


def _is_mapped(array: np.ndarray[Any, Any]) -> bool:
    base: object = array
    while isinstance(base, np.ndarray):
        base = base.base
    return isinstance(base, mmap.mmap)


@pytest.fixture(scope="module")
def population() -> list[Profile]:
    return _population(500, seed=11)


def _built(tmp_path: Path, profiles: list[Profile]) -> Path:
    db = tmp_path / "known.db"
    with ReferenceIndex(db) as index:
        index.add(profiles)
        index.compact()
    return db


def test_an_index_opens_its_saved_arrays_mapped(tmp_path: Path, population: list[Profile]) -> None:
    db = _built(tmp_path, population)
    manifest = _manifest(db)
    with sqlite3.connect(db) as conn:
        generation = conn.execute("SELECT max(generation) FROM generations").fetchone()[0]
    assert manifest["generation"] == generation
    assert {"texts.sigs", "photos.keys", "rows.blob"} <= set(manifest["arrays"])
    with ReferenceIndex(db, readonly=True) as index:
        assert index.check() == []
        assert _is_mapped(index._texts.base._sigs)
        assert _is_mapped(index._photos.tables.keys)
        assert _is_mapped(index._photos.tables.ids)
    _assert_same_as_fresh(db, tmp_path, population[:200])


def test_writes_since_the_arrays_are_read_from_the_file(
    tmp_path: Path, population: list[Profile]
) -> None:
    db = _built(tmp_path, population[:400])
    saved = _manifest(db)
    with ReferenceIndex(db) as index:
        index.add(population[400:])  # new profiles (copies of earlier ones among them)
        index.add(p.model_copy(update={"about": None}) for p in population[:20])  # updated
        index.add(population[:5])  # and back
        index.remove([p.id for p in population[100:130]])
    assert _manifest(db) == saved  # small writes do not rewrite the arrays
    _assert_same_as_fresh(db, tmp_path, population)


def test_a_writer_killed_between_its_commit_and_the_array_write(
    tmp_path: Path, population: list[Profile]
) -> None:
    db = _built(tmp_path, population[:300])
    saved = _manifest(db)
    script = textwrap.dedent(
        f"""
        import os, sys
        sys.path.insert(0, {str(REPO / "tests")!r})
        from fakeprofile.index import ReferenceIndex, arrays
        from test_index_arrays import _population

        def killed(*args, **kwargs):
            os._exit(9)  # as if killed: nothing after the commit happens

        arrays.write_base = killed
        profiles = _population(500, seed=11)
        with ReferenceIndex({str(db)!r}) as index:
            index.add(profiles[300:])
            index.remove([p.id for p in profiles[:10]])
            index.compact()  # the arrays would be written now
        os._exit(0)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 9, done.stderr
    assert _manifest(db) == saved  # the old arrays, behind the file
    _assert_same_as_fresh(db, tmp_path, population)
    with ReferenceIndex(db) as index:  # a writer brings them up to date
        index.compact()
    assert _manifest(db)["generation"] > saved["generation"]
    _assert_same_as_fresh(db, tmp_path, population)


def test_a_writer_killed_while_writing_the_arrays(
    tmp_path: Path, population: list[Profile]
) -> None:
    db = _built(tmp_path, population[:300])
    saved = _manifest(db)
    script = textwrap.dedent(
        f"""
        import os, sys
        import numpy as np
        sys.path.insert(0, {str(REPO / "tests")!r})
        from fakeprofile.index import ReferenceIndex
        from test_index_arrays import _population

        written = []
        real = np.lib.format.write_array

        def write_array(f, array, **kwargs):
            written.append(1)
            if len(written) == 5:  # killed with a few files written
                f.write(b"half")
                os._exit(9)
            real(f, array, **kwargs)

        np.lib.format.write_array = write_array
        with ReferenceIndex({str(db)!r}) as index:
            index.add(_population(500, seed=11)[300:])
            index.compact()
        os._exit(0)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 9, done.stderr
    assert _manifest(db) == saved
    assert any(p.name.startswith("tmp-") for p in arrays.folder_of(db).iterdir())
    _assert_same_as_fresh(db, tmp_path, population)


def test_a_write_that_fails_after_the_commit_leaves_the_index_right(
    tmp_path: Path, population: list[Profile], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = _built(tmp_path, population[:300])

    def full_disk(*args: object, **kwargs: object) -> bool:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(arrays, "write_base", full_disk)
    with ReferenceIndex(db) as index:
        index.add(population[300:])
        index.compact()  # logged, not raised: the index works without new arrays
        assert _answers(index, population[290:310]) == _answers(index, population[290:310])
    monkeypatch.undo()
    _assert_same_as_fresh(db, tmp_path, population)


@pytest.mark.parametrize("damage", ["truncated", "missing", "manifest", "format", "dtype"])
def test_unusable_arrays_are_not_used_and_a_writer_rewrites_them(
    tmp_path: Path, population: list[Profile], damage: str
) -> None:
    db = _built(tmp_path, population)
    folder = arrays.folder_of(db)
    manifest = _manifest(db)
    sigs = folder / manifest["folder"] / manifest["arrays"]["texts.sigs"]["file"]
    if damage == "truncated":
        with sigs.open("r+b") as f:
            f.truncate(sigs.stat().st_size // 2)
    elif damage == "missing":
        sigs.unlink()
    elif damage == "manifest":
        (folder / "manifest.json").write_text('{"format": 1, "generation": ')
    else:
        if damage == "format":
            manifest["format"] = 0  # an older layout
        else:
            manifest["arrays"]["photos.keys"]["dtype"] = "<i4"
        (folder / "manifest.json").write_text(json.dumps(manifest))
    listing = sorted(folder.rglob("*"))
    _assert_same_as_fresh(db, tmp_path, population[:200])
    assert sorted(folder.rglob("*")) == listing  # read-only: left as they are
    with ReferenceIndex(db) as index:  # a writable open saves them again
        assert index.check() == []
    assert _manifest(db)["format"] == arrays.ARRAYS_VERSION
    _assert_same_as_fresh(db, tmp_path, population[:200])


def test_check_finds_a_damaged_array(tmp_path: Path, population: list[Profile]) -> None:
    db = _built(tmp_path, population)
    manifest = _manifest(db)
    keys = arrays.folder_of(db) / manifest["folder"] / manifest["arrays"]["photos.keys"]["file"]
    data = bytearray(keys.read_bytes())
    data[-3] ^= 0xFF  # same size and shape: only the checksum tells
    keys.write_bytes(bytes(data))
    with ReferenceIndex(db, readonly=True) as index:
        problems = index.check()
    assert len(problems) == 1
    assert "photos.keys.npy" in problems[0]
    assert "checksum" in problems[0]
    arrays.remove(db)  # as check's documentation says: rebuilt from the file
    with ReferenceIndex(db) as index:
        assert index.check() == []
    _assert_same_as_fresh(db, tmp_path, population[:100])


def test_arrays_of_another_history_of_the_file_are_not_used(
    tmp_path: Path, population: list[Profile]
) -> None:
    db = _built(tmp_path, population[:200])
    backup = tmp_path / "backup.db"
    shutil.copy(db, backup)
    with ReferenceIndex(db) as index:  # the arrays move on past the backup ...
        index.add(population[200:])
        index.compact()
    shutil.copy(backup, db)  # ... and the backup is restored, then written to
    with ReferenceIndex(db) as index:
        index.add(population[250:260])
        index.compact()
    _assert_same_as_fresh(db, tmp_path, population)
    # The same number of writes on both sides: only the stamp tells them apart.
    shutil.copy(backup, db)
    with ReferenceIndex(db) as index:
        index.add(population[260:270])
    _assert_same_as_fresh(db, tmp_path, population)


def test_another_sqlite_client_s_writes_are_seen(tmp_path: Path, population: list[Profile]) -> None:
    db = _built(tmp_path, population)
    with sqlite3.connect(db) as conn:  # no generation added: the triggers record the rows
        conn.execute("DELETE FROM profiles WHERE id = ?", (population[3].id,))
        conn.execute("DELETE FROM texts WHERE row = (SELECT row FROM profiles WHERE id = ?)",
                     (population[4].id,))  # fmt: skip
    _assert_same_as_fresh(db, tmp_path, population)


def test_a_read_only_opener_never_writes_arrays(tmp_path: Path, population: list[Profile]) -> None:
    db = _built(tmp_path, population[:100])
    arrays.remove(db)
    with ReferenceIndex(db, readonly=True) as index:
        assert index.find(population[0]).profile_id == population[0].id
    assert not arrays.folder_of(db).exists()
    with ReferenceIndex(db) as index:
        pass
    assert (arrays.folder_of(db) / "manifest.json").is_file()


def test_a_format_2_file_opens_and_is_migrated_when_written(
    tmp_path: Path, population: list[Profile]
) -> None:
    db = _built(tmp_path, population[:150])
    arrays.remove(db)
    with sqlite3.connect(db) as conn:  # as the previous version wrote it
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'"):
            conn.execute(f"DROP TRIGGER {name}")
        conn.execute("DROP TABLE generations")
        conn.execute("DROP TABLE changed")
        conn.execute("PRAGMA user_version = 2")
    with ReferenceIndex(db, readonly=True) as index:
        old = _answers(index, population[:150])
    assert not arrays.folder_of(db).exists()
    with ReferenceIndex(db) as index:
        assert _answers(index, population[:150]) == old
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == FORMAT_VERSION == 3
    assert _manifest(db)["generation"] >= 1
    _assert_same_as_fresh(db, tmp_path, population[:150])


def test_many_writes_since_the_arrays_rewrite_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fakeprofile.index import store

    monkeypatch.setattr(store, "DELTA_MIN", 50)
    profiles = _population(300, seed=12)
    db = tmp_path / "known.db"
    with ReferenceIndex(db) as index:
        index.add(profiles[:100])  # more than DELTA_MIN since the (empty) arrays: saved
        first = _manifest(db)["generation"]
        index.add(profiles[100:120])  # a few: not saved
        assert _manifest(db)["generation"] == first
    with sqlite3.connect(db) as conn:  # the saved generations' bookkeeping is gone
        assert conn.execute("SELECT min(generation) FROM changed").fetchone()[0] > first
    with ReferenceIndex(db) as index:
        index.add(profiles[120:300])  # more than a sixteenth of the arrays' rows: saved
        assert _manifest(db)["generation"] > first
    _assert_same_as_fresh(db, tmp_path, profiles)


def test_old_array_folders_are_removed(tmp_path: Path, population: list[Profile]) -> None:
    db = _built(tmp_path, population[:50])
    with ReferenceIndex(db) as index:
        for i in range(4):
            index.add(population[50 + i : 51 + i])
            index.compact()
    folders = [p for p in arrays.folder_of(db).iterdir() if p.is_dir()]
    assert len(folders) == 2  # the current one, and the one before (a reader may map it)
    assert _manifest(db)["folder"] in {p.name for p in folders}


def test_look_ups_in_threads_while_a_writer_saves_the_arrays(
    tmp_path: Path, population: list[Profile]
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    db = _built(tmp_path, population[:300])
    rng = random.Random(13)
    others = [  # texts and photos of their own: the queries' answers stay the same
        Profile(
            id=f"o-{i}",
            about=" ".join("".join(rng.choices("abcdefghijklmnop", k=7)) for _ in range(30)),
            photo_hash=random_fingerprint(rng).to_hex(),
        )
        for i in range(200)
    ]
    queries = population[:60]
    with ReferenceIndex(db) as index:
        expected = _answers(index, queries)
        stop = False

        def look_up() -> int:
            rounds = 0
            while not stop:
                assert _answers(index, queries) == expected
                rounds += 1
            return rounds

        with ThreadPoolExecutor(3) as pool:
            readers = [pool.submit(look_up) for _ in range(3)]
            for start in range(0, 200, 50):
                index.add(others[start : start + 50])
                index.compact()  # folds, saves, maps the new arrays: under the look-ups
            stop = True
            assert all(r.result() > 0 for r in readers)
    _assert_same_as_fresh(db, tmp_path, population[:60] + others[:40] + others[190:])
