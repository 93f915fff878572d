"""Autosave and recovery after a crash."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from designer.ui.autosave import pending_recoveries
from designer.ui.main_window import MainWindow


def test_recovery_after_simulated_crash(window, isolated, qtbot, monkeypatch):
    window.palette_panel.add("operational-support/mounted")
    edited = window.document.blueprint
    saved = window.autosaver.save_now()
    assert saved is not None and saved.exists()
    # Crash: the window goes away without closing (no clean-up runs).
    window.autosaver.timer.stop()
    monkeypatch.setattr(window.autosaver, "discard", lambda: None)  # no clean-up ever runs
    recoveries = pending_recoveries()
    assert len(recoveries) == 1
    assert recoveries[0].original == window.document.path

    fresh = MainWindow(settings=isolated)
    qtbot.addWidget(fresh)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert fresh.offer_recovery()
    assert fresh.document.blueprint == edited
    assert fresh.document.is_dirty  # recovered changes still need saving
    assert fresh.document.path == window.document.path
    fresh.save()
    assert not fresh.document.is_dirty
    assert pending_recoveries() == []  # a clean save removes the recovery file
    fresh.close_without_prompt()


def test_autosave_only_when_dirty_and_removed_on_save(window):
    assert window.autosaver.save_now() is None  # nothing unsaved
    window.palette_panel.add("operational-support/mounted")
    path = window.autosaver.save_now()
    assert path.exists()
    window.save()
    assert not path.exists()


def test_declining_recovery_discards_it(window, isolated, qtbot, monkeypatch):
    window.palette_panel.add("operational-support/mounted")
    window.autosaver.save_now()
    window.autosaver.timer.stop()
    monkeypatch.setattr(window.autosaver, "discard", lambda: None)
    fresh = MainWindow(settings=isolated)
    qtbot.addWidget(fresh)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Discard)
    assert not fresh.offer_recovery()
    assert pending_recoveries() == []
    fresh.close_without_prompt()
