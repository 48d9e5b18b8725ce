"""Type hints reach users: mypy on a script outside the repo finds fakeprofile and its types.

Each test installs the project the way a user does, into a throw-away
environment, then runs mypy on a two-line script in a folder outside the
repository. A deliberate type error in the script must be reported against
fakeprofile's own annotation: proof that mypy found the package *and* read its
types (``py.typed``), not merely that it stopped complaining.
"""

from __future__ import annotations

import re
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = """\
import fakeprofile

result = fakeprofile.score({"id": "p-1"})
wrong: int = result
"""


def _pip(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pip", *args], capture_output=True, text=True, timeout=300
    )


def _mypy_outside(tmp_path: Path, python: Path) -> str:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "script.py").write_text(SCRIPT, encoding="utf-8")
    command = [sys.executable, "-m", "mypy", "--strict", "--no-incremental"]
    done = subprocess.run(
        [*command, "--python-executable", str(python), "script.py"],
        capture_output=True,
        text=True,
        cwd=outside,
        timeout=300,
    )
    return done.stdout + done.stderr


def _editable_install_mode() -> str:
    """The ``editable_mode`` the Makefile installs with."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    found = re.search(r"editable_mode=(\w+)", makefile)
    assert found is not None, "the Makefile's editable installs name no editable_mode"
    return found[1]


@pytest.mark.slow
def test_mypy_outside_the_repo_finds_an_editable_install(tmp_path: Path) -> None:
    env = tmp_path / "venv"
    venv.create(env, with_pip=False)
    python = env / "bin" / "python"
    mode = _editable_install_mode()
    done = _pip(
        "--python", str(python), "install", "--quiet", "--no-deps", "-e", str(ROOT),
        "--config-settings", f"editable_mode={mode}",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = _mypy_outside(tmp_path, python)
    assert "Cannot find implementation or library stub" not in out, out
    assert 'Incompatible types in assignment (expression has type "RiskScore"' in out, out


@pytest.mark.slow
def test_the_wheel_ships_py_typed(tmp_path: Path) -> None:
    done = _pip("wheel", "--quiet", "--no-deps", "--wheel-dir", str(tmp_path), str(ROOT))
    assert done.returncode == 0, done.stderr
    (wheel,) = tmp_path.glob("fakeprofile-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    assert "fakeprofile/py.typed" in names
    assert "fakeprofile/__init__.py" in names
