"""Palette, inspector, outline and problems docks driven through their widgets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from designer.ui.docks.palette import MIME_TYPE
from designer.ui.docks.problems import apply_fix, waive
from tests.ui.fakes import FakeFix, FakeResult


def double_click_item(qtbot, tree, item):
    tree.scrollToItem(item)
    rect = tree.visualItemRect(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_palette_double_click_adds_function(window, qtbot):
    panel = window.palette_panel
    panel.search.setText("mounted")
    item = panel.item_for("operational-support/mounted")
    assert item is not None and not item.isHidden()
    assert panel.item_for("operational-support/dogs").isHidden()  # filtered out
    double_click_item(qtbot, panel.tree, item)
    new_id = window.document.selection()[0]
    fn = window.document.element(new_id)
    assert fn.category == "operational-support/mounted" and fn.name == "Mounted"
    assert window.document.undo_stack.count() == 1


def test_palette_drag_payload(window):
    panel = window.palette_panel
    item = panel.item_for("team")
    data = panel.tree.mimeData([item])
    assert bytes(data.data(MIME_TYPE)).decode() == "team"
    data = panel.tree.mimeData([panel.item_for("operational-support/dogs")])
    assert bytes(data.data(MIME_TYPE)).decode() == "operational-support/dogs"


def test_palette_team_goes_to_selected_function(window):
    window.document.select(["ict"])
    assert window.palette_panel.add("team") is None
    team = window.document.element(window.document.selection()[0])
    assert team.function == "ict"


def choose(editor, value):
    index = next(i for i, (_, v) in enumerate(editor._options) if v == value)
    editor.combo.setCurrentIndex(index)
    editor.combo.activated.emit(index)


def test_inspector_changes_delivery_as_one_undo_step(window):
    doc = window.document
    original = doc.blueprint
    doc.select(["ict"])
    inspector = window.inspector_panel
    assert "ICT" in inspector.title.text() or "Ict" in inspector.title.text()
    assert not inspector.editors["host_force"].isEnabled()  # local: no host
    choose(inspector.editors["delivery"], "shared")
    fn = doc.element("ict")
    assert fn.delivery == "shared" and fn.host_force == "asp"  # a host was filled in
    assert inspector.editors["host_force"].isEnabled()
    choose(inspector.editors["host_force"], "wilts")
    assert doc.element("ict").host_force == "wilts"
    assert doc.undo_stack.count() == 2
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert doc.blueprint is original  # back to the exact original value
    doc.undo_stack.redo()
    doc.undo_stack.redo()
    assert doc.element("ict").host_force == "wilts"


def test_inspector_money_and_invalid_input(window, qtbot):
    doc = window.document
    doc.select(["dogs"])
    inspector = window.inspector_panel
    cost = inspector.editors["baseline.asp.cost"]
    cost.edit.setText("£1,250,000.50")
    cost.edit.editingFinished.emit()
    assert doc.element("dogs").baseline["asp"].cost_pence == 125_000_050
    assert cost.edit.text() == "£1,250,000.50"
    before = doc.blueprint
    cost.edit.setText("lots")
    cost.edit.editingFinished.emit()
    assert doc.blueprint is before
    assert inspector.error.isVisible() and "not an amount" in inspector.error.text()
    name = inspector.editors["name"]
    name.edit.setText("   ")
    name.edit.editingFinished.emit()
    assert doc.blueprint is before  # an empty name is refused by the schema
    assert inspector.error.isVisible()


def test_inspector_multi_selection_edits_shared_fields(window):
    doc = window.document
    doc.select(["ict", "neighbourhood", "dogs"])
    inspector = window.inspector_panel
    assert "3 functions selected" in inspector.title.text()
    assert "name" not in inspector.editors  # not shared: each keeps its own name
    delivery = inspector.editors["delivery"]
    assert delivery.combo.currentIndex() == -1  # mixed: joint and local
    illustrative = inspector.editors["illustrative"]
    illustrative.check.click()
    assert all(doc.element(i).illustrative for i in ("ict", "neighbourhood", "dogs"))
    assert doc.undo_stack.count() == 1  # one step for all three
    doc.undo_stack.undo()
    assert not any(doc.element(i).illustrative for i in ("ict", "neighbourhood", "dogs"))


def test_inspector_mixed_kinds_show_common_fields(window):
    window.document.select(["ict", "bristol"])
    keys = set(window.inspector_panel.editors)
    assert {"tags", "source", "illustrative", "notes"} <= keys
    assert "delivery" not in keys and "force" not in keys


def test_inspector_alliance_settings_when_nothing_selected(window):
    doc = window.document
    doc.select([])
    target = window.inspector_panel.editors["target"]
    target.edit.setText("£30m")
    target.edit.editingFinished.emit()
    assert doc.blueprint.alliance.savings_target.amount_pence == 30_000_000_00


def test_outline_selection_sync_and_filter(window, qtbot):
    panel = window.outline_panel
    window.docks["outline"].raise_()
    qtbot.waitUntil(lambda: bool(panel.items))
    window.document.select(["dogs"])
    assert panel.items["dogs"].isSelected()
    panel.tree.clearSelection()
    panel.items["bristol"].setSelected(True)
    assert window.document.selection() == ("bristol",)
    panel.filter_edit.setText("dog")
    assert not panel.items["dogs"].isHidden()
    assert panel.items["ict"].isHidden()
    assert not panel.items["dog-unit"].isHidden()
    panel.filter_edit.clear()
    window.palette_panel.add("operational-support/mounted")
    new_id = window.document.selection()[0]
    assert new_id in panel.items  # patched in place
    window.document.undo_stack.undo()
    assert new_id not in panel.items


def test_outline_behind_another_tab_waits_until_it_is_brought_up(window, qtbot, sample_file):
    panel = window.outline_panel
    window.docks["palette"].raise_()  # the outline is tabbed behind the palette
    qtbot.waitUntil(lambda: panel.visibleRegion().isEmpty())
    assert window.close_file()  # to the start page: the docks are put away
    # Opening brings the docks back: each is shown for a moment, then tabbed as it was.
    assert window.open_file(sample_file, interactive=False)
    qtbot.wait(20)
    assert panel._stale and not panel.items  # not built while nobody can see it
    window.docks["outline"].raise_()
    qtbot.waitUntil(lambda: bool(panel.items))
    bp = window.document.blueprint
    roots = {panel.tree.topLevelItem(i).text(0) for i in range(panel.tree.topLevelItemCount())}
    assert roots == {"Forces (2)", "Functions (3)", f"Governance ({len(bp.bodies)})"}
    assert set(panel.items) == {el.id for el in (*bp.forces, *bp.areas, *bp.functions,
                                                  *bp.teams, *bp.bodies)}
    assert panel.items["bristol"].parent() is panel.items["asp"]  # areas under their force
    assert panel.items["dog-unit"].parent() is panel.items["dogs"]  # teams under the function
    assert panel.items["dogs"].text(0) == "Dogs  [J] led by ASP"
    assert panel.items["dog-unit"].text(0).endswith("(alliance)")
    category = panel.items["dogs"].parent()  # functions grouped by catalogue category
    assert category.parent().text(0) == "Functions (3)" and category.text(0) != "Dogs"
    assert panel.items["ict"].parent() is not category
    panel.filter_edit.setText("core")  # by tag
    assert not panel.items["neighbourhood"].isHidden() and panel.items["dogs"].isHidden()
    panel.filter_edit.clear()
    assert not panel.items["dogs"].isHidden()


def test_delete_removes_selection_and_undo_restores(window, qtbot):
    doc = window.document
    original = doc.blueprint
    doc.select(["dogs"])
    window.act_delete.trigger()
    assert doc.element("dogs") is None and doc.element("dog-unit") is None
    window.act_undo.trigger()
    assert doc.blueprint is original


# ------------------------------------------------------------ problems (engine-independent)




@pytest.fixture
def problems(window):
    panel = window.problems_panel
    results = [
        FakeResult("joint-needs-lead", "error", "Dogs is joint without a lead", ("dogs",),
                   fix=FakeFix("Make Dogs local", "dogs")),
        FakeResult("note", "info", "ICT could be shared", ("ict",)),
        FakeResult("area-cover", "warning", "Bristol lacks cover", ("bristol",)),
    ]
    panel.show_results(results)
    return panel


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
    assert apply_fix(window.document, FakeResult("x", "info", "m", ())) is not None


def test_problems_context_menu_offers_fix_and_waive(problems):
    menu = problems.context_menu(problems.tree.topLevelItem(0).child(0))
    texts = [act.text() for act in menu.actions()]
    assert any(t.startswith("Fix: Make Dogs local") for t in texts)
    assert "Waive with a reason…" in texts
    assert problems.context_menu(problems.tree.topLevelItem(0)) is None  # a group row
