"""Canvas tests collect garbage right after each test, while its view still exists.

A canvas left for the garbage collector to find later (after other tests have run
the event loop and deleted the view's C++ side) crashed PySide 6.11 inside the
collector. Collecting at once keeps each test's Qt objects dying in order.
"""

import gc

import pytest


@pytest.fixture(autouse=True)
def _collect_garbage_now():
    yield
    gc.collect()
