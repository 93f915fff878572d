"""Refresh a costly panel only while it can be seen, and catch up once when it is.

Why: a dock tabbed behind another, or closed, would otherwise rebuild a tree,
project the finances or appraise every option on every edit for nobody. Each such
dock marks itself *stale* when the document changes out of sight and catches up
once when it is shown again. That rule lives here, once, as a mixin for the panel
``QWidget`` (put it first among the bases), so every dock follows it alike.

Two ways of being seen:

- ``settle=True`` (the default, for docks that can be tabbed): seen means on screen,
  not merely "visible" to Qt (a dock tabbed behind another is visible but shows
  nothing), and a show is judged only once the window has settled, because restoring
  a dock layout shows every dock for a moment. ``MainWindow`` also calls
  :meth:`set_shown` from the dock's ``visibilityChanged``.
- ``settle=False``: seen means visible to Qt, and the panel catches up at once when
  shown (a cheap panel wanted filled as soon as it appears).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer


class LazyPanel:
    """Mixin: the panel's costly refresh runs only while it is seen (see the module)."""

    def init_lazy(self, catch_up: Callable[[], None], *, stale: bool,
                  settle: bool = True) -> None:
        """Call from ``__init__`` once the widget exists: ``catch_up`` brings the panel
        up to date; ``stale`` says whether it starts out of date (not built yet)."""
        self._lazy_catch_up = catch_up
        self._lazy_settle = settle
        self._lazy_stale = stale
        self._lazy_timer = QTimer(self, singleShot=True, interval=0)  # type: ignore[call-overload]
        self._lazy_timer.timeout.connect(self._lazy_settled)

    @property
    def stale(self) -> bool:
        """The document changed while the panel could not be seen: caught up when shown."""
        return self._lazy_stale

    @stale.setter
    def stale(self, value: bool) -> None:
        self._lazy_stale = value

    @property
    def catch_up_pending(self) -> bool:
        """Shown a moment ago: whether to catch up is decided once the window has settled."""
        return self._lazy_timer.isActive()

    def on_screen(self) -> bool:
        """Whether the panel can be seen now (see the module for the two ways)."""
        if not self.isVisible():  # type: ignore[attr-defined]
            return False
        return not self._lazy_settle or not self.visibleRegion().isEmpty()  # type: ignore[attr-defined]

    def follow(self) -> bool:
        """The document changed: True when the panel is seen and should follow now;
        otherwise it is remembered as stale and False is returned."""
        if self.on_screen():
            return True
        self._lazy_stale = True
        return False

    def set_shown(self, shown: bool) -> None:
        """The dock came to the front (or went behind): catch up if it is stale."""
        if shown and self._lazy_stale:
            self._lazy_shown()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)  # type: ignore[misc]
        if self._lazy_stale:
            self._lazy_shown()

    def _lazy_shown(self) -> None:
        if self._lazy_settle:
            self._lazy_timer.start()
        else:
            self._lazy_stale = False
            self._lazy_catch_up()

    def _lazy_settled(self) -> None:
        if self._lazy_stale and self.on_screen():
            self._lazy_stale = False
            self._lazy_catch_up()
