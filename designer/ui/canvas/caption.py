"""A caption strip over the top of the canvas: what the highlighted path shows.

Walk-through Play writes each step's caption here; any other feature may too
(``caption.show_text(text)``, ``caption.show_text("")`` hides it). It floats over the
bottom of the canvas's viewport, centred and clear of the overview map (the path it
describes usually runs through the alliance band and lane headers at the top), and
follows the canvas's size.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel

from designer.ui.style import HIGHLIGHT_COLOUR

if TYPE_CHECKING:
    from designer.ui.canvas.view import CanvasView

MARGIN = 12
MAX_WIDTH = 900


class Caption(QLabel):
    """The caption strip (hidden while it has nothing to say)."""

    def __init__(self, view: CanvasView):
        super().__init__(view)
        self.setObjectName("canvasCaption")
        self.setAccessibleName("Caption")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setStyleSheet(
            f"QLabel#canvasCaption {{ background: rgba(29, 33, 37, 232); color: #FFFFFF; "
            f"border-left: 6px solid {HIGHLIGHT_COLOUR}; border-radius: 6px; "
            "padding: 6px 12px; }")
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
        view: CanvasView = self.parentWidget()  # type: ignore[assignment]  # no back-reference
        area = view.viewport().geometry()
        beside = view.minimap.width() + MARGIN if view.minimap.isVisible() else 0
        width = min(MAX_WIDTH, area.width() - 2 * (MARGIN + beside))
        self.setFixedWidth(max(200, width))
        self.setFixedHeight(self.heightForWidth(self.width()))
        self.move(area.left() + (area.width() - self.width()) // 2,
                  area.bottom() - self.height() - MARGIN)
