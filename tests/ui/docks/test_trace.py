"""The Trace dock (Ctrl+T): who serves an area, on duty at a time, the path highlighted."""

from __future__ import annotations

import pytest

from designer.core import io
from designer.ui.docks.trace import TracePanel
from designer.ui.document import Document
from tests.core.test_samples import MODELS
from tests.core.test_trace import workshop


@pytest.fixture
def panel(qtbot):
    p = TracePanel(Document(workshop()))
    qtbot.addWidget(p)
    p.resize(900, 400)
    p.show()
    qtbot.waitExposed(p)
    return p


def _rows(panel):
    m = panel.model
    return [[m.rows[r][c] for c in range(m.columnCount())] for r in range(m.rowCount())]


def test_every_function_of_the_area_with_its_gaps(panel):
    panel.show_trace("b-east")
    rows = _rows(panel)
    assert [r[0] for r in rows] == ["Armed policing", "Custody", "Dogs", "Front desk"]
    assert rows[0][1:5] == ["Armed response", "the alliance", "", "Joint · led by A"]
    assert rows[2][1] == "none" and rows[2][9] == "No team serves East for Dogs"
    assert "4 functions, 2 gaps" in panel.summary.text()
    assert panel.model.headers[:3] == ["Function", "Provider", "Owned by"]


def test_one_function_highlights_its_path(panel, qtbot):
    with qtbot.waitSignal(panel.highlightRequested) as sent:
        panel.show_trace("b-east", "firearms")
    assert sent.args[0] == ("b-east", "arv", "firearms", "a", "board", "a.pcc", "b.pcc")
    assert panel.summary.text().startswith("Armed policing in East: Armed response — ")


def test_choosing_a_row_highlights_that_provider(panel, qtbot):
    panel.show_trace("b-east")
    with qtbot.waitSignal(panel.highlightRequested) as sent:
        panel.table.selectRow(1)
    assert sent.args[0][:3] == ("b-east", "cust-b", "custody")
    with qtbot.waitSignal(panel.highlightRequested) as sent:
        panel.table.selectRow(2)  # a gap: the area and the function
    assert sent.args[0] == ("b-east", "dogs")


def test_a_time_says_who_is_on_duty_and_a_bad_time_says_why(panel, qtbot):
    panel.show_trace("b-east", "custody")
    panel.time.setText("sat 3:00")
    panel.refresh()
    rows = _rows(panel)
    assert rows[0][8] == "off duty"
    assert "No team serving East for Custody is on duty on Sat 03:00" in panel.summary.text()
    panel.time.setText("3am")
    panel.refresh()
    assert "not a time of the week" in panel.summary.text()
    assert _rows(panel) == rows  # the last answer stays until the time reads


def test_selecting_an_area_traces_it(panel, qtbot):
    panel.document.select(["a-north"])
    assert panel.area.currentData() == "a-north"
    assert panel.trace is not None and panel.trace.area == "a-north"


def test_the_choices_follow_edits(panel):
    from designer.core import edits

    doc = panel.document
    doc.try_edit("Rename", edits.update_element, "b-east", name="Eastern")
    assert panel.area.findText("Eastern · B") >= 0


def test_the_sample_question(qtbot):
    p = TracePanel(Document(io.load(MODELS / "avon-somerset-wiltshire.json")))
    qtbot.addWidget(p)
    p.show_trace("swindon", "firearms", "Sat 03:00")
    assert p.model.rows[0][1] == "Armed policing (Tri-Force)"
    assert p.model.rows[0][8] == "on duty"
