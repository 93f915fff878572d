"""Find dock (Ctrl+F): elements by name, id, tag or category; Enter jumps to one."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from designer.core import edits
from designer.ui.docks import find
from designer.ui.docks.find import ID_ROLE, FindPanel, find_elements
from designer.ui.document import Document
from tests.build import area, blueprint, function, team


def test_find_jumps_to_element(window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.docks["find"].isVisible()
    panel = window.find_panel
    panel.query.setText("forensic")  # nothing by that name
    panel.search()
    assert panel.results.count() == 0 and "Nothing matches" in panel.status.text()
    panel.query.setText("core")  # a tag
    qtbot.keyClick(panel.query, Qt.Key.Key_Return)
    assert window.document.selection() == ("neighbourhood",)
    panel.query.setText("support")  # a category name
    panel.search()
    found = {panel.results.item(i).data(Qt.ItemDataRole.UserRole + 1)
             for i in range(panel.results.count())}
    assert found == {"ict", "dogs"}  # Support Functions › ICT, Operational Support › Dogs


@pytest.fixture
def document(qtbot):
    bp = blueprint(
        "asp", "wilts",
        areas=[area("bristol", "asp"), area("swindon", "wilts")],
        functions=[
            function("dogs", "operational-support/dogs", name="Dogs", tags=("specialist",)),
            function("dog-licensing", "support-functions/legal", name="Dog licensing"),
            function("hot-dogs", "support-functions/estates", name="Catering hot dogs"),
            function("ict", "support-functions/ict", name="ICT"),
        ],
        teams=[team("dog-unit", "dogs", "alliance", name="Dog unit")],
    )
    return Document(bp)


@pytest.fixture
def panel(qtbot, document):
    widget = FindPanel(document)
    qtbot.addWidget(widget)
    return widget


def ids(panel):
    return [panel.results.item(i).data(ID_ROLE) for i in range(panel.results.count())]


def test_exact_names_come_first_then_names_that_start_with_the_words(document):
    found = find_elements(document, "dog")
    # "Dog licensing" and "Dog unit" start with it, "Dogs" too; "Catering hot dogs" only
    # contains it, so it comes last
    assert [i for i, _, _ in found][-1] == "hot-dogs"
    assert {i for i, _, _ in found} == {"dogs", "dog-licensing", "hot-dogs", "dog-unit"}
    assert find_elements(document, "dogs")[0] == ("dogs", "function", "Dogs")  # exact name
    assert find_elements(document, "  ") == []


def test_every_word_must_match_the_name_id_tags_or_category(document):
    assert [i for i, _, _ in find_elements(document, "dog licensing")] == ["dog-licensing"]
    assert [i for i, _, _ in find_elements(document, "specialist")] == ["dogs"]  # a tag
    assert [i for i, _, _ in find_elements(document, "hot-dogs")] == ["hot-dogs"]  # an id
    # a category's name, and its top-level group's
    assert {i for i, _, _ in find_elements(document, "estates")} == {"hot-dogs"}
    assert {i for i, _, _ in find_elements(document, "support functions dog")} == {
        "dog-licensing", "hot-dogs"}
    assert find_elements(document, "bristol swindon dog") == []  # no element is all three
    assert find_elements(document, "bristol")[0][1] == "area"


def test_typing_searches_after_a_pause_and_says_how_many_match(panel, qtbot):
    panel.query.setText("dog")
    assert panel.results.count() == 0  # not on every key press
    qtbot.waitUntil(lambda: panel.results.count() == 4)
    assert panel.status.text() == "4 matches"
    panel.query.setText("ict")
    panel.search()
    assert ids(panel) == ["ict"] and panel.status.text() == "1 match"
    panel.query.clear()
    panel.search()
    assert panel.results.count() == 0 and panel.status.text().startswith("Type to search")


def test_next_result_walks_the_matches_and_wraps_round(panel, document, qtbot):
    panel.query.setText("dog")
    centred = []
    document.centreRequested.connect(centred.append)
    panel.next_result()  # before the pause ends: searches first
    order = ids(panel)
    assert document.selection() == (order[0],)
    for expected in [*order[1:], order[0]]:
        panel.next_result()
        assert document.selection() == (expected,)
    assert centred == [(i,) for i in [*order, order[0]]]
    assert document.selection_source is panel


def test_results_follow_edits_while_a_search_is_shown(panel, document, qtbot):
    panel.query.setText("hounds")
    panel.search()
    assert panel.results.count() == 0
    document.try_edit("Rename", edits.update_element, "dogs", name="Hounds")
    qtbot.waitUntil(lambda: ids(panel) == ["dogs"])
    assert panel.results.item(0).text().startswith("Hounds")


def test_a_long_list_is_cut_and_says_so(panel, monkeypatch):
    monkeypatch.setattr(find, "MAX_RESULTS", 2)
    panel.query.setText("dog")
    panel.search()
    assert panel.results.count() == 2
    assert panel.status.text() == "4 matches (showing 2)"
