"""Shell test fixtures: a main window with its own settings file and data folder."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, QStandardPaths
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
    win.deleteLater()
