"""Who is speaking: the name recorded with each challenge, reply and decision.

Asked once, in a small dialog, and kept in the application's settings for next time
(the Challenges panel can change it). Never taken from the computer's login name: a
workshop's laptop is often someone else's account, and a log signed "jsmith2" or
"Administrator" says nothing to a board.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from designer.core.schema import NAME_MAX, text_problem

SETTING = "workshop/author"


def stored(settings: QSettings) -> str:
    """The name kept in the settings, or '' when none has been given yet."""
    value = settings.value(SETTING, "")
    name = value.strip() if isinstance(value, str) else ""
    return name if name and name_problem(name) is None else ""


def store(settings: QSettings, name: str) -> None:
    settings.setValue(SETTING, name.strip())
    settings.sync()


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot sign a challenge (the file's rules for a name), or None."""
    name = name.strip()
    if len(name) > NAME_MAX:
        return f"A name is at most {NAME_MAX} characters."
    why = text_problem(name, multiline=False, visible=True)
    return f"The name {why}." if why else None


class AuthorDialog(QDialog):
    """Asks for the name to record; OK stays off until it is one the file can hold."""

    def __init__(self, current: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("authorDialog")
        self.setWindowTitle("Your name")
        intro = QLabel("<p>Challenges, replies and decisions are recorded with who said "
                       "them. Which name should they carry?</p><p>It is saved in the "
                       "blueprint with what you add, and kept on this computer for next "
                       "time (the Challenges panel can change it).</p>", self)
        intro.setWordWrap(True)
        self.name = QLineEdit(current, self)
        self.name.setAccessibleName("Your name")
        self.name.setPlaceholderText("e.g. Jo Smith, Wiltshire programme team")
        self.name.setMaxLength(NAME_MAX + 50)  # past the limit: said, not cut silently
        self.problem = QLabel(self)
        self.problem.setObjectName("authorProblem")
        self.problem.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.name.textChanged.connect(self._changed)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.name)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.resize(440, 220)
        self._changed()

    def text(self) -> str:
        return self.name.text().strip()

    def _changed(self) -> None:
        why = name_problem(self.name.text()) if self.name.text().strip() else None
        self.problem.setText(why or "")
        self.problem.setVisible(bool(why))
        self.ok_button.setEnabled(bool(self.text()) and why is None)

    def accept(self) -> None:
        if self.text() and name_problem(self.text()) is None:
            super().accept()


def with_author(settings: QSettings, parent: QWidget, then: Callable[[str], None], *,
                ask: bool = False) -> AuthorDialog | None:
    """Call ``then(name)`` with the stored name; with none stored (or ``ask``), ask first
    in a window-modal dialog, store the answer and go on once it is given. Returns the
    dialog when one was opened (nothing happens if it is cancelled)."""
    name = stored(settings)
    if name and not ask:
        then(name)
        return None
    dialog = AuthorDialog(name, parent)

    def given() -> None:
        store(settings, dialog.text())
        then(dialog.text())

    dialog.accepted.connect(given)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog
