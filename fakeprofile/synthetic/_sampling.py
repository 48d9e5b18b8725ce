"""Fast seeded draws shared by the generator's modules."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TypeVar

_T = TypeVar("_T")


def _pick(r: random.Random, seq: Sequence[_T]) -> _T:
    """``r.choice`` without its rejection sampling: ~3x faster, bias below 1e-15."""
    return seq[int(r.random() * len(seq))]


def _int(r: random.Random, low: int, high: int) -> int:
    """A whole number in ``[low, high]`` (``r.randint``, faster)."""
    return low + int(r.random() * (high - low + 1))
