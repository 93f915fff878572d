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


@dataclass(frozen=True)
class Label:
    """A piece of words placed on the chart: its text, where its ink goes, and how it is
    aligned in that box."""

    text: str
    rect: QRectF
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft
    colour: str = "text"
    """Which of :class:`ChartColours` draws it."""
    bold: bool = False
    wrap: bool = False


class Placer:
    """Labels placed in order of importance: one that would leave the chart or cover a
    label already placed is left out (a missing bar figure beats two figures on top of
    each other)."""

    def __init__(self, bounds: QRectF):
        self.bounds = bounds.adjusted(-0.01, -0.01, 0.01, 0.01)
        self.placed: list[Label] = []
        self.obstacles: list[QRectF] = []
        """Ink that is not words (the bars): words keep off it too."""

    def fits(self, rect: QRectF) -> bool:
        return self.bounds.contains(rect) and not any(
            _overlap(rect, other.rect) for other in self.placed) and not any(
            _overlap(rect, other) for other in self.obstacles)

    def place(self, label: Label) -> bool:
        if not self.fits(label.rect):
            return False
        self.placed.append(label)
        return True


def _overlap(a: QRectF, b: QRectF) -> bool:
    both = a.intersected(b)
    return both.width() > 0.01 and both.height() > 0.01


def year_labels(years: tuple[str, ...] | list[str], slot: float, fm: QFontMetricsF,
                gap: float) -> tuple[list[str], int]:
    """The words under the bars and how many slots each takes: the years in full
    ("2015/16") if they fit their slots, else short ("15/16"), else every n-th short one."""
    for words in (list(years), [y[2:] if len(y) == 7 else y for y in years]):
        widest = max((fm.horizontalAdvance(w) for w in words), default=0.0)
        if widest + gap <= slot:
            return words, 1
    return words, max(1, math.ceil((widest + gap) / max(slot, 1e-6)))


def paint_savings_chart(painter: QPainter, rect: QRectF, projection: Projection,
                        colours: ChartColours | None = None, font: QFont | None = None,
                        title: str = "Projected savings against target") -> list[Label]:
    """Draw the chart inside ``rect`` (any device: widget, image, PDF page) and return the
    words drawn, each with its box: every one inside ``rect`` and none over another."""
    c = colours or ChartColours.light()
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    base = QFont(font) if font is not None else QFont(painter.font())
    bold = QFont(base)
    bold.setBold(True)
    fm = QFontMetricsF(base, painter.device())  # the device's dpi, not the screen's
    bold_fm = QFontMetricsF(bold, painter.device())
    line = fm.height()
    if c.background is not None:
        painter.fillRect(rect, c.background)
    labels = Placer(rect)
    shapes: list[tuple[str, QRectF]] = []  # legend keys: ("bar" | "target", where)

    years = projection.years
    savings = [projection.alliance[y].savings for y in years]
    target = projection.target_pence
    target_year = projection.target_year
    t_index = years.index(target_year) if target_year in years else None
    has_target = target is not None and t_index is not None

    # Title (wrapped if it must be), then the legend's entries left to right, onto a new
    # line when one is full.
    wrapped = bold_fm.boundingRect(QRectF(0, 0, rect.width(), 1e6),
                                   int(Qt.TextFlag.TextWordWrap), title)
    if wrapped.width() <= rect.width() and wrapped.height() <= line * 2.5:
        title_box = QRectF(rect.left(), rect.top(), wrapped.width(), wrapped.height())
        labels.place(Label(title, title_box, wrap=True, bold=True))
    else:
        title = bold_fm.elidedText(title, Qt.TextElideMode.ElideRight, rect.width())
        title_box = QRectF(rect.left(), rect.top(), bold_fm.horizontalAdvance(title), line)
        labels.place(Label(title, title_box, bold=True))
    entries = [("bar", "Projected recurring savings a year")]
    if has_target:
        entries.append(("target", f"Target {format_pence_short(target)} by {target_year}"))
    key_w = line * 1.5
    x, y = rect.left(), title_box.bottom() + line * 0.3
    for key, words in entries:
        room = rect.width() - key_w - line * 0.3
        words = fm.elidedText(words, Qt.TextElideMode.ElideRight, room)
        width = key_w + line * 0.3 + fm.horizontalAdvance(words)
        if x > rect.left() and x + width > rect.right():
            x, y = rect.left(), y + line * 1.1
        shapes.append((key, QRectF(x, y, key_w, line)))
        labels.place(Label(words, QRectF(x + key_w + line * 0.3, y,
                                         fm.horizontalAdvance(words), line)))
        x += width + line
    legend_bottom = y + line

    # Plot area: room above for the figures over the bars, below for the years.
    top = legend_bottom + line * 0.4 + line * 1.2
    bottom = rect.bottom() - line * 1.3
    values = [*savings, *([target] if has_target else [])]
    top_value = max([0, *values])
    bottom_value = min([0, *values])
    ticks = max(1, min(5, int((bottom - top) / (line * 1.6))))
    step = nice_step((top_value - bottom_value) or 100_00, ticks)
    hi = math.ceil(top_value / step) * step if top_value > 0 else 0
    lo = math.floor(bottom_value / step) * step if bottom_value < 0 else 0
    if hi == lo:
        hi = lo + step
    tick_values = []
    v = lo
    while v <= hi + step / 2:
        tick_values.append(v)
        v += step
    axis_w = max(fm.horizontalAdvance(format_pence_short(int(v))) for v in tick_values) \
        + line * 0.6
    plot = QRectF(rect.left() + axis_w, top, rect.width() - axis_w - line * 0.5, bottom - top)
    if plot.width() <= 10 or plot.height() <= 10:
        placed = _reading_order(labels.placed)
        _draw(painter, placed, shapes, c, base, bold, None)
        painter.restore()
        return placed

    def y_of(value: float) -> float:
        return plot.bottom() - (value - lo) / (hi - lo) * plot.height()

    grid_pen = QPen(c.grid, max(1.0, line * 0.05))
    painter.setPen(grid_pen)
    for v in tick_values:
        y = y_of(v)
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        words = format_pence_short(int(v))
        w = fm.horizontalAdvance(words)
        box = QRectF(plot.left() - line * 0.3 - w, y - line / 2, w, line)
        labels.place(Label(words, box.translated(0, max(0.0, rect.top() - box.top())),
                           Qt.AlignmentFlag.AlignRight))

    n = max(1, len(years))
    slot = plot.width() / n
    bar_w = slot * 0.6
    zero = y_of(0)
    bars = []
    for i, value in enumerate(savings):
        x0 = plot.left() + i * slot + (slot - bar_w) / 2
        y = y_of(value)
        short = has_target and i >= t_index and value < target  # type: ignore[operator]
        bars.append((QRectF(x0, min(y, zero), bar_w, abs(zero - y)),
                     c.bar_short if short else c.bar))

    labels.obstacles = [bar for bar, _ in bars]

    # The years under the bars: in full, short, or every n-th (the target year among
    # them), centred on their bars.
    words, every = year_labels(years, slot, fm, line * 0.4)
    phase = t_index % every if t_index is not None else 0
    for i in range(len(years)):
        if i % every != phase:
            continue
        w = fm.horizontalAdvance(words[i])
        centre = plot.left() + (i + 0.5) * slot
        left = min(max(centre - w / 2, rect.left()), rect.right() - w)
        labels.place(Label(words[i], QRectF(left, plot.bottom() + line * 0.2, w, line),
                           Qt.AlignmentFlag.AlignHCenter))

    # The margin at the target year, written out beside the target line.
    if has_target:
        gap = savings[t_index] - target  # type: ignore[index,operator]
        margin = (f"{format_pence_short(gap)} above target" if gap >= 0
                  else f"{format_pence_short(-gap)} short of target")
        y = y_of(target)  # type: ignore[arg-type]
        start = plot.left() + t_index * slot  # type: ignore[operator]
        tallest = min((bar.top() for bar, _ in bars[t_index:]), default=y)  # type: ignore[misc]
        for words in (f"{target_year}: {margin}", margin):
            w = fm.horizontalAdvance(words)
            left = max(rect.left(), min(start, rect.right() - w))
            spots = [QRectF(left, top_y, w, line) for top_y in
                     (y - line * 1.15, y + line * 0.15, min(y, tallest) - line * 1.1)]
            spot = next((r for r in spots if labels.fits(r)), None)
            if spot is not None:
                labels.place(Label(words, spot, colour="target"))
                break

    # Each bar's figure over it, where there is room.
    for (bar, _), value in zip(bars, savings, strict=True):
        if value:
            words = format_pence_short(value)
            w = fm.horizontalAdvance(words)
            if w <= slot:
                labels.place(Label(words, QRectF(bar.center().x() - w / 2,
                                                 bar.top() - line * 1.05, w, line),
                                   Qt.AlignmentFlag.AlignHCenter))

    for bar, colour in bars:
        painter.fillRect(bar, colour)
    painter.setPen(QPen(c.text, max(1.0, line * 0.06)))
    painter.drawLine(QPointF(plot.left(), zero), QPointF(plot.right(), zero))
    target_line = None
    if has_target:
        y = y_of(target)  # type: ignore[arg-type]
        target_line = (QPointF(plot.left() + t_index * slot, y),  # type: ignore[operator]
                       QPointF(plot.right(), y))
    placed = _reading_order(labels.placed)
    _draw(painter, placed, shapes, c, base, bold, target_line)
    painter.restore()
    return placed


def _draw(painter: QPainter, placed: list[Label], shapes: list[tuple[str, QRectF]],
          c: ChartColours, base: QFont, bold: QFont,
          target_line: tuple[QPointF, QPointF] | None) -> None:
    """Legend keys, the target line and the words, in that order (words on top)."""
    line = shapes[0][1].height() if shapes else 10.0
    for key, box in shapes:
        if key == "bar":
            side = box.height() * 0.7
            painter.fillRect(QRectF(box.center().x() - side / 2, box.center().y() - side / 2,
                                    side, side), c.bar)
        else:
            painter.setPen(QPen(c.target, max(1.0, line * 0.12), Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(box.left(), box.center().y()),
                             QPointF(box.right(), box.center().y()))
    if target_line is not None:
        painter.setPen(QPen(c.target, max(1.5, line * 0.14), Qt.PenStyle.DashLine))
        painter.drawLine(*target_line)
    for label in placed:
        painter.setFont(bold if label.bold else base)
        painter.setPen(c.target if label.colour == "target" else c.text)
        flags = label.align | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(label.rect, int(flags | Qt.TextFlag.TextWordWrap) if label.wrap
                         else int(flags), label.text)


def _reading_order(placed: list[Label]) -> list[Label]:
    """Top to bottom, left to right (years in order, whatever order they were placed in)."""
    return sorted(placed, key=lambda label: (round(label.rect.top()), label.rect.left()))
