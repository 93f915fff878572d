"""The Challenges dock: the challenge and decision log of a workshop, kept with the blueprint.

A list of challenges (filtered by status and by what they are about) over the whole
thread of the one selected: what was raised, by whom and when, the replies and the
decision. Add, reply, set a status, record a decision or delete: each one undoable edit
through the document (:mod:`designer.core.edits`). Clicking a challenge selects its
element; double-clicking (or Enter) also brings it into view on the canvas. Who is
speaking is asked once (:mod:`designer.ui.author`). The counts, wording and filtering
come from :mod:`designer.core.challenges`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from designer.core import challenges as C
from designer.core import edits
from designer.core.schema import (
    CHALLENGE_STATUSES,
    COMMENT_MAX,
    NAME_MAX,
    Blueprint,
    Challenge,
    text_problem,
)
from designer.ui import author
from designer.ui.document import Document
from designer.ui.style import CHALLENGE_COLOUR, SEVERITY_COLOURS, as_html, icon
from designer.ui.widgets import literal

ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ICONS = {"open": "comment-alert-outline", "answered": "comment-check-outline",
                "accepted": "check-circle-outline", "rejected": "close-circle-outline",
                "actioned": "progress-check"}
SCOPES = (("any", "Any element"), ("selection", "The selection"),
          ("whole", C.WHOLE), ("removed", "Removed elements"))
"""The element filter: (key, words)."""
HEADINGS = ("Status", "About", "Challenge", "Raised by", "Raised")
ROOMY = 720
"""A list at least this wide shows who raised each challenge and when."""
LABELLED = 620
"""A panel at least this wide words its buttons; a narrower one shows their icons."""
EMPTY = ("No challenges yet.\n\nSelect an element on the canvas or in the matrix and press "
         "Ctrl+Shift+M (or Add… here, or right-click it) to raise a challenge or a comment "
         "on it; with nothing selected it is about the blueprint as a whole.\n\nReplies, a "
         "status and the decision are recorded with who and when, saved in the file and "
         "exported as the Decision log.")
NONE_MATCH = "No challenge matches the filter. Show all statuses and any element to see " \
             "the whole log."


def comment_problem(text: str) -> str | None:
    """Why ``text`` cannot be a challenge, reply or decision (the file's rules), or None."""
    if len(text) > COMMENT_MAX:
        return (f"This is {len(text):,} characters; at most {COMMENT_MAX:,} fit. Shorten it "
                "(nothing has been recorded yet).")
    why = text_problem(text, multiline=True, visible=True)
    return f"The text {why}." if why else None


def thread_html(ch: Challenge, about: str) -> str:
    """The whole of one challenge for the detail area: nothing cut, nothing in a tooltip."""
    def words(text: str) -> str:
        return as_html(text).replace("\n", "<br>")

    muted = SEVERITY_COLOURS["info"]
    colour = CHALLENGE_COLOUR if C.is_open(ch) else muted
    parts = [f'<p><b style="color:{colour}">{as_html(C.status_label(ch.status))}</b> · '
             f"<b>{as_html(about)}</b></p>",
             f"<p>{words(ch.text)}</p>",
             f'<p style="color:{muted}">Raised by {as_html(ch.author)}, '
             f"{C.stamp_text(ch.created)}</p>"]
    if ch.replies:
        parts.append(f"<p><b>Replies ({len(ch.replies)})</b></p>")
        parts += [f"<p><b>{as_html(r.author)}</b>, {C.stamp_text(r.at)}<br>{words(r.text)}</p>"
                  for r in ch.replies]
    if ch.decision is not None:
        d = ch.decision
        parts.append(f"<p><b>Decision</b> ({as_html(d.decided_by)}, "
                     f"{C.stamp_text(d.decided_at)})<br>{words(d.text)}</p>")
    return "".join(parts)


class CommentDialog(QDialog):
    """Asks for the words of a challenge, a reply or a decision (and, for each, what goes
    with them); OK stays off until the words are ones the file can hold."""

    def __init__(self, title: str, intro: str, placeholder: str, ok_text: str,
                 parent: QWidget | None = None, *,
                 abouts: Sequence[tuple[str, str | None]] = (),
                 statuses: Sequence[str] = (), decided_by: str | None = None,
                 answered: bool | None = None):
        super().__init__(parent)
        self.setObjectName("commentDialog")
        self.setWindowTitle(title)
        label = QLabel(intro, self)
        label.setWordWrap(True)
        form = QFormLayout()
        self.about = QComboBox(self)
        self.about.setAccessibleName("About")
        for words, element in abouts:
            self.about.addItem(words, element)
        if abouts:
            form.addRow("About:", self.about)
        self.status = QComboBox(self)
        self.status.setAccessibleName("Status")
        for status in statuses:
            self.status.addItem(C.status_label(status), status)
        if statuses:
            form.addRow("Status:", self.status)
        self.decided_by = QLineEdit(decided_by or "", self)
        self.decided_by.setAccessibleName("Decided by")
        self.decided_by.setPlaceholderText("e.g. Strategic Alliance Board")
        if decided_by is not None:
            form.addRow("Decided by:", self.decided_by)
        self.text_edit = QPlainTextEdit(self)
        self.text_edit.setAccessibleName(title)
        self.text_edit.setPlaceholderText(placeholder)
        self.text_edit.setTabChangesFocus(True)
        self.answered = QCheckBox("Mark the challenge as answered", self)
        self.answered.setChecked(bool(answered))
        self.problem = QLabel(self)
        self.problem.setObjectName("commentProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {SEVERITY_COLOURS['error']}")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.text_edit.textChanged.connect(self._check)
        self.decided_by.textChanged.connect(self._check)
        self._needs_who = decided_by is not None
        for widget, used in ((self.about, bool(abouts)), (self.status, bool(statuses)),
                             (self.decided_by, self._needs_who),
                             (self.answered, answered is not None)):
            widget.setVisible(used)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addLayout(form)
        layout.addWidget(self.text_edit, 1)
        if answered is not None:
            layout.addWidget(self.answered)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.resize(520, 340)
        self._check()

    def text(self) -> str:
        return self.text_edit.toPlainText().strip()

    def element(self) -> str | None:
        return self.about.currentData()

    def chosen_status(self) -> str | None:
        return self.status.currentData()

    def why_not(self) -> str | None:
        """What stops OK (shown under the text), or None."""
        text = self.text_edit.toPlainText()
        if text.strip():
            why = comment_problem(text.strip())
            if why:
                return why
        if self._needs_who:
            who = self.decided_by.text().strip()
            if len(who) > NAME_MAX:
                return f"“Decided by” is at most {NAME_MAX} characters."
            if who and text_problem(who, multiline=False, visible=True):
                return f"“Decided by” {text_problem(who, multiline=False, visible=True)}."
        return None

    def _ready(self) -> bool:
        needs_who = self._needs_who and not self.decided_by.text().strip()
        return bool(self.text()) and not needs_who and self.why_not() is None

    def _check(self) -> None:
        why = self.why_not()
        self.problem.setText(why or "")
        self.problem.setVisible(bool(why))
        self.ok_button.setEnabled(self._ready())

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self._check()
        self.text_edit.setFocus()

    def accept(self) -> None:
        if self._ready():  # Ctrl+Enter or a default button must not slip past the check
            super().accept()


class ChallengesPanel(QWidget):
    """The contents of the Challenges dock."""

    message = Signal(str)
    """A refused change, in plain words (the main window shows it in the status bar)."""

    def __init__(self, document: Document, settings: QSettings | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.settings = settings if settings is not None else QSettings()
        self.setObjectName("challengesPanel")
        self.dialog: QDialog | None = None
        """The dialog a button opened, while it is open (window-modal, not blocking)."""

        self.status_filter = QComboBox(self)
        self.status_filter.setObjectName("challengeStatusFilter")
        self.status_filter.setAccessibleName("Show challenges with status")
        self.status_filter.addItem("All statuses", None)
        for status in CHALLENGE_STATUSES:
            self.status_filter.addItem(C.status_label(status), status)
        self.scope_filter = QComboBox(self)
        self.scope_filter.setObjectName("challengeScopeFilter")
        self.scope_filter.setAccessibleName("Show challenges about")
        for key, words in SCOPES:
            self.scope_filter.addItem(words, key)
        self.summary = QLabel(self)
        self.summary.setObjectName("challengesSummary")
        top = QHBoxLayout()
        top.setContentsMargins(8, 4, 8, 4)
        top.addWidget(self.status_filter)
        top.addWidget(self.scope_filter)
        top.addStretch(1)
        top.addWidget(self.summary)

        self.tree = QTreeWidget(self)
        self.tree.setObjectName("challengesTree")
        self.tree.setAccessibleName("Challenges")
        self.tree.setColumnCount(len(HEADINGS))
        self.tree.setHeaderLabels(list(HEADINGS))
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.tree.header()
        header.setStretchLastSection(False)
        for column in range(len(HEADINGS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(0, 100)
        header.resizeSection(1, 140)
        header.resizeSection(3, 130)
        header.resizeSection(4, 130)
        self.detail = QTextBrowser(self)
        self.detail.setObjectName("challengeDetail")
        self.detail.setAccessibleName("Challenge thread")
        self.detail.setOpenLinks(False)
        self.detail.setMinimumHeight(72)
        self.split = QSplitter(Qt.Orientation.Vertical, self)
        self.split.setObjectName("challengesSplitter")
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(self.tree)
        self.split.addWidget(self.detail)
        self.empty = QLabel(EMPTY, self)
        self.empty.setObjectName("challengesEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setMargin(16)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.split)

        self.add_button = self._button("comment-plus-outline", "Add…", self.ask_add,
                                       "Raise a challenge or comment on the selection, or "
                                       "on the blueprint as a whole (Ctrl+Shift+M)")
        self.reply_button = self._button("reply-outline", "Reply…", self.ask_reply,
                                         "Answer the selected challenge")
        self.status_button = self._button("list-status", "Status", lambda: None,
                                          "Set the selected challenge's status")
        self.status_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.status_menu = QMenu(self.status_button)
        self.status_actions: dict[str, QAction] = {}
        group = QActionGroup(self.status_menu)
        for status in CHALLENGE_STATUSES:
            act = self.status_menu.addAction(C.status_label(status))
            act.setCheckable(True)
            group.addAction(act)
            act.triggered.connect(lambda _c=False, s=status: self._status_chosen(s))
            self.status_actions[status] = act
        self.status_button.setMenu(self.status_menu)
        self.decide_button = self._button("gavel", "Decision…", self.ask_decision,
                                          "Record what was decided, by whom")
        self.delete_button = self._button("delete-outline", "Delete", self.delete_current,
                                          "Delete the selected challenge (Ctrl+Z brings it "
                                          "back)")
        self.author_button = QToolButton(self)
        self.author_button.setObjectName("challengeAuthor")
        self.author_button.setAutoRaise(True)
        self.author_button.clicked.connect(self.ask_author)
        self.buttons = (self.add_button, self.reply_button, self.status_button,
                        self.decide_button, self.delete_button)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(8, 4, 8, 4)
        for button in self.buttons:
            button.setMinimumWidth(30)  # a narrow dock shows icons only (see resizeEvent)
            bottom.addWidget(button)
        bottom.addStretch(1)
        bottom.addWidget(self.author_button)
        # nothing here sets the window's minimum width: the dock may be as narrow as the
        # Problems dock it shares a place with
        for widget in (self.status_filter, self.scope_filter):
            widget.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            widget.setMinimumContentsLength(8)
        for widget in (self.summary, self.author_button):
            widget.setMinimumWidth(1)  # shrinks below its words rather than widen the window

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        layout.addLayout(bottom)

        self._log: tuple[Challenge, ...] | None = None
        self._names: dict[str, str] = {}
        self.tree.currentItemChanged.connect(self._current_changed)
        self.tree.itemClicked.connect(self._clicked)
        self.tree.itemActivated.connect(self._activated)
        self.status_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.scope_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        document.changed.connect(self._document_changed)
        document.selectionChanged.connect(self._selection_changed)
        self._show_author()
        self.refresh()

    def _button(self, icon_name: str, text: str, slot: Callable[[], Any],
                tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setIcon(icon(icon_name))
        button.setText(text)
        button.setAccessibleName(text.rstrip("…"))
        button.setToolTip(tip)
        button.clicked.connect(lambda _c=False: slot())
        return button

    def resizeEvent(self, event: Any) -> None:
        """Side by side in a wide, low dock (below the canvas), one above the other in a
        tall one (beside it); who raised each and when (also in the thread) only where
        there is room."""
        super().resizeEvent(event)
        wide = self.width() > 1.6 * max(self.height(), 1)
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if self.split.orientation() != orientation:
            self.split.setOrientation(orientation)
            room = self.width() if wide else max(self.height() - 80, 100)
            self.split.setSizes([room * 3 // 5, room * 2 // 5])
        roomy = (self.width() * 3 // 5 if wide else self.width()) >= ROOMY
        for column in (3, 4):
            self.tree.setColumnHidden(column, not roomy)
        style = Qt.ToolButtonStyle.ToolButtonTextBesideIcon if self.width() >= LABELLED \
            else Qt.ToolButtonStyle.ToolButtonIconOnly
        for button in self.buttons:
            button.setToolButtonStyle(style)

    # ------------------------------------------------------------ the list

    def _scope(self) -> str:
        return self.scope_filter.currentData()

    def shown(self) -> list[Challenge]:
        """The challenges the filters let through, in the file's order."""
        bp = self.document.blueprint
        status = self.status_filter.currentData()
        statuses = None if status is None else {status}
        scope = self._scope()
        found = C.filtered(bp, statuses)
        if scope == "selection":
            chosen = set(self.document.selection())
            return [c for c in found if c.element in chosen]
        if scope == "whole":
            return [c for c in found if c.element is None and not c.element_name]
        if scope == "removed":
            return [c for c in found if c.element is None and c.element_name]
        return found

    def shown_ids(self) -> list[str]:
        return [self.tree.topLevelItem(i).data(0, ID_ROLE)
                for i in range(self.tree.topLevelItemCount())]

    def refresh(self) -> None:
        """Fill the list again from the document, keeping the selected challenge."""
        bp = self.document.blueprint
        self._log = bp.challenges
        self._names = C.names(bp) if bp.challenges else {}
        keep = self.current_id()
        shown = self.shown()
        self.tree.setUpdatesEnabled(False)
        self.tree.blockSignals(True)
        try:
            self.tree.clear()
            self.tree.addTopLevelItems([self._item(ch) for ch in shown])
            current = next((i for i in range(self.tree.topLevelItemCount())
                            if self.tree.topLevelItem(i).data(0, ID_ROLE) == keep), None)
            if current is not None:
                self.tree.setCurrentItem(self.tree.topLevelItem(current))
        finally:
            self.tree.blockSignals(False)
            self.tree.setUpdatesEnabled(True)
        total = len(bp.challenges)
        n_open = sum(1 for c in bp.challenges if C.is_open(c))
        self.summary.setText("" if not total else
                             f"{total} challenge{'s' * (total != 1)} · {n_open} open"
                             + (f" · {len(shown)} shown" if len(shown) != total else ""))
        if not total:
            self.empty.setText(EMPTY)
        elif not shown:
            self.empty.setText(NONE_MATCH)
        self.stack.setCurrentWidget(self.split if shown else self.empty)
        self._current_changed(self.tree.currentItem(), None)

    def _item(self, ch: Challenge) -> QTreeWidgetItem:
        about = C.about(ch, self._names)
        when = C.stamp_text(ch.created)
        item = QTreeWidgetItem([C.status_label(ch.status), about, C.preview(ch.text),
                                ch.author, when])
        item.setData(0, ID_ROLE, ch.id)
        is_open = C.is_open(ch)
        item.setIcon(0, icon(STATUS_ICONS[ch.status], CHALLENGE_COLOUR if is_open else None))
        tip = f"{about}: {C.preview(ch.text, 400)}\n{ch.author}, {when}"
        if ch.replies:
            tip += f"\n{len(ch.replies)} repl{'ies' if len(ch.replies) != 1 else 'y'}"
        for column in range(len(HEADINGS)):
            item.setToolTip(column, tip)
        if is_open:
            font = item.font(0)
            font.setBold(True)
            for column in range(len(HEADINGS)):
                item.setFont(column, font)
        if ch.element is None and ch.element_name:
            item.setForeground(1, QBrush(QColor(SEVERITY_COLOURS["info"])))
        return item

    def _document_changed(self, touched: frozenset[str] | None) -> None:
        bp = self.document.blueprint
        if bp.challenges is self._log and touched is not None and not (
                bp.challenges and _named(bp, touched)):
            return  # the log and the names it shows are as they were
        self.refresh()

    def _selection_changed(self, _ids: tuple[str, ...]) -> None:
        if self.document.selection_source is not self and self._scope() == "selection":
            self.refresh()

    # ------------------------------------------------------------ the selected challenge

    def current_id(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, ID_ROLE) if item is not None else None

    def current(self) -> Challenge | None:
        found = C.find(self.document.blueprint, self.current_id() or "")
        return found[1] if found else None

    def select_challenge(self, challenge_id: str) -> bool:
        """Make ``challenge_id`` the selected row (widening the filters if they hide it)."""
        if challenge_id not in self.shown_ids():
            self.status_filter.setCurrentIndex(0)
            self.scope_filter.setCurrentIndex(0)
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item.data(0, ID_ROLE) == challenge_id:
                self.tree.setCurrentItem(item)
                self.tree.scrollToItem(item)
                return True
        return False

    def _current_changed(self, item: QTreeWidgetItem | None, _previous: Any) -> None:
        ch = self.current() if item is not None else None
        for widget in (self.reply_button, self.status_button, self.decide_button,
                       self.delete_button):
            widget.setEnabled(ch is not None)
        if ch is None:
            self.detail.setHtml("<p>Select a challenge to read the whole thread here: what "
                                "was raised, the replies and the decision.</p>")
            return
        self.status_actions[ch.status].setChecked(True)
        self.detail.setHtml(thread_html(ch, C.about(ch, self._names)))

    def _clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        ch = self.current()
        if ch is not None and ch.element is not None:
            self.document.select((ch.element,), source=self)

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        """Double-click or Enter: select the element and bring it into view."""
        ch = self.current()
        if ch is None or ch.element is None:
            if ch is not None:
                self.message.emit(f"That challenge is about {C.about(ch, self._names).lower()}"
                                  if ch.element_name else "That challenge is about the "
                                  "blueprint as a whole")
            return
        self.document.select((ch.element,), source=self)
        self.document.centre_on((ch.element,))

    # ------------------------------------------------------------ who is speaking

    def _show_author(self) -> None:
        name = author.stored(self.settings)
        self.author_button.setText(f"As {literal(name)}" if name else "Your name…")
        self.author_button.setToolTip("The name recorded with what you add: click to change "
                                      "it" if name else "Give the name to record with what "
                                      "you add")

    def ask_author(self) -> QDialog | None:
        """Change the name recorded with what is added from now on."""
        self.dialog = author.with_author(self.settings, self, lambda _name: self._show_author(),
                                         ask=True)
        return self.dialog

    def _as_author(self, then: Callable[[str], None]) -> None:
        def go(name: str) -> None:
            self._show_author()
            then(name)

        asked = author.with_author(self.settings, self, go)
        if asked is not None:  # else ``go`` has run, and opened its own dialog
            self.dialog = asked

    # ------------------------------------------------------------ edits

    def _touched(self, *challenges: Challenge | str | None) -> frozenset[str]:
        ids = {c.element if isinstance(c, Challenge) else c for c in challenges}
        ids.discard(None)
        return frozenset(ids)  # type: ignore[arg-type]

    def _refused(self, what: str, reason: str | None) -> str | None:
        if reason:
            self.message.emit(f"Cannot {what}: {reason}")
        return reason

    def add(self, element: str | None, text: str, by: str) -> str | None:
        """Raise a challenge on ``element`` (None: the blueprint as a whole) as one undoable
        edit, and select it; returns the refusal, or None."""
        bp = self.document.blueprint
        new_id = edits.new_challenge_id(bp)
        about = self._about(element)
        reason = self.document.try_edit(
            f"Add challenge on {about}", edits.add_challenge,
            {"id": new_id, "element": element, "text": text.strip(), "author": by,
             "created": C.now()}, touched=self._touched(element))
        if reason is None:
            self.select_challenge(new_id)
        return self._refused("add the challenge", reason)

    def reply(self, challenge_id: str, text: str, by: str, answered: bool = False) -> str | None:
        """Add a reply (and, if ``answered``, mark the challenge answered): one undo step."""
        found = C.find(self.document.blueprint, challenge_id)
        if found is None:
            return self._refused("reply", f"there is no challenge {challenge_id!r}")
        ch = found[1]

        def make(bp: Blueprint) -> Blueprint:
            bp = edits.add_reply(bp, challenge_id, {"author": by, "at": C.now(),
                                                    "text": text.strip()})
            return edits.update_challenge(bp, challenge_id, status="answered") \
                if answered else bp

        return self._refused("reply", self.document.try_edit(
            f"Reply to challenge on {self._about_of(ch)}", make, touched=self._touched(ch)))

    def set_status(self, challenge_id: str, status: str) -> str | None:
        found = C.find(self.document.blueprint, challenge_id)
        if found is None:
            return self._refused("set the status", f"there is no challenge {challenge_id!r}")
        ch = found[1]
        return self._refused("set the status", self.document.try_edit(
            f"Mark challenge on {self._about_of(ch)} {C.status_label(status).lower()}",
            edits.update_challenge, challenge_id, status=status, touched=self._touched(ch)))

    def decide(self, challenge_id: str, text: str, decided_by: str,
               status: str = "accepted") -> str | None:
        """Record the decision and the status it leads to: one undo step."""
        found = C.find(self.document.blueprint, challenge_id)
        if found is None:
            return self._refused("record the decision",
                                 f"there is no challenge {challenge_id!r}")
        ch = found[1]
        return self._refused("record the decision", self.document.try_edit(
            f"Record decision on {self._about_of(ch)}", edits.update_challenge, challenge_id,
            status=status, decision={"text": text.strip(), "decided_by": decided_by.strip(),
                                     "decided_at": C.now()},
            touched=self._touched(ch)))

    def delete(self, challenge_id: str) -> str | None:
        found = C.find(self.document.blueprint, challenge_id)
        if found is None:
            return self._refused("delete", f"there is no challenge {challenge_id!r}")
        ch = found[1]
        reason = self.document.try_edit(f"Delete challenge on {self._about_of(ch)}",
                                        edits.remove_challenge, challenge_id,
                                        touched=self._touched(ch))
        if reason is None:
            self.message.emit(f"Deleted the challenge on {self._about_of(ch)} — Ctrl+Z "
                              "brings it back")
        return self._refused("delete", reason)

    def delete_current(self) -> None:
        if self.current_id() is not None:
            self.delete(self.current_id())  # type: ignore[arg-type]

    def _status_chosen(self, status: str) -> None:
        if self.current_id() is not None:
            self.set_status(self.current_id(), status)  # type: ignore[arg-type]

    def _about(self, element: str | None) -> str:
        if element is None:
            return "the blueprint"
        return C.names(self.document.blueprint).get(element, element)

    def _about_of(self, ch: Challenge) -> str:
        about = C.about(ch, self._names or C.names(self.document.blueprint))
        return "the blueprint" if about == C.WHOLE else about

    # ------------------------------------------------------------ dialogs

    def ask_add(self, elements: Sequence[str] | None = None) -> None:
        """Ask for a new challenge on one of ``elements`` (default: the selection) or on
        the blueprint as a whole; the name to record is asked first if not known yet."""
        chosen = list(self.document.selection() if elements is None else elements)
        names = C.names(self.document.blueprint)
        abouts = [(names[e], e) for e in chosen if e in names]
        abouts.append((C.WHOLE, None))

        def open_dialog(by: str) -> None:
            dialog = CommentDialog(
                "Add a challenge",
                "<p>What should the workshop challenge, question or note? It is recorded "
                f"as open, by <b>{as_html(by)}</b>, now.</p>",
                "e.g. Who answers a firearms call in Swindon at 3am?", "Add", self,
                abouts=abouts)
            dialog.accepted.connect(lambda: self.add(dialog.element(), dialog.text(), by))
            self._open(dialog)

        self._as_author(open_dialog)

    def ask_reply(self) -> None:
        ch = self.current()
        if ch is None:
            return
        challenge_id = ch.id

        def open_dialog(by: str) -> None:
            dialog = CommentDialog(
                "Reply", f"<p>Reply to: <i>{as_html(C.preview(ch.text))}</i></p>",
                "The answer, or what is being done about it", "Reply", self,
                answered=C.is_open(ch))
            dialog.accepted.connect(lambda: self.reply(challenge_id, dialog.text(), by,
                                                       dialog.answered.isChecked()))
            self._open(dialog)

        self._as_author(open_dialog)

    def ask_decision(self) -> None:
        ch = self.current()
        if ch is None:
            return
        challenge_id = ch.id

        def open_dialog(by: str) -> None:
            previous = ch.decision
            dialog = CommentDialog(
                "Record a decision",
                f"<p>What was decided about: <i>{as_html(C.preview(ch.text))}</i></p>",
                "e.g. Agreed by the Strategic Alliance Board: …", "Record", self,
                statuses=sorted(C.DECIDED, key=CHALLENGE_STATUSES.index),
                decided_by=previous.decided_by if previous else by)
            if previous is not None:
                dialog.text_edit.setPlainText(previous.text)
            if ch.status in C.DECIDED:
                dialog.status.setCurrentIndex(dialog.status.findData(ch.status))
            dialog.accepted.connect(lambda: self.decide(
                challenge_id, dialog.text(), dialog.decided_by.text(),
                dialog.chosen_status() or "accepted"))
            self._open(dialog)

        self._as_author(open_dialog)

    def _open(self, dialog: QDialog) -> None:
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()


def _named(bp: Blueprint, touched: frozenset[str]) -> bool:
    """Whether an edit touching ``touched`` may rename what a challenge names (a force's
    roles are named after it)."""
    named = {c.element for c in bp.challenges if c.element is not None}
    named |= {e.split(".")[0] for e in named if "." in e}
    return not named.isdisjoint(touched)
