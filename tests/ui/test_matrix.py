"""The matrix: one cell per force and function, changed by click, menu or key, always in sync."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QStyleOptionViewItem

from designer.core import edits
from designer.ui.document import Document
from designer.ui.matrix import CellRole, MatrixView, fitted_text
from tests.build import add_network_model, as_network, blueprint, force, function


def _bp():
    return blueprint("asp", "wilts", "glos", functions=[
        function("resp", "local-policing/incident-response", name="Response"),
        function("dogs", "operational-support/dogs", name="Dogs", delivery="joint",
                 lead_force="asp"),
        function("it", "support-functions/ict", name="ICT", delivery="shared",
                 host_force="wilts", partners=("asp", "wilts")),
    ])


@pytest.fixture
def view(qtbot):
    v = MatrixView(Document(_bp()))
    qtbot.addWidget(v)
    v.resize(900, 500)
    v.show()
    return v


def _index(view, fn, force):
    m = view.matrix
    return m.index(m.row_of(fn), 1 + m.forces().index(force))


def test_rows_are_grouped_by_catalogue_category(view):
    m = view.matrix
    kinds = [(m.row_kind(r), m.row_id(r)) for r in range(m.rowCount())]
    assert kinds == [("category", "local-policing"), ("function", "resp"),
                     ("category", "operational-support"), ("function", "dogs"),
                     ("category", "support-functions"), ("function", "it")]
    assert m.columnCount() == 4
    assert view.columnSpan(0, 0) == 4  # a category caption spans the row


def test_cells_say_the_arrangement_in_words(view):
    text = {f: view.matrix.data(_index(view, "it", f)) for f in ("asp", "wilts", "glos")}
    assert text == {"asp": "Shared · hosted by WILTS", "wilts": "Shared · host",
                    "glos": "Local"}
    assert view.matrix.data(_index(view, "dogs", "asp")) == "Joint · lead"
    assert view.matrix.data(_index(view, "dogs", "glos")) == "Joint · led by ASP"
    cell = view.matrix.data(_index(view, "it", "glos"), CellRole)
    assert cell.delivery == "local" and "not a partner" in cell.sentence


def test_keyboard_changes_a_cell_and_undo_restores_it(view, qtbot):
    doc = view.document
    original = doc.blueprint
    view.setCurrentIndex(_index(view, "resp", "glos"))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_S)
    fn = doc.element("resp")
    assert fn.delivery == "shared" and fn.host_force == "glos"
    assert view.matrix.data(_index(view, "resp", "glos")) == "Shared · host"
    qtbot.keyClick(view, Qt.Key.Key_L)
    assert doc.blueprint.delivery_for(doc.element("resp"), "glos") == "local"
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert doc.blueprint is original


def test_menu_offers_every_arrangement_and_applies_the_choice(view):
    menu = view.open_menu(_index(view, "it", "glos"))
    labels = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert labels[0].startswith("Local")
    assert "Shared, hosted by Wiltshire" not in labels  # force names come from the file
    assert any(t.startswith("Shared, hosted by") for t in labels)
    assert any(t.startswith("Joint, led by") for t in labels)
    checked = [a.text() for a in menu.actions() if a.isChecked()]
    assert checked == [labels[0]]
    joint_glos = next(a for a in menu.actions() if a.text() == "Joint, led by Glos")
    joint_glos.trigger()
    fn = view.document.element("it")
    assert fn.delivery == "joint" and fn.lead_force == "glos"
    assert view.document.blueprint.delivery_for(fn, "glos") == "joint"


def test_refusals_are_reported_not_raised(qtbot):
    v = MatrixView(Document(blueprint("solo", functions=[function("x")])))
    qtbot.addWidget(v)
    messages = []
    v.message.connect(messages.append)
    v.set_cell("x", "solo", "shared")
    assert messages and "two forces" in messages[0]
    assert v.document.element("x").delivery == "local"


def test_matrix_follows_edits_made_elsewhere(view):
    doc = view.document
    doc.try_edit("rename", edits.update_element, "dogs", name="Dog section")
    m = view.matrix
    assert m.data(m.index(m.row_of("dogs"), 0)) == "Dog section"
    doc.try_edit("move", edits.update_element, "dogs", category="support-functions/fleet")
    assert [m.row_id(r) for r in range(m.rowCount())] == [
        "local-policing", "resp", "support-functions", "dogs", "it"]  # fleet before ICT


def test_selection_is_shared_with_the_document(view):
    doc = view.document
    view.setCurrentIndex(_index(view, "dogs", "wilts"))
    assert doc.selection() == ("dogs",)
    doc.select(("it",), source="canvas")
    assert view.matrix.row_id(view.currentIndex().row()) == "it"


def test_empty_blueprint_shows_guidance(qtbot):
    v = MatrixView(Document(blueprint("a", "b")))
    qtbot.addWidget(v)
    v.resize(600, 300)
    v.show()
    assert v.matrix.rowCount() == 0
    v.grab()  # paints the empty-state text without error


def test_menu_can_clear_a_joint_units_lead(view):
    menu = view.open_menu(_index(view, "dogs", "wilts"))
    no_lead = next(a for a in menu.actions() if a.text() == "Joint, no lead force")
    no_lead.trigger()
    fn = view.document.element("dogs")
    assert fn.delivery == "joint" and fn.lead_force is None
    assert view.matrix.data(_index(view, "dogs", "asp")) == "Joint · no lead"


# ---------------------------------------------------------------- narrow columns


def _two_force_view(qtbot, width):
    """The review sample's shape: two forces, one with a long name, in a dock ``width`` wide."""
    asp = force("asp", name="Avon and Somerset Constabulary", short_code="A&S")
    wilts = force("wilts", name="Wiltshire Police", short_code="WILTS")
    bp = blueprint(asp, wilts, functions=[
        function("desk", "dealing-with-public/front-desk", name="Front desk",
                 delivery="shared", host_force="wilts"),
        function("contact", "dealing-with-public/control-room",
                 name="Central communications unit (control room, contact)",
                 delivery="joint", lead_force="asp"),
    ])
    v = MatrixView(Document(bp))
    qtbot.addWidget(v)
    v.resize(width, 300)
    v.show()
    qtbot.waitExposed(v)
    return v


def _shown(view, fn, force_id):
    """The words the delegate paints in a cell, at the view's current column width."""
    index = _index(view, fn, force_id)
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.rect = view.visualRect(index)
    return view.itemDelegate().shown_text(option, index)


def test_fitted_text_prefers_the_longest_wording_that_fits_and_elides_properly(qtbot):
    metrics = QFontMetrics(QFont())
    variants = ("Shared · hosted by WILTS", "S · host WILTS", "Host WILTS", "WILTS")
    wide = metrics.horizontalAdvance(variants[0])
    assert fitted_text(variants, metrics, wide) == variants[0]
    assert fitted_text(variants, metrics, metrics.horizontalAdvance("Host WILTS")) == \
        "Host WILTS"
    tiny = fitted_text(variants, metrics, metrics.horizontalAdvance("WI…"))
    assert tiny.endswith("…") and "WILTS".startswith(tiny[:-1])


def test_narrow_cells_keep_the_host_and_lead_in_view(qtbot):
    """A 1024 px window gives the matrix dock about 460 px: host and lead must still show."""
    view = _two_force_view(qtbot, 460)
    for fn, force_id, code in (("desk", "asp", "WILTS"), ("contact", "wilts", "A&S")):
        rect = view.visualRect(_index(view, fn, force_id))
        assert view.viewport().rect().contains(rect), "the cell is scrolled out of view"
        text = _shown(view, fn, force_id)
        assert code in text and "…" not in text, text
    assert _shown(view, "desk", "wilts").lower().endswith("host")
    assert _shown(view, "contact", "asp").lower().endswith("lead")
    # the full story stays in the tooltip
    tip = view.matrix.data(_index(view, "desk", "asp"), Qt.ItemDataRole.ToolTipRole)
    assert "Wiltshire Police" in tip


def test_wide_cells_use_full_words(qtbot):
    view = _two_force_view(qtbot, 1200)
    assert _shown(view, "desk", "asp") == "Shared · hosted by WILTS"
    assert _shown(view, "contact", "wilts") == "Joint · led by A&S"


def test_header_shows_the_short_code_when_the_name_does_not_fit(qtbot):
    narrow = _two_force_view(qtbot, 460)
    m = narrow.matrix
    qtbot.waitUntil(lambda: [m.headerData(c, Qt.Orientation.Horizontal)
                             for c in range(m.columnCount())]
                    == ["Function", "A&S", "Wiltshire Police"])
    tip = m.headerData(1, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "Avon and Somerset Constabulary" in tip
    narrow.resize(1400, 300)
    qtbot.waitUntil(lambda: m.headerData(1, Qt.Orientation.Horizontal)
                    == "Avon and Somerset Constabulary")


def test_a_dragged_name_column_keeps_its_width(qtbot):
    view = _two_force_view(qtbot, 460)
    view.horizontalHeader().resizeSection(0, 300)
    view.resize(700, 300)
    qtbot.waitUntil(lambda: view.viewport().width() > 600)
    assert view.columnWidth(0) == 300


# ---------------------------------------------------------------- keys mirror each other


def test_j_makes_a_local_function_joint_led_by_the_cells_force(view, qtbot):
    view.setCurrentIndex(_index(view, "resp", "wilts"))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_J)
    fn = view.document.element("resp")
    assert fn.delivery == "joint" and fn.lead_force == "wilts"
    assert view.matrix.data(_index(view, "resp", "wilts")) == "Joint · lead"


def test_j_on_a_joint_function_keeps_its_lead(view, qtbot):
    view.setCurrentIndex(_index(view, "dogs", "wilts"))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_J)
    fn = view.document.element("dogs")
    assert fn.delivery == "joint" and fn.lead_force == "asp"


def test_j_on_a_shared_function_makes_it_joint_led_by_the_cells_force(view, qtbot):
    view.setCurrentIndex(_index(view, "it", "asp"))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_J)
    fn = view.document.element("it")
    assert fn.delivery == "joint" and fn.lead_force == "asp" and fn.host_force is None


def test_a_fourth_delivery_model_is_shown_and_offered(monkeypatch, qtbot):
    add_network_model(monkeypatch)
    v = MatrixView(Document(as_network(_bp(), "dogs")))
    qtbot.addWidget(v)
    v.resize(900, 500)
    v.show()
    assert v.matrix.data(_index(v, "dogs", "glos")) == "Networked · coordinated by ASP"
    assert v.matrix.data(_index(v, "dogs", "asp")) == "Networked · coordinator"
    v.grab()  # paints its badge letter in its colour
    labels = [a.text() for a in v.open_menu(_index(v, "resp", "asp")).actions() if a.text()]
    assert "Networked, coordinated by Wilts" in labels
    assert "Networked, no coordinator force" in labels
    messages = []
    v.message.connect(messages.append)
    v.setCurrentIndex(_index(v, "resp", "asp"))
    qtbot.keyClick(v, Qt.Key.Key_N)  # its letter asks for it; the file format refuses it
    assert messages and messages[0].startswith("Cannot change Response")
    assert v.document.element("resp").delivery == "local"


def test_a_functions_open_challenges_show_on_its_row(view, qtbot):
    from designer.ui.matrix import ChallengesRole

    doc = view.document
    name = view.matrix.index(view.matrix.row_of("dogs"), 0)
    assert view.matrix.data(name, ChallengesRole) == 0
    for i, text in enumerate(("Who leads?", "Who pays?")):
        doc.try_edit("Add challenge", edits.add_challenge, {
            "id": f"c{i}", "element": "dogs", "text": text, "author": "Ann",
            "created": f"2015-03-0{i + 1}T09:00:00Z"})
    name = view.matrix.index(view.matrix.row_of("dogs"), 0)
    assert view.matrix.data(name, ChallengesRole) == 2
    tip = view.matrix.data(name, Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Dogs\n") and "2 open challenges" in tip and "“Who pays?”" in tip
    assert view.matrix.data(name, Qt.ItemDataRole.AccessibleTextRole) == \
        "Dogs, 2 open challenges"
    assert view.matrix.data(name) == "Dogs"  # the name itself unchanged
    view.grab()  # paints the badge beside the name
    doc.undo_stack.undo()
    assert view.matrix.data(view.matrix.index(view.matrix.row_of("dogs"), 0),
                            ChallengesRole) == 1


def test_menus_offer_a_challenge_on_the_function(view):
    asked = []
    view.challengeRequested.connect(asked.append)
    menu = view.open_menu(_index(view, "it", "glos"))
    action = next(a for a in menu.actions() if a.text() == "Add Challenge on ICT…")
    action.trigger()
    name_menu = view.name_menu(view.matrix.index(view.matrix.row_of("dogs"), 0))
    [only] = name_menu.actions()
    assert only.text() == "Add Challenge on Dogs…"
    only.trigger()
    assert asked == ["it", "dogs"]
    assert view.name_menu(view.matrix.index(0, 0)) is None  # a category caption


def test_a_function_the_option_shown_changes_carries_a_mark_on_its_row(qtbot):
    from designer.core.schema import Option, OptionChange
    from designer.ui.matrix import OptionMarkRole

    option = Option(id="dogs-local", name="Dogs kept local", changes=(
        OptionChange(element="dogs", set={"delivery": "local", "lead_force": None}),))
    doc = Document(_bp().model_copy(update={"options": (option,)}))
    v = MatrixView(doc)
    qtbot.addWidget(v)
    v.resize(900, 500)
    v.show()

    def name(fn):
        return v.matrix.index(v.matrix.row_of(fn), 0)

    assert v.matrix.data(name("dogs"), OptionMarkRole) == ""
    doc.set_option("dogs-local")
    assert v.matrix.data(name("dogs"), OptionMarkRole) == "Δ"
    assert v.matrix.data(name("resp"), OptionMarkRole) == ""
    tip = v.matrix.data(name("dogs"), Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Dogs\n") and \
        "Option “Dogs kept local” changes its delivery and lead force" in tip
    assert v.matrix.data(name("dogs"), Qt.ItemDataRole.AccessibleTextRole) == \
        "Dogs; Option “Dogs kept local” changes its delivery and lead force"
    assert v.matrix.cell(_index(v, "dogs", "asp")).delivery == "local"
    v.grab()  # paints the mark beside the name
    doc.set_option(None)
    assert v.matrix.data(name("dogs"), OptionMarkRole) == ""
