"""GraphML for yEd and for graph tools: the diagram as drawn, and every attribute as data.

    export_graphml(bp, Path("alliance.graphml"))

One file, two readers:

- **yEd** reads its own extension (namespace ``y``): each element is a ``y:ShapeNode`` at
  its place on our canvas (:func:`designer.core.layout.compute_layout`), with the
  canvas's fill, border, shape and words (:mod:`designer.core.node_text`), colours from
  :mod:`designer.core.palette`. Each force lane is a group node (``yfiles.foldertype=
  "group"``, a collapsible ``y:ProxyAutoBoundsNode``) holding what the canvas puts in the
  lane, the force's roles on its header; each policing area is a group node in its lane.
  Edges are ``y:PolyLineEdge``\\ s along the canvas's routes (:mod:`designer.core.routing`):
  the relations the canvas draws look as they do there, the ones it shows by place or
  words instead (a team's owner, the areas it serves, a host force …) faint and dotted.
- **Graph tools** (networkx, Gephi, …) read plain typed GraphML keys: the nodes and edges
  of :func:`designer.core.graph.to_graph`, every node with its ``kind`` and ``name`` and
  every field of its element (nested models and per-force figures as dotted names, e.g.
  ``baseline.wilts.cost_pence``; lists as JSON text; absent values left out), every edge
  with ``kind``, ``origin`` and a link's own fields.

A local function has one node, where its first lane's copy is drawn: a graph has one
node per element, and teams in other lanes link to it.

The output diffs cleanly: key ids are the attribute names (``kind``; ``edge.kind`` for an
edge's), node ids are our ids, an edge's id is ``source:key:target`` (its key in
``to_graph``), everything is written in the file's order and numbers in one form, so two
exports of one blueprint are byte-identical and an edit changes only the lines it touches.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, Literal

from lxml import etree

from designer.core import io, references
from designer.core.delivery import MODELS
from designer.core.field_paths import Column, columns, value_of
from designer.core.graph import to_graph
from designer.core.layout import NODE_SIZE, Layout, Rect, compute_layout
from designer.core.node_text import element_text, force_names, role_texts
from designer.core.palette import (
    DELIVERY_TINT,
    LANE_TINT,
    PAPER,
    delivery_colour,
    ink_on,
    mix,
)
from designer.core.routing import Box, Point, route, tree_route
from designer.core.schema import ELEMENT_LISTS, KIND_OF_LIST, Blueprint, Link

GRAPHML = "http://graphml.graphdrawing.org/xmlns"
Y = "http://www.yworks.com/xml/graphml"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{GRAPHML} http://www.yworks.com/xml/schema/graphml/1.1/ygraphml.xsd"
NODE_GRAPHICS, EDGE_GRAPHICS = "yed.nodegraphics", "yed.edgegraphics"
GRAPH_ATTRIBUTES = ("kind", "name")
"""Attributes every node has (as in ``to_graph``); an element field of the same name
and another meaning is written as ``<kind>.<field>`` (a body's ``body.kind``)."""
EDGE_PREFIX = "edge."
LINK_ENDS = ("kind", "source", "target")
"""A link's fields the edge itself says (its kind, its ends): not repeated as data."""

GraphmlType = Literal["string", "boolean", "long", "double"]


# ------------------------------------------------------------------ the data: plain keys

GRAPHML_TYPES: dict[str, GraphmlType] = {"boolean": "boolean", "integer": "long",
                                         "number": "double"}
"""A field's value type → its GraphML key type (the rest are strings: text, dates, JSON)."""


def _type(col: Column) -> GraphmlType:
    return GRAPHML_TYPES.get(col.type, "string")


@dataclass(frozen=True, slots=True)
class Keys:
    """Every plain key of one export: per element kind, and for edges."""

    node: tuple[tuple[str, GraphmlType], ...]
    """(name, type) of every node key, in the order declared."""
    by_kind: dict[str, tuple[tuple[str, Column], ...]]
    """Element kind → (key, column) its elements write (after the graph attributes)."""
    edge: tuple[Column, ...]
    """A link's own fields (the edge's kind and origin come first)."""


def plain_keys(bp: Blueprint) -> Keys:
    """The keys an export of ``bp`` declares: fixed by the schema and the force ids, so
    an edit that changes values never reorders or renames them."""
    forces = bp.force_ids()
    declared: dict[str, GraphmlType] = {"kind": "string", "name": "string", "role": "string",
                                        "force": "string"}
    by_kind: dict[str, tuple[tuple[str, Column], ...]] = {}
    for list_name in ELEMENT_LISTS:
        kind = KIND_OF_LIST[list_name]
        cls = references.item_class(Blueprint, list_name)
        cols = []
        for col in columns(cls, forces, skip=("id", "name")):
            key = f"{kind}.{col.name}" if col.name in GRAPH_ATTRIBUTES else col.name
            if declared.setdefault(key, _type(col)) != _type(col):
                raise TypeError(f"GraphML key {key!r} would be both {declared[key]} and "
                                f"{_type(col)}")
            cols.append((key, col))
        by_kind[kind] = tuple(cols)
    edge = tuple(columns(Link, forces, skip=LINK_ENDS))
    return Keys(tuple(declared.items()), by_kind, edge)


# ------------------------------------------------------------------ the picture: yEd


@cache
def _edge_looks() -> dict[str, tuple[references.Draw, bool]]:
    """Graph edge kind → (how the canvas draws it, drawn against the edge's direction),
    for the reference fields the canvas draws (read from their declarations)."""
    looks = {}
    for _where, field in references.declared(Blueprint):
        spec = field.spec
        if spec.edge is not None and spec.draw is not None:
            looks[spec.edge] = (spec.draw, spec.towards_owner != spec.draw.towards_owner)
    return looks


LINK_LOOK = references.Draw("link")
"""A link in the file: the canvas draws each one, with an arrow."""


@dataclass(frozen=True, slots=True)
class NodeLook:
    kind: str
    box: Box
    labels: tuple[tuple[str, dict[str, str]], ...]  # (text, label attributes), main first
    fill: str
    border: str
    border_width: float = 1.0
    shape: str = "rectangle"


def _num(v: float) -> str:
    """One form for every number: ``184.0``, ``12.5`` (the shortest that reads back)."""
    v = float(v)
    return f"{v:.1f}" if v.is_integer() else repr(v)


_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


def _text(value: str) -> str:
    """Text XML can carry (a lone surrogate from a JSON escape becomes U+FFFD)."""
    return _NOT_XML.sub("\ufffd", value)


def _label(text: str, position: str, *, size: int = 12, style: str = "plain",
           colour: str = PAPER["text"], background: str | None = None) -> tuple[str, dict]:
    attrs = {"alignment": "center", "autoSizePolicy": "content", "fontFamily": "Dialog",
             "fontSize": str(size), "fontStyle": style, "hasLineColor": "false",
             "modelName": "internal", "modelPosition": position, "textColor": colour,
             "visible": "true"}
    if background is None:
        attrs["hasBackgroundColor"] = "false"
    else:
        attrs["backgroundColor"] = background
    return text, attrs


def _element_look(bp: Blueprint, layout: Layout, kind: str, element: Any,
                  names: dict[str, str]) -> NodeLook:
    x, y = layout.positions[element.id]
    w, h = NODE_SIZE[kind]
    lane = layout.home.get(element.id)
    words = element_text(kind, element, lane, bp, names)
    labels = [_label(words.name, "t" if words.sub else "c", style="bold")]
    if words.sub:
        labels.append(_label(words.sub, "b", size=10, colour=PAPER["muted"]))
    if words.right:
        labels.append(_label(words.right, "r", size=10, colour=PAPER["muted"]))
    if kind == "function":
        colour = delivery_colour(words.delivery or element.delivery)
        labels.append(_label(MODELS[words.delivery or element.delivery].badge, "tr", size=10,
                             style="bold", colour=ink_on(colour), background=colour))
        return NodeLook(kind, (x, y, w, h), tuple(labels),
                        mix(colour, PAPER["surface"], DELIVERY_TINT), colour, 1.4,
                        "roundrectangle")
    if kind == "body":
        return NodeLook(kind, (x, y, w, h), tuple(labels), PAPER["surface"], PAPER["text"],
                        1.2, "hexagon")
    shape = "roundrectangle" if kind == "team" else "rectangle"
    return NodeLook(kind, (x, y, w, h), tuple(labels), PAPER["surface_alt"], PAPER["border"],
                    1.0, shape)


def _box(rect: Rect) -> Box:
    return rect.x, rect.y, rect.width, rect.height


# ------------------------------------------------------------------ writing


def _sub(parent: etree._Element, tag: str, attrs: dict[str, str] | None = None,
         text: str | None = None) -> etree._Element:
    el = etree.SubElement(parent, tag, attrs or {})
    if text is not None:
        el.text = text
    return el


def _geometry(parent: etree._Element, box: Box) -> None:
    x, y, w, h = box
    _sub(parent, f"{{{Y}}}Geometry", {"height": _num(h), "width": _num(w), "x": _num(x),
                                      "y": _num(y)})


def _write_labels(parent: etree._Element, labels) -> None:
    for text, attrs in labels:
        _sub(parent, f"{{{Y}}}NodeLabel", attrs, _text(text))


def _shape_node(data: etree._Element, look: NodeLook) -> None:
    node = _sub(data, f"{{{Y}}}ShapeNode")
    _geometry(node, look.box)
    _sub(node, f"{{{Y}}}Fill", {"color": look.fill, "transparent": "false"})
    _sub(node, f"{{{Y}}}BorderStyle", {"color": look.border, "type": "line",
                                       "width": _num(look.border_width)})
    _write_labels(node, look.labels)
    _sub(node, f"{{{Y}}}Shape", {"type": look.shape})


def _group_node(data: etree._Element, box: Box, labels, fill: str, border: str) -> None:
    """yEd's group: an open and a closed realizer; the open one shows at first."""
    proxy = _sub(data, f"{{{Y}}}ProxyAutoBoundsNode")
    realizers = _sub(proxy, f"{{{Y}}}Realizers", {"active": "0"})
    for closed in (False, True):
        group = _sub(realizers, f"{{{Y}}}GroupNode")
        _geometry(group, box if not closed else (box[0], box[1], min(box[2], 208.0), 44.0))
        _sub(group, f"{{{Y}}}Fill", {"color": fill, "transparent": "false"})
        _sub(group, f"{{{Y}}}BorderStyle", {"color": border, "type": "line", "width": "1.0"})
        _write_labels(group, labels)
        _sub(group, f"{{{Y}}}Shape", {"type": "rectangle"})
        _sub(group, f"{{{Y}}}State", {"closed": "true" if closed else "false",
                                      "closedHeight": "44.0", "closedWidth": "208.0",
                                      "innerGraphDisplayEnabled": "false"})
        _sub(group, f"{{{Y}}}Insets", {"bottom": "0", "bottomF": "0.0", "left": "0",
                                       "leftF": "0.0", "right": "0", "rightF": "0.0",
                                       "top": "0", "topF": "0.0"})


def _data(parent: etree._Element, key: str, value: Any) -> None:
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, float):
        text = repr(value)
    elif isinstance(value, int):
        text = str(value)
    elif isinstance(value, date):
        text = value.isoformat()
    else:
        text = _text(str(value))
    _sub(parent, f"{{{GRAPHML}}}data", {"key": key}, text)


class _Writer:
    """Builds the document: keys, then nodes (lanes nesting their own), then edges."""

    def __init__(self, bp: Blueprint):
        self.bp = bp
        self.layout = compute_layout(bp)
        self.keys = plain_keys(bp)
        self.names = force_names(bp)
        self.boxes: dict[str, Box] = {}
        self.root = etree.Element(f"{{{GRAPHML}}}graphml", nsmap={None: GRAPHML, "y": Y,
                                                                   "xsi": XSI})
        self.root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)

    def build(self) -> etree._Element:
        self._declare_keys()
        graph = _sub(self.root, f"{{{GRAPHML}}}graph", {"edgedefault": "directed",
                                                        "id": "G"})
        lanes = {f.id: self._lane(graph, f) for f in self.bp.forces}
        for list_name in ELEMENT_LISTS[1:]:  # forces are the lanes
            kind = KIND_OF_LIST[list_name]
            for el in getattr(self.bp, list_name):
                home = self.layout.home.get(el.id)
                parent = lanes[home] if home is not None else graph
                if kind == "area":
                    self._area(parent, el)
                else:
                    self._element(parent, kind, el)
        self._edges(graph)
        return self.root

    # -- keys

    def _declare_keys(self) -> None:
        def key(for_: str, key_id: str, name: str, kind: str) -> None:
            _sub(self.root, f"{{{GRAPHML}}}key", {"attr.name": name, "attr.type": kind,
                                                  "for": for_, "id": key_id})

        for name, kind in self.keys.node:
            key("node", name, name, kind)
        key("edge", f"{EDGE_PREFIX}kind", "kind", "string")
        key("edge", f"{EDGE_PREFIX}origin", "origin", "string")
        for col in self.keys.edge:
            key("edge", EDGE_PREFIX + col.name, col.name, _type(col))
        _sub(self.root, f"{{{GRAPHML}}}key", {"for": "node", "id": NODE_GRAPHICS,
                                              "yfiles.type": "nodegraphics"})
        _sub(self.root, f"{{{GRAPHML}}}key", {"for": "edge", "id": EDGE_GRAPHICS,
                                              "yfiles.type": "edgegraphics"})

    # -- nodes

    def _node(self, parent: etree._Element, node_id: str, kind: str,
              group: bool = False) -> etree._Element:
        attrs = {"id": node_id}
        if group:
            attrs["yfiles.foldertype"] = "group"
        node = _sub(parent, f"{{{GRAPHML}}}node", attrs)
        _data(node, "kind", kind)
        return node

    def _fields(self, node: etree._Element, kind: str, el: Any) -> None:
        _data(node, "name", el.name)
        for key, col in self.keys.by_kind[kind]:
            value = value_of(el, col)
            if value is not None:
                _data(node, key, value)

    def _lane(self, graph: etree._Element, force: Any) -> etree._Element:
        lane = self.layout.lane(force.id)
        assert lane is not None
        box = _box(lane.rect)
        self.boxes[force.id] = box
        node = self._node(graph, force.id, "force", group=True)
        self._fields(node, "force", force)
        ink = ink_on(force.colour)
        label = _label(f"{force.name} ({force.short_code})", "t", size=14, style="bold",
                       colour=ink, background=force.colour)
        label[1]["autoSizePolicy"] = "node_width"
        _group_node(_sub(node, f"{{{GRAPHML}}}data", {"key": NODE_GRAPHICS}), box, (label,),
                    mix(force.colour, PAPER["canvas"], LANE_TINT), force.colour)
        inner = _sub(node, f"{{{GRAPHML}}}graph", {"edgedefault": "directed",
                                                   "id": f"{force.id}:"})
        for role_id, words in role_texts(force, ink):
            rect = self.layout.roles[role_id]
            self.boxes[role_id] = _box(rect)
            role = self._node(inner, role_id, "role")
            _data(role, "name", force.pcc if role_id == force.pcc_role else
                  force.chief_constable)
            _data(role, "role", role_id.rpartition(".")[2])
            _data(role, "force", force.id)
            look = NodeLook("role", _box(rect), (_label(words.name, "c", size=10, colour=ink),),
                            force.colour, ink, 1.0, "roundrectangle")
            _shape_node(_sub(role, f"{{{GRAPHML}}}data", {"key": NODE_GRAPHICS}), look)
        return inner

    def _area(self, parent: etree._Element, area: Any) -> None:
        look = _element_look(self.bp, self.layout, "area", area, self.names)
        self.boxes[area.id] = look.box
        node = self._node(parent, area.id, "area", group=True)
        self._fields(node, "area", area)
        _group_node(_sub(node, f"{{{GRAPHML}}}data", {"key": NODE_GRAPHICS}), look.box,
                    look.labels, look.fill, look.border)
        # empty: the canvas hangs an area's teams under their functions, among other
        # areas' teams, so an area's box could not hold them without covering those
        _sub(node, f"{{{GRAPHML}}}graph", {"edgedefault": "directed", "id": f"{area.id}:"})

    def _element(self, parent: etree._Element, kind: str, el: Any) -> None:
        look = _element_look(self.bp, self.layout, kind, el, self.names)
        self.boxes[el.id] = look.box
        node = self._node(parent, el.id, kind)
        self._fields(node, kind, el)
        _shape_node(_sub(node, f"{{{GRAPHML}}}data", {"key": NODE_GRAPHICS}), look)

    # -- edges

    def _edges(self, graph: etree._Element) -> None:
        looks = _edge_looks()
        for u, v, key, data in to_graph(self.bp).edges(keys=True, data=True):
            edge = _sub(graph, f"{{{GRAPHML}}}edge", {"id": f"{u}:{key}:{v}", "source": u,
                                                      "target": v})
            _data(edge, f"{EDGE_PREFIX}kind", data["kind"])
            _data(edge, f"{EDGE_PREFIX}origin", data["origin"])
            link = data.get("link")
            if link is not None:
                for col in self.keys.edge:
                    value = value_of(link, col)
                    if value is not None:
                        _data(edge, EDGE_PREFIX + col.name, value)
                look, against = LINK_LOOK, False
            else:
                look, against = looks.get(data["kind"], (None, False))
            self._polyline(_sub(edge, f"{{{GRAPHML}}}data", {"key": EDGE_GRAPHICS}),
                           u, v, look, against)

    def _polyline(self, data: etree._Element, u: str, v: str,
                  look: references.Draw | None, against: bool) -> None:
        a, b = self.boxes[u], self.boxes[v]
        if against:
            a, b = b, a
        points = tree_route(self.layout, b, a)[::-1] if look is not None and look.tree \
            else route(self.layout, a, b)
        if against:
            points = points[::-1]
        source, target = self.boxes[u], self.boxes[v]
        edge = _sub(data, f"{{{Y}}}PolyLineEdge")
        (sx, sy), (tx, ty) = _port(source, points[0]), _port(target, points[-1])
        path = _sub(edge, f"{{{Y}}}Path", {"sx": _num(sx), "sy": _num(sy), "tx": _num(tx),
                                           "ty": _num(ty)})
        for x, y in points[1:-1]:
            _sub(path, f"{{{Y}}}Point", {"x": _num(x), "y": _num(y)})
        if look is None:  # shown on the canvas by place or words: faint here
            colour, width, kind = PAPER["rule"], "1.0", "dotted"
        else:
            colour, width = PAPER["edge"], "1.0"
            kind = "dashed" if look.kind in ("chairs", "member") else "line"
        _sub(edge, f"{{{Y}}}LineStyle", {"color": colour, "type": kind, "width": width})
        arrow = look is not None and look.arrow
        _sub(edge, f"{{{Y}}}Arrows", {"source": "standard" if arrow and against else "none",
                                      "target": "standard" if arrow and not against
                                      else "none"})
        _sub(edge, f"{{{Y}}}BendStyle", {"smoothed": "false"})


def _port(box: Box, point: Point) -> Point:
    """Where an edge meets a node, relative to the node's centre (yEd's port offset)."""
    x, y, w, h = box
    return point[0] - (x + w / 2), point[1] - (y + h / 2)


def graphml_bytes(bp: Blueprint) -> bytes:
    """The blueprint as GraphML (UTF-8), the same bytes for the same blueprint."""
    root = _Writer(bp).build()
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def export_graphml(bp: Blueprint, path: str | Path, projection: Any = None,
                   progress: Callable[[int, int, str], None] | None = None) -> Path:
    """Write ``bp`` as GraphML for yEd and graph tools, atomically (the export registry's
    writer; the business case is not needed)."""
    if progress:
        progress(0, 1, "diagram and graph")
    io.atomic_write(path, graphml_bytes(bp))
    if progress:
        progress(1, 1, "done")
    return Path(path)
