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
    QFrame,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QScrollArea,
    QSizePolicy,
    QSplitter,
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


def detail_pane(parent: QWidget, name: str, accessible_name: str, min_height: int,
                margins: tuple[int, int, int, int] = (8, 4, 8, 4)) -> tuple[QLabel, QScrollArea]:
    """The label under a list that shows the current row whole (rows are cut to one
    line): wrapped, selectable, scrolling when long. Returns the label and its area."""
    label = QLabel(parent)
    label.setObjectName(name)
    label.setAccessibleName(accessible_name)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setContentsMargins(*margins)
    area = QScrollArea(parent)
    area.setWidget(label)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setMinimumHeight(min_height)
    return label, area


def list_over_detail(parent: QWidget, top: QWidget, detail: QWidget,
                     stretch: tuple[int, int], name: str = "") -> QSplitter:
    """A list above its detail pane, the user free to move the line between them (neither
    collapsing away), sharing the height as ``stretch`` says."""
    split = QSplitter(Qt.Orientation.Vertical, parent)
    if name:
        split.setObjectName(name)
    split.setChildrenCollapsible(False)
    split.addWidget(top)
    split.addWidget(detail)
    split.setStretchFactor(0, stretch[0])
    split.setStretchFactor(1, stretch[1])
    return split


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
