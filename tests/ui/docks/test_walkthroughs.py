"""The Walk-throughs dock: pass and fail, add / edit / delete (undoable), and Play."""

from __future__ import annotations

import pytest

from designer.core import edits
from designer.core.schema import Step, Walkthrough
from designer.ui.docks.walkthroughs import WalkthroughDialog, WalkthroughsPanel
from designer.ui.document import Document
from tests.core.test_trace import workshop

FIREARMS = Step(category="operational-support/firearms", delivery="joint",
                governing_body="board", note="An armed response vehicle is sent")
CUSTODY = Step(category="criminal-justice/custody", provider="b")
DOGS = Step(category="operational-support/dogs")


def _bp():
    bp = edits.add_walkthrough(workshop(), Walkthrough(
        id="day", title="Arrest in East by day", area="b-east", time="Wed 10:00",
        steps=(FIREARMS, CUSTODY)))
    return edits.add_walkthrough(bp, Walkthrough(
        id="night", title="Dog handler in East at night", area="b-east", time="Sat 03:00",
        steps=(FIREARMS, DOGS, CUSTODY)))


@pytest.fixture
def panel(qtbot):
    p = WalkthroughsPanel(Document(_bp()))
    qtbot.addWidget(p)
    p.resize(420, 600)
    p.show()
    qtbot.waitExposed(p)
    return p


def _texts(widget):
    return [widget.item(i).text() for i in range(widget.count())]


def test_pass_and_fail_listed_with_why(panel):
    first, second = _texts(panel.list)
    assert first.startswith("✓  Arrest in East by day\n") and "passes" in first
    assert second.startswith("✗  Dog handler in East at night\n")
    assert "fails at step 2 (Dogs): No team serves East for Dogs" in second
    assert panel.status.text() == "2 walk-throughs: 1 pass, 1 fail."
    panel.list.setCurrentRow(1)
    steps = _texts(panel.steps)
    assert steps[0].startswith("✓  1. Specialist firearms: Armed response (Joint · led by A)")
    assert steps[1] == "✗  2. Dogs: no provider\n     No team serves East for Dogs"
    assert "is on duty on Sat 03:00" in steps[2]


def test_play_steps_through_with_the_path_and_a_caption(panel, qtbot):
    panel.list.setCurrentRow(1)
    with qtbot.waitSignals([panel.playingChanged, panel.highlightRequested,
                            panel.captionChanged]) as _:
        panel.play()
    assert panel.playing is not None and panel.step_index == 0
    assert panel.caption == ("✓ Step 1 of 3 · Specialist firearms: Armed response (Joint · "
                             "led by A), governed by Strategic Alliance Board — An armed "
                             "response vehicle is sent")
    with qtbot.waitSignal(panel.highlightRequested) as sent:
        panel.next_step()
    assert sent.args[0] == ("b-east",)  # no provider: the area alone
    assert panel.caption.startswith("✗ ")
    with qtbot.waitSignal(panel.highlightRequested) as sent:
        panel.next_step()
    assert sent.args[0][:3] == ("b-east", "cust-b", "custody")
    panel.next_step()  # the last step: stays
    assert panel.step_index == 2 and not panel.next_button.isEnabled()
    panel.previous_step()
    assert panel.step_index == 1
    with qtbot.waitSignals([panel.playingChanged, panel.highlightCleared]):
        panel.stop()
    assert panel.playing is None and panel.caption == ""
    assert panel.play_button.isVisible() and not panel.stop_button.isVisible()


def test_delete_is_one_undoable_step(panel):
    doc = panel.document
    panel.list.setCurrentRow(0)
    panel.delete()
    assert [w.id for w in doc.blueprint.walkthroughs] == ["night"]
    assert panel.list.count() == 1
    doc.undo_stack.undo()
    panel.refresh()
    assert [w.id for w in doc.blueprint.walkthroughs] == ["day", "night"]
    assert doc.undo_stack.undoText() == ""


def test_the_dialog_adds_a_walk_through(panel, qtbot):
    doc = panel.document
    dialog = WalkthroughDialog(doc, None, panel)
    qtbot.addWidget(dialog)
    dialog.title.setText("Custody at night")
    dialog.area.setCurrentIndex(dialog.area.findData("b-west"))
    dialog.time.setText("saturday 2:30")
    step = dialog.table.cellWidget(0, 0)
    step.setCurrentIndex(step.findData("criminal-justice/custody"))
    provider = dialog.table.cellWidget(0, 2)
    provider.setCurrentIndex(provider.findData("b"))
    dialog.accept()
    assert dialog.saved == "custody-at-night"
    added = doc.blueprint.walkthroughs[-1]
    assert (added.title, added.area, added.time) == ("Custody at night", "b-west", "Sat 02:30")
    assert added.steps == (Step(category="criminal-justice/custody", provider="b"),)
    assert doc.undo_stack.undoText() == "Add walk-through Custody at night"
    doc.undo_stack.undo()
    assert len(doc.blueprint.walkthroughs) == 2


def test_the_dialog_keeps_what_was_typed_when_refused(panel, qtbot):
    doc = panel.document
    before = doc.blueprint
    dialog = WalkthroughDialog(doc, None, panel)
    qtbot.addWidget(dialog)
    dialog.title.setText("   ")  # a title must show something
    dialog.time.setText("3am")
    dialog.accept()
    assert not dialog.problem.isHidden() and "not a time of the week" in dialog.problem.text()
    dialog.time.setText("")
    dialog.accept()
    assert dialog.problem.text().startswith("walk-through: title")
    assert doc.blueprint is before and dialog.saved is None and dialog.title.text() == "   "


def test_the_dialog_edits_steps_in_order(panel, qtbot):
    doc = panel.document
    dialog = WalkthroughDialog(doc, doc.blueprint.walkthroughs[1], panel)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 3
    dialog.table.setCurrentCell(1, 0)
    dialog.remove_step()
    dialog.table.setCurrentCell(1, 0)
    dialog.move_step(-1)  # custody before firearms
    dialog.accept()
    night = doc.blueprint.walkthroughs[1]
    assert [s.category for s in night.steps] == ["criminal-justice/custody",
                                                 "operational-support/firearms"]
    assert night.steps[1].note == "An armed response vehicle is sent"
    assert doc.undo_stack.undoText() == "Edit walk-through Dog handler in East at night"


def test_results_follow_edits_to_the_model(panel):
    doc = panel.document
    doc.try_edit("Serve East", edits.update_element, "dogs-unit",
                 serves=("a-north", "a-south", "b-east"))
    panel.refresh()
    panel.list.setCurrentRow(1)
    assert _texts(panel.steps)[1].startswith("✓  2. Dogs: Dog unit")


def test_a_hidden_dock_runs_the_walk_throughs_when_shown(panel, qtbot):
    panel.hide()
    panel.document.try_edit("Delete", edits.remove_walkthrough, "day", touched=frozenset())
    assert panel.stale and panel.list.count() == 2  # not run while nobody sees them
    panel.show()
    qtbot.waitUntil(lambda: not panel.stale)
    assert panel.list.count() == 1
