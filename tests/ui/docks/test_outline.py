"""Outline dock: patched in place after edits, it shows what a fresh build would."""

from __future__ import annotations

from PySide6.QtWidgets import QTreeWidgetItem

from designer.core import edits
from designer.ui.docks.outline import ID_ROLE, OutlinePanel
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
