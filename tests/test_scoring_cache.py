"""Models and indexes given as paths are opened once per process, and again when they change."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from fakeprofile import ReferenceIndex, score_frame, scoring
from fakeprofile.io import Item, read_profiles

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The index arguments of every Scorer built from here on (the cache starts empty)."""
    built: list[Any] = []

    class Counting(scoring.Scorer):
        def __init__(self, model: Any = None, index: Any = None, **kwargs: Any) -> None:
            built.append(index)
            super().__init__(model, index, **kwargs)

    monkeypatch.setattr(scoring, "Scorer", Counting)
    monkeypatch.setattr(scoring, "_scorers", {})
    return built


def _index(db: Path, ids: slice) -> None:
    profiles = [i.value for i in read_profiles(EXAMPLES / "profiles.jsonl") if isinstance(i, Item)]
    with ReferenceIndex(db) as writer:
        writer.add(profiles[ids])


def test_score_frame_with_paths_opens_them_once_per_process(
    tmp_path: Path, opened: list[Any]
) -> None:
    db = tmp_path / "net.db"
    _index(db, slice(0, 5))
    frame = pd.DataFrame({"id": ["a", "b"], "connections": [3, 300]})
    first = score_frame(frame, index=str(db))
    second = score_frame(frame, index=db)  # a Path to the same file: the same key
    meta = score_frame(frame.head(0), index=str(db))
    assert opened == [str(db)]
    assert first["risk"].tolist() == second["risk"].tolist()
    assert list(meta.columns) == list(first.columns)


def test_a_changed_index_file_is_opened_again(tmp_path: Path, opened: list[Any]) -> None:
    db = tmp_path / "net.db"
    _index(db, slice(0, 1))  # p-amara only
    amelia = next(
        i.value
        for i in read_profiles(EXAMPLES / "profiles.jsonl")
        if isinstance(i, Item) and i.value.id == "p-amelia"
    )
    assert scoring.cached_scorer(None, str(db)) is scoring.cached_scorer(None, str(db))
    _index(db, slice(1, 3))  # the file changes: more profiles
    fresh = scoring.cached_scorer(None, str(db))
    assert len(opened) == 2
    assert isinstance(fresh.index, ReferenceIndex)
    assert len(fresh.index) == 3
    assert fresh.score(amelia).risk > 0.5
