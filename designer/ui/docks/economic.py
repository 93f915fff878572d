"""Economic Case dock: business as usual, the base and each option side by side.

The comparison table is :func:`designer.core.tables.options_comparison` rendered as the
Finance dock renders its tables; each option's figure says how it stands against the
base's (:func:`designer.core.tables.versus_base`: "+£3.7m, better", with a green or
vermillion tint behind it — the words are always there, the colour only repeats them).
Beside it, cumulative savings by option (:func:`designer.ui.options_chart.
paint_options_chart`, the PDF's chart) and each option's differences from the base in
words (:func:`designer.core.tables.options_differences`); clicking a difference shows
that option (``document.set_option``) and selects what it is about.

The appraisal (``appraisal.compare``: every option projected and checked) runs on the
worker thread a moment after an edit, and only while the dock can be seen (tabbed
behind another it catches up when brought to the front), with a busy bar meanwhile.
Switching the option shown changes nothing here but which column says "shown".
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from designer.core import tables as t
from designer.core.appraisal import Comparison, compare
from designer.core.palette import VERDICT_COLOURS, VERDICT_TINT
from designer.core.schema import Blueprint
from designer.core.tables import Table, texts
from designer.core.tables.economic import Versus
from designer.ui.background import LatestJob
from designer.ui.docks.finance import MIN_CHART_HEIGHT, table_view
from designer.ui.document import Document
from designer.ui.lazy_panel import LazyPanel
from designer.ui.options_chart import paint_options_chart
from designer.ui.savings_chart import ChartColours
from designer.ui.style import is_dark
from designer.ui.widgets import ElidedLabel, detail_pane, list_over_detail

RECOMPUTE_MS = 300
"""A pause after an edit before the options are appraised again."""
BUSY_AFTER_MS = 150
"""Appraisals quicker than this never show the busy bar (no flicker on small files)."""
OPTION_ROLE = Qt.ItemDataRole.UserRole + 1
ELEMENTS_ROLE = Qt.ItemDataRole.UserRole + 2
SHOWN = " (shown)"


@dataclass(frozen=True)
class Appraised:
    """One appraisal of a file, with its tables and their words (worked out on the worker:
    a big file's options take a while)."""

    file: Blueprint
    comparison: Comparison
    table: Table
    words: list[list[str]]
    """The figures as a board paper prints them (£106.6m): a comparison of £m options
    reads, and fits, better than pennies (each cell's tooltip has the exact figure)."""
    exact: list[list[str]]
    versus: dict[tuple[str, str], Versus]
    cumulative: Table
    differences: Table
    preferred: list[str]


def appraise(file: Blueprint, folder: Path | None) -> Appraised:
    """Everything the dock shows for ``file`` (Qt-free: runs on the worker)."""
    cmp = compare(file, base_dir=folder)
    table = t.options_comparison(cmp)
    return Appraised(file, cmp, table, texts(table, "pdf"), texts(table, "dock"),
                     t.versus_base(table),
                     t.options_cumulative(cmp), t.options_differences(cmp),
                     t.preferred_words(cmp))


class OptionsChart(QWidget):
    """Cumulative savings by option: the PDF's chart, on screen."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.table: Table | None = None
        self.setObjectName("optionsChart")
        self.setAccessibleName("Cumulative savings by option chart")
        self.setMinimumHeight(MIN_CHART_HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(460, 280)

    def set_table(self, table: Table | None) -> None:
        self.table = table
        self.update()

    def paintEvent(self, _event: Any) -> None:
        if self.table is None:
            return
        painter = QPainter(self)
        if not self.isEnabled():  # the figures before the latest edit
            painter.setOpacity(0.35)
        colours = ChartColours.dark() if is_dark() else ChartColours.light()
        paint_options_chart(painter, QRectF(self.rect()).adjusted(8, 6, -8, -4), self.table,
                            colours, self.font())
        painter.end()


class EconomicPanel(LazyPanel, QWidget):
    """The Economic Case dock's contents."""

    computed = Signal()
    """A new appraisal is shown (tests and screenshots wait on it)."""
    message = Signal(str)
    """Something to say in the status bar (an option that cannot be shown)."""
    newOptionRequested = Signal()

    SIDE_WIDTH = 480
    ROOMY_HEIGHT = 480
    """The table beside the chart and differences needs its own width and this much
    more, and this height; with less room they are two tabs."""

    def __init__(self, document: Document, parent: QWidget | None = None,
                 delay_ms: int = RECOMPUTE_MS):
        super().__init__(parent)
        self.setObjectName("economicPanel")
        self.document = document
        self.appraised: Appraised | None = None

        self.summary = ElidedLabel(self)  # one line: the preferred option and why in
        self.summary.setObjectName("economicSummary")  # full in its tooltip
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setObjectName("economicBusy")
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setMaximumHeight(4)
        self.busy_bar.setAccessibleName("Appraising the options")
        self.busy_bar.hide()

        self.table, self.model = table_view(self)
        self.table.setObjectName("economicTable")
        self.table.setAccessibleName("Options compared: business as usual, the base and "
                                     "each option")
        header = self.table.horizontalHeader()  # long option names wrap in the heading,
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # not the column
        self.model.wrap_headers = True
        self.chart = OptionsChart(self)
        self.diffs = QTreeWidget(self)
        self.diffs.setObjectName("economicDifferences")
        self.diffs.setAccessibleName("Each option's differences from the base")
        self.diffs.setHeaderHidden(True)
        self.diffs.setWordWrap(True)
        self.diffs.setAlternatingRowColors(True)
        self.diffs.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.diffs.setToolTip("Click a difference to show its option and select what it "
                              "is about on the canvas")
        self.diffs.itemClicked.connect(self._difference_clicked)
        self.diffs.itemActivated.connect(self._difference_clicked)
        self.diffs.currentItemChanged.connect(self._current_difference)
        lines = self.fontMetrics().lineSpacing() * 3 + 8  # three lines of the current row
        self.detail, detail_area = detail_pane(self, "economicDetail", "The difference in full",
                                               lines, margins=(4, 2, 4, 2))
        self.diff_page = list_over_detail(self, self.diffs, detail_area, (3, 1))
        self._current_difference(None)

        self.tabs = QTabWidget(self)  # compact: the figures; the chart and differences
        self.tabs.setDocumentMode(True)
        self.tabs.currentChanged.connect(self._share_pair)
        self._pair_shared = False
        self.pair = QSplitter(Qt.Orientation.Horizontal, self)  # ← side by side
        self.pair.setChildrenCollapsible(False)
        self.side = QSplitter(Qt.Orientation.Vertical, self)  # roomy: the chart over the
        self.side.setChildrenCollapsible(False)  # differences, beside the table
        self.split = QSplitter(Qt.Orientation.Horizontal, self)
        self.split.setChildrenCollapsible(False)
        self.body = QStackedWidget(self)
        self.body.addWidget(self.tabs)
        self.body.addWidget(self.split)
        self.compact: bool | None = None
        self._arrange(compact=True)

        self.empty = QScrollArea(self)  # a low dock scrolls the words, never squeezes them
        self.empty.setObjectName("economicEmpty")
        self.empty.setWidgetResizable(True)
        self.empty.setFrameShape(QFrame.Shape.NoFrame)
        inner = QWidget(self.empty)
        self.empty_text = QLabel(
            "<b>No options yet.</b> An option is a way the alliance could be designed "
            "differently — dogs kept local, custody made joint — kept in this file beside "
            "the blueprint as drawn (the <i>base</i>). This view appraises business as "
            "usual, the base and every option side by side: savings, one-off costs, "
            "payback, net present value, each force's costs and the rules.<br><br>"
            "Make one with <b>Options ▸ New Option…</b>, then change what the option does "
            "differently; the base stays as it was.", inner)
        self.empty_text.setWordWrap(True)
        self.empty_text.setTextFormat(Qt.TextFormat.RichText)
        self.empty_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.new_button = QPushButton("New Option…", inner)
        self.new_button.setObjectName("economicNewOption")
        self.new_button.setToolTip("Make a new option from the view shown, and show it")
        self.new_button.clicked.connect(self.newOptionRequested)
        el = QVBoxLayout(inner)
        el.addStretch(1)
        el.addWidget(self.empty_text)
        el.addSpacing(8)
        el.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignHCenter)
        el.addStretch(2)
        self.empty.setWidget(inner)

        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.empty)
        self.pages.addWidget(self.body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(self.summary)
        layout.addWidget(self.busy_bar)
        layout.addWidget(self.pages, 1)

        self.init_lazy(self.refresh, stale=True)
        self._timer = QTimer(self, singleShot=True, interval=delay_ms)
        self._timer.timeout.connect(self.refresh)
        self._busy_timer = QTimer(self, singleShot=True, interval=BUSY_AFTER_MS)
        self._busy_timer.timeout.connect(self._show_busy)
        self._job = LatestJob(self)
        self._job.done.connect(self._show)
        self._job.failed.connect(self._failed)
        document.changed.connect(self._schedule)
        document.pathChanged.connect(self._path_changed)
        document.optionChanged.connect(self._mark_shown)
        self._show_empty_or_wait()

    # ------------------------------------------------------------ layout

    def _arrange(self, compact: bool) -> None:
        """Tabs when cramped; else the table on the left, the chart over the
        differences on the right."""
        if compact == self.compact:
            return
        self.compact = compact
        if compact:
            current = self.tabs.currentIndex()
            self.pair.addWidget(self.chart)
            self.pair.addWidget(self.diff_page)
            self.tabs.addTab(self.table, "Figures")
            self.tabs.addTab(self.pair, "Chart and differences")
            self.pair.setStretchFactor(0, 1)
            self.pair.setStretchFactor(1, 1)
            self.tabs.setCurrentIndex(max(current, 0))
            self.body.setCurrentWidget(self.tabs)
        else:
            while self.tabs.count():
                self.tabs.removeTab(0)
            self.split.addWidget(self.table)
            self.side.addWidget(self.chart)
            self.side.addWidget(self.diff_page)
            self.split.addWidget(self.side)
            for widget in (self.table, self.chart, self.diff_page):
                widget.show()
            self.body.setCurrentWidget(self.split)
            self._size_split()

    def _share_pair(self, _index: int = 0) -> None:
        """The chart three fifths, the differences the rest, the first time they are seen
        side by side (a splitter has no width to share until then; a drag then stays)."""
        if self._pair_shared or self.tabs.currentWidget() is not self.pair:
            return
        width = self.pair.width()
        if width > 0:
            self.pair.setSizes([width * 3 // 5, width - width * 3 // 5])
            self._pair_shared = True

    def _table_width(self) -> int:
        """The width the whole comparison takes (before an appraisal: a guess)."""
        header = self.table.horizontalHeader()
        if not self.model.columnCount():
            return 1000
        return header.length() + self.table.verticalScrollBar().sizeHint().width() + 4

    def _size_split(self) -> None:
        width = self.split.width() or self.width()
        table = min(self._table_width(), width - self.SIDE_WIDTH)
        self.split.setSizes([table, width - table])

    def resizeEvent(self, event: Any) -> None:
        self._fit_layout(event.size())
        super().resizeEvent(event)

    def _fit_layout(self, size: QSize | None = None) -> None:
        size = size or self.size()
        self._arrange(size.width() < self._table_width() + self.SIDE_WIDTH
                      or size.height() < self.ROOMY_HEIGHT)
        if not self.compact:
            self._size_split()

    # ------------------------------------------------------------ when to appraise

    def _schedule(self, _touched: Any = None) -> None:
        if self.appraised is not None and self.document.file_blueprint is \
                self.appraised.file:
            return  # another option shown: the file, and so the appraisal, is the same
        if self.follow():
            self._timer.start()
        else:
            self._job.cancel()

    def _path_changed(self, _path: Any) -> None:
        self.appraised = None  # rule packs named by path are read from the new folder
        self._schedule()

    @property
    def busy(self) -> bool:
        """An appraisal is due or on its way."""
        return self._job.busy or self._timer.isActive()

    def refresh(self) -> None:
        """Appraise the file's options again, on the worker thread."""
        self._timer.stop()
        self.stale = False
        file = self.document.file_blueprint
        if not file.options:
            self._job.cancel()
            self._busy_timer.stop()
            self._not_busy()
            self.appraised = None
            self._show_empty_or_wait()
            self.computed.emit()
            return
        self._job.start(appraise, file, self.document.folder)
        if not self._busy_timer.isActive() and self.busy_bar.isHidden():
            self._busy_timer.start()

    def _show_busy(self) -> None:
        if not self._job.busy:
            return
        n = len(self.document.file_blueprint.options)
        self.summary.set_full_text(f"Appraising… business as usual, the base and {n} "
                                   f"option{'s' * (n != 1)}.")
        self.busy_bar.show()
        self.body.setEnabled(False)

    def _not_busy(self) -> None:
        self.busy_bar.hide()
        self.body.setEnabled(True)

    def _show_empty_or_wait(self) -> None:
        if not self.document.file_blueprint.options:
            self.summary.set_full_text("The economic case compares options with the base "
                                       "and business as usual.")
            self.pages.setCurrentWidget(self.empty)
        elif self.appraised is None:
            self.summary.set_full_text("The options are appraised when this view is "
                                       "shown.")

    def _failed(self, exc: BaseException) -> None:
        self._busy_timer.stop()
        self._not_busy()
        self.summary.set_full_text(f"The options could not be appraised: {exc}")

    # ------------------------------------------------------------ showing

    def _show(self, result: Appraised) -> None:
        if result.file is not self.document.file_blueprint:
            if not self._timer.isActive():  # edited while it ran
                self._timer.start()
            return
        self._busy_timer.stop()
        self._not_busy()
        self.appraised = result
        self.summary.set_full_text(" ".join(result.preferred))
        self._fill_figures(result)
        self._mark_shown()
        self.chart.set_table(result.cumulative)
        self._fill_differences(result.differences)
        self.pages.setCurrentWidget(self.body)
        self.computed.emit()

    def _fill_figures(self, result: Appraised) -> None:
        """The comparison, each option's figure with its difference from the base: in
        words in the cell, tinted better or worse behind it."""
        words = [list(row) for row in result.words]
        shown = result.table.columns_for("dock")
        column_of = {c.key: i for i, c in enumerate(shown)}
        row_of = {r.key: i for i, r in enumerate(result.table.rows)}
        tints: dict[tuple[int, int], QColor] = {}
        tips = {(r, c): text for r, row in enumerate(result.exact)
                for c, text in enumerate(row) if c and text != words[r][c]}
        for (row_key, case_key), vs in result.versus.items():
            r, c = row_of[row_key], column_of[case_key]
            exact = result.exact[r][c]
            if vs.verdict == "same":
                tips[r, c] = f"{exact}: the same as the base"
                continue
            words[r][c] = f"{words[r][c]}  ({vs.text})"
            tips[r, c] = f"{exact}: {vs.text} against the base"
            colour = VERDICT_COLOURS.get(vs.verdict)
            if colour is not None:
                tint = QColor(colour)
                tint.setAlphaF(VERDICT_TINT)
                tints[r, c] = tint
        for r, row in enumerate(words):  # a figure's name whole, where its column cuts it
            tips.setdefault((r, 0), row[0])
        self.model.set_table(result.table, words)
        self.model.set_cell_marks(tints, tips)
        self._fit_columns()

    FIGURE_COLUMN = 250
    """At most this wide, the figures' names (cut with "…" beyond, whole in tooltips)."""

    def _fit_columns(self) -> None:
        """Each column as wide as its figures, not its heading: an option's long name
        wraps over a few lines instead of widening its column."""
        fm = self.table.fontMetrics()
        bold = self.table.font()
        bold.setBold(True)
        fb = QFontMetrics(bold)
        header = self.table.horizontalHeader()
        for c in range(self.model.columnCount()):
            widest = max((fb if r in self.model.bold_rows else fm).horizontalAdvance(row[c])
                         for r, row in enumerate(self.model.rows)) + 24
            if c == 0:
                widest = min(widest, self.FIGURE_COLUMN)
            else:  # room for the heading in three lines, and for its longest word
                heading = self.model.headers[c]
                widest = max(widest, 90, fm.horizontalAdvance(heading) * 2 // 5 + 24,
                             *(fm.horizontalAdvance(w) + 24 for w in heading.split()))
            header.resizeSection(c, widest)
        header.setMaximumHeight(fm.height() * 3 + 12)
        header.setMinimumHeight(fm.height() * 3 + 12)
        self._fit_layout()

    def _mark_shown(self, *_args: Any) -> None:
        """The column of the option shown (or the base) says so in its heading."""
        result = self.appraised
        if result is None:
            return
        key = f"case.{self.document.option or 'base'}"
        for i, column in enumerate(result.table.columns_for("dock")):
            heading = column.heading + (SHOWN if column.key == key else "")
            if self.model.headers[i] != heading:
                self.model.set_header(i, heading)

    def _fill_differences(self, table: Table) -> None:
        tree = self.diffs
        tree.clear()
        names = {c.key: c.name for c in self.appraised.comparison.options} \
            if self.appraised else {}
        groups: dict[str, QTreeWidgetItem] = {}
        for row in table.rows:
            option = str(table.value(row, "option_id"))
            group = groups.get(option)
            if group is None:
                group = groups[option] = QTreeWidgetItem(tree, [names.get(option, option)])
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                group.setData(0, OPTION_ROLE, option)
                group.setData(0, ELEMENTS_ROLE, ())
                group.setToolTip(0, "Click to show this option")
                group.setExpanded(True)
            text = str(table.value(row, "difference"))
            item = QTreeWidgetItem(group, [text])
            item.setToolTip(0, text)
            item.setData(0, OPTION_ROLE, option)
            item.setData(0, ELEMENTS_ROLE, tuple(str(table.value(row, "elements")).split()))
        if not table.rows:
            QTreeWidgetItem(tree, [table.empty])

    def _current_difference(self, item: QTreeWidgetItem | None, *_args: Any) -> None:
        """The current difference whole under the list (its row is cut to fit)."""
        if item is None or item.parent() is None:
            self.detail.setText("Click a difference to show its option and select what it "
                                "is about on the canvas.")
        else:
            self.detail.setText(f"{item.parent().text(0)}: {item.text(0)}")

    def _difference_clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        """Show the difference's option and select what it is about."""
        option = item.data(0, OPTION_ROLE)
        if not option:
            return
        refusal = self.document.set_option(option)
        if refusal:
            self.message.emit(f"Cannot show that option: {refusal}")
            return
        elements = [e for e in item.data(0, ELEMENTS_ROLE) or ()
                    if self.document.kind_of(e) is not None]
        if elements:
            self.document.select(elements, source=self)
            self.document.centre_on(elements)

    # ------------------------------------------------------------ for tests

    def differences(self) -> list[tuple[str, list[str]]]:
        """(option name, its differences) as listed."""
        out = []
        for i in range(self.diffs.topLevelItemCount()):
            group = self.diffs.topLevelItem(i)
            out.append((group.text(0), [group.child(j).text(0)
                                        for j in range(group.childCount())]))
        return out
