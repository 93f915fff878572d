"""The data tables: the whole business case as flat rows keyed by the blueprint's ids.

What the CSV export writes next to the report tables (sensitivity, problems,
assumptions): one row per force, function, function and force, year, payment…
so two exports of the same design diff line by line and any tool can join them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from designer.core.catalogue import load_catalogue
from designer.core.finance import Projection
from designer.core.schema import Blueprint
from designer.core.tables.table import Column, Row, Table

if TYPE_CHECKING:
    from designer.core.appraisal import Comparison


def _table(table_id: str, title: str, columns: tuple[Column, ...],
           cells: Iterable[tuple[Any, ...]]) -> Table:
    return Table(table_id, title, columns, tuple(map(Row, cells)))


def forces(bp: Blueprint) -> Table:
    columns = (
        Column("force_id", "Force ID"), Column("name", "Name"),
        Column("short_code", "Short code"), Column("pcc", "PCC"),
        Column("chief_constable", "Chief Constable"),
        Column("net_budget", "Net revenue budget", "money"),
        Column("population", "Population", "number"),
        Column("officers_fte", "Officers (FTE)", "number"),
        Column("staff_fte", "Staff (FTE)", "number"), Column("source", "Source"),
        Column("illustrative", "Illustrative", "flag"),
    )
    return _table("forces", "Forces", columns, (
        (f.id, f.name, f.short_code, f.pcc, f.chief_constable, f.net_budget_pence,
         f.population, f.officers_fte, f.staff_fte, f.source, f.illustrative)
        for f in bp.forces))


def functions(bp: Blueprint, p: Projection) -> Table:
    catalogue = load_catalogue()
    fns = {fn.id: fn for fn in bp.functions}
    last = p.years[-1]
    columns = (
        Column("function_id", "Function ID"), Column("name", "Name"),
        Column("category", "Category ID"), Column("category_name", "Category"),
        Column("delivery", "Delivery"), Column("host_force", "Host force"),
        Column("lead_force", "Lead force"), Column("partners", "Partners"),
        Column("cost_basis", "Cost-sharing basis"),
        Column("savings_percent", "Savings %", "percent", places=4),
        Column("savings_source", "Savings source"),
        Column("implementation_cost", "Implementation cost", "money"),
        Column("go_live", "Go-live", "year"), Column("ramp_up_percent", "Ramp-up %"),
        Column("baseline", "Baseline", "money"),
        Column("full_year_savings", f"Savings at full rate ({last})", "money"),
    )
    return _table("functions", "Functions", columns, (
        (r.id, r.name, r.category, catalogue.category_of(r.category), r.delivery,
         fns[r.id].host_force, fns[r.id].lead_force, ";".join(r.partners),
         r.weights.basis.kind if r.partners and r.weights else "",
         r.savings_percent, r.savings_source, fns[r.id].implementation_cost_pence, r.go_live,
         ";".join(str(x) for x in fns[r.id].ramp_up), r.baseline_pence,
         r.years[last].savings_pence)
        for r in p.functions))


def baseline(bp: Blueprint) -> Table:
    columns = (Column("function_id", "Function ID"), Column("force_id", "Force ID"),
               Column("delivery", "Delivery"), Column("cost", "Baseline cost", "money"),
               Column("fte", "FTE", "number"), Column("demand", "Demand", "number"))
    return _table("baseline", "Baseline by function and force", columns, (
        (fn.id, f, bp.delivery_for(fn, f), figs.cost_pence, figs.fte, figs.demand)
        for fn in bp.functions for f, figs in fn.baseline.items()))


def cost_sharing(p: Projection) -> Table:
    last = p.years[-1]
    columns = (Column("function_id", "Function ID"), Column("force_id", "Force ID"),
               Column("basis", "Basis"), Column("share_percent", "Share", "percent", places=6),
               Column("full_year_contribution", f"Contribution ({last})", "money"),
               Column("note", "Note"))
    return _table("cost_sharing", "Cost sharing by unit and partner", columns, (
        (r.id, f, r.weights.basis.kind if r.weights else "", share,
         r.years[last].net_cost[f], r.weights.note if r.weights else "")
        for r in p.functions if r.partners for f, share in r.shares.items()))


def phasing(p: Projection) -> Table:
    columns = (Column("function_id", "Function ID"), Column("year", "Financial year", "year"),
               Column("unit_cost", "Unit cost", "money"),
               Column("savings", "Savings", "money"),
               Column("implementation", "Implementation costs", "money"))
    return _table("phasing", "Phasing by function and year", columns, (
        (r.id, y, fy.unit_cost_pence, fy.savings_pence, fy.implementation_pence)
        for r in p.functions for y, fy in r.years.items()))


def function_force_years(p: Projection) -> Table:
    columns = (Column("function_id", "Function ID"), Column("force_id", "Force ID"),
               Column("year", "Financial year", "year"),
               Column("net_cost", "Net cost", "money"), Column("savings", "Savings", "money"),
               Column("implementation", "Implementation costs", "money"))
    return _table("function_force_years", "Each function for each force and year", columns, (
        (r.id, f, y, fy.net_cost[f], fy.savings[f], fy.implementation[f])
        for r in p.functions for y, fy in r.years.items() for f in p.forces))


def force_years(p: Projection) -> Table:
    columns = (
        Column("force_id", "Force ID"), Column("year", "Financial year", "year"),
        Column("baseline", "Baseline cost", "money"), Column("net_cost", "Net cost", "money"),
        Column("contributions", "Contributions to shared/joint units", "money"),
        Column("savings", "Savings", "money"),
        Column("implementation", "Implementation costs", "money"),
        Column("change_in_net_cost", "Change in net cost", "money"),
        Column("paid_to_others", "Paid to other forces", "money"),
        Column("received_from_others", "Received from other forces", "money"),
        Column("cumulative_savings", "Cumulative savings", "money"),
        Column("cumulative_implementation", "Cumulative implementation", "money"),
    )
    return _table("force_years", "Each force by year", columns, (
        (f, y, v.baseline, v.net_cost, v.contributions, v.savings, v.implementation,
         v.change_in_net_cost, v.paid_to_others, v.received_from_others,
         v.cumulative_savings, v.cumulative_implementation)
        for f in p.forces for y, v in p.by_force[f].items()))


def alliance_years(p: Projection) -> Table:
    columns = (Column("year", "Financial year", "year"),
               Column("baseline", "Baseline cost", "money"),
               Column("savings", "Projected savings", "money"),
               Column("implementation", "Implementation costs", "money"),
               Column("cumulative_savings", "Cumulative savings", "money"),
               Column("cumulative_implementation", "Cumulative implementation", "money"),
               Column("target", "Target (in the target year)", "money"))
    return _table("alliance_years", "The alliance by year", columns, (
        (y, a.baseline, a.savings, a.implementation, a.cumulative_savings,
         a.cumulative_implementation, a.target) for y, a in p.alliance.items()))


def flows(p: Projection) -> Table:
    columns = (Column("year", "Financial year", "year"),
               Column("function_id", "Function ID"), Column("payer", "Payer"),
               Column("payee", "Payee"), Column("amount", "Amount", "money"))
    return _table("flows", "Payments for shared and joint units", columns, (
        (fl.year, fl.function, fl.payer, fl.payee, fl.amount_pence) for fl in p.flows))


def options(cmp: Comparison) -> Table:
    """The economic case, one row per case and figure: savings, implementation costs,
    cumulative savings and discounted net benefit by year; the NPV and payback; each
    force's change in net cost and the payments between forces in the last year; the
    functions by delivery model; rule errors and warnings; an option's problems. Each row
    fills one of amount (pence), number or text."""
    columns = (Column("case", "Case"), Column("name", "Name"), Column("status", "Status"),
               Column("figure", "Figure"), Column("year", "Financial year", "year"),
               Column("force_id", "Force ID"), Column("payer", "Payer"),
               Column("payee", "Payee"), Column("amount", "Amount", "money"),
               Column("number", "Number", "number"), Column("text", "Text"))
    last = cmp.last
    factors = cmp.discount_factors

    def rows() -> Iterable[tuple[Any, ...]]:
        from designer.core.finance import round_pence

        for c in cmp.cases:
            head = (c.key, c.name, c.status or c.kind)

            def row(figure: str, year: str | None = None, force: str | None = None,
                    payer: str | None = None, payee: str | None = None, amount: Any = None,
                    number: Any = None, text: Any = None, head=head) -> tuple[Any, ...]:
                return (*head, figure, year, force, payer, payee, amount, number, text)

            if not c.ok:
                yield row("option_problems", number=len(c.problems))
                for p in c.problems:
                    yield row("option_problem", text=str(p))
                continue
            for i, y in enumerate(cmp.years):
                yield row("savings", y, amount=c.savings[i])
                yield row("implementation", y, amount=c.implementation[i])
                yield row("cumulative_savings", y, amount=c.cumulative_savings[i])
                yield row("discounted_net_benefit", y,
                          amount=round_pence(c.net_benefit[i] * factors[i]))
            yield row("npv", amount=c.npv)
            yield row("payback_year", text=c.payback_year or "")
            for f, v in c.net_change.items():
                yield row("change_in_net_cost", last, force=f, amount=v)
            for (payer, payee), v in c.payments.items():
                yield row("payment", last, payer=payer, payee=payee, amount=v)
            for model, n in c.counts.items():
                yield row(f"functions_{model}", number=n)
            if c.checked:
                yield row("rule_errors", number=c.errors)
                yield row("rule_warnings", number=c.warnings)

    return _table("options", "The economic case: each case and figure", columns, rows())
