"""Find dock (Ctrl+F): elements by name, id, tag or category; Enter jumps to one."""

from __future__ import annotations

from PySide6.QtCore import Qt


def test_find_jumps_to_element(window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.docks["find"].isVisible()
    panel = window.find_panel
    panel.query.setText("forensic")  # nothing by that name
    panel.search()
    assert panel.results.count() == 0 and "Nothing matches" in panel.status.text()
    panel.query.setText("core")  # a tag
    qtbot.keyClick(panel.query, Qt.Key.Key_Return)
    assert window.document.selection() == ("neighbourhood",)
    panel.query.setText("support")  # a category name
    panel.search()
    found = {panel.results.item(i).data(Qt.ItemDataRole.UserRole + 1)
             for i in range(panel.results.count())}
    assert found == {"ict", "dogs"}  # Support Functions › ICT, Operational Support › Dogs
