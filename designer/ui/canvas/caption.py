"""A caption strip over the top of the canvas: what the highlighted path shows.

Walk-through Play writes each step's caption here; any other feature may too
(``caption.show_text(text)``, ``caption.show_text("")`` hides it). It floats over the
canvas's viewport, centred at the top, and follows the canvas's size and palette.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QLabel

from designer.ui.style import HIGHLIGHT_COLOUR

MARGIN = 12
MAX_WIDTH = 900


class Caption(QLabel):
    """The caption strip (hidden while it has nothing to say)."""

    def __init__(self, view: QAbstractScrollArea):
        super().__init__(view)
        self.setObjectName("canvasCaption")
        self.setAccessibleName("Caption")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.setFont(font)
        self.setStyleSheet(
            f"QLabel#canvasCaption {{ background: rgba(29, 33, 37, 232); color: #FFFFFF; "
            f"border-left: 6px solid {HIGHLIGHT_COLOUR}; border-radius: 6px; "
            "padding: 10px 16px; }")
        self.hide()
        view.installEventFilter(self)

    def show_text(self, text: str) -> None:
        """Show ``text`` (empty: hide the strip)."""
        if not text:
            self.hide()
            return
        self.setText(text)
        self._place()
        self.show()
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self._place()
        return False

    def _place(self) -> None:
        view = self.parentWidget()  # no Python back-reference to the view: no cycle
        assert isinstance(view, QAbstractScrollArea)
        area = view.viewport().geometry()
        width = min(MAX_WIDTH, area.width() - 2 * MARGIN)
        self.setFixedWidth(max(200, width))
        self.adjustSize()
        self.move(area.left() + (area.width() - self.width()) // 2, area.top() + MARGIN)
