"""Undo commands: each replaces the document's blueprint with another blueprint value.

Blueprints are frozen, so a command just keeps the value before and after (the whole
file: base and options); undo puts back exactly the previous value. A command also
remembers the option shown before and after it, and shows it again on undo and redo,
so the change being undone is in sight. Consecutive commands with the same merge key
(dragging the same nodes, typing in the same field) in the same option fold into one.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from designer.core.schema import Blueprint

if TYPE_CHECKING:
    from designer.ui.document import Document

MERGE_ID = 1
MERGE_WINDOW_S = 1.5
"""Edits with the same merge key this close together merge into one undo step."""


class BlueprintCommand(QUndoCommand):
    """Swap the document's blueprint ``before`` → ``after`` (and back on undo)."""

    def __init__(self, document: Document, text: str, before: Blueprint, after: Blueprint,
                 touched: frozenset[str] | None, merge_key: str | None = None,
                 option: str | None = None, option_after: str | None = None):
        super().__init__(text)
        if "&" in text:  # the Edit menu shows the action text: '&' there is a mnemonic
            self.setText(f"{text}\n{text.replace('&', '&&')}")  # text, then action text
        self.document = document
        self.before = before
        self.after = after
        self.touched = touched
        self.merge_key = merge_key
        self.option = option
        """The option shown when the change was made (None: the base)."""
        self.option_after = option_after
        """The option shown once it is made (a new option, the base after a delete)."""
        self.stamp = time.monotonic()

    def redo(self) -> None:
        self.document._apply(self.after, self.touched, self.option_after)

    def undo(self) -> None:
        self.document._apply(self.before, self.touched, self.option)

    def id(self) -> int:
        return MERGE_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, BlueprintCommand) or other.merge_key != self.merge_key \
                or other.option != self.option or other.option_after != self.option_after:
            return False
        if other.stamp - self.stamp > MERGE_WINDOW_S or self.document._merge_closed:
            return False
        self.after = other.after
        self.stamp = other.stamp
        if self.touched is None or other.touched is None:
            self.touched = None
        else:
            self.touched = self.touched | other.touched
        self.setObsolete(self.after is self.before)
        return True
