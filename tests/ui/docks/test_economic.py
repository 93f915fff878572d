"""Economic Case dock: business as usual, the base and each option side by side."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from designer.core import appraisal, edits, io, tables
from designer.core.palette import VERDICT_COLOURS
from designer.ui.docks import economic
from designer.ui.docks.economic import SHOWN, EconomicPanel
from designer.ui.document import Document

SAMPLE = Path(__file__).resolve().parents[3] / "models" / "avon-somerset-wiltshire.json"
TIMEOUT = 30_000


@pytest.fixture
def panel(qtbot):
    document = Document(io.load(SAMPLE), SAMPLE)
    widget = EconomicPanel(document, delay_ms=10)
    qtbot.addWidget(widget)
    widget.resize(1400, 600)
    with qtbot.waitSignal(widget.computed, timeout=TIMEOUT):
        widget.show()
        qtbot.waitExposed(widget)
    return widget


def _cell(panel, row_key, case_key):
    r = next(i for i, row in enumerate(panel.appraised.table.rows) if row.key == row_key)
    c = next(i for i, col in enumerate(panel.appraised.table.columns_for("dock"))
             if col.key == case_key)
    return panel.model.index(r, c)


def test_the_comparison_is_the_core_table_with_each_option_against_the_base(panel):
    cmp = appraisal.compare(panel.document.file_blueprint, base_dir=SAMPLE.parent)
    table = tables.options_comparison(cmp)
    assert [r.key for r in panel.appraised.table.rows] == [r.key for r in table.rows]
    assert panel.model.headers[:3] == ["Figure", "Business as usual", "Base (as drawn)" + SHOWN]
    board = tables.texts(table, "pdf")
    npv = _cell(panel, "npv", "case.custody-joint")
    # the board paper's figure, then its difference from the base in words
    assert npv.data() == f"{board[npv.row()][npv.column()]}  (+£10.1m, better)"
    better = npv.data(Qt.ItemDataRole.BackgroundRole)
    assert better.name() == QColor(VERDICT_COLOURS["better"]).name()
    exact = tables.texts(table, "dock")[npv.row()][npv.column()]
    assert npv.data(Qt.ItemDataRole.ToolTipRole) == f"{exact}: +£10.1m, better against the base"
    worse = _cell(panel, "npv", "case.control-room-local")
    assert worse.data().endswith("(−£15.2m, worse)")
    assert worse.data(Qt.ItemDataRole.BackgroundRole).name() == \
        QColor(VERDICT_COLOURS["worse"]).name()
    same = _cell(panel, "payback", "case.custody-joint")
    assert same.data() == "2016/17" and same.data(Qt.ItemDataRole.BackgroundRole) is None
    # business as usual and the base are the yardsticks: never weighed
    assert _cell(panel, "npv", "case.base").data(Qt.ItemDataRole.BackgroundRole) is None
    payment = _cell(panel, "payment.wiltshire.avon-somerset", "case.custody-joint")
    assert payment.data().endswith("(+£3.0m)")  # said, not judged
    assert payment.data(Qt.ItemDataRole.BackgroundRole) is None
    assert panel.chart.table == tables.options_cumulative(cmp)
    assert panel.summary.full == " ".join(tables.preferred_words(cmp))


def test_differences_in_words_and_a_click_shows_the_option_and_selects(qtbot, panel):
    listed = panel.differences()
    assert [name for name, _ in listed] == [
        "Custody made joint", "Dogs and armed policing kept under each force's command",
        "Contact and control room kept local"]
    assert listed[0][1][0].startswith("Custody: local → joint for Avon and Somerset "
                                      "Constabulary and Wiltshire Police")
    item = panel.diffs.topLevelItem(0).child(0)
    panel.diffs.scrollToItem(item)
    rect = panel.diffs.visualItemRect(item)
    with qtbot.waitSignal(panel.document.optionChanged, timeout=TIMEOUT):
        qtbot.mouseClick(panel.diffs.viewport(), Qt.MouseButton.LeftButton,
                         pos=rect.center())
    assert panel.document.option == "custody-joint"
    assert panel.document.selection() == ("custody",)
    assert panel.detail.text() == f"Custody made joint: {item.text(0)}"
    # switching is not an edit: the same appraisal, its heading says which is shown
    column = [c.key for c in panel.appraised.table.columns].index("case.custody-joint")
    assert panel.model.headers[column] == "Custody made joint" + SHOWN
    assert panel.model.headers[2] == "Base (as drawn)"
    assert not panel.busy


def test_it_follows_edits_on_the_worker_thread(qtbot, panel, monkeypatch):
    threads = []
    real = economic.appraise

    def spy(*args):
        threads.append(threading.current_thread())
        return real(*args)

    monkeypatch.setattr(economic, "appraise", spy)
    doc = panel.document
    with qtbot.waitSignal(panel.computed, timeout=TIMEOUT):
        doc.try_edit("Savings", edits.update_element, "custody", savings_percent=40.0)
    assert threads and threading.main_thread() not in threads
    expected = appraisal.compare(doc.file_blueprint, base_dir=SAMPLE.parent)
    assert panel.appraised.comparison.case("base").npv == expected.case("base").npv
    assert panel.appraised.file is doc.file_blueprint


def test_a_slow_appraisal_shows_it_is_busy(qtbot, panel, monkeypatch):
    release = threading.Event()
    real = economic.appraise

    def slow(*args):
        release.wait(30)
        return real(*args)

    monkeypatch.setattr(economic, "appraise", slow)
    panel.document.try_edit("Savings", edits.update_element, "custody",
                            savings_percent=35.0)
    qtbot.waitUntil(lambda: panel.busy_bar.isVisible(), timeout=TIMEOUT)
    assert panel.summary.full.startswith("Appraising…") and not panel.body.isEnabled()
    with qtbot.waitSignal(panel.computed, timeout=TIMEOUT):
        release.set()
    assert panel.busy_bar.isHidden() and panel.body.isEnabled()


def test_hidden_it_waits_and_catches_up_when_shown(qtbot, panel):
    panel.hide()
    panel.document.try_edit("Savings", edits.update_element, "custody",
                            savings_percent=45.0)
    assert panel.stale and not panel.busy
    with qtbot.waitSignal(panel.computed, timeout=TIMEOUT):
        panel.show()
    assert panel.appraised.file is panel.document.file_blueprint


# ------------------------------------------------------------------ in the window


def test_no_options_explains_and_offers_a_new_one(qtbot, window, monkeypatch):
    from designer.ui import option_actions

    window.show_economic_case()
    panel = window.economic_panel
    qtbot.waitUntil(lambda: panel.pages.currentWidget() is panel.empty, timeout=TIMEOUT)
    assert "No options yet" in panel.empty_text.text()
    monkeypatch.setattr(option_actions.QInputDialog, "getText",
                        staticmethod(lambda *a, **k: ("Dogs kept local", True)))
    with qtbot.waitSignal(panel.computed, timeout=TIMEOUT,
                          check_params_cb=lambda *a: panel.appraised is not None):
        qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    assert [o.name for o in window.document.file_blueprint.options] == ["Dogs kept local"]
    assert panel.pages.currentWidget() is panel.body
    assert panel.model.headers[-1] == "Dogs kept local" + SHOWN  # the new option is shown


def test_view_menu_and_shortcut_bring_it_up_with_room(qtbot, window):
    dock = window.docks["economic"]
    assert window.act_economic.shortcut().toString() == "Ctrl+Shift+E"
    before = dock.height()
    window.act_economic.trigger()
    # the canvas gives way to the table, as far as the other panels' sizes allow
    qtbot.waitUntil(lambda: dock.height() * 5 >= (window.centralWidget().height()
                                                  + dock.height()) * 2, timeout=TIMEOUT)
    assert dock.height() > before and not dock.visibleRegion().isEmpty()

