"""Hostile input to the readers and to validation (issue 15, defects 3, 5 and 9).

Each test is a record or file an attacker (or a broken export) could send: the
bad record must become one error row that names the field and what was wrong,
and every good record around it must still be read.
"""

from __future__ import annotations

import csv
import io
import json
import signal
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from fakeprofile import InvalidProfileError, Item, ReadError, read_profiles, score, score_frame
from fakeprofile.cli import main
from fakeprofile.cli import score as score_command
from fakeprofile.io import iter_dicts

DEEP = 100_000


def _lines(*records: str) -> str:
    return "".join(r + "\n" for r in records)


def _summary(items: list[Item[Any] | ReadError]) -> list[tuple[int, str]]:
    """(line, id or the error) of each record read."""
    return [(i.line, i.value.id if isinstance(i, Item) else f"ERROR {i.message}") for i in items]


# --------------------------------------------------------------------------- defect 3


def _deep_record() -> str:
    return '{"id": "deep", "meta": ' + "[" * DEEP + "]" * DEEP + "}"


@pytest.mark.parametrize("kind", ["json", "jsonl", "stdin-json", "stdin-jsonl"])
def test_a_record_nested_100000_deep_is_one_error_row(tmp_path: Path, kind: str) -> None:
    if kind.endswith("jsonl"):
        text = _lines('{"id": "a"}', _deep_record(), '{"id": "c"}')
    else:
        text = '[{"id": "a"},\n' + _deep_record() + ',\n{"id": "c"}]'
    if kind.startswith("stdin"):
        items = list(read_profiles("-", stdin=io.StringIO(text)))
    else:
        path = tmp_path / f"p.{kind}"
        path.write_text(text)
        items = list(read_profiles(path))
    assert _summary(items) == [
        (1, "a"),
        (2, "ERROR malformed JSON: the record is nested too deeply to read"),
        (3, "c"),
    ]


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_a_5000_digit_number_is_one_error_row_and_good_records_are_kept(
    tmp_path: Path, suffix: str
) -> None:
    records = ['{"id": "a"}', '{"id": "b", "connections": ' + "9" * 5000 + "}", '{"id": "c"}']
    path = tmp_path / f"p{suffix}"
    path.write_text("[" + ",\n".join(records) + "]" if suffix == ".json" else _lines(*records))
    out = tmp_path / "scores.jsonl"
    assert main(["score", str(path), "--json", "--out", str(out)]) == 1
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r.get("id") for r in rows] == ["a", None, "c"]
    assert rows[1]["line"] == 2
    assert "too long to read (more than 4,300 digits)" in rows[1]["error"]


EARLY = {"id": "b", "events": [{"type": "like", "at": "0001-01-01T00:00:00+01:00"}]}


def test_a_timestamp_outside_the_years_of_utc_is_a_field_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text(_lines('{"id": "a"}', json.dumps(EARLY), '{"id": "c"}'))
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "OK    " + f"{path}:1" in out
    assert "OK    " + f"{path}:3" in out
    assert f"ERROR {path}:2 (id 'b'): events.0.at: is out of range" in out
    with pytest.raises(InvalidProfileError, match=r"events\.0\.at: is out of range"):
        score(EARLY)
    db = tmp_path / "net.db"
    assert main(["index", "add", str(path), "--db", str(db)]) == 1
    assert "added 2" in capsys.readouterr().out


SPAN = {
    "id": "old",
    "events": [{"type": "like", "at": "1900-01-01T00:00:00"}, {"type": "post", "at": "2020-01-01"}],
}


def test_events_spanning_over_100_years_are_refused_by_validate_and_score_alike(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps(SPAN) + "\n")
    assert main(["validate", str(path)]) == 1
    assert "events: the timed events span 43,829 days" in capsys.readouterr().out
    with pytest.raises(InvalidProfileError, match="events: the timed events span 43,829 days"):
        score(SPAN)
    within = {**SPAN, "events": [{"type": "like", "at": "1921-01-01"}, *SPAN["events"][1:]]}
    assert score(within).profile_id == "old"  # 99 years: one window, scored


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_a_lone_surrogate_in_an_id_is_written_escaped_and_no_row_is_lost(
    tmp_path: Path, fmt: str
) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text(_lines('{"id": "a"}', '{"id": "b\\ud800"}', '{"id": "c"}'))
    out = tmp_path / f"scores.{fmt}"
    assert main(["score", str(path), "--format", fmt, "--out", str(out)]) == 1
    text = out.read_bytes().decode("utf-8")  # valid UTF-8 throughout
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
    else:
        rows = [json.loads(line) for line in text.splitlines()]
    assert [r["id"] for r in rows] == ["a", "b\\ud800", "c"]
    assert "id: input should be a valid string" in rows[1]["error"]


def test_an_invalid_utf8_byte_fails_only_its_line(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_bytes(b'{"id": "a"}\n{"id": "b\xff"}\n{"id": "c"}\n')
    assert _summary(list(read_profiles(path))) == [
        (1, "a"),
        (2, "ERROR not UTF-8 text: the byte 0xff at column 10 is not valid"),
        (3, "c"),
    ]


@pytest.mark.parametrize(
    ("suffix", "data"),
    [
        (".csv", b'id,about\na,fine\nb,"caf\xe9\nau lait"\nc,fine\n'),
        (".json", b'[{"id": "a"},\n {"id": "b", "about": "caf\xe9"},\n {"id": "c"}]'),
    ],
)
def test_an_invalid_utf8_byte_fails_only_its_record(
    tmp_path: Path, suffix: str, data: bytes
) -> None:
    path = tmp_path / f"p{suffix}"
    path.write_bytes(data)
    items = list(read_profiles(path))
    assert [(i.line, i.value.id) for i in items if isinstance(i, Item)] == [
        (1 + (suffix == ".csv"), "a"),
        (3 + 2 * (suffix == ".csv"), "c"),
    ]
    (error,) = [i for i in items if isinstance(i, ReadError)]
    assert error.line == 2 + (suffix == ".csv")
    assert "the byte 0xe9" in error.message


# --------------------------------------------------------------------------- defect 5


@pytest.mark.parametrize("index", [1000, 5000, 100_000_000])
def test_a_list_index_above_the_list_limit_is_an_error_naming_the_column(
    tmp_path: Path, index: int
) -> None:
    column = f"experience.{index}.title"
    path = tmp_path / "p.csv"
    path.write_text(f"id,{column}\na,x\n")  # 39 bytes for index 100,000,000
    (error,) = read_profiles(path)
    assert isinstance(error, ReadError)
    assert error.message == (
        f"column '{column}': the list index '{index}' is too large; "
        "a list holds at most 1,000 items (indices 0 to 999)"
    )
    frame = score_frame(pd.DataFrame({"id": ["a"], column: ["x"]}))
    assert f"column '{column}'" in frame["error"].iloc[0]


def test_the_last_allowed_list_index_is_read(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("id,experience.999.title\na,x\n")
    (item,) = read_profiles(path)
    assert isinstance(item, Item)
    assert item.value.experience is not None
    assert item.value.experience[999].title == "x"


class _CountingStream(io.StringIO):
    """A text stream that counts the characters and calls of ``read``."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.chars = 0
        self.calls = 0

    def read(self, size: int | None = -1, /) -> str:
        chunk = super().read(size)
        self.chars += len(chunk)
        self.calls += 1
        return chunk


def test_a_json_syntax_error_is_reported_before_the_rest_of_the_file_is_read() -> None:
    tail = ",".join(json.dumps({"id": f"x{i}", "about": "y" * 1000}) for i in range(20_000))
    stream = _CountingStream('[{"id": "a"},\n{"id" "b"},\n' + tail + "]")
    items = iter_dicts("-", format="json", stdin=stream)
    assert isinstance(next(items), Item)
    error = next(items)
    assert isinstance(error, ReadError)
    assert error.line == 2
    assert "malformed JSON: Expecting ':' delimiter" in error.message
    assert stream.chars < 1_000_000  # of the 20 MB file
    assert list(items) == []


def test_a_huge_json_value_is_read_in_a_few_growing_reads() -> None:
    """The buffer doubles while a value is incomplete: reading is linear in its size.

    (Re-reading a value for every 64 KiB added took 7.5 minutes for 200 MB; the
    timing itself is in ``benchmarks/bench_json_reader.py``.)
    """
    about = "x" * 8_000_000
    stream = _CountingStream('[\n{"id": "a", "about": "' + about + '"},\n{"id": "b"}]')
    items = list(iter_dicts("-", format="json", stdin=stream))
    assert [i.value["id"] for i in items if isinstance(i, Item)] == ["a", "b"]
    assert isinstance(items[0], Item)
    assert items[0].value["about"] == about
    assert stream.calls < 15  # 8 MB in 64 KiB reads would be 123


# --------------------------------------------------------------------------- defect 9


def test_ctrl_c_while_a_row_is_written_leaves_the_summary_equal_to_the_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text(_lines(*(json.dumps({"id": f"p{i}"}) for i in range(10))))
    out = tmp_path / "scores.jsonl"
    write = score_command._JsonlWriter.write
    written = 0

    def ctrl_c_on_the_fourth_row(self: Any, result: Any) -> None:
        nonlocal written
        written += 1
        if written == 4:  # the user presses Ctrl-C just as the fourth row is written
            signal.raise_signal(signal.SIGINT)
        write(self, result)

    monkeypatch.setattr(score_command._JsonlWriter, "write", ctrl_c_on_the_fourth_row)
    assert main(["score", str(path), "--json", "--out", str(out)]) == 130
    rows = out.read_text().splitlines()
    err = capsys.readouterr().err
    assert f"interrupted after {len(rows)} records" in err
    assert f"scored {len(rows)} of {len(rows)}" in err


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (True, "connections: must be a whole number, got a boolean (true)"),
        (False, "connections: must be a whole number, got a boolean (false)"),
        (
            " 1_000 ",
            "connections: must be a whole number written with the digits 0-9, got ' 1_000 '",
        ),
        ("1e3", "connections: must be a whole number written with the digits 0-9, got '1e3'"),
        ("１２", "connections: must be a whole number written with the digits 0-9, got '１２'"),
        ("-4", "connections: must be ≥ 0, got -4"),
    ],
)
def test_counts_must_look_like_whole_numbers(value: object, message: str) -> None:
    with pytest.raises(InvalidProfileError) as caught:
        score({"id": "a", "connections": value})
    assert [str(p) for p in caught.value.problems] == [message]


def test_booleans_are_not_an_activity_window() -> None:
    with pytest.raises(InvalidProfileError, match=r"activity\.window_days: must be a whole number"):
        score({"id": "a", "activity": {"likes": 3, "window_days": True}})


@pytest.mark.parametrize("value", [12, "12", " 12 ", 12.0])
def test_counts_as_numbers_or_digits_are_read(value: object) -> None:
    assert score({"id": "a", "connections": value, "followers": 3}).profile_id == "a"


def test_a_duplicated_csv_column_is_an_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("id,connections, connections\na,1,2\nb,3,\n")
    items = list(read_profiles(path))
    assert [(i.line, i.record_id, i.message) for i in items if isinstance(i, ReadError)] == [
        (2, "a", "the column 'connections' appears twice: which value is meant cannot be told"),
        (3, "b", "the column 'connections' appears twice: which value is meant cannot be told"),
    ]
    frame = pd.DataFrame([["a", 1, 2]], columns=["id", "connections", "connections"])
    assert "the column 'connections' appears twice" in score_frame(frame)["error"].iloc[0]


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_a_key_given_twice_in_a_json_object_is_an_error_naming_it(
    tmp_path: Path, suffix: str
) -> None:
    """json keeps the last of two equal keys silently: an id or a count could be swapped."""
    records = [
        '{"id": "a"}',
        '{"id": "b", "id": "admin"}',
        '{"id": "c", "activity": {"likes": 1, "likes": 900}}',
        '{"id": "d"}',
    ]
    path = tmp_path / f"p{suffix}"
    path.write_text("[" + ",\n".join(records) + "]" if suffix == ".json" else _lines(*records))
    assert _summary(list(read_profiles(path))) == [
        (1, "a"),
        (2, "ERROR the key 'id' appears twice in one object: which value is meant cannot be told"),
        (3, "ERROR the key 'likes' appears twice in one object: which value is meant cannot be "
            "told"),
        (4, "d"),
    ]  # fmt: skip


def test_error_messages_cut_long_values() -> None:
    with pytest.raises(InvalidProfileError) as caught:
        score({"id": "a", "connections": int("9" * 401)})
    (problem,) = caught.value.problems
    assert str(problem) == (
        "connections: must be ≤ 1000000000000, got 9999999999999999999999999999999999999999… "
        "(401 digits)"
    )
    with pytest.raises(InvalidProfileError) as caught:
        score({"id": "a", "photo_hash": "z" * 10_000})
    assert len(str(caught.value)) < 150
    with pytest.raises(InvalidProfileError, match="a number of 5,001 digits"):
        score({"id": "a", "connections": 10**5000})  # too long even for str()


def test_a_multiline_csv_record_is_located_at_its_first_line(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text('id,about,connections\na,"one\ntwo\nthree",1\nb,"x\ny",-1\nc,,2\n')
    items = list(read_profiles(path))
    assert [(i.line, i.record_id if isinstance(i, ReadError) else i.value.id) for i in items] == [
        (2, "a"),
        (5, "b"),
        (7, "c"),
    ]


def test_more_timed_events_than_the_limit_is_one_error_row(tmp_path: Path) -> None:
    """A record of a million events would hold gigabytes; past the limit it is refused."""
    from fakeprofile.profile import LIMITS

    event = {"type": "like", "at": "2026-01-01T00:00:00Z"}
    path = tmp_path / "p.jsonl"
    path.write_text(
        _lines(
            json.dumps({"id": "a", "events": [event] * (LIMITS["events"] + 1)}),
            json.dumps({"id": "b", "events": [event] * 3}),
        )
    )
    assert _summary(list(read_profiles(path))) == [
        (1, f"ERROR events: must have at most {LIMITS['events']} items, got 100001"),
        (2, "b"),
    ]
