"""Small widget helpers the window and docks share, so every search box, progress
indicator and button behaves alike."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QProgressDialog, QWidget


def literal(text: str) -> str:
    """User text for a button, menu item or buddied label, where a lone '&' would mark a
    keyboard accelerator ("D&C" drawn "DC" with the C underlined): '&&' draws one '&'."""
    return text.replace("&", "&&")


def search_field(parent: QWidget, placeholder: str, accessible_name: str) -> QLineEdit:
    """A search/filter box: placeholder hint, clear button, a name screen readers announce."""
    edit = QLineEdit(parent)
    edit.setPlaceholderText(placeholder)
    edit.setClearButtonEnabled(True)
    edit.setAccessibleName(accessible_name)
    return edit


@contextlib.contextmanager
def busy(parent: QWidget, text: str, slow: bool, title: str) -> Iterator[Callable[[str], None]]:
    """A progress indicator for work expected to take over half a second (reading and
    drawing a large file, laying out thousands of nodes); yields ``step(text)`` to say
    what is being done now. Nothing is shown unless ``slow``."""
    if not slow:
        yield lambda _text: None
        return
    progress = QProgressDialog(text, "", 0, 0, parent)
    progress.setCancelButton(None)
    progress.setWindowTitle(title)
    progress.setMinimumDuration(0)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.show()
    QApplication.processEvents()

    def step(text: str) -> None:
        progress.setLabelText(text)
        QApplication.processEvents()

    try:
        yield step
    finally:
        progress.close()
        progress.deleteLater()
