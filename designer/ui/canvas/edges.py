"""The scene's edge layer: every edge of the blueprint, drawn only where it is needed.

Core decides *which* edges exist (:mod:`designer.core.canvas_edges`, from the schema's
reference declarations: one :class:`EdgeSpec` per team delivering a function, body
governing it, link in the file …); the scene tells the layer what came and went and
which nodes moved. The layer keeps the
rest: an index of every edge by the vertical strips of the scene its route spans
(so finding those near the screen does not walk all 60,000 of a big blueprint),
the items of the edges actually drawn, their routes
(:mod:`designer.core.routing`), and their look (selected ends, far zoom).
"""

from __future__ import annotations

import weakref
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainterPath
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem

from designer.core.routing import Point, route, route_box, tree_route
from designer.ui.canvas.items import (
    EDGE_ROLE,
    Z_EDGE,
    Z_EDGE_HOT,
    EdgeSpec,
    edge_pen,
    polyline_path,
)

if TYPE_CHECKING:
    from designer.ui.canvas.scene import DiagramScene, NodeKey

STRIP_W = 2048.0  # width of the vertical strips edges are filed under
ROUTE_MARGIN = 16.0  # a route runs at most this far right of its ends (half a grid gap)


class EdgeLayer:
    """Edge items, the strip index and lazy drawing for one :class:`DiagramScene`.

    Holds its scene weakly (the scene owns the layer; a reference cycle through a Qt
    object would leave it for the garbage collector, which PySide does not survive).
    """

    def __init__(self, scene: DiagramScene):
        self._scene = weakref.proxy(scene)
        self.edges: dict[EdgeSpec, QGraphicsPathItem] = {}  # the drawn ones
        self.edges_at: dict[NodeKey, set[EdgeSpec]] = defaultdict(set)
        self._all_specs: dict[EdgeSpec, None] = {}  # every edge, drawn or not, in order
        self._points: dict[EdgeSpec, tuple[Point, ...]] = {}  # each drawn edge's route
        self.x_moved: set[NodeKey] = set()
        """Nodes that moved sideways (or came, or went) since the last :meth:`update`."""
        self._columns: dict[int, set[EdgeSpec]] = defaultdict(set)
        self._columns_of: dict[EdgeSpec, range] = {}
        self._region: QRectF | None = None
        self.lazy = False  # a view turns this on (see ensure)
        self.shown = True

    @property
    def specs(self) -> list[EdgeSpec]:
        """Every edge the blueprint has, drawn or not."""
        return list(self._all_specs)

    # ------------------------------------------------------------ edges come and go

    def add(self, spec: EdgeSpec) -> None:
        """A new edge: indexed now, drawn by :meth:`update` if it should be."""
        self._all_specs[spec] = None
        self.edges_at[spec.source].add(spec)
        self.edges_at[spec.target].add(spec)
        self._file(spec)

    def forget(self, spec: EdgeSpec) -> None:
        """An edge the blueprint no longer has: out of the index, off the scene."""
        self._all_specs.pop(spec, None)
        for c in self._columns_of.pop(spec, ()):
            self._columns[c].discard(spec)
        for end in (spec.source, spec.target):
            at = self.edges_at.get(end)
            if at is not None:
                at.discard(spec)
                if not at:
                    del self.edges_at[end]
        item = self.edges.pop(spec, None)
        if item is not None:
            self._scene.removeItem(item)
        self._points.pop(spec, None)

    def update(self, new_specs: list[EdgeSpec], moved: set[NodeKey],
               strips_moved: bool) -> None:
        """After the nodes were synced: refile edges whose ends moved sideways, re-route
        drawn edges whose ends (or the strips routes run along) moved, and draw the new
        edges that should be seen."""
        # strips depend on x alone: a row or section that only slid down needs no refiling
        refile: set[EdgeSpec] = set()
        edges_at = self.edges_at
        for key in self.x_moved:
            at = edges_at.get(key)
            if at:
                refile.update(at)
        self._file_all(refile)
        self.x_moved = set()
        if strips_moved:
            for spec, item in list(self.edges.items()):
                self._route(spec, item)  # unchanged routes cost a comparison, no Qt call
        elif len(moved) > len(self.edges):  # a big shift: walk the (few) drawn edges
            for spec, item in list(self.edges.items()):
                if spec.source in moved or spec.target in moved:
                    self._route(spec, item)
        else:
            rerouted: set[EdgeSpec] = set()
            for key in moved:
                for spec in self.edges_at.get(key, ()):
                    item = self.edges.get(spec)
                    if item is not None and spec not in rerouted:
                        rerouted.add(spec)
                        self._route(spec, item)
        if not self.lazy:
            self._draw(new_specs, None)
            return
        region = self._region
        if region is not None:  # edges whose ends moved may have come into sight
            near = self._near(region)
            self._draw(near if strips_moved else
                       [*new_specs, *(s for s in near if s not in self.edges and (
                           s.source in moved or s.target in moved))], region)
        selected = self._scene.selected  # an edited element is usually selected: show its edges
        for spec in new_specs:
            if spec not in self.edges and (spec.source[0] in selected
                                           or spec.target[0] in selected):
                self._make(spec)

    def reroute(self, keys: Iterable[NodeKey], seen: set[EdgeSpec] | None = None) -> None:
        """Re-draw the edges at these nodes (their geometry was just updated), except
        those in ``seen``, which gains the ones re-drawn now."""
        seen = set() if seen is None else seen
        for key in keys:
            for spec in self.edges_at.get(key, ()):
                item = self.edges.get(spec)
                if spec not in seen:
                    seen.add(spec)
                    self._file(spec)
                    if item is not None:
                        self._route(spec, item)

    # ------------------------------------------------------------ the strip index

    def _file(self, spec: EdgeSpec) -> None:
        """File the edge under the strips its route spans (again, if its ends moved)."""
        geom = self._scene.geom
        a, b = geom.get(spec.source), geom.get(spec.target)
        if a is None or b is None:
            cols = range(0)
        else:
            cols = range(int(min(a[0], b[0]) // STRIP_W),
                         int((max(a[0] + a[2], b[0] + b[2]) + ROUTE_MARGIN) // STRIP_W) + 1)
        old = self._columns_of.get(spec)
        if old == cols:
            return
        for c in old or ():
            self._columns[c].discard(spec)
        for c in cols:
            self._columns[c].add(spec)
        self._columns_of[spec] = cols

    def _file_all(self, specs: Iterable[EdgeSpec]) -> None:
        """:meth:`_file` each of ``specs`` (thousands after a big reflow: the look-ups
        are made once here)."""
        geom, columns, columns_of = self._scene.geom, self._columns, self._columns_of
        for spec in specs:
            a, b = geom.get(spec.source), geom.get(spec.target)
            if a is None or b is None:
                cols = range(0)
            else:
                ax, bx = a[0], b[0]
                cols = range(int((ax if ax < bx else bx) // STRIP_W),
                             int((max(ax + a[2], bx + b[2]) + ROUTE_MARGIN) // STRIP_W) + 1)
            old = columns_of.get(spec)
            if old == cols:
                continue
            for c in old or ():
                columns[c].discard(spec)
            for c in cols:
                columns[c].add(spec)
            columns_of[spec] = cols

    def _near(self, rect: QRectF) -> set[EdgeSpec]:
        """Edges filed under the strips ``rect`` spans: a superset of those crossing it."""
        near: set[EdgeSpec] = set()
        for c in range(int(rect.left() // STRIP_W), int(rect.right() // STRIP_W) + 1):
            near.update(self._columns.get(c, ()))
        return near

    # ------------------------------------------------------------ drawing

    def ensure(self, rect: QRectF | None) -> None:
        """Draw the edges that pass through ``rect`` (all when ``None``).

        A view makes its scene lazy: a 75,000-element blueprint has 60,000 edges, and
        only those near what is on screen are ever drawn; edges whose ends are selected
        are drawn wherever they are. Edges hidden until selected ("quiet") are made when
        they are first needed.
        """
        self._region = rect
        self._draw(self._all_specs if rect is None else self._near(rect), rect)

    def _draw(self, specs: Iterable[EdgeSpec], rect: QRectF | None) -> None:
        """Make the items of those ``specs`` that should be drawn in ``rect``."""
        scene = self._scene
        edges = self.edges
        selected = scene.selected
        if rect is None:
            for spec in specs:
                if spec not in edges and (not spec.quiet or spec.source[0] in selected
                                          or spec.target[0] in selected):
                    self._make(spec)
            return
        if not self.shown:
            return
        geom = scene.geom
        left, top, right, bottom = rect.left(), rect.top(), rect.right(), rect.bottom()
        layout = scene.layout
        for spec in specs:  # geometry first: hashing a spec costs more
            if spec.quiet:
                continue
            a, b = geom.get(spec.source), geom.get(spec.target)
            if a is None or b is None:
                continue
            if max(a[0] + a[2], b[0] + b[2]) + ROUTE_MARGIN < left or min(a[0], b[0]) > right:
                continue  # cheap test first: routes stay within a gap's width sideways
            x0, y0, x1, y1 = route_box(layout, a, b)  # type: ignore[arg-type]
            if x0 <= right and x1 >= left and y0 <= bottom and y1 >= top and spec not in edges:
                self._make(spec)

    def _make(self, spec: EdgeSpec) -> QGraphicsPathItem:
        item = QGraphicsPathItem()
        item.setZValue(Z_EDGE)
        item.setToolTip(spec.tooltip)
        item.setData(EDGE_ROLE, spec.link_index if spec.link_index is not None else -1)
        self.edges[spec] = item
        self._route(spec, item)
        self.style_edge(spec, item)
        self._scene.addItem(item)
        return item

    def _route(self, spec: EdgeSpec, item: QGraphicsPathItem) -> None:
        """Give the edge its path; if its new route is its old one moved, slide it."""
        points = self._route_points(spec)
        old = self._points.get(spec)
        if points is None:
            self._points.pop(spec, None)
            item.setPos(0.0, 0.0)
            item.setPath(QPainterPath())
            return
        self._points[spec] = points
        if old is not None and len(old) == len(points):
            dx, dy = points[0][0] - old[0][0], points[0][1] - old[0][1]
            if all(p[0] - o[0] == dx and p[1] - o[1] == dy for p, o in zip(points, old,
                                                                            strict=True)):
                if dx or dy:  # a grid row shifted: no new path, no re-index of its shape
                    item.moveBy(dx, dy)
                return
        if item.x() or item.y():
            item.setPos(0.0, 0.0)
        item.setPath(polyline_path(points, spec.arrow))

    def _route_points(self, spec: EdgeSpec) -> tuple[Point, ...] | None:
        """The edge's polyline: an elbow from a function down to a team hanging under it,
        else a route through the layout's free channels (:mod:`designer.core.routing`)."""
        scene = self._scene
        a, b = scene.geom.get(spec.source), scene.geom.get(spec.target)
        layout = scene.layout
        if a is None or b is None or layout is None:
            return None
        if spec.tree:  # drawn from the function (b) down to its team (a)
            return tuple(tree_route(layout, b, a))
        return tuple(route(layout, a, b))

    # ------------------------------------------------------------ look

    def style_edge(self, spec: EdgeSpec, item: QGraphicsPathItem) -> None:
        """Strong when an end is selected, hidden while off (far zoom) or quiet."""
        scene = self._scene
        selected = scene.selected
        hot = spec.source[0] in selected or spec.target[0] in selected
        item.setVisible(hot or (self.shown and not spec.quiet))
        pen = edge_pen(scene.style, hot, spec.kind, faded=not scene.detailed)
        if item.pen() != pen:
            item.setPen(pen)
        item.setZValue(Z_EDGE_HOT if hot else Z_EDGE)

    def restyle(self) -> None:
        """Every drawn edge's look again (palette, level of detail or shown changed)."""
        for spec, item in self.edges.items():
            self.style_edge(spec, item)

    def restyle_at(self, key: NodeKey, selected: bool) -> None:
        """The edges at a node whose selection changed: made if it is now selected."""
        for spec in self.edges_at.get(key, ()):
            item = self.edges.get(spec)
            if item is None:
                if selected:
                    self._make(spec)
            else:
                self.style_edge(spec, item)

    def set_shown(self, shown: bool) -> None:
        """Edges off when zoomed very far out (except at the selection): a grey mist helps
        no one, and 60,000 curves cost a second to draw."""
        if shown == self.shown:
            return
        self.shown = shown
        self.restyle()

    def mark_link(self, index: int | None) -> None:
        """Show the drawn edge of link ``index`` (of the file's links) as picked; None: none."""
        scene = self._scene
        for spec, item in self.edges.items():
            hot = spec.link_index is not None and spec.link_index == index
            if hot or item.zValue() > -6:
                self.style_edge(spec, item)
                if hot:
                    pen = item.pen()
                    pen.setColor(scene.style.selection)
                    pen.setWidthF(2.4)
                    item.setPen(pen)

    def spec_of(self, item: QGraphicsItem | None) -> EdgeSpec | None:
        """The edge an item draws, if it is one of this layer's."""
        if item is None or item.data(EDGE_ROLE) is None:
            return None
        for spec, it in self.edges.items():
            if it is item:
                return spec
        return None
