"""Who is speaking: asked once, kept in the settings, never the login name."""

from __future__ import annotations

import getpass

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from designer.core.schema import NAME_MAX
from designer.ui import author


def _settings(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)


def test_nothing_is_stored_until_given_and_the_login_name_is_never_used(tmp_path):
    settings = _settings(tmp_path)
    assert author.stored(settings) == ""
    assert author.stored(settings) != getpass.getuser()
    author.store(settings, "  Jo Smith  ")
    assert author.stored(_settings(tmp_path)) == "Jo Smith"  # kept for next time


def test_a_stored_name_the_file_cannot_hold_is_asked_again(tmp_path):
    settings = _settings(tmp_path)
    settings.setValue(author.SETTING, "Jo\x00")
    assert author.stored(settings) == ""
    settings.setValue(author.SETTING, 42)
    assert author.stored(settings) == ""
    assert author.name_problem("x" * (NAME_MAX + 1)) == f"A name is at most {NAME_MAX} characters."
    assert "control character" in author.name_problem("a\tb")
    assert author.name_problem("Jo Smith") is None


def test_with_author_asks_once_then_goes_straight_on(qtbot, tmp_path):
    settings = _settings(tmp_path)
    parent = QWidget()
    qtbot.addWidget(parent)
    said = []
    dialog = author.with_author(settings, parent, said.append)
    assert dialog is not None and said == []
    dialog.name.setText("Sam Jones")
    dialog.ok_button.click()
    assert said == ["Sam Jones"] and author.stored(settings) == "Sam Jones"
    assert author.with_author(settings, parent, said.append) is None
    assert said == ["Sam Jones", "Sam Jones"]
    again = author.with_author(settings, parent, said.append, ask=True)  # to change it
    assert again.text() == "Sam Jones"
    again.reject()
    assert said == ["Sam Jones", "Sam Jones"] and author.stored(settings) == "Sam Jones"
