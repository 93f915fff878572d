"""`designer import FILE --xlsx/--csv`: a dry run lists the changes, a bad sheet writes nothing."""

from __future__ import annotations

import openpyxl

from designer.cli import main
from designer.core import baseline_sheet as sheet
from designer.core import io
from tests.build import blueprint, force, function


def setup(tmp_path):
    bp = blueprint(force("asp", name="Avon and Somerset"), force("wilts", name="Wiltshire"),
                   functions=[function("dogs", "operational-support/dogs", name="Dogs"),
                              function("custody", "criminal-justice/custody", name="Custody")])
    src = tmp_path / "alliance.json"
    io.save(bp, src)
    book = tmp_path / "book.xlsx"
    assert main(["export", str(src), "--template", str(book)]) == 0
    return bp, src, book


def edit(book, **cells):
    wb = openpyxl.load_workbook(book)
    for ref, value in cells.items():
        wb["Functions"][ref] = value
    wb.save(book)


def test_dry_run_lists_the_changes_and_writes_nothing(tmp_path, capsys):
    _, src, book = setup(tmp_path)
    before = src.read_bytes()
    capsys.readouterr()
    edit(book, D2=1500, F3="Shared · host", I3="Shared")
    assert main(["import", str(src), "--xlsx", str(book), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Dogs: baseline Avon and Somerset none → cost £1,500" in out
    assert "Custody: delivery local → shared; host force none → Avon and Somerset" in out
    assert "2 element(s) would change" in out and "dry run" in out
    assert src.read_bytes() == before


def test_import_writes_the_blueprint_or_a_new_file(tmp_path, capsys):
    _, src, book = setup(tmp_path)
    edit(book, J2=0.25)
    out = tmp_path / "out.json"
    assert main(["import", str(src), "--xlsx", str(book), "-o", str(out)]) == 0
    assert io.load(out).functions[0].savings_percent == 25
    assert io.load(src).functions[0].savings_percent is None
    assert main(["import", str(src), "--xlsx", str(book)]) == 0
    assert io.load(src).functions[0].savings_percent == 25
    assert "1 element(s) changed" in capsys.readouterr().out


def test_a_bad_sheet_is_located_and_nothing_is_written(tmp_path, capsys):
    _, src, book = setup(tmp_path)
    before = src.read_bytes()
    edit(book, D3="twelve")
    assert main(["import", str(src), "--xlsx", str(book)]) == 2
    err = capsys.readouterr().err
    assert "Functions!D3: 'twelve' is not an amount of money" in err
    assert "nothing was written" in err
    assert src.read_bytes() == before


def test_csv_of_the_same_columns(tmp_path, capsys):
    bp, src, _ = setup(tmp_path)
    cols = sheet.columns(bp)
    lines = [",".join(f'"{c.heading}"' for c in cols)]
    for fn in bp.functions:
        values = sheet.row_of(bp, fn)
        values["go_live"] = "2018/19" if fn.id == "custody" else None
        lines.append(",".join("" if values[c.key] is None else str(values[c.key])
                              for c in cols))
    book = tmp_path / "book.csv"
    book.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["import", str(src), "--csv", str(book)]) == 0
    assert io.load(src).functions[1].go_live == "2018/19"
    assert "Custody: go-live none → 2018/19" in capsys.readouterr().out


def test_one_source_is_needed(tmp_path, capsys):
    _, src, _ = setup(tmp_path)
    assert main(["import", str(src)]) == 2
    assert "give one source to import" in capsys.readouterr().err
