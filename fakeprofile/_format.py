"""Small formatters shared by the outputs meant for people (vetting, score tables)."""

from __future__ import annotations

import math

__all__ = ["format_risk"]


def format_risk(p: float) -> str:
    """A risk (a probability) as a whole percent, never a flat "0%" or "100%".

    A calibrated risk is never exactly 0 or 1, so the ends read as bounds:
    below 0.5% is ``"<1%"``, from 99.5% up is ``">99%"``; anything else is
    rounded to a whole percent (halves up).

    Parameters
    ----------
    p : float
        A probability in [0, 1].

    Returns
    -------
    str
        E.g. ``"<1%"``, ``"7%"``, ``">99%"``.

    Raises
    ------
    ValueError
        When ``p`` is not a number in [0, 1].

    Examples
    --------
    >>> [format_risk(p) for p in (0.0, 0.004, 0.005, 0.42, 0.994, 0.995, 1.0)]
    ['<1%', '<1%', '1%', '42%', '99%', '>99%', '>99%']
    """
    value = float(p)
    if not 0.0 <= value <= 1.0:  # also refuses nan
        raise ValueError(f"a risk must be a number in [0, 1], got {p!r}")
    percent = math.floor(value * 100 + 0.5)
    if percent < 1:
        return "<1%"
    if percent > 99:
        return ">99%"
    return f"{percent}%"
