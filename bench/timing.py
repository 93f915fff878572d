"""Small timing helpers shared by the benchmark modules."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable


def best_ms(fn: Callable[[], object], repeat: int = 5) -> float:
    """Best of ``repeat`` runs in milliseconds (the least disturbed by the machine)."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return round(best * 1000, 2)
