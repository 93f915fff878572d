"""The document: every edit one undoable command, undo restores the exact previous value."""

from __future__ import annotations

import gc

import pytest

from designer.core import edits
from designer.core import options as O
from designer.core.schema import Option, OptionChange
from designer.ui.document import Document
from tests.build import blueprint, board, function


@pytest.fixture
def doc(qtbot):
    bp = blueprint("a", "b", functions=[function("dogs", category="operational-support/dogs"),
                                        function("mci")])
    return Document(bp)


def test_edit_undo_redo_restore_exact_values(doc, qtbot):
    original = doc.blueprint
    seen = []
    doc.changed.connect(seen.append)
    new = edits.update_element(original, "dogs", delivery="shared", host_force="a")
    doc.edit("Share dogs", new, frozenset({"dogs"}))
    assert doc.blueprint is new and doc.is_dirty
    assert seen == [frozenset({"dogs"})]
    doc.undo_stack.undo()
    assert doc.blueprint is original and not doc.is_dirty
    doc.undo_stack.redo()
    assert doc.blueprint is new
    assert doc.undo_stack.undoText() == "Share dogs"


def test_moves_merge_while_dragging(doc):
    original = doc.blueprint
    for x in range(5):
        doc.move_elements({"dogs": (float(x), 0.0)})
    assert doc.undo_stack.count() == 1
    assert doc.element("dogs").position.x == 4
    doc.close_merge()
    doc.move_elements({"dogs": (9.0, 0.0)})
    assert doc.undo_stack.count() == 2
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert doc.blueprint is original


def test_add_link_returns_refusal(doc):
    assert "itself" in doc.add_link("depends-on", "dogs", "dogs")
    assert doc.undo_stack.count() == 0
    assert doc.add_link("depends-on", "dogs", "mci") is None
    assert len(doc.blueprint.links) == 1


def test_selection_signal_and_pruning_on_delete(doc, qtbot):
    with qtbot.waitSignal(doc.selectionChanged) as sig:
        doc.select(["dogs", "mci"], source="test")
    assert sig.args == [("dogs", "mci")]
    assert doc.selection_source == "test"
    assert doc.remove_elements(["dogs"]) is None
    assert doc.selection() == ("mci",)
    doc.undo_stack.undo()
    assert doc.element("dogs") is not None


def test_save_marks_clean_and_detects_outside_change(doc, tmp_path):
    doc.try_edit("Rename", edits.update_element, "dogs", name="Hounds")
    path = doc.save(tmp_path / "x.json")
    assert not doc.is_dirty and doc.path == path
    assert not doc.changed_on_disk()
    path.write_text(path.read_text() + " ")
    assert doc.changed_on_disk()


def test_add_from_palette_adds_and_selects(doc):
    assert doc.add_from_palette("operational-support/dogs", position=(1.0, 2.0)) is None
    new_id = doc.selection()[0]
    assert doc.element(new_id).category == "operational-support/dogs"
    assert doc.add_from_palette("nothing") is not None
    doc.undo_stack.undo()
    assert doc.element(new_id) is None


def test_views_cannot_change_selection_while_it_is_announced(doc):
    doc.selectionChanged.connect(lambda ids: doc.select(ids[:1], source="echo"))
    doc.select(["dogs", "mci"], source="test")
    assert doc.selection() == ("dogs", "mci") and doc.selection_source == "test"


def test_full_check_of_a_large_blueprint_runs_in_the_background(doc, monkeypatch, qtbot):
    from designer.core.rules import check
    from designer.ui import document

    monkeypatch.setattr(document, "BACKGROUND_CHECK_SIZE", 0)  # treat any blueprint as large
    bp = doc.blueprint
    with qtbot.waitSignal(doc.problemsChanged, timeout=30_000):
        doc.reset(bp, None)
        assert doc.checking
        # an edit while the worker runs is caught up when it finishes
        doc.try_edit("Share dogs", edits.update_element, "dogs", delivery="shared",
                     host_force="a")
    assert not doc.checking
    assert doc.problems == check(doc.blueprint)


def test_the_full_check_starts_after_the_event_loop_and_says_when_it_runs(doc, monkeypatch,
                                                                          qtbot):
    from designer.core.rules import check
    from designer.ui import document

    monkeypatch.setattr(document, "BACKGROUND_CHECK_SIZE", 0)
    started: list[str] = []
    run = document.run_in_background
    monkeypatch.setattr(document, "run_in_background",
                        lambda work: (started.append("full-rules-check"), run(work)))
    seen: list[bool] = []
    doc.checkingChanged.connect(seen.append)
    doc.reset(doc.blueprint, None)
    assert doc.checking and seen == [True]
    assert started == []  # the window gets drawn first
    with qtbot.waitSignal(doc.problemsChanged, timeout=30_000):
        pass
    assert started == ["full-rules-check"]
    assert seen == [True, False] and not doc.checking
    assert doc.problems == check(doc.blueprint)


def test_a_small_blueprint_replacing_a_big_one_being_checked_ends_the_check(
        doc, monkeypatch, qtbot, drain_background):
    from designer.core.rules import check
    from designer.ui import document

    launched: list[object] = []
    run = document.run_in_background
    monkeypatch.setattr(document, "run_in_background",
                        lambda work: (launched.append(work), run(work)))
    monkeypatch.setattr(document, "BACKGROUND_CHECK_SIZE", 1)
    seen: list[bool] = []
    doc.checkingChanged.connect(seen.append)
    doc.reset(doc.blueprint, None)  # big: to be checked on a worker
    small = blueprint("a")
    monkeypatch.setattr(document, "BACKGROUND_CHECK_SIZE", 10**9)
    doc.reset(small, None)  # checked at once
    assert seen == [True, False] and not doc.checking
    assert doc.wait_for_problems(1)
    drain_background()  # the event loop ran: a check still due would have started by now
    assert launched == []  # the big blueprint's check was called off before it began
    assert seen == [True, False]
    assert doc.problems == check(small)


def test_a_check_already_running_when_a_small_blueprint_replaces_it_is_dropped(
        doc, monkeypatch, qtbot, drain_background):
    import threading

    from designer.core.rules import check
    from designer.ui import document

    big = doc.blueprint
    release = threading.Event()
    real_checker = document.Checker

    def held_checker(bp, **options):
        if bp is big:  # the worker's check waits until the small blueprint is in
            release.wait(10)
        return real_checker(bp, **options)

    launched: list[object] = []
    run = document.run_in_background
    monkeypatch.setattr(document, "Checker", held_checker)
    monkeypatch.setattr(document, "run_in_background",
                        lambda work: (launched.append(work), run(work)))
    monkeypatch.setattr(document, "BACKGROUND_CHECK_SIZE", 1)
    doc.reset(big, None)
    qtbot.waitUntil(lambda: bool(launched))  # the worker has the big check
    small = blueprint("a")
    monkeypatch.setattr(document, "BACKGROUND_CHECK_SIZE", 10**9)
    doc.reset(small, None)
    assert not doc.checking and doc.problems == check(small)
    announced: list[object] = []
    doc.problemsChanged.connect(announced.append)
    doc.checkingChanged.connect(announced.append)
    release.set()
    drain_background()  # the big check's result has arrived
    assert announced == []  # and was dropped: nothing announced, nothing replaced
    assert not doc.checking and doc.problems == check(small)


def test_rule_packs_named_by_the_blueprint_are_read_from_its_folder(qtbot, tmp_path,
                                                                    monkeypatch):
    """Not from wherever the app was started (issue 13 item 7)."""
    from designer.core import io
    from tests.core.rules.sample import good

    folder = tmp_path / "alliance"
    (folder / "packs").mkdir(parents=True)
    (folder / "packs" / "ours.toml").write_text(
        '[[rule]]\nid = "ict-local"\ntitle = "ICT stays local"\nseverity = "error"\n'
        'source = "Our board"\nselect = { kind = "function", category = '
        '"support-functions/ict" }\nrequire = { delivery = "local" }\n')
    bp = edits.update_alliance(good(), rule_packs=("alliance-principles", "packs/ours.toml"))
    io.save(bp, folder / "bp.json")
    monkeypatch.chdir(tmp_path)
    doc = Document(io.load(folder / "bp.json"), folder / "bp.json")
    assert [r.rule for r in doc.problems] == ["ict-local"]
    other = tmp_path / "elsewhere"
    other.mkdir()
    doc.save(other / "bp.json")  # saved elsewhere: the pack is looked for beside the new file
    assert [r.rule for r in doc.problems] == ["rule-pack"]
    assert str(other / "packs" / "ours.toml") in doc.problems[0].message


def test_a_document_freed_by_the_garbage_collector_frees_its_commands_first(qapp):
    """A document in a reference cycle (views, timers and commands all point back at it)
    is freed by the garbage collector: its undo stack must empty while every command is
    whole (a command freed before the stack crashed the stack's clean-up)."""
    for i in range(6):
        doc = Document(blueprint("a", "b", functions=[function("it", "support-functions/ict")]))
        for n in range(3):
            doc.try_edit("Rename", edits.update_element, "it", name=f"IT {i} {n}")
        doc.cycle = doc  # only the collector can free it now
        del doc
        gc.collect()


# ---------------------------------------------------------------- options


def _with_options(*options):
    bp = blueprint("a", "b", bodies=[board(["a", "b"])], functions=[
        function("dogs", category="operational-support/dogs", delivery="joint", lead_force="a",
                 governing_body="board", command="ACC"),
        function("mci", delivery="shared", host_force="a", governing_body="board")])
    return bp.model_copy(update={"options": options})


DOGS_LOCAL = Option(id="dogs-local", name="Dogs kept local", status="short-list", changes=(
    OptionChange(element="dogs", set={"delivery": "local", "lead_force": None, "command": "",
                                      "governing_body": None}),))
MCI_LOCAL = Option(id="mci-local", name="Major crime kept local", changes=(
    OptionChange(element="mci", set={"delivery": "local", "host_force": None,
                                     "governing_body": None}),))


@pytest.fixture
def odoc(qtbot):
    return Document(_with_options(DOGS_LOCAL, MCI_LOCAL))


def test_the_base_is_shown_until_an_option_is_chosen(odoc):
    assert odoc.option is None and odoc.option_name is None
    assert odoc.blueprint is odoc.file_blueprint
    assert odoc.marks == {}


def test_switching_shows_the_option_says_so_first_and_keeps_the_selection(odoc, qtbot):
    odoc.select(["dogs", "mci"], source="test")
    order: list[tuple[str, object]] = []
    odoc.optionChanged.connect(lambda o: order.append(("option", o)))
    odoc.changed.connect(lambda t: order.append(("changed", t)))
    with qtbot.waitSignal(odoc.problemsChanged):
        assert odoc.set_option("dogs-local") is None
    assert order == [("option", "dogs-local"), ("changed", frozenset({"dogs"}))]
    assert odoc.option == "dogs-local" and odoc.option_name == "Dogs kept local"
    assert odoc.element("dogs").delivery == "local"
    assert odoc.blueprint is odoc.blueprint  # computed once per file state and option
    assert odoc.blueprint == O.apply_option(odoc.file_blueprint, "dogs-local")
    assert odoc.marks == {"dogs": "changed"}
    assert "delivery" in odoc.mark_tips["dogs"]
    assert odoc.selection() == ("dogs", "mci")
    assert not odoc.is_dirty and odoc.undo_stack.count() == 0  # switching is not an edit
    assert odoc.set_option(None) is None
    assert odoc.element("dogs").delivery == "joint"


def test_an_unknown_or_broken_option_is_refused_and_its_problem_listed(qtbot):
    broken = Option(id="broken", name="Broken", changes=(
        OptionChange(element="ghost", set={"delivery": "local"}),))
    doc = Document(_with_options(DOGS_LOCAL, broken))
    assert "no option 'nope'" in doc.set_option("nope")
    refusal = doc.set_option("broken")
    assert "ghost" in refusal and doc.option is None
    errors = [r for r in doc.problems if r.option == "broken"]
    assert len(errors) == 1 and errors[0].severity == "error"
    assert errors[0].source == "options[1].changes[0].element"
    assert "'ghost' is not an element of the blueprint" in errors[0].message
    doc.set_option("dogs-local")  # listed whichever option is shown
    assert [r.option for r in doc.problems if r.option] == ["broken"]


def test_an_edit_in_an_option_goes_into_its_changes_and_undo_restores(odoc, qtbot):
    base = O.base_of(odoc.file_blueprint)
    odoc.set_option("dogs-local")
    assert odoc.try_edit("Savings", edits.update_element, "mci", savings_percent=20.0) is None
    assert O.base_of(odoc.file_blueprint) == base  # the base stays as it was
    option = O.find_option(odoc.file_blueprint, "dogs-local")[1]
    assert [c.element for c in option.changes] == ["dogs", "mci"]
    assert option.changes[1].set == {"savings_percent": 20.0}
    assert odoc.element("mci").savings_percent == 20.0
    assert odoc.marks == {"dogs": "changed", "mci": "changed"}
    assert odoc.undo_stack.undoText() == "Savings (option “Dogs kept local”)"
    odoc.set_option(None)  # undo shows the option the edit was made in
    with qtbot.waitSignal(odoc.optionChanged) as sig:
        odoc.undo_stack.undo()
    assert sig.args == ["dogs-local"]
    assert O.find_option(odoc.file_blueprint, "dogs-local")[1] == DOGS_LOCAL
    assert odoc.element("mci").savings_percent != 20.0
    odoc.undo_stack.redo()
    assert odoc.element("mci").savings_percent == 20.0 and odoc.option == "dogs-local"


def test_an_edit_no_option_can_hold_is_refused(odoc, qtbot):
    odoc.set_option("dogs-local")
    before = odoc.file_blueprint
    with qtbot.waitSignal(odoc.refused) as sig:
        refusal = odoc.try_edit("Rename", edits.update_element, "mci", name="MCIT")
    assert refusal == sig.args[0] and "cannot hold this change" in refusal
    assert odoc.file_blueprint is before and odoc.undo_stack.count() == 0


def test_moving_a_node_in_an_option_moves_it_for_every_view(odoc):
    odoc.set_option("dogs-local")
    odoc.move_elements({"mci": (40.0, 50.0)})
    assert odoc.element("mci").position.x == 40.0
    assert O.find_option(odoc.file_blueprint, "dogs-local")[1] == DOGS_LOCAL
    odoc.set_option(None)
    assert odoc.element("mci").position.x == 40.0


def test_save_writes_the_whole_file_and_a_reload_keeps_the_option(odoc, tmp_path):
    from designer.core import io

    odoc.set_option("dogs-local")
    odoc.try_edit("Savings", edits.update_element, "mci", savings_percent=20.0)
    path = odoc.save(tmp_path / "x.json")
    loaded = io.load(path)
    assert loaded == odoc.file_blueprint
    assert O.base_of(loaded).functions[1].savings_percent != 20.0
    assert O.apply_option(loaded, "dogs-local").functions[1].savings_percent == 20.0
    odoc.reset(loaded, path)  # the same file again: the option stays shown
    assert odoc.option == "dogs-local"
    odoc.reset(O.remove_option(loaded, "dogs-local"), path)  # gone: the base
    assert odoc.option is None
    odoc.reset(loaded, tmp_path / "other.json")  # another file: the base
    assert odoc.option is None


def test_managing_options_is_undoable(odoc, qtbot):
    odoc.set_option("dogs-local")
    assert odoc.new_option("Dogs and major crime local") is None
    made = odoc.option
    assert made == "dogs-and-major-crime-local"  # made from the view shown, and shown
    assert O.find_option(odoc.file_blueprint, made)[1].changes == DOGS_LOCAL.changes
    odoc.undo_stack.undo()
    assert odoc.option == "dogs-local" and O.option_ids(odoc.file_blueprint) == [
        "dogs-local", "mci-local"]
    odoc.undo_stack.redo()
    assert odoc.option == made
    assert odoc.rename_option(made, "Both local") is None
    assert odoc.option_name == "Both local"
    assert odoc.set_option_status(made, "preferred") is None
    assert odoc.describe_option(made, source="Board paper, May 2015") is None
    assert "status" in odoc.set_option_status(made, "maybe")
    assert odoc.new_option("   ") is not None  # a blank name is refused
    assert odoc.duplicate_option(made) is None
    assert odoc.option_name == "Both local (copy)"
    copy = odoc.option
    assert odoc.delete_option(copy) is None
    assert odoc.option is None  # the option shown was deleted: the base
    odoc.undo_stack.undo()
    assert odoc.option == copy
    for _ in range(5):
        odoc.undo_stack.undo()
    assert odoc.file_blueprint.options == (DOGS_LOCAL, MCI_LOCAL)
    assert odoc.option == "dogs-local"
