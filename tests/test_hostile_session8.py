"""Hostile and careless input found in session 8's adversarial pass (benchmarks/README.md).

Each test failed before its fix: a placeholder number read as a date in 1970,
an invitation sent to its own sender declined as an impersonation, a byte-order
mark on standard input, float photos with NaN or infinite pixels, notes in
Chinese, Japanese or Korean never counted as personal, a model folder lost when
writing its replacement failed, and a huge label number escaping as ValueError.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import skops.io as sio
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from PIL import Image

from fakeprofile import InvalidProfileError
from fakeprofile.fingerprints.photo import fingerprint
from fakeprofile.io import ReadError, iter_dicts
from fakeprofile.labelled import read_labelled
from fakeprofile.model import RiskModel
from fakeprofile.modelfile import ModelCard, load_model, save_model
from fakeprofile.profile import parse_invitation, parse_profile
from fakeprofile.signals.message import message_findings
from fakeprofile.vetting import vet

# ------------------------------------------------------------------ dates from numbers


@settings(max_examples=200, deadline=None)
@given(
    st.integers().filter(lambda n: not 1000 <= n <= 9999)
    | st.floats().filter(lambda x: not (1000 <= x <= 9999 and x == int(x)))
)
def test_a_number_is_never_read_as_seconds_since_1970(number: float) -> None:
    """``created_at: 0`` (an export's "not known") was the fact 1970-01-01."""
    as_numpy: list[object] = [np.float64(number)]
    if isinstance(number, int) and -(2**63) <= number < 2**63:
        as_numpy.append(np.int64(number))  # a dict built from a NumPy array or a frame row
    for value in (number, str(number), *as_numpy):
        try:
            profile = parse_profile({"id": "p", "created_at": value})
        except InvalidProfileError as exc:
            assert "created_at" in str(exc)
        else:  # only text that is a date, e.g. "2015.0" is not; "-5" is not either
            assert profile.created_at is None or profile.created_at.year >= 1000
            assert not isinstance(value, int | float | np.number)
            assert profile.created_at is None or profile.created_at.year != 1970


@pytest.mark.parametrize("value", [0, "0", 86_400, "86400", 1_577_836_800, 0.0, "20200101"])
def test_placeholder_numbers_are_refused_as_dates_and_timestamps(value: object) -> None:
    with pytest.raises(InvalidProfileError, match=r"created_at: must be a date .* not a number"):
        parse_profile({"id": "p", "created_at": value})
    with pytest.raises(InvalidProfileError, match=r"experience\.0\.start: must be a date"):
        parse_profile({"id": "p", "experience": [{"start": value}]})
    with pytest.raises(InvalidProfileError, match=r"events\.0\.at: must be an ISO 8601"):
        parse_profile({"id": "p", "events": [{"type": "like", "at": value}]})
    with pytest.raises(InvalidProfileError, match=r"sent_at: must be an ISO 8601"):
        parse_invitation({"sender": {"id": "s"}, "sent_at": value})


def test_years_still_read_as_numbers_text_and_pandas_floats() -> None:
    frame = pd.DataFrame({"id": ["a", "b"], "created_at": [2015, None]})  # 2015.0 and NaN
    year = frame["created_at"].iloc[0]
    assert isinstance(year, float)
    for value in (2015, "2015", " 2015 ", year, "2015-03"):
        created = parse_profile({"id": "a", "created_at": value}).created_at
        assert created is not None
        assert created.year == 2015


# ------------------------------------------------------------------ invitations


def test_an_invitation_from_the_recipient_themself_is_an_error_not_a_decline(
    tmp_path: Path,
) -> None:
    """Giving one's own profile as the sender was declined: "the sender's photo is yours"."""
    Image.effect_noise((120, 120), 60).save(tmp_path / "me.png")
    me = {"id": "me", "name": "Ann Lee", "photo": "me.png"}
    records = [
        {"sender": me, "recipient": me, "message": "Hi Ann"},
        {"sender": dict(me, id="other"), "recipient": me, "message": "Hi Ann"},
    ]
    path = tmp_path / "invitations.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "fakeprofile", "vet", str(path), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(rows) == 2, done.stderr
    assert "recipient.id is the sender's id" in rows[0]["error"]
    assert "Traceback" not in done.stderr
    # A different account with the recipient's photo is still declined.
    assert rows[1]["decision"] == "decline"
    with pytest.raises(InvalidProfileError, match=r"recipient\.id is the sender's id"):
        vet({"sender": {"id": "me"}, "recipient": {"id": "me"}})


@pytest.mark.parametrize(
    ("recipient", "note"),
    [
        (
            {"name": "王伟", "skills": ["机器学习"]},
            "王伟你好，我看到你关于机器学习的文章，想和你交流。",
        ),
        ({"name": "田中太郎", "skills": ["機械学習"]}, "田中さん、機械学習の記事を読みました。"),
        ({"name": "김민수", "skills": ["머신러닝"]}, "김민수님, 머신러닝 글을 잘 읽었습니다."),
    ],
)
def test_a_note_in_an_unspaced_script_that_names_a_skill_is_personal(
    recipient: dict[str, Any], note: str
) -> None:
    """Words are not separated by spaces there: the skill was never found, "could be anyone"."""
    invitation = {"sender": {"id": "s"}, "recipient": {"id": "r", **recipient}}
    found = message_findings(parse_invitation({**invitation, "message": note}))
    assert found.personalised is True
    assert found.matched_terms[0][0] == "skill"
    unrelated = message_findings(parse_invitation({**invitation, "message": "你好，想和你交流。"}))
    assert unrelated.personalised is False


# ------------------------------------------------------------------ standard input


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ('\ufeff{"id": "a"}\n{"id": "b"}\n', ["a", "b"]),
        ('\ufeff{"id": "only"}\n', ["only"]),
        ("\ufeffid,connections\nx,3\n", ["x"]),
        ('\ufeff[{"id": "j"}]', ["j"]),
    ],
)
def test_standard_input_with_a_byte_order_mark(text: str, ids: list[str]) -> None:
    """PowerShell and Notepad write one: the first record was an error or "empty"."""
    items = list(iter_dicts("-", stdin=io.StringIO(text)))
    assert not [i for i in items if isinstance(i, ReadError)]
    assert [i.value["id"] for i in items] == ids  # type: ignore[union-attr]


# ------------------------------------------------------------------ photos


def test_float_photos_with_nan_and_infinite_pixels(tmp_path: Path) -> None:
    """NaN and ±inf pixels were cast to bytes with NumPy warnings and undefined values."""
    rng = np.random.default_rng(8)
    pixels = rng.normal(100.0, 30.0, (90, 120)).astype(np.float32)
    low, high = float(pixels.min()), float(pixels.max())
    broken = pixels.copy()
    broken[::7, ::5] = np.nan
    broken[3::11, ::3] = np.inf
    broken[5::13, 1::4] = -np.inf
    Image.fromarray(broken).save(tmp_path / "broken.tiff")
    repaired = np.where(np.isnan(broken) | (broken == -np.inf), low, broken)
    repaired = np.where(repaired == np.inf, high, repaired).astype(np.float32)
    Image.fromarray(repaired).save(tmp_path / "repaired.tiff")
    assert fingerprint(tmp_path / "broken.tiff") == fingerprint(tmp_path / "repaired.tiff")
    Image.fromarray(np.full((40, 40), np.nan, np.float32)).save(tmp_path / "nan.tiff")
    assert fingerprint(tmp_path / "nan.tiff").detail == 0.0


# ------------------------------------------------------------------ model files and labels


def _small_model(version: str) -> tuple[RiskModel, ModelCard]:
    rng = np.random.default_rng(5)
    X = pd.DataFrame({"a": rng.normal(size=300), "b": rng.normal(size=300)})
    y = (X["a"] + rng.normal(size=300) > 0).astype(int).to_numpy()
    card = ModelCard(model_version=version, feature_names=[], training_data={"records": 300})
    return RiskModel().fit(X, y), card


def test_a_failed_save_keeps_the_folders_previous_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``calibrate --model M --out M``: a write that failed half way destroyed M."""
    folder = save_model(*_small_model("first"), tmp_path / "m")

    def dump_half(obj: object, file: Any) -> None:
        Path(file).write_bytes(b"PK\x03\x04 half a zip")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(sio, "dump", dump_half)
    with pytest.raises(OSError, match="No space left"):
        save_model(*_small_model("second"), folder)
    monkeypatch.undo()
    assert load_model(folder).card.model_version == "first"
    assert sorted(p.name for p in folder.iterdir()) == ["card.json", "card.md", "model.skops"]
    save_model(*_small_model("second"), folder)
    assert load_model(folder).card.model_version == "second"


def test_a_huge_number_as_a_label_is_an_error_row() -> None:
    """``str()`` of a 5,001-digit label raised ValueError out of ``read_labelled``."""
    read = read_labelled([{"id": "a", "label": 10**5000}, {"id": "b", "label": 1}])
    assert list(read.labels) == [1]
    (error,) = read.errors
    assert "label" in error.message
    assert "5,001 digits" in error.message


@pytest.mark.parametrize(
    "link",
    [
        "http://x@bit.ly/abc",  # a user name before the host: the browser visits bit.ly
        "https://bit.ly./abc",  # the root's dot
        "https://bit.ly\\@evil.example/",  # a backslash is a slash to a browser
        "https://ｂｉｔ．ｌｙ/abc",  # full-width letters and full stop
        "https://bit。ly/abc",  # an ideographic full stop
        "https://b\u200bit.ly/abc",  # a zero-width space
        "https://bіt.ly/abc",  # a Cyrillic і: a look-alike of a shortener
    ],
)
def test_a_hidden_shortened_link_is_still_shortened(link: str) -> None:
    for invitation in ({"links": [link]}, {"message": f"Please see {link} today"}):
        found = message_findings(parse_invitation({"sender": {"id": "s"}, **invitation}))
        assert found.shortened_links, invitation


@pytest.mark.parametrize(
    "link",
    ["https://bit.ly.example.com/", "https://example.com/bit.ly", "https://a.example#@bit.ly"],
)
def test_a_shorteners_name_elsewhere_in_a_link_is_not_a_shortened_link(link: str) -> None:
    found = message_findings(parse_invitation({"sender": {"id": "s"}, "links": [link]}))
    assert found.shortened_links == ()
    assert found.links == (link,)


def test_whole_number_ids_of_a_frame_with_a_gap_are_ids() -> None:
    """Pandas holds ``[1, None, 3]`` as floats: every row was "id: should be a string"."""
    from fakeprofile.scoring import score_frame

    frame = pd.DataFrame({"id": [1, None, 3], "connections": [5, 6, 7]})
    assert frame["id"].dtype == np.float64
    scored = score_frame(frame)
    assert scored["error"].tolist() == [None, "id: is required", None]
    assert scored["risk"].notna().tolist() == [True, False, True]
    assert parse_profile({"id": 7.0}).id == "7"
    with pytest.raises(InvalidProfileError, match="id"):
        parse_profile({"id": 7.5})


# ------------------------------------------------------------------ Ctrl-C at start-up


def test_ctrl_c_while_the_commands_load_ends_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The commands' imports take seconds; Ctrl-C then printed a KeyboardInterrupt traceback."""
    import importlib

    import fakeprofile.cli as cli

    real = importlib.import_module

    def interrupted(name: str, package: str | None = None) -> Any:
        if name == ".score":
            raise KeyboardInterrupt
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", interrupted)
    assert cli.main(["score", "-"]) == 130
    assert capsys.readouterr().err == "fakeprofile: interrupted\n"


# ------------------------------------------------------------------ sweep


def test_sweep_says_when_records_sharing_an_id_match(tmp_path: Path) -> None:
    """Two exports both numbering from 1: their copies were left out without a word."""
    about = (
        "Twelve years building distributed storage for banks and insurers, leading "
        "engineers across three continents and mentoring the juniors who joined us."
    )
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text(json.dumps({"id": "1", "about": about}) + "\n", encoding="utf-8")
    second.write_text(
        json.dumps({"id": "1", "about": about}) + "\n" + json.dumps({"id": "2"}) + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "pairs.csv"
    command = [sys.executable, "-m", "fakeprofile", "sweep", str(first), str(second)]
    done = subprocess.run(
        [*command, "--out", str(out), "--scheduler", "synchronous"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8").count("\n") == 1  # the header: no pair written
    assert "1 matching pair(s) of records with the same id (e.g. '1')" in done.stderr


# ------------------------------------------------------------------ notes that cost seconds

#: The link and e-mail patterns before session 8: quadratic on "a.a.a.…" (4.6 s for one
#: 10,000-character note; benchmarks/README.md, "Hostile input, session 8").
_OLD_DOMAIN = re.compile(
    r"\b(?:[a-z0-9-]+\.)+(?:ly|gl|gd|at|cc|co|in|me|io|id|gy|com|net|org|xyz|link|info|biz)"
    r"/[^\s<>\"']*",
    re.IGNORECASE,
)
_OLD_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+", re.IGNORECASE)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab.-@/ +xyz", max_size=60))
def test_bounded_link_and_email_patterns_find_what_the_old_ones_found(text: str) -> None:
    """The bounded patterns (at most 8 labels of 63 characters; an address read from the
    start of its run) find the same links and addresses in ordinary notes."""
    from fakeprofile.signals.message import _OFF_PLATFORM, _URL

    note = text.replace("xyz", "bit.ly/")
    assume(not re.search(r"(?:[a-z0-9-]+\.){9}", note, re.IGNORECASE))  # 9 labels: no domain
    links = [m for m in _URL.findall(note) if not m.lower().startswith(("http", "www."))]
    assert links == _OLD_DOMAIN.findall(note)
    assert [m for m in _OFF_PLATFORM.findall(note) if "@" in m] == _OLD_EMAIL.findall(note)


def test_a_frame_of_timestamps_gives_dates_as_text_with_a_time_does() -> None:
    """A pandas datetime column with times of day made every row an error."""
    from fakeprofile.scoring import score_frame

    frame = pd.DataFrame(
        {"id": ["a", "b"], "created_at": pd.to_datetime(["2015-03-04 12:30", "NaT"])}
    )
    scored = score_frame(frame)
    assert scored["error"].tolist() == [None, None]
    as_text = parse_profile({"id": "a", "created_at": "2015-03-04 12:30:00"}).created_at
    assert parse_profile({"id": "a", "created_at": frame["created_at"][0]}).created_at == as_text
