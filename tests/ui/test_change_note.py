"""What did that change? Every edit, undo and redo explained in words, money first."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from designer.core import edits, io, tables
from designer.core.finance import project
from designer.ui import change_note
from designer.ui.change_note import ChangeExplainer
from designer.ui.document import Document
from tests.core.test_appraisal import _worked

TIMEOUT = 30_000


@pytest.fixture
def explainer(qtbot):
    document = Document(_worked())
    watcher = ChangeExplainer(document, delay_ms=10)
    yield watcher
    watcher.wait()


def _explained(qtbot, explainer, act):
    """Do ``act`` and return the explanation it gets."""
    with qtbot.waitSignal(explainer.explained, timeout=TIMEOUT,
                          check_params_cb=lambda r: r is not None) as signal:
        act()
    return signal.args[0]


def test_an_edit_is_explained_by_its_money_and_side_effects(qtbot, explainer):
    doc = explainer.document
    before = doc.blueprint
    result = _explained(qtbot, explainer, lambda: doc.try_edit(
        "Make dogs local", edits.set_arrangement, "dogs", "b", "local"))
    assert result.steps == ("Make dogs local",)
    assert result.summary.startswith("Make dogs local: B pays £400k a year less to A; ")
    assert result.summary.endswith("projected savings in 2018/19 £200k lower (£200k → £0)")
    assert result.side_effects == (
        "Dogs: with two partners an arrangement needs both, so making it local for one "
        "force makes it local for A and B",
        "The team Dogs-Unit is left with nothing to deliver: Dogs is no longer a joint unit")
    pb = project(before)
    assert tables.texts(result.figures, "dock") == tables.texts(
        tables.change_figures({"a": "A", "b": "B"}, pb, project(doc.blueprint, reuse=pb)),
        "dock")


def test_undo_and_redo_say_so_and_the_money_goes_back(qtbot, explainer):
    doc = explainer.document
    _explained(qtbot, explainer, lambda: doc.try_edit(
        "Make dogs local", edits.set_arrangement, "dogs", "b", "local"))
    undone = _explained(qtbot, explainer, doc.undo_stack.undo)
    assert undone.summary.startswith("Undo Make dogs local: B pays £400k a year more to A")
    assert undone.after is doc.blueprint
    redone = _explained(qtbot, explainer, doc.undo_stack.redo)
    assert redone.summary.startswith("Redo Make dogs local: B pays £400k a year less to A")
    again = _explained(qtbot, explainer, lambda: doc.try_edit(
        "Dogs command", edits.update_element, "dogs", command="Chief Inspector"))
    assert again.steps == ("Dogs command",)  # a new step, not a redo
    assert again.summary == ("Dogs command: Projected savings in 2018/19 unchanged (£0)")


def test_typing_in_one_field_is_one_explanation(qtbot, explainer):
    doc = explainer.document
    seen = []
    explainer.explained.connect(seen.append)
    with qtbot.waitSignal(explainer.explained, timeout=TIMEOUT):
        for text in ("C", "Ch", "Chi", "Chief"):
            doc.try_edit("Edit command", edits.update_element, "dogs", command=text,
                         merge_key="dogs.command")
    explainer.wait()
    assert [r.steps for r in seen] == [("Edit command",)]
    assert seen[0].explanation.changes[0].text == "Dogs: command ACC Dogs → Chief"


def test_the_words_are_worked_out_off_the_window_thread(qtbot, explainer, monkeypatch):
    threads = []
    real = change_note.explain_steps

    def spy(*args):
        threads.append(threading.current_thread())
        return real(*args)

    monkeypatch.setattr(change_note, "explain_steps", spy)
    doc = explainer.document
    _explained(qtbot, explainer, lambda: doc.try_edit(
        "Savings", edits.update_element, "dogs", savings_percent=30.0))
    assert threads and threading.main_thread() not in threads


def test_opening_a_file_is_not_an_edit(qtbot, explainer, tmp_path):
    doc = explainer.document
    _explained(qtbot, explainer, lambda: doc.try_edit(
        "Make dogs local", edits.set_arrangement, "dogs", "b", "local"))
    path = tmp_path / "other.json"
    io.save(_worked(), path)
    with qtbot.waitSignal(explainer.explained, timeout=TIMEOUT,
                          check_params_cb=lambda r: r is None):
        doc.reset(io.load(path), path)
    assert explainer.latest is None
    result = _explained(qtbot, explainer, lambda: doc.try_edit(
        "Savings", edits.update_element, "dogs", savings_percent=30.0))
    assert result.before is not None and result.steps == ("Savings",)  # from the new file


# ------------------------------------------------------------------ options


SAMPLE = Path(__file__).resolve().parents[2] / "models" / "avon-somerset-wiltshire.json"


@pytest.fixture
def with_options(qtbot):
    document = Document(io.load(SAMPLE), SAMPLE)
    watcher = ChangeExplainer(document, delay_ms=10)
    yield watcher
    watcher.wait()


def test_switching_option_is_not_an_edit(qtbot, with_options):
    doc = with_options.document
    _explained(qtbot, with_options, lambda: doc.try_edit(
        "Savings", edits.update_element, "pnc", savings_percent=30.0))
    seen = []
    with_options.explained.connect(seen.append)
    with qtbot.waitSignal(with_options.explained, timeout=TIMEOUT):
        assert doc.set_option("dogs-firearms-local") is None
    with_options.wait()
    assert seen == [None] and with_options.latest is None
    with qtbot.assertNotEmitted(with_options.explained):
        doc.set_option("dogs-firearms-local")  # already shown: nothing happens at all


def test_an_edit_in_an_option_is_explained_as_the_option_has_it(qtbot, with_options):
    doc = with_options.document
    doc.set_option("dogs-firearms-local")
    with_options.wait()
    shown = doc.blueprint
    result = _explained(qtbot, with_options, lambda: doc.try_edit(
        "Make the PNC local", edits.set_arrangement, "pnc", "wiltshire", "local"))
    assert result.before is shown and result.after is doc.blueprint
    assert doc.file_blueprint.functions == result.origin.file.functions  # base untouched
    assert result.step.startswith("Make the PNC local (option “")
    assert result.summary.split(": ", 1)[1].startswith(
        "Wiltshire Police pays £255k a year less to Avon and Somerset Constabulary")


def test_undo_brings_back_the_option_and_explains_the_edit_there(qtbot, with_options):
    doc = with_options.document
    doc.set_option("dogs-firearms-local")
    with_options.wait()
    made = _explained(qtbot, with_options, lambda: doc.try_edit(
        "Make the PNC local", edits.set_arrangement, "pnc", "wiltshire", "local"))
    doc.set_option(None)
    with_options.wait()
    undone = _explained(qtbot, with_options, doc.undo_stack.undo)
    assert doc.option == "dogs-firearms-local"
    assert undone.before.functions == made.after.functions  # the edit as the option saw it
    assert undone.explanation.money[0] == ("Wiltshire Police pays £255k a year more to Avon "
                                           "and Somerset Constabulary")


# ------------------------------------------------------------------ in the window


def test_the_status_bar_says_it_and_details_shows_the_figures(qtbot, window):
    note = window.change_note
    assert note.text.full == "" and note.details.isHidden()
    doc = window.document
    with qtbot.waitSignal(window.explainer.explained, timeout=TIMEOUT,
                          check_params_cb=lambda r: r is not None):
        doc.try_edit("Make dogs local", edits.set_arrangement, "dogs", "wilts", "local")
    assert note.text.full == "Make dogs local: Projected savings in 2018/19 unchanged (£0)"
    assert note.effects.text() == "⚠ 2 side effects" and not note.effects.isHidden()
    assert not note.details.isHidden()
    qtbot.mouseClick(note.details, change_note.Qt.MouseButton.LeftButton)
    dialog = window.change_details
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    result = window.explainer.latest
    assert dialog.model.rows == tables.texts(result.figures, "dock")
    assert "Side effects you may not expect" in dialog.words.text()
    dialog.show_button.click()
    assert doc.selection() == ("dogs",)
    with qtbot.waitSignal(window.explainer.explained, timeout=TIMEOUT,
                          check_params_cb=lambda r: r is not None):
        window.act_undo.trigger()
    assert dialog.heading.text() == "<b>Undo Make dogs local</b>"  # it follows while open
    assert note.text.full.startswith("Undo Make dogs local: ")
    dialog.close()
