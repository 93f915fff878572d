"""What a module remembers between calls: one object per module, one lock, one rule.

The layout and the edit look-ups are asked the same questions over and over (an
edit changes one element of thousands), so each keeps its last answers on one
:class:`Memory` object rather than in loose module globals. The rule for every one:

- the lock is never held while an answer is computed, so no thread waits for
  another's work (two threads may both compute the same answer; answers are pure,
  so either may be kept);
- a field holding an immutable value is replaced whole, under the lock, and read
  without it (reading one attribute is atomic); a field changed in place (an LRU
  dict) is read and changed only under the lock;
- working data changed in place is *taken out* while a caller works on it and put
  back after, unless the memory was cleared meanwhile (``cleared`` counts clears);
- what is remembered is bounded, and refers to blueprints weakly or for a few calls
  only, so a closed document's blueprint can go.
"""

from __future__ import annotations

import threading


class Memory:
    """A module's remembered answers; subclasses set their fields in :meth:`forget`."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.cleared = 0
        self.forget()

    def forget(self) -> None:
        """Set every remembered field to empty (called with the lock held, or at start)."""
        raise NotImplementedError

    def clear(self) -> None:
        """Forget everything (tests compare warm answers with a cold start)."""
        with self.lock:
            self.forget()
            self.cleared += 1
