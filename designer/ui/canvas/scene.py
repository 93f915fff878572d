"""The diagram scene: turns a blueprint and its layout into graphics items, kept in step.

``DiagramScene.set_blueprint(bp)`` is the only way in: it lays the blueprint out
(:func:`designer.core.layout.compute_layout`) and changes only what differs from
what is on screen — a moved node is moved, a renamed one relabelled, edges whose
ends moved re-routed — so an edit on a 5,000-element blueprint touches a handful of
items. The scene never changes the blueprint; views ask the document for that.
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QRectF, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QGraphicsScene

from designer.core import challenges, colouring
from designer.core.canvas_edges import EdgeIndex, NodeKey
from designer.core.colouring import COLOUR_MODES
from designer.core.layout import NODE_SIZE, Layout, Rect, compute_layout
from designer.core.node_text import (
    NodeText,
    element_text,
    force_codes,
    force_names,
    function_tooltip,
    role_texts,
    with_challenges,
)
from designer.core.options import MARK_BADGES
from designer.core.rules.results import Result
from designer.core.schema import Blueprint, Function
from designer.ui.canvas.backdrop import Backdrop
from designer.ui.canvas.edges import ROUTE_MARGIN, STRIP_W, EdgeLayer
from designer.ui.canvas.highlight import Highlight
from designer.ui.canvas.items import (
    KEY_ROLE,
    EdgeSpec,
    NodeItem,
    Style,
    data_fill,
    metrics,
    name_room,
)
from designer.ui.canvas.names import ShownNames
from designer.ui.style import text_on

LAYOUTS_KEPT = 3
"""Layouts of the blueprints shown last, kept: going back to one (undo, or switching
between the base and an option and back) finds its layout again."""
BSP_DEPTH = 8  # measured: 5-10 cost the same to paint; deeper trees make edits slow
_NODE_LISTS = (("areas", "area"), ("bodies", "body"), ("functions", "function"),
               ("teams", "team"))


def _measure(role: str, text: str) -> float:
    return metrics(role).horizontalAdvance(text)


def _no_labels(_region: str | None) -> list[tuple]:
    return []


def _layout_changes(old: Layout, new: Layout) -> set[str]:
    """Ids whose node moved, changed lane, or gained or lost copies between two layouts."""
    out: set[str] = set()
    old_pos, old_home, home = old.positions, old.home, new.home
    for element_id, xy in new.positions.items():
        if old_pos.get(element_id) != xy or old_home.get(element_id) != home[element_id]:
            out.add(element_id)
    out.update(old_pos.keys() - new.positions.keys())
    for old_copies, new_copies in ((old.copies, new.copies),
                                   (old.references, new.references)):
        for element_id, by_lane in new_copies.items():
            if old_copies.get(element_id) != by_lane:
                out.add(element_id)
        out.update(old_copies.keys() - new_copies.keys())
    return out


def _changes_strips(old_x: float, x: float, width: float) -> bool:
    """Whether a node sliding sideways from ``old_x`` to ``x`` leaves the strips its left
    edge or its right edge (with a route's margin) is in: only then can an edge at it be
    filed under other strips (an edge spans from the strip of its ends' leftmost x to
    that of their rightmost right edge plus the margin)."""
    return old_x // STRIP_W != x // STRIP_W or \
        (old_x + width + ROUTE_MARGIN) // STRIP_W != (x + width + ROUTE_MARGIN) // STRIP_W


def _strips_moved(old: Layout, new: Layout) -> bool:
    """Whether the strips routes run along (section captions, the band's lower edge)
    moved: every drawn edge may then need a new route."""
    return old.band.bottom != new.band.bottom or \
        [s.y for s in old.sections] != [s.y for s in new.sections]


class DiagramScene(QGraphicsScene):
    """Nodes of one blueprint over its backdrop, with its edges: kept in step with edits.

    The scene syncs nodes and decides which edges exist; the :class:`EdgeLayer` draws
    and routes them, the :class:`Backdrop` draws lanes, band and captions, and the
    words and colour keys come from the core (:mod:`designer.core.node_text`,
    :mod:`designer.core.colouring`).
    """

    geometryChanged = Signal()
    """Node positions or lanes changed (the minimap redraws)."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        # Qt picks a depth from the item count (16 at 40,000 elements); a re-routed
        # long edge is then removed from thousands of leaves, and one edit took
        # seconds. A shallow tree re-indexes fast and finds items as quickly.
        self.setBspTreeDepth(BSP_DEPTH)
        self.style = Style.from_palette()
        self.blueprint: Blueprint | None = None
        self.layout: Layout | None = None
        self.nodes: dict[NodeKey, NodeItem] = {}
        self.copies_of: dict[str, list[NodeKey]] = {}
        self.edge_layer = EdgeLayer(self)
        self.backdrop = Backdrop(self)
        self.highlight = Highlight(self)
        self.selected: frozenset[str] = frozenset()
        self.colour_mode = "none"
        self.status: dict[str, str] = {}
        self.changes: dict[str, str] = {}
        """Element id → 'added' or 'changed' since the compared file (colour mode 'changes')."""
        self.heat: dict[NodeKey, int] = {}
        self.heat_limits: tuple[int, ...] = ()
        self.detailed = True
        self._names: dict[str, str] = {}
        self._codes: dict[str, str] = {}
        self._text_cache: dict[NodeKey, tuple[Any, NodeText]] = {}
        self.shown_names = self._new_shown_names()
        """The lines each node's name shows, told apart from every other name."""
        self._functions: dict[str, Function] = {}
        self._elements: dict[str, tuple[str, Any]] = {}  # id → (kind, element) on screen
        self._owner_edges: dict[tuple[str, Any], tuple[EdgeSpec, ...]] = {}
        self._edge_index = EdgeIndex()
        self.geom: dict[NodeKey, tuple[float, float, float, float]] = {}
        self.marks: dict[str, challenges.Mark] = {}
        """What the challenge log says per element (its badges and tooltip lines)."""
        self._layouts: dict[int, tuple[Blueprint, Layout]] = {}
        self.option_marks: dict[str, str] = {}
        """Element id → the glyph of the option shown's mark (what it changes or adds)."""
        self.option_tips: dict[str, str] = {}
        """Element id → what the option shown does to it, in words (its tooltip)."""

    # ------------------------------------------------------------ the edge layer's face

    @property
    def edges(self) -> dict[EdgeSpec, QGraphicsPathItem]:
        """The drawn edges' items."""
        return self.edge_layer.edges

    @property
    def edges_at(self) -> dict[NodeKey, set[EdgeSpec]]:
        """Node → the edges (drawn or not) that end at it."""
        return self.edge_layer.edges_at

    @property
    def edge_specs(self) -> list[EdgeSpec]:
        """Every edge the blueprint has, drawn or not."""
        return self.edge_layer.specs

    @property
    def lazy_edges(self) -> bool:
        """Draw only the edges near the region asked for (a view turns this on)."""
        return self.edge_layer.lazy

    @lazy_edges.setter
    def lazy_edges(self, lazy: bool) -> None:
        self.edge_layer.lazy = lazy

    @property
    def show_edges(self) -> bool:
        return self.edge_layer.shown

    def ensure_edges(self, rect: QRectF | None) -> None:
        """Draw the edges that pass through ``rect`` (all when ``None``)."""
        self.edge_layer.ensure(rect)

    def set_edges_shown(self, shown: bool) -> None:
        """Edges off when zoomed very far out (except at the selection)."""
        self.edge_layer.set_shown(shown)

    def reroute(self, keys: Iterable[NodeKey]) -> None:
        """Re-draw the edges at these nodes (after moving them during a drag)."""
        seen: set[EdgeSpec] = set()
        for key in keys:
            node = self.nodes.get(key)
            if node is not None:
                p = node.body.pos()
                self.geom[key] = (p.x(), p.y(), *node.size)
            self.edge_layer.reroute((key,), seen)

    # ------------------------------------------------------------ building

    def set_blueprint(self, bp: Blueprint) -> None:
        """Show ``bp``: add, move, relabel and remove items so the scene matches it.

        Work is limited to the elements an edit touched and the nodes the new layout
        moved: element objects are compared by identity (an edit replaces only what it
        changes) and the layout by value, so a delivery change on a 5,000-element
        blueprint rebuilds a handful of nodes and edges.
        """
        old_bp, old_layout = self.blueprint, self.layout
        self.blueprint = bp
        self.layout = layout = self._layout_of(bp)
        everything = (old_bp is None or old_layout is None
                      or (bp.forces is not old_bp.forces and bp.forces != old_bp.forces))
        if everything:
            self._names = force_names(bp)
            self._codes = force_codes(bp)
            self._text_cache = {}
            self.shown_names = self._new_shown_names()
        changed = self._note_elements(old_bp, bp, everything)
        if old_layout is None or everything:
            dirty = set(self._elements) | {i for i, keys in self.copies_of.items()
                                           if self.nodes[keys[0]].kind != "role"}
            roles_moved = strips_moved = True
        else:
            dirty = changed | _layout_changes(old_layout, layout)
            roles_moved = layout.roles != old_layout.roles
            strips_moved = _strips_moved(old_layout, layout)
        self._functions = {f.id: f for f in bp.functions}
        if everything or old_bp is None or bp.challenges is not old_bp.challenges:
            marks_changed = self._note_marks(bp)
        else:
            marks_changed = set()

        moved: set[NodeKey] = set()
        reshaped: set[str] = set()  # elements whose set of node copies changed
        regions: set[str | None] = set()  # where names came, went or changed
        copies_of = self.copies_of
        for element_id in changed:
            regions.update(key[1] for key in copies_of.get(element_id, ()))
        for element_id in self._slide_all(dirty, changed, moved):
            if self._sync_element(element_id, element_id in changed, moved):
                reshaped.add(element_id)
        for element_id in changed:
            regions.update(key[1] for key in copies_of.get(element_id, ()))
        self.shown_names.regions_changed(regions)
        if roles_moved:
            self._sync_roles(bp, layout, moved)
        self._sync_marks(marks_changed)
        self._sync_edges(bp, old_bp, everything, changed, reshaped, moved, strips_moved)
        self.backdrop.ensure(bp, layout, self.style)
        if self.colour_mode == "cost":
            self._compute_heat()
            for node in self.nodes.values():
                self._restyle(node)
        b = layout.bounds
        self.setSceneRect(QRectF(b.x - 24, b.y - 24, b.width + 48, b.height + 48))
        self.highlight.refresh()  # nodes may have moved or been replaced
        if self.detailed:
            for key in moved:
                node = self.nodes.get(key)
                if node is not None and node.detail is not None:
                    node.set_detail_visible(True)
        self.geometryChanged.emit()

    def _layout_of(self, bp: Blueprint) -> Layout:
        """``bp``'s layout: computed, or kept from when it was shown lately (blueprints
        are immutable, and a layout is never changed once made)."""
        hit = self._layouts.get(id(bp))
        if hit is not None and hit[0] is bp:
            return hit[1]
        layout = compute_layout(bp)
        if len(self._layouts) >= LAYOUTS_KEPT:
            self._layouts.pop(next(iter(self._layouts)))
        self._layouts[id(bp)] = (bp, layout)
        return layout

    def _note_elements(self, old: Blueprint | None, bp: Blueprint, everything: bool) -> set[str]:
        """Ids of elements added, removed or replaced since ``old`` (lists compared by
        identity first: an edit leaves the lists it did not touch as they were)."""
        changed: set[str] = set()
        elements = self._elements
        for list_name, kind in _NODE_LISTS:
            new_list = getattr(bp, list_name)
            if not everything and old is not None and getattr(old, list_name) is new_list:
                continue
            seen = set()
            for element in new_list:
                element_id = element.id
                seen.add(element_id)
                hit = elements.get(element_id)
                if everything or hit is None or hit[1] is not element:
                    elements[element_id] = (kind, element)
                    changed.add(element_id)
            if everything or old is None:
                gone = [i for i, (k, _e) in elements.items() if k == kind and i not in seen]
            else:  # what was on screen of this kind is the old list: look only there
                gone = [e.id for e in getattr(old, list_name) if e.id not in seen
                        and elements.get(e.id, ("",))[0] == kind]
            for element_id in gone:
                del elements[element_id]
                changed.add(element_id)
        return changed

    def _note_marks(self, bp: Blueprint) -> set[str]:
        """Ids whose challenge badge or tooltip lines changed since the last blueprint."""
        old, self.marks = self.marks, challenges.marks(bp)
        return {i for i in old.keys() | self.marks.keys() if old.get(i) != self.marks.get(i)}

    def _sync_marks(self, element_ids: set[str]) -> None:
        """Badges and tooltips of the nodes whose challenge mark changed."""
        for element_id in element_ids:
            mark = self.marks.get(element_id)
            for key in self.copies_of.get(element_id, ()):
                node = self.nodes[key]
                node.set_challenges(mark.open if mark else 0)
                if node.detail is not None:
                    node.body.setToolTip(self.tooltip_for(node))

    def _wanted(self, element_id: str) -> list[tuple[NodeKey, tuple[float, float]]]:
        """The element's nodes (home first, then copies, then references in partners'
        lanes) and where each goes."""
        layout = self.layout
        if layout is None or element_id not in layout.home:
            return []
        home = layout.home[element_id]
        out = [((element_id, home), layout.positions[element_id])]
        for lane, xy in layout.copies.get(element_id, {}).items():
            out.append(((element_id, lane), xy))
        for lane, xy in layout.references.get(element_id, {}).items():
            out.append(((element_id, lane), xy))
        return out

    def is_reference(self, key: NodeKey) -> bool:
        """Whether the node ``key`` is a reference (a view of a unit hosted elsewhere)."""
        layout = self.layout
        return layout is not None and key[1] in layout.references.get(key[0], ())

    def _sync_element(self, element_id: str, replaced: bool, moved: set[NodeKey]) -> bool:
        """Make the element's nodes match the layout; True when its copies changed."""
        if not replaced and self._slide(element_id, moved):
            return False
        wanted = self._wanted(element_id)
        before = self.copies_of.get(element_id, [])
        keys = [key for key, _xy in wanted]
        reshaped = keys != before
        x_moved = self.edge_layer.x_moved  # few elements come this way: refile all their edges
        x_moved.update(before)
        x_moved.update(keys)
        for key in before:
            if key not in keys:
                node = self.nodes.pop(key)
                self.removeItem(node.body)
                self.geom.pop(key, None)
                self._text_cache.pop(key, None)
                self.shown_names.forget(key)
                moved.add(key)
        if keys:
            self.copies_of[element_id] = keys
        else:
            self.copies_of.pop(element_id, None)
        if not wanted:
            return reshaped
        kind, element = self._elements[element_id]
        refs = self.layout.references.get(element_id, ()) if self.layout else ()
        for key, (x, y) in wanted:
            node_kind = "reference" if key[1] in refs else kind
            size = NODE_SIZE[node_kind]
            node = self.nodes.get(key)
            if node is None:
                node = NodeItem(key[0], key[1], self._text(node_kind, element, key[1]), size)
                node.challenges = self._open_challenges(key[0])
                node.option_mark = self.option_marks.get(key[0], "")
                node.body.setPos(x, y)
                self.addItem(node.body)
                self.nodes[key] = node
                self._restyle(node)
                moved.add(key)
            else:  # same element object in the same lane: the same words
                text = self._text(node_kind, element, key[1]) \
                    if replaced or node.kind != node_kind else node.text
                if node.text is not text and (node.text != text or node.size != size):
                    node.set_text(text, size)
                    self._restyle(node)
                    moved.add(key)
                elif replaced and node.detail is not None:
                    node.body.setToolTip(self.tooltip_for(node))
                gx, gy, _w, _h = self.geom[key]
                if gx != x or gy != y:
                    node.body.setPos(x, y)
                    moved.add(key)
            self.geom[key] = (x, y, size[0], size[1])
        return reshaped

    def _slide_all(self, ids: Iterable[str], changed: set[str],
                   moved: set[NodeKey]) -> list[str]:
        """:meth:`_slide` each unchanged element of ``ids`` (a big edit or an option
        switch moves thousands: the look-ups are made once here); returns the ids that
        need :meth:`_sync_element`."""
        layout = self.layout
        if layout is None:
            return list(ids)
        rest: list[str] = []
        home, positions = layout.home, layout.positions
        all_copies, all_refs = layout.copies, layout.references
        copies_of, geom, nodes = self.copies_of, self.geom, self.nodes
        x_moved = self.edge_layer.x_moved
        for element_id in ids:
            before = copies_of.get(element_id)
            if element_id in changed or before is None or element_id not in home \
                    or before[0][1] != home[element_id]:
                rest.append(element_id)
                continue
            copies = all_copies.get(element_id)
            refs = all_refs.get(element_id)
            if copies is None and refs is None:
                if len(before) != 1:
                    rest.append(element_id)
                    continue
            elif [key[1] for key in before[1:]] != [*(copies or ()), *(refs or ())]:
                rest.append(element_id)
                continue
            first = before[0]
            for key in before:
                x, y = positions[element_id] if key is first else \
                    copies[key[1]] if copies and key[1] in copies else refs[key[1]]  # type: ignore[index]
                g = geom[key]
                if g[0] != x or g[1] != y:
                    nodes[key].body.setPos(x, y)
                    geom[key] = (x, y, g[2], g[3])
                    moved.add(key)
                    if g[0] != x and _changes_strips(g[0], x, g[2]):
                        x_moved.add(key)
        return rest

    def _slide(self, element_id: str, moved: set[NodeKey]) -> bool:
        """The common case of a big edit: an unchanged element whose nodes are the same
        copies, only elsewhere (a row or section above it grew). False if not so."""
        layout = self.layout
        before = self.copies_of.get(element_id)
        if layout is None or before is None or element_id not in layout.home \
                or before[0][1] != layout.home[element_id]:
            return False
        copies = layout.copies.get(element_id)
        refs = layout.references.get(element_id)
        if copies is None and refs is None:
            if len(before) != 1:
                return False
        elif [key[1] for key in before[1:]] != [*(copies or ()), *(refs or ())]:
            return False
        geom, nodes = self.geom, self.nodes
        for key in before:
            x, y = layout.positions[element_id] if key is before[0] else \
                copies[key[1]] if copies and key[1] in copies else refs[key[1]]  # type: ignore[index]
            g = geom[key]
            if g[0] != x or g[1] != y:
                nodes[key].body.setPos(x, y)
                geom[key] = (x, y, g[2], g[3])
                moved.add(key)
                if g[0] != x and _changes_strips(g[0], x, g[2]):
                    self.edge_layer.x_moved.add(key)
        return True

    def _sync_roles(self, bp: Blueprint, layout: Layout, moved: set[NodeKey]) -> None:
        """The PCC and chief constable chips on each lane's header strip."""
        wanted: dict[NodeKey, tuple[NodeText, Rect]] = {}
        for force in bp.forces:
            ink = text_on(QColor(force.colour)).name()
            for role, text in role_texts(force, ink):
                wanted[(role, force.id)] = (text, layout.roles[role])
        for key in [k for k, n in self.nodes.items() if n.kind == "role" and k not in wanted]:
            self.removeItem(self.nodes.pop(key).body)
            self.geom.pop(key, None)
            self.copies_of.pop(key[0], None)
            moved.add(key)
        for key, (text, r) in wanted.items():
            size = (r.width, r.height)
            node = self.nodes.get(key)
            if node is None:
                node = NodeItem(key[0], key[1], text, size)
                node.challenges = self._open_challenges(key[0])
                self.addItem(node.body)
                self.nodes[key] = node
                self._restyle(node)
            elif node.text != text or node.size != size:
                node.set_text(text, size)
                self._restyle(node)
            node.body.setPos(r.x, r.y)
            self.geom[key] = (r.x, r.y, r.width, r.height)
            self.copies_of[key[0]] = [key]
            moved.add(key)
            self.edge_layer.x_moved.add(key)

    def _text(self, kind: str, element: Any, lane: str | None) -> NodeText:
        """What the node says, kept while the element and the forces are unchanged."""
        key = (element.id, lane)
        hit = self._text_cache.get(key)
        if hit is not None and hit[0] is element and hit[1].kind == kind:
            return hit[1]
        bp = self.blueprint
        assert bp is not None
        text = element_text(kind, element, lane, bp, self._names, self._codes)
        self._text_cache[key] = (element, text)
        return text

    def _open_challenges(self, element_id: str) -> int:
        mark = self.marks.get(element_id)
        return mark.open if mark else 0

    def tooltip_for(self, node: NodeItem) -> str:
        """The node's tooltip: stored words, or for a function its full story; then what
        the challenge log says about it."""
        fn = self._functions.get(node.element_id) if node.kind == "function" else None
        if fn is None:
            tip = node.text.tooltip
        else:
            bp = self.blueprint
            assert bp is not None
            full = element_text("function", fn, node.lane, bp, self._names)  # names, not codes
            tip = function_tooltip(fn, node.lane, full.sub, self._names)
        option = self.option_tips.get(node.element_id)
        if option:
            tip = f"{tip}\n\n{option}" if tip else option
        mark = self.marks.get(node.element_id)
        return with_challenges(tip, mark.tip) if mark else tip

    def set_option_marks(self, marks: Mapping[str, str], tips: Mapping[str, str]) -> None:
        """Mark the nodes the option shown changes or adds (``options.marks``; empty for
        the base) with a badge and tooltip words; only nodes whose mark changed are
        touched."""
        glyphs = {i: MARK_BADGES[m] for i, m in marks.items() if m != "removed"}
        old_glyphs, old_tips = self.option_marks, self.option_tips
        if glyphs == old_glyphs and tips == old_tips:
            return
        self.option_marks, self.option_tips = glyphs, dict(tips)
        for element_id in old_glyphs.keys() | glyphs.keys() | old_tips.keys() | tips.keys():
            if old_glyphs.get(element_id) == glyphs.get(element_id) \
                    and old_tips.get(element_id) == tips.get(element_id):
                continue
            for key in self.copies_of.get(element_id, ()):
                node = self.nodes[key]
                node.set_option_mark(glyphs.get(element_id, ""))
                if node.detail is not None:
                    node.body.setToolTip(self.tooltip_for(node))

    # ------------------------------------------------------------ which edges there are

    def node_for(self, element_id: str, lane: str | None = None) -> NodeItem | None:
        """The node copy of an element in ``lane`` if there is one, else its main node."""
        node = self.nodes.get((element_id, lane))
        if node is not None:
            return node
        layout = self.layout
        if layout is not None and element_id in layout.home:
            return self.nodes.get((element_id, layout.home[element_id]))
        keys = self.copies_of.get(element_id)
        return self.nodes.get(keys[0]) if keys else None

    def _sync_edges(self, bp: Blueprint, old: Blueprint | None, everything: bool,
                    changed: set[str], reshaped: set[str], moved: set[NodeKey],
                    strips_moved: bool) -> None:
        """Re-derive the edges of stale owners; the edge layer files, routes and draws."""
        layer = self.edge_layer
        new_specs: list[EdgeSpec] = []
        assert self.layout is not None
        index = self._edge_index  # which edges there are is core's to say; this draws them
        for owner in index.stale(bp, old, everything, changed | reshaped, self._elements,
                                 self._owner_edges):
            before = self._owner_edges.get(owner, ())
            after = index.edges(bp, self.layout, owner, self._elements)
            if after == before:
                continue
            for spec in before:
                if spec not in after:
                    layer.forget(spec)
            for spec in after:
                if spec not in before:
                    layer.add(spec)
                    new_specs.append(spec)
            if after:
                self._owner_edges[owner] = after
            else:
                self._owner_edges.pop(owner, None)
        layer.update(new_specs, moved, strips_moved)

    # ------------------------------------------------------------ appearance

    def set_palette_style(self, style: Style) -> None:
        """Switch light/dark: restyle everything, drop cached labels (their ink changed)."""
        self.style = style
        self.setBackgroundBrush(style.canvas)
        for node in self.nodes.values():
            node.set_text(node.text, node.size)
            self._restyle(node)
        self.edge_layer.restyle()
        if self.blueprint is not None and self.layout is not None:
            self.backdrop.forget()
            self.backdrop.ensure(self.blueprint, self.layout, style)
        self.highlight.refresh()  # the veil takes the new canvas colour

    def _restyle(self, node: NodeItem) -> None:
        mode = self.colour_mode
        fill = None if mode == "none" else data_fill(colouring.fill_key(
            mode, node.kind, node.element_id, node.lane, self.status, self.heat, self.changes),
            self.style)
        node.apply(self.style, fill, node.element_id in self.selected, self.detailed)
        if node.detail is not None:
            node.detail.setVisible(self.detailed)

    def set_selection(self, ids: Sequence[str]) -> None:
        """Outline the selected elements (every copy) and darken the edges at them."""
        new = frozenset(ids)
        changed = new ^ self.selected
        self.selected = new
        layer = self.edge_layer
        for element_id in changed:
            for key in self.copies_of.get(element_id, ()):
                self._restyle(self.nodes[key])
                layer.restyle_at(key, element_id in new)

    def set_detail(self, detailed: bool) -> None:
        """Level of detail: labels and badges when close, plain tinted shapes when far."""
        if detailed == self.detailed:
            return
        self.detailed = detailed
        for node in self.nodes.values():  # only function fills and labels change with it
            if node.kind == "function" or node.detail is not None:
                self._restyle(node)
        self.edge_layer.restyle()

    _held: dict[int, QGraphicsItem] | None = None
    """Items added while :meth:`additions_last` holds them back."""

    @contextlib.contextmanager
    def additions_last(self) -> Iterator[None]:
        """Hold back the items added in the block until it ends: every removal first.

        Qt renumbers all of a scene's top-level items before adding one after a
        removal. Removals and additions taking turns made replacing one 75,000-element
        blueprint by another quadratic (minutes); added last, they cost one renumbering.
        """
        if self._held is not None:  # nested: the outer block adds them
            yield
            return
        self._held = {}
        try:
            yield
        finally:
            held, self._held = self._held, None
            for item in held.values():
                super().addItem(item)

    def addItem(self, item: QGraphicsItem) -> None:
        if self._held is not None:
            self._held[id(item)] = item
        else:
            super().addItem(item)

    def removeItem(self, item: QGraphicsItem) -> None:
        if self._held is not None and self._held.pop(id(item), None) is not None:
            return  # added and removed within one block: it never reached the scene
        super().removeItem(item)

    def ensure_details(self, rect: QRectF | None = None) -> None:
        """Build labels for nodes in ``rect`` (all nodes when ``None``).

        Found by geometry, not ``QGraphicsScene.items(rect)``: building child items for
        nodes returned by ``items()`` left PySide wrappers that crashed the garbage
        collector once the scene was deleted.
        """
        st = self.style
        if rect is None:
            for node in self.nodes.values():
                if node.detail is None:
                    node.ensure_detail(st, self.shown_names.lines)
                    node.body.setToolTip(self.tooltip_for(node))
                    node.detail.setVisible(self.detailed)  # type: ignore[union-attr]
            self._relabel_alike()
            self.ensure_edges(None)
            return
        # ``geom`` holds every node's box as plain numbers: asking 80,000 items for their
        # positions costs a second while a worker thread holds the interpreter
        left, top, right, bottom = rect.left(), rect.top(), rect.right(), rect.bottom()
        nodes = self.nodes
        inside = [key for key, (x, y, w, h) in self.geom.items()
                  if x <= right and x + w >= left and y <= bottom and y + h >= top]
        for key in inside:
            node = nodes.get(key)
            if node is not None and node.detail is None:
                node.ensure_detail(st, self.shown_names.lines)
                node.body.setToolTip(self.tooltip_for(node))
                node.detail.setVisible(self.detailed)  # type: ignore[union-attr]
        self._relabel_alike()

    def _relabel_alike(self) -> None:
        """Build again the labels whose region's names changed so that they now read
        differently (a new name alike to theirs)."""
        names = self.shown_names
        for key in names.changed_labels():
            node = self.nodes.get(key)
            if node is None or node.detail is None:
                continue
            names.forget(key)
            node.set_text(node.text, node.size)
            node.ensure_detail(self.style, names.lines)
            node.body.setToolTip(self.tooltip_for(node))
            node.detail.setVisible(self.detailed)  # type: ignore[union-attr]
            self._restyle(node)

    def _new_shown_names(self) -> ShownNames:
        # through a weak reference: a scene holding an object holding the scene is a
        # cycle the collector would have to break (PySide objects die badly that way)
        labels = weakref.WeakMethod(self._region_labels)
        return ShownNames(_measure, lambda region: (labels() or _no_labels)(region))

    def _region_labels(self, region: str | None) -> list[tuple]:
        """Where each name of a region (a lane, or the band: ``None``) is drawn."""
        return [(key, node.text.name, *name_room(node.text, node.size))
                for key, node in self.nodes.items() if key[1] == region]

    # ------------------------------------------------------------ a highlighted path

    def highlight_path(self, ids: Sequence[str]) -> tuple[str, ...]:
        """Highlight elements as a path, in order — e.g. area → team → function → host or
        lead force → governing body → PCCs — joined by a line, everything else dimmed.
        Returns the ids found on the canvas (a force is its lane header). Replaces any
        highlight before; it follows edits and theme changes until cleared. See
        :mod:`designer.ui.canvas.highlight`."""
        return self.highlight.show(ids)

    def clear_highlight(self) -> None:
        """Take the highlighted path away (nothing dimmed)."""
        self.highlight.clear()

    # ------------------------------------------------------------ colour by data

    def set_colour_mode(self, mode: str, problems: Sequence[Result] = ()) -> None:
        """'none', 'cost' (baseline cost heat map) or 'status' (rules: errors, warnings)."""
        if mode not in COLOUR_MODES:
            raise ValueError(f"colour mode must be one of {COLOUR_MODES}, not {mode!r}")
        self.colour_mode = mode
        self.set_problems(problems, restyle=False)
        if mode == "cost":
            self._compute_heat()
        for node in self.nodes.values():
            self._restyle(node)

    def set_problems(self, problems: Sequence[Result], restyle: bool = True) -> None:
        """Remember the worst unwaived severity per element (for the 'status' colouring)."""
        status = colouring.worst_status(problems)
        changed = {k for k in set(status) | set(self.status) if status.get(k) != self.status.get(k)}
        self.status = status
        if restyle and self.colour_mode == "status":
            for element_id in changed:
                for key in self.copies_of.get(element_id, ()):
                    self._restyle(self.nodes[key])

    def set_changes(self, changes: dict[str, str]) -> None:
        """Remember what changed since the compared file (``colouring.change_keys``) and
        recolour the nodes whose mark changed, in colour mode 'changes'."""
        old, self.changes = self.changes, dict(changes)
        if self.colour_mode != "changes":
            return
        for element_id in {k for k in set(old) | set(changes) if old.get(k) != changes.get(k)}:
            for key in self.copies_of.get(element_id, ()):
                self._restyle(self.nodes[key])

    def _compute_heat(self) -> None:
        """Heat steps of baseline cost over the function nodes on screen (see
        :func:`designer.core.colouring.cost_heat`)."""
        bp = self.blueprint
        if bp is None:
            return
        self.heat, self.heat_limits = colouring.cost_heat(
            bp, ((key, key[0], key[1], node.text.delivery) for key, node in self.nodes.items()
                 if node.kind == "function"))

    # ------------------------------------------------------------ look-ups for the view

    def node_at_item(self, item: QGraphicsItem | None) -> NodeItem | None:
        while item is not None and item.parentItem() is not None:
            item = item.parentItem()
        if item is None:
            return None
        key = item.data(KEY_ROLE)
        if not isinstance(key, tuple):
            return None
        return self.nodes.get(key)

    def element_rect(self, element_id: str) -> QRectF:
        """Union of an element's node copies (null if it has none)."""
        r = QRectF()
        for key in self.copies_of.get(element_id, ()):
            r = r.united(self.nodes[key].rect())
        return r

    def edge_for_item(self, item: QGraphicsItem | None) -> EdgeSpec | None:
        return self.edge_layer.spec_of(item)
