"""What changed between two blueprints, in words: for the economic case's list of each
option's differences from the base, and for the app's "what did that change?" after
every edit.

    for d in differences(base, option_result):
        print(d.text, d.elements)        # "Dogs: joint → local for Wiltshire Police; …"
    explain_change(before, after)        # ["Wiltshire Police pays £0.6m a year less to …"]
    explain(before, after).money         # the same, in parts: changes, side effects, money

Qt-free: the app shows these words; the CLI prints them. Money is in a year at full
rate (the last year projected, when every function has gone live and ramped up), in
short board-paper amounts (:func:`designer.core.money.pounds_short`).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from designer.core import diff as D
from designer.core.delivery import MODELS, listed, partner_of, pooled
from designer.core.finance import Projection, project
from designer.core.money import pounds_short
from designer.core.schema import ALLIANCE, Blueprint, Element, Function, Team

ALLIANCE_BUDGET = "the alliance's joint budget"


@dataclass(frozen=True, slots=True)
class Difference:
    """One difference in words, and the elements it is about (to select them)."""

    text: str
    elements: tuple[str, ...] = ()


class Names(D.Names):
    """Element names (the diff engine's), with lists and whom a unit is paid to."""

    def plus(self, elements: Iterable[Element]) -> Names:
        """These names and those of ``elements`` (what an option adds) before them."""
        out = copy.copy(self)
        out._names = {**self._names, **{e.id: e.name for e in elements}}
        return out

    def payee(self, payee: str) -> str:
        return ALLIANCE_BUDGET if payee == ALLIANCE else self(payee)

    def listed(self, ids: Iterable[str]) -> str:
        names = [self(i) for i in ids]
        return listed(names, "and") if names else "none"


# ------------------------------------------------------------------ differences


def differences(before: Blueprint, after: Blueprint,
                before_projection: Projection | None = None,
                after_projection: Projection | None = None, *,
                names: Names | None = None) -> list[Difference]:
    """Every difference between two blueprints in words, in file order, from the one diff
    engine (:mod:`designer.core.diff`); a changed function says how each force now
    receives it ("joint → local for Wiltshire Police") and what it does to payments
    between forces and to savings in a year at full rate. ``names``: the elements' names
    when the caller has them (a comparison names the base once for all its options)."""
    names = names or Names(after, before)
    money = _Money(before, after, before_projection, after_projection)
    out: list[Difference] = []
    functions: tuple[dict[str, Function], dict[str, Function]] | None = None
    for item in D.diff(_without_options(before), _without_options(after)).items():
        if item.kind == "function" and item.status == "changed" and item.id is not None:
            if functions is None:  # by id, once: a big option changes hundreds
                functions = ({f.id: f for f in before.functions},
                             {f.id: f for f in after.functions})
            old, new = functions[0][item.id], functions[1][item.id]
            words = _function(before, after, old, new, item, names) + \
                money.function(item.id, names)
            if words:
                out.append(Difference(f"{names(item.id)}: " + "; ".join(words), (item.id,)))
            continue
        text = D.item_words(item, names)
        if item.id is not None and item.status == "changed":
            text = f"{item.kind} {text}"  # "team Dogs unit: …", not only its name
        out.append(Difference(text[:1].upper() + text[1:], _elements(item)))
    return out


def _without_options(bp: Blueprint) -> Blueprint:
    """A blueprint without its options: options are compared as the blueprints they give."""
    return bp.model_copy(update={"options": ()}) if bp.options else bp


def _elements(item: D.ItemDiff) -> tuple[str, ...]:
    if item.id is not None:
        return (item.id,)
    if item.list_name == "links" and len(item.path) == 2:
        _kind, source, target = item.path[1]  # type: ignore[misc]
        return (source, target)
    return ()


_ARRANGEMENT = frozenset(("host_force", "lead_force", "partners"))


def _function(before: Blueprint, after: Blueprint, old: Function, new: Function,
              item: D.ItemDiff, names: Names) -> list[str]:
    """How each force receives the function now (when its model changed for a force), then
    the diff's words for the other fields; what a move to an own-cost model clears (its
    host, lead, partners) goes without saying."""
    words: list[str] = []
    moves: dict[tuple[str, str], list[str]] = {}
    for f in after.force_ids():
        a, b = before.delivery_for(old, f), after.delivery_for(new, f)
        if a != b:
            moves.setdefault((a, b), []).append(f)
    for (a, b), forces in moves.items():
        words.append(f"{MODELS[a].key} → {MODELS[b].key} for {names.listed(forces)}")
    own_cost = not MODELS[new.delivery].pooled
    for change in item.changes:
        field = change.path[0] if change.path else ""
        if field == "delivery" and moves:
            continue
        if field in _ARRANGEMENT and own_cost and not change.after:
            continue
        words.append(D.change_words(change, names, Function))
    return words


# ------------------------------------------------------------------ money


class _Money:
    """Payments and savings before and after, in a year at full rate."""

    def __init__(self, before: Blueprint, after: Blueprint, pb: Projection | None,
                 pa: Projection | None):
        self.before, self.after = before, after
        self._pb, self._pa = pb, pa

        self._by_function: dict[int, _ByFunction] = {}

    @property
    def pb(self) -> Projection:
        if self._pb is None:
            self._pb = project(self.before)
        return self._pb

    @property
    def pa(self) -> Projection:
        if self._pa is None:
            self._pa = project(self.after, reuse=self.pb)
        return self._pa

    def _of(self, p: Projection) -> _ByFunction:
        hit = self._by_function.get(id(p))
        if hit is None:
            hit = self._by_function[id(p)] = _ByFunction(p)
        return hit

    def function(self, function_id: str, names: Names) -> list[str]:
        b, a = self._of(self.pb), self._of(self.pa)
        words = payment_words(b.payments(function_id), a.payments(function_id), names)
        saved = [b.savings(function_id), a.savings(function_id)]
        if saved[0] != saved[1]:
            more = "more" if saved[1] > saved[0] else "less"
            words.append(f"the alliance saves {pounds_short(abs(saved[1] - saved[0]))} a year "
                         f"{more}")
        return words


def _last(p: Projection) -> str:
    return p.years[-1]


def _payments(p: Projection, function_id: str | None = None) -> dict[tuple[str, str], int]:
    """(payer, payee) → amount in the last year (of one function, or all)."""
    last = _last(p)
    out: dict[tuple[str, str], int] = {}
    for fl in p.flows:
        if fl.year == last and (function_id is None or fl.function == function_id):
            out[fl.payer, fl.payee] = out.get((fl.payer, fl.payee), 0) + fl.amount_pence
    return out


class _ByFunction:
    """One projection's functions by id, for their payments and savings in the last year."""

    def __init__(self, p: Projection):
        self.last = _last(p)
        self.results = {r.id: r for r in p.functions}

    def payments(self, function_id: str) -> dict[tuple[str, str], int]:
        """What each partner pays the unit's host or lead (as the projection's flows)."""
        r = self.results.get(function_id)
        if r is None or r.payee is None or not r.years[self.last].pooled:
            return {}
        net = r.years[self.last].net_cost
        return {(f, r.payee): net[f] for f in r.partners if f != r.payee and net[f]}

    def savings(self, function_id: str) -> int:
        r = self.results.get(function_id)
        return r.years[self.last].savings_pence if r is not None else 0


def payment_words(before: Mapping[tuple[str, str], int], after: Mapping[tuple[str, str], int],
                  names: Names) -> list[str]:
    """"Wiltshire Police pays £0.6m a year less to Avon and Somerset Constabulary"."""
    words = []
    for pair in dict.fromkeys([*before, *after]):
        a, b = before.get(pair, 0), after.get(pair, 0)
        if a != b:
            payer, payee = pair
            more = "more" if b > a else "less"
            words.append(f"{names(payer)} pays {pounds_short(abs(b - a))} a year {more} to "
                         f"{names.payee(payee)}")
    return words


# ------------------------------------------------------------------ after an edit


@dataclass(frozen=True)
class ChangeExplanation:
    """What an edit changed, in its three parts (the app shows the money in one line and
    the rest on request), with the projections it was worked out from."""

    changes: tuple[Difference, ...]
    """What the edit did to each element (the elements, to select them)."""
    side_effects: tuple[str, ...]
    """What followed without being asked for."""
    money: tuple[str, ...]
    """Payments between forces, net costs, projected savings, one-off costs."""
    before_projection: Projection
    after_projection: Projection

    @property
    def lines(self) -> list[str]:
        """Every line, in the order :func:`explain_change` gives them."""
        return [d.text for d in self.changes] + [*self.side_effects, *self.money]

    @property
    def elements(self) -> tuple[str, ...]:
        """Every element the changes are about, each once, in order."""
        return tuple(dict.fromkeys(e for d in self.changes for e in d.elements))


def explain(before: Blueprint, after: Blueprint, *,
            before_projection: Projection | None = None,
            after_projection: Projection | None = None) -> ChangeExplanation:
    """:func:`explain_change` in parts, keeping the projections (the one after an edit is
    the one before the next: the app passes it on, so only touched functions are
    re-costed)."""
    pb = before_projection or project(before)
    pa = after_projection or project(after, reuse=pb)
    if before is after or before == after:
        return ChangeExplanation((), (), (), pb, pa)
    names = Names(after, before)
    return ChangeExplanation(tuple(differences(before, after, pb, pa)),
                             tuple(side_effects(before, after, names)),
                             tuple(money_effects(before, after, pb, pa, names)), pb, pa)


def explain_change(before: Blueprint, after: Blueprint, *,
                   before_projection: Projection | None = None,
                   after_projection: Projection | None = None) -> list[str]:
    """What an edit changed, in words: what it did to each element (how each force now
    receives a changed function, so that a change for one force that moved others shows),
    side effects a user may not expect, then the money for each force — payments between
    forces, net cost, savings and one-off costs in a year at full rate. Pass the
    projections when known (the app has them): the one after reuses the one before.
    """
    if before is after or before == after:
        return []
    return explain(before, after, before_projection=before_projection,
                   after_projection=after_projection).lines


def side_effects(before: Blueprint, after: Blueprint, names: Names | None = None) -> list[str]:
    """What follows from a change without being asked for: an arrangement of two partners
    that one force leaves ends for both; a team left with nothing to deliver."""
    names = names or Names(after, before)
    old = {fn.id: fn for fn in before.functions}
    out = []
    for fn in after.functions:
        was = old.get(fn.id)
        if was is None or was is fn:
            continue
        partners = before.partners_of(was)
        if pooled(was.delivery) and not pooled(fn.delivery) and len(partners) == 2:
            out.append(f"{fn.name}: with two partners an arrangement needs both, so making it "
                       f"local for one force makes it local for {names.listed(partners)}")
    out += _idle_teams(before, after)
    return out


def _idle_teams(before: Blueprint, after: Blueprint) -> list[str]:
    """Teams an edit leaves with nothing to deliver. Only a team that changed, or whose
    function did, can become idle (unless the forces changed): a big blueprint's edit
    looks at a few teams, not every team against every function."""
    fb = {f.id: f for f in before.functions}
    fa = {f.id: f for f in after.functions}
    tb = {t.id: t for t in before.teams}
    every = before.forces != after.forces
    out = []
    for team in after.teams:
        was = tb.get(team.id)
        if not every and was is team and fb.get(team.function) is fa.get(team.function):
            continue
        if idle(after, team, fa) and not (was is not None and idle(before, was, fb)):
            out.append(f"The team {team.name} is left with nothing to deliver: "
                       f"{_idle_why(after, team, fa)}")
    return out


def idle(bp: Blueprint, team: Team, functions: Mapping[str, Function] | None = None) -> bool:
    """Whether a team has nothing to deliver: an alliance unit for a function that is not
    an alliance unit (a joint one), or a force's team for a function that force now
    receives from another force. ``functions``: the blueprint's functions by id, when the
    caller asks about many teams."""
    fn = _function_of(bp, team, functions)
    if fn is None:
        return False
    if team.owner == ALLIANCE:
        return not MODELS[fn.delivery].alliance_unit
    runner = partner_of(fn)
    return (MODELS[fn.delivery].force_required and runner not in (None, team.owner)
            and team.owner in bp.partners_of(fn))


def _function_of(bp: Blueprint, team: Team,
                 functions: Mapping[str, Function] | None) -> Function | None:
    if functions is not None:
        return functions.get(team.function)
    return next((f for f in bp.functions if f.id == team.function), None)


def _idle_why(bp: Blueprint, team: Team, functions: Mapping[str, Function]) -> str:
    fn = functions[team.function]
    if team.owner == ALLIANCE:
        return f"{fn.name} is no longer a joint unit"
    runner = partner_of(fn)
    name = next((f.name for f in bp.forces if f.id == runner), runner)
    return f"{fn.name} is now {MODELS[fn.delivery].by} {name}"


def money_effects(before: Blueprint, after: Blueprint, pb: Projection, pa: Projection,
                  names: Names | None = None) -> list[str]:
    """The money an edit moves: payments between forces, each force's net cost, the
    alliance's savings (in the target year if set, else a year at full rate) and one-off
    costs. Says "projected savings unchanged" when they are."""
    names = names or Names(after, before)
    out = payment_words(_payments(pb), _payments(pa), names)
    last_b, last_a = _last(pb), _last(pa)
    for f in pa.forces:
        if f not in pb.by_force:
            continue
        a = pb.by_force[f][last_b].change_in_net_cost
        b = pa.by_force[f][last_a].change_in_net_cost
        if a != b:
            word = "higher" if b > a else "lower"
            out.append(f"{names(f)}'s net cost is {pounds_short(abs(b - a))} a year {word}")
    year = pa.target_year if pa.target_year in pa.alliance and pb.target_year in pb.alliance \
        else None
    sa = pb.alliance[year or last_b].savings
    sb = pa.alliance[year or last_a].savings
    when = f" in {year}" if year else " a year"
    if sa == sb:
        out.append(f"projected savings{when} unchanged ({pounds_short(sb)})")
    else:
        word = "higher" if sb > sa else "lower"
        out.append(f"projected savings{when} {pounds_short(abs(sb - sa))} {word} "
                   f"({pounds_short(sa)} → {pounds_short(sb)})")
    ia = sum(a.implementation for a in pb.alliance.values())
    ib = sum(a.implementation for a in pa.alliance.values())
    if ia != ib:
        word = "higher" if ib > ia else "lower"
        out.append(f"one-off implementation costs {pounds_short(abs(ib - ia))} {word}")
    return out
