"""Small timing helpers shared by the benchmarks."""

from __future__ import annotations

import resource
import statistics
import time
from collections.abc import Callable


def timed(fn: Callable[[], object], repeat: int = 20) -> tuple[float, float]:
    """(median, worst) wall time in milliseconds over ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def row(label: str, ours: tuple[float, float], bare: tuple[float, float]) -> str:
    ratio = ours[0] / bare[0] if bare[0] else float("inf")
    return (f"{label:<38} ours {ours[0]:8.2f} ms (worst {ours[1]:8.2f})   bare {bare[0]:8.2f} ms "
            f"(worst {bare[1]:8.2f})   ratio ×{ratio:5.1f}")
