"""The financial case's tables: by year, by force, payback, cost sharing, payments,
contributions, phasing, functions, sensitivity, and one function's figures.

Each function takes the blueprint and its projection (``project(bp)``) and
returns a :class:`~designer.core.tables.table.Table`; the Finance dock, the
PDF report and the workbook render the same table under the same headings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fractions import Fraction

from designer.core.catalogue import load_catalogue
from designer.core.cost_share import BASIS_LABELS
from designer.core.delivery import cell_for
from designer.core.finance import (
    ALLIANCE,
    AS_ASSUMED,
    ForceYear,
    FunctionResult,
    Projection,
    Sensitivity,
)
from designer.core.schema import Blueprint
from designer.core.tables.table import DATA, Column, Remark, Row, Table, totals

ALLIANCE_BUDGET = "alliance joint budget"
"""Who is paid for a joint unit without a lead force."""
NOT_A_PARTNER = Remark("—")
"""A share or contribution where the force is not a partner of the unit."""


def no_payback(spent: int) -> Remark:
    """Why there is no payback year."""
    return Remark("not within the projection" if spent > 0 else "no implementation costs")


def _names(bp: Blueprint) -> dict[str, str]:
    return {f.id: f.name for f in bp.forces}


def payee_name(payee: str | None, names: dict[str, str]) -> str:
    """Whom a unit is paid to, in words."""
    if payee == ALLIANCE:
        return ALLIANCE_BUDGET
    return names.get(payee or "", payee or "")


def _year_columns(p: Projection) -> tuple[Column, ...]:
    return tuple(Column(y, y, "money") for y in p.years)


# ------------------------------------------------------------------ by year


def by_year(p: Projection) -> Table:
    """The alliance's savings profile: one row per financial year, and totals."""
    columns = (
        Column("year", "Financial year", "year"),
        Column("baseline", "Baseline cost", "money"),
        Column("savings", "Projected savings", "money"),
        Column("target", "Target", "money"),
        Column("implementation", "Implementation costs", "money"),
        Column("net_benefit", "Net benefit", "money"),
        Column("cumulative_savings", "Cumulative savings", "money"),
        Column("cumulative_implementation", "Cumulative implementation", "money"),
        Column("cumulative_net_benefit", "Cumulative net benefit", "money"),
    )
    rows = []
    for y, a in p.alliance.items():
        target = p.target_pence if p.target_year is not None and y >= p.target_year else None
        rows.append(Row((y, a.baseline, a.savings, target, a.implementation,
                         a.savings - a.implementation, a.cumulative_savings,
                         a.cumulative_implementation,
                         a.cumulative_savings - a.cumulative_implementation), key=y))
    savings = sum(a.savings for a in p.alliance.values())
    spent = sum(a.implementation for a in p.alliance.values())
    rows.append(Row(("Total", None, savings, None, spent, savings - spent, None, None, None),
                    total=True))
    return Table("by_year", "Savings profile by financial year", columns, tuple(rows),
                 note="Recurring savings each year against the baseline; net benefit is "
                 "savings less one-off implementation costs.")


# ------------------------------------------------------------------ by force


@dataclass(frozen=True, slots=True)
class Measure:
    """A figure the by-force table can show for each force and year."""

    label: str
    """The measure in a list of choices (the dock's "Show:")."""
    title: str
    note: str
    value: Callable[[ForceYear], int]


FORCE_MEASURES: dict[str, Measure] = {
    "savings": Measure(
        "Savings", "Savings by force and financial year",
        "A force's saving on a shared or joint unit is its baseline less its contribution, "
        "so a generous basis can make it negative.", lambda v: v.savings),
    "change": Measure(
        "Change in net cost", "Change in net cost by force and financial year",
        "Net cost plus implementation costs, less baseline: negative figures are savings.",
        lambda v: v.change_in_net_cost),
    "contributions": Measure(
        "Contributions to shared/joint units",
        "Contributions to shared and joint units by force and financial year",
        "What each force pays towards the shared and joint units it is a partner in.",
        lambda v: v.contributions),
    "implementation": Measure(
        "Implementation costs", "One-off implementation costs by force and financial year",
        "Each function's one-off cost in its go-live year, shared by its cost-sharing basis.",
        lambda v: v.implementation),
    "paid": Measure(
        "Paid to other forces", "Payments to other forces by force and financial year",
        "Partners pay the host of a shared unit or the lead of a joint unit.",
        lambda v: v.paid_to_others),
    "received": Measure(
        "Received from other forces", "Payments from other forces by force and financial year",
        "Hosts of shared units and leads of joint units are paid by the other partners.",
        lambda v: v.received_from_others),
}


def by_force(bp: Blueprint, p: Projection, measure: str = "savings") -> Table:
    """One measure for each force and year, a total per force, and the alliance's."""
    m = FORCE_MEASURES[measure]
    names = _names(bp)
    years = _year_columns(p)
    columns = (Column("force", "Force"), *years,
               Column("total", "Total", "money", sum_of=tuple(c.key for c in years)))
    rows = []
    for f in p.forces:
        values = [m.value(p.by_force[f][y]) for y in p.years]
        rows.append(Row((names[f], *values, sum(values)), key=f))
    rows.append(totals(columns, rows, ("force", "Alliance"), [*p.years, "total"]))
    return Table(f"by_force.{measure}", m.title, columns, tuple(rows), note=m.note)


def payback(bp: Blueprint, p: Projection) -> Table:
    """Each force's implementation costs, cumulative savings, payments and payback year."""
    names = _names(bp)
    last = p.years[-1]
    columns = (
        Column("force", "Force"),
        Column("implementation", "Implementation costs", "money"),
        Column("cumulative_savings", f"Cumulative savings to {last}", "money"),
        Column("paid_to_others", f"Pays other forces in {last}", "money"),
        Column("received_from_others", f"Paid by other forces in {last}", "money"),
        Column("payback_year", "Payback year", "year"),
    )
    rows = []
    for f in p.forces:
        v = p.by_force[f][last]
        rows.append(Row((names[f], v.cumulative_implementation, v.cumulative_savings,
                         v.paid_to_others, v.received_from_others,
                         p.payback_year(f) or no_payback(v.cumulative_implementation)), key=f))
    a = p.alliance[last]
    total = totals(columns, rows, ("force", "Alliance"),
                   ["implementation", "cumulative_savings", "paid_to_others",
                    "received_from_others"])
    year = p.payback_year() or no_payback(a.cumulative_implementation)
    rows.append(Row((*total.cells[:-1], year), total=True))
    return Table("payback", "Payback and payments by force", columns, tuple(rows),
                 note="Hosts of shared services and leads of joint units are paid by the "
                 "other partners; the payments are listed by unit in the apportionment table.")


# ------------------------------------------------------------------ cost sharing


def _shared(p: Projection) -> Iterable[FunctionResult]:
    return (r for r in p.functions if r.partners and r.weights is not None)


def apportionment(bp: Blueprint, p: Projection) -> Table:
    """Each shared or joint unit: whom it is paid to, its basis, each partner's share and
    contribution at full rate (the last year), and the unit's cost. Forces are named by
    their short codes: there are two columns per force."""
    codes = {f.id: f.short_code for f in bp.forces}  # a column per force: short headings
    last = p.years[-1]
    forces = p.forces
    shares = tuple(Column(f"share.{f}", f"Share: {codes[f]}", "percent") for f in forces)
    contributions = tuple(Column(f"contribution.{f}", f"Contribution: {codes[f]}", "money")
                          for f in forces)
    columns = (
        Column("id", "ID", shown_in=DATA),
        Column("unit", "Unit"),
        Column("delivery", "Delivery"),
        Column("paid_to", "Paid to"),
        Column("basis", "Basis"),
        Column("basis_source", "Basis source", shown_in=DATA),
        *shares,
        Column("share_total", "Share total", "percent", shown_in=DATA,
               sum_of=tuple(c.key for c in shares)),
        *contributions,
        Column("unit_cost", "Unit cost", "money", sum_of=tuple(c.key for c in contributions)),
        Column("note", "Note", shown_in=DATA),
    )
    rows = []
    percents: dict[int, tuple[object, dict[str, Fraction]]] = {}  # units share a few weightings
    for r in _shared(p):
        assert r.weights is not None
        cached = percents.get(id(r.weights))
        if cached is None or cached[0] is not r.weights:
            cached = percents[id(r.weights)] = (r.weights, r.shares)
        share = cached[1]
        fy = r.years[last]
        rows.append(Row((
            r.id, r.name, r.delivery, payee_name(r.payee, codes),
            BASIS_LABELS[r.weights.basis.kind], r.weights.basis.source,
            *(share.get(f, NOT_A_PARTNER) for f in forces),
            sum(share.values(), Fraction(0)),
            *(fy.net_cost[f] if f in share else None for f in forces),
            fy.unit_cost_pence, r.weights.note), key=r.id))
    if rows:
        rows.append(totals(columns, rows, ("unit", "Total"),
                           [*(c.key for c in contributions), "unit_cost"]))
    return Table("apportionment", f"Apportionment between partners ({last}, full rate)",
                 columns, tuple(rows),
                 note="Each partner's share and contribution (— where a force is not a "
                 "partner); contributions add up to the unit's cost to the penny "
                 "(largest-remainder rounding).",
                 empty="No shared or joint functions.")


def payments(bp: Blueprint, p: Projection) -> Table:
    """Payments between forces for shared and joint units, payer to payee, by year."""
    names = _names(bp)
    years = _year_columns(p)
    columns = (Column("payer", "Payer"), Column("payee", "Payee"), *years,
               Column("total", "Total", "money", sum_of=tuple(c.key for c in years)))
    totals: dict[tuple[str, str], dict[str, int]] = {}
    for fl in p.flows:
        per_year = totals.setdefault((fl.payer, fl.payee), {})
        per_year[fl.year] = per_year.get(fl.year, 0) + fl.amount_pence
    rows = []
    for (payer, payee), per_year in sorted(totals.items()):
        values = [per_year.get(y, 0) for y in p.years]
        rows.append(Row((names.get(payer, payer), payee_name(payee, names), *values,
                         sum(values)), key=f"{payer}>{payee}"))
    return Table("payments", "Payments between forces for shared and joint units "
                 "(payer → payee)", columns, tuple(rows),
                 empty="No payments: nothing is shared yet.")


def contributions(bp: Blueprint, p: Projection) -> Table:
    """Each partner's contribution to each unit, year by year (own cost before go-live)."""
    names = _names(bp)
    years = _year_columns(p)
    columns = (Column("unit", "Unit"), Column("force", "Force"), *years,
               Column("total", "Total", "money", sum_of=tuple(c.key for c in years)))
    rows = []
    for r in p.functions:
        for f in r.partners:
            values = [r.years[y].net_cost[f] for y in p.years]
            rows.append(Row((r.name, names.get(f, f), *values, sum(values)),
                            key=f"{r.id}.{f}"))
    return Table("contributions", "Contributions to each shared and joint unit by financial "
                 "year (before go-live: the force's own cost)", columns, tuple(rows))


# ------------------------------------------------------------------ functions


def _ramp(ramp_up: Iterable[float]) -> str:
    return ", ".join(f"{x:g}%" for x in ramp_up)


def phasing(bp: Blueprint, p: Projection, what: str = "savings") -> Table:
    """Savings (or one-off implementation costs) by function and year, with totals."""
    fns = {fn.id: fn for fn in bp.functions}
    years = _year_columns(p)
    columns = (Column("id", "ID"), Column("function", "Function"),
               Column("delivery", "Delivery"), Column("go_live", "Go-live", "year"),
               Column("ramp_up", "Ramp-up"), *years,
               Column("total", "Total", "money", sum_of=tuple(c.key for c in years)))
    if what == "savings":
        title = "Savings by function and financial year"
        results = list(p.functions)

        def value(r: FunctionResult, y: str) -> int:
            return r.years[y].savings_pence
    else:
        title = "One-off implementation costs by function and financial year"
        results = [r for r in p.functions
                   if any(fy.implementation_pence for fy in r.years.values())]

        def value(r: FunctionResult, y: str) -> int:
            return r.years[y].implementation_pence
    rows = []
    for r in results:
        values = [value(r, y) for y in p.years]
        rows.append(Row((r.id, r.name, r.delivery, r.go_live, _ramp(fns[r.id].ramp_up),
                         *values, sum(values)), key=r.id))
    rows.append(totals(columns, rows, ("function", "Total"), [*p.years, "total"]))
    return Table(f"phasing.{what}", title, columns, tuple(rows))


def functions(bp: Blueprint, p: Projection) -> Table:
    """Every function: its delivery for each force, baseline, savings, costs and basis."""
    catalogue = load_catalogue()
    names = _names(bp)
    fns = {fn.id: fn for fn in bp.functions}
    forces = p.forces
    last = p.years[-1]
    baselines = tuple(Column(f"baseline.{f}", f"Baseline: {names[f]}", "money")
                      for f in forces)
    columns = (
        Column("id", "ID"), Column("function", "Function"), Column("category", "Category"),
        Column("delivery", "Delivery"),
        *(Column(f"delivery.{f}", f"Delivery: {names[f]}", "delivery") for f in forces),
        Column("host_or_lead", "Host / lead force"), Column("partners", "Partners"),
        *baselines,
        Column("baseline_total", "Baseline total", "money",
               sum_of=tuple(c.key for c in baselines)),
        Column("savings_percent", "Savings %", "percent", places=4),
        Column("savings_source", "Savings source"),
        Column("full_rate_savings", f"Savings at full rate ({last})", "money"),
        Column("implementation_cost", "Implementation cost", "money"),
        Column("go_live", "Go-live", "year"), Column("ramp_up", "Ramp-up"),
        Column("basis", "Cost-sharing basis"),
    )
    rows = []
    for r in p.functions:
        fn = fns[r.id]
        rows.append(Row((
            r.id, r.name, catalogue.category_of(r.category), r.delivery,
            *(cell_for(bp, fn, f) for f in forces),
            names.get(r.payee or "", r.payee or ""), ", ".join(names[f] for f in r.partners),
            *(r.baseline[f] for f in forces), r.baseline_pence,
            r.savings_percent, r.savings_source, r.years[last].savings_pence,
            fn.implementation_cost_pence, r.go_live, _ramp(fn.ramp_up),
            BASIS_LABELS[r.weights.basis.kind] if r.partners and r.weights else ""),
            key=r.id))
    rows.append(totals(columns, rows, ("function", "Total"),
                       [*(c.key for c in baselines), "baseline_total", "full_rate_savings",
                        "implementation_cost"]))
    return Table("functions", "Functions", columns, tuple(rows))


# ------------------------------------------------------------------ sensitivity


def sensitivity(p: Projection, cases: list[Sensitivity]) -> Table:
    """The headline figures under each scenario (``finance.sensitivity(bp)``)."""
    columns = (
        Column("scenario", "Scenario"),
        Column("savings_scale", "Savings scale", "factor", shown_in=DATA, places=4),
        Column("implementation_scale", "Implementation cost scale", "factor", shown_in=DATA,
               places=4),
        Column("savings_in_target_year", f"Savings in {p.target_year or 'target year'}",
               "money"),
        Column("gap_to_target", "Surplus (+) / shortfall (−)", "money"),
        Column("implementation", "Implementation costs", "money"),
        Column("cumulative_net_benefit", f"Cumulative net benefit to {p.years[-1]}", "money"),
        Column("payback_year", "Payback year", "year"),
    )
    rows = tuple(Row((c.scenario.name, c.scenario.savings, c.scenario.implementation,
                      c.at_target, c.gap, c.implementation, c.cumulative_net,
                      c.payback_year or no_payback(c.implementation)),
                     emphasis=c.scenario == AS_ASSUMED) for c in cases)
    return Table("sensitivity", "Sensitivity: headline figures if the assumptions are wrong",
                 columns, rows,
                 note="Every savings percentage (capped at 100%) or one-off cost scaled as "
                 "named; everything else as assumed.")


# ------------------------------------------------------------------ one function


def function_figures(bp: Blueprint, p: Projection, function_id: str) -> Table | None:
    """One function's money by force: baseline, shares, what each force pays each year,
    its saving at full rate and one-off costs (None for an unknown function)."""
    r = next((x for x in p.functions if x.id == function_id), None)
    if r is None:
        return None
    names = _names(bp)
    forces = p.forces
    columns = (Column("figure", ""),
               *(Column(f, names[f], "money") for f in forces),
               Column("all", "All forces", "money"))
    shares = r.shares
    rows = [Row(("Baseline cost", *(r.baseline[f] for f in forces), r.baseline_pence),
                key="baseline"),
            Row(("Share of unit cost", *(shares.get(f, Remark("—")) for f in forces),
                 Remark("100%") if shares else None), key="share", kind="percent")]
    for y in p.years:
        fy = r.years[y]
        label = f"Pays {y}" if fy.pooled else f"Own cost {y}"
        rows.append(Row((label, *(fy.net_cost[f] for f in forces),
                         sum(fy.net_cost.values())), key=y))
    last = r.years[p.years[-1]]
    rows.append(Row((f"Saving {p.years[-1]}", *(last.savings[f] for f in forces),
                     last.savings_pence), key="saving", emphasis=True))
    if any(fy.implementation_pence for fy in r.years.values()):
        rows.append(Row(("One-off cost",
                         *(sum(fy.implementation[f] for fy in r.years.values())
                           for f in forces),
                         sum(fy.implementation_pence for fy in r.years.values())),
                        key="implementation"))
    return Table(f"function.{r.id}", r.name, columns, tuple(rows))
