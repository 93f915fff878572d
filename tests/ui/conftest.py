"""Shell test fixtures: a main window with its own settings file and data folder."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import QObject, QSettings, QStandardPaths, Signal
from PySide6.QtWidgets import QApplication

from designer.core import io
from tests.build import area, blueprint, function, team


@pytest.fixture
def sample_bp():
    return blueprint(
        "asp", "wilts",
        areas=[area("bristol", "asp"), area("swindon", "wilts")],
        functions=[
            function("dogs", category="operational-support/dogs", delivery="joint",
                     lead_force="asp", command="ACC Operations"),
            function("ict", category="support-functions/ict"),
            function("neighbourhood", category="local-policing/neighbourhood", tags=("core",)),
        ],
        teams=[team("dog-unit", "dogs", "alliance", fte=12.0)],
    )


@pytest.fixture
def sample_file(tmp_path, sample_bp):
    path = tmp_path / "alliance.json"
    io.save(sample_bp, path)
    return path


@pytest.fixture
def isolated(tmp_path, monkeypatch):
    """Keep recovery files and settings out of the real user folders.

    Closed windows are deleted only when Qt gets round to it, which may be tests later;
    their autosave timers are stopped here, or one firing 30 s on would write a recovery
    file into whichever test's folder is current then.
    """
    QStandardPaths.setTestModeEnabled(True)
    from designer.ui import autosave

    monkeypatch.setattr(autosave, "recovery_folder", lambda: tmp_path / "recovery")
    yield QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    for widget in QApplication.topLevelWidgets():
        for saver in widget.findChildren(autosave.Autosaver):
            saver.timer.stop()


@pytest.fixture
def window(qtbot, isolated, sample_file):
    from designer.ui.main_window import MainWindow

    win = MainWindow(settings=isolated)  # not qtbot.addWidget: its close would prompt
    assert win.open_file(sample_file, interactive=False)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close_without_prompt()
    # Deleted now, not left for later: every window still alive is restyled on each theme
    # change and keeps its timers running (a theme test took 35 s behind 20 leftovers).
    win.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(win))


class _Marker(QObject):
    sent = Signal()  # from the worker thread
    reached = Signal()  # then on the GUI thread, after whatever the worker sent before it

    def __init__(self) -> None:
        super().__init__()
        self.sent.connect(self._arrived)  # a method of a GUI-thread object: queued

    def _arrived(self) -> None:
        self.reached.emit()


@pytest.fixture
def drain_background(qtbot):
    """Waits until the background work asked for so far has run and what it sent back
    (queued signals) has been delivered.

    The one worker runs jobs in the order asked, and queued signals from it arrive in
    the order sent: a marker job sent now reports back after everything before it.
    """
    from designer.ui.background import run_in_background

    def drain(timeout_ms: int = 30_000) -> None:
        marker = _Marker()
        with qtbot.waitSignal(marker.reached, timeout=timeout_ms):
            run_in_background(marker.sent.emit)

    return drain
