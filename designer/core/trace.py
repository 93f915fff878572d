"""Who serves here: for a policing area, each function's provider and who it answers to.

The question a workshop asks of a blueprint — "who answers a firearms call in
Swindon at 3am?" — answered from the graph (:func:`designer.core.graph.service`,
:func:`~designer.core.graph.governance_chain`) and the delivery-model descriptors
(:mod:`designer.core.delivery`)::

    >>> t = trace(bp, "swindon", ["firearms"], at=parse_time("Sat 03:00"))
    >>> p = t.functions[0].providers[0]
    >>> p.team_name, p.delivery_text, p.on_duty
    ('Firearms unit', 'Joint · led by A&S', True)
    >>> t.functions[0].gap                      # '' when served (and on duty)

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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from designer.core import cover as C
from designer.core import graph as G
from designer.core.catalogue import load_catalogue
from designer.core.delivery import MODELS, cell_for, partner_of
from designer.core.schema import ALLIANCE, Area, Blueprint, Force, Function, Team

Graph = G.Graph


@dataclass(frozen=True, slots=True)
class Provider:
    """One team providing one function to one area, and everything a workshop asks of it."""

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
    """The whole story: "Wiltshire Police is part of the joint Firearms unit led by …"."""
    partner: str | None
    """The host (shared) or lead (joint) force, if the area's force receives it pooled."""
    partner_name: str
    chain: tuple[str, ...]
    """Who the team answers to, nearest first, up to the PCCs (ids: function, bodies,
    roles such as ``'wiltshire.pcc'``)."""
    chain_names: tuple[str, ...]
    cover: str
    """The team's hours in words: "24/7", "Mon-Fri 08:00–18:00"."""
    on_duty: bool | None
    """On duty at the time asked (``None``: no time asked)."""
    path: tuple[str, ...]
    """Area → team → function → host/lead (or owning) force → bodies → roles: what the
    canvas highlights."""

    @property
    def governed_by(self) -> str:
        """The chain in words: "Strategic Alliance Board → PCC for Avon and Somerset …"."""
        return " → ".join(self.chain_names[1:]) if len(self.chain_names) > 1 else ""


@dataclass(frozen=True, slots=True)
class FunctionTrace:
    """One function in one area: its providers (every team serving the area), and the gap
    in words when none serves it (or none is on duty at the time asked)."""

    function: str
    name: str
    category: str
    providers: tuple[Provider, ...]
    gap: str = ""

    @property
    def on_duty(self) -> tuple[Provider, ...]:
        """Providers on duty at the time asked (all of them when no time was asked)."""
        return tuple(p for p in self.providers if p.on_duty is not False)

    @property
    def first(self) -> Provider | None:
        """The provider to show first: the first on duty, else the first."""
        duty = self.on_duty
        return duty[0] if duty else (self.providers[0] if self.providers else None)


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
    already built (the app and the rules keep one)."""
    g = G.as_graph(bp) if g is None else g
    a = _element(g, area, Area)
    force: Force = G.element(g, a.force)
    fids = [f.id for f in bp.functions] if functions is None else list(functions)
    context = _Context(bp, g, a, force, at)
    return Trace(a.id, a.name, force.id, force.name, at,
                 tuple(context.function(fid) for fid in fids))


class _Context:
    """What every function of one trace shares (names, the area's force)."""

    def __init__(self, bp: Blueprint, g: Graph, area: Area, force: Force,
                 at: C.WeekTime | None):
        self.bp, self.g, self.area, self.force, self.at = bp, g, area, force, at
        self.chains: dict[str, tuple[str, ...]] = {}

    def function(self, fid: str) -> FunctionTrace:
        g = self.g
        fn: Function = _element(g, fid, Function)
        teams = [t for t in G.delivering_teams(g, fid) if self.serves(t, fid)]
        providers = tuple(self.provider(G.element(g, t), fn) for t in sorted(teams))
        return FunctionTrace(fn.id, fn.name, fn.category, providers,
                             gap_words(self.area.name, fn.name, providers, self.at))

    def serves(self, team_id: str, fid: str) -> bool:
        listed, whole = G.service(self.g, team_id, fid)
        return self.area.id in listed or self.force.id in whole

    def provider(self, team: Team, fn: Function) -> Provider:
        g, bp = self.g, self.bp
        cell = cell_for(bp, fn, self.force.id)
        partner = partner_of(fn) if MODELS[cell.delivery].pooled else None
        chain = self.chain(team)
        windows = team.windows
        on_duty = None if self.at is None else C.on_duty(windows, self.at)
        owner_name = "the alliance" if team.owner == ALLIANCE else G.name_of(g, team.owner)
        lane_force = partner or (team.owner if team.owner != ALLIANCE else None)
        path = (self.area.id, team.id, fn.id, *((lane_force,) if lane_force else ()),
                *(c for c in chain if c != fn.id))
        return Provider(
            team.id, team.name, fn.id, fn.name, team.owner, owner_name,
            team.base_area, G.name_of(g, team.base_area) if team.base_area else "",
            cell.delivery, cell.text, cell.sentence,
            partner, G.name_of(g, partner) if partner else "",
            chain, tuple(role_or_name(g, c) for c in chain),
            C.describe_windows(windows), on_duty, tuple(dict.fromkeys(path)))

    def chain(self, team: Team) -> tuple[str, ...]:
        """The team's governance chain up to the PCCs: the graph's chain, and where that
        reaches no PCC, the owning force's chief constable and the PCC they answer to."""
        hit = self.chains.get(team.id)
        if hit is not None:
            return hit
        g = self.g
        chain = G.governance_chain(g, team.id)
        if team.owner != ALLIANCE and not any(_is_pcc(g, c) for c in chain):
            chief = f"{team.owner}.chief_constable"
            above = G.governance_chain(g, chief)
            if not any(_is_pcc(g, c) for c in above):
                above.append(f"{team.owner}.pcc")
            chain += [c for c in (chief, *above) if c not in chain]
        self.chains[team.id] = out = tuple(chain)
        return out


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
    if at is not None and not any(p.on_duty for p in providers):
        hours = "; ".join(f"{p.team_name}: {p.cover}" for p in providers[:3])
        return f"No team serving {area} for {function} is on duty on {at} ({hours})"
    return ""


def _element(g: Graph, node: str, cls: type) -> object:
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
    raise Unknown("area", text, _close(want, [a.id for a in bp.areas] + [a.name for a in bp.areas]))


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
    choices = [f.id for f in bp.functions] + [f.name for f in bp.functions]
    raise Unknown("function", text, _close(want, choices))


def functions_of(bp: Blueprint, category: str) -> list[str]:
    """Functions filed under a catalogue entry (a top-level category takes its children)."""
    catalogue = load_catalogue()
    return [f.id for f in bp.functions if f.category == category
            or (f.category in catalogue and catalogue[f.category].top == category)]


def _close(want: str, choices: Sequence[str]) -> list[str]:
    folded = {c.casefold(): c for c in choices}
    return [folded[c] for c in difflib.get_close_matches(want, list(folded), n=3, cutoff=0.6)]


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
