"""Projected savings against the alliance target, drawn with QPainter.

One drawing function serves the Finance dock (on screen) and the PDF report
(vector, on paper): bars for each year's projected recurring savings, a
dashed line for the target from its year on, and the gap at the target year
written out. No QtCharts (not in PySide6-Essentials).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from designer.core.finance import Projection
from designer.core.money import format_pence_short


@dataclass(frozen=True)
class ChartColours:
    text: QColor
    grid: QColor
    bar: QColor
    bar_short: QColor
    target: QColor
    background: QColor | None = None

    @staticmethod
    def light() -> ChartColours:
        return ChartColours(QColor("#1A1A1A"), QColor("#D0D5DB"), QColor("#0072B2"),
                            QColor("#56B4E9"), QColor("#D55E00"))

    @staticmethod
    def dark() -> ChartColours:
        return ChartColours(QColor("#E8E8E8"), QColor("#4A4F55"), QColor("#56B4E9"),
                            QColor("#2C6E91"), QColor("#F08A4B"))


def nice_step(span: float, ticks: int = 5) -> float:
    """A round axis step (1, 2 or 5 × 10^n) giving about ``ticks`` intervals."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if raw <= m * power:
            return m * power
    return 10 * power


def paint_savings_chart(painter: QPainter, rect: QRectF, projection: Projection,
                        colours: ChartColours | None = None, font: QFont | None = None,
                        title: str = "Projected savings against target") -> None:
    """Draw the chart inside ``rect`` (any device: widget, image, PDF page)."""
    c = colours or ChartColours.light()
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    base = QFont(font) if font is not None else QFont(painter.font())
    painter.setFont(base)
    fm = QFontMetricsF(base, painter.device())  # the device's dpi, not the screen's
    line = fm.height()
    if c.background is not None:
        painter.fillRect(rect, c.background)

    years = projection.years
    savings = [projection.alliance[y].savings for y in years]
    target = projection.target_pence
    target_year = projection.target_year
    t_index = years.index(target_year) if target_year in years else None

    # Title and legend.
    title_font = QFont(base)
    title_font.setBold(True)
    painter.setFont(title_font)
    painter.setPen(c.text)
    painter.drawText(QRectF(rect.left(), rect.top(), rect.width(), line * 1.4),
                     Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
    painter.setFont(base)
    legend_y = rect.top() + line * 1.6
    x = rect.left()
    box = line * 0.7
    painter.fillRect(QRectF(x, legend_y + (line - box) / 2, box, box), c.bar)
    x += box + line * 0.3
    label = "Projected recurring savings a year"
    painter.drawText(QPointF(x, legend_y + fm.ascent()), label)
    x += fm.horizontalAdvance(label) + line
    if target is not None and t_index is not None:
        pen = QPen(c.target, max(1.0, line * 0.12), Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawLine(QPointF(x, legend_y + line / 2), QPointF(x + line * 1.5,
                                                                  legend_y + line / 2))
        painter.setPen(c.text)
        painter.drawText(QPointF(x + line * 1.8, legend_y + fm.ascent()),
                         f"Target {format_pence_short(target)} by {target_year}")

    # Plot area.
    values = [*savings, *( [target] if target is not None and t_index is not None else [])]
    top_value = max([0, *values])
    bottom_value = min([0, *values])
    step = nice_step((top_value - bottom_value) or 100_00)
    hi = math.ceil(top_value / step) * step if top_value > 0 else 0
    lo = math.floor(bottom_value / step) * step if bottom_value < 0 else 0
    if hi == lo:
        hi = lo + step
    axis_w = max(fm.horizontalAdvance(format_pence_short(int(v)))
                 for v in (hi, lo, hi / 2)) + line * 0.6
    plot = QRectF(rect.left() + axis_w, legend_y + line * 1.8,
                  rect.width() - axis_w - line * 0.5,
                  rect.bottom() - (legend_y + line * 1.8) - line * 1.6)
    if plot.width() <= 10 or plot.height() <= 10:
        painter.restore()
        return

    def y_of(value: float) -> float:
        return plot.bottom() - (value - lo) / (hi - lo) * plot.height()

    grid_pen = QPen(c.grid, max(1.0, line * 0.05))
    v = lo
    while v <= hi + step / 2:
        y = y_of(v)
        painter.setPen(grid_pen)
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.setPen(c.text)
        painter.drawText(QRectF(rect.left(), y - line / 2, axis_w - line * 0.3, line),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                         format_pence_short(int(v)))
        v += step

    n = max(1, len(years))
    slot = plot.width() / n
    bar_w = slot * 0.6
    zero = y_of(0)
    for i, (year, value) in enumerate(zip(years, savings, strict=True)):
        x0 = plot.left() + i * slot + (slot - bar_w) / 2
        y = y_of(value)
        short = target is not None and t_index is not None and i >= t_index and value < target
        colour = c.bar_short if short else c.bar
        painter.fillRect(QRectF(x0, min(y, zero), bar_w, abs(zero - y)), colour)
        painter.setPen(c.text)
        painter.drawText(QRectF(plot.left() + i * slot, plot.bottom() + line * 0.2, slot, line),
                         Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, year)
        if value:
            label = format_pence_short(value)
            if fm.horizontalAdvance(label) < slot:
                painter.drawText(QRectF(plot.left() + i * slot, min(y, zero) - line * 1.1,
                                        slot, line),
                                 Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                                 label)
    painter.setPen(QPen(c.text, max(1.0, line * 0.06)))
    painter.drawLine(QPointF(plot.left(), zero), QPointF(plot.right(), zero))

    if target is not None and t_index is not None:
        y = y_of(target)
        pen = QPen(c.target, max(1.5, line * 0.14), Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawLine(QPointF(plot.left() + t_index * slot, y), QPointF(plot.right(), y))
        gap = savings[t_index] - target
        words = (f"{format_pence_short(gap)} above target" if gap >= 0
                 else f"{format_pence_short(-gap)} short of target")
        painter.setPen(c.target)
        painter.drawText(QRectF(plot.left() + t_index * slot, y - line * 2.3,
                                plot.right() - plot.left() - t_index * slot, line),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
                         f"{target_year}: {words}")
    painter.restore()
