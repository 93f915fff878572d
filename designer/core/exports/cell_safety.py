"""Spreadsheet cells built from user text must never start a formula.

A name like ``=HYPERLINK("http://evil", "click")`` or ``@SUM(…)`` typed into a
blueprint would run as a formula when a finance officer opens the export in
Excel or LibreOffice (CSV injection). Any text starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return is prefixed with an apostrophe, the
usual neutraliser: spreadsheets show it as text and the meaning stays readable.
Numbers are written as numbers and never pass through here.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: object) -> str:
    """User text as a cell value that cannot start a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def is_neutral(text: str) -> bool:
    """True if a cell's text cannot be read as a formula."""
    return not text.startswith(FORMULA_STARTS)
