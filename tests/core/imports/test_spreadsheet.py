"""Importing a baseline sheet: the round trip changes exactly the edited cells, and every
bad workbook or CSV file is refused with a located message."""

from __future__ import annotations

import datetime
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from designer.core import baseline_sheet as sheet
from designer.core import io
from designer.core.exports.template import export_template
from designer.core.exports.xlsx import export_xlsx
from designer.core.imports import formats, spreadsheet
from designer.core.imports.formats import ImportFileError
from designer.core.imports.spreadsheet import import_csv, import_xlsx

SAMPLE = Path(__file__).resolve().parents[3] / "models" / "avon-somerset-wiltshire.json"


@pytest.fixture(scope="module")
def bp():
    return io.load(SAMPLE)


@pytest.fixture
def template(tmp_path, bp):
    out = tmp_path / "book.xlsx"
    export_template(bp, out)
    return out


def edited(path: Path, cells: dict[str, object], out: Path | None = None,
           fmt: dict[str, str] | None = None) -> Path:
    """The workbook with some Functions cells changed, as a spreadsheet program saves it."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Functions"]
    for ref, value in cells.items():
        ws[ref] = value
    for ref, number_format in (fmt or {}).items():
        ws[ref].number_format = number_format
    out = out or path.with_name("edited.xlsx")
    wb.save(out)
    return out


def problems(path: Path, bp, read=import_xlsx) -> list[str]:
    with pytest.raises(ImportFileError) as caught:
        read(path, base=bp)
    assert caught.value.file == str(path)
    return [str(p) for p in caught.value.problems]


def column_of(bp, key: str) -> str:
    keys = [c.key for c in sheet.columns(bp)]
    return sheet.column_letter(keys.index(key) + 1)


def row_for(bp, function_id: str) -> int:
    return 2 + [f.id for f in bp.functions].index(function_id)


def test_the_registry_reads_both(bp, template):
    assert {"xlsx", "csv"} <= {f.key for f in formats.FORMATS}
    assert formats.by_key("xlsx").read(template, bp).blueprint is bp


def test_an_untouched_template_imports_as_no_change(bp, template):
    assert import_xlsx(template, base=bp).blueprint is bp


def test_round_trip_changes_exactly_the_edited_cells(bp, template):
    f1, f2, f3 = bp.functions[3], bp.functions[10], bp.functions[20]
    force_a, force_b = bp.forces[0].id, bp.forces[1].id
    cells = {
        f"{column_of(bp, f'cost:{force_a}')}{row_for(bp, f1.id)}": 1234.5,
        f"{column_of(bp, f'fte:{force_b}')}{row_for(bp, f1.id)}": "12.25",
        f"{column_of(bp, 'savings')}{row_for(bp, f2.id)}": 0.175,
        f"{column_of(bp, 'go_live')}{row_for(bp, f2.id)}": "2019/20",
        f"{column_of(bp, 'name')}{row_for(bp, f3.id)}": "Renamed in the sheet",
        f"{column_of(bp, f'cost:{force_b}')}{row_for(bp, f3.id)}": "£2,000,000.10",
    }
    new = import_xlsx(edited(template, cells), base=bp).blueprint
    expected = {
        f1.id: {f"cost:{force_a}": 1234_50, f"fte:{force_b}": 12.25},
        f2.id: {"savings": 17.5, "go_live": "2019/20"},
        f3.id: {"name": "Renamed in the sheet", f"cost:{force_b}": 2_000_000_10},
    }
    for old, now in zip(bp.functions, new.functions, strict=True):
        before, after = sheet.row_of(bp, old), sheet.row_of(new, now)
        changed = {k: v for k, v in after.items() if before[k] != v}
        assert changed == expected.get(old.id, {}), old.id
    untouched = [f for f in new.functions if f.id not in expected]
    assert all(a is b for a, b in zip(untouched, [f for f in bp.functions
                                                  if f.id not in expected], strict=True))
    assert (new.forces, new.areas, new.teams, new.links, new.alliance) == \
        (bp.forces, bp.areas, bp.teams, bp.links, bp.alliance)
    assert import_xlsx(template, base=new).blueprint != new  # the old template undoes it


def test_a_changed_delivery_in_the_workbook(bp, template):
    local = next(f for f in bp.functions if f.delivery == "local" and not f.required)
    row = row_for(bp, local.id)
    a, b = (f.id for f in bp.forces)
    new = import_xlsx(edited(template, {f"{column_of(bp, f'delivery:{a}')}{row}": "Shared",
                                        f"{column_of(bp, f'delivery:{b}')}{row}":
                                            "Shared · host"}), base=bp).blueprint
    fn = next(f for f in new.functions if f.id == local.id)
    assert (fn.delivery, fn.host_force, fn.partners) == ("shared", b, ())


def test_percent_cells_and_typed_percentages(bp, template):
    f = bp.functions[5]
    ref = f"{column_of(bp, 'savings')}{row_for(bp, f.id)}"
    new = import_xlsx(edited(template, {ref: 15}, fmt={ref: "General"}), base=bp).blueprint
    assert new.functions[5].savings_percent == 15
    new = import_xlsx(edited(template, {ref: "15%"}), base=bp).blueprint
    assert new.functions[5].savings_percent == 15
    new = import_xlsx(edited(template, {ref: 0.15}), base=bp).blueprint  # still a % cell
    assert new.functions[5].savings_percent == 15


def test_text_in_a_money_cell_is_named(bp, template):
    ref = f"{column_of(bp, 'cost:' + bp.forces[0].id)}7"
    found = problems(edited(template, {ref: "twelve"}), bp)
    assert found == [f"Functions!{ref}: 'twelve' is not an amount of money, e.g. "
                     f"£1,250,000.50 (column '{bp.forces[0].name} baseline cost (£)')"]


def test_a_date_an_error_and_a_boolean_are_named(bp, template):
    year = f"{column_of(bp, 'go_live')}3"
    money = f"{column_of(bp, 'cost:' + bp.forces[1].id)}4"
    fte = f"{column_of(bp, 'fte:' + bp.forces[1].id)}5"
    found = problems(edited(template, {year: datetime.datetime(2018, 4, 1), money: "#DIV/0!",
                                       fte: True}), bp)
    assert found == [
        f"Functions!{money}: holds the spreadsheet error #DIV/0!; correct it or type the value",
    ]
    found = problems(edited(template, {year: datetime.datetime(2018, 4, 1), fte: True}), bp)
    assert found[0].startswith(f"Functions!{year}: holds the date 2018-04-01")
    assert found[1].startswith(f"Functions!{fte}: TRUE is not a number of FTE")


def test_merged_cells_are_refused(bp, template, tmp_path):
    wb = openpyxl.load_workbook(template)
    wb["Functions"].merge_cells("B4:C4")
    wb.save(tmp_path / "merged.xlsx")
    assert problems(tmp_path / "merged.xlsx", bp) == [
        "Functions!B4:C4: cells B4:C4 are merged; unmerge them so each cell holds its own "
        "value"]


def with_sheet_xml(path: Path, out: Path, change) -> Path:
    """A copy of the workbook with the Functions sheet's XML changed by ``change``."""
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet2.xml":
                data = change(data.decode("utf-8")).encode("utf-8")
            dst.writestr(item, data)
    return out


def test_formulas_give_their_saved_result_and_without_one_are_refused(bp, template, tmp_path):
    money = f"{column_of(bp, 'cost:' + bp.forces[0].id)}6"
    unsaved = edited(template, {money: "=1000+234.5"})  # openpyxl saves no result
    assert problems(unsaved, bp) == [
        f"Functions!{money}: holds a formula with no saved result (the workbook was not saved "
        "by a spreadsheet program that calculates it); open it in Excel or LibreOffice and "
        "save it, or type the value"]
    # openpyxl writes the empty result as <v></v>, <v/> or <v /> depending on whether
    # lxml is installed; a spreadsheet program writes the calculated value there.
    saved = with_sheet_xml(unsaved, tmp_path / "saved.xlsx", lambda xml: re.sub(
        r"<f>1000\+234\.5</f><v\s*(?:/>|></v>)", "<f>1000+234.5</f><v>1234.5</v>", xml))
    assert "1234.5</v>" in zipfile.ZipFile(saved).read("xl/worksheets/sheet2.xml").decode()
    new = import_xlsx(saved, base=bp).blueprint
    assert new.functions[4].baseline[bp.forces[0].id].cost_pence == 1234_50


def test_extra_and_missing_columns(bp, template):
    extra = f"{sheet.column_letter(len(sheet.columns(bp)) + 1)}1"
    assert problems(edited(template, {extra: "Notes"}), bp)[0].startswith(
        f"Functions!{extra}: 'Notes' is not a column of the baseline sheet")
    found = problems(edited(template, {f"{column_of(bp, 'savings')}1": None}), bp)
    assert found == ["Functions!1:1: the heading row has no column 'Savings %'; the sheet "
                     "needs every column of the template"]


def test_duplicate_rows(bp, template):
    last = len(bp.functions) + 2
    found = problems(edited(template, {f"A{last}": bp.functions[0].id.upper()}), bp)
    assert found == [f"Functions!A{last}: this row is for {bp.functions[0].name} "
                     f"({bp.functions[0].id}), as is row 2; keep one row per function"]


def test_a_million_rows_are_refused_from_the_declared_size(bp, tmp_path):
    out = tmp_path / "huge.xlsx"
    rows = "".join(map('<row r="{0}"><c r="A{0}"><v>{0}</v></c></row>'.format,
                       range(1, 1_000_001)))
    _workbook(out, f'<dimension ref="A1:A1000000"/><sheetData>{rows}</sheetData>')
    assert out.stat().st_size < spreadsheet.MAX_BYTES
    assert problems(out, bp) == ["Functions: the sheet has 1,000,000 rows; at most 50,000 are "
                                 "read (one row per function)"]


def test_rows_past_the_limit_are_refused_when_the_size_is_not_declared(bp, tmp_path,
                                                                       monkeypatch):
    monkeypatch.setattr(spreadsheet, "MAX_ROWS", 100)
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 102))
    out = _workbook(tmp_path / "undeclared.xlsx", f"<sheetData>{rows}</sheetData>")
    assert problems(out, bp) == ["Functions: the sheet has more than 100 rows; at most 100 "
                                 "are read"]
    lying = _workbook(tmp_path / "lying.xlsx",
                      f'<dimension ref="A1:A2"/><sheetData>{rows}</sheetData>')
    assert problems(lying, bp) == ["Functions: the sheet has more than 100 rows; at most 100 "
                                   "are read"]


def _workbook(out: Path, sheet_xml: str, extra: dict[str, bytes] | None = None) -> Path:
    """A minimal workbook with one sheet called Functions holding ``sheet_xml``."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            f'relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets><sheet name="Functions" '
            'sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            f'relationships"><Relationship Id="rId1" Type="{rel}/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>'),
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{main}">{sheet_xml}</worksheet>',
    }
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for name, text in parts.items():
            z.writestr(name, text)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return out


def test_a_file_that_is_not_a_workbook(bp, tmp_path):
    renamed = tmp_path / "notes.xlsx"
    renamed.write_text("Function id,Function\ndogs,Dogs\n")
    assert problems(renamed, bp) == [
        "is not an Excel workbook (.xlsx): it is not a zip archive but a CSV or text file "
        "(import it with --csv)"]
    (tmp_path / "photo.xlsx").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    assert "it is not a zip archive but something else" in \
        problems(tmp_path / "photo.xlsx", bp)[0]
    (tmp_path / "old.xlsx").write_bytes(spreadsheet.OLE_MAGIC + b"\x00" * 600)
    assert "older Excel workbook (.xls)" in problems(tmp_path / "old.xlsx", bp)[0]
    with zipfile.ZipFile(tmp_path / "plain.xlsx", "w") as z:
        z.writestr("readme.txt", "hello")
    assert problems(tmp_path / "plain.xlsx", bp) == [
        "cannot be read as a workbook: it is a zip archive but not an Excel workbook (it has "
        "no xl/workbook.xml)"]
    assert problems(tmp_path / "missing.xlsx", bp) == ["no such file"]
    assert problems(tmp_path, bp) == ["is a folder, not a file"]


def test_a_zip_bomb_is_refused_before_it_is_opened(bp, template, tmp_path, monkeypatch):
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(bomb, "w",
                                                            zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr("xl/media/padding.bin", b"\0" * (8 * 1024 * 1024))
    opened = []
    monkeypatch.setattr("openpyxl.load_workbook", lambda *a, **k: opened.append(a))
    found = problems(bomb, bp)
    assert found == ["cannot be read as a workbook: its part xl/media/padding.bin would unpack "
                     f"to {8 * 1024 * 1024:,} bytes from "
                     f"{zipfile.ZipFile(bomb).getinfo('xl/media/padding.bin').compress_size:,};"
                     " a zip bomb is refused"]
    monkeypatch.setattr(spreadsheet, "MAX_UNPACKED", 1000)
    assert "would unpack to" in problems(template, bp)[0]
    assert opened == []


def test_the_business_case_workbook_or_a_missing_sheet(bp, tmp_path):
    case = tmp_path / "case.xlsx"
    export_xlsx(bp, case)
    assert problems(case, bp) == [
        "is the business-case workbook, not the baseline template; make the template with "
        "'designer export FILE --template book.xlsx'"]
    wb = openpyxl.Workbook()
    wb.active.title = "Costs"
    wb.save(tmp_path / "other.xlsx")
    assert problems(tmp_path / "other.xlsx", bp)[0].startswith("has no sheet called "
                                                               "'Functions' (it has 'Costs')")


def test_a_dtd_in_the_sheet_is_refused(bp, template, tmp_path):
    sneaky = with_sheet_xml(template, tmp_path / "dtd.xlsx", lambda xml: re.sub(
        r"^", '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">]>', xml))
    assert problems(sneaky, bp) == ["Functions: the sheet's XML declares a DTD or entities, "
                                    "which no workbook needs"]


def test_importing_needs_a_blueprint(template):
    with pytest.raises(ImportFileError, match="imported into an existing blueprint"):
        import_xlsx(template, base=None)


# ------------------------------------------------------------------ csv


def csv_of(bp, edit: dict[tuple[str, str], str] | None = None, delimiter: str = ",") -> str:
    """The template as a spreadsheet program saves it as CSV: each cell's shown text."""
    import csv
    import io as _io

    cols = sheet.columns(bp)
    buffer = _io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow([c.heading for c in cols])
    for fn in bp.functions:
        values = sheet.row_of(bp, fn)
        row = []
        for c in cols:
            v = values[c.key]
            if v is None:
                row.append("")
            elif c.kind == "money":
                row.append(f"£{v / 100:,.2f}")
            elif c.kind == "percent":
                row.append(f"{v:.2f}%")
            elif c.kind == "basis":
                row.append(sheet.basis_label(v))
            else:
                row.append(str(v))
        for (fid, key), value in (edit or {}).items():
            if fid == fn.id:
                row[[c.key for c in cols].index(key)] = value
        writer.writerow(row)
    return buffer.getvalue()


def test_csv_round_trip(bp, tmp_path):
    path = tmp_path / "book.csv"
    path.write_text(csv_of(bp), encoding="utf-8-sig")
    assert import_csv(path, base=bp).blueprint is bp
    f = bp.functions[2]
    path.write_text(csv_of(bp, {(f.id, "cost:" + bp.forces[0].id): "£1,000",
                                (f.id, "savings"): "12%"}, delimiter=";"), encoding="utf-8")
    new = import_csv(path, base=bp).blueprint
    assert new.functions[2].baseline[bp.forces[0].id].cost_pence == 1000_00
    assert new.functions[2].savings_percent == 12
    assert [a == b for a, b in zip(bp.functions, new.functions, strict=True)].count(False) == 1


def test_csv_problems_name_the_file_and_cell(bp, tmp_path):
    path = tmp_path / "book.csv"
    f = bp.functions[1]
    path.write_text(csv_of(bp, {(f.id, "fte:" + bp.forces[1].id): "many"}))
    ref = f"{column_of(bp, 'fte:' + bp.forces[1].id)}3"
    assert problems(path, bp, import_csv)[0].startswith(
        f"'book.csv'!{ref}: 'many' is not a number of FTE")
    path.write_bytes(csv_of(bp).encode("cp1252"))  # '£' on line 2: the heading has a break
    assert problems(path, bp, import_csv) == [
        'line 2 is not UTF-8 text; save the file as "CSV UTF-8" (Excel: Save As → CSV UTF-8)']
    path.write_bytes(b"PK\x03\x04rest")
    assert problems(path, bp, import_csv) == ["is a workbook, not a CSV file; import it with "
                                              "--xlsx"]
    path.write_text("")
    assert problems(path, bp, import_csv) == ["is empty: it needs the template's heading row"]


def test_csv_rows_past_the_limit(bp, tmp_path, monkeypatch):
    monkeypatch.setattr(spreadsheet, "MAX_ROWS", 10)
    path = tmp_path / "long.csv"
    path.write_text("a\n" * 20)
    assert problems(path, bp, import_csv) == ["has 20 lines; at most 10 rows are read (one "
                                              "row per function)"]
