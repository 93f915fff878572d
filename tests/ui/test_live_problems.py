"""Live problems: edits in the inspector and the matrix make problems appear and disappear."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.test_docks import choose

RULE = "local-policing-stays-local"


def rows(window, rule=RULE):
    panel = window.problems_panel
    return [r for r in panel.results() if r.rule == rule and "neighbourhood" in r.elements]


def test_inspector_delivery_change_shows_then_clears_problem(window):
    doc = window.document
    assert rows(window) == []
    doc.select(["neighbourhood"])
    choose(window.inspector_panel.editors["delivery"], "joint")
    (problem,) = rows(window)
    assert problem.severity == "error"
    item = window.problems_panel._items[next(k for k in window.problems_panel._items
                                             if k[0] == RULE)]
    assert item.parent().text(0).startswith("Errors")
    choose(window.inspector_panel.editors["delivery"], "local")
    assert rows(window) == []


def test_apply_suggested_fix_from_problems_dock(window):
    doc = window.document
    original = doc.blueprint
    doc.select(["neighbourhood"])
    choose(window.inspector_panel.editors["delivery"], "joint")
    panel = window.problems_panel
    item = next(i for k, i in panel._items.items() if k[0] == RULE)
    panel.tree.setCurrentItem(item)
    assert panel.fix_button.isEnabled()
    panel.fix_button.click()
    assert rows(window) == []
    assert doc.element("neighbourhood").delivery == "local"
    assert doc.undo_stack.undoText().startswith("Fix:")
    doc.undo_stack.undo()  # the fix was one step
    assert rows(window)
    doc.undo_stack.undo()
    assert doc.blueprint is original


def test_matrix_cell_change_shows_then_clears_problem(window, qtbot):
    matrix = window.matrix
    window.docks["matrix"].raise_()
    row = matrix.matrix.row_of("neighbourhood")
    column = next(c for c in range(matrix.matrix.columnCount())
                  if matrix.matrix.force_of(c) == "asp")
    index = matrix.matrix.index(row, column)
    matrix.setCurrentIndex(index)
    matrix.setFocus()
    qtbot.keyClick(matrix, Qt.Key.Key_J)
    assert window.document.element("neighbourhood").delivery == "joint"
    assert rows(window)
    qtbot.keyClick(matrix, Qt.Key.Key_L)
    assert rows(window) == []
    assert window.document.element("neighbourhood").delivery == "local"


def test_status_bar_counts_follow_problems(window):
    doc = window.document
    before = window.errors_label.text()
    doc.select(["neighbourhood"])
    choose(window.inspector_panel.editors["delivery"], "joint")
    assert window.errors_label.text() != before
    doc.undo_stack.undo()
    assert window.errors_label.text() == before


def test_function_added_from_palette_then_changed_in_inspector_and_matrix(window, qtbot):
    """The issue's walk-through: add, make joint (problem), make local in the matrix (gone)."""
    doc = window.document
    window.palette_panel.add("local-policing/incident-response")
    new_id = doc.selection()[0]
    assert doc.element(new_id).category == "local-policing/incident-response"
    choose(window.inspector_panel.editors["delivery"], "joint")
    found = [r for r in window.problems_panel.results()
             if r.rule == RULE and new_id in r.elements]
    assert found and found[0].severity == "error"
    matrix = window.matrix
    window.docks["matrix"].raise_()
    row = matrix.matrix.row_of(new_id)
    for column in range(matrix.matrix.columnCount()):
        if matrix.matrix.force_of(column) is None:
            continue
        matrix.setCurrentIndex(matrix.matrix.index(row, column))
        matrix.setFocus()
        qtbot.keyClick(matrix, Qt.Key.Key_L)
    assert doc.element(new_id).delivery == "local"
    assert not [r for r in window.problems_panel.results()
                if r.rule == RULE and new_id in r.elements]


def test_a_big_blueprint_being_checked_says_so_then_shows_its_problems(window, qtbot,
                                                                       monkeypatch):
    from designer.ui import document

    monkeypatch.setattr(document, "BACKGROUND_CHECK_SIZE", 0)  # check any blueprint on a worker
    panel = window.problems_panel
    doc = window.document
    doc.select(["neighbourhood"])
    choose(window.inspector_panel.editors["delivery"], "joint")
    assert rows(window)  # a problem of the blueprint as it was
    doc.reset(doc.blueprint, None)  # as after opening it again
    assert doc.checking
    assert panel.results() == []  # not the earlier results shown as this blueprint's
    assert panel.summary.text() == "Checking the rules…"
    assert panel.empty.text().startswith("Checking ") and panel.empty.isVisible()
    assert window.errors_label.text() == "Checking the rules…"
    qtbot.waitUntil(lambda: not doc.checking, timeout=30_000)
    (problem,) = rows(window)
    assert problem.severity == "error"
    errors = sum(1 for r in doc.problems if r.severity == "error")
    assert f"{errors} error" in window.errors_label.text()
    assert panel.summary.text().startswith(f"{errors} error")


def test_a_background_check_that_fails_says_so(window, qtbot, monkeypatch):
    from designer.ui import document

    class Broken:
        def __init__(self, bp):
            raise RuntimeError("rule pack broken")

    monkeypatch.setattr(document, "BACKGROUND_CHECK_SIZE", 0)
    monkeypatch.setattr(document, "Checker", Broken)
    doc = window.document
    with qtbot.capture_exceptions() as raised:
        doc.reset(doc.blueprint, None)
        qtbot.waitUntil(lambda: not doc.checking, timeout=10_000)
    assert "rule pack broken" in str(raised[0][1])
    panel = window.problems_panel
    assert panel.summary.text() == "The rules check did not finish."
    assert "Check Rules" in panel.empty.text()
