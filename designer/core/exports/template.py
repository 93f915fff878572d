"""The baseline template (xlsx): the sheet a finance team fills in and imports back.

``designer export FILE --template book.xlsx`` writes it; ``designer import FILE --xlsx
book.xlsx`` reads it. Its *Functions* sheet has one row per function and the columns
of :mod:`designer.core.baseline_sheet` (which also says what each cell means):
figures as numbers in £, FTE and % formats, drop-down lists (data validation) for the
delivery, the go-live year and the cost-sharing basis, a frozen header and filters.
*Read me* says how to fill it in and import it; *Lists* holds the drop-downs'
choices. User text is written as it reads, in cells typed as text; formula-like words get the
quote-prefix style (``xlsx.text_cell``), so none runs as a formula.
"""

from __future__ import annotations

import io as _io
import os
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from designer.core import baseline_sheet as sheet
from designer.core.exports.cell_safety import safe_text
from designer.core.exports.xlsx import text_cell
from designer.core.io import atomic_write
from designer.core.money import pounds
from designer.core.schema import Blueprint

Progress = Callable[[int, int, str], None]

MONEY = '"£"#,##0.00'
FTE = "#,##0.0#"
PERCENT = "0.00%"
TEXT = "@"
FORMATS = {"money": MONEY, "fte": FTE, "percent": PERCENT}
"""Number format of each kind of figure column; every other column is text."""
README = "Read me"
LISTS = "Lists"

_HEADER_FILL = PatternFill("solid", fgColor="DDE3EA")
_FIXED_FONT = Font(color="555555")
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=16, color="1F3A5F")
_SECTION = Font(bold=True, size=12, color="1F3A5F")
_HEADER_BORDER = Border(bottom=Side(style="thin", color="7F8C99"))
_WRAP = Alignment(wrap_text=True, vertical="top")


def _cell_value(column: sheet.SheetColumn, value: object) -> object:
    """What a cell holds for ``value`` (as :func:`baseline_sheet.row_of` gives it): a
    number for a figure, else words (written with :func:`text_cell`)."""
    if value is None:
        return None
    if column.kind == "money":
        return pounds(value)  # type: ignore[arg-type]
    if column.kind == "percent":
        return float(value) / 100  # type: ignore[arg-type]
    if column.kind == "fte":
        return value
    if column.kind == "basis":
        return sheet.basis_label(str(value))
    return str(value)


MAX_WIDTH = 50
"""Widest a column gets (characters); longer text wraps or is cut off on screen."""


def _width(column: sheet.SheetColumn, longest: int) -> int:
    """A column wide enough for its values and for its heading in at most two lines a
    part (a force's long name wraps once; "baseline cost (£)" never breaks)."""
    parts = column.heading.split("\n")
    words = max(len(w) for w in column.heading.split())
    heading = max(words, len(parts[-1]), -(-len(parts[0]) // 2) if len(parts) > 1 else 0)
    return min(max(column.width, heading + 2, longest + 2), MAX_WIDTH)


def _heading_lines(heading: str, width: int) -> int:
    """Lines a wrapped heading takes in a column ``width`` characters wide."""
    return sum(max(1, -(-len(part) // max(width - 2, 1))) for part in heading.split("\n"))


def _functions_sheet(ws: Worksheet, bp: Blueprint) -> None:
    cols = sheet.columns(bp)
    longest = [0] * len(cols)
    for r, fn in enumerate(bp.functions, start=2):
        values = sheet.row_of(bp, fn)
        for i, column in enumerate(cols, start=1):
            value = _cell_value(column, values[column.key])
            cell = text_cell(ws, r, i, value) if isinstance(value, str) else \
                ws.cell(r, i, value)
            cell.number_format = FORMATS.get(column.kind, TEXT)
            if column.kind == "id":
                cell.font = _FIXED_FONT
            if isinstance(value, str):
                longest[i - 1] = max(longest[i - 1], len(value))
    lines = 1
    for i, column in enumerate(cols, start=1):
        cell = text_cell(ws, 1, i, column.heading)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cell.border = _HEADER_BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="bottom")
        width = _width(column, longest[i - 1])
        ws.column_dimensions[get_column_letter(i)].width = width
        lines = max(lines, _heading_lines(column.heading, width))
    ws.row_dimensions[1].height = 15 * lines + 3
    last = max(len(bp.functions) + 1, 2)
    _validations(ws, bp, cols, last)
    ws.freeze_panes = "D2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{last}"
    setup = ws.page_setup
    setup.orientation = "landscape"
    setup.paperSize = ws.PAPERSIZE_A4
    setup.fitToWidth, setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"


def _list_range(col: int, count: int) -> str:
    letter = get_column_letter(col)
    return f"'{LISTS}'!${letter}$2:${letter}${count + 1}"


def _validations(ws: Worksheet, bp: Blueprint, cols: list[sheet.SheetColumn],
                 last: int) -> None:
    """Drop-down lists for the words, limits for the figures, each with a plain message."""
    lists = {"delivery": (1, sheet.delivery_choices(), False),
             "basis": (2, sheet.basis_choices(), True),
             "year": (3, sheet.year_choices(bp), True)}
    by_kind: dict[str, list[str]] = {}
    for i, column in enumerate(cols, start=1):
        letter = get_column_letter(i)
        by_kind.setdefault(column.kind, []).append(f"{letter}2:{letter}{last}")
    rules: list[DataValidation] = []
    for kind, (col, choices, blank) in lists.items():
        rules.append(DataValidation(
            type="list", formula1=_list_range(col, len(choices)), allow_blank=blank,
            errorTitle="Not one of the choices",
            error="Choose from the list: " + ", ".join(choices)
            + (" (or leave it empty)" if blank else ""),
            sqref=" ".join(by_kind.get(kind, ()))))
    rules.append(DataValidation(type="decimal", operator="between", formula1="0",
                                formula2="1000000000000", allow_blank=True,
                                errorTitle="Not an amount",
                                error="A baseline cost in pounds, £0 or more.",
                                sqref=" ".join(by_kind.get("money", ()))))
    rules.append(DataValidation(type="decimal", operator="between", formula1="0",
                                formula2="1000000", allow_blank=True,
                                errorTitle="Not a number of FTE",
                                error="Full-time equivalents: a number, 0 or more.",
                                sqref=" ".join(by_kind.get("fte", ()))))
    rules.append(DataValidation(type="decimal", operator="between", formula1="0",
                                formula2="1", allow_blank=True,
                                errorTitle="Not a percentage",
                                error="A percentage from 0% to 100%, or empty for the "
                                "alliance's default.",
                                sqref=" ".join(by_kind.get("percent", ()))))
    for rule in rules:
        rule.showErrorMessage = True
        if rule.sqref:
            ws.add_data_validation(rule)


def _lists_sheet(ws: Worksheet, bp: Blueprint) -> None:
    for col, (title, choices) in enumerate((("Delivery", sheet.delivery_choices()),
                                            ("Cost-sharing basis", sheet.basis_choices()),
                                            ("Go-live year", sheet.year_choices(bp))), start=1):
        head = ws.cell(1, col, title)
        head.font = _BOLD
        head.fill = _HEADER_FILL
        for row, choice in enumerate(choices, start=2):
            text_cell(ws, row, col, choice).number_format = TEXT
        ws.column_dimensions[get_column_letter(col)].width = max(map(len, [title, *choices])) + 4
    ws.freeze_panes = "A2"


def readme_lines(bp: Blueprint) -> list[tuple[str, str]]:
    """The Read me sheet as (style, text) lines: ``title``, ``section``, ``text``,
    ``term`` (a column and what to write in it, separated by a tab)."""
    forces = "; ".join(f"{f.name} ({f.short_code})" for f in bp.forces)
    delivery = ", ".join(sheet.delivery_choices())
    return [
        ("title", f"{bp.alliance.name}: baseline template"),
        ("text", "This workbook holds the alliance's baseline, one row per function, on the "
                 "Functions sheet. Fill in or correct the figures there, then import the "
                 "workbook into the blueprint it was made from."),
        ("section", "How to import it"),
        ("text", "Command line: designer import BLUEPRINT.json --xlsx THIS-WORKBOOK.xlsx "
                 "--dry-run lists the changes without writing anything; run it again without "
                 "--dry-run to write them (or with -o to write a new file)."),
        ("text", "In the designer: File → Import → Spreadsheet… shows the changes before "
                 "anything is changed; the import is then one step you can undo."),
        ("text", "Only the cells you change are imported: a cell that still says what the "
                 "blueprint says changes nothing. If anything cannot be read for sure, nothing "
                 "is imported and every such cell is named (e.g. Functions!D7)."),
        ("section", "The columns"),
        ("term", "Function id\tHow a row is matched to the blueprint's function; do not change "
                 "it. A row without an id is matched by its function name, else by its "
                 "catalogue function when only one function has it (letter case does not "
                 "matter)."),
        ("term", "Function\tThe function's name; changing it renames the function."),
        ("term", "Catalogue function\tThe CIPFA Police Objective Analysis function it is filed "
                 "under."),
        ("term", "<force> baseline cost (£)\tThe force's cost of the function before the "
                 "alliance, in pounds: a number, or text such as £1,234.50. Empty: no figure."),
        ("term", "<force> FTE\tFull-time equivalent officers and staff: a number, e.g. 12.5."),
        ("term", f"<force> delivery\tHow the force receives the function: {delivery}. A "
                 "function has one model: the forces marked Shared or Joint are its partners "
                 "(at least two), one of them marked '· host' (required for Shared) or "
                 "'· lead' (optional for Joint); Local for the others."),
        ("term", "Savings %\tThe function's expected savings; empty for the alliance's default "
                 "for its delivery model."),
        ("term", "Go-live year\tThe financial year the arrangement starts, as text, e.g. "
                 "2018/19; empty if not planned."),
        ("term", "Cost-sharing basis\tHow a shared or joint unit's cost is split between the "
                 "partners; empty for the alliance's default. Fixed percentages are set in the "
                 "designer."),
        ("section", "Please keep"),
        ("text", "Every column, with its heading, once: do not add, remove or merge columns or "
                 "cells. Rows may be sorted, filtered or left out (a row left out changes "
                 "nothing); empty rows are ignored; one row per function. New functions are "
                 "added in the designer, not here."),
        ("text", "Formulas are fine once the workbook has been saved by a spreadsheet program "
                 "(their saved results are read); a formula with no saved result is refused."),
        ("section", "Forces in this blueprint"),
        ("text", forces),
    ]


def _readme_sheet(ws: Worksheet, bp: Blueprint) -> None:
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 90
    row = 1
    for style, text in readme_lines(bp):
        if style == "term":
            term, what = text.split("\t")
            text_cell(ws, row, 1, term).font = _BOLD
            ws.cell(row, 1).alignment = _WRAP
            text_cell(ws, row, 2, what).alignment = _WRAP
            ws.row_dimensions[row].height = 15 * max(1, -(-len(what) // 90))
        else:
            cell = text_cell(ws, row, 1, text)
            cell.font = {"title": _TITLE, "section": _SECTION}.get(style, Font())
            if style != "section":  # across both columns, tall enough to read
                ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
            if style == "text":
                cell.alignment = _WRAP
                ws.row_dimensions[row].height = 15 * max(1, -(-len(text) // 110))
        row += 2 if style == "title" else 1
    ws.sheet_view.showGridLines = False


def build_template(bp: Blueprint) -> Workbook:
    """The baseline template in memory: Read me, Functions, Lists."""
    wb = Workbook()
    readme = wb.active
    readme.title = README
    _readme_sheet(readme, bp)
    _functions_sheet(wb.create_sheet(sheet.SHEET), bp)
    _lists_sheet(wb.create_sheet(LISTS), bp)
    wb.active = 0
    wb.properties.title = safe_text(f"{bp.alliance.name}: baseline template")
    wb.properties.creator = "Alliance Blueprint Designer"
    return wb


def export_template(bp: Blueprint, path: str | os.PathLike[str], projection: object = None,
                    progress: Progress | None = None) -> Path:
    """Write the baseline template to ``path`` atomically."""
    if progress:
        progress(0, 2, "Functions sheet")
    buffer = _io.BytesIO()
    build_template(bp).save(buffer)
    if progress:
        progress(1, 2, "saving")
    atomic_write(path, buffer.getvalue())
    if progress:
        progress(2, 2, "done")
    return Path(path)
