"""The blueprint as a typed graph, and the structural questions asked of it.

``to_graph(bp)`` gives a :class:`networkx.MultiDiGraph` whose nodes are the
blueprint's forces, areas, bodies, functions, teams and the forces' roles
(``"<force>.pcc"``, ``"<force>.chief_constable"``), each with attributes
``kind``, ``name`` and ``element`` (the schema model; for a role, its force).
Edges carry ``kind`` and ``origin`` (``"field"`` or ``"link"``): field edges
come from the relations every element of a kind has (a team's function, an
area's force), link edges from ``bp.links``.

    >>> g = to_graph(bp)
    >>> providers(g, "neighbourhood", "swindon")
    ['wilts-npt-swindon']

Field edges (source → target, kind), as the schema's reference fields declare them
(``RefTo(edge=...)``), plus role → force ``role-of``:

- area → force ``in-force``
- body → role ``chaired-by`` / ``member``
- function → force ``hosted-by`` (host), ``led-by`` (lead), ``partner`` (listed partners)
- body → function ``governs`` (the function's governing body)
- team → function ``delivers``; team → force ``owned-by``; team → area ``based-in`` / ``serves``

The graph can be edited in place (``add_element``/``remove_element``,
``add_link``/``remove_link``) so the rules engine keeps one graph current
across edits instead of rebuilding it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

from designer.core import references
from designer.core.delivery import pooled
from designer.core.references import FieldEdge
from designer.core.schema import (
    ALLIANCE,
    ELEMENT_LISTS,
    KIND_OF_LIST,
    Blueprint,
    Element,
    Force,
    Function,
    Link,
    Team,
)

Graph = nx.MultiDiGraph


# ------------------------------------------------------------------ building


def to_graph(bp: Blueprint) -> Graph:
    """The blueprint as a typed multigraph (see the module docstring for its shape)."""
    g: Graph = nx.MultiDiGraph()
    g.graph["forces"] = bp.force_ids()
    areas: dict[str, dict[str, None]] = {}
    g.graph["areas"] = areas
    nodes: list[tuple[str, dict[str, Any]]] = []
    edges: list[tuple[str, str, str, dict[str, Any]]] = []
    for list_name in ELEMENT_LISTS:  # in bulk: ~2x faster than one call per element
        kind = KIND_OF_LIST[list_name]
        for el in getattr(bp, list_name):
            nodes.append((el.id, {"kind": kind, "name": el.name, "element": el}))
            if kind == "force":
                nodes += _role_nodes(el)  # type: ignore[arg-type]
                edges += _role_edges(el)  # type: ignore[arg-type]
            elif kind == "area":
                areas.setdefault(el.force, {})[el.id] = None  # type: ignore[attr-defined]
            edges += [(u, v, k, {"kind": k, "origin": "field"})
                      for u, v, k in references.edges(el)]
    edges += [(lk.source, lk.target, _link_key(lk),
               {"kind": lk.kind, "origin": "link", "link": lk}) for lk in bp.links]
    _fill(g, nodes, edges)
    return g


def _fill(g: Graph, nodes: list[tuple[str, dict[str, Any]]],
          edges: list[tuple[str, str, str, dict[str, Any]]]) -> None:
    """Add nodes and keyed edges straight into networkx's adjacency dicts.

    The same structure ``add_nodes_from``/``add_edges_from`` build (networkx
    keeps ``_succ[u][v]`` and ``_pred[v][u]`` as one key dict), at a third of
    their cost, which is most of a full check. A test compares the two.
    """
    node, succ, pred = g._node, g._succ, g._pred
    for n, attrs in nodes:
        if n in node:
            node[n].update(attrs)
        else:
            node[n], succ[n], pred[n] = attrs, {}, {}
    for u, v, k, data in edges:
        if u not in node or v not in node:  # a dangling end: let networkx add the node
            g.add_edge(u, v, key=k, **data)
            continue
        keys = succ[u].get(v)
        if keys is None:
            keys = succ[u][v] = pred[v][u] = {}
        keys[k] = data
    cache = getattr(g, "__networkx_cache__", None)
    if cache:
        cache.clear()


def _role_nodes(force: Force) -> list[tuple[str, dict[str, Any]]]:
    return [(force.pcc_role, {"kind": "role", "name": force.pcc, "element": force,
                              "role": "pcc"}),
            (force.chief_role, {"kind": "role", "name": force.chief_constable,
                                "element": force, "role": "chief_constable"})]


def _role_edges(force: Force) -> list[tuple[str, str, str, dict[str, Any]]]:
    return [(role, force.id, "role-of", {"kind": "role-of", "origin": "field"})
            for role in (force.pcc_role, force.chief_role)]


def as_graph(bp_or_graph: Blueprint | Graph) -> Graph:
    return bp_or_graph if isinstance(bp_or_graph, nx.MultiDiGraph) else to_graph(bp_or_graph)


def field_edges(kind: str, el: Element) -> list[FieldEdge]:
    """The edges an element's own fields carry (owned by it: removed with it).

    Which fields make an edge, of what kind and which way, is declared on the schema's
    reference fields (``RefTo(edge=...)``); ``kind`` is the element's kind, kept for
    callers that have it to hand.
    """
    return references.edges(el)


def add_element(g: Graph, kind: str, el: Element) -> None:
    """Add (or replace the attributes of) an element's node and its field edges."""
    g.add_node(el.id, kind=kind, name=el.name, element=el)
    if kind == "area":
        g.graph.setdefault("areas", {}).setdefault(el.force, {})[el.id] = None  # type: ignore[attr-defined]
    if kind == "force":
        assert isinstance(el, Force)
        g.add_nodes_from(_role_nodes(el))
        g.add_edges_from(_role_edges(el))
    for u, v, k in field_edges(kind, el):
        g.add_edge(u, v, key=k, kind=k, origin="field")


def remove_element(g: Graph, kind: str, el: Element, *, keep_node: bool = False) -> None:
    """Remove an element's field edges, and its node unless ``keep_node``."""
    for u, v, k in field_edges(kind, el):
        if g.has_edge(u, v, key=k):
            g.remove_edge(u, v, key=k)
    if kind == "area":
        g.graph.get("areas", {}).get(el.force, {}).pop(el.id, None)  # type: ignore[attr-defined]
    if keep_node:
        return
    if kind == "force":
        assert isinstance(el, Force)
        for role in (el.pcc_role, el.chief_role):
            if role in g:
                g.remove_node(role)
    if el.id in g:
        g.remove_node(el.id)


def _link_key(link: Link) -> str:
    return f"link:{link.kind}"


def add_link(g: Graph, link: Link) -> None:
    g.add_edge(link.source, link.target, key=_link_key(link), kind=link.kind, origin="link",
               link=link)


def remove_link(g: Graph, link: Link) -> None:
    if g.has_edge(link.source, link.target, key=_link_key(link)):
        g.remove_edge(link.source, link.target, key=_link_key(link))


# ------------------------------------------------------------------ small look-ups


def kind_of(g: Graph, node: str) -> str | None:
    data = g._node.get(node)
    return data.get("kind") if data else None


def element(g: Graph, node: str) -> Any:
    return g._node[node]["element"]


def name_of(g: Graph, node: str) -> str:
    data = g._node.get(node)
    return data["name"] if data and "name" in data else node


def _targets(g: Graph, node: str, kind: str) -> list[str]:
    # networkx's raw adjacency dicts: the public views cost ~5x more per step,
    # and the rules ask this for every element.
    return [v for v, edges in g._succ[node].items()
            if any(d["kind"] == kind for d in edges.values())]


def _sources(g: Graph, node: str, kind: str) -> list[str]:
    return [u for u, edges in g._pred[node].items()
            if any(d["kind"] == kind for d in edges.values())]


def forces(g: Graph) -> tuple[str, ...]:
    return g.graph["forces"]


def areas_of(g: Graph, force_id: str) -> Iterable[str]:
    """The policing areas of one force (kept in an index: a force has many in-edges)."""
    return g.graph["areas"].get(force_id, _NONE).keys()


_NONE: dict[str, None] = {}


def partners(g: Graph, function_id: str) -> tuple[str, ...]:
    """Forces in a function's shared/joint arrangement (none for a local function)."""
    fn: Function = element(g, function_id)
    if not pooled(fn.delivery):
        return ()
    return fn.partners or forces(g)


def delivering_teams(g: Graph, function_id: str) -> list[str]:
    """Teams that deliver a function (their ``function`` field or a ``delivers`` link)."""
    if function_id not in g:
        return []
    return _sources(g, function_id, "delivers")


def functions_delivered(g: Graph, team_id: str) -> list[str]:
    if team_id not in g:
        return []
    return _targets(g, team_id, "delivers")


def governing_bodies(g: Graph, node: str) -> list[str]:
    """Bodies that govern a function or team (field or ``governs`` link)."""
    if node not in g:
        return []
    return _sources(g, node, "governs")


# ------------------------------------------------------------------ providers


def service(g: Graph, team_id: str, function_id: str) -> tuple[list[str], tuple[str, ...]]:
    """What a team serves when delivering a function: (listed areas, whole forces).

    Listed areas (the ``serves`` field or links) win. Otherwise a team owned by
    the alliance, or by the host (shared) or lead (joint) force, serves every
    partner's areas; any other force's team serves its own force's areas.
    """
    listed = _targets(g, team_id, "serves")
    if listed:
        return listed, ()
    team: Team = element(g, team_id)
    fn = g._node[function_id].get("element") if function_id in g._node else None
    owner = team.owner
    if isinstance(fn, Function):
        arranged = pooled(fn.delivery) and owner in (ALLIANCE, fn.host_force, fn.lead_force)
        if arranged or owner == ALLIANCE:
            return [], partners(g, function_id) or forces(g)
    return [], (owner,) if owner != ALLIANCE else ()


def served_areas(g: Graph, team_id: str, function_id: str) -> list[str]:
    """Areas a team serves when delivering a function (see :func:`service`)."""
    listed, whole = service(g, team_id, function_id)
    return listed + [a for f in whole for a in areas_of(g, f)]


def serves_any(g: Graph, team_id: str, function_id: str) -> bool:
    listed, whole = service(g, team_id, function_id)
    return bool(listed) or any(areas_of(g, f) for f in whole)


def providers(bp_or_graph: Blueprint | Graph, function_id: str, area_id: str) -> list[str]:
    """Teams that deliver a function to an area: the force's own team, the host
    force's team, or a joint unit. Sorted by id."""
    g = as_graph(bp_or_graph)
    return sorted(t for t in delivering_teams(g, function_id)
                  if area_id in served_areas(g, t, function_id))


def uncovered_areas(g: Graph, function_id: str, among: Iterable[str] | None = None) -> list[str]:
    """Areas of the given forces (default: all) that no team delivering the function serves."""
    listed: set[str] = set()
    whole: set[str] = set()
    for t in delivering_teams(g, function_id):
        areas, fs = service(g, t, function_id)
        listed.update(areas)
        whole.update(fs)
    return [a for f in (forces(g) if among is None else among) if f not in whole
            for a in areas_of(g, f) if a not in listed]


def covered_areas(g: Graph, function_id: str) -> set[str]:
    """Areas that some team delivering the function serves."""
    covered: set[str] = set()
    for t in delivering_teams(g, function_id):
        covered.update(served_areas(g, t, function_id))
    return covered


def all_areas(g: Graph) -> list[str]:
    return [a for f in forces(g) for a in areas_of(g, f)]


def coverage_gaps(bp_or_graph: Blueprint | Graph,
                  functions: Iterable[str] | None = None) -> list[tuple[str, str]]:
    """(area, function) pairs where a required function has no provider.

    ``functions`` limits the question to some functions; by default every
    function marked ``required``. Ordered by function, then area (force order).
    """
    g = as_graph(bp_or_graph)
    if functions is None:
        functions = [n for n, d in g.nodes(data=True)
                     if d.get("kind") == "function" and d["element"].required]
    return [(a, fid) for fid in functions for a in uncovered_areas(g, fid)]


# ------------------------------------------------------------------ governance


def governance_chain(bp_or_graph: Blueprint | Graph, unit: str) -> list[str]:
    """Who a unit answers to, nearest first: a team's function, the bodies that
    govern them, the bodies and roles those are accountable to, and the roles
    chairing each body. Each node appears once.

    >>> governance_chain(g, "brunel-mcit")
    ['major-crime', 'board', 'asp.pcc', 'wilts.pcc']
    """
    g = as_graph(bp_or_graph)
    if unit not in g:
        return []
    chain: list[str] = []
    seen = {unit}
    frontier = [unit]

    def visit(node: str) -> None:
        if node not in seen:
            seen.add(node)
            chain.append(node)
            frontier.append(node)

    while frontier:
        node = frontier.pop(0)
        kind = kind_of(g, node)
        if kind == "team":
            for fid in sorted(functions_delivered(g, node)):
                visit(fid)
        if kind in ("team", "function"):
            for body in sorted(governing_bodies(g, node)):
                visit(body)
        if kind in ("body", "role"):
            for target in sorted(_targets(g, node, "accountable-to")):
                visit(target)
        if kind == "body":
            for role in _targets(g, node, "chaired-by"):
                visit(role)
    return chain


def nodes_of_kind(g: Graph, kind: str) -> list[str]:
    return [n for n, d in g.nodes(data=True) if d.get("kind") == kind]
