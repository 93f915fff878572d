"""Reading a baseline sheet back: an xlsx workbook (its *Functions* sheet) or a CSV file.

    imported = import_xlsx(Path("book.xlsx"), base=bp)    # or import_csv
    imported.blueprint                                   # bp with the edited cells applied

What the columns mean and how a row changes a function is
:mod:`designer.core.baseline_sheet`; this module only gets the cells out of the file,
treating it as untrusted:

- the file must be a regular file of at most :data:`MAX_BYTES`; a workbook must be a
  zip archive whose members unpack to at most :data:`MAX_UNPACKED` bytes in all, each
  at most :data:`MAX_RATIO` times its packed size (a zip bomb is refused before
  openpyxl opens it), with no encrypted members;
- the sheet is read with openpyxl in read-only mode, values only (a formula gives the
  result the spreadsheet program saved with it); its declared size is checked before
  a row is read, and reading stops past :data:`MAX_ROWS` rows or :data:`MAX_COLUMNS`
  columns in any case;
- the sheet's XML is scanned once first (expat, no DTD, no entities) for what
  openpyxl's values hide: merged cells, and formulas with no saved result;
- a CSV file must be UTF-8 (as "CSV UTF-8" saves it), commas or semicolons.

Every problem is located (``Functions!D7: …``) and raises
:class:`~designer.core.imports.formats.ImportFileError`; nothing is half imported.
"""

from __future__ import annotations

import csv
import io as _io
import os
import re
import warnings
import zipfile
from pathlib import Path
from typing import Any
from xml.parsers import expat

from designer.core import baseline_sheet as sheet
from designer.core.baseline_sheet import CellProblem, Grid, Percentage, SheetError, cell_name
from designer.core.imports.formats import Imported, ImportFileError, Note
from designer.core.io import NotARegularFile, read_file
from designer.core.schema import Blueprint

MAX_BYTES = 64 * 1024 * 1024
"""Larger files are refused before they are read."""
MAX_UNPACKED = 256 * 1024 * 1024
"""The most a workbook's members may unpack to, together."""
MAX_RATIO = 200
"""The most a member larger than a megabyte may unpack to, times its packed size (a
spreadsheet's XML packs about 5–30 times; zip bombs thousands of times)."""
MAX_MEMBERS = 10_000
MAX_ROWS = 50_000
"""Rows read from a sheet, header included: far more than an alliance has functions."""
MAX_COLUMNS = 1_000


def import_xlsx(source: Path, base: Blueprint | None = None) -> Imported:
    """``base`` with the edits of the workbook's Functions sheet (registry reader)."""
    return _imported(source, base, read_xlsx)


def import_csv(source: Path, base: Blueprint | None = None) -> Imported:
    """``base`` with the edits of a CSV file of the same columns (registry reader)."""
    return _imported(source, base, read_csv)


def _imported(source: Path, base: Blueprint | None, read: Any) -> Imported:
    if base is None:
        raise ImportFileError(source, [Note(
            "a baseline sheet is imported into an existing blueprint; the blueprint to "
            "import into does not exist (make one with 'designer new', then 'designer export "
            "FILE --template' for a sheet to fill in)")])
    grid = read(source)
    try:
        return Imported(sheet.apply(base, grid))
    except SheetError as exc:
        raise ImportFileError(source, _notes(exc.problems)) from None


def _notes(problems: list[CellProblem]) -> list[Note]:
    return [Note(p.message, element=p.where) for p in problems]


def _refuse(source: Path, message: str, where: str = "") -> ImportFileError:
    return ImportFileError(source, [Note(message, element=where)])


def _read(source: Path, what: str) -> bytes:
    try:
        return read_file(source, MAX_BYTES)
    except NotARegularFile as exc:
        message = {"folder": "is a folder, not a file",
                   "special": "is not a regular file (a device, pipe or socket)"}.get(
            exc.kind) or f"is {exc.size:,} bytes; {what} is read up to {MAX_BYTES:,}"
        raise _refuse(source, message) from None
    except FileNotFoundError:
        raise _refuse(source, "no such file") from None
    except OSError as exc:
        raise _refuse(source, exc.strerror or str(exc)) from None


# ------------------------------------------------------------------ xlsx


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_xlsx(source: Path) -> Grid:
    """The Functions sheet's cells. Raises :class:`ImportFileError`, located."""
    raw = _read(source, "a workbook")
    _check_archive(source, raw)
    return _workbook_grid(source, raw)


def _check_archive(source: Path, raw: bytes) -> None:
    """Refuse a workbook that is not a sound and modest zip archive, before openpyxl
    unpacks anything."""
    if raw.startswith(OLE_MAGIC):
        raise _refuse(source, "is an older Excel workbook (.xls) or a password-protected one; "
                      "save it as an Excel workbook (.xlsx) without a password")
    try:
        archive = zipfile.ZipFile(_io.BytesIO(raw))
    except (zipfile.BadZipFile, ValueError, OSError):
        kind = "a CSV or text file (import it with --csv)" if _texty(raw) else "something else"
        raise _refuse(source, f"is not an Excel workbook (.xlsx): it is not a zip archive but "
                      f"{kind}") from None
    members = archive.infolist()
    problem = None
    if len(members) > MAX_MEMBERS:
        problem = f"the archive has {len(members):,} parts; a workbook has a few dozen"
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_UNPACKED:
        problem = (f"it would unpack to {unpacked:,} bytes (at most {MAX_UNPACKED:,} are "
                   "read); it may be a zip bomb")
    for m in members:
        if m.file_size > 1024 * 1024 and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            problem = (f"its part {m.filename} would unpack to {m.file_size:,} bytes from "
                       f"{m.compress_size:,}; a zip bomb is refused")
        if m.flag_bits & 0x1:
            problem = f"its part {m.filename} is encrypted"
    names = {m.filename for m in members}
    archive.close()
    if problem is None and "xl/workbook.xml" not in names:
        problem = "it is a zip archive but not an Excel workbook (it has no xl/workbook.xml)"
    if problem is not None:
        raise _refuse(source, f"cannot be read as a workbook: {problem}")


def _texty(raw: bytes) -> bool:
    head = raw[:4096]
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:
            return False
    return b"\x00" not in head and bool(head.strip())


def _workbook_grid(source: Path, raw: bytes) -> Grid:
    from openpyxl import load_workbook
    from openpyxl.cell.cell import ERROR_CODES

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it drops
            wb = load_workbook(_io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise _refuse(source, f"cannot be read as a workbook: {_reason(exc)}") from None
    try:
        return _sheet_grid(source, wb, ERROR_CODES)
    finally:
        wb.close()


def _reason(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) < 200 else text[:199] + "…"


def _sheet_grid(source: Path, wb: Any, error_codes: tuple[str, ...]) -> Grid:
    from designer.core.exports.xlsx import SHEETS

    if set(SHEETS) <= set(wb.sheetnames):  # it has a Functions sheet too, of other columns
        raise _refuse(source, "is the business-case workbook, not the baseline template; "
                      "make the template with 'designer export FILE --template book.xlsx'")
    if sheet.SHEET not in wb.sheetnames:
        names = ", ".join(repr(n) for n in wb.sheetnames[:10])
        raise _refuse(source, f"has no sheet called {sheet.SHEET!r} (it has {names}); the "
                      "baseline is read from the Functions sheet of the template")
    ws = wb[sheet.SHEET]
    name = sheet.SHEET
    if ws.max_row is not None and ws.max_row > MAX_ROWS:
        raise _refuse(source, f"the sheet has {ws.max_row:,} rows; at most {MAX_ROWS:,} are "
                      "read (one row per function)", name)
    if ws.max_column is not None and ws.max_column > MAX_COLUMNS:
        raise _refuse(source, f"the sheet has {ws.max_column:,} columns; at most "
                      f"{MAX_COLUMNS:,} are read", name)
    scan = _scan(source, wb, ws)
    problems = [CellProblem(ref_name(name, ref), f"cells {ref} are merged; unmerge them so "
                            "each cell holds its own value") for ref in scan.merged]
    problems += [CellProblem(f"{name}!{ref}", "holds a formula with no saved result (the "
                             "workbook was not saved by a spreadsheet program that calculates "
                             "it); open it in Excel or LibreOffice and save it, or type the "
                             "value") for ref in scan.unsaved]
    if problems:
        raise ImportFileError(source, _notes(problems))
    ws.reset_dimensions()  # a wrong declared size must not hide rows: read what is there
    rows: list[tuple[int, tuple[Any, ...]]] = []
    header: tuple[Any, ...] = ()
    for number, cells in enumerate(ws.iter_rows(), start=1):
        if number > MAX_ROWS:
            raise _refuse(source, f"the sheet has more than {MAX_ROWS:,} rows; at most "
                          f"{MAX_ROWS:,} are read", name)
        values = []
        for col, cell in enumerate(cells, start=1):
            if col > MAX_COLUMNS:
                raise _refuse(source, f"the sheet has more than {MAX_COLUMNS:,} columns",
                              name)
            values.append(_value(cell, error_codes, name, number, col, problems))
        if number == 1:
            header = tuple(values)
        else:
            rows.append((number, tuple(values)))
    if problems:
        raise ImportFileError(source, _notes(problems))
    if not header:
        raise _refuse(source, "the sheet is empty: it needs the template's heading row", name)
    return Grid(name, header, rows)


def ref_name(sheet_name: str, ref: str) -> str:
    return f"{sheet_name}!{ref}"


def _value(cell: Any, error_codes: tuple[str, ...], name: str, row: int, col: int,
           problems: list[CellProblem]) -> Any:
    """A cell's value as the sheet reader hands it on (numbers shown as % wrapped)."""
    value = getattr(cell, "value", None)
    if value is None:
        return None
    if getattr(cell, "data_type", None) == "e" or (isinstance(value, str)
                                                    and value in error_codes):
        problems.append(CellProblem(cell_name(name, row, col),
                                    f"holds the spreadsheet error {value}; correct it or type "
                                    "the value"))
        return None
    if isinstance(value, int | float) and not isinstance(value, bool) \
            and "%" in (getattr(cell, "number_format", "") or ""):
        return Percentage(float(value))
    return value


_WORTH_A_LOOK = re.compile(rb"<(?:[\w.-]+:)?(?:f|mergeCell)[\s/>]|<!")
"""A formula, a merged range, or a declaration (DTD, comment, CDATA) in a sheet's XML."""


def _worth_scanning(archive: zipfile.ZipFile, part: str) -> bool:
    """Whether the sheet's XML has anything :func:`_scan` looks for: a search in C over the
    unpacked bytes, so a plain sheet of values is not walked element by element."""
    tail = b""
    try:
        with archive.open(part) as fh:
            while chunk := fh.read(1024 * 1024):
                if _WORTH_A_LOOK.search(tail + chunk):
                    return True
                tail = chunk[-64:]
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return True  # let the scan say what is wrong
    return False


class _Scan:
    """What a sheet's XML says that its values do not."""

    def __init__(self) -> None:
        self.merged: list[str] = []
        self.unsaved: list[str] = []
        self.rows = 0


class _Stop(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _scan(source: Path, wb: Any, ws: Any) -> _Scan:
    """Merged cells and formulas without a saved result, from the sheet's XML, read once in
    chunks with expat: no DTD (refused), no entities, bounded by :data:`MAX_ROWS`."""
    # the sheet's part in the archive (openpyxl keeps no public name for either)
    part, archive = ws._worksheet_path, wb._archive
    found = _Scan()
    if not _worth_scanning(archive, part):
        return found
    state: dict[str, Any] = {"cell": None, "formula": False, "value": False, "in_v": False,
                             "row": 0, "col": 0}
    parser = expat.ParserCreate(namespace_separator=" ")

    def refuse_dtd(*_args: Any) -> None:
        raise _Stop("the sheet's XML declares a DTD or entities, which no workbook needs")

    def start(tag: str, attrs: dict[str, str]) -> None:
        local = tag.rpartition(" ")[2]
        if local == "row":
            found.rows += 1
            if found.rows > MAX_ROWS:
                raise _Stop(f"the sheet has more than {MAX_ROWS:,} rows; at most "
                            f"{MAX_ROWS:,} are read")
            state["row"] = int(attrs["r"]) if attrs.get("r", "").isdigit() else state["row"] + 1
            state["col"] = 0
        elif local == "c":
            state["col"] += 1
            ref = attrs.get("r") or f"{sheet.column_letter(state['col'])}{state['row']}"
            state.update(cell=ref, formula=False, value=False)
        elif local == "f":
            state["formula"] = True
        elif local == "v":
            state["in_v"] = True
        elif local == "is":
            state["value"] = True
        elif local == "mergeCell" and attrs.get("ref"):
            found.merged.append(attrs["ref"])

    def end(tag: str) -> None:
        local = tag.rpartition(" ")[2]
        if local == "v":
            state["in_v"] = False
        elif local == "c":
            if state["formula"] and not state["value"] and len(found.unsaved) < 50:
                found.unsaved.append(state["cell"])
            state["cell"] = None

    def text(data: str) -> None:
        if state["in_v"] and data.strip():
            state["value"] = True

    parser.StartDoctypeDeclHandler = refuse_dtd
    parser.EntityDeclHandler = refuse_dtd
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        with archive.open(part) as fh:
            while chunk := fh.read(1024 * 1024):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _Stop as exc:
        raise _refuse(source, exc.message, sheet.SHEET) from None
    except (expat.ExpatError, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise _refuse(source, f"the sheet's XML cannot be read: {_reason(exc)}",
                      sheet.SHEET) from None
    return found


# ------------------------------------------------------------------ csv


def read_csv(source: Path) -> Grid:
    """A CSV file's cells (text), read as the Functions sheet. Raises
    :class:`ImportFileError`, located by cell (``book.csv!D7``)."""
    raw = _read(source, "a CSV file")
    if raw.startswith(b"PK\x03\x04") or raw.startswith(OLE_MAGIC):
        raise _refuse(source, "is a workbook, not a CSV file; import it with --xlsx")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise _refuse(source, f"line {line} is not UTF-8 text; save the file as \"CSV UTF-8\" "
                      "(Excel: Save As → CSV UTF-8)") from None
    if "\x00" in text:
        raise _refuse(source, "holds NUL characters: it is not a text file")
    if text.count("\n") > MAX_ROWS:
        raise _refuse(source, f"has {text.count(chr(10)):,} lines; at most {MAX_ROWS:,} rows "
                      "are read (one row per function)")
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    name = source.name
    reader = csv.reader(_io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, tuple[Any, ...]]] = []
    header: tuple[Any, ...] = ()
    try:
        for number, record in enumerate(reader, start=1):
            if len(record) > MAX_COLUMNS:
                raise _refuse(source, f"row {number} has {len(record):,} columns; at most "
                              f"{MAX_COLUMNS:,} are read")
            values = tuple(v if v.strip() else None for v in record)
            if number == 1:
                header = values
            else:
                rows.append((number, values))
    except csv.Error as exc:
        raise _refuse(source, f"line {reader.line_num}: not readable as CSV: {exc}") from None
    if not header:
        raise _refuse(source, "is empty: it needs the template's heading row")
    return Grid(name, header, rows)


# ------------------------------------------------------------------ helpers for callers


def reader_for(path: str | os.PathLike[str]) -> str:
    """The import format key for a file by its name: ``csv`` for .csv, else ``xlsx``."""
    return "csv" if Path(path).suffix.lower() == ".csv" else "xlsx"
