"""Start page: what plain ``designer`` shows — recent files, the bundled samples, New/Open."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from designer.resources import MODELS
from designer.ui.main_window import MainWindow
from designer.ui.start_page import StartPage, bundled_samples


def test_start_page_without_file(qtbot, isolated, sample_file):
    win = MainWindow(settings=isolated)
    qtbot.addWidget(win)
    assert win.stack.currentWidget() is win.start_page
    assert not win.act_save.isEnabled()
    assert win.windowTitle() == "Alliance Blueprint Designer"
    isolated.setValue("recentFiles", [str(sample_file)])
    win.start_page.set_recent(win.recent_files())
    item = win.start_page.recent.item(0)
    assert sample_file.name in item.text()
    win.start_page.recent.itemActivated.emit(item)
    assert win.stack.currentWidget() is not win.start_page
    assert win.document.path == sample_file
    win.close_without_prompt()


def test_samples_are_listed_by_their_alliances_name(qtbot):
    samples = bundled_samples()
    assert [p for _, p in samples] == sorted(MODELS.glob("*.json"))
    for name, path in samples:
        assert name == json.loads(path.read_text("utf-8"))["alliance"]["name"]
    page = StartPage()
    qtbot.addWidget(page)
    shown = [page.samples.item(i) for i in range(page.samples.count())]
    assert [item.text().split("\n") for item in shown] == [[n, p.name] for n, p in samples]
    with qtbot.waitSignal(page.openRequested) as opened:
        page.samples.itemDoubleClicked.emit(shown[0])
    assert opened.args == [str(samples[0][1])]


def test_a_sample_without_a_readable_name_is_listed_by_its_file_name(tmp_path, monkeypatch):
    from designer.ui import start_page

    (tmp_path / "a-quoted.json").write_text(
        '{"format": "alliance-blueprint", "alliance": {"name": "The \\"Three\\" Forces"}}')
    # only the file's start is read, expecting the name first in the alliance (as saved)
    (tmp_path / "b-other-order.json").write_text(
        '{"alliance": {"start_year": "2015/16", "name": "X"}}')
    (tmp_path / "c-not-json.json").write_bytes(b"\xff\xfe garbage")
    (tmp_path / "d-folder.json").mkdir()
    monkeypatch.setattr(start_page, "MODELS", tmp_path)
    assert [name for name, _ in bundled_samples()] == [
        'The "Three" Forces', "b-other-order", "c-not-json", "d-folder"]


def test_recent_files_show_name_and_folder_and_open_when_activated(qtbot, tmp_path):
    page = StartPage()
    qtbot.addWidget(page)
    page.set_recent([])
    (empty,) = [page.recent.item(i) for i in range(page.recent.count())]
    assert empty.text().startswith("No recent files yet")
    assert empty.flags() == Qt.ItemFlag.NoItemFlags  # cannot be chosen
    path = tmp_path / "alliance.json"
    page.set_recent([str(path)])
    (item,) = [page.recent.item(i) for i in range(page.recent.count())]
    assert item.text() == f"alliance.json\n{tmp_path}" and item.toolTip() == str(path)
    with qtbot.waitSignal(page.openRequested) as opened:
        page.recent.itemActivated.emit(item)
    assert opened.args == [str(path)]
    page.set_samples([])
    assert page.samples.item(0).text() == "No samples are installed."


def test_new_and_open_buttons_ask_the_window(qtbot):
    page = StartPage()
    qtbot.addWidget(page)
    buttons = {b.text(): b for b in page.findChildren(QPushButton)}
    with qtbot.waitSignal(page.newRequested):
        buttons["New blueprint…"].click()
    with qtbot.waitSignal(page.browseRequested):
        buttons["Open…"].click()
