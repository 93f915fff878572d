"""Who serves here: for a policing area, each function's provider and who it answers to.

The question a workshop asks of a blueprint — "who answers a firearms call in
Swindon at 3am?" — answered from the graph (:func:`designer.core.graph.service`,
:func:`~designer.core.graph.governance_chain`) and the delivery-model descriptors
(:mod:`designer.core.delivery`)::

    >>> t = trace(bp, "swindon", ["firearms"], at=parse_time("Sat 03:00"))
    >>> f = t.functions[0]
    >>> p = f.providers[0]
    >>> p.team_name, p.delivery_text, f.on_duty(p)
    ('Armed policing (Tri-Force)', 'Joint · led by A&S', True)
    >>> f.gap                                   # '' when served (and on duty)

A gap is said in plain words ("No team serves Swindon for Dogs"). Each provider
carries its *path* — area → team → function → host or lead force → governing
bodies → PCCs — which the app highlights on the canvas.

:func:`resolve_area` and :func:`resolve_functions` read what people type (ids or
names, any case, a catalogue function such as "firearms") and raise
:class:`Unknown` with the nearest names; :func:`pairs` finds "firearms swindon"
for the app's Find.
"""

from __future__ import annotations

import difflib
import functools
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from designer.core import cover as C
from designer.core import graph as G
from designer.core.catalogue import load_catalogue
from designer.core.delivery import MODELS, cell_for, partner_of
from designer.core.memory import Memory
from designer.core.schema import ALLIANCE, Area, Blueprint, Force, Function, Team, cover_windows

Graph = G.Graph


@dataclass(frozen=True, slots=True)
class Provider:
    """One team providing one function to a force's areas, and everything a workshop asks
    of it. The same for every area of the force it serves (so it is worked out once):
    the area and the time asked about are the :class:`FunctionTrace`'s."""

    team: str
    team_name: str
    function: str
    function_name: str
    owner: str
    """The owning force's id, or ``'alliance'``."""
    owner_name: str
    base_area: str | None
    base_area_name: str
    delivery: str
    """How the area's force receives the function (a model key of :data:`MODELS`)."""
    delivery_text: str
    """The matrix cell's words: "Joint · led by A&S"."""
    delivery_sentence: str
    """The whole story: "Wiltshire Police takes part in Firearms, a joint unit led by …"."""
    partner: str | None
    """The host (shared) or lead (joint) force, if the area's force receives it pooled."""
    partner_name: str
    chain: tuple[str, ...]
    """Who the team answers to, nearest first, up to the PCCs (ids: function, bodies,
    roles such as ``'wiltshire.pcc'``)."""
    chain_names: tuple[str, ...]
    bodies: tuple[str, ...]
    """The names of the governance bodies in the chain (none for a force's own team)."""
    cover: str
    """The team's hours in words: "24/7", "Mon-Fri 08:00–18:00"."""
    spans: tuple[tuple[int, int], ...] | None
    """The team's hours as minutes of the week (``None``: 24/7)."""
    route: tuple[str, ...]
    """Team → function → host/lead (or owning) force → bodies → roles: the path the
    canvas highlights, after the area."""

    @property
    def governed_by(self) -> str:
        """The chain in words: "Strategic Alliance Board → PCC for Avon and Somerset …"."""
        return " → ".join(self.chain_names[1:]) if len(self.chain_names) > 1 else ""

    def on_duty_at(self, at: C.WeekTime | None) -> bool | None:
        """On duty at ``at`` (``None`` when no time is asked)."""
        if at is None:
            return None
        return self.spans is None or any(s <= at.minute < e for s, e in self.spans)


class FunctionTrace(NamedTuple):
    """One function in one area: its providers (every team serving the area), and the gap
    in words when none serves it (or none is on duty at the time asked). A named tuple:
    a trace of a large blueprint makes thousands, and a frozen dataclass costs five times
    as much to make."""

    function: str
    name: str
    category: str
    area: str
    at: C.WeekTime | None
    providers: tuple[Provider, ...]
    gap: str = ""

    def on_duty(self, p: Provider) -> bool | None:
        """Whether ``p`` is on duty at the time asked (``None``: no time asked)."""
        return p.on_duty_at(self.at)

    @property
    def on_duty_providers(self) -> tuple[Provider, ...]:
        """Providers on duty at the time asked (all of them when no time was asked)."""
        return tuple(p for p in self.providers if p.on_duty_at(self.at) is not False)

    @property
    def first(self) -> Provider | None:
        """The provider to show first: the first on duty, else the first."""
        duty = self.on_duty_providers
        return duty[0] if duty else (self.providers[0] if self.providers else None)

    def path(self, p: Provider) -> tuple[str, ...]:
        """Area → team → function → host/lead force → bodies → PCCs, for highlighting."""
        return (self.area, *p.route)


@dataclass(frozen=True, slots=True)
class Trace:
    """Who serves one area: per function, its providers and gaps."""

    area: str
    area_name: str
    force: str
    force_name: str
    at: C.WeekTime | None
    functions: tuple[FunctionTrace, ...]

    @property
    def gaps(self) -> tuple[FunctionTrace, ...]:
        return tuple(f for f in self.functions if f.gap)


class Unknown(LookupError):
    """A name or id that matches nothing, with the nearest ones people may have meant."""

    def __init__(self, what: str, text: str, close: Sequence[str]):
        self.what, self.text, self.close = what, text, tuple(close)
        hint = f"; did you mean {' or '.join(repr(c) for c in self.close)}?" if close else ""
        super().__init__(f"no {what} called {text!r}{hint}")


# ------------------------------------------------------------------ tracing


def trace(bp: Blueprint, area: str, functions: Iterable[str] | None = None,
          at: C.WeekTime | None = None, g: Graph | None = None) -> Trace:
    """Who serves ``area`` (an id) for each function (ids; default every function in
    blueprint order), on duty at ``at`` if given. ``g``: the blueprint's graph, when one is
    already built (the app and the rules keep one).

    Who provides what to a force's areas is worked out once per blueprint and force, and
    only for the functions asked about (see :class:`_Slice`), so asking about another
    area, function or time of the same blueprint costs little."""
    g = G.as_graph(bp) if g is None else g
    a = _element(g, area, Area)
    force: Force = _element(g, a.force, Force)
    part = _slice(bp, force.id)
    fids = [f.id for f in bp.functions] if functions is None else list(functions)
    out = []
    for fid in fids:
        fn, found = part.serving(fid, g)
        if found.listed:
            found = found.at(a.id)
        gap = "" if found.everywhere and at is None else \
            gap_words(a.name, fn.name, found.everywhere, at)
        out.append(FunctionTrace(fn.id, fn.name, fn.category, a.id, at, found.everywhere, gap))
    return Trace(a.id, a.name, force.id, force.name, at, tuple(out))


def providers(bp: Blueprint, area: str, functions: Iterable[str],
              g: Graph | None = None) -> list[Provider]:
    """Every team providing any of ``functions`` to ``area``, function by function: what
    :func:`trace` finds, without the per-function words (walk-throughs ask this)."""
    g = G.as_graph(bp) if g is None else g
    a = _element(g, area, Area)
    part = _slice(bp, a.force)
    return [p for fid in functions for p in part.serving(fid, g)[1].at(a.id).everywhere]


class Serving(NamedTuple):
    """A function's providers to one force: those serving all its areas, and those serving
    only some (with which), in team order."""

    everywhere: tuple[Provider, ...]
    listed: tuple[tuple[Provider, frozenset[str]], ...] = ()

    def at(self, area: str) -> Serving:
        """The providers serving ``area``, all in ``everywhere``."""
        if not self.listed:
            return self
        chosen = {p.team for p, areas in self.listed if area in areas}
        everywhere = {p.team for p in self.everywhere}
        return Serving(tuple(p for p in self._order if p.team in chosen or p.team in
                             everywhere))

    @property
    def _order(self) -> list[Provider]:
        return sorted([*self.everywhere, *(p for p, _a in self.listed)], key=_team_key)


def _team_key(p: Provider) -> str:
    return p.team
"""A function's providers to one force: each with the areas it serves there (``None``:
all of the force's areas)."""


class _Slice:
    """Who provides each function to one force's areas, for one blueprint value: filled
    function by function as traces ask (under the memory's lock; worked out outside it).
    A graph passed in must be the blueprint's; nothing here keeps it."""

    def __init__(self, bp: Blueprint, force: str):
        self.bp = weakref.ref(bp)
        self.force = force
        self.functions: dict[str, tuple[Function, Serving]] = {}
        self.chains: dict[str, tuple[str, ...]] = {}
        self.above_of: dict[str, tuple[str, ...]] = {}

    def serving(self, fid: str, g: Graph) -> tuple[Function, Serving]:
        with _memory.lock:
            hit = self.functions.get(fid)
        if hit is not None:
            return hit
        fn: Function = _element(g, fid, Function)
        areas = G.areas_of(g, self.force)
        everywhere, some = [], []
        for t in sorted(G.delivering_teams(g, fid)):
            listed, whole = G.service(g, t, fid)
            if self.force in whole:
                everywhere.append(self.provider(g, G.element(g, t), fn))
                continue
            mine = frozenset(a for a in listed if a in areas)
            if mine:
                some.append((self.provider(g, G.element(g, t), fn), mine))
        hit = (fn, Serving(tuple(everywhere), tuple(some)))
        with _memory.lock:
            self.functions[fid] = hit
        return hit

    def provider(self, g: Graph, team: Team, fn: Function) -> Provider:
        bp = self.bp()
        assert bp is not None  # the caller holds the blueprint
        cell = cell_for(bp, fn, self.force)
        partner = partner_of(fn) if MODELS[cell.delivery].pooled else None
        chain = self.chain(g, team)
        owner_name = "the alliance" if team.owner == ALLIANCE else G.name_of(g, team.owner)
        lane_force = partner or (team.owner if team.owner != ALLIANCE else None)
        route = (team.id, fn.id, *((lane_force,) if lane_force else ()),
                 *(c for c in chain if c != fn.id))
        return Provider(
            team.id, team.name, fn.id, fn.name, team.owner, owner_name,
            team.base_area, G.name_of(g, team.base_area) if team.base_area else "",
            cell.delivery, cell.text, cell.sentence,
            partner, G.name_of(g, partner) if partner else "",
            chain, tuple(role_or_name(g, c) for c in chain),
            tuple(G.name_of(g, c) for c in chain if G.kind_of(g, c) == "body"),
            *_hours(team.cover),
            tuple(dict.fromkeys(route)))

    def chain(self, g: Graph, team: Team) -> tuple[str, ...]:
        """The team's governance chain up to the PCCs (as :func:`graph.governance_chain`
        walks it), and where that reaches no PCC, the owning force's chief constable and
        the PCC they answer to. What is above a body or a role is the same for every team
        it governs, so it is worked out once (a board governs thousands of units)."""
        with _memory.lock:
            hit = self.chains.get(team.id)
        if hit is not None:
            return hit
        fids = sorted(G.functions_delivered(g, team.id))
        bodies = sorted(G.governing_bodies(g, team.id))
        for fid in fids:
            if _outside(g, team, fid):
                continue  # a non-partner's own team: the arrangement's body is not its
            bodies += sorted(b for b in G.governing_bodies(g, fid) if b not in bodies)
        chain = [*fids, *bodies]
        for body in bodies:
            chain += [c for c in self.above(g, body) if c not in chain]
        if team.owner != ALLIANCE and not any(_is_pcc(g, c) for c in chain):
            chief = f"{team.owner}.chief_constable"
            above = [chief, *self.above(g, chief)]
            if not any(_is_pcc(g, c) for c in above):
                above.append(f"{team.owner}.pcc")
            chain += [c for c in above if c not in chain]
        out = tuple(chain)
        with _memory.lock:
            self.chains[team.id] = out
        return out

    def above(self, g: Graph, node: str) -> tuple[str, ...]:
        """Who a body or role answers to (its chairs, what it is accountable to)."""
        with _memory.lock:
            hit = self.above_of.get(node)
        if hit is None:
            hit = tuple(G.governance_chain(g, node))
            with _memory.lock:
                self.above_of[node] = hit
        return hit


class _Memory(Memory):
    """The slices of the last few blueprints and forces asked about (see :mod:`.memory`)."""

    def forget(self) -> None:
        self.slices: tuple[_Slice, ...] = ()  # replaced whole


_memory = _Memory()
_SLICES = 12


def _slice(bp: Blueprint, force: str) -> _Slice:
    for part in _memory.slices:
        if part.force == force and part.bp() is bp:
            return part
    part = _Slice(bp, force)
    with _memory.lock:
        alive = tuple(s for s in _memory.slices if s.bp() is not None)
        _memory.slices = (part, *alive)[:_SLICES]
    return part


@functools.lru_cache(maxsize=1024)
def _hours(cover: Any) -> tuple[str, tuple[tuple[int, int], ...] | None]:
    """A cover in words and as minutes of the week (teams share a few covers)."""
    windows = cover_windows(cover)
    return (C.describe_windows(windows),
            None if windows is None else tuple(C.spans_of(windows)))


def _outside(g: Graph, team: Team, fid: str) -> bool:
    """Whether the team belongs to a force outside the function's shared or joint
    arrangement (it delivers the function for its own force, locally)."""
    if team.owner == ALLIANCE or G.kind_of(g, fid) != "function":
        return False
    partners = G.partners(g, fid)
    return bool(partners) and team.owner not in partners


def _is_pcc(g: Graph, node: str) -> bool:
    data = g._node.get(node)
    return bool(data) and data.get("role") == "pcc"


def role_or_name(g: Graph, node: str) -> str:
    """A node's name; a role as "PCC for Wiltshire (Angus Macpherson)"."""
    data = g._node.get(node)
    if not data:
        return node
    if data.get("kind") == "role":
        force: Force = data["element"]
        post = "PCC" if data["role"] == "pcc" else "Chief Constable"
        return f"{post} for {force.name} ({data['name']})"
    return data.get("name", node)


def gap_words(area: str, function: str, providers: Sequence[Provider],
              at: C.WeekTime | None) -> str:
    """The gap in plain words, or ``''`` when the area is served (and someone is on duty)."""
    if not providers:
        return f"No team serves {area} for {function}"
    if at is not None and not any(p.on_duty_at(at) for p in providers):
        hours = "; ".join(f"{p.team_name}: {p.cover}" for p in providers[:3])
        return f"No team serving {area} for {function} is on duty on {at} ({hours})"
    return ""


def _element(g: Graph, node: str, cls: type) -> Any:
    data = g._node.get(node)
    if not data or not isinstance(data.get("element"), cls):
        raise Unknown(cls.__name__.lower(), node, ())
    return data["element"]


# ------------------------------------------------------------------ what people type


def resolve_area(bp: Blueprint, text: str) -> str:
    """The id of the area ``text`` names (its id or name, any case); :class:`Unknown`."""
    want = text.strip().casefold()
    for a in bp.areas:
        if want in (a.id, a.name.casefold()):
            return a.id
    raise Unknown("area", text, _close(want, {a.name: (a.id, a.name) for a in bp.areas}))


def resolve_functions(bp: Blueprint, text: str) -> list[str]:
    """The functions ``text`` names: a function's id or name, or a catalogue function
    (its id, name or last part: "firearms") — every function filed under it. Any case;
    :class:`Unknown` when nothing matches."""
    want = text.strip().casefold()
    exact = [f.id for f in bp.functions if want in (f.id, f.name.casefold())]
    if exact:
        return exact
    catalogue = load_catalogue()
    named = {e.id for e in catalogue.entries.values()
             if want in (e.id, e.name.casefold(), e.id.rpartition("/")[2])}
    found = [f.id for f in bp.functions
             if f.category in named or (f.category in catalogue
                                        and catalogue[f.category].top in named)]
    if found:
        return found
    raise Unknown("function", text, _close(want, {f.name: (f.id, f.name) for f in bp.functions}))


def functions_of(bp: Blueprint, category: str) -> list[str]:
    """Functions filed under a catalogue entry (a top-level category takes its children)."""
    catalogue = load_catalogue()
    return [f.id for f in bp.functions if f.category == category
            or (f.category in catalogue and catalogue[f.category].top == category)]


def _close(want: str, choices: dict[str, tuple[str, ...]]) -> list[str]:
    """The names (keys of ``choices``) whose id or name is nearest ``want``, each once."""
    named = {text.casefold(): name for name, texts in choices.items() for text in texts}
    close = difflib.get_close_matches(want, list(named), n=6, cutoff=0.6)
    return list(dict.fromkeys(named[c] for c in close))[:3]


def pairs(bp: Blueprint, text: str, limit: int = 20) -> list[tuple[str, str]]:
    """(function, area) pairs that ``text`` names together, e.g. "firearms swindon": some
    words name an area, the rest all appear in a function's name, id or catalogue entry."""
    words = text.casefold().split()
    if len(words) < 2:
        return []
    areas = []
    for a in bp.areas:
        hay = f"{a.id} {a.name.casefold()}"
        mine = [w for w in words if w in hay]
        if mine and len(mine) < len(words):
            areas.append((a.id, set(mine)))
    if not areas:
        return []
    catalogue = load_catalogue()
    out: list[tuple[str, str]] = []
    for fn in bp.functions:
        hay = f"{fn.id} {fn.name} {fn.category} {catalogue.name_of(fn.category)}".casefold()
        for area_id, mine in areas:
            rest = [w for w in words if w not in mine]
            if all(w in hay for w in rest):
                out.append((fn.id, area_id))
                if len(out) >= limit:
                    return out
    return out
