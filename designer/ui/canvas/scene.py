"""The diagram scene: turns a blueprint and its layout into graphics items, kept in step.

``DiagramScene.set_blueprint(bp)`` is the only way in: it lays the blueprint out
(:func:`designer.core.layout.compute_layout`) and changes only what differs from
what is on screen — a moved node is moved, a renamed one relabelled, edges whose
ends moved re-routed — so an edit on a 5,000-element blueprint touches a handful of
items. The scene never changes the blueprint; views ask the document for that.
"""

from __future__ import annotations

import bisect
import contextlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
)

from designer.core.catalogue import load_catalogue
from designer.core.layout import (
    GUTTER,
    NODE_SIZE,
    PAD,
    Layout,
    Rect,
    compute_layout,
)
from designer.core.money import format_pounds, pounds_short
from designer.core.routing import Point, route, route_box
from designer.core.schema import ALLIANCE, Blueprint, Force, Function
from designer.ui.canvas.items import (
    EDGE_ROLE,
    ERROR_COLOUR,
    HEAT,
    KEY_ROLE,
    WARNING_COLOUR,
    Z_EDGE,
    Z_EDGE_HOT,
    Z_LANE,
    Z_SECTION,
    EdgeSpec,
    NodeItem,
    NodeText,
    Style,
    _mix,
    edge_pen,
    elide,
    font,
    polyline_path,
    text_on,
    wrap,
)

NodeKey = tuple[str, str | None]
COLOUR_MODES = ("none", "cost", "status")
STRIP_W = 2048.0  # width of the vertical strips edges are filed under
ROUTE_MARGIN = 16.0  # a route runs at most this far right of its ends (half a grid gap)
BSP_DEPTH = 8  # measured: 5-10 cost the same to paint; deeper trees make edits slow
_NODE_LISTS = (("areas", "area"), ("bodies", "body"), ("functions", "function"),
               ("teams", "team"))
BODY_KINDS = {"alliance-board": "Alliance board", "joint-committee": "Joint committee",
              "pcc-office": "PCC office", "chief-officer-group": "Chief officer group",
              "other": "Governance body"}


def _layout_changes(old: Layout, new: Layout) -> set[str]:
    """Ids whose node moved, changed lane, or gained or lost copies between two layouts."""
    out: set[str] = set()
    old_pos, old_home, home = old.positions, old.home, new.home
    for element_id, xy in new.positions.items():
        if old_pos.get(element_id) != xy or old_home.get(element_id) != home[element_id]:
            out.add(element_id)
    out.update(old_pos.keys() - new.positions.keys())
    old_copies = old.copies
    for element_id, by_lane in new.copies.items():
        if old_copies.get(element_id) != by_lane:
            out.add(element_id)
    out.update(old_copies.keys() - new.copies.keys())
    return out


def _strips_moved(old: Layout, new: Layout) -> bool:
    """Whether the strips routes run along (section captions, the band's lower edge)
    moved: every drawn edge may then need a new route."""
    return old.band.bottom != new.band.bottom or \
        [s.y for s in old.sections] != [s.y for s in new.sections]


class DiagramScene(QGraphicsScene):
    """Lanes, band, nodes and edges of one blueprint."""

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
        self.edges: dict[EdgeSpec, QGraphicsPathItem] = {}
        self.edges_at: dict[NodeKey, set[EdgeSpec]] = defaultdict(set)
        self._backdrop: list[QGraphicsItem] = []
        self._backdrop_key: tuple | None = None
        self.selected: frozenset[str] = frozenset()
        self.colour_mode = "none"
        self.status: dict[str, str] = {}
        self.heat: dict[NodeKey, int] = {}
        self.heat_limits: tuple[int, ...] = ()
        self.detailed = True
        self._names: dict[str, str] = {}
        self._text_cache: dict[NodeKey, tuple[Any, Any, NodeText]] = {}
        self._functions: dict[str, Function] = {}
        self._elements: dict[str, tuple[str, Any]] = {}  # id → (kind, element) on screen
        self._owner_edges: dict[tuple[str, Any], tuple[EdgeSpec, ...]] = {}
        self._all_specs: dict[EdgeSpec, None] = {}  # every edge, drawn or not, in order
        self._edge_points: dict[EdgeSpec, tuple[Point, ...]] = {}  # each drawn edge's route
        self._x_moved: set[NodeKey] = set()  # nodes that moved sideways (or came, or went)
        # every edge filed under the vertical strips of the scene its route spans, so
        # finding those near the screen does not walk all 60,000 of a big blueprint
        self._columns: dict[int, set[EdgeSpec]] = defaultdict(set)
        self._columns_of: dict[EdgeSpec, range] = {}
        self._teams_index: tuple[Any, dict[str, list[str]]] = (None, {})
        self._links_index: tuple[Any, dict[str, list[int]]] = (None, {})
        self._edge_region: QRectF | None = None
        self.lazy_edges = False  # a view turns this on (see ensure_edges)
        self.show_edges = True
        self.geom: dict[NodeKey, tuple[float, float, float, float]] = {}

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
        self.layout = layout = compute_layout(bp)
        everything = (old_bp is None or old_layout is None
                      or (bp.forces is not old_bp.forces and bp.forces != old_bp.forces))
        if everything:
            self._names = {f.id: f.name for f in bp.forces}
            self._text_cache = {}
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

        moved: set[NodeKey] = set()
        reshaped: set[str] = set()  # elements whose set of node copies changed
        for element_id in dirty:
            if self._sync_element(element_id, element_id in changed, moved):
                reshaped.add(element_id)
        if roles_moved:
            self._sync_roles(bp, layout, moved)
        self._sync_edges(bp, old_bp, everything, changed, reshaped, moved, strips_moved)
        self._ensure_backdrop(bp, layout)
        if self.colour_mode == "cost":
            self._compute_heat()
            for node in self.nodes.values():
                self._restyle(node)
        b = layout.bounds
        self.setSceneRect(QRectF(b.x - 24, b.y - 24, b.width + 48, b.height + 48))
        if self.detailed:
            for key in moved:
                node = self.nodes.get(key)
                if node is not None and node.detail is not None:
                    node.set_detail_visible(True)
        self.geometryChanged.emit()

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
            for element_id in [i for i, (k, _e) in elements.items()
                               if k == kind and i not in seen]:
                del elements[element_id]
                changed.add(element_id)
        return changed

    def _wanted(self, element_id: str) -> list[tuple[NodeKey, tuple[float, float]]]:
        """The element's node copies (home first) and where each goes."""
        layout = self.layout
        if layout is None or element_id not in layout.home:
            return []
        home = layout.home[element_id]
        out = [((element_id, home), layout.positions[element_id])]
        for lane, xy in layout.copies.get(element_id, {}).items():
            out.append(((element_id, lane), xy))
        return out

    def _sync_element(self, element_id: str, replaced: bool, moved: set[NodeKey]) -> bool:
        """Make the element's nodes match the layout; True when its copies changed."""
        if not replaced and self._slide(element_id, moved):
            return False
        wanted = self._wanted(element_id)
        before = self.copies_of.get(element_id, [])
        keys = [key for key, _xy in wanted]
        reshaped = keys != before
        self._x_moved.update(before)  # few elements come this way: refile all their edges
        self._x_moved.update(keys)
        for key in before:
            if key not in keys:
                node = self.nodes.pop(key)
                self.removeItem(node.body)
                self.geom.pop(key, None)
                self._text_cache.pop(key, None)
                moved.add(key)
        if keys:
            self.copies_of[element_id] = keys
        else:
            self.copies_of.pop(element_id, None)
        if not wanted:
            return reshaped
        kind, element = self._elements[element_id]
        size = NODE_SIZE[kind]
        for key, (x, y) in wanted:
            node = self.nodes.get(key)
            if node is None:
                node = NodeItem(key[0], key[1], self._text(kind, element, key[1]), size)
                node.body.setPos(x, y)
                self.addItem(node.body)
                self.nodes[key] = node
                self._restyle(node)
                moved.add(key)
            else:  # same element object in the same lane: the same words
                text = self._text(kind, element, key[1]) if replaced else node.text
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

    def _slide(self, element_id: str, moved: set[NodeKey]) -> bool:
        """The common case of a big edit: an unchanged element whose nodes are the same
        copies, only elsewhere (a row or section above it grew). False if not so."""
        layout = self.layout
        before = self.copies_of.get(element_id)
        if layout is None or before is None or element_id not in layout.home \
                or before[0][1] != layout.home[element_id]:
            return False
        copies = layout.copies.get(element_id)
        if copies is None:
            if len(before) != 1:
                return False
        elif [key[1] for key in before[1:]] != list(copies):
            return False
        geom, nodes = self.geom, self.nodes
        for key in before:
            x, y = layout.positions[element_id] if key is before[0] else copies[key[1]]  # type: ignore[index]
            g = geom[key]
            if g[0] != x or g[1] != y:
                nodes[key].body.setPos(x, y)
                geom[key] = (x, y, g[2], g[3])
                moved.add(key)
                if g[0] != x:
                    self._x_moved.add(key)
        return True

    def _sync_roles(self, bp: Blueprint, layout: Layout, moved: set[NodeKey]) -> None:
        """The PCC and chief constable chips on each lane's header strip."""
        wanted: dict[NodeKey, tuple[NodeText, Rect]] = {}
        for force in bp.forces:
            ink = text_on(QColor(force.colour)).name()
            for role, title, person in ((force.pcc_role, "PCC", force.pcc),
                                        (force.chief_role, "Chief Constable",
                                         force.chief_constable)):
                wanted[(role, force.id)] = (
                    NodeText("role", f"{title}: {person}", "", None,
                             f"{title} of {force.name}: {person}", ink=ink),
                    layout.roles[role])
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
            self._x_moved.add(key)

    def _text(self, kind: str, element: Any, lane: str | None) -> NodeText:
        """What the node says, kept while the element and the forces are unchanged."""
        key = (element.id, lane)
        hit = self._text_cache.get(key)
        if hit is not None and hit[0] is element:
            return hit[1]
        bp = self.blueprint
        assert bp is not None
        names = self._names
        if kind == "function":
            text = self._function_text(bp, element, lane, len(bp.forces),
                                       bp.partners_of(element))
        elif kind == "team":
            owner = "Alliance" if element.owner == ALLIANCE else names.get(element.owner,
                                                                         element.owner)
            fte = f"{element.fte:g} FTE" if element.fte else ""
            tip = f"{element.name}\nTeam of {owner}" + (f", {fte}" if fte else "")
            text = NodeText("team", element.name, "", None, tip, fte)
        elif kind == "area":
            sub = element.commander or "Policing area"
            tip = f"{element.name}\nPolicing area of {names.get(element.force, element.force)}" \
                + (f"\nLocal commander: {element.commander}" if element.commander else "")
            if element.population:
                tip += f"\nPopulation: {element.population:,}"
            text = NodeText("area", element.name, sub, None, tip)
        else:
            body_kind = BODY_KINDS.get(element.kind, element.kind)
            chairs = ", ".join(self._role_name(bp, r) for r in element.chairs)
            tip = f"{element.name}\n{body_kind}" + (f"\nChaired by {chairs}" if chairs else "")
            text = NodeText("body", element.name, body_kind, None, tip)
        self._text_cache[key] = (element, text)
        return text

    def _function_text(self, bp: Blueprint, fn: Function, lane: str | None,
                       n_forces: int, partners: tuple[str, ...]) -> NodeText:
        """What a function's node says (its tooltip is built only when it is shown)."""
        names = self._names
        if lane is None:
            delivery = fn.delivery
        else:
            delivery = fn.delivery if fn.delivery != "local" and lane in partners else "local"
        if delivery == "local":  # the lane names the force; say what it costs it
            fig = fn.baseline.get(lane or "")
            sub = f"Local · {pounds_short(fig.cost_pence)} baseline" if fig and \
                fig.cost_pence else "Local"
        elif delivery == "shared":
            sub = f"Hosted by {names.get(fn.host_force or '', fn.host_force)}"
        else:
            sub = (f"Joint · led by {names.get(fn.lead_force, fn.lead_force)}"
                   if fn.lead_force else "Joint · no lead force")
        if delivery != "local" and 0 < len(partners) < n_forces:
            sub += f" · {len(partners)} of {n_forces} forces"
        return NodeText("function", fn.name, sub, delivery)

    def tooltip_for(self, node: NodeItem) -> str:
        """The node's tooltip: stored words, or for a function its full story."""
        fn = self._functions.get(node.element_id) if node.kind == "function" else None
        if fn is None:
            return node.text.tooltip
        names = self._names
        catalogue = load_catalogue()
        lane = node.lane
        tip = [fn.name, f"{catalogue.name_of(fn.category)} ({fn.category})", node.text.sub]
        if fn.command:
            tip.append(f"Command: {fn.command}")
        cost = sum(fig.cost_pence for fig in fn.baseline.values())
        if cost:
            tip.append(f"Baseline cost (all forces): {format_pounds(cost)}")
        if lane is not None and lane in fn.baseline:
            tip.append(f"Baseline cost ({names.get(lane, lane)}): "
                       f"{format_pounds(fn.baseline[lane].cost_pence)}")
        return "\n".join(tip)

    @staticmethod
    def _role_name(bp: Blueprint, role: str) -> str:
        force_id, _, which = role.partition(".")
        for f in bp.forces:
            if f.id == force_id:
                return f"PCC of {f.name}" if which == "pcc" else f"Chief Constable of {f.name}"
        return role

    # ------------------------------------------------------------ edges

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

    def _key(self, element_id: str, lane: str | None) -> NodeKey | None:
        node = self.node_for(element_id, lane)
        return (node.element_id, node.lane) if node else None

    def _owner_specs(self, bp: Blueprint, owner: tuple[str, Any]) -> tuple[EdgeSpec, ...]:
        """The edges one element (or link) draws: a team delivering its function, a body
        governing a function, a role chairing a body, a link in the file."""
        kind, ref = owner
        specs: list[EdgeSpec] = []
        home = self.layout.home if self.layout else {}

        def add(edge_kind: str, src: NodeKey | None, dst: NodeKey | None, **kw: Any) -> None:
            if src is not None and dst is not None and src != dst:
                specs.append(EdgeSpec(edge_kind, src, dst, **kw))

        if kind == "team":
            team = self._elements[ref][1]
            lane = home.get(ref)
            add("delivers", (ref, lane), self._key(team.function, lane), arrow=False,
                tree=True, tooltip="delivers")
        elif kind == "function":
            # shown when either end is selected: a fan from the board to every unit it
            # governs would drown the picture
            body = self._elements[ref][1].governing_body
            if body:
                add("governs", (body, None), self._key(ref, None), quiet=True,
                    tooltip="governs")
        elif kind == "body":
            for role in self._elements[ref][1].chairs:
                add("chairs", self._key(role, role.split(".")[0]), (ref, None), arrow=False,
                    tooltip="chairs")
        else:
            link = bp.links[ref]
            lanes_of = self.copies_of
            src_lanes = [k[1] for k in lanes_of.get(link.source, ())]
            dst_lanes = {k[1] for k in lanes_of.get(link.target, ())}
            common = next((ln for ln in src_lanes if ln in dst_lanes), None)
            if common is not None or (src_lanes and src_lanes[0] in dst_lanes):
                src, dst = (link.source, common), (link.target, common)
            else:
                src_lane = home.get(link.source, link.source.split(".")[0]
                                    if "." in link.source else None)
                src = self._key(link.source, src_lane)
                dst_lane = home.get(link.target, link.target.split(".")[0]
                                    if "." in link.target else None)
                if src is not None and dst_lane is None and src[1] in dst_lanes:
                    dst_lane = src[1]
                dst = self._key(link.target, dst_lane)
            add(link.kind, src, dst, link_index=ref, tooltip=link.kind.replace("-", " "))
        return tuple(specs)

    def _stale_owners(self, bp: Blueprint, old: Blueprint | None, everything: bool,
                      changed: set[str], reshaped: set[str]) -> set[tuple[str, Any]]:
        """Owners whose edges may differ: changed elements, elements whose copies
        changed, and anything pointing at those."""
        if everything:
            return ({("team", t.id) for t in bp.teams} | {("function", f.id) for f in bp.functions}
                    | {("body", b.id) for b in bp.bodies} | {("link", i) for i in range(len(
                        bp.links))} | set(self._owner_edges))
        touched = changed | reshaped
        stale: set[tuple[str, Any]] = set()
        for element_id in touched:
            entry = self._elements.get(element_id)
            if entry is None:  # removed: drop what it drew
                stale.update(o for o in (("team", element_id), ("function", element_id),
                                         ("body", element_id)) if o in self._owner_edges)
            elif entry[0] in ("team", "function", "body"):
                stale.add((entry[0], element_id))
        if reshaped or changed:
            teams_of = self._teams_of(bp)
            for element_id in touched:
                stale.update(("team", t) for t in teams_of.get(element_id, ()))
        governed = bool(touched & {b.id for b in bp.bodies})
        if governed:
            stale.update(("function", f.id) for f in bp.functions if f.governing_body in touched)
        if old is None or bp.links is not old.links:
            stale.update(("link", i) for i in range(len(bp.links)))
            stale.update(o for o in self._owner_edges if o[0] == "link")
        elif touched:
            for i in self._links_at(bp, touched):
                stale.add(("link", i))
        return stale

    def _teams_of(self, bp: Blueprint) -> dict[str, list[str]]:
        """Function id → its teams (kept while the team list is the same object)."""
        if self._teams_index[0] is not bp.teams:
            index: dict[str, list[str]] = defaultdict(list)
            for team in bp.teams:
                index[team.function].append(team.id)
            self._teams_index = (bp.teams, index)
        return self._teams_index[1]

    def _links_at(self, bp: Blueprint, ids: set[str]) -> set[int]:
        if self._links_index[0] is not bp.links:
            index: dict[str, list[int]] = defaultdict(list)
            for i, link in enumerate(bp.links):
                index[link.source].append(i)
                index[link.target].append(i)
            self._links_index = (bp.links, index)
        return {i for element_id in ids for i in self._links_index[1].get(element_id, ())}

    def _sync_edges(self, bp: Blueprint, old: Blueprint | None, everything: bool,
                    changed: set[str], reshaped: set[str], moved: set[NodeKey],
                    strips_moved: bool) -> None:
        """Re-derive the edges of stale owners; re-route drawn edges whose ends (or the
        strips their routes run along) moved."""
        new_specs: list[EdgeSpec] = []
        for owner in self._stale_owners(bp, old, everything, changed, reshaped):
            before = self._owner_edges.get(owner, ())
            exists = (owner[1] < len(bp.links) if owner[0] == "link"
                      else owner[1] in self._elements and
                      self._elements[owner[1]][0] == owner[0])
            after = self._owner_specs(bp, owner) if exists else ()
            if after == before:
                continue
            for spec in before:
                if spec not in after:
                    self._forget_edge(spec)
            for spec in after:
                if spec not in before:
                    self._all_specs[spec] = None
                    self.edges_at[spec.source].add(spec)
                    self.edges_at[spec.target].add(spec)
                    self._file(spec)
                    new_specs.append(spec)
            if after:
                self._owner_edges[owner] = after
            else:
                self._owner_edges.pop(owner, None)
        # strips depend on x alone: a row or section that only slid down needs no refiling
        refile: set[EdgeSpec] = set()
        for key in self._x_moved:
            refile.update(self.edges_at.get(key, ()))
        for spec in refile:
            self._file(spec)
        self._x_moved = set()
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
        if not self.lazy_edges:
            self._draw(new_specs, None)
            return
        region = self._edge_region
        if region is not None:  # edges whose ends moved may have come into sight
            near = self._near(region)
            self._draw(near if strips_moved else
                       [*new_specs, *(s for s in near if s not in self.edges and (
                           s.source in moved or s.target in moved))], region)
        selected = self.selected  # an edited element is usually selected: show its edges
        for spec in new_specs:
            if spec not in self.edges and (spec.source[0] in selected
                                           or spec.target[0] in selected):
                self._make_edge(spec)

    def _file(self, spec: EdgeSpec) -> None:
        """File the edge under the strips its route spans (again, if its ends moved)."""
        a, b = self.geom.get(spec.source), self.geom.get(spec.target)
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

    def _near(self, rect: QRectF) -> set[EdgeSpec]:
        """Edges filed under the strips ``rect`` spans: a superset of those crossing it."""
        near: set[EdgeSpec] = set()
        for c in range(int(rect.left() // STRIP_W), int(rect.right() // STRIP_W) + 1):
            near.update(self._columns.get(c, ()))
        return near

    def _forget_edge(self, spec: EdgeSpec) -> None:
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
            self.removeItem(item)
        self._edge_points.pop(spec, None)

    @property
    def edge_specs(self) -> list[EdgeSpec]:
        """Every edge the blueprint has, drawn or not."""
        return list(self._all_specs)
    def _make_edge(self, spec: EdgeSpec) -> QGraphicsPathItem:
        item = QGraphicsPathItem()
        item.setZValue(Z_EDGE)
        item.setToolTip(spec.tooltip)
        item.setData(EDGE_ROLE, spec.link_index if spec.link_index is not None else -1)
        self.edges[spec] = item
        self._route(spec, item)
        self._style_edge(spec, item)
        self.addItem(item)
        return item

    def ensure_edges(self, rect: QRectF | None) -> None:
        """Draw the edges that pass through ``rect`` (all when ``None``).

        A view makes its scene lazy (``lazy_edges``): a 75,000-element blueprint has
        60,000 edges, and only those near what is on screen are ever drawn; edges whose
        ends are selected are drawn wherever they are. Edges hidden until selected
        ("quiet") are made when they are first needed.
        """
        self._edge_region = rect
        self._draw(self._all_specs if rect is None else self._near(rect), rect)

    def _draw(self, specs: Iterable[EdgeSpec], rect: QRectF | None) -> None:
        """Make the items of those ``specs`` that should be drawn in ``rect``."""
        geom = self.geom
        edges = self.edges
        selected = self.selected
        if rect is None:
            for spec in specs:
                if spec not in edges and (not spec.quiet or spec.source[0] in selected
                                          or spec.target[0] in selected):
                    self._make_edge(spec)
            return
        if not self.show_edges:
            return
        left, top, right, bottom = rect.left(), rect.top(), rect.right(), rect.bottom()
        layout = self.layout
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
                self._make_edge(spec)
    def _route(self, spec: EdgeSpec, item: QGraphicsPathItem) -> None:
        """Give the edge its path; if its new route is its old one moved, slide it."""
        points = self._points(spec)
        old = self._edge_points.get(spec)
        if points is None:
            self._edge_points.pop(spec, None)
            item.setPos(0.0, 0.0)
            item.setPath(QPainterPath())
            return
        self._edge_points[spec] = points
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

    def _points(self, spec: EdgeSpec) -> tuple[Point, ...] | None:
        """The edge's polyline: an elbow from a function down to a team hanging under it,
        else a route through the layout's free channels (:mod:`designer.core.routing`)."""
        a, b = self.geom.get(spec.source), self.geom.get(spec.target)
        if a is None or b is None or self.layout is None:
            return None
        if spec.tree:  # drawn from the function (b) down to its team (a)
            fx, fy, fw, fh = b
            tx, ty, _tw, th = a
            if ty >= fy + fh - 1 and fx + 6 < tx < fx + fw:
                x = fx + 12
                return ((x, fy + fh), (x, ty + th / 2), (tx, ty + th / 2))
            return tuple(route(self.layout, b, a))
        return tuple(route(self.layout, a, b))

    def set_edges_shown(self, shown: bool) -> None:
        """Edges off when zoomed very far out (except at the selection): a grey mist helps
        no one, and 60,000 curves cost a second to draw."""
        if shown == self.show_edges:
            return
        self.show_edges = shown
        for spec, item in self.edges.items():
            self._style_edge(spec, item)

    def reroute(self, keys: Iterable[NodeKey]) -> None:
        """Re-draw the edges at these nodes (after moving them during a drag)."""
        seen: set[EdgeSpec] = set()
        for key in keys:
            node = self.nodes.get(key)
            if node is not None:
                p = node.body.pos()
                self.geom[key] = (p.x(), p.y(), *node.size)
            for spec in self.edges_at.get(key, ()):
                item = self.edges.get(spec)
                if spec not in seen:
                    seen.add(spec)
                    self._file(spec)
                    if item is not None:
                        self._route(spec, item)

    def _style_edge(self, spec: EdgeSpec, item: QGraphicsPathItem) -> None:
        hot = spec.source[0] in self.selected or spec.target[0] in self.selected
        item.setVisible(hot or (self.show_edges and not spec.quiet))
        pen = edge_pen(self.style, hot, spec.kind, faded=not self.detailed)
        if item.pen() != pen:
            item.setPen(pen)
        item.setZValue(Z_EDGE_HOT if hot else Z_EDGE)

    # ------------------------------------------------------------ lanes, band, captions

    def _ensure_backdrop(self, bp: Blueprint, layout: Layout) -> None:
        """Rebuild lanes, band and captions only when something they show has changed."""
        key = (bp.alliance.name, bp.forces, layout.band, tuple(layout.lanes),
               tuple(layout.sections), layout.bounds.width)
        old = self._backdrop_key
        if old is not None and old[0] is self.style and old[1] == key:
            return
        self._build_backdrop(bp, layout)
        self._backdrop_key = (self.style, key)

    def _build_backdrop(self, bp: Blueprint, layout: Layout) -> None:
        for item in self._backdrop:
            self.removeItem(item)
        self._backdrop = []
        st = self.style
        add = self._backdrop.append
        width = layout.bounds.width

        def rect_item(r: Rect, fill: QColor, pen: QPen | None = None, z: float = Z_LANE) \
                -> QGraphicsRectItem:
            item = QGraphicsRectItem(r.x, r.y, r.width, r.height)
            item.setBrush(QBrush(fill))
            item.setPen(pen if pen is not None else QPen(Qt.PenStyle.NoPen))
            item.setZValue(z)
            item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
            self.addItem(item)
            add(item)
            return item

        def text_item(text: str, role: str, colour: QColor, x: float, y: float,
                      z: float = Z_SECTION) -> QGraphicsSimpleTextItem:
            item = QGraphicsSimpleTextItem(text)
            item.setFont(font(role))
            item.setBrush(colour)
            item.setPos(x, y)
            item.setZValue(z)
            item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
            self.addItem(item)
            add(item)
            return item

        band = layout.band
        rule_pen = QPen(st.rule, 1.0)
        rule_pen.setCosmetic(st.cosmetic)
        rect_item(band, st.band, rule_pen)
        title = elide(f"{bp.alliance.name} — governance and joint units", "title",
                      band.width - 2 * PAD)
        text_item(title, "title", st.text, band.x + PAD, band.y + 10)
        forces: dict[str, Force] = {f.id: f for f in bp.forces}
        for lane in layout.lanes:
            force = forces[lane.force_id]
            rect_item(lane.rect, st.lane_tint(force.colour))
            header = rect_item(lane.header, QColor(force.colour))
            header.setToolTip(f"{force.name}\nPCC: {force.pcc}\n"
                              f"Chief Constable: {force.chief_constable}")
            ink = text_on(QColor(force.colour))
            name = elide(force.name, "header", lane.header.width - 2 * PAD - 60)
            text_item(name, "header", ink, lane.header.x + PAD, lane.header.y + 9, Z_LANE + 1)
            code = text_item(force.short_code, "sub", ink, 0, 0, Z_LANE + 1)
            code.setPos(lane.header.right - PAD - code.boundingRect().width(),
                        lane.header.y + 13)
            if lane is not layout.lanes[0]:
                sep = QPen(st.rule, 1.0)
                sep.setCosmetic(st.cosmetic)
                line = self._line(lane.rect.x, lane.rect.y, lane.rect.x, lane.rect.bottom, sep)
                line.setZValue(Z_SECTION)
                add(line)
        for section in layout.sections:
            text_item(wrap(section.label, "caption", GUTTER - 2 * PAD, 2), "caption", st.muted,
                      PAD, section.y + 6)
            line = self._line(PAD, section.y, width, section.y, rule_pen)
            line.setZValue(Z_SECTION)
            add(line)

    def _line(self, x1: float, y1: float, x2: float, y2: float, pen: QPen) -> QGraphicsLineItem:
        """A line made in Python, then added: ``addLine``'s C++-made item is freed with the
        scene while its Python wrapper lingers, which corrupts shiboken's object map."""
        line = QGraphicsLineItem(x1, y1, x2, y2)
        line.setPen(pen)
        self.addItem(line)
        return line

    # ------------------------------------------------------------ appearance

    def set_palette_style(self, style: Style) -> None:
        """Switch light/dark: restyle everything, drop cached labels (their ink changed)."""
        self.style = style
        self.setBackgroundBrush(style.canvas)
        for node in self.nodes.values():
            node.set_text(node.text, node.size)
            self._restyle(node)
        for spec, item in self.edges.items():
            self._style_edge(spec, item)
        if self.blueprint is not None and self.layout is not None:
            self._backdrop_key = None
            self._ensure_backdrop(self.blueprint, self.layout)

    def _fill_for(self, node: NodeItem) -> QColor | None:
        st = self.style
        if self.colour_mode == "status":
            severity = self.status.get(node.element_id)
            if severity == "error":
                return _mix(QColor(ERROR_COLOUR), st.surface, 0.30)
            if severity == "warning":
                return _mix(QColor(WARNING_COLOUR), st.surface, 0.55)
            return None
        if self.colour_mode == "cost" and node.kind == "function":
            step = self.heat.get((node.element_id, node.lane))
            return QColor(HEAT[step]) if step is not None else None
        return None

    def _restyle(self, node: NodeItem) -> None:
        fill = self._fill_for(node)
        node.apply(self.style, fill, node.element_id in self.selected, self.detailed)
        if node.detail is not None:
            node.detail.setVisible(self.detailed)

    def set_selection(self, ids: Sequence[str]) -> None:
        """Outline the selected elements (every copy) and darken the edges at them."""
        new = frozenset(ids)
        changed = new ^ self.selected
        self.selected = new
        for element_id in changed:
            for key in self.copies_of.get(element_id, ()):
                self._restyle(self.nodes[key])
                for spec in self.edges_at.get(key, ()):
                    item = self.edges.get(spec)
                    if item is None:
                        if element_id in new:
                            self._make_edge(spec)
                    else:
                        self._style_edge(spec, item)

    def set_detail(self, detailed: bool) -> None:
        """Level of detail: labels and badges when close, plain tinted shapes when far."""
        if detailed == self.detailed:
            return
        self.detailed = detailed
        for node in self.nodes.values():  # only function fills and labels change with it
            if node.kind == "function" or node.detail is not None:
                self._restyle(node)
        for spec, item in self.edges.items():
            self._style_edge(spec, item)

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
                    node.ensure_detail(st)
                    node.body.setToolTip(self.tooltip_for(node))
                    node.detail.setVisible(self.detailed)  # type: ignore[union-attr]
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
                node.ensure_detail(st)
                node.body.setToolTip(self.tooltip_for(node))
                node.detail.setVisible(self.detailed)  # type: ignore[union-attr]

    # ------------------------------------------------------------ colour by data

    def set_colour_mode(self, mode: str, problems: Sequence[Any] = ()) -> None:
        """'none', 'cost' (baseline cost heat map) or 'status' (rules: errors, warnings)."""
        if mode not in COLOUR_MODES:
            raise ValueError(f"colour mode must be one of {COLOUR_MODES}, not {mode!r}")
        self.colour_mode = mode
        self.set_problems(problems, restyle=False)
        if mode == "cost":
            self._compute_heat()
        for node in self.nodes.values():
            self._restyle(node)

    def set_problems(self, problems: Sequence[Any], restyle: bool = True) -> None:
        """Remember the worst unwaived severity per element (for the 'status' colouring)."""
        rank = {"error": 2, "warning": 1}
        status: dict[str, str] = {}
        for result in problems:
            severity = getattr(result, "severity", None)
            if severity not in rank or getattr(result, "waived", False):
                continue
            for element_id in getattr(result, "elements", ()):
                if rank[severity] > rank.get(status.get(element_id, ""), 0):
                    status[element_id] = severity
        changed = {k for k in set(status) | set(self.status) if status.get(k) != self.status.get(k)}
        self.status = status
        if restyle and self.colour_mode == "status":
            for element_id in changed:
                for key in self.copies_of.get(element_id, ()):
                    self._restyle(self.nodes[key])

    def _compute_heat(self) -> None:
        """Five quantile steps of baseline cost over the function nodes on screen.

        A copy in a force's lane shows that force's cost; a shared or joint node shows
        the partners' total. Quantiles, not equal ranges: a few huge units would
        otherwise paint everything else the palest step.
        """
        bp = self.blueprint
        if bp is None:
            return
        fns = {f.id: f for f in bp.functions}
        values: dict[NodeKey, int] = {}
        for key, node in self.nodes.items():
            fn = fns.get(key[0]) if node.kind == "function" else None
            if fn is None:
                continue
            if node.text.delivery == "local" and key[1] is not None:
                fig = fn.baseline.get(key[1])
                values[key] = fig.cost_pence if fig else 0
            else:
                values[key] = sum(fn.baseline[p].cost_pence for p in bp.partners_of(fn)
                                  if p in fn.baseline)
        ordered = sorted(values.values())
        if not ordered:
            self.heat, self.heat_limits = {}, ()
            return
        limits = tuple(ordered[min(len(ordered) - 1, (len(ordered) * k) // len(HEAT))]
                       for k in range(1, len(HEAT)))
        self.heat_limits = limits
        self.heat = {key: bisect.bisect_right(limits, v) for key, v in values.items()}

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
        if item is None or item.data(EDGE_ROLE) is None:
            return None
        for spec, it in self.edges.items():
            if it is item:
                return spec
        return None
