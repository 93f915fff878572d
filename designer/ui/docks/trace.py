"""Who serves here (Ctrl+T): for a policing area, each function's provider, on duty at a time.

Choose an area (selecting one on the canvas does it too), optionally one function and a
time of the week; the table is :func:`designer.core.tables.trace_table`. Choosing a row,
or a single function, asks the canvas to highlight the provider's path — area → team →
function → host or lead force → governing body → PCCs — through
``highlightRequested(ids)``; Esc (or choosing nothing) clears it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from designer.core.cover import CoverError, WeekTime, parse_time
from designer.core.tables import texts, trace_table
from designer.core.trace import FunctionTrace, Provider, Trace, trace
from designer.ui.docks.finance import RowsModel
from designer.ui.document import Document
from designer.ui.lazy_panel import LazyPanel

ALL = ""


class TracePanel(LazyPanel, QWidget):
    """The contents of the Trace dock."""

    highlightRequested = Signal(tuple)
    """Ids of a provider's path, in order (area first), for the canvas to highlight."""
    highlightCleared = Signal()

    def __init__(self, document: Document, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.trace: Trace | None = None
        self.rows: list[tuple[FunctionTrace, Provider | None]] = []
        self.init_lazy(self.refresh, stale=False)
        self._choices_stale = True
        """The blueprint changed since the area and function lists were filled."""
        self.area = QComboBox(self)
        self.area.setObjectName("traceArea")
        self.area.setAccessibleName("Policing area")
        self.function = QComboBox(self)
        self.function.setObjectName("traceFunction")
        self.function.setAccessibleName("Function")
        for combo in (self.area, self.function):  # long names must not widen the window
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(5)
        self.time = QLineEdit(self)
        self.time.setObjectName("traceTime")
        self.time.setAccessibleName("Time of the week")
        self.time.setPlaceholderText("any time — or e.g. Sat 03:00")
        self.time.setClearButtonEnabled(True)
        self.time.setMinimumWidth(self.time.fontMetrics().horizontalAdvance("Sat 03:00") + 40)
        self.summary = QLabel(self)
        self.summary.setObjectName("traceSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableView(self)
        self.table.setObjectName("traceTable")
        self.table.setAccessibleName("Who serves the area")
        self.model = RowsModel(self.table)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.setStyleSheet("QTableView::item { padding: 0px 6px; }")

        pick = QHBoxLayout()
        pick.setSpacing(8)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("&Area", self.area)
        form2 = QFormLayout()
        form2.setContentsMargins(0, 0, 0, 0)
        form2.addRow("&Function", self.function)
        form3 = QFormLayout()
        form3.setContentsMargins(0, 0, 0, 0)
        form3.addRow("&When", self.time)
        pick.addLayout(form, 2)
        pick.addLayout(form2, 3)
        pick.addLayout(form3, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addLayout(pick)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

        self._timer = QTimer(self, singleShot=True, interval=250)
        self._timer.timeout.connect(self.refresh)
        self.area.currentIndexChanged.connect(lambda _i: self.refresh())
        self.function.currentIndexChanged.connect(lambda _i: self.refresh())
        self.time.textChanged.connect(lambda _t: self._timer.start())
        self.time.returnPressed.connect(self.refresh)
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _p: self._row(cur.row()))
        document.changed.connect(self._changed)
        document.selectionChanged.connect(self._selected)
        self._fill_choices()
        self.refresh()

    # ------------------------------------------------------------ choices

    def _fill_choices(self) -> None:
        self._choices_stale = False
        bp = self.document.blueprint
        forces = {f.id: f.name for f in bp.forces}
        area, function = self.area.currentData(), self.function.currentData()
        for combo in (self.area, self.function):
            combo.blockSignals(True)
            combo.clear()
        for a in bp.areas:
            self.area.addItem(f"{a.name} · {forces.get(a.force, a.force)}", a.id)
        self.function.addItem("All functions", ALL)
        for fn in bp.functions:
            self.function.addItem(fn.name, fn.id)
        self._choose(self.area, area)
        self._choose(self.function, function)
        for combo in (self.area, self.function):
            combo.blockSignals(False)

    @staticmethod
    def _choose(combo: QComboBox, data: Any) -> None:
        i = combo.findData(data) if data is not None else -1
        combo.setCurrentIndex(max(i, 0))

    def show_trace(self, area: str, function: str | None = None, at: str | None = None) -> None:
        """Trace ``area`` (for one function, at a time of the week, if given)."""
        if self._choices_stale:
            self._fill_choices()
        for combo in (self.area, self.function):
            combo.blockSignals(True)
        self._choose(self.area, area)
        self._choose(self.function, function or ALL)
        for combo in (self.area, self.function):
            combo.blockSignals(False)
        if at is not None:
            self.time.blockSignals(True)
            self.time.setText(at)
            self.time.blockSignals(False)
        self.refresh()

    # ------------------------------------------------------------ answering

    def when(self) -> WeekTime | None:
        """The time typed, or None (any time). Raises :class:`CoverError`."""
        text = self.time.text().strip()
        return parse_time(text, loose=True) if text else None

    def refresh(self) -> None:
        self._timer.stop()
        self.stale = False
        if self._choices_stale:
            self._fill_choices()
        bp = self.document.blueprint
        area = self.area.currentData()
        if not area:
            self.trace, self.rows = None, []
            self.model.set_rows([], [])
            self.summary.setText("The blueprint has no policing areas to trace.")
            self.highlightCleared.emit()
            return
        try:
            at = self.when()
        except CoverError as exc:
            self.time.setProperty("invalid", True)
            self.summary.setText(f"{exc}.")
            return
        self.time.setProperty("invalid", False)
        function = self.function.currentData()
        self.trace = t = trace(bp, area, [function] if function else None, at)
        table = trace_table(t)
        self.model.set_table(table, texts(table, "dock"))
        self.rows = [(f, p) for f in t.functions for p in (f.providers or (None,))]
        self._fit_columns()
        n, gaps = len(t.functions), len(t.gaps)
        when = f" on {t.at}" if t.at is not None else ""
        if function:
            f = t.functions[0]
            p = f.first
            head = (f"{f.name} in {t.area_name}{when}: " +
                    (f"{p.team_name} — {p.delivery_sentence}" if p else f.gap))
            if f.gap and p:
                head += f". {f.gap}"
            self.summary.setText(head)
            self._select(0)
        else:
            self.summary.setText(
                f"Who serves {t.area_name} ({t.force_name}){when}: {n} function"
                f"{'s' * (n != 1)}, {gaps} gap{'s' * (gaps != 1)}"
                + (" — " + "; ".join(f.gap for f in t.gaps[:3]) if gaps else "")
                + ("…" if gaps > 3 else "") + ". Choose a row to see its path on the canvas.")
            self.highlightCleared.emit()

    def _fit_columns(self) -> None:
        header = self.table.horizontalHeader()
        fm = self.table.fontMetrics()
        for col in range(self.model.columnCount()):
            words = [self.model.headers[col]] + [r[col] for r in self.model.rows[:200]]
            width = max(fm.horizontalAdvance(w) for w in words) + 20
            header.resizeSection(col, min(width, 320))

    def _select(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
            self._row(row)

    def _row(self, row: int) -> None:
        if not (0 <= row < len(self.rows)):
            return
        f, p = self.rows[row]
        if p is None:
            self.highlightRequested.emit((f.area, f.function))
        else:
            self.highlightRequested.emit(f.path(p))

    def path(self) -> tuple[str, ...]:
        """The path of the row chosen (empty when none)."""
        row = self.table.currentIndex().row()
        if not (0 <= row < len(self.rows)):
            return ()
        f, p = self.rows[row]
        return f.path(p) if p is not None else (f.area, f.function)

    # ------------------------------------------------------------ following the document

    def _changed(self, _touched: Any) -> None:
        self._choices_stale = True  # the area and function lists are filled when needed
        if self.follow():
            self.refresh()

    def _selected(self, ids: tuple[str, ...]) -> None:
        if len(ids) == 1 and self.document.kind_of(ids[0]) == "area" \
                and self.document.selection_source is not self:
            self.show_trace(ids[0], self.function.currentData() or None)
