"""The savings chart: a bar for each year, the target from its year on, the gap in words."""

from __future__ import annotations

import dataclasses
import math
from array import array

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from designer.core.finance import project
from designer.ui.savings_chart import ChartColours, nice_step, paint_savings_chart
from tests.core.test_finance import worked_example

BAR, SHORT, TARGET = QColor("#FF0000"), QColor("#00FF00"), QColor("#0000FF")
COLOURS = ChartColours(text=QColor("#000000"), grid=QColor("#C8C8C8"), bar=BAR,
                       bar_short=SHORT, target=TARGET, background=QColor("#FFFFFF"))


class RecordingPainter(QPainter):
    """Paints as usual and keeps each piece of text drawn: the chart's words."""

    def __init__(self, device):
        super().__init__(device)
        self.texts: list[str] = []

    def drawText(self, *args):
        self.texts.append(args[-1])  # (point, text) or (rect, flags, text)
        super().drawText(*args)


def draw(projection, width=640, height=300):
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#808080"))
    painter = RecordingPainter(image)
    paint_savings_chart(painter, QRectF(0, 0, width, height), projection, COLOURS)
    painter.end()
    return image, painter.texts


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
