"""LazyPanel: a panel refreshes only while seen, and catches up once when shown."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QTabWidget, QWidget

from designer.ui.lazy_panel import LazyPanel


class Counting(LazyPanel, QWidget):
    """A panel that counts its refreshes: one per edit followed, one per catch-up."""

    def __init__(self, settle: bool):
        super().__init__()
        self.built = 0
        self.init_lazy(self.refresh, stale=True, settle=settle)

    def refresh(self) -> None:
        self.stale = False
        self.built += 1

    def edit(self) -> None:  # what a dock does on ``document.changed``
        if self.follow():
            self.refresh()


@pytest.mark.parametrize("settle", [True, False])
def test_hidden_edits_wait_then_one_catch_up_then_it_follows(qtbot, settle):
    panel = Counting(settle)
    qtbot.addWidget(panel)
    panel.resize(200, 100)
    for _ in range(3):
        panel.edit()
    assert panel.stale and panel.built == 0  # nobody sees it: nothing computed
    panel.show()
    qtbot.waitExposed(panel)
    qtbot.waitUntil(lambda: not panel.stale)
    assert panel.built == 1  # one catch-up for all three edits
    panel.edit()
    panel.edit()
    assert panel.built == 3 and not panel.stale  # seen: it follows each edit
    panel.hide()
    panel.edit()
    assert panel.stale and panel.built == 3


def test_a_tab_behind_another_is_not_seen_until_brought_to_the_front(qtbot):
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    tabs.resize(300, 200)
    front, panel = QWidget(), Counting(settle=True)
    tabs.addTab(front, "Front")
    tabs.addTab(panel, "Behind")
    tabs.show()
    qtbot.waitExposed(tabs)
    panel.edit()
    assert panel.stale and panel.built == 0
    tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: not panel.stale)
    assert panel.built == 1 and not panel.catch_up_pending


def test_set_shown_catches_up_once_the_window_has_settled(qtbot):
    panel = Counting(settle=True)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    qtbot.waitUntil(lambda: not panel.stale)
    panel.stale = True  # an edit while its dock was behind another
    panel.set_shown(True)
    assert panel.catch_up_pending and panel.built == 1  # decided after the window settles
    qtbot.waitUntil(lambda: not panel.catch_up_pending)
    assert panel.built == 2 and not panel.stale
    panel.set_shown(True)  # nothing to catch up
    assert not panel.catch_up_pending
