"""The option switcher and the options' commands in the window: every view shows the
option chosen, and managing options is undoable."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QTreeWidgetItemIterator

from designer.core import edits, io
from designer.core import options as O
from designer.core.schema import Option, OptionChange
from designer.ui.matrix import OptionMarkRole

DOGS_LOCAL = Option(id="dogs-local", name="Dogs kept local", status="short-list", changes=(
    OptionChange(element="dogs", set={"delivery": "local", "lead_force": None, "command": ""}),
    OptionChange(element="dog-unit", set={"owner": "asp"})))
ICT_SHARED = Option(id="ict-shared", name="ICT hosted by Wiltshire", status="preferred",
                    changes=(OptionChange(element="ict", set={"delivery": "shared",
                                                              "host_force": "wilts"}),))


@pytest.fixture
def owindow(qtbot, isolated, tmp_path, sample_bp):
    """A window showing the sample blueprint with two options."""
    from designer.ui.main_window import MainWindow

    path = tmp_path / "options.json"
    io.save(sample_bp.model_copy(update={"options": (DOGS_LOCAL, ICT_SHARED)}), path)
    win = MainWindow(settings=isolated)
    assert win.open_file(path, interactive=False)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close_without_prompt()
    win.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(win))


def _choose(combo, text):
    """Pick an entry of the switcher as a user does (the combo's activated signal)."""
    index = combo.findText(text)
    assert index >= 0, [combo.itemText(i) for i in range(combo.count())]
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def _matrix_delivery(window, function_id):
    model = window.matrix.matrix
    row = model.row_of(function_id)
    return model.cell(model.index(row, 1)).delivery


def test_the_switcher_lists_the_base_and_each_option_by_name_and_status(owindow):
    combo = owindow.options.combo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Base", "Dogs kept local (short list)", "ICT hosted by Wiltshire (preferred)"]
    assert combo.currentText() == "Base"
    assert [a.text() for a in owindow.options.show_actions] == [
        "Base", "Dogs kept local (short list)", "ICT hosted by Wiltshire (preferred)"]
    assert [a.shortcut() for a in owindow.options.show_actions] == [
        QKeySequence("Ctrl+Alt+0"), QKeySequence("Ctrl+Alt+1"), QKeySequence("Ctrl+Alt+2")]
    assert owindow.options.show_actions[0].isChecked()
    assert owindow.option_status.text() == "Base"
    assert not owindow.options.act_rename.isEnabled()  # nothing to rename on the base


def test_choosing_an_option_shows_it_everywhere(owindow, qtbot):
    doc = owindow.document
    assert _matrix_delivery(owindow, "dogs") == "joint"
    with qtbot.waitSignal(doc.problemsChanged):
        _choose(owindow.options.combo, "Dogs kept local (short list)")
    assert doc.option == "dogs-local"
    assert owindow.canvas.diagram.blueprint is doc.blueprint
    assert owindow.canvas.diagram.node_for("dogs").text.delivery == "local"
    assert _matrix_delivery(owindow, "dogs") == "local"
    assert owindow.problems_panel.document.problems is doc.problems
    assert "option “Dogs kept local”" in owindow.windowTitle()
    assert owindow.option_status.text() == "Option: Dogs kept local"
    assert owindow.options.show_actions[1].isChecked()
    assert owindow.canvas.diagram.option_marks == {"dogs": "Δ", "dog-unit": "Δ"}
    model = owindow.matrix.matrix
    assert model.data(model.index(model.row_of("dogs"), 0), OptionMarkRole) == "Δ"
    owindow._raise_dock("finance")  # the Finance dock works out the option's figures
    qtbot.waitUntil(lambda: getattr(owindow.finance_panel, "projected", None)
                    is doc.blueprint, timeout=20_000)
    doc.select(["dogs"])
    editor = owindow.inspector_panel.editors["delivery"]
    assert editor.combo.currentData() == "local" or "Local" in editor.combo.currentText()
    owindow.options.show_actions[0].trigger()  # View ▸ Option ▸ Base
    assert doc.option is None and owindow.options.combo.currentText() == "Base"
    assert owindow.canvas.diagram.option_marks == {}
    assert _matrix_delivery(owindow, "dogs") == "joint"
    assert owindow.canvas.diagram.node_for("dogs").text.delivery == "joint"


def test_the_option_shortcuts_switch(owindow, qtbot):
    owindow.activateWindow()
    qtbot.waitUntil(owindow.isActiveWindow)
    qtbot.keyClick(owindow.canvas, Qt.Key.Key_2,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: owindow.document.option == "ict-shared")
    assert owindow.options.combo.currentText() == "ICT hosted by Wiltshire (preferred)"
    qtbot.keyClick(owindow.canvas, Qt.Key.Key_0,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: owindow.document.option is None)


def test_an_edit_in_an_option_goes_into_it_and_undo_restores(owindow):
    doc = owindow.document
    base = O.base_of(doc.file_blueprint)
    _choose(owindow.options.combo, "ICT hosted by Wiltshire (preferred)")
    assert doc.try_edit("Make joint", edits.set_arrangement, "neighbourhood", "asp",
                        "shared") is None
    assert O.base_of(doc.file_blueprint) == base
    assert "neighbourhood" in {c.element for c in
                               O.find_option(doc.file_blueprint, "ict-shared")[1].changes}
    assert _matrix_delivery(owindow, "neighbourhood") == "shared"
    owindow.act_undo.trigger()
    assert O.find_option(doc.file_blueprint, "ict-shared")[1] == ICT_SHARED
    assert _matrix_delivery(owindow, "neighbourhood") == "local"
    assert not doc.is_dirty


def test_a_file_without_options_shows_just_the_base_and_new_option(window):
    combo = window.options.combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["Base"]
    assert window.options.act_new.isEnabled()
    assert not window.option_status.isVisible()
    assert window.options.ask_new("Dogs kept local")
    assert window.document.option == "dogs-kept-local"
    assert combo.currentText() == "Dogs kept local (long list)"
    assert window.option_status.isVisible()
    window.act_undo.trigger()
    assert window.document.option is None
    assert [combo.itemText(i) for i in range(combo.count())] == ["Base"]


def test_managing_options_from_the_window_is_undoable(owindow):
    opts, doc = owindow.options, owindow.document
    _choose(opts.combo, "Dogs kept local (short list)")
    assert opts.ask_rename("Dogs under each force")
    assert opts.combo.currentText() == "Dogs under each force (short list)"
    assert "option “Dogs under each force”" in owindow.windowTitle()
    opts.status_actions["preferred"].trigger()
    assert opts.combo.currentText() == "Dogs under each force (preferred)"
    assert opts.status_actions["preferred"].isChecked()
    assert opts.ask_describe(description="Each force keeps its dogs", source="Workshop")
    option = O.find_option(doc.file_blueprint, "dogs-local")[1]
    assert (option.description, option.source) == ("Each force keeps its dogs", "Workshop")
    assert opts.duplicate()
    assert doc.option_name == "Dogs under each force (copy)"
    assert opts.ask_delete(confirm=False)
    assert doc.option is None and opts.combo.count() == 3
    for _ in range(5):
        owindow.act_undo.trigger()
    assert doc.file_blueprint.options == (DOGS_LOCAL, ICT_SHARED)
    assert doc.option == "dogs-local"
    for _ in range(5):
        owindow.act_redo.trigger()
    assert O.option_ids(doc.file_blueprint) == ["dogs-local", "ict-shared"]
    assert O.find_option(doc.file_blueprint, "dogs-local")[1].name == "Dogs under each force"


def test_a_refused_edit_is_said_in_the_status_bar(owindow, qtbot):
    _choose(owindow.options.combo, "Dogs kept local (short list)")
    owindow.document.try_edit("Rename", edits.update_element, "ict", name="IT")
    assert "cannot hold this change" in owindow.statusBar().currentMessage()


def test_a_bad_option_does_not_crash_and_shows_a_located_problem(qtbot, isolated, tmp_path,
                                                                 sample_bp):
    from designer.ui.main_window import MainWindow

    broken = Option(id="broken", name="Broken", changes=(
        OptionChange(element="ghost", set={"delivery": "local"}),))
    path = tmp_path / "broken.json"
    io.save(sample_bp.model_copy(update={"options": (broken,)}), path)
    win = MainWindow(settings=isolated)
    try:
        assert win.open_file(path, interactive=False)
        win.show()
        panel = win.problems_panel
        assert any(r.option == "broken" and r.source == "options[0].changes[0].element"
                   for r in win.document.problems)
        texts = []
        it = QTreeWidgetItemIterator(panel.tree)
        while it.value():
            texts.append(" ".join(it.value().text(c) for c in range(3)))
            it += 1
        assert any("'Broken' cannot be applied" in t and "options[0].changes[0].element" in t
                   for t in texts), texts
        _choose(win.options.combo, "Broken (long list)")
        assert win.document.option is None and win.options.combo.currentText() == "Base"
        assert "ghost" in win.statusBar().currentMessage()
    finally:
        win.close_without_prompt()
        win.deleteLater()
        qtbot.waitUntil(lambda: not shiboken6.isValid(win))


def test_save_and_open_keep_the_options(owindow, tmp_path):
    doc = owindow.document
    _choose(owindow.options.combo, "ICT hosted by Wiltshire (preferred)")
    doc.try_edit("FTE", edits.update_element, "dog-unit", fte=14.0)
    target = tmp_path / "saved.json"
    doc.save(target)
    loaded = io.load(target)
    assert loaded == doc.file_blueprint
    assert [o.id for o in loaded.options] == ["dogs-local", "ict-shared"]
    assert O.apply_option(loaded, "ict-shared").teams[0].fte == 14.0
    assert O.base_of(loaded).teams[0].fte == 12.0
    assert owindow.open_file(target, interactive=False)  # the same file: as a reload
    assert doc.option == "ict-shared" and doc.file_blueprint == loaded
    other = tmp_path / "other.json"
    other.write_bytes(target.read_bytes())
    assert owindow.open_file(other, interactive=False)  # another file: its base
    assert doc.option is None and doc.file_blueprint == loaded
    assert owindow.options.combo.currentText() == "Base"
