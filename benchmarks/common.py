"""Helpers shared by the benchmarks: timing percentiles, peak memory, machine description, tables.

Benchmarks live outside the package, print a table of speed *and* quality, and
their results are written down in ``benchmarks/README.md`` with the machine.
Run one with ``python benchmarks/NAME.py`` (after ``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import os
import platform
import resource
import time
from collections.abc import Callable, Sequence

import numpy as np


def machine() -> str:
    """One line describing the machine the numbers were measured on."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{cpu}, {os.cpu_count()} cores, {mem_gib:.0f} GiB, "
        f"Python {platform.python_version()}, numpy {np.__version__}"
    )


def time_calls(fn: Callable[[], object], *, repeat: int, warmup: int = 3) -> np.ndarray:
    """Wall time of ``repeat`` calls of ``fn``, in milliseconds (after ``warmup`` calls)."""
    for _ in range(warmup):
        fn()
    out = np.empty(repeat)
    for i in range(repeat):
        start = time.perf_counter()
        fn()
        out[i] = (time.perf_counter() - start) * 1e3
    return out


def percentiles(ms: np.ndarray) -> dict[str, float]:
    """p50 / p99 / mean of timings in milliseconds."""
    return {
        "p50": float(np.percentile(ms, 50)),
        "p99": float(np.percentile(ms, 99)),
        "mean": float(ms.mean()),
    }


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far, in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table (pastes straight into benchmarks/README.md)."""

    def cell(value: object) -> str:
        if isinstance(value, float):
            return f"{value:.4g}" if abs(value) < 1e6 else f"{value:.3e}"
        return str(value)

    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)
