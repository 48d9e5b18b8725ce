"""``fakeprofile index`` end to end on generated photos, through ``main([...])``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from photo_helpers import synthetic_photo
from PIL import Image

from fakeprofile.cli import main
from fakeprofile.index.store import FORMAT_VERSION


def _write_profiles(folder: Path) -> Path:
    (folder / "photos").mkdir()
    synthetic_photo(1).save(folder / "photos" / "amara.png")
    synthetic_photo(1).transpose(Image.Transpose.FLIP_LEFT_RIGHT).save(
        folder / "photos" / "copy.jpg", quality=70
    )
    synthetic_photo(2).save(folder / "photos" / "george.png")
    (folder / "photos" / "broken.jpg").write_bytes(b"not a jpeg")
    bio = (
        "Product designer with nine years in healthcare software. I lead research and design "
        "for the patient-facing apps at Brightwell Health."
    )
    rows = [
        {"id": "p-amara", "photo": "photos/amara.png", "created_at": "2013-09-02", "about": bio},
        {"id": "p-george", "photo": "photos/george.png", "created_at": "2010-04-19"},
        {"id": "p-fake", "photo": "photos/copy.jpg", "created_at": "2026-09-30", "about": bio},
        {"id": "p-broken", "photo": "photos/broken.jpg"},
        {"id": "p-none"},
    ]
    path = folder / "profiles.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n{bad json\n")
    return path


def test_index_commands_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    profiles = _write_profiles(tmp_path)
    db = str(tmp_path / "index.db")

    assert main(["index", "add", str(profiles), "--db", db]) == 1  # one bad record
    out = capsys.readouterr()
    assert (
        "added 5, updated 0, with photo 3, texts 2, unreadable photos 1, bad records 1" in out.out
    )
    assert "unreadable photo: p-broken" in out.out
    assert "ERROR" in out.err

    assert main(["index", "stats", "--db", db, "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["profiles"] == 5
    assert stats["photos"] == 3
    assert stats["format_version"] == FORMAT_VERSION

    assert main(["index", "find", str(profiles), "--db", db]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert any(
        line.startswith("p-fake: photo matches p-amara (mirrored, distance ")
        and line.endswith(", created 2013-09-02)")
        for line in lines
    ), lines
    assert "p-george: no photo matches" in lines
    assert "p-fake: about matches p-amara's about (similarity 1.00, created 2013-09-02)" in lines
    assert any(line.startswith("p-broken: photo unreadable") for line in lines)

    assert main(["index", "find", str(profiles), "--db", db, "--json"]) == 1
    found = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    by_id = {f["id"]: f for f in found}
    [match] = by_id["p-amara"]["photo_matches"]
    assert match["profile_id"] == "p-fake"
    assert match["mirrored"] is True
    assert match["bits"] == 256
    [text] = by_id["p-amara"]["text_matches"]
    assert (text["profile_id"], text["field"], text["similarity"]) == ("p-fake", "about", 1.0)

    assert main(["index", "remove", "p-amara", "p-nobody", "--db", db]) == 0
    assert "removed 1 of 2" in capsys.readouterr().out
    assert main(["index", "find", str(profiles), "--db", db]) == 1
    assert "p-fake: no photo matches" in capsys.readouterr().out


def test_index_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    not_index = tmp_path / "x.db"
    not_index.write_text("plain text, not an index" * 50)
    assert main(["index", "stats", "--db", str(not_index)]) == 2
    assert "not a fakeprofile index" in capsys.readouterr().err
    assert main(["index", "stats", "--db", str(tmp_path / "missing.db")]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert main(["index"]) == 2
    assert main(["index", "add", "--help"]) == 0
    assert "--db" in capsys.readouterr().out


def test_index_add_with_keypoints_finds_a_turned_copy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "photos").mkdir()
    original = synthetic_photo(5)
    original.save(tmp_path / "photos" / "amara.png")
    original.rotate(10, expand=False).save(tmp_path / "photos" / "turned.jpg", quality=85)
    known = tmp_path / "known.jsonl"
    known.write_text(json.dumps({"id": "p-amara", "photo": "photos/amara.png"}) + "\n")
    query = tmp_path / "query.jsonl"
    query.write_text(json.dumps({"id": "p-new", "photo": "photos/turned.jpg"}) + "\n")
    plain, keyed = str(tmp_path / "plain.db"), str(tmp_path / "keyed.db")
    assert main(["index", "add", str(known), "--db", plain]) == 0
    assert main(["index", "add", str(known), "--db", keyed, "--keypoints"]) == 0
    capsys.readouterr()
    assert main(["index", "find", str(query), "--db", plain]) == 0
    assert "p-new: no photo matches" in capsys.readouterr().out
    assert main(["index", "find", str(query), "--db", keyed]) == 0
    assert "p-new: photo matches p-amara (an edited copy found by its keypoints)" in (
        capsys.readouterr().out
    )
    assert main(["index", "find", str(query), "--db", keyed, "--json"]) == 0
    [match] = json.loads(capsys.readouterr().out)["photo_matches"]
    assert match["confirmed_by"] == "keypoints"


def test_index_add_reads_a_labelled_file_and_real_exports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The file one trains on can be indexed as it is: its label column is not a field."""
    labelled = tmp_path / "labelled.jsonl"
    labelled.write_text('{"id": "a", "label": 1}\n{"id": "b", "label": 0, "email": "b@x.org"}\n')
    db = str(tmp_path / "i.db")
    assert main(["index", "add", str(labelled), "--db", db]) == 1  # b's email: an error row
    out, err = capsys.readouterr()
    assert out.startswith("added 1, updated 0")
    assert "email: unknown field" in err
    assert "label: unknown field" not in err
    assert main(["index", "add", str(labelled), "--db", db, "--extra-fields", "meta"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("added 1, updated 1")
    assert "email" in err  # named once, in the notice
