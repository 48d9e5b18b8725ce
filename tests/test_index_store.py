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
from PIL import Image

from fakeprofile.errors import IndexFormatError
from fakeprofile.fingerprints.photo import PhotoFingerprint, fingerprint
from fakeprofile.fingerprints.text import TextSignature
from fakeprofile.index import FORMAT_VERSION, ReferenceIndex, arrays
from fakeprofile.profile import Profile

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
        # One id as a string is that id, not its letters ("p", "4" would go too).
        index.add([_profile("p", 7), _profile("4", 8)])
        assert index.remove("p4") == 1
        assert len(index) == 4


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
    wanted = rf"format version 99.*reads version {FORMAT_VERSION}"
    with pytest.raises(IndexFormatError, match=wanted):
        ReferenceIndex(db)
    # An index written before the text signatures changed (version 1) is refused too.
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version = 1")
    with pytest.raises(IndexFormatError, match=r"format version 1; .*rebuild the index"):
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
    from fakeprofile.fingerprints.photo import PhotoFingerprint
    with ReferenceIndex(sys.argv[1], readonly=True) as index:
        fp = PhotoFingerprint.from_hex(sys.argv[2])
        print(len(index), [m.profile_id for m in index.photo_matches(None, fp)])
"""


def _read_in_other_process(db: Path, fp: PhotoFingerprint) -> str:
    argv = [sys.executable, "-c", textwrap.dedent(READER), str(db), fp.to_hex()]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=60, check=True)
    return done.stdout.strip()


@pytest.mark.slow
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


@pytest.mark.slow
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
    from fakeprofile.fingerprints.text import text_signature

    db = tmp_path / "i.db"
    original = Profile(id="amara", name="Amara Okafor", about=BIO, created_at="2013-09-02")
    # The copier pasted the bio into an experience description and signed it with their name.
    copy_text = BIO.replace("Leeds", "Leeds. Amelia Oakes")
    copier = Profile(id="fake", name="Amelia Oakes", experience=[{"description": copy_text}])
    unrelated = Profile(
        id="george",
        about="Structural engineer designing bridges and footbridges, mostly steel and timber, "
        "for rural councils in Sweden.",
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
    assert values["text_copy_max_similarity"] > 0.5


def test_find_reports_a_profiles_copies_in_one_call(tmp_path: Path) -> None:
    (tmp_path / "a.png").write_bytes(encode(synthetic_photo(21)))
    mirrored = synthetic_photo(21).transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    (tmp_path / "copy.png").write_bytes(encode(mirrored))
    (tmp_path / "broken.jpg").write_bytes(b"not a jpeg")
    original = Profile(
        id="amara", name="Amara Okafor", about=BIO, photo=str(tmp_path / "a.png"),
        created_at="2013-09-02",
    )  # fmt: skip
    # The copier flipped the photo and pasted the bio into a position's description.
    copier = {"id": "fake", "name": "Amelia Oakes", "photo": str(tmp_path / "copy.png"),
              "headline": "Designer", "experience": [{"description": BIO}]}  # fmt: skip
    with ReferenceIndex(tmp_path / "i.db") as index:
        index.add([original])
        copies = index.find(copier)
        assert copies.profile_id == "fake"
        assert copies.photo is not None
        assert copies.photo_error is None
        [photo] = copies.photo_matches
        assert (photo.profile_id, photo.mirrored, photo.created_at) == (
            "amara", True, dt.date(2013, 9, 2),
        )  # fmt: skip
        # The headline is too short to sign: no entry, rather than "no copies".
        assert list(copies.text_matches) == ["experience"]
        [text] = copies.text_matches["experience"]
        assert (text.profile_id, text.field) == ("amara", "about")
        # The profile itself, once indexed, is not its own copy.
        assert index.find(original).photo_matches == ()
        assert index.find(original).text_matches == {"about": ()}
        # An unreadable photo is reported; the texts are looked up all the same.
        broken = index.find(Profile(id="x", about=BIO, photo=str(tmp_path / "broken.jpg")))
        assert broken.photo is None
        assert broken.photo_error
        assert [m.profile_id for m in broken.text_matches["about"]] == ["amara"]
        # No photo and no text: nothing known, nothing found.
        bare = index.find(Profile(id="y"))
        assert (bare.photo, bare.photo_error, bare.photo_matches, bare.text_matches) == (
            None, None, (), {},
        )  # fmt: skip


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
    from fakeprofile.fingerprints.text import text_signature
    from fakeprofile.index.store import MAX_TEXT_MATCHES
    from fakeprofile.profile import Profile

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


# ------------------------------------------------------------------ the row table
# Text look-ups take each matching profile's id and creation date from memory
# (ReferenceIndex._profiles), not from the file: these follow it through writes.

OTHER_BIO = (
    "Marine biologist studying kelp forests off the coast of Tasmania, diving most weeks "
    "and teaching a field course on temperate reef ecology every southern summer."
)


def _sig(text: str) -> TextSignature:
    from fakeprofile.fingerprints.text import text_signature

    sig = text_signature(text)
    assert sig is not None
    return sig


def _found(index: ReferenceIndex, text: str, pid: str | None = None) -> list[tuple[str, object]]:
    """(id, created_at) of the profiles whose text matches ``text``, in text_matches' order."""
    return [(m.profile_id, m.created_at) for m in index.text_matches(pid, "about", _sig(text))]


def test_text_matches_follow_writes_in_the_same_process(tmp_path: Path) -> None:
    db = tmp_path / "i.db"
    with ReferenceIndex(db) as index:
        index.add([Profile(id="a", about=BIO, created_at="2013-09-02")])
        assert _found(index, BIO) == [("a", dt.date(2013, 9, 2))]
        # Updated (its creation date), and an id given twice in one batch: the last wins.
        index.add(
            [
                Profile(id="a", about=BIO, created_at="2014-01-01"),
                Profile(id="b", about=BIO, created_at="2019-05-05"),
                Profile(id="c", about=OTHER_BIO),
                Profile(id="b", about=BIO, created_at="2020-06-06"),
            ]
        )
        assert _found(index, BIO) == [("a", dt.date(2014, 1, 1)), ("b", dt.date(2020, 6, 6))]
        assert _found(index, BIO, "a") == [("b", dt.date(2020, 6, 6))]
        assert _found(index, OTHER_BIO) == [("c", None)]  # no creation date given
        index.remove(["a"])
        assert _found(index, BIO) == [("b", dt.date(2020, 6, 6))]
        index.add([Profile(id="a", about=BIO)])  # back, on a new row, without a date
        assert _found(index, BIO) == [("a", None), ("b", dt.date(2020, 6, 6))]
        index.add([Profile(id="b", about=OTHER_BIO)])  # its text changed
        assert _found(index, BIO) == [("a", None)]
        assert _found(index, OTHER_BIO) == [("b", None), ("c", None)]
        in_memory = (_found(index, BIO), _found(index, OTHER_BIO))
    with ReferenceIndex(db, readonly=True) as index:  # as loaded from the file
        assert (_found(index, BIO), _found(index, OTHER_BIO)) == in_memory


def test_text_matches_after_another_connection_writes_and_refresh(tmp_path: Path) -> None:
    db = tmp_path / "i.db"
    with ReferenceIndex(db) as writer, ReferenceIndex(db, readonly=True) as reader:
        writer.add([Profile(id="a", about=BIO, created_at="2013-09-02")])
        assert reader.refresh() is True
        assert _found(reader, BIO) == [("a", dt.date(2013, 9, 2))]
        writer.add(
            [Profile(id="a", about=BIO, created_at="2015-02-03"), Profile(id="b", about=BIO)]
        )
        writer.remove(["nobody"])
        assert _found(reader, BIO) == [("a", dt.date(2013, 9, 2))]  # a snapshot until refreshed
        assert reader.refresh() is True
        assert _found(reader, BIO) == [("a", dt.date(2015, 2, 3)), ("b", None)]
        writer.remove(["a"])
        assert reader.refresh() is True
        assert _found(reader, BIO) == [("b", None)]


def test_row_table_folds_its_overlay_and_stays_exact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fakeprofile.index import rows

    monkeypatch.setattr(rows, "OVERLAY_MIN", 3)  # fold after every few writes
    db = tmp_path / "i.db"
    with ReferenceIndex(db) as index:
        for step in range(6):
            index.add(
                [
                    Profile(id=f"p{step}-{i}", about=BIO, created_at=f"201{i}-0{step + 1}-01")
                    for i in range(4)
                ]
            )
            index.remove([f"p{step - 1}-1", f"p{step - 1}-2"])
            index.add([Profile(id=f"p{step}-3", about=BIO)])  # updated: no date any more
        assert len(index._profiles._overlay) <= 3
        in_memory = _found(index, BIO, "p5-0")
        expected: list[tuple[str, dt.date | None]] = [
            (f"p{s}-0", dt.date(2010, s + 1, 1)) for s in range(5)
        ]
        expected += [(f"p{s}-3", None) for s in range(6)]
        expected += [("p5-1", dt.date(2011, 6, 1)), ("p5-2", dt.date(2012, 6, 1))]
        assert in_memory == sorted(expected, key=lambda e: e[0])  # equal similarities: by id
    with ReferenceIndex(db, readonly=True) as index:
        assert _found(index, BIO, "p5-0") == in_memory


def test_text_matches_in_a_forked_process(tmp_path: Path) -> None:
    with ReferenceIndex(tmp_path / "i.db") as index:
        index.add([Profile(id="a", about=BIO, created_at="2013-09-02")])
        index.add([Profile(id="b", about=BIO)])  # in the row table's overlay
        read, write = os.pipe()
        child = os.fork()
        if child == 0:  # pragma: no cover - the child's exit code is the check
            try:
                ok = _found(index, BIO) == [("a", dt.date(2013, 9, 2)), ("b", None)]
                os.write(write, b"ok" if ok else b"wrong")
            finally:
                os._exit(0)
        os.close(write)
        _, status = os.waitpid(child, 0)
        assert os.read(read, 16) == b"ok"
        assert os.waitstatus_to_exitcode(status) == 0


def test_a_stored_created_at_that_is_not_a_date(tmp_path: Path) -> None:
    db = tmp_path / "i.db"
    with ReferenceIndex(db) as index:
        index.add([Profile(id="a", about=BIO, created_at="2013-09-02")])
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE profiles SET created_at = 'last spring' WHERE id = 'a'")
    with ReferenceIndex(db, readonly=True) as index:  # opens: only a look-up needs the date
        assert _found(index, BIO, "a") == []
        with pytest.raises(IndexFormatError, match=r"i\.db: created_at 'last spring' is not"):
            index.text_matches(None, "about", _sig(BIO))


def test_sparse_row_numbers(tmp_path: Path) -> None:
    db = tmp_path / "i.db"
    with ReferenceIndex(db) as index:
        index.add([Profile(id="a", about=BIO, created_at="2013-09-02"), Profile(id="é", about=BIO)])
    with sqlite3.connect(db) as conn:  # as another tool might number its rows
        conn.execute("UPDATE profiles SET row = 10000000000 WHERE id = 'é'")
        conn.execute("UPDATE texts SET row = 10000000000 WHERE row = 2")
    with ReferenceIndex(db, readonly=True) as index:  # the saved arrays, and the rows changed
        assert _found(index, BIO) == [("a", dt.date(2013, 9, 2)), ("é", None)]
    arrays.remove(db)  # read from the file: a row table of sparse row numbers
    with ReferenceIndex(db) as index:
        assert not index._profiles._dense
        assert _found(index, BIO) == [("a", dt.date(2013, 9, 2)), ("é", None)]
        index.add([Profile(id="b", about=BIO)])
        index.remove(["a"])
        assert _found(index, BIO) == [("b", None), ("é", None)]


def test_memory_accounting_includes_the_row_table(tmp_path: Path) -> None:
    db = tmp_path / "i.db"
    with ReferenceIndex(db) as index:
        index.add(Profile(id=f"user-{i:05}", created_at="2020-01-01") for i in range(5000))
        index.remove([f"user-{i:05}" for i in range(0, 5000, 10)])
        index.compact()  # the removals folded into the saved arrays, no overlay left
    with ReferenceIndex(db, readonly=True) as index:
        stats = index.stats()
        table = stats.extra["row_table_bytes"]
        assert stats.memory_bytes == sum(stats.extra.values())
        # Per row: a 10-byte id, an 8-byte offset and a 4-byte day (removed rows: 12 bytes).
        assert 4500 * 22 + 500 * 12 <= table <= 4500 * 22 + 500 * 12 + 1000
        grown = index._profiles.nbytes
    with ReferenceIndex(db) as index:
        index.add([Profile(id="new-one")])
        assert index.stats().extra["row_table_bytes"] > grown  # the overlay counts too
