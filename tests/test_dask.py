"""score_frame as Dask's unit of work: map_partitions on a local process scheduler."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from fakeprofile import score_frame
from fakeprofile.index import ReferenceIndex
from fakeprofile.io import Item, read_profiles

dd = pytest.importorskip("dask.dataframe")

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.mark.slow
def test_map_partitions_on_processes_equals_one_call(tmp_path: Path) -> None:
    db = tmp_path / "examples.db"
    with ReferenceIndex(db) as writer:
        writer.add(
            i.value for i in read_profiles(EXAMPLES / "profiles.jsonl") if isinstance(i, Item)
        )
    n = 30
    frame = pd.DataFrame(
        {
            "id": [f"p-{i}" for i in range(n)],
            "created_at": ["2026-09-30", "2010-04-19", "2015-01-01"] * (n // 3),
            "connections": list(range(n)),
            "activity.likes": [212, 41, 3] * (n // 3),
            "activity.comments": [0, 1, np.nan] * (n // 3),
        }
    )
    frame.loc[7, "connections"] = -1  # one bad row: an error in its row, the rest scored
    # Model and index as paths: each worker process opens its own.
    meta = score_frame(frame.head(0), index=str(db))
    ddf = dd.from_pandas(frame, npartitions=3)
    out = ddf.map_partitions(score_frame, index=str(db), meta=meta).compute(scheduler="processes")
    direct = score_frame(frame, index=str(db))
    assert len(out) == n
    assert out["id"].tolist() == frame["id"].tolist()
    assert out["risk"].tolist() == pytest.approx(direct["risk"].tolist(), nan_ok=True)
    assert out["level"].tolist() == direct["level"].tolist()
    assert out["reason_codes"].tolist() == direct["reason_codes"].tolist()
    assert str(out["error"].iloc[7]).startswith("connections: must be ≥ 0")
    assert out["error"].drop(index=7).isna().all()
