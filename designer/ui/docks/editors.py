"""Field editors for the inspector: each shows one value (or 'mixed') and emits ``committed``.

Editors commit when the user finishes (Enter, focus out, a choice made), never
on every keystroke, so each change is one undo step.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from designer.core.money import format_pence, parse_pence
from designer.ui.style import format_count, tabular, text_on
from designer.ui.widgets import literal

MIXED = "(mixed)"

Options = Sequence[tuple[str, Any]]
INPUTS = (QLineEdit, QComboBox, QAbstractSpinBox, QAbstractButton, QPlainTextEdit)
"""The widgets inside editors that take keyboard focus, so need a name screen readers say."""


class Editor(QWidget):
    """Base: a value editor with mixed state and an invalid mark."""

    committed = Signal(object)

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def set_mixed(self) -> None:
        raise NotImplementedError

    def set_options(self, options: Options) -> None:  # only choice editors have options
        pass

    def set_invalid(self, invalid: bool) -> None:
        self.setProperty("invalid", invalid)
        for w in (self, *self.findChildren(QWidget)):
            w.setProperty("invalid", invalid)
            w.style().unpolish(w)
            w.style().polish(w)

    def focus_widget(self) -> QWidget:
        return self

    def set_accessible_name(self, name: str) -> None:
        """Name the editor and every input in it: a screen reader announces the widget
        that has focus, which is the line edit or box inside, not this wrapper."""
        self.setAccessibleName(name)
        for widget in self.findChildren(QWidget):
            if isinstance(widget, INPUTS):
                widget.setAccessibleName(name)


def _wrap(owner: Editor, inner: QWidget) -> None:
    layout = QHBoxLayout(owner)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(inner)
    owner.setFocusProxy(inner)


class TextEditor(Editor):
    """One line of text; ``optional`` turns '' into None."""

    def __init__(self, optional: bool = False, placeholder: str = "",
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.optional = optional
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(placeholder)
        _wrap(self, self.edit)
        self._value: Any = None
        self.edit.editingFinished.connect(self._finish)

    def set_value(self, value: Any) -> None:
        self._value = value
        self.edit.setText("" if value is None else str(value))
        self.edit.setCursorPosition(0)  # a long value shows its start, not its end
        self.edit.setPlaceholderText(self.edit.placeholderText().replace(MIXED, ""))

    def set_mixed(self) -> None:
        self._value = MIXED
        self.edit.clear()
        self.edit.setPlaceholderText(MIXED)

    def parse(self, text: str) -> Any:
        text = text.strip()
        return None if (self.optional and not text) else text

    def _finish(self) -> None:
        text = self.edit.text()
        if self._value == MIXED and not text:
            return
        try:
            value = self.parse(text)
        except ValueError as exc:
            self.set_invalid(True)
            self.edit.setToolTip(str(exc))
            self.committed.emit(exc)
            return
        if value != self._value:
            self._value = value
            self.committed.emit(value)


class TagsEditor(TextEditor):
    """Tags separated by commas or spaces."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(placeholder="e.g. phase-1, protective-services", parent=parent)

    def set_value(self, value: Any) -> None:
        self._value = tuple(value)
        self.edit.setText(", ".join(value))
        self.edit.setCursorPosition(0)

    def parse(self, text: str) -> Any:
        return tuple(dict.fromkeys(t for t in text.replace(",", " ").split() if t))


class ListTextEditor(TextEditor):
    """Names separated by semicolons (names may hold commas and spaces)."""

    def set_value(self, value: Any) -> None:
        self._value = tuple(value)
        self.edit.setText("; ".join(value))
        self.edit.setCursorPosition(0)

    def parse(self, text: str) -> Any:
        return tuple(t.strip() for t in text.split(";") if t.strip())


class MoneyEditor(TextEditor):
    """Pounds and pence shown as £1,234,567; kept as integer pence."""

    def __init__(self, optional: bool = False, parent: QWidget | None = None):
        super().__init__(optional=optional, placeholder="£0", parent=parent)
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.edit.setFont(tabular(self.edit.font()))
        self.edit.setToolTip("An amount in pounds, e.g. 1,250,000 or £2.5m")

    def set_value(self, value: Any) -> None:
        self._value = value
        self.edit.setText(format_pence(value))
        self.edit.setCursorPosition(0)

    def parse(self, text: str) -> Any:
        pence = parse_pence(text)
        if pence is None and not self.optional:
            return 0
        if pence is not None and pence < 0:
            raise ValueError("an amount cannot be negative")
        return pence


class NumberEditor(TextEditor):
    """A number with thousands separators; ``integer`` for counts, optional → None."""

    def __init__(self, integer: bool = False, optional: bool = True, suffix: str = "",
                 placeholder: str = "", parent: QWidget | None = None):
        super().__init__(optional=optional, placeholder=placeholder, parent=parent)
        self.integer = integer
        self.suffix = suffix
        self._shown = ""
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.edit.setFont(tabular(self.edit.font()))

    def set_value(self, value: Any) -> None:
        self._value = value
        if value is None:
            self.edit.clear()
        elif self.suffix == "%":  # one decimal, as everywhere (the stored value is kept)
            self.edit.setText(f"{float(value):.1f}%")
        else:
            self.edit.setText(format_count(value) + self.suffix)
        self.edit.setCursorPosition(0)
        self._shown = self.edit.text()

    def _finish(self) -> None:
        if self._value != MIXED and self.edit.text() == self._shown:
            return  # untouched: a rounded display must not overwrite the stored value
        super()._finish()

    def parse(self, text: str) -> Any:
        cleaned = text.replace(",", "").replace(self.suffix or "\0", "").strip()
        if not cleaned:
            if self.optional:
                return None
            return 0 if self.integer else 0.0
        try:
            return int(cleaned) if self.integer else float(cleaned)
        except ValueError:
            kind = "a whole number" if self.integer else "a number"
            raise ValueError(f"{text!r} is not {kind}") from None


class FteEditor(Editor):
    """Full-time equivalents in a spin box (one decimal)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.spin = QDoubleSpinBox(self)
        self.spin.setRange(-1, 1_000_000)
        self.spin.setDecimals(1)
        self.spin.setSingleStep(0.5)
        self.spin.setGroupSeparatorShown(True)
        self.spin.setKeyboardTracking(False)
        self.spin.setSuffix(" FTE")
        self.spin.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.spin.setFont(tabular(self.spin.font()))
        _wrap(self, self.spin)
        self._value: Any = None
        self.spin.editingFinished.connect(self._finish)

    def set_value(self, value: Any) -> None:
        self._value = value
        with QSignalBlocker(self.spin):
            self.spin.setSpecialValueText("")  # else the minimum, 0, would read "(mixed)"
            self.spin.setMinimum(0)
            self.spin.setValue(float(value or 0))

    def set_mixed(self) -> None:
        self._value = MIXED
        with QSignalBlocker(self.spin):
            self.spin.setSpecialValueText(MIXED)  # shown at the minimum, -1
            self.spin.setMinimum(-1)
            self.spin.setValue(-1)

    def _finish(self) -> None:
        value = round(self.spin.value(), 1)
        if value < 0 or value == self._value:
            return
        self._value = value
        self.committed.emit(value)


class ChoiceEditor(Editor):
    """A drop-down of (label, value) options."""

    def __init__(self, options: Options = (), parent: QWidget | None = None):
        super().__init__(parent)
        self.combo = QComboBox(self)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(8)
        _wrap(self, self.combo)
        self._options: list[tuple[str, Any]] = []
        self.set_options(options)
        self._value: Any = None
        self.combo.activated.connect(self._chosen)

    @property
    def options(self) -> list[tuple[str, Any]]:
        """The (label, value) choices, in the order the drop-down lists them."""
        return list(self._options)

    def set_options(self, options: Options) -> None:
        options = list(options)
        if options == self._options:
            return
        self._options = options
        with QSignalBlocker(self.combo):
            self.combo.clear()
            for label, _ in options:
                self.combo.addItem(label)

    def set_value(self, value: Any) -> None:
        self._value = value
        index = next((i for i, (_, v) in enumerate(self._options) if v == value), -1)
        with QSignalBlocker(self.combo):
            if index < 0 and value is not None:  # a value not offered: show it anyway
                self._options.append((str(value), value))
                self.combo.addItem(str(value))
                index = len(self._options) - 1
            self.combo.setCurrentIndex(index)
            self.combo.setPlaceholderText("")

    def set_mixed(self) -> None:
        self._value = MIXED
        with QSignalBlocker(self.combo):
            self.combo.setPlaceholderText(MIXED)
            self.combo.setCurrentIndex(-1)

    def _chosen(self, index: int) -> None:
        if 0 <= index < len(self._options):
            value = self._options[index][1]
            if value != self._value:
                self._value = value
                self.committed.emit(value)


class BoolEditor(Editor):
    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.check = QCheckBox(text, self)
        _wrap(self, self.check)
        self.check.clicked.connect(lambda on: self.committed.emit(bool(on)))

    def set_value(self, value: Any) -> None:
        with QSignalBlocker(self.check):
            self.check.setTristate(False)
            self.check.setChecked(bool(value))

    def set_mixed(self) -> None:
        with QSignalBlocker(self.check):
            self.check.setTristate(True)
            self.check.setCheckState(Qt.CheckState.PartiallyChecked)


class MultiChoiceEditor(Editor):
    """Several choices ticked in a drop-down menu; ``empty_text`` says what none means."""

    def __init__(self, empty_text: str = "none", parent: QWidget | None = None):
        super().__init__(parent)
        self.empty_text = empty_text
        self.button = QToolButton(self)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.menu = QMenu(self.button)
        self.button.setMenu(self.menu)
        _wrap(self, self.button)
        self._options: list[tuple[str, Any]] = []
        self._value: tuple[Any, ...] = ()
        self.menu.aboutToHide.connect(self._finish)

    def set_options(self, options: Options) -> None:
        options = list(options)
        if options == self._options:
            return
        self._options = options
        self.menu.clear()
        for label, value in options:
            action = self.menu.addAction(literal(label))
            action.setCheckable(True)
            action.setData(value)
        self.set_value(self._value)

    def _ticked(self) -> tuple[Any, ...]:
        return tuple(a.data() for a in self.menu.actions() if a.isChecked())

    def set_value(self, value: Any) -> None:
        self._value = tuple(value)
        for action in self.menu.actions():
            action.setChecked(action.data() in self._value)
        self._label()

    def set_mixed(self) -> None:
        self._value = (MIXED,)
        for action in self.menu.actions():
            action.setChecked(False)
        self.button.setText(MIXED)

    def _label(self) -> None:
        labels = [label for label, v in self._options if v in self._value]
        text = ", ".join(labels) if labels else self.empty_text
        self.button.setText(literal(text))
        self.button.setToolTip(text)

    def _finish(self) -> None:
        value = self._ticked()
        if value != self._value and not (self._value == (MIXED,) and not value):
            self._value = value
            self._label()
            self.committed.emit(value)


class NotesEditor(Editor):
    """Several lines of text, committed when focus leaves."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.text = _FocusOutText(self)
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(72)
        _wrap(self, self.text)
        self._value: Any = None
        self.text.left.connect(self._finish)

    def set_value(self, value: Any) -> None:
        self._value = value
        with QSignalBlocker(self.text):
            self.text.setPlainText(value or "")
            self.text.setPlaceholderText("")

    def set_mixed(self) -> None:
        self._value = MIXED
        self.text.clear()
        self.text.setPlaceholderText(MIXED)

    def _finish(self) -> None:
        text = self.text.toPlainText()
        if self._value == MIXED and not text:
            return
        if text != self._value:
            self._value = text
            self.committed.emit(text)


class _FocusOutText(QPlainTextEdit):
    left = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.left.emit()


class ColourEditor(Editor):
    """A swatch button that opens the colour chooser."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.button = QPushButton(self)
        _wrap(self, self.button)
        self._value: Any = None
        self.button.clicked.connect(self._choose)

    def set_value(self, value: Any) -> None:
        self._value = value
        self.button.setText(str(value).upper())
        colour = QColor(value)
        text = text_on(colour).name()
        self.button.setStyleSheet(f"background: {value}; color: {text};")

    def set_mixed(self) -> None:
        self._value = MIXED
        self.button.setText(MIXED)
        self.button.setStyleSheet("")

    def _choose(self) -> None:
        start = QColor(self._value) if self._value not in (None, MIXED) else QColor("#0072B2")
        colour = QColorDialog.getColor(start, self, "Force colour")
        if colour.isValid():
            value = colour.name().upper()
            if value != self._value:
                self.set_value(value)
                self.committed.emit(value)
