"""The business-case workbook (xlsx) a finance officer can audit.

Sheets: Summary (target vs projection by year and force, payback, sensitivity,
charts), Options (the economic case: business as usual, the base and each option
compared, the net present values worked out by formula over the discounted yearly
rows, cumulative savings chart, differences, the preferred option), Functions,
Cost sharing (basis, shares, contributions, payments between forces), Phasing,
Problems, Decision log and Assumptions. The tables are those of
:mod:`designer.core.tables`, under the headings the Finance dock and the PDF
print; this module writes them: inputs as numbers with £ and % formats, and
every total as a formula over the cells above it (a row's total over the row,
the Summary's alliance figures over the force tables), so a reviewer can
trace each figure, and a test recalculates them against the finance model.
User text never starts a formula: it is written in cells typed as text, formula-like
words with the quote-prefix style (see ``cell_safety``).
"""

from __future__ import annotations

import io as _io
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from designer.core import tables as t
from designer.core.appraisal import Comparison, compare
from designer.core.exports.cell_safety import formula_like, printable, safe_text
from designer.core.finance import Projection, project, sensitivity
from designer.core.io import atomic_write
from designer.core.money import pounds
from designer.core.schema import Blueprint
from designer.core.tables import Column, Quantity, Table

Progress = Callable[[int, int, str], None]

MONEY = '"£"#,##0.00;[Red]-"£"#,##0.00'
PERCENT = "0.00%"
NUMBER = "#,##0.##"
DATETIME = "yyyy-mm-dd hh:mm"
SHEETS = ("Summary", "Options", "Functions", "Cost sharing", "Phasing", "Problems",
          "Decision log", "Assumptions")

_HEADER_FILL = PatternFill("solid", fgColor="DDE3EA")
_SECTION_FONT = Font(bold=True, size=12, color="1F3A5F")
_TITLE_FONT = Font(bold=True, size=16, color="1F3A5F")
_BOLD = Font(bold=True)
_NOTE_FONT = Font(italic=True, color="555555")
_THIN = Side(style="thin", color="7F8C99")
_HEADER_BORDER = Border(bottom=_THIN)
_TOTAL_BORDER = Border(top=_THIN, bottom=Side(style="double", color="7F8C99"))
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")


def text_cell(ws: Worksheet, row: int, col: int, value: object) -> Cell:
    """A cell typed as text holding the words as written (None: an empty cell); formula-
    like text is kept from running by Excel's quote-prefix style, not an apostrophe
    people would see. Every workbook the designer writes puts user text through here."""
    words = printable(value) if value is not None else None
    cell = ws.cell(row, col, words)
    if words is not None:
        cell.data_type = "s"
        if formula_like(words):
            cell.quotePrefix = True
    return cell


class _Sheet:
    """A worksheet with the few writing helpers the business case needs."""

    def __init__(self, ws: Worksheet, max_width: int = 60):
        self.ws = ws
        self.widths: dict[int, int] = {}
        self.max_width = max_width

    def _fit(self, col: int, text: str) -> None:
        self.widths[col] = max(self.widths.get(col, 0), min(len(text), self.max_width))

    def text(self, row: int, col: int, value: object, font: Font | None = None,
             fit: bool = True):
        """A cell typed as text holding the words as written: formula-like text is kept
        from running by Excel's quote-prefix style, not an apostrophe people would see."""
        cell = text_cell(self.ws, row, col, value)
        if font is not None:
            cell.font = font
        if fit and value is not None:
            self._fit(col, str(value))
        return cell

    def number(self, row: int, col: int, value: float | int | None, fmt: str):
        cell = self.ws.cell(row, col, value)
        cell.number_format = fmt
        self._fit(col, f"£{value:,.2f}" if isinstance(value, int | float) else "")
        return cell

    def formula(self, row: int, col: int, formula: str, fmt: str):
        """A formula built by this module from cell references only (never user text)."""
        cell = self.ws.cell(row, col, formula)
        cell.number_format = fmt
        self._fit(col, "£000,000,000.00")
        return cell

    def header(self, row: int, col: int, labels: Sequence[str]) -> None:
        for i, label in enumerate(labels):
            cell = self.text(row, col + i, label, _BOLD, fit=False)
            cell.fill = _HEADER_FILL
            cell.border = _HEADER_BORDER
            cell.alignment = Alignment(wrap_text=True, vertical="bottom")
            self._fit(col + i, max(label.split(), key=len, default=""))
            self.widths[col + i] = max(self.widths[col + i], min(len(label), 14))

    def total_style(self, row: int, first: int, last: int) -> None:
        for col in range(first, last + 1):
            cell = self.ws.cell(row, col)
            cell.font = _BOLD
            cell.border = _TOTAL_BORDER

    def finish(self, title_rows: str | None = None, landscape: bool = True,
               wrap: Sequence[int] = ()) -> None:
        for col, width in self.widths.items():
            self.ws.column_dimensions[get_column_letter(col)].width = max(8, width + 2)
        for col in wrap:
            self.ws.column_dimensions[get_column_letter(col)].width = self.max_width * 0.8
            for row in self.ws.iter_rows(min_col=col, max_col=col, min_row=2):
                row[0].alignment = _WRAP_TOP
        setup = self.ws.page_setup
        setup.orientation = "landscape" if landscape else "portrait"
        setup.paperSize = self.ws.PAPERSIZE_A4
        setup.fitToWidth = 1
        setup.fitToHeight = 0
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True
        self.ws.print_options.gridLines = False
        self.ws.page_margins.left = self.ws.page_margins.right = 0.5
        if title_rows:
            self.ws.print_title_rows = title_rows
        self.ws.oddFooter.center.text = "Page &P of &N"
        self.ws.oddFooter.left.text = "&A"
        self.ws.oddHeader.right.text = "Business case — &F"


def _ref(row: int, col: int, absolute: bool = False) -> str:
    letter = get_column_letter(col)
    return f"${letter}${row}" if absolute else f"{letter}{row}"


def _range(row1: int, col1: int, row2: int, col2: int) -> str:
    return f"{_ref(row1, col1)}:{_ref(row2, col2)}"


def _sheet_ref(sheet: str, row: int, col: int) -> str:
    return f"'{sheet}'!{_ref(row, col, absolute=True)}"


class Layout:
    """Where the audited figures sit, for tests and cross-sheet formulas."""

    def __init__(self) -> None:
        self.cells: dict[str, tuple[str, int, int]] = {}
        """name → (sheet, row, col) of a figure, e.g. 'summary.savings.2018/19'."""

    def mark(self, name: str, sheet: str, row: int, col: int) -> None:
        self.cells[name] = (sheet, row, col)


# ------------------------------------------------------------------ writing a table


@dataclass
class Placed:
    """Where a table went on its sheet."""

    table: Table
    header: int
    """Row of the column headings."""
    end: int
    """Last row written (the totals row, the note or the empty-table words)."""
    cols: dict[str, int] = field(default_factory=dict)
    """Column key → sheet column."""
    rows: list[int] = field(default_factory=list)
    """Sheet row of each of the table's rows."""
    row_of: dict[str, int] = field(default_factory=dict)
    """Row key → sheet row."""

    @property
    def first(self) -> int:
        return self.header + 1

    @property
    def body_rows(self) -> list[int]:
        return [r for r, row in zip(self.rows, self.table.rows, strict=True) if not row.total]

    @property
    def total_row(self) -> int | None:
        return next((r for r, row in zip(self.rows, self.table.rows, strict=True)
                     if row.total), None)

    def cell(self, row_key: str, col_key: str) -> tuple[int, int]:
        return self.row_of[row_key], self.cols[col_key]


FORMATS = {"money": MONEY, "percent": PERCENT, "factor": NUMBER, "number": NUMBER}


def _write_value(s: _Sheet, row: int, col: int, value: Any, kind: str,
                 column: Column, font: Font | None) -> None:
    """One cell: a figure as a number in its format, anything else as text."""
    if value is None:
        return
    if isinstance(value, Quantity):
        kind, value = {"£": "money", "%": "percent"}.get(value.unit, "number"), value.value
        if value is None:
            return
        if kind == "percent":
            value = Fraction(str(value))
    if isinstance(value, str):  # words, or a Remark standing in for a figure
        s.text(row, col, value, font)
        return
    if kind == "money":
        cell = s.number(row, col, pounds(value), MONEY)
    elif kind == "percent":
        cell = s.number(row, col, float(Fraction(value)) / 100, PERCENT)
    elif kind in ("factor", "number") and isinstance(value, int | float | Fraction):
        cell = s.number(row, col, float(value) if isinstance(value, Fraction) else value,
                        NUMBER)
    elif kind == "flag":
        s.text(row, col, column.flag[0] if value else column.flag[1], font)
        return
    elif kind == "delivery":
        s.text(row, col, value.text, font)
        return
    elif kind == "datetime" and isinstance(value, datetime):
        # Excel keeps no time zone: the time as recorded (its offset is in the CSV)
        cell = s.number(row, col, value.replace(tzinfo=None), DATETIME)
        s._fit(col, "2015-03-20 10:30")
    else:
        s.text(row, col, str(value), font)
        return
    if font is not None:
        cell.font = font


def _sum_of(s: _Sheet, row: int, col: int, cols: list[int], fmt: str) -> None:
    """A row total: ``=SUM(B5:G5)`` over neighbouring columns, else ``=B5+D5+F5``."""
    if cols == list(range(cols[0], cols[-1] + 1)):
        s.formula(row, col, f"=SUM({_range(row, cols[0], row, cols[-1])})", fmt)
    else:
        s.formula(row, col, "=" + "+".join(_ref(row, c) for c in cols), fmt)


def write_table(s: _Sheet, table: Table, top: int, *, title: bool = True,
                note: bool = True) -> Placed:
    """Write ``table`` from row ``top`` (its title, unless ``title`` is False), and return
    where everything went. Row totals (``Column.sum_of``) and the totals row are SUM
    formulas over the cells written; the note goes under the table."""
    columns = [(table.index(c.key), c) for c in table.columns_for("xlsx")]
    if title:
        s.text(top, 1, table.title, _SECTION_FONT, fit=False)
        top += 1
    s.header(top, 1, [c.heading for _, c in columns])
    placed = Placed(table, top, top, {c.key: i + 1 for i, (_, c) in enumerate(columns)})
    row = top + 1
    if not table.rows:
        s.text(row, 1, table.empty, _NOTE_FONT)
        placed.end = row
        return placed
    body_first = row
    body_last = row + len(table.body) - 1
    for r in table.rows:
        placed.rows.append(row)
        if r.key:
            placed.row_of[r.key] = row
        font = _BOLD if (r.total or r.emphasis) else None
        for col, (index, column) in enumerate(columns, start=1):
            value = r.cells[index]
            kind = t.kind_of(r, column)
            if type(value) is int and kind == "money" and font is None and not column.sum_of:
                s.number(row, col, pounds(value), MONEY)  # the usual cell, quickly
            elif column.sum_of and value is not None:
                cols = [placed.cols[k] for k in column.sum_of if k in placed.cols]
                _sum_of(s, row, col, cols, FORMATS.get(kind, NUMBER))
            elif r.total and column.figure and value is not None and body_last >= body_first:
                s.formula(row, col, f"=SUM({_range(body_first, col, body_last, col)})",
                          FORMATS.get(kind, NUMBER))
            else:
                _write_value(s, row, col, value, kind, column, font)
        if r.total:
            s.total_style(row, 1, len(columns))
        row += 1
    placed.end = row - 1
    if note and table.note:
        s.text(row, 1, table.note, _NOTE_FONT, fit=False)
        placed.end = row
    return placed


# ------------------------------------------------------------------ sheets


def _functions_sheet(wb: Workbook, bp: Blueprint, p: Projection, layout: Layout) -> None:
    ws = wb.create_sheet("Functions")
    s = _Sheet(ws)
    table = t.functions(bp, p)
    placed = write_table(s, table, 1, title=False)
    c_total = placed.cols["baseline_total"]
    for r in p.functions:
        layout.mark(f"functions.baseline.{r.id}", "Functions", placed.row_of[r.id], c_total)
    total = placed.total_row
    assert total is not None
    layout.mark("functions.baseline.total", "Functions", total, c_total)
    for f in p.forces:
        layout.mark(f"functions.baseline.{f}", "Functions", total, placed.cols[f"baseline.{f}"])
    layout.mark("functions.full_rate_savings.total", "Functions", total,
                placed.cols["full_rate_savings"])
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = _range(1, 1, max(total - 1, 1), len(placed.cols))
    source = placed.cols["savings_source"]
    s.widths[source] = min(s.widths.get(source, 0), 40)
    s.finish("1:1")


def _summary_sheet(wb: Workbook, bp: Blueprint, p: Projection, layout: Layout) -> None:
    ws = wb.create_sheet("Summary", 0)
    s = _Sheet(ws, max_width=40)
    years = p.years
    s.text(1, 1, f"{bp.alliance.name}: business case summary", _TITLE_FONT, fit=False)
    s.text(2, 1, "Figures in £. Totals are formulas over the figures shown; see the "
           "Assumptions sheet for every input and its source.", _NOTE_FONT, fit=False)

    # Key figures (rows 4–8); formulas filled in once the tables below exist.
    s.text(4, 1, "Savings target", _BOLD)
    s.text(5, 1, "Projected savings in target year", _BOLD)
    s.text(6, 1, "Surplus (+) / shortfall (−) against target", _BOLD)
    s.text(7, 1, "Payback year (alliance)", _BOLD)
    s.text(8, 1, "Total one-off implementation costs", _BOLD)

    by_year = write_table(s, t.by_year(p), 10)
    savings = write_table(s, t.by_force(bp, p, "savings"), by_year.end + 2)
    spent = write_table(s, t.by_force(bp, p, "implementation"), savings.end + 2)
    change = write_table(s, t.by_force(bp, p, "change"), spent.end + 2)
    payback = write_table(s, t.payback(bp, p), change.end + 2)
    cases = write_table(s, t.sensitivity(p, sensitivity(bp)), payback.end + 2)

    # The alliance's figures by year are formulas over the force tables.
    savings_total, spent_total = savings.total_row, spent.total_row
    assert savings_total is not None and spent_total is not None
    baseline_ref = _sheet_ref("Functions", *_cell_of(layout, "functions.baseline.total"))
    c = by_year.cols
    col = {k: get_column_letter(v) for k, v in c.items()}
    for i, y in enumerate(years):
        row = by_year.row_of[y]
        s.formula(row, c["baseline"], f"={baseline_ref}", MONEY)
        s.formula(row, c["savings"], f"={_ref(savings_total, savings.cols[y])}", MONEY)
        s.formula(row, c["implementation"], f"={_ref(spent_total, spent.cols[y])}", MONEY)
        s.formula(row, c["net_benefit"],
                  f"={col['savings']}{row}-{col['implementation']}{row}", MONEY)
        for cumulative, of in (("cumulative_savings", "savings"),
                               ("cumulative_implementation", "implementation")):
            s.formula(row, c[cumulative], f"={col[of]}{row}" if i == 0 else
                      f"={col[cumulative]}{row - 1}+{col[of]}{row}", MONEY)
        s.formula(row, c["cumulative_net_benefit"],
                  f"={col['cumulative_savings']}{row}-{col['cumulative_implementation']}{row}",
                  MONEY)
        for key, what in (("baseline", "baseline"), ("savings", "savings"),
                          ("target", "target"), ("implementation", "implementation"),
                          ("net_benefit", "net_benefit"),
                          ("cumulative_savings", "cumulative_savings"),
                          ("cumulative_implementation", "cumulative_implementation"),
                          ("cumulative_net_benefit", "cumulative_net")):
            layout.mark(f"summary.{what}.{y}", "Summary", row, c[key])
    total_row = by_year.total_row
    assert total_row is not None
    layout.mark("summary.savings.total", "Summary", total_row, c["savings"])
    layout.mark("summary.implementation.total", "Summary", total_row, c["implementation"])
    for placed, what in ((savings, "force_savings"), (spent, "force_implementation"),
                         (change, "force_change")):
        for f in p.forces:
            for y in years:
                layout.mark(f"summary.{what}.{f}.{y}", "Summary", *placed.cell(f, y))
    # A force's implementation costs are its row total in the implementation table.
    for f in p.forces:
        s.formula(*payback.cell(f, "implementation"), f"={_ref(*spent.cell(f, 'total'))}",
                  MONEY)
    for j, row in enumerate(cases.rows):
        layout.mark(f"summary.sensitivity.{j}", "Summary", row,
                    cases.cols["savings_in_target_year"])

    # Key figures.
    target = p.target_pence
    s.number(4, 2, pounds(target), MONEY)
    s.text(4, 3, f"by {p.target_year}" if p.target_year else "no target set")
    if p.target_year in years:
        s.formula(5, 2, f"={col['savings']}{by_year.row_of[p.target_year]}", MONEY)
        s.formula(6, 2, "=B5-B4", MONEY)
        s.text(5, 3, p.target_year)
    spent_to_last = p.alliance[years[-1]].cumulative_implementation
    s.text(7, 2, p.payback_year() or t.no_payback(spent_to_last))
    s.formula(8, 2, f"={col['implementation']}{total_row}", MONEY)
    layout.mark("summary.key.target", "Summary", 4, 2)
    layout.mark("summary.key.projected", "Summary", 5, 2)
    layout.mark("summary.key.surplus", "Summary", 6, 2)

    last_year_row = by_year.row_of[years[-1]]
    _savings_chart(ws, by_year, last_year_row, 4, p)
    _force_chart(ws, savings, len(years), 21)
    ws.freeze_panes = "B4"
    s.widths[1] = max(s.widths.get(1, 0), 30)
    s.finish("1:2")


def _cell_of(layout: Layout, name: str) -> tuple[int, int]:
    _, row, col = layout.cells[name]
    return row, col


def _savings_chart(ws: Worksheet, by_year: Placed, last: int, anchor_row: int,
                   p: Projection) -> None:
    bars = BarChart()
    bars.type = "col"
    bars.title = "Projected savings against target"
    bars.y_axis.title = "£ a year"
    bars.x_axis.title = "Financial year"
    bars.y_axis.numFmt = '"£"#,##0'
    bars.y_axis.majorGridlines = None
    head, first = by_year.header, by_year.first
    bars.add_data(Reference(ws, min_col=by_year.cols["savings"], min_row=head, max_row=last),
                  titles_from_data=True)
    bars.set_categories(Reference(ws, min_col=by_year.cols["year"], min_row=first,
                                  max_row=last))
    bars.series[0].graphicalProperties.solidFill = "0072B2"
    if p.target_pence is not None:
        line = LineChart()
        line.add_data(Reference(ws, min_col=by_year.cols["target"], min_row=head,
                                max_row=last), titles_from_data=True)
        line.series[0].graphicalProperties.line.solidFill = "D55E00"
        line.series[0].graphicalProperties.line.width = 28_000
        line.series[0].graphicalProperties.line.dashStyle = "dash"
        bars += line
    bars.x_axis.delete = False
    bars.y_axis.delete = False
    bars.legend.position = "b"
    bars.height, bars.width = 8, 16
    ws.add_chart(bars, f"K{anchor_row}")


def _force_chart(ws: Worksheet, placed: Placed, ny: int, anchor_row: int) -> None:
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = "Savings by force"
    chart.y_axis.numFmt = '"£"#,##0'
    chart.y_axis.title = "£ a year"
    for row in placed.body_rows:
        data = Reference(ws, min_col=1, max_col=1 + ny, min_row=row, max_row=row)
        chart.add_data(data, from_rows=True, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=2, max_col=1 + ny, min_row=placed.header,
                                   max_row=placed.header))
    palette = ("0072B2", "CC79A7", "56B4E9", "D55E00", "999999", "009E73", "E69F00")
    for i, series in enumerate(chart.series):
        series.graphicalProperties.solidFill = palette[i % len(palette)]
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend.position = "b"
    chart.height, chart.width = 8, 16
    ws.add_chart(chart, f"K{anchor_row}")


def _cost_sharing_sheet(wb: Workbook, bp: Blueprint, p: Projection, layout: Layout) -> None:
    ws = wb.create_sheet("Cost sharing")
    s = _Sheet(ws, max_width=50)
    shares = write_table(s, t.apportionment(bp, p), 1)
    for r in p.functions:
        if r.id in shares.row_of:
            layout.mark(f"cost_sharing.unit_cost.{r.id}", "Cost sharing",
                        *shares.cell(r.id, "unit_cost"))
            layout.mark(f"cost_sharing.share_total.{r.id}", "Cost sharing",
                        *shares.cell(r.id, "share_total"))
    if shares.total_row is not None:
        layout.mark("cost_sharing.unit_cost.total", "Cost sharing", shares.total_row,
                    shares.cols["unit_cost"])
    paid = write_table(s, t.payments(bp, p), shares.end + 3)
    by_year = write_table(s, t.contributions(bp, p), paid.end + 2)
    for r in p.functions:
        for f in r.partners:
            for y in p.years:
                layout.mark(f"cost_sharing.contribution.{r.id}.{f}.{y}", "Cost sharing",
                            *by_year.cell(f"{r.id}.{f}", y))
    ws.freeze_panes = "C3"
    s.finish("2:2")


def _phasing_sheet(wb: Workbook, bp: Blueprint, p: Projection, layout: Layout) -> None:
    ws = wb.create_sheet("Phasing")
    s = _Sheet(ws, max_width=45)
    top = 1
    for what in ("savings", "implementation"):
        placed = write_table(s, t.phasing(bp, p, what), top)
        total = placed.total_row
        assert total is not None
        for y in p.years:
            layout.mark(f"phasing.{what}.{y}", "Phasing", total, placed.cols[y])
        top = placed.end + 3
    ws.freeze_panes = "C3"
    s.finish("2:2")


def _options_sheet(wb: Workbook, bp: Blueprint, cmp: Comparison, layout: Layout) -> None:
    """The economic case. The NPV of each case is a formula: each year's discount factor
    ``=1/(1+rate)^t`` from the rate cell, each discounted figure ``=net × factor``, the NPV
    their ``SUM``, and the comparison table's NPV row points at those sums."""
    ws = wb.create_sheet("Options", 1)
    s = _Sheet(ws, max_width=46)
    s.text(1, 1, f"{bp.alliance.name}: economic case — options appraised", _TITLE_FONT,
           fit=False)
    s.text(2, 1, "Business as usual, the blueprint as drawn and each option over the same "
           "years. Figures in £; the net present values are formulas over the discounting "
           "table below.", _NOTE_FONT, fit=False)
    comparison = write_table(s, t.options_comparison(cmp), 4)
    c = comparison.cols
    col = {k: get_column_letter(v) for k, v in c.items()}
    savings_rows = [comparison.row_of[f"savings.{y}"] for y in cmp.years]
    applied = [case for case in cmp.cases if case.ok]
    for case in applied:  # cumulative savings and net benefit by formula
        letter = col[f"case.{case.key}"]
        s.formula(comparison.row_of["cumulative_savings"], c[f"case.{case.key}"],
                  f"=SUM({letter}{savings_rows[0]}:{letter}{savings_rows[-1]})", MONEY)
        s.formula(comparison.row_of["net_benefit"], c[f"case.{case.key}"],
                  f"={letter}{comparison.row_of['cumulative_savings']}"
                  f"-{letter}{comparison.row_of['implementation']}", MONEY)
    rate_row = comparison.end + 2
    s.text(rate_row, 1, "Discount rate (real, a year)", _BOLD)
    s.number(rate_row, 2, float(cmp.rate_percent) / 100, PERCENT)
    s.text(rate_row, 3, cmp.rate_source, _NOTE_FONT, fit=False)
    layout.mark("options.rate", "Options", rate_row, 2)
    discounting = write_table(s, t.options_discounting(cmp), rate_row + 2)
    d = discounting.cols
    rate = _ref(rate_row, 2, absolute=True)
    for y in cmp.years:
        row = discounting.row_of[y]
        factor = _ref(row, d["factor"])
        s.formula(row, d["factor"], f"=1/(1+{rate})^{_ref(row, d['t'])}", "0.000000")
        layout.mark(f"options.factor.{y}", "Options", row, d["factor"])
        for case in applied:
            if case.kind == "bau":
                continue
            s.formula(row, d[f"discounted.{case.key}"],
                      f"={_ref(row, d[f'net.{case.key}'])}*{factor}", MONEY)
    total = discounting.total_row
    assert total is not None
    for case in applied:
        if case.kind == "bau":
            layout.mark("options.npv.bau", "Options", comparison.row_of["npv"],
                        c["case.bau"])
            continue
        s.formula(comparison.row_of["npv"], c[f"case.{case.key}"],
                  f"={_ref(total, d[f'discounted.{case.key}'])}", MONEY)
        layout.mark(f"options.npv.{case.key}", "Options", comparison.row_of["npv"],
                    c[f"case.{case.key}"])
        layout.mark(f"options.discounted_total.{case.key}", "Options", total,
                    d[f"discounted.{case.key}"])
        layout.mark(f"options.cumulative_savings.{case.key}", "Options",
                    comparison.row_of["cumulative_savings"], c[f"case.{case.key}"])
    cumulative = write_table(s, t.options_cumulative(cmp), discounting.end + 3)
    _options_chart(ws, cumulative, len(cmp.years), f"{get_column_letter(len(c) + 2)}4")
    differences = write_table(s, t.options_differences(cmp), cumulative.end + 3)
    top = differences.end + 2
    s.text(top, 1, "The preferred option", _SECTION_FONT, fit=False)
    for i, line in enumerate(t.preferred_words(cmp), start=1):
        s.text(top + i, 1, line, fit=False)
    s.widths[1] = max(s.widths.get(1, 0), 44)
    ws.freeze_panes = "B6"  # the cases' names stay in view
    s.finish("1:2", wrap=(differences.cols["difference"],))  # the sheet's title on every page


def _options_chart(ws: Worksheet, placed: Placed, ny: int, anchor: str) -> None:
    chart = LineChart()
    chart.title = "Cumulative savings by option"
    chart.y_axis.title = "£"
    chart.x_axis.title = "Financial year"
    chart.y_axis.numFmt = '"£"#,##0'
    first, last = placed.first, placed.first + ny - 1
    for key, col in placed.cols.items():
        if key.startswith("case."):
            chart.add_data(Reference(ws, min_col=col, min_row=placed.header, max_row=last),
                           titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=placed.cols["year"], min_row=first,
                                   max_row=last))
    palette = ("999999", "0072B2", "D55E00", "009E73", "CC79A7", "E69F00", "56B4E9")
    for i, series in enumerate(chart.series):
        series.graphicalProperties.line.solidFill = palette[i % len(palette)]
        series.graphicalProperties.line.width = 28_000
        series.smooth = False
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend.position = "b"
    chart.height, chart.width = 9, 18
    ws.add_chart(chart, anchor)


def _problems_sheet(wb: Workbook, bp: Blueprint) -> None:
    ws = wb.create_sheet("Problems")
    s = _Sheet(ws, max_width=68)
    table = t.problems(bp)
    placed = write_table(s, table, 1, title=False)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = _range(1, 1, max(2, len(table.rows) + 1), len(placed.cols))
    s.finish("1:1", wrap=(placed.cols["message"],))


def _decisions_sheet(wb: Workbook, bp: Blueprint) -> None:
    ws = wb.create_sheet("Decision log")
    s = _Sheet(ws, max_width=60)
    table = t.decisions(bp)
    placed = write_table(s, table, 1, title=False)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = _range(1, 1, max(2, len(table.rows) + 1), len(placed.cols))
    s.finish("1:1", wrap=tuple(placed.cols[k] for k in ("challenge", "replies", "decision")))


def _assumptions_sheet(wb: Workbook, bp: Blueprint, p: Projection) -> None:
    ws = wb.create_sheet("Assumptions")
    s = _Sheet(ws, max_width=60)
    placed = write_table(s, t.assumptions(bp, p), 1, title=False)
    ws.freeze_panes = "A2"
    s.finish("1:1", wrap=(placed.cols["value"], placed.cols["source"]))


# ------------------------------------------------------------------ entry points


def build_workbook(bp: Blueprint, projection: Projection | None = None,
                   progress: Progress | None = None) -> tuple[Workbook, Layout]:
    """The business-case workbook in memory, and where its audited figures are."""
    p = projection or project(bp)
    wb = Workbook()
    wb.remove(wb.active)
    layout = Layout()
    steps: list[tuple[str, Callable[[], None]]] = [
        ("Functions", lambda: _functions_sheet(wb, bp, p, layout)),
        ("Summary", lambda: _summary_sheet(wb, bp, p, layout)),
        ("Options", lambda: _options_sheet(wb, bp, compare(bp, projection=p), layout)),
        ("Cost sharing", lambda: _cost_sharing_sheet(wb, bp, p, layout)),
        ("Phasing", lambda: _phasing_sheet(wb, bp, p, layout)),
        ("Problems", lambda: _problems_sheet(wb, bp)),
        ("Decision log", lambda: _decisions_sheet(wb, bp)),
        ("Assumptions", lambda: _assumptions_sheet(wb, bp, p)),
    ]
    for i, (name, step) in enumerate(steps):
        if progress:
            progress(i, len(steps) + 1, f"{name} sheet")
        step()
    wb.active = 0
    wb.properties.title = safe_text(f"{bp.alliance.name}: business case")
    wb.properties.creator = "Alliance Blueprint Designer"
    return wb, layout


def workbook_bytes(bp: Blueprint, projection: Projection | None = None,
                   progress: Progress | None = None) -> bytes:
    wb, _ = build_workbook(bp, projection, progress)
    buffer = _io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def export_xlsx(bp: Blueprint, path: str | os.PathLike[str],
                projection: Projection | None = None,
                progress: Progress | None = None) -> Path:
    """Write the business-case workbook to ``path`` atomically."""
    data = workbook_bytes(bp, projection, progress)
    if progress:
        progress(len(SHEETS), len(SHEETS) + 1, "saving")
    atomic_write(path, data)
    if progress:
        progress(len(SHEETS) + 1, len(SHEETS) + 1, "done")
    return Path(path)
