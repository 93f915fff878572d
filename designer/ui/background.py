"""Slow, Qt-free work on a worker thread, with only the newest result delivered.

A dock that needs seconds of core work for a very large blueprint (the finance
model for 22,500 functions) hands it to a :class:`LatestJob` and shows that it
is still working; the result arrives on the GUI thread by itself. The core is
Qt-free and blueprints are immutable, so the worker needs no locking.

Asking again while a job runs queues the new request (one at a time: two
workers would only slow each other and the window down); the running job's
result is then dropped as stale, never shown.

All background work — these jobs and the document's full rules check — runs
on one worker thread, in the order asked (:func:`run_in_background`). Python
threads share one interpreter lock: every extra busy worker takes another
share of the window's own time, so a second worker would make the window
slower, not the work faster.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal


class _Worker:
    """One daemon thread running queued functions in turn (a daemon: quitting the app
    never waits for a check nobody will see)."""

    def __init__(self) -> None:
        self._queue: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def submit(self, fn: Callable[[], None]) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="background-work",
                                                daemon=True)
                self._thread.start()
        self._queue.put(fn)

    def _run(self) -> None:
        while True:
            fn = self._queue.get()
            with contextlib.suppress(Exception):  # each job reports its own failures
                fn()


_WORKER = _Worker()


def run_in_background(fn: Callable[[], None]) -> None:
    """Run ``fn()`` on the worker thread, after the work asked for before it.

    ``fn`` must not touch Qt widgets; it reports back by emitting a signal of a
    QObject living on the GUI thread (delivered there, queued).
    """
    _WORKER.submit(fn)


class LatestJob(QObject):
    """Run a function on a worker thread; deliver the newest request's result.

    ``done(result)`` or ``failed(exception)`` is emitted on the GUI thread for
    the latest :meth:`start` only.
    """

    done = Signal(object)
    failed = Signal(object)
    _finished = Signal(int, object, bool)  # from the worker thread (queued)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._token = 0
        self._running = False
        self._queued: tuple[int, Callable[..., Any], tuple[Any, ...]] | None = None
        self._finished.connect(self._on_finished)

    @property
    def busy(self) -> bool:
        """A result is still to come."""
        return self._running or self._queued is not None

    def start(self, fn: Callable[..., Any], *args: Any) -> None:
        """Run ``fn(*args)`` on a worker; any result still on its way is now stale."""
        self._token += 1
        if self._running:
            self._queued = (self._token, fn, args)
        else:
            self._launch(self._token, fn, args)

    def cancel(self) -> None:
        """Drop whatever is running or queued: no result will be delivered."""
        self._token += 1
        self._queued = None

    def _launch(self, token: int, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        self._running = True

        def work() -> None:
            try:
                result, ok = fn(*args), True
            except Exception as exc:  # reported on the GUI thread, never lost silently
                result, ok = exc, False
            with contextlib.suppress(RuntimeError):  # the owner was deleted meanwhile
                self._finished.emit(token, result, ok)

        run_in_background(work)

    def _on_finished(self, token: int, result: Any, ok: bool) -> None:
        self._running = False
        if self._queued is not None:
            self._launch(*self._queued)
            self._queued = None
            return  # a newer request is running: this result is stale
        if token != self._token:
            return  # cancelled
        (self.done if ok else self.failed).emit(result)

    def wait(self, timeout_s: float = 60.0) -> bool:
        """Process events until the result has been delivered (tests, offscreen runs)."""
        return wait_until(lambda: not self.busy, timeout_s)


def wait_until(done: Callable[[], bool], timeout_s: float = 60.0) -> bool:
    """Process events until ``done()`` (background results arrive as queued signals);
    False if ``timeout_s`` passed first. For tests and offscreen runs, not the live app."""
    end = time.monotonic() + timeout_s
    while not done() and time.monotonic() < end:
        QCoreApplication.processEvents()
        time.sleep(0.005)
    return done()
