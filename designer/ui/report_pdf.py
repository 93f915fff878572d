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
pages by measured row heights, and into blocks of columns when too wide; the
diagram into titled pages, band then lanes, big enough that its words print at
7 pt or more), so "page N of M" is known on every page. No figure is ever cut.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QPointF, QRectF, Qt
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
from designer.core.short_names import shorten
from designer.core.tables import Quantity, Table, texts
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
NAME_LINES = 3
"""Lines a name in a table cell may take before it is cut (never two alike)."""
SENTENCE_LINES = 200
"""... and a sentence (problems, sources): in effect, all of it."""


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
    align: str = "l"  # "l", "r" or "c"
    figure: bool = False
    """A figure: printed on one line, and its column as wide as its widest figure."""
    lines: int = NAME_LINES
    """Lines a word cell may take (wrapped, then cut where names differ)."""


@dataclass
class TableChunk:
    """The rows of one table (or of one block of its columns) that fit on one page."""

    title: str
    columns: Sequence[Column]
    widths: list[float]
    rows: list[Sequence[Cell]]
    heights: list[float]
    header_h: float
    continued: bool = False


ALIGN = {"l": Qt.AlignmentFlag.AlignLeft, "r": Qt.AlignmentFlag.AlignRight,
         "c": Qt.AlignmentFlag.AlignHCenter}


_ALIGN_FLAGS = {key: (int(flag | Qt.AlignmentFlag.AlignVCenter),
                      int(flag | Qt.AlignmentFlag.AlignTop))
                for key, flag in ALIGN.items()}
"""Drawing flags by alignment: (a figure, lines of words)."""


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
        self.bold_fm = QFontMetricsF(_font(8.5, bold=True), device)
        self.head_fm = self.bold_fm
        self.pad = mm(1.2)
        self.names = {f.id: f.name for f in bp.forces}

    # -------------------------------------------------- tables

    def _measure(self, text: str) -> float:
        """Width of ``text`` in the table's bold font (bold rows are the widest)."""
        return self.bold_fm.horizontalAdvance(text)

    def _widths(self, columns: Sequence[Column], rows: list[list[Cell]]) \
            -> tuple[list[float], list[float], list[float]]:
        """Each column's least width (a figure's widest, a word column's longest word),
        the width it would like (its longest line), padding included, and how much it
        has to say (the width of all its words, which shares out the room left)."""
        pad = 2 * self.pad
        head = [max((self.head_fm.horizontalAdvance(w) for w in c.title.split()),
                    default=0.0) + pad for c in columns]
        least, wants, mass = head[:], head[:], [0.0] * len(columns)
        cap = self.body.width() * 0.3
        for i, c in enumerate(columns):
            for row in rows:
                if len(row) <= i or not row[i].text:
                    continue
                for part in row[i].text.split("\n"):
                    full = self._measure(part) + pad
                    mass[i] += full
                    if c.figure:
                        least[i] = max(least[i], full)
                    else:
                        longest = max((self._measure(w) for w in part.split()), default=0.0)
                        least[i] = max(least[i], min(longest + pad, cap))
                        wants[i] = max(wants[i], min(full, cap * 1.5))
            wants[i] = max(wants[i], least[i])
        return least, wants, mass

    def _blocks(self, columns: Sequence[Column], rows: list[list[Cell]]) \
            -> list[tuple[list[int], list[float]]]:
        """The columns in blocks that fit the page side by side, each block with its
        widths: one block if they all fit; else the first column (what a row is about)
        repeated at the left of each block. Figures are never narrower than they are."""
        least, wants, mass = self._widths(columns, rows)
        width = self.body.width()
        if sum(least) > width:  # in blocks: what each row is about, on one line if it can
            least[0] = min(wants[0], width / 3)
        blocks: list[list[int]] = []
        current = [0]
        used = least[0]
        for i in range(1, len(columns)):
            if used + least[i] > width and len(current) > 1:
                blocks.append(current)
                current, used = [0], least[0]
            current.append(i)
            used += least[i]
        blocks.append(current)
        out = []
        for block in blocks:
            w = [least[i] for i in block]
            # word columns grow towards their longest line, those with more to say first
            for _ in range(len(block)):
                slack = width - sum(w)
                room = [k for k, i in enumerate(block) if wants[i] - w[k] > 0.5]
                weight = sum(mass[block[k]] for k in room)
                if slack <= 0.5 or not room or weight <= 0:
                    break
                for k in room:
                    w[k] = min(wants[block[k]], w[k] + slack * mass[block[k]] / weight)
            slack = width - sum(w)
            if slack > 0:  # the rest shared by all: the table spans the page
                w = [x + slack * x / sum(w) for x in w]
            out.append((block, w))
        return out

    def _cell_lines(self, columns: Sequence[Column], rows: list[list[Cell]],
                    widths: list[float]) -> list[list[Cell]]:
        """Every word cell wrapped to its column and, if it must be cut, cut so that no
        two different words in a column read the same (:func:`shorten`). Entries listed
        one under another in a row (grouped assumptions) keep level across its cells."""
        parts: list[list[list[list[str]]]] = [
            [[[part] for part in cell.text.split("\n")] for cell in row] for row in rows]
        for i, c in enumerate(columns):
            if c.figure:
                continue
            where = [(r, k) for r, row in enumerate(parts) if len(row) > i
                     for k in range(len(row[i]))]
            shown = shorten([parts[r][i][k][0] for r, k in where],
                            widths[i] - 2 * self.pad, self._measure, c.lines)
            for (r, k), lines in zip(where, shown, strict=True):
                parts[r][i][k] = list(lines)
        out = []
        for row, cells in zip(parts, rows, strict=True):
            listed = max(len(cell) for cell in row)
            for k in range(listed if listed > 1 else 0):
                tallest = max(len(cell[k]) for cell in row if len(cell) == listed)
                for cell in row:
                    if len(cell) == listed:
                        cell[k] += [""] * (tallest - len(cell[k]))
            out.append([dataclasses.replace(cell, text="\n".join(
                line for part in lines for line in part))
                for cell, lines in zip(cells, row, strict=True)])
        return out

    def add_table(self, section: str, title: str, columns: Sequence[Column],
                  rows: Sequence[Sequence[Cell | str]], note: str = "",
                  empty: str = "Nothing to show.") -> None:
        """Add pages holding the table: its columns in blocks that fit the page width
        (none cut), its rows split by measured heights."""
        cells = [[_cell(v) for v in row] for row in rows]
        title_h = QFontMetricsF(_font(13, bold=True), self.device).height() * 1.6
        note_h = self.fm.height() * 2 if note else 0
        line = self.fm.height()
        blocks = self._blocks(columns, cells)
        for b, (block, widths) in enumerate(blocks):
            cols = [columns[i] for i in block]
            part = [[row[i] for i in block] for row in cells]
            part = self._cell_lines(cols, part, widths) if part else [[Cell(empty)]]
            header_h = max(self.head_fm.boundingRect(
                QRectF(0, 0, w - 2 * self.pad, 1e6), int(Qt.TextFlag.TextWordWrap),
                c.title).height() for c, w in zip(cols, widths, strict=True)) \
                + 2 * self.pad
            header_h = max(header_h, self.head_fm.height() * 1.6)
            name = title if len(blocks) == 1 else \
                f"{title} (part {b + 1} of {len(blocks)})"
            available = self.body.height() - title_h - header_h - note_h - line
            chunks: list[TableChunk] = []
            used = 0.0
            for row in part:
                h = max(cell.text.count("\n") + 1 for cell in row) * line + 2 * self.pad
                if not chunks or used + h > available:
                    chunks.append(TableChunk(name, cols, widths, [], [], header_h,
                                             continued=bool(chunks)))
                    used = 0.0
                chunks[-1].rows.append(row)
                chunks[-1].heights.append(h)
                used += h
            fixed = title_h + header_h + note_h + line
            for chunk in chunks:
                self._place(section, fixed + sum(chunk.heights),
                            lambda painter, rect, chunk=chunk: self._draw_table(
                                painter, rect, chunk, note))

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
                    note: str) -> None:
        y = self._draw_title(painter, rect, chunk.title + (" (continued)" if chunk.continued
                                                            else ""))
        if note:
            painter.setFont(self.small_font)
            painter.setPen(MUTED)
            painter.drawText(QRectF(rect.left(), y, rect.width(), self.fm.height() * 2),
                             int(Qt.TextFlag.TextWordWrap), note)
            y += self.fm.height() * 2
        widths, header_h = chunk.widths, chunk.header_h
        right = rect.left() + sum(widths)
        painter.setFont(_font(8.5, bold=True))
        x = rect.left()
        painter.fillRect(QRectF(rect.left(), y, sum(widths), header_h), HEADER_FILL)
        painter.setPen(INK)
        for col, w in zip(chunk.columns, widths, strict=True):
            painter.drawText(QRectF(x + self.pad, y + self.pad, w - 2 * self.pad,
                                    header_h - 2 * self.pad),
                             int(ALIGN[col.align] | Qt.AlignmentFlag.AlignBottom
                                 | Qt.TextFlag.TextWordWrap), col.title)
            x += w
        y += header_h
        painter.setPen(QPen(RULE, mm(0.2)))
        painter.drawLine(QPointF(rect.left(), y), QPointF(right, y))
        fonts = (_font(8.5), _font(8.5, bold=True))  # made once: a big report has 100k cells
        font = pen = None
        for i, (row, h) in enumerate(zip(chunk.rows, chunk.heights, strict=True)):
            if i % 2:
                painter.fillRect(QRectF(rect.left(), y, sum(widths), h), STRIPE)
            x = rect.left()
            spans = len(row) == 1 < len(widths)  # a line of words across the table
            for cell, col, w in zip(row, chunk.columns,
                                    [sum(widths)] if spans else widths, strict=False):
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
                painter.drawText(inner, align[0] if col.figure else align[1], cell.text)
            y += h
        painter.setPen(QPen(RULE, mm(0.2)))
        painter.drawLine(QPointF(rect.left(), y), QPointF(right, y))

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


WRAPPED = {"problems", "assumptions", "decisions", "options", "options_differences"}
"""Tables of sentences: every word shown, however many lines (other tables' names take
up to :data:`NAME_LINES` lines and are then cut, never two alike)."""
LIST_WORDS = 64
"""Longest cell that :func:`_grouped` lists under another row's."""


def _columns(table: Table) -> list[Column]:
    """The PDF's layout of a table's columns: alignment, figures, lines of words."""
    lines = SENTENCE_LINES if table.id in WRAPPED else NAME_LINES
    out = []
    for c in table.columns_for("pdf"):
        align = "r" if c.figure or c.kind == "quantity" else "c" if c.kind == "delivery" \
            else "l"
        out.append(Column(c.heading, align, figure=c.figure, lines=lines))
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
    add_diagram_pages(report)
    add_report_table(report, "Operating model", t.delivery_matrix(bp))
    add_report_table(report, "Management case", t.problems(bp))
    add_report_table(report, "Assumptions", t.assumptions(bp, p),
                     group_by=("topic", "source", "illustrative"))
    add_report_table(report, "Appendix: decision log", t.decisions(bp))
    return report


# ------------------------------------------------------------------ the diagram

MIN_TEXT_PT = 7.2
"""The smallest words of the diagram print at least this size (7 pt, and a little)."""


def _free_cuts(start: float, end: float, size: float,
               spans: list[tuple[float, float]], marks: list[float] = ()) -> list[float]:
    """Where to cut ``start``–``end`` into pieces of at most ``size``: at the last of
    ``marks`` (the tops of the sections) in reach, else at a coordinate no node spans,
    as near the full size as can be (through a node only if none is free)."""
    cuts = [start]
    while end - cuts[-1] > size:
        reach = [m for m in marks if cuts[-1] + size * 0.3 < m <= cuts[-1] + size]
        if reach:
            cuts.append(max(reach))
            continue
        c = cuts[-1] + size
        moved = True
        while moved:
            moved = False
            for a, b in spans:
                if a < c < b:
                    c, moved = a, True
        if c <= cuts[-1] + size * 0.3:  # nothing free in reach: cut through
            c = cuts[-1] + size
        cuts.append(c)
    cuts.append(end)
    return cuts


def diagram_pieces(scene, bp: Blueprint) -> list[tuple[str, QRectF]]:
    """The diagram's parts, each with its title: the governance and joint units band,
    then each force's lane (with the section captions at its left)."""
    layout = scene.layout
    b = layout.bounds
    out = [("Operating model: governance and joint units",
            QRectF(b.x, b.y, b.width, layout.band.bottom - b.y))]
    names = {f.id: f.name for f in bp.forces}
    for lane in layout.lanes:
        r = lane.rect
        out.append((f"Operating model: {names.get(lane.force_id, lane.force_id)}",
                    QRectF(r.x, r.y, r.width, r.height)))
    return out


def add_diagram_pages(report: Report) -> None:
    """The diagram over several pages, big enough to read: the band, then one page per
    force lane (more if it cannot fit at a size where its words print at least
    :data:`MIN_TEXT_PT`), each titled; a table then gives the full names of the nodes
    whose names are shortened in it."""
    from designer.ui.canvas.items import smallest_text_px
    from designer.ui.canvas.render import diagram_scene

    bp = report.bp
    scene = diagram_scene(bp)
    layout = scene.layout
    gutter = QRectF(layout.bounds.x, 0, max(0.0, layout.lanes[0].rect.x - layout.bounds.x)
                    if layout.lanes else 0.0, 0)
    title_h = QFontMetricsF(_font(13, bold=True), report.device).height() * 1.6
    room = QRectF(0, 0, report.body.width(), report.body.height() - title_h)
    k_min = MIN_TEXT_PT * DPI / 72 / smallest_text_px()
    k_max = DPI / 96 * 1.1  # never much bigger than the canvas at 100 %
    boxes = [g for (element_id, _lane), g in scene.geom.items()
             if scene.nodes[(element_id, _lane)].kind != "role"]  # header chips may be cut
    tops = [section.y for section in layout.sections]
    for title, source in diagram_pieces(scene, bp):
        side = gutter.width() if source.top() >= layout.band.bottom else 0.0
        total_w = source.width() + side
        k = min(room.width() / total_w, room.height() / source.height(), k_max)
        if k >= k_min:
            xs, ys = [source.left(), source.right()], [source.top(), source.bottom()]
        else:
            k = k_min
            xs = _free_cuts(source.left(), source.right(), room.width() / k - side,
                            [(x, x + w) for x, _y, w, _h in boxes])
            ys = _free_cuts(source.top(), source.bottom(), room.height() / k,
                            [(y, y + h) for _x, y, _w, h in boxes], tops)
        tiles = [QRectF(x0, y0, x1 - x0, y1 - y0) for y0, y1 in itertools.pairwise(ys)
                 for x0, x1 in itertools.pairwise(xs)]
        tiles = [tile for tile in tiles if any(
            tile.intersects(QRectF(x, y, w, h)) for x, y, w, h in boxes)] or tiles[:1]
        for n, tile in enumerate(tiles, start=1):
            name = title if len(tiles) == 1 else f"{title} (page {n} of {len(tiles)})"
            report.add_page("Operating model", _diagram_tile(report, scene, name, tile,
                                                             side, gutter, k))
    names = _shortened_names(scene, bp)
    if names is not None:
        add_report_table(report, "Operating model", names)


def _diagram_tile(report: Report, scene, title: str, tile: QRectF, side: float,
                  gutter: QRectF, k: float) -> Callable[[QPainter, QRectF], None]:
    def draw(painter: QPainter, rect: QRectF) -> None:
        y = report._draw_title(painter, rect, title)
        left = rect.left()
        if side:
            strip = QRectF(gutter.left(), tile.top(), side, tile.height())
            scene.render(painter, QRectF(left, y, side * k, tile.height() * k), strip)
            left += side * k
        scene.render(painter, QRectF(left, y, tile.width() * k, tile.height() * k), tile)

    return draw


def _shortened_names(scene, bp: Blueprint) -> Table | None:
    """The nodes whose names the diagram shows shortened, with their full names."""
    from designer.core.short_names import is_cut
    from designer.core.tables import Column as TableColumn
    from designer.core.tables import Row

    forces = {f.id: f.name for f in bp.forces}
    rows = []
    seen = set()
    for (element_id, lane), node in scene.nodes.items():
        label = next((item for item, muted in node.labels if not muted), None)
        if label is None:
            continue
        shown = label.text().split("\n")
        if not is_cut(node.text.name, tuple(shown)) or (element_id, lane) in seen:
            continue
        seen.add((element_id, lane))
        where = forces.get(lane, "") if lane else "Governance and joint units"
        rows.append(Row((" ".join(shown), node.text.name, where), key=element_id))
    if not rows:
        return None
    rows.sort(key=lambda r: (r.cells[2], r.cells[0]))
    return Table("diagram_names", "Operating model: names shortened in the diagram",
                 (TableColumn("shown", "Shown as"), TableColumn("name", "Full name"),
                  TableColumn("where", "Where")), tuple(rows),
                 note="Nodes have room for a line or two: these names are shown shortened "
                 "(never two alike); here they are in full.")


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
