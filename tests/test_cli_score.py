"""``fakeprofile score`` end to end: formats, order and count, error rows, progress, Ctrl-C."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fakeprofile import synthetic
from fakeprofile._format import json_text
from fakeprofile.cli import main
from fakeprofile.cli.score import _jsonl_row
from fakeprofile.index import ReferenceIndex
from fakeprofile.io import Item
from fakeprofile.reasons import Reason
from fakeprofile.scoring import RiskScore, Scorer, score_many
from fakeprofile.signals import Evidence

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """Three good records and two bad ones, interleaved."""
    lines = (EXAMPLES / "profiles.jsonl").read_text().splitlines()
    f = tmp_path / "mixed.jsonl"
    # The photos beside the file: a photo path may not leave the input's folder.
    shutil.copytree(EXAMPLES / "photos", tmp_path / "photos")
    f.write_text(
        "\n".join(
            [
                lines[0],
                '{"id": "neg", "followers": -1}',
                lines[2],
                "{broken",
                lines[3],
            ]
        )
        + "\n"
    )
    return f


def test_jsonl_keeps_order_and_count(mixed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(mixed), "--format", "jsonl"]) == 1  # some records had errors
    out = capsys.readouterr()
    rows = [json.loads(line) for line in out.out.splitlines()]
    assert [r.get("id") for r in rows] == ["p-amara", "neg", "p-amelia", None, "p-priya"]
    assert rows[1]["error"] == "followers: must be ≥ 0, got -1"
    assert rows[1]["line"] == 2
    assert rows[3]["line"] == 4
    assert "malformed JSON" in rows[3]["error"]
    assert {r["level"] for r in rows if "level" in r} <= {"low", "medium", "high"}
    assert "scored 3 of 5" in out.err
    assert "errors 2" in out.err


def test_csv_parses_back(mixed: Path, tmp_path: Path) -> None:
    out = tmp_path / "scores.csv"
    assert main(["score", str(mixed), "--format", "csv", "--out", str(out)]) == 1
    with out.open(newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["id"] for r in rows] == ["p-amara", "neg", "p-amelia", "", "p-priya"]
    assert rows[2]["level"] == "high"
    assert float(rows[2]["risk"]) > 0.5
    assert rows[2]["reason_codes"]
    assert rows[1]["error"].startswith("followers")
    assert [r["line"] for r in rows] == ["1", "2", "3", "4", "5"]


def test_only_level_and_fail_fast(mixed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(mixed), "--json", "--only-level", "high"]) == 1
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r.get("id") for r in rows] == ["neg", "p-amelia", None]  # error rows always shown
    assert main(["score", str(mixed), "--json", "--fail-fast"]) == 1
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r.get("id") for r in rows] == ["p-amara", "neg"]


def test_table_for_people(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(EXAMPLES / "profiles.jsonl")]) == 0
    out = capsys.readouterr().out
    assert "p-amelia" in out
    assert "HIGH" in out


def test_jobs_give_the_same_scores(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(EXAMPLES / "profiles.jsonl"), "--json"]) == 0
    one = capsys.readouterr().out
    assert main(["score", str(EXAMPLES / "profiles.jsonl"), "--json", "--jobs", "2"]) == 0
    two = capsys.readouterr().out
    assert one == two
    assert main(["score", str(EXAMPLES / "profiles.jsonl"), "--jobs", "0"]) == 2


@pytest.mark.slow
def test_piped_output_has_no_progress_bar(mixed: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "fakeprofile", "score", str(mixed), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    for line in result.stdout.splitlines():
        json.loads(line)
    assert "\r" not in result.stderr
    assert "profile/s" not in result.stderr
    assert result.stderr.strip().startswith("scored 3 of 5")


@pytest.mark.slow
def test_stdin_in_and_out() -> None:
    records = "".join(
        json.dumps(p.model_dump(mode="json", exclude_defaults=True)) + "\n"
        for p in synthetic.generate(30, seed=2).profiles
    )
    result = subprocess.run(
        [sys.executable, "-m", "fakeprofile", "score", "-", "--format", "csv"],
        input=records,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 30


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_leaves_a_valid_partial_output(tmp_path: Path, jobs: str) -> None:
    big = tmp_path / "big.jsonl"
    synthetic.generate(6000, seed=4).write_jsonl(big)
    out = tmp_path / "scores.jsonl"
    command = ["score", str(big), "--json", "--out", str(out), "--jobs", jobs]
    proc = subprocess.Popen(
        [sys.executable, "-m", "fakeprofile", *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's job is
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (not out.exists() or out.stat().st_size < 20_000):
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C: the whole group, workers included
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "interrupted after" in err
    lines = out.read_text().splitlines()
    assert 0 < len(lines) < 6000
    ids = [json.loads(line)["id"] for line in lines]  # every line whole, in input order
    expected = [json.loads(line)["id"] for line in big.read_text().splitlines()[: len(ids)]]
    assert ids == expected


def test_an_output_that_cannot_be_written_is_refused_before_any_input_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--out equal to an input would empty it before it is read: nothing may be lost."""
    source = tmp_path / "profiles.jsonl"
    source.write_text('{"id": "a"}\n{"id": "b"}\n')
    before = source.read_bytes()
    for out, message in [
        (source, "is one of the input files: it would be emptied before it is read"),
        (tmp_path / "sub" / ".." / "profiles.jsonl", "the folder"),
        (tmp_path, "is a folder; give a file to write"),
        (tmp_path / "missing" / "scores.jsonl", "does not exist"),
    ]:
        assert main(["score", str(source), "--json", "--out", str(out)]) == 2
        err = capsys.readouterr().err
        assert "fakeprofile score: error: --out" in err
        assert message in err
        assert "Traceback" not in err
    assert source.read_bytes() == before


def test_a_model_folder_that_is_a_file_is_refused_before_training(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    network = tmp_path / "network.jsonl"
    network.write_text("".join(f'{{"id": "m{i}"}}\n' for i in range(30)))
    before = network.read_bytes()
    assert main(["calibrate", str(network), "--out", str(network)]) == 2
    assert main(["train", str(network), "--out", str(network)]) == 2
    err = capsys.readouterr().err
    assert err.count("is a file; give a folder to write the model in") == 2
    assert network.read_bytes() == before


def test_more_jobs_than_cores_are_capped(tmp_path: Path) -> None:
    """n_jobs is a request, not a fork count: 100,000 must not start 100,000 processes."""
    from fakeprofile import RiskScore, score_many

    results = list(score_many([{"id": f"p{i}"} for i in range(40)], n_jobs=100_000, chunk_size=4))
    assert [r.profile_id for r in results if isinstance(r, RiskScore)] == [
        f"p{i}" for i in range(40)
    ]


# --------------------------------------------------------------------------- JSON rows


def test_jsonl_rows_are_the_scores_json(tmp_path: Path) -> None:
    """A score's row, written without its dicts, is ``json_text(score.to_dict())``.

    A synthetic population scored against an index of half of it: text
    matches, counts, dates and names in the evidence.
    """
    population = synthetic.generate(300, seed=8)
    db = tmp_path / "known.db"
    with ReferenceIndex(db) as writer:
        writer.add(population.profiles[:150])
    scorer = Scorer(index=ReferenceIndex(db, readonly=True))
    items = [Item("in.jsonl", k, p) for k, p in enumerate(population.profiles, start=1)]
    kinds = set()
    for result in score_many(items, scorer=scorer):
        assert isinstance(result, RiskScore)
        assert _jsonl_row(result) == json_text(result.to_dict()) + "\n"
        kinds |= {e.kind for r in (*result.reasons, *result.mitigating) for e in r.evidence}
    assert {"text_match", "counts", "account"} <= kinds  # several kinds of evidence were written


_TEXT = st.text(st.characters(exclude_categories=()), max_size=12)  # controls, lone surrogates…
_NUMBER = st.floats(allow_nan=True, allow_infinity=True) | st.integers(-(10**20), 10**20)
_JSON = st.recursive(
    st.none() | st.booleans() | _NUMBER | _TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEXT, inner, max_size=3),
    max_leaves=8,
)
_REASON = st.builds(
    Reason,
    code=_TEXT,
    group=_TEXT,
    text=_TEXT,
    contribution=_NUMBER,
    value=st.floats(allow_nan=True, allow_infinity=True),
    evidence=st.lists(
        st.builds(Evidence, kind=_TEXT, detail=st.dictionaries(_TEXT, _JSON, max_size=3)),
        max_size=3,
    ).map(tuple),
    codes=st.lists(_TEXT, max_size=3).map(tuple),
)


@settings(max_examples=300, deadline=None)
@given(
    st.builds(
        RiskScore,
        profile_id=_TEXT,
        risk=_NUMBER,
        level=_TEXT,
        reasons=st.lists(_REASON, max_size=3).map(tuple),
        mitigating=st.lists(_REASON, max_size=2).map(tuple),
        subscores=st.dictionaries(_TEXT, _NUMBER, max_size=4),
        base_value=_NUMBER,
        logit=_NUMBER,
        model_version=_TEXT,
        source=st.none() | _TEXT,
        line=st.none() | st.integers(0, 10**12),
    )
)
def test_jsonl_rows_match_json_text_on_any_score(result: RiskScore) -> None:
    assert _jsonl_row(result) == json_text(result.to_dict()) + "\n"


def test_a_shared_evidence_is_written_each_time_it_is_cited() -> None:
    shared = Evidence("counts", {"likes": 3})
    reason = Reason("a", "activity", "3 likes", 0.5, 3.0, (shared,), ("a",))
    other = Reason("b", "activity", "3 likes", -0.5, 3.0, (shared, shared), ("b",))
    result = RiskScore("p", 0.5, "low", (reason,), (other,), {"activity": 0.0}, 0.0, 0.0, "m")
    row = json.loads(_jsonl_row(result))
    assert row["reasons"][0]["evidence"] == [{"kind": "counts", "likes": 3}]
    assert row["mitigating"][0]["evidence"] == [{"kind": "counts", "likes": 3}] * 2


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_column_named_label_is_unknown_when_the_label_field_is_another(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    # The records are filtered once, by the command line's own --label-field: 'label'
    # is then a field like any other unknown one, as `validate` says (it was dropped
    # silently by a second, default filter).
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "a", "label": 1, "is_fake": 0}\n{"id": "b", "is_fake": 1}\n')
    out = tmp_path / "out.jsonl"
    args = [str(source), "--label-field", "is_fake", "--format", "jsonl", "--out", str(out)]
    args += ["--jobs", jobs]
    assert main(["score", *args]) == 1
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["a", "b"]
    assert "label: unknown field" in rows[0]["error"]
    assert "error" not in rows[1] or not rows[1]["error"]
    assert main(["validate", str(source), "--label-field", "is_fake"]) == 1
    assert "label: unknown field" in capsys.readouterr().out


@pytest.mark.parametrize("extra", ["error", "meta", "ignore"])
def test_workers_decoding_lines_write_what_one_process_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: str
) -> None:
    # With --jobs, a JSON Lines file's lines are decoded in the workers: every kind of
    # line (good, malformed, not an object, a duplicate key, a bad byte, blank, a photo
    # path leaving the folder, extra fields) must give the same rows, in the same order,
    # and the same notice about extra fields, as one process; and a CSV file after it
    # (decoded here) must keep its place.
    shutil.copytree(EXAMPLES / "photos", tmp_path / "photos")
    good = (EXAMPLES / "profiles.jsonl").read_text().splitlines()
    lines = [
        good[0],
        "",
        '{"id": "broken", ',
        "[1, 2]",
        '{"id": "twice", "id": "again"}',
        '{"id": "extra", "email": "a@example.com", "label": 1}',
        "   ",
        '{"id": "outside", "photo": "../secret.jpg"}',
        good[1],
        '{"id": "nested", "sender": {"id": "s", "zip": 1}, "message": "hi"}',
        '{"id": "also-extra", "email": "b@example.com", "phone": "1"}',
        *good[2:],
    ]
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_bytes(("\n".join(lines) + "\n").encode() + b'{"id": "bad-byte", "name": "\xff"}\n')
    table = tmp_path / "more.csv"
    table.write_text("id,connections,email\nc1,10,x@example.com\nc2,-1,\n")
    outputs = []
    notices = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out-{jobs}.jsonl"
        args = [str(jsonl), str(table), "--json", "--out", str(out), "--jobs", jobs]
        assert main(["score", *args, "--extra-fields", extra]) == 1
        outputs.append(out.read_text())
        notices.append([s for s in capsys.readouterr().err.splitlines() if "field" in s])
    assert outputs[0] == outputs[1]
    assert notices[0] == notices[1]
    assert any("email" in s for s in notices[0])
    rows = [json.loads(line) for line in outputs[0].splitlines()]
    assert len(rows) == len(lines) - 2 + 1 + 2  # the two blank lines give no row
    assert [r["line"] for r in rows[:3]] == [1, 3, 4]
    assert any("the byte 0xff" in (r.get("error") or "") for r in rows)
    assert "leads outside" in next(r["error"] for r in rows if r["id"] == "outside")
