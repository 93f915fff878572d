"""Exports defend themselves: no user text starts a formula or breaks a file.

A name like ``=HYPERLINK("http://evil", "click")`` or ``@SUM(…)`` typed into a
blueprint would run as a formula when a finance officer opens the export in
Excel or LibreOffice (CSV injection). Text is *formula-like* when it starts
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return, also once leading
spaces and invisible characters (zero-width, bidi controls, a byte-order mark)
are skipped and full-width or small forms (``＝``, ``﹦``, ``＋``…) are read as
what spreadsheets take them for. A CSV cell then gets an apostrophe in front,
the usual neutraliser; the workbook instead keeps the words as they are in a
cell typed as text with Excel's quote-prefix style (no stray apostrophe on
screen, and editing the cell does not turn it into a formula). Numbers are
written as numbers and never pass through here.

Whatever the schema lets through today or tomorrow, an export never fails on
a character its format cannot hold: :func:`printable` drops control
characters (but tab and newline) and replaces lone surrogates and XML
non-characters; :func:`xml_safe` keeps only what XML 1.0 allows (the SVG).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_CHARS = frozenset("=+-@")
"""What a formula starts with once spaces and invisible characters are skipped."""
_INVISIBLE = frozenset(("Cc", "Cf", "Zs", "Zl", "Zp"))
"""Unicode categories a spreadsheet may skip or show as nothing before a formula:
controls, format characters (zero-width, bidi, BOM) and separators."""

_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|[\ud800-\udfff]|[\ufffe\uffff]")
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def formula_like(text: str) -> bool:
    """True if a spreadsheet could read ``text`` as a formula."""
    if text.startswith(FORMULA_STARTS):
        return True
    for ch in text:
        if ch.isspace() or unicodedata.category(ch) in _INVISIBLE:
            continue
        return ch in FORMULA_CHARS or unicodedata.normalize("NFKC", ch)[:1] in FORMULA_CHARS
    return False


def safe_text(value: object) -> str:
    """User text as a CSV cell: writable, with an apostrophe in front if it is formula-like."""
    text = printable(value)
    return "'" + text if formula_like(text) else text


def is_neutral(text: str) -> bool:
    """True if a cell's text cannot be read as a formula."""
    return not formula_like(text)


def printable(value: object) -> str:
    """``value`` as text every export can write: control characters other than tab,
    newline and carriage return dropped, lone surrogates and the non-characters
    U+FFFE/U+FFFF replaced by U+FFFD; None is ''."""
    text = "" if value is None else str(value)
    if text.isprintable():  # the usual case, quickly
        return text
    return _UNWRITABLE.sub(_replacement, text)


def _replacement(match: re.Match[str]) -> str:
    ch = match.group()
    return "\ufffd" if ch >= "\ud800" else ""


def xml_safe(text: str) -> str:
    """``text`` with every character XML 1.0 cannot hold removed (for SVG files)."""
    return _NOT_XML.sub("", text)


def writable(model: M) -> M:
    """``model`` (a blueprint, or any part of one) with every text :func:`printable`: what
    the PDF and the diagram draw, so no character can upset a renderer. Unchanged parts
    are the same objects, so a clean blueprint costs one walk and no copies."""
    return _writable(model)


def _writable(value: Any) -> Any:
    if isinstance(value, str):
        if value.isprintable():
            return value
        out = printable(value)
        return value if out == value else out
    if isinstance(value, BaseModel):
        changed = {}
        for name in type(value).model_fields:
            old = getattr(value, name)
            new = _writable(old)
            if new is not old:
                changed[name] = new
        return value.model_copy(update=changed) if changed else value
    if isinstance(value, tuple | list):
        items = [_writable(v) for v in value]
        if any(a is not b for a, b in zip(items, value, strict=True)):
            return type(value)(items)
        return value
    if isinstance(value, dict):
        pairs = [(_writable(k), _writable(v)) for k, v in value.items()]
        if any(a is not k or b is not v for (a, b), (k, v) in zip(pairs, value.items(),
                                                                   strict=True)):
            return dict(pairs)
        return value
    return value
