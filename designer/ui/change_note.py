"""What did that change? After every edit, undo or redo, the window says in words what it
did to the money and for which forces, with the side effects a user may not expect.

- :class:`ChangeExplainer` watches the document. An edit, undo or redo (a step of the
  undo stack) is explained against the blueprint shown before it, by
  :func:`designer.core.explain.explain` on the worker thread, a moment after the last
  keystroke (typing in a field is one explanation, not one per key). Opening a file, or
  switching which option is shown, is not an edit: the note is cleared and nothing is
  said about it.
- :class:`ChangeNote` sits in the status bar: the step and its money in one line (the
  whole text in its tooltip), how many side effects there were, and *Details…*.
- :class:`ChangeDetails` is what *Details…* opens: every line in words and the figures
  before and after (:func:`designer.core.tables.change_figures`), rendered as the
  Finance dock renders its tables.

The projection after one explanation is the one before the next, so each edit re-costs
only the functions it touched (``finance.project(after, reuse=before)``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from designer.core import options as O
from designer.core import tables as t
from designer.core.explain import ChangeExplanation, explain
from designer.core.finance import Projection, project
from designer.core.schema import Blueprint
from designer.core.tables import Table
from designer.ui.background import LatestJob
from designer.ui.docks.finance import BACKGROUND_FUNCTIONS, table_view
from designer.ui.document import Document
from designer.ui.style import as_html
from designer.ui.widgets import ElidedLabel

EXPLAIN_AFTER_MS = 400
"""A pause after the last edit before it is explained (typing merges into one step)."""


# ------------------------------------------------------------------ the words (Qt-free)


@dataclass(frozen=True, eq=False)
class Shown:
    """What was on screen: the whole file, the option shown in it, the blueprint shown
    (the option applied) and, once worked out, that blueprint's projection."""

    file: Blueprint
    option: str | None
    blueprint: Blueprint
    projection: Projection | None = None


@dataclass(frozen=True)
class Explained:
    """One explanation: the steps it covers, what they changed, the figures."""

    steps: tuple[str, ...]
    """The undo steps explained ("Set delivery", "Undo Move Dogs"), oldest first."""
    origin: Shown
    """What was on screen before the steps."""
    now: Shown
    """What is on screen after them (the option shown then: ``before`` and ``after``
    are both as it has them)."""
    before: Blueprint
    after: Blueprint
    explanation: ChangeExplanation
    figures: Table

    @property
    def step(self) -> str:
        """The steps in a few words: one step by its name, more by their number."""
        if len(self.steps) == 1:
            return self.steps[0]
        if len(self.steps) == 2:
            return f"{self.steps[0]}, then {self.steps[1]}"
        return f"{len(self.steps)} changes"

    @property
    def nothing(self) -> bool:
        """The steps left the blueprint shown as it was (or changed only its options)."""
        e = self.explanation
        return not (e.changes or e.side_effects or e.money)

    @property
    def summary(self) -> str:
        """One line: the step, then the money ("Wiltshire Police pays £255k a year less
        to …; projected savings in 2018/19 unchanged (£30.4m)")."""
        if self.nothing:
            return f"{self.step}: nothing changes in the blueprint shown"
        money = "; ".join(self.explanation.money)
        return f"{self.step}: {money[:1].upper()}{money[1:]}"

    @property
    def side_effects(self) -> tuple[str, ...]:
        return self.explanation.side_effects


def seen_in(shown: Shown, option: str | None) -> Blueprint:
    """The file of ``shown`` as ``option`` has it: an undo that brings back the option it
    was made in is explained as that option saw it. An option the file did not have (a
    new one, one brought back) is explained from what was on screen."""
    if option == shown.option:
        return shown.blueprint
    if option is None:
        return shown.file
    try:
        return O.apply_option(shown.file, option)
    except O.OptionError:
        return shown.blueprint


def explain_steps(steps: tuple[str, ...], shown: Shown, now: Shown) -> Explained:
    """Everything the note and its details show for the steps from ``shown`` to ``now``
    (Qt-free: runs on the worker)."""
    before, after = seen_in(shown, now.option), now.blueprint
    pb = shown.projection
    if pb is None or before is not shown.blueprint:
        pb = project(before, reuse=pb)
    e = explain(before, after, before_projection=pb)
    names = {f.id: f.name for f in (*before.forces, *after.forces)}
    return Explained(steps, shown, now, before, after, e,
                     t.change_figures(names, e.before_projection, e.after_projection))


# ------------------------------------------------------------------ watching the document


class ChangeExplainer(QObject):
    """Explains each step of the undo stack; says nothing about opening a file or
    switching the option shown.

    ``explained(Explained | None)``: a new explanation, or None when there is nothing to
    say any more (another file, another option shown). ``working(bool)``: an explanation
    of a large blueprint is being worked out."""

    explained = Signal(object)
    working = Signal(bool)

    def __init__(self, document: Document, parent: QObject | None = None,
                 delay_ms: int = EXPLAIN_AFTER_MS):
        super().__init__(parent)
        self.document = document
        self.latest: Explained | None = None
        self._shown = self._now()
        """On screen when the steps not yet explained began."""
        self._steps: list[str] = []
        """Steps since :attr:`_shown`, not yet explained."""
        stack = document.undo_stack
        self._index, self._count = stack.index(), stack.count()
        self._redo_next = self._next_redo()
        self._stepped = False  # the undo stack moved since the last look
        self._look_timer = QTimer(self, singleShot=True, interval=0)
        self._look_timer.timeout.connect(self._look)
        self._timer = QTimer(self, singleShot=True, interval=delay_ms)
        self._timer.timeout.connect(self._launch)
        self._job = LatestJob(self)
        self._job.done.connect(self._done)
        self._job.failed.connect(self._failed)
        stack.indexChanged.connect(self._stack_moved)
        document.changed.connect(self._shown_changed)  # optionChanged comes before it
        document.pathChanged.connect(self._new_file)  # a file opened, or reloaded

    def _now(self, projection: Projection | None = None) -> Shown:
        d = self.document
        return Shown(d.file_blueprint, d.option, d.blueprint, projection)

    @property
    def busy(self) -> bool:
        """Steps are waiting to be explained, or being explained."""
        return bool(self._steps) or self._job.busy or self._look_timer.isActive()

    # ------------------------------------------------------------ what happened

    def _next_redo(self) -> object:
        stack = self.document.undo_stack
        return stack.command(stack.index()) if stack.index() < stack.count() else None

    def _stack_moved(self, index: int) -> None:
        """Name the step: an undo, a redo, a new step, or more typing in the last one."""
        stack = self.document.undo_stack
        if not shiboken6.isValid(stack):
            return  # the stack empties itself as the window closes
        before, self._index = self._index, index
        count, self._count = self._count, stack.count()
        if index < before and self._count < count:  # typing undid itself: no step left
            step = self._steps[-1] if self._steps else "Edit"
        elif index < before:
            step = (f"Undo {stack.text(index)}" if before - index == 1
                    else f"Undo {before - index} changes")
        elif index > before:
            redone = stack.command(index - 1) is self._redo_next and index - before == 1
            step = f"Redo {stack.text(index - 1)}" if redone else stack.text(index - 1)
        else:
            step = stack.text(index - 1) if index else ""
        self._redo_next = self._next_redo()
        if step and (not self._steps or self._steps[-1] != step):
            self._steps.append(step)
        self._stepped = True
        self._look_timer.start()

    def _shown_changed(self, _touched: Any = None) -> None:
        self._look_timer.start()

    def _new_file(self, *_args: Any) -> None:
        """A file opened (or read again): what the undo stack did on the way (emptying
        itself) was not an edit."""
        self._stepped = False
        self._start_again()

    def _look(self) -> None:
        """Once the signals of one change are all in: an edit to explain, or a new start
        (the blueprint shown changed without a step of the undo stack: another option)."""
        stepped, self._stepped = self._stepped, False
        if not stepped:
            self._start_again()
            return
        self._timer.start()
        if len(self.document.blueprint.functions) > BACKGROUND_FUNCTIONS:
            self.working.emit(True)

    def _start_again(self) -> None:
        """Another blueprint is shown without an edit: nothing to explain from here."""
        now = self.document.blueprint
        if now is self._shown.blueprint and not self._steps:
            return
        self._shown = self._now(self._shown.projection if now is self._shown.blueprint
                                else None)
        self._steps.clear()
        self._timer.stop()
        self._job.cancel()
        self.latest = None
        self.working.emit(False)
        self.explained.emit(None)

    # ------------------------------------------------------------ explaining

    def _launch(self) -> None:
        if not self._steps:
            return
        self._job.start(explain_steps, tuple(self._steps), self._shown, self._now())

    def _done(self, result: Explained) -> None:
        if result.origin is not self._shown:
            return  # a new file or option arrived meanwhile
        now = result.now
        self._shown = Shown(now.file, now.option, now.blueprint,
                            result.explanation.after_projection)
        del self._steps[:len(result.steps)]
        self.latest = result
        if not self._steps:
            self.working.emit(False)
        self.explained.emit(result)

    def _failed(self, exc: BaseException) -> None:
        """A bug in the words must never take the editor down: start again from here."""
        self._shown = self._now()
        self._steps.clear()
        self.latest = None
        self.working.emit(False)
        self.explained.emit(None)
        raise exc

    def wait(self, timeout_s: float = 60.0) -> bool:
        """Process events until every step has been explained (tests, offscreen runs)."""
        from designer.ui.background import wait_until

        return wait_until(lambda: not self.busy and not self._timer.isActive(), timeout_s)


# ------------------------------------------------------------------ showing it


class ChangeNote(QWidget):
    """The status bar's note: what the last edit changed, until the next one."""

    detailsRequested = Signal()

    def __init__(self, explainer: ChangeExplainer, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("changeNote")
        self.setAccessibleName("What the last change did")
        self.explainer = explainer
        self.text = ElidedLabel(self)
        self.text.setObjectName("changeNoteText")
        self.effects = QLabel(self)
        self.effects.setObjectName("changeNoteEffects")
        self.details = QToolButton(self)
        self.details.setObjectName("changeNoteDetails")
        self.details.setText("Details…")
        self.details.setAutoRaise(True)
        self.details.setToolTip("The figures before and after, and everything the change did")
        self.details.clicked.connect(self.detailsRequested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.setSpacing(8)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.effects)
        layout.addWidget(self.details)
        explainer.explained.connect(self.show_explained)
        explainer.working.connect(self._working)
        self.show_explained(None)

    def show_explained(self, result: Explained | None) -> None:
        self.text.setEnabled(True)
        if result is None:
            self.text.set_full_text("")
            self.effects.hide()
            self.details.hide()
            return
        self.text.set_full_text(result.summary)
        self.text.setToolTip("\n".join([result.step, *result.explanation.lines]))
        n = len(result.side_effects)
        self.effects.setText(f"⚠ {n} side effect{'s' * (n != 1)}")
        self.effects.setToolTip("\n".join(result.side_effects))
        self.effects.setVisible(bool(n))
        self.details.setVisible(not result.nothing)

    def _working(self, working: bool) -> None:
        if working:  # a large blueprint: say so while its figures are worked out
            self.text.set_full_text("Working out what that changed…")
            self.text.setEnabled(False)
            self.effects.hide()
            self.details.hide()


class ChangeDetails(QDialog):
    """*Details…*: the last change in words and its figures before and after. Not modal:
    it follows later edits while open."""

    def __init__(self, document: Document, explainer: ChangeExplainer,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("changeDetails")
        self.setWindowTitle("What did that change?")
        self.document = document
        self.result: Explained | None = None
        self.heading = QLabel(self)
        self.heading.setObjectName("changeDetailsHeading")
        self.heading.setWordWrap(True)
        self.words = QLabel(self)
        self.words.setObjectName("changeDetailsWords")
        self.words.setWordWrap(True)
        self.words.setTextFormat(Qt.TextFormat.RichText)
        self.words.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.words.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        scroll = QScrollArea(self)
        scroll.setWidget(self.words)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.table, self.model = table_view(self)
        self.table.setAccessibleName("The figures before and after")
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setObjectName("changeDetailsNote")
        self.buttons = buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.show_button = buttons.addButton("Show on Canvas",
                                             QDialogButtonBox.ButtonRole.ActionRole)
        self.show_button.setToolTip("Select the elements the change was about")
        self.show_button.clicked.connect(self.select_elements)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        layout.addWidget(self.heading)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.table)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.resize(760, 520)
        explainer.explained.connect(self._follow)

    def show_result(self, result: Explained | None) -> None:
        """Fill in ``result`` (None: nothing to explain)."""
        self.result = result
        if result is None:
            self.heading.setText("<b>No change to explain yet.</b> Each edit, undo and redo "
                                 "is explained here.")
            self.words.clear()
            self.model.set_rows([], [])
            self.note.clear()
            self.show_button.setEnabled(False)
            return
        self.heading.setText(f"<b>{as_html(result.step)}</b>")
        e = result.explanation
        parts = [("What changed", [d.text for d in e.changes]),
                 ("Side effects you may not expect", list(e.side_effects)),
                 ("The money", list(e.money))]
        html = "".join(f"<p style='margin:6px 0 2px 0'><b>{title}</b></p><ul "
                       "style='margin:0'>" + "".join(f"<li>{as_html(line)}</li>"
                                                     for line in lines) + "</ul>"
                       for title, lines in parts if lines)
        self.words.setText(html or "Nothing changes in the blueprint shown.")
        self.model.set_table(result.figures)
        self.note.setText(as_html(result.figures.note or ""))
        self.show_button.setEnabled(bool(e.elements))
        self._fit_table()

    def _fit_table(self) -> None:
        """The figures whole (every column, every row), the words in the room left; the
        window widened to the figures, up to most of the screen."""
        view = self.table
        view.resizeColumnsToContents()
        header = view.horizontalHeader()
        width = header.length() + 2 * view.frameWidth() + 4
        rows = self.model.rowCount()
        height = (view.horizontalHeader().sizeHint().height() + 2 * view.frameWidth() + 4
                  + rows * view.verticalHeader().defaultSectionSize())
        if view.horizontalScrollBar().isVisible() or width > self.width():
            height += view.horizontalScrollBar().sizeHint().height()
        screen = self.screen().availableGeometry()
        owner = self.parentWidget()
        if owner is not None:  # as big as the window it belongs to, on any screen
            screen = screen.united(owner.window().geometry())
        view.setFixedHeight(min(height, screen.height() // 2))
        margins = self.layout().contentsMargins()
        want = min(width + margins.left() + margins.right(), screen.width() * 9 // 10)
        w = max(self.width(), want)
        inner = w - margins.left() - margins.right()
        spacing = self.layout().spacing()
        h = (margins.top() + margins.bottom() + 4 * spacing + view.height()
             + self.heading.heightForWidth(inner) + self.words.heightForWidth(inner) + 8
             + self.note.heightForWidth(inner) + self.buttons.sizeHint().height())
        self.resize(w, max(320, min(h, screen.height() * 85 // 100)))

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self._fit_table()

    def _follow(self, result: Explained | None) -> None:
        if self.isVisible():
            self.show_result(result)

    def select_elements(self) -> None:
        if self.result is None:
            return
        present = [i for i in self.result.explanation.elements
                   if self.document.kind_of(i) is not None]
        if present:
            self.document.select(present, source=self)
            self.document.centre_on(present)
