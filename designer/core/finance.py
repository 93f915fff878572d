"""The business-case finance model: costs, savings, cost sharing and phasing by year.

``project(bp)`` turns a blueprint into results per force and per financial
year, from the alliance's start year to its target year and beyond; the
exports, the Finance dock and the savings rule all read those results, so
every view shows the same pence.

How a function's money moves
----------------------------
- **Baseline**: each force's cost of the function before the alliance.
- **Local** (and any force outside a shared/joint arrangement): the force keeps
  its own cost, less the local savings percentage once the function goes live.
- **Shared / joint**: from go-live the partners' baselines are pooled into one
  unit whose cost is the pooled baseline less the savings. Each partner pays a
  *contribution* — the unit's cost apportioned by the function's cost basis —
  instead of its own baseline. The unit's host (shared) or lead force (joint)
  spends the money and is paid by the other partners: :class:`Flow` records
  each payment. A joint unit without a lead force is paid into the alliance's
  joint budget (payee ``"alliance"``).
- **Savings** in a year are ``baseline × savings% × ramp%`` where ramp is the
  function's ``ramp_up`` entry for that year after go-live, 100% afterwards,
  and 0% before go-live. A force's saving on a shared/joint function is its
  baseline less its contribution (a generous basis can make it negative).
- **Implementation costs** are one-off, spent in the go-live year and shared by
  the same basis as the unit (a local function's by the same basis between
  all forces); a function that went live before the projection starts has them
  in its first year. A function without a go-live year takes effect from the
  start year.

Rounding rule (the only one)
----------------------------
Every amount is computed exactly (fractions) and becomes whole pence once:
a single amount (a unit's savings, a local saving) is rounded to the nearest
penny with halves rounded up; an amount split between forces is split with
the largest-remainder method (:func:`designer.core.cost_share.apportion`), so
the parts sum to the whole to the penny. Every total is a sum of whole pence.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from designer.core.cost_share import (
    Weights,
    apportion,
    apportion_checked,
    basis_weights,
    exact,
    integer_weights,
)
from designer.core.delivery import LOCAL, partner_of, pooled
from designer.core.schema import (
    ALLIANCE,
    Blueprint,
    Delivery,
    Function,
    financial_year,
    financial_year_start,
)

YEARS_BEYOND_TARGET = 2
"""Years shown after the later of the target year and the last ramp-up year."""
MIN_YEARS = 5
MAX_YEARS = 40


def round_pence(amount: Fraction | int) -> int:
    """Nearest whole penny, halves rounded up (away from zero)."""
    amount = Fraction(amount)
    num, den = abs(amount.numerator), amount.denominator
    magnitude = (2 * num + den) // (2 * den)
    return -magnitude if amount < 0 else magnitude


def ramp_factor(fn: Function, year: int, go_live: int) -> Fraction:
    """Fraction of full savings a function achieves in a year (0 before go-live)."""
    k = year - go_live
    if k < 0:
        return _ZERO
    if k < len(fn.ramp_up):
        return exact(fn.ramp_up[k]) / 100
    return _ONE


_ZERO, _ONE, _HUNDRED = Fraction(0), Fraction(1), Fraction(100)


def _ramp_pair(fn: Function, year: int, go_live: int) -> tuple[int, int]:
    """:func:`ramp_factor` as (numerator, denominator) in lowest terms."""
    k = year - go_live
    if k < 0:
        return 0, 1
    if k < len(fn.ramp_up):
        return _percent_pair(fn.ramp_up[k])
    return 1, 1


@functools.lru_cache(maxsize=4096)
def _percent_pair(value: float) -> tuple[int, int]:
    f = exact(value) / 100
    return f.numerator, f.denominator


def _part(amount: int, rate: Fraction) -> int:
    """``round_pence(amount * rate)`` in integer arithmetic (the hot path)."""
    return _part_of(amount, rate.numerator, rate.denominator)


def _part_of(amount: int, num: int, den: int) -> int:
    """``round_pence(amount * num / den)`` for ``den > 0``; ``num/den`` need not be in
    lowest terms (the rounding depends only on the value)."""
    n = amount * num
    if n >= 0:
        return (2 * n + den) // (2 * den)
    return -((-2 * n + den) // (2 * den))


def savings_percent(bp: Blueprint, fn: Function, delivery: Delivery | None = None) -> Fraction:
    """The savings percentage that applies (the function's own, or the default)."""
    delivery = delivery or fn.delivery
    if fn.savings_percent is not None and delivery == fn.delivery:
        return exact(fn.savings_percent)
    return exact(bp.alliance.savings_defaults.for_model(delivery))


def savings_source(bp: Blueprint, fn: Function) -> str:
    """Where the savings percentage that applies comes from."""
    if fn.savings_percent is not None:
        return fn.savings_source
    return bp.alliance.savings_defaults.source_for(fn.delivery)


# ------------------------------------------------------------------ results


@dataclass(frozen=True, slots=True)
class Flow:
    """A payment for a shared/joint unit in one year: ``payer`` pays ``payee``."""

    year: str
    function: str
    payer: str
    payee: str
    amount_pence: int


@dataclass(frozen=True, slots=True)
class FunctionYear:
    """One function in one year. Dicts are keyed by force id."""

    net_cost: dict[str, int]
    """What each force spends on the function (own cost or contribution)."""
    savings: dict[str, int]
    """Baseline less net cost, per force."""
    implementation: dict[str, int]
    unit_cost_pence: int = 0
    """Cost of the shared/joint unit (0 before go-live or for a local function)."""
    pooled: bool = False
    """The shared/joint unit is live: partners pay contributions, not their own costs."""

    @property
    def savings_pence(self) -> int:
        return sum(self.savings.values())

    @property
    def implementation_pence(self) -> int:
        return sum(self.implementation.values())


@dataclass(frozen=True, slots=True)
class FunctionResult:
    """A function's inputs as the model read them, and its money by year."""

    id: str
    name: str
    category: str
    delivery: Delivery
    partners: tuple[str, ...]
    payee: str | None
    """Host force (shared), lead force or ``'alliance'`` (joint); None if local."""
    savings_percent: Fraction
    savings_source: str
    go_live: str
    baseline: dict[str, int]
    weights: Weights | None
    """Cost-sharing weights (shared/joint, and for a local function's implementation)."""
    years: dict[str, FunctionYear]

    @property
    def baseline_pence(self) -> int:
        return sum(self.baseline.values())

    @property
    def shares(self) -> dict[str, Fraction]:
        """Each partner's exact percentage of the unit's cost (empty if local)."""
        if not pooled(self.delivery) or self.weights is None:
            return {}
        return self.weights.percent()


@dataclass(frozen=True, slots=True)
class ForceYear:
    """One force in one year, all in pence."""

    baseline: int
    net_cost: int
    """Own-delivered costs plus contributions to shared/joint units."""
    contributions: int
    """Part of ``net_cost`` paid as contributions to shared/joint units."""
    savings: int
    implementation: int
    paid_to_others: int
    received_from_others: int
    cumulative_savings: int
    cumulative_implementation: int

    @property
    def change_in_net_cost(self) -> int:
        """Net cost plus implementation costs, less baseline (negative = saving)."""
        return self.net_cost + self.implementation - self.baseline


@dataclass(frozen=True, slots=True)
class AllianceYear:
    baseline: int
    savings: int
    implementation: int
    cumulative_savings: int
    cumulative_implementation: int
    target: int | None
    """The savings target, in the target year only."""


@dataclass(frozen=True)
class Projection:
    """Finance results for a whole blueprint."""

    years: tuple[str, ...]
    forces: tuple[str, ...]
    target_year: str | None
    target_pence: int | None
    functions: tuple[FunctionResult, ...]
    by_force: dict[str, dict[str, ForceYear]]
    """force id → year → figures."""
    alliance: dict[str, AllianceYear]
    flows: tuple[Flow, ...]
    notes: tuple[tuple[str, str], ...] = field(default=())
    """(function id, note) for assumptions the model had to make."""
    sources: tuple[Function, ...] = field(default=(), compare=False, repr=False)
    """The functions the results were worked out from, in order: a projection of an
    edited blueprint (or of an option) reuses the results of the ones left alone."""
    context: tuple = field(default=(), compare=False, repr=False)
    """What every function's result also depends on (see :func:`project`)."""

    def savings_by_year(self) -> dict[str, int]:
        return {y: a.savings for y, a in self.alliance.items()}

    def payback_year(self, force: str | None = None) -> str | None:
        """First year from which cumulative savings cover cumulative implementation
        costs for the rest of the projection; None if there are no implementation
        costs or they are not paid back within it."""
        if force is None:
            series: Iterable[tuple[str, int, int]] = (
                (y, a.cumulative_savings, a.cumulative_implementation)
                for y, a in self.alliance.items())
        else:
            series = ((y, f.cumulative_savings, f.cumulative_implementation)
                      for y, f in self.by_force[force].items())
        return payback_of(list(series))

    def projected_at_target(self) -> int | None:
        """Alliance savings in the target year (None without a target)."""
        if self.target_year is None:
            return None
        return self.alliance[self.target_year].savings


# ------------------------------------------------------------------ the model


def horizon(bp: Blueprint) -> tuple[str, ...]:
    """Financial years the projection covers: start year to target year and beyond."""
    start = financial_year_start(bp.alliance.start_year)
    last = start
    target = bp.alliance.savings_target
    if target is not None:
        t = financial_year_start(target.year)
        start = min(start, t)
        last = max(last, t)
    for fn in bp.functions:
        go_live = financial_year_start(fn.go_live) if fn.go_live else start
        last = max(last, go_live + len(fn.ramp_up))
    end = max(last + YEARS_BEYOND_TARGET, start + MIN_YEARS - 1)
    end = min(end, start + MAX_YEARS - 1)
    return tuple(financial_year(y) for y in range(start, end + 1))


@dataclass(frozen=True, slots=True)
class Scenario:
    """A sensitivity case: every savings percentage and implementation cost scaled.

    ``Scenario(savings=Fraction(3, 4))`` is "savings 25% lower than assumed";
    scaled percentages are capped at 100%. The default is the assumptions as set.
    """

    name: str = "As assumed"
    savings: Fraction = Fraction(1)
    implementation: Fraction = Fraction(1)


AS_ASSUMED = Scenario()
SENSITIVITY = (
    Scenario("Savings 25% lower", savings=Fraction(3, 4)),
    AS_ASSUMED,
    Scenario("Savings 25% higher", savings=Fraction(5, 4)),
    Scenario("Implementation costs 50% higher", implementation=Fraction(3, 2)),
    Scenario("Savings 25% lower, costs 50% higher", savings=Fraction(3, 4),
             implementation=Fraction(3, 2)),
)
"""The cases the business-case exports show side by side."""


@dataclass(frozen=True, slots=True)
class Sensitivity:
    """One scenario's headline figures, for the side-by-side sensitivity table."""

    scenario: Scenario
    at_target: int | None
    """Alliance savings in the target year (None without a target)."""
    gap: int | None
    """Savings in the target year less the target (negative: short)."""
    implementation: int
    cumulative_net: int
    """Cumulative savings less implementation costs to the last year."""
    payback_year: str | None


def payback_of(rows: list[tuple[str, int, int]]) -> str | None:
    """Payback year from (year, cumulative savings, cumulative implementation) rows."""
    if not rows or rows[-1][2] <= 0:
        return None
    payback = None
    for year, saved, spent in rows:
        covered = spent > 0 and saved >= spent
        payback = (payback or year) if covered else None
    return payback


def sensitivity(bp: Blueprint, scenarios: Iterable[Scenario] = SENSITIVITY) \
        -> list[Sensitivity]:
    """Headline figures under each scenario (the Green Book's sensitivity analysis).

    Uses :func:`alliance_totals`, the same arithmetic as :func:`project` without
    the apportionment between forces, so five scenarios cost about one projection.
    """
    years = horizon(bp)
    target = bp.alliance.savings_target
    out = []
    for scenario in scenarios:
        savings, implementation = alliance_totals(bp, scenario)
        rows, cum_s, cum_i = [], 0, 0
        for y in years:
            cum_s += savings[y]
            cum_i += implementation[y]
            rows.append((y, cum_s, cum_i))
        at_target = savings.get(target.year) if target is not None else None
        out.append(Sensitivity(
            scenario, at_target,
            None if at_target is None or target is None else at_target - target.amount_pence,
            cum_i, cum_s - cum_i, payback_of(rows)))
    return out


def alliance_totals(bp: Blueprint, scenario: Scenario = AS_ASSUMED) \
        -> tuple[dict[str, int], dict[str, int]]:
    """Alliance-wide savings and implementation costs by year, without the force split.

    Equal to ``project(bp, scenario).alliance`` year by year (property-tested):
    partners' savings on a unit sum to the unit's rounded savings, and shares of a
    cost sum to the cost.
    """
    years = horizon(bp)
    year_starts = [financial_year_start(y) for y in years]
    forces = bp.force_ids()
    start = financial_year_start(bp.alliance.start_year)
    savings = [0] * len(years)
    implementation = [0] * len(years)
    for fn in bp.functions:
        baseline, go_live, partners, pct, local_pct = _function_inputs(
            bp, fn, forces, start, scenario)
        (pn, pd), (ln, ld) = _ratio(pct), _ratio(local_pct)
        pooled = sum(baseline[p] for p in partners)
        outsiders = [f for f in forces if f not in partners] if partners else list(forces)
        impl_year = max(go_live, year_starts[0])
        if impl_year <= year_starts[-1]:
            implementation[impl_year - year_starts[0]] += _implementation_cost(fn, scenario)
        for i, year in enumerate(year_starts):
            rn, rd = _ramp_pair(fn, year, go_live)
            if not rn:
                continue
            if partners:
                savings[i] += _part_of(pooled, pn * rn, pd * rd)
            if ln:  # the local rate, ln·rn / (ld·rd), is not zero
                num, den = ln * rn, ld * rd
                savings[i] += sum(_part_of(baseline[f], num, den) for f in outsiders)
    return dict(zip(years, savings, strict=True)), dict(zip(years, implementation, strict=True))


def _function_inputs(bp: Blueprint, fn: Function, forces: tuple[str, ...], start: int,
                     scenario: Scenario) -> tuple[dict[str, int], int, tuple[str, ...],
                                                  Fraction, Fraction]:
    """What a function's money is worked out from: baseline by force, go-live year,
    partners, and its shared/joint and local saving percentages under ``scenario``."""
    baseline = {f: fn.baseline[f].cost_pence if f in fn.baseline else 0 for f in forces}
    go_live = financial_year_start(fn.go_live) if fn.go_live else start
    pct, local_pct = _scaled_percents(bp, fn, scenario)
    return baseline, go_live, bp.partners_of(fn), pct, local_pct


def _ratio(percent: Fraction) -> tuple[int, int]:
    """A percentage as a whole-number fraction of 1: (numerator, denominator)."""
    return percent.numerator, percent.denominator * 100


def _scaled_percents(bp: Blueprint, fn: Function, scenario: Scenario) \
        -> tuple[Fraction, Fraction]:
    pct = savings_percent(bp, fn)
    local_pct = savings_percent(bp, fn, LOCAL)  # what a force outside the partners saves
    if scenario.savings != 1:
        pct = min(pct * scenario.savings, _HUNDRED)
        local_pct = min(local_pct * scenario.savings, _HUNDRED)
    return pct, local_pct


def _implementation_cost(fn: Function, scenario: Scenario) -> int:
    if scenario.implementation != 1:
        return round_pence(fn.implementation_cost_pence * scenario.implementation)
    return fn.implementation_cost_pence


def project(bp: Blueprint, scenario: Scenario = AS_ASSUMED, *,
            years: Iterable[str] | None = None, reuse: Projection | None = None) -> Projection:
    """Finance results per function, force and year for a blueprint.

    ``years``: the financial years to cover instead of :func:`horizon` (options are
    compared over the same years). ``reuse``: an earlier projection, e.g. of the
    blueprint before an edit or of the base of an option: a function that is the very
    same object as one it was worked out from keeps its result when nothing else it
    depends on (the years, the forces, the default savings and cost basis, the
    scenario) changed, so only the functions an edit touched are worked out again.
    """
    years = tuple(years) if years is not None else horizon(bp)
    year_starts = [financial_year_start(y) for y in years]
    forces = bp.force_ids()
    start = financial_year_start(bp.alliance.start_year)
    context = (years, bp.forces, bp.alliance.savings_defaults,
               bp.alliance.default_cost_basis, scenario)
    reusable = reuse is not None and bool(reuse.sources) and \
        _same_context(reuse.context, context)
    previous: dict[int, tuple[Function, FunctionResult]] = {}
    if reusable:
        assert reuse is not None
        previous = {id(fn): (fn, r) for fn, r in zip(reuse.sources, reuse.functions,
                                                     strict=True)}
    functions: list[FunctionResult] = []
    fresh: list[FunctionResult] = []
    notes: list[tuple[str, str]] = []
    memo: dict[tuple, Any] = {}
    for fn in bp.functions:
        hit = previous.get(id(fn))
        if hit is not None and hit[0] is fn:
            result = hit[1]
        else:
            result = _function(bp, fn, forces, years, year_starts, start, scenario, memo)
            fresh.append(result)
        functions.append(result)
        if result.weights is not None and result.weights.note:
            notes.append((fn.id, result.weights.note))
        if fn.go_live and financial_year_start(fn.go_live) > year_starts[-1]:
            notes.append((fn.id, f"goes live in {fn.go_live}, after the last year shown "
                          f"({years[-1]}); its savings and costs are not in these figures"))
    if reusable:  # the earlier totals, less what changed, plus what it changed to
        assert reuse is not None
        totals = _Totals.of(reuse)
        kept = {id(r) for r in functions}
        for r in reuse.functions:
            if id(r) not in kept:
                totals.add(r, -1)
        for r in fresh:
            totals.add(r, 1)
        earlier: dict[str, list[Flow]] = {}
        for fl in reuse.flows:
            earlier.setdefault(fl.function, []).append(fl)
        reused = {id(r) for r in reuse.functions}
        flows = [fl for r in functions
                 for fl in (earlier.get(r.id, ()) if id(r) in reused else _flows(r))]
    else:
        flows = [fl for r in functions for fl in _flows(r)]
        totals = _Totals.full(functions, flows, forces, years)
    return totals.projection(bp, functions, flows, notes, context)


def _flows(r: FunctionResult) -> list[Flow]:
    """The payments for a shared or joint unit: each partner pays its host or lead (or the
    alliance) its contribution in each year the unit is live."""
    if r.payee is None:
        return []
    return [Flow(y, r.id, p, r.payee, fy.net_cost[p]) for y, fy in r.years.items()
            if fy.pooled for p in r.partners if p != r.payee and fy.net_cost[p]]


class _Totals:
    """A projection's sums per force and year, built from its functions, or from an
    earlier projection's sums adjusted function by function (exact: whole pence)."""

    def __init__(self, forces: tuple[str, ...], years: tuple[str, ...]):
        self.forces, self.years = forces, years
        self.baseline = dict.fromkeys(forces, 0)
        self.savings = {y: dict.fromkeys(forces, 0) for y in years}
        self.implementation = {y: dict.fromkeys(forces, 0) for y in years}
        self.contributions = {y: dict.fromkeys(forces, 0) for y in years}
        self.paid: dict[tuple[str, str], int] = {}
        self.received: dict[tuple[str, str], int] = {}

    @classmethod
    def full(cls, functions: list[FunctionResult], flows: list[Flow],
             forces: tuple[str, ...], years: tuple[str, ...]) -> _Totals:
        t = cls(forces, years)
        paid, received = t.paid, t.received
        for fl in flows:
            paid[fl.payer, fl.year] = paid.get((fl.payer, fl.year), 0) + fl.amount_pence
            received[fl.payee, fl.year] = received.get((fl.payee, fl.year), 0) \
                + fl.amount_pence
        # Net cost is baseline less savings, so only savings, implementation and
        # contributions need summing.
        t.baseline = {f: sum(r.baseline[f] for r in functions) for f in forces}
        savings_of, impl_of, contrib_of = t.savings, t.implementation, t.contributions
        for r in functions:
            partners = r.partners
            for y in years:
                fy = r.years[y]
                s_row, i_row = savings_of[y], impl_of[y]
                for f, v in fy.savings.items():
                    s_row[f] += v
                if fy.implementation_pence:
                    for f, v in fy.implementation.items():
                        i_row[f] += v
                if fy.pooled:
                    c_row, net = contrib_of[y], fy.net_cost
                    for f in partners:
                        c_row[f] += net[f]
        return t

    @classmethod
    def of(cls, p: Projection) -> _Totals:
        t = cls(p.forces, p.years)
        for f in p.forces:
            rows = p.by_force[f]
            t.baseline[f] = rows[p.years[0]].baseline
            for y, v in rows.items():
                t.savings[y][f] = v.savings
                t.implementation[y][f] = v.implementation
                t.contributions[y][f] = v.contributions
                if v.paid_to_others:
                    t.paid[f, y] = v.paid_to_others
                if v.received_from_others:
                    t.received[f, y] = v.received_from_others
        return t

    def add(self, r: FunctionResult, sign: int) -> None:
        """Add (``sign`` 1) or take away (-1) one function's part."""
        for f in self.forces:
            self.baseline[f] += sign * r.baseline[f]
        for y in self.years:
            fy = r.years[y]
            s_row, i_row = self.savings[y], self.implementation[y]
            for f, v in fy.savings.items():
                s_row[f] += sign * v
            for f, v in fy.implementation.items():
                i_row[f] += sign * v
            if fy.pooled:
                c_row = self.contributions[y]
                for f in r.partners:
                    c_row[f] += sign * fy.net_cost[f]
        for fl in _flows(r):
            self.paid[fl.payer, fl.year] = self.paid.get((fl.payer, fl.year), 0) \
                + sign * fl.amount_pence
            self.received[fl.payee, fl.year] = self.received.get((fl.payee, fl.year), 0) \
                + sign * fl.amount_pence

    def projection(self, bp: Blueprint, functions: list[FunctionResult], flows: list[Flow],
                   notes: list[tuple[str, str]], context: tuple) -> Projection:
        forces, years = self.forces, self.years
        by_force: dict[str, dict[str, ForceYear]] = {}
        for f in forces:
            rows: dict[str, ForceYear] = {}
            cum_s = cum_i = 0
            baseline = self.baseline[f]
            for y in years:
                savings, impl = self.savings[y][f], self.implementation[y][f]
                cum_s += savings
                cum_i += impl
                rows[y] = ForceYear(baseline, baseline - savings, self.contributions[y][f],
                                    savings, impl, self.paid.get((f, y), 0),
                                    self.received.get((f, y), 0), cum_s, cum_i)
            by_force[f] = rows
        target = bp.alliance.savings_target
        alliance: dict[str, AllianceYear] = {}
        cum_s = cum_i = 0
        for y in years:
            baseline = sum(by_force[f][y].baseline for f in forces)
            savings = sum(by_force[f][y].savings for f in forces)
            impl = sum(by_force[f][y].implementation for f in forces)
            cum_s += savings
            cum_i += impl
            alliance[y] = AllianceYear(
                baseline, savings, impl, cum_s, cum_i,
                target.amount_pence if target is not None and target.year == y else None)
        return Projection(
            years=years, forces=forces,
            target_year=target.year if target else None,
            target_pence=target.amount_pence if target else None,
            functions=tuple(functions), by_force=by_force, alliance=alliance,
            flows=tuple(flows), notes=tuple(notes), sources=bp.functions, context=context)


def _same_context(a: tuple, b: tuple) -> bool:
    """Whether two projections' functions depend on the same things (by identity first:
    an edit keeps what it left alone as the very same objects)."""
    return len(a) == len(b) and all(x is y or x == y for x, y in zip(a, b, strict=True))


# ------------------------------------------------------------------ discounting


def discount_factor(t: int, rate_percent: float | Fraction) -> Fraction:
    """HM Treasury Green Book discount factor for year ``t``: ``1 / (1 + r)^t``, with
    ``t = 0`` in the first year appraised (so its figures are not discounted)."""
    return 1 / (1 + exact(rate_percent) / 100) ** t


def present_value(amounts: Iterable[int], rate_percent: float | Fraction) -> int:
    """The sum of each year's amount times its discount factor (the first year's at
    ``t = 0``), worked out exactly and rounded to whole pence once."""
    return round_pence(sum((a * discount_factor(t, rate_percent)
                            for t, a in enumerate(amounts)), Fraction(0)))


def _function(bp: Blueprint, fn: Function, forces: tuple[str, ...], years: tuple[str, ...],
              year_starts: list[int], start: int,
              scenario: Scenario = AS_ASSUMED, memo: dict[tuple, Any] | None = None) \
        -> FunctionResult:
    """One function's money by year. ``memo`` shares cost-sharing weights between the
    functions of one projection (see :func:`basis_weights`)."""
    if memo is None:
        memo = {}
    baseline, go_live, partners, pct, local_pct = _function_inputs(
        bp, fn, forces, start, scenario)
    (pn, pd), (ln, ld) = _ratio(pct), _ratio(local_pct)
    weights = basis_weights(bp, fn, partners if partners else forces, memo)
    # a pooled unit pays its host or lead, or the alliance when no force leads it
    payee = (partner_of(fn) or ALLIANCE) if pooled(fn.delivery) else None
    unit_baseline = sum(baseline[p] for p in partners)
    outsiders = [f for f in forces if f not in partners] if partners else list(forces)
    shares, whole = _checked_shares(weights, memo)
    impl_cost = _implementation_cost(fn, scenario)
    impl_split = apportion(impl_cost, shares) if whole is None else \
        apportion_checked(impl_cost, shares, whole)
    impl_year = max(go_live, year_starts[0])
    no_implementation = dict.fromkeys(forces, 0)

    out: dict[str, FunctionYear] = {}
    previous: tuple[tuple[int, int], bool, bool, FunctionYear] | None = None
    for label, year in zip(years, year_starts, strict=True):
        ramp = rn, rd = _ramp_pair(fn, year, go_live)
        live = year >= go_live
        spending = year == impl_year
        if previous is not None and previous[:3] == (ramp, live, spending):
            out[label] = previous[3]  # same as last year: share the (frozen) result
            continue
        net: dict[str, int] = {}
        unit_cost = 0
        if partners and live:
            unit_cost = unit_baseline - _part_of(unit_baseline, pn * rn, pd * rd)
            net.update(apportion(unit_cost, shares) if whole is None else
                       apportion_checked(unit_cost, shares, whole))
        else:
            for p in partners:
                net[p] = baseline[p]
        local_num, local_den = ln * rn, ld * rd  # the local rate: zero before go-live
        for f in outsiders:
            net[f] = baseline[f] - _part_of(baseline[f], local_num, local_den) if local_num \
                else baseline[f]
        if spending:
            implementation = {f: impl_split.get(f, 0) for f in forces}
        else:
            implementation = no_implementation
        out[label] = FunctionYear(
            net_cost={f: net[f] for f in forces},
            savings={f: baseline[f] - net[f] for f in forces},
            implementation=implementation,
            unit_cost_pence=unit_cost,
            pooled=bool(partners) and live,
        )
        previous = (ramp, live, spending, out[label])
    return FunctionResult(
        id=fn.id, name=fn.name, category=fn.category, delivery=fn.delivery,
        partners=partners, payee=payee, savings_percent=pct if partners else local_pct,
        savings_source=savings_source(bp, fn), go_live=financial_year(go_live),
        baseline=baseline, weights=weights, years=out)


def _checked_shares(weights: Weights, memo: dict[tuple, Any]) -> tuple[dict[str, int], int | None]:
    """The weights as whole numbers and their sum, checked once per weighting.

    The sum is None when :func:`apportion` must see them itself (no partners, or
    weights it refuses), so every amount still gets its check and its error.
    """
    key = ("integers", id(weights))
    hit = memo.get(key)
    if hit is None or hit[0] is not weights:
        shares = integer_weights(weights.weights)
        whole = sum(shares.values())
        ok = bool(shares) and whole > 0 and all(w >= 0 for w in shares.values())
        hit = memo[key] = (weights, shares, whole if ok else None)
    return hit[1], hit[2]


def project_function(bp: Blueprint, fn: Function) -> FunctionResult:
    """One function's results on their own (what the inspector shows for a selection)."""
    years = horizon(bp)
    return _function(bp, fn, bp.force_ids(), years,
                     [financial_year_start(y) for y in years],
                     financial_year_start(bp.alliance.start_year))


def savings_by_year(bp: Blueprint) -> dict[str, int]:
    """Financial year → alliance-wide recurring savings that year, in pence.

    What the savings rule compares with the alliance's target.
    """
    return project(bp).savings_by_year()


def as_decimal(value: Fraction, places: int = 4) -> Decimal:
    """A fraction as a Decimal for display (percentages), rounded half up."""
    from decimal import ROUND_HALF_UP

    q = Decimal(1).scaleb(-places)
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        q, rounding=ROUND_HALF_UP)
