"""A path highlighted across the canvas, the rest dimmed: "who serves here" and walk-throughs.

``scene.highlight_path(ids)`` shows a chain of elements — a policing area, the team
serving it, the function, the host or lead force, the governing body, the PCCs —
joined in order by a thick line over a veil that dims everything else;
``scene.clear_highlight()`` takes it away. Any view may use it (the Trace dock, the
Walk-throughs dock's Play, a presentation). Ids the canvas does not show are skipped;
a force is its lane's header strip; an element drawn in several lanes is taken in the
lane nearest the step before it, so the line runs across the force lanes the way the
demand does.

One veil item and a few overlay items, never item opacity on thousands of nodes
(Qt composites translucent items pixel by pixel). The highlighted nodes are lifted
above the veil and put back where they were when the highlight goes.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsPathItem, QGraphicsRectItem

from designer.ui.canvas.items import NodeItem
from designer.ui.style import HIGHLIGHT_COLOUR

if TYPE_CHECKING:
    from designer.ui.canvas.scene import DiagramScene

Z_VEIL, Z_PATH, Z_LIFTED = 40.0, 45.0, 50.0
FORCE_NAME_WIDTH = 240.0
"""How much of a lane header a highlighted force rings (where its name is)."""
VEIL_ALPHA = 185
"""How much the veil hides (of 255): the dimmed picture still shows where things are."""


class Highlight:
    """The highlighted path on one scene (see the module docstring)."""

    def __init__(self, scene: DiagramScene):
        self._scene = scene
        self.ids: tuple[str, ...] = ()
        """The ids asked for (kept so the path follows edits and theme changes)."""
        self.shown: tuple[str, ...] = ()
        """The ids actually found on the canvas, in path order."""
        self._veil: QGraphicsRectItem | None = None
        self._line: QGraphicsPathItem | None = None
        self._rings: list[QGraphicsPathItem] = []
        self._lifted: list[tuple[NodeItem, float]] = []
        self._rects: dict[str, QRectF] = {}

    @property
    def active(self) -> bool:
        return bool(self.ids)

    def show(self, ids: Sequence[str]) -> tuple[str, ...]:
        """Highlight ``ids`` in order; returns those found on the canvas."""
        self.clear()
        self.ids = tuple(dict.fromkeys(i for i in ids if i))
        if not self.ids:
            return ()
        scene = self._scene
        st = scene.style
        points: list[QPointF] = []
        shown: list[str] = []
        colour = QColor(HIGHLIGHT_COLOUR)
        for element_id in self.ids:
            rect = self._place(element_id, points[-1] if points else None)
            if rect is None:
                continue
            shown.append(element_id)
            self._rects[element_id] = rect
            points.append(rect.center())
        self.shown = tuple(shown)
        if not shown:
            self.ids = ()
            return ()
        veil_colour = QColor(st.canvas)
        veil_colour.setAlpha(VEIL_ALPHA)
        veil = QGraphicsRectItem(scene.sceneRect().adjusted(-2000, -2000, 2000, 2000))
        veil.setBrush(QBrush(veil_colour))
        veil.setPen(QPen(Qt.PenStyle.NoPen))
        veil.setZValue(Z_VEIL)
        veil.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        scene.addItem(veil)
        self._veil = veil
        if len(points) > 1:
            self._line = _line(points, colour)
            scene.addItem(self._line)
        return self.shown

    def _place(self, element_id: str, near: QPointF | None) -> QRectF | None:
        """Lift the element's node (the copy nearest ``near``) above the veil and ring it;
        a force: ring its lane header. Returns where it is, or None if not drawn."""
        scene = self._scene
        keys = scene.copies_of.get(element_id)
        if keys:
            nodes = [scene.nodes[k] for k in keys if k in scene.nodes]
            if not nodes:
                return None
            node = min(nodes, key=lambda n: _distance(n.rect().center(), near)) \
                if near is not None else scene.node_for(element_id) or nodes[0]
            self._lifted.append((node, node.body.zValue()))
            node.body.setZValue(Z_LIFTED)
            rect = node.rect()
            self._ring(rect, 6.0 if node.kind != "role" else 3.0)
            return rect
        layout = scene.layout
        lane = layout.lane(element_id) if layout is not None else None
        if lane is None:
            return None
        h = lane.header  # the force's name, at the left of its header strip
        rect = QRectF(h.x, h.y, min(h.width, FORCE_NAME_WIDTH), h.height)
        self._ring(rect, 3.0)
        return rect

    def _ring(self, rect: QRectF, pad: float) -> None:
        path = QPainterPath()
        path.addRoundedRect(rect.adjusted(-pad, -pad, pad, pad), 8.0, 8.0)
        ring = QGraphicsPathItem(path)
        pen = QPen(QColor(HIGHLIGHT_COLOUR), 3.0)
        pen.setCosmetic(True)
        ring.setPen(pen)
        ring.setBrush(QBrush(Qt.BrushStyle.NoBrush))
        ring.setZValue(Z_LIFTED + 1)
        ring.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self._scene.addItem(ring)
        self._rings.append(ring)

    def clear(self) -> None:
        """Take the highlight away and put the lifted nodes back."""
        scene = self._scene
        for node, z in self._lifted:
            node.body.setZValue(z)
        self._lifted = []
        for item in (self._veil, self._line, *self._rings):
            if item is not None and item.scene() is scene:
                scene.removeItem(item)
        self._veil, self._line, self._rings = None, None, []
        self.ids, self.shown, self._rects = (), (), {}

    def refresh(self) -> None:
        """Draw again after the scene changed (an edit, a theme): nodes may be new."""
        if self.ids:
            ids = self.ids
            self.clear()
            self.show(ids)

    def rect(self, ids: Sequence[str] | None = None) -> QRectF:
        """Where the highlighted elements (or some of them) are, for bringing them into
        view; null when none is shown."""
        r = QRectF()
        for element_id in self.shown if ids is None else ids:
            found = self._rects.get(element_id)
            if found is not None:
                r = r.united(found)
        return r


def _distance(a: QPointF, b: QPointF | None) -> float:
    return 0.0 if b is None else math.hypot(a.x() - b.x(), a.y() - b.y())


def _line(points: list[QPointF], colour: QColor) -> QGraphicsPathItem:
    """A thick line through the points in order, with a chevron at each arrival."""
    path = QPainterPath(points[0])
    for p in points[1:]:
        path.lineTo(p)
    for a, b in itertools.pairwise(points):
        length = math.hypot(b.x() - a.x(), b.y() - a.y())
        if length < 1:
            continue
        ux, uy = (b.x() - a.x()) / length, (b.y() - a.y()) / length
        mid = QPointF(a.x() + ux * length / 2, a.y() + uy * length / 2)
        size = 9.0
        for turn in (2.6, -2.6):
            angle = math.atan2(uy, ux) + turn
            path.moveTo(mid)
            path.lineTo(mid.x() + size * math.cos(angle), mid.y() + size * math.sin(angle))
    item = QGraphicsPathItem(path)
    pen = QPen(colour, 4.0)
    pen.setCosmetic(True)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    item.setPen(pen)
    item.setZValue(Z_PATH)
    item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
    return item
