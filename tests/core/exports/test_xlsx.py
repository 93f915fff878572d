"""The business-case workbook: sheets, recalculated formulas, formats, charts, layout."""

from __future__ import annotations

import re
from pathlib import Path

import formulas
import openpyxl
import pytest

from designer.core.catalogue import load_catalogue
from designer.core.exports.problems import problem_rows
from designer.core.exports.xlsx import MONEY, PERCENT, SHEETS, build_workbook, export_xlsx
from designer.core.finance import project
from tests.core.test_finance import WORKED, worked_example


def recalculate(path: Path) -> dict[tuple[str, str], object]:
    """Every cell's value after a formula engine recalculated the workbook."""
    solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
    values = {}
    for key, ranges in solution.items():
        m = re.fullmatch(r"'\[[^\]]+\](.+)'!([A-Z]+\d+)", key)
        if m:
            value = ranges.value[0][0] if hasattr(ranges, "value") else ranges
            values[m.group(1).upper(), m.group(2)] = value
    return values


def pence(value: object) -> int:
    """A recalculated £ value back in pence (float pounds are exact to the penny)."""
    assert isinstance(value, int | float), value
    return round(value * 100)


@pytest.fixture(scope="module", params=["net-budget", "equal", "fixed"])
def worked(request, tmp_path_factory):
    bp = worked_example(request.param)
    path = tmp_path_factory.mktemp("xlsx") / "case.xlsx"
    export_xlsx(bp, path)
    _, layout = build_workbook(bp)
    return bp, path, layout, recalculate(path)


def _value(values, layout, name):
    sheet, row, col = layout.cells[name]
    return values[sheet.upper(), f"{openpyxl.utils.get_column_letter(col)}{row}"]


def test_the_workbook_has_the_business_case_sheets(worked):
    _, path, _, _ = worked
    wb = openpyxl.load_workbook(path)
    assert tuple(wb.sheetnames) == SHEETS


def test_recalculated_formulas_match_the_finance_model_to_the_penny(worked):
    bp, path, layout, values = worked
    p = project(bp)
    wb = openpyxl.load_workbook(path)
    assert wb["Summary"]["C12"].data_type == "f"  # totals really are formulas
    for y, a in p.alliance.items():
        assert pence(_value(values, layout, f"summary.savings.{y}")) == a.savings
        assert pence(_value(values, layout, f"summary.implementation.{y}")) == a.implementation
        assert pence(_value(values, layout, f"summary.baseline.{y}")) == a.baseline
        assert pence(_value(values, layout, f"summary.cumulative_savings.{y}")) == \
            a.cumulative_savings
        assert pence(_value(values, layout, f"summary.cumulative_net.{y}")) == \
            a.cumulative_savings - a.cumulative_implementation
        assert pence(_value(values, layout, f"phasing.savings.{y}")) == a.savings
        assert pence(_value(values, layout, f"phasing.implementation.{y}")) == a.implementation
        for f in p.forces:
            assert pence(_value(values, layout, f"summary.force_change.{f}.{y}")) == \
                p.by_force[f][y].change_in_net_cost
    assert pence(_value(values, layout, "summary.savings.total")) == sum(
        a.savings for a in p.alliance.values())
    # The worked example: target £400,000 in 2018/19 against 45,000,003p projected.
    assert pence(_value(values, layout, "summary.key.target")) == 40_000_000
    assert pence(_value(values, layout, "summary.key.projected")) == 45_000_003
    assert pence(_value(values, layout, "summary.key.surplus")) == 5_000_003
    last = p.years[-1]
    for r in p.functions:
        assert pence(_value(values, layout, f"functions.baseline.{r.id}")) == r.baseline_pence
        assert pence(_value(values, layout, f"cost_sharing.unit_cost.{r.id}")) == \
            r.years[last].unit_cost_pence
        assert _value(values, layout, f"cost_sharing.share_total.{r.id}") == pytest.approx(1)
    assert pence(_value(values, layout, "functions.baseline.total")) == 250_000_020
    assert pence(_value(values, layout, "cost_sharing.unit_cost.total")) == 85_000_017 + \
        120_000_000


def test_contributions_in_the_workbook_are_the_worked_example_pence(worked):
    bp, path, _, _ = worked
    kind = bp.alliance.default_cost_basis.kind
    _, dogs_full, major_full, _ = WORKED[kind]
    ws = openpyxl.load_workbook(path)["Cost sharing"]
    rows = {ws.cell(r, 1).value: r for r in range(3, ws.max_row + 1)}
    header = [c.value for c in ws[2]]
    a_col = header.index("Contribution: A") + 1
    assert pence(ws.cell(rows["dogs"], a_col).value) == dogs_full[0]
    assert pence(ws.cell(rows["dogs"], a_col + 1).value) == dogs_full[1]
    assert pence(ws.cell(rows["major"], a_col).value) == major_full[0]
    assert ws.cell(rows["dogs"], 4).value == "A"  # dogs' host is paid
    # Year by year: 2016/17 is dogs' ramp-up year, major crime not yet live (own cost).
    dogs_ramp = WORKED[kind][0]
    _, layout = build_workbook(bp)
    for f, expected in zip("ab", dogs_ramp, strict=True):
        _, row, col = layout.cells[f"cost_sharing.contribution.dogs.{f}.2016/17"]
        assert pence(ws.cell(row, col).value) == expected
    _, row, col = layout.cells["cost_sharing.contribution.major.a.2016/17"]
    assert pence(ws.cell(row, col).value) == 100_000_000
    assert ws.cell(rows["major"], 4).value == "B"  # major crime's lead is paid


def test_numbers_are_numbers_with_pound_and_percent_formats(worked):
    _, path, layout, _ = worked
    wb = openpyxl.load_workbook(path)
    fn = wb["Functions"]
    header = [c.value for c in fn[1]]
    base = fn.cell(2, header.index("Baseline: A") + 1)
    assert isinstance(base.value, float | int) and base.number_format == MONEY
    pct = fn.cell(2, header.index("Savings %") + 1)
    assert pct.value == pytest.approx(0.15) and pct.number_format == PERCENT
    for name, (sheet, row, col) in layout.cells.items():
        if name.startswith(("summary.", "phasing.")) and "target" not in name:
            assert wb[sheet].cell(row, col).number_format == MONEY, name
    assumptions = wb["Assumptions"]
    formats = {assumptions.cell(r, 4).value: assumptions.cell(r, 3).number_format
               for r in range(2, assumptions.max_row + 1)}
    assert formats["£"] == MONEY and formats["%"] == PERCENT


def test_summary_has_native_charts_of_savings_against_target(worked):
    _, path, _, _ = worked
    wb = openpyxl.load_workbook(path)
    ws = wb["Summary"]
    charts = ws._charts
    assert len(charts) == 2
    savings = charts[0]
    assert savings.tagname == "barChart"
    refs = [s.val.numRef.f for s in savings.series]
    assert refs == ["'Summary'!$C$12:$C$17"]
    # The target is drawn as a line over the bars, from the target year on.
    combined = savings._charts if hasattr(savings, "_charts") else []
    assert any(c.tagname == "lineChart" for c in combined)
    assert ws["D12"].value is None and pence(ws["D15"].value) == 40_000_000
    assert pence(ws["D17"].value) == 40_000_000
    by_force = charts[1]
    assert by_force.grouping == "stacked" and len(by_force.series) == 2


def test_headers_are_frozen_and_sheets_print_landscape_with_page_numbers(worked):
    _, path, _, _ = worked
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        assert ws.freeze_panes is not None, ws.title
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert "&P" in ws.oddFooter.center.text, ws.title
        assert ws.print_title_rows, ws.title
        widths = [d.width for d in ws.column_dimensions.values() if d.width]
        assert widths and all(8 <= w <= 70 for w in widths), ws.title
    assert wb["Functions"].freeze_panes == "C2"


def test_problems_sheet_lists_every_rule_result(worked):
    bp, path, _, _ = worked
    ws = openpyxl.load_workbook(path)["Problems"]
    rows = problem_rows(bp)
    listed = [ws.cell(r, 4).value for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value]
    assert listed == [r.message for r in rows] or (not rows and listed == ["No problems found."])


def test_a_blueprint_without_shared_functions_or_target_still_exports(tmp_path):
    from tests.build import blueprint

    bp = blueprint("a", "b", target_pence=None)
    path = export_xlsx(bp, tmp_path / "empty.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb["Summary"]["C4"].value == "no target set"
    values = recalculate(path)
    assert values["SUMMARY", "C12"] == 0


def test_export_reports_progress_and_replaces_atomically(tmp_path):
    bp = worked_example("equal")
    out = tmp_path / "case.xlsx"
    out.write_bytes(b"old")
    steps = []
    export_xlsx(bp, out, progress=lambda i, n, what: steps.append((i, n, what)))
    assert steps[0][0] == 0 and steps[-1] == (len(SHEETS) + 1, len(SHEETS) + 1, "done")
    assert [i for i, _n, _w in steps] == sorted(i for i, _n, _w in steps)  # never back
    assert openpyxl.load_workbook(out).sheetnames[0] == "Summary"
    assert [p.name for p in tmp_path.iterdir()] == ["case.xlsx"]


def test_summary_sensitivity_table_matches_the_scenarios(worked):
    from designer.core.finance import sensitivity

    bp, path, layout, _ = worked
    ws = openpyxl.load_workbook(path)["Summary"]
    cases = sensitivity(bp)
    assert len(cases) == 5
    for j, case in enumerate(cases):
        _, row, col = layout.cells[f"summary.sensitivity.{j}"]
        assert ws.cell(row, 1).value == case.scenario.name
        assert pence(ws.cell(row, col).value) == case.at_target
        assert pence(ws.cell(row, col + 3).value) == case.cumulative_net
    # Savings 25% lower: 11,250,002 + 22,500,000 in 2018/19 (see test_finance.py).
    assert cases[0].at_target == 33_750_002 and cases[0].gap == 33_750_002 - 40_000_000


def test_functions_category_column_names_the_category(worked):
    """Issue 13 item 21: the Category column showed the function's own catalogue entry
    (its name, again), not the POA category it sits in."""
    ws = openpyxl.load_workbook(worked[1])["Functions"]
    headings = [c.value for c in ws[1]]
    col = headings.index("Category") + 1
    names = {ws.cell(r, headings.index("Function") + 1).value: ws.cell(r, col).value
             for r in range(2, ws.max_row + 1)}
    names.pop("Total", None)
    top = {e.name for e in load_catalogue().categories()}
    assert names and all(v in top for v in names.values()), names
    assert all(k != v for k, v in names.items())


def test_decision_log_sheet_holds_the_log_with_real_dates(tmp_path):
    from datetime import datetime

    from designer.core import edits
    from tests.core.test_challenges import log_bp

    bp = edits.update_challenge(log_bp(), "c3", text="=1+1")
    ws = openpyxl.load_workbook(export_xlsx(bp, tmp_path / "log.xlsx"))["Decision log"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=1, max_row=5)]
    assert rows[0] == ["ID", "Raised", "About", "Element ID", "Status", "Challenge",
                       "Raised by", "Replies", "Decision", "Decided by", "Decided"]
    assert [r[0] for r in rows[1:]] == ["c3", "c1", "c2", "c4"]
    assert rows[1][1] == datetime(2015, 3, 1, 9, 0) and ws["B2"].number_format == \
        "yyyy-mm-dd hh:mm"
    assert ws["F2"].data_type == "s" and rows[1][5] == "=1+1"  # words, never a formula
    assert ws["F2"].quotePrefix
    assert rows[3][8:10] == ["Split by population.", "Board"]
    assert rows[2][7] == "Bob, 4 Mar 2015, 09:00: Yes, from April."
    assert ws.freeze_panes == "A2" and ws["B3"].font.bold  # c1 is open: bold


def test_options_sheet_works_out_each_npv_by_formula_over_the_discounted_years(tmp_path):
    """The economic case: the NPV cells are formulas over the discounting table (factor
    1/(1+rate)^t from the rate cell, net benefit × factor, SUM), and a formula engine gets
    the appraisal's pence back."""
    from designer.core.appraisal import compare
    from tests.core.test_appraisal import DOGS_LOCAL, NPT_JOINT, _worked

    bp = _worked().model_copy(update={"options": (DOGS_LOCAL, NPT_JOINT)})
    path = tmp_path / "case.xlsx"
    export_xlsx(bp, path)
    _, layout = build_workbook(bp)
    values = recalculate(path)
    cmp = compare(bp)
    ws = openpyxl.load_workbook(path)["Options"]
    for case in cmp.cases[1:]:
        _sheet, row, col = layout.cells[f"options.npv.{case.key}"]
        assert ws.cell(row, col).data_type == "f"
        assert abs(pence(_value(values, layout, f"options.npv.{case.key}")) - case.npv) <= 1
        assert pence(_value(values, layout, f"options.cumulative_savings.{case.key}")) == \
            case.cumulative_savings[-1]
    assert pence(_value(values, layout, "options.npv.base")) == 661_464_58
    _, row, col = layout.cells["options.factor.2016/17"]
    assert ws.cell(row, col).value.startswith("=1/(1+$B$")
    assert _value(values, layout, "options.factor.2016/17") == pytest.approx(1 / 1.035)
    assert _value(values, layout, "options.rate") == pytest.approx(0.035)
    assert len(ws._charts) == 1
    texts = [str(c.value) for r in ws.iter_rows() for c in r if c.value is not None]
    assert "Dogs kept local" in texts and any(x.startswith("Dogs: joint → local") for x in texts)
    assert "No option is marked preferred yet." in texts
