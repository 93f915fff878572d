"""The baseline template: a sheet a finance team can fill in without asking how."""

from __future__ import annotations

import openpyxl
from openpyxl.utils import get_column_letter

from designer.core import baseline_sheet as sheet
from designer.core.exports import formats
from designer.core.exports.cell_safety import is_neutral
from designer.core.exports.template import MAX_WIDTH, export_template
from designer.core.finance import project
from designer.core.schema import ForceFigures
from tests.build import blueprint, force, function


def sample():
    return blueprint(
        force("asp", name="Avon and Somerset Constabulary"), force("wilts", name="=Wiltshire"),
        functions=[function("dogs", "operational-support/dogs", name="@Dogs", delivery="joint",
                            lead_force="asp", savings_percent=33.33, go_live="2017/18",
                            baseline={"asp": ForceFigures(cost_pence=123_456_78, fte=10.5)}),
                   function("custody", "criminal-justice/custody", name="Custody")])


def written(tmp_path, bp=None):
    bp = bp or sample()
    out = tmp_path / "book.xlsx"
    formats.by_key("template").write(bp, out, project(bp))
    return openpyxl.load_workbook(out), bp


def test_the_registry_writes_it(tmp_path):
    fmt = formats.by_key("template")
    assert fmt.flag == "--template"
    assert fmt.default_path(tmp_path / "case") == tmp_path / "case-baseline.xlsx"
    wb, _ = written(tmp_path)
    assert wb.sheetnames == ["Read me", "Functions", "Lists"]


def test_functions_sheet_has_one_row_per_function_with_figures_as_numbers(tmp_path):
    wb, bp = written(tmp_path)
    ws = wb["Functions"]
    cols = sheet.columns(bp)
    assert [c.value for c in ws[1]] == ["Function id", "Function", "Catalogue function",
                                        "Avon and Somerset Constabulary\nbaseline cost (£)",
                                        "Avon and Somerset Constabulary\nFTE",
                                        "Avon and Somerset Constabulary\ndelivery",
                                        "=Wiltshire\nbaseline cost (£)", "=Wiltshire\nFTE",
                                        "=Wiltshire\ndelivery", "Savings %", "Go-live year",
                                        "Cost-sharing basis"]
    assert ws.max_row == 1 + len(bp.functions)
    dogs = {c.key: cell for c, cell in zip(cols, ws[2], strict=True)}
    assert dogs["name"].value == "@Dogs" and dogs["name"].quotePrefix
    assert dogs["cost:asp"].value == 123456.78 and dogs["cost:asp"].number_format == \
        '"£"#,##0.00'
    assert dogs["fte:asp"].value == 10.5
    assert dogs["cost:wilts"].value is None
    assert dogs["delivery:asp"].value == "Joint · lead"
    assert dogs["savings"].value == 0.3333 and "%" in dogs["savings"].number_format
    assert dogs["go_live"].value == "2017/18" and dogs["go_live"].number_format == "@"
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):  # typed as text; formula-like words quoted
                assert cell.data_type == "s"
                assert is_neutral(cell.value) or cell.quotePrefix, cell.value


def test_header_frozen_columns_wide_enough_and_filters_on(tmp_path):
    wb, bp = written(tmp_path)
    ws = wb["Functions"]
    assert ws.freeze_panes == "D2"
    assert ws.auto_filter.ref == "A1:L3"
    assert ws["A1"].font.bold and ws["A1"].alignment.wrap_text
    lines = 0
    for i, column in enumerate(sheet.columns(bp), start=1):
        width = ws.column_dimensions[get_column_letter(i)].width
        name, *rest = column.heading.split("\n")
        # a force's name wraps at most once; what the column holds never breaks
        assert width >= max(len(name) / 2, *(len(r) for r in rest), 8) + 2, column.heading
        lines = max(lines, 1 + len(rest) + (len(name) > width - 2))
        for row in range(2, ws.max_row + 1):
            value = ws.cell(row, i).value
            if isinstance(value, str):
                assert len(value) + 2 <= width or width == MAX_WIDTH, (column.heading, value)
    assert ws.row_dimensions[1].height >= 15 * lines


def test_drop_down_lists_for_the_words_and_limits_for_the_figures(tmp_path):
    wb, bp = written(tmp_path)
    ws = wb["Functions"]
    lists = wb["Lists"]
    by_range = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    delivery = by_range["F2:F3 I2:I3"]
    assert delivery.type == "list" and delivery.formula1 == "'Lists'!$A$2:$A$6"
    assert [lists.cell(r, 1).value for r in range(2, 7)] == sheet.delivery_choices()
    basis = by_range["L2:L3"]
    assert basis.formula1 == "'Lists'!$B$2:$B$7" and basis.allow_blank
    assert [lists.cell(r, 2).value for r in range(2, 8)] == sheet.basis_choices()
    years = by_range["K2:K3"]
    assert lists.cell(2, 3).value == bp.alliance.start_year
    assert years.formula1.endswith(f"$C${len(sheet.year_choices(bp)) + 1}")
    assert by_range["D2:D3 G2:G3"].type == "decimal"
    assert by_range["E2:E3 H2:H3"].type == "decimal"
    assert by_range["J2:J3"].formula2 == "1"
    assert all(dv.showErrorMessage for dv in by_range.values())


def test_read_me_explains_every_column_and_how_to_import(tmp_path):
    wb, _ = written(tmp_path)
    ws = wb["Read me"]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert "designer import BLUEPRINT.json --xlsx" in text
    assert "File → Import → Spreadsheet…" in text
    for heading in ("Function id", "Savings %", "Go-live year", "Cost-sharing basis",
                    "<force> delivery"):
        assert heading in text
    assert "=Wiltshire (WILTS)" in text.split("Forces in this blueprint")[1]
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                assert cell.data_type == "s"
                assert is_neutral(cell.value) or cell.quotePrefix, cell.value


def test_written_atomically_and_an_empty_blueprint_still_has_its_sheet(tmp_path):
    bp = blueprint("a", "b")
    out = tmp_path / "empty.xlsx"
    export_template(bp, out)
    ws = openpyxl.load_workbook(out)["Functions"]
    assert ws.max_row == 1 and ws["A1"].value == "Function id"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.xlsx"]
