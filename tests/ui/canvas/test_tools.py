"""The canvas's tools, one gesture each: pan, move, link, rubber band, palette drop."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from designer.core.layout import NODE_SIZE, compute_layout, mirror_x
from designer.core.node_text import NodeText
from designer.ui.canvas.items import NodeItem
from designer.ui.canvas.tools import (
    ALLOWED_COLOUR,
    DRAG_START_PX,
    PALETTE_MIME,
    REFUSED_COLOUR,
    BandTool,
    LinkTool,
    MoveTool,
    PaletteDrop,
    PanTool,
    placement,
)
from tests.build import area, blueprint, function, team


def _point(view, element_id, lane="missing") -> QPoint:
    """The viewport point at the middle of a node (brought into sight first)."""
    sc = view.diagram
    node = sc.node_for(element_id) if lane == "missing" else sc.nodes[(element_id, lane)]
    view.centerOn(node.rect().center())
    return view.mapFromScene(node.rect().center())


def _send(view, kind, pos: QPoint, button, buttons) -> None:
    event = QMouseEvent(kind, QPointF(pos), QPointF(view.viewport().mapToGlobal(pos)), button,
                        buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view.viewport(), event)


def test_a_press_on_a_node_picks_the_move_tool_and_the_release_drops_it(view):
    left = Qt.MouseButton.LeftButton
    at = _point(view, "it")
    _send(view, QEvent.Type.MouseButtonPress, at, left, left)
    assert isinstance(view.tool, MoveTool) and view.document.selection() == ("it",)
    _send(view, QEvent.Type.MouseButtonRelease, at, left, Qt.MouseButton.NoButton)
    assert view.tool is None
    assert view.document.undo_stack.count() == 0  # a click moves nothing


def test_the_move_tool_waits_for_a_few_pixels_before_it_moves_anything(view):
    doc = view.document
    at = _point(view, "it")
    doc.select(("it",), source=view)
    tool = MoveTool(view.mapToScene(at), at)
    node = view.diagram.nodes[("it", "wilts")]
    start = node.body.pos()
    tool.move(view, at + QPoint(DRAG_START_PX - 1, 0))
    assert tool.plan is None and node.body.pos() == start
    tool.move(view, at + QPoint(0, 60))
    assert tool.plan is not None and set(tool.plan.groups) == {"it"}
    assert node.body.pos().y() > start.y() + 40  # the node follows at once …
    assert doc.element("it").position is None  # … the blueprint only on release
    # its team hangs under it without a stored position: it follows
    assert [f[0] for f in tool.plan.followers] == [("it-team", "wilts")]
    tool.release(view, at + QPoint(0, 60))
    assert doc.element("it").position is not None and doc.undo_stack.count() == 1


def test_a_move_with_nothing_selected_on_screen_has_no_plan(view):
    at = _point(view, "it")
    view.document.select((), source=view)
    tool = MoveTool(view.mapToScene(at), at)
    tool.move(view, at + QPoint(0, 60))
    assert tool.plan is None
    tool.release(view, at + QPoint(0, 60))
    assert view.document.undo_stack.count() == 0


def test_the_link_tool_draws_a_line_coloured_by_the_verdict_and_cleans_up(view):
    sc = view.diagram
    source = sc.nodes[("resp-asp", "asp")]
    before = len(sc.items())
    tool = LinkTool(view, source)
    line = tool.line
    assert line is not None and line.scene() is sc and len(sc.items()) == before + 1
    tool.move(view, _point(view, "bristol", "asp"))  # a team serves an area: allowed
    assert line.pen().color().name().upper() == ALLOWED_COLOUR
    assert "serves" in view.toolTip()
    tool.move(view, _point(view, "board"))  # a team never links to a body
    assert line.pen().color().name().upper() == REFUSED_COLOUR
    assert view.toolTip().startswith("Cannot link")
    tool.release(view, _point(view, "bristol", "asp"))
    assert tool.line is None and line.scene() is None and view.toolTip() == ""
    assert any(ln.kind == "serves" and (ln.source, ln.target) == ("resp-asp", "bristol")
               for ln in view.document.blueprint.links)


def test_the_link_tool_released_on_nothing_adds_nothing(view):
    before = view.document.blueprint
    tool = LinkTool(view, view.diagram.nodes[("resp-asp", "asp")])
    tool.release(view, QPoint(2, 2))  # the corner of the viewport: no node there
    assert view.document.blueprint is before and tool.line is None


def test_the_band_tool_adds_what_it_touched_to_its_base(view):
    sc = view.diagram
    doc = view.document
    r = sc.nodes[("bristol", "asp")].rect().adjusted(-5, -5, 5, 5)
    BandTool(("it",), r).release(view, QPoint())
    assert doc.selection() == ("it", "bristol")
    doc.select(("dogs",), source=view)
    BandTool(("dogs",)).release(view, QPoint())  # Qt drew no band: a plain click
    assert doc.selection() == ("dogs",)


def test_a_pan_in_the_middle_of_a_drag_gives_the_drag_back(view):
    left, middle = Qt.MouseButton.LeftButton, Qt.MouseButton.MiddleButton
    view._set_zoom(2.0)
    at = _point(view, "it")
    _send(view, QEvent.Type.MouseButtonPress, at, left, left)
    drag = view.tool
    assert isinstance(drag, MoveTool)
    _send(view, QEvent.Type.MouseButtonPress, at, middle, left | middle)
    assert isinstance(view.tool, PanTool) and view.tool.resume is drag
    h = view.horizontalScrollBar().value()
    _send(view, QEvent.Type.MouseMove, at + QPoint(-30, 0), Qt.MouseButton.NoButton,
          left | middle)
    assert view.horizontalScrollBar().value() == h + 30  # the view moved, not the node
    assert drag.plan is None
    _send(view, QEvent.Type.MouseButtonRelease, at, middle, left)
    assert view.tool is drag
    _send(view, QEvent.Type.MouseButtonRelease, at, left, Qt.MouseButton.NoButton)
    assert view.tool is None


def test_palette_drop_reads_only_palette_entries():
    drop = PaletteDrop()
    mime = QMimeData()
    mime.setText("operational-support/dogs")
    assert not drop.accepts(mime)
    mime.setData(PALETTE_MIME, b" operational-support/dogs\n")
    assert drop.accepts(mime) and drop.payload(mime) == "operational-support/dogs"


def _small():
    return blueprint("asp", "wilts", areas=[area("bristol", "asp")],
                     functions=[function("it", "support-functions/ict", delivery="shared",
                                         host_force="wilts")],
                     teams=[team("it-team", "it", "wilts")])


def test_placement_of_a_catalogue_function_is_mirrored_to_its_home_lane():
    bp = _small()
    layout = compute_layout(bp)
    lane = layout.lane("wilts").rect
    x, y = lane.x + 150, lane.bottom - 60
    where = placement(layout, bp, "operational-support/mounted", x, y)
    w, h = NODE_SIZE["function"]
    assert where.force == "wilts" and where.function is None
    assert where.position == (mirror_x(layout, x - w / 2, "wilts", "asp"), y - h / 2)


def test_placement_of_a_team_on_a_function_makes_a_team_for_it_in_that_lane(qapp):
    bp = _small()
    layout = compute_layout(bp)
    band = layout.band
    on = NodeItem("it", "wilts", NodeText("function", "It"))
    where = placement(layout, bp, "team", band.x + 40, band.y + 40, on)
    assert (where.force, where.function, where.position) == ("wilts", "it", None)
    nothing_under = placement(layout, bp, "team", band.x + 40, band.y + 40)
    assert (nothing_under.force, nothing_under.function) == (None, None)


def test_a_drop_goes_through_the_document_and_says_why_it_was_refused(show_canvas):
    view = show_canvas(_small())
    messages = []
    view.message.connect(messages.append)
    band = view.diagram.layout.band
    reason = PaletteDrop().drop(view, "force-of-nature", QPointF(band.x + 40, band.y + 40))
    assert reason and messages == [f"Cannot add: {reason}"]
    lane = view.diagram.layout.lane("asp").rect
    assert PaletteDrop().drop(view, "area", QPointF(lane.x + 100, lane.bottom - 40)) is None
    assert view.document.blueprint.areas[-1].force == "asp"


def test_the_tools_leave_no_reference_to_the_view(view):
    """Tools get the view as an argument: none keeps it (no cycle through a Qt object)."""
    link = LinkTool(view, view.diagram.nodes[("it", "wilts")])
    for tool in (PanTool(QPoint()), MoveTool(QPointF(), QPoint()), BandTool(), link,
                 view.palette_drop):
        assert all(value is not view for value in vars(tool).values()), tool
    link.release(view, QPoint(2, 2))
