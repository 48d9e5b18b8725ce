"""The command line end to end: ``main([...])`` in process, and the installed console script."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from fakeprofile import __version__
from fakeprofile.cli import main


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"fakeprofile {__version__}"


@pytest.mark.parametrize("command", [[], ["schema"], ["validate"], ["demo"]])
def test_help_everywhere(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*command, "--help"]) == 0
    assert "usage: fakeprofile" in capsys.readouterr().out


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["no-such-command"]) == 2
    assert main(["validate"]) == 2
    assert "usage" in capsys.readouterr().err


def test_schema_validates_the_examples(examples: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schemas = json.loads(capsys.readouterr().out)
    assert set(schemas) == {"profile", "invitation"}
    for kind, name in (("profile", "profiles.jsonl"), ("invitation", "invitations.jsonl")):
        validator = jsonschema.Draft202012Validator(schemas[kind])
        for line in (examples / name).read_text().splitlines():
            validator.validate(json.loads(line))
    jsonschema.Draft202012Validator(schemas["invitation"]).validate(
        json.loads((examples / "invitation.json").read_text())
    )
    # The schema rejects what the parser rejects.
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"id": "p", "activity": {"likes": -3}}, schemas["profile"])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"id": "p", "conections": 1}, schemas["profile"])


def test_schema_of_one_kind(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "invitation"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "Invitation"


def test_validate_examples_ok(examples: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["validate", str(examples / "profiles.jsonl"), str(examples / "invitations.jsonl")])
    captured = capsys.readouterr()
    assert code == 0
    assert captured.out.count("OK ") == 8
    assert "8 valid, 0 invalid" in captured.err


def test_validate_reports_each_bad_record_and_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "mixed.jsonl"
    f.write_text(
        '{"id": "ok-1"}\n'
        '{"id": "neg", "activity": {"likes": -3}}\n'
        "{broken\n"
        '{"id": "future", "created_at": "2999-01-01"}\n'
        '{"id": "ok-2"}\n'
    )
    assert main(["validate", str(f)]) == 1
    out = capsys.readouterr()
    lines = out.out.splitlines()
    assert lines[0].startswith("OK ")
    assert lines[1] == f"ERROR {f}:2 (id 'neg'): activity.likes: must be ≥ 0, got -3"
    assert lines[2].startswith(f"ERROR {f}:3: malformed JSON")
    assert lines[3] == f"ERROR {f}:4 (id 'future'): created_at: is in the future: 2999-01-01"
    assert lines[4].startswith("OK ")
    assert "2 valid, 3 invalid" in out.err
    assert "Traceback" not in out.out + out.err


def test_validate_unreadable_file_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(tmp_path / "absent.jsonl")]) == 2
    assert "cannot open" in capsys.readouterr().err


def test_demo_runs_on_the_examples(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "p-amelia" in out
    assert "p-amara" in out


@pytest.mark.slow
def test_installed_console_script(examples: Path) -> None:
    script = shutil.which("fakeprofile", path=str(Path(sys.executable).parent))
    assert script is not None, "the console script is not installed beside this Python"
    result = subprocess.run(
        [script, "validate", str(examples / "profiles.jsonl")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("OK ") == 5


@pytest.mark.slow
def test_stdin_through_the_console_script() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "fakeprofile", "validate", "-"],
        input='{"id": "a"}\n{"id": "b", "followers": -2}\n',
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "ERROR <stdin>:2 (id 'b'): followers: must be ≥ 0, got -2" in result.stdout
