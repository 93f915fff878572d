"""The business case as flat CSV tables with stable ids, one file per table.

Renders tables of :mod:`designer.core.tables`: the data tables (forces,
functions, baseline, cost sharing, phasing, years, payments) and the report
tables sensitivity, problems, the decision log (``decisions.csv``) and
assumptions, and the economic case (``options``: business as usual, the base and each
option, one row per case and figure). A column's name is its key (money keys end
``_pence``); money is whole pence (exact, no float); percentages and scales are
decimals; times are ISO 8601 with their UTC offset; totals rows are left out. Rows are keyed
by the blueprint's ids, so two exports of the same design diff line by line.
User text is neutralised so no cell starts a formula
(:mod:`designer.core.exports.cell_safety`).
"""

from __future__ import annotations

import csv
import io as _io
import os
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from designer.core import tables as t
from designer.core.appraisal import compare
from designer.core.exports.cell_safety import safe_text
from designer.core.finance import Projection, as_decimal, project, sensitivity
from designer.core.io import atomic_write
from designer.core.money import as_pounds
from designer.core.schema import Blueprint
from designer.core.tables import Column, Quantity, Remark, Table

Progress = Callable[[int, int, str], None]
"""progress(step, steps, what): called before each step of a long export."""

TABLE_NAMES = ("forces", "functions", "baseline", "cost_sharing", "phasing",
               "function_force_years", "force_years", "alliance_years", "sensitivity", "flows",
               "options", "problems", "decisions", "assumptions")


def table_files(folder: str | os.PathLike[str]) -> list[Path]:
    """The files :func:`export_csv` writes into ``folder``."""
    return [Path(folder) / f"{name}.csv" for name in TABLE_NAMES]


def tables(bp: Blueprint, p: Projection) -> dict[str, Table]:
    """File name (without ``.csv``) → the table written there, in :data:`TABLE_NAMES` order."""
    return {
        "forces": t.flat.forces(bp),
        "functions": t.flat.functions(bp, p),
        "baseline": t.flat.baseline(bp),
        "cost_sharing": t.flat.cost_sharing(p),
        "phasing": t.flat.phasing(p),
        "function_force_years": t.flat.function_force_years(p),
        "force_years": t.flat.force_years(p),
        "alliance_years": t.flat.alliance_years(p),
        "sensitivity": t.sensitivity(p, sensitivity(bp)),
        "flows": t.flat.flows(p),
        "options": t.flat.options(compare(bp, projection=p)),
        "problems": t.problems(bp),
        "decisions": t.decisions(bp),
        "assumptions": t.assumptions(bp, p),
    }


def column_name(column: Column) -> str:
    """A column's name in a CSV file: its key, with ``_pence`` for money."""
    return f"{column.key}_pence" if column.kind == "money" else column.key


def csv_value(value: Any, column: Column) -> object:
    """A cell as a CSV file holds it: exact figures (pence, decimals), no words standing
    in for figures, and text that cannot start a formula."""
    if isinstance(value, Quantity):
        value = as_pounds(value.value) if value.unit == "£" else value.value
    if value is None or isinstance(value, Remark):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if column.kind in ("percent", "factor"):
        return str(as_decimal(Fraction(value), column.places))
    if column.kind == "delivery":
        return value.delivery
    if column.kind == "datetime":
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        return value
    return safe_text(value)


def _converter(column: Column) -> Callable[[Any], object]:
    """:func:`csv_value` for one column, with a fast path for its usual values (a big
    blueprint's tables hold hundreds of thousands of cells)."""
    if column.kind in ("money", "number"):
        return lambda v: v if type(v) is int else csv_value(v, column)
    if column.kind in ("text", "year"):
        return lambda v: safe_text(v) if type(v) is str else csv_value(v, column)
    return lambda v: csv_value(v, column)


def table_text(table: Table) -> str:
    """The table as CSV text: the key row, then every row but the totals."""
    columns = table.columns_for("csv")
    buffer = _io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column_name(c) for c in columns])
    rows = (row for row in table.rows if not row.total)
    if len(columns) == len(table.columns):
        converters = [_converter(c) for c in columns]
        writer.writerows([convert(v) for convert, v in zip(converters, row.cells, strict=True)]
                         for row in rows)
    else:
        shown = [(table.index(c.key), _converter(c)) for c in columns]
        writer.writerows([convert(row.cells[i]) for i, convert in shown] for row in rows)
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
    for step, (name, table) in enumerate(all_tables.items()):
        if progress:
            progress(step, len(all_tables), f"{name}.csv")
        path = folder / f"{name}.csv"  # as table_files() says
        atomic_write(path, table_text(table).encode("utf-8-sig"))
        written.append(path)
    if progress:
        progress(len(all_tables), len(all_tables), "done")
    return written
