"""The board-ready PDF report.

Built with Qt's own PDF support (QPdfWriter + QPainter), so text, tables,
the savings chart and the diagram stay vector. Sections follow the economic,
financial and management parts of HM Treasury's Five Case Model, so a programme team
can drop pages into its business case: title page, the economic case (options
appraised against business as usual, the preferred option and why, cumulative savings
by option, each option's differences, the discounting), financial summary with
the savings chart, savings profile by year and force, sensitivity, apportionment between
partners, the diagram, the delivery matrix, problems and waivers, every
assumption with its source, and an appendix: the challenge and decision log.
Every page after the title carries its number.

Page layout is computed before anything is drawn (tables are split into
pages by measured row heights), so "page N of M" is known on every page.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)

from designer.core import tables as t
from designer.core.appraisal import Comparison, compare
from designer.core.exports.cell_safety import writable
from designer.core.finance import Projection, project, sensitivity
from designer.core.io import atomic_write
from designer.core.money import format_pence
from designer.core.schema import Blueprint
from designer.core.tables import Quantity, Table, texts
from designer.ui.canvas.render import render_to
from designer.ui.options_chart import paint_options_chart
from designer.ui.savings_chart import ChartColours, paint_savings_chart
from designer.ui.style import delivery_colour, text_on

Progress = Callable[[int, int, str], None]
DPI = 300
MARGIN_MM = 14.0
INK = QColor("#1A1A1A")
MUTED = QColor("#5A6470")
RULE = QColor("#B8C0C8")
HEADER_FILL = QColor("#DDE3EA")
STRIPE = QColor("#F3F5F7")
ACCENT = QColor("#1F3A5F")


def ensure_app() -> None:
    """A Qt application for fonts and painting; headless when there is no display."""
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        QApplication(["designer"])


def mm(value: float) -> float:
    return value * DPI / 25.4


def _font(size: float, bold: bool = False, italic: bool = False) -> QFont:
    font = QFont()
    font.setPointSizeF(size)
    font.setBold(bold)
    font.setItalic(italic)
    return font


# ------------------------------------------------------------------ tables


@dataclass(frozen=True)
class Cell:
    text: str
    fill: QColor | None = None
    bold: bool = False
    align: str = ""
    """"l", "r" or "c" for this cell only ("" keeps its column's)."""


@dataclass(frozen=True)
class Column:
    title: str
    weight: float = 1.0
    align: str = "l"  # "l", "r" or "c"
    wrap: bool = False


@dataclass
class TableChunk:
    """The rows of one table that fit on one page."""

    title: str
    columns: Sequence[Column]
    rows: list[Sequence[Cell | str]]
    heights: list[float]
    continued: bool = False


ALIGN = {"l": Qt.AlignmentFlag.AlignLeft, "r": Qt.AlignmentFlag.AlignRight,
         "c": Qt.AlignmentFlag.AlignHCenter}


_ALIGN_FLAGS = {key: (int(flag | Qt.AlignmentFlag.AlignVCenter),
                      int(flag | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap))
                for key, flag in ALIGN.items()}
"""Drawing flags by alignment: (one line, wrapped)."""


def _fitted(font: QFont, text: str, width: float, device: QPdfWriter) -> QFont:
    """``font`` made just small enough for ``text`` to fit ``width`` (at least 5 pt)."""
    wide = QFontMetricsF(font, device).horizontalAdvance(text)
    smaller = QFont(font)
    smaller.setPointSizeF(max(5.0, font.pointSizeF() * width / wide * 0.98))
    return smaller


def _cell(value: Cell | str) -> Cell:
    return value if isinstance(value, Cell) else Cell(value)


class Report:
    """Pages as drawing functions, laid out before any is drawn."""

    def __init__(self, device: QPdfWriter, bp: Blueprint, projection: Projection):
        self.device = device
        self.bp = bp
        self.p = projection
        page = device.pageLayout().paintRectPixels(DPI)
        self.page = QRectF(0, 0, page.width(), page.height())
        self.body = QRectF(self.page.left(), self.page.top() + mm(10), self.page.width(),
                           self.page.height() - mm(18))
        self.pages: list[tuple[str, list[Callable[[QPainter, QRectF], None]]]] = []
        self._room = 0.0
        """Height left at the bottom of the last page for a short table to flow into."""
        self.text_font = _font(8.5)
        self.small_font = _font(7.5)
        self.fm = QFontMetricsF(self.text_font, device)
        self.pad = mm(1.2)
        self.names = {f.id: f.name for f in bp.forces}

    # -------------------------------------------------- tables

    def _column_widths(self, columns: Sequence[Column], width: float) -> list[float]:
        total = sum(c.weight for c in columns)
        return [width * c.weight / total for c in columns]

    def _row_height(self, row: Sequence[Cell | str], columns: Sequence[Column],
                    widths: list[float], fm: QFontMetricsF) -> float:
        height = fm.height()
        for value, col, w in zip(row, columns, widths, strict=False):
            if col.wrap:
                r = fm.boundingRect(QRectF(0, 0, w - 2 * self.pad, 1e6),
                                    int(Qt.TextFlag.TextWordWrap), _cell(value).text)
                height = max(height, min(r.height(), fm.height() * 12))
        return height + 2 * self.pad

    def add_table(self, section: str, title: str, columns: Sequence[Column],
                  rows: Sequence[Sequence[Cell | str]], note: str = "",
                  empty: str = "Nothing to show.") -> None:
        """Add pages holding the table, split by measured row heights."""
        widths = self._column_widths(columns, self.body.width())
        head_fm = QFontMetricsF(_font(8.5, bold=True), self.device)
        header_h = max(self._row_height([c.title for c in columns],
                                        [Column(c.title, c.weight, wrap=True) for c in columns],
                                        widths, head_fm), head_fm.height() * 1.6)
        title_h = QFontMetricsF(_font(13, bold=True), self.device).height() * 1.6
        note_h = self.fm.height() * 2 if note else 0
        available = self.body.height() - title_h - header_h - note_h
        chunks: list[TableChunk] = []
        current: TableChunk | None = None
        used = 0.0
        for row in rows:
            h = self._row_height(row, columns, widths, self.fm)
            if current is None or used + h > available:
                current = TableChunk(title, columns, [], [], continued=bool(chunks))
                chunks.append(current)
                used = 0.0
            current.rows.append(row)
            current.heights.append(h)
            used += h
        if not chunks:
            chunks.append(TableChunk(title, columns, [[empty]], [self.fm.height()
                                                                 + 2 * self.pad]))
        fixed = title_h + header_h + note_h + self.fm.height()
        for chunk in chunks:
            self._place(section, fixed + sum(chunk.heights),
                        lambda painter, rect, chunk=chunk: self._draw_table(
                            painter, rect, chunk, widths, header_h, note))

    def add_page(self, section: str, draw: Callable[[QPainter, QRectF], None]) -> None:
        """A page of its own (title, summary, diagram)."""
        self.pages.append((section, [draw]))
        self._room = 0.0

    def _place(self, section: str, height: float,
               draw: Callable[[QPainter, QRectF], None]) -> None:
        """Put a block below the last one if it fits on that page, else on a new page."""
        gap = mm(8)
        if self.pages and self.pages[-1][0] == section and self._room >= height + gap:
            top = self.body.height() - self._room + gap

            def shifted(painter: QPainter, rect: QRectF) -> None:
                draw(painter, QRectF(rect.left(), rect.top() + top, rect.width(),
                                     rect.height() - top))

            self.pages[-1][1].append(shifted)
            self._room -= height + gap
        else:
            self.pages.append((section, [draw]))
            self._room = self.body.height() - height

    def _draw_table(self, painter: QPainter, rect: QRectF, chunk: TableChunk,
                    widths: list[float], header_h: float, note: str) -> None:
        y = self._draw_title(painter, rect, chunk.title + (" (continued)" if chunk.continued
                                                            else ""))
        if note:
            painter.setFont(self.small_font)
            painter.setPen(MUTED)
            painter.drawText(QRectF(rect.left(), y, rect.width(), self.fm.height() * 2),
                             int(Qt.TextFlag.TextWordWrap), note)
            y += self.fm.height() * 2
        painter.setFont(_font(8.5, bold=True))
        x = rect.left()
        painter.fillRect(QRectF(rect.left(), y, rect.width(), header_h), HEADER_FILL)
        painter.setPen(INK)
        for col, w in zip(chunk.columns, widths, strict=True):
            painter.drawText(QRectF(x + self.pad, y + self.pad, w - 2 * self.pad,
                                    header_h - 2 * self.pad),
                             int(ALIGN[col.align] | Qt.AlignmentFlag.AlignBottom
                                 | Qt.TextFlag.TextWordWrap), col.title)
            x += w
        y += header_h
        painter.setPen(QPen(RULE, mm(0.2)))
        painter.drawLine(rect.left(), y, rect.right(), y)
        fonts = (_font(8.5), _font(8.5, bold=True))  # made once: a big report has 100k cells
        font = pen = None
        for i, (row, h) in enumerate(zip(chunk.rows, chunk.heights, strict=True)):
            if i % 2:
                painter.fillRect(QRectF(rect.left(), y, rect.width(), h), STRIPE)
            x = rect.left()
            spans = len(row) == 1 < len(widths)  # a line of words across the table
            for value, col, w in zip(row, chunk.columns,
                                     [rect.width()] if spans else widths, strict=False):
                cell = _cell(value)
                box = QRectF(x, y, w, h)
                x += w
                if cell.fill is not None:
                    painter.fillRect(box.adjusted(mm(0.3), mm(0.3), -mm(0.3), -mm(0.3)),
                                     cell.fill)
                if not cell.text:
                    continue
                if font is not fonts[cell.bold]:
                    font = fonts[cell.bold]
                    painter.setFont(font)
                ink = text_on(cell.fill) if cell.fill is not None else INK
                if ink is not pen:
                    pen = ink
                    painter.setPen(ink)
                inner = box.adjusted(self.pad, self.pad, -self.pad, -self.pad)
                align = _ALIGN_FLAGS[cell.align or col.align]
                if col.wrap:
                    painter.save()
                    painter.setClipRect(box)
                    painter.drawText(inner, align[1], cell.text)
                    painter.restore()
                elif (cell.align or col.align) == "r" and \
                        QFontMetricsF(font, self.device).horizontalAdvance(cell.text) \
                        > inner.width():
                    # a figure is never cut short: it is set smaller until it fits
                    painter.save()
                    painter.setFont(_fitted(font, cell.text, inner.width(), self.device))
                    painter.drawText(inner, align[0], cell.text)
                    painter.restore()
                else:
                    text = self.fm.elidedText(cell.text, Qt.TextElideMode.ElideRight,
                                              inner.width())
                    painter.drawText(inner, align[0], text)
            y += h
        painter.setPen(QPen(RULE, mm(0.2)))
        painter.drawLine(rect.left(), y, rect.right(), y)

    def _draw_title(self, painter: QPainter, rect: QRectF, title: str) -> float:
        font = _font(13, bold=True)
        painter.setFont(font)
        painter.setPen(ACCENT)
        h = QFontMetricsF(font, self.device).height()
        painter.drawText(QRectF(rect.left(), rect.top(), rect.width(), h),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), title)
        return rect.top() + h * 1.6

    # -------------------------------------------------- frame

    def draw_frame(self, painter: QPainter, number: int, total: int, section: str) -> None:
        painter.setFont(self.small_font)
        painter.setPen(MUTED)
        top = QRectF(self.page.left(), self.page.top(), self.page.width(), mm(6))
        painter.drawText(top, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         self.bp.alliance.name)
        painter.drawText(top, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                         section)
        painter.setPen(QPen(RULE, mm(0.2)))
        painter.drawLine(self.page.left(), top.bottom(), self.page.right(), top.bottom())
        bottom = QRectF(self.page.left(), self.page.bottom() - mm(6), self.page.width(), mm(6))
        painter.setPen(MUTED)
        painter.drawText(bottom, int(Qt.AlignmentFlag.AlignRight
                                     | Qt.AlignmentFlag.AlignVCenter),
                         f"Page {number} of {total}")
        painter.drawText(bottom, int(Qt.AlignmentFlag.AlignLeft
                                     | Qt.AlignmentFlag.AlignVCenter),
                         "Business case report · Alliance Blueprint Designer")


# ------------------------------------------------------------------ content


def _money(pence: int | None) -> str:
    return format_pence(pence, pennies=True)


def _title_page(report: Report) -> Callable[[QPainter, QRectF], None]:
    bp, p = report.bp, report.p

    def draw(painter: QPainter, rect: QRectF) -> None:
        y = rect.top() + rect.height() * 0.22
        painter.setPen(ACCENT)
        painter.setFont(_font(28, bold=True))
        h = QFontMetricsF(_font(28, bold=True), report.device).height()
        painter.drawText(QRectF(rect.left(), y, rect.width(), h * 2.2),
                         int(Qt.TextFlag.TextWordWrap), bp.alliance.name)
        y += h * 2.4
        painter.setFont(_font(16))
        painter.setPen(INK)
        painter.drawText(QRectF(rect.left(), y, rect.width(), h),
                         int(Qt.AlignmentFlag.AlignLeft), "Business case: costs, savings, "
                         "cost sharing and the operating model")
        y += h * 1.6
        painter.setFont(_font(11))
        line = QFontMetricsF(_font(11), report.device).height() * 1.35
        lines = ["Partner forces:"]
        lines += [f"   {f.name} — PCC: {f.pcc}; Chief Constable: {f.chief_constable}"
                  for f in bp.forces]
        if p.target_pence is not None and p.target_year is not None:
            projected = p.projected_at_target() or 0
            lines += ["", f"Savings target: {_money(p.target_pence)} a year by {p.target_year}; "
                      f"projected: {_money(projected)} "
                      f"({'meets' if projected >= p.target_pence else 'falls short of'} "
                      "the target)."]
        lines += ["", f"Financial years {p.years[0]} to {p.years[-1]}. Figures marked "
                  "illustrative are estimates, not published data.",
                  f"Prepared {date.today():%d %B %Y} with Alliance Blueprint Designer."]
        for text in lines:
            painter.drawText(QRectF(rect.left(), y, rect.width(), line),
                             int(Qt.AlignmentFlag.AlignLeft), text)
            y += line

    return draw


def _summary_page(report: Report) -> Callable[[QPainter, QRectF], None]:
    p = report.p

    def draw(painter: QPainter, rect: QRectF) -> None:
        y = report._draw_title(painter, rect, "Financial case: summary")
        painter.setFont(_font(10))
        painter.setPen(INK)
        line = QFontMetricsF(_font(10), report.device).height() * 1.4
        last = p.years[-1]
        spent = p.alliance[last].cumulative_implementation
        facts = []
        if p.target_pence is not None and p.target_year is not None:
            projected = p.projected_at_target() or 0
            gap = projected - p.target_pence
            facts += [("Savings target", f"{_money(p.target_pence)} a year by {p.target_year}"),
                      (f"Projected savings in {p.target_year}", _money(projected)),
                      ("Surplus (+) / shortfall (−)", _money(gap))]
        facts += [(f"Recurring savings at full rate ({last})", _money(p.alliance[last].savings)),
                  ("One-off implementation costs", _money(spent)),
                  ("Payback year (alliance)", p.payback_year() or t.no_payback(spent))]
        for label, value in facts:
            painter.setFont(_font(10, bold=True))
            painter.drawText(QRectF(rect.left(), y, rect.width() * 0.36, line),
                             int(Qt.AlignmentFlag.AlignLeft), label)
            painter.setFont(_font(10))
            painter.drawText(QRectF(rect.left() + rect.width() * 0.36, y, rect.width() * 0.64,
                                    line), int(Qt.AlignmentFlag.AlignLeft), value)
            y += line
        chart = QRectF(rect.left(), y + line * 0.6, rect.width(), rect.bottom() - y - line * 0.6)
        paint_savings_chart(painter, chart, p, ChartColours.light(), _font(9))

    return draw


PDF_WEIGHTS: dict[str, dict[str, float]] = {
    "by_year": {"year": 1.1},
    "sensitivity": {"scenario": 2.2, "cumulative_net_benefit": 1.3, "payback_year": 1.1,
                    "*": 1.2},
    "by_force": {"force": 2.0, "total": 1.1, "*": 1.0},
    "payback": {"force": 1.4, "*": 1.0},
    "apportionment": {"unit": 2.1, "delivery": 0.8, "paid_to": 0.8, "basis": 1.9,
                      "share": 1.0, "contribution": 1.3, "unit_cost": 1.3},
    "delivery_matrix": {"function": 2.2, "category": 1.6, "*": 1.0},
    "problems": {"rule": 1.1, "severity": 0.75, "elements": 1.5, "message": 4.0,
                 "rule_source": 1.6, "waiver_reason": 1.4, "waiver_author": 0.8,
                 "waiver_date": 0.9},
    "assumptions": {"topic": 1.5, "item": 1.8, "value": 1.6, "unit": 0.6, "source": 3.3,
                    "illustrative": 0.8},
    "decisions": {"raised": 0.85, "about": 1.3, "status": 0.95, "challenge": 2.4,
                  "raised_by": 1.25, "replies": 2.0, "decision": 2.0, "decided_by": 0.95,
                  "decided": 0.85},
    "options": {"figure": 2.6, "*": 1.2},
    "options_differences": {"option": 1.3, "difference": 7.0},
    "options_discounting": {"year": 0.75, "t": 0.3, "factor": 1.0, "*": 1.25},
}
"""Relative column widths by table (its id before any dot) and column key (before any
dot: ``share.a`` is ``share``); ``*`` for the rest, else by kind."""
WRAPPED = {"problems", "assumptions", "decisions", "options", "options_differences"}
"""Tables whose long words wrap (rows grow) instead of being cut short with "…"."""
LIST_WORDS = 40
"""Longest cell that :func:`_grouped` lists under another row's."""


def _columns(table: Table) -> list[Column]:
    """The PDF's layout of a table's columns: widths, alignment, wrapping."""
    hints = PDF_WEIGHTS.get(table.id.split(".")[0], {})
    wrap = table.id in WRAPPED
    out = []
    for c in table.columns_for("pdf"):
        weight = hints.get(c.key, hints.get(c.key.split(".")[0], hints.get(
            "*", 1.3 if c.figure else 1.4)))
        align = "r" if c.figure or c.kind == "quantity" else "c" if c.kind == "delivery" \
            else "l"
        out.append(Column(c.heading, weight, align, wrap=wrap and not c.figure))
    return out


def _rows(table: Table) -> list[list[Cell | str]]:
    """The table's words, totals and emphasis in bold, matrix cells on their colour."""
    shown = [(table.index(c.key), c) for c in table.columns_for("pdf")]
    out: list[list[Cell | str]] = []
    for row, words in zip(table.rows, texts(table, "pdf"), strict=True):
        bold = row.total or row.emphasis
        cells: list[Cell | str] = []
        for (i, c), text in zip(shown, words, strict=True):
            value = row.cells[i]
            fill = QColor(delivery_colour(value.delivery)) \
                if c.kind == "delivery" and value is not None else None
            words_ = isinstance(value, Quantity) and isinstance(value.value, str)
            cells.append(Cell(text, fill, bold, "l" if words_ else "")
                         if bold or fill is not None or words_ else text)
        out.append(cells)
    return out


def _grouped(table: Table, rows: list[list[Cell | str]], by: tuple[str, ...]) \
        -> list[list[Cell | str]]:
    """Consecutive rows agreeing on the columns ``by`` as one row, their other cells
    listed one under the other (the assumptions: figures sharing a topic and source).
    Rows holding a sentence keep a row of their own, so it is never cut short."""
    keys = [c.key for c in table.columns_for("pdf")]
    same = [keys.index(k) for k in by]
    out: list[list[Cell | str]] = []
    short = True
    for row in rows:
        texts_ = [_cell(v).text for v in row]
        was_short, short = short, all(len(x) <= LIST_WORDS or i in same
                                      for i, x in enumerate(texts_))
        if out and was_short and short and all(_cell(out[-1][i]).text == texts_[i]
                                               for i in same):
            last = out[-1]
            for i, text in enumerate(texts_):
                if i not in same:
                    last[i] = f"{_cell(last[i]).text}\n{text}"
            continue
        out.append(list(row))
    return out


def add_report_table(report: Report, section: str, table: Table,
                     group_by: tuple[str, ...] = ()) -> None:
    rows = _rows(table)
    if group_by:
        rows = _grouped(table, rows, group_by)
    report.add_table(section, table.title, _columns(table), rows, note=table.note,
                     empty=table.empty)


def _economic_page(report: Report, cmp: Comparison) -> Callable[[QPainter, QRectF], None]:
    """The economic case's first page: the preferred option and why, then cumulative
    savings by option."""
    words = t.preferred_words(cmp)

    def draw(painter: QPainter, rect: QRectF) -> None:
        y = report._draw_title(painter, rect, "Economic case: options appraised")
        font = _font(10)
        painter.setFont(font)
        painter.setPen(INK)
        fm = QFontMetricsF(font, report.device)
        intro = (f"Business as usual, the blueprint as drawn and {len(cmp.options)} "
                 f"option{'s' * (len(cmp.options) != 1)}, appraised over {cmp.years[0]} to "
                 f"{cmp.last}; net present values at {t.rate_text(cmp.rate_percent)} a "
                 "year (HM Treasury Green Book).")
        for i, text in enumerate([intro, *words]):
            painter.setFont(_font(10, bold=i == 1 and text.startswith("Preferred")))
            box = fm.boundingRect(QRectF(rect.left(), 0, rect.width(), 1e6),
                                  int(Qt.TextFlag.TextWordWrap), text)
            painter.drawText(QRectF(rect.left(), y, rect.width(), box.height()),
                             int(Qt.TextFlag.TextWordWrap), text)
            y += box.height() + fm.height() * 0.35
        chart = QRectF(rect.left(), y + fm.height() * 0.5, rect.width() * 0.8,
                       rect.bottom() - y - fm.height() * 0.5)
        paint_options_chart(painter, chart, t.options_cumulative(cmp), ChartColours.light(),
                            _font(9))

    return draw


def build_report(device: QPdfWriter, bp: Blueprint, projection: Projection) -> Report:
    report = Report(device, bp, projection)
    p = projection
    report.add_page("", _title_page(report))
    cmp = compare(bp, projection=p)
    report.add_page("Economic case", _economic_page(report, cmp))
    for table in (t.options_comparison(cmp), t.options_differences(cmp),
                  t.options_discounting(cmp)):
        add_report_table(report, "Economic case", table)
    report.add_page("Financial case", _summary_page(report))
    for table in (t.by_year(p), t.sensitivity(p, sensitivity(bp)),
                  t.by_force(bp, p, "savings"), t.by_force(bp, p, "change"),
                  t.payback(bp, p), t.apportionment(bp, p)):
        add_report_table(report, "Financial case", table)
    report.add_page("Operating model", _diagram_page(report))
    add_report_table(report, "Operating model", t.delivery_matrix(bp))
    add_report_table(report, "Management case", t.problems(bp))
    add_report_table(report, "Assumptions", t.assumptions(bp, p),
                     group_by=("topic", "source", "illustrative"))
    add_report_table(report, "Appendix: decision log", t.decisions(bp))
    return report


def _diagram_page(report: Report) -> Callable[[QPainter, QRectF], None]:
    def draw(painter: QPainter, rect: QRectF) -> None:
        y = report._draw_title(painter, rect, "Operating model: the alliance diagram")
        render_to(report.bp, painter, QRectF(rect.left(), y, rect.width(), rect.bottom() - y))

    return draw


# ------------------------------------------------------------------ entry points


def pdf_bytes(bp: Blueprint, projection: Projection | None = None,
              progress: Progress | None = None) -> bytes:
    ensure_app()
    clean = writable(bp)  # no character can upset the drawing or the file
    p = projection if projection is not None and clean is bp else project(clean)
    bp = clean
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(DPI)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Landscape,
                                     QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
                                     QPageLayout.Unit.Millimeter))
    writer.setTitle(f"{bp.alliance.name}: business case")
    writer.setCreator("Alliance Blueprint Designer")
    report = build_report(writer, bp, p)
    painter = QPainter(writer)
    try:
        total = len(report.pages)
        for number, (section, blocks) in enumerate(report.pages, start=1):
            if progress:
                progress(number - 1, total, f"page {number} of {total}")
            if number > 1:
                writer.newPage()
                report.draw_frame(painter, number, total, section)
            for draw in blocks:
                draw(painter, report.body if number > 1 else report.page)
    finally:
        painter.end()
        buffer.close()
    if progress:
        progress(len(report.pages), len(report.pages), "done")
    return bytes(data.data())


def export_pdf(bp: Blueprint, path: str | os.PathLike[str],
               projection: Projection | None = None, progress: Progress | None = None) -> Path:
    """Write the board report to ``path`` atomically."""
    atomic_write(path, pdf_bytes(bp, projection, progress))
    return Path(path)
