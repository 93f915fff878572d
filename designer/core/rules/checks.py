"""Registered rules: checks that need real code (graph reachability, people, money).

Packs name them with ``check = "<name>"`` and may override title, severity and
source; they are listed and waived like declarative rules. Each class says
which changes can alter its results (``kinds``) and which units they touch
(``units_of``), so the engine re-runs only what an edit affects.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

import networkx as nx

from designer.core import challenges as C
from designer.core import cover, finance
from designer.core import graph as G
from designer.core import walkthroughs as W
from designer.core.catalogue import load_catalogue
from designer.core.delivery import LOCAL, MODELS, partner_of, pooled
from designer.core.money import pounds_short as pounds
from designer.core.node_text import role_name
from designer.core.rules.base import ElementRule, Rule, Unit
from designer.core.rules.results import Result, RuleInfo, Severity
from designer.core.rules.view import ELEMENT_KINDS, View
from designer.core.schema import Blueprint, Function, financial_year_start


@dataclass(frozen=True)
class Registered:
    factory: Callable[[RuleInfo], Rule]
    title: str
    severity: Severity
    source: str
    description: str


REGISTRY: dict[str, Registered] = {}


def register(name: str, title: str, severity: Severity, source: str, description: str = ""):
    """Class decorator: make a rule available to packs as ``check = name``."""

    def wrap(cls: type[Rule]) -> type[Rule]:
        REGISTRY[name] = Registered(cls, title, severity, source, description or
                                    (cls.__doc__ or "").strip().splitlines()[0])
        return cls

    return wrap


FRAMEWORK = "Avon & Somerset–Wiltshire strategic alliance framework, March 2015"
BCH = "Bedfordshire, Cambridgeshire and Hertfordshire collaboration principles"
GUIDANCE = "Statutory guidance for police collaboration (Police Act 1996 s22A), 2012"
TRI_FORCE = ("Lesson of the Avon & Somerset/Gloucestershire/Wiltshire Tri-Force collapse "
             "(2012–2019)")
STRUCTURE = "Alliance Blueprint Designer structural check"
LOG = "The blueprint's challenge and decision log"
RESILIENCE = ("Bedfordshire, Cambridgeshire and Hertfordshire Strategic Framework Agreement, "
              "2011 (\"greater efficiency, effectiveness and resilience whilst protecting "
              "frontline services\"); " + FRAMEWORK + " (the service meets the needs of local "
              "communities)")
PRACTITIONERS = ("Leicestershire, Nottinghamshire and Northamptonshire strategic alliance, "
                 "May 2016: the blueprint \"will be tested by practitioners from the three "
                 "forces\"")


# ------------------------------------------------------------------ governance


def _person(name: str) -> str:
    return " ".join(name.casefold().split())


@register("one-chief-one-pcc", "Each force keeps one chief constable accountable to one PCC",
          "error", FRAMEWORK + "; " + GUIDANCE)
class OneChiefOnePcc(Rule):
    """Not a merger: no shared chief constable or PCC, no cross-force accountability."""

    kinds = frozenset({"force", "link"})

    def units_of(self, view: View, kind: str, item: Any) -> Iterable[Unit]:
        if kind == "link" and item.kind == "accountable-to":
            return (None,)
        return (None,) if kind == "force" else ()

    def evaluate(self, view: View, unit: Unit) -> list[Result]:
        bp, out = view.bp, []
        for role, label in (("pcc", "Police and Crime Commissioner"),
                            ("chief_constable", "chief constable")):
            holders: dict[str, list[str]] = {}
            for f in bp.forces:
                holders.setdefault(_person(getattr(f, role)), []).append(f.id)
            for ids in holders.values():
                if len(ids) > 1:
                    person = getattr(view.get(ids[0]), role)
                    out.append(self.listing(
                        view, lambda names, label=label, person=person:
                        f"{names} share one {label} ({person}): each force keeps "
                        f"its own {label} — an alliance is not a merger", ids, ids))
        g = view.g
        for f in bp.forces:
            answers_to = G._targets(g, f.chief_role, "accountable-to")
            foreign = sorted(t for t in answers_to
                             if t != f.pcc_role and g.nodes[t].get("role") == "pcc")
            if foreign:
                out.append(self.listing(
                    view, lambda names, f=f:
                    f"The chief constable of {f.name} is accountable to {names}: each chief "
                    f"constable answers to their own force's PCC only", foreign,
                    (f.id, *foreign)))
        return out


def _boards(view: View) -> list[Any]:
    return [b for b in view.bp.bodies if b.kind == "alliance-board"]


@register("board-jointly-chaired",
          "The alliance board is jointly chaired by every PCC, with every chief constable",
          "error", FRAMEWORK)
class BoardJointlyChaired(Rule):
    """The strategic alliance board: every partner's PCC a chair, every chief constable a member."""

    kinds = frozenset({"force", "body"})

    def units_of(self, view: View, kind: str, item: Any) -> Iterable[Unit]:
        return (None,)

    def evaluate(self, view: View, unit: Unit) -> list[Result]:
        out = []
        for board in _boards(view):
            seats = set(board.chairs) | set(board.members)
            for f in view.bp.forces:
                if f.pcc_role not in board.chairs:
                    out.append(self.result(
                        f"{board.name} is not chaired by {f.name}'s PCC ({f.pcc}): the board "
                        "is jointly chaired by every partner's PCC", (board.id, f.id)))
                if f.chief_role not in seats:
                    out.append(self.result(
                        f"{f.name}'s chief constable ({f.chief_constable}) is not a member of "
                        f"{board.name}: every chief constable sits on the board",
                        (board.id, f.id)))
        return out


@register("board-equal-voice", "Each partner has an equal voice on the alliance board",
          "error", FRAMEWORK)
class BoardEqualVoice(Rule):
    """No partner has more seats on the alliance board than another."""

    kinds = frozenset({"force", "body"})

    def evaluate(self, view: View, unit: Unit) -> list[Result]:
        out = []
        for board in _boards(view):
            seats = {f.id: 0 for f in view.bp.forces}
            for role in set(board.chairs) | set(board.members):
                force = role.split(".")[0]
                if force in seats:
                    seats[force] += 1
            if len(set(seats.values())) > 1:
                most = max(seats.values())
                ahead = [f for f, n in seats.items() if n == most]
                detail = ", ".join(f"{view.name(f)} {n}" for f, n in seats.items())
                out.append(self.result(
                    f"Partners have unequal seats on {board.name} ({detail}): each partner "
                    "has an equal voice", (board.id, *ahead)))
        return out


# ------------------------------------------------------------------ arrangements


@register("arrangement-has-two-partners", "A shared or joint function has at least two partners",
          "error", GUIDANCE)
class TwoPartners(ElementRule):
    """A shared or joint function needs at least two partner forces."""

    subject = "function"
    kinds = frozenset({"function", "force"})

    def candidate(self, view: View, el: Function) -> bool:
        return pooled(el.delivery)

    def judge(self, view: View, el: Function) -> list[Result]:
        partners = view.bp.partners_of(el)
        if len(partners) >= 2:
            return []
        return [self.result(f"{el.name} is {el.delivery} but has only {len(partners)} partner "
                            "force: sharing needs at least two", (el.id,))]


@register("arrangement-has-cost-basis", "A shared or joint function has a cost-sharing basis",
          "error", GUIDANCE + "; Beds/Cambs/Herts s22A apportionment rates")
class CostBasis(ElementRule):
    """Shared and joint units need an agreed basis for apportioning their cost."""

    subject = "function"
    kinds = frozenset({"function", "force", "alliance.default_cost_basis"})

    def units_of(self, view: View, kind: str, item: Any) -> Iterable[Unit]:
        if kind == "alliance.default_cost_basis":
            return [f.id for f in view.bp.functions if pooled(f.delivery)]
        return super().units_of(view, kind, item)

    def candidate(self, view: View, el: Function) -> bool:
        return el.cost_basis is None and pooled(el.delivery)

    def judge(self, view: View, el: Function) -> list[Result]:
        if view.bp.alliance.default_cost_basis.source:
            return []  # the alliance's default basis is agreed and recorded
        return [self.result(
            f"{el.name} is {el.delivery} but has no agreed cost-sharing basis: set its cost "
            "basis, or record where the alliance's default basis was agreed (its source)",
            (el.id,))]


# ------------------------------------------------------------------ savings


def function_savings(bp: Blueprint, fn: Function, year: int) -> int:
    """Alliance-wide recurring savings of one function in a financial year, in pence.

    The finance model's own arithmetic (:mod:`designer.core.finance`: baseline ×
    savings percent × ramp-up, pooled over the partners, whole pence once),
    taken one function at a time so the rule can cache it per function: summed
    over the functions it equals ``finance.savings_by_year(bp)[year]`` exactly
    (a test holds it to that) without projecting the whole blueprint per edit.
    """
    start = financial_year_start(bp.alliance.start_year)
    go_live = financial_year_start(fn.go_live) if fn.go_live else start
    ramp = finance.ramp_factor(fn, year, go_live)
    if not ramp:
        return 0
    partners = bp.partners_of(fn)
    cost = {f: figures.cost_pence for f, figures in fn.baseline.items()}
    total = 0
    if partners:
        pooled = sum(cost.get(p, 0) for p in partners)
        total += finance.round_pence(pooled * finance.savings_percent(bp, fn) * ramp / 100)
    rate = finance.savings_percent(bp, fn, LOCAL) * ramp / 100
    if rate:
        forces = bp.force_ids()
        total += sum(finance.round_pence(c * rate) for f, c in cost.items()
                     if f not in partners and f in forces)
    return total


@register("savings-meet-target", "Projected savings reach the alliance target by the target year",
          "warning", "The alliance's own savings target (e.g. " + FRAMEWORK
          + ": £30m revenue savings by 2018/19; Beds/Cambs/Herts, 2011: £20m a year by 2015)")
class SavingsTarget(Rule):
    """Estimated recurring savings in the target year fall short of the alliance's target."""

    kinds = frozenset({"function", "force", "alliance.savings_target",
                       "alliance.savings_defaults", "alliance.start_year"})
    watch: ClassVar[dict[str, frozenset[str]]] = {"function": frozenset({
        "delivery", "partners", "baseline", "savings_percent", "go_live", "ramp_up"})}

    def __init__(self, info: RuleInfo):
        super().__init__(info)
        self._cache: dict[str, tuple[Function, tuple, int]] = {}

    def evaluate(self, view: View, unit: Unit) -> list[Result]:
        bp = view.bp
        target = bp.alliance.savings_target
        if target is None:
            return []
        year = financial_year_start(target.year)
        context = (bp.alliance.savings_defaults, bp.alliance.start_year, year, bp.force_ids())
        cache = self._cache
        total = 0
        for fn in bp.functions:
            hit = cache.get(fn.id)
            if hit is not None and hit[0] is fn and hit[1] == context:
                total += hit[2]
                continue
            value = function_savings(bp, fn, year)
            cache[fn.id] = (fn, context, value)
            total += value
        if len(cache) > 2 * len(bp.functions) + 100:  # forget removed functions
            live = {fn.id for fn in bp.functions}
            for key in list(cache):  # a snapshot: checkers in other threads share the cache
                if key not in live:
                    cache.pop(key, None)
        if total >= target.amount_pence:
            return []
        return [self.result(
            f"Projected savings of {pounds(total)} a year by {target.year} fall "
            f"{pounds(target.amount_pence - total)} short of the {pounds(target.amount_pence)} "
            "target (baseline costs × savings assumptions, from each function's go-live)")]


# ------------------------------------------------------------------ structure


class _DeliveryStructure(Rule):
    """Shared dependency logic for checks over who delivers what to which area.

    A function unit depends on the function, the teams delivering it (their
    owner, base and served areas), the ``delivers``/``serves`` links of those
    teams, and the areas of the forces (any area change re-checks all).
    """

    kinds = frozenset({"function", "team", "area", "link", "force"})
    watch: ClassVar[dict[str, frozenset[str]]] = {"area": frozenset({"force", "name"})}

    def units_of(self, view: View, kind: str, item: Any) -> Iterable[Unit]:
        g = view.g
        if kind == "function":
            return (item.id,)
        if kind == "team":
            return {item.function, *G.functions_delivered(g, item.id)}
        if kind == "link":
            if item.kind == "delivers":
                return (item.target,)
            if item.kind == "serves":
                return G.functions_delivered(g, item.source)
            return ()
        if kind == "force":  # a changed force (same ids): only its name can show
            return self.naming(view, item.id)
        return self.all_units(view)  # an area: its force or name

    def naming(self, view: View, force_id: str) -> Iterable[Unit]:
        """Units whose messages name this force."""
        return ()

    def all_units(self, view: View) -> Iterable[Unit]:
        return [f.id for f in view.bp.functions if self.wanted(f)]

    def wanted(self, fn: Function) -> bool:
        return True

    def evaluate(self, view: View, unit: Unit) -> list[Result]:
        fn = view.get(unit, "function")  # type: ignore[arg-type]
        if fn is None or not self.wanted(fn):
            return []
        return self.judge(view, fn)

    def judge(self, view: View, fn: Function) -> list[Result]:
        raise NotImplementedError


@register("coverage-gap", "Every policing area has a provider for each required function",
          "error", FRAMEWORK + " (local policing preserved)")
class CoverageGap(_DeliveryStructure):
    """A function marked required has no team serving some policing area."""

    def wanted(self, fn: Function) -> bool:
        return fn.required

    def judge(self, view: View, fn: Function) -> list[Result]:
        g = view.g
        gaps = G.uncovered_areas(g, fn.id)
        if not gaps:
            return []
        return [self.listing(
            view, lambda names: f"No team provides {fn.name} in {names}: every policing area "
            "needs a provider for a required function", gaps, (fn.id, *sorted(gaps)))]


@register("joint-serves-all-partners", "A joint function's teams serve every partner's areas",
          "warning", BCH + " (joint units serve all partners)")
class JointServesAll(_DeliveryStructure):
    """Some partner's areas are not served by any team of a joint function (any model
    whose unit belongs to the alliance as a whole)."""

    def wanted(self, fn: Function) -> bool:
        return MODELS[fn.delivery].alliance_unit

    def judge(self, view: View, fn: Function) -> list[Result]:
        g = view.g
        missing = G.uncovered_areas(g, fn.id, view.bp.partners_of(fn))
        if not missing:
            return []
        model = fn.delivery
        elements = (fn.id, *sorted(missing))
        if not G.delivering_teams(g, fn.id):
            return [self.result(f"No team delivers the {model} function {fn.name}", elements)]
        return [self.listing(
            view, lambda names: f"The teams of the {model} function {fn.name} do not serve "
            f"{names}: a {model} unit serves every partner's areas", missing, elements)]


@register("shared-host-delivers", "A shared function's host force has a delivering team",
          "error", GUIDANCE + " (lead force model)")
class HostDelivers(_DeliveryStructure):
    """The host of a shared function (the force any model requires) must actually have a
    team delivering it."""

    def wanted(self, fn: Function) -> bool:
        return MODELS[fn.delivery].force_required

    def naming(self, view: View, force_id: str) -> Iterable[Unit]:
        return [f.id for f in view.bp.functions if MODELS[f.delivery].force_required
                and partner_of(f) == force_id]

    def judge(self, view: View, fn: Function) -> list[Result]:
        g = view.g
        teams = G.delivering_teams(g, fn.id)
        host_id = partner_of(fn)
        if any(G.element(g, t).owner == host_id for t in teams):
            return []
        host = view.name(host_id or "")
        return [self.result(f"{host} {MODELS[fn.delivery].verb} {fn.name} but has no team "
                            "delivering it", (fn.id, host_id or ""))]


@register("round-the-clock-cover",
          "A round-the-clock function has a provider on duty at every hour in every area",
          "warning", RESILIENCE)
class RoundTheClock(_DeliveryStructure):
    """Some area a round-the-clock function serves has no provider on duty at some hours
    (the catalogue marks the function ``round_the_clock``; a team's hours are its
    ``cover``). Areas no team serves at all are the coverage rules' business."""

    def wanted(self, fn: Function) -> bool:
        return load_catalogue().round_the_clock(fn.category)

    def judge(self, view: View, fn: Function) -> list[Result]:
        g = view.g
        spans: dict[str, list[tuple[int, int]]] = {}
        always: set[str] = set()
        for t in G.delivering_teams(g, fn.id):
            windows = G.element(g, t).windows
            for area in G.served_areas(g, t, fn.id):
                if windows is None:
                    always.add(area)
                elif area not in always:
                    spans.setdefault(area, []).extend(cover.spans_of(windows))
        by_gap: dict[str, list[str]] = {}
        for area, found in spans.items():
            if area in always:
                continue
            missing = cover.gaps(cover.merge(found))
            if missing:
                by_gap.setdefault(cover.describe(missing), []).append(area)
        return [self.result(
            f"{fn.name} is needed round the clock, but no team serving "
            f"{view.names_of(areas)} is on duty {when}: give a team cover for those hours "
            "(or make one 24/7)", (fn.id, *sorted(areas)))
            for when, areas in sorted(by_gap.items())]


@register("walkthrough-passes", "Every demand walk-through finds its providers", "error",
          PRACTITIONERS)
class WalkthroughPasses(Rule):
    """A walk-through step finds no provider in its area (on duty at its time), or none
    meeting the step's expectations (delivery model, provider, governing body)."""

    kinds = frozenset({"walkthrough", "function", "team", "area", "link", "force", "body"})
    watch: ClassVar[dict[str, frozenset[str]]] = {
        "area": frozenset({"force", "name"}),
        "function": frozenset({"name", "category", "delivery", "host_force", "lead_force",
                               "partners", "governing_body"}),
        "team": frozenset({"name", "function", "owner", "serves", "cover"}),
        "body": frozenset({"name"})}

    def all_units(self, view: View) -> Iterable[Unit]:
        return [wt.id for wt in view.bp.walkthroughs]

    def units_of(self, view: View, kind: str, item: Any) -> Iterable[Unit]:
        walkthroughs = view.bp.walkthroughs
        if kind == "walkthrough":
            return (item.id,)
        if kind == "area":
            return [wt.id for wt in walkthroughs if wt.area == item.id]
        g = view.g
        if kind == "function":
            return self._naming(view, (item.category,))
        if kind == "team":
            return self._naming(view, self._categories(g, (item.function,
                                                          *G.functions_delivered(g, item.id))))
        if kind == "link":
            if item.kind == "depends-on":
                return ()
            if item.kind in ("delivers", "serves", "governs") and item.target in g:
                ends = (item.target,) if item.kind == "delivers" else (
                    G.functions_delivered(g, item.source) if item.kind == "serves"
                    else (item.target, *G.functions_delivered(g, item.target)))
                return self._naming(view, self._categories(g, ends))
        return self.all_units(view)  # forces, bodies, accountability: names and chains

    @staticmethod
    def _categories(g: G.Graph, functions: Iterable[str]) -> list[str]:
        return [G.element(g, f).category for f in functions
                if G.kind_of(g, f) == "function"]

    @staticmethod
    def _naming(view: View, categories: Iterable[str]) -> list[Unit]:
        """Walk-throughs with a step filed under one of these catalogue entries (or their
        top-level categories)."""
        catalogue = load_catalogue()
        wanted = set()
        for c in categories:
            wanted.add(c)
            if c in catalogue:
                wanted.add(catalogue[c].top)
        return [wt.id for wt in view.bp.walkthroughs
                if any(s.category in wanted for s in wt.steps)]

    def __init__(self, info: RuleInfo):
        super().__init__(info)
        self._index: tuple[tuple, W.CategoryIndex] | None = None

    def index(self, bp: Blueprint) -> W.CategoryIndex:
        """Functions by catalogue entry, kept while the functions are the same tuple."""
        hit = self._index
        if hit is not None and hit[0] is bp.functions:
            return hit[1]
        index = W.category_index(bp)
        self._index = (bp.functions, index)
        return index

    def evaluate(self, view: View, unit: Unit) -> list[Result]:
        wt = next((w for w in view.bp.walkthroughs if w.id == unit), None)
        if wt is None:
            return []
        result = W.run(view.bp, wt, view.g, self.index(view.bp))
        return [self.result(W.failure_message(result, step),
                            (wt.id, wt.area, *step.functions))
                for step in result.failures]


@register("orphan-team", "Every team serves at least one policing area", "warning", STRUCTURE)
class OrphanTeam(Rule):
    """A team that serves no policing area reaches nobody."""

    kinds = frozenset({"team", "function", "area", "link", "force"})
    watch: ClassVar[dict[str, frozenset[str]]] = {"area": frozenset({"force"})}

    def all_units(self, view: View) -> Iterable[Unit]:
        return [t.id for t in view.bp.teams]

    def units_of(self, view: View, kind: str, item: Any) -> Iterable[Unit]:
        if kind == "team":
            return (item.id,)
        if kind == "function":
            return G.delivering_teams(view.g, item.id)
        if kind == "link":
            return (item.source,) if item.kind in ("serves", "delivers") else ()
        if kind == "force":  # a changed force (same ids) does not change what teams serve
            return ()
        return self.all_units(view)

    def evaluate(self, view: View, unit: Unit) -> list[Result]:
        team = view.get(unit, "team")  # type: ignore[arg-type]
        if team is None:
            return []
        g = view.g
        if any(G.serves_any(g, team.id, f) for f in G.functions_delivered(g, team.id)):
            return []
        return [self.result(f"{team.name} serves no policing area: give it areas to serve "
                            "or an owner force with areas", (team.id,))]


_STANDING_BODIES = frozenset({"alliance-board", "pcc-office"})


@register("orphan-body", "Every governance body governs or answers to something", "warning",
          STRUCTURE)
class OrphanBody(Rule):
    """A body with no function or team to govern and no accountability link.

    The alliance board and PCC offices are exempt: they exist whatever the
    blueprint draws (the board is checked by its own principles, and a PCC's
    office holds its force to account through the PCC)."""

    kinds = frozenset({"body", "function", "link"})
    watch: ClassVar[dict[str, frozenset[str]]] = {"function": frozenset({"governing_body"})}

    def all_units(self, view: View) -> Iterable[Unit]:
        return [b.id for b in view.bp.bodies if b.kind not in _STANDING_BODIES]

    def units_of(self, view: View, kind: str, item: Any) -> Iterable[Unit]:
        if kind == "body":
            return (item.id,)
        if kind == "function":
            return (item.governing_body,) if item.governing_body else ()
        if item.kind in ("governs", "accountable-to"):
            return (item.source, item.target)
        return ()

    def evaluate(self, view: View, unit: Unit) -> list[Result]:
        body = view.get(unit, "body")  # type: ignore[arg-type]
        if body is None or body.kind in _STANDING_BODIES:
            return []
        g = view.g
        if G._targets(g, body.id, "governs") or G._targets(g, body.id, "accountable-to") or \
                G._sources(g, body.id, "accountable-to"):
            return []
        return [self.result(f"{body.name} governs nothing and answers to no one: link it to "
                            "the functions it governs or the body it reports to", (body.id,))]


@register("no-dependency-cycle", "Functions do not depend on each other in a cycle", "error",
          STRUCTURE)
class DependencyCycle(Rule):
    """Functions that depend on each other in a loop cannot be sequenced."""

    kinds = frozenset({"link", "function"})
    watch: ClassVar[dict[str, frozenset[str]]] = {"function": frozenset({"name"})}

    def units_of(self, view: View, kind: str, item: Any) -> Iterable[Unit]:
        if kind == "link":
            return (None,) if item.kind == "depends-on" else ()
        g = view.g  # a function's name appears in the messages of its cycle
        linked = G._targets(g, item.id, "depends-on") or G._sources(g, item.id, "depends-on")
        return (None,) if linked else ()

    def __init__(self, info: RuleInfo):
        super().__init__(info)
        self._cycles: tuple[tuple, list[set[str]]] | None = None

    def cycles(self, bp: Blueprint) -> list[set[str]]:
        """Strongly connected groups of functions (cached while ``bp.links`` is unchanged)."""
        if self._cycles is not None and self._cycles[0] is bp.links:
            return self._cycles[1]
        dg = nx.DiGraph((lk.source, lk.target) for lk in bp.links if lk.kind == "depends-on")
        found = [scc for scc in nx.strongly_connected_components(dg) if len(scc) > 1]
        self._cycles = (bp.links, found)
        return found

    def evaluate(self, view: View, unit: Unit) -> list[Result]:
        return [self.listing(view, lambda names: f"{names} depend on each other in a cycle",
                            scc, sorted(scc), limit=20) for scc in self.cycles(view.bp)]


@register("distinct-names", "Names are unique within each kind of element", "warning",
          STRUCTURE)
class DistinctNames(Rule):
    """Two elements of one kind with the same name confuse every report."""

    kinds = ELEMENT_KINDS
    watch: ClassVar[dict[str, frozenset[str]]] = dict.fromkeys(ELEMENT_KINDS, frozenset({"name"}))

    def all_units(self, view: View) -> Iterable[Unit]:
        return [k for k, ids in view.names.items() if len(ids) > 1]

    def units_of(self, view: View, kind: str, item: Any) -> Iterable[Unit]:
        return ((kind, item.name.casefold()),)

    def evaluate(self, view: View, unit: Unit) -> list[Result]:
        ids = sorted(view.names.get(unit, ()))  # type: ignore[arg-type]
        if len(ids) < 2:
            return []
        kind = unit[0]  # type: ignore[index]
        plural = {"body": "bodies"}.get(kind, kind + "s")
        return [self.result(f"{len(ids)} {plural} are called {view.name(ids[0])!r} "
                            f"({', '.join(ids)}): give each a distinct name", ids)]


# ------------------------------------------------------------------ the challenge log


@register("open-challenges", "Every challenge in the log is answered or decided", "warning", LOG)
class OpenChallenges(Rule):
    """A challenge raised on the blueprint is still open: answer it, or record a decision.

    A warning, so ``designer check --strict`` fails while any is open."""

    kinds = frozenset({"challenge", *ELEMENT_KINDS})
    # the messages name the element a challenge is about (a role by its force's name)
    watch: ClassVar[dict[str, frozenset[str]]] = dict.fromkeys(ELEMENT_KINDS, frozenset({"name"}))

    def evaluate(self, view: View, unit: Unit) -> list[Result]:
        bp = view.bp
        out = []
        for ch in bp.challenges:
            if not C.is_open(ch):
                continue
            if ch.element is None:
                names: dict[str, str] = {}
            elif view.kind(ch.element) == "role":
                names = {ch.element: role_name(bp, ch.element)}
            else:
                names = {ch.element: view.name(ch.element)}
            about = C.about(ch, names)
            by = f"raised by {ch.author}, {C.stamp_text(ch.created)}"
            out.append(self.result(
                f"Open challenge on {about}: “{C.preview(ch.text, 80)}” ({by})",
                (ch.element,) if ch.element else (),
                detail=f"Open challenge on {about} ({by}): {ch.text}"))
        return out


# ------------------------------------------------------------------ merges


@register("no-merge-conflicts", "No merge conflicts are left", "error", STRUCTURE)
class MergeConflicts(Rule):
    """A merge left changes the two sides made differently: the blueprint holds ours
    for each until someone chooses (the Conflicts panel, or by hand)."""

    kinds = frozenset({"conflicts", *ELEMENT_KINDS})
    watch: ClassVar[dict[str, frozenset[str]]] = dict.fromkeys(ELEMENT_KINDS,
                                                                frozenset({"name"}))

    def units_of(self, view: View, kind: str, item: Any) -> Iterable[Unit]:
        if kind == "conflicts" or view.bp.conflicts:
            return (None,)
        return ()

    def evaluate(self, view: View, unit: Unit) -> list[Result]:
        from designer.core.diff import Names
        from designer.core.merge import conflict_words

        if not view.bp.conflicts:
            return []
        names = Names(view.bp)
        out = []
        for conflict in view.bp.conflicts:
            w = conflict_words(conflict, names)
            element = (w.element,) if w.element and view.kind(w.element) else ()
            out.append(self.result(
                f"Merge conflict — {w.sentence()}: the blueprint holds ours; choose a side",
                element))
        return out
