"""The indexed blueprint the rules read, and how it follows an edit.

A :class:`View` holds a blueprint, its graph (``designer.core.graph``) and a
name index. :func:`diff` lists what changed between two blueprints — cheaply,
because an edit made with ``model_copy`` keeps every untouched element as the
same object — and :meth:`View.apply` updates the indexes for just those
changes, so re-checking one edit costs little more than the edit.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from designer.core import graph as G
from designer.core.schema import (
    ELEMENT_LISTS,
    KIND_OF_LIST,
    Alliance,
    Blueprint,
    Challenge,
    Element,
    Link,
    Walkthrough,
)

LinkKey = tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class Change:
    """One changed item. ``kind`` is an element kind, ``"link"``, ``"challenge"``,
    ``"walkthrough"`` or ``"alliance.<field>"``.

    ``old``/``new`` are the item before and after (``None`` when added/removed).
    """

    kind: str
    key: Any
    old: Any
    new: Any


def _link_key(link: Link) -> LinkKey:
    return (link.kind, link.source, link.target)


def _diff_list(kind: str, old: tuple, new: tuple, key: Any, out: list[Change]) -> None:
    if old is new:
        return
    if len(old) == len(new):
        for o, n in zip(old, new, strict=True):
            if o is n:
                continue
            if key(o) != key(n):
                break
            if o != n:
                out.append(Change(kind, key(o), o, n))
        else:
            return
        # ids moved around: compare by key
        out[:] = [c for c in out if c.kind != kind]
    # Untouched items are the same objects in both: set them aside by identity
    # (C-speed), then match what is left by key.
    old_objs, new_objs = set(map(id, old)), set(map(id, new))
    old_by = {key(o): o for o in old if id(o) not in new_objs}
    new_by = {key(n): n for n in new if id(n) not in old_objs}
    for k, o in old_by.items():
        n = new_by.get(k)
        if n is None:
            out.append(Change(kind, k, o, None))
        elif o is not n and o != n:
            out.append(Change(kind, k, o, n))
    for k, n in new_by.items():
        if k not in old_by:
            out.append(Change(kind, k, None, n))


def diff(old: Blueprint, new: Blueprint) -> list[Change]:
    """Every element, link, challenge, walk-through and alliance field that differs
    between two blueprints, and any other top-level field as a whole (kind: the
    field's name, e.g. ``"conflicts"``)."""
    changes: list[Change] = []
    for list_name in ELEMENT_LISTS:
        _diff_list(KIND_OF_LIST[list_name], getattr(old, list_name), getattr(new, list_name),
                   _element_key, changes)
    _diff_list("link", old.links, new.links, _link_key, changes)
    _diff_list("challenge", old.challenges, new.challenges, _element_key, changes)
    _diff_list("walkthrough", old.walkthroughs, new.walkthroughs, _element_key, changes)
    if old.alliance is not new.alliance:
        for name in Alliance.model_fields:
            a, b = getattr(old.alliance, name), getattr(new.alliance, name)
            if a is not b and a != b:
                changes.append(Change(f"alliance.{name}", "alliance", a, b))
    for name in _OTHER_FIELDS:
        a, b = getattr(old, name), getattr(new, name)
        if a is not b and a != b:
            changes.append(Change(name, name, a, b))
    return changes


_OTHER_FIELDS = tuple(name for name in Blueprint.model_fields if name not in (
    *ELEMENT_LISTS, "links", "challenges", "walkthroughs", "alliance", "format",
    "version"))


def _element_key(el: Element | Challenge | Walkthrough) -> str:
    return el.id


NAMES_SHOWN = 8
"""A message names this many elements, then says '… and N more'; the detail names all."""


class View:
    """A blueprint with the indexes rules need: its graph and names by kind."""

    def __init__(self, bp: Blueprint):
        self.bp = bp
        self.g = G.to_graph(bp)
        self.names: dict[tuple[str, str], dict[str, None]] = {}
        for _list, _i, el in bp.elements():
            self._add_name(self.kind(el.id), el)

    # ------------------------------------------------ reading

    def kind(self, node: str) -> str | None:
        return G.kind_of(self.g, node)

    def get(self, node: str, kind: str | None = None) -> Any:
        """The element with this id (of this kind), or ``None``."""
        data = self.g._node.get(node)
        if not data or "element" not in data or (kind and data["kind"] != kind):
            return None
        return data["element"]

    def name(self, node: str) -> str:
        return G.name_of(self.g, node)

    def names_of(self, nodes: Any, limit: int | None = NAMES_SHOWN) -> str:
        """'A, B and C' from ids, sorted by name; lists longer than ``limit`` end
        '… and N more' (``None``: every name)."""
        names = sorted(self.name(n) for n in nodes)
        if limit is not None and len(names) > limit:
            return ", ".join(names[:limit]) + f" and {len(names) - limit} more"
        if len(names) > 1:
            return ", ".join(names[:-1]) + " and " + names[-1]
        return names[0] if names else ""

    def of_kind(self, kind: str) -> Iterator[Any]:
        return iter(getattr(self.bp, _LIST_OF_KIND[kind]))

    # ------------------------------------------------ following an edit

    def _add_name(self, kind: str | None, el: Element) -> None:
        self.names.setdefault((kind or "", el.name.casefold()), {})[el.id] = None

    def _drop_name(self, kind: str, el: Element) -> None:
        key = (kind, el.name.casefold())
        ids = self.names.get(key)
        if ids is not None:
            ids.pop(el.id, None)
            if not ids:
                del self.names[key]

    def apply(self, new: Blueprint, changes: list[Change]) -> None:
        """Bring the indexes up to ``new``, given ``diff(self.bp, new)``."""
        g = self.g
        elements = [c for c in changes if c.kind in _ELEMENT_KINDS]
        links = [c for c in changes if c.kind == "link"]
        for c in links:
            if c.old is not None:
                G.remove_link(g, c.old)
        for c in elements:  # removals and the old half of changes first
            if c.old is not None:
                G.remove_element(g, c.kind, c.old, keep_node=c.new is not None)
                self._drop_name(c.kind, c.old)
        for c in elements:
            if c.new is not None:
                G.add_element(g, c.kind, c.new)
                self._add_name(c.kind, c.new)
        for c in links:
            if c.new is not None:
                G.add_link(g, c.new)
        g.graph["forces"] = new.force_ids()
        self.bp = new


_ELEMENT_KINDS = frozenset(KIND_OF_LIST.values())
_LIST_OF_KIND = {kind: list_name for list_name, kind in KIND_OF_LIST.items()}
ELEMENT_KINDS = _ELEMENT_KINDS
