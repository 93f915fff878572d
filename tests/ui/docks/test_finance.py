"""Finance dock: headline, tables and chart from the finance model, live after edits."""

from __future__ import annotations

import contextlib

import pytest
import shiboken6
from PySide6.QtCore import QRectF, QTimer
from PySide6.QtGui import QImage

from designer.core import edits, io
from designer.core.finance import project
from designer.ui.docks import finance as finance_dock
from designer.ui.docks.finance import FinancePanel, money
from designer.ui.document import Document
from designer.ui.style import apply_theme
from tests.core.test_finance import worked_example
from tests.ui.test_savings_chart import RecordingPainter, label_problems, ten_year_blueprint


@contextlib.contextmanager
def _shown_panel(qtbot):
    doc = Document(worked_example("equal"))
    widget = FinancePanel(doc, delay_ms=10)
    widget.resize(1300, 360)
    widget.show()
    try:
        yield widget
    finally:
        # Delete in Qt now: a panel and a document with undo history left to Python's
        # exit-time collector crash shiboken.
        widget.close()
        doc.undo_stack.clear()
        widget.deleteLater()
        doc.deleteLater()
        qtbot.waitUntil(lambda: not shiboken6.isValid(widget) and not shiboken6.isValid(doc))


@pytest.fixture
def panel(qtbot):
    with _shown_panel(qtbot) as widget:
        yield widget


@pytest.fixture
def background_panel(qtbot, monkeypatch):
    """Makes a panel for which the worked example counts as big (it calculates on the
    worker). Made in the test itself: pytest-qt runs the event loop after set-up, which
    would deliver the result before the test could see the calculating state."""
    monkeypatch.setattr(finance_dock, "BACKGROUND_FUNCTIONS", 1)
    with contextlib.ExitStack() as stack:
        yield lambda: stack.enter_context(_shown_panel(qtbot))


def column(model, col):
    return [model.rows[r][col] for r in range(len(model.rows))]


def savings_by_year(p):
    """The year table's savings column: each year, then the total."""
    return [*(money(a.savings) for a in p.alliance.values()),
            money(sum(a.savings for a in p.alliance.values()))]


def test_headline_and_year_table_show_the_model(panel):
    p = project(panel.document.blueprint)
    assert "£400.0k" in panel.headline.text() and "£450.0k" in panel.headline.text()
    assert "meets it" in panel.headline.text()
    assert column(panel.year_model, 0) == [*p.years, "Total"]
    assert column(panel.year_model, 2) == savings_by_year(p)
    assert panel.year_model.headers[:3] == ["Financial year", "Baseline cost",
                                            "Projected savings"]
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
    measure.setCurrentIndex(measure.findData("payback"))
    assert panel.force_model.headers[0] == "Force"
    assert panel.force_model.headers[-1] == "Payback year"
    assert [r[0] for r in panel.force_model.rows] == ["A", "B", "Alliance"]
    assert panel.force_model.bold_rows == {2}


def test_cost_sharing_and_selected_function(panel, qtbot):
    rows = panel.share_model.rows
    assert [r[0] for r in rows] == ["Dogs", "Major", "Total"]
    assert panel.share_model.headers[4:8] == ["Share: A", "Share: B", "Contribution: A",
                                              "Contribution: B"]
    assert rows[0][2] == "A" and rows[0][4] == "50.00%" and rows[0][6] == "£425,000.09"
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
    assert line.startswith("Saves £150,000.03 a year at full rate (15.0%, from 2016/17)")
    assert "A 70.0%, B 30.0%" in line
    assert function_summary_html(bp, "nope") == ""


def test_a_hidden_dock_catches_up_when_shown(panel, qtbot):
    doc = panel.document
    assert not panel.stale
    panel.hide()
    new = edits.update_element(doc.blueprint, "major", savings_percent=30.0)
    doc.edit("More savings", new, frozenset({"major"}))
    assert panel.stale and not panel.calculating  # put off until seen: nothing scheduled
    assert panel.year_model.rows[3][2] == "£450,000.03"  # not recomputed while hidden
    panel.show()
    qtbot.waitUntil(lambda: panel.year_model.rows[3][2] == "£600,000.03", timeout=2000)
    assert not panel.stale
    doc.undo_stack.clear()


def test_sensitivity_tab_is_filled_when_opened(panel):
    assert panel.sens_model.rows == []
    panel.tabs.setCurrentWidget(panel.sens_view)
    rows = {r[0]: r for r in panel.sens_model.rows}
    # Savings 25% lower: 33,750,002p in 2018/19, 6,249,998p short of the 40,000,000p target.
    assert rows["Savings 25% lower"][1:3] == ["£337,500.02", "-£62,499.98"]
    assert rows["As assumed"][1] == "£450,000.03"


def test_a_big_blueprint_is_calculated_on_a_worker_while_the_dock_says_so(
        background_panel, qtbot, tmp_path):
    widget = background_panel()
    # nothing is delivered before the event loop runs: still calculating
    assert widget.calculating
    assert "Calculating…" in widget.headline.text()
    assert widget.busy_bar.isVisible() and not widget.tabs.isEnabled()
    widget.grab().save(str(tmp_path / "finance-calculating.png"))
    qtbot.waitUntil(lambda: not widget.calculating, timeout=5000)
    p = project(widget.document.blueprint)
    assert "meets it" in widget.headline.text() and not widget.busy_bar.isVisible()
    assert widget.tabs.isEnabled()
    assert column(widget.year_model, 2) == savings_by_year(p)
    assert [r[0] for r in widget.share_model.rows] == ["Dogs", "Major", "Total"]
    assert widget.share_model.rows[0][4] == "50.00%"
    assert widget.share_model.rows[0][6] == "£425,000.09"


def test_an_edit_during_a_calculation_shows_only_the_newer_figures(background_panel, qtbot):
    widget = background_panel()
    doc = widget.document
    seen: list[object] = []
    widget._job.done.connect(lambda calculated: seen.append(calculated.blueprint))
    assert widget.calculating
    new = edits.update_element(doc.blueprint, "major", savings_percent=30.0)
    doc.edit("More savings", new, frozenset({"major"}))
    widget.recompute()  # the debounce timer, without waiting for it
    qtbot.waitUntil(lambda: not widget.calculating, timeout=5000)
    assert seen == [new]  # the first (stale) projection was never shown
    assert widget.year_model.rows[3][2] == "£600,000.03"


def test_a_big_blueprints_sensitivity_is_calculated_on_a_worker(background_panel, qtbot):
    widget = background_panel()
    qtbot.waitUntil(lambda: not widget.calculating, timeout=5000)
    widget.tabs.setCurrentWidget(widget.sens_view)
    assert widget.sens_model.rows == [["Calculating…"]]
    qtbot.waitUntil(lambda: len(widget.sens_model.rows) == 5, timeout=5000)
    rows = {r[0]: r for r in widget.sens_model.rows}
    assert rows["Savings 25% lower"][1:3] == ["£337,500.02", "-£62,499.98"]


def test_the_dock_tabbed_behind_the_matrix_calculates_when_brought_up(window, qtbot,
                                                                      sample_file):
    panel = window.finance_panel
    assert window.close_file()  # the start page; opening brings every dock back for a moment
    assert window.open_file(sample_file, interactive=False)
    qtbot.waitUntil(lambda: not panel.catch_up_pending)  # the window has settled
    assert panel.visibleRegion().isEmpty()  # tabbed behind the matrix again
    assert panel.stale and not panel.calculating  # behind the matrix: nothing to show yet
    window.docks["finance"].raise_()
    qtbot.waitUntil(lambda: not panel.stale, timeout=2000)
    p = project(window.document.blueprint)
    assert column(panel.year_model, 2) == savings_by_year(p)


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)], ids=["1366x768", "1920x1080"])
def test_chart_words_fit_and_keep_apart_in_the_window(qapp, qtbot, isolated, tmp_path, size):
    """Issue 13 item 17: a ten-year projection in the Finance dock at common screen sizes
    draws no word outside the chart and none over another."""
    from designer.ui.main_window import MainWindow

    path = tmp_path / "ten.json"
    io.save(ten_year_blueprint(), path)
    apply_theme(qapp, "light")  # the app's style sheet, as the app is drawn (sizes differ)
    win = MainWindow(settings=isolated)
    try:
        assert win.open_file(path, interactive=False)
        win.resize(*size)
        win.show()  # which arranges the docks on a zero timer (first run): raise after it
        raised: list[bool] = []
        QTimer.singleShot(0, lambda: (win.docks["finance"].raise_(), raised.append(True)))
        qtbot.waitUntil(lambda: bool(raised))
        panel = win.finance_panel
        if panel.tabs.indexOf(panel.chart) >= 0:
            panel.tabs.setCurrentWidget(panel.chart)
        qtbot.waitUntil(lambda: not panel.chart.visibleRegion().isEmpty())
        qtbot.waitUntil(lambda: panel.chart.projection is not None
                        and len(panel.chart.projection.years) == 10)
        image = QImage(panel.chart.size(), QImage.Format.Format_RGB32)
        painter = RecordingPainter(image)
        painter.setFont(panel.chart.font())
        panel.chart.paint(painter)
        painter.end()
        assert len(painter.rects) > 10
        assert label_problems(painter.rects, QRectF(panel.chart.rect())) == []
    finally:
        win.close_without_prompt()
        win.deleteLater()
        qtbot.waitUntil(lambda: not shiboken6.isValid(win))
