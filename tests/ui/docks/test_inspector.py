"""Inspector: edits as undo steps, several elements at once, the alliance's settings, undo
texts and refusals in plain words."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QWidget,
)

from designer.ui.docks.editors import MIXED
from designer.ui.docks.inspector import (
    alliance_fields,
    delivery_options,
    element_fields,
    in_sentence,
    plain_error,
)
from tests.build import add_network_model, area, blueprint, board, force, function, team
from tests.core.test_samples import MODELS
from tests.ui.drive import choose

SAMPLE = MODELS / "avon-somerset-wiltshire.json"


def open_sample(window):
    assert window.open_file(SAMPLE, interactive=False)
    return window.document


def test_undo_text_keeps_codes_and_the_menu_shows_an_ampersand(window):
    doc = open_sample(window)
    fn = doc.blueprint.functions[0]
    force = doc.blueprint.forces[0]
    assert force.short_code == "A&S"
    doc.select([fn.id])
    cost = window.inspector_panel.editors[f"baseline.{force.id}.cost"]
    cost.edit.setText("£1,000")
    cost.edit.editingFinished.emit()
    command = doc.undo_stack.command(doc.undo_stack.index() - 1)
    assert command.text() == f"Change A&S cost of {fn.name}"
    # '&&' is a literal ampersand in a menu, so the Edit menu reads "Undo Change A&S cost of …"
    assert window.act_undo.text() == f"&Undo Change A&&S cost of {fn.name}"
    assert window.act_undo.iconText() == f"Undo Change A&S cost of {fn.name}"
    doc.undo_stack.undo()
    assert window.act_redo.iconText() == f"Redo Change A&S cost of {fn.name}"


def test_labels_in_a_sentence():
    codes = {"A&S", "WILTS"}
    assert in_sentence("One-off cost", codes) == "one-off cost"
    assert in_sentence("A&S cost", codes) == "A&S cost"
    assert in_sentence("WILTS staff", codes) == "WILTS staff"
    assert in_sentence("PCC", codes) == "PCC"
    assert in_sentence("Chief Constable", codes) == "chief constable"


def test_out_of_range_savings_are_refused_in_words(window):
    doc = open_sample(window)
    fn = doc.blueprint.functions[0]
    before = doc.blueprint
    doc.select([fn.id])
    inspector = window.inspector_panel
    savings = inspector.editors["savings_percent"]
    savings.edit.setText("150%")
    savings.edit.editingFinished.emit()
    assert doc.blueprint is before
    assert inspector.error.text() == "Savings must be between 0% and 100%"
    assert "savings_percent" not in inspector.error.text()


def test_schema_messages_become_sentences_about_the_field():
    fields = {f.key: f for f in element_fields(_bp())}
    name = "Police National Computer"
    assert plain_error(fields["name"], f"{name}: name: String should have at least 1 character") \
        == "Name cannot be empty"
    assert plain_error(fields["population"],
                       f"{name}: population: Input should be greater than or equal to 0") \
        == "Population cannot be negative"
    assert plain_error(fields["short_code"],
                       f"{name}: short_code: String should match pattern '^[A-Z0-9&]{{1,8}}$'") \
        .startswith("Short code must be 1 to 8 capital letters")
    assert plain_error(fields["go_live"], f"{name}: go_live: Input should be a valid string") \
        == "Go-live: input should be a valid string"


def _bp():
    from designer.core import io

    return io.load(SAMPLE)


def test_percentage_editor_shows_one_decimal_without_changing_the_value(window):
    doc = open_sample(window)
    fn = doc.blueprint.functions[0]
    doc.select([fn.id])
    savings = window.inspector_panel.editors["savings_percent"]
    before = doc.blueprint
    savings.set_value(12.345)
    assert savings.edit.text() == "12.3%"
    savings.edit.editingFinished.emit()
    assert doc.blueprint is before


def test_long_names_show_their_start(window):
    doc = open_sample(window)
    doc.select([])
    name = window.inspector_panel.editors["name"]
    assert name.edit.text() == doc.blueprint.alliance.name
    assert name.edit.cursorPosition() == 0


def test_inspector_changes_delivery_as_one_undo_step(window):
    doc = window.document
    original = doc.blueprint
    doc.select(["ict"])
    inspector = window.inspector_panel
    assert "ICT" in inspector.title.text() or "Ict" in inspector.title.text()
    assert not inspector.editors["host_force"].isEnabled()  # local: no host
    choose(inspector.editors["delivery"], "shared")
    fn = doc.element("ict")
    assert fn.delivery == "shared" and fn.host_force == "asp"  # a host was filled in
    assert inspector.editors["host_force"].isEnabled()
    choose(inspector.editors["host_force"], "wilts")
    assert doc.element("ict").host_force == "wilts"
    assert doc.undo_stack.count() == 2
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert doc.blueprint is original  # back to the exact original value
    doc.undo_stack.redo()
    doc.undo_stack.redo()
    assert doc.element("ict").host_force == "wilts"


def test_inspector_money_and_invalid_input(window, qtbot):
    doc = window.document
    doc.select(["dogs"])
    inspector = window.inspector_panel
    cost = inspector.editors["baseline.asp.cost"]
    cost.edit.setText("£1,250,000.50")
    cost.edit.editingFinished.emit()
    assert doc.element("dogs").baseline["asp"].cost_pence == 125_000_050
    assert cost.edit.text() == "£1,250,000.50"
    before = doc.blueprint
    cost.edit.setText("lots")
    cost.edit.editingFinished.emit()
    assert doc.blueprint is before
    assert inspector.error.isVisible() and "not an amount" in inspector.error.text()
    name = inspector.editors["name"]
    name.edit.setText("   ")
    name.edit.editingFinished.emit()
    assert doc.blueprint is before  # an empty name is refused by the schema
    assert inspector.error.isVisible()


def test_inspector_multi_selection_edits_shared_fields(window):
    doc = window.document
    doc.select(["ict", "neighbourhood", "dogs"])
    inspector = window.inspector_panel
    assert "3 functions selected" in inspector.title.text()
    assert "name" not in inspector.editors  # not shared: each keeps its own name
    delivery = inspector.editors["delivery"]
    assert delivery.combo.currentIndex() == -1  # mixed: joint and local
    illustrative = inspector.editors["illustrative"]
    illustrative.check.click()
    assert all(doc.element(i).illustrative for i in ("ict", "neighbourhood", "dogs"))
    assert doc.undo_stack.count() == 1  # one step for all three
    doc.undo_stack.undo()
    assert not any(doc.element(i).illustrative for i in ("ict", "neighbourhood", "dogs"))


def test_inspector_mixed_kinds_show_common_fields(window):
    window.document.select(["ict", "bristol"])
    keys = set(window.inspector_panel.editors)
    assert {"tags", "source", "illustrative", "notes"} <= keys
    assert "delivery" not in keys and "force" not in keys


def test_inspector_alliance_settings_when_nothing_selected(window):
    doc = window.document
    doc.select([])
    target = window.inspector_panel.editors["target"]
    target.edit.setText("£30m")
    target.edit.editingFinished.emit()
    assert doc.blueprint.alliance.savings_target.amount_pence == 30_000_000_00


def test_a_fourth_delivery_model_is_a_choice_and_shares_a_savings_default(monkeypatch):
    add_network_model(monkeypatch)
    bp = blueprint("a", "b")
    assert delivery_options(bp)[-1] == ("Networked — coordinated by one force", "network")
    defaults = [f.key for f in alliance_fields(bp) if f.section == "Savings defaults"]
    assert defaults == ["default.local", "default.shared", "default.joint"]  # joint's key


def devon_cornwall():
    """Two forces, one coded "D&C"; a team with no FTE serving an area of each."""
    return blueprint(
        force("dc", name="Devon & Cornwall", short_code="D&C"), force("dorset"),
        areas=[area("plymouth", "dc", name="Plymouth & Tamar"), area("poole", "dorset")],
        bodies=[board(["dc", "dorset"], name="Board of D&C and Dorset")],
        functions=[function("dogs", category="operational-support/dogs", delivery="joint",
                            lead_force="dc", command="ACC Ops & Support")],
        teams=[team("dog-unit", "dogs", "alliance", serves=("plymouth", "poole"))],
    )


def inspector_for(window, qtbot, ids):
    window.document.reset(devon_cornwall(), None)
    window.document.select(ids)
    return window.inspector_panel


def test_a_single_team_with_no_staff_shows_zero_not_mixed(window, qtbot):
    inspector = inspector_for(window, qtbot, ["dog-unit"])
    staff = inspector.editors["fte"]
    assert staff.spin.text() == "0.0 FTE"
    assert MIXED not in staff.spin.text()
    window.document.reset(devon_cornwall().model_copy(update={"teams": (
        team("dog-unit", "dogs", "alliance", fte=3.0), team("pups", "dogs", "dc"))}), None)
    window.document.select(["dog-unit", "pups"])
    assert inspector.editors["fte"].spin.text() == MIXED  # two teams that differ
    window.document.select(["pups"])
    assert inspector.editors["fte"].spin.text() == "0.0 FTE"


def _widgets_with_text(inspector):
    for button in inspector.findChildren(QAbstractButton):
        yield f"button {button.objectName() or button.parent().objectName()}", button.text()
    for menu in inspector.findChildren(QMenu):
        for action in menu.actions():
            yield f"menu item of {menu.parent().parent().objectName()}", action.text()
    for label in inspector.findChildren(QLabel):
        if label.buddy() is not None:  # only a buddied label turns '&' into an accelerator
            yield f"label {label.text()!r}", label.text()


def _shown(text):
    """What a mnemonic-aware widget draws: '&&' is an '&', a lone '&' underlines."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


@pytest.mark.parametrize("ids", [["dog-unit"], ["dogs"], ["board"]],
                         ids=["team", "function", "body"])
def test_an_ampersand_in_user_text_is_never_a_keyboard_accelerator(window, qtbot, ids):
    inspector = inspector_for(window, qtbot, ids)
    checked = 0
    for where, text in _widgets_with_text(inspector):
        plain = text.replace("&&", "")
        assert "&" not in plain, f"{where}: {text!r} would underline a letter"
        checked += "&" in text
    assert checked, "the example puts an '&' in front of the user"
    if ids == ["dog-unit"]:
        serves = inspector.editors["serves"]
        assert _shown(serves.button.text()) == "Plymouth & Tamar (D&C), Poole (DORSET)"
        assert serves.button.toolTip() == "Plymouth & Tamar (D&C), Poole (DORSET)"
        assert [_shown(a.text()) for a in serves.menu.actions()] == [
            "Plymouth & Tamar (D&C)", "Poole (DORSET)"]


_INPUTS = (QLineEdit, QComboBox, QAbstractSpinBox, QAbstractButton, QPlainTextEdit)


@pytest.mark.parametrize("ids", [["dog-unit"], ["dogs"], ["dc"], ["plymouth"], ["board"], [],
                                 ["dogs", "dog-unit"]],
                         ids=["team", "function", "force", "area", "body", "alliance", "mixed"])
def test_every_input_field_has_an_accessible_name(window, qtbot, ids):
    inspector = inspector_for(window, qtbot, ids)
    inputs = [w for w in inspector.findChildren(QWidget)
              if isinstance(w, _INPUTS) and w.focusPolicy() != Qt.FocusPolicy.NoFocus
              and not w.isHidden()]
    assert len(inputs) >= len(inspector.editors)
    unnamed = [f"{type(w).__name__} in {w.parent().objectName()}" for w in inputs
               if not w.accessibleName()]
    assert unnamed == [], "\n".join(unnamed)


def test_each_savings_default_has_its_source_in_the_alliance_settings(window):
    """Issue 13 item 21: a source per delivery model's default, and the common one."""
    doc = window.document
    doc.select([])
    inspector = window.inspector_panel
    local = inspector.editors["default_source.local"]
    local.edit.setText("Local efficiency plans")
    local.edit.editingFinished.emit()
    common = inspector.editors["default_source"]
    common.edit.setText("Programme assumptions")
    common.edit.editingFinished.emit()
    d = doc.blueprint.alliance.savings_defaults
    assert d.source_for("local") == "Local efficiency plans"
    assert d.source_for("joint") == "Programme assumptions"
    local.edit.setText("")
    local.edit.editingFinished.emit()
    assert doc.blueprint.alliance.savings_defaults.sources == {}  # back to the common one
    assert doc.blueprint.alliance.savings_defaults.source_for("local") == \
        "Programme assumptions"
