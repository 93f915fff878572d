"""Outline dock: selection kept in step, filtering, built only when it can be seen, and
patched in place after edits to show what a fresh build would."""

from __future__ import annotations

from PySide6.QtWidgets import QTreeWidgetItem

from designer.core import edits
from designer.ui.docks.outline import ID_ROLE, OutlinePanel
from tests.build import add_network_model, as_network, blueprint, function
from tests.core.test_samples import MODELS


def _rows(item: QTreeWidgetItem) -> tuple:
    """An item and everything under it as (text, id, tooltip, children)."""
    return (item.text(0), item.data(0, ID_ROLE), item.toolTip(0),
            tuple(_rows(item.child(i)) for i in range(item.childCount())))


def snapshot(panel: OutlinePanel) -> tuple:
    tree = panel.tree
    return tuple(_rows(tree.topLevelItem(i)) for i in range(tree.topLevelItemCount()))


def fresh(panel: OutlinePanel, qtbot) -> tuple:
    other = OutlinePanel(panel.document)
    qtbot.addWidget(other)
    other.rebuild()
    return snapshot(other)


def shown_outline(window, qtbot) -> OutlinePanel:
    """The outline brought to the front and built."""
    window.docks["outline"].raise_()
    panel = window.outline_panel
    qtbot.waitUntil(lambda: bool(panel.items))
    return panel


def test_undoing_a_force_deletion_restores_the_outline(window, qtbot):
    outline = shown_outline(window, qtbot)
    assert window.open_file(MODELS / "avon-somerset-wiltshire.json", interactive=False)
    qtbot.waitUntil(lambda: "avon-somerset" in outline.items)
    doc = window.document
    force = doc.blueprint.forces[0]
    before = snapshot(outline)
    without = edits.remove_elements(doc.blueprint, [force.id])
    touched = edits.changed_ids(doc.blueprint, without)
    # the edit touches ids the outline does not list (a force's roles)
    assert any(doc.kind_of(i) == "role" and doc.element(i) is None for i in touched)
    doc.select([force.id])
    window.delete_selection()  # an exception in a slot fails the test (pytest-qt)
    assert force.id not in outline.items
    assert snapshot(outline) == fresh(outline, qtbot)
    doc.undo_stack.undo()
    assert outline.tree.topLevelItem(0).text(0) == f"Forces ({len(doc.blueprint.forces)})"
    assert snapshot(outline) == fresh(outline, qtbot) == before
    doc.undo_stack.redo()
    doc.undo_stack.undo()
    assert snapshot(outline) == before


def test_outline_with_a_filter_patches_like_a_rebuild(window, qtbot):
    outline = shown_outline(window, qtbot)
    doc = window.document
    outline.filter_edit.setText("zzz-nothing")
    doc.select(["asp"])
    window.delete_selection()
    doc.undo_stack.undo()
    assert snapshot(outline) == fresh(outline, qtbot)
    assert all(outline.items[i].isHidden() for i in ("asp", "bristol", "dogs"))


def test_removing_the_last_function_of_a_category_drops_its_group(window, qtbot):
    outline = shown_outline(window, qtbot)
    doc = window.document
    doc.select(["ict"])
    window.delete_selection()
    assert snapshot(outline) == fresh(outline, qtbot)
    doc.undo_stack.undo()  # the group comes back where a rebuild puts it
    assert snapshot(outline) == fresh(outline, qtbot)


def test_renaming_a_force_code_relabels_functions_it_leads(window, qtbot):
    outline = shown_outline(window, qtbot)
    doc = window.document
    assert doc.try_edit("Code", edits.update_element, "asp", short_code="AS") is None
    assert outline.items["dogs"].text(0).endswith("led by AS")
    assert snapshot(outline) == fresh(outline, qtbot)


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
    qtbot.waitUntil(lambda: not panel.catch_up_pending)  # the window has settled
    assert panel.visibleRegion().isEmpty()  # tabbed behind the palette again
    assert panel.stale and not panel.items  # not built while nobody can see it
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


def test_a_fourth_delivery_model_shows_its_badge_and_force(monkeypatch):
    add_network_model(monkeypatch)
    bp = as_network(blueprint("asp", "wilts", functions=[function(
        "dogs", name="Dogs", delivery="joint", lead_force="wilts")]), "dogs")
    label = OutlinePanel._label("function", bp.functions[0], {"wilts": "WILTS"})
    assert label == "Dogs  [N] coordinated by WILTS"
