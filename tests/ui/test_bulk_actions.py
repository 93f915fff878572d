"""Tools → Create Local Teams for Every Area and Make Joint Except…: one undoable step each,
also from the canvas's and the matrix's context menus."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from designer.core import bulk
from designer.ui.bulk_actions import JointExceptDialog
from designer.ui.document import Document


def test_local_teams_for_the_selected_local_functions_in_one_step(window):
    doc, act = window.document, window.bulk.local_teams
    assert not act.isEnabled()  # nothing selected
    doc.select(["dogs"])
    assert not act.isEnabled()  # joint
    doc.select(["ict", "neighbourhood", "dogs"])
    assert act.isEnabled() and "2 selected local functions" in act.toolTip()
    before = doc.blueprint
    act.trigger()
    added = doc.blueprint.teams[len(before.teams):]
    assert sorted((t.function, t.base_area, t.owner) for t in added) == [
        ("ict", "bristol", "asp"), ("ict", "swindon", "wilts"),
        ("neighbourhood", "bristol", "asp"), ("neighbourhood", "swindon", "wilts")]
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.undoText() == "Create local teams for 2 functions"
    assert "Created 4 local teams" in window.statusBar().currentMessage()
    doc.undo_stack.undo()
    assert doc.blueprint == before


def test_it_is_in_the_tools_menu_and_both_context_menus(window):
    tools = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Tools")
    assert {window.bulk.local_teams, window.bulk.joint_except} <= set(tools.actions())
    window.document.select([])
    menu = window.canvas.node_menu("ict")  # a right click on a node selects it first
    assert window.document.selection() == ("ict",)
    assert window.bulk.local_teams in menu.actions() and window.bulk.local_teams.isEnabled()
    model = window.matrix.matrix
    row = next(r for r in range(model.rowCount())
               if model.index(r, 0).data() and "Ict" in str(model.index(r, 0).data()))
    index = model.index(row, 1)
    window.matrix.setCurrentIndex(index)
    menu = window.matrix.open_menu(index)
    assert menu.actions()[-1] is window.bulk.local_teams
    assert window.bulk.local_teams.isEnabled()


def test_make_joint_except_defaults_and_counts(qtbot, sample_bp):
    doc = Document(sample_bp)
    dialog = JointExceptDialog(doc)
    qtbot.addWidget(dialog)
    assert dialog.kept() == list(bulk.DEFAULT_EXCEPTIONS)
    assert dialog.count() == 1  # ict; neighbourhood is local policing, dogs already joint
    assert dialog.summary.text() == "1 function will become joint."
    dialog.items["local-policing"].setCheckState(0, Qt.CheckState.Unchecked)
    assert dialog.count() == 2 and "2 functions" in dialog.summary.text()
    dialog.items["support-functions/ict"].setCheckState(0, Qt.CheckState.Checked)
    assert "support-functions/ict" in dialog.kept()
    assert dialog.items["support-functions"].checkState(0) == Qt.CheckState.PartiallyChecked
    assert dialog.count() == 1


def test_make_joint_except_is_one_undoable_step(window, monkeypatch):
    doc = window.document
    before = doc.blueprint
    monkeypatch.setattr(JointExceptDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    window.bulk.joint_except.trigger()
    assert [f.delivery for f in doc.blueprint.functions] == ["joint", "joint", "local"]
    assert doc.undo_stack.undoText() == "Make 1 function joint"
    doc.undo_stack.undo()
    assert doc.blueprint == before
