"""Compare dock (File ▸ Compare with File…): changes from another file, marked on the canvas."""

from __future__ import annotations

import pytest

from designer.core import edits, io
from designer.ui.docks.compare import ID_ROLE, ComparePanel
from designer.ui.document import Document
from tests.build import blueprint, force, function, team


def _current():
    return blueprint(force("asp", name="Avon and Somerset"), force("wilts", name="Wiltshire"),
                     functions=[function("dogs", "operational-support/dogs", name="Dogs",
                                         delivery="joint", lead_force="asp"),
                                function("ict", "support-functions/ict", name="ICT")],
                     teams=[team("tri-dogs", "dogs", "alliance", name="Dogs (Tri-Force)")])


def _earlier():
    """What the file held before: Dogs local, no ICT, an extra team since removed."""
    bp = edits.update_element(_current(), "dogs", delivery="local", lead_force=None)
    bp = edits.remove_elements(bp, ["ict"])
    return edits.add_element(bp, "teams", team("old", "dogs", "asp", name="Old unit"))


@pytest.fixture
def panel(qtbot, tmp_path):
    document = Document(_current(), tmp_path / "current.json")
    widget = ComparePanel(document)
    qtbot.addWidget(widget)
    return widget


def _compare(qtbot, panel, tmp_path):
    path = tmp_path / "earlier.json"
    io.save(_earlier(), path)
    with qtbot.waitSignal(panel.compared, timeout=30_000):
        panel.compare_with(io.load(path), path)
    return path


def test_lists_added_removed_and_changed_in_words(qtbot, panel, tmp_path):
    marks = []
    panel.marksChanged.connect(lambda m, show: marks.append((m, show)))
    _compare(qtbot, panel, tmp_path)
    assert panel.rows() == [
        ("Changed", "Dogs: delivery local → joint; lead force none → Avon and Somerset"),
        ("Added", "function ICT added"),
        ("Removed", "team Old unit removed"),
    ]
    assert panel.summary.text() == ("Changes from <b>earlier.json</b> to this blueprint: "
                                    "1 added, 1 removed, 1 changed.")
    assert marks == [({"dogs": "changed", "ict": "added"}, True)]
    sections = [panel.tree.topLevelItem(i).text(0)
                for i in range(panel.tree.topLevelItemCount())]
    assert sections[0] == "Changes" and "Rules" in sections


def test_clicking_a_row_selects_its_element(qtbot, panel, tmp_path):
    _compare(qtbot, panel, tmp_path)
    changes = panel.tree.topLevelItem(0)
    panel._clicked(changes.child(0))
    assert panel.document.selection() == ("dogs",)
    removed = changes.child(2)
    assert removed.data(0, ID_ROLE) is None  # not in this blueprint: nothing to select
    assert "Not in this blueprint" in removed.toolTip(0)
    panel.tree.setCurrentItem(changes.child(1))
    assert panel.detail.text() == "Added: function ICT added"


def test_the_list_follows_edits(qtbot, panel, tmp_path):
    _compare(qtbot, panel, tmp_path)
    marks = []
    panel.marksChanged.connect(lambda m, show: marks.append((m, show)))
    with qtbot.waitSignal(panel.compared, timeout=30_000):
        panel.document.try_edit("Rename", edits.update_element, "ict", name="IT")
    assert ("Added", "function IT added") in panel.rows()
    assert marks == [({"dogs": "changed", "ict": "added"}, False)]  # the view is not switched


def test_stop_comparing_takes_the_marks_away(qtbot, panel, tmp_path):
    _compare(qtbot, panel, tmp_path)
    marks = []
    panel.marksChanged.connect(lambda m, show: marks.append((m, show)))
    panel.clear()
    assert marks == [(None, False)] and panel.rows() == []
    assert panel.summary.text() == "Not comparing with a file."


def test_the_same_blueprint(qtbot, panel, tmp_path):
    path = tmp_path / "same.json"
    io.save(_current(), path)
    with qtbot.waitSignal(panel.compared, timeout=30_000):
        panel.compare_with(io.load(path), path)
    assert "No differences from <b>same.json</b>" in panel.summary.text()
    assert panel.rows() == []


def test_compare_with_file_in_the_window_marks_the_canvas(window, qtbot, tmp_path):
    bp = window.document.blueprint
    other = edits.update_element(bp, "dogs", command="Someone else")
    other = edits.remove_elements(other, ["ict"])
    path = tmp_path / "other.json"
    io.save(other, path)
    panel = window.compare_panel
    with qtbot.waitSignal(panel.compared, timeout=30_000):
        assert window.compare_with_file(path)
    assert window.docks["compare"].isVisible()
    scene = window.canvas.diagram
    assert scene.colour_mode == "changes"
    assert scene.changes == {"dogs": "changed", "ict": "added"}
    checked = [a.data() for a in window.canvas._colour_group.actions() if a.isChecked()]
    assert checked == ["changes"]
    panel.clear()
    assert scene.colour_mode == "none" and scene.changes == {}


def test_compare_with_a_bad_file_shows_why_and_changes_nothing(window, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    assert not window.compare_with_file(bad)
    assert "bad.json" in window.last_error
    assert window.compare_panel.other is None
    assert window.canvas.diagram.colour_mode == "none"
