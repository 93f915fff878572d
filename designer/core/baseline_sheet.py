"""The baseline sheet: one row per function, the columns a finance team fills in.

``designer export FILE --template book.xlsx`` writes it (:mod:`.exports.template`);
``designer import FILE --xlsx book.xlsx`` (or ``--csv``) reads it back
(:mod:`.imports.spreadsheet`). Both go through this module, so the columns, the words
in the cells and what each cell means are said once:

- :func:`columns`: the sheet's columns for a blueprint: the function's id, name and
  catalogue function; per force its baseline cost (£), FTE and how the force receives
  the function (``Local``, ``Shared``, ``Shared · host``, ``Joint``, ``Joint · lead``:
  one word per delivery model and its force, from :mod:`.delivery`); then savings %,
  go-live year and cost-sharing basis;
- :func:`row_of`: what a function shows in each column (``None``: an empty cell);
- :func:`apply`: the cells read back (a :class:`Grid`) → the blueprint with exactly the
  cells that differ from :func:`row_of` changed. Anything that cannot be read for sure
  is refused, every such cell named (:class:`SheetError`:
  ``Functions!D7: 'twelve' is not an amount of money``), and nothing is changed.

A row is matched to a function by its id, else by the function's name, else by the
name (or id) of its catalogue function when only one function has it; letter case
does not matter. A row for no function, two rows for one function, a column the
sheet does not have or one it should not have, are all refused.
"""

from __future__ import annotations

import datetime as _dt
import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Literal, NamedTuple

from pydantic import ValidationError

from designer.core import edits
from designer.core.catalogue import load_catalogue
from designer.core.cost_share import BASIS_LABELS
from designer.core.delivery import LOCAL, MODELS, force_fields, listed, partner_of
from designer.core.exports.cell_safety import formula_like
from designer.core.money import MAX_POUNDS, parse_pence
from designer.core.schema import (
    Blueprint,
    BlueprintInvalid,
    CostBasis,
    ForceFigures,
    Function,
    financial_year,
    financial_year_start,
)

SHEET = "Functions"
"""The sheet a workbook's baseline is on."""

Kind = Literal["id", "name", "catalogue", "money", "fte", "delivery", "percent", "year",
               "basis"]


@dataclass(frozen=True, slots=True)
class SheetColumn:
    """One column of the sheet: its key, its heading and what its cells hold."""

    key: str
    """``id``, ``name``, ``catalogue``, ``cost:<force>``, ``fte:<force>``,
    ``delivery:<force>``, ``savings``, ``go_live`` or ``basis``."""
    heading: str
    """The heading written (force columns: the force's name, a line break, the figure)."""
    kind: Kind
    width: int
    """Width in characters, for the template."""
    force: str | None = None
    aliases: tuple[str, ...] = ()
    """Other headings read as this column (a force's short code or id instead of its name)."""

    def matches(self, heading: str) -> bool:
        wanted = normalised(heading)
        return any(normalised(h) == wanted for h in (self.heading, *self.aliases))


@functools.lru_cache(maxsize=4096)  # the same few words fill a sheet's thousands of cells
def normalised(heading: str) -> str:
    """A heading as compared: case, punctuation, '£', '%' and line breaks do not matter."""
    return re.sub(r"[\W_]+", " ", heading.casefold()).strip()


FIGURES: tuple[tuple[str, str, Kind, int], ...] = (
    ("cost", "baseline cost (£)", "money", 16),
    ("fte", "FTE", "fte", 10),
    ("delivery", "delivery", "delivery", 16),
)
"""Each force's columns: key prefix, heading after the force's name, kind, width."""


def columns(bp: Blueprint) -> list[SheetColumn]:
    """The sheet's columns for ``bp``, in order."""
    out = [SheetColumn("id", "Function id", "id", 22),
           SheetColumn("name", "Function", "name", 34),
           SheetColumn("catalogue", "Catalogue function", "catalogue", 30)]
    for force in bp.forces:
        for prefix, what, kind, width in FIGURES:
            out.append(SheetColumn(f"{prefix}:{force.id}", f"{force.name}\n{what}", kind, width,
                                   force.id, (f"{force.short_code} {what}",
                                              f"{force.id} {what}")))
    out += [SheetColumn("savings", "Savings %", "percent", 11),
            SheetColumn("go_live", "Go-live year", "year", 12),
            SheetColumn("basis", "Cost-sharing basis", "basis", 34)]
    return out


# ------------------------------------------------------------------ words in cells


def delivery_choices() -> list[str]:
    """Every word a force's delivery cell may hold: each model, and each model with the
    force that runs it (``Shared · host``), from the delivery descriptors."""
    out = []
    for m in MODELS.values():
        out.append(choice_word(m.key))
        if m.force_field is not None:
            out.append(choice_word(m.key, runs=True))
    return out


def choice_word(model: str, runs: bool = False) -> str:
    """A delivery cell's words: the model's label, with its role for the force that runs
    it (``Shared · host``)."""
    m = MODELS[model]
    return f"{m.label} · {m.role}" if runs and m.force_field is not None else m.label


def delivery_choice(bp: Blueprint, fn: Function, force_id: str) -> str:
    """How ``force_id`` receives ``fn``, in the sheet's words."""
    model = bp.delivery_for(fn, force_id)
    return choice_word(model, MODELS[model].force_field is not None
                       and partner_of(fn) == force_id)


def basis_label(kind: str) -> str:
    """A cost-sharing basis as the sheet words it: "Share of net revenue budget"."""
    label = BASIS_LABELS[kind]
    return label[:1].upper() + label[1:]


def basis_choices() -> list[str]:
    return [basis_label(k) for k in BASIS_LABELS]


def year_choices(bp: Blueprint) -> list[str]:
    """Financial years offered for go-live: from the alliance's start (or the earliest
    go-live) to fifteen years on (or the latest)."""
    starts = [financial_year_start(bp.alliance.start_year)]
    starts += [financial_year_start(f.go_live) for f in bp.functions if f.go_live]
    first = min(starts)
    last = max(*starts, financial_year_start(bp.alliance.start_year) + 15)
    return [financial_year(y) for y in range(first, last + 1)]


def row_of(bp: Blueprint, fn: Function) -> dict[str, Any]:
    """What ``fn`` shows in each column (by key); ``None`` is an empty cell. Money is in
    pence, savings in percent (0–100), the basis by its key."""
    values: dict[str, Any] = {"id": fn.id, "name": fn.name,
                              "catalogue": load_catalogue().name_of(fn.category)}
    for force in bp.forces:
        figures = fn.baseline.get(force.id)
        values[f"cost:{force.id}"] = figures.cost_pence if figures else None
        values[f"fte:{force.id}"] = figures.fte if figures else None
        values[f"delivery:{force.id}"] = delivery_choice(bp, fn, force.id)
    values["savings"] = fn.savings_percent
    values["go_live"] = fn.go_live
    values["basis"] = fn.cost_basis.kind if fn.cost_basis else None
    return values


# ------------------------------------------------------------------ reading back


@dataclass(frozen=True, slots=True)
class Percentage:
    """A number a spreadsheet shows as a percentage: ``Percentage(0.15)`` is shown 15%."""

    fraction: float


@dataclass(frozen=True, slots=True)
class Grid:
    """The cells of a sheet as a reader found them.

    Values are what the cell holds: text, a number, a date, ``True``/``False``, a
    :class:`Percentage`, or ``None`` for an empty cell. Rows are numbered as the
    spreadsheet numbers them; the header is the first row.
    """

    sheet: str
    """Names the sheet in messages: ``Functions`` or the CSV file's name."""
    header: tuple[Any, ...]
    rows: Sequence[tuple[int, tuple[Any, ...]]]
    header_row: int = 1


class CellProblem(NamedTuple):
    """Where (``Functions!D7``) and what is wrong."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class SheetError(ValueError):
    """A sheet that cannot be imported; ``problems`` name each cell."""

    def __init__(self, problems: list[CellProblem]):
        super().__init__("; ".join(map(str, problems[:5])))
        self.problems = problems


class _Bad(ValueError):
    """One cell's value cannot be read; the message says why (without the cell)."""


def cell_name(sheet: str, row: int, col: int) -> str:
    """``Functions!D7`` (``col`` from 1)."""
    return f"{_quoted_sheet(sheet)}!{column_letter(col)}{row}"


def _quoted_sheet(sheet: str) -> str:
    return f"'{sheet}'" if re.search(r"[^\w]", sheet) else sheet


def column_letter(col: int) -> str:
    """1 → ``A``, 27 → ``AA``."""
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def shown(value: Any) -> str:
    """A cell's value quoted for a message."""
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:39] + "…"
        return repr(text)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, Percentage):
        return f"{_decimal(value.fraction) * 100:f}%"
    if isinstance(value, _dt.datetime | _dt.date | _dt.time):
        return f"the date {value.isoformat()}"
    return str(value)


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _decimal(number: float | int) -> Decimal:
    """A number through its shortest text: 0.1 → Decimal('0.1'), not the binary float."""
    if isinstance(number, float) and not math.isfinite(number):
        raise _Bad(f"{number} is not a number")
    return Decimal(repr(number)) if isinstance(number, float) else Decimal(number)


def _refuse_non_number(value: Any, what: str) -> None:
    """Refuse a cell that is not a number at all (dates, TRUE, …)."""
    if isinstance(value, bool):
        raise _Bad(f"{shown(value)} is not {what}")
    if isinstance(value, _dt.datetime | _dt.date | _dt.time):
        raise _Bad(f"holds {shown(value)}, not {what}")


def read_text(value: Any) -> str:
    """Text as the user meant it: a leading apostrophe that neutralised a formula (see
    ``cell_safety``) is dropped again; numbers become their text."""
    if value is None:
        return ""
    if isinstance(value, bool | Percentage | _dt.datetime | _dt.date | _dt.time):
        raise _Bad(f"{shown(value)} is not text")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text.startswith("'") and formula_like(text[1:]):
        text = text[1:].strip()
    return text


def read_money(value: Any) -> int | None:
    """A baseline cost in pence: a number of pounds, or text like ``£1,234.50``."""
    if _empty(value):
        return None
    what = "an amount of money"
    _refuse_non_number(value, what)
    if isinstance(value, Percentage):
        raise _Bad(f"{shown(value)} is a percentage, not {what}")
    if isinstance(value, str):
        try:
            pence = parse_pence(value)
        except ValueError:
            raise _Bad(f"{shown(value)} is not {what}, e.g. £1,250,000.50") from None
        assert pence is not None
    else:
        pounds = _decimal(value)
        if abs(pounds) > MAX_POUNDS:
            raise _Bad(f"{shown(value)} is more than a blueprint can hold "
                       f"(at most £{MAX_POUNDS:,})")
        exact = pounds * 100
        if exact != exact.to_integral_value():
            raise _Bad(f"{shown(value)} has fractions of a penny")
        pence = int(exact)
    if pence < 0:
        raise _Bad(f"{shown(value)} is negative; a baseline cost is £0 or more")
    return pence


def read_fte(value: Any) -> float | None:
    """Full-time equivalents: a number (``12.5``, ``1,015``)."""
    if _empty(value):
        return None
    what = "a number of FTE, e.g. 12.5"
    _refuse_non_number(value, what)
    if isinstance(value, Percentage):
        raise _Bad(f"{shown(value)} is a percentage, not {what}")
    number = _number(value, what)
    if number < 0 or number > 1_000_000:
        raise _Bad(f"{shown(value)} is not between 0 and 1,000,000 FTE")
    return float(number)


def _number(value: Any, what: str) -> Decimal:
    if isinstance(value, str):
        text = value.strip().replace(",", "").replace(" ", "")
        if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
            raise _Bad(f"{shown(value)} is not {what}")
        return Decimal(text)
    try:
        return _decimal(value)
    except (InvalidOperation, TypeError):
        raise _Bad(f"{shown(value)} is not {what}") from None


def read_percent(value: Any) -> float | None:
    """Savings in percent (0–100): a cell shown as a percentage, a plain number, or text
    like ``15%``."""
    if _empty(value):
        return None
    what = "a percentage, e.g. 15%"
    _refuse_non_number(value, what)
    if isinstance(value, Percentage):
        percent = _decimal(value.fraction) * 100
    elif isinstance(value, str):
        percent = _number(value.strip().removesuffix("%"), what)
    else:
        percent = _decimal(value)
    if not 0 <= percent <= 100:
        raise _Bad(f"{shown(value)} is not between 0% and 100%")
    # ten decimals: a percentage format's 0.14285 × 100 is 14.285, not 14.285000000000002
    return float(percent.quantize(Decimal("1e-10")).normalize())


def read_year(value: Any) -> str | None:
    """A financial year, ``2018/19`` (``2018-19`` and ``2018/2019`` are read too)."""
    if _empty(value):
        return None
    example = "type the financial year as text, e.g. 2018/19"
    if isinstance(value, _dt.datetime | _dt.date | _dt.time):
        raise _Bad(f"holds {shown(value)}, not a financial year; {example}")
    if not isinstance(value, str):
        raise _Bad(f"{shown(value)} is not a financial year; {example}")
    found = re.fullmatch(r"((?:19|20)\d\d)\s*[/-]\s*(\d\d|\d{4})", value.strip())
    if found:
        start, end = int(found[1]), int(found[2])
        if end in ((start + 1) % 100, start + 1):
            return financial_year(start)
    raise _Bad(f"{shown(value)} is not a financial year; {example}")


def read_basis(value: Any) -> str | None:
    """A cost-sharing basis by its words or its key; empty: the alliance's default."""
    if _empty(value):
        return None
    text = read_text(value).casefold()
    for kind, label in BASIS_LABELS.items():
        if text in (kind, label.casefold()):
            return kind
    raise _Bad(f"{shown(value)} is not a cost-sharing basis; choose one of "
               f"{listed(basis_choices())}, or leave it empty for the alliance's default")


def read_delivery(value: Any) -> tuple[str, bool]:
    """(model key, runs it) from a delivery cell: ``Shared · host`` → ``('shared', True)``."""
    words = normalised(read_text(value)) if not _empty(value) else ""
    for m in MODELS.values():
        if words in (normalised(m.label), normalised(m.key)):
            return m.key, False
        if m.force_field is not None and words == normalised(f"{m.label} {m.role}"):
            return m.key, True
    if not words:
        raise _Bad(f"is empty; choose one of {listed(delivery_choices())}")
    raise _Bad(f"{shown(value)} is not a delivery; choose one of {listed(delivery_choices())}")


READERS = {"money": read_money, "fte": read_fte, "percent": read_percent, "year": read_year,
           "basis": read_basis, "delivery": read_delivery, "id": read_text, "name": read_text,
           "catalogue": read_text}


# ------------------------------------------------------------------ applying


MAX_PROBLEMS = 200
"""Reading stops after this many problems: the list is long enough to act on."""


class _Problems:
    def __init__(self, sheet: str):
        self.sheet = sheet
        self.found: list[CellProblem] = []

    def add(self, row: int, col: int, message: str) -> None:
        self.found.append(CellProblem(cell_name(self.sheet, row, col), message))
        if len(self.found) >= MAX_PROBLEMS:
            raise SheetError(self.found)

    def add_at(self, where: str, message: str) -> None:
        self.found.append(CellProblem(where, message))
        if len(self.found) >= MAX_PROBLEMS:
            raise SheetError(self.found)


def _placed(bp: Blueprint, grid: Grid, problems: _Problems) -> dict[int, SheetColumn]:
    """Sheet column (from 1) → the column its heading names; every column exactly once."""
    wanted = columns(bp)
    placed: dict[int, SheetColumn] = {}
    seen: dict[str, int] = {}
    row = grid.header_row
    for col, heading in enumerate(grid.header, start=1):
        if _empty(heading):
            continue
        try:
            text = read_text(heading)
        except _Bad as exc:
            problems.add(row, col, f"the heading {exc}")
            continue
        found = [c for c in wanted if c.matches(text)]
        if not found:
            problems.add(row, col, f"{shown(text)} is not a column of the baseline sheet; "
                         "remove the column (the sheet's columns are listed on its Read me "
                         "sheet)")
        elif len(found) > 1:
            problems.add(row, col, f"the heading {shown(text)} could be any of "
                         f"{listed([repr(_one_line(c.heading)) for c in found])}")
        elif found[0].key in seen:
            problems.add(row, col, f"the column {shown(text)} is also column "
                         f"{column_letter(seen[found[0].key])}; keep one of them")
        else:
            placed[col] = found[0]
            seen[found[0].key] = col
    missing = [c for c in wanted if c.key not in seen]
    if missing:
        names = listed([repr(_one_line(c.heading)) for c in missing], "and")
        problems.add_at(f"{_quoted_sheet(grid.sheet)}!{row}:{row}",
                        f"the heading row has no column {names}; the sheet needs every column "
                        "of the template")
    return placed


def _one_line(heading: str) -> str:
    return heading.replace("\n", " ")


class _Finder:
    """Which function a row is about: by id, by name, or by its catalogue function."""

    def __init__(self, bp: Blueprint):
        self.by_id = {f.id: f for f in bp.functions}
        self.by_name: dict[str, list[Function]] = {}
        self.by_category: dict[str, list[Function]] = {}
        for f in bp.functions:
            self.by_name.setdefault(f.name.casefold(), []).append(f)
            self.by_category.setdefault(f.category, []).append(f)
        catalogue = load_catalogue()
        self.categories: dict[str, str] = {}
        for entry in catalogue.functions():
            self.categories[entry.id.casefold()] = entry.id
            self.categories[entry.name.casefold()] = entry.id

    def category(self, text: str) -> str | None:
        return self.categories.get(text.casefold())

    def find(self, fid: str, name: str, catalogue: str) -> tuple[Function, str]:
        """(function, matched by "id", "name" or "catalogue"); raises :class:`_Bad`."""
        if fid:
            fn = self.by_id.get(fid.casefold())
            if fn is None:
                raise _Bad(f"no function has the id {shown(fid)}; the import changes the "
                           "functions the blueprint has (add new ones in the designer)")
            return fn, "id"
        named = self.by_name.get(name.casefold(), []) if name else []
        if len(named) == 1:
            return named[0], "name"
        if named:
            raise _Bad(f"{len(named)} functions are called {shown(name)} "
                       f"({', '.join(f.id for f in named)}); give the function id")
        for text in (name, catalogue):
            if not text:
                continue
            category = self.category(text)
            filed = self.by_category.get(category or "", [])
            if len(filed) == 1:
                return filed[0], "catalogue"
            if filed:
                raise _Bad(f"{len(filed)} functions are filed as {shown(text)} "
                           f"({', '.join(f.id for f in filed)}); give the function id")
        if name or catalogue:
            raise _Bad(f"no function is called {shown(name or catalogue)}, and no single "
                       "function is filed under that catalogue function; give the function id")
        raise _Bad("the row has figures but says no function: give its id or name")


def apply(bp: Blueprint, grid: Grid) -> Blueprint:
    """``bp`` with the sheet's edits: the cells that differ from what :func:`row_of` shows.

    Raises :class:`SheetError` naming every cell that cannot be read, every row that
    names no function or the same function as another row, and every change the
    blueprint would refuse. A sheet without edits gives back ``bp`` itself.
    """
    problems = _Problems(grid.sheet)
    placed = _placed(bp, grid, problems)
    if problems.found:
        raise SheetError(problems.found)
    col_of = {c.key: col for col, c in placed.items()}
    finder = _Finder(bp)
    rows_of: dict[str, int] = {}
    updates: dict[str, tuple[int, dict[str, Any]]] = {}
    for number, cells in grid.rows:
        if all(_empty(v) for v in cells):
            continue
        values: dict[str, Any] = {}
        fine = True
        for col, value in enumerate(cells, start=1):
            column = placed.get(col)
            if column is None:
                if not _empty(value):
                    problems.add(number, col, f"{shown(value)} is in a column with no heading; "
                                 "remove it or move it into a column of the template")
                    fine = False
                continue
            try:
                values[column.key] = READERS[column.kind](value)
            except _Bad as exc:
                problems.add(number, col, f"{exc} (column {_one_line(column.heading)!r})")
                fine = False
        try:
            fn, how = finder.find(values.get("id", ""), values.get("name", ""),
                                  values.get("catalogue", ""))
        except _Bad as exc:
            problems.add(number, col_of["id"], str(exc))
            continue
        if fn.id in rows_of:
            problems.add(number, col_of["id"], f"this row is for {fn.name} ({fn.id}), as is row "
                         f"{rows_of[fn.id]}; keep one row per function")
            continue
        rows_of[fn.id] = number
        if not fine:
            continue
        try:
            fields = _changes(bp, fn, how, values, finder)
        except _Bad as exc:
            problems.add(number, col_of[_column_of(exc)], str(exc))
            continue
        except _RowBad as exc:
            problems.add_at(_cells(grid.sheet, number, [col_of[k] for k in exc.keys]), str(exc))
            continue
        if fields:
            updates[fn.id] = (number, fields)
    if problems.found:
        raise SheetError(problems.found)
    changed = []
    for fid, (number, fields) in updates.items():
        try:
            element = edits.changed_element(bp, fid, **fields)
        except edits.EditError as exc:
            problems.add(number, col_of["id"], str(exc))
            continue
        if element is not None:
            changed.append(element)
    if problems.found:
        raise SheetError(problems.found)
    new = edits.replace_elements(bp, changed)
    if new is not bp:
        _validated(new, grid.sheet)
    return new


def _cells(sheet: str, row: int, cols: list[int]) -> str:
    return f"{_quoted_sheet(sheet)}!" + ", ".join(f"{column_letter(c)}{row}"
                                                  for c in sorted(cols))


class _RowBad(ValueError):
    """A row whose cells together say something impossible; ``keys`` are those cells."""

    def __init__(self, message: str, keys: list[str]):
        super().__init__(message)
        self.keys = keys


class _KeyBad(_Bad):
    def __init__(self, message: str, key: str):
        super().__init__(message)
        self.key = key


def _column_of(exc: _Bad) -> str:
    return exc.key if isinstance(exc, _KeyBad) else "id"


def _changes(bp: Blueprint, fn: Function, how: str, values: dict[str, Any],
             finder: _Finder) -> dict[str, Any]:
    """The fields of ``fn`` the row's cells change (none: an empty dict)."""
    now = row_of(bp, fn)
    fields: dict[str, Any] = {}
    name = values["name"]
    if how == "id":
        if not name:
            raise _KeyBad("the function's name is empty; a function needs a name", "name")
        if name != fn.name:
            fields["name"] = name
    if values["catalogue"] and values["catalogue"].casefold() != now["catalogue"].casefold():
        category = finder.category(values["catalogue"])
        if category is None:
            raise _KeyBad(f"{shown(values['catalogue'])} is not a function of the "
                          f"{load_catalogue().name} catalogue", "catalogue")
        if category != fn.category:
            fields["category"] = category

    force_ids = bp.force_ids()
    baseline = dict(fn.baseline)
    for f in force_ids:
        cost, fte = values[f"cost:{f}"], values[f"fte:{f}"]
        if (cost, fte) == (now[f"cost:{f}"], now[f"fte:{f}"]):
            continue
        old = fn.baseline.get(f)
        if cost is None and fte is None and (old is None or old.demand is None):
            baseline.pop(f, None)
        else:
            baseline[f] = ForceFigures(cost_pence=cost or 0, fte=fte or 0.0,
                                       demand=old.demand if old else None)
    if baseline != fn.baseline:
        fields["baseline"] = baseline

    cells = {f: values[f"delivery:{f}"] for f in force_ids}
    if any(choice_word(*cell) != now[f"delivery:{f}"] for f, cell in cells.items()):
        fields.update(_delivery_fields(bp, fn, cells))

    for key, field in (("savings", "savings_percent"), ("go_live", "go_live")):
        if values[key] != now[key]:
            fields[field] = values[key]
    if values["basis"] != now["basis"]:
        fields["cost_basis"] = _basis(fn, values["basis"])
    return fields


def _delivery_fields(bp: Blueprint, fn: Function, cells: dict[str, tuple[str, bool]]) \
        -> dict[str, Any]:
    """The arrangement the delivery cells describe, as the function's fields."""
    keys = [f"delivery:{f}" for f in cells]
    pooled = {f: (model, runs) for f, (model, runs) in cells.items() if MODELS[model].pooled}
    models = sorted({model for model, _ in pooled.values()}, key=list(MODELS).index)
    if not models:
        return {"delivery": LOCAL, "partners": (), **dict.fromkeys(force_fields())}
    if len(models) > 1:
        raise _RowBad(f"a function has one delivery model for every partner, but this row has "
                      f"{listed([MODELS[m].label for m in models], 'and')}", keys)
    m = MODELS[models[0]]
    partners = tuple(f for f in bp.force_ids() if f in pooled)
    running = [f for f, (_, runs) in pooled.items() if runs]
    names = {f.id: f.name for f in bp.forces}
    if len(partners) < 2:
        raise _RowBad(f"a {m.label.lower()} function needs at least two partner forces; only "
                      f"{names[partners[0]]} is {m.label}", keys)
    if len(running) > 1:
        raise _RowBad(f"only one force can be '{m.label} · {m.role}', not "
                      f"{listed([names[f] for f in running], 'and')}", keys)
    if m.force_required and not running:
        raise _RowBad(f"a {m.label.lower()} function needs a {m.role}: mark one force "
                      f"'{m.label} · {m.role}'", keys)
    if set(partners) == set(bp.force_ids()):
        # every force: the file says so with no partners, unless it already listed them
        partners = fn.partners if set(fn.partners) == set(partners) else ()
    fields: dict[str, Any] = {"delivery": m.key, "partners": partners,
                              **dict.fromkeys(force_fields())}
    if m.force_field is not None:
        fields[m.force_field] = running[0] if running else None
    return fields


def _basis(fn: Function, kind: str | None) -> CostBasis | None:
    if kind is None:
        return None
    if kind == "fixed":
        raise _KeyBad("fixed percentages need each force's share, which the sheet cannot "
                      "hold; set them in the designer's inspector", "basis")
    return CostBasis(kind=kind)  # type: ignore[arg-type]


def _validated(bp: Blueprint, sheet: str) -> None:
    """The whole blueprint through the schema, as a file would be read."""
    from designer.core.io import dumps

    try:
        Blueprint.model_validate_json(dumps(bp))
    except BlueprintInvalid as exc:
        raise SheetError([CellProblem(sheet, f"{p.path}: {p.message}")
                          for p in exc.problems]) from None
    except ValidationError as exc:
        raise SheetError([CellProblem(sheet, f"{'.'.join(map(str, e['loc']))}: {e['msg']}")
                          for e in exc.errors(include_url=False)]) from None
