"""Challenges dock: the log listed and filtered, each change one undo step, the thread in
full, jumping to the element, the name asked once, and bad input refused with nothing lost."""

from __future__ import annotations

import getpass

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from designer.core import edits
from designer.core.schema import COMMENT_MAX, REPLIES_MAX, Reply
from designer.ui import author
from designer.ui.docks.challenges import EMPTY, NONE_MATCH, ChallengesPanel, CommentDialog
from designer.ui.document import Document
from tests.core.test_challenges import at, log_bp
from tests.ui.drive import double_click_item


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def panel(qtbot, settings):
    author.store(settings, "Jo Smith")
    p = ChallengesPanel(Document(log_bp()), settings)
    qtbot.addWidget(p)
    p.resize(900, 300)
    p.show()
    return p


def _row(panel, challenge_id):
    tree = panel.tree
    return next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                if tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole + 1) == challenge_id)


def _texts(panel, column):
    return [panel.tree.topLevelItem(i).text(column)
            for i in range(panel.tree.topLevelItemCount())]


def test_the_log_is_listed_with_status_element_and_words(panel):
    assert panel.shown_ids() == ["c1", "c2", "c3", "c4"]
    assert _texts(panel, 0) == ["Open", "Accepted", "Open", "Answered"]
    assert _texts(panel, 1) == ["Dogs", "Dogs", "The blueprint as a whole", "PCC of A"]
    assert panel.summary.text() == "4 challenges · 2 open"
    assert _row(panel, "c1").font(0).bold() and not _row(panel, "c2").font(0).bold()
    assert panel.stack.currentWidget() is panel.split


def test_the_thread_is_shown_in_full(panel):
    panel.tree.setCurrentItem(_row(panel, "c2"))
    text = panel.detail.toPlainText()
    assert "Accepted · Dogs" in text and "Who pays for kennels?" in text
    assert "Decision (Board, 5 Mar 2015, 09:00)" in text and "Split by population." in text
    panel.tree.setCurrentItem(_row(panel, "c1"))
    assert "Replies (1)" in panel.detail.toPlainText()
    assert "Yes, from April." in panel.detail.toPlainText()


def test_an_empty_log_says_how_to_start(qtbot, settings):
    p = ChallengesPanel(Document(log_bp().model_copy(update={"challenges": ()})), settings)
    qtbot.addWidget(p)
    assert p.stack.currentWidget() is p.empty and p.empty.text() == EMPTY
    assert "Ctrl+Shift+M" in EMPTY and "blueprint as a whole" in EMPTY
    assert not p.reply_button.isEnabled() and not p.delete_button.isEnabled()
    assert p.add_button.isEnabled()


def test_filters_by_status_and_by_element(panel):
    doc = panel.document
    panel.status_filter.setCurrentIndex(panel.status_filter.findData("open"))
    assert panel.shown_ids() == ["c1", "c3"]
    assert panel.summary.text() == "4 challenges · 2 open · 2 shown"
    panel.status_filter.setCurrentIndex(0)
    panel.scope_filter.setCurrentIndex(panel.scope_filter.findData("selection"))
    assert panel.shown_ids() == [] and panel.empty.text() == NONE_MATCH
    doc.select(["dogs"])
    assert panel.shown_ids() == ["c1", "c2"]
    doc.select(["a.pcc", "dogs-unit"])
    assert panel.shown_ids() == ["c4"]
    panel.scope_filter.setCurrentIndex(panel.scope_filter.findData("whole"))
    assert panel.shown_ids() == ["c3"]
    doc.remove_elements(["dogs"])
    panel.scope_filter.setCurrentIndex(panel.scope_filter.findData("removed"))
    assert panel.shown_ids() == ["c1", "c2"]
    assert _texts(panel, 1) == ["Dogs (removed)", "Dogs (removed)"]


def test_adding_is_one_undo_step_and_selects_the_new_challenge(panel, qtbot):
    doc = panel.document
    before = doc.blueprint
    assert panel.add("dogs-unit", "  Where are the kennels?  ", "Jo Smith") is None
    new = doc.blueprint.challenges[-1]
    assert (new.element, new.text, new.author, new.status) == (
        "dogs-unit", "Where are the kennels?", "Jo Smith", "open")
    assert new.created.tzinfo is not None
    assert panel.current_id() == new.id and panel.summary.text() == "5 challenges · 3 open"
    assert doc.undo_stack.undoText() == "Add challenge on Dogs-Unit"
    doc.undo_stack.undo()
    assert doc.blueprint is before and panel.shown_ids() == ["c1", "c2", "c3", "c4"]
    doc.undo_stack.redo()
    assert panel.shown_ids()[-1] == new.id


def test_reply_status_decision_and_delete_are_each_one_undo_step(panel):
    doc = panel.document
    start = doc.blueprint
    assert panel.reply("c3", "About right.", "Jo Smith", answered=True) is None
    c3 = doc.blueprint.challenges[2]
    assert c3.status == "answered" and c3.replies[-1].text == "About right."
    assert c3.replies[-1].author == "Jo Smith"
    assert panel.set_status("c3", "open") is None
    assert panel.decide("c3", "Keep the target.", "Strategic Alliance Board",
                        "actioned") is None
    c3 = doc.blueprint.challenges[2]
    assert c3.status == "actioned" and c3.decision.decided_by == "Strategic Alliance Board"
    assert panel.delete("c3") is None
    assert "c3" not in panel.shown_ids()
    texts = []
    while doc.undo_stack.canUndo():
        texts.append(doc.undo_stack.undoText())
        doc.undo_stack.undo()
    assert texts == ["Delete challenge on the blueprint", "Record decision on the blueprint",
                     "Mark challenge on the blueprint open",
                     "Reply to challenge on the blueprint"]
    assert doc.blueprint is start


def test_the_status_menu_sets_the_selected_challenges_status(panel):
    panel.tree.setCurrentItem(_row(panel, "c1"))
    assert panel.status_actions["open"].isChecked()
    panel.status_actions["rejected"].trigger()
    assert panel.document.blueprint.challenges[0].status == "rejected"
    assert panel.current_id() == "c1" and panel.status_actions["rejected"].isChecked()
    assert panel.summary.text() == "4 challenges · 1 open"


def test_clicking_selects_the_element_and_double_clicking_brings_it_into_view(panel, qtbot):
    doc = panel.document
    with qtbot.waitSignal(doc.centreRequested) as centred:
        double_click_item(qtbot, panel.tree, _row(panel, "c4"))
    assert centred.args == [("a.pcc",)] and doc.selection() == ("a.pcc",)
    messages = []
    panel.message.connect(messages.append)
    panel.tree.setCurrentItem(_row(panel, "c3"))
    panel._activated(_row(panel, "c3"))
    assert messages == ["That challenge is about the blueprint as a whole"]
    assert doc.selection() == ("a.pcc",)  # a challenge on nothing selects nothing


def test_the_name_is_asked_once_and_never_the_login_name(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "fresh.ini"), QSettings.Format.IniFormat)
    p = ChallengesPanel(Document(log_bp()), settings)
    qtbot.addWidget(p)
    p.document.select(["dogs"])
    p.ask_add()
    dialog = p.dialog
    assert isinstance(dialog, author.AuthorDialog) and dialog.text() == ""
    assert not dialog.ok_button.isEnabled()
    dialog.name.setText("Ann\x07")
    assert not dialog.ok_button.isEnabled() and "control character" in dialog.problem.text()
    dialog.name.setText("Sam Jones, Wiltshire programme team")
    dialog.ok_button.click()
    comment = p.dialog
    assert isinstance(comment, CommentDialog)
    assert comment.element() == "dogs"  # the selection first, then the whole blueprint
    assert [comment.about.itemText(i) for i in range(comment.about.count())] == [
        "Dogs", "The blueprint as a whole"]
    comment.text_edit.setPlainText("Is a shared kennel near enough for Swindon?")
    comment.ok_button.click()
    new = p.document.blueprint.challenges[-1]
    assert new.author == "Sam Jones, Wiltshire programme team" != getpass.getuser()
    assert author.stored(settings) == "Sam Jones, Wiltshire programme team"
    assert p.author_button.text() == "As Sam Jones, Wiltshire programme team"
    p.ask_add([])  # known now: straight to the challenge, about the whole blueprint
    assert isinstance(p.dialog, CommentDialog) and p.dialog.element() is None
    p.dialog.reject()
    assert len(p.document.blueprint.challenges) == 5


def test_a_cancelled_name_adds_nothing(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "fresh.ini"), QSettings.Format.IniFormat)
    p = ChallengesPanel(Document(log_bp()), settings)
    qtbot.addWidget(p)
    p.ask_add()
    p.dialog.reject()
    assert author.stored(settings) == "" and len(p.document.blueprint.challenges) == 4
    assert not p.document.undo_stack.canUndo()


def test_the_dialog_refuses_what_the_file_cannot_hold_and_keeps_the_words(panel):
    panel.ask_add(["dogs"])
    dialog = panel.dialog
    huge = "x" * 100_000
    dialog.text_edit.setPlainText(huge)
    assert not dialog.ok_button.isEnabled()
    assert "100,000 characters" in dialog.problem.text()
    assert f"at most {COMMENT_MAX:,}" in dialog.problem.text()
    dialog.accept()  # Enter must not slip past the check either
    assert dialog.result() == 0 and dialog.text_edit.toPlainText() == huge
    dialog.text_edit.setPlainText("bell\x07")
    assert not dialog.ok_button.isEnabled() and "U+0007" in dialog.problem.text()
    dialog.text_edit.setPlainText("\u200b  ")
    assert not dialog.ok_button.isEnabled()
    dialog.text_edit.setPlainText("Two lines\nare fine")
    assert dialog.ok_button.isEnabled() and not dialog.problem.isVisibleTo(dialog)
    dialog.ok_button.click()
    assert panel.document.blueprint.challenges[-1].text == "Two lines\nare fine"


def test_reply_and_decision_dialogs(panel):
    panel.tree.setCurrentItem(_row(panel, "c1"))
    panel.ask_reply()
    reply = panel.dialog
    assert reply.answered.isChecked()  # an open challenge: a reply answers it by default
    reply.text_edit.setPlainText("From April, in Devizes.")
    reply.ok_button.click()
    c1 = panel.document.blueprint.challenges[0]
    assert c1.status == "answered" and c1.replies[-1].author == "Jo Smith"
    panel.ask_decision()
    decision = panel.dialog
    assert decision.decided_by.text() == "Jo Smith"
    assert [decision.status.itemData(i) for i in range(decision.status.count())] == [
        "accepted", "rejected", "actioned"]
    decision.decided_by.setText("")
    decision.text_edit.setPlainText("Joint from April.")
    assert not decision.ok_button.isEnabled()  # who decided is part of the record
    decision.decided_by.setText("Strategic Alliance Board")
    decision.status.setCurrentIndex(decision.status.findData("actioned"))
    decision.ok_button.click()
    c1 = panel.document.blueprint.challenges[0]
    assert c1.status == "actioned" and c1.decision.text == "Joint from April."
    assert c1.decision.decided_by == "Strategic Alliance Board"
    panel.ask_decision()  # recording again starts from what was decided
    assert panel.dialog.text() == "Joint from April."
    assert panel.dialog.chosen_status() == "actioned"
    panel.dialog.reject()


def test_a_full_thread_refuses_another_reply_and_loses_nothing(panel):
    doc = panel.document
    replies = tuple(Reply(author="R", at=at(10), text=f"r{i}") for i in range(REPLIES_MAX))
    doc.try_edit("Fill", edits.update_challenge, "c1", replies=replies)
    full = doc.blueprint
    messages = []
    panel.message.connect(messages.append)
    assert "at most" in panel.reply("c1", "one more", "Jo Smith")
    assert messages and messages[0].startswith("Cannot reply:")
    assert doc.blueprint is full


def test_a_challenge_survives_deleting_its_element_and_undo_puts_it_back(panel):
    doc = panel.document
    doc.remove_elements(["a"])  # the force, with its PCC role
    c4 = doc.blueprint.challenges[3]
    assert (c4.element, c4.element_name) == (None, "PCC of A")
    assert _texts(panel, 1)[3] == "PCC of A (removed)"
    doc.undo_stack.undo()
    assert doc.blueprint.challenges[3].element == "a.pcc"
    assert _texts(panel, 1)[3] == "PCC of A"


def test_renaming_an_element_renames_it_in_the_list(panel):
    panel.document.try_edit("Rename", edits.update_element, "dogs", name="Police dogs")
    assert _texts(panel, 1)[:2] == ["Police dogs", "Police dogs"]
    panel.document.try_edit("Rename", edits.update_element, "a", name="Avon")
    assert _texts(panel, 1)[3] == "PCC of Avon"


def test_a_low_wide_dock_puts_the_thread_beside_the_list(panel, qtbot):
    panel.resize(1200, 260)
    qtbot.waitUntil(lambda: panel.split.orientation() == Qt.Orientation.Horizontal)
    assert not panel.tree.isColumnHidden(3)
    panel.resize(400, 700)
    qtbot.waitUntil(lambda: panel.split.orientation() == Qt.Orientation.Vertical)
    assert panel.tree.isColumnHidden(3) and panel.tree.isColumnHidden(4)
    QApplication.processEvents()
