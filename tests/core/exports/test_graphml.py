"""GraphML for yEd and graph tools: networkx reads back the blueprint's graph, yEd's picture
follows the canvas, and two exports of one blueprint are the same bytes."""

from __future__ import annotations

import difflib
import json
import types
import typing
from pathlib import Path

import networkx as nx
import pytest
from lxml import etree

from designer.core import io, layout
from designer.core.exports.formats import by_key
from designer.core.exports.graphml import (
    EDGE_GRAPHICS,
    GRAPHML,
    NODE_GRAPHICS,
    Y,
    export_graphml,
    graphml_bytes,
)
from designer.core.graph import to_graph
from designer.core.layout import NODE_SIZE, compute_layout
from designer.core.palette import delivery_colour
from designer.core.routing import route
from designer.core.schema import Link, Position
from tests.build import area, blueprint, function, team

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = sorted((ROOT / "models").glob("*.json"))
NS = {"g": GRAPHML, "y": Y}


def small():
    """Every kind of element and edge: local, shared and joint functions, teams serving
    listed areas and based in one, a stored position, links, odd text."""
    return blueprint(
        "asp", "wilts",
        areas=[area("bristol", "asp"), area("swindon", "wilts", population=230_000)],
        functions=[
            function("response", "local-policing/incident-response", required=True,
                     baseline={"asp": {"cost_pence": 123_45, "fte": 2.5},
                               "wilts": {"cost_pence": 99, "fte": 1.0, "demand": 7}}),
            function("it", "support-functions/ict", delivery="shared", host_force="wilts",
                     cost_basis={"kind": "fixed", "shares": {"asp": 60, "wilts": 40}},
                     tags=("digital", "p1"), ramp_up=(50.0, 75.5)),
            function("dogs", "operational-support/dogs", delivery="joint", lead_force="asp",
                     governing_body="board", command="ACC <Ops> & \"Co\"",
                     notes="line one\n\tline two", position=Position(x=900.0, y=150.0)),
        ],
        teams=[team("asp-response", "response", "asp", base_area="bristol", fte=12.5,
                    serves=("bristol",)),
               team("wilts-response", "response", "wilts"),
               team("dog-unit", "dogs", "alliance", fte=30)],
        links=[Link(kind="depends-on", source="dogs", target="it", notes="needs kennels"),
               Link(kind="accountable-to", source="asp.chief_constable", target="asp.pcc")],
    )


def _flat(value, prefix: str, out: dict, json_field: bool = False) -> None:
    """A test's own reading of what a field becomes: dotted names, None left out, lists as
    JSON, and a field that may hold a list (a team's cover: "24/7" or windows) JSON always,
    so its reader never has to guess which it holds."""
    if value is None:
        return
    if isinstance(value, dict):
        for k, v in value.items():
            _flat(v, f"{prefix}.{k}", out)
    elif isinstance(value, list) or json_field:
        out[prefix] = json.dumps(value, ensure_ascii=False)
    else:
        out[prefix] = value


def _may_hold_a_list(cls, name: str) -> bool:
    """A field whose annotation is a union with a tuple or list (not a plain optional)."""
    annotation = strip_annotated(cls.model_fields[name].annotation)
    if typing.get_origin(annotation) not in (typing.Union, types.UnionType):
        return False
    return any(typing.get_origin(strip_annotated(a)) in (tuple, list)
               for a in typing.get_args(annotation))


def strip_annotated(annotation):
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def expected_node(data: dict) -> dict:
    """What networkx should read for one ``to_graph`` node (the element as JSON, flattened)."""
    out = {"kind": data["kind"], "name": data["name"]}
    if data["kind"] == "role":
        out.update(role=data["role"], force=data["element"].id)
        return out
    element = data["element"]
    fields = element.model_dump(mode="json")
    for name, value in fields.items():
        if name in ("id", "name"):
            continue
        _flat(value, f"{data['kind']}.kind" if name == "kind" else name, out,
              json_field=_may_hold_a_list(type(element), name))
    return out


def read_back(bp, tmp_path) -> nx.MultiDiGraph:
    path = export_graphml(bp, tmp_path / "out.graphml")
    return nx.read_graphml(path, force_multigraph=True)


@pytest.mark.parametrize("make", [small, *[lambda p=p: io.load(p) for p in SAMPLES]],
                         ids=["small", *[p.stem for p in SAMPLES]])
def test_networkx_reads_back_the_blueprints_graph(make, tmp_path):
    """The same nodes and edges as ``to_graph``; every node's attributes are its kind, name
    and element fields, plus what networkx itself takes from yEd's shapes (label, shape,
    x, y: the node's top-left on the canvas); every edge's id is ``source:key:target``."""
    bp = make()
    g = to_graph(bp)
    back = read_back(bp, tmp_path)
    lay = compute_layout(bp)

    assert set(back.nodes) == set(g.nodes)
    for node, data in g.nodes(data=True):
        got = dict(back.nodes[node])
        yed = {k: got.pop(k) for k in ("label", "shape_type", "x", "y") if k in got}
        assert got == expected_node(data), node
        if data["kind"] in ("force", "area"):  # group nodes: networkx reads no yEd shape
            assert yed == {}
            continue
        assert yed["label"] == data["name"] or yed["label"].endswith(data["name"])
        box = lay.roles[node] if data["kind"] == "role" else None
        x, y = (box.x, box.y) if box else lay.positions[node]
        assert (float(yed["x"]), float(yed["y"])) == (x, y)

    want = {}
    for u, v, key, data in g.edges(keys=True, data=True):
        attrs = {"kind": data["kind"], "origin": data["origin"]}
        if "link" in data:
            attrs["notes"] = data["link"].notes
        want[(u, v, f"{u}:{key}:{v}")] = attrs
    got_edges = {(u, v, k): d for u, v, k, d in back.edges(keys=True, data=True)}
    assert got_edges == want


def test_two_exports_are_the_same_bytes_warm_or_cold(tmp_path):
    bp = io.load(SAMPLES[0])
    first = graphml_bytes(bp)
    assert graphml_bytes(bp) == first
    layout.clear_cache()
    assert graphml_bytes(io.load(SAMPLES[0])) == first


def test_an_edit_changes_only_its_own_lines():
    """Key ids are attribute names and everything is in the file's order: changing one
    field of one function changes one line."""
    bp = small()
    fn = bp.functions[1].model_copy(update={"notes": "moved to the new data centre"})
    edited = bp.model_copy(update={"functions": (bp.functions[0], fn, bp.functions[2])})
    before = graphml_bytes(bp).decode().splitlines()
    after = graphml_bytes(edited).decode().splitlines()
    changed = [line for line in difflib.unified_diff(before, after, lineterm="", n=0)
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert [line[0] + line[1:].strip() for line in changed] == [
        '-<data key="notes"></data>', '+<data key="notes">moved to the new data centre</data>']


def _doc(bp) -> etree._Element:
    return etree.fromstring(graphml_bytes(bp))


def test_keys_are_typed_and_named_by_their_attribute():
    doc = _doc(small())
    keys = doc.findall("g:key", NS)
    ids = [k.get("id") for k in keys]
    assert len(ids) == len(set(ids))
    for k in keys:
        if k.get("yfiles.type"):
            assert (k.get("id"), k.get("yfiles.type")) in {(NODE_GRAPHICS, "nodegraphics"),
                                                           (EDGE_GRAPHICS, "edgegraphics")}
            continue
        prefix = "edge." if k.get("for") == "edge" else ""
        assert k.get("id") == prefix + k.get("attr.name")
        assert k.get("attr.type") in ("string", "boolean", "long", "double")
    types = {k.get("id"): k.get("attr.type") for k in keys}
    assert types["baseline.asp.cost_pence"] == "long"
    assert types["baseline.asp.fte"] == "double"
    assert types["required"] == "boolean"
    assert types["cost_basis.shares.wilts"] == "double"
    assert types["body.kind"] == "string"


def test_lanes_and_areas_are_yed_groups_holding_what_the_canvas_puts_there():
    bp = small()
    doc = _doc(bp)
    lay = compute_layout(bp)
    top = doc.find("g:graph", NS)
    for force in bp.forces:
        lane = top.find(f"g:node[@id='{force.id}']", NS)
        assert lane.get("yfiles.foldertype") == "group"
        inner = lane.find("g:graph", NS)
        members = {n.get("id") for n in inner.findall("g:node", NS)}
        placed = {i for i, home in lay.home.items() if home == force.id}
        assert members == placed | {force.pcc_role, force.chief_role}
        geometry = lane.find(".//y:GroupNode/y:Geometry", NS)
        rect = lay.lane(force.id).rect
        assert [float(geometry.get(a)) for a in ("x", "y", "width", "height")] == \
            [rect.x, rect.y, rect.width, rect.height]
        assert lane.find(".//y:NodeLabel", NS).get("backgroundColor") == force.colour
    band = {n.get("id") for n in top.findall("g:node", NS)} - set(bp.force_ids())
    assert band == {i for i, home in lay.home.items() if home is None}
    swindon = doc.find(".//g:node[@id='swindon']", NS)
    assert swindon.get("yfiles.foldertype") == "group"
    assert swindon.find("g:graph", NS) is not None


def test_nodes_take_the_canvas_geometry_colour_shape_and_words():
    bp = small()
    doc = _doc(bp)
    lay = compute_layout(bp)
    it = doc.find(".//g:node[@id='it']/g:data/y:ShapeNode", NS)
    x, y = lay.positions["it"]
    w, h = NODE_SIZE["function"]
    g = it.find("y:Geometry", NS)
    assert [float(g.get(a)) for a in ("x", "y", "width", "height")] == [x, y, w, h]
    assert it.find("y:BorderStyle", NS).get("color") == delivery_colour("shared")
    assert it.find("y:Shape", NS).get("type") == "roundrectangle"
    labels = [lb.text for lb in it.findall("y:NodeLabel", NS)]
    assert labels[0] == "It" and "Hosted by Wilts" in labels[1] and labels[2] == "S"
    board = doc.find(".//g:node[@id='board']/g:data/y:ShapeNode", NS)
    assert board.find("y:Shape", NS).get("type") == "hexagon"
    dogs = doc.find(".//g:node[@id='dogs']/g:data/y:ShapeNode/y:Geometry", NS)
    assert (float(dogs.get("x")), float(dogs.get("y"))) == lay.positions["dogs"]


def test_edges_follow_the_canvas_routes():
    bp = small()
    doc = _doc(bp)
    lay = compute_layout(bp)

    def box(i):
        x, y = lay.positions[i]
        return (x, y, *NODE_SIZE["function"])

    edge = doc.find(".//g:edge[@id='dogs:link:depends-on:it']", NS)
    poly = edge.find("g:data/y:PolyLineEdge", NS)
    points = [(float(p.get("x")), float(p.get("y"))) for p in poly.findall("y:Path/y:Point", NS)]
    want = route(lay, box("dogs"), box("it"))
    assert points == want[1:-1]
    path = poly.find("y:Path", NS)
    sx, sy, sw, sh = box("dogs")
    assert (float(path.get("sx")) + sx + sw / 2, float(path.get("sy")) + sy + sh / 2) == want[0]
    assert poly.find("y:Arrows", NS).get("target") == "standard"
    # drawn on the canvas: solid; shown there by place instead (an area's force): faint
    served = doc.find(".//g:edge[@id='asp-response:serves:bristol']", NS)
    assert served.find(".//y:LineStyle", NS).get("type") == "dotted"
    assert poly.find("y:LineStyle", NS).get("type") == "line"
    chairs = doc.find(".//g:edge[@id='board:chaired-by:asp.pcc']", NS)
    assert chairs.find(".//y:LineStyle", NS).get("type") == "dashed"


def test_the_registry_and_the_command_line_write_it(tmp_path, capsys):
    from designer.cli import main

    fmt = by_key("graphml")
    assert not fmt.needs_qt and fmt.suffix == ".graphml"
    src = tmp_path / "bp.json"
    io.save(small(), src)
    out = tmp_path / "bp.graphml"
    assert main(["export", str(src), "--graphml", str(out)]) == 0
    assert out.read_bytes() == graphml_bytes(io.load(src))
    assert main(["export", str(src), "--graphml", str(out)]) == 2  # never a silent overwrite
    assert "--overwrite" in capsys.readouterr().err


def test_text_xml_cannot_carry_is_replaced_not_a_crash(tmp_path):
    bp = small()
    fn = bp.functions[0].model_copy(update={"notes": "a\ufffeb"})
    bp = bp.model_copy(update={"functions": (fn, *bp.functions[1:])})
    back = read_back(bp, tmp_path)
    assert back.nodes["response"]["notes"] == "a\ufffdb"
