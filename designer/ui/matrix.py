"""The arrangement matrix: functions down the side (grouped by catalogue category), forces across.

This is the table alliance boards read: each cell says how one force receives one
function — local, shared (hosted by X) or joint (led by Y) — in colour *and* words
(badge letter plus text), so it survives greyscale print. A cell changes by click
(a menu of the possible arrangements), by context menu, or by keyboard: L, S, J set
local, shared (hosted by the cell's force unless it already has a host) or joint (led
by the cell's force unless it already has a lead); Enter or Space opens the menu;
Delete makes it local. Narrow columns show short wordings that keep the host or lead
("Host WILTS") and forces' short codes in the header. Every change is one undoable
edit through the document (``edits.set_arrangement``); the model re-reads the
blueprint whenever the document changes, so it never drifts from the canvas.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from designer.core import challenges, edits
from designer.core.catalogue import load_catalogue
from designer.core.delivery import LOCAL, MODELS, Cell, cell_for
from designer.core.layout import ordered_functions
from designer.core.node_text import with_challenges
from designer.core.options import MARK_BADGES
from designer.core.schema import Blueprint, Function
from designer.ui.style import CHALLENGE_COLOUR, OPTION_COLOUR, delivery_colour, text_on
from designer.ui.widgets import literal

PAD = 8  # text inset, on the 8 px grid
NAME_WIDTH = 240  # the function-name column, when there is room
NAME_MIN = 160  # ... and when there is not: the force columns need the space more
FORCE_WANTS = 150  # a force column this wide shows "S · host WILTS" whole
BADGE = 18  # diameter of a cell's delivery badge
CellRole = Qt.ItemDataRole.UserRole + 1
"""A :class:`Cell` for force cells, ``None`` elsewhere."""
KindRole = Qt.ItemDataRole.UserRole + 2
"""'category' or 'function'."""
IdRole = Qt.ItemDataRole.UserRole + 3
"""The function id (function rows) or category id (category rows)."""
ChallengesRole = Qt.ItemDataRole.UserRole + 4
"""The open challenges on a function (its name cell shows them in a badge)."""
OptionMarkRole = Qt.ItemDataRole.UserRole + 5
"""The glyph of the option shown's mark on a function it changes or adds ("" if none)."""
BUBBLE = 22  # width of the name cell's open-challenge badge
TAG = 22  # width of the name cell's option mark


def fitted_text(variants: tuple[str, ...], metrics: QFontMetrics, width: int) -> str:
    """The longest wording that fits ``width``; else the shortest, elided with "…"."""
    for text in variants:
        if metrics.horizontalAdvance(text) <= width:
            return text
    return metrics.elidedText(variants[-1], Qt.TextElideMode.ElideRight, width)


class MatrixModel(QAbstractTableModel):
    """Rows: a caption per catalogue category, then its functions. Columns: name, each force."""

    def __init__(self, document: Any, parent: Any = None):
        super().__init__(parent)
        self.document = document
        self._rows: list[tuple[str, str]] = []  # ("category", id) or ("function", id)
        self._functions: dict[str, Function] = {}
        self._forces: list[str] = []
        self._compact: frozenset[str] = frozenset()  # forces whose header shows the short code
        self._marks: dict[str, challenges.Mark] = {}
        self._log: tuple | None = None  # the challenges the marks were read from
        self._option_marks: dict[str, str] = {}  # id → glyph of the option shown's mark
        self._option_tips: dict[str, str] = {}
        self._read(document.blueprint)
        document.changed.connect(self._document_changed)

    def _read(self, bp: Blueprint, rows: list[tuple[str, str]] | None = None) -> None:
        self._rows = rows if rows is not None else _rows_of(bp)
        self._functions = {f.id: f for f in bp.functions}
        self._forces = list(bp.force_ids())
        self._bp = bp
        self._catalogue = load_catalogue()
        if bp.challenges is not self._log:
            self._log = bp.challenges
            self._marks = challenges.marks(bp)
        self._option_marks = {i: MARK_BADGES[m] for i, m in self.document.marks.items()
                              if m != "removed"}
        self._option_tips = self.document.mark_tips

    def _document_changed(self, _touched: Any) -> None:
        """Same rows and columns: repaint the cells; otherwise rebuild (the view keeps
        its place through the document's selection)."""
        bp = self.document.blueprint
        new_rows = _rows_of(bp)
        if new_rows == self._rows and list(bp.force_ids()) == self._forces:
            self._read(bp, new_rows)
            if self._rows:
                self.dataChanged.emit(self.index(0, 0),
                                      self.index(len(self._rows) - 1, len(self._forces)))
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._forces))
            return
        self.beginResetModel()
        self._read(bp, new_rows)
        self.endResetModel()

    # ------------------------------------------------------------ look-ups

    def forces(self) -> list[str]:
        return list(self._forces)

    def row_kind(self, row: int) -> str:
        return self._rows[row][0]

    def row_id(self, row: int) -> str:
        return self._rows[row][1]

    def row_of(self, function_id: str) -> int:
        for i, (kind, ident) in enumerate(self._rows):
            if kind == "function" and ident == function_id:
                return i
        return -1

    def set_compact_headers(self, force_ids: frozenset[str]) -> None:
        """Show these forces' short codes in the header (their columns are too narrow for
        the full name, which stays in the header's tooltip)."""
        if force_ids != self._compact:
            self._compact = force_ids
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 1, len(self._forces))

    def header_name(self, force_id: str) -> str:
        """The force's full name (what a wide column's header shows)."""
        force = next((f for f in self._bp.forces if f.id == force_id), None)
        return force.name if force else force_id

    def force_of(self, column: int) -> str | None:
        return self._forces[column - 1] if 1 <= column <= len(self._forces) else None

    def cell(self, index: QModelIndex | QPersistentModelIndex) -> Cell | None:
        if not index.isValid():
            return None
        kind, ident = self._rows[index.row()]
        force = self.force_of(index.column())
        if kind != "function" or force is None:
            return None
        return cell_for(self._bp, self._functions[ident], force)

    # ------------------------------------------------------------ Qt model

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 1 + len(self._forces)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self._rows[index.row()][0] == "category":
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        forces = {f.id: f for f in self._bp.forces}
        force = forces.get(self.force_of(section) or "")
        if role == Qt.ItemDataRole.DisplayRole:
            if section == 0:
                return "Function"
            if force is None:
                return ""
            return force.short_code if force.id in self._compact else force.name
        if role == Qt.ItemDataRole.AccessibleTextRole and force is not None:
            return force.name
        if role == Qt.ItemDataRole.ToolTipRole and force is not None:
            return f"{force.name} ({force.short_code})\nPCC: {force.pcc}\n" \
                   f"Chief Constable: {force.chief_constable}"
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        kind, ident = self._rows[index.row()]
        if role == KindRole:
            return kind
        if role == IdRole:
            return ident
        if kind == "category":
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
                return self._catalogue.name_of(ident)
            if role == Qt.ItemDataRole.FontRole:
                f = QFont()
                f.setBold(True)
                return f
            if role == Qt.ItemDataRole.AccessibleTextRole and index.column() == 0:
                return f"Category: {self._catalogue.name_of(ident)}"
            return None
        fn = self._functions[ident]
        if index.column() == 0:
            mark = self._marks.get(ident)
            option = self._option_tips.get(ident, "")
            if role == Qt.ItemDataRole.DisplayRole:
                return fn.name
            if role == Qt.ItemDataRole.AccessibleTextRole:
                n = mark.open if mark else 0
                text = f"{fn.name}, {n} open challenge{'s' * (n != 1)}" if n else fn.name
                return f"{text}; {option}" if option else text
            if role == Qt.ItemDataRole.ToolTipRole:
                tip = f"{fn.name}\n{self._catalogue.name_of(fn.category)}"
                if option:
                    tip = f"{tip}\n\n{option}"
                return with_challenges(tip, mark.tip) if mark else tip
            if role == ChallengesRole:
                return mark.open if mark else 0
            if role == OptionMarkRole:
                return self._option_marks.get(ident, "")
            return None
        cell = self.cell(index)
        if cell is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return cell.text
        if role == CellRole:
            return cell
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return cell.sentence
        return None


def _rows_of(bp: Blueprint) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    last = None
    for fn in ordered_functions(bp):
        top = fn.category.split("/")[0]
        if top != last:
            rows.append(("category", top))
            last = top
        rows.append(("function", fn.id))
    return rows


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor(round(a.red() * t + b.red() * (1 - t)),
                  round(a.green() * t + b.green() * (1 - t)),
                  round(a.blue() * t + b.blue() * (1 - t)))


def _paint_tag(painter: QPainter, box: QRectF, glyph: str, font: QFont,
               base: QColor) -> None:
    """The option shown's mark (Δ changed, + added) on a square-cut tag in the option
    colour, as on the canvas nodes; the tooltip says what the option does."""
    colour = QColor(OPTION_COLOUR)
    painter.setPen(QPen(base, 1.0))
    painter.setBrush(colour)
    painter.drawRoundedRect(box, 3, 3)
    f = QFont(font)
    f.setBold(True)
    painter.setFont(f)
    painter.setPen(text_on(colour))
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, glyph)


def _paint_bubble(painter: QPainter, box: QRectF, count: int, font: QFont) -> None:
    """The open-challenge count on the badge colour (as on the canvas nodes)."""
    colour = QColor(CHALLENGE_COLOUR)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawRoundedRect(box, 8, 8)
    f = QFont(font)
    f.setBold(True)
    f.setPointSizeF(max(6.0, f.pointSizeF() - 1))
    painter.setFont(f)
    painter.setPen(text_on(colour))
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, f"{count}" if count < 100 else "99+")


class CellDelegate(QStyledItemDelegate):
    """Paints a force cell: tinted by delivery model, badge letter, words."""

    badge = BADGE
    """The badge's diameter (larger when presenting: :meth:`MatrixView.set_text_px`)."""
    row = 28

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        cell = index.data(CellRole)
        kind = index.data(KindRole)
        palette = option.palette  # type: ignore[attr-defined]
        rect: QRect = option.rect  # type: ignore[attr-defined]
        state = option.state  # type: ignore[attr-defined]
        base = palette.color(QPalette.ColorRole.Base)
        dark = base.lightness() < 128
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text_colour = palette.color(QPalette.ColorRole.Text)
        if kind == "category":
            painter.fillRect(rect, palette.color(QPalette.ColorRole.AlternateBase))
            if index.column() == 0:
                f = QFont(option.font)  # type: ignore[attr-defined]
                f.setBold(True)
                painter.setFont(f)
                painter.setPen(text_colour)
                painter.drawText(rect.adjusted(PAD, 0, -PAD, 0),
                                 Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                                 str(index.data(Qt.ItemDataRole.DisplayRole) or ""))
            painter.restore()
            return
        if cell is None:  # the function's name
            selected = bool(state & QStyle.StateFlag.State_Selected)
            if selected:
                painter.fillRect(rect, palette.color(QPalette.ColorRole.Highlight))
            painter.setPen(palette.color(QPalette.ColorRole.HighlightedText) if selected
                           else text_colour)
            painter.setFont(option.font)  # type: ignore[attr-defined]
            inner = rect.adjusted(PAD, 0, -PAD, 0)
            count = index.data(ChallengesRole) or 0
            glyph = index.data(OptionMarkRole) or ""
            if count:
                inner.setRight(inner.right() - BUBBLE - PAD // 2)
            if glyph:
                inner.setRight(inner.right() - TAG - PAD // 2)
            text = option.fontMetrics.elidedText(  # type: ignore[attr-defined]
                str(index.data(Qt.ItemDataRole.DisplayRole) or ""),
                Qt.TextElideMode.ElideRight, inner.width())
            painter.drawText(inner, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             text)
            if count:
                _paint_bubble(painter, QRectF(rect.right() - PAD - BUBBLE,
                                              rect.center().y() - 8, BUBBLE, 16),
                              count, option.font)  # type: ignore[attr-defined]
            if glyph:
                right = rect.right() - PAD - (BUBBLE + PAD // 2 if count else 0)
                _paint_tag(painter, QRectF(right - TAG, rect.center().y() - 8, TAG, 16),
                           glyph, option.font, base)  # type: ignore[attr-defined]
            painter.restore()
            return
        colour = QColor(delivery_colour(cell.delivery))
        painter.fillRect(rect.adjusted(1, 1, -1, -1), _mix(colour, base, 0.30 if dark else 0.14))
        d = self.badge
        badge = QRectF(rect.left() + 8, rect.center().y() - d / 2 + 1, d, d)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawEllipse(badge)
        f = QFont(option.font)  # type: ignore[attr-defined]
        f.setBold(True)
        if f.pixelSize() <= 0:  # the usual look: a point smaller than the words
            f.setPointSizeF(max(6.0, f.pointSizeF() - 1))
        painter.setFont(f)
        painter.setPen(text_on(colour))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, MODELS[cell.delivery].badge)
        text_rect = self.text_rect(rect)
        painter.setFont(option.font)  # type: ignore[attr-defined]
        painter.setPen(text_colour)
        text = fitted_text(cell.variants(), option.fontMetrics,  # type: ignore[attr-defined]
                           text_rect.width())
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         text)
        if state & QStyle.StateFlag.State_Selected or state & QStyle.StateFlag.State_HasFocus:
            pen = QPen(palette.color(QPalette.ColorRole.Highlight),
                       2.0 if state & QStyle.StateFlag.State_HasFocus else 1.0)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(rect).adjusted(1, 1, -1, -1))
        painter.restore()

    def text_rect(self, rect: QRect) -> QRect:
        """Where a force cell's words go: right of the badge, inset on the 8 px grid."""
        return QRect(rect.left() + 8 + self.badge + 8, rect.top(),
                     rect.width() - self.badge - 24, rect.height())

    def shown_text(self, option: QStyleOptionViewItem,
                   index: QModelIndex | QPersistentModelIndex) -> str:
        """The words :meth:`paint` draws in a force cell of ``option.rect``."""
        cell = index.data(CellRole)
        if cell is None:
            return str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        return fitted_text(cell.variants(), option.fontMetrics,  # type: ignore[attr-defined]
                           self.text_rect(option.rect).width())  # type: ignore[attr-defined]

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(max(size.width() + self.badge + 24, 150), max(size.height(), self.row))


class MatrixView(QTableView):
    """The matrix, ready to put in a dock: ``MatrixView(document)``."""

    message = Signal(str)
    """A refused change, in plain words (the main window shows it in the status bar)."""
    challengeRequested = Signal(object)
    """Add a challenge on this function (its id)."""

    def __init__(self, document: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.setObjectName("matrixView")
        self.setAccessibleName("Arrangement matrix")
        self.setAccessibleDescription("Functions by category down the side, forces across; "
                                      "each cell is local, shared or joint")
        self.function_actions: list[QAction] = []
        """Commands on the selected functions, under a cell's arrangements (set by the
        window)."""
        self.matrix = MatrixModel(document, self)
        self.setModel(self.matrix)
        self.delegate = CellDelegate(self)
        self.setItemDelegate(self.delegate)
        self.text_px: int | None = None
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)
        self.setCornerButtonEnabled(False)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(28)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setHighlightSections(False)
        header.setMinimumSectionSize(120)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        # sizes of stretched sections settle only after the signal: fit once they have
        self._header_fit = QTimer(self)
        self._header_fit.setSingleShot(True)
        self._header_fit.setInterval(0)
        self._header_fit.timeout.connect(self._fit_headers)
        header.sectionResized.connect(self._header_fit.start)
        header.sectionResized.connect(self._name_column_resized)
        self._fitting = False
        self._name_width_chosen = False  # the user dragged the name column: keep their width
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.DefaultContextMenu)
        self.matrix.modelReset.connect(self._after_reset)
        self.selectionModel().currentChanged.connect(self._current_changed)
        document.selectionChanged.connect(self._document_selection)
        document.changed.connect(self._header_fit.start)  # a renamed force may not fit
        self._after_reset()

    # ------------------------------------------------------------ shape

    def set_text_px(self, px: int | None) -> None:
        """Every word of the matrix ``px`` pixels high (presenting), badges and rows
        grown to match; ``None``: the usual look."""
        self.text_px = px
        font = QFont(self.parentWidget().font() if self.parentWidget() else self.font())
        if px:
            font.setPixelSize(px)
        self.setFont(font)
        header = self.horizontalHeader()
        header.setFont(font)
        # under the application's style sheet a header draws in the sheet's font
        header.setStyleSheet(f"QHeaderView {{ font-size: {px}px; }}" if px else "")
        self.delegate.badge = round(px * 1.3) if px else BADGE
        self.delegate.row = round(px * 2.1) if px else 28
        self.verticalHeader().setDefaultSectionSize(self.delegate.row)
        self._fit_name_column()
        self._fit_headers()
        self.viewport().update()

    def _after_reset(self) -> None:
        self.clearSpans()
        columns = self.matrix.columnCount()
        for row in range(self.matrix.rowCount()):
            if self.matrix.row_kind(row) == "category" and columns > 1:
                self.setSpan(row, 0, 1, columns)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self._fit_name_column()
        for c in range(1, columns):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Stretch)
        self._document_selection(self.document.selection())
        self._fit_headers()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._fit_name_column()

    def _fit_name_column(self) -> None:
        """Give the force columns room first: in a narrow dock (a 1024 px window) the name
        column shrinks so every force's host and lead stays in view without scrolling."""
        if self._name_width_chosen:
            return
        forces = self.matrix.columnCount() - 1
        if self.text_px:  # presenting: every name whole if the forces leave room
            names = [str(self.matrix.index(r, 0).data() or "") for r in
                     range(self.matrix.rowCount()) if self.matrix.row_kind(r) == "function"]
            longest = max((self.fontMetrics().horizontalAdvance(n) for n in names), default=0)
            scale = self.text_px / 12
            width = max(round(NAME_MIN * scale), min(longest + 3 * PAD, self.viewport().width()
                                                     - forces * round(FORCE_WANTS * scale)))
        else:
            width = max(NAME_MIN, min(NAME_WIDTH,
                                      self.viewport().width() - forces * FORCE_WANTS))
        self._fitting = True
        try:
            self.setColumnWidth(0, width)
        finally:
            self._fitting = False

    def _name_column_resized(self, section: int, _old: int, _new: int) -> None:
        if section == 0 and not self._fitting:
            self._name_width_chosen = True

    def _fit_headers(self, *_args: Any) -> None:
        """A force whose full name does not fit its column is headed by its short code."""
        header = self.horizontalHeader()
        metrics = header.fontMetrics()
        compact = set()
        for column in range(1, self.matrix.columnCount()):
            force = self.matrix.force_of(column)
            if force is None:
                continue
            needed = metrics.horizontalAdvance(self.matrix.header_name(force)) + 3 * PAD
            if needed > header.sectionSize(column):
                compact.add(force)
        self.matrix.set_compact_headers(frozenset(compact))

    # ------------------------------------------------------------ selection sync

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid() or self.matrix.row_kind(current.row()) != "function":
            return
        fn = self.matrix.row_id(current.row())
        if self.document.selection() != (fn,):
            self.document.select((fn,), source=self)

    def _document_selection(self, ids: tuple[str, ...]) -> None:
        if self.document.selection_source is self:
            return
        for fn in ids:
            row = self.matrix.row_of(fn)
            if row >= 0:
                current = self.currentIndex()
                column = current.column() if current.isValid() else 0
                index = self.matrix.index(row, column)
                self.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
                self.scrollTo(index)
                return

    # ------------------------------------------------------------ changing a cell

    def set_cell(self, function_id: str, force_id: str, delivery: str,
                 host_or_lead: str | None = None) -> str | None:
        """Change one arrangement through the document; returns the refusal, if any."""
        names = {f.id: f.name for f in self.document.blueprint.forces}
        fn = self.document.element(function_id)
        label = fn.name if fn is not None else function_id
        text = f"{label}: {delivery} for {names.get(force_id, force_id)}"
        reason = self.document.try_edit(text, edits.set_arrangement, function_id, force_id,
                                        delivery, host_or_lead)
        if reason:
            self.message.emit(f"Cannot change {label}: {reason}")
        return reason

    def choices(self, cell: Cell) -> list[tuple[str, str, str | None, bool]]:
        """(label, delivery, host or lead, is current) for the menu of one cell."""
        bp = self.document.blueprint
        forces = bp.forces
        me = next(f for f in forces if f.id == cell.force)
        out: list[tuple[str, str, str | None, bool]] = []
        for m in MODELS.values():
            here = cell.delivery == m.key
            if not m.pooled:
                out.append((f"{m.label}: {me.name} delivers its own", m.key, None, here))
            elif len(forces) < 2:
                continue
            elif m.force_field is None:
                out.append((m.label, m.key, None, here))
            else:
                out += [(f"{m.label}, {m.by} {f.name}", m.key, f.id,
                         here and cell.partner == f.id) for f in forces]
                if not m.force_required:
                    out.append((f"{m.label}, no {m.role} force", m.key, None,
                                here and cell.partner is None))
        return out

    def open_menu(self, index: QModelIndex, at: QPoint | None = None) -> QMenu | None:
        """The menu of arrangements for a cell (shown at ``at``, global; returned for tests)."""
        cell = self.matrix.cell(index)
        if cell is None:
            return None
        menu = QMenu(self)
        menu.setAccessibleName("Arrangement")
        previous = None
        for label, delivery, partner, current in self.choices(cell):
            if previous is not None and delivery != previous:
                menu.addSeparator()
            previous = delivery
            action = QAction(label, menu)
            action.setCheckable(True)
            action.setChecked(current)
            action.triggered.connect(
                lambda _c=False, d=delivery, p=partner, c=cell: self._choose(c, d, p))
            menu.addAction(action)
        menu.addSeparator()
        self._add_challenge_action(menu, cell.function)
        if self.function_actions:  # the window's commands on the selected functions
            menu.addSeparator()
            menu.addActions(self.function_actions)
        if at is None:
            rect = self.visualRect(index)
            at = self.viewport().mapToGlobal(rect.bottomLeft())
        self._menu = menu
        if self.isVisible():
            menu.popup(at)
        return menu

    def _choose(self, cell: Cell, delivery: str, partner: str | None) -> None:
        m = MODELS[delivery]
        if m.force_field and partner is None and cell.delivery == delivery \
                and cell.partner is not None:
            # "no lead force": clear the lead through the function's own fields
            fn = self.document.element(cell.function)
            reason = self.document.try_edit(f"{fn.name}: no {m.role} force",
                                            edits.update_element, cell.function,
                                            **{m.force_field: None})
            if reason:
                self.message.emit(f"Cannot change {fn.name}: {reason}")
            return
        self.set_cell(cell.function, cell.force, delivery, partner)

    # ------------------------------------------------------------ mouse and keys

    def mouseReleaseEvent(self, event: Any) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            index = self.indexAt(event.position().toPoint())
            if index.isValid() and self.matrix.cell(index) is not None:
                self.open_menu(index, event.globalPosition().toPoint())

    def _add_challenge_action(self, menu: QMenu, function_id: str) -> None:
        fn = self.document.element(function_id)
        name = fn.name if fn is not None else function_id
        menu.addAction(f"Add Challenge on {literal(name)}…",
                       lambda: self.challengeRequested.emit(function_id))

    def name_menu(self, index: QModelIndex, at: QPoint | None = None) -> QMenu | None:
        """The menu of a function's name cell: adding a challenge on the function."""
        if not index.isValid() or self.matrix.row_kind(index.row()) != "function":
            return None
        menu = QMenu(self)
        self._add_challenge_action(menu, self.matrix.row_id(index.row()))
        self._menu = menu
        if self.isVisible() and at is not None:
            menu.popup(at)
        return menu

    def contextMenuEvent(self, event: Any) -> None:
        index = self.indexAt(event.pos())
        if index.isValid() and self.matrix.cell(index) is not None:
            self.setCurrentIndex(index)
            self.open_menu(index, event.globalPos())
        elif index.isValid() and self.matrix.row_kind(index.row()) == "function":
            self.setCurrentIndex(index)
            self.name_menu(index, event.globalPos())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        cell = self.matrix.cell(index) if index.isValid() else None
        key = event.key()
        plain = not (event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                          | Qt.KeyboardModifier.AltModifier
                                          | Qt.KeyboardModifier.MetaModifier))
        if cell is not None and plain:
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.set_cell(cell.function, cell.force, LOCAL)
                return
            letter = chr(key) if Qt.Key.Key_A <= key <= Qt.Key.Key_Z else ""
            m = next((m for m in MODELS.values() if m.badge == letter), None)
            if m is not None:  # a model's badge letter: L, S, J
                self.set_cell(cell.function, cell.force, m.key, self._force_for_key(cell, m.key))
                return
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space, Qt.Key.Key_F2):
                self.open_menu(index)
                return
        super().keyPressEvent(event)

    def _force_for_key(self, cell: Cell, delivery: str) -> str | None:
        """A function that takes on a model by its key (S, J) is hosted or led by the cell's
        force; one already of that model under a host or lead keeps it (``None`` lets
        ``set_arrangement`` keep it)."""
        field = MODELS[delivery].force_field
        fn = self.document.element(cell.function)
        if field is None or (isinstance(fn, Function) and fn.delivery == delivery
                             and getattr(fn, field)):
            return None
        return cell.force

    def event(self, event: QEvent) -> bool:
        # let L/S/J/Delete reach the cell instead of window shortcuts (e.g. Delete element)
        if event.type() == QEvent.Type.ShortcutOverride:
            key = event.key()  # type: ignore[attr-defined]
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and \
                    self.matrix.cell(self.currentIndex()) is not None:
                event.accept()
                return True
        return super().event(event)

    # ------------------------------------------------------------ empty state

    def paintEvent(self, event: Any) -> None:
        super().paintEvent(event)
        if self.matrix.rowCount() == 0:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(self.viewport().rect().adjusted(24, 24, -24, -24),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             "No functions yet. Add functions from the palette: each row here "
                             "then shows how every force receives one — local, shared or "
                             "joint.")
            painter.end()
