"""Autosave and recovery after a crash."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from designer.core import io
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


_CRASHING_SESSION = """
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from designer.core import io
from designer.ui import autosave
from designer.ui.document import Document

app = QApplication(["designer"])
file, folder, expected = map(Path, sys.argv[1:4])
autosave.recovery_folder = lambda: folder
doc = Document(io.load(file), file)
saver = autosave.Autosaver(doc, interval_ms=3_600_000)
doc.add_from_palette("operational-support/mounted")
doc.add_from_palette("operational-support/air-operations")
saver.save_now()                                     # autosaved at undo index 2
doc.undo_stack.undo()                                # back to index 1, still unsaved ...
doc.add_from_palette("support-functions/legal")      # ... and a new edit: index 2 again
saver.save_now()
moved = doc.blueprint.functions[0].id
doc.move_elements({moved: (100.0, 200.0)})
saver.save_now()
doc.move_elements({moved: (300.0, 400.0)})           # merges into the move before
saver.save_now()
expected.write_text(io.dumps(doc.blueprint), "utf-8")
print("autosaved", flush=True)
sys.stdin.readline()                                 # killed while waiting here
"""


def test_recovered_state_is_exactly_the_state_at_a_real_crash(window, isolated, tmp_path,
                                                                qtbot, monkeypatch):
    root = Path(__file__).resolve().parents[2]
    folder, expected = tmp_path / "recovery", tmp_path / "expected.json"
    child = subprocess.Popen(
        [sys.executable, "-c", _CRASHING_SESSION, str(window.document.path), str(folder),
         str(expected)],
        cwd=root, env={**os.environ, "PYTHONPATH": str(root), "QT_QPA_PLATFORM": "offscreen"},
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline() == "autosaved\n"
    finally:
        child.kill()  # SIGKILL: no clean-up of any kind runs
        child.wait()
    assert child.returncode == -signal.SIGKILL
    at_crash = io.loads(expected.read_bytes())

    (recovery,) = pending_recoveries()
    assert recovery.original == window.document.path
    assert recovery.load() == at_crash
    fresh = MainWindow(settings=isolated)
    qtbot.addWidget(fresh)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert fresh.offer_recovery()
    assert fresh.document.blueprint == at_crash
    fresh.close_without_prompt()
