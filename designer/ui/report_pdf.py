"""The board-ready PDF report.

Built with Qt's own PDF support (QPdfWriter + QPainter), so text, tables,
the savings chart and the diagram stay vector. Sections follow the financial
and management parts of HM Treasury's Five Case Model, so a programme team
can drop pages into its business case: title page, financial summary with
the savings chart, savings profile by year and force, sensitivity, apportionment between
partners, the diagram, the delivery matrix, problems and waivers, and every
assumption with its source. Every page after the title carries its number.

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

from designer.core.catalogue import load_catalogue
from designer.core.delivery import cell_text
from designer.core.exports.assumptions import assumptions
from designer.core.exports.problems import problem_rows
from designer.core.finance import AS_ASSUMED, Projection, project, sensitivity
from designer.core.io import atomic_write
from designer.core.money import format_pence
from designer.core.schema import Blueprint
from designer.ui.canvas.render import render_to
from designer.ui.savings_chart import ChartColours, paint_savings_chart
from designer.ui.style import delivery_colour, text_on

Progress = Callable[[int, int, str], None]
SHORT_BASIS = {"net-budget": "net budget", "population": "population", "demand": "demand",
               "officers": "officers", "equal": "equal", "fixed": "fixed %"}
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
                  rows: Sequence[Sequence[Cell | str]], note: str = "") -> None:
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
            chunks.append(TableChunk(title, columns, [["Nothing to show."]], [self.fm.height()
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
        for i, (row, h) in enumerate(zip(chunk.rows, chunk.heights, strict=True)):
            if i % 2:
                painter.fillRect(QRectF(rect.left(), y, rect.width(), h), STRIPE)
            x = rect.left()
            for value, col, w in zip(row, chunk.columns, widths, strict=False):
                cell = _cell(value)
                box = QRectF(x, y, w, h)
                if cell.fill is not None:
                    painter.fillRect(box.adjusted(mm(0.3), mm(0.3), -mm(0.3), -mm(0.3)),
                                     cell.fill)
                painter.setFont(_font(8.5, bold=cell.bold))
                painter.setPen(text_on(cell.fill) if cell.fill is not None else INK)
                inner = box.adjusted(self.pad, self.pad, -self.pad, -self.pad)
                if col.wrap:
                    painter.save()
                    painter.setClipRect(box)
                    painter.drawText(inner, int(ALIGN[col.align] | Qt.AlignmentFlag.AlignTop
                                                | Qt.TextFlag.TextWordWrap), cell.text)
                    painter.restore()
                else:
                    text = self.fm.elidedText(cell.text, Qt.TextElideMode.ElideRight,
                                              inner.width())
                    painter.drawText(inner, int(ALIGN[col.align]
                                                | Qt.AlignmentFlag.AlignVCenter), text)
                x += w
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
                  ("Payback year (alliance)", p.payback_year() or (
                      "not within the projection" if spent else "no implementation costs"))]
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


def _year_rows(report: Report) -> list[list[Cell | str]]:
    p = report.p
    rows: list[list[Cell | str]] = []
    for y, a in p.alliance.items():
        target = p.target_pence if p.target_year is not None and y >= p.target_year else None
        rows.append([y, _money(a.baseline), _money(a.savings), _money(target),
                     _money(a.implementation), _money(a.savings - a.implementation),
                     _money(a.cumulative_savings),
                     _money(a.cumulative_savings - a.cumulative_implementation)])
    total_s = sum(a.savings for a in p.alliance.values())
    total_i = sum(a.implementation for a in p.alliance.values())
    rows.append([Cell("Total", bold=True), "", Cell(_money(total_s), bold=True), "",
                 Cell(_money(total_i), bold=True), Cell(_money(total_s - total_i), bold=True),
                 "", ""])
    return rows


def _force_rows(report: Report, value: Callable[[str, str], int]) -> list[list[Cell | str]]:
    p = report.p
    rows: list[list[Cell | str]] = []
    for f in p.forces:
        values = [value(f, y) for y in p.years]
        rows.append([report.names[f], *map(_money, values), _money(sum(values))])
    totals = [sum(value(f, y) for f in p.forces) for y in p.years]
    rows.append([Cell("Alliance", bold=True), *(Cell(_money(t), bold=True) for t in totals),
                 Cell(_money(sum(totals)), bold=True)])
    return rows


def build_report(device: QPdfWriter, bp: Blueprint, projection: Projection) -> Report:
    report = Report(device, bp, projection)
    p = projection
    report.add_page("", _title_page(report))
    report.add_page("Financial case", _summary_page(report))
    money = [Column("Financial year", 1.1)] + [
        Column(t, 1.3, "r") for t in ("Baseline cost", "Projected savings", "Target",
                                      "Implementation costs", "Net benefit",
                                      "Cumulative savings", "Cumulative net benefit")]
    report.add_table("Financial case", "Savings profile by financial year", money,
                     _year_rows(report), note="Recurring savings each year against the "
                     "baseline; net benefit is savings less one-off implementation costs.")
    cases = sensitivity(bp)
    report.add_table(
        "Financial case", "Sensitivity: headline figures if the assumptions are wrong",
        [Column("Scenario", 2.2), Column(f"Savings in {p.target_year or 'target year'}", 1.2, "r"),
         Column("Surplus (+) / shortfall (−)", 1.2, "r"), Column("Implementation costs", 1.2, "r"),
         Column(f"Cumulative net benefit to {p.years[-1]}", 1.3, "r"),
         Column("Payback year", 1.1)],
        [[Cell(c.scenario.name, bold=c.scenario == AS_ASSUMED), _money(c.at_target),
          _money(c.gap), _money(c.implementation), _money(c.cumulative_net),
          c.payback_year or ("not within the projection" if c.implementation
                             else "no implementation costs")] for c in cases],
        note="Every savings percentage (capped at 100%) or one-off cost scaled as named; "
        "everything else as assumed.")
    year_cols = [Column("Force", 2.0)] + [Column(y, 1, "r") for y in p.years] + [
        Column("Total", 1.1, "r")]
    by = p.by_force
    report.add_table("Financial case", "Savings by force and financial year", year_cols,
                     _force_rows(report, lambda f, y: by[f][y].savings),
                     note="A force's saving on a shared or joint unit is its baseline less its "
                     "contribution, so a generous basis can make it negative.")
    report.add_table("Financial case", "Change in each force's net cost", year_cols,
                     _force_rows(report, lambda f, y: by[f][y].change_in_net_cost),
                     note="Net cost plus implementation costs, less baseline: negative figures "
                     "are savings.")
    last = p.years[-1]
    payback_rows: list[Sequence[Cell | str]] = []
    for f in p.forces:
        v = by[f][last]
        payback_rows.append([report.names[f], _money(v.cumulative_implementation),
                             _money(v.cumulative_savings), _money(v.paid_to_others),
                             _money(v.received_from_others),
                             p.payback_year(f) or ("not within the projection"
                                                   if v.cumulative_implementation
                                                   else "no implementation costs")])
    report.add_table("Financial case", "Payback and payments by force",
                     [Column("Force", 1.4), Column("Implementation costs", 1, "r"),
                      Column(f"Cumulative savings to {last}", 1, "r"),
                      Column(f"Pays other forces in {last}", 1, "r"),
                      Column(f"Paid by other forces in {last}", 1, "r"),
                      Column("Payback year", 1)], payback_rows,
                     note="Hosts of shared services and leads of joint units are paid by the "
                     "other partners; the payments are listed by unit in the apportionment "
                     "table.")
    share_rows: list[Sequence[Cell | str]] = []
    codes = {f.id: f.short_code for f in bp.forces}
    for r in p.functions:
        if not r.partners or r.weights is None:
            continue
        shares = r.shares
        fy = r.years[last]
        payee = "joint budget" if r.payee == "alliance" else codes.get(r.payee or "", "")
        cells: list[Cell | str] = [r.name, r.delivery, payee, SHORT_BASIS[r.weights.basis.kind]]
        for f in p.forces:
            cells.append(f"{float(shares[f]):.2f}%  {_money(fy.net_cost[f])}"
                         if f in shares else "—")
        cells.append(_money(fy.unit_cost_pence))
        share_rows.append(cells)
    report.add_table("Financial case", f"Apportionment between partners ({last}, full rate)",
                     [Column("Unit", 2.6), Column("Model", 0.6), Column("Paid to", 0.9),
                      Column("Basis", 1.0)]
                     + [Column(report.names[f], 1.4, "r") for f in p.forces]
                     + [Column("Unit cost", 1.1, "r")], share_rows,
                     note="Each partner's share and contribution; contributions add up to the "
                     "unit's cost to the penny (largest-remainder rounding).")
    report.add_page("Operating model", _diagram_page(report))
    report.add_table("Operating model", "Delivery matrix: how each force receives each function",
                     *_matrix(report))
    rows = problem_rows(bp)
    report.add_table("Management case", "Problems and waivers",
                     [Column("Severity", 0.7), Column("Problem", 4, wrap=True),
                      Column("Elements", 1.3, wrap=True), Column("Rule", 1.4, wrap=True),
                      Column("Waiver", 2, wrap=True)],
                     [[Cell(r.severity, bold=r.severity == "error"), r.message, r.elements,
                       f"{r.rule}" + (f" — {r.rule_source}" if r.rule_source else ""),
                       f"Waived by {r.waiver_author} on {r.waiver_date}: {r.waiver_reason}"
                       if r.waived else ""] for r in rows])
    report.add_table("Assumptions", "Assumptions and sources",
                     [Column("Topic", 1.5, wrap=True), Column("Item", 1.8, wrap=True),
                      Column("Value", 1.4, "r", wrap=True), Column("Source", 3.6, wrap=True),
                      Column("", 0.7)],
                     _assumption_rows(bp, p))
    return report


def _assumption_rows(bp: Blueprint, p: Projection) -> list[list[Cell | str]]:
    """One row per topic and source: figures sharing a source are listed together."""
    rows: list[list[Cell | str]] = []
    key = None
    for a in assumptions(bp, p):
        value = _assumption_value(a.value, a.unit)
        if (a.topic, a.source, a.illustrative) == key and rows:
            row = rows[-1]
            row[1] = f"{row[1]}\n{a.item}"
            row[2] = f"{row[2]}\n{value}"
            continue
        key = (a.topic, a.source, a.illustrative)
        rows.append([a.topic, a.item, value, a.source, "illustrative" if a.illustrative else ""])
    return rows


def _assumption_value(value: object, unit: str) -> str:
    if value is None:
        return ""
    if unit == "£":
        from decimal import Decimal

        return _money(int(Decimal(str(value)) * 100))
    if unit == "%":
        return f"{value:g}%"
    if isinstance(value, float):
        return f"{value:,.1f} {unit}".strip()
    if isinstance(value, int):
        return f"{value:,} {unit}".strip()
    return str(value)


def _matrix(report: Report) -> tuple[list[Column], list[list[Cell | str]]]:
    bp = report.bp
    catalogue = load_catalogue()
    columns = [Column("Function", 2.2), Column("Category", 1.6)] + [
        Column(report.names[f], 1, "c") for f in bp.force_ids()]
    rows: list[list[Cell | str]] = []
    for fn in bp.functions:
        top = catalogue[fn.category].top if fn.category in catalogue else fn.category
        cells: list[Cell | str] = [fn.name, catalogue.name_of(top)]
        for f in bp.force_ids():
            cells.append(Cell(cell_text(bp, fn, f, short=True),
                              fill=QColor(delivery_colour(bp.delivery_for(fn, f)))))
        rows.append(cells)
    return columns, rows


def _diagram_page(report: Report) -> Callable[[QPainter, QRectF], None]:
    def draw(painter: QPainter, rect: QRectF) -> None:
        y = report._draw_title(painter, rect, "Operating model: the alliance diagram")
        render_to(report.bp, painter, QRectF(rect.left(), y, rect.width(), rect.bottom() - y))

    return draw


# ------------------------------------------------------------------ entry points


def pdf_bytes(bp: Blueprint, projection: Projection | None = None,
              progress: Progress | None = None) -> bytes:
    ensure_app()
    p = projection or project(bp)
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
