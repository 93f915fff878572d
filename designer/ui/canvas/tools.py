"""The canvas's tools: each mouse gesture is a small object holding its own state.

A press on the canvas picks one tool and the view keeps it until the release
(``CanvasView.tool``); moves and the release go to it:

- :class:`PanTool` — middle button, or Space and the left button: drag the view along;
- :class:`MoveTool` — pressed on a node: the press selected it; dragging past a few
  pixels moves the selection's nodes (every copy, and the teams hanging under them)
  and the release makes it one undoable move;
- :class:`LinkTool` — in link mode, pressed on a node: a dashed line follows the
  mouse, coloured by whether a link may go there, and the release adds it;
- :class:`BandTool` — pressed on the background: Qt's rubber band, which selects
  what it touches.

:class:`PaletteDrop` places what the palette drops on the canvas. Tools get the view
as an argument rather than keeping it: no reference cycle through a Qt object.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from PySide6.QtCore import QMimeData, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsPathItem

from designer.core.layout import NODE_SIZE, Layout, clamp_into, mirror_x
from designer.core.schema import Blueprint
from designer.ui.canvas.items import NodeItem

if TYPE_CHECKING:
    from designer.ui.canvas.scene import NodeKey
    from designer.ui.canvas.view import CanvasView

PALETTE_MIME = "application/x-designer-palette"
DRAG_START_PX = 4
"""A press on a node becomes a move once the mouse has gone this far (else it is a click)."""
REFUSED_COLOUR, ALLOWED_COLOUR = "#D55E00", "#009E73"
"""The link tool's line over a node it may not link to, and over one it may."""


class Tool:
    """One gesture in progress, from the press that picked it to the release."""

    native: ClassVar[bool] = False
    """True: Qt's own view handling gets the moves and the release first (rubber band)."""

    def move(self, view: CanvasView, pos: QPoint) -> None:
        """The mouse moved to ``pos`` (viewport coordinates) with the button held."""

    def release(self, view: CanvasView, pos: QPoint) -> None:
        """The button came up at ``pos``: finish the gesture (the view drops the tool)."""


@dataclass
class PanTool(Tool):
    """Drag the view along; gives the gesture it interrupted back when released."""

    last: QPoint
    resume: Tool | None = None

    def move(self, view: CanvasView, pos: QPoint) -> None:
        d = pos - self.last
        self.last = pos
        view.scroll_by(-d.x(), -d.y())

    def release(self, view: CanvasView, pos: QPoint) -> None:
        view.viewport().setCursor(Qt.CursorShape.OpenHandCursor if view.space_held
                                  else Qt.CursorShape.ArrowCursor)
        view.tool = self.resume


@dataclass
class _Group:
    """One selected element being moved: its lane, where its main node started, and
    each of its node copies that moves with it (with where it started)."""

    home: str | None
    start: QPointF
    keys: list[tuple[NodeKey, QPointF]]


@dataclass
class MovePlan:
    """What a drag moves: the selection's nodes and the teams hanging under them that
    have no stored position (they follow their function)."""

    groups: dict[str, _Group]
    followers: list[tuple[NodeKey, str, QPointF]]  # (team node, function id, its start)
    moved: dict[str, tuple[float, float]] = field(default_factory=dict)  # id → new place

    @classmethod
    def of_selection(cls, view: CanvasView) -> MovePlan | None:
        """The plan for the document's selection; None when nothing selected is on screen."""
        sc = view.diagram
        layout = sc.layout
        if layout is None:
            return None
        bp = view.document.blueprint
        positioned = {e.id for _l, _i, e in bp.elements() if e.position is not None}
        groups: dict[str, _Group] = {}
        moving: set[NodeKey] = set()
        for element_id in view.document.selection():
            home = layout.home.get(element_id, "missing")
            main = sc.nodes.get((element_id, home)) if home != "missing" else None
            if main is None:
                continue
            keys: list[NodeKey] = [(element_id, home)]
            if element_id in layout.mirrored:
                keys += [(element_id, lane) for lane in layout.copies.get(element_id, {})]
            groups[element_id] = _Group(home, main.body.pos(),
                                        [(k, sc.nodes[k].body.pos()) for k in keys
                                         if k in sc.nodes])
            moving.update(keys)
        followers = []
        for key in moving:
            for spec in sc.edges_at.get(key, ()):
                if spec.tree and spec.target == key and spec.source not in moving \
                        and spec.source[0] not in positioned \
                        and spec.source[0] not in groups:
                    followers.append((spec.source, key[0], sc.nodes[spec.source].body.pos()))
        if not groups:
            return None
        return cls(groups, followers)


@dataclass
class MoveTool(Tool):
    """Pressed on a node (already selected by the press): a drag moves the selection."""

    press: QPointF  # scene point pressed
    press_view: QPoint  # the same in viewport pixels
    plan: MovePlan | None = None

    def move(self, view: CanvasView, pos: QPoint) -> None:
        if self.plan is None and (pos - self.press_view).manhattanLength() >= DRAG_START_PX:
            self.plan = MovePlan.of_selection(view)
            if self.plan is not None:
                view.viewport().setCursor(Qt.CursorShape.SizeAllCursor)
        if self.plan is not None:
            self._drag_to(view, view.mapToScene(pos))

    def _drag_to(self, view: CanvasView, scene_pos: QPointF) -> None:
        """Move the nodes (kept inside their lanes) and re-route their edges; the
        blueprint changes only on release."""
        plan, sc = self.plan, view.diagram
        assert plan is not None and sc.layout is not None
        dx, dy = scene_pos.x() - self.press.x(), scene_pos.y() - self.press.y()
        touched: list[NodeKey] = []
        deltas: dict[str, tuple[float, float]] = {}
        for element_id, g in plan.groups.items():
            start = g.start
            node = sc.nodes.get(g.keys[0][0])
            if node is None:
                continue
            w, h = node.size
            x, y = clamp_into(sc.layout.region(g.home), start.x() + dx, start.y() + dy, w, h)
            ddx, ddy = x - start.x(), y - start.y()
            deltas[element_id] = (ddx, ddy)
            plan.moved[element_id] = (x, y)
            for key, origin in g.keys:
                sc.nodes[key].body.setPos(origin.x() + ddx, origin.y() + ddy)
                touched.append(key)
        for key, fn_id, origin in plan.followers:
            ddx, ddy = deltas.get(fn_id, (0.0, 0.0))
            sc.nodes[key].body.setPos(origin.x() + ddx, origin.y() + ddy)
            touched.append(key)
        sc.reroute(touched)

    def release(self, view: CanvasView, pos: QPoint) -> None:
        """One undoable move of everything dragged (a plain click changes nothing)."""
        if self.plan is None:
            return
        view.viewport().setCursor(Qt.CursorShape.ArrowCursor)
        if not self.plan.moved:
            return
        view.document.move_elements(dict(self.plan.moved))
        view.document.close_merge()


class LinkTool(Tool):
    """Link mode, pressed on a node: a dashed line to the mouse; released on another
    node, the link their kinds allow is added (or the canvas says why not)."""

    def __init__(self, view: CanvasView, source: NodeItem):
        self.source = source
        line = QGraphicsPathItem()
        pen = QPen(view.diagram.style.edge_hot, 1.5, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        line.setPen(pen)
        line.setZValue(10)
        view.diagram.addItem(line)
        self.line: QGraphicsPathItem | None = line

    def move(self, view: CanvasView, pos: QPoint) -> None:
        assert self.line is not None
        start = self.source.rect().center()
        path = QPainterPath(start)
        path.lineTo(view.mapToScene(pos))
        target = view.node_at(pos)
        colour = view.diagram.style.edge_hot
        tip = ""
        if target is not None and target.element_id != self.source.element_id:
            kind, reason = view.link_verdict(self.source.element_id, target.element_id)
            colour = QColor(REFUSED_COLOUR if reason else ALLOWED_COLOUR)
            tip = f"Cannot link: {reason}" if reason else f"Add a “{kind}” link"
        pen = self.line.pen()
        pen.setColor(colour)
        self.line.setPen(pen)
        self.line.setPath(path)
        view.setToolTip(tip)

    def release(self, view: CanvasView, pos: QPoint) -> None:
        if self.line is not None:
            view.diagram.removeItem(self.line)
            self.line = None
        view.setToolTip("")
        source, target = self.source, view.node_at(pos)
        if target is None or target is source:
            return
        kind, reason = view.link_verdict(source.element_id, target.element_id)
        if kind is not None and reason is None:
            reason = view.document.add_link(kind, source.element_id, target.element_id)
        if reason:
            view.show_message(f"Cannot link: {reason}")
        else:
            view.show_message(f"Added: {view.name_of(source.element_id)} {kind} "
                              f"{view.name_of(target.element_id)}")


@dataclass
class BandTool(Tool):
    """Pressed on the background: Qt draws the rubber band; the release selects every
    element it touched, added to ``base`` (what was selected, when Ctrl or Shift held)."""

    native: ClassVar[bool] = True
    base: tuple[str, ...] = ()
    rect: QRectF = field(default_factory=QRectF)  # the band in scene coordinates, as Qt draws it

    def release(self, view: CanvasView, pos: QPoint) -> None:
        if self.rect.isNull():
            return
        ids = list(self.base)
        sc = view.diagram
        for item in sc.items(self.rect):
            node = sc.node_at_item(item)
            if node is not None and node.kind != "role" and node.element_id not in ids:
                ids.append(node.element_id)
        view.document.select(tuple(ids), source=view)


# ---------------------------------------------------------------- palette drops


@dataclass(frozen=True)
class Placement:
    """Where a palette entry dropped on the canvas goes (``add_from_palette``'s arguments)."""

    force: str | None  # the lane it was dropped in (None: the alliance band)
    function: str | None  # the function node it was dropped on (a team is made for it)
    position: tuple[float, float] | None  # a stored position, for functions and areas


def placement(layout: Layout, bp: Blueprint, payload: str, x: float, y: float,
              on: NodeItem | None = None) -> Placement:
    """Where ``payload`` (a catalogue entry 'category/function', or an element kind)
    dropped at scene point (x, y), over node ``on`` if any, goes."""
    lane = layout.lane_at(x, y)
    function = on.element_id if on is not None and on.kind == "function" else None
    kind = "function" if "/" in payload else payload
    size = NODE_SIZE.get(kind)
    position: tuple[float, float] | None = None
    if size is not None and lane is not None and kind in ("function", "area"):
        px, py = x - size[0] / 2, y - size[1] / 2
        if kind == "function" and bp.forces:  # a new local function's home is lane one
            px = mirror_x(layout, px, lane, bp.forces[0].id)
        position = (px, py)
    if kind == "team" and lane is None and on is not None and on.lane is not None:
        lane = on.lane
    return Placement(lane, function, position)


class PaletteDrop:
    """Takes palette entries dragged onto the canvas and adds what they make where they
    land (through the document: one undoable step, or a refusal in words)."""

    mime = PALETTE_MIME

    def accepts(self, mime: QMimeData) -> bool:
        return mime.hasFormat(self.mime)

    def payload(self, mime: QMimeData) -> str:
        return bytes(mime.data(self.mime)).decode("utf-8", "replace").strip()

    def drop(self, view: CanvasView, payload: str, at: QPointF,
             on: NodeItem | None = None) -> str | None:
        """Add what ``payload`` makes at scene point ``at``; returns the refusal, if any."""
        view.flush()
        layout = view.diagram.layout
        if layout is None:
            return None
        where = placement(layout, view.document.blueprint, payload, at.x(), at.y(), on)
        reason = view.document.add_from_palette(payload, force=where.force,
                                                function=where.function,
                                                position=where.position)
        if reason:
            view.show_message(f"Cannot add: {reason}")
        return reason
