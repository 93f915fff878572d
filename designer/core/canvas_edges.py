"""Which edges the canvas draws, derived from the schema's reference declarations.

An *owner* draws edges: an element whose reference fields declare a drawing
(``RefTo(draw=Draw(...))``: a team to its function, a body to the functions it governs,
a role to the body it chairs), keyed ``(kind, id)``, or a link in the file, keyed
``("link", index)``. Each edge joins two node copies ``(element id, lane)`` as the layout
places them: the copies in a lane both ends have, else each end's home node.

The scene only draws: it asks :class:`EdgeIndex` which owners an edit may have changed
and what each draws now, and adds, removes or re-routes items to match. Qt-free.

    index = EdgeIndex()
    for owner in index.stale(bp, old, False, {"dogs"}, elements, drawn):
        specs = index.edges(bp, layout, owner, elements)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass, field
from typing import Any

from designer.core import references
from designer.core.layout import Layout
from designer.core.schema import ELEMENT_LISTS, KIND_OF_LIST, Blueprint

NodeKey = tuple[str, str | None]
"""A node copy on the canvas: (element id, force id of its lane or ``None`` for the band)."""
Owner = tuple[str, Any]
"""What draws an edge: (element kind, id), or ("link", index in ``bp.links``)."""


@dataclass(frozen=True, slots=True)
class EdgeSpec:
    """One drawn edge between two node copies; ``link_index`` is set for a link in the file."""

    kind: str  # delivers, depends-on, serves, governs, accountable-to, chairs
    source: NodeKey
    target: NodeKey
    arrow: bool = True
    tree: bool = False
    link_index: int | None = None
    tooltip: str = ""
    quiet: bool = False  # drawn only while one of its ends is selected
    _hash: int = field(default=0, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # specs live in sets and dict keys by the thousand: hash the fields once
        object.__setattr__(self, "_hash", hash((self.kind, self.source, self.target,
                                                self.arrow, self.tree, self.link_index,
                                                self.tooltip, self.quiet)))

    def __hash__(self) -> int:
        return self._hash


def _drawing_lists() -> tuple[tuple[str, str, frozenset[str]], ...]:
    """(list name, element kind, kinds its drawn references name) of each element list
    whose elements draw edges, read from the declarations."""
    out = []
    for list_name in ELEMENT_LISTS:
        model = references.item_class(Blueprint, list_name)
        targets = frozenset().union(*(f.spec.kinds for f in references.fields_of(model)
                                      if f.spec.draw is not None))
        if targets:
            out.append((list_name, KIND_OF_LIST[list_name], targets))
    return tuple(out)


DRAWING_LISTS = _drawing_lists()
DRAWING_KINDS = frozenset(kind for _list, kind, _targets in DRAWING_LISTS)


# ------------------------------------------------------------------ node copies


def lanes_of(layout: Layout, element_id: str) -> list[str | None]:
    """The lanes an element has a node copy in, its home first (a role: its force's)."""
    home = layout.home
    if element_id in home:
        copies = layout.copies.get(element_id)
        return [home[element_id], *copies] if copies else [home[element_id]]
    if element_id in layout.roles:
        return [element_id.rpartition(".")[0]]
    return []


def node_key(layout: Layout, element_id: str, lane: str | None) -> NodeKey | None:
    """The element's copy in ``lane`` if it has one, else its home copy (``None``: none)."""
    lanes = lanes_of(layout, element_id)
    if not lanes:
        return None
    return (element_id, lane if lane in lanes else lanes[0])


def edge_ends(layout: Layout, source: str, target: str) -> tuple[NodeKey | None,
                                                                 NodeKey | None]:
    """The node copies an edge from ``source`` to ``target`` joins: the copies in the first
    lane of the source's that the target has too, else the source's home and the target's
    home (or its copy beside the source, when the target's home is the band)."""
    src_lanes = lanes_of(layout, source)
    dst_lanes = lanes_of(layout, target)
    common = next((ln for ln in src_lanes if ln in dst_lanes), None)
    if common is not None or (src_lanes and src_lanes[0] in dst_lanes):
        return (source, common), (target, common)
    home = layout.home
    src = node_key(layout, source, home.get(source, source.split(".")[0]
                                            if "." in source else None))
    dst_lane = home.get(target, target.split(".")[0] if "." in target else None)
    if src is not None and dst_lane is None and src[1] in dst_lanes:
        dst_lane = src[1]
    return src, node_key(layout, target, dst_lane)


# ------------------------------------------------------------------ what an owner draws


def owner_edges(bp: Blueprint, layout: Layout, owner: Owner, element: Any = None) \
        -> tuple[EdgeSpec, ...]:
    """The edges one owner draws; ``element`` is the owner's element (not for a link)."""
    specs: list[EdgeSpec] = []
    if owner[0] == "link":
        link = bp.links[owner[1]]
        src, dst = edge_ends(layout, link.source, link.target)
        if src is not None and dst is not None and src != dst:
            specs.append(EdgeSpec(link.kind, src, dst, link_index=owner[1],
                                  tooltip=link.kind.replace("-", " ")))
        return tuple(specs)
    for draw, target in references.drawn(element):
        a, b = (target, owner[1]) if draw.towards_owner else (owner[1], target)
        src, dst = edge_ends(layout, a, b)
        if src is not None and dst is not None and src != dst:
            specs.append(EdgeSpec(draw.kind, src, dst, arrow=draw.arrow, tree=draw.tree,
                                  tooltip=draw.kind.replace("-", " "), quiet=draw.quiet))
    return tuple(specs)


def all_edges(bp: Blueprint, layout: Layout) -> list[EdgeSpec]:
    """Every edge the canvas draws for ``bp`` (elements' drawn references, then links)."""
    specs: list[EdgeSpec] = []
    for list_name, kind, _targets in DRAWING_LISTS:
        for element in getattr(bp, list_name):
            specs += owner_edges(bp, layout, (kind, element.id), element)
    for i in range(len(bp.links)):
        specs += owner_edges(bp, layout, ("link", i))
    return specs


class EdgeIndex:
    """Says whose edges an edit may have changed, and what each owner draws now.

    Keeps, per element list, which elements draw an edge to which ids (rebuilt when the
    list is a new value), and which links touch which ids, so an edit on a 5,000-element
    blueprint looks at a handful of owners.
    """

    KEPT = 12
    """Referrer indexes kept (a few per list: going back to a blueprint shown lately,
    as switching between options does, finds its index again)."""

    def __init__(self) -> None:
        self._referrers: dict[tuple[str, int], tuple[Any, dict[str, list[str]]]] = {}
        self._links: tuple[Any, dict[str, list[int]]] = (None, {})

    def stale(self, bp: Blueprint, old: Blueprint | None, everything: bool,
              touched: Set[str], elements: Mapping[str, tuple[str, Any]],
              drawn: Iterable[Owner]) -> set[Owner]:
        """Owners whose edges may differ: the touched elements (added, removed, changed or
        with other node copies), anything drawing an edge to one, and links at them.

        ``elements`` maps the ids of ``bp``'s elements to (kind, element); ``drawn`` are
        the owners that drew edges before.
        """
        if everything:
            stale = {(kind, el.id) for list_name, kind, _t in DRAWING_LISTS
                     for el in getattr(bp, list_name)}
            stale.update(("link", i) for i in range(len(bp.links)))
            stale.update(drawn)
            return stale
        drawn = set(drawn)
        stale = set()
        for element_id in touched:
            entry = elements.get(element_id)
            if entry is None:  # removed: drop what it drew
                stale.update(o for o in ((k, element_id) for k in DRAWING_KINDS) if o in drawn)
            elif entry[0] in DRAWING_KINDS:
                stale.add((entry[0], element_id))
        touched_kinds = {elements[i][0] if i in elements else None for i in touched}
        for list_name, kind, targets in DRAWING_LISTS:
            if touched_kinds.isdisjoint(targets) and None not in touched_kinds:
                continue
            referrers = self._referrers_in(bp, list_name)
            for element_id in touched:
                stale.update((kind, r) for r in referrers.get(element_id, ()))
        if old is None or bp.links is not old.links:
            stale.update(("link", i) for i in range(len(bp.links)))
            stale.update(o for o in drawn if o[0] == "link")
        elif touched:
            stale.update(("link", i) for i in self._links_at(bp, touched))
        return stale

    def edges(self, bp: Blueprint, layout: Layout, owner: Owner,
              elements: Mapping[str, tuple[str, Any]]) -> tuple[EdgeSpec, ...]:
        """What ``owner`` draws in ``bp`` now (nothing if it is gone)."""
        if owner[0] == "link":
            return owner_edges(bp, layout, owner) if owner[1] < len(bp.links) else ()
        entry = elements.get(owner[1])
        if entry is None or entry[0] != owner[0]:
            return ()
        return owner_edges(bp, layout, owner, entry[1])

    def _referrers_in(self, bp: Blueprint, list_name: str) -> dict[str, list[str]]:
        """Id → the elements of one list that draw an edge to it."""
        items = getattr(bp, list_name)
        key = (list_name, id(items))
        hit = self._referrers.get(key)
        if hit is not None and hit[0] is items:
            return hit[1]
        index: dict[str, list[str]] = defaultdict(list)
        for element in items:
            for _draw, target in references.drawn(element):
                index[target].append(element.id)
        if len(self._referrers) >= self.KEPT:
            self._referrers.pop(next(iter(self._referrers)))
        self._referrers[key] = (items, index)
        return index

    def _links_at(self, bp: Blueprint, ids: Set[str]) -> set[int]:
        if self._links[0] is not bp.links:
            index: dict[str, list[int]] = defaultdict(list)
            for i, link in enumerate(bp.links):
                index[link.source].append(i)
                index[link.target].append(i)
            self._links = (bp.links, index)
        return {i for element_id in ids for i in self._links[1].get(element_id, ())}
