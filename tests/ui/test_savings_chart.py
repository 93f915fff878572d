"""The savings chart: a bar for each year, the target from its year on, the gap in words."""

from __future__ import annotations

import dataclasses
import math
from array import array

import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPainter

from designer.core import io
from designer.core.finance import project
from designer.ui.savings_chart import ChartColours, nice_step, paint_savings_chart
from tests.core.test_finance import worked_example
from tests.core.test_samples import MODELS

BAR, SHORT, TARGET = QColor("#FF0000"), QColor("#00FF00"), QColor("#0000FF")
COLOURS = ChartColours(text=QColor("#000000"), grid=QColor("#C8C8C8"), bar=BAR,
                       bar_short=SHORT, target=TARGET, background=QColor("#FFFFFF"))


class RecordingPainter(QPainter):
    """Paints as usual and keeps each piece of text drawn (the chart's words) with where
    Qt puts its ink: the rect Qt's own text layout gives for the same call."""

    def __init__(self, device):
        super().__init__(device)
        self.texts: list[str] = []
        self.rects: list[tuple[str, QRectF]] = []

    def drawText(self, *args):
        text = args[-1]
        self.texts.append(text)  # (point, text) or (rect, flags, text)
        if len(args) == 3:
            box = self.boundingRect(QRectF(args[0]), args[1], text)
        else:
            fm = QFontMetricsF(self.font(), self.device())
            p = QPointF(args[0])
            box = QRectF(p.x(), p.y() - fm.ascent(), fm.horizontalAdvance(text), fm.height())
        self.rects.append((text, self.transform().mapRect(box)))
        super().drawText(*args)


def label_problems(rects: list[tuple[str, QRectF]], bounds: QRectF) -> list[str]:
    """Words drawn outside ``bounds`` or over other words (half a pixel of slack)."""
    out = [f"{t!r} outside" for t, r in rects
           if not bounds.adjusted(-0.5, -0.5, 0.5, 0.5).contains(r)]
    for i, (a, ra) in enumerate(rects):
        for b, rb in rects[i + 1:]:
            both = ra.intersected(rb)
            if both.width() > 0.5 and both.height() > 0.5:
                out.append(f"{a!r} over {b!r}")
    return out


def draw(projection, width=640, height=300, labels=False):
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#808080"))
    painter = RecordingPainter(image)
    paint_savings_chart(painter, QRectF(0, 0, width, height), projection, COLOURS)
    painter.end()
    return (image, painter.texts, painter.rects) if labels else (image, painter.texts)


def pixels_like(image: QImage, colour: QColor) -> int:
    """How many pixels are exactly ``colour``: the insides of bars and lines."""
    return array("I", bytes(image.constBits())).count(colour.rgba())


@pytest.fixture(scope="module")
def meets():
    return project(worked_example("equal"))  # £450,000.03 a year against £400,000 by 2018/19


def test_a_target_met_shows_bars_in_one_colour_and_the_margin_above_it(qapp, meets):
    image, texts = draw(meets)
    years = [t for t in texts if t in meets.years]
    assert years == list(meets.years)  # one label a year, in order
    assert "Target £400.0k by 2018/19" in texts
    assert "2018/19: £50.0k above target" in texts
    assert pixels_like(image, BAR) > 0 and pixels_like(image, TARGET) > 0
    assert pixels_like(image, SHORT) == 0  # no year falls short


def test_years_short_of_the_target_are_marked_and_the_gap_is_written_out(qapp, meets):
    short = dataclasses.replace(meets, target_pence=60_000_000)  # £600k: £150k short
    image, texts = draw(short)
    assert "Target £600.0k by 2018/19" in texts
    assert "2018/19: £150.0k short of target" in texts
    assert pixels_like(image, SHORT) > 0  # the target year on
    assert pixels_like(image, BAR) > 0  # the years before it are not judged


def test_without_a_target_only_the_savings_are_drawn(qapp, meets):
    image, texts = draw(dataclasses.replace(meets, target_pence=None))
    assert not any(t.startswith("Target") or t.endswith(("above target", "short of target"))
                   for t in texts)
    assert pixels_like(image, TARGET) == 0 and pixels_like(image, SHORT) == 0
    assert pixels_like(image, BAR) > 0


def test_a_rect_too_small_for_a_plot_keeps_to_the_title_and_legend(qapp, meets):
    image, texts = draw(meets, width=200, height=60)
    assert "Projected savings against target" in texts
    assert not any(t in meets.years for t in texts)  # no axis, no bars
    assert pixels_like(image, SHORT) == 0


@pytest.mark.parametrize("span", [1, 7, 100, 999, 12_345, 45_000_000, 3.3e9])
def test_axis_steps_are_round_and_give_about_five_intervals(span):
    step = nice_step(span)
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert round(mantissa, 9) in (1, 2, 5)
    assert 2 <= span / step <= 5  # about five intervals, never more


def test_an_empty_span_still_gives_a_step():
    assert nice_step(0) == 1.0 and nice_step(-10) == 1.0


def ten_year_blueprint():
    """The Avon and Somerset + Wiltshire sample with its target moved to 2022/23: a
    ten-year projection, as a new user's fourth alliance had."""
    bp = io.load(MODELS / "avon-somerset-wiltshire.json")
    target = bp.alliance.savings_target.model_copy(update={"year": "2022/23"})
    return bp.model_copy(update={"alliance": bp.alliance.model_copy(
        update={"savings_target": target})})


@pytest.fixture(scope="module")
def ten_years():
    p = project(ten_year_blueprint())
    assert len(p.years) == 10
    return p


SIZES = [(664, 180), (413, 279), (290, 180), (461, 180), (1300, 380), (520, 240), (330, 130),
         (960, 200), (240, 120)]
"""The chart's sizes in the Finance dock at 1366×768 and 1920×1080 (chart tab or side
panel), the dock's narrowest, and the smaller minimum of issue 13 item 23."""


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("case", ["ten years", "ten years short", "five years"])
def test_no_label_is_clipped_or_drawn_over_another(qapp, ten_years, meets, size, case):
    """Issue 13 item 17: "015/1016/2017/18…", "£380.8k above tar", "by 2018/:" no more."""
    p = {"ten years": ten_years, "five years": meets,
         "ten years short": dataclasses.replace(ten_years, target_pence=4_000_000_000)}[case]
    _, texts, rects = draw(p, *size, labels=True)
    assert label_problems(rects, QRectF(0, 0, *size)) == []
    assert "Projected savings against target" in texts
    if size[1] >= 130:
        # something on the axis, the year of the target and its margin written out
        assert any(t.startswith("£") for t in texts)
        assert any(p.target_year[2:] in t for t in texts if "/" in t)
        assert any(t.endswith(("above target", "short of target")) for t in texts)
