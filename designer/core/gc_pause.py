"""Pausing the cyclic garbage collector while a burst of small objects is built.

Loading, checking or laying out tens of thousands of elements allocates ~10^5
containers and creates no reference cycles worth collecting; left on, the
collector runs full passes over everything already alive and can cost more than
the work itself. Process-wide, so the previous state is restored, not assumed.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Run the block with the cyclic collector off, then put it back as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def settle() -> None:
    """Treat every object alive now as long-lived, until :func:`unsettle`.

    An open document's objects (blueprint, graph, canvas items) live until it is
    closed; left in the oldest generation, every full collection re-scans them, a
    100 ms pause at 5,000 elements and over a second at 75,000, at random moments
    while the user edits. Frozen objects are skipped by the collector.
    """
    gc.freeze()


def unsettle() -> None:
    """Hand frozen objects back to the collector (before the next document replaces them)."""
    gc.unfreeze()
