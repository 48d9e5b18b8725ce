"""The SQLite reference index: persistence, upsert, delete, format checks, concurrency, crashes."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from photo_helpers import encode, synthetic_photo

from fakeprofile.errors import IndexFormatError
from fakeprofile.index import FORMAT_VERSION, ReferenceIndex
from fakeprofile.profile import Profile
from fakeprofile.signals.photo import PhotoFingerprint, fingerprint

REPO = Path(__file__).resolve().parents[1]


def _fp(seed: int) -> PhotoFingerprint:
    return fingerprint(encode(synthetic_photo(seed)))


def _profile(pid: str, seed: int, created: str | None = None) -> Profile:
    return Profile(id=pid, photo_hash=_fp(seed).to_hex(), created_at=created)


def _ids(index: ReferenceIndex, pid: str | None, seed: int) -> list[str]:
    return [m.profile_id for m in index.photo_matches(pid, _fp(seed))]


def test_persistence_across_reopen(tmp_path: Path) -> None:
    db = tmp_path / "index.db"
    with ReferenceIndex(db) as index:
        report = index.add([_profile("a", 1, "2015-03-04"), _profile("b", 2), Profile(id="c")])
    assert (report.added, report.updated, report.photos) == (3, 0, 2)
    with ReferenceIndex(db, readonly=True) as index:
        [match] = index.photo_matches(None, _fp(1))
        assert match.profile_id == "a"
        assert match.distance == 0
        assert match.mirrored is False
        assert match.created_at == dt.date(2015, 3, 4)
        stats = index.stats()
        assert (stats.profiles, stats.photos, stats.texts) == (3, 2, 0)
        assert stats.format_version == FORMAT_VERSION
        assert stats.file_bytes > 0
        assert stats.memory_bytes > 0
        assert len(index) == 3


def test_never_matches_itself_but_finds_the_same_batch(tmp_path: Path) -> None:
    with ReferenceIndex(tmp_path / "i.db") as index:
        index.add([_profile("a", 1), _profile("b", 1), _profile("c", 3)])
        assert _ids(index, "a", 1) == ["b"]
        assert _ids(index, "b", 1) == ["a"]
        assert _ids(index, "c", 3) == []
        assert _ids(index, None, 1) == ["a", "b"]


def test_upsert_is_idempotent_and_replaces_the_photo(tmp_path: Path) -> None:
    with ReferenceIndex(tmp_path / "i.db") as index:
        index.add([_profile("a", 1)])
        again = index.add([_profile("a", 1)])
        assert (again.added, again.updated) == (0, 1)
        assert len(index) == 1
        assert _ids(index, None, 1) == ["a"]
        index.add([_profile("a", 2)])
        assert _ids(index, None, 1) == []
        assert _ids(index, None, 2) == ["a"]
        index.add([Profile(id="a")])  # no photo any more
        assert _ids(index, None, 2) == []
        assert index.stats().photos == 0


def test_remove(tmp_path: Path) -> None:
    db = tmp_path / "i.db"
    with ReferenceIndex(db) as index:
        index.add([_profile(f"p{i}", i) for i in range(5)])
        assert index.remove(["p1", "p3", "nope", "p1"]) == 2
        assert index.remove(["p1"]) == 0
        assert _ids(index, None, 1) == []
        assert _ids(index, None, 2) == ["p2"]
    with ReferenceIndex(db) as index:
        assert len(index) == 3
        assert _ids(index, None, 3) == []


def test_unreadable_photo_is_reported_and_indexed_without_photo(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"nope")
    with ReferenceIndex(tmp_path / "i.db") as index:
        report = index.add([Profile(id="x", photo=str(bad)), Profile(id="y", photo_hash="ab")])
        assert report.photos_unreadable == ("x", "y")
        assert len(index) == 2
        assert index.stats().photos == 0


def test_format_version_mismatch(tmp_path: Path) -> None:
    db = tmp_path / "i.db"
    ReferenceIndex(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version = 99")
    with pytest.raises(IndexFormatError, match=r"format version 99.*reads version 1"):
        ReferenceIndex(db)


def test_not_an_index(tmp_path: Path) -> None:
    text = tmp_path / "notes.db"
    text.write_text("hello, this is not SQLite at all " * 100)
    with pytest.raises(IndexFormatError, match="not a fakeprofile index"):
        ReferenceIndex(text)
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(IndexFormatError, match="not a fakeprofile index"):
        ReferenceIndex(other)
    with pytest.raises(IndexFormatError, match="does not exist"):
        ReferenceIndex(tmp_path / "missing.db", readonly=True)


def test_readonly_refuses_writes(tmp_path: Path) -> None:
    db = tmp_path / "i.db"
    ReferenceIndex(db).close()
    with (
        ReferenceIndex(db, readonly=True) as index,
        pytest.raises(IndexFormatError, match="read-only"),
    ):
        index.add([Profile(id="a")])


READER = """
    import sys
    from fakeprofile.index import ReferenceIndex
    from fakeprofile.signals.photo import PhotoFingerprint
    with ReferenceIndex(sys.argv[1], readonly=True) as index:
        fp = PhotoFingerprint.from_hex(sys.argv[2])
        print(len(index), [m.profile_id for m in index.photo_matches(None, fp)])
"""


def _read_in_other_process(db: Path, fp: PhotoFingerprint) -> str:
    argv = [sys.executable, "-c", textwrap.dedent(READER), str(db), fp.to_hex()]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=60, check=True)
    return done.stdout.strip()


def test_concurrent_reader_sees_committed_state_while_a_write_is_open(tmp_path: Path) -> None:
    db = tmp_path / "i.db"
    seen: list[str] = []
    with ReferenceIndex(db) as index:
        index.add([_profile("a", 1)])

        def profiles() -> Iterator[Profile]:
            yield _profile("b", 1)
            # The write transaction is open here: a reader is neither blocked nor sees "b".
            seen.append(_read_in_other_process(db, _fp(1)))
            yield _profile("c", 2)

        index.add(profiles())
        seen.append(_read_in_other_process(db, _fp(1)))
    assert seen == ["1 ['a']", "3 ['a', 'b']"]


def test_refresh_picks_up_another_writer(tmp_path: Path) -> None:
    db = tmp_path / "i.db"
    with ReferenceIndex(db) as writer, ReferenceIndex(db, readonly=True) as reader:
        assert reader.refresh() is False
        writer.add([_profile("a", 1)])
        assert _ids(reader, None, 1) == []  # a snapshot until refreshed
        assert reader.refresh() is True
        assert _ids(reader, None, 1) == ["a"]


WRITER = """
    import sys
    from fakeprofile.index import ReferenceIndex
    from fakeprofile.profile import Profile
    h = sys.argv[2]
    def profiles():
        for i in range(10_000_000):
            if i == 40_000:  # enough rows that pages spill to the WAL
                print("halfway", flush=True)
            yield Profile(id=f"w{i}", photo_hash=h, created_at="2020-01-01")
    with ReferenceIndex(sys.argv[1]) as index:
        index.add(profiles())
"""


def test_killed_writer_leaves_the_file_consistent(tmp_path: Path) -> None:
    db = tmp_path / "i.db"
    with ReferenceIndex(db) as index:
        index.add([_profile("a", 1), _profile("b", 2)])
    argv = [sys.executable, "-c", textwrap.dedent(WRITER), str(db), _fp(1).to_hex()]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, text=True) as writer:
        try:
            assert writer.stdout is not None
            assert writer.stdout.readline().strip() == "halfway"
            wal = Path(f"{db}-wal")
            wal_bytes = wal.stat().st_size if wal.exists() else 0
        finally:
            # Killed on every path: Popen's exit would otherwise wait for 10 M rows.
            writer.send_signal(signal.SIGKILL)
            writer.wait(timeout=30)
    assert wal_bytes > 0  # the killed transaction had reached the file
    assert writer.returncode == -signal.SIGKILL
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with ReferenceIndex(db) as index:
        assert len(index) == 2  # the killed add is rolled back as a whole
        assert _ids(index, None, 1) == ["a"]
        index.add([_profile("c", 1)])  # and the file takes new writes
        assert _ids(index, None, 1) == ["a", "c"]


BIO = (
    "Product designer with nine years in healthcare software. I lead research and design "
    "for the patient-facing apps at Brightwell Health, and mentor junior designers in Leeds."
)


def test_text_matches_persist_and_follow_upserts_and_removal(tmp_path: Path) -> None:
    from fakeprofile.signals.text import text_signature

    db = tmp_path / "i.db"
    original = Profile(id="amara", name="Amara Okafor", about=BIO, created_at="2013-09-02")
    # The copier pasted the bio into an experience description and signed it with their name.
    copy_text = BIO.replace("Leeds", "Leeds. Amelia Oakes")
    copier = Profile(id="fake", name="Amelia Oakes", experience=[{"description": copy_text}])
    unrelated = Profile(
        id="george",
        about="Structural engineer: bridges and footbridges, mostly steel and timber, in Sweden.",
    )
    with ReferenceIndex(db) as index:
        report = index.add([original, copier, unrelated])
        assert report.texts == 3
        sig = text_signature(copy_text, mask=["Amelia Oakes", "Amelia", "Oakes"])
        assert sig is not None
        [match] = index.text_matches("fake", "experience", sig)
        assert (match.profile_id, match.field) == ("amara", "about")
        assert match.similarity > 0.9
        assert match.created_at == dt.date(2013, 9, 2)
        # Without a profile id to exclude, the copy finds itself too (most similar first).
        assert [m.profile_id for m in index.text_matches(None, "about", sig)] == [
            "fake",
            "amara",
        ]
    with ReferenceIndex(db, readonly=True) as index:
        assert [m.profile_id for m in index.text_matches("fake", "about", sig)] == ["amara"]
        assert index.stats().texts == 3
        assert index.stats().extra["text_index_bytes"] > 0
    with ReferenceIndex(db) as index:
        index.add([Profile(id="amara", about="Now a completely different text about gardening.")])
        assert index.text_matches("fake", "about", sig) == []
        assert index.remove(["fake"]) == 1
        assert index.text_matches(None, "about", sig) == []


def test_signals_use_the_store_end_to_end(tmp_path: Path) -> None:
    from fakeprofile.signals import SIGNALS, Context

    image = encode(synthetic_photo(21))
    (tmp_path / "a.png").write_bytes(image)
    original = Profile(
        id="amara", name="Amara Okafor", about=BIO, photo=str(tmp_path / "a.png"),
        created_at="2013-09-02",
    )  # fmt: skip
    copier = Profile(
        id="fake", name="Amelia Oakes", about=BIO, photo=str(tmp_path / "a.png"),
        created_at="2026-09-30",
    )  # fmt: skip
    with ReferenceIndex(tmp_path / "i.db") as index:
        index.add([original])
        context = Context(today=dt.date(2026, 11, 1), index=index)
        values: dict[str, float] = {}
        for signal in SIGNALS:
            values.update(signal.extract(copier, context).values)
    assert values["photo_reuse_count"] == 1.0
    assert values["photo_reuse_older_count"] == 1.0
    assert values["text_copy_count"] == 1.0
    assert values["text_copy_older_count"] == 1.0
    assert values["text_lookup_missing"] == 0.0


def test_same_id_twice_in_one_batch_keeps_the_last_version(tmp_path: Path) -> None:
    with ReferenceIndex(tmp_path / "i.db") as index:
        report = index.add([_profile("a", 1), Profile(id="b"), _profile("a", 2)])
        assert (report.added, report.updated, len(index)) == (2, 1, 2)
        assert _ids(index, None, 1) == []
        assert _ids(index, None, 2) == ["a"]
        index.refresh()
    with ReferenceIndex(tmp_path / "i.db") as index:
        assert _ids(index, None, 1) == []
        assert _ids(index, None, 2) == ["a"]


def test_text_look_ups_return_at_most_the_limit(tmp_path: Path) -> None:
    from fakeprofile.index.store import MAX_TEXT_MATCHES
    from fakeprofile.profile import Profile
    from fakeprofile.signals.text import text_signature

    stock = (
        "Seasoned sales leader with a passion for building teams, driving revenue growth "
        "and delivering value to enterprise customers across the region"
    )
    profiles = [Profile(id=f"s{i}", about=stock) for i in range(MAX_TEXT_MATCHES + 15)]
    with ReferenceIndex(tmp_path / "stock.db") as index:
        index.add(profiles)
        sig = text_signature(stock)
        assert sig is not None
        matches = index.text_matches("s0", "about", sig)
        assert len({m.profile_id for m in matches}) == MAX_TEXT_MATCHES
        assert "s0" not in {m.profile_id for m in matches}
        assert len(index.text_matches(None, "about", sig, limit=5)) == 5


def test_files_without_the_name_column_still_open(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with ReferenceIndex(db) as index:
        index.add([Profile(id="a", name="Ann")])
    with sqlite3.connect(db) as conn:  # as written before display names were kept
        conn.execute("ALTER TABLE profiles DROP COLUMN name")
    with ReferenceIndex(db, readonly=True) as reader:
        assert len(reader) == 1
    with ReferenceIndex(db) as writer:  # a writer adds the column back
        writer.add([Profile(id="b", name="Bob")])
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT name FROM profiles WHERE id = 'b'").fetchone() == ("Bob",)
