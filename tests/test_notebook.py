"""The training walk-through notebook: stored with its plots, public API only, runs headless."""

from __future__ import annotations

import base64
import os
import re
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

import fakeprofile

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "train_and_evaluate.ipynb"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _read() -> Any:
    return nbformat.read(NOTEBOOK, as_version=4)  # type: ignore[no-untyped-call]


def _code(nb: Any) -> str:
    return "\n".join(str(cell.source) for cell in nb.cells if cell.cell_type == "code")


def _pngs(nb: Any) -> list[bytes]:
    return [
        base64.b64decode(output["data"]["image/png"])
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if "image/png" in output.get("data", {})
    ]


def test_stored_notebook_shows_its_plots() -> None:
    """ROC / precision-recall / reliability, what mattered, shapes: PNGs in the file itself."""
    nb = _read()
    images = _pngs(nb)
    assert len(images) >= 3
    assert all(image.startswith(PNG_MAGIC) and len(image) > 5_000 for image in images)
    code = _code(nb)
    for title in ("ROC", "precision–recall", "reliability", "signal groups"):
        assert title in code
    assert "savefig" not in code  # the plots are shown, not hidden in a temporary folder


def test_notebook_reads_your_own_labelled_file() -> None:
    nb = _read()
    cells = [c for c in nb.cells if c.cell_type == "code" and "YOUR DATA" in c.source]
    assert len(cells) == 1
    assert re.search(r"^LABELLED_FILE = ", cells[0].source, re.MULTILINE)
    assert "fakeprofile.read_labelled(LABELLED_FILE" in cells[0].source
    assert "write_jsonl(" in _code(nb)  # the default: a small synthetic file it writes


def test_notebook_uses_only_the_public_api() -> None:
    code = _code(_read())
    imports = re.findall(r"^\s*(?:from|import) (fakeprofile[\w.]*)", code, re.MULTILINE)
    assert set(imports) == {"fakeprofile"}, imports
    assert re.findall(r"from fakeprofile import (.+)", code) == ["synthetic"]
    used = set(re.findall(r"\bfakeprofile\.(\w+)", code))
    assert used <= set(fakeprofile.__all__), used - set(fakeprofile.__all__)
    assert not re.search(r"\.\_[A-Za-z]", code)  # no private attributes either


@pytest.mark.slow
def test_notebook_executes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKEPROFILE_NOTEBOOK_N", "800")  # small population: the test checks it runs
    # The kernel imports the fakeprofile under test, not whichever one is installed.
    path = os.environ.get("PYTHONPATH")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT), path])))
    nb = _read()
    NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    ).execute()
    outputs = "".join(
        str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", ""))
        for cell in nb.cells
        if cell.cell_type == "code"
        for o in cell.get("outputs", [])
    )
    assert "p-amelia: high" in outputs
    # The walk-through trained and evaluated for real: a population of fakes and
    # genuine members, and a held-out ROC-AUC well above chance (0.5).
    found = re.search(r"([\d,]+) profiles, ([\d,]+) of them fake", outputs)
    assert found, outputs[:500]
    total, fake = (int(g.replace(",", "")) for g in found.groups())
    assert 0 < fake < total
    auc = re.search(r"ROC-AUC\s+([0-9.]+)", outputs)
    assert auc, outputs[:500]
    assert float(auc[1]) > 0.75
    assert len(_pngs(nb)) >= 3  # executed headless, the plots are still inline images
