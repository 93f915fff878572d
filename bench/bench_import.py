"""Baseline spreadsheet figures: the template of a 1,000-function blueprint, and reading it
back with 100 cells edited.

``import_xlsx_1k_functions_ms``: ``designer import --xlsx`` without the file writes:
the archive checked, the sheet's XML scanned, 1,000 rows × 15 columns read with
openpyxl (read-only, values only), each cell read, the edited functions changed and
the result validated by the schema. ``export_template_1k_functions_ms``: writing the
template. ``import_csv_1k_functions_ms``: the same rows as CSV.
"""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

import openpyxl

from bench.generate import synthetic_blueprint
from bench.timing import best_ms
from designer.core import baseline_sheet as sheet
from designer.core.exports.template import export_template
from designer.core.imports.spreadsheet import import_csv, import_xlsx

N_ELEMENTS = 3_334
"""A synthetic blueprint this size has about 1,000 functions (three tenths of it)."""


def measure(quick: bool) -> dict[str, float]:
    bp = synthetic_blueprint(N_ELEMENTS)
    figures: dict[str, float] = {"import_functions": float(len(bp.functions))}
    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / "book.xlsx"
        figures["export_template_1k_functions_ms"] = best_ms(
            lambda: export_template(bp, book), 2 if quick else 3)
        wb = openpyxl.load_workbook(book)
        ws = wb[sheet.SHEET]
        cost = 4  # the first force's baseline cost
        for row in range(2, 2 + 1_000, 10):
            ws.cell(row, cost).value = 1234.5
        edited = Path(tmp) / "edited.xlsx"
        wb.save(edited)
        new = import_xlsx(edited, base=bp).blueprint
        assert sum(a != b for a, b in zip(bp.functions, new.functions, strict=True)) == 100
        figures["import_xlsx_1k_functions_ms"] = best_ms(
            lambda: import_xlsx(edited, base=bp), 2 if quick else 3)
        rows = list(ws.iter_rows(values_only=True))
        as_csv = Path(tmp) / "edited.csv"
        with as_csv.open("w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows([["" if v is None else v for v in r] for r in rows])
        figures["import_csv_1k_functions_ms"] = best_ms(
            lambda: import_csv(as_csv, base=bp), 2 if quick else 3)
    return figures
