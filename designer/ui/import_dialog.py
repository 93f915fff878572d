"""File ▸ Import: what a source would do to the blueprint, shown before anything changes.

One preview for every format of the import registry (``designer.core.imports``), read by
the very readers ``designer import`` runs:

- **Spreadsheet** (a filled-in baseline sheet): the changes it makes to the open
  blueprint, in the semantic diff's words (``designer.core.diff.describe``), imported as
  one undoable step.
- **ArchiMate model**: Archi's own *Import ▸ Open Exchange XML Model* makes a new model,
  never a merge, so that is what an ArchiMate user expects here too: the model opens as a
  new, untitled blueprint (what it holds is listed). With a blueprint open the model can
  instead be brought *into* it — the way back for our own export after it was edited in
  Archi — as one undoable step, listed change by change; that is the choice offered
  first when most of the model's elements are the open blueprint's own (by id).

Either way, what did not map (or was guessed) is listed element by element with its
line in the file. A source that cannot be imported at all (not XML, a DTD, the wrong
namespace, too large, a sheet's unreadable cells) lists every problem where it is and
offers nothing to import: nothing changes. Reading is Qt-free (:func:`read_source`), so
the window runs it on the worker thread for a large file.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressDialog,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from designer.core import diff, edits
from designer.core.imports import formats
from designer.core.imports.formats import ImportFileError, ImportFormat, Note
from designer.core.schema import Blueprint
from designer.ui.background import LatestJob
from designer.ui.document import Document
from designer.ui.file_controller import APP_TITLE, FileController
from designer.ui.widgets import literal

FILE_FILTER = "Spreadsheets (*.xlsx *.csv);;Excel workbook (*.xlsx);;CSV file (*.csv)"
SLOW_BYTES = 2 * 1024 * 1024
"""Sources larger than this are read on the worker thread behind a progress indicator."""
INTO, NEW = "into", "new"
"""The two ways to take a source: into the open blueprint, or as a new blueprint."""


def format_for(path: Path) -> formats.ImportFormat:
    """The registry's reader for a file, by its extension (a workbook unless .csv)."""
    suffix = path.suffix.lower()
    for fmt in formats.FORMATS:
        if suffix in fmt.suffixes:
            return fmt
    return formats.by_key("xlsx")


@dataclass(frozen=True, slots=True)
class Outcome:
    """One way of taking the source: the blueprint it gives, what did not map, and the
    lines the preview lists (the changes to the open blueprint, or what a new one holds)."""

    blueprint: Blueprint
    notes: tuple[Note, ...]
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Reading:
    """What reading a source gave, for each way it may be taken (``None``: not offered)."""

    source: Path
    base: Blueprint | None
    """The open blueprint it was read against (for ``into``)."""
    into: Outcome | None = None
    new: Outcome | None = None
    problems: tuple[Note, ...] = ()
    """The source cannot be imported at all: nothing is."""
    whole_file: bool = False
    """It stands for the whole file, options included (an ArchiMate model), so ``base`` is
    the file, not the option shown; a spreadsheet changes what is shown."""


def read_source(fmt: ImportFormat, source: Path, base: Blueprint | None, *, into: bool = True,
                new: bool = False, whole_file: bool = False) -> Reading:
    """Read ``source`` for the preview: into ``base`` and/or as a new blueprint.

    Qt-free and free of side effects, so it may run on the worker thread."""
    try:
        into_outcome = new_outcome = None
        if into and base is not None:
            imported = fmt.read(source, base)
            after = imported.blueprint
            into_outcome = Outcome(after, imported.notes, tuple(
                diff.describe(diff.diff(base, after), base, after)))
        if new:
            imported = fmt.read(source, None)
            new_outcome = Outcome(imported.blueprint, imported.notes,
                                  tuple(formats.contents(imported.blueprint)))
    except ImportFileError as exc:
        return Reading(source, base, problems=tuple(exc.problems), whole_file=whole_file)
    return Reading(source, base, into_outcome, new_outcome, whole_file=whole_file)


def from_this_blueprint(reading: Reading) -> bool:
    """Most of the model's elements are the open blueprint's own (its export, edited)."""
    if reading.base is None or reading.new is None:
        return reading.new is None
    ours = {el.id for _l, _i, el in reading.base.elements()}
    theirs = [el.id for _l, _i, el in reading.new.blueprint.elements()]
    return bool(theirs) and 2 * sum(1 for i in theirs if i in ours) >= len(theirs)


class ImportPreview(QDialog):
    """What a source does to the document's blueprint, and a button to do it.

    ``reading`` comes from :func:`read_source` (the window reads a large file on the
    worker thread); without it the source is read here, into the open blueprint.
    ``openAsNew(blueprint)`` asks the window to open the result as a new blueprint."""

    openAsNew = Signal(object)

    def __init__(self, document: Document, source: Path, parent: QWidget | None = None,
                 reading: Reading | None = None):
        super().__init__(parent)
        self.setObjectName("importPreview")
        self.setWindowTitle(f"Import from {source.name}")
        self.document = document
        self.source = source
        self.before: Blueprint = reading.base if reading and reading.base is not None \
            else self._current(reading is not None and reading.whole_file)
        if reading is None:
            reading = read_source(format_for(source), source, self.before)
        self.reading = reading
        self.problems: list[str] = [str(p) for p in reading.problems]
        self.modes = [mode for mode, outcome in ((INTO, reading.into), (NEW, reading.new))
                      if outcome is not None]
        self.mode = self.modes[0] if self.modes else INTO
        if len(self.modes) == 2 and not from_this_blueprint(reading):
            self.mode = NEW

        self.heading = QLabel()
        self.heading.setObjectName("importHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.heading.setFont(font)
        self.choice = QButtonGroup(self)
        self.choices: dict[str, QRadioButton] = {}
        for mode in self.modes if len(self.modes) > 1 else ():
            button = QRadioButton(literal(self._choice_text(mode)))
            button.setObjectName(f"importAs-{mode}")
            self.choice.addButton(button)
            self.choices[mode] = button
            button.toggled.connect(lambda on, m=mode: on and self.set_mode(m))
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.list = QListWidget()
        self.list.setObjectName("importChanges")
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.setAlternatingRowColors(True)
        self.list.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.list.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.unmapped_label = QLabel()
        self.unmapped_label.setWordWrap(True)
        self.unmapped_label.setTextFormat(Qt.TextFormat.PlainText)
        self.unmapped = QTableWidget(0, 3)
        self.unmapped.setObjectName("importNotMapped")
        self.unmapped.setAccessibleName("Not imported as it is")
        self.unmapped.setHorizontalHeaderLabels(["Line", "In the file", "What happened"])
        self.unmapped.verticalHeader().setVisible(False)
        self.unmapped.setAlternatingRowColors(True)
        self.unmapped.setWordWrap(True)
        self.unmapped.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.unmapped.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.unmapped.setVerticalScrollMode(QTableWidget.ScrollMode.ScrollPerPixel)
        header = self.unmapped.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.sectionResized.connect(lambda *_: self.unmapped.resizeRowsToContents())

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(
            "Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setVisible(not self.problems)
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(10)
        layout.addWidget(self.heading)
        for button in self.choices.values():
            layout.addWidget(button)
        layout.addWidget(self.note)
        layout.addWidget(self.list, 2)
        layout.addWidget(self.unmapped_label)
        layout.addWidget(self.unmapped, 3)
        layout.addWidget(self.buttons)
        self.resize(*self._size(parent))
        self.set_mode(self.mode)

    # ------------------------------------------------------------ what is shown

    @property
    def outcome(self) -> Outcome | None:
        return None if self.problems else getattr(self.reading, self.mode)

    @property
    def after(self) -> Blueprint | None:
        """The blueprint the import gives in the chosen way (``None``: nothing can be)."""
        outcome = self.outcome
        return outcome.blueprint if outcome else None

    @property
    def changes(self) -> list[str]:
        """The changes to the open blueprint (importing into it)."""
        outcome = self.outcome
        return list(outcome.lines) if outcome and self.mode == INTO else []

    def set_mode(self, mode: str) -> None:
        """Show what taking the source ``mode``'s way does (into, or as a new blueprint)."""
        self.mode = mode
        if mode in self.choices and not self.choices[mode].isChecked():
            self.choices[mode].setChecked(True)
        outcome = self.outcome
        self.heading.setText(self._heading())
        self.note.setText(self._note())
        lines = self.problems or (list(outcome.lines) if outcome else [])
        self.list.clear()
        for line in lines:
            item = QListWidgetItem(line)
            item.setToolTip(line)
            self.list.addItem(item)
        self.list.setAccessibleName("Problems" if self.problems else "Changes"
                                    if mode == INTO else "What the model holds")
        self.list.setVisible(bool(lines))
        self._fill_unmapped(outcome.notes if outcome else ())
        if mode == NEW:
            self.import_button.setText("Open as New Blueprint")
            self.import_button.setEnabled(outcome is not None)
        else:
            count = len(self.changes)
            self.import_button.setText(literal(f"Import {count} Change"
                                               + ("s" if count != 1 else "")))
            self.import_button.setEnabled(bool(count))
        self.import_button.setDefault(self.import_button.isEnabled())

    def _fill_unmapped(self, notes: tuple[Note, ...]) -> None:
        """What did not map, a row each: its line, the file's name for it, what happened."""
        self.unmapped.setRowCount(len(notes))
        top = Qt.AlignmentFlag.AlignTop
        for row, note in enumerate(notes):
            for column, (text, align) in enumerate((
                    (str(note.line) if note.line else "", Qt.AlignmentFlag.AlignRight),
                    (note.element, Qt.AlignmentFlag.AlignLeft),
                    (note.message, Qt.AlignmentFlag.AlignLeft))):
                item = QTableWidgetItem(text)
                item.setTextAlignment(align | top)
                item.setToolTip(text)
                self.unmapped.setItem(row, column, item)
        self.unmapped.setColumnWidth(1, max(180, self.width() * 3 // 10))
        self.unmapped.resizeRowsToContents()
        count = len(notes)
        self.unmapped_label.setText(
            f"Not imported as it is ({count}): element by element, with its line in "
            f"{self.source.name}" if count else "")
        self.unmapped_label.setVisible(bool(count))
        self.unmapped.setVisible(bool(count))

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Wrapped rows take the height their text needs at the new width."""
        super().resizeEvent(event)
        QTimer.singleShot(0, self.unmapped.resizeRowsToContents)

    @staticmethod
    def _size(parent: QWidget | None) -> tuple[int, int]:
        """About half the window it opens over: room for long lines without covering it
        (taller on a small screen, where the list of what did not map needs the room)."""
        if parent is None:
            return 760, 520
        return (max(640, min(1000, parent.width() * 55 // 100)),
                max(420, min(760, parent.height() * (75 if parent.height() < 900 else 65)
                             // 100)))

    def _choice_text(self, mode: str) -> str:
        if mode == NEW:
            return "Open it as a new blueprint (as Archi opens an exchange file)"
        count = len(self.reading.into.lines) if self.reading.into else 0
        return (f"Bring it into {self.document.display_name}: {count} change"
                f"{'s' if count != 1 else ''}, one step you can undo")

    def _heading(self) -> str:
        name = self.source.name
        if self.problems:
            return f"Nothing can be imported from {name}"
        if self.mode == NEW:
            return f"{name} opens as a new blueprint"
        if not self.changes:
            return f"{name} changes nothing"
        count = len(self.changes)
        return f"{name} changes {count} element{'s' if count != 1 else ''}"

    def _note(self) -> str:
        if self.problems:
            return (f"Correct these in {self.source.name} and import it again; the blueprint "
                    "has not been changed.")
        if self.mode == NEW:
            return ("It opens untitled, in place of the blueprint open now (you are asked "
                    "to save that first). Save it to keep it.")
        if not self.changes:
            return "Everything it says, the blueprint already says."
        return ("Import makes these changes as one step (Edit → Undo takes it back). Save the "
                "blueprint to keep them.")

    # ------------------------------------------------------------ doing it

    def _current(self, whole_file: bool) -> Blueprint:
        """What the source goes into: the whole file (a model), or what is shown."""
        return self.document.file_blueprint if whole_file else self.document.blueprint

    def apply(self) -> None:
        """Do it and close: the changes as one undoable step, or the new blueprint opened
        (by the window, on ``openAsNew``). The open blueprint changed since the source was
        read: nothing is done (the changes listed are no longer what would happen)."""
        after = self.after
        if after is None:
            self.reject()
            return
        if self.mode == NEW:
            self.accept()
            self.openAsNew.emit(after)
            return
        if self._current(self.reading.whole_file) is not self.before:
            self.reject()
            return
        text = f"Import from {self.source.name}"
        if self.changes and self.reading.whole_file and self.document.option is not None:
            self.document.edit_file(text, after)  # into the file, not the option shown
        elif self.changes:
            self.document.edit(text, after, edits.changed_ids(self.before, after))
        self.accept()


class Importer(QObject):
    """File ▸ Import ▸ …: choose a source, read it (on the worker thread behind a progress
    indicator when it is large, with a busy cursor), show the preview, then do what the
    user chose: the changes as one undoable step, or the result opened as a new blueprint
    through the window's :class:`~designer.ui.file_controller.FileController`."""

    message = Signal(str, int)

    def __init__(self, document: Document, files: FileController, window: QWidget,
                 has_blueprint: Callable[[], bool]):
        super().__init__(window)
        self.document = document
        self.files = files
        self.window = window
        self.has_blueprint = has_blueprint
        self.last_preview: ImportPreview | None = None
        """The last preview shown (for tests and screenshots)."""
        self.last_error: QMessageBox | None = None
        self.job = LatestJob(self)
        self.job.done.connect(self._read)
        self.job.failed.connect(self._failed)
        self._progress: QProgressDialog | None = None
        self._reading: Path | None = None

    @property
    def busy(self) -> bool:
        """A source is being read on the worker thread."""
        return self._reading is not None

    def choose(self, model: bool) -> None:
        """Ask for the file (a spreadsheet, or an ArchiMate model), then import it."""
        start = str(self.document.folder or Path.home())
        if model:
            title, filters = "Import an ArchiMate model", \
                f"{formats.by_key('archimate').file_filter};;All files (*)"
        else:
            title, filters = "Import from spreadsheet", FILE_FILTER
        path, _ = QFileDialog.getOpenFileName(self.window, title, start, filters)
        if path:
            self.import_file(path, model=model)

    def import_file(self, path: str | os.PathLike[str], *, model: bool) -> None:
        """Read ``path`` for the preview: a spreadsheet always into the open blueprint; an
        ArchiMate model as a new blueprint, or into the open one if there is one."""
        if self.busy:
            return
        source = Path(path)
        fmt = formats.by_key("archimate") if model else format_for(source)
        into = self.has_blueprint() or not model
        base = self.document.file_blueprint if model else self.document.blueprint
        work = partial(read_source, fmt, source, base if into else None, into=into, new=model,
                       whole_file=model)
        try:
            slow = source.stat().st_size > SLOW_BYTES
        except OSError:
            slow = False  # the reader says why, located
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        self._reading = source
        if not slow:
            try:
                reading = work()
            except Exception as exc:  # a bug, never the user's file: said, nothing changed
                self._failed(exc)
                return
            self._read(reading)
            return
        self._progress = QProgressDialog(f"Reading {source.name}…", "", 0, 0, self.window)
        self._progress.setObjectName("importProgress")
        self._progress.setCancelButton(None)
        self._progress.setWindowTitle(APP_TITLE)
        self._progress.setMinimumDuration(0)
        self._progress.setWindowModality(Qt.WindowModality.WindowModal)
        self._progress.show()
        self.job.start(work)

    def _done_reading(self) -> Path | None:
        source, self._reading = self._reading, None
        if self._progress is not None:
            self._progress.close()
            self._progress.deleteLater()
            self._progress = None
        if source is not None:
            QApplication.restoreOverrideCursor()
        return source

    def _read(self, reading: Reading) -> None:
        self._done_reading()
        preview = ImportPreview(self.document, reading.source, self.window, reading=reading)
        preview.openAsNew.connect(lambda bp: self._open_new(bp, reading.source))
        self.last_preview = preview
        preview.exec()

    def _failed(self, exc: BaseException) -> None:
        source = self._done_reading()
        name = source.name if source else "The file"
        box = QMessageBox(QMessageBox.Icon.Critical, APP_TITLE,
                          f"{name} could not be imported.", parent=self.window)
        box.setInformativeText(f"{type(exc).__name__}: {exc}\n\nNothing has been changed.")
        box.setObjectName("importFailedDialog")
        self.last_error = box
        box.open()

    def _open_new(self, bp: Blueprint, source: Path) -> None:
        if not self.files.ask_save_changes(f"opening {source.name}"):
            return
        self.files.set_blueprint(bp, None, dirty=True)
        self.message.emit(f"Imported {source.name} as a new blueprint: save it to keep it",
                          8000)
