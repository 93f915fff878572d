"""Problems dock: findings grouped by severity, fixes and waivers, the current finding in
full, and problems appearing and clearing live as the blueprint is edited elsewhere."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from designer.ui.docks.problems import RESULT_ROLE, apply_fix, problems_report, waive
from tests.ui.drive import choose
from tests.ui.fakes import local_fix, rule_result

RULE = "local-policing-stays-local"

LONG = ("Dogs is joint but has no lead force, so nobody is accountable for the unit's budget "
        "or its command: choose the force that leads it in the Inspector (Led by)")


@pytest.fixture
def problems(window):
    panel = window.problems_panel
    panel.show_results([
        rule_result("joint-needs-lead", "error", LONG, ("dogs",),
                    source="Alliance principles §4", fix=local_fix("Make Dogs local", "dogs")),
        rule_result("note", "info", "ICT could be shared", ("ict",)),
        rule_result("area-cover", "warning", "Bristol lacks cover", ("bristol",)),
    ])
    return panel


def _row(panel, group, child=0):
    return panel.tree.topLevelItem(group).child(child)


def test_detail_shows_the_whole_message_rule_source_and_fix(problems):
    problems.tree.setCurrentItem(_row(problems, 0))
    text = problems.detail.text()
    assert LONG in text  # nothing cut
    assert "joint-needs-lead" in text and "Alliance principles §4" in text
    assert "Make Dogs local" in text and "Dogs" in text
    assert problems.detail.wordWrap()
    problems.tree.setCurrentItem(_row(problems, 1))
    text = problems.detail.text()
    assert "Bristol lacks cover" in text and "area-cover" in text
    assert "Suggested fix" not in text  # this one has none


def test_detail_is_visible_under_a_compact_list(problems, window, qtbot):
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    problems.tree.setCurrentItem(_row(problems, 0))
    assert problems.stack.currentWidget() is problems.list_page
    assert problems.detail_area.isVisible() and problems.detail_area.height() >= 72
    assert problems.tree.uniformRowHeights()  # rows stay one line each
    window.close_without_prompt()


def test_detail_escapes_markup_in_messages(problems):
    problems.show_results([rule_result("r", "info", "<b>bold</b> & co", ())])
    problems.tree.setCurrentItem(_row(problems, 0))
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; co" in problems.detail.text()


def test_detail_says_what_to_do_when_nothing_is_selected(problems):
    problems.tree.setCurrentItem(None)
    assert "Select a problem" in problems.detail.text()


def test_waive_dialog_ok_waits_for_a_reason(problems, window, qtbot):
    doc = window.document
    problems.tree.setCurrentItem(_row(problems, 0))
    problems.waive_current()
    dialog = problems.waive_dialog
    assert not dialog.ok_button.isEnabled()
    dialog.reason.setPlainText("   \n ")
    assert not dialog.ok_button.isEnabled()
    dialog.accept()  # e.g. a keyboard accept: still refused, nothing recorded
    assert dialog.isVisible() and doc.blueprint.alliance.waivers == ()
    dialog.reason.setPlainText("  Agreed at the board  ")
    assert dialog.ok_button.isEnabled()
    dialog.ok_button.click()
    (w,) = doc.blueprint.alliance.waivers
    assert (w.rule, w.element, w.reason) == ("joint-needs-lead", "dogs", "Agreed at the board")


def test_cancelling_the_waive_dialog_records_nothing(problems, window):
    problems.tree.setCurrentItem(_row(problems, 0))
    problems.waive_current()
    problems.waive_dialog.reason.setPlainText("maybe")
    problems.waive_dialog.reject()
    assert window.document.blueprint.alliance.waivers == ()
    assert window.document.undo_stack.count() == 0


def test_problems_grouped_by_severity_with_source(problems):
    tree = problems.tree
    titles = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert titles == ["Errors (1)", "Warnings (1)", "Notes (1)"]
    row = tree.topLevelItem(0).child(0)
    assert row.text(1) == "Dogs"
    assert "Alliance principles" in row.text(2)


def test_problem_click_selects_and_centres(problems, window, qtbot):
    row = problems.tree.topLevelItem(1).child(0)
    with qtbot.waitSignal(window.document.centreRequested) as centred:
        problems.tree.itemClicked.emit(row, 0)
    assert window.document.selection() == ("bristol",)
    assert centred.args == [("bristol",)]


def test_apply_fix_is_one_undo_step(problems, window):
    doc = window.document
    original = doc.blueprint
    problems.tree.setCurrentItem(problems.tree.topLevelItem(0).child(0))
    assert problems.fix_button.isEnabled()
    problems.fix_button.click()
    assert doc.element("dogs").delivery == "local"
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert doc.blueprint is original


def test_waive_records_reason_in_file(problems, window):
    result = problems.results()[0]
    assert waive(window.document, result, "  ") == "a waiver needs a reason"
    assert waive(window.document, result, "Agreed at the board", author="Tester") is None
    (w,) = window.document.blueprint.alliance.waivers
    assert (w.rule, w.element, w.reason, w.author) == ("joint-needs-lead", "dogs",
                                                        "Agreed at the board", "Tester")
    assert apply_fix(window.document, rule_result("x", "info", "m", ())) is not None


def test_problems_context_menu_offers_fix_and_waive(problems):
    menu = problems.context_menu(problems.tree.topLevelItem(0).child(0))
    texts = [act.text() for act in menu.actions()]
    assert any(t.startswith("Fix: Make Dogs local") for t in texts)
    assert "Waive with a reason…" in texts
    assert problems.context_menu(problems.tree.topLevelItem(0)) is None  # a group row


# ------------------------------------------------------------ live: edits elsewhere, real rules


def rows(window, rule=RULE):
    panel = window.problems_panel
    return [r for r in panel.results() if r.rule == rule and "neighbourhood" in r.elements]


def row_in_list(panel, rule=RULE):
    """The first row of the problems list (under its severity group) showing ``rule``."""
    tree = panel.tree
    groups = (tree.topLevelItem(g) for g in range(tree.topLevelItemCount()))
    return next(group.child(c) for group in groups for c in range(group.childCount())
                if group.child(c).data(0, RESULT_ROLE).rule == rule)


def test_inspector_delivery_change_shows_then_clears_problem(window):
    doc = window.document
    assert rows(window) == []
    doc.select(["neighbourhood"])
    choose(window.inspector_panel.editors["delivery"], "joint")
    (problem,) = rows(window)
    assert problem.severity == "error"
    item = row_in_list(window.problems_panel)
    assert item.parent().text(0).startswith("Errors")
    choose(window.inspector_panel.editors["delivery"], "local")
    assert rows(window) == []


def test_apply_suggested_fix_from_problems_dock(window):
    doc = window.document
    original = doc.blueprint
    doc.select(["neighbourhood"])
    choose(window.inspector_panel.editors["delivery"], "joint")
    panel = window.problems_panel
    item = row_in_list(panel)
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
        def __init__(self, bp, **options):
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


def test_detail_lists_every_name_the_list_row_shortens(problems, window):
    from designer.core.rules import check
    from tests.core.rules.test_structure import _nine_gaps

    bp = _nine_gaps()
    window.document.reset(bp, None)
    problems.show_results(check(bp))
    (row,) = [problems.tree.topLevelItem(0).child(i)
              for i in range(problems.tree.topLevelItem(0).childCount())
              if "No team provides" in problems.tree.topLevelItem(0).child(i).text(0)]
    assert row.text(0).endswith("Area 8 and 1 more: every policing area needs a provider "
                                "for a required function")  # the row stays one line
    problems.tree.setCurrentItem(row)
    detail = problems.detail.text()
    assert "Area 8 and Area 9: every policing area needs a provider" in detail
    assert "more" not in detail
    report = problems_report(window.document)
    assert "Area 8 and Area 9" in report


def test_an_ampersand_in_a_fix_is_not_a_menu_accelerator(problems):
    problems.show_results([rule_result("joint-needs-lead", "error", "D&C Dogs has no lead",
                                       ("dogs",), fix=local_fix("make D&C Dogs local", "dogs"))])
    menu = problems.context_menu(_row(problems, 0))
    (fix,) = [a for a in menu.actions() if a.text().startswith("Fix")]
    assert fix.text() == "Fix: make D&&C Dogs local"  # drawn "Fix: make D&C Dogs local"
