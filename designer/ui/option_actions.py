"""The option switcher and the options' commands (the window's toolbar and menus).

The blueprint as drawn is the *base*; the file's options each say what they do
differently (``designer.core.options``). This shows which one the window shows — a
combo in the main toolbar, "Base" and each option by name and status, and View ▸
Option (checkable, Ctrl+Alt+0 for the base, Ctrl+Alt+1…9 for the options) — and
manages them: new option from the view shown, rename, duplicate, delete, status,
description. Every change is one undoable step through the document
(``Document.new_option`` …); switching is not an edit, so it is not undone.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QSizePolicy,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QWidget,
)

from designer.core import options as O
from designer.core.schema import OPTION_STATUSES, Blueprint, Option
from designer.ui.widgets import literal

BASE_LABEL = "Base"
BASE_TIP = "The blueprint as drawn, without any option"
MAX_KEYED = 9
"""Options with a shortcut of their own (Ctrl+Alt+1 … Ctrl+Alt+9)."""
COMBO_WIDEST = 400
"""The switcher's widest (a long name is cut there; its list shows names whole)."""


class OptionActions(QObject):
    """The switcher combo, View ▸ Option and the Options menu for one window."""

    message = Signal(str, int)
    """Something to say in the status bar (text, milliseconds)."""

    def __init__(self, document: Any, window: QWidget):
        super().__init__(window)
        self.document = document
        self.window = window
        self._listed: tuple | None = None  # (id, label, status) of each option listed
        self.combo = SwitcherCombo(window)
        self.combo.setObjectName("optionSwitcher")
        self.combo.setAccessibleName("Option shown")
        self.combo.setToolTip("Which option the canvas, matrix, problems and finance show "
                              "(Ctrl+Alt+0 the base, Ctrl+Alt+1…9 an option); right-click "
                              "to manage options")
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.setMinimumContentsLength(16)
        self.combo.setMaximumWidth(COMBO_WIDEST)
        self.combo.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.combo.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.combo.customContextMenuRequested.connect(self._context_menu)
        self.combo.activated.connect(self._combo_chosen)

        self.group = QActionGroup(self)
        self.group.setExclusive(True)
        self.show_actions: list[QAction] = []
        """View ▸ Option: the base, then each option (rebuilt when the options change)."""
        self.view_menu = QMenu("&Option", window)
        self.view_menu.setToolTipsVisible(True)

        act = self._act
        self.act_new = act("&New Option…", self.ask_new,
                           "Make a new option from the view shown (the base, or a copy of "
                           "the option shown), and show it")
        self.act_rename = act("&Rename Option…", self.ask_rename, "Rename the option shown")
        self.act_duplicate = act("D&uplicate Option", self.duplicate,
                                 "Make a copy of the option shown, and show it")
        self.act_describe = act("&Describe Option…", self.ask_describe,
                                "The option's description, where it comes from and notes")
        self.act_delete = act("De&lete Option…", self.ask_delete,
                              "Delete the option shown (undoable) and show the base")
        self.status_menu = QMenu("Set &Status", window)
        self.status_group = QActionGroup(self)
        self.status_actions: dict[str, QAction] = {}
        for status in OPTION_STATUSES:
            a = QAction(O.STATUS_WORDS[status].capitalize(), self, checkable=True)
            a.triggered.connect(lambda _c=False, s=status: self.set_status(s))
            self.status_group.addAction(a)
            self.status_menu.addAction(a)
            self.status_actions[status] = a
        self.manage_actions = [self.act_new, self.act_rename, self.act_duplicate,
                               self.act_describe, self.act_delete]
        self.menu = QMenu("&Options", window)
        self.menu.setToolTipsVisible(True)
        self.fill_manage_menu(self.menu)

        document.optionChanged.connect(lambda _o: self.refresh())
        document.changed.connect(lambda _t: self.refresh())
        self.refresh()

    def _act(self, text: str, slot: Any, tip: str) -> QAction:
        action = QAction(text, self)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(lambda _c=False: slot())
        return action

    def fill_manage_menu(self, menu: QMenu) -> None:
        """The options' commands (the Options menu, the switcher's right-click)."""
        menu.addAction(self.act_new)
        menu.addSeparator()
        menu.addActions([self.act_rename, self.act_duplicate, self.act_describe])
        menu.addMenu(self.status_menu)
        menu.addSeparator()
        menu.addAction(self.act_delete)

    # ------------------------------------------------------------ showing

    def refresh(self) -> None:
        """Bring the combo, View ▸ Option and the commands' states up to date."""
        bp: Blueprint = self.document.file_blueprint
        listed = tuple((o.id, O.option_label(o)) for o in bp.options)
        if listed != self._listed:
            self._listed = listed
            self._rebuild(bp)
        shown = self.document.option
        index = 0 if shown is None else 1 + next(
            (i for i, (oid, _l) in enumerate(listed) if oid == shown), -1)
        if self.combo.currentIndex() != index:
            self.combo.blockSignals(True)
            self.combo.setCurrentIndex(index)
            self.combo.blockSignals(False)
        if 0 <= index < len(self.show_actions):
            self.show_actions[index].setChecked(True)
        option = self.shown_option()
        for a in (self.act_rename, self.act_duplicate, self.act_describe, self.act_delete):
            a.setEnabled(option is not None)
        self.status_menu.setEnabled(option is not None)
        for status, a in self.status_actions.items():
            a.setChecked(option is not None and option.status == status)

    def _rebuild(self, bp: Blueprint) -> None:
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem(BASE_LABEL, None)
        self.combo.setItemData(0, BASE_TIP, Qt.ItemDataRole.ToolTipRole)
        for i, option in enumerate(bp.options, 1):
            self.combo.addItem(O.option_label(option), option.id)
            self.combo.setItemData(i, self._tip(option), Qt.ItemDataRole.ToolTipRole)
        view = self.combo.view()  # the list shows each name whole, however narrow the combo
        view.setMinimumWidth(view.sizeHintForColumn(0) + 2 * view.frameWidth() + 24)
        self.combo.blockSignals(False)
        for a in self.show_actions:
            self.group.removeAction(a)
            self.window.removeAction(a)
            a.deleteLater()
        self.view_menu.clear()
        self.show_actions = []
        entries: list[tuple[str | None, str, str]] = [(None, BASE_LABEL, BASE_TIP)]
        entries += [(o.id, O.option_label(o), self._tip(o)) for o in bp.options]
        for n, (option_id, label, tip) in enumerate(entries):
            a = QAction(literal(label), self, checkable=True)
            if n <= MAX_KEYED:
                a.setShortcut(QKeySequence(f"Ctrl+Alt+{n}"))
            a.setToolTip(tip)
            a.setStatusTip(tip)
            a.triggered.connect(lambda _c=False, o=option_id: self.show(o))
            self.group.addAction(a)
            self.window.addAction(a)  # the shortcut works with the menu closed
            self.view_menu.addAction(a)
            self.show_actions.append(a)
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.act_new)

    @staticmethod
    def _tip(option: Option) -> str:
        lines = [O.option_label(option)]
        if option.description:
            lines.append(option.description)
        if option.source:
            lines.append(f"Source: {option.source}")
        return "\n".join(lines)

    def shown_option(self) -> Option | None:
        option_id = self.document.option
        if option_id is None:
            return None
        return O.find_option(self.document.file_blueprint, option_id)[1]

    def show(self, option_id: str | None) -> bool:
        """Show an option (None: the base); says why not in the status bar."""
        refusal = self.document.set_option(option_id)
        if refusal:
            self.message.emit(f"Cannot show that option: {refusal}", 10000)
            self.refresh()  # the combo goes back to what is shown
            return False
        return True

    def _combo_chosen(self, index: int) -> None:
        self.show(self.combo.itemData(index))

    def _context_menu(self, pos: QPoint) -> None:
        menu = QMenu(self.combo)
        self.fill_manage_menu(menu)
        menu.exec(self.combo.mapToGlobal(pos))

    # ------------------------------------------------------------ managing

    def _said(self, refusal: str | None, done: str) -> bool:
        if refusal:
            self.message.emit(f"Not done: {refusal}", 8000)
            return False
        self.message.emit(done, 4000)
        return True

    def ask_new(self, name: str | None = None) -> bool:
        """New Option…: asks a name, then makes the option from the view shown."""
        if name is None:
            shown = self.shown_option()
            start = f"{shown.name} (variant)" if shown else "New option"
            name, ok = QInputDialog.getText(self.window, "New option",
                                            "Name of the new option (it starts as the view "
                                            "shown; your changes go into it):", text=start)
            if not ok or not name.strip():
                return False
        return self._said(self.document.new_option(name), f"Option “{name.strip()}” made "
                          "and shown: changes you make now go into it")

    def ask_rename(self, name: str | None = None) -> bool:
        option = self.shown_option()
        if option is None:
            return False
        if name is None:
            name, ok = QInputDialog.getText(self.window, "Rename option", "New name:",
                                            text=option.name)
            if not ok or not name.strip() or name.strip() == option.name:
                return False
        return self._said(self.document.rename_option(option.id, name),
                          f"Option renamed “{name.strip()}”")

    def duplicate(self) -> bool:
        option = self.shown_option()
        if option is None:
            return False
        return self._said(self.document.duplicate_option(option.id),
                          f"Copy of “{option.name}” made and shown")

    def set_status(self, status: str) -> bool:
        option = self.shown_option()
        if option is None or option.status == status:
            self.refresh()
            return False
        return self._said(self.document.set_option_status(option.id, status),
                          f"“{option.name}” is now {O.STATUS_WORDS[status]}")

    def ask_delete(self, confirm: bool = True) -> bool:
        option = self.shown_option()
        if option is None:
            return False
        if confirm:
            answer = QMessageBox.question(
                self.window, "Delete option",
                f"Delete the option “{option.name}”? The base and the other options stay "
                "as they are; Undo brings it back.")
            if answer != QMessageBox.StandardButton.Yes:
                return False
        return self._said(self.document.delete_option(option.id),
                          f"Option “{option.name}” deleted; the base is shown")

    def ask_describe(self, **fields: Any) -> bool:
        """Describe Option…: its description, source, notes and illustrative flag (a
        dialog unless ``fields`` are given)."""
        option = self.shown_option()
        if option is None:
            return False
        if not fields:
            dialog = OptionDetailsDialog(option, self.window)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            fields = dialog.values()
        changed = {k: v for k, v in fields.items() if getattr(option, k) != v}
        if not changed:
            return False
        return self._said(self.document.describe_option(option.id, **changed),
                          f"“{option.name}” described")


class SwitcherCombo(QComboBox):
    """A combo whose shown text is cut in the middle when it does not fit, so the status
    at its end still shows ("Dogs and armed … command (short list)"); its list shows every
    name whole."""

    def paintEvent(self, _event: Any) -> None:
        painter = QStylePainter(self)
        opt = QStyleOptionComboBox()
        self.initStyleOption(opt)
        field = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, opt,
                                            QStyle.SubControl.SC_ComboBoxEditField, self)
        opt.currentText = self.fontMetrics().elidedText(  # type: ignore[attr-defined]
            opt.currentText, Qt.TextElideMode.ElideMiddle,  # type: ignore[attr-defined]
            field.width() - 4)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, opt)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, opt)


class OptionDetailsDialog(QDialog):
    """An option's description, source, notes and whether its figures are estimates."""

    def __init__(self, option: Option, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Describe option: {option.name}")
        self.setMinimumWidth(520)
        form = QFormLayout(self)
        self.description = QPlainTextEdit(option.description, self)
        self.description.setTabChangesFocus(True)
        self.source = QLineEdit(option.source, self)
        self.source.setPlaceholderText("A board paper, a workshop, a press release …")
        self.notes = QPlainTextEdit(option.notes, self)
        self.notes.setTabChangesFocus(True)
        self.illustrative = QCheckBox("Its figures are estimates (illustrative)", self)
        self.illustrative.setChecked(option.illustrative)
        form.addRow("&Description:", self.description)
        form.addRow("&Source:", self.source)
        form.addRow("&Notes:", self.notes)
        form.addRow("", self.illustrative)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict[str, Any]:
        return {"description": self.description.toPlainText().strip(),
                "source": self.source.text().strip(),
                "notes": self.notes.toPlainText().strip(),
                "illustrative": self.illustrative.isChecked()}
