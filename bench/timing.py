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


_APP: list[object] = []  # keep the application alive as long as the benchmarks run


def qt_app():  # -> QApplication
    """The process's QApplication (made once, offscreen: bench/run.py sets the platform)."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        app = QApplication([])
        _APP.append(app)
    return app
