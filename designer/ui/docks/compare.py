"""Compare dock (File ▸ Compare with File…): what changed from another file to this blueprint.

Lists the elements, links and settings added, removed and changed since the compared
file, in the words ``designer diff`` prints (``designer.core.diff``), then what the
changes do to the business case and to the rules' findings
(``designer.core.diff_report``). The list follows edits (recomputed on the worker
thread a moment after each); clicking a row selects and centres its element; the
added and changed elements are coloured on the canvas (View ▸ Colour By ▸ Changes
Since Compared File) through :attr:`ComparePanel.marksChanged`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from designer.core import diff as D
from designer.core.colouring import change_keys
from designer.core.diff_report import Report, report
from designer.core.schema import Blueprint
from designer.ui.background import LatestJob
from designer.ui.canvas.items import ADDED_COLOUR, CHANGED_COLOUR, ERROR_COLOUR
from designer.ui.document import Document
from designer.ui.style import as_html, icon
from designer.ui.widgets import detail_pane, list_over_detail

ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_WORDS = {"added": "Added", "removed": "Removed", "changed": "Changed"}
STATUS_COLOURS = {"added": ADDED_COLOUR, "removed": ERROR_COLOUR, "changed": CHANGED_COLOUR}
RECOMPUTE_MS = 300
"""A pause after an edit before the comparison follows it."""


class ComparePanel(QWidget):
    """The contents of the Compare dock."""

    marksChanged = Signal(object, bool)
    """(element id → 'added'/'changed', or None once the comparison ends; whether to
    switch the canvas to showing them)."""
    compareRequested = Signal()
    """The user asked to choose a file to compare with."""
    compared = Signal()
    """A comparison's result is shown (tests and screenshots wait on it)."""

    def __init__(self, document: Document, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.setObjectName("comparePanel")
        self.other: Blueprint | None = None
        self.other_path: Path | None = None
        self.report: Report | None = None
        self._first = False
        self.summary = QLabel(self)
        self.summary.setObjectName("compareSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.choose_button = QPushButton(icon("file-compare"), "Compare with File…", self)
        self.choose_button.setToolTip("Choose a blueprint file to compare this one with")
        self.choose_button.clicked.connect(lambda: self.compareRequested.emit())
        self.stop_button = QPushButton("Stop Comparing", self)
        self.stop_button.setToolTip("Close the comparison and take its colours off the canvas")
        self.stop_button.clicked.connect(self.clear)
        self.stop_button.setEnabled(False)
        bar = QHBoxLayout()
        bar.setContentsMargins(8, 4, 8, 4)
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.choose_button)
        bar.addWidget(self.stop_button)

        self.tree = QTreeWidget(self)
        self.tree.setObjectName("compareTree")
        self.tree.setAccessibleName("Changes since the compared file")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Status", "What changed"])
        self.tree.setRootIsDecorated(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.header().resizeSection(0, 130)
        self.tree.header().setStretchLastSection(True)
        self.tree.itemClicked.connect(self._clicked)
        self.tree.itemActivated.connect(self._clicked)
        self.tree.currentItemChanged.connect(self._current_changed)
        self.detail, self.detail_area = detail_pane(self, "compareDetail",
                                                    "The change in full", 48)
        self.split = list_over_detail(self, self.tree, self.detail_area, (4, 1),
                                      "compareSplitter")
        self.empty = QLabel("Compare this blueprint with another file — an earlier version, "
                            "a colleague's copy — to see what was added, removed and changed, "
                            "and what that does to the business case and the rules.\n\n"
                            "File ▸ Compare with File…", self)
        self.empty.setObjectName("compareEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.split)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)

        self._job = LatestJob(self)
        self._job.done.connect(self._show)
        self._job.failed.connect(self._failed)
        self._timer = QTimer(self, singleShot=True, interval=RECOMPUTE_MS)
        self._timer.timeout.connect(self.refresh)
        document.changed.connect(lambda _t: self._timer.start() if self.other else None)
        document.pathChanged.connect(lambda _p: self.refresh() if self.other else None)
        self._say_nothing()

    # ------------------------------------------------------------ comparing

    @property
    def busy(self) -> bool:
        return self._job.busy or self._timer.isActive()

    def compare_with(self, other: Blueprint, path: str | Path) -> None:
        """Start comparing the document with ``other`` (read from ``path``)."""
        self.other, self.other_path = other, Path(path)
        self._first = True
        self.stop_button.setEnabled(True)
        self.refresh()

    def refresh(self) -> None:
        """Compare again (after an edit): on the worker thread, the newest result shown."""
        self._timer.stop()
        if self.other is None or self.other_path is None:
            return
        self.summary.setText(f"Comparing with <b>{as_html(self.other_path.name)}</b>…")
        self._job.start(_report, self.other, self.document.blueprint,
                        self.other_path.resolve().parent, self.document.folder)

    def clear(self) -> None:
        """Stop comparing: the list empties and the canvas loses its change colours."""
        self._timer.stop()
        self._job.cancel()
        self.other = self.other_path = self.report = None
        self.stop_button.setEnabled(False)
        self.tree.clear()
        self.detail.clear()
        self._say_nothing()
        self.marksChanged.emit(None, False)

    def _say_nothing(self) -> None:
        self.summary.setText("Not comparing with a file.")
        self.stack.setCurrentWidget(self.empty)

    def _failed(self, exc: Exception) -> None:
        self.summary.setText(f"Could not compare: {as_html(str(exc))}")

    # ------------------------------------------------------------ showing

    def _show(self, rep: Report) -> None:
        if self.other is None or self.other_path is None:
            return
        self.report = rep
        items = rep.diff.items()
        name = as_html(self.other_path.name)
        if not items:
            self.summary.setText(f"No differences from <b>{name}</b>: the same blueprint.")
        else:
            counts = {s: sum(1 for i in items if i.status == s) for s in STATUS_WORDS}
            said = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
            self.summary.setText(f"Changes from <b>{name}</b> to this blueprint: {said}.")
        self._fill(rep, items)
        self._current_changed(self.tree.currentItem())
        self.stack.setCurrentWidget(self.split)
        self.marksChanged.emit(change_keys(rep.diff.element_ids()), self._first)
        self._first = False
        self.compared.emit()

    def _fill(self, rep: Report, items: list[D.ItemDiff]) -> None:
        tree = self.tree
        tree.clear()
        names = D.Names(rep.after, rep.before)
        present = {el.id for _l, _i, el in rep.after.elements()}
        changes = QTreeWidgetItem(tree, ["Changes", f"{len(items)} item"
                                         f"{'s' if len(items) != 1 else ''}"])
        _bold(changes)
        for item in items:
            words = D.item_words(item, names)
            row = QTreeWidgetItem(changes, [STATUS_WORDS[item.status], words])
            row.setIcon(0, _swatch(STATUS_COLOURS[item.status]))
            row.setToolTip(1, words)
            element = item.id if item.id in present else None
            row.setData(0, ID_ROLE, element)
            if item.id is not None and element is None:
                row.setToolTip(0, "Not in this blueprint: removed since the compared file")
        changes.setExpanded(True)
        for heading, lines in rep.sections()[1:]:
            group = QTreeWidgetItem(tree, [heading, ""])
            _bold(group)
            for line in lines:
                row = QTreeWidgetItem(group, ["", line])
                row.setToolTip(1, line)
            group.setExpanded(True)

    def _current_changed(self, row: QTreeWidgetItem | None, *_args: object) -> None:
        """The current row in full under the list (rows are one line, cut to fit)."""
        text = row.text(1) if row is not None else ""
        if row is not None and row.parent() is not None and row.text(0):
            text = f"{row.text(0)}: {text}"
        self.detail.setText(text or "Select a change to read it in full here; clicking "
                            "one selects its element on the canvas.")

    def _clicked(self, row: QTreeWidgetItem, _column: int = 0) -> None:
        element = row.data(0, ID_ROLE)
        if element:
            self.document.select([element], source=self)
            self.document.centre_on([element])

    def rows(self) -> list[tuple[str, str]]:
        """(status, words) of every change row, in order (for tests)."""
        top = self.tree.topLevelItem(0)
        if top is None:
            return []
        return [(top.child(i).text(0), top.child(i).text(1)) for i in range(top.childCount())]


def _report(before: Blueprint, after: Blueprint, before_dir: Path,
            after_dir: Path | None) -> Report:
    """The comparison (on the worker thread): rule packs read from each file's folder."""
    return report(before, after, base_dir=before_dir, after_dir=after_dir)


def _swatch(colour: str) -> QIcon:
    """A small square of a change's colour (the canvas marks it the same)."""
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    p = QPainter(pixmap)
    p.setBrush(QColor(colour))
    p.setPen(QColor(colour).darker(130))
    p.drawRect(1, 1, 10, 10)
    p.end()
    return QIcon(pixmap)


def _bold(item: QTreeWidgetItem) -> None:
    font = item.font(0)
    font.setBold(True)
    for column in (0, 1):
        item.setFont(column, font)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsSelectable)
