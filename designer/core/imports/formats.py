"""Every import format in one list: the flags of ``designer import`` (and the app's import).

    fmt = by_key("xlsx")
    imported = fmt.read(Path("book.xlsx"), base=bp)   # Imported(blueprint, notes)

Adding a format is one :class:`ImportFormat` in :data:`FORMATS` plus its reader, named by
import path (``"module:function"``) and imported only when used. Every reader is called
the same way::

    reader(source, base=blueprint_or_None, **options) -> Imported

``base`` is the blueprint being imported into (``None`` for a new one). A reader never
writes: it returns the new blueprint and, element by element, what it could not take
(:class:`Note`), or raises :class:`ImportFileError` naming the file and where each problem
is, having changed nothing.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from designer.core.schema import Blueprint


@dataclass(frozen=True, slots=True)
class Note:
    """One thing an import did not take (or took with a guess), and where it is."""

    message: str
    line: int | None = None
    element: str = ""
    """The source's own name for what the note is about (an ArchiMate identifier, a cell)."""

    def __str__(self) -> str:
        where = ", ".join(p for p in (f"line {self.line}" if self.line else "",
                                      self.element) if p)
        return f"{where}: {self.message}" if where else self.message


@dataclass(frozen=True, slots=True)
class Imported:
    """What a reader gives back: the new blueprint, and the notes on what did not map."""

    blueprint: Blueprint
    notes: tuple[Note, ...] = ()


class ImportFileError(Exception):
    """A source file that cannot be imported at all; ``problems`` are located notes."""

    def __init__(self, file: str | os.PathLike[str], problems: list[Note]):
        self.file = str(file)
        self.problems = problems
        super().__init__(self.describe())

    def describe(self, limit: int = 20) -> str:
        lines = [f"{self.file} cannot be imported:"]
        lines += [f"  - {p}" for p in self.problems[:limit]]
        if len(self.problems) > limit:
            lines.append(f"  … and {len(self.problems) - limit} more problems")
        return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class ImportFormat:
    """One import format: what it is called and who reads it."""

    key: str
    """The command-line flag (``--KEY``) and the app's choice."""
    label: str
    help: str
    suffixes: tuple[str, ...]
    reader: str
    """``"module:function"`` that reads it (see the module docstring)."""
    file_filter: str = ""
    options: tuple[tuple[str, Any], ...] = ()

    @property
    def flag(self) -> str:
        return f"--{self.key}"

    def read(self, source: str | os.PathLike[str], base: Blueprint | None) -> Imported:
        """Read ``source`` into a blueprint (``base``: the one imported into, if any).
        Raises :class:`ImportFileError`; writes nothing."""
        reader = _resolve(self.reader)
        return reader(Path(source), base=base, **dict(self.options))


def _resolve(target: str) -> Callable[..., Any]:
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


FORMATS: tuple[ImportFormat, ...] = (
    ImportFormat("xlsx", "Baseline spreadsheet (.xlsx)",
                 "baseline costs, FTE and delivery from a workbook made with "
                 "'designer export --template' (the Functions sheet)",
                 (".xlsx",), "designer.core.imports.spreadsheet:import_xlsx",
                 file_filter="Excel workbook (*.xlsx)"),
    ImportFormat("csv", "Baseline spreadsheet (.csv)",
                 "the same columns as a CSV file (UTF-8)",
                 (".csv",), "designer.core.imports.spreadsheet:import_csv",
                 file_filter="CSV file (*.csv)"),
    ImportFormat("archimate", "ArchiMate model (Open Exchange Format, .xml)",
                 "an ArchiMate 3.1 Open Exchange File (from Archi or another EA tool)",
                 (".xml",), "designer.core.imports.archimate:import_archimate",
                 file_filter="ArchiMate exchange file (*.xml)"),
)
"""In the order the command line lists them."""


def by_key(key: str) -> ImportFormat:
    """The format called ``key`` (``KeyError`` if there is none)."""
    for fmt in FORMATS:
        if fmt.key == key:
            return fmt
    raise KeyError(key)


_PLURALS = {"areas": "policing areas", "bodies": "governance bodies",
            "walkthroughs": "walk-throughs"}
_SINGULARS = {"forces": "force", "areas": "policing area", "bodies": "governance body",
              "functions": "function", "teams": "team", "links": "link", "options": "option",
              "challenges": "challenge", "conflicts": "merge conflict",
              "walkthroughs": "walk-through", "waivers": "waiver"}


def contents(bp: Blueprint, names: int = 6) -> list[str]:
    """What a blueprint holds, part by part, in words (an import's preview of a new
    blueprint): ``'3 forces: Avon and Somerset, Wiltshire, Gloucestershire'``; each
    list of the file that is not empty, its first ``names`` items by name."""
    lines = []
    for part in type(bp).model_fields:
        items = getattr(bp, part)
        if not isinstance(items, tuple) or not items:
            continue
        count = len(items)
        noun = _SINGULARS.get(part, part) if count == 1 else _PLURALS.get(part, part)
        named = [str(n) for n in (getattr(i, "name", None) or getattr(i, "title", None)
                                  for i in items[:names]) if n]
        more = f" and {count - names:,} more" if named and count > names else ""
        lines.append(f"{count:,} {noun}" + (f": {', '.join(named)}{more}" if named else ""))
    return lines
