"""The canvas drives the document: select, drag, link, drop, zoom — and follows its changes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDropEvent, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication

from designer.core import edits
from designer.ui.canvas.tools import PALETTE_MIME
from designer.ui.canvas.view import link_kind_for


def _centre(view, element_id, lane="missing"):
    sc = view.diagram
    node = sc.node_for(element_id) if lane == "missing" else sc.nodes[(element_id, lane)]
    view.centerOn(node.rect().center())
    return view.mapFromScene(node.rect().center())


def test_every_element_has_a_node_and_local_functions_one_per_lane(view):
    sc = view.diagram
    assert {k for k in sc.nodes if k[0] == "response"} == {("response", "asp"),
                                                           ("response", "wilts")}
    assert ("dogs", None) in sc.nodes and ("it", "wilts") in sc.nodes
    for element_id in ("bristol", "swindon", "board", "resp-asp", "it-team", "asp.pcc"):
        assert sc.node_for(element_id) is not None, element_id


def test_click_selects_and_ctrl_click_toggles(view, qtbot):
    doc = view.document
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=_centre(view, "it"))
    assert doc.selection() == ("it",)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.ControlModifier, pos=_centre(view, "response", "asp"))
    assert set(doc.selection()) == {"it", "response"}
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.ControlModifier, pos=_centre(view, "it"))
    assert doc.selection() == ("response",)
    # every copy of the selected local function is outlined
    assert all(view.diagram.nodes[k].body.pen().widthF() > 2 for k in
               (("response", "asp"), ("response", "wilts")))


def test_selection_made_elsewhere_shows_on_the_canvas(view):
    view.document.select(("dogs",), source="outline")
    assert view.diagram.selected == frozenset({"dogs"})


def test_rubber_band_selects_what_it_touches(view, qtbot):
    sc = view.diagram
    r = sc.nodes[("bristol", "asp")].rect().united(sc.nodes[("swindon", "wilts")].rect())
    view.centerOn(r.center())
    a = view.mapFromScene(r.topLeft() - QPointF(10, 10))
    b = view.mapFromScene(r.bottomRight() + QPointF(10, 10))
    _drag(view, qtbot, a, b)
    assert set(view.document.selection()) >= {"bristol", "swindon"}


def _mouse(view, kind, pos: QPoint, buttons, mods=Qt.KeyboardModifier.NoModifier) -> None:
    """Send a mouse event with the button state a real drag has (QTest's moves carry none)."""
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove \
        else Qt.MouseButton.LeftButton
    local = QPointF(pos)
    event = QMouseEvent(kind, local, QPointF(view.viewport().mapToGlobal(pos)), button,
                        buttons, mods)
    QApplication.sendEvent(view.viewport(), event)


def _drag(view, qtbot, start: QPoint, end: QPoint) -> None:
    left = Qt.MouseButton.LeftButton
    _mouse(view, QEvent.Type.MouseButtonPress, start, left)
    for t in (0.25, 0.5, 0.75, 1.0):
        _mouse(view, QEvent.Type.MouseMove, start + (end - start) * t, left)
    _mouse(view, QEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton)


def test_a_reference_in_a_partners_lane_selects_the_unit_and_never_moves_it(view, qtbot):
    """Shared IT is hosted by Wiltshire: A&S's lane shows a reference to it (a view of the
    one unit, not a second element). Clicking it selects the function itself; dragging
    it moves nothing; a double click goes to the unit; undo has nothing new to undo."""
    doc, sc = view.document, view.diagram
    ref = sc.nodes[("it", "asp")]
    assert ref.kind == "reference" and ref.text.sub == "from Wilts"  # the host's name
    assert [e.id for e in doc.blueprint.functions].count("it") == 1  # no duplicate element
    steps = doc.undo_stack.count()
    start = _centre(view, "it", "asp")
    _drag(view, qtbot, start, start + QPoint(60, 90))
    assert doc.selection() == ("it",)
    assert ref.body.pen().widthF() > 2 and sc.nodes[("it", "wilts")].body.pen().widthF() > 2
    assert doc.undo_stack.count() == steps and doc.element("it").position is None
    assert sc.nodes[("it", "asp")].rect() == ref.rect()  # still where the layout put it
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=_centre(view, "it", "asp"))
    assert view.visible_scene_rect().contains(sc.nodes[("it", "wilts")].rect().center())
    # the references follow edits and undo like every node
    doc.try_edit("Make local", edits.set_arrangement, "it", "wilts", "local")
    assert not sc.is_reference(("it", "asp")) and sc.nodes[("it", "asp")].kind == "function"
    doc.undo_stack.undo()
    assert sc.is_reference(("it", "asp")) and sc.nodes[("it", "asp")].kind == "reference"
    doc.undo_stack.redo()
    assert sc.nodes[("it", "asp")].kind == "function"


def test_dragging_a_node_is_one_undoable_move_and_copies_follow(view, qtbot):
    doc = view.document
    original = doc.blueprint
    sc = view.diagram
    before_copy = sc.nodes[("response", "wilts")].body.pos()
    team_before = sc.nodes[("resp-asp", "asp")].body.pos()
    start = _centre(view, "response", "asp")
    _drag(view, qtbot, start, start + QPoint(0, 120))
    pos = doc.element("response").position
    assert pos is not None
    assert doc.undo_stack.count() == 1
    view.flush()
    moved_copy = sc.nodes[("response", "wilts")].body.pos()
    assert moved_copy.y() > before_copy.y() + 50  # the copy in the other lane moved too
    assert sc.nodes[("resp-asp", "asp")].body.pos().y() > team_before.y() + 50  # its team too
    doc.undo_stack.undo()
    assert doc.blueprint is original
    view.flush()
    assert sc.nodes[("response", "wilts")].body.pos() == before_copy


def test_a_node_cannot_be_dragged_out_of_its_lane(view, qtbot):
    sc = view.diagram
    start = _centre(view, "it")
    lane = sc.layout.lane("wilts").rect
    _drag(view, qtbot, start, start + QPoint(-3000, 0))
    x = view.document.element("it").position.x
    assert x >= lane.x


def test_link_mode_adds_an_allowed_link(view, qtbot):
    view.set_connect_mode(True)
    sc = view.diagram
    a = sc.nodes[("resp-asp", "asp")].rect().center()
    b = sc.nodes[("bristol", "asp")].rect().center()
    view.centerOn((a + b) / 2)
    _drag(view, qtbot, view.mapFromScene(a), view.mapFromScene(b))
    links = view.document.blueprint.links
    assert any(ln.kind == "serves" and ln.source == "resp-asp" and ln.target == "bristol"
               for ln in links)


def test_link_mode_refuses_with_a_reason(view, qtbot):
    view.set_connect_mode(True)
    sc = view.diagram
    messages = []
    view.message.connect(messages.append)
    a = sc.nodes[("response", "asp")].rect().center()
    b = sc.nodes[("bristol", "asp")].rect().center()
    view.centerOn((a + b) / 2)
    before = view.document.blueprint
    _drag(view, qtbot, view.mapFromScene(a), view.mapFromScene(b))
    assert view.document.blueprint is before
    assert messages and "function" in messages[-1] and "area" in messages[-1]
    assert view.toast.isVisible()


def test_link_kinds_follow_the_schema():
    assert link_kind_for("team", "function") == "delivers"
    assert link_kind_for("function", "function") == "depends-on"
    assert link_kind_for("body", "team") == "governs"
    assert link_kind_for("function", "area") is None


def test_dependency_cycle_is_refused(view):
    doc = view.document
    assert doc.add_link("depends-on", "it", "response") is None
    kind, reason = view.link_verdict("response", "it")
    assert kind == "depends-on" and reason and "circle" in reason


def test_selected_link_can_be_removed(view, qtbot):
    doc = view.document
    assert doc.add_link("depends-on", "it", "response") is None
    index = len(doc.blueprint.links) - 1
    view._set_link_selected(index)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert not any(ln.kind == "depends-on" for ln in doc.blueprint.links)


def _drop(view, payload: str, scene_point: QPointF) -> None:
    view.centerOn(scene_point)
    mime = QMimeData()
    mime.setData(PALETTE_MIME, payload.encode())
    pos = QPointF(view.mapFromScene(scene_point))
    event = QDropEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    view.dropEvent(event)


def test_dropping_a_catalogue_function_in_a_lane_adds_it_there(view):
    lane = view.diagram.layout.lane("wilts").rect
    _drop(view, "operational-support/mounted", QPointF(lane.x + 150, lane.bottom - 60))
    fns = view.document.blueprint.functions
    assert fns[-1].category == "operational-support/mounted"
    assert view.document.selection() == (fns[-1].id,)
    view.flush()
    node = view.diagram.nodes[(fns[-1].id, "wilts")]
    assert lane.x <= node.rect().x() < lane.right


def test_dropping_a_team_on_a_function_makes_a_team_for_it(view):
    node = view.diagram.nodes[("it", "wilts")]
    _drop(view, "team", node.rect().center())
    t = view.document.blueprint.teams[-1]
    assert t.function == "it" and t.owner == "wilts"


def test_dropping_an_area_on_the_band_is_refused_or_placed_in_a_force(view):
    before = len(view.document.blueprint.areas)
    band = view.diagram.layout.band
    _drop(view, "area", QPointF(band.x + 40, band.y + 40))
    # an area needs a force: it lands in one, never in the alliance band
    areas = view.document.blueprint.areas
    view.flush()
    assert len(areas) == before + 1 and view.diagram.layout.home[areas[-1].id] is not None


def test_wheel_zooms_and_reports_it(view, qtbot):
    seen = []
    view.zoomChanged.connect(seen.append)
    before = view.zoom()
    centre = QPointF(view.viewport().rect().center())
    event = QWheelEvent(centre, QPointF(view.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                        QPoint(0, 240), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    view.wheelEvent(event)
    assert view.zoom() > before and seen and seen[-1] == pytest.approx(view.zoom())


def test_zoomed_out_nodes_drop_their_labels(view):
    node = view.diagram.nodes[("it", "wilts")]
    view.centerOn(node.rect().center())
    view._set_zoom(1.0)
    assert node.detail is not None and node.detail.isVisible()
    view._set_zoom(0.1)
    assert not node.detail.isVisible()


def test_zoom_to_fit_shows_everything_and_to_selection_centres_it(view):
    view.zoom_to_fit()
    assert view.visible_scene_rect().contains(view.diagram.sceneRect().adjusted(2, 2, -2, -2))
    view.document.select(("it",))
    view.zoom_to_selection()
    assert view.visible_scene_rect().contains(view.diagram.element_rect("it"))


def test_canvas_follows_edits_undo_and_redo(view, qtbot):
    doc = view.document
    doc.try_edit("Rename", edits.update_element, "it", name="Information technology")
    node = view.diagram.nodes[("it", "wilts")]
    assert node.text.name == "Information technology"
    doc.try_edit("Make local", edits.set_arrangement, "it", "wilts", "local")
    view.flush()
    assert ("it", "wilts") in view.diagram.nodes and ("it", "asp") in view.diagram.nodes
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    view.flush()
    assert set(view.diagram.copies_of["it"]) == {("it", "wilts"), ("it", "asp")}
    assert view.diagram.is_reference(("it", "asp"))  # shared again: A&S shows a reference
    assert view.diagram.nodes[("it", "wilts")].text.name == "It"


def test_auto_layout_forgets_positions_in_one_step(view):
    doc = view.document
    doc.move_elements({"it": (900.0, 900.0)})
    doc.close_merge()
    view.auto_layout()
    assert doc.element("it").position is None
    doc.undo_stack.undo()
    assert doc.element("it").position is not None


def test_colour_by_cost_and_status(view):
    view.set_colour_by("cost")
    assert view.diagram.heat_limits and view.legend.isVisible()
    assert view.diagram.heat  # every function node has a step
    view.set_colour_by("status")
    view.set_colour_by("none")
    with pytest.raises(ValueError):
        view.diagram.set_colour_mode("rainbow")


def test_dark_palette_restyles_the_canvas(view, qtbot):
    from PySide6.QtGui import QColor, QPalette

    pal = QPalette(view.palette())
    pal.setColor(QPalette.ColorRole.Window, QColor("#202124"))
    view.setPalette(pal)
    assert view.diagram.style.dark
    assert view.backgroundBrush().color().lightness() < 80


def test_view_menu_entries_drive_the_canvas(view):
    from PySide6.QtWidgets import QMenu

    menu = QMenu()
    view.add_view_actions(menu)
    actions = {a.text(): a for a in menu.actions()}
    actions["&Legend"].setChecked(False)
    assert not view.legend.isVisible()
    colour = next(a.menu() for a in menu.actions() if a.menu() is not None)
    cost = next(a for a in colour.actions() if "Cost" in a.text())
    cost.trigger()
    assert view.diagram.colour_mode == "cost" and view.legend.isVisible()
    actions["&Overview Map"].setChecked(False)
    view._set_zoom(2.0)
    assert not view.minimap.isVisible()


def test_keyboard_walks_and_nudges_the_selection(view, qtbot):
    doc = view.document
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    first = doc.selection()
    assert len(first) == 1
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert doc.selection() != first
    qtbot.keyClick(view, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert doc.selection() == first
    doc.select(("it",), source="test")
    x0, y0 = view.diagram.node_for("it").body.pos().toTuple()
    qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    pos = doc.element("it").position
    assert (pos.x, pos.y) == (x0, y0 + 48)
    assert doc.undo_stack.count() == 1  # the nudges merge into one step


def test_jumping_to_a_local_function_shows_one_of_its_copies(show_canvas):
    """A local function has a copy in every lane: centring on all of them together
    landed between the lanes, with none on screen."""
    from bench.generate import synthetic_blueprint

    bp = synthetic_blueprint(400, forces=3, seed=2)
    v = show_canvas(bp, (900, 600))
    doc = v.document
    v._set_zoom(1.0)
    v.centerOn(0, 0)
    local = [f.id for f in bp.functions if f.delivery == "local"][-1]
    doc.select([local], source=None)  # chosen elsewhere (matrix, outline, find)
    visible = v.visible_scene_rect()
    assert any(visible.intersects(r) for r in v._copy_rects(local))
    v.centerOn(0, 0)
    v.centre_on((local,))  # a problem row or a find result
    visible = v.visible_scene_rect()
    assert any(visible.contains(r.center()) for r in v._copy_rects(local))


def test_the_first_view_follows_the_layout_settling_until_the_user_moves(show_canvas):
    """Docks restored after the canvas was first sized shrink it; the start view (top left:
    band and lane headers) must still begin at the top left."""
    from bench.generate import synthetic_blueprint

    v = show_canvas(synthetic_blueprint(600, forces=3, seed=4), (1600, 1000))
    top_left = v.diagram.sceneRect().topLeft()
    v.resize(700, 420)  # the dock layout taking its share
    QApplication.processEvents()
    visible = v.visible_scene_rect()
    assert visible.contains(top_left + QPointF(30, 30))
    v.zoom_in()  # the user's own move: resizing keeps it
    chosen = v.zoom()
    v.resize(900, 500)
    QApplication.processEvents()
    assert v.zoom() == chosen


# ---------------------------------------------------------------- readable sizes


def _smallest_text_on_screen(view) -> float:
    """The em height, in screen pixels, of the smallest text drawn on the canvas's screen:
    each text item's font mapped through its item and view transforms."""
    from PySide6.QtWidgets import QGraphicsSimpleTextItem

    from designer.ui.canvas.items import font_px

    visible = view.visible_scene_rect()
    sizes = []
    for item in view.diagram.items(visible):
        if isinstance(item, QGraphicsSimpleTextItem) and item.isVisible() and item.text():
            scale = (item.sceneTransform() * view.viewportTransform()).m22()
            sizes.append(font_px(item.font()) * scale)
    assert sizes, "no text on screen"
    return min(sizes)


def test_the_first_view_and_fit_keep_every_label_readable_on_a_big_blueprint(show_canvas,
                                                                            qtbot):
    """A blueprint too big to read whole opens, and fits, one lane across the screen at
    a zoom where the smallest label is still 9 px; the whole is one command away."""
    from bench.generate import synthetic_blueprint
    from designer.ui.canvas.view import READABLE_PX, readable_zoom

    view = show_canvas(synthetic_blueprint(1200, forces=3, seed=4), size=(1366, 768))
    assert view.zoom() >= readable_zoom() - 1e-9
    assert view.diagram.detailed
    assert _smallest_text_on_screen(view) >= READABLE_PX - 1e-6
    first = view.diagram.layout.lanes[0].rect
    assert view.visible_scene_rect().left() <= first.x  # its top left: gutter, lane 1
    view.zoom_to_whole()
    qtbot.waitUntil(lambda: view.visible_scene_rect().contains(  # once the scroll bars go
        view.diagram.sceneRect().adjusted(2, 2, -2, -2)))
    assert not view.diagram.detailed  # a thumbnail: labels off
    lane = view.diagram.layout.lanes[1].rect
    view.centerOn(QPointF(lane.x + lane.width / 2, lane.y + 400))
    view.zoom_to_fit()
    assert view.zoom() >= readable_zoom() - 1e-9 and view.diagram.detailed
    visible = view.visible_scene_rect()
    assert (visible.left() <= lane.x + 1 and lane.right <= visible.right() + 1) or \
        view.zoom() == pytest.approx(readable_zoom())  # the lane across, or as near as reads
    assert visible.left() < lane.right and visible.right() > lane.x  # that lane
    assert _smallest_text_on_screen(view) >= READABLE_PX - 1e-6


def test_no_name_of_the_sample_is_cut_on_the_canvas(show_canvas):
    """Names wrap (two lines, three for a long function name), so every function, area,
    body and reference of the workshop sample shows its whole name; a team name too long
    for two lines of its pill ends in "…" and is whole in its tooltip."""
    from designer.core import io
    from tests.core.test_samples import MODELS

    bp = io.load(MODELS / "avon-somerset-wiltshire.json")
    view = show_canvas(bp, size=(1366, 768))
    sc = view.diagram
    sc.ensure_details(None)
    cut_teams = 0
    for key, node in sc.nodes.items():
        if node.kind == "role":
            continue
        shown = next(item.text() for item, muted in node.labels if not muted)
        if node.kind == "team" and shown.endswith("…"):  # only once both lines are full
            cut_teams += 1
            assert len(shown.split("\n")) == 2, key
            assert node.body.toolTip().startswith(node.text.name), key
            continue
        assert shown.replace("\n", " ") == node.text.name, key
        for item, _muted in node.labels:  # every line inside the node
            r = item.mapRectToItem(node.body, item.boundingRect())
            assert r.left() >= 0 and r.right() <= node.size[0] + 0.5, key
            assert r.top() >= 0 and r.bottom() <= node.size[1] + 0.5, key
    assert cut_teams < len(bp.teams)


def test_right_click_offers_a_challenge_on_the_node_or_the_blueprint(view):
    asked = []
    view.challengeRequested.connect(asked.append)
    menu = view.context_menu(_centre(view, "dogs"))
    assert [a.text() for a in menu.actions()] == ["Add Challenge on Dogs…"]
    assert view.document.selection() == ("dogs",)  # what the menu is about is selected
    menu.actions()[0].trigger()
    corner = view.mapFromScene(view.diagram.sceneRect().bottomRight() - QPointF(5, 5))
    background = view.context_menu(corner)
    assert [a.text() for a in background.actions()] == ["Add Challenge on the Blueprint…"]
    background.actions()[0].trigger()
    assert asked == ["dogs", None]
