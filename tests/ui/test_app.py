"""`designer open` and the no-display path of `make run`."""

from __future__ import annotations

import argparse

import pytest

from designer import cli_app
from designer.ui import app, style


def open_command(*args: str) -> int:
    """Run the `designer open` subcommand as the command line would."""
    sub = argparse.ArgumentParser().add_subparsers()
    cli_app.register(sub)
    parsed = sub.choices["open"].parse_args(list(args))
    return parsed.func(parsed)


@pytest.fixture
def own_settings(tmp_path, monkeypatch, isolated):
    """The app's default QSettings, pointed at a file of the test's own."""
    from PySide6.QtCore import QSettings

    from designer.ui import main_window

    monkeypatch.setattr(main_window, "QSettings", lambda: QSettings(
        str(tmp_path / "app.ini"), QSettings.Format.IniFormat))


def test_open_offscreen_writes_screenshot_and_report(sample_file, tmp_path, own_settings,
                                                     capsys, qapp):
    out = tmp_path / "out"
    assert open_command(str(sample_file), "--offscreen", "--out", str(out)) == 0
    shot, report = out / "main-window.png", out / "problems.txt"
    assert shot.stat().st_size > 10_000
    from PySide6.QtGui import QImage

    image = QImage(str(shot))
    assert image.width() >= 1280 and image.height() >= 800
    assert "Problems in alliance.json" in report.read_text()
    # the business case the numbers feed: the workbook and the board report
    workbook, pdf = out / "alliance.xlsx", out / "alliance.pdf"
    import openpyxl

    assert "Summary" in openpyxl.load_workbook(workbook, read_only=True).sheetnames
    assert pdf.read_bytes().startswith(b"%PDF")
    printed = capsys.readouterr().out
    for path in (shot, report, workbook, pdf):
        assert str(path) in printed


def test_open_offscreen_bad_file_fails_with_located_message(tmp_path, own_settings, capsys,
                                                            qapp):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    assert open_command(str(bad), "--offscreen", "--out", str(tmp_path)) == 2
    err = capsys.readouterr().err
    assert "bad.json" in err and "line 1" in err


def test_no_display_detection(monkeypatch):
    monkeypatch.setattr(app.sys, "platform", "linux")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    assert not app.has_display()
    monkeypatch.setenv("DISPLAY", ":0")
    assert app.has_display()
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert not app.has_display()


def test_missing_xcb_library_message_names_package(monkeypatch):
    monkeypatch.setattr(app.sys, "platform", "linux")
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr(app.ctypes.util, "find_library",
                        lambda name: None if name == "xcb-cursor" else f"lib{name}.so")
    missing = app.missing_xcb_libraries()
    assert missing == ["libxcb-cursor0"]
    message = app.missing_library_message(missing)
    assert "sudo apt-get install libxcb-cursor0" in message


def test_plain_designer_offscreen_shows_start_page(tmp_path, own_settings, capsys, qapp):
    out = tmp_path / "out"
    assert open_command("--offscreen", "--out", str(out)) == 0
    assert (out / "main-window.png").exists()
    assert not (out / "problems.txt").exists()  # nothing is open, so nothing to check
    assert "screenshot" in capsys.readouterr().out


def _drawn(qapp, mode: str, make, size: tuple[int, int]):
    """``make(panel)``'s widget on a panel drawn in theme ``mode``: (widget, image, panel)."""
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    style.apply_theme(qapp, mode)
    panel = QWidget()
    panel.setAutoFillBackground(True)
    widget = make(panel)
    QVBoxLayout(panel).addWidget(widget)
    panel.resize(*size)
    panel.ensurePolished()
    return widget, panel.grab().toImage(), panel


def _field_colours(qapp, mode: str) -> tuple[int, int, int]:
    """Lightness of the window, of a line edit's edge and of its inside, drawn in ``mode``."""
    from PySide6.QtWidgets import QLineEdit

    edit, image, panel = _drawn(qapp, mode, lambda p: QLineEdit("Avon and Somerset", p),
                                (240, 60))
    geometry = edit.geometry()
    y = geometry.center().y()
    window = image.pixelColor(2, 2).lightness()
    edge = image.pixelColor(geometry.left(), y).lightness()
    inside = image.pixelColor(geometry.right() - 6, y).lightness()
    panel.deleteLater()
    return window, edge, inside


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_text_fields_have_a_visible_frame_and_their_own_background(qapp, mode):
    try:
        window, edge, inside = _field_colours(qapp, mode)
    finally:
        style.apply_theme(qapp, "light")
    assert abs(edge - window) >= 40  # the frame shows against the panel
    assert abs(inside - window) >= 8  # the field is not the panel's colour


def test_dark_style_sheet_images_exist(qapp):
    import re
    from pathlib import Path

    try:
        style.apply_theme(qapp, "dark")
        sheet = qapp.styleSheet()
    finally:
        style.apply_theme(qapp, "light")
    urls = re.findall(r'url\("([^"]+)"\)', sheet)
    assert urls and all(Path(u).is_file() for u in urls)


def test_dark_tick_boxes_have_a_visible_edge(qapp):
    from PySide6.QtWidgets import QCheckBox, QStyle, QStyleOptionButton

    try:
        box, image, panel = _drawn(qapp, "dark", lambda p: QCheckBox("required", p), (160, 40))
        option = QStyleOptionButton()
        box.initStyleOption(option)
        indicator = box.style().subElementRect(
            QStyle.SubElement.SE_CheckBoxIndicator, option, box).translated(box.pos())
        window = image.pixelColor(1, 1).lightness()
        edge = image.pixelColor(indicator.left(), indicator.center().y()).lightness()
        panel.deleteLater()
    finally:
        style.apply_theme(qapp, "light")
    assert edge - window >= 40
