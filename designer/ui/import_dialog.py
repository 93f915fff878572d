"""File → Import from Spreadsheet…: what a filled-in baseline sheet would change, then
the change as one undoable step.

The sheet is read by the import-format registry (``designer.core.imports``), the same
readers ``designer import`` runs; the changes are listed in the semantic diff's words
(``designer.core.diff.describe``). A sheet that cannot be read lists every problem,
each with its cell, and offers nothing to import.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from designer.core import diff, edits
from designer.core.imports import formats
from designer.core.imports.formats import ImportFileError
from designer.core.schema import Blueprint
from designer.ui.document import Document
from designer.ui.widgets import literal

FILE_FILTER = "Spreadsheets (*.xlsx *.csv);;Excel workbook (*.xlsx);;CSV file (*.csv)"
SLOW_BYTES = 2 * 1024 * 1024
"""Sheets larger than this are read behind a progress indicator."""


def format_for(path: Path) -> formats.ImportFormat:
    """The registry's reader for a file, by its extension (a workbook unless .csv)."""
    suffix = path.suffix.lower()
    for fmt in formats.FORMATS:
        if suffix in fmt.suffixes:
            return fmt
    return formats.by_key("xlsx")


class ImportPreview(QDialog):
    """The changes a sheet makes to the document's blueprint, and a button to make them."""

    def __init__(self, document: Document, source: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("importPreview")
        self.setWindowTitle(f"Import from {source.name}")
        self.document = document
        self.source = source
        self.before: Blueprint = document.blueprint
        self.after: Blueprint | None = None
        self.problems: list[str] = []
        self.changes: list[str] = []
        try:
            self.after = format_for(source).read(source, self.before).blueprint
        except ImportFileError as exc:
            self.problems = [str(p) for p in exc.problems]
        if self.after is not None:
            self.changes = diff.describe(diff.diff(self.before, self.after), self.before,
                                         self.after)

        self.heading = QLabel(self._heading())
        self.heading.setObjectName("importHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.heading.setFont(font)
        self.note = QLabel(self._note())
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.list = QListWidget()
        self.list.setObjectName("importChanges")
        self.list.setAccessibleName("Problems" if self.problems else "Changes")
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.setAlternatingRowColors(True)
        self.list.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.list.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        for line in self.problems or self.changes:
            item = QListWidgetItem(line)
            item.setToolTip(line)
            self.list.addItem(item)
        self.list.setVisible(bool(self.problems or self.changes))

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(
            literal(f"Import {len(self.changes)} Change" + ("s" if len(self.changes) != 1
                                                              else "")),
            QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(bool(self.changes))
        self.import_button.setDefault(bool(self.changes))
        self.import_button.setVisible(not self.problems)
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(10)
        layout.addWidget(self.heading)
        layout.addWidget(self.note)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)
        self.resize(*self._size(parent))

    @staticmethod
    def _size(parent: QWidget | None) -> tuple[int, int]:
        """About half the window it opens over: room for long lines without covering it."""
        if parent is None:
            return 760, 520
        return (max(640, min(1000, parent.width() * 55 // 100)),
                max(420, min(760, parent.height() * 65 // 100)))

    def _heading(self) -> str:
        name = self.source.name
        if self.problems:
            return f"Nothing can be imported from {name}"
        if not self.changes:
            return f"{name} changes nothing"
        count = len(self.changes)
        return f"{name} changes {count} element{'s' if count != 1 else ''}"

    def _note(self) -> str:
        if self.problems:
            return ("Correct these cells in the spreadsheet and import it again; the blueprint "
                    "has not been changed.")
        if not self.changes:
            return "Every cell says what the blueprint already says."
        return ("Import makes these changes as one step (Edit → Undo takes it back). Save the "
                "blueprint to keep them.")

    def apply(self) -> None:
        """Make the changes in the document, as one undoable step, and close."""
        if self.after is not None and self.changes:
            self.document.edit(f"Import from {self.source.name}", self.after,
                               edits.changed_ids(self.before, self.after))
        self.accept()
