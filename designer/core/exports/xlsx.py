"""The business-case workbook (xlsx) a finance officer can audit.

Sheets: Summary (target vs projection by year and force, payback, charts),
Functions, Cost sharing (basis, shares, contributions, payments between
forces), Phasing, Problems and Assumptions. Inputs are stored as numbers with
£ and % formats; every total is a formula over the cells above it, so a
reviewer can trace each figure, and a test recalculates them against the
finance model. User text never starts a formula (see ``cell_safety``).
"""

from __future__ import annotations

import io as _io
import os
from collections.abc import Callable, Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from designer.core.catalogue import load_catalogue
from designer.core.cost_share import BASIS_LABELS
from designer.core.delivery import cell_text
from designer.core.exports.assumptions import assumptions
from designer.core.exports.cell_safety import safe_text
from designer.core.exports.problems import problem_rows
from designer.core.finance import AS_ASSUMED, Projection, project, sensitivity
from designer.core.io import atomic_write
from designer.core.schema import Blueprint

Progress = Callable[[int, int, str], None]

MONEY = '"£"#,##0.00;[Red]-"£"#,##0.00'
PERCENT = "0.00%"
NUMBER = "#,##0.##"
SHEETS = ("Summary", "Functions", "Cost sharing", "Phasing", "Problems", "Assumptions")

_HEADER_FILL = PatternFill("solid", fgColor="DDE3EA")
_SECTION_FONT = Font(bold=True, size=12, color="1F3A5F")
_TITLE_FONT = Font(bold=True, size=16, color="1F3A5F")
_BOLD = Font(bold=True)
_NOTE_FONT = Font(italic=True, color="555555")
_THIN = Side(style="thin", color="7F8C99")
_HEADER_BORDER = Border(bottom=_THIN)
_TOTAL_BORDER = Border(top=_THIN, bottom=Side(style="double", color="7F8C99"))
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")


def pounds(pence: int | None) -> float | None:
    """Pence as the pounds a spreadsheet cell holds (exact to the penny when shown)."""
    return None if pence is None else pence / 100


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
        cell = self.ws.cell(row, col, safe_text(value) if value is not None else None)
        if value is not None:
            cell.data_type = "s"
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


def _fraction(value: Fraction) -> float:
    return value.numerator / value.denominator


class Layout:
    """Where the audited figures sit, for tests and cross-sheet formulas."""

    def __init__(self) -> None:
        self.cells: dict[str, tuple[str, int, int]] = {}
        """name → (sheet, row, col) of a figure, e.g. 'summary.savings.2018/19'."""

    def mark(self, name: str, sheet: str, row: int, col: int) -> None:
        self.cells[name] = (sheet, row, col)


# ------------------------------------------------------------------ sheets


def _functions_sheet(wb: Workbook, bp: Blueprint, p: Projection, layout: Layout) -> None:
    ws = wb.create_sheet("Functions")
    s = _Sheet(ws)
    catalogue = load_catalogue()
    names = {f.id: f.name for f in bp.forces}
    fns = {fn.id: fn for fn in bp.functions}
    forces = p.forces
    last = p.years[-1]
    labels = (["ID", "Function", "Category", "Delivery"]
              + [f"Delivery: {names[f]}" for f in forces]
              + ["Host / lead force", "Partners"]
              + [f"Baseline: {names[f]}" for f in forces]
              + ["Baseline total", "Savings %", "Savings source",
                 f"Savings at full rate ({last})", "Implementation cost", "Go-live",
                 "Ramp-up", "Cost-sharing basis"])
    s.header(1, 1, labels)
    c_base = 7 + len(forces)
    c_total = c_base + len(forces)
    row = 2
    for r in p.functions:
        fn = fns[r.id]
        s.text(row, 1, r.id)
        s.text(row, 2, r.name)
        s.text(row, 3, catalogue.name_of(r.category))
        s.text(row, 4, r.delivery)
        for i, f in enumerate(forces):
            s.text(row, 5 + i, cell_text(bp, fn, f))
        s.text(row, 5 + len(forces), names.get(r.payee or "", r.payee or ""))
        s.text(row, 6 + len(forces), ", ".join(names[f] for f in r.partners))
        for i, f in enumerate(forces):
            s.number(row, c_base + i, pounds(r.baseline[f]), MONEY)
        s.formula(row, c_total, f"=SUM({_range(row, c_base, row, c_total - 1)})", MONEY)
        layout.mark(f"functions.baseline.{r.id}", "Functions", row, c_total)
        s.number(row, c_total + 1, _fraction(r.savings_percent) / 100, PERCENT)
        s.text(row, c_total + 2, r.savings_source)
        s.number(row, c_total + 3, pounds(r.years[last].savings_pence), MONEY)
        s.number(row, c_total + 4, pounds(fn.implementation_cost_pence), MONEY)
        s.text(row, c_total + 5, r.go_live)
        s.text(row, c_total + 6, ", ".join(f"{x:g}%" for x in fn.ramp_up))
        s.text(row, c_total + 7, BASIS_LABELS[r.weights.basis.kind]
               if r.partners and r.weights else "")
        row += 1
    first, end = 2, row - 1
    s.text(row, 2, "Total", _BOLD)
    for col in [*range(c_base, c_total + 1), c_total + 3, c_total + 4]:
        if end >= first:
            s.formula(row, col, f"=SUM({_range(first, col, end, col)})", MONEY)
        else:
            s.number(row, col, 0, MONEY)
    s.total_style(row, 1, c_total + 7)
    layout.mark("functions.baseline.total", "Functions", row, c_total)
    for i, f in enumerate(forces):
        layout.mark(f"functions.baseline.{f}", "Functions", row, c_base + i)
    layout.mark("functions.full_rate_savings.total", "Functions", row, c_total + 3)
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = _range(1, 1, max(end, 1), c_total + 7)
    s.widths[c_total + 2] = min(s.widths.get(c_total + 2, 0), 40)
    s.finish("1:1")


def _summary_sheet(wb: Workbook, bp: Blueprint, p: Projection, layout: Layout) -> None:
    ws = wb.create_sheet("Summary", 0)
    s = _Sheet(ws, max_width=40)
    names = {f.id: f.name for f in bp.forces}
    years = p.years
    ny = len(years)
    s.text(1, 1, f"{bp.alliance.name}: business case summary", _TITLE_FONT, fit=False)
    s.text(2, 1, "Figures in £. Totals are formulas over the figures shown; see the "
           "Assumptions sheet for every input and its source.", _NOTE_FONT, fit=False)

    # Key figures (rows 4–8); formulas filled in once the tables below exist.
    s.text(4, 1, "Savings target", _BOLD)
    s.text(5, 1, "Projected savings in target year", _BOLD)
    s.text(6, 1, "Surplus (+) / shortfall (−) against target", _BOLD)
    s.text(7, 1, "Payback year (alliance)", _BOLD)
    s.text(8, 1, "Total one-off implementation costs", _BOLD)

    # Alliance by year.
    top = 10
    s.text(top, 1, "Alliance savings by financial year", _SECTION_FONT, fit=False)
    head = top + 1
    s.header(head, 1, ["Financial year", "Baseline cost", "Projected savings", "Target",
                       "Implementation costs", "Net benefit", "Cumulative savings",
                       "Cumulative implementation", "Cumulative net benefit"])
    first = head + 1
    # The force tables come after the alliance table (one row per year + total + gap).
    force_top = first + ny + 3
    sav_head = force_top + 1
    sav_first = sav_head + 1
    sav_total = sav_first + len(p.forces)
    impl_top = sav_total + 2
    impl_head = impl_top + 1
    impl_first = impl_head + 1
    impl_total = impl_first + len(p.forces)
    target = p.target_pence
    target_start = years.index(p.target_year) if p.target_year in years else None
    baseline_ref = _sheet_ref("Functions", *_cell_of(layout, "functions.baseline.total"))
    for i, y in enumerate(years):
        row = first + i
        col_year = 2 + i  # column of this year in the force tables
        s.text(row, 1, y)
        s.formula(row, 2, f"={baseline_ref}", MONEY)
        s.formula(row, 3, f"={_ref(sav_total, col_year)}", MONEY)
        shown = target if target_start is not None and i >= target_start else None
        s.number(row, 4, pounds(shown), MONEY)
        s.formula(row, 5, f"={_ref(impl_total, col_year)}", MONEY)
        s.formula(row, 6, f"=C{row}-E{row}", MONEY)
        s.formula(row, 7, f"=C{row}" if i == 0 else f"=G{row - 1}+C{row}", MONEY)
        s.formula(row, 8, f"=E{row}" if i == 0 else f"=H{row - 1}+E{row}", MONEY)
        s.formula(row, 9, f"=G{row}-H{row}", MONEY)
        for col, what in ((2, "baseline"), (3, "savings"), (4, "target"), (5, "implementation"),
                          (6, "net_benefit"), (7, "cumulative_savings"),
                          (8, "cumulative_implementation"), (9, "cumulative_net")):
            layout.mark(f"summary.{what}.{y}", "Summary", row, col)
    last = first + ny - 1
    total_row = last + 1
    s.text(total_row, 1, "Total", _BOLD)
    for col in (3, 5, 6):
        s.formula(total_row, col, f"=SUM({_range(first, col, last, col)})", MONEY)
    s.total_style(total_row, 1, 9)
    layout.mark("summary.savings.total", "Summary", total_row, 3)
    layout.mark("summary.implementation.total", "Summary", total_row, 5)

    def force_table(top_row: int, title: str, value: Callable[[str, str], int], what: str):
        s.text(top_row, 1, title, _SECTION_FONT, fit=False)
        s.header(top_row + 1, 1, ["Force", *years, "Total"])
        f_first = top_row + 2
        for j, f in enumerate(p.forces):
            row = f_first + j
            s.text(row, 1, names[f])
            for i, y in enumerate(years):
                s.number(row, 2 + i, pounds(value(f, y)), MONEY)
                layout.mark(f"summary.{what}.{f}.{y}", "Summary", row, 2 + i)
            s.formula(row, 2 + ny, f"=SUM({_range(row, 2, row, 1 + ny)})", MONEY)
        total = f_first + len(p.forces)
        s.text(total, 1, "Alliance", _BOLD)
        for col in range(2, 3 + ny):
            s.formula(total, col, f"=SUM({_range(f_first, col, total - 1, col)})", MONEY)
        s.total_style(total, 1, 2 + ny)
        return total

    by = p.by_force
    force_table(force_top, "Savings by force and financial year",
                lambda f, y: by[f][y].savings, "force_savings")
    force_table(impl_top, "One-off implementation costs by force and financial year",
                lambda f, y: by[f][y].implementation, "force_implementation")
    change_top = impl_total + 2
    change_total = force_table(
        change_top, "Change in net cost by force (net cost + implementation − baseline; "
        "negative is a saving)", lambda f, y: by[f][y].change_in_net_cost, "force_change")

    payback_top = change_total + 2
    s.text(payback_top, 1, "Payback by force", _SECTION_FONT, fit=False)
    s.header(payback_top + 1, 1, ["Force", "Payback year", "Implementation costs",
                                  f"Cumulative savings to {years[-1]}"])
    for j, f in enumerate(p.forces):
        row = payback_top + 2 + j
        s.text(row, 1, names[f])
        s.text(row, 2, p.payback_year(f) or _no_payback(by[f][years[-1]].cumulative_implementation))
        s.formula(row, 3, f"={_ref(impl_first + j, 2 + ny)}", MONEY)
        s.number(row, 4, pounds(by[f][years[-1]].cumulative_savings), MONEY)

    # Sensitivity: the headline figures when the assumptions move.
    sens_top = payback_top + 3 + len(p.forces)
    s.text(sens_top, 1, "Sensitivity: headline figures if the assumptions are wrong",
           _SECTION_FONT, fit=False)
    s.header(sens_top + 1, 1, ["Scenario", f"Savings in {p.target_year or 'target year'}",
                               "Surplus (+) / shortfall (−)", "Implementation costs",
                               f"Cumulative net benefit to {years[-1]}", "Payback year"])
    for j, case in enumerate(sensitivity(bp)):
        row = sens_top + 2 + j
        s.text(row, 1, case.scenario.name, _BOLD if case.scenario == AS_ASSUMED else None)
        s.number(row, 2, pounds(case.at_target), MONEY)
        s.number(row, 3, pounds(case.gap), MONEY)
        s.number(row, 4, pounds(case.implementation), MONEY)
        s.number(row, 5, pounds(case.cumulative_net), MONEY)
        s.text(row, 6, case.payback_year or _no_payback(case.implementation))
        layout.mark(f"summary.sensitivity.{j}", "Summary", row, 2)

    # Key figures.
    s.number(4, 2, pounds(target), MONEY)
    s.text(4, 3, f"by {p.target_year}" if p.target_year else "no target set")
    if p.target_year in years:
        row_t = first + years.index(p.target_year)
        s.formula(5, 2, f"=C{row_t}", MONEY)
        s.formula(6, 2, "=B5-B4", MONEY)
        s.text(5, 3, p.target_year)
    s.text(7, 2, p.payback_year() or _no_payback(p.alliance[years[-1]].cumulative_implementation))
    s.formula(8, 2, f"=E{total_row}", MONEY)
    layout.mark("summary.key.target", "Summary", 4, 2)
    layout.mark("summary.key.projected", "Summary", 5, 2)
    layout.mark("summary.key.surplus", "Summary", 6, 2)

    _savings_chart(ws, first, last, head, 4, p)
    _force_chart(ws, sav_head, sav_first, sav_total - 1, ny, 21)
    ws.freeze_panes = "B4"
    s.widths[1] = max(s.widths.get(1, 0), 30)
    s.finish("1:2")


def _no_payback(spent: int) -> str:
    return "not within the projection" if spent > 0 else "no implementation costs"


def _cell_of(layout: Layout, name: str) -> tuple[int, int]:
    _, row, col = layout.cells[name]
    return row, col


def _savings_chart(ws: Worksheet, first: int, last: int, head: int, anchor_row: int,
                   p: Projection) -> None:
    bars = BarChart()
    bars.type = "col"
    bars.title = "Projected savings against target"
    bars.y_axis.title = "£ a year"
    bars.x_axis.title = "Financial year"
    bars.y_axis.numFmt = '"£"#,##0'
    bars.y_axis.majorGridlines = None
    bars.add_data(Reference(ws, min_col=3, min_row=head, max_row=last), titles_from_data=True)
    bars.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
    bars.series[0].graphicalProperties.solidFill = "0072B2"
    if p.target_pence is not None:
        line = LineChart()
        line.add_data(Reference(ws, min_col=4, min_row=head, max_row=last),
                      titles_from_data=True)
        line.series[0].graphicalProperties.line.solidFill = "D55E00"
        line.series[0].graphicalProperties.line.width = 28_000
        line.series[0].graphicalProperties.line.dashStyle = "dash"
        bars += line
    bars.x_axis.delete = False
    bars.y_axis.delete = False
    bars.legend.position = "b"
    bars.height, bars.width = 8, 16
    ws.add_chart(bars, f"K{anchor_row}")


def _force_chart(ws: Worksheet, head: int, first: int, last: int, ny: int,
                 anchor_row: int) -> None:
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = "Savings by force"
    chart.y_axis.numFmt = '"£"#,##0'
    chart.y_axis.title = "£ a year"
    for row in range(first, last + 1):
        data = Reference(ws, min_col=1, max_col=1 + ny, min_row=row, max_row=row)
        chart.add_data(data, from_rows=True, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=2, max_col=1 + ny, min_row=head, max_row=head))
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
    names = {f.id: f.name for f in bp.forces}
    forces = p.forces
    nf = len(forces)
    last_year = p.years[-1]
    s.text(1, 1, f"Cost sharing of shared and joint units (contributions at full rate, "
           f"{last_year})", _SECTION_FONT, fit=False)
    labels = (["ID", "Function", "Delivery", "Paid to", "Basis", "Basis source"]
              + [f"Share: {names[f]}" for f in forces] + ["Share total"]
              + [f"Contribution: {names[f]}" for f in forces] + ["Unit cost", "Note"])
    s.header(2, 1, labels)
    c_share = 7
    c_contrib = c_share + nf + 1
    c_unit = c_contrib + nf
    row = 3
    for r in p.functions:
        if not r.partners or r.weights is None:
            continue
        shares = r.shares
        s.text(row, 1, r.id)
        s.text(row, 2, r.name)
        s.text(row, 3, r.delivery)
        s.text(row, 4, "alliance joint budget" if r.payee == "alliance"
               else names.get(r.payee or "", ""))
        s.text(row, 5, BASIS_LABELS[r.weights.basis.kind])
        s.text(row, 6, r.weights.basis.source)
        fy = r.years[last_year]
        for i, f in enumerate(forces):
            if f in shares:
                s.number(row, c_share + i, _fraction(shares[f]) / 100, PERCENT)
                s.number(row, c_contrib + i, pounds(fy.net_cost[f]), MONEY)
            else:
                s.text(row, c_share + i, "not a partner")
        s.formula(row, c_share + nf, f"=SUM({_range(row, c_share, row, c_share + nf - 1)})",
                  PERCENT)
        s.formula(row, c_unit, f"=SUM({_range(row, c_contrib, row, c_unit - 1)})", MONEY)
        layout.mark(f"cost_sharing.unit_cost.{r.id}", "Cost sharing", row, c_unit)
        layout.mark(f"cost_sharing.share_total.{r.id}", "Cost sharing", row, c_share + nf)
        s.text(row, c_unit + 1, r.weights.note)
        row += 1
    if row == 3:
        s.text(row, 1, "No shared or joint functions.", _NOTE_FONT)
        row += 1
    end = row - 1
    s.text(row, 2, "Total", _BOLD)
    for col in range(c_contrib, c_unit + 1):
        s.formula(row, col, f"=SUM({_range(3, col, max(end, 3), col)})", MONEY)
    s.total_style(row, 1, c_unit + 1)
    layout.mark("cost_sharing.unit_cost.total", "Cost sharing", row, c_unit)

    # Payments between forces, by year: host/lead forces are paid by the others.
    top = row + 3
    s.text(top, 1, "Payments between forces for shared and joint units (payer → payee)",
           _SECTION_FONT, fit=False)
    s.header(top + 1, 1, ["Payer", "Payee", *p.years, "Total"])
    totals: dict[tuple[str, str], dict[str, int]] = {}
    for fl in p.flows:
        per_year = totals.setdefault((fl.payer, fl.payee), {})
        per_year[fl.year] = per_year.get(fl.year, 0) + fl.amount_pence
    row = top + 2
    first = row
    for (payer, payee), per_year in sorted(totals.items()):
        s.text(row, 1, names.get(payer, payer))
        s.text(row, 2, "alliance joint budget" if payee == "alliance" else names.get(payee, payee))
        for i, y in enumerate(p.years):
            s.number(row, 3 + i, pounds(per_year.get(y, 0)), MONEY)
        s.formula(row, 3 + len(p.years), f"=SUM({_range(row, 3, row, 2 + len(p.years))})",
                  MONEY)
        row += 1
    if row == first:
        s.text(row, 1, "No payments: nothing is shared yet.", _NOTE_FONT)
        row += 1

    # Each partner's contribution to each unit, year by year (own cost before go-live).
    top = row + 2
    s.text(top, 1, "Contributions to each shared and joint unit by financial year "
           "(before go-live: the force's own cost)", _SECTION_FONT, fit=False)
    s.header(top + 1, 1, ["Unit", "Force", *p.years, "Total"])
    row = top + 2
    for r in p.functions:
        if not r.partners:
            continue
        for f in r.partners:
            s.text(row, 1, r.name)
            s.text(row, 2, names.get(f, f))
            for i, y in enumerate(p.years):
                s.number(row, 3 + i, pounds(r.years[y].net_cost[f]), MONEY)
                layout.mark(f"cost_sharing.contribution.{r.id}.{f}.{y}", "Cost sharing", row,
                            3 + i)
            s.formula(row, 3 + len(p.years), f"=SUM({_range(row, 3, row, 2 + len(p.years))})",
                      MONEY)
            row += 1
    ws.freeze_panes = "C3"
    s.finish("2:2")


def _phasing_sheet(wb: Workbook, bp: Blueprint, p: Projection, layout: Layout) -> None:
    ws = wb.create_sheet("Phasing")
    s = _Sheet(ws, max_width=45)
    fns = {fn.id: fn for fn in bp.functions}
    years = p.years
    ny = len(years)
    c_year = 6

    def table(top: int, title: str, rows: list, value: Callable, what: str) -> int:
        s.text(top, 1, title, _SECTION_FONT, fit=False)
        s.header(top + 1, 1, ["ID", "Function", "Delivery", "Go-live", "Ramp-up", *years,
                              "Total"])
        row = top + 2
        for r in rows:
            s.text(row, 1, r.id)
            s.text(row, 2, r.name)
            s.text(row, 3, r.delivery)
            s.text(row, 4, r.go_live)
            s.text(row, 5, ", ".join(f"{x:g}%" for x in fns[r.id].ramp_up))
            for i, y in enumerate(years):
                s.number(row, c_year + i, pounds(value(r, y)), MONEY)
            s.formula(row, c_year + ny, f"=SUM({_range(row, c_year, row, c_year + ny - 1)})",
                      MONEY)
            row += 1
        s.text(row, 2, "Total", _BOLD)
        for i in range(ny + 1):
            col = c_year + i
            if rows:
                s.formula(row, col, f"=SUM({_range(top + 2, col, row - 1, col)})", MONEY)
            else:
                s.number(row, col, 0, MONEY)
            if i < ny:
                layout.mark(f"phasing.{what}.{years[i]}", "Phasing", row, col)
        s.total_style(row, 1, c_year + ny)
        return row

    end = table(1, "Savings by function and financial year", list(p.functions),
                lambda r, y: r.years[y].savings_pence, "savings")
    spenders = [r for r in p.functions if any(fy.implementation_pence for fy in r.years.values())]
    table(end + 3, "One-off implementation costs by function and financial year", spenders,
          lambda r, y: r.years[y].implementation_pence, "implementation")
    ws.freeze_panes = "C3"
    s.finish("2:2")


def _problems_sheet(wb: Workbook, bp: Blueprint) -> None:
    ws = wb.create_sheet("Problems")
    s = _Sheet(ws, max_width=68)
    labels = ["Rule", "Severity", "Elements", "Problem", "Suggested fix", "Rule source",
              "Waived", "Waiver reason", "Waived by", "Waiver date"]
    s.header(1, 1, labels)
    rows = problem_rows(bp)
    for i, r in enumerate(rows, start=2):
        for col, value in enumerate(r.values(), start=1):
            if isinstance(value, bool):
                value = "yes" if value else "no"
            s.text(i, col, value)
    if not rows:
        s.text(2, 1, "No problems found.", _NOTE_FONT)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = _range(1, 1, max(2, len(rows) + 1), len(labels))
    s.finish("1:1", wrap=(4,))


def _assumptions_sheet(wb: Workbook, bp: Blueprint, p: Projection) -> None:
    ws = wb.create_sheet("Assumptions")
    s = _Sheet(ws, max_width=60)
    s.header(1, 1, ["Topic", "Item", "Value", "Unit", "Source", "Illustrative"])
    for row, a in enumerate(assumptions(bp, p), start=2):
        s.text(row, 1, a.topic)
        s.text(row, 2, a.item)
        if a.unit == "£" and isinstance(a.value, Decimal | int | float):
            s.number(row, 3, float(a.value), MONEY)
        elif a.unit == "%" and isinstance(a.value, int | float):
            s.number(row, 3, float(Decimal(repr(a.value))) / 100, PERCENT)
        elif isinstance(a.value, int | float):
            s.number(row, 3, a.value, NUMBER)
        else:
            s.text(row, 3, a.value)
        s.text(row, 4, a.unit)
        s.text(row, 5, a.source)
        s.text(row, 6, "illustrative" if a.illustrative else "")
    ws.freeze_panes = "A2"
    s.finish("1:1", wrap=(3, 5))


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
        ("Cost sharing", lambda: _cost_sharing_sheet(wb, bp, p, layout)),
        ("Phasing", lambda: _phasing_sheet(wb, bp, p, layout)),
        ("Problems", lambda: _problems_sheet(wb, bp)),
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
        progress(6, 7, "saving")
    atomic_write(path, data)
    if progress:
        progress(7, 7, "done")
    return Path(path)
