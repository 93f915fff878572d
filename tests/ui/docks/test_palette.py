"""Palette dock: search, add by double-click or drag, and the blank Function entry that
makes an element the user notices and names."""

from __future__ import annotations

from designer.core import edits
from designer.core.catalogue import load_catalogue
from designer.ui.docks.palette import MIME_TYPE
from tests.ui.drive import double_click_item


def test_blank_function_gets_a_telling_id_and_name_and_is_selected(window):
    doc = window.document
    messages = []
    window.palette_panel.message.connect(messages.append)
    doc.select(())
    assert window.palette_panel.add("function") is None
    (new_id,) = doc.selection()  # selected, so the Inspector shows it for naming
    fn = doc.element(new_id)
    assert new_id == "new-function" and fn.name == "New function"
    assert fn.category == load_catalogue().functions()[0].id  # nothing selected: first entry
    assert messages and "New function" in messages[-1] and "Inspector" in messages[-1]
    assert "New function" in window.inspector_panel.title.text()
    doc.select(())
    window.palette_panel.add("function")
    assert doc.selection() == ("new-function-2",)  # unique via new_id


def test_blank_function_is_filed_beside_the_selected_function(window):
    doc = window.document
    doc.select(("dogs",))
    window.palette_panel.add("function")
    fn = doc.element(doc.selection()[0])
    assert fn.category == doc.element("dogs").category == "operational-support/dogs"
    assert fn.name == "New function"


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


def test_a_team_for_a_function_with_a_long_name_stays_within_the_name_limit(window):
    doc = window.document
    long_name = "Operational Support: " + "very long function name " * 8
    long_name = long_name[:200].strip()
    assert doc.try_edit("Rename", lambda bp: edits.update_element(bp, "dogs",
                                                                   name=long_name)) is None
    doc.select(("dogs",))
    assert window.palette_panel.add("team") is None
    team = doc.element(doc.selection()[0])
    assert team.function == "dogs"
    assert len(team.name) <= 200
    assert team.name.endswith(" team")
    assert team.name.startswith(long_name[:150])
