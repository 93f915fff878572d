"""The economic case's tables: the options compared, the discounting behind each net
present value, cumulative savings by year, and each option's differences in words.

Each takes a :class:`~designer.core.appraisal.Comparison` (``appraisal.compare(bp)``):
business as usual, the base and the options, one column each. The CLI, the workbook's
*Options* sheet, ``options.csv`` and the PDF's economic case render them.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

from designer.core.appraisal import Appraisal, Comparison
from designer.core.delivery import MODELS
from designer.core.finance import Projection, round_pence
from designer.core.money import MINUS, pounds_short
from designer.core.tables.financial import ALLIANCE_BUDGET
from designer.core.tables.table import DATA, Column, Remark, Row, Table

NOT_CHECKED = Remark("not checked")
"""Business as usual's rule findings: it is no one's design."""
NOT_APPLIED = Remark("—")
"""Any figure of an option that cannot be applied."""
STATUS_WORDS = {"bau": "derived", "base": "as drawn"}
NO_ONE_OFF_COSTS = Remark("no one-off costs")
NOT_PAID_BACK = Remark("not within the years")
"""A payback year's remarks: nothing to pay back, or not paid back in the projection."""


def rate_text(rate: Fraction) -> str:
    return f"{float(rate):g}%"


def _case_columns(cases: tuple[Appraisal, ...], kind: str = "money") -> tuple[Column, ...]:
    return tuple(Column(f"case.{c.key}", c.name, kind) for c in cases)  # type: ignore[arg-type]


def _payee(cmp: Comparison, payee: str) -> str:
    return cmp.force_names.get(payee, ALLIANCE_BUDGET if payee == "alliance" else payee)


def options_comparison(cmp: Comparison) -> Table:
    """Figures down, cases across: savings by year, cumulative savings, implementation
    costs, net benefit, NPV, payback, each force's change in net cost, payments between
    forces, functions by delivery model, rule findings."""
    last = cmp.last
    columns = (Column("figure", "Figure"), *_case_columns(cmp.cases))
    rows: list[Row] = []

    def add(key: str, label: str, value: Any, kind: str | None = None, **flags: bool) -> None:
        cells = [label]
        for c in cmp.cases:
            if c.ok or key in ("status", "problems"):
                cells.append(value(c))
            else:
                cells.append(NOT_APPLIED)
        rows.append(Row(tuple(cells), key=key, kind=kind, **flags))  # type: ignore[arg-type]

    add("status", "Status", lambda c: Remark(STATUS_WORDS.get(c.kind, c.status)), "text")
    for i, y in enumerate(cmp.years):
        add(f"savings.{y}", f"Savings {y}", lambda c, i=i: c.savings[i])
    add("cumulative_savings", f"Cumulative savings to {last}",
        lambda c: c.cumulative_savings[-1])
    add("implementation", "One-off implementation costs", lambda c: sum(c.implementation))
    add("net_benefit", f"Net benefit to {last}", lambda c: sum(c.net_benefit))
    add("npv", f"Net present value at {rate_text(cmp.rate_percent)}", lambda c: c.npv,
        emphasis=True)
    add("payback", "Payback year", lambda c: c.payback_year or (
        NOT_PAID_BACK if sum(c.implementation) else NO_ONE_OFF_COSTS), "year")
    for f in cmp.forces:
        add(f"net_change.{f}", f"Change in net cost {last}: {cmp.force_names[f]}",
            lambda c, f=f: c.net_change.get(f, 0))
    for payer, payee in cmp.pairs():
        add(f"payment.{payer}.{payee}",
            f"{cmp.force_names.get(payer, payer)} pays {_payee(cmp, payee)} in {last}",
            lambda c, k=(payer, payee): c.payments.get(k, 0))
    for key, model in MODELS.items():
        add(f"functions.{key}", f"{model.label} functions", lambda c, k=key: c.counts[k],
            "number")
    add("errors", "Rule errors", lambda c: c.errors if c.checked else NOT_CHECKED, "number")
    add("warnings", "Rule warnings", lambda c: c.warnings if c.checked else NOT_CHECKED,
        "number")
    if any(c.problems for c in cmp.cases):
        add("problems", "Option problems (cannot be applied)", lambda c: len(c.problems),
            "number")
    return Table("options", "Options appraised", columns, tuple(rows),
                 note=f"Business as usual: every force delivers every function itself at its "
                 f"baseline cost, with no savings and no implementation costs. Net present "
                 f"value: savings less implementation costs discounted at "
                 f"{rate_text(cmp.rate_percent)} a year (t = 0 in {cmp.years[0]}); change in "
                 f"net cost and payments in {last}, when every function is at full rate.")


def options_discounting(cmp: Comparison) -> Table:
    """Each year's net benefit (savings less implementation costs) and its discounted value
    for every case that applies, with the discount factor: the NPV is the total."""
    cases = tuple(c for c in cmp.cases if c.ok and c.kind != "bau")
    columns: list[Column] = [Column("year", "Financial year", "year"),
                             Column("t", "t", "number"),
                             Column("factor", "Discount factor", "factor", places=6)]
    for c in cases:
        columns += [Column(f"net.{c.key}", f"{c.name}: net benefit", "money"),
                    Column(f"discounted.{c.key}", f"{c.name}: discounted", "money")]
    factors = cmp.discount_factors
    rows = []
    for t, (y, factor) in enumerate(zip(cmp.years, factors, strict=True)):
        cells: list[Any] = [y, t, factor]
        for c in cases:
            net = c.net_benefit[t]
            cells += [net, round_pence(net * factor)]
        rows.append(Row(tuple(cells), key=y))
    total: list[Any] = ["NPV", None, None]
    for c in cases:
        total += [None, c.npv]
    rows.append(Row(tuple(total), total=True))
    return Table("options_discounting", "Net present value: discounting by year",
                 tuple(columns), tuple(rows),
                 note=f"Discount factor 1/(1+r)^t at r = {rate_text(cmp.rate_percent)} "
                 f"({cmp.rate_source}); t = 0 in {cmp.years[0]}. Discounted figures are "
                 "rounded to the penny; the net present value is the exact sum, rounded once.")


def options_cumulative(cmp: Comparison) -> Table:
    """Cumulative savings by year for each case that applies (what the chart draws)."""
    cases = tuple(c for c in cmp.cases if c.ok)
    columns = (Column("year", "Financial year", "year"), *_case_columns(cases))
    rows = tuple(Row((y, *(c.cumulative_savings[i] for c in cases)), key=y)
                 for i, y in enumerate(cmp.years))
    return Table("options_cumulative", "Cumulative savings by option", columns, rows)


def options_differences(cmp: Comparison) -> Table:
    """Each option's differences from the base, in words (or why it cannot be applied)."""
    columns = (Column("option_id", "Option ID", shown_in=DATA), Column("option", "Option"),
               Column("difference", "Difference from the base"),
               Column("elements", "Elements", shown_in=DATA))
    rows = []
    for c in cmp.options:
        if not c.ok:
            rows += [Row((c.key, c.name, f"Cannot be applied: {p}", ""), key=c.key)
                     for p in c.problems]
            continue
        found = cmp.differences.get(c.key, ())
        if not found:
            rows.append(Row((c.key, c.name, "No differences: the option is the base as drawn",
                             ""), key=c.key))
        rows += [Row((c.key, c.name, d.text, " ".join(d.elements)), key=c.key) for d in found]
    return Table("options_differences", "Each option's differences from the base",
                 columns, tuple(rows), empty="No options: add one to compare it with the base.")


def preferred_words(cmp: Comparison) -> list[str]:
    """The preferred option and why, in sentences: its own description, then where it stands
    among the options on net present value, payback and the rules."""
    preferred = cmp.preferred
    applied = [c for c in cmp.options if c.ok]
    if not cmp.options:
        return ["No options are recorded: the base is appraised against business as usual."]
    if not preferred:
        return ["No option is marked preferred yet."]
    out = []
    if len(preferred) > 1:
        out.append("More than one option is marked preferred: "
                   + ", ".join(c.name for c in preferred) + ".")
    ranked = sorted((c for c in applied if c.status != "rejected"), key=lambda c: -c.npv)
    for c in preferred:
        out.append(f"Preferred option: {c.name}.")
        if c.option is not None and c.option.description:
            out.append(c.option.description)
        if not c.ok:
            out.append("It cannot be applied to the base as drawn; see its problems.")
            continue
        place = ranked.index(c) + 1
        standing = "the highest of the options not rejected" if place == 1 else \
            f"{_ordinal(place)} of the {len(ranked)} options not rejected"
        out.append(f"Its net present value is {pounds_short(c.npv)} at "
                   f"{rate_text(cmp.rate_percent)}, {standing}; "
                   + (f"it pays back in {c.payback_year}" if c.payback_year else
                      "it has no payback year within the projection")
                   + f"; the rules find {c.errors or 'no'} error{'s' if c.errors != 1 else ''} "
                   f"and {c.warnings or 'no'} warning{'s' if c.warnings != 1 else ''}.")
    return out


def _ordinal(n: int) -> str:
    """2 → '2nd', 11 → '11th', 23 → '23rd'."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def change_figures(names: dict[str, str], before: Projection, after: Projection) -> Table:
    """An edit's money before and after, for "what did that change?": savings in the target
    year (if set) and a year at full rate, one-off implementation costs, each force's change
    in net cost and each payment between forces a year, with the difference."""
    last_b, last_a = before.years[-1], after.years[-1]
    columns = (Column("figure", "Figure"), Column("before", "Before", "money"),
               Column("after", "After", "money"),
               Column("difference", "Difference", "money"))
    rows: list[Row] = []

    def add(key: str, label: str, a: int, b: int) -> None:
        rows.append(Row((label, a, b, b - a), key=key, emphasis=a != b))

    year = after.target_year if after.target_year in after.alliance and \
        before.target_year in before.alliance else None
    if year is not None:
        add("savings.target", f"Savings in {year}", before.alliance[year].savings,
            after.alliance[year].savings)
    add("savings.full_rate", f"Savings a year at full rate ({last_a})",
        before.alliance[last_b].savings, after.alliance[last_a].savings)
    add("implementation", "One-off implementation costs",
        sum(a.implementation for a in before.alliance.values()),
        sum(a.implementation for a in after.alliance.values()))
    for f in after.forces:
        if f in before.by_force:
            add(f"net_change.{f}", f"Change in net cost a year: {names.get(f, f)}",
                before.by_force[f][last_b].change_in_net_cost,
                after.by_force[f][last_a].change_in_net_cost)
    paid_b, paid_a = _paid(before), _paid(after)
    for payer, payee in dict.fromkeys([*paid_b, *paid_a]):
        add(f"payment.{payer}.{payee}",
            f"{names.get(payer, payer)} pays {names.get(payee, ALLIANCE_BUDGET)} a year",
            paid_b.get((payer, payee), 0), paid_a.get((payer, payee), 0))
    return Table("change_figures", "What the change did to the money", columns, tuple(rows),
                 note="Emphasised: the figures that changed. Negative changes in net cost "
                 "are savings.")


def _paid(p: Projection) -> dict[tuple[str, str], int]:
    last = p.years[-1]
    out: dict[tuple[str, str], int] = {}
    for fl in p.flows:
        if fl.year == last:
            out[fl.payer, fl.payee] = out.get((fl.payer, fl.payee), 0) + fl.amount_pence
    return out


# ------------------------------------------------------------------ against the base

Verdict = Literal["better", "worse", "same", "different"]

BETTER_WHEN: dict[str, str] = {
    "savings": "higher", "cumulative_savings": "higher", "net_benefit": "higher",
    "npv": "higher", "implementation": "lower", "net_change": "lower",
    "errors": "lower", "warnings": "lower", "payback": "earlier",
}
"""Which way each figure of :func:`options_comparison` is better for the alliance, by
its row key (or the key's first part: ``savings.2018/19``, ``net_change.wiltshire``).
Payments between forces and the counts of functions by delivery model are neither:
their differences are said, not judged."""


@dataclass(frozen=True, slots=True)
class Versus:
    """An option's figure against the base's: better, worse, the same, or different
    without being either; and the difference in words ("+£3.7m, better")."""

    verdict: Verdict
    text: str


def versus_base(table: Table) -> dict[tuple[str, str], Versus]:
    """(row key, case column key) → each option's figure in :func:`options_comparison`
    against the base's, for the figures both have (an option that cannot be applied has
    none). Money differences are short amounts with their sign (:func:`pounds_short`),
    payback years are earlier or later."""
    cases = [c.key for c in table.columns if c.key.startswith("case.")
             and c.key not in ("case.bau", "case.base")]
    out: dict[tuple[str, str], Versus] = {}
    for row in table.rows:
        if row.key in ("status", "problems"):
            continue  # words, and why an option cannot be applied: nothing to weigh
        better = BETTER_WHEN.get(row.key, BETTER_WHEN.get(row.key.split(".", 1)[0]))
        base = table.value(row, "case.base")
        for key in cases:
            value = table.value(row, key)
            if value == NOT_APPLIED:
                continue  # an option that cannot be applied has no figures to weigh
            found = (_payback_versus(base, value) if row.kind == "year"
                     else _figure_versus(base, value, better, row.kind or "money"))
            if found is not None:
                out[row.key, key] = found
    return out


def _figure_versus(base: Any, value: Any, better: str | None, kind: str) -> Versus | None:
    if isinstance(base, Remark) or isinstance(value, Remark) or \
            not isinstance(base, int) or not isinstance(value, int):
        return None
    diff = value - base
    if diff == 0:
        return Versus("same", "same as the base")
    amount = pounds_short(abs(diff)) if kind == "money" else f"{abs(diff):,}"
    sign = "+" if diff > 0 else MINUS
    if better is None:
        return Versus("different", f"{sign}{amount}")
    good = diff > 0 if better == "higher" else diff < 0
    return Versus(_verdict(good), f"{sign}{amount}, {_verdict(good)}")


def _payback_versus(base: Any, value: Any) -> Versus:
    """Payback years: earlier is better; paying back at all is better than not."""
    b, v = _year_number(base), _year_number(value)
    if b == v:
        return Versus("same", "same as the base")
    if b is None or v is None:  # one pays back, the other does not
        return Versus(_verdict(b is None), "pays back, better" if b is None
                      else "no payback, worse")
    if b == 0 or v == 0:  # one has nothing to pay back
        return Versus(_verdict(v == 0), "no one-off costs, better" if v == 0
                      else "one-off costs to pay back, worse")
    n = abs(v - b)
    words = f"{n} year{'s' * (n != 1)} {'earlier' if v < b else 'later'}"
    return Versus(_verdict(v < b), f"{words}, {_verdict(v < b)}")


def _verdict(good: bool) -> Verdict:
    return "better" if good else "worse"


def _year_number(value: Any) -> int | None:
    """'2017/18' → 2017; nothing to pay back → 0 (sooner than any year); not paid back
    within the years → None."""
    if value == NO_ONE_OFF_COSTS:
        return 0
    if isinstance(value, Remark) or not isinstance(value, str) or not value[:4].isdigit():
        return None
    return int(value[:4])
