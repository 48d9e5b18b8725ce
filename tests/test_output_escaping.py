"""Hostile text in the outputs: spreadsheet formulas in CSV, terminal controls everywhere else.

An id, a name or a file name comes from whoever wrote the record. In a CSV
opened by a spreadsheet a cell starting with ``=`` runs as a formula; on a
terminal an ESC starts a control sequence (retitle the window, hide text,
move the cursor) and a CR or a newline forges a line of output. These tests
feed such values through the commands and the Python API a person reads.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from fakeprofile import vet
from fakeprofile._format import escape_csv_cell, printable
from fakeprofile.cli import main

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"

#: What a terminal would act on, or what would forge a line.
HOSTILE = "p\x1b]0;owned\x07\x1b[2J\r\nOK    forged.jsonl:9 profile p-fine\x9b31m\u2028\u202egnp."
SHOWN = r"p\x1b]0;owned\x07\x1b[2J\r\nOK    forged.jsonl:9 profile p-fine\x9b31m\u2028\u202egnp."


def _profiles() -> list[dict[str, Any]]:
    """The example profiles without their photos (what is tested here is text)."""
    rows = [json.loads(line) for line in (EXAMPLES / "profiles.jsonl").read_text().splitlines()]
    for row in rows:
        row.pop("photo", None)
    return rows


def _write(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _is_hidden_control(ch: str) -> bool:
    """What must never reach a terminal raw: C0/C1 controls, line separators, bidi controls."""
    return unicodedata.category(ch) in {"Cc", "Cs", "Zl", "Zp"} or ch in (
        "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    )


def _assert_clean(text: str) -> None:
    """No control character in ``text`` but the newlines that end its lines."""
    for line in text.splitlines():
        bad = sorted({f"U+{ord(c):04X}" for c in line if _is_hidden_control(c)})
        assert not bad, f"raw control characters {bad} in {line!r}"


# --------------------------------------------------------------------------- helpers


def test_printable_escapes_every_control_character_and_keeps_the_rest() -> None:
    everything = "".join(map(chr, range(0x110000)))
    shown = printable(everything)
    assert not any(_is_hidden_control(c) for c in shown)
    # Everything else passes unchanged, in order: drop the escapes and the text is back.
    kept = "".join(c for c in everything if not _is_hidden_control(c))
    assert printable(kept) == kept
    assert printable("Zoë Ó Briain 李 🙂 C:\\data\\x.json") == "Zoë Ó Briain 李 🙂 C:\\data\\x.json"
    assert printable(HOSTILE) == SHOWN
    assert printable("\x00\t\x7f\ud800") == r"\x00\t\x7f\ud800"


@pytest.mark.parametrize("trigger", ["=", "+", "-", "@", "\t", "\r", "\x00", "'"])
def test_a_cell_starting_with_a_formula_trigger_gets_a_quote(trigger: str) -> None:
    cell = trigger + 'HYPERLINK("http://evil.example","click")'
    assert escape_csv_cell(cell) == "'" + cell
    assert escape_csv_cell(cell)[1:] == cell  # one quote off gives the value back


@pytest.mark.parametrize("cell", ["", "p-amara", "0.5", " =1+1", "a=b", "Zoë"])
def test_other_cells_are_left_alone(cell: str) -> None:
    assert escape_csv_cell(cell) == cell


# --------------------------------------------------------------------------- CSV


def test_score_csv_never_writes_a_formula(tmp_path: Path) -> None:
    ids = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1:A9)", "'=1"]
    rows = _profiles()
    priya = next(r for r in rows if r["id"] == "p-priya")
    priya.pop("events")  # without its timed actions, every fact given lowers the risk
    records = [{**rows[0], "id": rid} for rid in ids]
    records += [priya, {"id": "=cmd|' /C calc'!A0", "followers": -1}]
    source = _write(tmp_path / "in.jsonl", records)
    out = tmp_path / "scores.csv"

    assert main(["score", str(source), "--format", "csv", "--out", str(out)]) == 1

    with out.open(newline="", encoding="utf-8") as f:
        table = list(csv.DictReader(f))
    assert len(table) == len(records)
    for row, rid in zip(table, ids, strict=False):
        assert row["id"] == "'" + rid
        assert 0.0 <= float(row["risk"]) <= 1.0  # numbers stay numbers
    priya_row, error_row = table[-2:]
    assert priya_row["id"] == "p-priya"
    assert priya_row["reasons"].startswith("'-")  # a signed contribution is escaped too
    assert all(row["reasons"].startswith(("'+", "'-")) for row in table[:-1])
    assert error_row["id"] == "'=cmd|' /C calc'!A0"
    assert error_row["error"] == "followers: must be ≥ 0, got -1"
    assert error_row["line"] == str(len(records))
    for row in table:
        for name, cell in row.items():
            assert not cell or cell[0] not in "=+-@\t\r\x00", (name, cell)


# --------------------------------------------------------------------------- people


def test_score_table_shows_control_characters_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _profiles()[:2]
    rows[0] = {**rows[0], "id": HOSTILE, "username": "x\x1b[8mhidden"}
    source = _write(tmp_path / "in.jsonl", rows)

    assert main(["score", str(source)]) == 0

    out = capsys.readouterr().out
    _assert_clean(out)
    headers = [line for line in out.splitlines() if line and not line.startswith(" ")]
    assert len(headers) == 2  # no forged record line
    assert headers[0].startswith(SHOWN)


def test_validate_prints_one_clean_line_per_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _profiles()[:2]
    rows[0]["id"] = HOSTILE
    source = _write(tmp_path / "in.jsonl", [*rows, {"id": HOSTILE, "followers": -1}])

    assert main(["validate", str(source)]) == 1

    captured = capsys.readouterr()
    _assert_clean(captured.out)
    _assert_clean(captured.err)
    lines = captured.out.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("OK    ")
    assert lines[0].endswith(SHOWN)
    assert lines[2].startswith("ERROR ")


def _invitation(sender_name: str, message: str) -> dict[str, Any]:
    invitation: dict[str, Any] = json.loads((EXAMPLES / "invitation.json").read_text())
    invitation["sender"].pop("photo", None)
    invitation["recipient"].pop("photo", None)
    invitation["sender"]["id"] = HOSTILE
    invitation["sender"]["name"] = sender_name
    invitation["message"] = message
    return invitation


def test_vetting_explain_shows_control_characters_escaped() -> None:
    invitation = _invitation(
        "Amelia\r\nAccept: invitation from Your Boss\x1b[8m", "Hi\x1b]8;;http://evil.example\x07"
    )
    text = vet(invitation).explain()
    _assert_clean(text)
    first = text.splitlines()[0]
    assert r"Amelia\r\nAccept: invitation from Your Boss\x1b[8m (" + SHOWN + ")" in first
    assert sum(line.startswith(("Accept", "Ask", "Decline")) for line in text.splitlines()) == 1


def test_vet_command_shows_control_characters_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    invitation = _invitation("Amelia\x1b[2J", "Hello\rDecline")
    source = _write(tmp_path / "inv.jsonl", [invitation, {"sender": {"id": HOSTILE}, "x": 1}])

    assert main(["vet", str(source)]) == 1

    captured = capsys.readouterr()
    _assert_clean(captured.out)
    assert r"Amelia\x1b[2J (" + SHOWN + ")" in captured.out
    assert sum(line.startswith("ERROR") for line in captured.out.splitlines()) == 1


def test_index_commands_show_control_characters_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _profiles()[:2]
    rows[0]["id"] = HOSTILE
    rows[1]["id"] = "p-\x1b[31mred"
    rows[1]["photo"] = "broken.jpg"
    (tmp_path / "broken.jpg").write_bytes(b"not a jpeg")
    source = _write(tmp_path / "in.jsonl", rows)
    db = str(tmp_path / "index.db")

    main(["index", "add", str(source), "--db", db])
    main(["index", "find", str(source), "--db", db])
    main(["index", "remove", HOSTILE, "--db", db])

    captured = capsys.readouterr()
    _assert_clean(captured.out)
    _assert_clean(captured.err)
    assert f"{SHOWN}: no photo matches" in captured.out.splitlines()
    assert r"unreadable photo: p-\x1b[31mred" in captured.out.splitlines()


def test_error_messages_show_control_characters_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    odd = tmp_path / "in\x1b]0;owned\x07.txt"
    odd.write_text("{}")
    assert main(["validate", str(odd)]) == 2
    err = capsys.readouterr().err
    _assert_clean(err)
    assert r"in\x1b]0;owned\x07.txt" in err


def test_log_lines_show_control_characters_escaped(tmp_path: Path) -> None:
    rows = _profiles()[:1]
    rows[0]["id"] = "p\x1b[2Jx"
    rows[0]["photo"] = "broken.jpg"
    (tmp_path / "broken.jpg").write_bytes(b"not a jpeg")
    source = _write(tmp_path / "in.jsonl", rows)
    db = str(tmp_path / "i.db")
    result = subprocess.run(
        [sys.executable, "-m", "fakeprofile", "-vv", "index", "add", str(source), "--db", db],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    _assert_clean(result.stderr)
    assert r"profile p\x1b[2Jx: photo unreadable" in result.stderr


# --------------------------------------------------------------------------- JSON


def test_json_lines_escape_what_a_terminal_would_act_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _profiles()[:1]
    rows[0]["id"] = HOSTILE
    source = _write(tmp_path / "in.jsonl", rows)

    assert main(["score", str(source), "--json"]) == 0
    out = capsys.readouterr().out
    _assert_clean(out)
    [line] = out.splitlines()
    assert json.loads(line)["id"] == HOSTILE  # the value itself is kept exactly

    invitation = _invitation("Amelia\u202e", "Hi\x9b2J")
    source = _write(tmp_path / "inv.jsonl", [invitation])
    assert main(["vet", str(source), "--json"]) == 0
    out = capsys.readouterr().out
    _assert_clean(out)
    assert json.loads(out)["sender_name"] == "Amelia\u202e"


def test_csv_output_round_trips_through_a_reader() -> None:
    # The escaping is lossless: dropping one leading quote gives every value back.
    values = ["=1", "'=1", "''", "-0.76 x", "plain", ""]
    buffer = io.StringIO()
    csv.writer(buffer).writerow([escape_csv_cell(v) for v in values])
    [read] = list(csv.reader(io.StringIO(buffer.getvalue())))
    back = [v[1:] if v.startswith("'") else v for v in read]
    assert back == values
