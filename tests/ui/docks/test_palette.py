"""Palette dock: the blank Function entry makes an element the user notices and names."""

from __future__ import annotations

from designer.core.catalogue import load_catalogue


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
