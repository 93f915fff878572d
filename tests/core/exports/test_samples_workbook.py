"""Every sample's workbook opens, recalculates to the model's pence and shows its target."""

from __future__ import annotations

import openpyxl
import pytest

from designer.core import io
from designer.core.exports.xlsx import MONEY, SHEETS, build_workbook, export_xlsx
from designer.core.finance import project
from tests.core.exports.test_xlsx import _value as _at
from tests.core.exports.test_xlsx import pence, recalculate
from tests.core.test_samples import MODELS, SAMPLES


@pytest.fixture(scope="module", params=SAMPLES)
def sample(request, tmp_path_factory):
    bp = io.load(MODELS / request.param)
    path = export_xlsx(bp, tmp_path_factory.mktemp("samples") / "case.xlsx")
    _, layout = build_workbook(bp)
    return bp, path, layout, recalculate(path)


def test_sample_workbook_recalculates_to_the_model(sample):
    bp, path, layout, values = sample
    wb = openpyxl.load_workbook(path)
    assert tuple(wb.sheetnames) == SHEETS
    assert len(wb["Summary"]._charts) == 2
    p = project(bp)
    summary = wb["Summary"]
    for y, a in p.alliance.items():
        assert pence(_at(values, layout, f"summary.savings.{y}")) == a.savings
        _, row, col = layout.cells[f"summary.savings.{y}"]
        assert summary.cell(row, col).number_format == MONEY
        assert pence(_at(values, layout, f"summary.cumulative_net.{y}")) == \
            a.cumulative_savings - a.cumulative_implementation
        assert pence(_at(values, layout, f"phasing.savings.{y}")) == a.savings
    for r in p.functions:
        if r.partners:
            assert pence(_at(values, layout, f"cost_sharing.unit_cost.{r.id}")) == \
                r.years[p.years[-1]].unit_cost_pence
    assert pence(_at(values, layout, "functions.baseline.total")) == sum(
        r.baseline_pence for r in p.functions)


def test_avon_somerset_wiltshire_summary_shows_the_30m_target_for_2018_19(tmp_path):
    bp = io.load(MODELS / "avon-somerset-wiltshire.json")
    path = export_xlsx(bp, tmp_path / "asw.xlsx")
    ws = openpyxl.load_workbook(path)["Summary"]
    assert ws["A4"].value == "Savings target"
    assert ws["B4"].value == 30_000_000 and ws["B4"].number_format == MONEY
    assert ws["C4"].value == "by 2018/19"
    assert ws["C5"].value == "2018/19" and ws["B5"].data_type == "f"
    values = recalculate(path)
    projected = project(bp).alliance["2018/19"].savings
    assert pence(values["SUMMARY", "B5"]) == projected
    assert pence(values["SUMMARY", "B6"]) == projected - 30_000_000_00
    years = [ws.cell(r, 1).value for r in range(12, 18)]
    assert "2018/19" in years
    row = 12 + years.index("2018/19")
    assert ws.cell(row, 4).value == 30_000_000  # the Target column, from 2018/19 on
