"""The business case as flat CSV tables with stable ids, one file per table.

Money is whole pence in columns ending ``_pence`` (exact, no float); shares
are percentages with six decimals. Rows are keyed by the blueprint's ids, so
two exports of the same design diff line by line. User text is neutralised
so no cell starts a formula (:mod:`designer.core.exports.cell_safety`).
"""

from __future__ import annotations

import csv
import io as _io
import os
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path

from designer.core.catalogue import load_catalogue
from designer.core.exports.assumptions import assumptions
from designer.core.exports.cell_safety import safe_text
from designer.core.exports.problems import PROBLEM_COLUMNS, problem_rows
from designer.core.finance import Projection, as_decimal, project, sensitivity
from designer.core.io import atomic_write
from designer.core.schema import Blueprint

Progress = Callable[[int, int, str], None]
"""progress(step, steps, what): called before each step of a long export."""

Table = tuple[Sequence[str], Iterable[Sequence[object]]]
TABLE_NAMES = ("forces", "functions", "baseline", "cost_sharing", "phasing",
               "function_force_years", "force_years", "alliance_years", "sensitivity", "flows",
               "problems", "assumptions")


def table_files(folder: str | os.PathLike[str]) -> list[Path]:
    """The files :func:`export_csv` writes into ``folder``."""
    return [Path(folder) / f"{name}.csv" for name in TABLE_NAMES]


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return value
    return safe_text(value)


def tables(bp: Blueprint, p: Projection) -> dict[str, Table]:
    """Table name → (header, rows). Names become file names (``NAME.csv``)."""
    catalogue = load_catalogue()
    fns = {fn.id: fn for fn in bp.functions}
    last = p.years[-1]
    t: dict[str, Table] = {}
    t["forces"] = (
        ("force_id", "name", "short_code", "pcc", "chief_constable", "net_budget_pence",
         "population", "officers_fte", "staff_fte", "source", "illustrative"),
        [(f.id, f.name, f.short_code, f.pcc, f.chief_constable, f.net_budget_pence,
          f.population, f.officers_fte, f.staff_fte, f.source, f.illustrative)
         for f in bp.forces])
    t["functions"] = (
        ("function_id", "name", "category", "category_name", "delivery", "host_force",
         "lead_force", "partners", "cost_basis", "savings_percent", "savings_source",
         "implementation_cost_pence", "go_live", "ramp_up_percent", "baseline_pence",
         "full_year_savings_pence"),
        [(r.id, r.name, r.category, catalogue.name_of(r.category), r.delivery,
          fns[r.id].host_force, fns[r.id].lead_force, ";".join(r.partners),
          r.weights.basis.kind if r.partners and r.weights else "",
          str(as_decimal(r.savings_percent, 4)), r.savings_source,
          fns[r.id].implementation_cost_pence, r.go_live,
          ";".join(str(x) for x in fns[r.id].ramp_up), r.baseline_pence,
          r.years[last].savings_pence)
         for r in p.functions])
    t["baseline"] = (
        ("function_id", "force_id", "delivery", "cost_pence", "fte", "demand"),
        [(fn.id, f, bp.delivery_for(fn, f), figs.cost_pence, figs.fte, figs.demand)
         for fn in bp.functions for f, figs in fn.baseline.items()])
    t["cost_sharing"] = (
        ("function_id", "force_id", "basis", "share_percent", "full_year_contribution_pence",
         "note"),
        [(r.id, f, r.weights.basis.kind if r.weights else "", str(as_decimal(share, 6)),
          r.years[last].net_cost[f], r.weights.note if r.weights else "")
         for r in p.functions if r.partners for f, share in r.shares.items()])
    t["phasing"] = (
        ("function_id", "year", "unit_cost_pence", "savings_pence", "implementation_pence"),
        [(r.id, y, fy.unit_cost_pence, fy.savings_pence, fy.implementation_pence)
         for r in p.functions for y, fy in r.years.items()])
    t["function_force_years"] = (
        ("function_id", "force_id", "year", "net_cost_pence", "savings_pence",
         "implementation_pence"),
        [(r.id, f, y, fy.net_cost[f], fy.savings[f], fy.implementation[f])
         for r in p.functions for y, fy in r.years.items() for f in p.forces])
    t["force_years"] = (
        ("force_id", "year", "baseline_pence", "net_cost_pence", "contributions_pence",
         "savings_pence", "implementation_pence", "change_in_net_cost_pence",
         "paid_to_others_pence", "received_from_others_pence", "cumulative_savings_pence",
         "cumulative_implementation_pence"),
        [(f, y, v.baseline, v.net_cost, v.contributions, v.savings, v.implementation,
          v.change_in_net_cost, v.paid_to_others, v.received_from_others,
          v.cumulative_savings, v.cumulative_implementation)
         for f in p.forces for y, v in p.by_force[f].items()])
    t["alliance_years"] = (
        ("year", "baseline_pence", "savings_pence", "implementation_pence",
         "cumulative_savings_pence", "cumulative_implementation_pence", "target_pence"),
        [(y, a.baseline, a.savings, a.implementation, a.cumulative_savings,
          a.cumulative_implementation, a.target) for y, a in p.alliance.items()])
    t["sensitivity"] = (
        ("scenario", "savings_scale", "implementation_scale", "savings_in_target_year_pence",
         "gap_to_target_pence", "implementation_pence", "cumulative_net_benefit_pence",
         "payback_year"),
        [(c.scenario.name, str(as_decimal(c.scenario.savings, 4)),
          str(as_decimal(c.scenario.implementation, 4)), c.at_target, c.gap, c.implementation,
          c.cumulative_net, c.payback_year) for c in sensitivity(bp)])
    t["flows"] = (
        ("year", "function_id", "payer", "payee", "amount_pence"),
        [(fl.year, fl.function, fl.payer, fl.payee, fl.amount_pence) for fl in p.flows])
    t["problems"] = (PROBLEM_COLUMNS, [r.values() for r in problem_rows(bp)])
    t["assumptions"] = (
        ("topic", "item", "value", "unit", "source", "illustrative"),
        [(a.topic, a.item, a.value, a.unit, a.source, a.illustrative)
         for a in assumptions(bp, p)])
    return t


def table_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = _io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return buffer.getvalue()


def export_csv(bp: Blueprint, folder: str | os.PathLike[str],
               progress: Progress | None = None,
               projection: Projection | None = None) -> list[Path]:
    """Write every table as ``folder/NAME.csv`` (UTF-8 with BOM for Excel), atomically.

    Creates the folder if needed; returns the files written.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    p = projection or project(bp)
    written = []
    all_tables = tables(bp, p)
    for step, (name, (header, rows)) in enumerate(all_tables.items()):
        if progress:
            progress(step, len(all_tables), f"{name}.csv")
        path = folder / f"{name}.csv"  # as table_files() says
        atomic_write(path, table_text(header, rows).encode("utf-8-sig"))
        written.append(path)
    if progress:
        progress(len(all_tables), len(all_tables), "done")
    return written
