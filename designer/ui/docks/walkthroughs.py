"""Demand walk-throughs: which pass, add / edit / delete them (undoable), and Play.

The list shows each walk-through with ✓ or ✗ and why (:func:`designer.core.walkthroughs.
run_all`); below it, the chosen one's steps and who provides each. **Play** steps through
the chosen walk-through: each step's provider path is highlighted on the canvas
(``highlightRequested``) and its caption shown (``captionChanged``); Page Down / Page Up
step, Esc stops (the window gives those keys to :meth:`next_step`, :meth:`previous_step`
and :meth:`stop` while ``playing``). Every change goes through the document as one undo
step (:func:`designer.core.edits.add_walkthrough` and friends).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from designer.core import edits
from designer.core.catalogue import load_catalogue
from designer.core.cover import CoverError, parse_time
from designer.core.delivery import MODELS
from designer.core.schema import ALLIANCE, Blueprint, Walkthrough
from designer.core.walkthroughs import StepResult, WalkResult, run_all
from designer.ui.document import Document
from designer.ui.lazy_panel import LazyPanel
from designer.ui.style import FAIL_COLOUR

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class WalkthroughsPanel(LazyPanel, QWidget):
    """The contents of the Walk-throughs dock."""

    highlightRequested = Signal(tuple)
    highlightCleared = Signal()
    captionChanged = Signal(str)
    """The caption of the step being played ('' when play stops)."""
    playingChanged = Signal(bool)
    message = Signal(str)

    def __init__(self, document: Document, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.results: list[WalkResult] = []
        self.playing: WalkResult | None = None
        self.step_index = 0
        self.list = QListWidget(self)
        self.list.setObjectName("walkthroughList")
        self.list.setAccessibleName("Walk-throughs")
        self.list.setWordWrap(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.steps = QListWidget(self)
        self.steps.setObjectName("walkthroughSteps")
        self.steps.setAccessibleName("Steps")
        self.steps.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setObjectName("walkthroughStatus")
        self.status.setWordWrap(True)
        self.caption = ""
        """The caption of the step being played (shown over the canvas), or ''."""
        self.add_button = QPushButton("&Add…", self)
        self.edit_button = QPushButton("&Edit…", self)
        self.delete_button = QPushButton("&Delete", self)
        self.play_button = QPushButton("▶ &Play", self)
        self.play_button.setObjectName("walkthroughPlay")
        self.prev_button = QPushButton("◀", self)
        self.prev_button.setToolTip("Previous step (Page Up)")
        self.prev_button.setAccessibleName("Previous step")
        self.next_button = QPushButton("▶", self)
        self.next_button.setToolTip("Next step (Page Down)")
        self.next_button.setAccessibleName("Next step")
        self.stop_button = QPushButton("■ &Stop", self)
        self.stop_button.setToolTip("Stop playing (Esc)")
        for b in (self.add_button, self.edit_button, self.delete_button, self.play_button,
                  self.prev_button, self.next_button, self.stop_button):
            b.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        for b in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        for b in (self.play_button, self.prev_button, self.next_button, self.stop_button):
            buttons.addWidget(b)
        split = QSplitter(Qt.Orientation.Horizontal, self)  # a wide dock below the canvas
        split.addWidget(self.list)
        split.addWidget(self.steps)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(self.status)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)

        self._timer = QTimer(self, singleShot=True, interval=200)
        self._timer.timeout.connect(self.refresh)
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.delete_button.clicked.connect(self.delete)
        self.play_button.clicked.connect(self.play)
        self.prev_button.clicked.connect(self.previous_step)
        self.next_button.clicked.connect(self.next_step)
        self.stop_button.clicked.connect(self.stop)
        self.list.currentRowChanged.connect(lambda _r: self._show_steps())
        self.list.itemDoubleClicked.connect(lambda _i: self.edit())
        self.steps.currentRowChanged.connect(self._step_chosen)
        self.init_lazy(self.refresh, stale=False, settle=False)
        document.changed.connect(self._changed)
        self.refresh()

    # ------------------------------------------------------------ showing

    def _changed(self, _touched: Any) -> None:
        # running every walk-through waits until they can be seen (or one plays)
        if self.playing is not None or self.follow():
            self._timer.start()

    def refresh(self) -> None:
        """Run every walk-through again and show the results (keeping the choice)."""
        self._timer.stop()
        self.stale = False
        chosen = self.current_id()
        bp = self.document.blueprint
        self.results = run_all(bp)
        self.list.blockSignals(True)
        self.list.clear()
        for r in self.results:
            mark = "✓" if r.ok else "✗"
            when = f" · {r.walkthrough.time}" if r.walkthrough.time else ""
            item = QListWidgetItem(f"{mark}  {r.walkthrough.title}\n"
                                   f"     {_area(bp, r.walkthrough.area)}{when} — {r.summary}")
            item.setData(ID_ROLE, r.walkthrough.id)
            if not r.ok:
                item.setForeground(QColor(FAIL_COLOUR))
            item.setToolTip(r.summary)
            self.list.addItem(item)
        self.list.blockSignals(False)
        ids = [r.walkthrough.id for r in self.results]
        self.list.setCurrentRow(ids.index(chosen) if chosen in ids else (0 if ids else -1))
        failing = sum(not r.ok for r in self.results)
        if not self.results:
            self.status.setText("No walk-throughs yet. Add one to follow a demand — a call, "
                                "an arrest, an investigation — through the model, step by "
                                "step; they are re-run after every change.")
        else:
            self.status.setText(f"{len(self.results)} walk-through"
                                f"{'s' * (len(self.results) != 1)}: "
                                f"{len(self.results) - failing} pass, {failing} fail.")
        self._show_steps()
        if self.playing is not None:
            self._replay()
        self._enable()

    def current_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(ID_ROLE) if item is not None else None

    def current(self) -> WalkResult | None:
        wid = self.current_id()
        return next((r for r in self.results if r.walkthrough.id == wid), None)

    def _show_steps(self) -> None:
        r = self.current()
        self.steps.blockSignals(True)
        self.steps.clear()
        if r is not None:
            for s in r.steps:
                self.steps.addItem(self._step_item(s))
        self.steps.blockSignals(False)
        self._enable()

    def _step_item(self, s: StepResult) -> QListWidgetItem:
        p = s.provider
        who = f"{p.team_name} ({p.delivery_text})" if p else "no provider"
        text = f"{'✓' if s.ok else '✗'}  {s.number}. {s.label}: {who}"
        if s.problem:
            text += f"\n     {s.problem}"
        item = QListWidgetItem(text)
        if not s.ok:
            item.setForeground(QColor(FAIL_COLOUR))
        item.setToolTip(s.caption)
        return item

    def _step_chosen(self, row: int) -> None:
        r = self.current()
        if r is None or not (0 <= row < len(r.steps)) or self.playing is not None:
            return
        s = r.steps[row]
        self.highlightRequested.emit(s.path or (r.walkthrough.area,))

    def _enable(self) -> None:
        has = self.current() is not None
        playing = self.playing is not None
        self.edit_button.setEnabled(has and not playing)
        self.delete_button.setEnabled(has and not playing)
        self.add_button.setEnabled(not playing)
        self.play_button.setEnabled(has and not playing)
        for b in (self.prev_button, self.next_button, self.stop_button):
            b.setVisible(playing)
        self.play_button.setVisible(not playing)

    # ------------------------------------------------------------ playing

    def play(self) -> None:
        """Step through the chosen walk-through from its first step."""
        r = self.current()
        if r is None:
            return
        self.playing, self.step_index = r, 0
        self.playingChanged.emit(True)
        self._enable()
        self._show_step()

    def next_step(self) -> None:
        if self.playing is not None and self.step_index + 1 < len(self.playing.steps):
            self.step_index += 1
            self._show_step()

    def previous_step(self) -> None:
        if self.playing is not None and self.step_index > 0:
            self.step_index -= 1
            self._show_step()

    def stop(self) -> None:
        if self.playing is None:
            return
        self.playing = None
        self.caption = ""
        self.captionChanged.emit("")
        self.highlightCleared.emit()
        self.playingChanged.emit(False)
        self._enable()

    def _replay(self) -> None:
        """After an edit: play on with the walk-through's new results, or stop if it went."""
        assert self.playing is not None
        wid = self.playing.walkthrough.id
        again = next((r for r in self.results if r.walkthrough.id == wid), None)
        if again is None:
            self.stop()
            return
        self.playing = again
        self.step_index = min(self.step_index, len(again.steps) - 1)
        self._show_step()

    def _show_step(self) -> None:
        r = self.playing
        assert r is not None
        s = r.steps[self.step_index]
        self.steps.blockSignals(True)
        self.steps.setCurrentRow(self.step_index)
        self.steps.blockSignals(False)
        self.caption = f"{'✓' if s.ok else '✗'} {s.caption}"  # the dock names the walk-through
        self.prev_button.setEnabled(self.step_index > 0)
        self.next_button.setEnabled(self.step_index + 1 < len(r.steps))
        self.highlightRequested.emit(s.path or (r.walkthrough.area,))
        self.captionChanged.emit(self.caption)

    # ------------------------------------------------------------ editing

    def add(self) -> None:
        dialog = WalkthroughDialog(self.document, None, self)
        dialog.exec()
        if dialog.saved:
            self._choose(dialog.saved)

    def edit(self) -> None:
        r = self.current()
        if r is None or self.playing is not None:
            return
        dialog = WalkthroughDialog(self.document, r.walkthrough, self)
        dialog.exec()

    def delete(self) -> None:
        r = self.current()
        if r is None or self.playing is not None:
            return
        refusal = self.document.try_edit(f"Delete walk-through {r.walkthrough.title}",
                                         edits.remove_walkthrough, r.walkthrough.id,
                                         touched=frozenset())
        if refusal:
            self.message.emit(refusal)
        self.refresh()

    def _choose(self, walkthrough_id: str) -> None:
        self.refresh()
        for i in range(self.list.count()):
            if self.list.item(i).data(ID_ROLE) == walkthrough_id:
                self.list.setCurrentRow(i)


def _area(bp: Blueprint, area_id: str) -> str:
    return next((a.name for a in bp.areas if a.id == area_id), area_id)


# ---------------------------------------------------------------- the editor

STEP_COLUMNS = ("Function", "Delivery", "Provided by", "Governed by", "What happens")
ANY = ""


class WalkthroughDialog(QDialog):
    """Add or change one walk-through: title, area, time and steps with expectations.

    OK makes the change through the document (one undo step); a refusal is shown here
    and the dialog stays open, so nothing typed is lost."""

    def __init__(self, document: Document, walkthrough: Walkthrough | None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.original = walkthrough
        self.saved: str | None = None
        bp = document.blueprint
        self.setWindowTitle("Edit walk-through" if walkthrough else "Add a walk-through")
        self.setObjectName("walkthroughDialog")
        self.title = QLineEdit(self)
        self.title.setObjectName("walkthroughTitle")
        self.title.setPlaceholderText("e.g. Firearms incident in Swindon at 03:00")
        self.area = QComboBox(self)
        self.area.setObjectName("walkthroughArea")
        forces = {f.id: f.name for f in bp.forces}
        for a in bp.areas:
            self.area.addItem(f"{a.name} · {forces.get(a.force, a.force)}", a.id)
        self.time = QLineEdit(self)
        self.time.setObjectName("walkthroughTime")
        self.time.setPlaceholderText("any time — or e.g. Sat 03:00")
        self.source = QLineEdit(self)
        self.source.setPlaceholderText("where the scenario comes from (optional)")
        self.table = QTableWidget(0, len(STEP_COLUMNS), self)
        self.table.setObjectName("walkthroughStepsTable")
        self.table.setHorizontalHeaderLabels(list(STEP_COLUMNS))
        self.table.verticalHeader().setVisible(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.problem = QLabel(self)
        self.problem.setObjectName("walkthroughProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {FAIL_COLOUR};")
        self.problem.hide()
        add_step = QPushButton("Add &step", self)
        remove_step = QPushButton("&Remove step", self)
        up = QPushButton("Move &up", self)
        down = QPushButton("Move do&wn", self)
        for b in (add_step, remove_step, up, down):
            b.setAutoDefault(False)
        add_step.clicked.connect(lambda: self.add_step())
        remove_step.clicked.connect(self.remove_step)
        up.clicked.connect(lambda: self.move_step(-1))
        down.clicked.connect(lambda: self.move_step(1))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow("&Title", self.title)
        form.addRow("&Area", self.area)
        form.addRow("&When", self.time)
        form.addRow("S&ource", self.source)
        step_buttons = QHBoxLayout()
        for b in (add_step, remove_step, up, down):
            step_buttons.addWidget(b)
        step_buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Steps, in order: the function the demand reaches, and what "
                                "you expect of who provides it (leave “any” to accept any).",
                                self))
        layout.addWidget(self.table, 1)
        layout.addLayout(step_buttons)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

        catalogue = load_catalogue()
        used = {fn.category for fn in bp.functions}
        self.categories = [(e.id, e.name) for e in catalogue.functions() if e.id in used] + \
            [(e.id, f"{e.name} (not in the blueprint)") for e in catalogue.functions()
             if e.id not in used]
        self.providers = [(ANY, "any"), (ALLIANCE, "the alliance")] + \
            [(f.id, f.name) for f in bp.forces] + [(t.id, t.name) for t in bp.teams]
        self.bodies = [(ANY, "any")] + [(b.id, b.name) for b in bp.bodies]
        self.deliveries = [(ANY, "any")] + [(k, m.label) for k, m in MODELS.items()]

        if walkthrough is not None:
            self.title.setText(walkthrough.title)
            self.area.setCurrentIndex(max(self.area.findData(walkthrough.area), 0))
            self.time.setText(walkthrough.time or "")
            self.source.setText(walkthrough.source)
            for step in walkthrough.steps:
                self.add_step(step.category, step.delivery or ANY, step.provider or ANY,
                              step.governing_body or ANY, step.note)
        else:
            self.add_step()
        self.resize(900, 480)
        self.table.setColumnWidth(0, 260)
        for col, width in ((1, 90), (2, 200), (3, 200)):
            self.table.setColumnWidth(col, width)

    def _combo(self, choices: list[tuple[str, str]], value: str) -> QComboBox:
        combo = QComboBox(self.table)
        for data, label in choices:
            combo.addItem(label, data)
        combo.setCurrentIndex(max(combo.findData(value), 0))
        return combo

    def add_step(self, category: str = "", delivery: str = ANY, provider: str = ANY,
                 body: str = ANY, note: str = "") -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setCellWidget(row, 0, self._combo(self.categories, category))
        self.table.setCellWidget(row, 1, self._combo(self.deliveries, delivery))
        self.table.setCellWidget(row, 2, self._combo(self.providers, provider))
        self.table.setCellWidget(row, 3, self._combo(self.bodies, body))
        edit = QLineEdit(note, self.table)
        edit.setFrame(False)
        self.table.setCellWidget(row, 4, edit)

    def _row_values(self, row: int) -> tuple[str, str, str, str, str]:
        combos = [self.table.cellWidget(row, c) for c in range(4)]
        note = self.table.cellWidget(row, 4)
        return (*(c.currentData() for c in combos), note.text())  # type: ignore[union-attr]

    def _set_row(self, row: int, values: tuple[str, ...]) -> None:
        for c in range(4):
            combo = self.table.cellWidget(row, c)
            combo.setCurrentIndex(max(combo.findData(values[c]), 0))  # type: ignore[union-attr]
        self.table.cellWidget(row, 4).setText(values[4])  # type: ignore[union-attr]

    def remove_step(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def move_step(self, by: int) -> None:
        row = self.table.currentRow()
        other = row + by
        if row < 0 or not (0 <= other < self.table.rowCount()):
            return
        a, b = self._row_values(row), self._row_values(other)
        self._set_row(row, b)
        self._set_row(other, a)
        self.table.setCurrentCell(other, 0)

    def data(self) -> dict[str, Any]:
        """The walk-through as the dialog holds it (its time in the file's form)."""
        text = self.time.text().strip()
        time = str(parse_time(text, loose=True)) if text else None
        steps = []
        for row in range(self.table.rowCount()):
            category, delivery, provider, body, note = self._row_values(row)
            step: dict[str, Any] = {"category": category}
            if delivery:
                step["delivery"] = delivery
            if provider:
                step["provider"] = provider
            if body:
                step["governing_body"] = body
            if note.strip():
                step["note"] = note.strip()
            steps.append(step)
        title = self.title.text().strip()
        wid = self.original.id if self.original else edits.new_walkthrough_id(
            self.document.blueprint, title)
        out: dict[str, Any] = {"id": wid, "title": title, "area": self.area.currentData(),
                               "time": time, "steps": steps, "source": self.source.text()}
        if self.original is not None:
            out["notes"] = self.original.notes
        return out

    def accept(self) -> None:
        try:
            data = self.data()
        except CoverError as exc:
            self._refuse(str(exc))
            return
        if self.original is None:
            refusal = self.document.try_edit(f"Add walk-through {data['title']}",
                                             edits.add_walkthrough, data, touched=frozenset())
        else:
            fields = {k: v for k, v in data.items() if k != "id"}
            refusal = self.document.try_edit(f"Edit walk-through {data['title']}",
                                             edits.update_walkthrough, self.original.id,
                                             touched=frozenset(), **fields)
        if refusal:
            self._refuse(refusal)
            return
        self.saved = data["id"]
        super().accept()

    def _refuse(self, why: str) -> None:
        self.problem.setText(why)
        self.problem.show()

