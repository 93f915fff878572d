"""Inspector field editors: what they show for a value, and when they commit."""

from __future__ import annotations

from designer.ui.docks.editors import NumberEditor, TextEditor


def test_long_text_shows_its_start(qtbot):
    editor = TextEditor()
    qtbot.addWidget(editor)
    editor.resize(120, 30)
    editor.show()
    editor.set_value("Avon and Somerset and Wiltshire Strategic Alliance")
    assert editor.edit.cursorPosition() == 0


def test_percentages_show_one_decimal_and_keep_the_stored_value(qtbot):
    editor = NumberEditor(suffix="%")
    qtbot.addWidget(editor)
    committed = []
    editor.committed.connect(committed.append)
    editor.set_value(73.1875)
    assert editor.edit.text() == "73.2%"
    editor.edit.editingFinished.emit()  # focus left without an edit
    assert committed == []
    editor.set_value(15)
    assert editor.edit.text() == "15.0%"
    editor.edit.setText("12.25%")
    editor.edit.editingFinished.emit()
    assert committed == [12.25]


def test_counts_keep_thousands_separators(qtbot):
    editor = NumberEditor(integer=True)
    qtbot.addWidget(editor)
    editor.set_value(1_234_567)
    assert editor.edit.text() == "1,234,567"
