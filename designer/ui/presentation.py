"""Presentation mode (F5): the blueprint on a projector, stepped through a chosen sequence.

The window goes full screen with every dock, the toolbar, menu and status bar put
away, and a caption strip above the canvas says what each step shows. PageDown,
Space, → and ↓ step on; PageUp, Backspace, ← and ↑ step back; Home and End go to the
first and last step; P toggles a soft spotlight following the pointer, T switches
between light and dark, M between the canvas and the matrix; Esc (or F5) leaves, and
everything comes back exactly as it was: window geometry, docks, toolbar, zoom,
selection and theme. Presenting changes nothing in the blueprint (no undo step).

Type is sized for a 1366×768 projector: the canvas's smallest text is at least 18 px
high there (:func:`designer.ui.canvas.view.presentation_zoom`), the matrix's too, and
the strip's lettering no smaller. The steps come from the sources in
:mod:`designer.core.presentation` the user ticked in View ▸ Present.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QEvent, QObject, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QCursor,
    QFont,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPen,
    QRadialGradient,
    QTransform,
)
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from designer.core import presentation
from designer.core.presentation import PresentationStep
from designer.ui.canvas.view import presentation_zoom
from designer.ui.style import apply_theme, as_html, is_dark

if TYPE_CHECKING:
    from designer.ui.main_window import MainWindow

TITLE_PX, CAPTION_PX, SMALL_PX = 30, 24, 18
"""Pixel sizes of the strip's title, caption and smallest words (a projector at 1366)."""
MATRIX_PX = 22
"""The matrix's text while presenting (its badge letters are no smaller than 18 px)."""
SPOTLIGHT_RADIUS = 72
KEYS = {
    "next": ("PgDown", "Space", "Right", "Down"),
    "previous": ("PgUp", "Backspace", "Left", "Up"),
    "first": ("Home",),
    "last": ("End",),
    "pointer": ("P",),
    "theme": ("T",),
    "matrix": ("M",),
    "leave": ("Esc",),
}
"""The presenter's keys (live only while presenting)."""
HINT = ("PgDn / Space: next · PgUp / Backspace: back · P: pointer · T: light or dark · "
        "M: matrix · Esc: leave")


def _px_font(base: QFont, px: int, bold: bool = False) -> QFont:
    f = QFont(base)
    f.setPixelSize(px)
    f.setBold(bold)
    return f


class CaptionStrip(QFrame):
    """The strip above the canvas while presenting: the step's title and caption in large
    type, where we are in the sequence, and the keys."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("presentStrip")
        base = self.font()
        self.title = QLabel(self)
        self.title.setObjectName("presentTitle")
        self.title.setFont(_px_font(base, TITLE_PX, bold=True))
        self.title.setWordWrap(True)
        self.counter = QLabel(self)
        self.counter.setObjectName("presentCounter")
        self.counter.setFont(_px_font(base, SMALL_PX + 2))
        self.counter.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.caption = QLabel(self)
        self.caption.setObjectName("presentCaption")
        self.caption.setFont(_px_font(base, CAPTION_PX))
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.hint = QLabel(HINT, self)
        self.hint.setObjectName("presentHint")
        self.hint.setFont(_px_font(base, SMALL_PX))
        self.hint.setWordWrap(True)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(24)
        top.addWidget(self.title, 1)
        top.addWidget(self.counter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 16, 32, 14)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.caption)
        layout.addWidget(self.hint)
        self.restyle()
        self.hide()

    def restyle(self) -> None:
        """Colours for the current light or dark palette."""
        dark = is_dark()
        bg, fg, muted, rule = ("#17181A", "#F1F3F4", "#B8BEC5", "#3A4047") if dark else \
            ("#FFFFFF", "#111418", "#4A525B", "#D5D9DE")
        self.setStyleSheet(
            f"QFrame#presentStrip {{ background: {bg}; border-bottom: 2px solid {rule}; }}"
            f"QFrame#presentStrip QLabel {{ color: {fg}; background: transparent; }}"
            f"QLabel#presentHint, QLabel#presentCounter {{ color: {muted}; }}")

    def show_text(self, title: str, caption: str, counter: str) -> None:
        self.title.setText(as_html(title))
        self.caption.setText(caption)
        self.counter.setText(counter)


class Spotlight(QWidget):
    """A soft circle of light following the pointer over the canvas (the presenter's
    laser pointer). Never takes the mouse: clicks go to the canvas below."""

    def __init__(self, viewport: QWidget):
        super().__init__(viewport)
        self.setObjectName("presentSpotlight")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setAttribute(Qt.WidgetAttribute.WA_TranslucentBackground)
        self.at: QPointF | None = None
        self.setGeometry(viewport.rect())
        viewport.installEventFilter(self)
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Resize:
            self.setGeometry(self.parentWidget().rect())
        elif kind == QEvent.Type.MouseMove and self.isVisible():
            self.follow(event.position())  # type: ignore[attr-defined]
        elif kind == QEvent.Type.Leave and self.isVisible():
            self.at = None
            self.update()
        return False

    def follow(self, at: QPointF) -> None:
        """Move the light to ``at`` (viewport coordinates); repaints only where it was
        and where it goes."""
        r = SPOTLIGHT_RADIUS + 4
        for point in (self.at, at):
            if point is not None:
                self.update(QRectF(point.x() - r, point.y() - r, 2 * r, 2 * r).toRect())
        self.at = QPointF(at)

    def paintEvent(self, _event: QPaintEvent) -> None:
        if self.at is None:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        glow = QRadialGradient(self.at, SPOTLIGHT_RADIUS)
        glow.setColorAt(0.0, QColor(255, 214, 10, 120))
        glow.setColorAt(0.65, QColor(255, 214, 10, 70))
        glow.setColorAt(1.0, QColor(255, 214, 10, 0))
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(glow)
        p.drawEllipse(self.at, SPOTLIGHT_RADIUS, SPOTLIGHT_RADIUS)
        p.setPen(QPen(QColor(230, 160, 0, 200), 2.5))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawEllipse(self.at, SPOTLIGHT_RADIUS * 0.62, SPOTLIGHT_RADIUS * 0.62)
        p.end()


@dataclass
class _Saved:
    """What presenting changes, to put back exactly on leaving."""

    geometry: QByteArray
    """For the saved layout (QMainWindow.saveGeometry)."""
    rect: QRect
    window_state: Qt.WindowState
    docks: QByteArray
    menu_bar: bool
    status_bar: bool
    transform: QTransform
    scroll: tuple[int, int]
    selection: tuple[str, ...]
    legend: tuple[bool, bool]
    """Shown, folded."""
    minimap: bool
    theme: str


class Presenter(QObject):
    """Presentation mode of one main window: enter, step, leave.

    ``steps`` are the chosen sources' steps (:func:`designer.core.presentation.sequence`),
    ``index`` the step shown (-1: the opening card with the alliance's name).
    """

    changed = Signal()
    """Entered, left, or moved to another step."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.active = False
        self.steps: tuple[PresentationStep, ...] = ()
        self.index = -1
        self.showing_matrix = False
        self._saved: _Saved | None = None
        self._theme_changed = False
        self.strip = CaptionStrip(window)
        self.spotlight = Spotlight(window.canvas.viewport())
        self.matrix: QWidget | None = None  # made when first asked for
        self.actions: dict[str, QAction] = {}
        for name, keys in KEYS.items():
            act = QAction(name, window)
            act.setShortcuts([QKeySequence(k) for k in keys])
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.setEnabled(False)
            act.triggered.connect(getattr(self, f"key_{name}"))
            window.addAction(act)
            self.actions[name] = act
        window.document.changed.connect(self._document_changed)
        window.installEventFilter(self)

    @property
    def window(self) -> MainWindow:
        """The window presenting (its parent: no Python back-reference, so no cycle)."""
        return self.parent()  # type: ignore[return-value]

    # ------------------------------------------------------------ the sequence

    def chosen(self) -> list[str]:
        """Keys of the step sources ticked in View ▸ Present (all, the first time)."""
        keys = self.window.settings.value("presentation/sources")
        if keys is None:
            return [s.key for s in presentation.available()]
        if isinstance(keys, str):  # QSettings gives one value back as a string
            keys = [keys] if keys else []
        return [str(k) for k in keys]

    def set_chosen(self, keys: list[str]) -> None:
        self.window.settings.setValue("presentation/sources", list(keys))
        if self.active:
            self._reload_steps()

    def _reload_steps(self) -> None:
        self.steps = presentation.sequence(self.window.document.file_blueprint, self.chosen())
        if self.index >= len(self.steps):
            self.index = len(self.steps) - 1

    # ------------------------------------------------------------ enter and leave

    def toggle(self) -> None:
        if self.active:
            self.leave()
        else:
            self.enter()

    def enter(self) -> None:
        """Full screen, docks away, the caption strip, type sized for a projector."""
        if self.active or not self.window.has_blueprint:
            return
        w, canvas = self.window, self.window.canvas
        canvas.flush()
        self._saved = _Saved(
            geometry=w.saveGeometry(), rect=w.geometry(), window_state=w.windowState(),
            docks=w.saveState(), menu_bar=w.menuBar().isVisible(),
            status_bar=w.statusBar().isVisible(), transform=canvas.transform(),
            scroll=(canvas.horizontalScrollBar().value(), canvas.verticalScrollBar().value()),
            selection=w.document.selection(),
            legend=(canvas.legend.isVisible(), canvas.legend.folded),
            minimap=canvas.minimap_enabled, theme=str(w.settings.value("theme", "system")))
        self.active = True
        for dock in w.docks.values():
            dock.hide()
        w.toolbar.hide()
        w.menuBar().hide()
        w.statusBar().hide()
        w.workspace_layout.insertWidget(0, self.strip)
        self.strip.show()
        for act in self.actions.values():
            act.setEnabled(True)
        mode = str(w.settings.value("presentation/theme", "dark" if is_dark() else "light"))
        self._apply_theme(mode)
        canvas.set_presenting(True)
        w.showFullScreen()
        self._refit()
        self._reload_steps()
        self.index = -1
        self._show()
        canvas.setFocus(Qt.FocusReason.OtherFocusReason)
        self.changed.emit()

    def leave(self) -> None:
        """Everything back as it was before presenting."""
        if not self.active or self._saved is None:
            return
        w, canvas, saved = self.window, self.window.canvas, self._saved
        self.active = False
        self.set_pointer(False)
        w.clear_highlight()
        if self.showing_matrix:
            self.show_matrix(False)
        if self.matrix is not None:  # made for presenting: it would follow every edit
            self.matrix.deleteLater()
            self.matrix = None
        for act in self.actions.values():
            act.setEnabled(False)
        self.strip.hide()
        w.workspace_layout.removeWidget(self.strip)
        canvas.set_presenting(False)
        if self._theme_changed:  # the user's own theme back
            apply_theme(QApplication.instance(), saved.theme)
            w.retint_icons()
            self._theme_changed = False
        if saved.window_state & Qt.WindowState.WindowFullScreen:
            w.showFullScreen()
        elif saved.window_state & Qt.WindowState.WindowMaximized:
            w.showMaximized()
        else:
            w.showNormal()
            w.setGeometry(saved.rect)
        w.menuBar().setVisible(saved.menu_bar)
        w.statusBar().setVisible(saved.status_bar)
        w.restoreState(saved.docks)
        canvas.setTransform(saved.transform)
        canvas.horizontalScrollBar().setValue(saved.scroll[0])
        canvas.verticalScrollBar().setValue(saved.scroll[1])
        canvas.legend.set_folded(saved.legend[1])
        canvas.set_legend_visible(saved.legend[0])
        canvas.set_minimap_visible(saved.minimap)
        canvas.zoomChanged.emit(canvas.zoom())
        w.document.select(saved.selection, source=self)
        self._saved = None
        self.changed.emit()

    def saved_layout(self) -> tuple[QByteArray, QByteArray] | None:
        """(geometry, dock state) from before presenting, while presenting: what the
        window saves for next time, rather than the presentation's full screen."""
        s = self._saved
        return (s.geometry, s.docks) if self.active and s is not None else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.active and watched is self.window and event.type() == QEvent.Type.Resize:
            self._refit()
        return False

    def _refit(self) -> None:
        """The presenting zoom for the window's size (a 1366×768 projector: the smallest
        text 18 px high); a step on screen stays on screen."""
        if not self.active:
            return
        canvas, w = self.window.canvas, self.window
        centre = canvas.visible_scene_rect().center()
        canvas.set_min_zoom(presentation_zoom(w.width(), w.height()))
        canvas.centerOn(centre)
        if 0 <= self.index < len(self.steps):
            self._show()

    # ------------------------------------------------------------ stepping

    def go(self, index: int) -> None:
        """Show step ``index`` (-1: the opening card), kept within the sequence."""
        if not self.active:
            return
        self.index = max(-1, min(index, len(self.steps) - 1))
        self._show()
        self.changed.emit()

    def _show(self) -> None:
        """Caption, selection and view for the current step."""
        w = self.window
        n = len(self.steps)
        if self.index < 0:
            labels = [s.label for s in presentation.available() if s.key in self.chosen()]
            if n:
                caption = (f"{n} step{'s' * (n != 1)}: {', '.join(labels)}. "
                           "Press Page Down or Space to begin.")
            else:
                caption = ("Nothing to step through: choose what to present in View ▸ "
                           "Present (it stays chosen), or show the canvas as it is.")
            self.strip.show_text(w.document.blueprint.alliance.name, caption,
                                 f"{n} step{'s' * (n != 1)}")
            w.clear_highlight()
            w.canvas.show_step((), (), None)
            return
        step = self.steps[self.index]
        self.strip.show_text(step.title, step.caption, f"{self.index + 1} / {n}")
        w.document.select(step.select, source=self)
        if step.highlight:  # a path across the lanes, the rest dimmed (as Play does);
            w.highlight(step.highlight)  # at presenting size its provider is what to see:
            w.canvas.show_step(step.highlight[1:3] or step.highlight[:1], (), None)
        else:
            w.clear_highlight()
            w.canvas.show_step(step.select, (), step.lane)

    def key_next(self) -> None:
        self.go(self.index + 1)

    def key_previous(self) -> None:
        self.go(self.index - 1)

    def key_first(self) -> None:
        self.go(0)

    def key_last(self) -> None:
        self.go(len(self.steps) - 1)

    def key_leave(self) -> None:
        self.leave()

    def _document_changed(self, _touched: Any) -> None:
        if self.active:
            self._reload_steps()
            self._show()

    # ------------------------------------------------------------ pointer, theme, matrix

    def key_pointer(self) -> None:
        self.set_pointer(not self.spotlight.isVisible())

    def set_pointer(self, on: bool) -> None:
        """The spotlight following the pointer (P)."""
        spot = self.spotlight
        if on and self.active:
            spot.setGeometry(spot.parentWidget().rect())
            canvas = self.window.canvas
            spot.at = QPointF(canvas.viewport().mapFromGlobal(QCursor.pos()))
            spot.show()
            spot.raise_()
        else:
            spot.hide()
            spot.at = None

    def key_theme(self) -> None:
        mode = "light" if is_dark() else "dark"
        self.window.settings.setValue("presentation/theme", mode)
        self._apply_theme(mode)

    def _apply_theme(self, mode: str) -> None:
        """Present in light or dark (the user's own theme comes back on leaving)."""
        if mode != ("dark" if is_dark() else "light"):
            apply_theme(QApplication.instance(), mode)
            self.window.retint_icons()
            self._theme_changed = True
        self.strip.restyle()

    def key_matrix(self) -> None:
        self.show_matrix(not self.showing_matrix)

    def show_matrix(self, on: bool) -> None:
        """The matrix instead of the canvas (M), in presenting type."""
        w = self.window
        if on and not self.active:
            return
        if on and self.matrix is None:
            from designer.ui.matrix import MatrixView

            self.matrix = MatrixView(w.document, w)
            self.matrix.setObjectName("presentMatrix")
            self.matrix.set_text_px(MATRIX_PX)
            self.matrix.hide()
        if self.matrix is None:
            return
        self.showing_matrix = on
        layout = w.workspace_layout
        if on:
            layout.insertWidget(layout.indexOf(w.canvas), self.matrix, 1)
            self.matrix.show()
            w.canvas.hide()
            self.matrix.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.matrix.hide()
            layout.removeWidget(self.matrix)
            w.canvas.show()
            w.canvas.setFocus(Qt.FocusReason.OtherFocusReason)

