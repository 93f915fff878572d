"""Conflicts dock: the disagreements a merge left in the file, and choosing a side for each.

``designer merge`` (git's merge driver) writes what the two sides changed differently
into the blueprint's ``conflicts``, keeping ours meanwhile (``designer.core.merge``).
This dock lists them in words — what it is about, and the base, ours and theirs —
and lets the user keep ours, take theirs or go back to the base, one conflict at a
time or all at once; every choice is one undoable step, and the conflict's entry goes
with it. A side that cannot be taken yet (it names an element the blueprint no longer
has) is refused in words, and the blueprint is left as it was.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from designer.core import edits
from designer.core import merge as M
from designer.core.schema import Blueprint
from designer.ui.canvas.items import ERROR_COLOUR
from designer.ui.document import Document
from designer.ui.style import as_html, icon

PATH_ROLE = Qt.ItemDataRole.UserRole + 1
SIDE_WORDS = {"ours": "keep ours", "theirs": "take theirs", "base": "go back to the base"}


def resolve(document: Document, path: str, side: M.Side) -> str | None:
    """Settle one conflict as ``side`` had it, as one undoable step; a refusal or None.
    Conflicts are the base's (a merge of the files), so they are settled in the whole
    file whatever option is shown."""
    bp = document.file_blueprint
    conflict = M.find(bp, path)
    if conflict is None:
        return f"there is no conflict at {path} any more"
    try:
        new = M.resolve(bp, path, side)
    except M.ResolveError as exc:
        return str(exc)
    title = M.conflict_words(conflict, M.names_for(bp)).title
    document.edit_file(f"Conflict: {SIDE_WORDS[side]} ({title})", new,
                       touched=edits.changed_ids(bp, new))
    return None


def resolve_all(document: Document, side: M.Side) -> list[str]:
    """Settle every conflict as ``side`` had it, as one undoable step; the refusals
    (their conflicts stay). Goes round again while a round settles something, so a
    link is taken once the element it names has been."""
    bp: Blueprint = document.file_blueprint
    refused: dict[str, str] = {}
    progress = True
    while progress:
        progress, refused = False, {}
        for conflict in bp.conflicts:
            try:
                bp = M.resolve(bp, conflict.path, side)
                progress = True
            except M.ResolveError as exc:
                refused[conflict.path] = str(exc)
    n = len(document.file_blueprint.conflicts) - len(bp.conflicts)
    if n:
        document.edit_file(f"Conflicts: {SIDE_WORDS[side]} for {n}", bp,
                           touched=edits.changed_ids(document.file_blueprint, bp))
    return list(refused.values())


class ConflictsPanel(QWidget):
    """The contents of the Conflicts dock."""

    message = Signal(str)  # something to show in the status bar

    def __init__(self, document: Document, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.setObjectName("conflictsPanel")
        self.summary = QLabel(self)
        self.summary.setObjectName("conflictsSummary")
        self.summary.setWordWrap(True)
        self.all_ours = QPushButton("Keep Ours for All", self)
        self.all_ours.setToolTip("Keep this blueprint's side of every conflict (one undo step)")
        self.all_ours.clicked.connect(lambda: self.choose_all("ours"))
        self.all_theirs = QPushButton("Take Theirs for All", self)
        self.all_theirs.setToolTip("Take the other side of every conflict it can be taken "
                                   "for (one undo step)")
        self.all_theirs.clicked.connect(lambda: self.choose_all("theirs"))
        bar = QHBoxLayout()
        bar.setContentsMargins(8, 4, 8, 4)
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.all_ours)
        bar.addWidget(self.all_theirs)

        self.list = QListWidget(self)
        self.list.setObjectName("conflictsList")
        self.list.setAccessibleName("Merge conflicts")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setWordWrap(True)
        self.list.currentItemChanged.connect(self._current_changed)
        self.list.itemClicked.connect(self._select_element)

        self.detail = QLabel(self)
        self.detail.setObjectName("conflictDetail")
        self.detail.setAccessibleName("Conflict details")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.refusal = QLabel(self)
        self.refusal.setObjectName("conflictRefusal")
        self.refusal.setWordWrap(True)
        self.refusal.setStyleSheet(f"color: {ERROR_COLOUR}")
        self.refusal.hide()
        self.buttons = {}
        choices = QHBoxLayout()
        for side, label, icon_name, tip in (
                ("ours", "Keep Ours", "arrow-left-bold", "Keep this blueprint's side"),
                ("theirs", "Take Theirs", "arrow-right-bold", "Take the other side"),
                ("base", "Take Base", "source-merge", "Go back to how it was before either")):
            button = QPushButton(icon(icon_name), label, self)
            button.setToolTip(f"{tip} (one undo step)")
            button.clicked.connect(lambda _c=False, s=side: self.choose(s))
            self.buttons[side] = button
            choices.addWidget(button)
        choices.addStretch(1)
        detail_box = QWidget(self)
        box = QVBoxLayout(detail_box)
        box.setContentsMargins(8, 4, 8, 4)
        box.addWidget(self.detail)
        box.addWidget(self.refusal)
        box.addStretch(1)
        self.detail_area = QScrollArea(self)
        self.detail_area.setWidget(detail_box)
        self.detail_area.setWidgetResizable(True)
        self.detail_area.setFrameShape(QFrame.Shape.NoFrame)
        right = QWidget(self)
        side = QVBoxLayout(right)
        side.setContentsMargins(0, 4, 0, 0)
        side.setSpacing(2)
        choices.setContentsMargins(8, 0, 8, 0)
        side.addLayout(choices)  # the choices stay in sight however short the dock is
        side.addWidget(self.detail_area, 1)
        self.split = QSplitter(Qt.Orientation.Horizontal, self)
        self.split.setObjectName("conflictsSplitter")
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(self.list)
        self.split.addWidget(right)
        self.split.setStretchFactor(0, 2)
        self.split.setStretchFactor(1, 3)
        self.empty = QLabel("No merge conflicts.\n\nWhen `designer merge` (git's merge driver for "
                            "blueprints) finds changes the two sides made differently, they "
                            "are listed here to choose from.", self)
        self.empty.setObjectName("conflictsEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.split)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        self._shown: tuple = ()
        document.changed.connect(lambda _t: self.refresh())
        self.refresh()

    # ------------------------------------------------------------ showing

    def refresh(self) -> None:
        """List the document's conflicts (kept in place: the current one stays current)."""
        bp = self.document.file_blueprint
        conflicts = bp.conflicts
        shown = tuple((c.path, c) for c in conflicts)
        if shown != self._shown:
            names = M.names_for(bp) if conflicts else None  # only to word them
            current = self.current_path()
            self._shown = shown
            self.list.clear()
            for conflict in conflicts:
                words = M.conflict_words(conflict, names)
                item = QListWidgetItem(words.title)
                item.setData(PATH_ROLE, conflict.path)
                item.setToolTip(words.sentence())
                self.list.addItem(item)
            paths = [c.path for c in conflicts]
            row = paths.index(current) if current in paths else 0
            if paths:
                self.list.setCurrentRow(min(row, len(paths) - 1))
        n = len(conflicts)
        for button in (self.all_ours, self.all_theirs):
            button.setEnabled(bool(n))
        if not n:
            self.summary.setText("No merge conflicts.")
            self.stack.setCurrentWidget(self.empty)
            self._show_detail()
            return
        self.summary.setText(f"{n} merge conflict{'s' if n != 1 else ''}: the blueprint holds "
                             "ours for each until you choose. Each choice is one undo step.")
        self.stack.setCurrentWidget(self.split)
        self._show_detail()

    def current_path(self) -> str | None:
        item = self.list.currentItem()
        return item.data(PATH_ROLE) if item is not None else None

    def _current_changed(self, *_args: object) -> None:
        self.refusal.hide()
        self._show_detail()

    def _show_detail(self) -> None:
        bp = self.document.file_blueprint
        path = self.current_path()
        conflict = M.find(bp, path) if path else None
        for button in self.buttons.values():
            button.setEnabled(conflict is not None)
        if conflict is None:
            self.detail.setText("")
            return
        w = M.conflict_words(conflict, M.names_for(bp))
        rows = "".join(
            f'<tr><td style="padding-right:10px"><b>{label}</b></td><td>{as_html(value)}</td>'
            "</tr>" for label, value in (("Base", w.base), ("Ours", w.ours),
                                         ("Theirs", w.theirs)))
        self.detail.setText(f"<p><b>{as_html(w.title)}</b><br><small><code>"
                            f"{as_html(conflict.path)}</code></small></p>"
                            f"<table cellspacing=0 cellpadding=2>{rows}</table>")

    def _select_element(self, item: QListWidgetItem) -> None:
        conflict = M.find(self.document.file_blueprint, item.data(PATH_ROLE))
        if conflict is None:
            return
        element = M.conflict_words(conflict, M.names_for(self.document.file_blueprint)).element
        if element and self.document.kind_of(element):
            self.document.select([element], source=self)
            self.document.centre_on([element])

    # ------------------------------------------------------------ choosing

    def choose(self, side: M.Side, path: str | None = None) -> str | None:
        """Settle the current conflict (or the one at ``path``) as ``side`` had it; the
        refusal in words, shown under the conflict, or None."""
        path = path or self.current_path()
        if path is None:
            return "no conflict is selected"
        refusal = resolve(self.document, path, side)
        if refusal:
            self.refusal.setText(f"Not changed: {refusal}.")
            self.refusal.show()
            return refusal
        self.refusal.hide()
        self.message.emit(f"Conflict settled: {SIDE_WORDS[side]}")
        return None

    def choose_all(self, side: M.Side) -> list[str]:
        refused = resolve_all(self.document, side)
        if refused:
            self.refusal.setText(f"{len(refused)} could not be settled that way: "
                                 + "; ".join(refused[:3]))
            self.refusal.show()
        else:
            self.refusal.hide()
        return refused
