"""Small widget helpers the window and docks share, so every search box, progress
indicator and button behaves alike."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QSizePolicy,
    QWidget,
)


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


class ElidedLabel(QLabel):
    """A one-line label that shortens its text with "…" to the room it gets; the whole
    text is in its tooltip."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def set_full_text(self, text: str) -> None:
        self.full = text
        self.setToolTip(text)
        self._elide()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = self.contentsRect().width()
        self.setText(QFontMetrics(self.font()).elidedText(
            self.full, Qt.TextElideMode.ElideRight, max(width, 0)) if width > 0 else self.full)
