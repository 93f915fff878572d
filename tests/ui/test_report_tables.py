"""One table, one set of headings: the Finance dock, the PDF, the workbook and the CSV
files print each report table under the headings :mod:`designer.core.tables` gives it."""

from __future__ import annotations

import csv
from datetime import UTC, datetime

import openpyxl
import pytest
import shiboken6

from designer.core import tables as t
from designer.core.exports.csv_tables import column_name, export_csv
from designer.core.exports.xlsx import export_xlsx
from designer.core.finance import project, sensitivity
from designer.core.schema import Challenge, Decision
from designer.ui.docks.finance import FinancePanel
from designer.ui.document import Document
from designer.ui.report_pdf import export_pdf
from tests.core.test_finance import worked_example
from tests.ui.test_report_pdf import page_texts

SHEET = {"by_year": "Summary", "by_force.savings": "Summary", "by_force.implementation":
         "Summary", "by_force.change": "Summary", "payback": "Summary",
         "sensitivity": "Summary", "apportionment": "Cost sharing", "payments": "Cost sharing",
         "contributions": "Cost sharing", "problems": "Problems", "decisions": "Decision log",
         "assumptions": "Assumptions"}
"""Where each table is in the workbook."""


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def worked(tmp_path_factory):
    bp = worked_example("net-budget")
    bp = bp.model_copy(update={"challenges": (Challenge(
        id="c1", element="dogs", text="Kennels?", author="Ann", status="accepted",
        created=datetime(2015, 3, 2, 9, 0, tzinfo=UTC),
        decision=Decision(text="Keep them.", decided_by="Board",
                          decided_at=datetime(2015, 3, 9, 9, 0, tzinfo=UTC))),)})
    p = project(bp)
    out = tmp_path_factory.mktemp("tables")
    return bp, p, out, {
        "by_year": t.by_year(p), "by_force.savings": t.by_force(bp, p, "savings"),
        "by_force.implementation": t.by_force(bp, p, "implementation"),
        "by_force.change": t.by_force(bp, p, "change"), "payback": t.payback(bp, p),
        "sensitivity": t.sensitivity(p, sensitivity(bp)),
        "apportionment": t.apportionment(bp, p), "payments": t.payments(bp, p),
        "contributions": t.contributions(bp, p), "problems": t.problems(bp),
        "decisions": t.decisions(bp), "assumptions": t.assumptions(bp, p)}


def header_row(ws, table: t.Table, titled: bool) -> list[str]:
    """The workbook's headings of ``table``: the row under its title (or the first row)."""
    if not titled:
        return [c.value for c in ws[1] if c.value is not None]
    row = next(c.row for c in ws["A"] if c.value == table.title)
    return [c.value for c in ws[row + 1] if c.value is not None]


def test_the_workbook_and_the_csv_files_print_the_tables_headings(worked):
    bp, _, out, tables = worked
    wb = openpyxl.load_workbook(export_xlsx(bp, out / "case.xlsx"))
    for key, sheet in SHEET.items():
        table = tables[key]
        titled = sheet not in ("Problems", "Decision log", "Assumptions")
        assert header_row(wb[sheet], table, titled) == table.headings("xlsx"), key
    export_csv(bp, out / "csv")
    for name in ("sensitivity", "problems", "decisions", "assumptions"):
        with (out / "csv" / f"{name}.csv").open(encoding="utf-8-sig", newline="") as fh:
            header = next(csv.reader(fh))
        columns = tables[name].columns_for("csv")
        # the same columns as the workbook's, named by their keys (money in pence)
        assert header == [column_name(c) for c in columns]
        assert [c.heading for c in columns] == tables[name].headings("xlsx")


def test_the_pdf_prints_the_tables_titles_and_headings(worked, qapp):
    bp, _, out, tables = worked
    text = words("\n".join(page_texts(export_pdf(bp, out / "report.pdf"))))
    for key in ("by_year", "sensitivity", "by_force.savings", "by_force.change", "payback",
                "apportionment", "problems", "decisions", "assumptions"):
        table = tables[key]
        assert words(table.title) in text, key
        for heading in table.headings("pdf"):
            assert words(heading) in text, (key, heading)
    assert words(t.delivery_matrix(bp).title) in text


def test_the_dock_prints_the_tables_headings(worked, qtbot):
    bp, _, _, tables = worked
    doc = Document(bp)
    panel = FinancePanel(doc, delay_ms=10)
    panel.resize(1300, 360)
    panel.show()
    try:
        assert panel.year_model.headers == tables["by_year"].headings("dock")
        assert panel.force_model.headers == tables["by_force.savings"].headings("dock")
        measure = panel.force_measure
        for key in ("change", "implementation"):
            measure.setCurrentIndex(measure.findData(key))
            assert panel.force_model.headers == tables[f"by_force.{key}"].headings("dock")
        measure.setCurrentIndex(measure.findData("payback"))
        assert panel.force_model.headers == tables["payback"].headings("dock")
        assert panel.share_model.headers == tables["apportionment"].headings("dock")
        panel.tabs.setCurrentWidget(panel.sens_view)
        assert panel.sens_model.headers == tables["sensitivity"].headings("dock")
        # The dock and the PDF leave out the same data-only columns.
        for table in tables.values():
            assert table.headings("dock") == table.headings("pdf")
    finally:
        panel.close()
        panel.deleteLater()
        doc.deleteLater()
        qtbot.waitUntil(lambda: not shiboken6.isValid(panel) and not shiboken6.isValid(doc))
