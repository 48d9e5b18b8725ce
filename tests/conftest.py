"""Shared fixtures: paths to the repo's examples and to the shared real data."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture
def examples() -> Path:
    """The repo's examples/ folder."""
    return EXAMPLES


@pytest.fixture
def shared_data() -> Path:
    """``../shared/data`` beside the repo root; tests that need it skip without it."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not present")
    return SHARED_DATA
