"""Finance dock: the business case as the design changes.

A headline (target, projection, gap, payback), the savings-against-target
chart, and tables by year, by force, cost sharing, and for the selected
function. Everything comes from :func:`designer.core.finance.project`; the
dock only formats it. Recomputed shortly after each edit (debounced), so
typing in the inspector stays smooth on large blueprints, and only while the
dock is on screen (tabbed behind the matrix it waits until it is brought up).
A blueprint with thousands of functions is projected on a worker thread: the
dock says it is calculating, greys out what it showed, and fills itself in
when the figures arrive.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QSizePolicy,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from designer.core import tables as t
from designer.core.cost_share import BASIS_LABELS
from designer.core.delivery import summary_text
from designer.core.finance import Projection, Sensitivity, project, sensitivity
from designer.core.money import format_pence, format_pence_short
from designer.core.schema import Blueprint
from designer.core.tables import Table, texts
from designer.ui.background import LatestJob
from designer.ui.document import Document
from designer.ui.lazy_panel import LazyPanel
from designer.ui.savings_chart import ChartColours, Label, paint_savings_chart
from designer.ui.style import as_html, is_dark, tabular

RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


BACKGROUND_FUNCTIONS = 2_000
"""Blueprints with more functions than this are projected on a worker thread."""


def money(pence: int | None) -> str:
    return format_pence(pence, pennies=True)


@dataclass(frozen=True)
class Calculated:
    """A projection of one blueprint with its slowest table already built."""

    blueprint: Blueprint
    projection: Projection
    apportionment: Table
    apportionment_text: list[list[str]]
    """The apportionment table's words: a row per shared or joint unit, tens of
    thousands in a big blueprint, so worked out on the worker too."""


def calculate(bp: Blueprint) -> Calculated:
    """Everything the dock shows for ``bp`` that takes time (Qt-free: runs on a worker)."""
    p = project(bp)
    shares = t.apportionment(bp, p)
    return Calculated(bp, p, shares, texts(shares, "dock"))


class RowsModel(QAbstractTableModel):
    """A read-only table of display strings; money columns right-aligned, sortable."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.headers: list[str] = []
        self.rows: list[Sequence[str]] = []
        self.keys: list[Sequence[Any]] = []
        self.right: set[int] = set()
        self.bold_rows: set[int] = set()
        self.tints: dict[tuple[int, int], QColor] = {}
        """(row, column) → a cell's background (a figure better or worse than another)."""
        self.tips: dict[tuple[int, int], str] = {}
        self.wrap_headers = False
        """Headings wrap over lines (the view gives its header the height)."""

    def set_table(self, table: Table, words: list[list[str]] | None = None) -> None:
        """Show a report table: its dock headings and words, figures on the right,
        totals and emphasis in bold; each cell's user data is its row's key."""
        shown = table.columns_for("dock")
        rows = words if words is not None else texts(table, "dock")
        self.set_rows([c.heading for c in shown], rows,
                      [[r.key] * len(shown) for r in table.rows],
                      right={i for i, c in enumerate(shown) if c.figure},
                      bold_rows={i for i, r in enumerate(table.rows) if r.total or r.emphasis})

    def set_rows(self, headers: list[str], rows: list[Sequence[str]],
                 keys: list[Sequence[Any]] | None = None, right: set[int] | None = None,
                 bold_rows: set[int] | None = None) -> None:
        self.beginResetModel()
        self.headers, self.rows = headers, rows
        self.keys = keys if keys is not None else rows
        self.right = right or set()
        self.bold_rows = bold_rows or set()
        self.tints, self.tips = {}, {}
        self.endResetModel()

    def set_cell_marks(self, tints: dict[tuple[int, int], QColor],
                       tips: dict[tuple[int, int], str]) -> None:
        """Backgrounds and tooltips for some cells (the words say it too: never colour
        alone)."""
        self.tints, self.tips = tints, tips
        if self.rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self.rows) - 1, len(self.headers) - 1))

    def set_header(self, section: int, text: str) -> None:
        self.headers[section] = text
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, section, section)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        r, c = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.rows[r][c]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if c in self.right else LEFT
        if role == Qt.ItemDataRole.FontRole and r in self.bold_rows:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.UserRole:
            return self.keys[r][c]
        if role == Qt.ItemDataRole.BackgroundRole:
            return self.tints.get((r, c))
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tips.get((r, c))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and orientation == Qt.Orientation.Horizontal:
            align = RIGHT if section in self.right else LEFT
            return align | int(Qt.TextFlag.TextWordWrap) if self.wrap_headers else align
        return None


def table_view(parent: QWidget) -> tuple[QTableView, RowsModel]:
    """A read-only table of a report table's words: the look every dock table shares."""
    view = QTableView(parent)
    model = RowsModel(view)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.horizontalHeader().setStretchLastSection(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setResizeContentsPrecision(200)  # measure 200 rows, not all
    view.setFont(tabular(view.font()))
    view.setWordWrap(False)
    view.setStyleSheet("QTableView::item { padding: 0px 8px; }")
    view.horizontalHeader().setStyleSheet("QHeaderView::section { padding: 2px 8px; }")
    return view, model


MIN_CHART_HEIGHT = 90
"""Low enough for the window to fit a 1366×768 screen, or 1920×1080 at 200 %: the
chart then keeps to its title, legend and fewer axis steps, words never drawn over
each other (see :func:`paint_savings_chart`)."""


class SavingsChart(QWidget):
    """The savings-against-target chart, redrawn from the latest projection."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.projection: Projection | None = None
        self.setMinimumHeight(MIN_CHART_HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Projected savings against target chart")

    def sizeHint(self) -> QSize:
        return QSize(520, 240)

    def set_projection(self, projection: Projection | None) -> None:
        self.projection = projection
        self.update()

    def paintEvent(self, _event: Any) -> None:
        if self.projection is None:
            if not self.isEnabled():  # waiting for the first figures of a blueprint
                painter = QPainter(self)
                painter.setPen(self.palette().color(QPalette.ColorGroup.Disabled,
                                                    QPalette.ColorRole.WindowText))
                painter.drawText(self.rect(), int(Qt.AlignmentFlag.AlignCenter),
                                 "Calculating…")
                painter.end()
            return
        painter = QPainter(self)
        if not self.isEnabled():  # figures of the blueprint before the latest edit
            painter.setOpacity(0.35)
        self.paint(painter)
        painter.end()

    def paint(self, painter: QPainter) -> list[Label]:
        """Draw the chart with ``painter`` (on this widget, or an image of its size)."""
        if self.projection is None:
            return []
        colours = ChartColours.dark() if is_dark() else ChartColours.light()
        return paint_savings_chart(painter, QRectF(self.rect()).adjusted(8, 6, -8, -4),
                                   self.projection, colours, self.font())


class FinancePanel(LazyPanel, QWidget):
    """The Finance dock's contents."""

    VIEWS: ClassVar[dict[str, str]] = {
        **{key: m.label for key, m in t.FORCE_MEASURES.items()},
        "payback": "Payback and payments",
    }
    """What the By force tab can show: a measure by year, or the payback table."""

    def __init__(self, document: Document, parent: QWidget | None = None,
                 delay_ms: int = 250):
        super().__init__(parent)
        self.setObjectName("financePanel")
        self.document = document
        self.projection: Projection | None = None
        self.projected: Blueprint = document.blueprint
        """The blueprint :attr:`projection` is of (the document's may be newer)."""

        self.headline = QLabel(self)
        self.headline.setObjectName("financeHeadline")
        self.headline.setWordWrap(True)
        self.headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.busy_bar = QProgressBar(self)  # a moving bar: "still calculating"
        self.busy_bar.setObjectName("financeBusy")
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setMaximumHeight(4)
        self.busy_bar.setAccessibleName("Calculating the business case")
        self.busy_bar.hide()
        self.chart = SavingsChart(self)

        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.year_view, self.year_model = table_view(self)
        self.tabs.addTab(self.year_view, "By year")

        force_page = QWidget(self)
        self.force_measure = QComboBox(force_page)
        for key, label in self.VIEWS.items():
            self.force_measure.addItem(label, key)
        self.force_measure.currentIndexChanged.connect(self._fill_forces)
        self.force_view, self.force_model = table_view(force_page)
        fl = QVBoxLayout(force_page)
        fl.setContentsMargins(0, 4, 0, 0)
        fl.setSpacing(4)
        row = QHBoxLayout()
        row.addWidget(QLabel("Show:", force_page))
        row.addWidget(self.force_measure)
        row.addStretch(1)
        fl.addLayout(row)
        fl.addWidget(self.force_view, 1)
        self.tabs.addTab(force_page, "By force")

        self.share_view, self.share_model = table_view(self)
        self.share_view.setSortingEnabled(False)
        self.share_view.doubleClicked.connect(self._select_shared)
        self.tabs.addTab(self.share_view, "Cost sharing")

        fn_page = QWidget(self)
        self.fn_title = QLabel(fn_page)
        self.fn_title.setObjectName("financeFunctionTitle")
        self.fn_title.setWordWrap(True)
        self.fn_view, self.fn_model = table_view(fn_page)
        fnl = QVBoxLayout(fn_page)
        fnl.setContentsMargins(0, 4, 0, 0)
        fnl.setSpacing(4)
        fnl.addWidget(self.fn_title)
        fnl.addWidget(self.fn_view, 1)
        self.tabs.addTab(fn_page, "Selected function")

        self.sens_view, self.sens_model = table_view(self)
        self.tabs.addTab(self.sens_view, "Sensitivity")
        self._sens_stale = True
        self.tabs.currentChanged.connect(self._tab_changed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(self.headline)
        layout.addWidget(self.busy_bar)
        self.body = QHBoxLayout()
        self.body.setSpacing(12)
        layout.addLayout(self.body, 1)
        self.compact: bool | None = None
        self._arrange(compact=True)
        self.tabs.setCurrentIndex(0)  # the chart first

        self.init_lazy(self.recompute, stale=False)
        self._cleared = False  # a new blueprint: the figures shown belong to the last one
        self._timer = QTimer(self, singleShot=True, interval=delay_ms)
        self._timer.timeout.connect(self.recompute)
        self._job = LatestJob(self)
        self._job.done.connect(self._calculated)
        self._job.failed.connect(self._failed)
        self._sens_job = LatestJob(self)
        self._sens_job.done.connect(self._show_sensitivity)
        self._sens_job.failed.connect(self._failed)
        # Bound methods, not lambdas: a lambda holding ``self`` in a connection is a
        # reference cycle the garbage collector cannot see, and crashes at exit.
        document.changed.connect(self._schedule)
        document.selectionChanged.connect(self._fill_function)
        self.recompute()

    # ------------------------------------------------------------ layout

    COMPACT_BELOW = 900
    """Narrower than this, the chart becomes the first tab instead of a side panel."""

    def _arrange(self, compact: bool) -> None:
        if compact == self.compact:
            return
        self.compact = compact
        current = self.tabs.currentWidget()
        while self.body.count():
            self.body.takeAt(0)
        if compact:
            self.tabs.insertTab(0, self.chart, "Chart")
            self.body.addWidget(self.tabs)
        else:
            index = self.tabs.indexOf(self.chart)
            if index >= 0:
                self.tabs.removeTab(index)
            self.body.addWidget(self.chart, 4)
            self.body.addWidget(self.tabs, 5)
            self.chart.show()
        if current is not None and self.tabs.indexOf(current) >= 0:
            self.tabs.setCurrentWidget(current)

    def resizeEvent(self, event: Any) -> None:
        self._arrange(compact=event.size().width() < self.COMPACT_BELOW)
        super().resizeEvent(event)

    # ------------------------------------------------------------ data

    def _schedule(self, touched: Any = None) -> None:
        if touched is None:  # a new blueprint: never show the old one's figures as its own
            self._cleared = True
        if self.follow():
            self._timer.start()
        else:
            self._job.cancel()  # recomputed when the dock is shown again

    @property
    def calculating(self) -> bool:
        """The figures are being worked out on a worker thread."""
        return self._job.busy

    def recompute(self) -> None:
        """Project the current blueprint and refresh every view (on a worker if it is big)."""
        self._timer.stop()
        bp = self.document.blueprint
        if len(bp.functions) <= BACKGROUND_FUNCTIONS:
            self._job.cancel()
            try:
                calculated = calculate(bp)
            except Exception as exc:  # a finance bug must never take the editor down
                self._failed(exc)
                return
            self._calculated(calculated)
            return
        self._job.start(calculate, bp)
        self._show_calculating(len(bp.functions))

    def _show_calculating(self, n_functions: int) -> None:
        if self._cleared:
            self._cleared = False
            self.projection = None
            self.chart.set_projection(None)
            for model in (self.year_model, self.force_model, self.share_model, self.fn_model,
                          self.sens_model):
                model.set_rows([], [])
            self.fn_title.clear()
        self.headline.setText(f"<b>Calculating…</b> the business case for {n_functions:,} "
                              "functions. The figures appear here when it is done.")
        self.busy_bar.show()
        self.chart.setEnabled(False)
        self.tabs.setEnabled(False)

    def _failed(self, exc: BaseException) -> None:
        self.busy_bar.hide()
        self.projection = None
        self.headline.setText(f"The finance model could not run: {as_html(str(exc))}")
        self.chart.set_projection(None)
        self.chart.setEnabled(True)
        self.tabs.setEnabled(True)

    def _calculated(self, calculated: Calculated) -> None:
        if calculated.blueprint is not self.document.blueprint:
            # edited while it ran, and the debounce timer has not restarted it yet
            if not self._timer.isActive():
                self._timer.start()
            return
        self._cleared = False
        self.busy_bar.hide()
        self.chart.setEnabled(True)
        self.tabs.setEnabled(True)
        bp = self.projected = calculated.blueprint
        self.names = {f.id: f.name for f in bp.forces}
        self.projection = calculated.projection
        self.chart.set_projection(self.projection)
        self._fill_headline()
        self._fill_years()
        self._fill_forces()
        self.share_model.set_table(calculated.apportionment, calculated.apportionment_text)
        self._fill_function()
        self._sens_stale = True
        if self.tabs.currentWidget() is self.sens_view:
            self._fill_sensitivity()

    def _fill_headline(self) -> None:
        p = self.projection
        assert p is not None
        parts = []
        if p.target_pence is not None and p.target_year is not None:
            projected = p.projected_at_target() or 0
            gap = projected - p.target_pence
            verdict = (f"meets it with {format_pence_short(gap)} to spare" if gap >= 0
                       else f"<b>short by {format_pence_short(-gap)}</b>")
            parts.append(f"Target <b>{format_pence_short(p.target_pence)}</b> a year by "
                         f"{p.target_year}; projected <b>{format_pence_short(projected)}</b> "
                         f"— {verdict}.")
        else:
            parts.append("No savings target is set (Alliance settings in the inspector).")
        last = p.years[-1]
        spent = p.alliance[last].cumulative_implementation
        payback = p.payback_year()
        parts.append(f"One-off costs {format_pence_short(spent)}; payback "
                     f"{payback or ('not within ' + last if spent else '—')}.")
        self.headline.setText(" ".join(parts))

    def _fill_years(self) -> None:
        assert self.projection is not None
        self.year_model.set_table(t.by_year(self.projection))

    def _fill_forces(self, *_args: Any) -> None:
        p = self.projection
        if p is None:
            return
        key = self.force_measure.currentData() or "savings"
        bp = self.projected
        self.force_model.set_table(t.payback(bp, p) if key == "payback"
                                   else t.by_force(bp, p, key))

    def _tab_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.sens_view and self._sens_stale:
            self._fill_sensitivity()

    def _fill_sensitivity(self) -> None:
        """Five projections: computed only when the tab is looked at (on a worker if big)."""
        if self.projection is None:
            return
        self._sens_stale = False
        bp = self.document.blueprint
        if len(bp.functions) <= BACKGROUND_FUNCTIONS:
            self._sens_job.cancel()
            self._show_sensitivity((bp, sensitivity(bp)))
            return
        self.sens_model.set_rows(["Scenario"], [["Calculating…"]])
        self._sens_job.start(_sensitivity_of, bp)

    def _show_sensitivity(self, result: tuple[Blueprint, list[Sensitivity]]) -> None:
        bp, cases = result
        p = self.projection
        if p is None or bp is not self.document.blueprint:
            self._sens_stale = True
            return
        self.sens_model.set_table(t.sensitivity(p, cases))

    def _select_shared(self, index: QModelIndex) -> None:
        function_id = self.share_model.data(index, Qt.ItemDataRole.UserRole)
        if function_id:
            self.document.select([function_id], source=self)
            self.document.centre_on([function_id])

    def _fill_function(self, *_args: Any) -> None:
        p = self.projection
        if p is None:
            return
        chosen = [i for i in self.document.selection()
                  if self.document.kind_of(i) == "function"]
        result = next((r for r in p.functions if chosen and r.id == chosen[0]), None)
        if result is None:
            self.fn_title.setText("Select a function to see its savings, shares and "
                                  "payments by year.")
            self.fn_model.set_rows([], [])
            return
        pct = float(result.savings_percent)
        source = f" (source: {result.savings_source})" if result.savings_source else ""
        where = summary_text(result.delivery, self.names.get(result.payee or ""))
        basis = (f"; costs shared by {BASIS_LABELS[result.weights.basis.kind]}"
                 if result.partners and result.weights else "")
        note = f" — {result.weights.note}" if result.weights and result.weights.note else ""
        self.fn_title.setText(f"<b>{as_html(result.name)}</b>: " + as_html(
            f"{where}{basis}; savings {pct:g}%{source}, from "
            f"{result.go_live}{note}."))
        table = t.function_figures(self.projected, p, result.id)
        if table is not None:
            self.fn_model.set_table(table)


def _sensitivity_of(bp: Blueprint) -> tuple[Blueprint, list[Sensitivity]]:
    return bp, sensitivity(bp)


def function_summary_html(bp: Any, function_id: str) -> str:
    """One line for the inspector: a function's savings at full rate and its cost shares."""
    from designer.core.finance import project_function

    fn = next((f for f in bp.functions if f.id == function_id), None)
    if fn is None:
        return ""
    r = project_function(bp, fn)
    last = r.years[next(reversed(r.years))]
    text = (f"Saves {format_pence(last.savings_pence)} a year at full rate "
            f"({float(r.savings_percent):.1f}%, from {r.go_live})")
    if r.partners:
        codes = {f.id: f.short_code for f in bp.forces}
        text += "; shares " + ", ".join(f"{codes.get(f, f)} {float(v):.1f}%"
                                        for f, v in r.shares.items())
    return as_html(text)
