"""Start page: what plain ``designer`` shows — recent files, the bundled samples, New/Open."""

from __future__ import annotations

from designer.ui.main_window import MainWindow


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
