"""No cell built from user text starts a formula, in the workbook or the CSV tables."""

from __future__ import annotations

import csv
from datetime import date

import openpyxl
import pytest

from designer.core.exports.cell_safety import FORMULA_STARTS, is_neutral, safe_text
from designer.core.exports.csv_tables import export_csv
from designer.core.exports.xlsx import export_xlsx
from designer.core.schema import CostBasis, ForceFigures, SavingsDefaults, Waiver
from tests.build import blueprint, force, function

PAYLOADS = ('=HYPERLINK("http://evil.invalid","click")', "+1+cmd|' /C calc'!A0", "-2+3",
            "@SUM(A1:A9)", "\t=1+1", "\r=1+1")


@pytest.mark.parametrize("text", PAYLOADS)
def test_formula_starts_are_neutralised(text):
    out = safe_text(text)
    assert is_neutral(out)
    assert out == "'" + text  # still readable: the original text follows the apostrophe


@pytest.mark.parametrize("text", ["Dogs", "Avon & Somerset", "", "50% share", "'quoted"])
def test_ordinary_text_is_untouched(text):
    assert safe_text(text) == text


def hostile_blueprint():
    """Every user-text field the exports show carries a formula payload (those a blueprint
    can hold: the schema refuses carriage returns and other control characters)."""
    p = iter([x for x in PAYLOADS if "\r" not in x] * 10)
    fn = function(
        "dogs", category="operational-support/dogs", delivery="shared", host_force="a",
        name=next(p).strip() or "x", source=next(p), savings_percent=10,
        savings_source=next(p), implementation_cost_pence=1000, go_live="2016/17",
        cost_basis=CostBasis(kind="fixed", shares={"a": 60, "b": 40}, source=next(p)),
        baseline={"a": ForceFigures(cost_pence=1000), "b": ForceFigures(cost_pence=2000)})
    bp = blueprint(
        "a", "b", functions=[fn], name=next(p), source=next(p),
        savings_defaults=SavingsDefaults(source=next(p)),
        waivers=(Waiver(rule=next(p), element="dogs", reason=next(p), author=next(p).strip(),
                        date=date(2026, 1, 1)),))
    return bp.model_copy(update={"forces": (
        force("a", name=next(p).strip(), source=next(p), illustrative=True),
        force("b", name=next(p).strip(), pcc=next(p).strip(),
              chief_constable=next(p).strip()))})


def test_no_workbook_cell_from_user_text_is_a_formula(tmp_path):
    path = export_xlsx(hostile_blueprint(), tmp_path / "hostile.xlsx")
    wb = openpyxl.load_workbook(path)
    seen = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    # Our own formulas: references and SUMs only, never user text.
                    assert not any(x.strip() in cell.value for x in PAYLOADS), cell.coordinate
                    assert set(cell.value) <= set("=SUM()$:+-!'ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                  "abcdefghijklmnopqrstuvwxyz 0123456789")
                elif isinstance(cell.value, str):
                    assert is_neutral(cell.value), (ws.title, cell.coordinate, cell.value)
                    seen += any(cell.value == "'" + x for x in PAYLOADS)
    assert seen >= 5  # the payloads are there, neutralised
    assert is_neutral(wb.properties.title)


def test_no_csv_cell_from_user_text_starts_a_formula(tmp_path):
    files = export_csv(hostile_blueprint(), tmp_path / "csv")
    seen = 0
    for path in files:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.reader(fh):
                for value in row:
                    try:
                        float(value)  # numbers (even negative ones) are numbers
                        continue
                    except ValueError:
                        pass
                    assert not value.startswith(FORMULA_STARTS), (path.name, value)
                    seen += value.startswith("'")
    assert seen >= 5
