"""Small widget factories the docks share, so every search box behaves alike."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget


def search_field(parent: QWidget, placeholder: str, accessible_name: str) -> QLineEdit:
    """A search/filter box: placeholder hint, clear button, a name screen readers announce."""
    edit = QLineEdit(parent)
    edit.setPlaceholderText(placeholder)
    edit.setClearButtonEnabled(True)
    edit.setAccessibleName(accessible_name)
    return edit
