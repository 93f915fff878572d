"""Problems dock: the detail area shows the current finding in full; waiving needs a reason."""

from __future__ import annotations

import pytest

from tests.ui.fakes import FakeFix, FakeResult

LONG = ("Dogs is joint but has no lead force, so nobody is accountable for the unit's budget "
        "or its command: choose the force that leads it in the Inspector (Led by)")


@pytest.fixture
def problems(window):
    panel = window.problems_panel
    panel.show_results([
        FakeResult("joint-needs-lead", "error", LONG, ("dogs",),
                   source="Alliance principles §4", fix=FakeFix("Make Dogs local")),
        FakeResult("area-cover", "warning", "Bristol lacks cover", ("bristol",)),
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
    problems.show_results([FakeResult("r", "info", "<b>bold</b> & co", ())])
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
