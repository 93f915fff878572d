"""The canvas view: zoom, pan, select, drag, connect and drop — every change through the document.

    view = CanvasView(document)     # observes document.changed / selectionChanged / problems
    view.zoom_to_fit(); view.set_connect_mode(True); view.set_colour_by("cost")

Mouse and keys: wheel zooms (a trackpad's two-finger scroll pans, Ctrl+scroll or a
pinch zooms); middle-drag or Space+drag pans; click selects (Ctrl toggles, Shift adds);
drag on the background draws a rubber band; dragging a node moves it (and every copy of
it, and the teams hanging under it) and becomes one undoable move; in link mode a drag
from one node to another adds the link the two kinds allow, or says why not. Palette
entries dropped on the canvas are added where they land. Each gesture is a tool object
(:mod:`designer.ui.canvas.tools`); the view picks one on a press and hands it the moves.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCursor,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import QGraphicsView, QLabel, QMenu, QWidget

from designer.core import edits
from designer.core.layout import clamp_into, without_positions
from designer.core.schema import LINK_ENDS
from designer.ui.canvas.items import EDGE_ROLE, NodeItem, Style, smallest_text_px
from designer.ui.canvas.overlays import Legend, Minimap
from designer.ui.canvas.scene import DiagramScene, NodeKey
from designer.ui.canvas.tools import (
    BandTool,
    LinkTool,
    MoveTool,
    PaletteDrop,
    PanTool,
    Tool,
)
from designer.ui.document import Document
from designer.ui.widgets import literal

MIN_ZOOM, MAX_ZOOM = 0.01, 4.0
DETAIL_ZOOM = 0.3
PATH_ZOOM = 0.45
"""The least zoom a highlighted path is shown at: its names read on a 1366×768 screen."""
"""Below this zoom nodes are plain tinted shapes: text would be unreadable anyway."""
EDGE_ZOOM = 0.08
"""Below this zoom only the selection's edges are drawn."""
READABLE_PX = 9.0
"""The smallest text on the canvas is at least this many pixels high (its em) at the
first view and after Zoom to Fit: the zoom never goes below :func:`readable_zoom`
there, and the rest is a scroll away."""
PRESENT_PX = 18.0
"""... and at least this many while presenting, on a 1366×768 screen (a projector)."""
PROJECTOR = (1366, 768)
"""The screen the presentation sizes are set for; bigger screens scale them up alike."""
LEGEND_OPEN_WIDTH = 1100
"""Narrower canvases start with the legend folded to its title (it would hide work)."""
OVERLAY_MARGIN = 12
"""Room between the floating legend and overview and the edges of the canvas."""

LINK_HELP = ("team → function (delivers), function → function (depends on), team → area "
             "(serves), body → function or team (governs), role or body → role or body "
             "(accountable to)")


def readable_zoom(px: float = READABLE_PX) -> float:
    """The zoom at which the canvas's smallest text is ``px`` pixels high."""
    return px / smallest_text_px()


def presentation_zoom(screen_w: int, screen_h: int) -> float:
    """The presenting zoom: the smallest text :data:`PRESENT_PX` high on a 1366×768
    screen, and as big a share of a bigger screen (so a projector shows the same)."""
    scale = max(1.0, min(screen_w / PROJECTOR[0], screen_h / PROJECTOR[1]))
    return readable_zoom(PRESENT_PX) * scale


def link_kind_for(source_kind: str | None, target_kind: str | None) -> str | None:
    """The one link kind that may join these two kinds of element, if any."""
    for kind, (sources, targets) in LINK_ENDS.items():
        if source_kind in sources and target_kind in targets:
            return kind
    return None


def _article(noun: str) -> str:
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"


class CanvasView(QGraphicsView):
    """The force-lane diagram of the document's blueprint."""

    zoomChanged = Signal(float)
    """The zoom factor (1.0 = 100 %)."""
    message = Signal(str)
    """Something to tell the user (a refused link or drop); also shown on the canvas."""
    connectModeChanged = Signal(bool)
    challengeRequested = Signal(object)
    """Add a challenge on this element (its id), or on the blueprint as a whole (None)."""

    def __init__(self, document: Document, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.diagram = DiagramScene(self)
        self.diagram.lazy_edges = True
        self.setScene(self.diagram)
        self.setObjectName("canvasView")
        self.setAccessibleName("Canvas")
        self.setAccessibleDescription("Force lanes with the alliance's functions, teams, "
                                      "areas and governance bodies")
        self.setRenderHints(QPainter.RenderHint.Antialiasing
                            | QPainter.RenderHint.TextAntialiasing)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setOptimizationFlags(QGraphicsView.OptimizationFlag.DontSavePainterState)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAcceptDrops(True)
        self.setMouseTracking(True)
        self.setFrameShape(QGraphicsView.Shape.NoFrame)

        self.connect_mode = False
        self.presenting = False
        """Presentation mode: read-only (a press selects, a drag pans), no legend or
        overview, the zoom never below :attr:`min_zoom`."""
        self.min_zoom = MIN_ZOOM
        self.node_actions: list[QAction] = []
        """Commands on the selected elements for a right click on one (set by the window)."""
        self.tool: Tool | None = None
        """The gesture in progress (from a press to its release), if any."""
        self.palette_drop = PaletteDrop()
        self.space_held = False  # Space down: a left drag pans
        self.selected_link: int | None = None
        self._fitted = False
        # the first view adapts to resizes (a restored dock layout settling) until the
        # user moves it; ``_placing`` marks the view's own moves
        self._start_view = False
        self._placing = False

        self.legend = Legend(self)
        document.optionChanged.connect(self._option_changed)
        self.minimap = Minimap(self)
        self.minimap_enabled = True
        self._colour_group: QActionGroup | None = None  # View ▸ Colour By, once made
        self.toast = QLabel(self)
        self.toast.setObjectName("canvasToast")
        self.toast.setWordWrap(True)
        self.toast.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.toast.hide()
        self._toast_timer = QTimer(self, singleShot=True, interval=4500)
        self._toast_timer.timeout.connect(self.toast.hide)
        self.hint = QLabel(self)
        self.hint.setObjectName("canvasHint")
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setText("Drag a function from the palette into a force's lane (each force "
                          "delivers its own) or onto the alliance band (one joint unit).")
        self._prepared: tuple[QRectF, tuple] | None = None
        self._details_timer = QTimer(self, singleShot=True, interval=0)
        self._details_timer.timeout.connect(self._ensure_visible_details)

        self.rubberBandChanged.connect(self._rubber_band)
        self.diagram.geometryChanged.connect(self.minimap.scene_changed)
        document.changed.connect(self._document_changed)
        document.selectionChanged.connect(self._selection_changed)
        document.problemsChanged.connect(self.diagram.set_problems)
        document.centreRequested.connect(self.centre_on)
        self._apply_palette()
        self.diagram.set_blueprint(document.blueprint)
        self.diagram.set_option_marks(document.marks, document.mark_tips)
        self.diagram.set_problems(document.problems)
        self.diagram.set_selection(document.selection())
        self._update_hint()

    # ------------------------------------------------------------ document → view

    def _option_changed(self, _option: Any) -> None:
        self.legend.update()  # its entry for the option's marks comes and goes

    def _document_changed(self, _touched: Any) -> None:
        # Synchronous on purpose: deferring to a zero timer crashed PySide (a pending
        # redraw racing the view's deletion). The scene update is incremental instead.
        self.flush()

    def flush(self) -> None:
        """Bring the scene up to date with the document now (tests, exports, screenshots)."""
        if self.diagram.blueprint is self.document.blueprint:
            return
        with self.diagram.additions_last():  # replacing a big blueprint: see there
            self.diagram.set_blueprint(self.document.blueprint)
        self.diagram.set_option_marks(self.document.marks, self.document.mark_tips)
        self.selected_link = None
        self._update_hint()
        self._details_timer.start()

    def _selection_changed(self, ids: tuple[str, ...]) -> None:
        self.diagram.set_selection(ids)
        if self.document.selection_source is not self and ids:
            visible = self.visible_scene_rect()
            if not all(any(visible.intersects(r) for r in self._copy_rects(element_id))
                       for element_id in ids if self._copy_rects(element_id)):
                rect = self._nearest_copies(ids)
                if not rect.isNull():
                    self.centerOn(rect.center())

    def centre_on(self, ids: tuple[str, ...]) -> None:
        """Bring these elements into sight (zooming in if they would be unreadably small)."""
        self.flush()
        if self._nearest_copies(ids).isNull():
            return
        if self.zoom() < DETAIL_ZOOM:
            self._set_zoom(0.9)
        self.centerOn(self._nearest_copies(ids).center())
        self._after_view_change()

    def _copy_rects(self, element_id: str) -> list[QRectF]:
        d = self.diagram
        return [d.nodes[key].rect() for key in d.copies_of.get(element_id, ())]

    def _nearest_copies(self, ids: Iterable[str]) -> QRectF:
        """For each element, its copy nearest the middle of the screen (a local function
        has one in every lane: centring on all of them lands between the lanes)."""
        centre = self.visible_scene_rect().center()
        rect = QRectF()
        for element_id in ids:
            copies = self._copy_rects(element_id)
            if copies:
                rect = rect.united(min(copies, key=lambda r: (r.center() - centre)
                                       .manhattanLength()))
        return rect

    def _update_hint(self) -> None:
        self.hint.setVisible(not self.document.blueprint.functions)
        self._place_overlays()

    # ------------------------------------------------------------ zoom

    def zoom(self) -> float:
        return self.transform().m11()

    def _set_zoom(self, z: float) -> None:
        if not self._placing:
            self._start_view = False
        z = min(MAX_ZOOM, max(self.min_zoom, z))
        factor = z / self.zoom()
        if abs(factor - 1) > 1e-9:
            self.scale(factor, factor)
        self._after_view_change()

    def zoom_by(self, factor: float) -> None:
        self._set_zoom(self.zoom() * factor)

    def zoom_in(self) -> None:
        anchor = self.transformationAnchor()
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.zoom_by(1.25)
        self.setTransformationAnchor(anchor)

    def zoom_out(self) -> None:
        anchor = self.transformationAnchor()
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.zoom_by(1 / 1.25)
        self.setTransformationAnchor(anchor)

    def zoom_to_fit(self) -> None:
        """Show the whole blueprint if it is readable so; else fit the lane in the middle
        of the view across the screen at a zoom where the labels stay readable (never
        below :func:`readable_zoom`), the rest a scroll away."""
        self.flush()
        rect = self.diagram.sceneRect()
        vp = self.viewport().rect()
        if rect.isEmpty() or vp.isEmpty():
            return
        if min(vp.width() / rect.width(), vp.height() / rect.height()) >= readable_zoom():
            self._fit(rect)
            return
        self._fit_lane(self.visible_scene_rect().center())
        self.show_message("The whole blueprint would be too small to read: fitted to a "
                          "lane. Scroll, or use the overview map, to see the rest.")

    def zoom_to_whole(self) -> None:
        """Show the whole blueprint however small it gets (an overview)."""
        self.flush()
        self._fit(self.diagram.sceneRect())

    def _fit_lane(self, near: QPointF) -> None:
        """The lane nearest ``near`` across the view (with the captions' gutter if it is
        the first), at no less than the readable zoom; the view's height keeps its place
        (the top of the diagram when starting)."""
        layout = self.diagram.layout
        vp = self.viewport().rect()
        if layout is None or not layout.lanes:
            self._set_zoom(readable_zoom())
            return
        lane = min(layout.lanes, key=lambda ln: abs(ln.rect.x + ln.rect.width / 2 - near.x()))
        left = 0.0 if lane is layout.lanes[0] else lane.rect.x - 12
        width = lane.rect.right + 12 - left
        if not self._placing:
            self._start_view = False
        z = min(MAX_ZOOM, max(readable_zoom(), self.min_zoom, min(1.0, vp.width() / width)))
        # straight to the zoom (a zoom via "fit" would flip every node's level of detail
        # twice on a big blueprint)
        self.setTransform(QTransform.fromScale(z, z))
        visible = self.visible_scene_rect()
        top = self.diagram.sceneRect().top()
        y = near.y() if near.y() - visible.height() / 2 > top else top + visible.height() / 2
        self.centerOn(QPointF(left + visible.width() / 2, y))
        self._after_view_change()

    def zoom_to_selection(self) -> None:
        """Show the selected elements (every copy), or everything if nothing is selected."""
        self.flush()
        rect = QRectF()
        for element_id in self.document.selection():
            rect = rect.united(self.diagram.element_rect(element_id))
        if rect.isNull():
            self.zoom_to_fit()
        else:
            self._fit(rect.adjusted(-60, -60, 60, 60), max_zoom=1.5)

    def show_path(self, rect: QRectF, focus: QRectF | None = None) -> None:
        """Bring a highlighted path into view: all of it if it fits at a zoom where its
        names read (``PATH_ZOOM``; in no further than 100 %), else its ``focus`` (the
        first steps) the same way, else the focus's middle at that zoom, the line leading
        off to the rest."""
        self.flush()
        if rect.isNull():
            return
        padded = rect.adjusted(-60, -60, 60, 60)
        if self.visible_scene_rect().contains(padded) and self.zoom() >= PATH_ZOOM:
            return
        vp = self.viewport().rect()

        def fits(r: QRectF) -> bool:
            return min(vp.width() / max(r.width(), 1),
                       vp.height() / max(r.height(), 1)) >= PATH_ZOOM

        near = focus.adjusted(-60, -60, 60, 60) if focus is not None and not focus.isNull() \
            else padded
        for candidate in (padded, near):
            if fits(candidate):
                self._fit(candidate, max_zoom=1.0)
                return
        self._set_zoom(PATH_ZOOM)
        self.centerOn(near.center())
        self._after_view_change()

    def _fit(self, rect: QRectF, max_zoom: float = 1.0) -> None:
        if rect.isEmpty():
            return
        if not self._placing:
            self._start_view = False
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom() > max(max_zoom, self.min_zoom) or self.zoom() < self.min_zoom:
            self._set_zoom(max_zoom)
            self.centerOn(rect.center())
        self._after_view_change()

    def show_start(self) -> None:
        """The first view of a blueprint: all of it if that is readable, else its top left
        (the alliance band and the first lane across the view) at a readable zoom, the
        minimap showing where that is."""
        self.flush()
        rect = self.diagram.sceneRect()
        vp = self.viewport().rect()
        if rect.isEmpty() or vp.isEmpty():
            return
        fit = min(vp.width() / rect.width(), vp.height() / rect.height())
        self._placing = True
        try:
            if fit >= readable_zoom():
                self._fit(rect)
            else:
                self._fit_lane(rect.topLeft())
        finally:
            self._placing = False
        self._start_view = True

    # ------------------------------------------------------------ presenting

    def set_presenting(self, on: bool) -> None:
        """Presentation mode on or off: nothing can be moved, linked or dropped (a press
        selects, a drag on the background pans, the wheel scrolls), the legend and the
        overview are put away; off, the zoom is free again (the presenter puts the
        legend, overview and view back as they were)."""
        self.presenting = bool(on)
        self._start_view = False  # the view is the presenter's now, not the first view
        bars = Qt.ScrollBarPolicy.ScrollBarAlwaysOff if on else \
            Qt.ScrollBarPolicy.ScrollBarAsNeeded
        self.setHorizontalScrollBarPolicy(bars)
        self.setVerticalScrollBarPolicy(bars)
        if on:
            self.set_connect_mode(False)
            self._set_link_selected(None)
            self.legend.hide()
            self.minimap_enabled = False
            self.minimap.hide()
        else:
            self.min_zoom = MIN_ZOOM
        self._place_overlays()

    def set_min_zoom(self, zoom: float) -> None:
        """The zoom never goes below ``zoom`` (presenting: the smallest text stays large
        enough); it moves up to it now, keeping the middle of the view."""
        self.min_zoom = min(MAX_ZOOM, zoom)
        if self.zoom() < self.min_zoom - 1e-9 or self.presenting:
            anchor = self.transformationAnchor()
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
            self._set_zoom(self.min_zoom)
            self.setTransformationAnchor(anchor)

    def show_step(self, ids: tuple[str, ...], highlight: tuple[str, ...] = (),
                  lane: str | None = None) -> None:
        """Bring a presentation step into view: its elements' own nodes (not references),
        as many as fit around the first, else a lane's header."""
        self.flush()
        rects = [node.rect() for node in (self.diagram.node_for(i) for i in (*ids, *highlight))
                 if node is not None]
        layout = self.diagram.layout
        if not rects and lane is not None and layout is not None:
            band = layout.lane(lane)
            if band is not None:
                h = band.header
                rects = [QRectF(h.x, h.y, h.width, h.height)]
        visible = self.visible_scene_rect()
        if not rects:  # nothing in particular: the top left (the band, lane headers)
            top_left = self.diagram.sceneRect().topLeft()
            self.centerOn(top_left + QPointF(visible.width() / 2, visible.height() / 2))
            self._after_view_change()
            return
        shown = rects[0]
        for r in rects[1:]:  # grow while it still fits the screen
            grown = shown.united(r)
            if grown.width() <= visible.width() - 40 and grown.height() <= visible.height() - 40:
                shown = grown
        if shown.width() > visible.width():  # wider than the screen: its left end
            shown = QRectF(shown.left(), shown.top(), visible.width() - 80, shown.height())
        self.centerOn(shown.center())
        self._after_view_change()

    def _after_view_change(self) -> None:
        z = self.zoom()
        self.diagram.set_detail(z >= DETAIL_ZOOM)
        self.diagram.set_edges_shown(z >= EDGE_ZOOM)
        self._ensure_visible_details()
        self._update_minimap()
        self.zoomChanged.emit(z)

    def _update_minimap(self) -> None:
        """The overview shows only when part of the diagram is off screen, and there is
        room for it under the legend (a short canvas in a window on a small screen)."""
        scene = self.diagram.sceneRect().adjusted(30, 30, -30, -30)
        show = self.minimap_enabled and not self.visible_scene_rect().contains(scene) \
            and self._room_for_minimap()
        if show != self.minimap.isVisible():
            self.minimap.setVisible(show)
            self._place_overlays()
        self.minimap.update()

    def _ensure_visible_details(self) -> None:
        """Labels and edges for what is on screen and half a screen around it; nothing to do
        while the view stays inside the region already prepared (cheap panning at 75k)."""
        visible = self.visible_scene_rect()
        state = (self.diagram.detailed, self.diagram.show_edges, self.diagram.blueprint)
        if self._prepared is not None and self._prepared[1] == state \
                and self._prepared[0].contains(visible):
            return
        w, h = visible.width() / 2, visible.height() / 2
        region = visible.adjusted(-w, -h, w, h)
        if self.diagram.detailed:
            self.diagram.ensure_details(region)
        self.diagram.ensure_edges(region)
        self._prepared = (region, state)

    def visible_scene_rect(self) -> QRectF:
        return self.mapToScene(self.viewport().rect()).boundingRect()

    def wheelEvent(self, event: QWheelEvent) -> None:
        pixel = event.pixelDelta()
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if not pixel.isNull() and not ctrl:  # trackpad two-finger scroll: pan
            self.scroll_by(-pixel.x(), -pixel.y())
            event.accept()
            return
        if self.presenting and not ctrl:  # presenting: the wheel scrolls, Ctrl zooms
            angle = event.angleDelta()
            self.scroll_by(-angle.x(), -angle.y())
            event.accept()
            return
        delta = event.angleDelta().y() or event.angleDelta().x()
        if delta:
            self.zoom_by(1.0015 ** delta)
        event.accept()

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.NativeGesture:
            gesture = event  # QNativeGestureEvent
            if gesture.gestureType() == Qt.NativeGestureType.ZoomNativeGesture:  # type: ignore[attr-defined]
                self.zoom_by(1 + gesture.value())  # type: ignore[attr-defined]
                return True
        return super().viewportEvent(event)

    def scroll_by(self, dx: float, dy: float) -> None:
        h, v = self.horizontalScrollBar(), self.verticalScrollBar()
        h.setValue(round(h.value() + dx))
        v.setValue(round(v.value() + dy))

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        if not self._placing:
            self._start_view = False
        self._details_timer.start()
        self._update_minimap()

    # ------------------------------------------------------------ mouse

    def node_at(self, pos: QPoint) -> NodeItem | None:
        """The node under a viewport point, if any."""
        for item in self.items(pos):
            node = self.diagram.node_at_item(item)
            if node is not None:
                return node
        return None

    def _link_at(self, pos: QPoint) -> int | None:
        """Index of the link drawn under (or within a few pixels of) a viewport point."""
        area = QRectF(pos.x() - 4, pos.y() - 4, 8, 8).toRect()
        for item in self.items(area):
            index = item.data(EDGE_ROLE)
            if index is not None and index >= 0:
                return int(index)
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Pick the tool for the gesture this press starts (a click on a node selects it
        at once)."""
        self.flush()
        button = event.button()
        pos = event.position().toPoint()
        if button == Qt.MouseButton.MiddleButton or (
                button == Qt.MouseButton.LeftButton and self.space_held):
            self.tool = PanTool(pos, resume=self.tool)
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        if button != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        node = self.node_at(pos)
        if self.presenting:  # select what is pressed; a drag pans; nothing changes
            if node is not None and node.kind != "role":
                self.document.select((node.element_id,), source=self)
            self.tool = PanTool(pos)
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        if self.connect_mode:
            if node is not None:
                self.tool = LinkTool(self, node)
            event.accept()
            return
        mods = event.modifiers()
        toggle = bool(mods & Qt.KeyboardModifier.ControlModifier)
        extend = bool(mods & Qt.KeyboardModifier.ShiftModifier)
        current = tuple(self.document.selection())
        if node is not None:
            self._set_link_selected(None)
            element = node.element_id
            if toggle:
                ids = tuple(i for i in current if i != element) if element in current \
                    else (*current, element)
            elif extend:
                ids = current if element in current else (*current, element)
            else:
                ids = current if element in current else (element,)
            self.document.select(ids, source=self)
            # a reference is a view of a unit drawn elsewhere: it selects, never moves
            self.tool = None if node.kind == "reference" else \
                MoveTool(self.mapToScene(pos), pos)
            event.accept()
            return
        link = self._link_at(pos)
        if link is not None:
            self._set_link_selected(link)
            self.document.select((), source=self)
            event.accept()
            return
        self._set_link_selected(None)
        self.tool = BandTool(current if (toggle or extend) else ())
        if not (toggle or extend) and current:
            self.document.select((), source=self)
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """A double click on a reference goes to the unit it stands for."""
        node = self.node_at(event.position().toPoint())
        if node is not None and node.kind == "reference":
            self.go_to_unit(node.element_id)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def go_to_unit(self, element_id: str) -> None:
        """Centre on an element's own node (a function's unit, not a reference to it)."""
        node = self.diagram.node_for(element_id)
        if node is not None:
            self.centerOn(node.rect().center())
            self._after_view_change()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        tool = self.tool
        if tool is None or tool.native:
            super().mouseMoveEvent(event)
            return
        tool.move(self, event.position().toPoint())
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        tool, self.tool = self.tool, None
        if tool is None or tool.native:
            super().mouseReleaseEvent(event)
        else:
            event.accept()
        if tool is not None:
            tool.release(self, event.position().toPoint())

    def _rubber_band(self, rect: Any, from_scene: QPointF, to_scene: QPointF) -> None:
        if not rect.isNull() and isinstance(self.tool, BandTool):
            self.tool.rect = QRectF(from_scene, to_scene).normalized()

    # ------------------------------------------------------------ links

    def set_connect_mode(self, on: bool) -> None:
        """Link mode: drag from one node to another to add the link their kinds allow."""
        on = bool(on)
        if on == self.connect_mode:
            return
        self.connect_mode = on
        self.setDragMode(QGraphicsView.DragMode.NoDrag if on
                         else QGraphicsView.DragMode.RubberBandDrag)
        self.viewport().setCursor(Qt.CursorShape.CrossCursor if on
                                  else Qt.CursorShape.ArrowCursor)
        if on:
            self.show_message("Link mode: drag from one element to another. "
                              f"Links: {LINK_HELP}. Esc to finish.")
        self.connectModeChanged.emit(on)

    def _kind(self, element_id: str) -> str | None:
        return edits.kind_of(self.document.blueprint, element_id)

    def link_verdict(self, source: str, target: str) -> tuple[str | None, str | None]:
        """(link kind, refusal reason) for a link drawn from ``source`` to ``target``."""
        s_kind, t_kind = self._kind(source), self._kind(target)
        if source == target:
            return None, "a link cannot join an element to itself"
        kind = link_kind_for(s_kind, t_kind)
        if kind is None:
            return None, (f"no kind of link goes from {_article(s_kind or 'element')} to "
                          f"{_article(t_kind or 'element')}; links join {LINK_HELP}")
        return kind, edits.link_refusal(self.document.blueprint, kind, source, target)

    def name_of(self, element_id: str) -> str:
        """An element's name (for messages), or what its node shows, or its id."""
        element = self.document.element(element_id)
        if element is not None:
            return element.name
        node = self.diagram.node_for(element_id)
        return node.text.name if node else element_id

    def _set_link_selected(self, index: int | None) -> None:
        self.selected_link = index
        self.diagram.edge_layer.mark_link(index)
        if index is not None:
            link = self.document.blueprint.links[index]
            self.show_message(f"Link: {self.name_of(link.source)} {link.kind} "
                              f"{self.name_of(link.target)} — Delete removes it")

    def remove_selected_link(self) -> None:
        index = self.selected_link
        if index is None or index >= len(self.document.blueprint.links):
            return
        link = self.document.blueprint.links[index]
        self.selected_link = None
        self.document.try_edit(f"Remove {link.kind} link", edits.remove_link, link,
                               touched=frozenset({link.source, link.target}))

    def context_menu(self, pos: QPoint) -> QMenu:
        """The menu a right-click at ``pos`` (viewport) opens: on a link, removing it; on
        a node (which it selects) or the background, adding a challenge about it."""
        menu = QMenu(self)
        link = self._link_at(pos)
        if link is not None:
            self._set_link_selected(link)
            menu.addAction("Remove link", self.remove_selected_link)
            return menu
        node = self.node_at(pos)
        return self.node_menu(node.element_id if node is not None else None, menu)

    def node_menu(self, target: str | None, menu: QMenu | None = None) -> QMenu:
        """The menu for a right click on an element (selected first unless it already is):
        :attr:`node_actions` (the window's commands on the selection; not while
        presenting, which is read-only), then a challenge about it; on the background
        (``None``), a challenge about the blueprint."""
        menu = menu if menu is not None else QMenu(self)
        if target is not None and target not in self.document.selection():
            self.document.select((target,), source=self)
        if target is not None and self.node_actions and not self.presenting:
            menu.addActions(self.node_actions)
            menu.addSeparator()
        label = f"Add Challenge on {literal(self.name_of(target))}…" if target is not None \
            else "Add Challenge on the Blueprint…"
        menu.addAction(label, lambda: self.challengeRequested.emit(target))
        return menu

    def contextMenuEvent(self, event: Any) -> None:
        self._menu = self.context_menu(event.pos())
        self._menu.exec(event.globalPos())

    # ------------------------------------------------------------ keys

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride:
            key = event.key()  # type: ignore[attr-defined]
            if (key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
                    and self.selected_link is not None) or (
                    key == Qt.Key.Key_Escape and self.connect_mode):
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Space and not event.isAutoRepeat():
            self.space_held = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            return
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.selected_link is not None:
            self.remove_selected_link()
            return
        if key == Qt.Key.Key_Escape:
            if self.connect_mode:
                self.set_connect_mode(False)
            else:
                self.document.select((), source=self)
            return
        arrows = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0),
                  Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}
        if key in arrows and self.document.selection() and not (
                event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            step = 40 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 8
            dx, dy = arrows[key]
            self.nudge(dx * step, dy * step)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.document.selection():
            self.centre_on(self.document.selection())
            return
        super().keyPressEvent(event)

    def focusNextPrevChild(self, forward: bool) -> bool:
        """Tab and Shift+Tab walk the elements in reading order (Ctrl+Tab leaves the canvas)."""
        if self.step_selection(1 if forward else -1):
            return True
        return super().focusNextPrevChild(forward)

    def step_selection(self, step: int) -> bool:
        """Select the next (or previous) element in reading order and bring it into sight."""
        self.flush()
        sc = self.diagram
        order = sorted(((g[1], g[0], key[0]) for key, g in sc.geom.items()
                        if sc.nodes[key].kind != "role" and key == self._main_key(key[0])),
                       key=lambda t: (t[0], t[1], t[2]))
        ids = [t[2] for t in order]
        if not ids:
            return False
        current = self.document.selection()
        if current and current[-1] in ids:
            index = (ids.index(current[-1]) + step) % len(ids)
        else:
            index = 0 if step > 0 else len(ids) - 1
        self.document.select((ids[index],), source=self)
        self.centre_on((ids[index],))
        return True

    def _main_key(self, element_id: str) -> NodeKey | None:
        node = self.diagram.node_for(element_id)
        return (node.element_id, node.lane) if node is not None else None

    def nudge(self, dx: float, dy: float) -> None:
        """Move the selected elements a little (arrow keys); repeated nudges merge."""
        self.flush()
        sc, layout = self.diagram, self.diagram.layout
        if layout is None:
            return
        positions: dict[str, tuple[float, float]] = {}
        for element_id in self.document.selection():
            home = layout.home.get(element_id, "missing")
            node = sc.nodes.get((element_id, home)) if home != "missing" else None
            if node is None:
                continue
            p = node.body.pos()
            positions[element_id] = clamp_into(layout.region(home), p.x() + dx, p.y() + dy,
                                               *node.size)
        if positions:
            self.document.move_elements(positions)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self.space_held = False
            self.viewport().setCursor(Qt.CursorShape.CrossCursor if self.connect_mode
                                      else Qt.CursorShape.ArrowCursor)
            return
        super().keyReleaseEvent(event)

    # ------------------------------------------------------------ palette drops

    def dragEnterEvent(self, event: Any) -> None:
        if self.palette_drop.accepts(event.mimeData()) and not self.presenting:
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: Any) -> None:
        if self.palette_drop.accepts(event.mimeData()):
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: Any) -> None:
        if not self.palette_drop.accepts(event.mimeData()):
            super().dropEvent(event)
            return
        payload = self.palette_drop.payload(event.mimeData())
        event.acceptProposedAction()
        self.drop_payload(payload, self.mapToScene(event.position().toPoint()),
                          self.node_at(event.position().toPoint()))

    def drop_payload(self, payload: str, at: QPointF, on: NodeItem | None = None) -> str | None:
        """Add what a palette entry makes where it was dropped; returns the refusal, if any."""
        return self.palette_drop.drop(self, payload, at, on)

    # ------------------------------------------------------------ layout, colour, overlays

    def auto_layout(self) -> None:
        """Forget stored positions: the automatic layout places everything (undoable)."""
        bp = self.document.blueprint
        new = without_positions(bp)
        if new is bp:
            self.show_message("Everything is already placed automatically")
            return
        self.document.edit("Automatic layout", new, None)

    def set_colour_by(self, mode: str) -> None:
        """'none', 'cost' (baseline cost heat map), 'status' (errors and warnings) or
        'changes' (added and changed since the compared file: :meth:`mark_changes`)."""
        self.diagram.set_colour_mode(mode, self.document.problems)
        for action in self._colour_group.actions() if self._colour_group else ():
            action.setChecked(action.data() == mode)
        self.legend.set_mode(mode, self.diagram.heat_limits)
        if mode != "none":  # the colours need explaining
            self.legend.show()
            self.legend.set_folded(False)
        self._place_overlays()

    def add_view_actions(self, menu: QMenu) -> None:
        """Put the canvas's View menu entries into ``menu``: legend, overview, colour by."""
        legend = menu.addAction("&Legend")
        legend.setCheckable(True)
        legend.setChecked(self.legend.isVisible() or not self._fitted)
        legend.setToolTip("Show what the shapes, badges and colours mean")
        legend.toggled.connect(self.set_legend_visible)
        self.legend.closed.connect(lambda: legend.setChecked(False))
        overview = menu.addAction("&Overview Map")
        overview.setCheckable(True)
        overview.setChecked(self.minimap_enabled)
        overview.setToolTip("A small map of the whole diagram while part of it is off screen")
        overview.toggled.connect(self.set_minimap_visible)
        colour = menu.addMenu("&Colour By")
        group = QActionGroup(colour)
        for mode, label, tip in (("none", "&Delivery Model", "Plain: the badges say it all"),
                                 ("cost", "Baseline &Cost",
                                  "Heat map of each function's baseline cost"),
                                 ("status", "Rule &Status",
                                  "Mark elements with errors and warnings"),
                                 ("changes", "C&hanges Since Compared File",
                                  "Mark elements added or changed since the file compared "
                                  "with (File ▸ Compare with File…)")):
            action = colour.addAction(label)
            action.setData(mode)
            action.setCheckable(True)
            action.setChecked(mode == self.diagram.colour_mode)
            action.setToolTip(tip)
            action.setActionGroup(group)
            action.triggered.connect(lambda _c=False, m=mode: self.set_colour_by(m))
        self._colour_group = group

    def mark_changes(self, changes: dict[str, str] | None, show: bool = False) -> None:
        """The elements added or changed since a compared file (id → 'added' or 'changed'),
        coloured in colour mode 'changes' (``show``: switch to it). ``None``: the
        comparison ended; its colours go."""
        self.diagram.set_changes(changes or {})
        if show and self.diagram.colour_mode != "changes":
            self.set_colour_by("changes")
        elif changes is None and self.diagram.colour_mode == "changes":
            self.set_colour_by("none")

    def set_legend_visible(self, visible: bool) -> None:
        self.legend.setVisible(visible)
        self._update_minimap()  # the legend's room decides the overview's
        self._place_overlays()

    def set_minimap_visible(self, visible: bool) -> None:
        """Allow the overview (it still hides itself while everything is on screen)."""
        self.minimap_enabled = bool(visible)
        self._update_minimap()

    def show_message(self, text: str) -> None:
        self.toast.setText(text)
        self.toast.setMaximumWidth(max(240, min(640, self.viewport().width() - 80)))
        self.toast.adjustSize()
        self.toast.show()
        self.toast.raise_()
        self._place_overlays()
        self._toast_timer.start()
        self.message.emit(text)

    def _room_for_minimap(self) -> bool:
        above = self.legend.sizeHint().height() + OVERLAY_MARGIN if self.legend.isVisible() \
            else 0
        return self.viewport().height() >= above + self.minimap.height() + 2 * OVERLAY_MARGIN

    def _place_overlays(self) -> None:
        vp = self.viewport().geometry()
        m = OVERLAY_MARGIN
        if self.legend.isVisible():
            self.legend.adjustSize()
            self.legend.move(vp.right() - self.legend.width() - m, vp.top() + m)
            self.legend.raise_()
        if self.minimap.isVisible():
            self.minimap.move(vp.right() - self.minimap.width() - m,
                              vp.bottom() - self.minimap.height() - m)
            self.minimap.raise_()
        if self.toast.isVisible():
            self.toast.move(vp.left() + (vp.width() - self.toast.width()) // 2,
                            vp.bottom() - self.toast.height() - 20)
            self.toast.raise_()
        if self.hint.isVisible():
            self.hint.setFixedWidth(min(460, vp.width() - 40))
            self.hint.adjustSize()
            self.hint.move(vp.left() + (vp.width() - self.hint.width()) // 2,
                           vp.top() + vp.height() // 2 + 40)
            self.hint.raise_()

    def _apply_palette(self) -> None:
        style = Style.from_palette(self.palette())
        self.diagram.set_palette_style(style)
        self.setBackgroundBrush(style.canvas)
        toast_bg = "rgba(32,33,36,235)" if not style.dark else "rgba(232,234,237,240)"
        toast_fg = "#FFFFFF" if not style.dark else "#17181A"
        self.toast.setStyleSheet(f"QLabel#canvasToast {{ background: {toast_bg}; "
                                 f"color: {toast_fg}; border-radius: 6px; padding: 8px 14px; }}")
        self.hint.setStyleSheet(f"QLabel#canvasHint {{ color: {style.muted.name()}; "
                                "padding: 8px; }")
        self.legend.update()
        self.minimap.scene_changed()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_palette()
            self._details_timer.start()

    def resizeEvent(self, event: Any) -> None:
        self._placing = True  # Qt keeps the centre: not the user's move
        try:
            super().resizeEvent(event)
        finally:
            self._placing = False
        self.minimap.scene_changed()  # its size follows the canvas's
        self._place_overlays()
        if (not self._fitted or self._start_view) and self.isVisible():
            # first sizing, or the dock layout settling before the user moved the view
            self._fitted = True
            self.legend.set_folded(self.viewport().width() < LEGEND_OPEN_WIDTH)
            self.show_start()
        self._update_minimap()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self._fitted:
            self._fitted = True
            self.legend.set_folded(self.viewport().width() < LEGEND_OPEN_WIDTH)
            self.show_start()
        self._place_overlays()

    def cursor_scene_pos(self) -> QPointF:
        return self.mapToScene(self.viewport().mapFromGlobal(QCursor.pos()))
