"""Conflicts dock: a merge's disagreements in words, a side chosen for each (undoable)."""

from __future__ import annotations

import pytest

from designer.core import edits, io
from designer.core import merge as M
from designer.core.schema import Link
from designer.ui.docks.conflicts import ConflictsPanel
from designer.ui.document import Document
from tests.build import blueprint, force, function


def _base():
    return blueprint(force("asp", name="Avon and Somerset"), force("wilts", name="Wiltshire"),
                     functions=[function("dogs", "operational-support/dogs", name="Dogs"),
                                function("ict", "support-functions/ict", name="ICT"),
                                function("hr", "support-functions/hr", name="HR")])


def _merged():
    """Dogs renamed two ways; ICT deleted by ours, linked to by theirs."""
    base = _base()
    ours = edits.update_element(base, "dogs", name="Police dogs")
    ours = edits.remove_elements(ours, ["ict"])
    theirs = edits.update_element(base, "dogs", name="Canine unit")
    theirs = edits.add_link(theirs, Link(kind="depends-on", source="hr", target="ict"))
    return M.merge(base, ours, theirs).blueprint


@pytest.fixture
def panel(qtbot):
    widget = ConflictsPanel(Document(_merged()))
    qtbot.addWidget(widget)
    return widget


def _titles(panel):
    return [panel.list.item(i).text() for i in range(panel.list.count())]


def test_lists_each_conflict_with_base_ours_and_theirs_in_words(panel):
    assert _titles(panel) == ["Police dogs: name", "link HR depends on ICT", "function ICT"]
    assert panel.summary.text().startswith("3 merge conflicts: the blueprint holds ours")
    text = panel.detail.text()
    assert "Police dogs: name" in text and "functions/dogs/name" in text
    for label, value in (("Base", "Dogs"), ("Ours", "Police dogs"), ("Theirs", "Canine unit")):
        assert f"<b>{label}</b></td><td>{value}</td>" in text
    panel.list.setCurrentRow(2)
    assert "<b>Ours</b></td><td>deleted</td>" in panel.detail.text()


def test_choosing_a_side_is_one_undoable_step(panel):
    document = panel.document
    assert panel.choose("theirs") is None
    assert document.blueprint.functions[0].name == "Canine unit"
    assert _titles(panel) == ["link HR depends on ICT", "function ICT"]
    assert document.undo_stack.undoText() == "Conflict: take theirs (Police dogs: name)"
    document.undo_stack.undo()
    assert document.blueprint.functions[0].name == "Police dogs"
    assert _titles(panel)[0] == "Police dogs: name"


def test_a_conflict_is_settled_in_the_base_whatever_option_is_shown(qtbot):
    """Conflicts are the merged files' (the base's): settling one while an option is shown
    changes the base, never the option, and the option stays shown."""
    from designer.core import options as O

    file, option = O.new_option(_merged(), "HR shared")
    file = O.record_edit(file, option, edits.set_arrangement(
        O.apply_option(file, option), "hr", "wilts", "shared"))
    document = Document(file)
    document.set_option(option)
    widget = ConflictsPanel(document)
    qtbot.addWidget(widget)
    changes = document.file_blueprint.options[0].changes
    assert widget.choose("theirs") is None
    assert document.option == option
    assert document.file_blueprint.options[0].changes == changes
    assert document.file_blueprint.functions[0].name == "Canine unit"  # the base's
    assert document.blueprint.functions[0].name == "Canine unit"  # shown through the option
    document.undo_stack.undo()
    assert document.option == option
    assert document.file_blueprint == file


def test_a_side_that_cannot_be_taken_yet_is_refused_in_words(panel):
    panel.list.setCurrentRow(1)  # their link names ICT, which ours deleted
    before = panel.document.blueprint
    refusal = panel.choose("theirs")
    assert refusal and "'ict', which does not exist" in refusal
    assert panel.refusal.isVisibleTo(panel) and panel.refusal.text().startswith("Not changed:")
    assert panel.document.blueprint is before
    panel.list.setCurrentRow(2)
    assert panel.choose("theirs") is None  # ICT back
    assert panel.choose("theirs", "links/depends-on/hr/ict") is None  # then the link
    assert [lk.target for lk in panel.document.blueprint.links] == ["ict"]


def test_keep_ours_for_all_in_one_step(panel):
    document = panel.document
    kept = document.blueprint
    assert panel.choose_all("ours") == []
    assert not document.blueprint.conflicts
    assert document.blueprint.functions == kept.functions
    assert panel.summary.text() == "No merge conflicts."
    assert panel.stack.currentWidget() is panel.empty
    document.undo_stack.undo()
    assert len(document.blueprint.conflicts) == 3


def test_take_theirs_for_all_settles_what_it_can(panel):
    refused = panel.choose_all("theirs")
    # the link is refused until ICT is back, then taken on a second round
    assert refused == [] and not panel.document.blueprint.conflicts
    assert panel.document.undo_stack.count() == 1
    assert panel.document.blueprint.functions[0].name == "Canine unit"


def test_clicking_a_conflict_selects_its_element(panel):
    panel._select_element(panel.list.item(0))
    assert panel.document.selection() == ("dogs",)


def test_a_file_with_conflicts_opens_with_the_conflicts_panel_and_check_fails(
        window, qtbot, tmp_path):
    path = tmp_path / "merged.json"
    io.save(_merged(), path)
    assert window.open_file(path, interactive=False)
    assert window.docks["conflicts"].isVisible()
    assert window.conflicts_panel.list.count() == 3
    qtbot.waitUntil(lambda: any(r.rule == "no-merge-conflicts"
                                for r in window.document.problems))
    window.conflicts_panel.choose_all("ours")
    qtbot.waitUntil(lambda: not any(r.rule == "no-merge-conflicts"
                                    for r in window.document.problems))
