"""Pausing the cyclic garbage collector while a burst of small objects is built.

Loading, checking or laying out tens of thousands of elements allocates ~10^5
containers and creates no reference cycles worth collecting; left on, the
collector runs full passes over everything already alive and can cost more than
the work itself. Process-wide, so the previous state is restored, not assumed.
"""

from __future__ import annotations

import gc


class gc_paused:  # lower case: used like a function, ``with gc_paused():``
    """Run the block with the cyclic collector off, then put it back as it was.

    A plain class, not a generator: leaving the block allocates nothing the collector
    tracks, so the pass that resuming makes due (over everything the block built)
    runs at the caller's next allocation instead of inside the block's exit.
    """

    __slots__ = ("_was_enabled",)

    def __enter__(self) -> None:
        self._was_enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc: object) -> None:
        if self._was_enabled:
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
