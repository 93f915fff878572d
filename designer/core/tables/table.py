"""What a report table is: title, columns, rows of raw values, and their words.

A :class:`Table` holds figures, not text: money in whole pence, percentages
as exact fractions, years as their labels. :func:`cell_text` is the one way
a value becomes the words people read (money through :mod:`designer.core.money`),
so the Finance dock and the PDF print the same words (the PDF's money as a board
paper prints it, in £m or £k with one decimal); the workbook
writes the raw figures as numbers with a £ or % format and adds formulas for
its totals; a CSV file writes them exactly, under the columns' keys.

    >>> t = Table("demo", "Demo", (Column("what", "What"), Column("cost", "Cost", "money")),
    ...           (Row(("Dogs", 12_345_600)),))
    >>> [c.heading for c in t.columns_for("pdf")], texts(t, "dock"), texts(t, "pdf")
    (['What', 'Cost'], [['Dogs', '£123,456.00']], [['Dogs', '£123.5k']])
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from designer.core.challenges import stamp_text
from designer.core.money import format_pence, format_pence_board

Kind = Literal["text", "year", "money", "percent", "factor", "number", "flag", "quantity",
               "delivery", "datetime"]
"""What a column holds. ``text``/``year``: words; ``money``: whole pence; ``percent``: a
percentage (15 is 15%); ``factor``: a scale (0.75); ``number``: a count or FTE;
``flag``: yes or no; ``quantity``: a :class:`Quantity` (a figure with its unit, for
tables mixing units); ``delivery``: a delivery-matrix cell (:mod:`designer.core.delivery`);
``datetime``: a moment with its UTC offset (a challenge raised, a decision taken)."""

Output = Literal["dock", "pdf", "xlsx", "csv"]
EVERYWHERE: frozenset[Output] = frozenset(("dock", "pdf", "xlsx", "csv"))
DATA: frozenset[Output] = frozenset(("xlsx", "csv"))
"""Columns only the data exports carry (ids, sources, scales): the dock and PDF leave
them out for room."""
FIGURES = frozenset(("money", "percent", "factor", "number"))
"""Kinds that are right-aligned and summed."""


class Remark(str):
    """Words standing in for a figure ("—", "not within the projection"):
    shown and written as text, but a data file (CSV) leaves the cell empty."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Quantity:
    """A figure with its unit, for a column mixing units (the assumptions' values).

    ``unit`` is ``"£"`` (``value`` in pence), ``"%"``, ``"people"``, ``"FTE"`` or ``""``
    (then ``value`` may be words)."""

    value: int | float | Decimal | str | None
    unit: str = ""


@dataclass(frozen=True, slots=True)
class Column:
    """One column: a stable key, the heading people read, and what it holds.

    ``key`` names the column in code and in the CSV files (money keys gain
    ``_pence`` there, see :func:`designer.core.exports.csv_tables.column_name`);
    ``heading`` is printed identically by the dock, the PDF and the workbook.
    """

    key: str
    heading: str
    kind: Kind = "text"
    shown_in: frozenset[Output] = EVERYWHERE
    places: int = 2
    """Decimal places of a percentage or factor in a CSV file."""
    flag: tuple[str, str] = ("yes", "no")
    """Words for a true and a false flag."""
    sum_of: tuple[str, ...] = ()
    """Keys of the columns this one adds up along its row (the workbook writes a
    formula)."""
    board: bool = True
    """Money the PDF prints as a board paper does, in £m or £k with one decimal
    (:func:`~designer.core.money.format_pence_board`); the dock shows it to the penny,
    and the workbook and CSV files keep exact pence whatever this says."""

    @property
    def figure(self) -> bool:
        return self.kind in FIGURES


@dataclass(frozen=True, slots=True)
class Row:
    """One row's cells (one per column), what it is about, and how it stands out."""

    cells: tuple[Any, ...]
    key: str = ""
    """The element the row is about (a function or force id), or ''."""
    total: bool = False
    """A totals row: bold; the workbook sums its figures by formula; CSV leaves it out."""
    emphasis: bool = False
    """Bold, without being a total (the scenario as assumed)."""
    kind: Kind | None = None
    """The kind of this row's figures, when it differs from their columns' (a row of
    shares in a table of money)."""


@dataclass(frozen=True)
class Table:
    """A report table computed once, for every renderer."""

    id: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    note: str = ""
    """A sentence under the title: how to read the figures."""
    empty: str = "Nothing to show."
    """What a renderer says instead of an empty table."""
    _index: dict[str, int] = field(default_factory=dict, init=False, repr=False,
                                   compare=False)

    def __post_init__(self) -> None:
        self._index.update((c.key, i) for i, c in enumerate(self.columns))

    def index(self, key: str) -> int:
        """Position of the column ``key`` among all columns."""
        return self._index[key]

    def column(self, key: str) -> Column:
        return self.columns[self._index[key]]

    def columns_for(self, output: Output) -> list[Column]:
        return [c for c in self.columns if output in c.shown_in]

    def headings(self, output: Output) -> list[str]:
        """The headings ``output`` prints, in order."""
        return [c.heading for c in self.columns_for(output)]

    @property
    def body(self) -> list[Row]:
        """Rows that are not totals."""
        return [r for r in self.rows if not r.total]

    def value(self, row: Row, key: str) -> Any:
        return row.cells[self._index[key]]


def totals(columns: tuple[Column, ...], rows: list[Row], label: tuple[str, str],
           keys: Iterable[str]) -> Row:
    """A totals row: the sum of each column in ``keys`` over ``rows``, the words
    ``label[1]`` in the column ``label[0]``, nothing elsewhere."""
    index = {c.key: i for i, c in enumerate(columns)}
    cells: list[Any] = [None] * len(columns)
    for key in keys:
        i = index[key]
        cells[i] = sum(r.cells[i] or 0 for r in rows)
    cells[index[label[0]]] = label[1]
    return Row(tuple(cells), total=True)


# ------------------------------------------------------------------ words


def cell_text(value: Any, column: Column, kind: Kind | None = None,
              output: Output = "dock") -> str:
    """A cell as people read it in ``output`` (``kind``: the cell's own, if its row
    overrides the column's): money to the penny in the dock, as a board paper prints
    it in the PDF (see :attr:`Column.board`)."""
    if value is None:
        return ""
    if isinstance(value, Remark):
        return str(value)
    kind = kind or column.kind
    if kind == "money":
        if output == "pdf" and column.board:
            return format_pence_board(value)
        return format_pence(value, pennies=True)
    if kind == "percent":
        return f"{float(value):.2f}%"
    if kind == "factor":
        return f"×{float(value):g}"
    if kind == "number":
        return number_text(value)
    if kind == "flag":
        return column.flag[0] if value else column.flag[1]
    if kind == "quantity":
        return quantity_text(value)
    if kind == "delivery":
        return value.text
    if kind == "datetime":
        return stamp_text(value)
    return str(value)


def number_text(value: int | float) -> str:
    """``1650000`` → ``'1,650,000'``; ``1015.0`` (FTE) → ``'1,015.0'``."""
    if isinstance(value, float):
        return f"{value:,.1f}"
    return f"{value:,}"


def quantity_text(q: Quantity) -> str:
    if q.value is None:
        return ""
    if q.unit == "£" and isinstance(q.value, int):
        return format_pence(q.value, pennies=True)
    if q.unit == "%" and isinstance(q.value, int | float | Decimal):
        return f"{q.value:g}%"
    if isinstance(q.value, int | float):
        return number_text(q.value)
    return str(q.value)


def texts(table: Table, output: Output) -> list[list[str]]:
    """Every row as the words ``output`` (the dock or the PDF) prints."""
    shown = [(table.index(c.key), c) for c in table.columns_for(output)]
    return [[cell_text(row.cells[i], c, kind_of(row, c), output) for i, c in shown]
            for row in table.rows]


def kind_of(row: Row, column: Column) -> Kind:
    """What a cell holds: its column's kind, unless its row says otherwise for figures."""
    return row.kind if row.kind is not None and column.figure else column.kind
