"""The blueprint as a typed graph, and the structural queries built on it."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from designer.core import graph as G
from designer.core import io
from designer.core.schema import Body, Link
from designer.resources import MODELS
from tests.build import area, blueprint, board, function, team
from tests.core.rules.sample import good


def test_nodes_are_typed_and_edges_come_from_fields_and_links():
    bp = good(links=[Link(kind="depends-on", source="dogs", target="ict"),
                     Link(kind="accountable-to", source="a.chief_constable", target="a.pcc")])
    g = G.to_graph(bp)
    kinds = {n: d["kind"] for n, d in g.nodes(data=True)}
    assert kinds["a"] == "force" and kinds["a-north"] == "area" and kinds["board"] == "body"
    assert kinds["npt"] == "function" and kinds["npt-a"] == "team"
    assert kinds["a.pcc"] == kinds["b.chief_constable"] == "role"
    assert g.nodes["a.pcc"]["name"] == "PCC of a"
    edges = {(u, v, d["kind"], d["origin"]) for u, v, d in g.edges(data=True)}
    assert ("a-north", "a", "in-force", "field") in edges
    assert ("npt-a", "npt", "delivers", "field") in edges
    assert ("npt-a", "a", "owned-by", "field") in edges
    assert ("board", "dogs", "governs", "field") in edges
    assert ("dogs", "a", "led-by", "field") in edges and ("ict", "b", "hosted-by", "field") in edges
    assert ("board", "a.pcc", "chaired-by", "field") in edges
    assert ("dogs", "ict", "depends-on", "link") in edges
    assert ("a.chief_constable", "a.pcc", "accountable-to", "link") in edges
    assert not any(v == "alliance" for _, v, _k, _o in edges)  # a joint unit has no owner node


def test_providers_own_team_host_team_and_joint_unit():
    bp = good()
    assert G.providers(bp, "npt", "a-north") == ["npt-a"]
    assert G.providers(bp, "npt", "b-west") == ["npt-b"]
    assert G.providers(bp, "ict", "a-south") == ["ict-b"]  # the host serves every partner
    assert G.providers(bp, "dogs", "b-east") == ["dogs-unit"]  # the joint unit serves all


def test_listed_areas_and_serves_links_limit_a_team():
    base = good()
    bp = good(teams=[*base.teams[:3], team("ict-b", "ict", "b", serves=("b-east",))],
              links=[Link(kind="serves", source="npt-a", target="a-north")])
    g = G.to_graph(bp)
    assert G.providers(g, "ict", "b-east") == ["ict-b"]
    assert G.providers(g, "ict", "a-north") == []
    assert G.providers(g, "npt", "a-south") == []
    assert G.served_areas(g, "npt-a", "npt") == ["a-north"]


def test_a_partner_outside_a_shared_arrangement_keeps_its_own_provision():
    bp = blueprint("a", "b", "c",
                   functions=[function("ict", "support-functions/ict", delivery="shared",
                                       host_force="a", partners=("a", "b"))],
                   teams=[team("ict-a", "ict", "a"), team("ict-c", "ict", "c")])
    assert G.providers(bp, "ict", "b-area") == ["ict-a"]
    assert G.providers(bp, "ict", "c-area") == ["ict-c"]


def test_coverage_gaps_name_area_and_function():
    base = good()
    bp = good(teams=[t for t in base.teams if t.id != "npt-b"])
    assert G.coverage_gaps(bp) == [("b-east", "npt"), ("b-west", "npt")]
    assert G.coverage_gaps(good()) == []
    assert G.coverage_gaps(bp, ["ict"]) == []


def test_governance_chain_of_a_unit():
    bodies = [board(["a", "b"]),
              Body(id="jc", name="Joint committee", kind="joint-committee",
                   chairs=("a.chief_constable",))]
    base = good()
    bp = good(bodies=bodies,
              functions=[base.functions[0], base.functions[1].model_copy(
                  update={"governing_body": "jc"}), base.functions[2]],
              links=[Link(kind="accountable-to", source="jc", target="board"),
                     Link(kind="accountable-to", source="a.chief_constable", target="a.pcc")])
    assert G.governance_chain(bp, "dogs-unit") == [
        "dogs", "jc", "board", "a.chief_constable", "a.pcc", "b.pcc"]
    assert G.governance_chain(bp, "nothing") == []


def test_bulk_build_equals_networkx_public_api():
    bp = good(links=[Link(kind="depends-on", source="dogs", target="ict")])
    fast = G.to_graph(bp)
    slow = G.Graph()
    slow.graph.update(fast.graph)
    for _list, _i, el in bp.elements():
        G.add_element(slow, G.kind_of(fast, el.id), el)
    for link in bp.links:
        G.add_link(slow, link)
    assert dict(fast.nodes(data=True)) == dict(slow.nodes(data=True))
    assert sorted(fast.edges(keys=True, data="kind")) == sorted(slow.edges(keys=True, data="kind"))
    assert all(fast._pred[v][u] is fast._succ[u][v] for u, v in fast.edges())  # as networkx
    assert nx.is_isomorphic(fast, slow)


def test_editing_the_graph_in_place_matches_a_rebuild():
    bp = good()
    g = G.to_graph(bp)
    old = bp.teams[0]
    new = old.model_copy(update={"serves": ("a-south",), "base_area": "a-north"})
    G.remove_element(g, "team", old, keep_node=True)
    G.add_element(g, "team", new)
    rebuilt = G.to_graph(good(teams=[new, *bp.teams[1:]]))
    assert sorted(g.edges(keys=True)) == sorted(rebuilt.edges(keys=True))
    G.remove_element(g, "area", bp.areas[0])
    assert "a-north" not in g and list(G.areas_of(g, "a")) == ["a-south"]


SAMPLES = sorted(Path(MODELS).glob("*.json")) if Path(MODELS).is_dir() else []


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_samples_build_a_graph_with_a_provider_for_every_required_function(path):
    bp = io.load(path)
    g = G.to_graph(bp)
    assert g.number_of_nodes() == sum(1 for _ in bp.elements()) + 2 * len(bp.forces)
    assert G.coverage_gaps(g) == []
    for t in bp.teams:
        assert t.function in G.governance_chain(g, t.id)


def test_areas_helper_for_a_blueprint_without_areas():
    bp = blueprint("a", "b", areas=[area("only", "a")])
    assert G.all_areas(G.to_graph(bp)) == ["only"]
