"""Real exports: label columns, extra columns (``--extra-fields``), files wherever profiles go."""

from __future__ import annotations

import csv
import json
import logging
import shutil
from pathlib import Path

import pandas as pd
import pytest

from fakeprofile import (
    InputFormatError,
    InvalidProfileError,
    Item,
    ReferenceIndex,
    RiskScore,
    ScoreError,
    read_profiles,
    score_frame,
    score_many,
)
from fakeprofile.cli import main
from fakeprofile.io import FieldFilter

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
HEADER = ["id", "label", "email", "country", "last_login", "connections", "activity.likes"]
ROWS = [
    ["x-1", "1", "a@example.com", "FR", "2026-01-03", "5", "40"],
    ["x-2", "0", "b@example.com", "DE", "2026-02-11", "300", "3"],
    ["x-3", "genuine", "c@example.com", "IT", "2026-03-20", "120", "12"],
]


@pytest.fixture
def export(tmp_path: Path) -> Path:
    """A labelled CSV export with three columns that are not profile fields."""
    path = tmp_path / "export.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([HEADER, *ROWS])
    return path


@pytest.fixture
def labelled_examples(tmp_path: Path) -> Path:
    """The bundled example profiles with a label field added, photos beside them."""
    shutil.copytree(EXAMPLES / "photos", tmp_path / "photos")
    lines = (EXAMPLES / "profiles.jsonl").read_text(encoding="utf-8").splitlines()
    records = [{**json.loads(line), "label": int(i == 2)} for i, line in enumerate(lines)]
    path = tmp_path / "labelled.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- command line


def test_score_accepts_the_label_column(
    labelled_examples: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["score", str(labelled_examples), "--format", "jsonl"]) == 0
    out = capsys.readouterr()
    rows = [json.loads(line) for line in out.out.splitlines()]
    assert [r["id"] for r in rows] == ["p-amara", "p-george", "p-amelia", "p-priya", "p-jordan"]
    assert all("error" not in r for r in rows)
    assert "note:" not in out.err  # a known training field: no word about it


def test_validate_accepts_the_label_column_and_a_renamed_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "l.jsonl"
    path.write_text('{"id": "a", "is_fake": 1}\n', encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    assert "is_fake: unknown field" in capsys.readouterr().out
    assert main(["validate", str(path), "--label-field", "is_fake"]) == 0
    out = capsys.readouterr()
    assert "OK" in out.out
    assert "1 valid, 0 invalid" in out.err


def test_extra_fields_error_is_the_default_with_one_hint(
    export: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["score", str(export), "--format", "csv"]) == 1
    out = capsys.readouterr()
    rows = list(csv.DictReader(out.out.splitlines()))
    assert len(rows) == 3
    assert all("email: unknown field" in r["error"] for r in rows)
    notes = [line for line in out.err.splitlines() if "note:" in line]
    assert notes == [
        "fakeprofile score: note: 3 fields are not profile fields, so the records holding them "
        "are errors: country, email, last_login (in 3 records); --extra-fields meta keeps such "
        "fields under 'meta', --extra-fields ignore drops them"
    ]


@pytest.mark.parametrize(("mode", "done"), [("meta", "kept under 'meta'"), ("ignore", "ignored")])
def test_extra_fields_meta_or_ignore_scores_every_row_with_one_notice(
    export: Path, capsys: pytest.CaptureFixture[str], mode: str, done: str
) -> None:
    assert main(["score", str(export), "--format", "csv", "--extra-fields", mode]) == 0
    out = capsys.readouterr()
    rows = list(csv.DictReader(out.out.splitlines()))
    assert [r["id"] for r in rows] == ["x-1", "x-2", "x-3"]
    assert all(r["error"] == "" and r["level"] in {"low", "medium", "high"} for r in rows)
    notes = [line for line in out.err.splitlines() if "note:" in line]
    assert notes == [
        f"fakeprofile score: note: 3 fields are not profile fields and were {done}: "
        "country, email, last_login (in 3 records)"
    ]
    assert main(["validate", str(export), "--extra-fields", mode, "-q"]) == 0
    assert "3 valid, 0 invalid" in capsys.readouterr().err


def test_extra_fields_refuses_an_unknown_mode(
    export: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["score", str(export), "--extra-fields", "keep"]) == 2
    assert "--extra-fields: invalid choice: 'keep'" in capsys.readouterr().err


def test_meta_keeps_the_values_under_meta() -> None:
    fields = FieldFilter("meta")
    record = fields({"id": "a", "label": 1, "email": "a@example.com", "meta": {"team": "b"}})
    assert record == {"id": "a", "meta": {"email": "a@example.com", "team": "b"}}
    invitation = fields({"sender": {"id": "s", "email": "s@example.com"}, "crm_id": 7})
    assert invitation == {
        "sender": {"id": "s", "meta": {"email": "s@example.com"}},
        "meta": {"crm_id": 7},
    }
    assert fields.extra == {"email": 1, "sender.email": 1, "crm_id": 1}
    with pytest.raises(InputFormatError, match="extra_fields must be one of 'meta', 'ignore'"):
        FieldFilter("keep")


# --------------------------------------------------------------------------- score_frame


def test_score_frame_extra_fields(export: Path, caplog: pytest.LogCaptureFixture) -> None:
    frame = pd.read_csv(export)
    with caplog.at_level(logging.INFO, logger="fakeprofile.scoring"):
        refused = score_frame(frame)
    assert refused["error"].str.contains("email: unknown field").all()
    assert [r.levelno for r in caplog.records] == [logging.WARNING]  # one notice, not three
    assert "extra_fields=meta keeps such fields under 'meta'" in caplog.records[0].getMessage()
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="fakeprofile.scoring"):
        kept = score_frame(frame, extra_fields="meta")
    assert kept["error"].isna().all()
    assert kept["level"].isin(["low", "medium", "high"]).all()
    assert list(kept.columns[: len(HEADER)]) == HEADER  # the input's columns are all kept
    assert [r.getMessage() for r in caplog.records] == [
        "3 fields are not profile fields and were kept under 'meta': country, email, "
        "last_login (in 3 records)"
    ]
    dropped = score_frame(frame, extra_fields="ignore")
    assert dropped["risk"].tolist() == kept["risk"].tolist()
    with pytest.raises(InputFormatError, match="extra_fields"):
        score_frame(frame, extra_fields="drop")


# --------------------------------------------------------------------------- files as input


def test_score_many_given_a_path_reads_the_file(labelled_examples: Path) -> None:
    for given in (labelled_examples, str(labelled_examples)):
        results = list(score_many(given))
        assert [r.profile_id for r in results if isinstance(r, RiskScore)] == [
            "p-amara",
            "p-george",
            "p-amelia",
            "p-priya",
            "p-jordan",
        ]
        assert all(r.source == str(labelled_examples) for r in results if isinstance(r, RiskScore))


def test_score_many_given_a_path_gives_error_rows(export: Path) -> None:
    results = list(score_many(export))
    assert len(results) == 3
    assert all(isinstance(r, ScoreError) and "email" in r.message for r in results)
    assert [r.profile_id for r in score_many(export, extra_fields="ignore")] == [  # type: ignore[union-attr]
        "x-1",
        "x-2",
        "x-3",
    ]


def test_index_add_takes_what_score_takes(tmp_path: Path, labelled_examples: Path) -> None:
    profiles = [i.value for i in read_profiles(EXAMPLES / "profiles.jsonl") if isinstance(i, Item)]
    with ReferenceIndex(tmp_path / "dicts.db") as index:
        about = (
            "I lead the night shift of a ward of twelve nurses at St Mary's "
            "and write about patient safety."
        )
        report = index.add([{"id": "d-1", "about": about}])
        assert (report.added, report.texts) == (1, 1)
        report = index.add(str(labelled_examples))  # a path on its own, labels and all
        assert (report.added, report.photos) == (5, 5)
        report = index.add([profiles[0], labelled_examples, {"id": "d-2"}])  # mixed
        assert (report.added, report.updated) == (1, 6)
        assert len(index) == 7
    with ReferenceIndex(tmp_path / "items.db") as index:
        assert index.add(read_profiles(EXAMPLES / "profiles.jsonl")).added == 5


def test_index_add_refuses_a_file_with_a_bad_record(tmp_path: Path, export: Path) -> None:
    with ReferenceIndex(tmp_path / "x.db") as index:
        with pytest.raises(InvalidProfileError, match=r"export\.csv:2: email: unknown field"):
            index.add([{"id": "first"}, export])
        assert len(index) == 0  # one transaction: nothing added
