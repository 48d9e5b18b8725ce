"""The synthetic package as users import it, and the same seed giving the same files."""

from __future__ import annotations

import hashlib
import importlib
import inspect
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import fakeprofile.synthetic as synthetic
from fakeprofile.synthetic import (
    FAKE_KINDS,
    GENUINE_KINDS,
    Population,
    generate,
    reference_profiles,
)

#: The package's public API, as README, notebooks and benchmarks use it.
PUBLIC = [
    "FAKE_KINDS",
    "GENUINE_KINDS",
    "Population",
    "draw_portrait",
    "generate",
    "reference_profiles",
]
#: Private names the tests and benchmarks import from the package itself.
INTERNAL = ["_SECTIONS", "_Generator", "_copy_photo", "_summary", "_word_overlap"]
MODULES = ["archetypes", "vocabulary", "prose", "portraits", "generator", "population"]


def test_public_names_are_importable_from_the_package() -> None:
    assert sorted(synthetic.__all__) == sorted(PUBLIC)
    namespace: dict[str, object] = {}
    exec(f"from fakeprofile.synthetic import {', '.join(PUBLIC + INTERNAL)}", namespace)
    assert namespace["generate"] is generate
    assert namespace["Population"] is Population
    star: dict[str, object] = {}
    exec("from fakeprofile.synthetic import *", star)
    assert {k for k in star if not k.startswith("__")} == set(PUBLIC)


@pytest.mark.parametrize("name", PUBLIC)
def test_each_public_name_is_documented_and_lives_in_a_submodule(name: str) -> None:
    obj = getattr(synthetic, name)
    if inspect.isclass(obj) or inspect.isfunction(obj):
        module = importlib.import_module(obj.__module__)
        assert module.__name__.removeprefix("fakeprofile.synthetic.") in MODULES
        assert getattr(module, name) is obj
        assert "Examples" in (obj.__doc__ or "") or "Attributes" in (obj.__doc__ or "")
    else:  # the archetype tables: shares of each class
        assert abs(sum(obj.values()) - 1.0) < 1e-9
        assert obj is importlib.import_module("fakeprofile.synthetic.archetypes").__dict__[name]


def test_the_package_docstring_states_the_assumptions() -> None:
    doc = synthetic.__doc__ or ""
    for kind in (*GENUINE_KINDS, *FAKE_KINDS):
        assert f"``{kind}``" in doc, kind
    for section in ("Archetypes", "Texts", "Photos", "Missing data", "Labels"):
        assert f"\n{section}\n" in doc, section


def _fingerprint(folder: Path, n: int, seed: int) -> dict[str, str]:
    """Generate with photos into ``folder`` and hash everything a user gets back."""
    population = generate(n, seed=seed, with_photos=True, photo_dir=folder / "photos")
    written = population.write_jsonl(folder / "population.jsonl")
    invitations = [i.model_dump_json() if i is not None else None for i in population.invitations]

    def digest(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()

    photos = sorted((folder / "photos").iterdir())
    return {
        "jsonl": digest(written.read_bytes()),
        "photos": digest(b"".join(p.name.encode() + p.read_bytes() for p in photos)),
        "labels": digest(population.labels.tobytes() + population.true_labels.tobytes()),
        "kinds": digest(json.dumps(population.kinds).encode()),
        "invitations": digest(json.dumps(invitations).replace(str(folder), "<dir>").encode()),
        "sources": digest(json.dumps([population.sources, population.copied]).encode()),
        "references": digest(" ".join(p.id for p in reference_profiles(population)).encode()),
    }


def test_same_seed_gives_identical_files_and_photos(tmp_path: Path) -> None:
    a = _fingerprint(tmp_path / "a", 60, seed=9)
    b = _fingerprint(tmp_path / "b", 60, seed=9)
    assert a == b
    c = _fingerprint(tmp_path / "c", 60, seed=10)
    assert all(c[k] != a[k] for k in ("jsonl", "photos", "kinds"))


@pytest.mark.slow
def test_same_seed_gives_identical_files_in_another_process(tmp_path: Path) -> None:
    """String hashing is randomised per process: the output must not depend on it."""
    here = _fingerprint(tmp_path / "here", 60, seed=9)
    script = (
        "import json, sys; from pathlib import Path; "
        "sys.path.insert(0, sys.argv[1]); from test_synthetic_package import _fingerprint; "
        "print(json.dumps(_fingerprint(Path(sys.argv[2]), 60, seed=9)))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    repo = Path(__file__).resolve().parents[1]
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(repo), env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-c", script, str(Path(__file__).parent), str(tmp_path / "there")],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(done.stdout) == here
