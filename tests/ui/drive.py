"""Driving widgets the way a user does, for tests of the docks and the window."""

from __future__ import annotations

from PySide6.QtCore import Qt


def double_click_item(qtbot, tree, item):
    tree.scrollToItem(item)
    rect = tree.visualItemRect(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def choose(editor, value):
    """Pick ``value`` in a choice editor as a user does (the combo's activated signal)."""
    index = next(i for i, (_, v) in enumerate(editor.options) if v == value)
    editor.combo.setCurrentIndex(index)
    editor.combo.activated.emit(index)
