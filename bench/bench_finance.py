"""Finance and business-case export figures.

- ``finance_10k_ms``: the full finance projection of a 10,000-element blueprint
  (about 3,000 functions, three forces, six financial years).
- ``export_xlsx_1k_functions_ms``: the business-case workbook of a blueprint
  with 1,000 functions (projection, rules, writing and saving the file).
- ``export_csv_1k_functions_ms``: the flat CSV tables of the same blueprint.
- ``export_pdf_1k_functions_ms``: the board report (PDF) of the same blueprint, with
  its diagram (``export_pdf_1k_pages`` pages).
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from bench.generate import synthetic_blueprint
from bench.timing import best_ms
from designer.core.exports.csv_tables import export_csv
from designer.core.exports.xlsx import export_xlsx
from designer.core.finance import project
from designer.ui.report_pdf import ensure_app, export_pdf

ONE_THOUSAND_FUNCTIONS = 3_334
"""Synthetic blueprints have 3 functions per 10 elements."""


def measure(quick: bool) -> dict[str, float]:
    figures: dict[str, float] = {}
    bp = synthetic_blueprint(10_000)
    figures["finance_10k_ms"] = best_ms(lambda: project(bp), 3 if quick else 5)
    small = synthetic_blueprint(ONE_THOUSAND_FUNCTIONS)
    assert len(small.functions) == 1_000
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "case.xlsx"
        figures["export_xlsx_1k_functions_ms"] = best_ms(
            lambda: export_xlsx(small, out), 1 if quick else 3)
        figures["export_csv_1k_functions_ms"] = best_ms(
            lambda: export_csv(small, Path(tmp) / "csv"), 1 if quick else 3)
        ensure_app()
        pdf = Path(tmp) / "case.pdf"
        figures["export_pdf_1k_functions_ms"] = best_ms(
            lambda: export_pdf(small, pdf), 1 if quick else 3)
        figures["export_pdf_1k_pages"] = float(
            len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes())))
    return figures
