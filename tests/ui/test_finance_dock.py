"""Finance dock: headline, tables and chart from the finance model, live after edits."""

from __future__ import annotations

import pytest
import shiboken6

from designer.core import edits
from designer.core.finance import project
from designer.ui.docks.finance import FinancePanel, money
from designer.ui.document import Document
from tests.core.test_finance import worked_example


@pytest.fixture
def panel(qtbot):
    doc = Document(worked_example("equal"))
    widget = FinancePanel(doc, delay_ms=10)
    widget.resize(1300, 360)
    widget.show()
    yield widget
    # Delete in Qt now: a panel and a document with undo history left to Python's
    # exit-time collector crash shiboken.
    widget.close()
    doc.undo_stack.clear()
    widget.deleteLater()
    doc.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(widget) and not shiboken6.isValid(doc))


def column(model, col):
    return [model.rows[r][col] for r in range(len(model.rows))]


def test_headline_and_year_table_show_the_model(panel):
    p = project(panel.document.blueprint)
    assert "£400.0k" in panel.headline.text() and "£450.0k" in panel.headline.text()
    assert "meets it" in panel.headline.text()
    assert column(panel.year_model, 0) == list(p.years)
    assert column(panel.year_model, 2) == [money(a.savings) for a in p.alliance.values()]
    assert panel.year_model.rows[3][3] == "£400,000.00"  # target from 2018/19


def test_force_table_switches_measure_and_totals_the_alliance(panel):
    measure = panel.force_measure
    measure.setCurrentIndex(measure.findData("savings"))
    rows = panel.force_model.rows
    assert rows[0][0] == "A" and rows[0][3] == "£575,000.11"  # 2017/18, worked example
    assert rows[1][3] == "-£125,000.08"
    assert rows[-1][0] == "Alliance" and rows[-1][3] == "£450,000.03"
    measure.setCurrentIndex(measure.findData("received"))
    assert panel.force_model.rows[0][3] == "£425,000.08"  # A hosts dogs: paid by B


def test_cost_sharing_and_selected_function(panel, qtbot):
    rows = panel.share_model.rows
    assert [r[0] for r in rows] == ["Dogs", "Major"]
    assert rows[0][2] == "A" and rows[0][4] == "50.00% · £425,000.09"
    panel.document.select(["dogs"])
    assert "Dogs" in panel.fn_title.text() and "hosted by A" in panel.fn_title.text()
    fn_rows = {r[0]: r for r in panel.fn_model.rows}
    assert fn_rows["Baseline cost"][1:] == ["£600,000.20", "£400,000.00", "£1,000,000.20"]
    assert fn_rows["Pays 2017/18"][1:] == ["£425,000.09", "£425,000.08", "£850,000.17"]
    assert fn_rows["Own cost 2015/16"][1] == "£600,000.20"
    panel.document.select([])
    assert "Select a function" in panel.fn_title.text()


def test_updates_live_after_an_edit(panel, qtbot):
    doc = panel.document
    before = panel.year_model.rows[3][2]
    new = edits.update_element(doc.blueprint, "major", savings_percent=30.0)
    doc.edit("More savings", new, frozenset({"major"}))
    # 150,000,000p × 30% = 45,000,000p for major crime, plus 15,000,003p for dogs.
    qtbot.waitUntil(lambda: panel.year_model.rows[3][2] == "£600,000.03", timeout=2000)
    assert before == "£450,000.03"
    doc.undo_stack.undo()
    qtbot.waitUntil(lambda: panel.year_model.rows[3][2] == before, timeout=2000)


def test_narrow_docks_show_the_chart_as_a_tab(panel, qtbot):
    panel.resize(600, 360)
    qtbot.waitUntil(lambda: panel.compact)
    assert panel.tabs.tabText(0) == "Chart"
    panel.resize(1300, 360)
    qtbot.waitUntil(lambda: not panel.compact)
    assert panel.tabs.tabText(0) == "By year"
    assert panel.chart.isVisible()


def test_inspector_line_gives_savings_and_shares():
    from designer.ui.docks.finance import function_summary_html

    bp = worked_example("fixed")
    # Dogs: 15% of 100,000,020p = 15,000,003p a year; shared 70:30 (fixed).
    line = function_summary_html(bp, "dogs")
    assert line.startswith("Saves £150,000.03 a year at full rate (15%, from 2016/17)")
    assert "A 70.00%, B 30.00%" in line
    assert function_summary_html(bp, "nope") == ""


def test_a_hidden_dock_catches_up_when_shown(panel, qtbot):
    doc = panel.document
    panel.hide()
    new = edits.update_element(doc.blueprint, "major", savings_percent=30.0)
    doc.edit("More savings", new, frozenset({"major"}))
    qtbot.wait(30)
    assert panel.year_model.rows[3][2] == "£450,000.03"  # not recomputed while hidden
    panel.show()
    assert panel.year_model.rows[3][2] == "£600,000.03"
    doc.undo_stack.clear()


def test_sensitivity_tab_is_filled_when_opened(panel):
    assert panel.sens_model.rows == []
    panel.tabs.setCurrentWidget(panel.sens_view)
    rows = {r[0]: r for r in panel.sens_model.rows}
    # Savings 25% lower: 33,750,002p in 2018/19, 6,249,998p short of the 40,000,000p target.
    assert rows["Savings 25% lower"][1:3] == ["£337,500.02", "-£62,499.98"]
    assert rows["As assumed"][1] == "£450,000.03"
