"""Compiled inner loops (Numba) outside the index: the model's shape functions.

See :mod:`fakeprofile.index._kernels` for why and how these are compiled.
"""

from __future__ import annotations

import numba
import numpy as np
import numpy.typing as npt

__all__ = ["shape_values"]


@numba.njit(cache=True, nogil=True)
def shape_values(
    x: npt.NDArray[np.float64],
    knots: npt.NDArray[np.float64],
    values: npt.NDArray[np.float64],
    slope: npt.NDArray[np.float64],
    intercept: npt.NDArray[np.float64],
    when_missing: npt.NDArray[np.float64],
) -> npt.NDArray[np.float64]:
    """Every feature's piecewise-linear shape at ``x`` (rows of features): the raw contributions.

    Feature ``j`` interpolates linearly between its knots ``knots[j]``
    (ascending, padded with ``+inf``) and values ``values[j]``, flat beyond
    the ends, plus ``slope[j] * x + intercept[j]``; ``nan`` gives
    ``when_missing[j]``.
    """
    n_rows, n_features = x.shape
    width = knots.shape[1]
    out = np.empty((n_rows, n_features))
    for i in range(n_rows):
        for j in range(n_features):
            v = x[i, j]
            if np.isnan(v):
                out[i, j] = when_missing[j]
                continue
            above = 0  # knots at or below v
            while above < width and v >= knots[j, above]:
                above += 1
            hi = min(above, width - 1)
            lo = max(above - 1, 0)
            span = knots[j, hi] - knots[j, lo]
            t = (v - knots[j, lo]) / span if np.isfinite(span) and span > 0 else 0.0
            y = values[j, lo] + t * (values[j, hi] - values[j, lo])
            out[i, j] = y + ((slope[j] * v if slope[j] != 0 else 0.0) + intercept[j])
    return out
