"""Cumulative savings by option, drawn with QPainter: one line per case.

One drawing function for the PDF's economic case (vector, on paper) and the app's
Economic Case dock (on screen). It draws the table :func:`designer.core.tables.
options_cumulative` holds — business as usual, the base and each option that applies —
so the chart and the tables agree to the penny. Colours are Okabe–Ito (colour-blind
safe) and each line also has its own marker, so the lines tell apart in grey too.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen

from designer.core.money import format_pence_short
from designer.core.tables import Table
from designer.ui.savings_chart import ChartColours, nice_step

LINE_COLOURS = ("#999999", "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00",
                "#56B4E9", "#000000")
"""Business as usual (grey), the base, then the options in order."""
MARKERS = ("none", "circle", "square", "diamond", "triangle", "circle", "square", "diamond")


def case_colour(index: int) -> QColor:
    """The colour of the ``index``-th case (0: business as usual, 1: the base…)."""
    return QColor(LINE_COLOURS[index % len(LINE_COLOURS)])


def paint_options_chart(painter: QPainter, rect: QRectF, table: Table,
                        colours: ChartColours, font: QFont) -> None:
    """Draw ``table`` (cumulative savings: a year column, then one column per case) in
    ``rect``: axes in £, the years, a line per case and a legend underneath."""
    cases = [c for c in table.columns if c.key.startswith("case.")]
    years = [str(table.value(r, "year")) for r in table.rows]
    if not cases or not years:
        return
    series = [[table.value(r, c.key) or 0 for r in table.rows] for c in cases]
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setFont(font)
    fm = QFontMetricsF(font, painter.device())
    line_h = fm.height()
    title_h = line_h * 1.6
    painter.setPen(colours.text)
    bold = QFont(font)
    bold.setBold(True)
    painter.setFont(bold)
    painter.drawText(QRectF(rect.left(), rect.top(), rect.width(), title_h),
                     int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                     "Cumulative savings by option")
    painter.setFont(font)

    legend = _legend_rows(cases, fm, rect.width())
    legend_h = len(legend) * line_h * 1.4 + line_h * 0.4
    low = min(0, *(min(s) for s in series))
    high = max(1, *(max(s) for s in series))
    step = nice_step(high - low)
    low = step * (low // step)
    top_value = step * -(-high // step)
    labels = [format_pence_short(int(v)) for v in _ticks(low, top_value, step)]
    axis_w = max(fm.horizontalAdvance(x) for x in labels) + line_h * 0.6
    plot = QRectF(rect.left() + axis_w, rect.top() + title_h + line_h * 0.5,
                  rect.width() - axis_w - line_h * 0.8,
                  rect.height() - title_h - line_h * 2.6 - legend_h)
    if plot.height() < line_h * 3 or plot.width() < line_h * 6:
        painter.restore()
        return

    def y_of(value: float) -> float:
        return plot.bottom() - (value - low) / (top_value - low) * plot.height()

    def x_of(i: int) -> float:
        return plot.left() + (i + 0.5) * plot.width() / len(years)

    for value, text in zip(_ticks(low, top_value, step), labels, strict=True):
        y = y_of(value)
        painter.setPen(QPen(colours.grid, max(1.0, line_h / 16)))
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.setPen(colours.text)
        painter.drawText(QRectF(rect.left(), y - line_h / 2, axis_w - line_h * 0.3, line_h),
                         int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                         text)
    every = max(1, int(-(-len(years) * fm.horizontalAdvance("2020/21 ") // plot.width())))
    for i, year in enumerate(years):
        if i % every:
            continue
        painter.drawText(QRectF(x_of(i) - plot.width(), plot.bottom() + line_h * 0.3,
                                2 * plot.width(), line_h),
                         int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop), year)

    width = max(1.5, line_h / 7)
    for n, values in enumerate(series):
        colour = case_colour(n)
        pen = QPen(colour, width)
        if n == 0:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        path = QPainterPath(QPointF(x_of(0), y_of(values[0])))
        for i, v in enumerate(values[1:], start=1):
            path.lineTo(QPointF(x_of(i), y_of(v)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        size = line_h * max(0.14, 0.3 - 0.03 * n)  # an earlier case's marker peeks out
        for i, v in enumerate(values):  # from under a later one on the same figures
            _marker(painter, MARKERS[n % len(MARKERS)], QPointF(x_of(i), y_of(v)), size,
                    colour)

    y = plot.bottom() + line_h * 1.8
    for row in legend:
        x = rect.left() + axis_w
        for n, text, w in row:
            colour = case_colour(n)
            pen = QPen(colour, width)
            if n == 0:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            mid = y + line_h * 0.5
            painter.drawLine(QPointF(x, mid), QPointF(x + line_h * 1.6, mid))
            _marker(painter, MARKERS[n % len(MARKERS)], QPointF(x + line_h * 0.8, mid),
                    line_h * 0.22, colour)
            painter.setPen(colours.text)
            painter.drawText(QRectF(x + line_h * 2, y, w + 1, line_h),  # a long name is cut
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                             fm.elidedText(text, Qt.TextElideMode.ElideRight, w + 1))  # with …
            x += line_h * 2 + w + line_h * 1.2
        y += line_h * 1.4
    painter.restore()


def _ticks(low: float, high: float, step: float) -> list[float]:
    out, v = [], low
    while v <= high + step / 2:
        out.append(v)
        v += step
    return out


def _legend_rows(cases, fm: QFontMetricsF, width: float) -> list[list[tuple[int, str, float]]]:
    """The legend's entries (case index, words, width) wrapped into rows that fit."""
    rows: list[list[tuple[int, str, float]]] = [[]]
    used = 0.0
    unit = fm.height()
    for n, c in enumerate(cases):
        text = c.heading
        w = min(fm.horizontalAdvance(text), width * 0.45)
        need = unit * 3.2 + w
        if rows[-1] and used + need > width * 0.92:
            rows.append([])
            used = 0.0
        rows[-1].append((n, text, w))
        used += need
    return rows


def _marker(painter: QPainter, kind: str, at: QPointF, r: float, colour: QColor) -> None:
    if kind == "none":
        return
    painter.save()
    painter.setPen(QPen(colour, max(1.0, r / 3)))
    painter.setBrush(colour)
    if kind == "circle":
        painter.drawEllipse(at, r, r)
    elif kind == "square":
        painter.drawRect(QRectF(at.x() - r, at.y() - r, 2 * r, 2 * r))
    elif kind == "diamond":
        path = QPainterPath(QPointF(at.x(), at.y() - r * 1.3))
        for dx, dy in ((r * 1.3, 0), (0, r * 1.3), (-r * 1.3, 0)):
            path.lineTo(QPointF(at.x() + dx, at.y() + dy))
        path.closeSubpath()
        painter.drawPath(path)
    else:  # triangle
        path = QPainterPath(QPointF(at.x(), at.y() - r * 1.3))
        path.lineTo(QPointF(at.x() + r * 1.2, at.y() + r))
        path.lineTo(QPointF(at.x() - r * 1.2, at.y() + r))
        path.closeSubpath()
        painter.drawPath(path)
    painter.restore()
